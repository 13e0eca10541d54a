"""The one public API for due moments (issue 8 item 6): every app that owes something by a deadline — the
one-stop desk's dossiers today, petitions and complaints next — asks here, and gets the moment with the
explanation a person can read.

    due_moment(calendar, start, WORKING_DAYS, 3)      # 3 working days, counted in working hours
    due_moment(calendar, start, WORKING_HOURS, 8)     # 8 working hours
    due_moment(calendar, start, SAME_DAY)             # close of the day, next working day after the cut-off
    due_moment(calendar, start, CALENDAR_DAYS, 30)    # the complaint law: calendar days, BLDS 2015 Art. 147–148
    due_for_unit(unit, start, CALENDAR_DAYS, 30)      # the same with the unit's own calendar from the database
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from .calendar import CalendarError, DueDate, WorkCalendar

if TYPE_CHECKING:
    from thanthien.org.models import Unit

WORKING_DAYS = "days"
WORKING_HOURS = "hours"
SAME_DAY = "same_day"
CALENDAR_DAYS = "calendar_days"

KIND_LABELS = {
    WORKING_DAYS: "ngày làm việc",
    WORKING_HOURS: "giờ làm việc",
    SAME_DAY: "trả trong ngày",
    CALENDAR_DAYS: "ngày (tính theo ngày lịch)",
}


def due_moment(calendar: WorkCalendar, start: dt.datetime, kind: str, amount: float = 0) -> DueDate:
    """When something received or begun at `start` is due, by `kind` and `amount`, and why. Counting past the
    last date Python knows (from 31/12/9999) is a CalendarError in Vietnamese, never an OverflowError."""
    try:
        return _due_moment(calendar, start, kind, amount)
    except OverflowError:
        raise CalendarError(OUT_OF_RANGE) from None


OUT_OF_RANGE = "Không tính được hạn: thời điểm bắt đầu quá xa trong tương lai; kiểm tra lại ngày và thời hạn."


def _due_moment(calendar: WorkCalendar, start: dt.datetime, kind: str, amount: float) -> DueDate:
    if kind == SAME_DAY:
        return calendar.same_day(start)
    if kind == WORKING_HOURS:
        return calendar.add_working_hours(start, float(amount))
    if kind == WORKING_DAYS:
        return calendar.add_working_days(start, float(amount))
    if kind == CALENDAR_DAYS:
        if not float(amount).is_integer():
            raise CalendarError("Thời hạn tính theo ngày lịch phải là số ngày nguyên, ít nhất 1 ngày.")
        return calendar.add_calendar_days(start, int(amount))
    raise CalendarError(f"Cách tính thời hạn không hợp lệ: {kind}.")


def due_for_unit(unit: Unit | None, start: dt.datetime, kind: str, amount: float = 0) -> DueDate:
    from .queries import calendar_for

    return due_moment(calendar_for(unit), start, kind, amount)
