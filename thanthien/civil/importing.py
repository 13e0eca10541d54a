"""Importing a commune's civil registry (births, marriages, deaths) from CSV/XLSX.

A declaration for the import framework (thanthien.lib.importing): every line is checked first and every bad
line is reported with its number; when any line is bad nothing is written. Importing the same file again
changes nothing: a line is matched with the stored event on (unit, kind, register number, registration day)
when it has a register number, else on (unit, kind, registration day, person, contact); failing both, a line
names the applicant of an event a returned dossier made that day (civil.linking), and completes that event
instead of counting the birth, marriage or death twice. A matched event takes
the line's non-empty values (an empty cell never erases what is stored). No signal per event: a registry of
past years must not set off a letter each; the letters sweep finds what is owed, and `letter_sent_on` tells it
which letters were already delivered.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils import timezone

from thanthien.lib.importing import Column, Importer, ImportReport, LineError, Ticker, Writer, run
from thanthien.lib.tabular import text
from thanthien.lib.vn import Lookup, normalise_phone, read_day
from thanthien.org.models import Unit
from thanthien.org.records import require_commune_writer, writable_communes

from .actions import CIVIL_ROLES, clean_event
from .linking import DossierEvents
from .models import CivilEvent, EventKind

COLUMN_SPECS = [
    Column(
        "kind",
        "Loại sự kiện",
        "Loại sự kiện: birth, marriage, death (hoặc khai sinh, kết hôn, khai tử).",
        "khai sinh",
        True,
    ),
    Column("register_number", "Số đăng ký", "Số đăng ký trong sổ hộ tịch (có thể để trống).", "15"),
    Column(
        "registered_on",
        "Ngày đăng ký",
        "Ngày đăng ký, ví dụ 2024-10-08 hoặc 08/10/2024 (bắt buộc, không ở tương lai).",
        "08/10/2024",
        True,
    ),
    Column(
        "event_date",
        "Ngày sự kiện",
        "Ngày sinh / ngày kết hôn / ngày mất (không sau ngày đăng ký với khai sinh, khai tử).",
        "30/09/2024",
    ),
    Column("person_name", "Họ tên", "Họ tên trẻ; họ tên chồng; họ tên người mất (bắt buộc).", "Nguyễn Gia Huy", True),
    Column("partner_name", "Họ tên vợ", "Họ tên vợ (bắt buộc với kết hôn).", ""),
    Column(
        "contact_name",
        "Người nhận thư",
        "Người nhận thư: cha hoặc mẹ; đôi vợ chồng; đại diện gia đình (bắt buộc).",
        "Nguyễn Văn An",
        True,
    ),
    Column("contact_address", "Địa chỉ người nhận thư", "Địa chỉ người nhận thư.", "Thôn 1"),
    Column("contact_phone", "Số điện thoại", "Số điện thoại người nhận thư (có thể để trống).", "0912345678"),
    Column(
        "letter_sent_on",
        "Ngày đã gửi thư",
        "Ngày đã gửi thư chúc mừng / chia buồn, nếu đã gửi trước khi dùng hệ thống.",
        "",
    ),
    # Last, so that files written for the earlier columns keep their order.
    Column(
        "person_title",
        "Danh xưng người mất",
        "Khai tử: Cụ ông, Cụ bà, Ông, Bà, Anh, Chị, Cháu – thư chia buồn gọi người mất như vậy (có thể để trống).",
        "",
    ),
]
COLUMNS = [c.name for c in COLUMN_SPECS]
# A file may leave out the optional columns; without these four no line could be recorded.
REQUIRED = [c.name for c in COLUMN_SPECS if c.required]
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
    "person_title",
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

KINDS = Lookup(
    {
        EventKind.BIRTH: ["birth", "khai sinh", "dang ky khai sinh", "sinh", "ks"],
        EventKind.MARRIAGE: ["marriage", "ket hon", "dang ky ket hon", "kh"],
        EventKind.DEATH: ["death", "khai tu", "dang ky khai tu", "tu", "kt"],
    },
    [("khai sinh", EventKind.BIRTH), ("ket hon", EventKind.MARRIAGE), ("khai tu", EventKind.DEATH)],
)
parse_kind = KINDS.get
parse_date = read_day
parse_phone = normalise_phone


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
    for column in ("register_number", "person_name", "partner_name", "person_title", "contact_name", "contact_address"):
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


@dataclass
class Context:
    unit: Unit
    today: dt.date


@dataclass
class Plan:
    creates: list[EventRow]
    updates: list[CivilEvent]


class CivilEventImporter(Importer[EventRow, Context, Plan]):
    kind = "civil-events"
    label = "Sổ hộ tịch (khai sinh, kết hôn, khai tử)"
    description = "Các sự kiện khai sinh, kết hôn, khai tử đã đăng ký (kể cả các năm trước) của một xã."
    columns = tuple(COLUMN_SPECS)
    audit_action = "civil.events_imported"
    batched = True
    concurrent_change = CONCURRENT_CHANGE
    order = 40
    title = "Nhập sổ hộ tịch từ tệp"

    def authorize(self, actor: User | None, unit: Unit) -> None:
        require_commune_writer(actor, unit, CIVIL_ROLES, "sổ hộ tịch")

    def units_for(self, user: Any) -> list[Unit]:
        return writable_communes(user, CIVIL_ROLES)

    def prepare(self, unit: Unit, actor: Any) -> Context:
        return Context(unit, timezone.localdate())

    def parse(self, line: int, raw: dict[str, Any], ctx: Context, problems: list[str]) -> EventRow | None:
        cleaned = parse_line(raw, ctx.today, problems)
        return EventRow(line, cleaned) if cleaned is not None and not problems else None

    def check(self, ctx: Context, rows: list[EventRow], errors: list[LineError]) -> list[EventRow]:
        return _check_within_file(rows, errors)

    def plan(self, ctx: Context, rows: list[EventRow], errors: list[LineError], ticker: Ticker) -> Plan:
        return _plan(ctx.unit, rows, errors)

    def counts(self, plan: Plan) -> tuple[int, int]:
        return len(plan.creates), len(plan.updates)

    def apply(self, ctx: Context, plan: Plan, actor: User | None, writer: Writer) -> None:
        for start in range(0, len(plan.creates), WRITE_BATCH):
            batch = plan.creates[start : start + WRITE_BATCH]
            with writer.batch(len(batch)):
                CivilEvent.objects.bulk_create([CivilEvent(unit=ctx.unit, created_by=actor, **r.values) for r in batch])
        for start in range(0, len(plan.updates), WRITE_BATCH):
            changed = plan.updates[start : start + WRITE_BATCH]
            with writer.batch(len(changed)):
                CivilEvent.objects.bulk_update(changed, MERGED, batch_size=100)


IMPORTER = CivilEventImporter()


def import_civil_events(
    actor: User | None,
    unit: Unit,
    source: str | Path | IO[bytes],
    filename: str | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Import the civil events of `unit` (a commune) from CSV/XLSX; `actor` None = the command line.

    Raises PermissionDenied (no civil role at the unit) or ValidationError (not a commune-level unit);
    bad lines are returned in the report and then nothing is written."""
    return run(IMPORTER, actor, unit, source, filename, dry_run=dry_run)


def _check_within_file(rows: list[EventRow], errors: list[LineError]) -> list[EventRow]:
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
    return [r for r in rows if r.line not in bad]


def _plan(unit: Unit, rows: list[EventRow], errors: list[LineError]) -> Plan:
    """Match every line with the stored events: create, update (non-empty cells that differ) or keep."""
    creates: list[EventRow] = []
    updates: list[CivilEvent] = []
    if not rows:
        return Plan(creates, updates)
    days = [r.values["registered_on"] for r in rows]
    stored = list(CivilEvent.objects.filter(unit=unit, registered_on__range=(min(days), max(days))).order_by("pk"))
    by_number: dict[tuple[str, str, dt.date], CivilEvent] = {}
    by_person: dict[tuple[str, dt.date, str, str], list[CivilEvent]] = defaultdict(list)
    for e in stored:
        if e.register_number:
            by_number.setdefault((e.kind, _same(e.register_number), e.registered_on), e)
        by_person[(e.kind, e.registered_on, _same(e.person_name), _same(e.contact_name))].append(e)
    matched: dict[int, int] = {}  # stored event id → the line that matched it
    # The events returned dossiers made: the registry's line of the same event completes one (civil.linking).
    from_dossiers = DossierEvents(stored)
    for r in rows:
        event = _match(r, by_number, by_person) or from_dossiers.claim(r.values)
        if event is None:
            creates.append(r)
            continue
        if event.pk in matched:
            errors.append(
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
    return Plan(creates, updates)


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
