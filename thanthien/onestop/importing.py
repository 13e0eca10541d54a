"""Bulk import of dossiers from CSV/XLSX (past years, the national portal's exports, other systems).

A declaration for the import framework (thanthien.lib.importing), which reads the file, reports every bad line
with its number, refuses in-file duplicates and writes nothing when any line is bad. Here: how one line is
checked, its natural key (the code; without one, `Dossier.import_key`, a digest of what identifies it), how
lines are matched with the stored dossiers and how the plan is written (COPY on PostgreSQL, batched inserts
elsewhere), so a commune's 100,000 past dossiers go in within seconds and importing the same file again
changes nothing. One event per new dossier; no `dossier_changed` signal per dossier (past years must not set
off a letter each), the periodic sweeps pick up whatever is owed.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils import timezone

from thanthien.lib import bulk
from thanthien.lib.importing import Column, Importer, ImportReport, LineError, Progress, Ticker, Writer, run
from thanthien.lib.tabular import text
from thanthien.lib.vn import (
    SAME_MOMENT,
    TIME_EXAMPLES,
    Lookup,
    normalise_cccd,
    normalise_phone,
    number_cell_digits,
    parse_moment,
    same_moment,
    vietnam_time,
)
from thanthien.org.models import Unit
from thanthien.org.records import require_commune_writer, writable_communes
from thanthien.workdays.calendar import WorkCalendar, fmt_moment
from thanthien.workdays.queries import calendar_for

from . import codes
from .actions import DESK_ROLES, desk_setting
from .deadlines import due_for
from .models import DONE_STATUSES, ENDED_STATUSES, Channel, Dossier, DossierEvent, Procedure, Status
from .search import fill_search, personal_search_text

__all__ = ["SAME_MOMENT", "TIME_EXAMPLES", "parse_moment", "same_moment", "vietnam_time"]

EVENT_NOTE = "Nhập từ tệp"
WRITE_BATCH = 10_000  # rows per COPY / bulk write
SQLITE_BATCH = 500  # rows per transaction on SQLite: the desk waits for one batch at most, not the import
FUTURE_SLACK = dt.timedelta(minutes=5)
CONCURRENT_CHANGE = (
    "Trong lúc nhập, hồ sơ có cùng mã vừa được ghi bởi người khác hoặc một lần nhập khác; chưa có thay đổi nào "
    "được ghi. Vui lòng nhập lại tệp."
)

# --- channels --------------------------------------------------------------------------------------------------

_CHANNEL_NAMES = {
    Channel.DIRECT: ["direct", "Trực tiếp", "Nộp trực tiếp", "Tiếp nhận trực tiếp", "Tại Bộ phận Một cửa"],
    Channel.POSTAL: [
        "postal",
        "Bưu chính",
        "Bưu chính công ích",
        "Dịch vụ bưu chính công ích",
        "Qua bưu chính",
        "Qua dịch vụ bưu chính công ích",
    ],
    Channel.ONLINE_PARTIAL: ["online_partial", "Trực tuyến một phần", "Trực tuyến mức độ 3", "Mức độ 3"],
    Channel.ONLINE_FULL: ["online_full", "Trực tuyến toàn trình", "Trực tuyến mức độ 4", "Mức độ 4"],
}
# Real exports decorate the names ("Dịch vụ công trực tuyến mức độ 4", "Nộp qua bưu chính công ích").
_CHANNEL_HINTS = [
    ("muc do 4", Channel.ONLINE_FULL),
    ("toan trinh", Channel.ONLINE_FULL),
    ("muc do 3", Channel.ONLINE_PARTIAL),
    ("mot phan", Channel.ONLINE_PARTIAL),
    ("buu chinh", Channel.POSTAL),
    ("truc tiep", Channel.DIRECT),
]
CHANNELS = Lookup(_CHANNEL_NAMES, _CHANNEL_HINTS)
CHANNEL_HELP = (
    "ghi direct, postal, online_partial, online_full hoặc Trực tiếp, Bưu chính công ích, "
    "Trực tuyến một phần, Trực tuyến toàn trình"
)


@functools.lru_cache(maxsize=512)  # a file repeats a handful of spellings 100,000 times
def parse_channel(value: str) -> str | None:
    return CHANNELS.get(value)


# --- statuses --------------------------------------------------------------------------------------------------

STATUSES = Lookup({int(s): [str(s.label)] for s in Status})
_STATUS_NUMBER = re.compile(r"(\d{1,2})(?:\.0+)?")


def parse_status(value: str) -> int | None:
    """National code 1–10 ("10", "10.0") or its label; "" → 0 (derive it); anything else → None."""
    if not value:
        return 0
    if m := _STATUS_NUMBER.fullmatch(value):
        number = int(m[1])
        return number if 1 <= number <= 10 else None
    found = STATUSES.get(value)
    return int(found) if found is not None else None


# --- applicant fields ------------------------------------------------------------------------------------------

_digits_of_number_cell = number_cell_digits
parse_id_number = normalise_cccd  # CCCD (12 digits) or CMND (9); a number cell that lost its zeros is restored
parse_phone = normalise_phone


def unquote(value: str) -> str:
    """Undo the apostrophe our CSV exports put before a cell that a spreadsheet would run as a formula."""
    if len(value) > 1 and value[0] == "'" and value[1] in "=+-@":
        return value[1:]
    return value


def import_key(unit_code: str, procedure_code: str, received_at: dt.datetime, name: str, id_number: str) -> str:
    local = received_at.astimezone(timezone.get_default_timezone())
    parts = [unit_code, procedure_code, local.isoformat(), name, id_number]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


# --- one line --------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class DossierRow:
    line: int
    code: str
    procedure: Procedure
    channel: str
    status: int
    received_at: dt.datetime
    due_at: dt.datetime | None
    resolved_at: dt.datetime | None
    returned_at: dt.datetime | None
    ended_at: dt.datetime | None
    applicant_name: str
    applicant_id_number: str
    applicant_phone: str
    applicant_address: str
    import_key: str | None = None
    due_explanation: list[str] | None = None


MOMENT_LABELS = {
    "received_at": "tiếp nhận",
    "due_at": "hẹn trả kết quả",
    "resolved_at": "có kết quả",
    "returned_at": "trả kết quả",
}
LIMITS = {"code": 60, "applicant_name": 150, "applicant_address": 300}
OPEN_LIKE = {Status.NEW, Status.ACCEPTED, Status.PROCESSING, Status.FINANCIAL, Status.SUPPLEMENT}


@dataclass
class Context:
    unit: Unit
    procedures: dict[str, Procedure]
    now: dt.datetime


def parse_line(line: int, raw: dict[str, Any], ctx: Context, problems: list[str]) -> DossierRow | None:
    """Check one line; its problems (Vietnamese, without the line number) go to `problems`."""
    code = unquote(text(raw, "code"))
    procedure = _procedure(raw, ctx, problems)
    channel = _channel(raw, problems)
    moments = _moments(raw, ctx, problems)
    name = unquote(" ".join(text(raw, "applicant_name").split()))
    address = unquote(" ".join(text(raw, "applicant_address").split()))
    if not name:
        problems.append("thiếu họ và tên người nộp (applicant_name)")
    for key, value in (("code", code), ("applicant_name", name), ("applicant_address", address)):
        if len(value) > LIMITS[key]:
            problems.append(f"cột {key} dài quá {LIMITS[key]} ký tự")
    if code and (why := codes.code_problem(code)):
        problems.append(f"cột code: {why}; để trống ô này để hệ thống cấp mã theo mẫu của xã")
    id_number = _checked(parse_id_number, raw.get("applicant_id_number"), "số CCCD/CMND", problems)
    if id_number is None and _digits_of_number_cell(raw.get("applicant_id_number")) is None:
        digits = re.sub(r"\D", "", text(raw, "applicant_id_number"))
        if len(digits) in (10, 11):
            problems[-1] += " (có thể đã mất số 0 ở đầu khi lưu bằng Excel)"
    phone = _checked(parse_phone, raw.get("applicant_phone"), "số điện thoại", problems)
    status = _status(raw, moments, problems)
    if problems or procedure is None or channel is None or status is None or id_number is None or phone is None:
        return None
    received = moments["received_at"]
    assert received is not None
    resolved, returned = moments["resolved_at"], moments["returned_at"]
    ended = None
    if status in ENDED_STATUSES:
        # Refused, withdrawn or stopped: the dossier ends, it is not resolved (the two never both hold).
        ended, resolved = resolved or returned or received, None
    row = DossierRow(
        line=line,
        code=code,
        procedure=procedure,
        channel=channel,
        status=status,
        received_at=received,
        due_at=moments["due_at"],
        resolved_at=resolved,
        returned_at=returned,
        ended_at=ended,
        applicant_name=name,
        applicant_id_number=id_number,
        applicant_phone=phone,
        applicant_address=address,
    )
    if not code:
        row.import_key = import_key(ctx.unit.code, procedure.code, received, name, id_number)
    return row


def _procedure(raw: dict[str, Any], ctx: Context, problems: list[str]) -> Procedure | None:
    code = text(raw, "procedure_code")
    if not code:
        problems.append("thiếu mã thủ tục (procedure_code)")
        return None
    procedure = ctx.procedures.get(code)
    if procedure is None:
        problems.append(f"không tìm thấy thủ tục mã {code} trong danh mục thủ tục")
    return procedure


def _channel(raw: dict[str, Any], problems: list[str]) -> str | None:
    value = text(raw, "channel")
    if not value:
        problems.append(f"thiếu kênh tiếp nhận (channel): {CHANNEL_HELP}")
        return None
    channel = parse_channel(value)
    if channel is None:
        problems.append(f"kênh tiếp nhận “{value}” không hợp lệ: {CHANNEL_HELP}")
    return channel


def _moments(raw: dict[str, Any], ctx: Context, problems: list[str]) -> dict[str, dt.datetime | None]:
    out: dict[str, dt.datetime | None] = {}
    for key, label in MOMENT_LABELS.items():
        try:
            out[key] = parse_moment(raw.get(key))
        except (ValueError, OverflowError):
            problems.append(f"thời điểm {label} ({key}) “{text(raw, key)}” không đúng định dạng ({TIME_EXAMPLES})")
            out[key] = None
            continue
        moment = out[key]
        if moment is not None and key != "due_at" and moment > ctx.now + FUTURE_SLACK:
            problems.append(f"thời điểm {label} ({key}) ở tương lai")
    if raw.get("received_at") in (None, ""):
        problems.append("thiếu thời điểm tiếp nhận (received_at)")
    received, due = out["received_at"], out["due_at"]
    resolved, returned = out["resolved_at"], out["returned_at"]
    if received and resolved and resolved < received:
        problems.append("thời điểm có kết quả (resolved_at) trước thời điểm tiếp nhận")
    if returned and resolved and returned < resolved:
        problems.append("thời điểm trả kết quả (returned_at) trước thời điểm có kết quả")
    elif returned and received and returned < received:
        problems.append("thời điểm trả kết quả (returned_at) trước thời điểm tiếp nhận")
    if received and due and due < received:
        problems.append("hạn trả kết quả (due_at) trước thời điểm tiếp nhận")
    return out


def _status(raw: dict[str, Any], moments: dict[str, dt.datetime | None], problems: list[str]) -> int | None:
    value = text(raw, "status")
    status = parse_status(value)
    if status is None:
        problems.append(f"trạng thái “{value}” không hợp lệ (mã 1–10 theo Cổng Dịch vụ công quốc gia)")
        return None
    resolved, returned = moments["resolved_at"], moments["returned_at"]
    if status == 0:
        return Status.RETURNED if returned else Status.RESOLVED if resolved else Status.ACCEPTED
    label = f"trạng thái {status} – {Status(status).label}"
    if status in DONE_STATUSES and resolved is None and raw.get("resolved_at") in (None, ""):
        problems.append(f"{label} cần thời điểm có kết quả (resolved_at)")
    if status == Status.RETURNED and returned is None and raw.get("returned_at") in (None, ""):
        problems.append(f"{label} cần thời điểm trả kết quả (returned_at)")
    if status == Status.RESOLVED and returned is not None:
        problems.append(f"{label} nhưng có thời điểm trả kết quả (returned_at); hồ sơ đã trả là trạng thái 10")
    if status in OPEN_LIKE and (resolved is not None or returned is not None):
        problems.append(f"{label} (chưa có kết quả) nhưng có thời điểm có kết quả hoặc trả kết quả")
    return status


def _checked(clean: Callable[[Any], str], value: Any, label: str, problems: list[str]) -> str | None:
    try:
        return clean(value)
    except ValidationError as exc:
        problems.append(f"{label} không hợp lệ: {exc.messages[0].rstrip('.')}")
        return None


# --- the declaration -------------------------------------------------------------------------------------------

COLUMN_SPECS = [
    Column(
        "code",
        "Mã hồ sơ",
        "Để trống: hệ thống cấp mã theo mẫu của xã (nhập lại tệp không tạo hồ sơ trùng).",
        "000.00.16.H12-241008-0001",
    ),
    Column("procedure_code", "Mã thủ tục", "Mã thủ tục trong danh mục, ví dụ 1.004873.", "1.004873", True),
    Column(
        "channel",
        "Kênh tiếp nhận",
        "Kênh tiếp nhận: " + ", ".join(f"{c.value} ({c.label})" for c in Channel) + ".",
        "Trực tiếp",
        True,
    ),
    Column(
        "received_at",
        "Thời điểm tiếp nhận",
        "Thời điểm tiếp nhận, ví dụ 2024-10-08 14:30 hoặc 08/10/2024 14:30 (giờ Việt Nam).",
        "08/10/2024 14:30",
        True,
    ),
    Column(
        "due_at",
        "Hạn trả kết quả",
        "Hạn trả kết quả. Để trống: tính theo thời hạn của thủ tục và lịch làm việc của xã.",
        "",
    ),
    Column(
        "resolved_at",
        "Thời điểm có kết quả",
        "Thời điểm có kết quả (trạng thái 9, 10); với hồ sơ 3, 7, 8 là thời điểm dừng.",
        "09/10/2024 10:00",
    ),
    Column("returned_at", "Thời điểm trả kết quả", "Thời điểm trả kết quả (trạng thái 10).", "09/10/2024 15:00"),
    Column("status", "Trạng thái", "Mã trạng thái 1–10. Để trống: 10 nếu đã trả, 9 nếu có kết quả, còn lại 2.", "10"),
    Column("applicant_name", "Họ và tên người nộp", "Họ và tên người nộp (bắt buộc).", "Nguyễn Văn An", True),
    Column(
        "applicant_id_number", "Số CCCD/CMND", "Số CCCD 12 chữ số hoặc CMND 9 chữ số (có thể để trống).", "038090001234"
    ),
    Column("applicant_phone", "Số điện thoại", "Số điện thoại (có thể để trống).", "0912345678"),
    Column("applicant_address", "Địa chỉ", "Địa chỉ (có thể để trống).", "Thôn 1, xã Hoằng Quý"),
]
COLUMNS = [c.name for c in COLUMN_SPECS]


@dataclass
class Plan:
    creates: list[DossierRow] = field(default_factory=list)
    updates: list[Dossier] = field(default_factory=list)  # due date unchanged: its explanation is not touched
    updates_due: list[Dossier] = field(default_factory=list)  # with a new due date and its explanation
    calendar: WorkCalendar | None = None  # the due dates of new dossiers are computed as they are written

    @property
    def updated(self) -> int:
        return len(self.updates) + len(self.updates_due)


class DossierImporter(Importer[DossierRow, Context, Plan]):
    kind = "dossiers"
    label = "Hồ sơ một cửa"
    description = "Hồ sơ các năm trước hoặc danh sách xuất từ Cổng Dịch vụ công, hệ thống một cửa điện tử, vào một xã."
    columns = tuple(COLUMN_SPECS)
    audit_action = "onestop.dossiers_imported"
    batched = True
    concurrent_change = CONCURRENT_CHANGE
    order = 30
    title = "Nhập hồ sơ từ tệp"

    def code_lists(self) -> list[tuple[str, str]]:
        statuses = [(f"status {value}", str(label)) for value, label in Status.choices]
        return statuses + [(f"channel {c.value}", str(c.label)) for c in Channel]

    @property
    def required(self) -> list[str]:
        return COLUMNS  # the file our exports write back ("định dạng nhập lại") has every column

    def authorize(self, actor: User | None, unit: Unit) -> None:
        require_commune_writer(actor, unit, DESK_ROLES, "hồ sơ")

    def units_for(self, user: Any) -> list[Unit]:
        return writable_communes(user, DESK_ROLES)

    def prepare(self, unit: Unit, actor: Any) -> Context:
        return Context(unit, {p.code: p for p in Procedure.objects.all()}, timezone.now())

    def parse(self, line: int, raw: dict[str, Any], ctx: Context, problems: list[str]) -> DossierRow | None:
        return parse_line(line, raw, ctx, problems)

    def key(self, row: DossierRow) -> tuple[str, str] | None:
        if row.code:
            return ("code", row.code)
        return ("key", row.import_key) if row.import_key else None

    def duplicate(self, key: tuple[str, str], first_line: int) -> str:
        if key[0] == "code":
            return f"mã hồ sơ {key[1]} trùng với dòng {first_line}."
        return (
            f"trùng với dòng {first_line} (cùng thủ tục, thời điểm tiếp nhận và người nộp) "
            "mà không có mã hồ sơ để phân biệt."
        )

    def plan(self, ctx: Context, rows: list[DossierRow], errors: list[LineError], ticker: Ticker) -> Plan:
        return _plan(ctx.unit, rows, errors, ticker)

    def counts(self, plan: Plan) -> tuple[int, int]:
        return len(plan.creates), plan.updated

    def apply(self, ctx: Context, plan: Plan, actor: User | None, writer: Writer) -> None:
        _apply(actor, ctx.unit, plan, writer)


IMPORTER = DossierImporter()


def import_dossiers(
    actor: User | None,
    unit: Unit,
    source: str | Path | IO[bytes],
    filename: str | None = None,
    progress: Progress | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Import the dossiers of `unit` (a commune) from CSV/XLSX; `actor` None = the command line.

    Raises PermissionDenied (no desk role at the unit) or ValidationError (not a commune-level unit);
    bad lines are returned in the report and then nothing is written."""
    return run(IMPORTER, actor, unit, source, filename, progress=progress, dry_run=dry_run)


# --- matching --------------------------------------------------------------------------------------------------

_MOMENTS = ["received_at", "due_at", "resolved_at", "returned_at", "ended_at", "supplement_requested_at"]
MERGED_FIELDS = [
    "procedure",
    "channel",
    "status",
    *_MOMENTS,
    "applicant_name",
    "applicant_id_number",
    "applicant_phone",
    "applicant_address",
    "updated_at",
]
# Plain values, not model instances: re-importing 100,000 unchanged rows must stay cheap.
STORED = ["id", "unit_id", "code", "import_key", *(f if f != "procedure" else "procedure_id" for f in MERGED_FIELDS)]
Stored = dict[str, Any]


# Finished dossiers (result ready or returned; refused, withdrawn, stopped) are never reopened by an import.
SETTLED = frozenset((*DONE_STATUSES, *ENDED_STATUSES))


def _plan(unit: Unit, rows: list[DossierRow], errors: list[LineError], ticker: Ticker) -> Plan:
    """Match every row with what is stored (by code, else by import key) and decide: create, update or keep."""
    calendar = calendar_for(unit)
    plan = Plan(calendar=calendar)
    matched: dict[int, int] = {}  # stored dossier id → the line that matched it
    for chunk in bulk.chunks(rows):
        codes_ = [r.code for r in chunk if r.code]
        keys = [r.import_key for r in chunk if r.import_key]
        by_code = {
            d["code"]: d for d in Dossier.objects.filter(**bulk.among("code", codes_)).order_by().values(*STORED)
        }
        same_unit = Dossier.objects.filter(unit=unit, **bulk.among("import_key", keys)).order_by()
        by_key = {d["import_key"]: d for d in same_unit.values(*STORED)}
        for r in chunk:
            stored = by_code.get(r.code) if r.code else by_key.get(r.import_key)
            if stored is None:
                plan.creates.append(r)
            elif stored["unit_id"] != unit.pk:
                errors.append(LineError(r.line, f"mã hồ sơ {r.code} đã được dùng cho hồ sơ của đơn vị khác."))
            elif stored["id"] in matched:
                # A line without code next to a line with the code the system gave that dossier earlier.
                first = matched[stored["id"]]
                errors.append(LineError(r.line, f"dòng này và dòng {first} cùng là hồ sơ {stored['code']}."))
            elif stored["status"] in SETTLED and r.status not in SETTLED:
                # An older export must not reopen a dossier the desk has since finished.
                errors.append(
                    LineError(
                        r.line,
                        f"hồ sơ {stored['code']} đã ở trạng thái “{Status(stored['status']).label}”; "
                        f"tệp ghi trạng thái “{Status(r.status).label}” (có thể là bản xuất cũ), không nhập đè.",
                    )
                )
            else:
                matched[stored["id"]] = r.line
                if changes := _changes(stored, r, calendar):
                    dossier = Dossier(**{**stored, **changes})
                    (plan.updates_due if "due_explanation" in changes else plan.updates).append(dossier)
        ticker.step(len(chunk))
    return plan


def _fill_due(r: DossierRow, calendar: WorkCalendar, stored: Stored | None) -> None:
    """Set the row's due moment and its explanation; explanation None: keep the stored one."""
    if r.due_at is not None:
        if stored is not None and same_moment(stored["due_at"], r.due_at):
            r.due_at, r.due_explanation = stored["due_at"], None
        else:
            r.due_explanation = [f"Hạn trả kết quả theo tệp nhập: {fmt_moment(r.due_at)}."]
        return
    if (
        stored is not None
        and stored["procedure_id"] == r.procedure.pk
        and same_moment(stored["received_at"], r.received_at)
    ):
        r.due_at, r.due_explanation = stored["due_at"], None  # the file says nothing new
        return
    due = due_for(r.procedure, calendar, r.received_at)
    r.due_at, r.due_explanation = due.due, due.explanation()


def _changes(stored: Stored, r: DossierRow, calendar: WorkCalendar) -> dict[str, Any]:
    """The file's values that differ from the stored dossier's (times within a second are the same)."""
    _fill_due(r, calendar, stored)
    wanted: dict[str, Any] = {
        "procedure_id": r.procedure.pk,
        "channel": r.channel,
        "status": r.status,
        "received_at": r.received_at,
        "due_at": r.due_at,
        "resolved_at": r.resolved_at,
        "returned_at": r.returned_at,
        "ended_at": r.ended_at,
        "supplement_requested_at": _supplement_requested(r, stored["supplement_requested_at"]),
        "applicant_name": r.applicant_name,
        "applicant_id_number": r.applicant_id_number,
        "applicant_phone": r.applicant_phone,
        "applicant_address": r.applicant_address,
    }
    changes = {
        name: value
        for name, value in wanted.items()
        if not (same_moment(stored[name], value) if name in _MOMENTS else stored[name] == value)
    }
    if changes and r.due_explanation is not None:
        changes["due_explanation"] = r.due_explanation
    return changes


def _supplement_requested(r: DossierRow, stored: dt.datetime | None) -> dt.datetime | None:
    # The file only knows the status: a dossier awaiting papers was asked on receipt at the latest.
    if r.status == Status.SUPPLEMENT:
        return stored or r.received_at
    return stored


# --- writing ---------------------------------------------------------------------------------------------------


def _apply(actor: User | None, unit: Unit, plan: Plan, writer: Writer) -> None:
    """New dossiers (with their codes and first event) and changed ones, batch by batch. A batch is its own
    transaction on SQLite, codes included, so an interrupted import resumed with the same file numbers the
    remaining dossiers exactly as an uninterrupted one would."""
    in_file = {r.code for r in plan.creates if r.code}
    actor_name = (actor.get_full_name() or actor.get_username()) if actor else "hệ thống"
    event = {"actor_id": actor.pk if actor else None, "actor_name": actor_name, "status_from": None, "note": EVENT_NOTE}
    size = SQLITE_BATCH if writer.commit_each else WRITE_BATCH
    for start in range(0, len(plan.creates), size):
        batch = plan.creates[start : start + size]
        with writer.batch(len(batch)):
            _assign_codes(unit, [r for r in batch if not r.code], in_file)
            pins = bulk.secret_codes(len(batch), codes.PIN_ALPHABET, 4)  # as codes.new_pin(), drawn in one call
            # Generators: on PostgreSQL each row (its due date included) is built while COPY sends the rows before.
            values = (_row_values(r, pin, plan.calendar) for r, pin in zip(batch, pins, strict=True))
            ids = bulk.insert(Dossier, values, {"unit": unit}, ids=True, count=len(batch))
            events = (_event_values(r, pk, event) for r, pk in zip(batch, ids, strict=True))
            bulk.insert(DossierEvent, events, event)
    now = timezone.now()
    for updates, fields in ((plan.updates, MERGED_FIELDS), (plan.updates_due, [*MERGED_FIELDS, "due_explanation"])):
        for start in range(0, len(updates), size):
            changed = updates[start : start + size]
            with writer.batch(len(changed)):
                for d in changed:
                    d.updated_at = now
                    fill_search(d)  # bulk writes skip Dossier.save(), which keeps the folded column in step
                bulk.update(Dossier, changed, [*fields, "search_personal"])


def _row_values(r: DossierRow, pin: str, calendar: WorkCalendar | None) -> dict[str, Any]:
    """A new dossier's own columns (by attname); the unit and the defaults are the same for all. Nobody known
    received an imported dossier (`received_by` stays empty): the person importing the file did not, and the
    per-officer statistics must not credit them with a commune's past years."""
    assert calendar is not None
    _fill_due(r, calendar, None)
    return {
        "procedure_id": r.procedure.pk,
        "code": r.code,
        "pin": pin,
        "channel": r.channel,
        "status": r.status,
        "applicant_name": r.applicant_name,
        "applicant_id_number": r.applicant_id_number,
        "applicant_phone": r.applicant_phone,
        "applicant_address": r.applicant_address,
        "received_at": r.received_at,
        "due_at": r.due_at,
        "due_explanation": r.due_explanation or [],
        "supplement_requested_at": _supplement_requested(r, None),
        "resolved_at": r.resolved_at,
        "returned_at": r.returned_at,
        "ended_at": r.ended_at,
        "import_key": r.import_key,
        "search_personal": personal_search_text(r.applicant_name, r.applicant_id_number, r.applicant_phone),
    }


def _event_values(r: DossierRow, dossier_id: int, event: dict[str, Any]) -> dict[str, Any]:
    return {"dossier_id": dossier_id, "at": _status_moment(r), "status_to": r.status}


def _status_moment(r: DossierRow) -> dt.datetime:
    """When the dossier reached its current status, as far as the file tells."""
    if r.status == Status.RETURNED and r.returned_at:
        return r.returned_at
    if r.status == Status.RESOLVED and r.resolved_at:
        return r.resolved_at
    if r.status == Status.SUPPLEMENT:
        return r.received_at
    return r.ended_at or r.received_at


def _assign_codes(unit: Unit, rows: list[DossierRow], in_file: set[str]) -> None:
    """New codes from the unit's pattern, one reservation per receipt day; numbers already taken by codes
    typed by hand (in the file or stored) are skipped, and the rows that met one get the next numbers."""
    pattern = desk_setting(unit).code_pattern
    tz = timezone.get_default_timezone()
    pending = rows
    while pending:
        by_day: dict[dt.date, list[DossierRow]] = defaultdict(list)
        for r in pending:
            by_day[r.received_at.astimezone(tz).date()].append(r)
        proposals: list[tuple[DossierRow, str]] = []
        for day, group in sorted(by_day.items()):
            proposals.extend(zip(group, codes.new_codes(unit, pattern, day, len(group)), strict=True))
        fresh = [code for _, code in proposals]
        taken = (set(fresh) & in_file) | _stored_codes(fresh)
        pending = []
        for r, code in proposals:
            if code in taken:
                pending.append(r)
            else:
                r.code = code


def _stored_codes(candidates: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for chunk in bulk.chunks(list(candidates)):
        out.update(Dossier.objects.filter(**bulk.among("code", chunk)).values_list("code", flat=True))
    return out
