"""Property tests for the working-time arithmetic in `thanthien.workdays.calendar`.

Moments are aware datetimes in Asia/Ho_Chi_Minh between 2020-01-01 and 2030-12-31, drawn so that
the period boundaries (07:30, 11:30, 13:00, 17:00, the cut-off …) come up often. Every property runs
against the default calendar and, where it makes sense, against randomised weekly patterns.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from thanthien.lib.vn import fmt_date
from thanthien.workdays.calendar import Period, WorkCalendar

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
UTC = dt.UTC
FIRST_DAY = dt.date(2020, 1, 1)
LAST_DAY = dt.date(2030, 12, 31)
TOL = 1e-6
MICRO = dt.timedelta(microseconds=1)

# Modest: the whole file must stay fast on two cores. No example database: nothing written to the repo.
SETTINGS = settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

# One shared default calendar: its per-day cache makes the examples cheap.
DEFAULT = WorkCalendar()

# --- strategies ------------------------------------------------------------------------------

BOUNDARY_TIMES = [
    dt.time(0, 0),
    dt.time(7, 29, 59, 999999),
    dt.time(7, 30),
    dt.time(10, 0),
    dt.time(11, 29, 59, 999999),
    dt.time(11, 30),
    dt.time(12, 0),
    dt.time(13, 0),
    dt.time(14, 59),
    dt.time(15, 0),
    dt.time(15, 0, 0, 1),
    dt.time(15, 1),
    dt.time(16, 59, 59, 999999),
    dt.time(17, 0),
    dt.time(17, 30),
    dt.time(23, 59, 59, 999999),
]

days = st.dates(min_value=FIRST_DAY, max_value=LAST_DAY)
times = st.one_of(
    st.sampled_from(BOUNDARY_TIMES),
    st.times(),
    st.builds(dt.time, st.integers(0, 23), st.sampled_from([0, 15, 30, 45, 59])),
)


@st.composite
def moments(draw: st.DrawFn) -> dt.datetime:
    return dt.datetime.combine(draw(days), draw(times), TZ)


# Hours in whole minutes (exactly representable as microseconds, so sums are exact) …
minute_hours = st.integers(0, 200 * 60).map(lambda m: m / 60)
# … and arbitrary non-negative floats (results compared with a tolerance).
float_hours = st.floats(0, 200, allow_nan=False, allow_infinity=False)
hours = st.one_of(st.integers(0, 200).map(float), minute_hours, float_hours)


@st.composite
def day_periods(draw: st.DrawFn) -> list[Period]:
    """0–3 non-overlapping periods in one day, at minute resolution; adjacent periods are allowed."""
    out: list[Period] = []
    cursor = draw(st.integers(0, 12 * 60))
    for _ in range(draw(st.integers(0, 3))):
        start = cursor + (draw(st.integers(0, 4 * 60)) if out else 0)
        end = start + draw(st.integers(1, 8 * 60))
        if end > 23 * 60 + 59:
            break
        out.append((dt.time(start // 60, start % 60), dt.time(end // 60, end % 60)))
        cursor = end
    return out


@st.composite
def weeks(draw: st.DrawFn) -> dict[int, list[Period]]:
    week = {day: draw(day_periods()) for day in range(7)}
    # At least 4 working hours a week, so that 200 hours fit well inside the calendar's three-year scan.
    minutes = sum((e.hour * 60 + e.minute) - (s.hour * 60 + s.minute) for ps in week.values() for s, e in ps)
    assume(minutes >= 4 * 60)
    return week


@st.composite
def calendars(draw: st.DrawFn) -> WorkCalendar:
    """The default calendar half of the time, else a random weekly pattern and cut-off."""
    if draw(st.booleans()):
        return DEFAULT
    cutoff = draw(st.builds(dt.time, st.integers(0, 23), st.integers(0, 59)))
    return WorkCalendar(draw(weeks()), cutoff=cutoff)


def period_ends(cal: WorkCalendar, day: dt.date) -> set[dt.datetime]:
    return {e for _, e in cal.periods_on(day)}


def period_starts(cal: WorkCalendar, day: dt.date) -> set[dt.datetime]:
    return {s for s, _ in cal.periods_on(day)}


# --- next working moment -----------------------------------------------------------------------


@SETTINGS
@given(cal=calendars(), moment=moments())
def test_next_working_moment_is_idempotent_and_not_earlier(cal: WorkCalendar, moment: dt.datetime) -> None:
    nxt = cal.next_working_moment(moment)
    assert nxt >= moment
    assert cal.is_working_time(nxt)
    assert cal.next_working_moment(nxt) == nxt
    # Nothing workable was skipped on the way.
    assert cal.working_hours_between(moment, nxt) == 0.0
    if cal.is_working_time(moment):
        assert nxt == moment
    else:
        # Not working time: the answer is the opening of a period.
        assert nxt in period_starts(cal, nxt.astimezone(TZ).date())


@SETTINGS
@given(cal=calendars(), moment=moments())
def test_next_working_moment_does_not_depend_on_the_timezone_of_the_input(
    cal: WorkCalendar, moment: dt.datetime
) -> None:
    assert cal.next_working_moment(moment.astimezone(UTC)) == cal.next_working_moment(moment)
    assert cal.is_working_time(moment.astimezone(UTC)) == cal.is_working_time(moment)


# --- add working hours -------------------------------------------------------------------------


@SETTINGS
@given(cal=calendars(), start=moments(), h=hours)
def test_add_working_hours_counts_exactly_h_working_hours(cal: WorkCalendar, start: dt.datetime, h: float) -> None:
    result = cal.add_working_hours(start, h)
    begun = cal.next_working_moment(start)
    assert result.started_at == begun
    assert result.due >= begun >= start
    assert abs(cal.working_hours_between(begun, result.due) - h) < TOL
    # Counting from the receipt itself gives the same: the time before `begun` is not working time.
    assert abs(cal.working_hours_between(start, result.due) - h) < TOL
    assert result.due.utcoffset() == dt.timedelta(hours=7)


@SETTINGS
@given(cal=calendars(), start=moments(), h=hours)
def test_due_is_working_time_or_the_end_of_a_period(cal: WorkCalendar, start: dt.datetime, h: float) -> None:
    due = cal.add_working_hours(start, h).due
    day = due.astimezone(TZ).date()
    assert cal.is_working_day(day)
    assert cal.is_working_time(due) or due in period_ends(cal, day)
    if dt.timedelta(hours=h) > dt.timedelta(0):  # (a float below half a microsecond rounds to nothing)
        # The earliest such moment: never the opening of a period after a break (that would be the
        # end of the previous one), so the instant just before it is working time.
        assert cal.is_working_time(due - MICRO)
    else:
        assert due == cal.next_working_moment(start)


@SETTINGS
@given(cal=calendars(), start=moments(), a=hours, b=hours)
def test_add_working_hours_is_monotonic(cal: WorkCalendar, start: dt.datetime, a: float, b: float) -> None:
    lo, hi = sorted((a, b))
    due_lo = cal.add_working_hours(start, lo).due
    due_hi = cal.add_working_hours(start, hi).due
    assert due_lo <= due_hi


@SETTINGS
@given(cal=calendars(), start=moments(), a=minute_hours, b=minute_hours)
def test_add_working_hours_is_strictly_monotonic_in_whole_minutes(
    cal: WorkCalendar, start: dt.datetime, a: float, b: float
) -> None:
    assume(a != b)
    lo, hi = sorted((a, b))
    assert cal.add_working_hours(start, lo).due < cal.add_working_hours(start, hi).due


@SETTINGS
@given(cal=calendars(), s1=moments(), s2=moments(), h=hours)
def test_later_receipt_never_gets_an_earlier_due(cal: WorkCalendar, s1: dt.datetime, s2: dt.datetime, h: float) -> None:
    early, late = sorted((s1, s2))
    assert cal.add_working_hours(early, h).due <= cal.add_working_hours(late, h).due


@SETTINGS
@given(start=moments(), n=st.one_of(st.integers(0, 60).map(float), st.sampled_from([0.5, 1.5, 2.25, 10.5])))
def test_add_working_days_is_eight_hours_a_day_on_the_default_calendar(start: dt.datetime, n: float) -> None:
    by_days = DEFAULT.add_working_days(start, n)
    by_hours = DEFAULT.add_working_hours(start, 8 * n)
    assert DEFAULT.hours_per_day == 8
    assert by_days.due == by_hours.due
    assert by_days.started_at == by_hours.started_at
    assert by_days.skipped == by_hours.skipped


@SETTINGS
@given(day=days, n=st.integers(1, 40))
def test_n_days_from_the_opening_end_at_the_close_of_the_nth_working_day(day: dt.date, n: int) -> None:
    """From the opening of a working day, N days end at the close of the N-th working day (counting
    the day of receipt) — on the default calendar every working day, "làm bù" too, has 8 hours."""
    cal = DEFAULT
    first = next(cal.working_days_from(day))
    opening = cal.periods_on(first)[0][0]
    due = cal.add_working_days(opening, n).due
    due_day = due.astimezone(TZ).date()
    assert due == cal.close_of(due_day)
    assert cal.working_days_between(first, due_day) == n - 1


@SETTINGS
@given(cal=calendars(), start=moments(), a=hours, b=hours)
def test_additivity_in_working_hours(cal: WorkCalendar, start: dt.datetime, a: float, b: float) -> None:
    """add(add(s, a).due, b) lands on the same working position as add(s, a + b)."""
    assume(a > 0)
    first = cal.add_working_hours(start, a).due
    chained = cal.add_working_hours(first, b).due
    direct = cal.add_working_hours(start, a + b).due
    # When `first` is the end of a period and b == 0, `chained` is the next opening and `direct` is
    # `first`: different instants, but no working time between them.
    assert cal.working_hours_between(min(chained, direct), max(chained, direct)) < TOL
    assert chained >= direct - MICRO  # float hours are rounded to the microsecond, once or twice


@SETTINGS
@given(cal=calendars(), start=moments(), a=minute_hours, b=minute_hours)
def test_additivity_is_exact_in_whole_minutes(cal: WorkCalendar, start: dt.datetime, a: float, b: float) -> None:
    assume(a > 0)
    first = cal.add_working_hours(start, a).due
    chained = cal.add_working_hours(first, b).due
    direct = cal.add_working_hours(start, a + b).due
    if b > 0:
        assert chained == direct
    else:
        assert chained == cal.next_working_moment(direct)


@SETTINGS
@given(cal=calendars(), start=moments(), h=hours)
def test_due_does_not_depend_on_the_timezone_of_the_receipt(cal: WorkCalendar, start: dt.datetime, h: float) -> None:
    assert cal.add_working_hours(start.astimezone(UTC), h).due == cal.add_working_hours(start, h).due


# --- explanation -------------------------------------------------------------------------------


@SETTINGS
@given(cal=calendars(), start=moments(), h=hours)
def test_skipped_days_are_exactly_the_days_off_strictly_between(
    cal: WorkCalendar, start: dt.datetime, h: float
) -> None:
    result = cal.add_working_hours(start, h)
    first, last = start.astimezone(TZ).date(), result.due.astimezone(TZ).date()
    skipped_days = [d for d, _ in result.skipped]
    assert skipped_days == sorted(set(skipped_days))
    for d, reason in result.skipped:
        assert first < d < last
        assert not cal.is_working_day(d)
        assert reason
    # Complete: every day off in between is listed.
    between = [first + dt.timedelta(days=i) for i in range(1, (last - first).days)]
    assert skipped_days == [d for d in between if not cal.is_working_day(d)]
    lines = result.explanation()
    assert lines[0] == result.rule
    assert lines[-1].startswith("Hạn trả kết quả: ")
    assert lines[-1].endswith(f"{fmt_date(last)}.")
    assert len(lines) == 3 + len(result.skipped)
    for (d, reason), line in zip(result.skipped, lines[2:-1], strict=True):
        assert line.startswith("Không tính ")
        assert fmt_date(d) in line
        assert reason in line


# --- same day ----------------------------------------------------------------------------------


@SETTINGS
@given(cal=calendars(), received=moments())
def test_same_day_is_the_close_of_the_receipt_day_or_the_next_working_day(
    cal: WorkCalendar, received: dt.datetime
) -> None:
    result = cal.same_day(received)
    day = received.astimezone(TZ).date()
    due_day = result.due.astimezone(TZ).date()
    assert cal.is_working_day(due_day)
    assert result.due == cal.close_of(due_day)
    assert result.due > received
    assert due_day in (day, cal.next_working_day(day))
    same = (
        cal.is_working_day(day)
        and received.time().replace(second=0, microsecond=0) <= cal.cutoff
        and received < cal.close_of(day)
    )
    assert (due_day == day) == same
    for d, _ in result.skipped:
        assert day < d < due_day
        assert not cal.is_working_day(d)


@SETTINGS
@given(received=moments(), cutoff=st.builds(dt.time, st.integers(0, 23), st.integers(0, 59)))
def test_same_day_with_an_explicit_cutoff_on_the_default_calendar(received: dt.datetime, cutoff: dt.time) -> None:
    result = DEFAULT.same_day(received, cutoff)
    day = received.date()
    due_day = result.due.date()
    assert result.due.time() == dt.time(17, 0)
    if (
        DEFAULT.is_working_day(day)
        and received.time().replace(second=0, microsecond=0) <= cutoff
        and received.time() < dt.time(17, 0)
    ):
        assert due_day == day
    else:
        assert due_day == DEFAULT.next_working_day(day)
    if DEFAULT.is_working_day(day):
        assert cutoff.strftime("%H:%M") in result.rule
    else:
        assert "ngày không làm việc" in result.rule


# --- counting days -----------------------------------------------------------------------------


@SETTINGS
@given(cal=calendars(), a=days, b=days, c=days)
def test_working_days_between_is_additive(cal: WorkCalendar, a: dt.date, b: dt.date, c: dt.date) -> None:
    a, b, c = sorted((a, b, c))
    assert cal.working_days_between(a, b) + cal.working_days_between(b, c) == cal.working_days_between(a, c)
    assert cal.working_days_between(c, a) == 0  # end <= start: nothing
    assert cal.working_days_between(a, a + dt.timedelta(days=1)) == int(cal.is_working_day(a))


@SETTINGS
@given(cal=calendars(), a=moments(), b=moments(), c=moments())
def test_working_hours_between_is_additive(cal: WorkCalendar, a: dt.datetime, b: dt.datetime, c: dt.datetime) -> None:
    a, b, c = sorted((a, b, c))
    left = cal.working_hours_between(a, b) + cal.working_hours_between(b, c)
    assert abs(left - cal.working_hours_between(a, c)) < TOL
    assert cal.working_hours_between(c, a) == 0.0  # end <= start: nothing


@SETTINGS
@given(cal=calendars(), day=days)
def test_day_classification_is_consistent(cal: WorkCalendar, day: dt.date) -> None:
    info = cal.day(day)
    assert info.working == cal.is_working_day(day) == bool(cal.periods_on(day))
    if not info.working:
        assert info.reason
    if cal is DEFAULT and info.working:
        assert len(cal.periods_on(day)) == 2
        assert cal.close_of(day).time() == dt.time(17, 0)
    nxt = cal.next_working_day(day)
    assert nxt > day
    assert cal.is_working_day(nxt)
    assert cal.working_days_between(day + dt.timedelta(days=1), nxt) == 0
