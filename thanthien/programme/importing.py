"""Importing the model's records (issue 11 item 11) through the import framework (thanthien.lib.importing): every bad
line reported with its number and column, nothing written when any line is bad, in-file duplicates refused, the
same file again a no-op (each kind has a natural key), `--dry-run`. Coded columns take the code (``meeting``) or
the Vietnamese label (``Hội nghị, buổi sinh hoạt tuyên truyền``, or a short spelling: ``hội nghị``) typed with or
without diacritics; days are YYYY-MM-DD or dd/mm/yyyy (or a spreadsheet date cell).

- ``recognitions`` (unit from ``unit_code``): a commune's recognition, keyed by commune, decision number and day;
  imported by a supervisor above the commune (or the command line). The level follows the rule of the pages
  (actions_judging.check_level: from 01/07/2025 the levels of the setting). A new level or review day for the same
  decision updates it. A recognition file of that year and level not yet decided is linked to it.
- ``targets`` (unit from ``unit_code``): a supervising unit's roll-out target, keyed by unit and day; set by the
  supervisors of that very unit (or the command line); ``share`` 0–1 (``0,5``, ``0.5`` or ``50%``), above 0.
- ``activities`` (``--unit``): keyed by kind, day and title; a new number of attendees, outlet or link updates it.
- ``documents`` (``--unit``): keyed by number and day of issue; the number is checked and tidied as on the pages
  (numbers_model.clean_number: "07/QĐ – UBND" → "07/QĐ-UBND"); ``issuer`` is an Issuer code or label, and a higher
  body is written ``higher: Huyện ủy Hoằng Hóa`` (or ``Cơ quan cấp trên: …``), the name after the colon kept.
- ``inspections`` (``--unit``, the commune inspected): ``by_unit_code`` is the code of a unit above the commune (an
  inspection by a supervisor, recorded by a supervisor), or empty / the commune's own code / front / party /
  commune (or their labels: Ủy ban MTTQ, Đảng ủy, UBND xã) for one the commune runs, recorded by its writers.
  Keyed by day, inspector and ``target`` (empty: the whole commune). ``remedies``: the texts of what must be
  remedied separated by " | ", each a Remedy row; ``remedied`` (0 … the number of remedies, empty 0): the first
  that many are done, on the day of the inspection (the file has no day of their own). A content starting with
  "Giám sát" is a supervision. Importing again adds the remedies not yet stored and marks done those the file says
  are, never undoing what the commune answered since.
- ``scores`` (``--unit --year``): one line per criterion of the set the commune scores that year against (its
  scoring's set, else actions_scoring.set_for: the nearest set above, the default one created on first use). A
  criterion with sub-criteria is scored by its sub-criteria, or as a whole on its own line (not both). A score
  below 0 or above the line's maximum is a bad line. A filled ``verified_score`` (a supervisor's, or the command
  line's) publishes the year: every line then has one and every criterion is covered; the verified total, the class
  by the set's thresholds and the day of publication are set. A published year is never changed by a file.

Every importer is idempotent by its natural key; the audit trail keeps one row per run (the report's figures).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import models, transaction
from django.utils import timezone

from thanthien.audit.log import register_actions
from thanthien.lib.cells import DATE_HELP
from thanthien.lib.cells import Cells as LineCells
from thanthien.lib.importing import Column, Importer, LineError, Ticker, Writer
from thanthien.lib.tabular import text
from thanthien.lib.vn import Lookup, fmt_date, read_int
from thanthien.org.models import Role, Unit
from thanthien.org.records import supervised_communes, writable_communes
from thanthien.org.scoping import holds_role, is_system_admin, memberships, require_role

from . import actions_scoring as scoring_actions
from .actions_judging import check_level, inspection_roles, supervising_unit
from .models import (
    ACTIVITY_WRITERS,
    PROGRAMME_WRITERS,
    SUPERVISORS,
    Activity,
    ActivityKind,
    Criterion,
    CriterionKind,
    DocumentKind,
    Inspection,
    InspectorKind,
    IssuedDocument,
    Issuer,
    Recognition,
    RecognitionFile,
    RecognitionLevel,
    Remedy,
    RolloutTarget,
    Score,
    Scoring,
    ScoringStatus,
)
from .numbers_model import clean_number

register_actions(
    {
        "programme.recognitions_imported": "Nhập quyết định công nhận mô hình từ tệp",
        "programme.targets_imported": "Nhập chỉ tiêu nhân rộng mô hình từ tệp",
        "programme.activities_imported": "Nhập hoạt động tuyên truyền, tập huấn từ tệp",
        "programme.documents_imported": "Nhập văn bản về mô hình từ tệp",
        "programme.inspections_imported": "Nhập kiểm tra, giám sát từ tệp",
        "programme.scores_imported": "Nhập kết quả chấm điểm mô hình từ tệp",
    }
)

REMEDY_SEPARATOR = "|"


# Who imports: set in `authorize` for the run that follows in the same thread (`prepare` has no actor), so that
# each line is checked against what the importer may do at the unit it names.
def same(value: str) -> str:
    """What two spellings of one title, number or target share (case, spacing, composed accents)."""
    return unicodedata.normalize("NFC", " ".join(value.split())).casefold()


def _choices(choices: type[models.TextChoices], extra: Mapping[str, Iterable[str]] | None = None) -> Lookup:
    names: dict[str, list[str]] = {str(c.value): [str(c.value), str(c.label)] for c in choices}
    for value, spellings in (extra or {}).items():
        names[value] = [*names[value], *spellings]
    return Lookup(names)


def _help(choices: type[models.TextChoices]) -> str:
    return ", ".join(f"{c.value} ({c.label})" for c in choices)


LEVELS = _choices(
    RecognitionLevel,
    {"province": ["cấp tỉnh", "tỉnh", "mô hình cấp tỉnh"], "district": ["cấp huyện", "huyện", "mô hình cấp huyện"]},
)
ACTIVITY_KINDS = _choices(
    ActivityKind,
    {
        "meeting": ["hội nghị", "sinh hoạt", "buổi sinh hoạt", "tuyên truyền", "họp"],
        "broadcast": ["phát thanh", "loa", "loa truyền thanh", "truyền thanh"],
        "article": ["tin bài", "tin, bài", "bài báo", "báo", "báo, đài"],
        "website_post": ["website", "trang thông tin điện tử", "cổng thông tin", "bài đăng"],
        "training": ["tập huấn", "bồi dưỡng", "đào tạo"],
        "launch": ["ra mắt", "lễ ra mắt", "ra mắt mô hình"],
    },
)
DOCUMENT_KINDS = _choices(DocumentKind)
ISSUERS = _choices(
    Issuer,
    {
        "party_committee": ["Đảng ủy", "ĐU", "Ban Chấp hành Đảng bộ xã"],
        "peoples_committee": ["UBND", "Ủy ban nhân dân", "Ủy ban nhân dân xã", "UBND phường", "UBND thị trấn"],
        "board": ["Ban chỉ đạo", "Ban điều hành", "BCĐ"],
        "higher": ["cấp trên", "cơ quan cấp trên"],
    },
)
INSPECTORS = _choices(
    InspectorKind,
    {
        "front": ["MTTQ", "Mặt trận", "Mặt trận Tổ quốc", "Ủy ban Mặt trận Tổ quốc"],
        "party": ["Đảng ủy xã", "Ban Thường vụ Đảng ủy", "UBKT Đảng ủy"],
        "commune": ["UBND", "Ủy ban nhân dân xã", "xã"],
    },
)
_PERCENT = re.compile(r"^(\d{1,3}(?:[.,]\d{1,4})?)\s*%$")
_URL = URLValidator(schemes=["http", "https"])


class Cells(LineCells):
    one_line_up_to = 500  # titles and summaries of the model's records are one line up to 500 characters


@dataclass
class Context:
    unit: Unit | None
    today: dt.date
    actor: Any = None
    problem: str = ""  # a problem of the run that every line shares (no --year)


def _changed(obj: models.Model, wanted: Mapping[str, Any]) -> list[str]:
    """Set on `obj` the wanted values that differ; the names of those fields."""
    names = [name for name, value in wanted.items() if getattr(obj, name) != value]
    for name in names:
        setattr(obj, name, wanted[name])
    return names


@dataclass
class Plan:
    creates: list[Any] = field(default_factory=list)
    updates: list[Any] = field(default_factory=list)


class _ProgrammeImporter(Importer[Any, Context, Plan]):
    """What the kinds share: the run's actor kept for its lines (each may name a commune the actor must be allowed
    at), checked lines read with `Cells`."""

    def prepare(self, unit: Any, actor: Any) -> Context:
        return Context(unit, timezone.localdate(), actor)

    def counts(self, plan: Plan) -> tuple[int, int]:
        return len(plan.creates), len(plan.updates)


def _supervised_communes(user: Any, extra_roles: frozenset[str] = frozenset()) -> list[Unit]:
    """The communes under the units `user` supervises (today's), and those where they hold `extra_roles`."""
    units = {u.pk: u for u in writable_communes(user, extra_roles)} if extra_roles else {}
    units |= {u.pk: u for u in supervised_communes(user)}
    return sorted(units.values(), key=lambda u: u.name)


def _require_commune(unit: Unit | None, what: str) -> Unit:
    if unit is None or not unit.is_commune_level:
        name = unit.name if unit is not None else "Đơn vị"
        raise ValidationError(f"{name} không phải đơn vị cấp xã: chỉ nhập {what} cho xã, phường, thị trấn, đặc khu.")
    return unit


def _is_supervisor(user: Any) -> bool:
    return any(m.role in SUPERVISORS for m in memberships(user))


# --- recognitions ------------------------------------------------------------------------------------------------

RECOGNITION_COLUMNS = (
    Column("unit_code", "Mã xã, phường", "Mã đơn vị cấp xã được công nhận.", "X16012", True),
    Column("level", "Cấp công nhận", "province (cấp tỉnh) hoặc district (cấp huyện).", "Mô hình cấp tỉnh", True),
    Column("decided_on", "Ngày quyết định", f"Ngày ký quyết định công nhận ({DATE_HELP}).", "15/12/2024", True),
    Column("decision_number", "Số quyết định", "Số, ký hiệu quyết định công nhận.", "1234/QĐ-UBND", True),
    Column("review_on", "Ngày đánh giá lại", f"Để trống nếu không có ({DATE_HELP}).", "15/12/2027"),
)


@dataclass
class RecognitionRow:
    line: int
    unit: Unit
    values: dict[str, Any]

    @property
    def key(self) -> tuple[int, str, dt.date]:
        return (self.unit.pk, same(self.values["decision_number"]), self.values["decided_on"])


class RecognitionImporter(_ProgrammeImporter):
    kind = "recognitions"
    label = "Quyết định công nhận mô hình"
    description = "Các quyết định công nhận mô hình của các xã, phường (mỗi dòng một quyết định)."
    columns = RECOGNITION_COLUMNS
    needs_unit = False
    audit_action = "programme.recognitions_imported"
    order = 91
    title = "Nhập quyết định công nhận mô hình từ tệp"

    def authorize(self, actor: Any, unit: Any) -> None:
        if actor is not None and not is_system_admin(actor) and not _is_supervisor(actor):
            raise PermissionDenied("Chỉ cán bộ giám sát cấp trên nhập quyết định công nhận mô hình.")

    def units_for(self, user: Any) -> list[Unit] | None:
        return None if is_system_admin(user) or _is_supervisor(user) else []

    def parse(self, line: int, raw: dict[str, Any], ctx: Context, problems: list[str]) -> RecognitionRow | None:
        cells = Cells(raw, problems, ctx.today)
        unit = _line_commune(cells, ctx, SUPERVISORS, "công nhận mô hình")
        level = cells.coded("level", "cấp công nhận", LEVELS, _help(RecognitionLevel))
        decided_on = cells.day("decided_on", "ngày quyết định", required=True)
        number = cells.text("decision_number", "số quyết định", 60, required=True)
        review_on = cells.day("review_on", "ngày đánh giá lại", future=True)
        if decided_on is not None and review_on is not None and review_on <= decided_on:
            problems.append("ngày đánh giá lại (review_on) phải sau ngày quyết định (decided_on)")
        if level and decided_on is not None:
            _field_errors(problems, lambda: check_level(level, decided_on), {"level": "level"})
        if unit is not None and decided_on is not None and not unit.is_valid_on(decided_on):
            problems.append(f"ngày {fmt_date(decided_on)} {unit.name} không còn hoặc chưa có hiệu lực (decided_on)")
        if problems or unit is None or decided_on is None:
            return None
        values = {"level": level, "decided_on": decided_on, "decision_number": number, "review_on": review_on}
        return RecognitionRow(line, unit, values)

    def key(self, row: RecognitionRow) -> Hashable:
        return row.key

    def duplicate(self, key: Any, first_line: int) -> str:
        return f"quyết định số {key[1]} ngày {fmt_date(key[2])} của cùng xã trùng với dòng {first_line}."

    def plan(self, ctx: Context, rows: list[RecognitionRow], errors: list[LineError], ticker: Ticker) -> Plan:
        plan = Plan()
        stored: dict[tuple[int, str, dt.date], Recognition] = {}
        units = {r.unit.pk for r in rows}
        for rec in Recognition.objects.filter(unit_id__in=units, decided_on__in={r.values["decided_on"] for r in rows}):
            stored[(rec.unit_id, same(rec.decision_number), rec.decided_on)] = rec
        for r in rows:
            found = stored.get(r.key)
            if found is None:
                decided_by = supervising_unit(ctx.actor, r.unit)
                plan.creates.append(Recognition(unit=r.unit, decided_by=decided_by, **r.values))
            elif _changed(found, {"level": r.values["level"], "review_on": r.values["review_on"]}):
                plan.updates.append(found)
        ticker.step(len(rows))
        return plan

    def apply(self, ctx: Context, plan: Plan, actor: Any, writer: Writer) -> None:
        user = actor if getattr(actor, "is_authenticated", False) else None
        with writer.batch(len(plan.creates) + len(plan.updates)):
            for rec in plan.creates:
                rec.created_by = user
                rec.save()
                RecognitionFile.objects.filter(
                    unit=rec.unit, year=rec.decided_on.year, level=rec.level, recognition__isnull=True
                ).update(recognition=rec)
            now = timezone.now()
            for rec in plan.updates:
                rec.updated_at = now
            Recognition.objects.bulk_update(plan.updates, ["level", "review_on", "updated_at"])


def _line_commune(cells: Cells, ctx: Context, roles: frozenset[str], what: str) -> Unit | None:
    """The commune a line names by `unit_code`, where the importer may act (`roles`; the command line anywhere)."""
    code = cells.text("unit_code", "mã xã, phường", 40, required=True)
    if not code:
        return None
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        cells.problems.append(f"không có đơn vị mã “{code}” (unit_code)")
        return None
    if not unit.is_commune_level:
        cells.problems.append(f"{unit.name} không phải đơn vị cấp xã (unit_code): chỉ xã, phường được {what}")
        return None
    if ctx.actor is not None and not holds_role(ctx.actor, unit, roles):
        cells.problems.append(f"bạn không có quyền ghi {what} cho {unit.name} (unit_code)")
        return None
    return unit


def _field_errors(problems: list[str], check: Any, columns: Mapping[str, str]) -> None:
    """Run a check of the pages' actions; its Vietnamese messages go to the line, naming the column."""
    try:
        check()
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for name, messages in exc.message_dict.items():
                problems.extend(f"{m.rstrip('.')} ({columns.get(name, name)})" for m in messages)
        else:
            problems.extend(m.rstrip(".") for m in exc.messages)


# --- targets ---------------------------------------------------------------------------------------------------------

TARGET_COLUMNS = (
    Column("unit_code", "Mã đơn vị", "Mã tỉnh, huyện đặt chỉ tiêu.", "T38", True),
    Column("by_date", "Đến ngày", f"Ngày phải đạt chỉ tiêu ({DATE_HELP}).", "31/12/2025", True),
    Column("share", "Tỷ lệ", "Tỷ lệ số xã được công nhận: từ 0 đến 1 (0,5 hoặc 0.5 hoặc 50%).", "0,5", True),
)


@dataclass
class TargetRow:
    line: int
    unit: Unit
    by_date: dt.date
    share: Decimal


def read_share(value: str) -> Decimal | None:
    """ "0,5", "0.5", "50%" → Decimal("0.5000"); None when it is not a share in (0, 1]."""
    raw = value.strip().replace(" ", "")
    percent = _PERCENT.match(raw)
    try:
        share = Decimal(percent[1].replace(",", ".")) / 100 if percent else Decimal(raw.replace(",", "."))
    except InvalidOperation:
        return None
    if not share.is_finite() or not Decimal(0) < share <= Decimal(1):
        return None
    return share.quantize(Decimal("0.0001"))


class TargetImporter(_ProgrammeImporter):
    kind = "targets"
    label = "Chỉ tiêu nhân rộng mô hình"
    description = "Tỷ lệ xã, phường được công nhận mô hình mà mỗi tỉnh, huyện phải đạt đến một ngày."
    columns = TARGET_COLUMNS
    needs_unit = False
    audit_action = "programme.targets_imported"
    order = 92
    title = "Nhập chỉ tiêu nhân rộng mô hình từ tệp"

    def authorize(self, actor: Any, unit: Any) -> None:
        if actor is not None and not is_system_admin(actor) and not _is_supervisor(actor):
            raise PermissionDenied("Chỉ cán bộ giám sát cấp trên nhập chỉ tiêu nhân rộng mô hình.")

    def units_for(self, user: Any) -> list[Unit] | None:
        return None if is_system_admin(user) or _is_supervisor(user) else []

    def parse(self, line: int, raw: dict[str, Any], ctx: Context, problems: list[str]) -> TargetRow | None:
        cells = Cells(raw, problems, ctx.today)
        code = cells.text("unit_code", "mã đơn vị", 40, required=True)
        unit = Unit.objects.filter(code=code).first() if code else None
        if code and unit is None:
            problems.append(f"không có đơn vị mã “{code}” (unit_code)")
        elif unit is not None and unit.is_commune_level:
            problems.append(f"{unit.name} là đơn vị cấp xã (unit_code): chỉ tiêu đặt cho tỉnh, huyện")
        elif unit is not None and not _own_supervisor(ctx.actor, unit):
            problems.append(f"chỉ cán bộ giám sát của chính {unit.name} đặt chỉ tiêu của đơn vị này (unit_code)")
        by_date = cells.day("by_date", "ngày đạt chỉ tiêu", required=True, future=True)
        typed = text(raw, "share")
        share = read_share(typed) if typed else None
        if not typed:
            problems.append("thiếu tỷ lệ (share): ghi từ 0 đến 1, ví dụ 0,5")
        elif share is None:
            problems.append(f"tỷ lệ (share) “{typed[:20]}” phải lớn hơn 0 và không quá 1 (hoặc 100%)")
        if unit is not None and by_date is not None and unit.valid_to is not None and unit.valid_to < by_date:
            problems.append(f"{unit.name} hết hiệu lực từ {fmt_date(unit.valid_to)}, trước ngày đạt chỉ tiêu (by_date)")
        if problems or unit is None or by_date is None or share is None:
            return None
        return TargetRow(line, unit, by_date, share)

    def key(self, row: TargetRow) -> Hashable:
        return (row.unit.pk, row.by_date)

    def duplicate(self, key: Any, first_line: int) -> str:
        return f"chỉ tiêu đến ngày {fmt_date(key[1])} của cùng đơn vị trùng với dòng {first_line}."

    def plan(self, ctx: Context, rows: list[TargetRow], errors: list[LineError], ticker: Ticker) -> Plan:
        plan = Plan()
        stored = {
            (t.unit_id, t.by_date): t for t in RolloutTarget.objects.filter(unit_id__in={r.unit.pk for r in rows})
        }
        for r in rows:
            found = stored.get((r.unit.pk, r.by_date))
            if found is None:
                plan.creates.append(RolloutTarget(unit=r.unit, by_date=r.by_date, share=r.share))
            elif _changed(found, {"share": r.share}):
                plan.updates.append(found)
        return plan

    def apply(self, ctx: Context, plan: Plan, actor: Any, writer: Writer) -> None:
        user = actor if getattr(actor, "is_authenticated", False) else None
        with writer.batch(len(plan.creates) + len(plan.updates)):
            for t in plan.creates:
                t.created_by = user
            RolloutTarget.objects.bulk_create(plan.creates)
            now = timezone.now()
            for t in plan.updates:
                t.updated_at = now
            RolloutTarget.objects.bulk_update(plan.updates, ["share", "updated_at"])


def _own_supervisor(actor: Any, unit: Unit) -> bool:
    """A target is set by the supervisors of that very unit (as actions_judging.record_target)."""
    if actor is None or is_system_admin(actor):
        return True
    return any(m.role == Role.SUPERVISOR and m.unit is not None and m.unit.pk == unit.pk for m in memberships(actor))


# --- activities ------------------------------------------------------------------------------------------------------

ACTIVITY_COLUMNS = (
    Column(
        "kind", "Loại hoạt động", "Loại: " + _help(ActivityKind) + ".", "Hội nghị, buổi sinh hoạt tuyên truyền", True
    ),
    Column("held_on", "Ngày", f"Ngày tổ chức, phát, đăng ({DATE_HELP}).", "15/04/2023", True),
    Column("title", "Nội dung", "Nội dung, tiêu đề hoạt động.", "Hội nghị quán triệt mô hình tại thôn 1", True),
    Column("attendees", "Số người dự", "Số người dự, số học viên (có thể để trống).", "120"),
    Column("outlet", "Cơ quan báo chí, kênh", "Tin, bài: tên báo, đài, trang; có thể để trống.", "Báo Thanh Hóa"),
    Column("link", "Đường dẫn", "Đường dẫn http(s):// đến tin, bài (có thể để trống).", "https://baothanhhoa.vn/…"),
)


@dataclass
class ActivityRow:
    line: int
    values: dict[str, Any]

    @property
    def key(self) -> tuple[str, dt.date, str]:
        return (self.values["kind"], self.values["held_on"], same(self.values["title"]))


class _CommuneImporter(_ProgrammeImporter):
    roles: ClassVar[frozenset[str]]
    what: ClassVar[str]

    def authorize(self, actor: Any, unit: Any) -> None:
        if actor is not None:
            require_role(actor, unit, self.roles)
        _require_commune(unit, self.what)

    def units_for(self, user: Any) -> list[Unit]:
        if self.roles & SUPERVISORS:
            return _supervised_communes(user, self.roles - SUPERVISORS)
        return writable_communes(user, self.roles)


class ActivityImporter(_CommuneImporter):
    kind = "activities"
    label = "Hoạt động tuyên truyền, tập huấn"
    description = "Hội nghị, phát thanh, tin bài, bài đăng trang thông tin điện tử, tập huấn, lễ ra mắt mô hình."
    columns = ACTIVITY_COLUMNS
    audit_action = "programme.activities_imported"
    roles = ACTIVITY_WRITERS
    what = "hoạt động"
    order = 93
    title = "Nhập hoạt động tuyên truyền, tập huấn từ tệp"

    def parse(self, line: int, raw: dict[str, Any], ctx: Context, problems: list[str]) -> ActivityRow | None:
        cells = Cells(raw, problems, ctx.today)
        values = {
            "kind": cells.coded("kind", "loại hoạt động", ACTIVITY_KINDS, _help(ActivityKind)),
            "held_on": cells.day("held_on", "ngày", required=True),
            "title": cells.text("title", "nội dung", 500, required=True),
            "attendees": cells.count("attendees", "số người dự", None, 0, 1_000_000),
            "outlet": cells.text("outlet", "cơ quan báo chí, kênh", 200),
            "link": cells.text("link", "đường dẫn", 500),
        }
        if values["link"]:
            try:
                _URL(values["link"])
            except ValidationError:
                problems.append("đường dẫn (link) không hợp lệ: ghi đầy đủ, bắt đầu bằng http:// hoặc https://")
        if problems:
            return None
        return ActivityRow(line, values)

    def key(self, row: ActivityRow) -> Hashable:
        return row.key

    def duplicate(self, key: Any, first_line: int) -> str:
        return f"trùng với dòng {first_line} (cùng loại, ngày và nội dung)."

    def plan(self, ctx: Context, rows: list[ActivityRow], errors: list[LineError], ticker: Ticker) -> Plan:
        plan = Plan()
        if not rows:
            return plan
        days = [r.values["held_on"] for r in rows]
        stored: dict[tuple[str, dt.date, str], Activity] = {}
        for a in Activity.objects.filter(unit=ctx.unit, held_on__range=(min(days), max(days))).order_by("pk"):
            stored.setdefault((a.kind, a.held_on, same(a.title)), a)
        for r in rows:
            found = stored.get(r.key)
            if found is None:
                plan.creates.append(Activity(unit=ctx.unit, **r.values))
            elif _changed(found, {k: r.values[k] for k in ("attendees", "outlet", "link")}):
                plan.updates.append(found)
        return plan

    def apply(self, ctx: Context, plan: Plan, actor: Any, writer: Writer) -> None:
        user = actor if getattr(actor, "is_authenticated", False) else None
        with writer.batch(len(plan.creates) + len(plan.updates)):
            for a in plan.creates:
                a.created_by = user
            Activity.objects.bulk_create(plan.creates)
            now = timezone.now()
            for a in plan.updates:
                a.updated_at = now
            Activity.objects.bulk_update(plan.updates, ["attendees", "outlet", "link", "updated_at"])


# --- documents -------------------------------------------------------------------------------------------------------

DOCUMENT_COLUMNS = (
    Column("kind", "Loại văn bản", "Loại: " + _help(DocumentKind) + ".", "Quyết định", True),
    Column("number", "Số, ký hiệu", "Số và ký hiệu như trên văn bản, ví dụ 59-QĐ/ĐU, 07/QĐ-UBND.", "59-QĐ/ĐU", True),
    Column("issued_on", "Ngày ban hành", f"Ngày ký ban hành ({DATE_HELP}).", "03/03/2023", True),
    Column(
        "issuer",
        "Cơ quan ban hành",
        "Một trong: " + _help(Issuer) + "; cơ quan cấp trên ghi kèm tên sau dấu hai chấm, ví dụ "
        "“higher: Huyện ủy Hoằng Hóa”.",
        "Đảng ủy xã",
        True,
    ),
    Column(
        "summary", "Trích yếu", "Trích yếu nội dung văn bản.", "Về việc thành lập Ban chỉ đạo xây dựng mô hình", True
    ),
)


@dataclass
class DocumentRow:
    line: int
    values: dict[str, Any]

    @property
    def key(self) -> tuple[str, dt.date]:
        return (self.values["number"], self.values["issued_on"])


def _issuer(cells: Cells) -> tuple[str, str]:
    """(issuer code, name of a higher body) from "Đảng ủy xã", "UBND", "higher: Huyện ủy Hoằng Hóa"."""
    value = text(cells.raw, "issuer")
    head, colon, tail = value.partition(":")
    code = ISSUERS.get(head) if colon and head.strip() else None
    if code is not None:
        name = " ".join(tail.split())
        if code != Issuer.HIGHER and name:
            cells.problems.append("chỉ cơ quan cấp trên (higher) ghi kèm tên sau dấu hai chấm (issuer)")
        if len(name) > 200:
            cells.problems.append("tên cơ quan ban hành (issuer) dài quá 200 ký tự")
        return code, name[:200]
    return cells.coded("issuer", "cơ quan ban hành", ISSUERS, _help(Issuer)), ""


class DocumentImporter(_CommuneImporter):
    kind = "documents"
    label = "Văn bản về mô hình"
    description = "Quyết định, nghị quyết, kế hoạch, thông báo, công văn, báo cáo, quy chế đã ban hành."
    columns = DOCUMENT_COLUMNS
    audit_action = "programme.documents_imported"
    roles = PROGRAMME_WRITERS
    what = "văn bản"
    order = 94
    title = "Nhập văn bản về mô hình từ tệp"

    def parse(self, line: int, raw: dict[str, Any], ctx: Context, problems: list[str]) -> DocumentRow | None:
        cells = Cells(raw, problems, ctx.today)
        kind = cells.coded("kind", "loại văn bản", DOCUMENT_KINDS, _help(DocumentKind))
        issued_on = cells.day("issued_on", "ngày ban hành", required=True)
        typed = text(raw, "number")
        number = ""
        if not typed:
            problems.append("thiếu số, ký hiệu (number)")
        elif kind:
            try:
                number = clean_number(kind, typed, issued_on)
            except ValidationError as exc:
                problems.extend(f"{m.rstrip('.')} (number)" for m in exc.messages)
        issuer, issuer_name = _issuer(cells)
        summary = cells.text("summary", "trích yếu", 1000, required=True)
        if problems:
            return None
        values = {
            "kind": kind,
            "number": number,
            "issued_on": issued_on,
            "issuer": issuer,
            "issuer_name": issuer_name,
            "summary": summary,
        }
        return DocumentRow(line, values)

    def key(self, row: DocumentRow) -> Hashable:
        return row.key

    def duplicate(self, key: Any, first_line: int) -> str:
        return f"văn bản số {key[0]} ngày {fmt_date(key[1])} trùng với dòng {first_line}."

    def plan(self, ctx: Context, rows: list[DocumentRow], errors: list[LineError], ticker: Ticker) -> Plan:
        plan = Plan()
        stored = {
            (d.number, d.issued_on): d
            for d in IssuedDocument.objects.filter(unit=ctx.unit, number__in={r.values["number"] for r in rows})
        }
        for r in rows:
            found = stored.get(r.key)
            if found is None:
                plan.creates.append(IssuedDocument(unit=ctx.unit, **r.values))
            elif _changed(found, {k: r.values[k] for k in ("kind", "issuer", "issuer_name", "summary")}):
                plan.updates.append(found)
        return plan

    def apply(self, ctx: Context, plan: Plan, actor: Any, writer: Writer) -> None:
        user = actor if getattr(actor, "is_authenticated", False) else None
        with writer.batch(len(plan.creates) + len(plan.updates)):
            for d in plan.creates:
                d.created_by = user
            IssuedDocument.objects.bulk_create(plan.creates)
            now = timezone.now()
            for d in plan.updates:
                d.updated_at = now
            IssuedDocument.objects.bulk_update(plan.updates, ["kind", "issuer", "issuer_name", "summary", "updated_at"])


# --- inspections -----------------------------------------------------------------------------------------------------

INSPECTION_COLUMNS = (
    Column("held_on", "Ngày kiểm tra", f"Ngày kiểm tra, giám sát ({DATE_HELP}).", "20/09/2024", True),
    Column(
        "by_unit_code",
        "Đơn vị kiểm tra",
        "Mã đơn vị cấp trên kiểm tra (huyện, tỉnh); để trống hoặc ghi front (Ủy ban MTTQ), party (Đảng ủy), "
        "commune (UBND xã) khi xã tự kiểm tra, giám sát.",
        "H399",
    ),
    Column("target", "Đối tượng", "Đối tượng được kiểm tra trong xã (chi bộ, thôn, trường…); trống: toàn xã.", ""),
    Column(
        "content",
        "Nội dung",
        "Nội dung kiểm tra; bắt đầu bằng “Giám sát” khi là cuộc giám sát.",
        "Kiểm tra việc thực hiện mô hình năm 2024",
        True,
    ),
    Column("findings", "Kết quả, hạn chế", "Kết quả, hạn chế phát hiện (có thể để trống).", "Chưa niêm yết đủ TTHC"),
    Column(
        "remedies",
        "Nội dung khắc phục",
        "Các nội dung phải khắc phục, ngăn cách bằng dấu “ | ” (mỗi nội dung một dòng khắc phục).",
        "Niêm yết đủ TTHC | Bổ sung sổ theo dõi",
    ),
    Column(
        "remedied",
        "Số nội dung đã khắc phục",
        "Số nội dung đã khắc phục (từ 0 đến số nội dung): các nội dung đầu tiên được ghi đã khắc phục ngày kiểm tra.",
        "1",
    ),
)


@dataclass
class InspectionRow:
    line: int
    values: dict[str, Any]
    remedies: list[str]
    remedied: int

    @property
    def key(self) -> tuple[dt.date, str, int | None, str]:
        v = self.values
        return (v["held_on"], v["by_kind"], v["by_unit"].pk if v["by_unit"] else None, same(v["target"]))


def _inspector(cells: Cells, ctx: Context) -> tuple[str, Unit | None]:
    """(by_kind, by_unit) from by_unit_code: a unit above the commune, or one of the commune's own inspectors."""
    assert ctx.unit is not None
    value = text(cells.raw, "by_unit_code")
    if not value or value == ctx.unit.code:
        return InspectorKind.COMMUNE, None
    unit = Unit.objects.filter(code=value).first()
    if unit is not None:
        if unit.is_commune_level or not unit.path or not ctx.unit.path.startswith(unit.path) or unit == ctx.unit:
            cells.problems.append(f"{unit.name} không phải đơn vị cấp trên của {ctx.unit.name} (by_unit_code)")
            return "", None
        return InspectorKind.SUPERVISOR, unit
    code = INSPECTORS.get(value)
    if code is None or code == InspectorKind.SUPERVISOR:
        cells.problems.append(
            f"đơn vị kiểm tra (by_unit_code) “{value[:40]}” không hợp lệ: ghi mã đơn vị cấp trên, hoặc front, party, "
            "commune (Ủy ban MTTQ, Đảng ủy, UBND xã)"
        )
        return "", None
    return code, None


class InspectionImporter(_CommuneImporter):
    kind = "inspections"
    label = "Kiểm tra, giám sát"
    description = "Các cuộc kiểm tra, giám sát việc xây dựng mô hình tại xã, với nội dung phải khắc phục."
    columns = INSPECTION_COLUMNS
    audit_action = "programme.inspections_imported"
    roles = ACTIVITY_WRITERS | SUPERVISORS
    what = "kiểm tra, giám sát"
    order = 95
    title = "Nhập kiểm tra, giám sát từ tệp"

    def parse(self, line: int, raw: dict[str, Any], ctx: Context, problems: list[str]) -> InspectionRow | None:
        assert ctx.unit is not None
        cells = Cells(raw, problems, ctx.today)
        held_on = cells.day("held_on", "ngày kiểm tra", required=True)
        by_kind, by_unit = _inspector(cells, ctx)
        if by_kind and ctx.actor is not None and not holds_role(ctx.actor, ctx.unit, inspection_roles(by_kind)):
            who = "cán bộ giám sát cấp trên" if by_kind == InspectorKind.SUPERVISOR else "cán bộ của xã"
            problems.append(f"cuộc kiểm tra này do {who} ghi (by_unit_code)")
        target = cells.text("target", "đối tượng", 300)
        content = cells.text("content", "nội dung", 4000, required=True)
        findings = cells.text("findings", "kết quả, hạn chế", 8000)
        remedies = [" ".join(t.split()) for t in text(raw, "remedies").split(REMEDY_SEPARATOR)]
        remedies = [t for t in remedies if t]
        if any(len(t) > 2000 for t in remedies):
            problems.append("một nội dung khắc phục (remedies) dài quá 2000 ký tự")
        if len({same(t) for t in remedies}) < len(remedies):
            problems.append("nội dung khắc phục (remedies) ghi trùng")
        remedied = cells.count("remedied", "số nội dung đã khắc phục", 0, 0, 1000)
        if remedied > len(remedies):
            problems.append(
                f"số nội dung đã khắc phục (remedied) {remedied} nhiều hơn số nội dung khắc phục (remedies)"
            )
        if problems or held_on is None:
            return None
        values = {
            "held_on": held_on,
            "by_kind": by_kind,
            "by_unit": by_unit,
            "target": target,
            "content": content,
            "findings": findings,
            "is_supervision": same(content).startswith("giám sát"),
        }
        return InspectionRow(line, values, remedies, remedied)

    def key(self, row: InspectionRow) -> Hashable:
        return row.key

    def duplicate(self, key: Any, first_line: int) -> str:
        return f"trùng với dòng {first_line} (cùng ngày, đơn vị kiểm tra và đối tượng)."

    def plan(self, ctx: Context, rows: list[InspectionRow], errors: list[LineError], ticker: Ticker) -> Plan:
        plan = Plan()
        if not rows:
            return plan
        stored: dict[tuple[dt.date, str, int | None, str], Inspection] = {}
        days = {r.values["held_on"] for r in rows}
        for i in Inspection.objects.filter(unit=ctx.unit, held_on__in=days).order_by("pk"):
            stored.setdefault((i.held_on, i.by_kind, i.by_unit_id, same(i.target)), i)
        remedies: dict[int, list[Remedy]] = {}
        for remedy in Remedy.objects.filter(inspection__in=list(stored.values())).order_by("pk"):
            remedies.setdefault(remedy.inspection_id, []).append(remedy)
        for r in rows:
            found = stored.get(r.key)
            if found is None:
                inspection = Inspection(unit=ctx.unit, **r.values)
                inspection._remedies = [  # type: ignore[attr-defined]
                    Remedy(text=t, done_on=r.values["held_on"] if n < r.remedied else None)
                    for n, t in enumerate(r.remedies)
                ]
                plan.creates.append(inspection)
                continue
            wanted = {k: r.values[k] for k in ("content", "findings", "is_supervision")}
            changed = bool(_changed(found, wanted))
            have = {same(m.text): m for m in remedies.get(found.pk, [])}
            added, done = [], []
            for n, t in enumerate(r.remedies):
                is_done = n < r.remedied
                existing = have.get(same(t))
                if existing is None:
                    added.append(Remedy(inspection=found, text=t, done_on=found.held_on if is_done else None))
                elif is_done and existing.done_on is None:
                    existing.done_on = found.held_on
                    done.append(existing)
            found._remedies, found._done = added, done  # type: ignore[attr-defined]
            if changed or added or done:
                plan.updates.append(found)
        return plan

    def apply(self, ctx: Context, plan: Plan, actor: Any, writer: Writer) -> None:
        user = actor if getattr(actor, "is_authenticated", False) else None
        now = timezone.now()
        with writer.batch(len(plan.creates) + len(plan.updates)):
            for i in plan.creates:
                i.created_by = user
                i.save()
                for remedy in i._remedies:
                    remedy.inspection = i
                Remedy.objects.bulk_create(i._remedies)
            for i in plan.updates:
                i.updated_at = now
                i.save(update_fields=["content", "findings", "is_supervision", "updated_at"])
                Remedy.objects.bulk_create(i._remedies)
                Remedy.objects.bulk_update(i._done, ["done_on"])


# --- scores ----------------------------------------------------------------------------------------------------------

SCORE_COLUMNS = (
    Column(
        "criterion_code",
        "Mã tiêu chí",
        "Mã tiêu chí trong bộ tiêu chí, ví dụ TC1, TC1.1, TH (điểm thưởng).",
        "TC1.1",
        True,
    ),
    Column("self_score", "Điểm tự chấm", "Điểm xã tự chấm (0 đến điểm tối đa; 7,5 hoặc 7.5).", "9", True),
    Column(
        "verified_score",
        "Điểm cấp trên chấm",
        "Điểm cấp trên thẩm định; có cột này thì kết quả của năm được công bố (mọi dòng phải có).",
        "8,5",
    ),
)


@dataclass
class ScoreContext(Context):
    year: int = 0
    scoring: Scoring | None = None
    criteria: dict[str, Criterion] = field(default_factory=dict)
    tree: Any = None
    criteria_set: Any = None


@dataclass
class ScoreRow:
    line: int
    criterion: Criterion
    self_score: Decimal | None
    verified_score: Decimal | None


@dataclass
class ScorePlan:
    scoring: Scoring | None  # None: to create
    rows: list[ScoreRow]
    changed: int  # lines whose scores change
    publish: bool
    created: bool


class ScoreImporter(Importer[ScoreRow, ScoreContext, ScorePlan]):
    kind = "scores"
    label = "Kết quả chấm điểm mô hình"
    description = "Điểm tự chấm và điểm cấp trên thẩm định theo từng tiêu chí của một xã trong một năm."
    columns = SCORE_COLUMNS
    audit_action = "programme.scores_imported"
    order = 96
    title = "Nhập kết quả chấm điểm mô hình từ tệp"
    options = (("year", "năm chấm điểm (YYYY)"),)

    def __init__(self, year: int | None = None) -> None:
        self.year = year

    def configure(self, options: Mapping[str, Any]) -> ScoreImporter:
        value = options.get("year")
        if value in (None, ""):
            return ScoreImporter(None)
        year = read_int(str(value), 2000, timezone.localdate().year)
        if year is None:
            raise ValidationError(f"Năm chấm điểm (--year) “{value}” phải từ 2000 đến {timezone.localdate().year}.")
        return ScoreImporter(year)

    def authorize(self, actor: Any, unit: Any) -> None:
        if actor is not None:
            require_role(actor, unit, PROGRAMME_WRITERS | SUPERVISORS)
        _require_commune(unit, "kết quả chấm điểm")

    def units_for(self, user: Any) -> list[Unit]:
        return _supervised_communes(user, PROGRAMME_WRITERS)

    def prepare(self, unit: Unit, actor: Any) -> ScoreContext:
        ctx = ScoreContext(unit, timezone.localdate(), actor, year=self.year or 0)
        if self.year is None:
            ctx.problem = "chưa chọn năm chấm điểm (--year YYYY)"
            return ctx
        ctx.scoring = Scoring.objects.filter(unit=unit, year=self.year).select_related("criteria_set").first()
        ctx.criteria_set = ctx.scoring.criteria_set if ctx.scoring else scoring_actions.set_for(unit, self.year)
        ctx.tree = scoring_actions.tree_of(ctx.criteria_set)
        ctx.criteria = {c.code.casefold(): c for c in ctx.tree.criteria}
        return ctx

    def parse(self, line: int, raw: dict[str, Any], ctx: ScoreContext, problems: list[str]) -> ScoreRow | None:
        if ctx.problem:
            problems.append(ctx.problem)
            return None
        code = text(raw, "criterion_code")
        criterion = ctx.criteria.get(code.casefold()) if code else None
        if not code:
            problems.append("thiếu mã tiêu chí (criterion_code)")
        elif criterion is None:
            known = ", ".join(c.code for c in ctx.tree.criteria)
            problems.append(
                f"không có tiêu chí mã “{code[:20]}” trong {ctx.criteria_set.name} (criterion_code): {known}"
            )
        values: dict[str, Decimal | None] = {}
        for column, what in (("self_score", "Điểm tự chấm"), ("verified_score", "Điểm cấp trên chấm")):
            try:
                values[column] = scoring_actions.parse_score(text(raw, column))
                if criterion is not None:
                    scoring_actions.check_score(criterion, values[column], what)
            except ValidationError as exc:
                problems.extend(f"{m.rstrip('.')} ({column})" for m in exc.messages)
        if values.get("verified_score") is not None and not _may_verify(ctx):
            problems.append("chỉ cán bộ giám sát cấp trên ghi điểm thẩm định (verified_score)")
        if problems or criterion is None:
            return None
        return ScoreRow(line, criterion, values["self_score"], values["verified_score"])

    def key(self, row: ScoreRow) -> Hashable:
        return row.criterion.pk

    def duplicate(self, key: Any, first_line: int) -> str:
        return f"tiêu chí trùng với dòng {first_line}."

    def check(self, ctx: ScoreContext, rows: list[ScoreRow], errors: list[LineError]) -> list[ScoreRow]:
        if not rows:
            return rows
        tree = ctx.tree
        given = {r.criterion.pk for r in rows}
        kept = []
        for r in rows:
            c = r.criterion
            kids = tree.children.get(c.pk, [])
            if kids and given & {k.pk for k in kids}:
                message = f"{c.code} đã được chấm theo tiêu chí thành phần: bỏ dòng này hoặc các dòng thành phần."
                errors.append(LineError(r.line, message, "criterion_code"))
                continue
            kept.append(r)
        if any(r.verified_score is not None for r in rows):
            for r in rows:
                if r.verified_score is None:
                    message = "thiếu điểm cấp trên chấm (verified_score): tệp công bố kết quả nên mọi dòng phải có."
                    errors.append(LineError(r.line, message, "verified_score"))
            missing = [
                c.code
                for c in tree.top
                if c.kind == CriterionKind.SCORE
                and c.pk not in given
                and not (tree.children.get(c.pk) and all(k.pk in given for k in tree.children[c.pk]))
            ]
            if missing:
                message = f"chưa có điểm của {', '.join(missing)}: công bố kết quả cần đủ các tiêu chí."
                errors.append(LineError(1, message, "criterion_code"))
        return kept

    def plan(self, ctx: ScoreContext, rows: list[ScoreRow], errors: list[LineError], ticker: Ticker) -> ScorePlan:
        scoring = ctx.scoring
        publish = any(r.verified_score is not None for r in rows)
        stored = {s.criterion_id: s for s in scoring.scores.all()} if scoring else {}
        changed = []
        for r in rows:
            s = stored.get(r.criterion.pk)
            old = (s.self_score, s.verified_score) if s else (None, None)
            wanted = (r.self_score, r.verified_score if publish else old[1])
            if old != wanted:
                changed.append(r)
        if scoring is not None and scoring.status == ScoringStatus.PUBLISHED:
            for r in changed:
                message = (
                    f"kết quả chấm điểm năm {ctx.year} đã công bố ngày {fmt_date(scoring.published_on)}: không sửa "
                    f"điểm của {r.criterion.code} được."
                )
                errors.append(LineError(r.line, message))
            return ScorePlan(scoring, rows, 0, False, False)
        editable = (ScoringStatus.DRAFT, ScoringStatus.RETURNED)
        if scoring is not None and not publish and changed and scoring.status not in editable:
            status = scoring.get_status_display()
            for r in changed:
                message = f"bảng chấm điểm đang ở trạng thái “{status}”: không sửa điểm tự chấm."
                errors.append(LineError(r.line, message))
        return ScorePlan(scoring, rows, len(changed), publish, scoring is None)

    def counts(self, plan: ScorePlan) -> tuple[int, int]:
        if not plan.rows:
            return 0, 0
        if plan.created:
            return len(plan.rows), 0
        updated = plan.changed or (1 if plan.publish and plan.scoring is not None else 0)
        return 0, updated

    def outcome(self, plan: ScorePlan) -> str:
        return ""

    def apply(self, ctx: ScoreContext, plan: ScorePlan, actor: Any, writer: Writer) -> None:
        if not plan.rows or (plan.scoring is not None and plan.scoring.status == ScoringStatus.PUBLISHED):
            return
        assert ctx.unit is not None
        user = actor if getattr(actor, "is_authenticated", False) else None
        tree = ctx.tree
        with writer.batch(len(plan.rows)), transaction.atomic():
            scoring = plan.scoring
            if scoring is None:
                scoring = Scoring.objects.create(
                    unit=ctx.unit, year=ctx.year, criteria_set=ctx.criteria_set, created_by=user
                )
            scores = {s.criterion_id: s for s in scoring.scores.all()}
            for c in tree.criteria:
                if c.pk not in scores:
                    scores[c.pk] = Score.objects.create(scoring=scoring, criterion=c)
            for r in plan.rows:
                s = scores[r.criterion.pk]
                s.self_score = r.self_score
                if plan.publish:
                    s.verified_score = r.verified_score
            given = {r.criterion.pk for r in plan.rows}
            _roll_parents(tree, scores, given)
            Score.objects.bulk_update(list(scores.values()), ["self_score", "verified_score"])
            scoring.self_total = _total(tree, {pk: s.self_score for pk, s in scores.items()})
            if plan.publish:
                scoring.verified_total = _total(tree, {pk: s.verified_score for pk, s in scores.items()})
                thresholds = scoring_actions.thresholds_of(ctx.criteria_set)
                scoring.score_class = scoring_actions.classify(scoring.verified_total, thresholds)
                scoring.status = ScoringStatus.PUBLISHED
                scoring.published_on = ctx.today
                scoring.verified_by = user
            scoring.updated_at = timezone.now()
            scoring.save()


def _may_verify(ctx: Context) -> bool:
    return ctx.actor is None or (ctx.unit is not None and holds_role(ctx.actor, ctx.unit, SUPERVISORS))


def _roll_parents(tree: Any, scores: Mapping[int, Score], given: set[int]) -> None:
    """A parent whose sub-criteria the file scores holds their sum (as the pages store it); one the file scores as
    a whole keeps its own score."""
    for name in ("self_score", "verified_score"):
        rolled = tree.roll_up({pk: getattr(s, name) for pk, s in scores.items()})
        for pk in tree.children:
            if pk not in given:
                setattr(scores[pk], name, rolled[pk])


def _total(tree: Any, values: Mapping[int, Decimal | None]) -> Decimal | None:
    """The set's total (criteria + bonus − penalty, within bounds) over the top lines' stored values: a parent's
    value is its sub-criteria's sum, or its own score when it was scored as a whole."""
    tops = {c.pk: values.get(c.pk) for c in tree.top}
    if all(v is None for v in tops.values()):
        return None
    total = Decimal(0)
    for c in tree.top:
        v = tops[c.pk] or Decimal(0)
        total += -v if c.kind == CriterionKind.PENALTY else v
    bounded: Decimal = min(max(total, Decimal(0)), tree.score_max() + tree.bonus_max())
    return bounded.quantize(Decimal("0.01"))


IMPORTERS: tuple[Importer[Any, Any, Any], ...] = (
    RecognitionImporter(),
    TargetImporter(),
    ActivityImporter(),
    DocumentImporter(),
    InspectionImporter(),
    ScoreImporter(),
)
