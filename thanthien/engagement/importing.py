"""Importing a commune's past registers (issue 9 item 9): reception register, dialogues, opinions, petitions.

Four declarations for the import framework (thanthien.lib.importing), which reads the file, reports every bad line
with its number, refuses in-file duplicates by the natural key and writes nothing when any line is bad. Coded
columns take the code (``regular``), the Vietnamese label of the model (``Thường xuyên``) typed with or without
diacritics, and ``có`` / ``không`` for yes / no; days are YYYY-MM-DD, dd/mm/yyyy or a spreadsheet date cell.

What the files mean, and what was decided where the columns leave room:

- ``receptions``: one line per visit, keyed by ``register_number`` (unique in the commune's register; a register that
  restarts its numbers every year is written "12/2024"). Lines of the same day, receiver and session kind are one
  session. A line with ``people`` 0 and no citizen is a session where nobody came (the session keeps the number).
  The receiver's office is read from ``receiver_name`` ("Phó Chủ tịch UBND Lê Văn A" → vice-chairman); failing
  that, ``head_present`` yes → chairman, no → an authorised official. ``note`` is the visit's answer, guidance or
  refusal ground. An outcome ``petition`` is recorded as such: the petition itself comes from the ``petitions``
  file (source ``reception``) and is not linked to the visit, since neither file names the other.
- ``dialogues``: keyed by ``ref`` (or, without one, by day and topic). ``participants`` is the total the old
  registers keep; it is stored as the people taking part (``people_participants``). Whether the Party or the
  People's Committee head chaired is read from ``chaired_by`` ("Bí thư", "Chủ tịch").
- ``opinions``: keyed by source, source_ref, day and content. ``source_ref`` names a reception visit by its
  register number or a dialogue by its ref, in the same commune, already stored: import receptions and dialogues
  first. An answer given the day the opinion was raised is an answer on the spot.
- ``petitions``: keyed by number and the year of ``received_on``. A stored petition with that number is never
  overwritten: a line that differs from it is an error naming the columns. For ``accept`` the acceptance day is
  ``handled_on``. The reason the law asks for (not eligible; returned, archived or refused) is read from ``note``.
  After the import the numbering counter of each year is moved past the imported numbers and the petitions'
  stored due days are computed.

Personal data (citizens' names, addresses, CCCD; who raised an opinion) never appears in a line's message, and the
audit row holds only the report's figures.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from thanthien.audit.log import register_actions
from thanthien.documents.numbering import advance_to
from thanthien.lib.cells import DATE_HELP, Cells
from thanthien.lib.importing import Column, Importer, LineError, Ticker, Writer
from thanthien.lib.tabular import text
from thanthien.lib.vn import Lookup, fold
from thanthien.org.models import Unit
from thanthien.org.records import require_commune_writer, writable_communes

from .actions import petition_series
from .dialogues import (
    DIALOGUE_WRITERS,
    OPINION_MAX_CHARS,
    TOPIC_MAX_CHARS,
    AnswerKind,
    Dialogue,
    Opinion,
    OpinionSource,
)
from .due import refresh_deadlines
from .models import (
    PETITION_WRITERS,
    SUMMARY_MAX_CHARS,
    Direction,
    Outcome,
    Petition,
    PetitionKind,
    Source,
)
from .reception import (
    RECEPTION_WRITERS,
    Receiver,
    ReceptionSession,
    ReceptionVisit,
    SessionKind,
    VisitOutcome,
)

register_actions(
    {
        "engagement.receptions_imported": "Nhập sổ tiếp công dân từ tệp",
        "engagement.dialogues_imported": "Nhập sổ đối thoại từ tệp",
        "engagement.opinions_imported": "Nhập sổ ý kiến, kiến nghị từ tệp",
        "engagement.petitions_imported": "Nhập sổ đơn thư từ tệp",
    }
)

WRITE_BATCH = 500

# --- reading cells ---------------------------------------------------------------------------------------------


def _choices(choices: type[models.TextChoices], extra: Mapping[str, Iterable[str]] | None = None) -> Lookup:
    """The codes and the model's Vietnamese labels (and a few spellings the old registers use)."""
    names: dict[str, list[str]] = {str(c.value): [str(c.value), str(c.label)] for c in choices}
    for value, spellings in (extra or {}).items():
        names[value] = [*names[value], *spellings]
    return Lookup(names)


def _help(choices: type[models.TextChoices]) -> str:
    return ", ".join(f"{c.value} ({c.label})" for c in choices)


SESSION_KINDS = _choices(SessionKind)
SUBJECT_KINDS = _choices(PetitionKind)
VISIT_OUTCOMES = _choices(
    VisitOutcome,
    {
        "answered": ["trả lời", "giải thích", "trả lời trực tiếp", "đã trả lời"],
        "guided": ["hướng dẫn", "đã hướng dẫn"],
        "petition": ["nhận đơn", "tiếp nhận đơn thư", "có đơn"],
        "refused": ["từ chối", "không tiếp"],
    },
)
OPINION_SOURCES = _choices(
    OpinionSource,
    {"meeting": ["tiếp xúc cử tri", "họp dân", "cử tri"], "online": ["online", "mạng"]},
)
PETITION_SOURCES = _choices(Source, {"direct": ["trực tiếp"], "post": ["bưu chính", "bưu điện"]})
DIRECTIONS = _choices(Direction, {"forward": ["chuyển"], "return": ["trả lại"], "archive": ["lưu"]})
OUTCOMES = _choices(
    Outcome,
    {
        "founded": ["đúng toàn bộ", "có cơ sở"],
        "partly_founded": ["đúng một phần", "có đúng có sai"],
        "unfounded": ["không đúng", "sai toàn bộ", "không có cơ sở"],
        "withdrawn": ["rút", "đã rút đơn"],
    },
)
# The receiver's office, read from how the register names them; "phó" before the office it qualifies.
RECEIVERS = Lookup(
    {},
    [
        ("pho chu tich", Receiver.VICE_CHAIRMAN),
        ("pho bi thu", Receiver.DEPUTY_SECRETARY),
        ("chu tich", Receiver.CHAIRMAN),
        ("bi thu", Receiver.SECRETARY),
        ("uy quyen", Receiver.AUTHORISED),
    ],
)


def same(value: str) -> str:
    """What two spellings of one register number, ref or content share (case, spacing, composed accents)."""
    return unicodedata.normalize("NFC", " ".join(value.split())).casefold()


def _changed(obj: models.Model, wanted: Mapping[str, Any]) -> list[str]:
    """Set on `obj` the wanted values that differ; the names of those fields."""
    names = [name for name, value in wanted.items() if getattr(obj, name) != value]
    for name in names:
        setattr(obj, name, wanted[name])
    return names


@dataclass
class Context:
    unit: Unit
    today: dt.date


class _CommuneImporter(Importer[Any, Context, Any]):
    """What the four share: a commune's writers import, checked lines read with `Cells`."""

    roles: ClassVar[frozenset[str]]
    what: ClassVar[str]

    def authorize(self, actor: User | None, unit: Unit) -> None:
        require_commune_writer(actor, unit, self.roles, self.what)

    def units_for(self, user: Any) -> list[Unit]:
        return writable_communes(user, self.roles)

    def prepare(self, unit: Unit, actor: Any) -> Context:
        return Context(unit, timezone.localdate())


def _in_batches(writer: Writer, objects: list[Any], write: Any) -> None:
    for start in range(0, len(objects), WRITE_BATCH):
        batch = objects[start : start + WRITE_BATCH]
        with writer.batch(len(batch)):
            write(batch)


# --- receptions ------------------------------------------------------------------------------------------------

RECEPTION_COLUMNS = (
    Column(
        "register_number",
        "Số thứ tự trong sổ",
        "Số thứ tự của dòng trong sổ tiếp công dân (duy nhất trong sổ của xã; sổ đánh số lại mỗi năm thì ghi 12/2024).",
        "12",
        True,
    ),
    Column("received_on", "Ngày tiếp", f"Ngày tiếp công dân ({DATE_HELP}).", "10/10/2024", True),
    Column("session_kind", "Loại buổi tiếp", "Loại buổi tiếp: " + _help(SessionKind) + ".", "Định kỳ", True),
    Column("head_present", "Người đứng đầu trực tiếp tiếp", "yes/no (có/không).", "có"),
    Column("receiver_name", "Người tiếp", "Họ tên (và chức vụ) người tiếp.", "Chủ tịch UBND Lê Văn Hùng", True),
    Column(
        "citizen_name", "Họ tên công dân", "Để trống cùng people 0: buổi tiếp không có công dân đến.", "Trần Văn Ba"
    ),
    Column("citizen_address", "Địa chỉ công dân", "Địa chỉ (có thể để trống).", "Thôn 2"),
    Column("citizen_id_number", "Số CCCD", "Số CCCD 12 chữ số hoặc CMND 9 chữ số (có thể để trống).", ""),
    Column("people", "Số người", "Số người đến (để trống: 1; 0 khi không có công dân đến).", "1"),
    Column("content", "Nội dung", "Nội dung công dân trình bày.", "Đề nghị cấp giấy chứng nhận quyền sử dụng đất"),
    Column("subject_kind", "Phân loại", "Phân loại: " + _help(PetitionKind) + ".", "Kiến nghị"),
    Column("first_time", "Đến lần đầu", "yes/no (có/không); để trống: có.", "có"),
    Column("outcome", "Kết quả tiếp", "Kết quả: " + _help(VisitOutcome) + ".", "Hướng dẫn"),
    Column("note", "Ghi chú", "Nội dung trả lời, nơi hướng dẫn hoặc căn cứ từ chối.", "Hướng dẫn đến VP ĐKĐĐ"),
)


@dataclass
class ReceptionRow:
    line: int
    register_number: str
    held_on: dt.date
    kind: str
    head: bool | None  # None: the cell was empty
    receiver: str
    receiver_name: str
    nobody: bool
    visit: dict[str, Any]  # the visit's own fields (empty for a session where nobody came)
    note: str

    @property
    def session_key(self) -> tuple[dt.date, str, str]:
        return (self.held_on, same(self.receiver_name), self.kind)


def _receiver(name: str, head: bool | None) -> str:
    found = RECEIVERS.get(name)
    if found is not None:
        return found
    return Receiver.CHAIRMAN if head else Receiver.AUTHORISED


def parse_reception(line: int, raw: dict[str, Any], ctx: Context, problems: list[str]) -> ReceptionRow | None:
    cells = Cells(raw, problems, ctx.today)
    # A session where nobody came has no line number in a paper register: it is found by its day and receiver.
    number = cells.text("register_number", "số thứ tự trong sổ", 40)
    held_on = cells.day("received_on", "ngày tiếp", required=True)
    kind = cells.coded(
        "session_kind",
        "loại buổi tiếp",
        SESSION_KINDS,
        "regular, periodic, unscheduled (thường xuyên, định kỳ, đột xuất)",
    )
    head = cells.flag("head_present", "người đứng đầu trực tiếp tiếp", None)
    receiver_name = cells.text("receiver_name", "người tiếp", 150, required=True)
    name = cells.text("citizen_name", "họ tên công dân", 150)
    people = cells.count("people", "số người", 1)
    note = cells.text("note", "ghi chú", 2_000)
    nobody = people == 0 and not name
    if not number and not nobody:
        problems.append("thiếu số thứ tự trong sổ (register_number)")
    visit: dict[str, Any] = {}
    if people == 0 and name:
        problems.append("số người (people) là 0 nhưng có họ tên công dân (citizen_name)")
    elif not nobody:
        visit = _visit_values(cells, name, people, note)
    elif any(text(raw, c) for c in ("citizen_address", "citizen_id_number", "content", "subject_kind", "outcome")):
        problems.append("buổi không có công dân đến (people 0) không ghi địa chỉ, CCCD, nội dung, phân loại, kết quả")
    if problems or held_on is None:
        return None
    receiver = _receiver(receiver_name, head)
    return ReceptionRow(line, number, held_on, kind, head, receiver, receiver_name, nobody, visit, note)


def _visit_values(cells: Cells, name: str, people: int, note: str) -> dict[str, Any]:
    if not name:
        cells.problems.append("thiếu họ tên công dân (citizen_name); buổi không có công dân đến ghi people 0")
    return {
        "citizen_name": name,
        "citizen_address": cells.text("citizen_address", "địa chỉ công dân", 300),
        "citizen_id_number": cells.cccd("citizen_id_number", "số CCCD"),
        "people": people,
        "content": cells.text("content", "nội dung", 4_000, required=True),
        "subject_kind": cells.coded("subject_kind", "phân loại", SUBJECT_KINDS, _help(PetitionKind)),
        "first_time": bool(cells.flag("first_time", "đến lần đầu", True)),
        "outcome": cells.coded("outcome", "kết quả tiếp", VISIT_OUTCOMES, _help(VisitOutcome)),
        "outcome_note": note,
    }


@dataclass
class ReceptionPlan:
    new_sessions: dict[tuple[dt.date, str, str], ReceptionSession] = field(default_factory=dict)
    new_visits: list[ReceptionVisit] = field(default_factory=list)
    changed_sessions: dict[int, ReceptionSession] = field(default_factory=dict)
    changed_visits: list[ReceptionVisit] = field(default_factory=list)
    created: int = 0
    updated: int = 0


class ReceptionImporter(_CommuneImporter):
    kind = "receptions"
    label = "Sổ tiếp công dân"
    description = "Các buổi tiếp và lượt tiếp công dân đã ghi trong sổ (kể cả các năm trước) của một xã."
    columns = RECEPTION_COLUMNS
    audit_action = "engagement.receptions_imported"
    roles = RECEPTION_WRITERS
    what = "sổ tiếp công dân"
    order = 60
    title = "Nhập sổ tiếp công dân từ tệp"

    def parse(self, line: int, raw: dict[str, Any], ctx: Context, problems: list[str]) -> ReceptionRow | None:
        return parse_reception(line, raw, ctx, problems)

    def key(self, row: ReceptionRow) -> Hashable:
        return same(row.register_number) if row.register_number else ("nobody came", *row.session_key)

    def duplicate(self, key: Any, first_line: int) -> str:
        if isinstance(key, tuple):
            return f"buổi không có công dân đến trùng ngày, người tiếp và loại buổi với dòng {first_line}."
        return f"số thứ tự trong sổ (register_number) trùng với dòng {first_line}."

    def check(self, ctx: Context, rows: list[ReceptionRow], errors: list[LineError]) -> list[ReceptionRow]:
        """One session per day, receiver and kind: the same head_present, and nobody-came only on its own."""
        first: dict[tuple[dt.date, str, str], ReceptionRow] = {}
        bad: set[int] = set()
        for r in rows:
            seen = first.setdefault(r.session_key, r)
            if seen is r:
                continue
            if r.nobody or seen.nobody:
                message = f"cùng buổi tiếp với dòng {seen.line}, mà một trong hai dòng ghi không có công dân đến."
                errors.append(LineError(r.line, message))
                bad.add(r.line)
            elif r.head is not None and seen.head is not None and r.head != seen.head:
                message = (
                    f"cùng buổi tiếp với dòng {seen.line} nhưng ghi khác người đứng đầu trực tiếp tiếp (head_present)."
                )
                errors.append(LineError(r.line, message, "head_present"))
                bad.add(r.line)
            elif seen.head is None:
                seen.head = r.head
        for r in rows:
            r.head = first[r.session_key].head
            r.receiver = _receiver(r.receiver_name, r.head)
        return [r for r in rows if r.line not in bad]

    def plan(self, ctx: Context, rows: list[ReceptionRow], errors: list[LineError], ticker: Ticker) -> ReceptionPlan:
        return _plan_receptions(ctx, rows, errors)

    def counts(self, plan: ReceptionPlan) -> tuple[int, int]:
        return plan.created, plan.updated

    def apply(self, ctx: Context, plan: ReceptionPlan, actor: User | None, writer: Writer) -> None:
        sessions = list(plan.new_sessions.values())
        for s in sessions:
            s.created_by = actor
        _in_batches(writer, sessions, ReceptionSession.objects.bulk_create)
        for v in plan.new_visits:
            v.session_id = v.session.pk
            v.created_by = actor
        _in_batches(writer, plan.new_visits, ReceptionVisit.objects.bulk_create)
        session_fields = [
            "held_on",
            "kind",
            "receiver",
            "receiver_name",
            "head_in_person",
            "nobody_came",
            "register_number",
            "note",
            "updated_at",
        ]
        changed = list(plan.changed_sessions.values())
        _in_batches(writer, changed, lambda b: ReceptionSession.objects.bulk_update(b, session_fields))
        for v in plan.changed_visits:
            v.session_id = v.session.pk
        visit_fields = ["session", *VISIT_FIELDS, "updated_at"]
        _in_batches(writer, plan.changed_visits, lambda b: ReceptionVisit.objects.bulk_update(b, visit_fields))


VISIT_FIELDS = [
    "citizen_name",
    "citizen_address",
    "citizen_id_number",
    "people",
    "content",
    "subject_kind",
    "first_time",
    "outcome",
    "outcome_note",
]


def _session_values(r: ReceptionRow) -> dict[str, Any]:
    return {
        "held_on": r.held_on,
        "kind": r.kind,
        "receiver": r.receiver,
        "receiver_name": r.receiver_name,
        "head_in_person": bool(r.head),
    }


def _plan_receptions(ctx: Context, rows: list[ReceptionRow], errors: list[LineError]) -> ReceptionPlan:
    plan = ReceptionPlan()
    if not rows:
        return plan
    now = timezone.now()
    days = [r.held_on for r in rows]
    sessions = ReceptionSession.objects.filter(unit=ctx.unit, held_on__range=(min(days), max(days))).annotate(
        visit_count=models.Count("visits")
    )
    by_key: dict[tuple[dt.date, str, str], ReceptionSession] = {}
    for s in sessions.order_by("pk"):
        by_key.setdefault((s.held_on, same(s.receiver_name), s.kind), s)
    numbers = {same(r.register_number) for r in rows}
    visits = {
        same(v.register_number): v
        for v in ReceptionVisit.objects.filter(unit=ctx.unit).exclude(register_number="").select_related("session")
        if same(v.register_number) in numbers
    }
    empty = {
        same(s.register_number): s
        for s in ReceptionSession.objects.filter(unit=ctx.unit, nobody_came=True).exclude(register_number="")
        if same(s.register_number) in numbers
    }

    def session_for(r: ReceptionRow) -> ReceptionSession:
        stored = by_key.get(r.session_key)
        if stored is not None:
            return stored
        return plan.new_sessions.setdefault(
            r.session_key, ReceptionSession(unit=ctx.unit, **_session_values(r), nobody_came=False)
        )

    for r in rows:
        if r.nobody:
            _plan_nobody(r, plan, by_key, empty, errors, ctx, now)
            continue
        session = session_for(r)
        if session.pk and session.nobody_came:
            errors.append(
                LineError(r.line, f"buổi tiếp ngày {r.held_on:%d/%m/%Y} đã ghi trong sổ là không có công dân đến.")
            )
            continue
        if session.pk and _changed(session, {"head_in_person": bool(r.head), "receiver": r.receiver}):
            session.updated_at = now
            plan.changed_sessions[session.pk] = session
        stored_visit = visits.get(same(r.register_number))
        if stored_visit is None:
            visit = ReceptionVisit(unit=ctx.unit, register_number=r.register_number, **r.visit)
            visit.session = session
            plan.new_visits.append(visit)
            plan.created += 1
        elif _changed(stored_visit, r.visit) or stored_visit.session_id != session.pk:
            stored_visit.session = session
            stored_visit.updated_at = now
            plan.changed_visits.append(stored_visit)
            plan.updated += 1
    return plan


def _plan_nobody(
    r: ReceptionRow,
    plan: ReceptionPlan,
    by_key: dict[tuple[dt.date, str, str], ReceptionSession],
    empty: dict[str, ReceptionSession],
    errors: list[LineError],
    ctx: Context,
    now: dt.datetime,
) -> None:
    wanted = {**_session_values(r), "nobody_came": True, "register_number": r.register_number, "note": r.note}
    stored = empty.get(same(r.register_number)) or by_key.get(r.session_key)
    if stored is None:
        plan.new_sessions[r.session_key] = ReceptionSession(unit=ctx.unit, **wanted)
        plan.created += 1
        return
    if getattr(stored, "visit_count", 0):
        errors.append(LineError(r.line, f"buổi tiếp ngày {r.held_on:%d/%m/%Y} đã có lượt tiếp công dân trong sổ."))
        return
    if _changed(stored, wanted):
        stored.updated_at = now
        plan.changed_sessions[stored.pk] = stored
        plan.updated += 1


# --- dialogues -------------------------------------------------------------------------------------------------

DIALOGUE_COLUMNS = (
    Column("ref", "Số hiệu", "Số hiệu cuộc đối thoại trong sổ cũ (ý kiến nêu tại đó ghi số hiệu này).", "ĐT-03/2024"),
    Column("held_on", "Ngày đối thoại", f"Ngày đối thoại ({DATE_HELP}).", "15/06/2024", True),
    Column("topic", "Chủ đề", "Chủ đề cuộc đối thoại.", "Giải phóng mặt bằng đường liên thôn", True),
    Column("chaired_by", "Người chủ trì", "Họ tên, chức vụ người chủ trì.", "Bí thư Đảng ủy Nguyễn Văn Tâm", True),
    Column("participants", "Số người tham dự", "Tổng số người tham dự (một số nguyên).", "120"),
    Column("note", "Ghi chú", "Ghi chú (có thể để trống).", ""),
)


@dataclass
class DialogueRow:
    line: int
    values: dict[str, Any]

    @property
    def match_key(self) -> tuple[str, ...]:
        v = self.values
        return ("ref", same(v["ref"])) if v["ref"] else ("topic", v["held_on"].isoformat(), same(v["topic"]))


@dataclass
class DialoguePlan:
    creates: list[Dialogue] = field(default_factory=list)
    updates: list[Dialogue] = field(default_factory=list)


def parse_dialogue(line: int, raw: dict[str, Any], ctx: Context, problems: list[str]) -> DialogueRow | None:
    cells = Cells(raw, problems, ctx.today)
    chaired_by = cells.text("chaired_by", "người chủ trì", 300, required=True)
    folded = fold(chaired_by)
    values = {
        "ref": cells.text("ref", "số hiệu", 40),
        "held_on": cells.day("held_on", "ngày đối thoại", required=True),
        "topic": cells.text("topic", "chủ đề", TOPIC_MAX_CHARS, required=True),
        "chaired_by": chaired_by,
        "party_head_chaired": "bi thu" in folded,
        "committee_head_chaired": "chu tich" in folded,
        "people_participants": cells.count("participants", "số người tham dự", 0, 0, 1_000_000),
        "note": cells.text("note", "ghi chú", 2_000),
    }
    return None if problems or values["held_on"] is None else DialogueRow(line, values)


class DialogueImporter(_CommuneImporter):
    kind = "dialogues"
    label = "Sổ đối thoại"
    description = "Các cuộc đối thoại giữa người đứng đầu cấp ủy, chính quyền xã với Nhân dân (kể cả các năm trước)."
    columns = DIALOGUE_COLUMNS
    audit_action = "engagement.dialogues_imported"
    roles = DIALOGUE_WRITERS
    what = "sổ đối thoại"
    order = 61
    title = "Nhập sổ đối thoại từ tệp"

    def parse(self, line: int, raw: dict[str, Any], ctx: Context, problems: list[str]) -> DialogueRow | None:
        return parse_dialogue(line, raw, ctx, problems)

    def key(self, row: DialogueRow) -> Hashable:
        return row.match_key

    def duplicate(self, key: Any, first_line: int) -> str:
        if key[0] == "ref":
            return f"số hiệu (ref) trùng với dòng {first_line}."
        return f"trùng với dòng {first_line} (cùng ngày và chủ đề, không có số hiệu để phân biệt)."

    def plan(self, ctx: Context, rows: list[DialogueRow], errors: list[LineError], ticker: Ticker) -> DialoguePlan:
        plan = DialoguePlan()
        now = timezone.now()
        stored: dict[tuple[str, ...], Dialogue] = {}
        for d in Dialogue.objects.filter(unit=ctx.unit).order_by("pk"):
            if d.ref:
                stored.setdefault(("ref", same(d.ref)), d)
            stored.setdefault(("topic", d.held_on.isoformat(), same(d.topic)), d)
        for r in rows:
            found = stored.get(r.match_key)
            if found is None:
                plan.creates.append(Dialogue(unit=ctx.unit, **r.values))
            elif _changed(found, r.values):
                found.updated_at = now
                plan.updates.append(found)
        return plan

    def counts(self, plan: DialoguePlan) -> tuple[int, int]:
        return len(plan.creates), len(plan.updates)

    def apply(self, ctx: Context, plan: DialoguePlan, actor: User | None, writer: Writer) -> None:
        for d in plan.creates:
            d.created_by = actor
        _in_batches(writer, plan.creates, Dialogue.objects.bulk_create)
        names = [c.name for c in DIALOGUE_COLUMNS if c.name != "participants"]
        fields_ = [*names, "party_head_chaired", "committee_head_chaired", "people_participants", "updated_at"]
        _in_batches(writer, plan.updates, lambda b: Dialogue.objects.bulk_update(b, fields_))


# --- opinions --------------------------------------------------------------------------------------------------

OPINION_COLUMNS = (
    Column(
        "source",
        "Nguồn",
        "Nơi nêu ý kiến: reception (tiếp công dân), dialogue (đối thoại), meeting (tiếp xúc cử tri, họp dân), "
        "online (trực tuyến).",
        "Tiếp xúc cử tri",
        True,
    ),
    Column(
        "source_ref",
        "Số hiệu nơi nêu",
        "Số thứ tự lượt tiếp trong sổ tiếp công dân, hoặc số hiệu cuộc đối thoại (đã nhập trước); để trống với nguồn "
        "khác.",
        "",
    ),
    Column("raised_on", "Ngày nêu ý kiến", f"Ngày nêu ý kiến ({DATE_HELP}).", "15/06/2024", True),
    Column("raised_by", "Người nêu ý kiến", "Họ tên người nêu (có thể để trống).", "Ông Lê Văn Tư"),
    Column("content", "Nội dung ý kiến", "Nội dung ý kiến, kiến nghị.", "Đề nghị sửa cống thoát nước thôn 3", True),
    Column("answered_on", "Ngày trả lời", "Ngày trả lời (để trống nếu chưa trả lời).", "15/06/2024"),
    Column(
        "answer", "Nội dung trả lời", "Nội dung trả lời (cùng ngày nêu: trả lời tại chỗ).", "Xã bố trí vốn năm 2024"
    ),
)


@dataclass
class OpinionRow:
    line: int
    values: dict[str, Any]

    @property
    def match_key(self) -> tuple[str, str, str, str]:
        v = self.values
        return (v["source"], same(v["source_ref"]), v["raised_on"].isoformat(), same(v["content"]))


def parse_opinion(line: int, raw: dict[str, Any], ctx: Context, problems: list[str]) -> OpinionRow | None:
    cells = Cells(raw, problems, ctx.today)
    source = cells.coded(
        "source", "nguồn", OPINION_SOURCES, "reception, dialogue, meeting, online (tiếp công dân, đối thoại, ...)"
    )
    ref = cells.text("source_ref", "số hiệu nơi nêu", 60)
    raised_on = cells.day("raised_on", "ngày nêu ý kiến", required=True)
    answered_on = cells.day("answered_on", "ngày trả lời")
    answer = cells.text("answer", "nội dung trả lời", OPINION_MAX_CHARS)
    values = {
        "source": source,
        "source_ref": ref,
        "raised_on": raised_on,
        "raised_by": cells.text("raised_by", "người nêu ý kiến", 150),
        "content": cells.text("content", "nội dung ý kiến", OPINION_MAX_CHARS, required=True),
        "answer": answer,
        "answered_on": answered_on,
        "answer_kind": "",
    }
    if source in ("reception", "dialogue") and not ref:
        problems.append("thiếu số hiệu nơi nêu (source_ref): số thứ tự lượt tiếp hoặc số hiệu cuộc đối thoại")
    if answer and answered_on is None and not text(raw, "answered_on"):
        problems.append("có nội dung trả lời (answer) nhưng thiếu ngày trả lời (answered_on)")
    if answered_on is not None and not answer:
        problems.append("có ngày trả lời (answered_on) nhưng thiếu nội dung trả lời (answer)")
    if answered_on and raised_on and answered_on < raised_on:
        problems.append("ngày trả lời (answered_on) trước ngày nêu ý kiến (raised_on)")
    if problems or raised_on is None:
        return None
    if answered_on is not None:
        values["answer_kind"] = AnswerKind.ON_THE_SPOT if answered_on == raised_on else AnswerKind.LATER
    return OpinionRow(line, values)


@dataclass
class OpinionPlan:
    creates: list[Opinion] = field(default_factory=list)
    updates: list[Opinion] = field(default_factory=list)


class OpinionImporter(_CommuneImporter):
    kind = "opinions"
    label = "Sổ ý kiến, kiến nghị"
    description = "Ý kiến, kiến nghị nêu tại tiếp công dân, đối thoại, tiếp xúc cử tri và trực tuyến, cùng câu trả lời."
    columns = OPINION_COLUMNS
    audit_action = "engagement.opinions_imported"
    roles = DIALOGUE_WRITERS
    what = "sổ ý kiến, kiến nghị"
    order = 62
    title = "Nhập sổ ý kiến, kiến nghị từ tệp"

    def parse(self, line: int, raw: dict[str, Any], ctx: Context, problems: list[str]) -> OpinionRow | None:
        return parse_opinion(line, raw, ctx, problems)

    def key(self, row: OpinionRow) -> Hashable:
        return row.match_key

    def duplicate(self, key: Any, first_line: int) -> str:
        return f"trùng với dòng {first_line} (cùng nguồn, số hiệu nơi nêu, ngày và nội dung ý kiến)."

    def plan(self, ctx: Context, rows: list[OpinionRow], errors: list[LineError], ticker: Ticker) -> OpinionPlan:
        plan = OpinionPlan()
        if not rows:
            return plan
        now = timezone.now()
        refs = {same(r.values["source_ref"]) for r in rows if r.values["source_ref"]}
        visits = {
            same(n): pk
            for pk, n in ReceptionVisit.objects.filter(unit=ctx.unit)
            .exclude(register_number="")
            .values_list("pk", "register_number")
            if same(n) in refs
        }
        dialogues = {
            same(n): pk
            for pk, n in Dialogue.objects.filter(unit=ctx.unit).exclude(ref="").values_list("pk", "ref")
            if same(n) in refs
        }
        days = [r.values["raised_on"] for r in rows]
        stored: dict[tuple[str, str, str, str], Opinion] = {}
        for o in Opinion.objects.filter(unit=ctx.unit, raised_on__range=(min(days), max(days))).order_by("pk"):
            stored.setdefault((o.source, same(o.source_ref), o.raised_on.isoformat(), same(o.content)), o)
        for r in rows:
            wanted = dict(r.values)
            if not _link(r, wanted, visits, dialogues, errors):
                continue
            found = stored.get(r.match_key)
            if found is None:
                plan.creates.append(Opinion(unit=ctx.unit, **wanted))
            elif _changed(found, wanted):
                found.updated_at = now
                plan.updates.append(found)
        return plan

    def counts(self, plan: OpinionPlan) -> tuple[int, int]:
        return len(plan.creates), len(plan.updates)

    def apply(self, ctx: Context, plan: OpinionPlan, actor: User | None, writer: Writer) -> None:
        for o in plan.creates:
            o.created_by = actor
        _in_batches(writer, plan.creates, Opinion.objects.bulk_create)
        fields_ = ["raised_by", "answer", "answered_on", "answer_kind", "visit", "dialogue", "updated_at"]
        _in_batches(writer, plan.updates, lambda b: Opinion.objects.bulk_update(b, fields_))


def _link(
    r: OpinionRow,
    wanted: dict[str, Any],
    visits: dict[str, int],
    dialogues: dict[str, int],
    errors: list[LineError],
) -> bool:
    """The visit or the dialogue the opinion was raised at, in the same commune; False (an error) when unknown."""
    ref, source = wanted["source_ref"], wanted["source"]
    wanted["visit_id"] = visits.get(same(ref)) if source == "reception" else None
    wanted["dialogue_id"] = dialogues.get(same(ref)) if source == "dialogue" else None
    if source == "reception" and wanted["visit_id"] is None:
        message = f"không có lượt tiếp số “{ref}” trong sổ tiếp công dân của xã (source_ref); nhập sổ tiếp trước."
        errors.append(LineError(r.line, message, "source_ref"))
        return False
    if source == "dialogue" and wanted["dialogue_id"] is None:
        message = f"không có cuộc đối thoại số hiệu “{ref}” của xã (source_ref); nhập sổ đối thoại trước."
        errors.append(LineError(r.line, message, "source_ref"))
        return False
    return True


# --- petitions -------------------------------------------------------------------------------------------------

PETITION_COLUMNS = (
    Column("number", "Số đơn", "Số đơn trong sổ của năm nhận đơn (số nguyên).", "12", True),
    Column("received_on", "Ngày nhận đơn", f"Ngày nhận đơn ({DATE_HELP}).", "08/10/2024", True),
    Column("source", "Nguồn đơn", "Nguồn đơn: " + _help(Source) + ".", "Qua bưu chính", True),
    Column("kind", "Loại đơn", "Loại đơn: " + _help(PetitionKind) + ".", "Khiếu nại", True),
    Column("petitioner_name", "Người gửi đơn", "Họ tên người gửi (để trống với đơn nặc danh).", "Lê Văn Năm"),
    Column("petitioner_address", "Địa chỉ người gửi", "Địa chỉ (có thể để trống).", "Thôn 4"),
    Column("petitioner_id_number", "Số CCCD người gửi", "Số CCCD 12 chữ số (có thể để trống).", ""),
    Column("signers", "Số người ký đơn", "Số người ký (để trống: 1).", "1"),
    Column("anonymous", "Đơn nặc danh", "yes/no (có/không); để trống: không.", "không"),
    Column("field", "Lĩnh vực", "Lĩnh vực (đất đai, chính sách xã hội ...).", "Đất đai"),
    Column("content", "Nội dung đơn", "Nội dung đơn.", "Khiếu nại quyết định thu hồi đất", True),
    Column("eligible", "Đủ điều kiện xử lý", "yes/no (có/không); để trống khi chưa phân loại.", "có"),
    Column("within_competence", "Thuộc thẩm quyền", "yes/no (có/không); để trống khi chưa phân loại.", "có"),
    Column("direction", "Hướng xử lý", "Để trống khi chưa phân loại; " + _help(Direction) + ".", "Thụ lý"),
    Column("handled_on", "Ngày xử lý", "Ngày quyết định hướng xử lý (thụ lý, hướng dẫn, chuyển ...).", "15/10/2024"),
    Column("forwarded_to", "Chuyển đến", "Cơ quan nhận đơn chuyển (khi chuyển đơn).", ""),
    Column("resolved_on", "Ngày giải quyết xong", "Đơn đã thụ lý: ngày giải quyết xong, trả lời hoặc rút đơn.", ""),
    Column("outcome", "Kết quả", "Kết quả: " + _help(Outcome) + ".", ""),
    Column("decision_number", "Số quyết định", "Số quyết định giải quyết hoặc văn bản trả lời.", ""),
    Column("note", "Ghi chú", "Ghi chú; với đơn không đủ điều kiện, trả lại, lưu, không thụ lý: ghi lý do.", ""),
)
# Where a model field's message belongs in the file.
PETITION_FIELD_COLUMNS = {
    "ineligible_reason": "note",
    "direction_reason": "note",
    "year": "received_on",
    "accepted_on": "handled_on",
}
PETITION_FIELDS = [
    "received_on",
    "source",
    "kind",
    "petitioner_name",
    "petitioner_address",
    "petitioner_id_number",
    "signers",
    "anonymous",
    "field",
    "content",
    "eligible",
    "ineligible_reason",
    "within_competence",
    "direction",
    "direction_reason",
    "handled_on",
    "forwarded_to",
    "accepted_on",
    "resolved_on",
    "outcome",
    "decision_number",
    "note",
]


@dataclass
class PetitionRow:
    line: int
    number: int
    year: int
    values: dict[str, Any]


def parse_petition(line: int, raw: dict[str, Any], ctx: Context, problems: list[str]) -> PetitionRow | None:
    cells = Cells(raw, problems, ctx.today)
    number = cells.count("number", "số đơn", 0, 1, 10**6)
    if not text(raw, "number"):
        problems.append("thiếu số đơn (number)")
    received = cells.day("received_on", "ngày nhận đơn", required=True)
    direction = cells.coded("direction", "hướng xử lý", DIRECTIONS, _help(Direction), required=False)
    handled = cells.day("handled_on", "ngày xử lý")
    resolved = cells.day("resolved_on", "ngày giải quyết xong")
    outcome = cells.coded("outcome", "kết quả", OUTCOMES, _help(Outcome), required=False)
    note = cells.text("note", "ghi chú", 4_000)
    eligible = cells.flag("eligible", "đủ điều kiện xử lý", None)
    values = {
        "received_on": received,
        "source": cells.coded("source", "nguồn đơn", PETITION_SOURCES, _help(Source)),
        "kind": cells.coded("kind", "loại đơn", SUBJECT_KINDS, _help(PetitionKind)),
        "petitioner_name": cells.text("petitioner_name", "người gửi đơn", 150),
        "petitioner_address": cells.text("petitioner_address", "địa chỉ người gửi", 300),
        "petitioner_id_number": cells.cccd("petitioner_id_number", "số CCCD người gửi"),
        "signers": cells.count("signers", "số người ký đơn", 1, 1, 30_000),
        "anonymous": bool(cells.flag("anonymous", "đơn nặc danh", False)),
        "field": cells.text("field", "lĩnh vực", 120),
        "content": cells.text("content", "nội dung đơn", SUMMARY_MAX_CHARS, required=True),
        "eligible": eligible,
        "ineligible_reason": note[:500] if eligible is False else "",
        "within_competence": cells.flag("within_competence", "thuộc thẩm quyền", None),
        "direction": direction,
        "direction_reason": note[:500] if direction in ("return", "archive", "refuse") else "",
        "handled_on": handled,
        "forwarded_to": cells.text("forwarded_to", "chuyển đến", 255),
        "accepted_on": handled if direction == Direction.ACCEPT else None,
        "resolved_on": resolved,
        "outcome": outcome,
        "decision_number": cells.text("decision_number", "số quyết định", 50),
        "note": note,
    }
    _petition_steps(values, raw, problems)
    if problems or received is None:
        return None
    petition = Petition(unit=ctx.unit, number=number, year=received.year, **values)
    try:
        petition.clean()
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            column = PETITION_FIELD_COLUMNS.get(name, name)
            problems.extend(f"{m.rstrip('.')} ({column})" for m in messages)
        return None
    return PetitionRow(line, number, received.year, values)


def _petition_steps(values: dict[str, Any], raw: dict[str, Any], problems: list[str]) -> None:
    """The order of a petition's life, as the actions keep it: classified, decided on a day, then resolved."""
    direction, handled = values["direction"], values["handled_on"]
    if direction and handled is None and not text(raw, "handled_on"):
        problems.append("có hướng xử lý (direction) nhưng thiếu ngày xử lý (handled_on)")
    if handled is not None and not direction:
        problems.append("có ngày xử lý (handled_on) nhưng thiếu hướng xử lý (direction)")
    resolved, outcome = values["resolved_on"], values["outcome"]
    if (resolved is not None or outcome) and direction != Direction.ACCEPT:
        problems.append(
            "chỉ đơn đã thụ lý (direction accept) có ngày giải quyết xong (resolved_on) và kết quả (outcome)"
        )
    elif resolved is not None and not outcome:
        problems.append("có ngày giải quyết xong (resolved_on) nhưng thiếu kết quả (outcome)")
    elif outcome and resolved is None and not text(raw, "resolved_on"):
        problems.append("có kết quả (outcome) nhưng thiếu ngày giải quyết xong (resolved_on)")


@dataclass
class PetitionPlan:
    creates: list[Petition] = field(default_factory=list)


class PetitionImporter(_CommuneImporter):
    kind = "petitions"
    label = "Sổ đơn thư"
    description = "Đơn khiếu nại, tố cáo, kiến nghị, phản ánh đã nhận (kể cả các năm trước), với phân loại và kết quả."
    columns = PETITION_COLUMNS
    audit_action = "engagement.petitions_imported"
    roles = PETITION_WRITERS
    what = "sổ đơn thư"
    order = 63
    title = "Nhập sổ đơn thư từ tệp"

    def parse(self, line: int, raw: dict[str, Any], ctx: Context, problems: list[str]) -> PetitionRow | None:
        return parse_petition(line, raw, ctx, problems)

    def key(self, row: PetitionRow) -> Hashable:
        return (row.year, row.number)

    def duplicate(self, key: Any, first_line: int) -> str:
        return f"đơn số {key[1]}/{key[0]} trùng với dòng {first_line}."

    def plan(self, ctx: Context, rows: list[PetitionRow], errors: list[LineError], ticker: Ticker) -> PetitionPlan:
        plan = PetitionPlan()
        stored: dict[tuple[int, int], Petition] = {}
        by_year: dict[int, list[int]] = defaultdict(list)
        for r in rows:
            by_year[r.year].append(r.number)
        for year, numbers in by_year.items():
            for p in Petition.objects.filter(unit=ctx.unit, year=year, number__in=numbers):
                stored[(p.year, p.number)] = p
        for r in rows:
            found = stored.get((r.year, r.number))
            if found is None:
                plan.creates.append(Petition(unit=ctx.unit, number=r.number, year=r.year, **r.values))
                continue
            differ = [n for n in PETITION_FIELDS if getattr(found, n) != r.values[n]]
            if differ:
                # A petition's record is worked by its actions (and audited): an old file never overwrites it.
                columns = ", ".join(dict.fromkeys(PETITION_FIELD_COLUMNS.get(n, n) for n in differ))
                message = (
                    f"đơn số {r.number}/{r.year} đã có trong sổ của xã, khác ở cột {columns}; không nhập đè "
                    "(sửa bằng «Sửa thông tin đơn» trên trang của đơn, hoặc dùng số khác)."
                )
                errors.append(LineError(r.line, message))
        return plan

    def counts(self, plan: PetitionPlan) -> tuple[int, int]:
        return len(plan.creates), 0

    def apply(self, ctx: Context, plan: PetitionPlan, actor: User | None, writer: Writer) -> None:
        for p in plan.creates:
            p.created_by = actor
        _in_batches(writer, plan.creates, Petition.objects.bulk_create)
        advance_numbering(ctx.unit, plan.creates)
        for p in plan.creates:
            p.unit = ctx.unit
            refresh_deadlines(p)


def advance_numbering(unit: Unit, petitions: list[Petition]) -> None:
    """Move each year's counter past the highest imported number, so that the next petition received at the
    desk gets a number of its own (numbers below the counter that a file fills in stay as they are)."""
    top: dict[int, int] = {}
    for p in petitions:
        top[p.year] = max(top.get(p.year, 0), p.number)
    for year, number in top.items():
        advance_to(unit, petition_series(year), number)


IMPORTERS: tuple[Importer[Any, Any, Any], ...] = (
    ReceptionImporter(),
    DialogueImporter(),
    OpinionImporter(),
    PetitionImporter(),
)
