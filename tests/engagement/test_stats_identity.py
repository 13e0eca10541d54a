"""Property: for random petitions in every state (open, classified, decided, accepted, resolved, withdrawn before
or after acceptance) with days on both sides of a period's edges, and random opinions, the SQL figures of the
`engagement` subject equal a plain-Python reading of their definitions, and every registered identity holds —
carried over + received = resolved + forwarded + guided + returned/archived/refused + withdrawn + open at end,
by kind, by source, on time + late = resolved."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import make_unit
from thanthien.engagement import stats as s
from thanthien.engagement.dialogues import Opinion, OpinionSource
from thanthien.engagement.due import sweep_deadlines
from thanthien.engagement.models import (
    OUTCOMES_BY_KIND,
    Direction,
    Outcome,
    Petition,
    PetitionDeadline,
    PetitionKind,
)
from thanthien.lib import stats as registry
from thanthien.org.models import Unit, UnitKind

BASE = dt.date(2025, 3, 1)
DAYS = 70
CLOSING = ("guide", "forward", "return", "archive", "refuse")


def day(offset: int) -> dt.date:
    return BASE + dt.timedelta(days=offset)


@dataclass(frozen=True)
class Spec:
    kind: str
    received: int
    state: str  # received | classified | decided | accepted | resolved | withdrawn
    direction: str = ""
    handled: int | None = None
    resolved: int | None = None
    outcome: str = ""
    eligible: bool | None = None
    within: bool | None = None

    @property
    def closed(self) -> int | None:
        if self.resolved is not None:
            return self.resolved
        return self.handled if self.direction in CLOSING else None


@st.composite
def specs(draw: st.DrawFn, edges: list[int]) -> Spec:
    offsets = st.one_of(st.integers(0, DAYS), st.sampled_from(edges), st.sampled_from(edges))
    kind = draw(st.sampled_from(PetitionKind.values))
    received = draw(offsets)

    def later() -> int:
        return received + draw(st.one_of(st.integers(0, 25), st.sampled_from([max(0, e - received) for e in edges])))

    states = ["received", "classified", "decided", "accepted", "resolved", "resolved", "resolved", "withdrawn"]
    state = draw(st.sampled_from(states))
    eligible = draw(st.sampled_from([None, True, False]))
    within = draw(st.sampled_from([None, True, False]))
    if state == "received":
        return Spec(kind, received, state)
    if state == "classified":
        return Spec(kind, received, state, eligible=eligible, within=within)
    if state == "decided":
        direction = draw(st.sampled_from(CLOSING))
        within = False if direction == Direction.FORWARD else within
        return Spec(kind, received, state, direction, later(), eligible=eligible, within=within)
    if state == "withdrawn" and draw(st.booleans()):  # withdrawn before any acceptance
        return Spec(kind, received, state, resolved=later(), outcome=Outcome.WITHDRAWN, eligible=eligible)
    accepted = received + draw(st.integers(0, 8))
    # Often on a period's edge, long after an early receipt (late) or soon after it.
    resolved = max(accepted, draw(offsets)) if state != "accepted" else None
    outcome = ""
    if state == "resolved":
        outcome = draw(st.sampled_from(sorted(OUTCOMES_BY_KIND[kind] - {Outcome.WITHDRAWN})))
    elif state == "withdrawn":
        outcome = Outcome.WITHDRAWN
    return Spec(kind, received, state, Direction.ACCEPT, accepted, resolved, outcome, True, True)


@dataclass(frozen=True)
class OpinionSpec:
    source: str
    raised: int
    answered: int | None


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[int, int, list[Spec], list[OpinionSpec]]:
    start = draw(st.integers(20, 40))
    length = draw(st.integers(0, 20))
    edges = [start - 1, start, start + length, start + length + 1]
    petitions = draw(st.lists(specs(edges), min_size=3, max_size=14))
    offsets = st.one_of(st.integers(0, DAYS), st.sampled_from(edges))
    opinions = draw(
        st.lists(
            st.builds(
                OpinionSpec,
                st.sampled_from(OpinionSource.values),
                offsets,
                st.one_of(st.none(), offsets),
            ),
            max_size=6,
        )
    )
    return start, length, petitions, opinions


# Judged against the stored steps, checked by stored_judgements() instead.
JUDGED = ("overdue_at_end", "resolved_on_time", "resolved_late")


def reference(items: list[Spec], start: int, end: int) -> dict[str, int]:
    """The definitions in engagement/stats.py's docstring, one petition at a time (the oracle)."""
    out = dict.fromkeys(
        [f"petitions.{n}" for n in ("carried_over", "received", *s.PETITION_COUNTS) if n not in JUDGED]
        + [f"petitions.by_kind.{k}" for k in PetitionKind.values],
        0,
    )
    for p in items:
        closed = p.closed
        if p.received > end or (closed is not None and closed < start):
            continue
        if p.received < start:
            out["petitions.carried_over"] += 1
        else:
            out["petitions.received"] += 1
            out[f"petitions.by_kind.{p.kind}"] += 1
            out["petitions.eligible"] += p.eligible is True
            out["petitions.within_competence"] += p.within is True
        if closed is None or closed > end:
            out["petitions.open_at_end"] += 1
        elif p.resolved is not None:
            out["petitions.withdrawn" if p.outcome == Outcome.WITHDRAWN else "petitions.resolved"] += 1
        elif p.direction == Direction.FORWARD:
            out["petitions.forwarded"] += 1
        elif p.direction == Direction.GUIDE:
            out["petitions.guided"] += 1
        else:
            out["petitions.returned_archived_or_refused"] += 1
    return out


def stored_judgements(unit: Unit, start: dt.date, end: dt.date) -> tuple[int, int]:
    """(overdue at end, resolved late) read from the stored steps in Python: the oracle of the two SQL figures."""
    overdue = late = 0
    steps = list(PetitionDeadline.objects.filter(unit=unit))
    for p in Petition.objects.filter(unit=unit):
        closed = p.resolved_on or (p.handled_on if p.direction in CLOSING else None)
        if p.received_on > end or (closed is not None and closed < start):
            continue
        mine = [r for r in steps if r.petition_id == p.pk]
        if closed is None or closed > end:
            overdue += any(r.due_on < end and (r.done_on is None or r.done_on > end) for r in mine)
        elif p.resolved_on is not None and p.outcome != Outcome.WITHDRAWN:
            late += any(r.step in ("resolution", "answer") and r.due_on < p.resolved_on for r in mine)
    return overdue, late


@pytest.fixture
def unit(db: None) -> Unit:
    return make_unit("X77002", "Xã Thử Nghiệm", UnitKind.COMMUNE)


def build(unit: Unit, items: list[Spec], opinions: list[OpinionSpec]) -> None:
    Petition.objects.bulk_create(
        Petition(
            unit=unit,
            number=i + 1,
            year=day(p.received).year,
            received_on=day(p.received),
            source="hand",
            kind=p.kind,
            petitioner_name="Lê Văn An",
            content="Nội dung đơn",
            eligible=p.eligible,
            within_competence=p.within,
            direction=p.direction,
            handled_on=day(p.handled) if p.handled is not None else None,
            accepted_on=day(p.handled) if p.direction == Direction.ACCEPT and p.handled is not None else None,
            resolved_on=day(p.resolved) if p.resolved is not None else None,
            outcome=p.outcome,
            forwarded_to="UBND huyện" if p.direction == Direction.FORWARD else "",
        )
        for i, p in enumerate(items)
    )
    sweep_deadlines()
    Opinion.objects.bulk_create(
        Opinion(
            unit=unit,
            source=o.source,
            raised_on=day(o.raised),
            answered_on=day(o.answered) if o.answered is not None else None,
            content="Ý kiến",
        )
        for o in opinions
    )


@pytest.mark.django_db
@settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(scenario=scenarios())
def test_figures_follow_their_definitions_and_identities_hold(
    unit: Unit, scenario: tuple[int, int, list[Spec], list[OpinionSpec]]
) -> None:
    start_offset, length, items, opinions = scenario
    start, end = day(start_offset), day(start_offset + length)
    with transaction.atomic():  # each example rolls its records back
        build(unit, items, opinions)
        flat, result = s.period_figures(unit, start, end)
        overdue, late = stored_judgements(unit, start, end)
        transaction.set_rollback(True)

    assert registry.subject("engagement").check(result) == []
    assert registry.subject("engagement").check_shape(result) == []
    assert all(value >= 0 for value in flat.values())
    expected = reference(items, start_offset, start_offset + length)
    assert {key: flat[key] for key in expected} == expected
    petitions = result["petitions"]
    assert (petitions["overdue_at_end"], petitions["resolved_late"]) == (overdue, late)
    assert petitions["overdue_at_end"] <= petitions["open_at_end"]
    incoming = petitions["carried_over"] + petitions["received"]
    rate = petitions["resolution_rate"]
    assert (rate is None) == (incoming == 0)
    assert rate is None or 0.0 <= rate <= 1.0

    raised = [o for o in opinions if start <= day(o.raised) <= end]
    answered = [o for o in raised if o.answered is not None and day(o.answered) <= end]
    assert (result["opinions"]["received"], result["opinions"]["answered"]) == (len(raised), len(answered))
    answer_rate = result["opinions"]["answer_rate"]
    assert answer_rate is None or 0.0 <= answer_rate <= 1.0
