"""Calendar-day periods (the complaint law) through the one deadlines API: Bộ luật Dân sự 2015 Art. 147–148 —
the day of receipt is not counted, the period ends at 24:00 of its last day, and a last day that is a day off
moves the end to the end of the next working day unless the unit's setting says otherwise."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.conftest import Personas
from tests.workdays.test_calendar_properties import SETTINGS, calendars, moments
from thanthien.workdays import actions
from thanthien.workdays.calendar import CalendarError, DayInfo, WorkCalendar
from thanthien.workdays.deadlines import CALENDAR_DAYS, SAME_DAY, WORKING_DAYS, WORKING_HOURS, due_for_unit, due_moment

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
END_OF_DAY = dt.time.max
periods = st.integers(1, 120)


def at(y: int, m: int, d: int, hh: int = 9, mm: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=TZ)


# --- cases ---------------------------------------------------------------------------------------


def test_the_day_of_receipt_is_not_counted() -> None:
    due = due_moment(WorkCalendar(), at(2024, 10, 7), CALENDAR_DAYS, 3)  # Monday + 3 → Thursday 10/10
    assert due.due == dt.datetime.combine(dt.date(2024, 10, 10), END_OF_DAY, TZ)
    text = " ".join(due.explanation())
    assert "không tính ngày nhận 07/10/2024" in text and "24 giờ ngày 10/10/2024" in text


def test_a_last_day_on_the_weekend_runs_to_the_end_of_monday() -> None:
    due = due_moment(WorkCalendar(), at(2024, 10, 4), CALENDAR_DAYS, 8)  # Friday + 8 → Saturday 12/10
    assert due.due.date() == dt.date(2024, 10, 14)
    assert "Điều 148 khoản 5" in " ".join(due.explanation())


def test_the_roll_forward_is_a_setting() -> None:
    due = due_moment(WorkCalendar(roll_forward=False), at(2024, 10, 4), CALENDAR_DAYS, 8)
    assert due.due.date() == dt.date(2024, 10, 12)
    assert "không kéo dài" in " ".join(due.explanation())


def test_days_off_in_the_middle_are_counted_and_an_extra_day_off_rolls_too() -> None:
    storm = {dt.date(2024, 10, 14): DayInfo(False, "Bão số 3")}
    due = due_moment(WorkCalendar(exceptions=storm), at(2024, 10, 4), CALENDAR_DAYS, 8)
    assert due.due.date() == dt.date(2024, 10, 15)  # Sat, Sun, then the storm Monday
    assert due_moment(WorkCalendar(), at(2024, 9, 27), CALENDAR_DAYS, 10).due.date() == dt.date(2024, 10, 7)


def test_a_period_over_tet_ends_after_the_holidays() -> None:
    # 29/01/2025 is Tết (26/01–02/02/2025 off); 30 days from 30/12/2024 end on it.
    due = due_moment(WorkCalendar(), at(2024, 12, 30), CALENDAR_DAYS, 30)
    assert due.due.date() == dt.date(2025, 2, 3)


@pytest.mark.parametrize("amount", [0, -1, 2.5])
def test_a_calendar_period_is_a_whole_number_of_days(amount: float) -> None:
    with pytest.raises(CalendarError, match="số ngày nguyên"):
        due_moment(WorkCalendar(), at(2024, 10, 7), CALENDAR_DAYS, amount)


def test_the_api_keeps_the_desk_rules() -> None:
    cal, start = WorkCalendar(), at(2024, 10, 7)
    assert due_moment(cal, start, WORKING_DAYS, 3).due == cal.add_working_days(start, 3).due
    assert due_moment(cal, start, WORKING_HOURS, 8).due == cal.add_working_hours(start, 8).due
    assert due_moment(cal, start, SAME_DAY).due == cal.same_day(start).due
    with pytest.raises(CalendarError, match="không hợp lệ"):
        due_moment(cal, start, "weeks", 1)


# --- properties ----------------------------------------------------------------------------------


@SETTINGS
@given(calendars(), moments(), periods, st.booleans())
def test_the_end_is_24h_of_the_last_day_or_the_next_working_day(
    cal: WorkCalendar, start: dt.datetime, days: int, roll: bool
) -> None:
    due = cal.add_calendar_days(start, days, roll_forward=roll)
    local = due.due.astimezone(TZ)
    assert local.time() == END_OF_DAY
    last = start.astimezone(TZ).date() + dt.timedelta(days=days)
    if not roll or cal.is_working_day(last):
        assert local.date() == last
    else:
        assert local.date() > last and cal.is_working_day(local.date())
        gap = (local.date() - last).days
        assert all(not cal.is_working_day(last + dt.timedelta(days=i)) for i in range(gap))


@SETTINGS
@given(calendars(), moments(), periods)
def test_the_hour_of_receipt_does_not_matter(cal: WorkCalendar, start: dt.datetime, days: int) -> None:
    morning = start.astimezone(TZ).replace(hour=0, minute=0, second=0, microsecond=0)
    night = morning.replace(hour=23, minute=59)
    assert cal.add_calendar_days(morning, days).due == cal.add_calendar_days(night, days).due


@SETTINGS
@given(calendars(), moments(), periods, st.booleans())
def test_a_longer_period_never_ends_earlier(cal: WorkCalendar, start: dt.datetime, days: int, roll: bool) -> None:
    assert cal.add_calendar_days(start, days, roll).due <= cal.add_calendar_days(start, days + 1, roll).due


@SETTINGS
@given(calendars(), moments(), periods)
def test_rolling_forward_only_ever_extends(cal: WorkCalendar, start: dt.datetime, days: int) -> None:
    assert cal.add_calendar_days(start, days, False).due <= cal.add_calendar_days(start, days, True).due


# --- the setting, from the database and the page ------------------------------------------------


@pytest.mark.django_db
def test_the_setting_is_inherited_and_audited(personas: Personas) -> None:
    from thanthien.audit.models import AuditEntry

    start = at(2024, 10, 4)
    assert due_for_unit(personas.commune_a, start, CALENDAR_DAYS, 8).due.date() == dt.date(2024, 10, 14)
    actions.set_cutoff(None, personas.province, dt.time(16))
    actions.set_roll_forward(personas.sysadmin, personas.province, False)
    assert due_for_unit(personas.commune_a, start, CALENDAR_DAYS, 8).due.date() == dt.date(2024, 10, 12)
    actions.set_roll_forward(personas.admin_a, personas.commune_a, True)
    assert due_for_unit(personas.commune_a, start, CALENDAR_DAYS, 8).due.date() == dt.date(2024, 10, 14)
    # Storing the commune's choice did not reset the cut-off it inherits from the province.
    assert due_for_unit(personas.commune_a, start, SAME_DAY).rule.startswith("Trả trong ngày: nhận trước 16:00")
    entry = AuditEntry.objects.filter(action="workdays.roll_forward_changed").order_by("pk").first()
    assert entry is not None and entry.changes == {"roll_forward": [True, False]}


@pytest.mark.django_db
def test_the_page_says_which_rule_applies_and_the_calculator_counts_calendar_days(personas: Personas) -> None:
    client = personas.client(personas.admin_a)
    page = client.get("/lich-lam-viec/", {"unit": "X16012"}).content.decode()
    assert "Điều 147–148" in page and "kéo dài đến hết ngày làm việc tiếp theo" in page
    response = client.post("/lich-lam-viec/ngay-lich/", {"unit": "X16012", "roll_forward": "0"}, follow=True)
    assert "thời hạn <strong>không kéo dài</strong>" in response.content.decode()
    query = {"unit": "X16012", "received": "04/10/2024 09:00", "amount": "8", "mode": "calendar_days"}
    page = client.get("/lich-lam-viec/", query).content.decode()
    assert "24 giờ ngày 12/10/2024" in page
    page = client.get("/lich-lam-viec/", query | {"amount": "2.5"}).content.decode()
    assert "phải là số ngày nguyên" in page
    assert (
        personas.client(personas.supervisor)
        .post("/lich-lam-viec/ngay-lich/", {"unit": "X16012", "roll_forward": "1"})
        .status_code
        == 403
    )
