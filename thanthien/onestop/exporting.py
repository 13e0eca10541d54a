"""Dossier lists out: the list filters shared with the desk's list page, and CSV/XLSX exports that re-import.

An export carries the import's columns first (so importing it again changes nothing), then readable extras the
importer ignores. Exports hold citizens' personal data, so every one is written to the audit trail.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from thanthien.audit.log import record
from thanthien.core.privacy import hide_personal
from thanthien.core.vn import fmt_date, parse_day
from thanthien.documents.xlsx import csv_response, xlsx_response
from thanthien.org.models import Unit
from thanthien.org.scoping import primary_unit
from thanthien.workdays.queries import calendar_for

from .actions import desk_setting
from .importing import COLUMNS
from .models import ENDED_STATUSES, OPEN_STATUSES, Channel, Dossier, Procedure, Status
from .queries import QUEUES, TIMELINESS_LABELS, queue_bounds, queue_filter, timeliness

EXTRA_COLUMNS = ["Tên thủ tục", "Trạng thái", "Kênh tiếp nhận", "Kết quả giải quyết", "Đơn vị"]
FORMATS = ("csv", "xlsx")

# --- filters ---------------------------------------------------------------------------------------------------


def _start_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=timezone.get_default_timezone())


def filter_dossiers(request: HttpRequest, qs: QuerySet[Dossier]) -> tuple[QuerySet[Dossier], str]:
    """Apply the list's GET filters (q, status, channel, procedure, from, to, queue, unit) to an already
    scoped queryset; returns it with a Vietnamese description of what was applied ("" when nothing)."""
    params = request.GET
    parts: list[str] = []
    if q := " ".join(params.get("q", "").split()):
        qs = qs.filter(Q(code__icontains=q) | Q(applicant_name__icontains=q))
        parts.append(f"mã hồ sơ hoặc tên người nộp có “{q}”")
    if (status := params.get("status", "").strip()) and status.isdigit() and int(status) in Status.values:
        qs = qs.filter(status=int(status))
        parts.append(f"trạng thái: {Status(int(status)).label}")
    if (channel := params.get("channel", "").strip()) in Channel.values:
        qs = qs.filter(channel=channel)
        parts.append(f"kênh: {Channel(channel).label}")
    if code := params.get("procedure", "").strip():
        qs = qs.filter(procedure__code=code)
        procedure = Procedure.objects.filter(code=code).first()
        parts.append(f"thủ tục: {procedure.name if procedure else code}")
    qs = _filter_days(qs, params.get("from", ""), params.get("to", ""), parts)
    if (unit_code := params.get("unit", "").strip()) and (unit := Unit.objects.filter(code=unit_code).first()):
        qs = qs.filter(unit=unit)
        parts.append(f"đơn vị: {unit.name}")
    if (queue := params.get("queue", "")) in QUEUES:
        qs = qs.filter(queue_filter(queue, _bounds(request)))
        parts.append(f"hàng đợi: {QUEUES[queue]}")
    return qs, ("Đang lọc: " + "; ".join(parts) + ".") if parts else ""


def _filter_days(qs: QuerySet[Dossier], first: str, last: str, parts: list[str]) -> QuerySet[Dossier]:
    start, end = parse_day(first), parse_day(last)
    for raw, day in ((first, start), (last, end)):
        if raw.strip() and day is None:
            parts.append(f"bỏ qua ngày “{raw.strip()}” không đúng dạng dd/mm/yyyy")
    if start:
        qs = qs.filter(received_at__gte=_start_of(start))
    if end:
        qs = qs.filter(received_at__lt=_start_of(end + dt.timedelta(days=1)))
    if start or end:
        parts.append(
            "tiếp nhận" + (f" từ {fmt_date(start)}" if start else "") + (f" đến {fmt_date(end)}" if end else "")
        )
    return qs


def _bounds(request: HttpRequest) -> Any:
    unit = primary_unit(request.user)
    hours = desk_setting(unit).at_risk_hours if unit else 8
    return queue_bounds(calendar_for(unit), hours)


# --- export ----------------------------------------------------------------------------------------------------


def iso(moment: dt.datetime | None) -> str:
    """ISO 8601 in Vietnam time ("2024-10-08T14:30:00+07:00"); microseconds only when there are some."""
    return timezone.localtime(moment).isoformat() if moment else ""


def outcome(d: Dossier, now: dt.datetime) -> str:
    label = TIMELINESS_LABELS.get(timeliness(d) or "")
    if label:
        return label
    if d.status in OPEN_STATUSES:
        return "Đang quá hạn" if d.due_at < now else "Trong hạn"
    return ""


def export_row(d: Dossier, now: dt.datetime, as_text: bool) -> list[Any]:
    """The import's columns, then the extras. A refused, withdrawn or stopped dossier has no result:
    its end moment goes in resolved_at, which is where the importer reads it back from."""
    resolved = d.ended_at if d.status in ENDED_STATUSES else d.resolved_at

    def moment(value: dt.datetime | None) -> Any:
        return iso(value) if as_text else value

    return [
        d.code,
        d.procedure.code,
        d.channel,
        moment(d.received_at),
        moment(d.due_at),
        moment(resolved),
        moment(d.returned_at),
        d.status,
        d.applicant_name,
        d.applicant_id_number,
        d.applicant_phone,
        d.applicant_address,
        d.procedure.name,
        Status(d.status).label,
        Channel(d.channel).label,
        outcome(d, now),
        d.unit.name,
    ]


def export_dossiers(actor: User | None, queryset: QuerySet[Dossier], fmt: str, description: str = "") -> HttpResponse:
    """The dossiers of `queryset` (already scoped and filtered) as CSV or XLSX; one audit row per export."""
    if fmt not in FORMATS:
        raise ValueError(fmt)
    now = timezone.now()
    seen_units: dict[int, Unit] = {}
    per_unit: dict[int, int] = {}
    count = 0

    def rows() -> Iterator[list[Any]]:
        nonlocal count
        qs = queryset.select_related("procedure", "unit").order_by("received_at", "pk")
        for d in qs.iterator(chunk_size=2000):
            count += 1
            seen_units.setdefault(d.unit_id, d.unit)
            per_unit[d.unit_id] = per_unit.get(d.unit_id, 0) + 1
            hide_personal(actor, [d])  # a supervisor's export carries no citizen's personal data
            yield export_row(d, now, as_text=fmt == "csv")

    header = [*COLUMNS, *EXTRA_COLUMNS]
    filename = f"Hồ sơ một cửa {timezone.localtime(now):%d-%m-%Y %H%M}.{fmt}"
    if fmt == "csv":
        response = csv_response(filename, header, rows())
    else:
        response = xlsx_response(filename, [("Hồ sơ", header, rows())])
    # One row per commune whose citizens' data left the system, so each commune reads it in its own trail.
    filters = f" {description}" if description else " Không lọc."
    for unit_id, unit in seen_units.items():
        among = f", trong tổng số {count} hồ sơ của nhiều đơn vị" if len(seen_units) > 1 else ""
        note = f"Xuất {per_unit[unit_id]} hồ sơ ({fmt.upper()}){among}.{filters}"
        record(actor, "onestop.dossiers_exported", unit=unit, note=note)
    if not seen_units:
        record(
            actor,
            "onestop.dossiers_exported",
            unit=primary_unit(actor) if actor else None,
            note=f"Xuất 0 hồ sơ ({fmt.upper()}).{filters}",
        )
    return response
