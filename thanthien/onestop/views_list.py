"""The dossier list (queue) of the one-stop desk and its exports."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone

from thanthien.lib import vn
from thanthien.org.access import protected, staff_user
from thanthien.org.models import COMMUNE_KINDS, Role
from thanthien.org.privacy import hide_personal
from thanthien.org.scoping import acting_units, primary_unit, visible_unit_ids, visible_units
from thanthien.workdays.queries import calendar_for

from . import actions
from .actions import DESK_ROLES
from .exporting import FORMATS, export_dossiers
from .listing import DATES, GROUPS, SORTS, filter_dossiers, ordering, sort_keys
from .models import Channel, Procedure, Status
from .queries import QUEUES, TIMELINESS_LABELS, dossiers_for, queue_bounds, queue_counts, timeliness
from .search import searches_personal
from .views import READERS

PAGE_SIZE = 30
EXPORT_ROLES = (*DESK_ROLES, Role.LEADER, Role.SUPERVISOR)


def _sees_many_units(user: Any) -> bool:
    ids = visible_unit_ids(user)
    return ids is None or len(ids) > 1


def _unit_choices(user: Any) -> list[tuple[str, str]]:
    """(code, label) of the communes the user reads; a merged commune says so (its dossiers are also listed
    under the commune it merged into)."""
    today = timezone.localdate()
    units = sorted(visible_units(user).filter(kind__in=COMMUNE_KINDS), key=lambda u: vn.sort_key(u.name))
    return [(u.code, u.name if u.is_valid_on(today) else f"{u.name} (đã sáp nhập)") for u in units]


def _columns(user: Any, current: str, show_unit: bool) -> list[dict[str, Any]]:
    """Header cells: label, the link that sorts by it (toggling the direction) and its aria-sort."""
    sortable = set(sort_keys(user))
    cells = []
    for key, (label, _) in SORTS.items():
        if key == "unit" and not show_unit:
            continue
        cell: dict[str, Any] = {"key": key, "label": label, "sortable": key in sortable, "aria_sort": None}
        if current.removeprefix("-") == key:
            cell["aria_sort"] = "descending" if current.startswith("-") else "ascending"
            cell["next"] = key if current.startswith("-") else f"-{key}"
        else:
            # Moments read newest first on the first click; names and codes A→Z.
            cell["next"] = f"-{key}" if key in {"received", "due"} else key
        cells.append(cell)
    return cells


def _hidden_keys(show_unit: bool) -> list[str]:
    """Filters the form has no field for (they come from a statistics link) but must keep when re-filtering."""
    return ["figure", "scope", "on", "at", "officer", "field", *([] if show_unit else ["unit"])]


@protected(*READERS)
def queue(request: HttpRequest) -> HttpResponse:
    user = request.user
    qs = dossiers_for(user)
    unit = primary_unit(user)
    bounds = queue_bounds(calendar_for(unit), actions.desk_setting(unit).at_risk_hours) if unit else None
    counts = queue_counts(qs, bounds) if bounds else {}
    result = filter_dossiers(user, request.GET, qs)
    sort, order = ordering(user, request.GET.get("sort", ""))
    listed = result.qs.select_related("procedure", "unit").order_by(*order)
    page = Paginator(listed, PAGE_SIZE).get_page(request.GET.get("page"))
    hide_personal(user, page.object_list)
    now = timezone.now()
    for d in page.object_list:
        d.timeliness_label = TIMELINESS_LABELS.get(timeliness(d) or "", "")
        d.is_overdue = d.is_open and d.due_at < now
    show_unit = _sees_many_units(user)
    context: dict[str, Any] = {
        "page_obj": page,
        "queues": [(name, label, counts.get(name)) for name, label in QUEUES.items()],
        "current_queue": request.GET.get("queue", ""),
        "description": result.description,
        "errors": result.errors,
        "statuses": Status.choices,
        "groups": [(k, label) for k, (label, _) in GROUPS.items()],
        "channels": Channel.choices,
        "dates": [(k, label) for k, (label, _) in DATES.items()],
        "timeliness_choices": list(TIMELINESS_LABELS.items()),
        "procedures": sorted(Procedure.objects.filter(active=True), key=lambda p: vn.sort_key(p.name)),
        "can_receive": bool(acting_units(user, DESK_ROLES)),
        "filters": request.GET,
        "show_unit": show_unit,
        "units": _unit_choices(user) if show_unit else [],
        "columns": _columns(user, sort, show_unit),
        "sort": sort,
        "search_label": "Mã hồ sơ, thủ tục, người nộp, CCCD hoặc số điện thoại"
        if searches_personal(user)
        else "Mã hồ sơ hoặc thủ tục",
        "keep": [(k, v) for k, v in request.GET.items() if k != "page"],
        "hidden": [(k, request.GET[k]) for k in _hidden_keys(show_unit) if k in request.GET],
    }
    return render(request, "onestop/queue.html", context)


@protected(*EXPORT_ROLES)
def export(request: HttpRequest) -> HttpResponseBase:
    """The list as filtered on the list page: format=xlsx|csv (Vietnamese headers and labels, for people) or
    layout=import (the import's columns, to re-import)."""
    fmt = request.GET.get("format", "xlsx")
    if fmt not in FORMATS:
        fmt = "xlsx"
    result = filter_dossiers(request.user, request.GET, dossiers_for(request.user))
    if result.errors:
        return render(request, "onestop/export_refused.html", {"errors": result.errors}, status=400)
    layout = "import" if request.GET.get("layout") == "import" else "human"
    return export_dossiers(staff_user(request), result.qs, fmt, result.description, layout=layout)


urlpatterns: list[URLPattern] = [
    path("", queue, name="queue"),
    path("xuat/", export, name="export"),
]
