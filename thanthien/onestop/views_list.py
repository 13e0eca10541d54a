"""The dossier list (queue) of the one-stop desk."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from thanthien.core.privacy import hide_personal
from thanthien.org.access import protected
from thanthien.org.scoping import acting_units, primary_unit
from thanthien.workdays.queries import calendar_for

from . import actions
from .actions import DESK_ROLES
from .models import Procedure, Status
from .queries import QUEUES, TIMELINESS_LABELS, dossiers_for, queue_bounds, queue_counts, timeliness
from .views import READERS


@protected(*READERS)
def queue(request: HttpRequest) -> HttpResponse:
    from .exporting import filter_dossiers

    qs = dossiers_for(request.user).select_related("procedure", "unit")
    unit = primary_unit(request.user)
    bounds = queue_bounds(calendar_for(unit), actions.desk_setting(unit).at_risk_hours) if unit else None
    counts = queue_counts(qs, bounds) if bounds else {}
    filtered, description = filter_dossiers(request, qs)
    page = Paginator(filtered.order_by("due_at", "pk"), 30).get_page(request.GET.get("page"))
    hide_personal(request.user, page.object_list)
    now = timezone.now()
    for d in page.object_list:
        d.timeliness_label = TIMELINESS_LABELS.get(timeliness(d) or "", "")  # type: ignore[attr-defined]
        d.is_overdue = d.is_open and d.due_at < now  # type: ignore[attr-defined]
    context: dict[str, Any] = {
        "page_obj": page,
        "queues": [(name, label, counts.get(name)) for name, label in QUEUES.items()],
        "current_queue": request.GET.get("queue", ""),
        "description": description,
        "statuses": Status.choices,
        "procedures": Procedure.objects.filter(active=True).order_by("field", "name"),
        "can_receive": bool(acting_units(request.user, DESK_ROLES)),
        "filters": request.GET,
    }
    return render(request, "onestop/queue.html", context)
