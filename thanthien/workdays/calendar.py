"""Working-time arithmetic for one unit: is this working time, add N working days or hours,
"same day unless received after the cut-off", working days between two dates — each due date
with an explanation a person can read.

A unit's calendar = its weekly working hours (its own, else the nearest unit above with some, else
Mon–Fri 07:30–11:30 and 13:00–17:00) + Vietnam's statutory holidays from `holidays` + exception days
(extra day off, "làm bù" working day) set nationwide or on the unit or any unit above it.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import holidays

from thanthien.lib.vn import fmt_date, weekday_name

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
Period = tuple[dt.time, dt.time]
DEFAULT_WEEK: dict[int, list[Period]] = {
    day: [(dt.time(7, 30), dt.time(11, 30)), (dt.time(13, 0), dt.time(17, 0))] for day in range(5)
}
DEFAULT_CUTOFF = dt.time(15, 0)
# Far enough for any statutory time limit; a loop that runs past it means a calendar with no working time.
MAX_SCAN_DAYS = 3 * 366
_SWAP = re.compile(r"thay cho ngày (\d{2})/(\d{2})/(\d{4})")


class CalendarError(ValueError):
    pass


# The years a calendar is kept for (the page's year picker too): outside them a date is a typing slip ("0135",
# "9999"), the holiday tables know nothing, and counting forward would run off the end of the calendar.
YEAR_MIN, YEAR_MAX = 2000, 2100


def year_problem(day: dt.date) -> str | None:
    """Why `day` cannot be used in a calendar (Vietnamese), or None."""
    if YEAR_MIN <= day.year <= YEAR_MAX:
        return None
    return f"Ngày {fmt_date(day)} không dùng được: năm phải trong khoảng {YEAR_MIN}–{YEAR_MAX}."


@functools.lru_cache(maxsize=64)
def statutory_holidays(year: int) -> dict[dt.date, str]:
    """Vietnam's public holidays in Vietnamese, as the `holidays` package knows them."""
    return dict(holidays.country_holidays("VN", language="vi", years=year).items())


@functools.lru_cache(maxsize=64)
def swapped_working_days(year: int) -> dict[dt.date, str]:
    """Saturdays worked in exchange for a bridging day off ("Ngày nghỉ (thay cho ngày 04/05/2024)")."""
    out: dict[dt.date, str] = {}
    for y in (year - 1, year, year + 1):
        for day, name in statutory_holidays(y).items():
            if m := _SWAP.search(name):
                worked = dt.date(int(m[3]), int(m[2]), int(m[1]))
                if worked.year == year:
                    out[worked] = f"Ngày làm bù (hoán đổi với ngày nghỉ {fmt_date(day)})"
    return out


@dataclass(frozen=True)
class DayInfo:
    working: bool
    reason: str  # why a day is off, or why a normally-off day is worked; "" for an ordinary working day


@dataclass
class DueDate:
    due: dt.datetime
    started_at: dt.datetime
    rule: str
    skipped: list[tuple[dt.date, str]] = field(default_factory=list)

    def explanation(self) -> list[str]:
        """Lines a desk officer can read to a citizen."""
        lines = [self.rule]
        if self.started_at is not None:
            lines.append(f"Bắt đầu tính từ {fmt_moment(self.started_at)}.")
        for day, reason in self.skipped:
            lines.append(f"Không tính {weekday_name(day)} {fmt_date(day)}: {reason}.")
        lines.append(f"Hạn trả kết quả: {fmt_moment(self.due)}.")
        return lines


def fmt_moment(moment: dt.datetime) -> str:
    local = moment.astimezone(TZ)
    return f"{local:%H:%M} {weekday_name(local.date())} {fmt_date(local.date())}"


class WorkCalendar:
    def __init__(
        self,
        week: dict[int, list[Period]] | None = None,
        exceptions: dict[dt.date, DayInfo] | None = None,
        cutoff: dt.time = DEFAULT_CUTOFF,
        roll_forward: bool = True,
    ) -> None:
        self.week = {d: sorted(p) for d, p in (week if week is not None else DEFAULT_WEEK).items() if p}
        if not self.week:
            raise CalendarError("Lịch làm việc không có giờ làm việc nào trong tuần.")
        self.exceptions = exceptions or {}
        self.cutoff = cutoff
        # Calendar-day periods ending on a day off run to the end of the next working day (BLDS 2015 Art. 148.5).
        self.roll_forward = roll_forward
        self._days: dict[dt.date, DayInfo] = {}
        # The standard day: the pattern used for a "làm bù" day whose weekday has no hours of its own.
        # and "one working day" in hours: the longest day, so a half-day Saturday does not shorten it.
        self.standard_periods = max(self.week.values(), key=_hours)
        self.hours_per_day = _hours(self.standard_periods)

    # --- days ----------------------------------------------------------------------------------

    def day(self, day: dt.date) -> DayInfo:
        info = self._days.get(day)
        if info is None:
            info = self._days[day] = self._classify(day)
        return info

    def _classify(self, day: dt.date) -> DayInfo:
        if day in self.exceptions:
            return self.exceptions[day]
        if name := statutory_holidays(day.year).get(day):
            return DayInfo(False, f"nghỉ lễ, tết ({name})")
        if reason := swapped_working_days(day.year).get(day):
            return DayInfo(True, reason)
        if day.weekday() in self.week:
            return DayInfo(True, "")
        return DayInfo(False, "ngày nghỉ hằng tuần")

    def is_working_day(self, day: dt.date) -> bool:
        return self.day(day).working

    def periods_on(self, day: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
        if not self.is_working_day(day):
            return []
        periods = self.week.get(day.weekday(), self.standard_periods)
        return [(dt.datetime.combine(day, s, TZ), dt.datetime.combine(day, e, TZ)) for s, e in periods]

    def close_of(self, day: dt.date) -> dt.datetime:
        return self.periods_on(day)[-1][1]

    def working_days_from(self, day: dt.date) -> Iterator[dt.date]:
        for offset in range(MAX_SCAN_DAYS):
            current = day + dt.timedelta(days=offset)
            if self.is_working_day(current):
                yield current
        raise CalendarError("Không tìm thấy ngày làm việc trong ba năm tới; kiểm tra lại lịch làm việc.")

    def next_working_day(self, day: dt.date) -> dt.date:
        return next(self.working_days_from(day + dt.timedelta(days=1)))

    # --- moments -------------------------------------------------------------------------------

    def is_working_time(self, moment: dt.datetime) -> bool:
        local = _local(moment)
        return any(s <= local < e for s, e in self.periods_on(local.date()))

    def next_working_moment(self, moment: dt.datetime) -> dt.datetime:
        """`moment` itself if it is working time, else the start of the next working period."""
        local = _local(moment)
        for day in self.working_days_from(local.date()):
            for s, e in self.periods_on(day):
                if local < e:
                    return max(s, local)
        raise CalendarError("unreachable")  # pragma: no cover

    def add_working_hours(self, start: dt.datetime, hours: float, rule: str | None = None) -> DueDate:
        if hours < 0:
            raise CalendarError("Số giờ làm việc không được âm.")
        remaining = dt.timedelta(hours=hours)
        local = _local(start)
        begun = self.next_working_moment(local)
        moment = begun
        for day in self.working_days_from(begun.date()):
            for s, e in self.periods_on(day):
                if e <= moment:
                    continue
                seg_start = max(s, moment)
                if e - seg_start >= remaining:
                    due = seg_start + remaining
                    text = rule or f"Thời hạn {_fmt_hours(hours)} giờ làm việc."
                    return DueDate(due, begun, text, self.days_off_between(local.date(), due.date()))
                remaining -= e - seg_start
                moment = e
        raise CalendarError("unreachable")  # pragma: no cover

    def add_working_days(self, start: dt.datetime, days: float) -> DueDate:
        hours = days * self.hours_per_day
        rule = (
            f"Thời hạn {_fmt_hours(days)} ngày làm việc = {_fmt_hours(hours)} giờ làm việc "
            f"({_fmt_hours(self.hours_per_day)} giờ mỗi ngày)."
        )
        return self.add_working_hours(start, hours, rule)

    def same_day(self, received: dt.datetime, cutoff: dt.time | None = None) -> DueDate:
        """Close of the day of receipt; the close of the next working day when received after the
        cut-off, or on a day that is not a working day (weekend desk)."""
        limit = cutoff or self.cutoff
        local = _local(received)
        day = local.date()
        # The cut-off is read to the minute, as the desk clock shows it: 15:00:40 is still 15:00.
        received_minute = local.time().replace(second=0, microsecond=0)
        if self.is_working_day(day) and received_minute <= limit and local < self.close_of(day):
            rule = f"Trả trong ngày: nhận trước {limit:%H:%M} nên trả trong ngày làm việc nhận hồ sơ."
            due_day = day
        else:
            why = (
                f"nhận sau {limit:%H:%M}"
                if self.is_working_day(day)
                else f"nhận vào ngày không làm việc ({self.day(day).reason})"
            )
            rule = f"Trả trong ngày: {why} nên hẹn trả vào ngày làm việc tiếp theo."
            due_day = self.next_working_day(day)
        due = self.close_of(due_day)
        return DueDate(due, local, rule, self.days_off_between(day, due_day))

    def add_calendar_days(self, start: dt.datetime, days: int, roll_forward: bool | None = None) -> DueDate:
        """A period in calendar days, as the Civil Code counts it (Bộ luật Dân sự 2015): the day of `start` is
        not counted (Art. 147.2); the period ends at 24:00 of its last day (Art. 148.1, 148.6); when that day is
        a weekend, a holiday or a day off, at 24:00 of the next working day (Art. 148.5) — unless `roll_forward`
        (default: the calendar's setting) is off."""
        if days < 1 or not float(days).is_integer():
            raise CalendarError("Thời hạn tính theo ngày lịch phải là số ngày nguyên, ít nhất 1 ngày.")
        local = _local(start)
        first = local.date() + dt.timedelta(days=1)
        last = local.date() + dt.timedelta(days=int(days))
        roll = self.roll_forward if roll_forward is None else roll_forward
        rule = [
            f"Thời hạn {int(days)} ngày tính theo ngày lịch (kể cả ngày nghỉ); không tính ngày nhận "
            f"{fmt_date(local.date())} (Bộ luật Dân sự 2015, Điều 147).",
        ]
        end_day = last
        if not self.is_working_day(last):
            if roll:
                end_day = self.next_working_day(last)
                rule.append(
                    f"Ngày cuối cùng của thời hạn {weekday_name(last)} {fmt_date(last)} là ngày nghỉ "
                    f"({self.day(last).reason}) nên thời hạn kết thúc vào cuối ngày làm việc tiếp theo, "
                    f"{weekday_name(end_day)} {fmt_date(end_day)} (Điều 148 khoản 5)."
                )
            else:
                rule.append(
                    f"Ngày cuối cùng {fmt_date(last)} là ngày nghỉ; theo thiết lập của đơn vị, "
                    "thời hạn không kéo dài sang ngày làm việc tiếp theo."
                )
        rule.append(f"Thời hạn kết thúc lúc 24 giờ ngày {fmt_date(end_day)} (Điều 148 khoản 6).")
        due = dt.datetime.combine(end_day, dt.time.max, TZ)
        return DueDate(due, dt.datetime.combine(first, dt.time.min, TZ), " ".join(rule))

    # --- counting ------------------------------------------------------------------------------

    def days_off_between(self, first: dt.date, last: dt.date) -> list[tuple[dt.date, str]]:
        """Non-working days strictly between `first` and `last`, with the reason each is off."""
        out = []
        day = first + dt.timedelta(days=1)
        while day < last:
            info = self.day(day)
            if not info.working:
                out.append((day, info.reason))
            day += dt.timedelta(days=1)
        return out

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days in [start, end): 0 when end <= start."""
        count, day = 0, start
        while day < end:
            count += self.is_working_day(day)
            day += dt.timedelta(days=1)
        return count

    def working_hours_between(self, start: dt.datetime, end: dt.datetime) -> float:
        """Working hours in [start, end) — used for "due within N working hours" (at risk)."""
        if end <= start:
            return 0.0
        total = dt.timedelta()
        a, b = _local(start), _local(end)
        day = a.date()
        while day <= b.date():
            for s, e in self.periods_on(day):
                lo, hi = max(s, a), min(e, b)
                if hi > lo:
                    total += hi - lo
            day += dt.timedelta(days=1)
        return total.total_seconds() / 3600


def _local(moment: dt.datetime) -> dt.datetime:
    if moment.tzinfo is None:
        raise CalendarError("Thời điểm phải có múi giờ (aware datetime).")
    return moment.astimezone(TZ)


def _hours(periods: list[Period]) -> float:
    return sum(
        (dt.datetime.combine(dt.date.min, e) - dt.datetime.combine(dt.date.min, s)).total_seconds() / 3600
        for s, e in periods
    )


def _fmt_hours(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}".rstrip("0").replace(".", ",")
