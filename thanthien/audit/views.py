from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from thanthien.org.access import protected
from thanthien.org.models import Role
from thanthien.org.scoping import scoped, visible_units

from .log import ACTION_LABELS
from .models import AuditEntry


@protected(Role.COMMUNE_ADMIN, Role.SUPERVISOR, Role.LEADER)
def trail(request: HttpRequest) -> HttpResponse:
    entries = scoped(AuditEntry.objects.all(), request.user).select_related("unit")
    unit_code = request.GET.get("unit", "").strip()
    action = request.GET.get("action", "").strip()
    who = request.GET.get("who", "").strip()
    if unit_code:
        entries = entries.filter(unit__code=unit_code)
    if action:
        entries = entries.filter(action=action)
    if who:
        entries = entries.filter(actor_name__icontains=who)
    page = Paginator(entries.order_by("-at", "-pk"), 50).get_page(request.GET.get("page"))
    for entry in page.object_list:
        entry.label = ACTION_LABELS.get(entry.action, entry.action)  # type: ignore[attr-defined]
    context = {
        "page_obj": page,
        "units": visible_units(request.user).order_by("path")[:500],
        "actions": sorted(ACTION_LABELS.items(), key=lambda kv: kv[1]),
        "filters": {"unit": unit_code, "action": action, "who": who},
    }
    return render(request, "audit/trail.html", context)
