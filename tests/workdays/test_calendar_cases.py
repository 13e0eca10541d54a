"""Fixed cases for `thanthien.workdays.calendar`, each with the exact due moment and the reasoning.

Default calendar: Mon–Fri 07:30–11:30 and 13:00–17:00 (8 h a day), same-day cut-off 15:00, Vietnam's
statutory holidays from the `holidays` package (Vietnamese names) plus its "làm bù" Saturdays.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from thanthien.workdays.calendar import (
    CalendarError,
    DayInfo,
    WorkCalendar,
    statutory_holidays,
    swapped_working_days,
)

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def at(day: str, hm: str = "00:00") -> dt.datetime:
    """at("07/02/2024", "10:00") → an aware moment in Hà Nội time."""
    d, m, y = (int(x) for x in day.split("/"))
    hh, mm = (int(x) for x in hm.split(":"))
    return dt.datetime(y, m, d, hh, mm, tzinfo=TZ)


def date(day: str) -> dt.date:
    d, m, y = (int(x) for x in day.split("/"))
    return dt.date(y, m, d)


@pytest.fixture(scope="module")
def cal() -> WorkCalendar:
    return WorkCalendar()


# --- the DOMAIN example and where counting starts -----------------------------------------------


def test_domain_example_monday_10_00_plus_3_days_is_thursday_10_00(cal: WorkCalendar) -> None:
    # 3 days = 24 h. Mon 07/10/2024 10:00–11:30 (1.5) + 13:00–17:00 (4) = 5.5; Tue 8 → 13.5;
    # Wed 8 → 21.5; Thu 2.5 more: 07:30–10:00. Due Thu 10/10/2024 10:00.
    result = cal.add_working_days(at("07/10/2024", "10:00"), 3)
    assert result.due == at("10/10/2024", "10:00")
    assert result.started_at == at("07/10/2024", "10:00")
    assert result.skipped == []


def test_received_on_saturday_starts_monday_07_30(cal: WorkCalendar) -> None:
    # Sat 12/10/2024 and Sun 13/10 are weekly days off; counting starts at the opening on Monday.
    received = at("12/10/2024", "09:15")
    assert cal.next_working_moment(received) == at("14/10/2024", "07:30")
    result = cal.add_working_days(received, 1)
    # One full day from Mon 07:30 ends at Mon 17:00.
    assert result.started_at == at("14/10/2024", "07:30")
    assert result.due == at("14/10/2024", "17:00")
    # Only Sunday lies strictly between Saturday (the receipt day) and Monday.
    assert result.skipped == [(date("13/10/2024"), "ngày nghỉ hằng tuần")]


def test_received_at_lunch_starts_at_13_00(cal: WorkCalendar) -> None:
    received = at("08/10/2024", "12:00")  # Tuesday, lunch break 11:30–13:00
    assert not cal.is_working_time(received)
    assert cal.next_working_moment(received) == at("08/10/2024", "13:00")
    # 2 h from 13:00 → 15:00 the same day.
    assert cal.add_working_hours(received, 2).due == at("08/10/2024", "15:00")


def test_received_after_closing_starts_next_day_07_30(cal: WorkCalendar) -> None:
    received = at("08/10/2024", "17:30")  # Tuesday, after 17:00
    assert cal.next_working_moment(received) == at("09/10/2024", "07:30")
    # 4 h from Wed 07:30 fill the morning exactly: due at the end of the period, 11:30.
    assert cal.add_working_hours(received, 4).due == at("09/10/2024", "11:30")
    # 4.5 h: the morning (4) then 30 minutes after lunch.
    assert cal.add_working_hours(received, 4.5).due == at("09/10/2024", "13:30")


def test_one_day_from_the_opening_ends_at_the_close_the_same_day(cal: WorkCalendar) -> None:
    # 07:30–11:30 (4) + 13:00–17:00 (4) = 8 h = 1 day: due 17:00 the same day, not 07:30 next day.
    assert cal.add_working_days(at("08/10/2024", "07:30"), 1).due == at("08/10/2024", "17:00")
    # Friday: still Friday 17:00, not Monday.
    assert cal.add_working_days(at("11/10/2024", "07:30"), 1).due == at("11/10/2024", "17:00")


def test_period_boundaries(cal: WorkCalendar) -> None:
    # Periods are half-open: [07:30, 11:30) and [13:00, 17:00).
    assert cal.is_working_time(at("08/10/2024", "07:30"))
    assert not cal.is_working_time(at("08/10/2024", "11:30"))
    assert cal.is_working_time(at("08/10/2024", "13:00"))
    assert not cal.is_working_time(at("08/10/2024", "17:00"))
    # At the end of the morning the next working moment is 13:00.
    assert cal.next_working_moment(at("08/10/2024", "11:30")) == at("08/10/2024", "13:00")


def test_zero_hours_is_the_next_working_moment(cal: WorkCalendar) -> None:
    assert cal.add_working_hours(at("12/10/2024", "10:00"), 0).due == at("14/10/2024", "07:30")


def test_half_day_and_fractional_days(cal: WorkCalendar) -> None:
    # 0.5 day = 4 h: Mon 10:00 + 1.5 (to 11:30) + 2.5 (13:00–15:30).
    result = cal.add_working_days(at("07/10/2024", "10:00"), 0.5)
    assert result.due == at("07/10/2024", "15:30")
    assert result.rule == "Thời hạn 0,5 ngày làm việc = 4 giờ làm việc (8 giờ mỗi ngày)."


def test_receipt_in_another_timezone_is_converted(cal: WorkCalendar) -> None:
    # 03:00 UTC = 10:00 in Hà Nội.
    received = dt.datetime(2024, 10, 7, 3, 0, tzinfo=dt.UTC)
    assert cal.add_working_days(received, 3).due == at("10/10/2024", "10:00")


# --- Tết ----------------------------------------------------------------------------------------


def test_tet_2024_holidays() -> None:
    days = statutory_holidays(2024)
    tet = sorted(d for d in days if dt.date(2024, 2, 1) <= d <= dt.date(2024, 2, 29))
    assert tet == [dt.date(2024, 2, d) for d in range(8, 15)]  # Thu 08/02 – Wed 14/02
    assert "Tết Nguyên Đán" in days[dt.date(2024, 2, 10)]


def test_tet_2024_wed_07_02_10_00_plus_3_days_is_mon_19_02_10_00(cal: WorkCalendar) -> None:
    # Wed 07/02: 10:00–11:30 + 13:00–17:00 = 5.5 h. Thu 08/02 – Wed 14/02 are Tết (Sat 10 and Sun 11
    # inside). Thu 15/02: 8 → 13.5; Fri 16/02: 8 → 21.5; Sat 17, Sun 18 off; Mon 19/02: 2.5 more → 10:00.
    result = cal.add_working_days(at("07/02/2024", "10:00"), 3)
    assert result.due == at("19/02/2024", "10:00")
    assert [d for d, _ in result.skipped] == [
        *(dt.date(2024, 2, d) for d in range(8, 15)),
        dt.date(2024, 2, 17),
        dt.date(2024, 2, 18),
    ]
    lines = result.explanation()
    assert lines == [
        "Thời hạn 3 ngày làm việc = 24 giờ làm việc (8 giờ mỗi ngày).",
        "Bắt đầu tính từ 10:00 Thứ Tư 07/02/2024.",
        "Không tính Thứ Năm 08/02/2024: nghỉ lễ, tết (29 Tết).",
        "Không tính Thứ Sáu 09/02/2024: nghỉ lễ, tết (Giao thừa Tết Nguyên Đán).",
        "Không tính Thứ Bảy 10/02/2024: nghỉ lễ, tết (Tết Nguyên Đán).",
        "Không tính Chủ nhật 11/02/2024: nghỉ lễ, tết (Mùng hai Tết Nguyên Đán).",
        "Không tính Thứ Hai 12/02/2024: nghỉ lễ, tết (Mùng ba Tết Nguyên Đán).",
        "Không tính Thứ Ba 13/02/2024: nghỉ lễ, tết (Mùng bốn Tết Nguyên Đán).",
        "Không tính Thứ Tư 14/02/2024: nghỉ lễ, tết (Mùng năm Tết Nguyên Đán).",
        "Không tính Thứ Bảy 17/02/2024: ngày nghỉ hằng tuần.",
        "Không tính Chủ nhật 18/02/2024: ngày nghỉ hằng tuần.",
        "Hạn trả kết quả: 10:00 Thứ Hai 19/02/2024.",
    ]


def test_tet_2025_mon_27_01_to_sat_01_02(cal: WorkCalendar) -> None:
    tet = sorted(d for d in statutory_holidays(2025) if dt.date(2025, 1, 20) <= d <= dt.date(2025, 2, 10))
    assert tet == [dt.date(2025, 1, d) for d in range(27, 32)] + [dt.date(2025, 2, 1)]
    # Fri 24/01/2025 10:00 + 2 days (16 h): Fri 5.5; Sat 25 – Sun 02/02 off (weekend, Tết, Sat 01/02
    # is Tết too, Sun 02/02); Mon 03/02: 8 → 13.5; Tue 04/02: 2.5 → 10:00.
    result = cal.add_working_days(at("24/01/2025", "10:00"), 2)
    assert result.due == at("04/02/2025", "10:00")
    reasons = dict(result.skipped)
    assert len(reasons) == 9  # 25/01 .. 02/02
    assert reasons[date("25/01/2025")] == "ngày nghỉ hằng tuần"
    assert reasons[date("27/01/2025")] == "nghỉ lễ, tết (29 Tết)"
    # A statutory holiday on a Saturday is reported as the holiday, not as the weekend.
    assert reasons[date("01/02/2025")] == "nghỉ lễ, tết (Mùng bốn Tết Nguyên Đán)"
    text = "\n".join(result.explanation())
    assert "Tết Nguyên Đán" in text
    assert "Không tính Thứ Ba 28/01/2025: nghỉ lễ, tết (Giao thừa Tết Nguyên Đán)." in text


def test_tet_2026_mon_16_02_to_fri_20_02(cal: WorkCalendar) -> None:
    tet = sorted(d for d in statutory_holidays(2026) if dt.date(2026, 2, 1) <= d <= dt.date(2026, 2, 28))
    assert tet == [dt.date(2026, 2, d) for d in range(16, 21)]
    # Fri 13/02/2026 10:00 + 1 day (8 h): Fri 5.5; Sat 14 – Sun 22/02 off (two weekends around a
    # whole week of Tết); Mon 23/02: 2.5 → 10:00.
    result = cal.add_working_days(at("13/02/2026", "10:00"), 1)
    assert result.due == at("23/02/2026", "10:00")
    assert [d for d, _ in result.skipped] == [dt.date(2026, 2, d) for d in range(14, 23)]
    assert "Không tính Thứ Hai 16/02/2026: nghỉ lễ, tết (Giao thừa Tết Nguyên Đán)." in result.explanation()


def test_received_during_tet_starts_after_tet(cal: WorkCalendar) -> None:
    # Received on Tết (Mon 12/02/2024): counting starts Thu 15/02/2024 07:30.
    result = cal.add_working_days(at("12/02/2024", "09:00"), 1)
    assert result.started_at == at("15/02/2024", "07:30")
    assert result.due == at("15/02/2024", "17:00")


# --- 2/9 ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "due", "off"),
    [
        # 2024: Mon 02/09 and Tue 03/09. Fri 30/08 10:00 + 8 h: Fri 5.5; Sat, Sun, Mon, Tue off; Wed 2.5.
        ("30/08/2024", "04/09/2024", ["31/08/2024", "01/09/2024", "02/09/2024", "03/09/2024"]),
        # 2025: Mon 01/09 and Tue 02/09. Same shape.
        ("29/08/2025", "03/09/2025", ["30/08/2025", "31/08/2025", "01/09/2025", "02/09/2025"]),
        # 2026: Mon 31/08 (bridge, worked on Sat 22/08), Tue 01/09, Wed 02/09.
        ("28/08/2026", "03/09/2026", ["29/08/2026", "30/08/2026", "31/08/2026", "01/09/2026", "02/09/2026"]),
    ],
)
def test_national_day(cal: WorkCalendar, received: str, due: str, off: list[str]) -> None:
    result = cal.add_working_days(at(received, "10:00"), 1)
    assert result.due == at(due, "10:00")
    assert [d for d, _ in result.skipped] == [date(d) for d in off]
    assert any("Quốc khánh" in reason for _, reason in result.skipped)


def test_national_day_2026_bridge_and_saturday_22_08_worked(cal: WorkCalendar) -> None:
    assert statutory_holidays(2026)[date("31/08/2026")] == "Ngày nghỉ (thay cho ngày 22/08/2026)"
    assert swapped_working_days(2026) == {
        date("22/08/2026"): "Ngày làm bù (hoán đổi với ngày nghỉ 31/08/2026)",
    }
    info = cal.day(date("22/08/2026"))
    assert info.working
    assert "làm bù" in info.reason
    assert not cal.is_working_day(date("31/08/2026"))
    # Fri 21/08/2026 10:00 + 1 day: Fri 5.5; Sat 22/08 is worked (standard day 07:30–17:00): 2.5 → 10:00.
    assert cal.add_working_days(at("21/08/2026", "10:00"), 1).due == at("22/08/2026", "10:00")
    # The following Saturday is an ordinary weekend day.
    assert not cal.is_working_day(date("29/08/2026"))


# --- 30/4 – 1/5 --------------------------------------------------------------------------------


def test_reunification_and_labour_day_2024(cal: WorkCalendar) -> None:
    # 2024: Mon 29/04 (bridge, in exchange for Sat 04/05), Tue 30/04, Wed 01/05.
    for d in ("27/04/2024", "28/04/2024", "29/04/2024", "30/04/2024", "01/05/2024"):
        assert not cal.is_working_day(date(d))
    # Fri 26/04 10:00 + 1 day: Fri 5.5; Sat 27 – Wed 01/05 off; Thu 02/05: 2.5 → 10:00.
    result = cal.add_working_days(at("26/04/2024", "10:00"), 1)
    assert result.due == at("02/05/2024", "10:00")
    reasons = dict(result.skipped)
    assert reasons[date("29/04/2024")] == "nghỉ lễ, tết (Ngày nghỉ (thay cho ngày 04/05/2024))"
    assert reasons[date("30/04/2024")] == "nghỉ lễ, tết (Ngày Chiến thắng)"
    assert reasons[date("01/05/2024")] == "nghỉ lễ, tết (Ngày Quốc tế Lao động)"


def test_swapped_saturday_04_05_2024_is_a_working_day(cal: WorkCalendar) -> None:
    saturday = date("04/05/2024")
    assert saturday.weekday() == 5
    assert swapped_working_days(2024) == {saturday: "Ngày làm bù (hoán đổi với ngày nghỉ 29/04/2024)"}
    assert cal.is_working_day(saturday)
    assert cal.is_working_time(at("04/05/2024", "08:00"))
    assert cal.close_of(saturday) == at("04/05/2024", "17:00")
    # Fri 03/05 10:00 + 1 day: Fri 5.5; Sat 04/05 (worked) 2.5 → 10:00 — not Monday.
    assert cal.add_working_days(at("03/05/2024", "10:00"), 1).due == at("04/05/2024", "10:00")
    # Fri 03/05 10:00 + 2 days: Fri 5.5; Sat 8 → 13.5; Sun off; Mon 06/05 2.5 → 10:00.
    result = cal.add_working_days(at("03/05/2024", "10:00"), 2)
    assert result.due == at("06/05/2024", "10:00")
    assert [d for d, _ in result.skipped] == [date("05/05/2024")]
    # The Sunday after stays a day off.
    assert not cal.is_working_day(date("05/05/2024"))
    # Between Monday 29/04 and Monday 06/05: Thu 02, Fri 03, Sat 04 are the only working days.
    assert cal.working_days_between(date("29/04/2024"), date("06/05/2024")) == 3


def test_reunification_and_labour_day_2025(cal: WorkCalendar) -> None:
    # 2025: Wed 30/04, Thu 01/05, Fri 02/05 (bridge, in exchange for Sat 26/04/2025).
    assert cal.is_working_day(date("26/04/2025"))
    # Tue 29/04 10:00 + 1 day: Tue 5.5; Wed 30/04 – Sun 04/05 off; Mon 05/05: 2.5 → 10:00.
    result = cal.add_working_days(at("29/04/2025", "10:00"), 1)
    assert result.due == at("05/05/2025", "10:00")
    assert len(result.skipped) == 5


def test_reunification_and_labour_day_2026_with_gio_to_made_up(cal: WorkCalendar) -> None:
    # 2026: Giỗ Tổ falls on Sun 26/04, made up on Mon 27/04; 30/04 and 01/05 are Thu and Fri.
    assert not cal.is_working_day(date("27/04/2026"))
    assert cal.day(date("27/04/2026")).reason == "nghỉ lễ, tết (Ngày Giỗ Tổ Hùng Vương (nghỉ bù))"
    # Wed 29/04 10:00 + 1 day: Wed 5.5; Thu 30/04 – Sun 03/05 off; Mon 04/05: 2.5 → 10:00.
    assert cal.add_working_days(at("29/04/2026", "10:00"), 1).due == at("04/05/2026", "10:00")
    # Fri 24/04 10:00 + 1 day: Fri 5.5; Sat, Sun (Giỗ Tổ), Mon (made up) off; Tue 28/04: 2.5 → 10:00.
    assert cal.add_working_days(at("24/04/2026", "10:00"), 1).due == at("28/04/2026", "10:00")


# --- same day -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "due"),
    [
        # Before the cut-off: the close of the same day.
        (at("08/10/2024", "14:59"), at("08/10/2024", "17:00")),
        # Exactly 15:00: the cut-off is inclusive, still the same day.
        (at("08/10/2024", "15:00"), at("08/10/2024", "17:00")),
        # One minute after: the close of the next working day.
        (at("08/10/2024", "15:01"), at("09/10/2024", "17:00")),
        # Early in the morning, before the opening: same day.
        (at("08/10/2024", "06:45"), at("08/10/2024", "17:00")),
        # At lunch (before the cut-off): same day.
        (at("08/10/2024", "12:00"), at("08/10/2024", "17:00")),
        # Friday 16:00 (after the cut-off): Monday's close.
        (at("11/10/2024", "16:00"), at("14/10/2024", "17:00")),
        # Saturday (weekend desk), even in the morning: Monday's close.
        (at("12/10/2024", "09:00"), at("14/10/2024", "17:00")),
        # Sunday: Monday's close.
        (at("13/10/2024", "10:00"), at("14/10/2024", "17:00")),
        # Friday 03/05/2024 after the cut-off: the worked Saturday 04/05/2024.
        (at("03/05/2024", "15:30"), at("04/05/2024", "17:00")),
        # On the worked Saturday itself, before the cut-off: the same Saturday.
        (at("04/05/2024", "10:00"), at("04/05/2024", "17:00")),
    ],
)
def test_same_day(cal: WorkCalendar, received: dt.datetime, due: dt.datetime) -> None:
    result = cal.same_day(received)
    assert result.due == due
    assert result.started_at == received


def test_same_day_rule_texts(cal: WorkCalendar) -> None:
    assert cal.same_day(at("08/10/2024", "14:59")).rule == (
        "Trả trong ngày: nhận trước 15:00 nên trả trong ngày làm việc nhận hồ sơ."
    )
    assert cal.same_day(at("08/10/2024", "15:01")).rule == (
        "Trả trong ngày: nhận sau 15:00 nên hẹn trả vào ngày làm việc tiếp theo."
    )
    assert cal.same_day(at("12/10/2024", "09:00")).rule == (
        "Trả trong ngày: nhận vào ngày không làm việc (ngày nghỉ hằng tuần) nên hẹn trả vào ngày làm việc tiếp theo."
    )


def test_same_day_friday_after_cutoff_lists_the_weekend(cal: WorkCalendar) -> None:
    result = cal.same_day(at("11/10/2024", "16:00"))
    assert result.skipped == [
        (date("12/10/2024"), "ngày nghỉ hằng tuần"),
        (date("13/10/2024"), "ngày nghỉ hằng tuần"),
    ]
    assert result.explanation()[-1] == "Hạn trả kết quả: 17:00 Thứ Hai 14/10/2024."


def test_same_day_received_before_tet_is_returned_after_tet(cal: WorkCalendar) -> None:
    # Wed 07/02/2024 15:30, after the cut-off: the next working day is Thu 15/02/2024 (08–14/02 Tết).
    result = cal.same_day(at("07/02/2024", "15:30"))
    assert result.due == at("15/02/2024", "17:00")
    assert [d for d, _ in result.skipped] == [dt.date(2024, 2, d) for d in range(8, 15)]
    text = "\n".join(result.explanation())
    assert "Tết Nguyên Đán" in text
    assert "08/02/2024" in text
    assert "14/02/2024" in text
    # Before the cut-off the same Wednesday, Tết or not.
    assert cal.same_day(at("07/02/2024", "10:00")).due == at("07/02/2024", "17:00")


def test_same_day_received_during_tet(cal: WorkCalendar) -> None:
    result = cal.same_day(at("09/02/2024", "09:00"))  # Giao thừa, someone at the desk anyway
    assert result.due == at("15/02/2024", "17:00")
    assert "nhận vào ngày không làm việc (nghỉ lễ, tết (Giao thừa Tết Nguyên Đán))" in result.rule


def test_same_day_custom_cutoff() -> None:
    cal = WorkCalendar(cutoff=dt.time(16, 0))
    assert cal.same_day(at("08/10/2024", "15:30")).due == at("08/10/2024", "17:00")
    assert cal.same_day(at("08/10/2024", "16:00")).due == at("08/10/2024", "17:00")
    assert cal.same_day(at("08/10/2024", "16:01")).due == at("09/10/2024", "17:00")
    assert "nhận sau 16:00" in cal.same_day(at("08/10/2024", "16:01")).rule


def test_same_day_cutoff_argument_overrides_the_calendar() -> None:
    cal = WorkCalendar()
    assert cal.same_day(at("08/10/2024", "11:00"), dt.time(10, 30)).due == at("09/10/2024", "17:00")
    assert cal.same_day(at("08/10/2024", "16:30"), dt.time(16, 45)).due == at("08/10/2024", "17:00")


def test_same_day_cutoff_after_closing_still_needs_an_open_desk() -> None:
    # A cut-off later than the close: received after 17:00 goes to the next day anyway.
    cal = WorkCalendar(cutoff=dt.time(18, 0))
    assert cal.same_day(at("08/10/2024", "16:59")).due == at("08/10/2024", "17:00")
    assert cal.same_day(at("08/10/2024", "17:00")).due == at("09/10/2024", "17:00")
    assert cal.same_day(at("08/10/2024", "17:30")).due == at("09/10/2024", "17:00")


def test_same_day_with_a_saturday_morning_desk() -> None:
    # A unit open Saturday mornings: its close is 11:30 that day.
    week = {d: [(dt.time(7, 30), dt.time(11, 30)), (dt.time(13, 0), dt.time(17, 0))] for d in range(5)}
    week[5] = [(dt.time(7, 30), dt.time(11, 30))]
    cal = WorkCalendar(week)
    assert cal.same_day(at("12/10/2024", "09:00")).due == at("12/10/2024", "11:30")
    # Saturday 12:00: before the cut-off but after the close — Monday.
    assert cal.same_day(at("12/10/2024", "12:00")).due == at("14/10/2024", "17:00")
    # Friday 16:00 → the Saturday close.
    assert cal.same_day(at("11/10/2024", "16:00")).due == at("12/10/2024", "11:30")
    # Hours: Fri 16:00 + 3 h = Fri 1 h + Sat 2 h → Sat 09:30.
    assert cal.add_working_hours(at("11/10/2024", "16:00"), 3).due == at("12/10/2024", "09:30")


# --- custom weeks and exceptions ---------------------------------------------------------------


def test_custom_week_uses_its_own_hours_per_day() -> None:
    week = {d: [(dt.time(8, 0), dt.time(12, 0)), (dt.time(13, 30), dt.time(17, 30))] for d in range(5)}
    cal = WorkCalendar(week)
    assert cal.hours_per_day == 8
    assert cal.next_working_moment(at("07/10/2024", "07:45")) == at("07/10/2024", "08:00")
    # Mon 10:00 + 3 days: Mon 2 + 4 = 6; Tue 8 → 14; Wed 8 → 22; Thu 2 → 10:00.
    assert cal.add_working_days(at("07/10/2024", "10:00"), 3).due == at("10/10/2024", "10:00")
    assert cal.same_day(at("07/10/2024", "15:00")).due == at("07/10/2024", "17:30")


def test_swapped_saturday_uses_the_standard_day_when_saturday_has_no_hours() -> None:
    week = {d: [(dt.time(8, 0), dt.time(12, 0))] for d in range(5)}  # mornings only
    cal = WorkCalendar(week)
    assert cal.periods_on(date("04/05/2024")) == [(at("04/05/2024", "08:00"), at("04/05/2024", "12:00"))]


def test_exceptions_override_holidays_and_weekdays() -> None:
    cal = WorkCalendar(
        exceptions={
            date("09/10/2024"): DayInfo(False, "Nghỉ thêm theo quyết định của tỉnh"),
            date("12/10/2024"): DayInfo(True, "Làm bù"),
            date("04/05/2024"): DayInfo(False, "Không làm bù tại đơn vị"),
            date("30/04/2024"): DayInfo(True, "Trực lễ"),
        }
    )
    assert not cal.is_working_day(date("09/10/2024"))
    assert cal.is_working_day(date("12/10/2024"))
    assert not cal.is_working_day(date("04/05/2024"))
    assert cal.is_working_day(date("30/04/2024"))
    # Tue 08/10 10:00 + 2 days (16 h): Tue 5.5; Wed 09 off (exception); Thu 8 → 13.5; Fri 2.5 → 10:00.
    result = cal.add_working_days(at("08/10/2024", "10:00"), 2)
    assert result.due == at("11/10/2024", "10:00")
    assert result.skipped == [(date("09/10/2024"), "Nghỉ thêm theo quyết định của tỉnh")]
    assert "Không tính Thứ Tư 09/10/2024: Nghỉ thêm theo quyết định của tỉnh." in result.explanation()
    # Fri 11/10 16:00, same-day: after the cut-off → the extra working Saturday 12/10.
    assert cal.same_day(at("11/10/2024", "16:00")).due == at("12/10/2024", "17:00")


def test_days_off_between_and_working_days_between(cal: WorkCalendar) -> None:
    # October 2024: 23 weekdays, no holidays.
    assert cal.working_days_between(date("01/10/2024"), date("01/11/2024")) == 23
    # February 2024: 21 weekdays minus five weekday Tết days (08, 09, 12, 13, 14).
    assert cal.working_days_between(date("01/02/2024"), date("01/03/2024")) == 16
    assert cal.working_days_between(date("01/03/2024"), date("01/02/2024")) == 0
    assert cal.days_off_between(date("11/10/2024"), date("14/10/2024")) == [
        (date("12/10/2024"), "ngày nghỉ hằng tuần"),
        (date("13/10/2024"), "ngày nghỉ hằng tuần"),
    ]


def test_working_hours_between(cal: WorkCalendar) -> None:
    assert cal.working_hours_between(at("07/10/2024", "10:00"), at("10/10/2024", "10:00")) == 24.0
    assert cal.working_hours_between(at("07/10/2024", "11:00"), at("07/10/2024", "14:00")) == 1.5
    assert cal.working_hours_between(at("10/10/2024", "10:00"), at("07/10/2024", "10:00")) == 0.0
    # Over Tết 2024: Wed 07/02 all day (8) + Thu 15/02 all day (8).
    assert cal.working_hours_between(at("07/02/2024", "00:00"), at("16/02/2024", "00:00")) == 16.0


# --- errors -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "call",
    [
        lambda cal, m: cal.is_working_time(m),
        lambda cal, m: cal.next_working_moment(m),
        lambda cal, m: cal.add_working_hours(m, 1),
        lambda cal, m: cal.add_working_days(m, 1),
        lambda cal, m: cal.same_day(m),
        lambda cal, m: cal.working_hours_between(m, m + dt.timedelta(days=1)),
    ],
)
def test_naive_datetime_raises(cal: WorkCalendar, call) -> None:
    naive = dt.datetime(2024, 10, 7, 10, 0)
    with pytest.raises(CalendarError):
        call(cal, naive)


def test_calendar_error_is_a_value_error() -> None:
    assert issubclass(CalendarError, ValueError)


def test_negative_hours_raise(cal: WorkCalendar) -> None:
    with pytest.raises(CalendarError):
        cal.add_working_hours(at("07/10/2024", "10:00"), -1)


def test_a_week_without_hours_is_rejected() -> None:
    with pytest.raises(CalendarError):
        WorkCalendar({})
    with pytest.raises(CalendarError):
        WorkCalendar({0: [], 1: []})


def test_a_calendar_with_no_working_day_in_reach_raises() -> None:
    # Every day for more than three years is an exception day off (the "làm bù" Saturdays too).
    start = date("07/10/2024")
    off = {start + dt.timedelta(days=i): DayInfo(False, "nghỉ") for i in range(4 * 366)}
    cal = WorkCalendar(exceptions=off)
    with pytest.raises(CalendarError):
        cal.next_working_moment(at("07/10/2024", "10:00"))
