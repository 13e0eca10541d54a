"""Every change of state of area 'judging' (issue 11 items 6, 8, 9): inspections and supervisions with their
remedies and the commune's answers, recognitions of a commune's model and the file asking for one, and the roll-out
targets of a supervising unit. Each function takes the acting user (None: the command line), checks the role at the
unit, validates with Vietnamese messages, writes inside a transaction and leaves one audit row.

Who does what:
- a supervisor creates inspections of the communes under them (`by_unit` is the supervisor's unit, set here, never by
  a form), records recognitions of those communes and sets the targets of their own unit;
- a commune (ACTIVITY_WRITERS) records the inspections and supervisions it runs (MTTQ, the Party committee, UBND) and
  answers every remedy of an inspection of it, a supervisor's included;
- a commune's leaders (PROGRAMME_WRITERS) assemble the file asking for recognition."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from thanthien.audit.log import diff, record, register_actions, snapshot
from thanthien.org.models import Role, Unit
from thanthien.org.records import create_record, update_record
from thanthien.org.scoping import is_system_admin, memberships, require_role

from .models import (
    ACTIVITY_WRITERS,
    PROGRAMME_WRITERS,
    SUPERVISORS,
    FilePart,
    Inspection,
    InspectorKind,
    IssuedDocument,
    Recognition,
    RecognitionFile,
    RecognitionFilePart,
    RecognitionLevel,
    Remedy,
    RolloutTarget,
    Scoring,
    ScoringStatus,
)

register_actions(
    {
        "programme.inspection.create": "Ghi nhận cuộc kiểm tra, giám sát",
        "programme.inspection.update": "Sửa thông tin cuộc kiểm tra, giám sát",
        "programme.remedy.create": "Thêm nội dung cần khắc phục",
        "programme.remedy.update": "Sửa nội dung cần khắc phục",
        "programme.remedy.answer": "Báo cáo kết quả khắc phục",
        "programme.recognition.create": "Ghi nhận quyết định công nhận mô hình",
        "programme.recognition.update": "Sửa quyết định công nhận mô hình",
        "programme.recognition_file.create": "Lập hồ sơ đề nghị công nhận",
        "programme.recognition_file.update": "Sửa hồ sơ đề nghị công nhận",
        "programme.recognition_file.part": "Cập nhật thành phần hồ sơ đề nghị công nhận",
        "programme.target.create": "Đặt chỉ tiêu nhân rộng mô hình",
        "programme.target.update": "Sửa chỉ tiêu nhân rộng mô hình",
    }
)

EARLIEST_DAY = dt.date(2000, 1, 1)
# The district level ends with the 2025 reorganisation (Nghị quyết 202/2025/QH15): from this day a province says
# which levels it recognises (settings.PROGRAMME_RECOGNITION_LEVELS_AFTER_2025).
LEVELS_CUTOFF = dt.date(2025, 7, 1)
DEFAULT_LEVELS_AFTER_2025 = ("province",)
# Province before district: a commune recognised at both counts once, at the province level.
LEVEL_RANK = {RecognitionLevel.PROVINCE.value: 2, RecognitionLevel.DISTRICT.value: 1}
PDF_MAX_BYTES = 20 * 1024 * 1024
# Who may record an inspection of each kind at a commune.
COMMUNE_INSPECTOR_KINDS = (InspectorKind.FRONT, InspectorKind.PARTY, InspectorKind.COMMUNE)
# The parts of a recognition file a commune supplies; the self-score table is generated from the scoring.
SUPPLIED_PARTS = tuple(p for p in FilePart if p != FilePart.SELF_SCORE)
# Scorings whose self-score may go into the file: sent to the supervisor (and what followed), or published.
SCORED_STATUSES = (ScoringStatus.SUBMITTED, ScoringStatus.VERIFIED, ScoringStatus.PUBLISHED)


# --- shared checks ---------------------------------------------------------------------------------------------------


def _day(value: Any, field: str, what: str, *, future: bool = False) -> dt.date:
    if not isinstance(value, dt.date):
        raise ValidationError({field: f"Vui lòng nhập {what} theo dạng dd/mm/yyyy."})
    if value < EARLIEST_DAY:
        raise ValidationError({field: f"{what.capitalize()} trước năm {EARLIEST_DAY.year}: kiểm tra lại năm."})
    if not future and value > timezone.localdate():
        raise ValidationError({field: f"{what.capitalize()} không được ở tương lai."})
    return value


def _text(values: dict[str, Any], field: str, limit: int, what: str, *, required: bool = False) -> str:
    text = str(values.get(field) or "").strip()
    if required and not text:
        raise ValidationError({field: f"Vui lòng nhập {what}."})
    if len(text) > limit:
        raise ValidationError({field: f"{what.capitalize()} dài quá {limit:,} ký tự.".replace(",", ".")})
    values[field] = text
    return text


def _commune_document(value: Any, unit: Unit, field: str) -> IssuedDocument | None:
    """An issued document of `unit` (the commune) or None; another unit's document is refused."""
    if value in (None, ""):
        return None
    if not isinstance(value, IssuedDocument) or value.unit_id != unit.pk:
        raise ValidationError({field: "Văn bản không thuộc xã, phường này."})
    return value


def _require_commune(unit: Unit) -> None:
    if not unit.is_commune_level:
        raise ValidationError(f"{unit.name} không phải đơn vị cấp xã.")


def supervising_unit(actor: Any, commune: Unit) -> Unit | None:
    """The unit of `actor`'s supervisor membership nearest above `commune`; for a system administrator (or the
    command line) the commune's parent."""
    found = [
        m.unit
        for m in (memberships(actor) if actor is not None else [])
        if m.role in SUPERVISORS and m.unit is not None and m.unit.path and commune.path.startswith(m.unit.path)
    ]
    if found:
        return max(found, key=lambda u: len(u.path))
    if actor is None or is_system_admin(actor):
        return commune.parent
    return None


# --- inspections and remedies (item 6) -------------------------------------------------------------------------------

INSPECTION_FIELDS = frozenset({"by_kind", "is_supervision", "target", "held_on", "content", "findings", "conclusion"})


def inspection_roles(by_kind: str) -> frozenset[str]:
    """Who records (and corrects) an inspection of this kind: supervisors theirs, the commune its own."""
    return frozenset(SUPERVISORS) if by_kind == InspectorKind.SUPERVISOR else frozenset(ACTIVITY_WRITERS)


def _clean_inspection(unit: Unit, data: Mapping[str, Any]) -> dict[str, Any]:
    values = {k: v for k, v in data.items() if k in INSPECTION_FIELDS}
    if "held_on" in values:
        _day(values["held_on"], "held_on", "ngày kiểm tra")
    if "content" in values:
        _text(values, "content", 4000, "nội dung kiểm tra, giám sát", required=True)
    for name, limit, what in (("target", 300, "đối tượng"), ("findings", 8000, "kết quả, hạn chế phát hiện")):
        if name in values:
            _text(values, name, limit, what)
    if "is_supervision" in values:
        values["is_supervision"] = bool(values["is_supervision"])
    if "conclusion" in values:
        values["conclusion"] = _commune_document(values["conclusion"], unit, "conclusion")
    return values


def record_inspection(actor: Any, unit: Unit, data: Mapping[str, Any]) -> Inspection:
    """An inspection or supervision of the commune `unit` (or of a body inside it, `target`). A supervisor's
    (`by_kind` supervisor) is run by the supervisor's own unit; the commune's (MTTQ, the Party committee, UBND) by
    no unit above. From the command line (`actor` None) `by_unit` may be given."""
    _require_commune(unit)
    by_kind = data.get("by_kind")
    if by_kind not in InspectorKind.values:
        raise ValidationError({"by_kind": "Vui lòng chọn đơn vị kiểm tra, giám sát."})
    roles = inspection_roles(by_kind)
    if actor is not None:
        require_role(actor, unit, roles)
    values = _clean_inspection(unit, data)
    for name, message in (
        ("held_on", "Vui lòng nhập ngày kiểm tra theo dạng dd/mm/yyyy."),
        ("content", "Vui lòng nhập nội dung kiểm tra, giám sát."),
    ):
        if name not in values:
            raise ValidationError({name: message})
    if by_kind == InspectorKind.SUPERVISOR:
        by_unit = data.get("by_unit") if actor is None and data.get("by_unit") else supervising_unit(actor, unit)
        if not isinstance(by_unit, Unit) or by_unit.is_commune_level or not unit.path.startswith(by_unit.path):
            raise ValidationError({"by_kind": "Không xác định được đơn vị cấp trên kiểm tra xã, phường này."})
        values["by_unit"] = by_unit
    else:
        values["by_unit"] = None
    return create_record(actor, Inspection, unit, values, roles=roles)


def update_inspection(actor: Any, inspection: Inspection, data: Mapping[str, Any]) -> Inspection:
    """Corrected by who may record it; a supervisor's inspection stays a supervisor's (and the commune's its own)."""
    values = _clean_inspection(inspection.unit, data)
    kind = values.get("by_kind", inspection.by_kind)
    if kind not in InspectorKind.values:
        raise ValidationError({"by_kind": "Vui lòng chọn đơn vị kiểm tra, giám sát."})
    if (kind == InspectorKind.SUPERVISOR) != (inspection.by_kind == InspectorKind.SUPERVISOR):
        values.pop("by_kind", None)
    return update_record(actor, inspection, values, roles=inspection_roles(inspection.by_kind))


def can_edit_inspection(user: Any, inspection: Inspection) -> bool:
    from thanthien.org.scoping import holds_role

    return holds_role(user, inspection.unit, inspection_roles(inspection.by_kind))


def can_answer_remedies(user: Any, inspection: Inspection) -> bool:
    from thanthien.org.scoping import holds_role

    return holds_role(user, inspection.unit, ACTIVITY_WRITERS)


REMEDY_FIELDS = ("text", "due_on")
ANSWER_FIELDS = ("done_on", "answer")


def _clean_remedy(inspection: Inspection, data: Mapping[str, Any]) -> dict[str, Any]:
    values = {k: data.get(k) for k in REMEDY_FIELDS if k in data}
    _text(values, "text", 2000, "nội dung cần khắc phục", required=True)
    due = values.get("due_on")
    if due in (None, ""):
        values["due_on"] = None
    else:
        if _day(due, "due_on", "thời hạn khắc phục", future=True) < inspection.held_on:
            raise ValidationError({"due_on": f"Thời hạn trước ngày kiểm tra ({inspection.held_on:%d/%m/%Y})."})
    return values


def add_remedy(actor: Any, inspection: Inspection, data: Mapping[str, Any]) -> Remedy:
    """A remedy the inspection asks for, with its deadline; added by who records the inspection."""
    if actor is not None:
        require_role(actor, inspection.unit, inspection_roles(inspection.by_kind))
    values = _clean_remedy(inspection, data)
    with transaction.atomic():
        remedy = Remedy.objects.create(inspection=inspection, **values)
        after = {k: v for k, v in snapshot(remedy, REMEDY_FIELDS).items() if v not in (None, "")}
        record(actor, "programme.remedy.create", remedy, unit=inspection.unit, changes=diff({}, after))
    return remedy


def update_remedy(actor: Any, remedy: Remedy, data: Mapping[str, Any]) -> Remedy:
    inspection = remedy.inspection
    if actor is not None:
        require_role(actor, inspection.unit, inspection_roles(inspection.by_kind))
    values = _clean_remedy(inspection, data)
    return _save_remedy(actor, remedy, values, "programme.remedy.update", REMEDY_FIELDS)


def answer_remedy(actor: Any, remedy: Remedy, data: Mapping[str, Any]) -> Remedy:
    """The commune's follow-up of a remedy (of any inspection of it, a supervisor's included): what was done and,
    once done, the day. Without a day the remedy stays "not yet done"."""
    inspection = remedy.inspection
    if actor is not None:
        require_role(actor, inspection.unit, ACTIVITY_WRITERS)
    values: dict[str, Any] = {"answer": data.get("answer"), "done_on": data.get("done_on")}
    _text(values, "answer", 4000, "kết quả khắc phục", required=True)
    if values["done_on"] in (None, ""):
        values["done_on"] = None
    else:
        _day(values["done_on"], "done_on", "ngày khắc phục xong")
        if values["done_on"] < inspection.held_on:
            raise ValidationError({"done_on": f"Ngày khắc phục trước ngày kiểm tra ({inspection.held_on:%d/%m/%Y})."})
    return _save_remedy(actor, remedy, values, "programme.remedy.answer", ANSWER_FIELDS)


def _save_remedy(actor: Any, remedy: Remedy, values: dict[str, Any], action: str, fields: tuple[str, ...]) -> Remedy:
    with transaction.atomic():
        current = Remedy.objects.select_for_update().select_related("inspection__unit").get(pk=remedy.pk)
        before = snapshot(current, fields)
        for name, value in values.items():
            setattr(current, name, value)
        current.full_clean()
        changes = diff(before, snapshot(current, fields))
        if changes:
            current.save()
            record(actor, action, current, unit=current.inspection.unit, changes=changes)
    return current


def overdue(today: dt.date, prefix: str = "") -> Q:
    """A remedy past its deadline and not done (`prefix` "remedies__" from inspections)."""
    return Q(**{f"{prefix}due_on__lt": today, f"{prefix}done_on__isnull": True})


def overdue_remedies(inspections: QuerySet[Inspection], today: dt.date) -> QuerySet[Remedy]:
    return Remedy.objects.filter(inspection__in=inspections).filter(overdue(today))


# --- recognition (item 8) --------------------------------------------------------------------------------------------

RECOGNITION_FIELDS = frozenset({"level", "decided_on", "decision_number", "review_on", "document"})


def levels_after_2025() -> tuple[str, ...]:
    """The levels recognised from 01/07/2025 (a setting: a province that still recognises by former district says
    so with ["province", "district"])."""
    configured = getattr(settings, "PROGRAMME_RECOGNITION_LEVELS_AFTER_2025", DEFAULT_LEVELS_AFTER_2025)
    return tuple(str(level) for level in configured if level in RecognitionLevel.values)


def check_level(level: str, decided_on: dt.date) -> None:
    if level not in RecognitionLevel.values:
        raise ValidationError({"level": "Vui lòng chọn cấp công nhận (cấp tỉnh hoặc cấp huyện)."})
    if decided_on >= LEVELS_CUTOFF and level not in levels_after_2025():
        allowed = ", ".join(RecognitionLevel(v).label.lower() for v in levels_after_2025()) or "không cấp nào"
        raise ValidationError(
            {
                "level": f"Từ ngày 01/07/2025 không còn cấp huyện: quyết định ngày {decided_on:%d/%m/%Y} chỉ công "
                f"nhận {allowed}."
            }
        )


def _clean_recognition(unit: Unit, data: Mapping[str, Any], current: Recognition | None = None) -> dict[str, Any]:
    values = {k: v for k, v in data.items() if k in RECOGNITION_FIELDS}
    decided_on = _day(values.get("decided_on", current and current.decided_on), "decided_on", "ngày quyết định")
    level = str(values.get("level", current.level if current else "") or "")
    check_level(level, decided_on)
    number = _text(
        {"n": values.get("decision_number", current.decision_number if current else "")},
        "n",
        60,
        "số quyết định",
        required=True,
    )
    values["decision_number"] = number
    review = values.get("review_on", current.review_on if current else None)
    if review in (None, ""):
        values["review_on"] = None
    else:
        if _day(review, "review_on", "ngày đánh giá lại", future=True) <= decided_on:
            raise ValidationError({"review_on": "Ngày đánh giá lại phải sau ngày quyết định."})
    if not unit.is_valid_on(decided_on):
        raise ValidationError(
            {"decided_on": f"Ngày {decided_on:%d/%m/%Y} {unit.name} không còn hoặc chưa có hiệu lực."}
        )
    if "document" in values:
        values["document"] = _commune_document(values["document"], unit, "document")
    clash = Recognition.objects.filter(unit=unit, decision_number=number, decided_on=decided_on)
    if current is not None:
        clash = clash.exclude(pk=current.pk)
    if clash.exists():
        raise ValidationError({"decision_number": f"Đã có quyết định số {number} ngày {decided_on:%d/%m/%Y}."})
    return values


def record_recognition(actor: Any, unit: Unit, data: Mapping[str, Any]) -> Recognition:
    """The decision recognising the model of the commune `unit`, by a supervisor above it. A file asking for that
    level in that year, not yet decided, is linked to it."""
    _require_commune(unit)
    if actor is not None:
        require_role(actor, unit, SUPERVISORS)
    values = _clean_recognition(unit, data)
    values["decided_by"] = supervising_unit(actor, unit)
    with transaction.atomic():
        recognition = create_record(actor, Recognition, unit, values)
        RecognitionFile.objects.filter(
            unit=unit, year=recognition.decided_on.year, level=recognition.level, recognition__isnull=True
        ).update(recognition=recognition)
    return recognition


def update_recognition(actor: Any, recognition: Recognition, data: Mapping[str, Any]) -> Recognition:
    values = _clean_recognition(recognition.unit, data, recognition)
    return update_record(actor, recognition, values)


def highest_levels(unit_ids: set[int] | list[int], day: dt.date) -> dict[int, str]:
    """Each unit with a recognition valid on `day`, once, at its highest level (province before district)."""
    best: dict[int, str] = {}
    rows = Recognition.objects.valid_on(day).filter(unit_id__in=unit_ids).values_list("unit_id", "level")
    for unit_id, level in rows:
        if LEVEL_RANK.get(level, 0) > LEVEL_RANK.get(best.get(unit_id, ""), 0):
            best[unit_id] = level
    return best


# --- the recognition file --------------------------------------------------------------------------------------------

FILE_FIELDS = frozenset({"year", "level", "submitted_on"})


def _clean_file(unit: Unit, data: Mapping[str, Any], current: RecognitionFile | None = None) -> dict[str, Any]:
    values = {k: v for k, v in data.items() if k in FILE_FIELDS}
    year = values.get("year", current.year if current else None)
    if not isinstance(year, int) or not EARLIEST_DAY.year <= year <= timezone.localdate().year + 1:
        raise ValidationError({"year": "Năm đề nghị công nhận không hợp lệ."})
    level = values.get("level", current.level if current else "")
    if level not in RecognitionLevel.values:
        raise ValidationError({"level": "Vui lòng chọn cấp đề nghị công nhận."})
    if year >= LEVELS_CUTOFF.year + 1 and level not in levels_after_2025():
        raise ValidationError({"level": "Từ ngày 01/07/2025 không còn công nhận mô hình cấp huyện."})
    submitted = values.get("submitted_on")
    if submitted not in (None, ""):
        _day(submitted, "submitted_on", "ngày gửi hồ sơ")
    elif "submitted_on" in values:
        values["submitted_on"] = None
    clash = RecognitionFile.objects.filter(unit=unit, year=year, level=level)
    if current is not None:
        clash = clash.exclude(pk=current.pk)
    if clash.exists():
        raise ValidationError(
            {"year": f"Đã có hồ sơ đề nghị công nhận {RecognitionLevel(level).label.lower()} năm {year}."}
        )
    return values


def record_file(actor: Any, unit: Unit, data: Mapping[str, Any]) -> RecognitionFile:
    _require_commune(unit)
    return create_record(actor, RecognitionFile, unit, _clean_file(unit, data))


def update_file(actor: Any, file: RecognitionFile, data: Mapping[str, Any]) -> RecognitionFile:
    return update_record(actor, file, _clean_file(file.unit, data, file))


def clean_pdf(upload: Any, field: str = "upload") -> ContentFile[bytes]:
    """An uploaded PDF, checked by its content (it starts with %PDF-) and its size (at most 20 MB), never by its
    name; stored under a random name."""
    size = getattr(upload, "size", None)
    if size is None or size == 0:
        raise ValidationError({field: "Tệp không có nội dung."})
    if size > PDF_MAX_BYTES:
        raise ValidationError({field: "Tệp lớn hơn 20 MB. Vui lòng chọn tệp nhỏ hơn."})
    upload.seek(0)
    if not upload.read(5) == b"%PDF-":
        raise ValidationError({field: "Chỉ nhận tệp PDF. Tệp đã chọn không phải là PDF."})
    upload.seek(0)
    content = upload.read(PDF_MAX_BYTES + 1)
    if len(content) > PDF_MAX_BYTES:
        raise ValidationError({field: "Tệp lớn hơn 20 MB. Vui lòng chọn tệp nhỏ hơn."})
    return ContentFile(content, name=f"{secrets.token_hex(12)}.pdf")


def set_file_part(
    actor: Any, file: RecognitionFile, part: str, *, document: Any = None, upload: Any = None
) -> RecognitionFilePart:
    """A part of the file: an issued document of the commune, or an uploaded PDF (which replaces the last one).
    The self-score table is not supplied: it is generated from the commune's scoring of the year."""
    if actor is not None:
        require_role(actor, file.unit, PROGRAMME_WRITERS)
    if part not in {p.value for p in SUPPLIED_PARTS}:
        raise ValidationError({"part": "Thành phần hồ sơ không hợp lệ."})
    doc = _commune_document(document, file.unit, "document")
    if (doc is None) == (upload in (None, "")):
        raise ValidationError({"document": "Chọn một văn bản đã ban hành hoặc tải lên một tệp PDF (một trong hai)."})
    content = clean_pdf(upload) if doc is None else None
    with transaction.atomic():
        current = RecognitionFilePart.objects.select_for_update().filter(file=file, part=part).first()
        before = {
            "document": str(current.document) if current and current.document else "",
            "upload": "có tệp" if current and current.upload else "",
        }
        if current is None:
            current = RecognitionFilePart(file=file, part=part)
        old_upload = current.upload.name if current.upload else ""
        current.document = doc
        if content is not None:
            current.upload.save(content.name or "tep.pdf", content, save=False)
        else:
            current.upload = ""
        current.save()
        after = {"document": str(doc) if doc else "", "upload": "tệp mới" if content is not None else ""}
        record(
            actor,
            "programme.recognition_file.part",
            file,
            unit=file.unit,
            changes={"part": [current.get_part_display(), current.get_part_display()], **diff(before, after)},
        )
        if old_upload and old_upload != current.upload.name:
            storage = current.upload.storage
            transaction.on_commit(lambda: storage.delete(old_upload))
    return current


def file_scoring(file: RecognitionFile) -> Scoring | None:
    """The commune's scoring of the file's year once sent to the supervisor (or published): its self-score table."""
    return (
        Scoring.objects.filter(unit=file.unit, year=file.year, status__in=SCORED_STATUSES)
        .select_related("criteria_set")
        .first()
    )


# --- roll-out targets (item 9) ---------------------------------------------------------------------------------------

TARGET_FIELDS = frozenset({"by_date", "share", "note"})


def _require_own_unit_supervisor(actor: Any, unit: Unit) -> None:
    """A target is set by the supervisors of that very unit (a province sets the province's, not a district's)."""
    if actor is None or is_system_admin(actor):
        return
    if not any(m.role == Role.SUPERVISOR and m.unit is not None and m.unit.pk == unit.pk for m in memberships(actor)):
        raise PermissionDenied("Chỉ cán bộ giám sát của chính đơn vị này đặt chỉ tiêu nhân rộng mô hình.")


def _clean_target(unit: Unit, data: Mapping[str, Any], current: RolloutTarget | None = None) -> dict[str, Any]:
    if unit.is_commune_level:
        raise ValidationError("Chỉ tiêu nhân rộng đặt cho đơn vị cấp trên (tỉnh, huyện), không cho xã.")
    values = {k: v for k, v in data.items() if k in TARGET_FIELDS}
    by_date = _day(values.get("by_date", current and current.by_date), "by_date", "ngày đạt chỉ tiêu", future=True)
    try:
        share = Decimal(str(values.get("share", current.share if current else "")))
    except (InvalidOperation, ValueError):
        raise ValidationError({"share": "Tỷ lệ không hợp lệ."}) from None
    if not share.is_finite() or not Decimal(0) < share <= Decimal(1):
        raise ValidationError({"share": "Tỷ lệ phải lớn hơn 0 % và không quá 100 %."})
    values["share"] = share.quantize(Decimal("0.0001"))
    if "note" in values:
        _text(values, "note", 500, "căn cứ")
    clash = RolloutTarget.objects.filter(unit=unit, by_date=by_date)
    if current is not None:
        clash = clash.exclude(pk=current.pk)
    if clash.exists():
        raise ValidationError({"by_date": f"Đã có chỉ tiêu đến ngày {by_date:%d/%m/%Y}."})
    return values


def record_target(actor: Any, unit: Unit, data: Mapping[str, Any]) -> RolloutTarget:
    """A share (0–1) of the communes under `unit` to be recognised by a date."""
    _require_own_unit_supervisor(actor, unit)
    return create_record(actor, RolloutTarget, unit, _clean_target(unit, data))


def update_target(actor: Any, target: RolloutTarget, data: Mapping[str, Any]) -> RolloutTarget:
    _require_own_unit_supervisor(actor, target.unit)
    return update_record(actor, target, _clean_target(target.unit, data, target))
