"""Importing a commune's civil registry (births, marriages, deaths) from CSV/XLSX.

The same rules as the dossier import: every line is checked first and every bad line is reported with its
number; when any line is bad nothing is written; otherwise the file is applied in one transaction. Importing
the same file again changes nothing: a line is matched with the stored event on (unit, kind, register number,
registration day) when it has a register number, else on (unit, kind, registration day, person, contact).
A matched event takes the line's non-empty values (an empty cell never erases what is stored). No signal per
event: a registry of past years must not set off a letter each; the letters sweep finds what is owed, and
`letter_sent_on` tells it which letters were already delivered.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from thanthien.audit.log import record
from thanthien.core.tabular import ImportReport, LineError, TabularError, read_rows, text
from thanthien.core.vn import fold
from thanthien.onestop.validators import clean_phone
from thanthien.org.models import Unit
from thanthien.org.scoping import require_role

from .actions import CIVIL_ROLES, clean_event
from .models import CivilEvent, EventKind

COLUMNS = [
    "kind",
    "register_number",
    "registered_on",
    "event_date",
    "person_name",
    "partner_name",
    "contact_name",
    "contact_address",
    "contact_phone",
    "letter_sent_on",
]
# A file may leave out the optional columns; without these four no line could be recorded.
REQUIRED = ["kind", "registered_on", "person_name", "contact_name"]
DATE_COLUMNS = {
    "registered_on": "ngày đăng ký",
    "event_date": "ngày sinh / kết hôn / mất",
    "letter_sent_on": "ngày đã gửi thư",
}
# Fields a matched event takes from the line when the line's cell is not empty.
MERGED = [
    "register_number",
    "event_date",
    "person_name",
    "partner_name",
    "contact_name",
    "contact_address",
    "contact_phone",
    "contact_email",
    "letter_sent_on",
]
WRITE_BATCH = 500
DATE_HELP = "ghi theo dạng YYYY-MM-DD, ví dụ 2024-10-08 (hoặc 08/10/2024)"
KIND_HELP = "ghi birth, marriage, death hoặc khai sinh, kết hôn, khai tử"
CONCURRENT_CHANGE = (
    "Trong lúc nhập, sổ hộ tịch của đơn vị vừa được ghi bởi người khác hoặc một lần nhập khác; chưa có thay đổi "
    "nào được ghi. Vui lòng nhập lại tệp."
)


_KIND_NAMES = {
    EventKind.BIRTH: ["birth", "khai sinh", "dang ky khai sinh", "sinh", "ks"],
    EventKind.MARRIAGE: ["marriage", "ket hon", "dang ky ket hon", "kh"],
    EventKind.DEATH: ["death", "khai tu", "dang ky khai tu", "tu", "kt"],
}
KINDS: dict[str, str] = {name: str(kind) for kind, names in _KIND_NAMES.items() for name in names}
_KIND_HINTS = [("khai sinh", EventKind.BIRTH), ("ket hon", EventKind.MARRIAGE), ("khai tu", EventKind.DEATH)]


def parse_kind(value: str) -> str | None:
    key = fold(value)
    if key in KINDS:
        return KINDS[key]
    for hint, kind in _KIND_HINTS:
        if hint in key:
            return str(kind)
    return None


_YMD = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?")
_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
# Excel's serial day numbers for 1900-01-01 .. 2199-12-31.
_SERIALS = range(1, 110_000)


def parse_date(value: Any) -> dt.date | None:
    """YYYY-MM-DD, dd/mm/yyyy or a spreadsheet date cell; empty → None; anything else → ValueError."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _number_date(value)
    raw = " ".join(str(value).split())
    if m := _YMD.fullmatch(raw):
        year, month, day = (int(x) for x in m.groups())
    elif m := _DMY.fullmatch(raw):
        day, month, year = (int(x) for x in m.groups())
    elif m := _COMPACT.fullmatch(raw):
        year, month, day = (int(x) for x in m.groups())
    else:
        raise ValueError(raw)
    return dt.date(year, month, day)


def _number_date(value: float) -> dt.date:
    """A number cell: 20241008 typed as a number, or Excel's serial day (a date cell stored without format)."""
    if float(value).is_integer() and _COMPACT.fullmatch(str(int(value))) and int(value) > 19000000:
        return parse_date(str(int(value)))  # type: ignore[return-value]
    if int(value) in _SERIALS:
        from openpyxl.utils.datetime import from_excel

        moment = from_excel(value)
        if isinstance(moment, dt.datetime):
            return moment.date()
        if isinstance(moment, dt.date):
            return moment
    raise ValueError(str(value))


_NUMBERISH = re.compile(r"\d+(?:\.0+)?|\d(?:\.\d+)?[eE]\+?\d+")


def parse_phone(value: Any) -> str:
    """A phone as people type it, or as a spreadsheet keeps it: a number cell loses the leading 0
    (0912345678 → 912345678; 02373852222 → 2373852222); raises ValidationError."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        raise ValidationError("Số điện thoại không hợp lệ.")
    if isinstance(value, int | float):
        if isinstance(value, float) and not value.is_integer():
            raise ValidationError("Số điện thoại không hợp lệ.")
        raw = str(int(value))
    else:
        raw = str(value).strip().lstrip("'")
        if _NUMBERISH.fullmatch(raw):
            raw = str(int(float(raw)))  # "912345678.0", "9.12345678E+8" from a CSV saved by a spreadsheet
    digits = re.sub(r"[\s.\-()]", "", raw)
    if digits.isdigit() and ((len(digits) == 9 and digits[0] in "35789") or (len(digits) == 10 and digits[0] == "2")):
        digits = "0" + digits
        return clean_phone(digits)
    return clean_phone(raw)


def _name(value: str) -> str:
    return " ".join(value.split())


def _same(value: str) -> str:
    return unicodedata.normalize("NFC", " ".join(value.split())).casefold()


@dataclass
class EventRow:
    line: int
    values: dict[str, Any]  # cleaned, as CivilEvent takes them

    @property
    def number_key(self) -> tuple[str, str, dt.date] | None:
        number = self.values["register_number"]
        return (self.values["kind"], _same(number), self.values["registered_on"]) if number else None

    @property
    def person_key(self) -> tuple[str, dt.date, str, str]:
        v = self.values
        return (v["kind"], v["registered_on"], _same(v["person_name"]), _same(v["contact_name"]))


def parse_line(raw: dict[str, Any], today: dt.date, problems: list[str]) -> dict[str, Any] | None:
    """Check one line; its problems (Vietnamese, without the line number) go to `problems`."""
    values: dict[str, Any] = {}
    unreadable: set[str] = set()  # cells already reported: the rules that read them are not run
    kind_text = text(raw, "kind")
    values["kind"] = parse_kind(kind_text) if kind_text else None
    if values["kind"] is None:
        unreadable.add("kind")
        if kind_text:
            problems.append(f"loại sự kiện (kind) “{kind_text}” không hợp lệ: {KIND_HELP}")
        else:
            problems.append(f"thiếu loại sự kiện (kind): {KIND_HELP}")
    for column, label in DATE_COLUMNS.items():
        try:
            values[column] = parse_date(raw.get(column))
        except (ValueError, OverflowError):
            problems.append(f"{label} ({column}) “{text(raw, column)}” không hợp lệ: {DATE_HELP}")
            values[column] = None
            unreadable.add(column)
    for column in ("register_number", "person_name", "partner_name", "contact_name", "contact_address"):
        values[column] = _name(text(raw, column))
    values["contact_email"] = text(raw, "contact_email")
    try:
        values["contact_phone"] = parse_phone(raw.get("contact_phone"))
    except ValidationError as exc:
        problems.append(f"{_fragment(exc.messages[0])} (contact_phone: “{text(raw, 'contact_phone')}”)")
        values["contact_phone"] = ""
    ok = _collect(values, today, problems, skip=unreadable)
    return values if ok and not unreadable else None


def _collect(values: dict[str, Any], today: dt.date, problems: list[str], skip: set[str] | None = None) -> bool:
    try:
        values.update(clean_event(values, today))
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            if skip and field in skip:
                continue
            column = field if field in COLUMNS or field == "contact_email" else None
            for message in messages:
                problems.append(_fragment(message) + (f" ({column})" if column else ""))
        return False
    return not problems


def _fragment(message: str) -> str:
    message = message.strip().rstrip(".")
    return message[:1].lower() + message[1:]


def import_civil_events(
    actor: User | None, unit: Unit, source: str | Path | IO[bytes], filename: str | None = None
) -> ImportReport:
    """Import the civil events of `unit` (a commune) from CSV/XLSX; `actor` None = the command line.

    Raises PermissionDenied (no civil role at the unit) or ValidationError (not a commune-level unit);
    bad lines are returned in the report and then nothing is written."""
    if actor is not None:
        require_role(actor, unit, CIVIL_ROLES)
    if not unit.is_commune_level:
        raise ValidationError(
            f"{unit.name} không phải đơn vị cấp xã: chỉ nhập sổ hộ tịch cho xã, phường, thị trấn, đặc khu."
        )
    raw, name = _read_source(source, filename)
    report = ImportReport()
    today = timezone.localdate()
    rows: list[EventRow] = []
    try:
        for line, values in read_rows(io.BytesIO(raw), REQUIRED, name):
            report.total += 1
            problems: list[str] = []
            cleaned = parse_line(values, today, problems)
            if problems:
                report.errors.append(LineError(line, "; ".join(problems) + "."))
            elif cleaned is not None:
                rows.append(EventRow(line, cleaned))
    except TabularError as exc:
        report.errors.append(LineError(1, str(exc)))
        return report
    _check_within_file(rows, report.errors)
    creates, updates = _plan(unit, rows, report)
    if report.errors:
        report.errors.sort(key=lambda e: e.line)
        return report
    try:
        with transaction.atomic():
            CivilEvent.objects.bulk_create(
                [CivilEvent(unit=unit, created_by=actor, **r.values) for r in creates], batch_size=WRITE_BATCH
            )
            if updates:
                CivilEvent.objects.bulk_update(updates, MERGED, batch_size=100)
            report.created, report.updated = len(creates), len(updates)
            report.unchanged = len(rows) - report.created - report.updated
            if report.created or report.updated:
                record(actor, "civil.events_imported", unit=unit, note=report.summary())
    except IntegrityError:
        report.created = report.updated = report.unchanged = 0
        report.errors.append(LineError(1, CONCURRENT_CHANGE))
    return report


def _read_source(source: str | Path | IO[bytes], filename: str | None) -> tuple[bytes, str]:
    if isinstance(source, str | Path):
        raw, name = Path(source).read_bytes(), filename or str(source)
    else:
        raw, name = source.read(), filename or getattr(source, "name", "") or ""
    return raw, name


def _check_within_file(rows: list[EventRow], errors: list[LineError]) -> None:
    """A line that repeats an earlier one (same number, or same person without a number to tell them apart)."""
    by_number: dict[tuple[str, str, dt.date], int] = {}
    by_person: dict[tuple[str, dt.date, str, str], list[tuple[int, bool]]] = defaultdict(list)
    bad: set[int] = set()
    for r in rows:
        key = r.number_key
        if key is not None and key in by_number:
            errors.append(
                LineError(
                    r.line,
                    f"trùng với dòng {by_number[key]} (cùng loại sự kiện, số đăng ký {r.values['register_number']} "
                    "và ngày đăng ký).",
                )
            )
            bad.add(r.line)
            continue
        if key is not None:
            by_number[key] = r.line
        earlier = [line for line, numbered in by_person[r.person_key] if not (numbered and key is not None)]
        if earlier:
            errors.append(
                LineError(
                    r.line,
                    f"trùng với dòng {earlier[0]} (cùng loại sự kiện, ngày đăng ký, họ tên và người nhận thư) mà "
                    "không có số đăng ký để phân biệt.",
                )
            )
            bad.add(r.line)
            continue
        by_person[r.person_key].append((r.line, key is not None))
    rows[:] = [r for r in rows if r.line not in bad]


def _plan(unit: Unit, rows: list[EventRow], report: ImportReport) -> tuple[list[EventRow], list[CivilEvent]]:
    """Match every line with the stored events: create, update (non-empty cells that differ) or keep."""
    creates: list[EventRow] = []
    updates: list[CivilEvent] = []
    if not rows:
        return creates, updates
    days = [r.values["registered_on"] for r in rows]
    stored = list(CivilEvent.objects.filter(unit=unit, registered_on__range=(min(days), max(days))).order_by("pk"))
    by_number: dict[tuple[str, str, dt.date], CivilEvent] = {}
    by_person: dict[tuple[str, dt.date, str, str], list[CivilEvent]] = defaultdict(list)
    for e in stored:
        if e.register_number:
            by_number.setdefault((e.kind, _same(e.register_number), e.registered_on), e)
        by_person[(e.kind, e.registered_on, _same(e.person_name), _same(e.contact_name))].append(e)
    matched: dict[int, int] = {}  # stored event id → the line that matched it
    for r in rows:
        event = _match(r, by_number, by_person)
        if event is None:
            creates.append(r)
            continue
        if event.pk in matched:
            report.errors.append(
                LineError(r.line, f"dòng này và dòng {matched[event.pk]} cùng là một sự kiện đã có trong sổ ({event}).")
            )
            continue
        matched[event.pk] = r.line
        changed = False
        for name in MERGED:
            value = r.values[name]
            if value not in (None, "") and getattr(event, name) != value:
                setattr(event, name, value)
                changed = True
        if changed:
            updates.append(event)
    return creates, updates


def _match(
    r: EventRow,
    by_number: dict[tuple[str, str, dt.date], CivilEvent],
    by_person: dict[tuple[str, dt.date, str, str], list[CivilEvent]],
) -> CivilEvent | None:
    key = r.number_key
    if key is not None:
        if key in by_number:
            return by_number[key]
        # The same event stored earlier without its number (typed in, or an older file): the line adds it.
        return next((e for e in by_person.get(r.person_key, []) if not e.register_number), None)
    candidates = by_person.get(r.person_key, [])
    return candidates[0] if candidates else None
