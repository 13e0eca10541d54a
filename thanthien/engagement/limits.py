"""A petition's statutory time limits (issue 9 item 4): which steps apply to it, the dated rule for each, and the due
day with the explanation a person can read, computed by `thanthien.workdays.deadlines` on the unit's calendar.

Every period starts on the day after the event (the day of receipt or of acceptance is not counted). Calendar days
end at 24:00 of their last day, moved to the next working day when that day is off (the unit's roll-forward setting,
BLDS 2015 Art. 147–148); working days are counted on the unit's calendar from the first working moment after the
day of the event. The rule that applies is the one in force on the day the petition was received.

    deadlines(petition) -> {"acceptance": Deadline(...), "resolution": Deadline(...)}
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from thanthien.lib.vn import fmt_date, weekday_name
from thanthien.org.models import Unit
from thanthien.workdays.calendar import TZ, DueDate, WorkCalendar, fmt_moment
from thanthien.workdays.deadlines import CALENDAR_DAYS, WORKING_DAYS, due_moment
from thanthien.workdays.queries import ancestor_ids, calendar_for

from .models import (
    CLOSING_DIRECTIONS,
    Counting,
    Direction,
    ExtensionStep,
    LimitRule,
    Outcome,
    Petition,
    PetitionKind,
    Source,
    Step,
    Variant,
)

# The keys of deadlines(), in the order a page lists them.
STEPS = ("acceptance", "initial_handling", "resolution", "forwarding", "answer", "reply")
_KIND: dict[str, str] = {Counting.CALENDAR_DAYS: CALENDAR_DAYS, Counting.WORKING_DAYS: WORKING_DAYS}
# What the event that starts each step is called in the explanation.
_FROM = {
    "acceptance": "ngày nhận đơn",
    "initial_handling": "ngày nhận đơn",
    "forwarding": "ngày nhận đơn",
    "answer": "ngày nhận đơn",
    "reply": "ngày nhận đơn qua tiếp công dân",
    "resolution": "ngày thụ lý",
}


def ensure_default_limits() -> None:
    """Put back the statutory limits migration 0003 loads (idempotent), after a database flush (`thanthien demo
    --reset`, transactional tests): the migration holds the one copy of those rules and their legal basis."""
    import importlib

    from django.apps import apps

    if not LimitRule.objects.filter(unit__isnull=True).exists():
        importlib.import_module("thanthien.engagement.migrations.0003_petitions_default_limits").load(apps, None)


class LimitRuleMissing(LookupError):
    """No rule in force for a step on the day a petition was received."""


@dataclass(frozen=True)
class Deadline:
    step: str
    label: str
    due: dt.date
    due_at: dt.datetime
    rule: LimitRule
    lines: tuple[str, ...]
    # The day the step was done (None while it is owed): what the sweep and on-time figures compare with `due`.
    done_on: dt.date | None = None

    @property
    def explanation(self) -> str:
        return " ".join(self.lines)

    def is_overdue(self, today: dt.date) -> bool:
        """Still owed after its due day on `today`, or done after its due day (then late for good)."""
        return (self.done_on or today) > self.due

    @property
    def met(self) -> bool | None:
        """On time (True), late (False), or not done yet (None)."""
        return None if self.done_on is None else self.done_on <= self.due


def rule_for(
    step: str,
    kind: str,
    unit: Unit,
    received_on: dt.date,
    variant: str = Variant.STANDARD,
    rules: list[LimitRule] | None = None,
) -> LimitRule:
    """The rule in force for `step` on `received_on`: the unit's own (or the nearest unit above it) before the
    nationwide one; among those, the latest that had started by that day. `rules`: every rule, read once by a
    caller that computes many petitions (the sweep), instead of one query per step."""
    chain = ancestor_ids(unit)
    rank = {pk: i for i, pk in enumerate(chain)}
    candidates: Iterable[LimitRule]
    if rules is None:
        candidates = LimitRule.objects.filter(
            Q(unit__isnull=True) | Q(unit_id__in=chain),
            Q(petition_kind=kind) | Q(petition_kind=""),
            step=step,
            variant=variant,
            applies_from__lte=received_on,
        )
    else:
        candidates = [
            r
            for r in rules
            if (r.unit_id is None or r.unit_id in rank)
            and r.petition_kind in (kind, "")
            and r.step == step
            and r.variant == variant
            and r.applies_from <= received_on
        ]
    best = min(
        candidates,
        key=lambda r: (
            rank.get(r.unit_id, len(chain)) if r.unit_id else len(chain),
            r.petition_kind == "",
            -r.applies_from.toordinal(),
        ),
        default=None,
    )
    if best is None:
        raise LimitRuleMissing(
            f"Chưa có quy định thời hạn «{Step(step).label.lower()}» áp dụng cho đơn nhận ngày {fmt_date(received_on)}."
        )
    return best


def applicable_steps(petition: Petition) -> list[str]:
    """The steps the law sets a time for, given the petition's kind and where it stands."""
    kind, direction = petition.kind, petition.direction
    outside = petition.within_competence is False or direction == Direction.FORWARD
    steps: list[str] = []
    # A complaint owes its decision (accept, or guide it to the competent body) within the acceptance time while no
    # direction is recorded, even once marked outside competence: an undecided petition never loses its step.
    if kind == PetitionKind.COMPLAINT and (direction == "" or (direction == Direction.ACCEPT and not outside)):
        steps.append("acceptance")
    if kind == PetitionKind.DENUNCIATION and not outside:
        # Outside competence the law asks only that it be forwarded, within its own shorter time (TC 2018 Art. 24.2).
        steps.append("initial_handling")
    if kind in (PetitionKind.COMPLAINT, PetitionKind.DENUNCIATION) and petition.accepted_on is not None:
        steps.append("resolution")
    if kind != PetitionKind.COMPLAINT and outside:
        steps.append("forwarding")
    answered_here = not outside and direction not in CLOSING_DIRECTIONS
    if kind in (PetitionKind.RECOMMENDATION, PetitionKind.FEEDBACK) and answered_here:
        steps.append("answer")
    if petition.source == Source.RECEPTION:
        steps.append("reply")
    return steps


def deadlines(
    petition: Petition, calendar: WorkCalendar | None = None, rules: list[LimitRule] | None = None
) -> dict[str, Deadline]:
    """Each step that applies to `petition`, with its due day and how it was reached."""
    cal = calendar if calendar is not None else calendar_for(petition.unit)
    return {step: _deadline(petition, step, cal, rules) for step in applicable_steps(petition)}


def due_days(petition: Petition, calendar: WorkCalendar | None = None) -> dict[str, str]:
    """{"acceptance": "YYYY-MM-DD", ...}: the shape the export and the API print (issue 9 item 10)."""
    return {step: d.due.isoformat() for step, d in deadlines(petition, calendar).items()}


def _deadline(petition: Petition, step: str, cal: WorkCalendar, rules: list[LimitRule] | None) -> Deadline:
    variant = _variant(petition) if step == "resolution" else Variant.STANDARD
    rule = rule_for(step, petition.kind, petition.unit, petition.received_on, variant, rules)
    start_day = petition.accepted_on if step == "resolution" else petition.received_on
    assert start_day is not None  # applicable_steps() lists "resolution" only once accepted
    amount, extra = rule.amount, _extension_lines(petition, step)
    amount += sum(days for days, _ in extra)
    due = due_moment(cal, _after(start_day), _KIND[rule.counting], amount)
    label = Step(step).label
    lines = [
        f"{label}: {rule.amount} {rule.get_counting_display().lower()} kể từ {_FROM[step]} "
        f"{fmt_date(start_day)} ({Variant(variant).label.lower()}).",
        *(line for _, line in extra),
        *_shared_lines(due, step),
        *_worked_days_off(cal, start_day, due.due.astimezone(TZ).date()),
        _last_line(label, rule, due),
        f"Căn cứ: {rule.legal_basis}",
    ]
    local = due.due.astimezone(TZ)
    return Deadline(step, label, local.date(), local, rule, tuple(lines), done_on(petition, step))


def _last_line(label: str, rule: LimitRule, due: DueDate) -> str:
    # A period in calendar days ends with its last day ("hết ngày"), not at a clock time; working days end when
    # the unit's working time does.
    if rule.counting == Counting.CALENDAR_DAYS:
        day = due.due.astimezone(TZ).date()
        return f"Hạn {label.lower()}: hết ngày {weekday_name(day)} {fmt_date(day)}."
    return f"Hạn {label.lower()}: {fmt_moment(due.due)}."


def done_on(petition: Petition, step: str) -> dt.date | None:
    """The day `step` was done: the decision that answers it, or the withdrawal that ends what was owed."""
    if step == "acceptance":
        day = petition.accepted_on
    elif step in ("initial_handling", "reply"):
        # Deciding (accept, refuse, forward, guide ...) is what the citizen is told of (TCD 2013 Art. 28).
        day = petition.handled_on
    elif step == "forwarding":
        day = petition.handled_on if petition.direction == Direction.FORWARD else None
    else:  # resolution, answer
        day = petition.resolved_on
    if day is None and petition.outcome == Outcome.WITHDRAWN:
        day = petition.resolved_on
    return day


def _after(day: dt.date) -> dt.datetime:
    # The last instant of the day of the event: counting begins with the next day (BLDS 2015 Art. 147.2) or,
    # in working days, with the first working moment after it.
    return dt.datetime.combine(day, dt.time.max, TZ)


def _shared_lines(due: DueDate, step: str) -> list[str]:
    # The workdays explanation without its last line, which speaks of a dossier's result ("Hạn trả kết quả");
    # a resolution counts from the day of acceptance, which the shared text calls the day of receipt.
    lines = due.explanation()[:-1]
    if step == "resolution":
        lines = [line.replace("không tính ngày nhận ", "không tính ngày thụ lý ") for line in lines]
    return lines


def _worked_days_off(cal: WorkCalendar, start: dt.date, end: dt.date) -> list[str]:
    """The days normally off that are worked ("làm bù") and so counted, like the Saturday 26/04/2025."""
    lines = []
    day = start + dt.timedelta(days=1)
    while day <= end:
        info = cal.day(day)
        if info.working and info.reason:
            lines.append(f"Có tính {weekday_name(day)} {fmt_date(day)}: {info.reason}.")
        day += dt.timedelta(days=1)
    return lines


def _variant(petition: Petition) -> str:
    if petition.kind != PetitionKind.COMPLAINT:
        return Variant.STANDARD
    if petition.complex and petition.remote_area:
        return Variant.COMPLEX_REMOTE
    if petition.complex:
        return Variant.COMPLEX
    return Variant.REMOTE if petition.remote_area else Variant.STANDARD


def _extension_lines(petition: Petition, step: str) -> list[tuple[int, str]]:
    if step not in (ExtensionStep.INITIAL_HANDLING, ExtensionStep.RESOLUTION) or petition.pk is None:
        return []
    return [
        (e.days, f"Gia hạn thêm {e.days} ngày theo {e.decision} ngày {fmt_date(e.decided_on)}: {e.reason}.")
        for e in petition.extensions.filter(step=step).order_by("decided_on", "pk")
    ]
