"""Property: for random dossier histories and random periods, the SQL figures equal a plain-Python reading of
the definitions, every count is ≥ 0, and carried over + received = resolved + withdrawn/rejected + open at end
+ awaiting supplement at end."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import make_unit
from thanthien.onestop import stats as s
from thanthien.onestop.models import Channel, Dossier, Procedure, Status
from thanthien.org.models import Unit, UnitKind

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
BASE = dt.datetime(2026, 1, 1, tzinfo=TZ)
DAYS = 30
_codes = itertools.count(1)


@dataclass(frozen=True)
class History:
    channel: str
    received: dt.datetime
    due: dt.datetime
    resolved: dt.datetime | None
    ended: dt.datetime | None
    supplement_requested: dt.datetime | None
    supplement_received: dt.datetime | None


def at(minutes: int) -> dt.datetime:
    return BASE + dt.timedelta(minutes=minutes)


# Moments on a coarse grid of days and of times that sit on the edges: local midnight and the minute before,
# 07:00 (UTC midnight, where a UTC date would differ from the Vietnamese one), 17:00. Moments then often
# coincide with each other and with the period's boundaries.
EDGE_TIMES = [0, 1, 6 * 60 + 59, 7 * 60, 10 * 60, 17 * 60, 23 * 60 + 59]
times = st.one_of(st.sampled_from(EDGE_TIMES), st.integers(0, 1439))
grid = st.builds(lambda day, minute: day * 1440 + minute, st.integers(0, DAYS), times)


@dataclass(frozen=True)
class Period:
    start_day: int
    length: int
    now: int

    @property
    def edges(self) -> list[int]:
        begin, finish = self.start_day * 1440, (self.start_day + self.length + 1) * 1440
        return [begin - 1, begin, finish - 1, finish, self.now]


@st.composite
def histories(draw: st.DrawFn, period: Period) -> History:
    edges = st.sampled_from(period.edges)
    moments = st.one_of(grid, edges, edges)
    received = draw(moments)
    # Due may even precede receipt (bad import data): the figures must still balance.
    due = draw(st.one_of(moments, st.integers(0, 10).map(lambda d: received + d * 1440)))
    outcome = draw(st.sampled_from(["open", "resolved", "ended"]))
    finish = None
    if outcome != "open":
        around_due = st.sampled_from([due - 1, due, due + 1])
        finish = max(received, draw(st.one_of(moments, around_due, around_due)))
    requested = received_back = None
    if draw(st.booleans()):
        # The supplement is asked for before the dossier finishes, and may come back before it finishes.
        latest = finish if finish is not None else (DAYS + 25) * 1440
        requested = min(max(received, draw(moments)), latest)
        if draw(st.booleans()):
            received_back = min(max(requested, draw(moments)), latest)
    return History(
        channel=draw(st.sampled_from([c.value for c in Channel])),
        received=at(received),
        due=at(due),
        resolved=at(finish) if outcome == "resolved" and finish is not None else None,
        ended=at(finish) if outcome == "ended" and finish is not None else None,
        supplement_requested=at(requested) if requested is not None else None,
        supplement_received=at(received_back) if received_back is not None else None,
    )


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[Period, list[History]]:
    period = Period(
        start_day=draw(st.integers(0, DAYS)),
        length=draw(st.integers(0, 20)),
        now=draw(st.one_of(grid, st.integers(-2 * 1440, (DAYS + 25) * 1440))),
    )
    return period, draw(st.lists(histories(period), min_size=4, max_size=20))


def reference(items: list[History], start: dt.date, end: dt.date, now: dt.datetime) -> dict[str, int]:
    """The definitions of DOMAIN.md §4, read one dossier at a time (the oracle, never the implementation)."""
    begin, finish = s.period_moments(start, end)
    as_of = min(finish, now)
    out = dict.fromkeys(s.FIGURES, 0)

    def done_before(h: History, moment: dt.datetime) -> bool:
        return (h.resolved is not None and h.resolved < moment) or (h.ended is not None and h.ended < moment)

    for h in items:
        if h.received >= finish or done_before(h, begin):
            continue
        if h.received < begin:
            out["carried_over"] += 1
        else:
            out["received_total"] += 1
            out[f"received_{h.channel}"] += 1
        if h.resolved is not None and begin <= h.resolved < finish:
            out["resolved_total"] += 1
            if h.resolved > h.due:
                out["resolved_late"] += 1
            elif h.resolved.astimezone(TZ).date() < h.due.astimezone(TZ).date():
                out["resolved_early"] += 1
            else:
                out["resolved_on_time"] += 1
        elif h.ended is not None and begin <= h.ended < finish:
            out["withdrawn_or_rejected"] += 1
        elif (
            h.supplement_requested is not None
            and h.supplement_requested < finish
            and (h.supplement_received is None or h.supplement_received >= finish)
        ):
            out["awaiting_supplement"] += 1
        else:
            out["open_total"] += 1
            out["open_overdue" if h.due < as_of else "open_not_due"] += 1
    return out


def status_of(h: History) -> int:
    if h.resolved is not None:
        return Status.RESOLVED
    if h.ended is not None:
        return Status.WITHDRAWN
    if h.supplement_requested is not None and h.supplement_received is None:
        return Status.SUPPLEMENT
    return Status.PROCESSING


@pytest.fixture
def unit(db: None) -> Unit:
    return make_unit("X77001", "Xã Thử Nghiệm", UnitKind.COMMUNE)


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(scenario=scenarios())
def test_identity_and_definitions_hold_for_random_histories(unit: Unit, scenario: tuple[Period, list[History]]) -> None:
    period, items = scenario
    procedure = Procedure.objects.get(code="1.001193")
    start = (BASE + dt.timedelta(days=period.start_day)).date()
    end = start + dt.timedelta(days=period.length)
    now = at(period.now)
    with transaction.atomic():  # each example rolls its dossiers back
        Dossier.objects.bulk_create(
            Dossier(
                unit=unit,
                procedure=procedure,
                code=f"P-{next(_codes):08d}",
                pin="AB23",
                applicant_name="Nguyễn Văn Án",
                channel=h.channel,
                status=status_of(h),
                received_at=h.received,
                due_at=h.due,
                resolved_at=h.resolved,
                ended_at=h.ended,
                supplement_requested_at=h.supplement_requested,
                supplement_received_at=h.supplement_received,
            )
            for h in items
        )
        result = s.period_stats([unit.pk], start, end, unit=unit, now=now)
        transaction.set_rollback(True)

    flat = s.flatten(result)
    assert all(value >= 0 for value in flat.values())
    assert s.identity_holds(result)
    assert flat == reference(items, start, end, now)
    received = result["received"]
    assert received["total"] == sum(v for k, v in received.items() if k != "total")
    resolved = result["resolved"]
    assert resolved["total"] == resolved["early"] + resolved["on_time"] + resolved["late"]
    assert result["open_at_end"]["total"] == result["open_at_end"]["not_due"] + result["open_at_end"]["overdue"]
    rate = result["on_time_rate"]
    assert (rate is None) == (resolved["total"] == 0)
    assert rate is None or 0.0 <= rate <= 1.0
