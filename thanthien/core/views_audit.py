"""The audit trail page and its export: part of the site shell, which may read every layer below it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode

from thanthien.audit.log import ACTION_LABELS, record, register_actions
from thanthien.audit.models import AuditEntry
from thanthien.audit.present import actor_label, changes_of, moment_text
from thanthien.documents.xlsx import csv_response, xlsx_response
from thanthien.org.access import protected, staff_user
from thanthien.org.models import Role, Unit
from thanthien.org.periods import read_days
from thanthien.org.scoping import primary_unit, scoped, visible_units

register_actions({"audit.exported": "Xuất nhật ký thao tác"})

TRAIL_ROLES = (Role.COMMUNE_ADMIN, Role.SUPERVISOR, Role.LEADER)
# An export is a file a person opens in Excel: bounded so that one click never builds a file nobody can open.
EXPORT_LIMIT = 50_000
HEADER = ["Thời điểm", "Người thực hiện", "Đơn vị", "Thao tác", "Đối tượng", "Thay đổi", "Ghi chú"]


def unit_label(unit: Unit) -> str:
    """Two units may share a name (two "Xã Hoằng Hợp" in two provinces, or before and after a merger):
    the parent and the code tell them apart."""
    parent = f", {unit.parent.name}" if unit.parent_id and unit.parent else ""
    return f"{unit.name}{parent} – {unit.code}"


def _filters(request: HttpRequest) -> tuple[dict[str, str], list[str]]:
    keys = ("unit", "action", "who", "from", "to")
    values = {k: request.GET.get(k, "").strip()[:100] for k in keys}
    return values, read_days(values).errors


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _entries(request: HttpRequest, values: dict[str, str], errors: list[str]) -> QuerySet[AuditEntry]:
    entries = scoped(AuditEntry.objects.all(), request.user).select_related("unit", "actor")
    if values["unit"]:
        entries = entries.filter(unit__code=values["unit"])
    if values["action"]:
        entries = entries.filter(action=values["action"])
    if who := values["who"]:
        entries = entries.filter(
            Q(actor_name__icontains=who)
            | Q(actor__first_name__icontains=who)
            | Q(actor__last_name__icontains=who)
            | Q(actor__username__icontains=who)
        )
    if not errors:
        # Days are Vietnam days: "from 08/10" starts at 00:00 on 08/10 in Vietnam, not in UTC.
        days = read_days(values)
        if days.start:
            entries = entries.filter(at__gte=_day_start(days.start))
        if days.end:
            entries = entries.filter(at__lt=_day_start(days.end + dt.timedelta(days=1)))
    return entries.order_by("-at", "-pk")


def _decorate(entry: AuditEntry) -> AuditEntry:
    entry.label = ACTION_LABELS.get(entry.action, entry.action)  # type: ignore[attr-defined]
    entry.who = actor_label(entry)  # type: ignore[attr-defined]
    entry.when = moment_text(entry.at)  # type: ignore[attr-defined]
    entry.readable = changes_of(entry)  # type: ignore[attr-defined]
    return entry


@protected(*TRAIL_ROLES)
def trail(request: HttpRequest) -> HttpResponse:
    values, errors = _filters(request)
    entries = _entries(request, values, errors)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    for entry in page.object_list:
        _decorate(entry)
    units = visible_units(request.user).select_related("parent").order_by("path")[:500]
    query = urlencode({k: v for k, v in values.items() if v and not (errors and k in ("from", "to"))})
    context = {
        "page_obj": page,
        "units": [(u.code, unit_label(u)) for u in units],
        "actions": sorted(ACTION_LABELS.items(), key=lambda kv: kv[1]),
        "filters": values,
        "errors": errors,
        "query": query,
    }
    return render(request, "audit/trail.html", context)


def _rows(entries: QuerySet[AuditEntry]) -> Iterator[list[Any]]:
    for entry in entries[:EXPORT_LIMIT].iterator(chunk_size=1000):
        _decorate(entry)
        changes = "\n".join(f"{c.label}: {c.before} → {c.after}" for c in entry.readable)  # type: ignore[attr-defined]
        unit = unit_label(entry.unit) if entry.unit else "–"
        yield [entry.when, entry.who, unit, entry.label, entry.object_repr, changes, entry.note]  # type: ignore[attr-defined]


@protected(*TRAIL_ROLES)
def export(request: HttpRequest) -> HttpResponse:
    """The filtered trail as XLSX (default) or CSV. The export is itself recorded in the trail, with its filters."""
    values, errors = _filters(request)
    fmt = "csv" if request.GET.get("dinh_dang") == "csv" else "xlsx"
    entries = _entries(request, values, errors).select_related("unit__parent")
    used = {k: v for k, v in values.items() if v and not (errors and k in ("from", "to"))}
    user = staff_user(request)
    with transaction.atomic():
        # Recorded in the exporter's own unit, where their colleagues and supervisors read it.
        record(
            user,
            "audit.exported",
            unit=primary_unit(user),
            note=f"Tệp {fmt.upper()}; bộ lọc: " + (", ".join(f"{k}={v}" for k, v in used.items()) or "không"),
        )
    stamp = f"{timezone.localdate():%Y%m%d}"
    if fmt == "csv":
        return csv_response(f"nhat-ky-thao-tac-{stamp}.csv", HEADER, _rows(entries))
    return xlsx_response(f"nhat-ky-thao-tac-{stamp}.xlsx", [("Nhật ký thao tác", HEADER, _rows(entries))])
