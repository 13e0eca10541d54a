"""What the reports read of the dossiers through the statistics registry (lib.stats): the list behind each figure
of the subject `dossiers` (`records_url`) and the annex listing of the dossiers received (`received_listing`).

A figure's link is the dossier list's own statistics filter (listing.py: `figure=<flat name>&scope=<CODE>&from=&to=`
and the moment "overdue" was judged at), so the list applies the very condition that counted the figure. A
listing holds no applicant's data: codes, procedures, channels, days and the timeliness of each dossier."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from thanthien.lib.stats import register_listing, register_records
from thanthien.lib.vn import fmt_date
from thanthien.org.models import Unit
from thanthien.org.queries import stats_unit_ids

from . import stats
from .models import Channel, Dossier
from .queries import TIMELINESS_LABELS

# The published dotted key → the flat figure the dossier list filters by (listing.FIGURE_LABELS).
FLAT_NAMES: dict[str, str] = {
    "carried_over": "carried_over",
    **{f"received.{k}": f"received_{k}" for k in ("total", "direct", "postal", "online_partial", "online_full")},
    **{f"resolved.{k}": f"resolved_{k}" for k in ("total", "early", "on_time", "late")},
    **{f"open_at_end.{k}": f"open_{k}" for k in ("total", "not_due", "overdue")},
    "awaiting_supplement_at_end": "awaiting_supplement",
    "withdrawn_or_rejected": "withdrawn_or_rejected",
}


DUE_OPEN = "due_open"  # the key of the indicator dossiers.due_open (not in the published result)


def records_url(key: str, unit: Any, start: dt.date, end: dt.date, now: dt.datetime | None = None) -> str | None:
    """The dossier list of exactly the dossiers figure `key` counts for `unit` and the days start..end; None for
    the rate and the labels. `now` fixes "overdue" as the statistics judged it (a running period: now)."""
    if key == DUE_OPEN and isinstance(unit, Unit):
        # The indicator dossiers.due_open: open now, due within the days (the list's own filters, the same Q).
        query = {"group": "open", "date": "due", "from": fmt_date(start), "to": fmt_date(end), "scope": unit.code}
        return f"{reverse('onestop:queue')}?{urlencode(query)}"
    name = FLAT_NAMES.get(key)
    if name is None or not isinstance(unit, Unit):
        return None
    moment = stats.overdue_moment(stats.period_moments(start, end)[1], now)
    query = {
        "figure": name,
        "scope": unit.code,
        "from": fmt_date(start),
        "to": fmt_date(end),
        "at": str(int(moment.timestamp())),
    }
    return f"{reverse('onestop:queue')}?{urlencode(query)}"


RECEIVED_HEADERS = ["Mã hồ sơ", "Thủ tục", "Kênh", "Ngày tiếp nhận", "Hạn trả", "Ngày có kết quả", "Kết quả"]
CHANNEL_LABELS = {str(c.value): str(c.label) for c in Channel}


def _day(moment: dt.datetime | None) -> str:
    return fmt_date(timezone.localtime(moment, stats.VN_TZ).date()) if moment else ""


def _timeliness(resolved: dt.datetime | None, due: dt.datetime) -> str:
    if resolved is None:
        return ""
    if resolved > due:
        return TIMELINESS_LABELS["late"]
    early = timezone.localtime(resolved, stats.VN_TZ).date() < timezone.localtime(due, stats.VN_TZ).date()
    return TIMELINESS_LABELS["early" if early else "on_time"]


def received_listing(unit: Unit, start: dt.date, end: dt.date) -> tuple[list[str], list[list[Any]]]:
    """The dossiers received in the period (the figure received.total), oldest first, in one query; a district or
    province lists the dossiers of every commune its statistics cover."""
    begin, finish = stats.period_moments(start, end)
    rows = (
        Dossier.objects.filter(unit_id__in=stats_unit_ids(unit), received_at__gte=begin, received_at__lt=finish)
        .order_by("received_at", "pk")
        .values_list("code", "procedure__code", "procedure__name", "channel", "received_at", "due_at", "resolved_at")
    )
    return RECEIVED_HEADERS, [
        [
            code,
            f"{procedure_code} – {procedure_name}",
            CHANNEL_LABELS.get(channel, channel),
            _day(received),
            _day(due),
            _day(resolved),
            _timeliness(resolved, due),
        ]
        for code, procedure_code, procedure_name, channel, received, due, resolved in rows.iterator(chunk_size=2000)
    ]


def register() -> None:
    register_records("dossiers", records_url)
    register_listing("dossiers.received", "Danh sách hồ sơ tiếp nhận trong kỳ", received_listing)
