"""Period figures of citizen engagement (issue 9 item 8): receptions, opinions, dialogues, petitions and public
feedback of a unit for the days [from, to], both included — `thanthien stats engagement`, /api/v1/stats/engagement
and the page "Thống kê tiếp công dân, đơn thư" read them here.

Each figure is declared once (`figures()`): the records it counts (a source queryset and a condition) and how
(a count, or a sum of a column). `flat_figures` aggregates every figure of a source in one SQL query, and the
drill-down list filters the same source with the same condition (`records`), so a list always holds exactly the
records its number counts. The published JSON (`shape`) is a subset of the flat figures; the page's report forms
01/TCD and 01/XLD read the others (their rows by kind of session, their columns by kind of petition).

The rules, as a supervisor would check them:

- Receptions: the sessions held in the period (`head_sessions`: the head received in person); the visits of those
  sessions, the people they brought (`people`: the sum), and the groups (a visit of 5 people or more).
- Opinions: `received` = raised in the period; `answered` = of those, answered on or before the last day, so that
  answer_rate = answered / received lies between 0 and 1 (an opinion answered after the period counts as received
  but not answered; it is not counted again in the next period). `by_source` splits `received`.
- Dialogues: held in the period; `participants` = MTTQ + organisations + people; `opinions_raised` = the opinions
  recorded against those dialogues, `opinions_answered` = of those, answered on or before the last day.
- Petitions: a petition is closed on its `resolved_on` (resolved, answered or withdrawn) or, when it took one of the
  closing directions (guide, forward, return, archive, refuse) and has no `resolved_on`, on its `handled_on`; an
  accepted petition's `handled_on` is its acceptance and closes nothing. The population of a period is every
  petition received by its last day and not closed before its first day: each one is either carried over or
  received, and either closed in the period (resolved, withdrawn, forwarded, guided, or returned/archived/refused)
  or open at the end, so

      carried_over + received = resolved + forwarded + guided + returned_archived_or_refused + withdrawn + open_at_end

  holds by construction. `by_kind`, `eligible` and `within_competence` count the petitions received in the period.
  `overdue_at_end`: open at the end with a stored step (PetitionDeadline) due before the last day and not done by
  it. `resolved_late`: resolved after the stored due day of its last step (resolution for complaints and
  denunciations, answer for recommendations and feedback); every other resolved petition is `resolved_on_time` —
  including one with no stored step (none applies, or the tick has not stored it yet): late means a stored
  deadline shows it late, so resolved_on_time + resolved_late = resolved. The stored steps are those of the
  petition as it stands now (refreshed by `due.refresh_deadlines`).
  resolution_rate = (carried_over + received − open_at_end) / (carried_over + received).
- Feedback: received, answered and published in the period, each by its own day.

Rates are fractions (0–1) or None when nothing was there to divide, as `dossiers.on_time_rate` is.
Scope: the unit's records and, for a district or province, every unit under it, with the units merged into
them (`org.queries.stats_unit_ids`, the helper every subject uses).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, Exists, F, OuterRef, Q, QuerySet, Sum, When
from django.db.models.expressions import Combinable

from thanthien.lib.stats import register_stats, unit_owners
from thanthien.org.models import Role, Unit
from thanthien.org.queries import stats_unit_ids

from .dialogues import Dialogue, Opinion, OpinionSource
from .feedback import Feedback
from .models import CLOSING_DIRECTIONS, Direction, Outcome, Petition, PetitionDeadline, PetitionKind, Step
from .reception import GROUP_SIZE, ReceptionSession, ReceptionVisit, SessionKind

SOURCES = ("sessions", "visits", "opinions", "dialogues", "petitions", "feedback")

# The day a petition was closed (NULL while open): its resolution, answer or withdrawal, else the day of a
# closing direction. The same expression as Petition.status, in SQL.
CLOSED_ON = Case(
    When(resolved_on__isnull=False, then=F("resolved_on")),
    When(direction__in=sorted(CLOSING_DIRECTIONS), then=F("handled_on")),
    default=None,
)
# The last step a resolved petition is judged against: only one of them applies to a petition (limits.py).
LAST_STEPS = (Step.RESOLUTION, Step.ANSWER)
PARTICIPANTS = F("front_participants") + F("organisation_participants") + F("people_participants")

# The rows of form 01/TCD: regular reception, and the head's periodic and unscheduled reception in person or by
# an authorised official.
TCD_ROWS = ("regular", "head_in_person", "head_authorised")
TCD_COLUMNS = ("sessions", "visits", "people", "first_time", "repeated", "groups", "group_people")
XLD_KINDS = tuple(PetitionKind.values)


@dataclass(frozen=True)
class Figure:
    """One number: the records of `source` meeting `where` (all of them when None), counted or summed."""

    source: str
    where: Q | None = None
    summed: Combinable | str | None = None

    def aggregate(self) -> Any:
        if self.summed is None:
            return Count("pk", filter=self.where)
        return Sum(self.summed, filter=self.where, default=0)


def _session_row(row: str, prefix: str = "") -> Q:
    kind, head = f"{prefix}kind", f"{prefix}head_in_person"
    if row == "regular":
        return Q(**{kind: SessionKind.REGULAR})
    return ~Q(**{kind: SessionKind.REGULAR}) & Q(**{head: row == "head_in_person"})


def _visit_columns(prefix: str, where: Q | None) -> dict[str, Figure]:
    """The 01/TCD columns over the visits meeting `where` (None: every visit of the period)."""

    def also(extra: Q) -> Q:
        return extra if where is None else where & extra

    group = Q(people__gte=GROUP_SIZE)
    return {
        f"{prefix}.visits": Figure("visits", where),
        f"{prefix}.people": Figure("visits", where, "people"),
        f"{prefix}.first_time": Figure("visits", also(Q(first_time=True))),
        f"{prefix}.repeated": Figure("visits", also(Q(first_time=False))),
        f"{prefix}.groups": Figure("visits", also(group)),
        f"{prefix}.group_people": Figure("visits", also(group), "people"),
    }


def _reception_figures() -> dict[str, Figure]:
    every_visit = _visit_columns("tcd.total", None)
    out = {
        "receptions.sessions": Figure("sessions"),
        "receptions.sessions_nobody_came": Figure("sessions", Q(nobody_came=True)),
        "receptions.head_sessions": Figure("sessions", Q(head_in_person=True)),
        # The published totals are the 01/TCD total row: one figure each, not two.
        "receptions.visits": every_visit.pop("tcd.total.visits"),
        "receptions.people": every_visit.pop("tcd.total.people"),
        "receptions.groups": every_visit.pop("tcd.total.groups"),
        **every_visit,
    }
    for row in TCD_ROWS:
        out[f"tcd.{row}.sessions"] = Figure("sessions", _session_row(row))
        out.update(_visit_columns(f"tcd.{row}", _session_row(row, "session__")))
    for kind in PetitionKind.values:
        out[f"tcd.kind.{kind}"] = Figure("visits", Q(subject_kind=kind))
    return out


def _opinion_figures(start: dt.date, end: dt.date) -> dict[str, Figure]:
    raised = Q(raised_on__range=(start, end))
    at_dialogue = Q(dialogue__held_on__range=(start, end))
    answered = Q(answered_on__lte=end)
    return {
        "opinions.received": Figure("opinions", raised),
        "opinions.answered": Figure("opinions", raised & answered),
        **{f"opinions.by_source.{s}": Figure("opinions", raised & Q(source=s)) for s in OpinionSource.values},
        "dialogues.held": Figure("dialogues"),
        "dialogues.participants": Figure("dialogues", None, PARTICIPANTS),
        "dialogues.opinions_raised": Figure("opinions", at_dialogue),
        "dialogues.opinions_answered": Figure("opinions", at_dialogue & answered),
    }


def _petition_figures(start: dt.date, end: dt.date) -> dict[str, Figure]:
    received = Q(received_on__gte=start)
    resolved_in = Q(resolved_on__range=(start, end))
    withdrawn = Q(outcome=Outcome.WITHDRAWN)
    resolved = resolved_in & ~withdrawn

    def decided(*directions: str) -> Q:
        return Q(resolved_on__isnull=True, direction__in=directions, handled_on__range=(start, end))

    open_at_end = Q(closed_on__isnull=True) | Q(closed_on__gt=end)
    step_overdue = PetitionDeadline.objects.filter(petition=OuterRef("pk"), due_on__lt=end).filter(
        Q(done_on__isnull=True) | Q(done_on__gt=end)
    )
    last_step_missed = PetitionDeadline.objects.filter(
        petition=OuterRef("pk"), step__in=LAST_STEPS, due_on__lt=OuterRef("resolved_on")
    )
    late = Q(Exists(last_step_missed))
    handled = Q(handled_on__lte=end) | Q(resolved_on__lte=end)
    out = {
        "petitions.carried_over": Figure("petitions", Q(received_on__lt=start)),
        "petitions.received": Figure("petitions", received),
        **{f"petitions.by_kind.{k}": Figure("petitions", received & Q(kind=k)) for k in PetitionKind.values},
        "petitions.eligible": Figure("petitions", received & Q(eligible=True)),
        "petitions.within_competence": Figure("petitions", received & Q(within_competence=True)),
        "petitions.resolved": Figure("petitions", resolved),
        "petitions.forwarded": Figure("petitions", decided(Direction.FORWARD)),
        "petitions.guided": Figure("petitions", decided(Direction.GUIDE)),
        "petitions.returned_archived_or_refused": Figure(
            "petitions", decided(Direction.RETURN, Direction.ARCHIVE, Direction.REFUSE)
        ),
        "petitions.withdrawn": Figure("petitions", resolved_in & withdrawn),
        "petitions.open_at_end": Figure("petitions", open_at_end),
        "petitions.overdue_at_end": Figure("petitions", open_at_end & Q(Exists(step_overdue))),
        "petitions.resolved_on_time": Figure("petitions", resolved & ~late),
        "petitions.resolved_late": Figure("petitions", resolved & late),
        # Form 01/XLD: the whole population, handled (a direction decided, or withdrawn) by the last day or not,
        # accepted in the period, and the petitions within competence by kind.
        "xld.total": Figure("petitions"),
        "xld.handled": Figure("petitions", handled),
        "xld.not_handled": Figure(
            "petitions",
            (Q(handled_on__isnull=True) | Q(handled_on__gt=end))
            & (Q(resolved_on__isnull=True) | Q(resolved_on__gt=end)),
        ),
        "xld.accepted": Figure("petitions", Q(accepted_on__range=(start, end))),
    }
    for kind in XLD_KINDS:
        out[f"xld.within.{kind}"] = Figure("petitions", received & Q(within_competence=True, kind=kind))
    return out


def _feedback_figures(start: dt.date, end: dt.date) -> dict[str, Figure]:
    return {
        f"feedback.{name}": Figure("feedback", Q(**{f"{day}__range": (start, end)}))
        for name, day in (("received", "received_on"), ("answered", "answered_on"), ("published", "published_on"))
    }


def figures(start: dt.date, end: dt.date) -> dict[str, Figure]:
    """Every figure of the period, by its dotted key ("petitions.open_at_end", "tcd.regular.visits")."""
    return {
        **_reception_figures(),
        **_opinion_figures(start, end),
        **_petition_figures(start, end),
        **_feedback_figures(start, end),
    }


def sources(unit_ids: Iterable[int], start: dt.date, end: dt.date) -> dict[str, QuerySet[Any]]:
    """The records each source's figures count among, for the units `unit_ids` and the period."""
    ids = list(unit_ids)
    period = (start, end)
    petitions = (
        Petition.objects.filter(unit_id__in=ids, received_on__lte=end)
        .alias(closed_on=CLOSED_ON)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=start))
    )
    return {
        "sessions": ReceptionSession.objects.filter(unit_id__in=ids, held_on__range=period),
        "visits": ReceptionVisit.objects.filter(unit_id__in=ids, session__held_on__range=period),
        "opinions": Opinion.objects.filter(unit_id__in=ids).filter(
            Q(raised_on__range=period) | Q(dialogue__held_on__range=period)
        ),
        "dialogues": Dialogue.objects.filter(unit_id__in=ids, held_on__range=period),
        "petitions": petitions,
        "feedback": Feedback.objects.filter(unit_id__in=ids).filter(
            Q(received_on__range=period) | Q(answered_on__range=period) | Q(published_on__range=period)
        ),
    }


def _aggregates(declared: dict[str, Figure], source: str) -> dict[str, tuple[str, Any]]:
    """{alias: (figure key, aggregate)} of one source's figures (aliases, since keys hold dots)."""
    keys = [key for key, figure in declared.items() if figure.source == source]
    return {f"f{i}": (key, declared[key].aggregate()) for i, key in enumerate(keys)}


def flat_figures(unit_ids: Iterable[int], start: dt.date, end: dt.date) -> dict[str, int]:
    """Every figure's value: one aggregate query per source (six in all)."""
    declared = figures(start, end)
    base = sources(unit_ids, start, end)
    out: dict[str, int] = {}
    for source in SOURCES:
        aggregates = _aggregates(declared, source)
        row = base[source].order_by().aggregate(**{alias: agg for alias, (_, agg) in aggregates.items()})
        out.update({key: int(row[alias] or 0) for alias, (key, _) in aggregates.items()})
    return out


def flat_figures_by_unit(unit_ids: Iterable[int], start: dt.date, end: dt.date) -> dict[int, dict[str, int]]:
    """The same figures grouped by the unit that holds the records (one grouped query per source); a unit with
    no record of the period is absent. The rows add up to `flat_figures` of the same units."""
    declared = figures(start, end)
    base = sources(unit_ids, start, end)
    out: dict[int, dict[str, int]] = {}
    for source in SOURCES:
        aggregates = _aggregates(declared, source)
        rows = base[source].order_by().values("unit_id").annotate(**{a: agg for a, (_, agg) in aggregates.items()})
        for row in rows:
            flat = out.setdefault(row["unit_id"], dict.fromkeys(declared, 0))
            flat.update({key: int(row[alias] or 0) for alias, (key, _) in aggregates.items()})
    return out


def records(unit_ids: Iterable[int], start: dt.date, end: dt.date, key: str) -> QuerySet[Any]:
    """The records behind figure `key` (KeyError for an unknown key): the source filtered by the figure's own
    condition, so the list's length is the figure (for a summed figure: the records summed)."""
    figure = figures(start, end)[key]
    queryset = sources(unit_ids, start, end)[figure.source]
    return queryset if figure.where is None else queryset.filter(figure.where)


def _rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def shape(flat: dict[str, int], unit_code: str | None, start: dt.date, end: dt.date) -> dict[str, Any]:
    """The published JSON (issue 9 item 8) from the flat figures."""

    def pick(prefix: str, names: Iterable[str]) -> dict[str, int]:
        return {name: flat[f"{prefix}.{name}"] for name in names}

    petitions: dict[str, Any] = pick("petitions", ("carried_over", "received"))
    petitions["by_kind"] = pick("petitions.by_kind", PetitionKind.values)
    petitions.update(pick("petitions", PETITION_COUNTS))
    incoming = petitions["carried_over"] + petitions["received"]
    petitions["resolution_rate"] = _rate(incoming - petitions["open_at_end"], incoming)
    opinions: dict[str, Any] = pick("opinions", ("received", "answered"))
    opinions["answer_rate"] = _rate(opinions["answered"], opinions["received"])
    opinions["by_source"] = pick("opinions.by_source", OpinionSource.values)
    return {
        "unit": unit_code,
        "from": start.isoformat(),
        "to": end.isoformat(),
        "receptions": pick("receptions", RECEPTION_COUNTS),
        "opinions": opinions,
        "dialogues": pick("dialogues", ("held", "participants", "opinions_raised", "opinions_answered")),
        "petitions": petitions,
        "feedback": pick("feedback", ("received", "answered", "published")),
    }


RECEPTION_COUNTS = ("sessions", "sessions_nobody_came", "head_sessions", "visits", "people", "groups")
PETITION_COUNTS = (
    "eligible",
    "within_competence",
    "resolved",
    "forwarded",
    "guided",
    "returned_archived_or_refused",
    "withdrawn",
    "open_at_end",
    "overdue_at_end",
    "resolved_on_time",
    "resolved_late",
)


def period_figures(unit: Unit, start: dt.date, end: dt.date) -> tuple[dict[str, int], dict[str, Any]]:
    """(every flat figure, the published JSON) of `unit` for the period: what the page shows."""
    flat = flat_figures(stats_unit_ids(unit), start, end)
    return flat, shape(flat, unit.code, start, end)


def engagement_stats(unit: Unit, start: dt.date, end: dt.date) -> dict[str, Any]:
    """The registered compute for `thanthien stats engagement` and GET /api/v1/stats/engagement."""
    return period_figures(unit, start, end)[1]


def engagement_stats_many(units: list[Unit], start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    """`engagement_stats` of many units with one grouped query per source (a roll-up's rows), each equal to the
    unit's own; units whose records overlap are computed one by one."""
    owner = unit_owners(units, stats_unit_ids)
    if owner is None:
        return [engagement_stats(unit, start, end) for unit in units]
    declared = figures(start, end)
    totals = {unit.pk: dict.fromkeys(declared, 0) for unit in units}
    for unit_id, flat in flat_figures_by_unit(set(owner), start, end).items():
        into = totals[owner[unit_id]]
        for key, value in flat.items():
            into[key] += value
    return [shape(totals[unit.pk], unit.code, start, end) for unit in units]


LABELS = {
    "receptions.sessions": "Số buổi tiếp công dân",
    "receptions.sessions_nobody_came": "buổi không có công dân đến",
    "receptions.head_sessions": "buổi người đứng đầu trực tiếp tiếp",
    "receptions.visits": "Số lượt tiếp",
    "receptions.people": "Số người được tiếp",
    "receptions.groups": "Số đoàn đông người (từ 5 người)",
    "opinions.received": "Ý kiến, kiến nghị nhận được (nêu trong kỳ)",
    "opinions.answered": "đã trả lời đến hết kỳ",
    "opinions.by_source.reception": "qua tiếp công dân",
    "opinions.by_source.dialogue": "qua đối thoại",
    "opinions.by_source.meeting": "qua tiếp xúc cử tri, họp dân",
    "opinions.by_source.online": "qua mạng, trực tuyến",
    "opinions.answer_rate": "Tỷ lệ ý kiến được trả lời",
    "dialogues.held": "Số cuộc đối thoại",
    "dialogues.participants": "Số người tham dự đối thoại",
    "dialogues.opinions_raised": "Ý kiến nêu tại các cuộc đối thoại",
    "dialogues.opinions_answered": "đã trả lời đến hết kỳ",
    "petitions.carried_over": "Đơn kỳ trước chuyển sang",
    "petitions.received": "Đơn tiếp nhận trong kỳ",
    "petitions.by_kind.complaint": "khiếu nại",
    "petitions.by_kind.denunciation": "tố cáo",
    "petitions.by_kind.recommendation": "kiến nghị",
    "petitions.by_kind.feedback": "phản ánh",
    "petitions.eligible": "Đơn nhận trong kỳ đủ điều kiện xử lý",
    "petitions.within_competence": "Đơn nhận trong kỳ thuộc thẩm quyền",
    "petitions.resolved": "Đã giải quyết, trả lời",
    "petitions.forwarded": "Đã chuyển đơn",
    "petitions.guided": "Đã hướng dẫn",
    "petitions.returned_archived_or_refused": "Trả lại, lưu đơn, không thụ lý",
    "petitions.withdrawn": "Rút đơn",
    "petitions.open_at_end": "Đang xử lý cuối kỳ",
    "petitions.overdue_at_end": "trong đó quá hạn",
    "petitions.resolved_on_time": "Giải quyết đúng hạn",
    "petitions.resolved_late": "Giải quyết quá hạn",
    "petitions.resolution_rate": "Tỷ lệ đơn đã xử lý xong",
    "feedback.received": "Phản ánh trực tuyến nhận được",
    "feedback.answered": "Phản ánh trực tuyến đã trả lời trong kỳ",
    "feedback.published": "Phản ánh trực tuyến đã công khai câu trả lời trong kỳ",
}

# Labels of the figures only the report forms show (drill-down titles).
FORM_LABELS = {
    "tcd.regular": "Tiếp thường xuyên",
    "tcd.head_in_person": "Người đứng đầu tiếp định kỳ, đột xuất – trực tiếp",
    "tcd.head_authorised": "Người đứng đầu tiếp định kỳ, đột xuất – ủy quyền",
    "tcd.total": "Tổng cộng",
    "sessions": "số buổi tiếp",
    "visits": "số lượt",
    "people": "số người",
    "first_time": "vụ việc đến lần đầu",
    "repeated": "vụ việc đến nhiều lần",
    "groups": "số đoàn đông người",
    "group_people": "số người trong đoàn đông người",
    "tcd.kind": "Nội dung tiếp",
    "xld.total": "Tổng số đơn (kỳ trước chuyển sang và tiếp nhận trong kỳ)",
    "xld.handled": "Đơn đã xử lý (đã quyết định hướng xử lý hoặc rút đơn) đến hết kỳ",
    "xld.not_handled": "Đơn chưa xử lý đến hết kỳ",
    "xld.accepted": "Đơn thụ lý trong kỳ",
    "xld.within": "Đơn nhận trong kỳ thuộc thẩm quyền",
}
KIND_LABELS = {k.value: str(k.label).lower() for k in PetitionKind}


def label_of(key: str) -> str:
    """The Vietnamese name of any figure key (published or of a report form), as a list's title says it:
    "Đơn thư: Đang xử lý cuối kỳ – trong đó quá hạn"."""
    if key in LABELS:
        parent = ""
        for other, text in LABELS.items():
            if other == key:
                break
            if text[0].isupper():
                parent = text
        own = LABELS[key]
        name = own if own[0].isupper() else f"{parent} – {own}"
        return f"{_SECTION[key.split('.', 1)[0]]}: {name}"
    head, _, last = key.rpartition(".")
    if head in FORM_LABELS:
        return f"{FORM_LABELS[head]} – {FORM_LABELS.get(last) or KIND_LABELS.get(last, last)}"
    return FORM_LABELS.get(key, key)


_SECTION = {
    "receptions": "Tiếp công dân",
    "opinions": "Ý kiến, kiến nghị",
    "dialogues": "Đối thoại",
    "petitions": "Đơn thư",
    "feedback": "Phản ánh trực tuyến",
}


def steps_due(unit: Unit, start: dt.date, end: dt.date) -> int:
    """The indicator `engagement.steps_due`: the petitions' steps still owed whose stored due day lies in
    [start, end] — from today to a week ahead, the queue's "đến hạn trong 7 ngày". It reads the steps as they stand
    now (PetitionDeadline), so it is not a period figure of the published result."""
    owed = PetitionDeadline.objects.filter(unit_id__in=stats_unit_ids(unit), done_on__isnull=True)
    return owed.filter(due_on__gte=start, due_on__lte=end).order_by().count()


register_stats(
    "engagement",
    "Tiếp công dân, đơn thư, đối thoại, ý kiến",
    engagement_stats,
    LABELS,
    identities=(
        "petitions.carried_over + petitions.received = petitions.resolved + petitions.forwarded + petitions.guided"
        " + petitions.returned_archived_or_refused + petitions.withdrawn + petitions.open_at_end",
        "petitions.received = " + " + ".join(f"petitions.by_kind.{k}" for k in PetitionKind.values),
        "petitions.resolved = petitions.resolved_on_time + petitions.resolved_late",
        "opinions.received = " + " + ".join(f"opinions.by_source.{s}" for s in OpinionSource.values),
    ),
    shape={
        "unit": (str, None),
        "from": str,
        "to": str,
        "receptions": dict.fromkeys(RECEPTION_COUNTS, int),
        "opinions": {
            "received": int,
            "answered": int,
            "answer_rate": (float, None),
            "by_source": dict.fromkeys(OpinionSource.values, int),
        },
        "dialogues": dict.fromkeys(("held", "participants", "opinions_raised", "opinions_answered"), int),
        "petitions": {
            "carried_over": int,
            "received": int,
            "by_kind": dict.fromkeys(PetitionKind.values, int),
            **dict.fromkeys(PETITION_COUNTS, int),
            "resolution_rate": (float, None),
        },
        "feedback": dict.fromkeys(("received", "answered", "published"), int),
    },
    readers={Role.RECEPTION_OFFICER},
    indicators={
        "receptions": ("Số buổi tiếp công dân", "receptions.sessions"),
        "visits": ("Số lượt tiếp công dân", "receptions.visits"),
        "opinions_received": ("Số ý kiến, kiến nghị nhận được", "opinions.received"),
        "opinion_answer_rate": ("Tỷ lệ ý kiến, kiến nghị được trả lời", "opinions.answer_rate", "rate"),
        "dialogues": ("Số cuộc đối thoại", "dialogues.held"),
        "petitions_received": ("Số đơn thư tiếp nhận trong kỳ", "petitions.received"),
        "petition_resolution_rate": ("Tỷ lệ đơn thư đã xử lý xong", "petitions.resolution_rate", "rate"),
        "petitions_overdue_at_end": ("Số đơn thư quá hạn cuối kỳ", "petitions.overdue_at_end"),
        "petitions_resolved_late": ("Số đơn thư giải quyết quá hạn", "petitions.resolved_late"),
        "steps_due": ("Số bước xử lý đơn thư còn phải làm có hạn trong kỳ (tính đến hiện tại)", steps_due, "count"),
    },
    compute_many=engagement_stats_many,
)
