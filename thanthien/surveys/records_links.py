"""What the reports read of the satisfaction surveys through the statistics registry (lib.stats): the list behind
each count of the subject `surveys` (`records_url`: the results page's drill-down list "surveys:results_forms"
with the filter that counts it, results.FILTERS) and the annex listing of the forms answered (`forms_listing`),
without any respondent's data (no dossier code, collector or officer).

A figure that counts forms (forms, by_channel.*, questions.<q>.answers) is the list's number of forms; a figure
that counts answers (answers, satisfied, aspects.<a>.answers / .satisfied, questions.<q>.satisfied,
questions.<q>.choices.<c>) is the number of those answers the listed forms hold, which the list states beside the
number of forms (results.Drill.answer_count). Rates open no list."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse

from thanthien.lib.stats import register_listing, register_records
from thanthien.lib.vn import fmt_date, fmt_percent
from thanthien.org.models import Unit

from . import stats
from .models import CHANNEL_NAMES, Channel


def drill_filter(key: str) -> dict[str, str] | None:
    """The drill-down filter of figure `key` ({} for every form of the period); None for a rate or no figure."""
    parts = key.split(".")
    if key == "forms":
        return {}
    if len(parts) == 2 and parts[0] == "by_channel" and parts[1] in CHANNEL_NAMES:
        return {"kenh": parts[1]}
    if key == "answers":
        return {"thang_do": "1"}
    if key == "satisfied":
        return {"hai_long": "1"}
    if len(parts) == 3 and parts[0] == "aspects" and parts[2] in ("answers", "satisfied"):
        return {"khia_canh": parts[1], **({"hai_long": "1"} if parts[2] == "satisfied" else {})}
    if len(parts) == 3 and parts[0] == "questions" and parts[2] in ("answers", "satisfied"):
        return {"cau": parts[1], **({"hai_long": "1"} if parts[2] == "satisfied" else {})}
    if len(parts) == 4 and parts[0] == "questions" and parts[2] == "choices":
        return {"cau": parts[1], "lua_chon": parts[3]}
    return None


def counts_answers(key: str) -> bool:
    """Whether figure `key` counts answers (the list's answer count) rather than forms (its number of forms)."""
    parts = key.split(".")
    if key in ("answers", "satisfied") or parts[0] == "aspects":
        return True
    return parts[0] == "questions" and (parts[-1] == "satisfied" or "choices" in parts)


def records_url(key: str, unit: Any, start: dt.date, end: dt.date) -> str | None:
    found = drill_filter(key)
    if found is None or not isinstance(unit, Unit):
        return None
    query = {"unit": unit.code, "from": fmt_date(start), "to": fmt_date(end), **found}
    return f"{reverse('surveys:results_forms')}?{urlencode(query)}"


FORM_HEADERS = ["Ngày trả lời", "Kênh", "Phiếu khảo sát", "Lĩnh vực", "Câu trả lời theo thang đo", "Hài lòng", "Tỷ lệ"]
CHANNEL_LABELS = {str(c.value): str(c.label) for c in Channel}


def forms_listing(unit: Unit, start: dt.date, end: dt.date) -> tuple[list[str], list[list[Any]]]:
    """One row per form submitted in the period (the figure forms): its day, channel, questionnaire and field, and
    its overall answer (scale answers, satisfied ones, their share), in one query."""
    rows = (
        stats.responses_in(unit, start, end)
        .annotate(
            scale=Count("answers", filter=Q(answers__is_scale=True)),
            happy=Count("answers", filter=Q(answers__is_scale=True, answers__satisfied=True)),
        )
        .order_by("submitted_on", "pk")
        .values_list("submitted_on", "channel", "questionnaire__title", "field", "scale", "happy")
    )
    return FORM_HEADERS, [
        [
            fmt_date(day),
            CHANNEL_LABELS.get(channel, channel),
            title,
            field,
            scale,
            happy,
            fmt_percent(stats.rate(happy, scale)) if scale else "",
        ]
        for day, channel, title, field, scale, happy in rows.iterator(chunk_size=2000)
    ]


def register() -> None:
    register_records("surveys", records_url)
    register_listing("surveys.forms", "Danh sách phiếu khảo sát đã thu", forms_listing)
