"""Importing a commune's past letters register (`thanthien import letters FILE --unit CODE`, issue 12 item 6).

One declaration for the import framework (thanthien.lib.importing), which reads the file (CSV or XLSX), reports every
bad line with its number and column, refuses in-file duplicates and writes nothing when any line is bad.

A line is one letter sent before the commune used Thân Thiện: signed on ``signed_on`` with the number of the old
register, delivered on ``delivered_on``. It is stored as a delivered letter (status delivered, letter date the
signing day, the delivery recorded with its method and day, as the letters app records a delivery) marked
"Nhập từ sổ cũ", so that it counts in the letters' figures like a letter made here. Its text is on paper only.

``subject`` says what the letter was about. When it names a subject the sweep knows in the commune — a dossier code
for an apology; a dossier code or a civil register number (số đăng ký) of a birth or marriage for a congratulation,
of a death for a condolence; a public feedback's tracking code for thanks — the letter is linked to it, and the sweep
never drafts that letter again. Anything else is kept as the register wrote it.

The natural key is kind, number and year of signing (the letters' own numbering restarts each year): the same letter
imported again is refused with its line, never doubled; the numbering counter of each kind and year is moved past
the imported numbers so that letters approved afterwards get numbers of their own.

The recipient's name is personal data, as in letters made here: never in a line's message nor in the audit trail.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import User
from django.db import models
from django.utils import timezone

from thanthien.audit.log import record, register_actions
from thanthien.civil.models import CivilEvent, EventKind
from thanthien.documents.numbering import advance_to
from thanthien.engagement.feedback import Feedback
from thanthien.lib.cells import DATE_HELP, Cells
from thanthien.lib.importing import Column, Importer, LineError, Ticker, Writer
from thanthien.lib.tabular import text
from thanthien.lib.vn import Lookup, fmt_date
from thanthien.onestop.models import Dossier
from thanthien.org.models import Unit
from thanthien.org.queries import predecessor_ids
from thanthien.org.records import require_commune_writer, writable_communes

from . import texts
from .actions import WRITERS, letter_setting, number_series
from .models import DeliveryMethod, DeliveryStatus, Letter, LetterKind, LetterStatus, SubjectType
from .subjects.feedback import FEEDBACK

register_actions(
    {
        "letters.imported": "Nhập sổ thư cũ từ tệp",
        "letters.imported_one": "Nhập thư từ sổ cũ",
    }
)

# The subject of a letter whose register names nothing the commune's records know: the letter itself.
PAST_REGISTER = "past_register"
IMPORTED_BODY = (
    "Thư đã gửi trước khi xã, phường dùng hệ thống Thân Thiện, nhập từ sổ đăng ký thư cũ; nội dung thư lưu ở bản giấy."
)
IMPORTED_NOTE = "Nhập từ sổ cũ: thư đã được gửi trước khi dùng hệ thống."
DELIVERY_HOUR = dt.time(9)  # the register keeps the day only
WRITE_BATCH = 500
SUBJECT_MAX_CHARS = 300
_NUMBER = re.compile(r"^(?:số\s*)?(\d{1,9})\s*(?:/\s*(\S.*))?$", re.IGNORECASE)


def _choices(choices: type[models.TextChoices], extra: Mapping[str, Iterable[str]]) -> Lookup:
    """The codes, the model's Vietnamese labels and the spellings the old registers use."""
    names: dict[str, list[str]] = {str(c.value): [str(c.value), str(c.label)] for c in choices}
    for value, spellings in extra.items():
        names[value] = [*names[value], *spellings]
    return Lookup(names)


def _help(choices: type[models.TextChoices]) -> str:
    return ", ".join(f"{c.value} ({c.label})" for c in choices)


KINDS = _choices(
    LetterKind,
    {
        "apology": ["xin lỗi", "thư xin lỗi và hẹn lại ngày trả kết quả", "phiếu xin lỗi"],
        "thanks": ["cảm ơn", "cám ơn", "thư cám ơn"],
        "congratulation": ["chúc mừng"],
        "condolence": ["chia buồn", "phân ưu"],
    },
)
DELIVERIES = _choices(
    DeliveryMethod,
    {
        "handed": ["trao tay", "trực tiếp", "trao trực tiếp", "tận tay"],
        "post": ["bưu điện", "bưu chính", "gửi bưu điện"],
        "home_visit": ["đến thăm", "tại nhà", "trao tại nhà", "đến nhà"],
        "email": ["e-mail", "thư điện tử", "mail"],
        "sms": ["tin nhắn", "nhắn tin"],
        "zalo": ["tin nhắn zalo"],
    },
)

COLUMNS = (
    Column("kind", "Loại thư", "Loại thư: " + _help(LetterKind) + ".", "Thư xin lỗi", True),
    Column(
        "number",
        "Số thư",
        "Số của thư trong sổ cũ, có thể kèm ký hiệu (12 hoặc 12/TXL-UBND); sổ đánh số lại mỗi năm theo loại thư.",
        "12/TXL-UBND",
        True,
    ),
    Column("signed_on", "Ngày ký", f"Ngày ký thư ({DATE_HELP}).", "08/10/2024", True),
    Column("recipient_name", "Người nhận", "Họ tên người nhận thư.", "Nguyễn Văn An", True),
    Column(
        "subject",
        "Nội dung (đối tượng của thư)",
        "Mã hồ sơ (thư xin lỗi; thư chúc mừng, chia buồn theo hồ sơ hộ tịch), số đăng ký hộ tịch (thư chúc mừng, "
        "chia buồn) hoặc mã phản ánh (thư cảm ơn): thư được gắn với hồ sơ, sự kiện, phản ánh đó và hệ thống không "
        "lập thư lại; ghi khác thì giữ nguyên như sổ cũ.",
        "H15.50.05.13-241001-0001",
    ),
    Column("delivered_on", "Ngày gửi", f"Ngày thư đến người nhận ({DATE_HELP}).", "09/10/2024", True),
    Column("delivery", "Cách gửi", "Cách gửi: " + _help(DeliveryMethod) + ".", "Trao tận tay", True),
)


@dataclass
class Context:
    unit: Unit
    today: dt.date
    symbols: dict[str, str]


@dataclass
class LetterRow:
    line: int
    kind: str
    number: int
    symbol: str
    signed_on: dt.date
    recipient_name: str
    subject: str
    delivered_on: dt.date
    delivery: str

    @property
    def year(self) -> int:
        return self.signed_on.year

    @property
    def label(self) -> str:
        return f"{LetterKind(self.kind).label.lower()} số {self.number}"


def read_number(cells: Cells, problems: list[str]) -> tuple[int | None, str]:
    """ "12" or "12/TXL-UBND" (a spreadsheet's 12.0 is 12): the number and the symbol written with it."""
    typed = " ".join(text(cells.raw, "number").split())
    if not typed:
        problems.append("thiếu số thư (number): ghi số của thư trong sổ, ví dụ 12 hoặc 12/TXL-UBND")
        return None, ""
    found = _NUMBER.match(typed)
    number = int(found.group(1)) if found else 0
    symbol = (found.group(2) or "").strip() if found else ""
    if not found or not 1 <= number <= 10**6 or len(symbol) > 30:
        problems.append(f"số thư (number) “{typed[:30]}” không hợp lệ: ghi số từ 1, có thể kèm ký hiệu (12/TXL-UBND)")
        return None, ""
    return number, symbol


def parse_letter(line: int, raw: dict[str, Any], ctx: Context, problems: list[str]) -> LetterRow | None:
    cells = Cells(raw, problems, ctx.today)
    kind = cells.coded("kind", "loại thư", KINDS, _help(LetterKind))
    number, symbol = read_number(cells, problems)
    signed_on = cells.day("signed_on", "ngày ký", required=True)
    recipient = cells.text("recipient_name", "người nhận", 150, required=True)
    subject = cells.text("subject", "nội dung (đối tượng của thư)", SUBJECT_MAX_CHARS)
    delivered_on = cells.day("delivered_on", "ngày gửi", required=True)
    delivery = cells.coded("delivery", "cách gửi", DELIVERIES, _help(DeliveryMethod))
    if signed_on is not None and delivered_on is not None and delivered_on < signed_on:
        problems.append(
            f"ngày gửi (delivered_on) {fmt_date(delivered_on)} trước ngày ký (signed_on) {fmt_date(signed_on)}"
        )
    if problems or number is None or signed_on is None or delivered_on is None:
        return None
    return LetterRow(
        line, kind, number, symbol or ctx.symbols[kind], signed_on, recipient, subject, delivered_on, delivery
    )


@dataclass(frozen=True)
class Link:
    """The subject a line's `subject` names: its type and id, the Letter fields that link it, how to say it."""

    subject_type: str
    subject_id: str
    fields: dict[str, Any]
    said: str


def _own_units(unit: Unit) -> set[int]:
    """The commune and the communes merged into it: their dossiers are its own."""
    return {unit.pk} | predecessor_ids({unit.pk})


def _dossier_links(unit: Unit, codes: set[str]) -> dict[str, Link]:
    found = Dossier.objects.filter(unit_id__in=_own_units(unit), code__in=codes).values_list("pk", "code")
    return {code: Link(SubjectType.DOSSIER, str(pk), {"dossier_id": pk}, f"hồ sơ {code}") for pk, code in found}


def _dossiers_elsewhere(unit: Unit, codes: set[str]) -> set[str]:
    """Codes of dossiers of another commune: a typo or the wrong file, never a free-text subject."""
    others = Dossier.objects.filter(code__in=codes).exclude(unit_id__in=_own_units(unit))
    return set(others.values_list("code", flat=True))


CONGRATULATED = (EventKind.BIRTH, EventKind.MARRIAGE)


def _event_links(unit: Unit, rows: list[LetterRow], errors: list[LineError]) -> dict[tuple[str, str], Link]:
    """(kind, subject) → the civil event named by its dossier's code or its register number, of the kinds the
    letter is for; a register number shared by several such events is an error (name the dossier instead)."""
    wanted = {r.subject for r in rows if r.subject and r.kind in (LetterKind.CONGRATULATION, LetterKind.CONDOLENCE)}
    if not wanted:
        return {}
    events = CivilEvent.objects.filter(unit=unit).filter(
        models.Q(dossier__code__in=wanted) | models.Q(register_number__in=wanted)
    )
    by_name: dict[tuple[str, str], list[tuple[int, str]]] = defaultdict(list)
    for pk, event_kind, number, code in events.values_list("pk", "kind", "register_number", "dossier__code"):
        kind = LetterKind.CONDOLENCE if event_kind == EventKind.DEATH else LetterKind.CONGRATULATION
        for name in {number, code} & wanted:
            by_name[(kind, name)].append((pk, event_kind))
    links: dict[tuple[str, str], Link] = {}
    for r in rows:
        found = by_name.get((r.kind, r.subject), [])
        if len(found) > 1:
            errors.append(
                LineError(
                    r.line,
                    f"nội dung (subject) “{r.subject[:40]}” là số đăng ký của {len(found)} sự kiện hộ tịch: "
                    "ghi mã hồ sơ của sự kiện để biết thư gửi cho sự kiện nào.",
                    "subject",
                )
            )
        elif found:
            pk, event_kind = found[0]
            said = f"sự kiện {EventKind(event_kind).label.lower()} {r.subject}"
            links[(r.kind, r.subject)] = Link(SubjectType.CIVIL_EVENT, str(pk), {"civil_event_id": pk}, said)
    return links


def _feedback_links(unit: Unit, codes: set[str]) -> dict[str, Link]:
    found = Feedback.objects.filter(unit=unit, code__in=codes).values_list("pk", "code")
    return {code: Link(FEEDBACK, str(pk), {}, f"phản ánh {code}") for pk, code in found}


def resolve_links(unit: Unit, rows: list[LetterRow], errors: list[LineError]) -> dict[int, Link]:
    """Line → the known subject its `subject` names (lines whose subject names nothing known are absent)."""
    subjects_of: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        if r.subject:
            subjects_of[r.kind].add(r.subject)
    dossiers = _dossier_links(unit, subjects_of[LetterKind.APOLOGY])
    elsewhere = _dossiers_elsewhere(unit, subjects_of[LetterKind.APOLOGY])
    for r in rows:
        if r.kind == LetterKind.APOLOGY and r.subject in elsewhere:
            errors.append(
                LineError(
                    r.line, f"mã hồ sơ “{r.subject[:40]}” là hồ sơ của đơn vị khác, không phải của xã này.", "subject"
                )
            )
    feedback = _feedback_links(unit, subjects_of[LetterKind.THANKS])
    events = _event_links(unit, rows, errors)
    links: dict[int, Link] = {}
    for r in rows:
        if r.kind == LetterKind.APOLOGY:
            link = dossiers.get(r.subject)
        elif r.kind == LetterKind.THANKS:
            link = feedback.get(r.subject)
        else:
            link = events.get((r.kind, r.subject))
        if link is not None:
            links[r.line] = link
    return links


@dataclass
class Plan:
    creates: list[Letter] = field(default_factory=list)


def _stored_numbers(unit: Unit, rows: list[LetterRow]) -> dict[tuple[str, int, int], Letter]:
    found: dict[tuple[str, int, int], Letter] = {}
    by_year: dict[int, set[int]] = defaultdict(set)
    for r in rows:
        by_year[r.year].add(r.number)
    for year, numbers in by_year.items():
        for letter in Letter.objects.filter(unit=unit, year=year, number__in=numbers).only(
            "kind", "year", "number", "letter_date", "imported"
        ):
            found[(letter.kind, year, int(letter.number or 0))] = letter
    return found


def _number_taken(r: LetterRow, stored: Letter) -> str:
    if stored.letter_date == r.signed_on:
        return (
            f"{r.label} ngày {fmt_date(r.signed_on)} đã có trong sổ thư của xã; không nhập lại "
            "(number, signed_on). Bỏ dòng này khỏi tệp."
        )
    signed = f" ngày {fmt_date(stored.letter_date)}" if stored.letter_date else ""
    return (
        f"số {r.number} năm {r.year} của {LetterKind(r.kind).label.lower()} đã dùng cho thư khác{signed}; "
        "kiểm tra lại số thư (number) hoặc ngày ký (signed_on)."
    )


def _subject_taken(unit_letters: set[tuple[str, str, str]], r: LetterRow, link: Link) -> str | None:
    if (r.kind, link.subject_type, link.subject_id) in unit_letters:
        return (
            f"{link.said} đã có {LetterKind(r.kind).label.lower()} trong hệ thống; không nhập thêm thư thứ hai "
            "(subject). Xem thư đó trong sổ thư, hoặc bỏ trống cột subject."
        )
    return None


class LetterImporter(Importer[LetterRow, Context, Plan]):
    kind = "letters"
    label = "Sổ thư đã gửi"
    description = (
        "Thư xin lỗi, cảm ơn, chúc mừng, chia buồn đã gửi trước khi dùng hệ thống: được tính vào số liệu thư và "
        "không bị lập lại."
    )
    columns = COLUMNS
    audit_action = "letters.imported"
    order = 70
    title = "Nhập sổ thư đã gửi từ tệp"

    def authorize(self, actor: User | None, unit: Unit) -> None:
        require_commune_writer(actor, unit, WRITERS, "sổ thư")

    def units_for(self, user: Any) -> list[Unit]:
        return writable_communes(user, WRITERS)

    def prepare(self, unit: Unit, actor: Any) -> Context:
        setting = letter_setting(unit)
        return Context(unit, timezone.localdate(), {k.value: setting.symbol_for(k.value) for k in LetterKind})

    def parse(self, line: int, raw: dict[str, Any], ctx: Context, problems: list[str]) -> LetterRow | None:
        return parse_letter(line, raw, ctx, problems)

    def key(self, row: LetterRow) -> Hashable:
        return (row.kind, row.year, row.number)

    def duplicate(self, key: Any, first_line: int) -> str:
        kind, year, number = key
        return f"{LetterKind(kind).label.lower()} số {number} năm {year} trùng với dòng {first_line}."

    def plan(self, ctx: Context, rows: list[LetterRow], errors: list[LineError], ticker: Ticker) -> Plan:
        plan = Plan()
        stored = _stored_numbers(ctx.unit, rows)
        links = resolve_links(ctx.unit, rows, errors)
        linked = list(links.values())
        taken = set(
            Letter.objects.filter(
                subject_type__in={link.subject_type for link in linked},
                subject_id__in={link.subject_id for link in linked},
            ).values_list("kind", "subject_type", "subject_id")
        )
        first_for: dict[tuple[str, str, str], int] = {}
        for r in rows:
            ticker.step()
            found = stored.get((r.kind, r.year, r.number))
            if found is not None and found.imported and found.letter_date == r.signed_on:
                continue  # this line of the register was imported before: the same file again changes nothing
            if found is not None:
                errors.append(LineError(r.line, _number_taken(r, found), "number, signed_on"))
                continue
            link = links.get(r.line)
            if link is not None:
                problem = _subject_taken(taken, r, link)
                subject_key = (r.kind, link.subject_type, link.subject_id)
                if problem is None and subject_key in first_for:
                    problem = f"{link.said} đã có thư ở dòng {first_for[subject_key]} (subject)."
                if problem is not None:
                    errors.append(LineError(r.line, problem, "subject"))
                    continue
                first_for[subject_key] = r.line
            plan.creates.append(_letter(ctx, r, link))
        return plan

    def counts(self, plan: Plan) -> tuple[int, int]:
        return len(plan.creates), 0

    def apply(self, ctx: Context, plan: Plan, actor: User | None, writer: Writer) -> None:
        for letter in plan.creates:
            letter.created_by = actor if getattr(actor, "is_authenticated", False) else None
        for start in range(0, len(plan.creates), WRITE_BATCH):
            batch = plan.creates[start : start + WRITE_BATCH]
            with writer.batch(len(batch)):
                written = Letter.objects.bulk_create(batch)
                for letter in written:
                    letter.unit = ctx.unit
                    record(actor, "letters.imported_one", letter, unit=ctx.unit, note=IMPORTED_NOTE)
        advance_numbering(ctx.unit, plan.creates)


def _letter(ctx: Context, r: LetterRow, link: Link | None) -> Letter:
    delivered = dt.datetime.combine(r.delivered_on, DELIVERY_HOUR, timezone.get_current_timezone())
    subject_fields: dict[str, Any] = (
        {"subject_type": link.subject_type, "subject_id": link.subject_id, **link.fields}
        if link is not None
        else {"subject_type": PAST_REGISTER, "subject_id": f"{ctx.unit.pk}-{r.year}-{r.number}"}
    )
    return Letter(
        unit=ctx.unit,
        kind=r.kind,
        status=LetterStatus.DELIVERED,
        owed_on=r.signed_on,
        honorific=texts.DEFAULT_HONORIFIC[LetterKind(r.kind)],
        recipient_name=r.recipient_name,
        body=IMPORTED_BODY,
        year=r.year,
        number=r.number,
        symbol=r.symbol,
        letter_date=r.signed_on,
        delivery_method=r.delivery,
        delivery_status=DeliveryStatus.DELIVERED,
        delivered_at=delivered,
        delivery_note=IMPORTED_NOTE,
        imported=True,
        imported_subject=r.subject,
        **subject_fields,
    )


def advance_numbering(unit: Unit, letters: list[Letter]) -> None:
    """Move each kind's and year's counter past the highest imported number, so that the next letter approved
    here gets a number of its own (numbers below the counter stay as the register had them)."""
    top: dict[tuple[str, int], int] = {}
    for letter in letters:
        key = (letter.kind, int(letter.year or 0))
        top[key] = max(top.get(key, 0), int(letter.number or 0))
    for (kind, year), number in top.items():
        advance_to(unit, number_series(kind, year), number)


IMPORTER = LetterImporter()
