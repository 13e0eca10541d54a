"""What a calendar change does to the due dates that apps have promised (issue 7 item 13, issue 8 item 10).

Apps that hold due dates computed from a unit's calendar register a `DueHolder`; a calendar action calls
`recompute` inside its own transaction, so the change and every moved due date commit or roll back together,
and the moves are kept on the `CalendarChange` for the page that lists them. `workdays` stays foundation: it
never imports the apps, they register themselves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from .calendar import TZ, DayInfo, WorkCalendar, _fmt_hours


@dataclass(frozen=True)
class DueMove:
    """One open record whose due moment moved. No personal data: the code, the procedure, the unit."""

    holder: str
    object_id: int
    label: str
    title: str
    unit_id: int
    unit_name: str
    old_due: str  # ISO 8601 with offset
    new_due: str
    shift: str  # "+1 ngày làm việc", "−3,5 giờ làm việc"
    url: str
    print_url: str = ""

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


# (actor, unit ids or None for every unit, first day affected) → the moves it made
Recompute = Callable[[Any, list[int] | None, dt.date], list[DueMove]]
# (user, object ids) → one PDF with every document to reprint, or None when the user may print none of them
BatchPrint = Callable[[Any, list[int]], bytes | None]
# (user, unit id) → whether the user may print this holder's documents of that unit. The document carries the
# person's data and secrets (a receipt: the lookup PIN), so the app that owns it says who prints, not workdays.
MayReprint = Callable[[Any, int], bool]


@dataclass(frozen=True)
class DueHolder:
    name: str
    label: str  # what the records are called on the page: "Hồ sơ một cửa"
    recompute: Recompute
    batch_print: BatchPrint | None = None
    print_label: str = "In lại giấy hẹn"
    may_reprint: MayReprint | None = None  # None: nobody reprints through the calendar page


def may_reprint(user: Any, holder_name: str, unit_id: int) -> bool:
    """Whether `user` may reprint the documents of `holder_name` for `unit_id`: the holder's own rule."""
    holder = HOLDERS.get(holder_name)
    if holder is None or holder.batch_print is None or holder.may_reprint is None:
        return False
    return holder.may_reprint(user, unit_id)


HOLDERS: dict[str, DueHolder] = {}


def register_due_holder(holder: DueHolder) -> None:
    HOLDERS[holder.name] = holder


def recompute(actor: Any, unit_ids: list[int] | None, first_day: dt.date) -> list[DueMove]:
    moves: list[DueMove] = []
    for holder in HOLDERS.values():
        moves.extend(holder.recompute(actor, unit_ids, first_day))
    return moves


def shift_text(calendar: WorkCalendar, old: dt.datetime, new: dt.datetime, by_days: bool = False) -> str:
    """How far a due moment moved, in the unit of its time limit, on the unit's calendar (the one after the
    change); the calendar days in brackets when they differ.

    `by_days` (a limit in working days): the working days the due date moved by, counted in whole days — the
    working days after the earlier due date up to the later one. A due moved within one day is said in hours.
    Otherwise, working hours between the two moments. Each moment was working time on its own calendar (the old
    due on the old one), so its day is counted as a working day even when the change has just made it a day off:
    a due at 09:55 on the new day off that moves to 09:55 the next working day moved one working day (8 hours),
    not the 2,42 hours left on the next working day before 09:55."""
    earlier, later = min(old, new), max(old, new)
    sign = "+" if new > old else "−"
    days = _whole_working_days(calendar, earlier, later) if by_days else 0
    if days:
        text = f"{sign}{days} ngày làm việc"
    else:
        text, days = _hours_text(sign, _endpoints_working(calendar, earlier, later), earlier, later)
    calendar_days = abs((new.astimezone(TZ).date() - old.astimezone(TZ).date()).days)
    if calendar_days and calendar_days != days:
        text += f" ({sign}{calendar_days} ngày theo lịch)"
    return text


def _whole_working_days(calendar: WorkCalendar, earlier: dt.datetime, later: dt.datetime) -> int:
    first, last = earlier.astimezone(TZ).date(), later.astimezone(TZ).date()
    return calendar.working_days_between(first + dt.timedelta(days=1), last + dt.timedelta(days=1))


def _endpoints_working(calendar: WorkCalendar, earlier: dt.datetime, later: dt.datetime) -> WorkCalendar:
    """`calendar` with the days of both moments working (see `shift_text`)."""
    days = {m.astimezone(TZ).date() for m in (earlier, later)}
    off = {d: DayInfo(True, "") for d in days if not calendar.is_working_day(d)}
    if not off:
        return calendar
    return WorkCalendar(calendar.week, {**calendar.exceptions, **off}, calendar.cutoff, calendar.roll_forward)


def _hours_text(sign: str, calendar: WorkCalendar, earlier: dt.datetime, later: dt.datetime) -> tuple[str, int]:
    """The text and the whole working days it amounts to (0 when not a whole number of them)."""
    hours = calendar.working_hours_between(earlier, later)
    days = hours / calendar.hours_per_day
    if hours and float(round(days, 6)).is_integer():
        return f"{sign}{round(days)} ngày làm việc", round(days)
    if hours:
        return f"{sign}{_fmt_hours(round(hours, 2))} giờ làm việc", 0
    return "cùng thời gian làm việc", 0  # e.g. 17:00 → 07:30 the next day: no working time lies between
