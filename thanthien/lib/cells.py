"""One line's cells as an importer reads them: each reader returns the value or records a Vietnamese problem that
names the column (the runner adds the line number), so one bad cell never hides the next one's problem."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, ClassVar, overload

from django.core.exceptions import ValidationError

from .tabular import text
from .vn import Lookup, fmt_date, normalise_cccd, read_day, read_int

DATE_HELP = "ghi YYYY-MM-DD hoặc dd/mm/yyyy, ví dụ 2024-10-08 hoặc 08/10/2024"
EARLIEST_DAY = dt.date(2000, 1, 1)  # a register of the model's years: an earlier day is a mistyped year
YES_NO = Lookup(
    {
        "yes": ["yes", "y", "có", "x", "1", "true", "đúng", "rồi"],
        "no": ["no", "n", "không", "ko", "0", "false", "chưa"],
    }
)
_YEAR = re.compile(r"^\s*(?:\d{1,2}/\d{1,2}/(\d{4})|(\d{4})-\d{1,2}-\d{1,2})\s*$")
_GROUPED = re.compile(r"^\d{1,3}(?:[.,\s]\d{3})+$")  # 46.804 or 46,804: thousands as the reports write them


class Cells:
    """One line's cells, read with Vietnamese problems (naming the column) collected in `problems`."""

    # A text of at most this many characters is one line: its runs of spaces and line breaks collapse.
    one_line_up_to: ClassVar[int] = 300

    def __init__(self, raw: dict[str, Any], problems: list[str], today: dt.date) -> None:
        self.raw, self.problems, self.today = raw, problems, today

    def text(self, column: str, label: str, limit: int, *, required: bool = False) -> str:
        value = " ".join(text(self.raw, column).split()) if limit <= self.one_line_up_to else text(self.raw, column)
        if required and not value:
            self.problems.append(f"thiếu {label} ({column})")
        if len(value) > limit:
            self.problems.append(f"{label} ({column}) dài quá {limit} ký tự")
        return value

    def day(self, column: str, label: str, *, required: bool = False, future: bool = False) -> dt.date | None:
        """The day, or None (with its problem) when it is missing, unreadable, in the future (unless `future`: a
        deadline, a review date) or before EARLIEST_DAY."""
        try:
            day = read_day(self.raw.get(column))
        except (ValueError, OverflowError):
            typed = text(self.raw, column)
            found = _YEAR.match(typed)
            year = int(next(g for g in found.groups() if g)) if found else None
            if year is not None and year < EARLIEST_DAY.year:  # the form is right, the year is not
                self.problems.append(f"{label} ({column}) trước năm {EARLIEST_DAY.year}: kiểm tra lại năm")
            else:
                self.problems.append(f"{label} ({column}) “{typed[:30]}” không hợp lệ: {DATE_HELP}")
            return None
        if day is None:
            if required:
                self.problems.append(f"thiếu {label} ({column}): {DATE_HELP}")
            return None
        if not future and day > self.today:
            self.problems.append(f"{label} ({column}) {fmt_date(day)} ở tương lai")
            return None
        if day < EARLIEST_DAY:
            self.problems.append(f"{label} ({column}) trước năm {EARLIEST_DAY.year}: kiểm tra lại năm")
            return None
        return day

    def coded(self, column: str, label: str, lookup: Lookup, choices: str, *, required: bool = True) -> str:
        value = text(self.raw, column)
        if not value:
            if required:
                self.problems.append(f"thiếu {label} ({column}): ghi {choices}")
            return ""
        code = lookup.get(value)
        if code is None:
            self.problems.append(f"{label} ({column}) “{value[:60]}” không hợp lệ: ghi {choices}")
            return ""
        return code

    def flag(self, column: str, label: str, default: bool | None) -> bool | None:
        code = self.coded(column, label, YES_NO, "yes/no (có/không)", required=False)
        return default if not code else code == "yes"

    @overload
    def count(self, column: str, label: str, default: int, low: int = 0, high: int = 30_000) -> int: ...

    @overload
    def count(self, column: str, label: str, default: None = None, low: int = 0, high: int = 30_000) -> int | None: ...

    def count(
        self, column: str, label: str, default: int | None = None, low: int = 0, high: int = 30_000
    ) -> int | None:
        """A whole number from `low` to `high` (thousands may be grouped: 46.804); `default` when blank."""
        value = text(self.raw, column)
        if not value:
            return default
        grouped = _GROUPED.match(value)
        number = read_int(re.sub(r"[.,\s]", "", value) if grouped else value, low, high)
        if number is None:
            limits = f"từ {low} đến {high:,}".replace(",", ".")
            self.problems.append(f"{label} ({column}) “{value[:20]}” phải là số nguyên {limits}")
            return default
        return number

    def cccd(self, column: str, label: str) -> str:
        try:
            return normalise_cccd(self.raw.get(column))
        except ValidationError as exc:
            # The number itself is personal data: the message names the column, not what was typed.
            self.problems.append(f"{label} ({column}) không hợp lệ: {exc.messages[0].rstrip('.').lower()}")
            return ""
