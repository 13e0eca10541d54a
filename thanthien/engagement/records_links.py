"""What the reports read of citizen engagement through the statistics registry (lib.stats): the list behind each
figure of the subject `engagement` (`records_url`: the page "engagement:stats_records", which filters each figure's
own source by its own condition, stats.records) and the annex listings of petitions, reception sessions, dialogues
and opinions — without any citizen's name, address, identity number or words (numbers, days, kinds, outcomes)."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from thanthien.lib.stats import register_listing, register_records
from thanthien.lib.vn import fmt_date
from thanthien.org.models import Unit
from thanthien.org.queries import stats_unit_ids

from . import stats
from .dialogues import OpinionSource
from .models import Direction, Outcome, Petition, PetitionKind
from .queue import SOON_DAYS
from .reception import SessionKind

# Figures that are no count of records: the list shows the records they divide (the rates have none).
RATES = frozenset({"opinions.answer_rate", "petitions.resolution_rate"})


STEPS_DUE = "steps_due"  # the key of the indicator engagement.steps_due (not in the published result)


def soon_days(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The queue's "due soon": from today to SOON_DAYS ahead, both included."""
    day = today or timezone.localdate()
    return day, day + dt.timedelta(days=SOON_DAYS)


def records_url(key: str, unit: Any, start: dt.date, end: dt.date) -> str | None:
    """The list of the records figure `key` counts (a summed figure — people received, participants — lists the
    records summed); None for a rate or a key that is no figure."""
    if key == STEPS_DUE and isinstance(unit, Unit) and (start, end) == soon_days():
        # The indicator engagement.steps_due over the queue's week: the queue of steps due soon, for that unit.
        return f"{reverse('engagement:petition_queue')}?{urlencode({'loc': 'soon', 'unit': unit.code})}"
    if key in RATES or not isinstance(unit, Unit) or key not in stats.figures(start, end):
        return None
    query = {"key": key, "unit": unit.code, "from": fmt_date(start), "to": fmt_date(end)}
    return f"{reverse('engagement:stats_records')}?{urlencode(query)}"


def _labels(choices: Any) -> dict[str, str]:
    return {str(c.value): str(c.label) for c in choices}


KINDS, DIRECTIONS, OUTCOMES = _labels(PetitionKind), _labels(Direction), _labels(Outcome)
SESSION_KINDS, SOURCES = _labels(SessionKind), _labels(OpinionSource)
YES_NO = {True: "Có", False: "Không", None: ""}

PETITION_HEADERS = [
    "Số đơn",
    "Ngày nhận",
    "Kỳ",
    "Loại đơn",
    "Hướng xử lý",
    "Ngày xử lý",
    "Ngày thụ lý",
    "Ngày giải quyết, rút đơn",
    "Kết quả",
    "Tình trạng",
]
STATUS_FIELDS = ("outcome", "resolved_on", "accepted_on", "direction", "handled_on", "eligible", "within_competence")


def petitions_listing(unit: Unit, start: dt.date, end: dt.date) -> tuple[list[str], list[list[Any]]]:
    """The petitions of the period's population (carried over and received: the figure xld.total), by number;
    no petitioner's name or the petition's words."""
    rows = (
        stats.records(stats_unit_ids(unit), start, end, "xld.total")
        .order_by("received_on", "year", "number", "pk")
        .values_list("number", "year", "received_on", "kind", *STATUS_FIELDS)
    )
    out = []
    for number, year, received_on, kind, *status in rows.iterator(chunk_size=2000):
        petition = Petition(**dict(zip(STATUS_FIELDS, status, strict=True)))
        outcome, resolved_on, accepted_on, direction, handled_on = status[:5]
        out.append(
            [
                f"{number}/{year}",
                fmt_date(received_on),
                "Kỳ trước chuyển sang" if received_on < start else "Tiếp nhận trong kỳ",
                KINDS.get(kind, kind),
                DIRECTIONS.get(direction, direction),
                fmt_date(handled_on),
                fmt_date(accepted_on),
                fmt_date(resolved_on),
                OUTCOMES.get(outcome, outcome),
                petition.status_label,
            ]
        )
    return PETITION_HEADERS, out


SESSION_HEADERS = ["Ngày tiếp", "Loại buổi", "Người đứng đầu trực tiếp tiếp", "Không có công dân đến", "Số lượt"]


def sessions_listing(unit: Unit, start: dt.date, end: dt.date) -> tuple[list[str], list[list[Any]]]:
    """The reception sessions held in the period (receptions.sessions) with their number of visits."""
    rows = (
        stats.records(stats_unit_ids(unit), start, end, "receptions.sessions")
        .annotate(visit_count=Count("visits"))
        .order_by("held_on", "pk")
        .values_list("held_on", "kind", "head_in_person", "nobody_came", "visit_count")
    )
    return SESSION_HEADERS, [
        [fmt_date(day), SESSION_KINDS.get(kind, kind), YES_NO[head], YES_NO[nobody], visits]
        for day, kind, head, nobody, visits in rows.iterator(chunk_size=2000)
    ]


DIALOGUE_HEADERS = ["Ngày đối thoại", "Chủ đề", "Người chủ trì", "Đại biểu MTTQ", "Đại biểu đoàn thể", "Người dân"]


def dialogues_listing(unit: Unit, start: dt.date, end: dt.date) -> tuple[list[str], list[list[Any]]]:
    """The dialogues held in the period (dialogues.held): their topic, who chaired (officials) and how many came."""
    rows = (
        stats.records(stats_unit_ids(unit), start, end, "dialogues.held")
        .order_by("held_on", "pk")
        .values_list(
            "held_on", "topic", "chaired_by", "front_participants", "organisation_participants", "people_participants"
        )
    )
    return DIALOGUE_HEADERS, [[fmt_date(day), *rest] for day, *rest in rows.iterator(chunk_size=2000)]


OPINION_HEADERS = ["Ngày nêu", "Nguồn", "Ngày trả lời", "Trả lời trong kỳ"]


def opinions_listing(unit: Unit, start: dt.date, end: dt.date) -> tuple[list[str], list[list[Any]]]:
    """The opinions raised in the period (opinions.received): the day, the source and the answer day; not who
    raised them nor their words."""
    rows = (
        stats.records(stats_unit_ids(unit), start, end, "opinions.received")
        .order_by("raised_on", "pk")
        .values_list("raised_on", "source", "answered_on")
    )
    return OPINION_HEADERS, [
        [fmt_date(day), SOURCES.get(source, source), fmt_date(answered), YES_NO[bool(answered and answered <= end)]]
        for day, source, answered in rows.iterator(chunk_size=2000)
    ]


def register() -> None:
    register_records("engagement", records_url)
    register_listing("engagement.petitions", "Danh sách đơn thư trong kỳ", petitions_listing)
    register_listing("engagement.sessions", "Danh sách buổi tiếp công dân", sessions_listing)
    register_listing("engagement.dialogues", "Danh sách cuộc đối thoại", dialogues_listing)
    register_listing("engagement.opinions", "Danh sách ý kiến, kiến nghị nhận được", opinions_listing)
