"""The model at a commune (issue 11 items 1–3): its stages, process steps and profile, the documents it issues and
their official citation, and its steering board with every later change (kiện toàn).

Unit-owned records go through org.records.create_record / update_record (role, validation, audit). A board's
changes and members belong to the board: their actions check the role at the board's commune the same way and
write one audit row each, inside one transaction. Another commune's records never reach these functions: the views
read them through org.records.get_scoped_or_404."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from thanthien.audit.log import record, register_actions
from thanthien.org.models import Unit
from thanthien.org.records import create_record, update_record
from thanthien.org.scoping import require_role

from .models import (
    PROGRAMME_WRITERS,
    Board,
    BoardChange,
    BoardMember,
    CommuneProfile,
    IssuedDocument,
    Issuer,
    ModelStage,
    ProcessStep,
)
from .numbers_model import citation_date, clean_number, lower_first

register_actions(
    {
        "programme.stage.create": "Ghi giai đoạn xây dựng mô hình",
        "programme.stage.update": "Sửa giai đoạn xây dựng mô hình",
        "programme.step.create": "Thêm bước thực hiện mô hình",
        "programme.step.update": "Sửa bước thực hiện mô hình",
        "programme.step.defaults": "Tạo các bước thực hiện mô hình mặc định",
        "programme.step.move": "Đổi thứ tự bước thực hiện mô hình",
        "programme.profile.create": "Ghi thông tin chung của xã",
        "programme.profile.update": "Sửa thông tin chung của xã",
        "programme.document.create": "Thêm văn bản",
        "programme.document.update": "Sửa văn bản",
        "programme.document.file": "Tải lên tệp văn bản",
        "programme.board.create": "Thành lập Ban chỉ đạo",
        "programme.board.update": "Sửa thông tin Ban chỉ đạo",
        "programme.board.member": "Thêm thành viên Ban chỉ đạo",
        "programme.board.member_update": "Sửa thông tin thành viên Ban chỉ đạo",
        "programme.board.change": "Kiện toàn Ban chỉ đạo",
    }
)

# The seeds' five steps (Trung Thượng, seed 003; the Hoằng Hợp report, seed 002).
DEFAULT_STEPS = (
    "Xây dựng kế hoạch, thành lập Ban chỉ đạo (Ban điều hành)",
    "Tuyên truyền, quán triệt trong cán bộ, đảng viên và Nhân dân",
    "Tổ chức lễ ra mắt mô hình, ký cam kết",
    "Triển khai thực hiện các nội dung của mô hình",
    "Kiểm tra, sơ kết, tổng kết, đánh giá",
)
PDF_MAX_BYTES = 20 * 1024 * 1024
PDF_MAGIC = b"%PDF-"


# --- citation ----------------------------------------------------------------------------------------------------


def issuer_text(document: IssuedDocument) -> str:
    """Who issued it, as a sentence names them: "Đảng ủy xã Hoằng Hợp", "UBND xã Hoằng Hợp", "Huyện ủy Hoằng Hóa"."""
    if document.issuer_name.strip():
        return document.issuer_name.strip()
    commune = document.unit.in_sentence()
    if document.issuer == Issuer.PARTY_COMMITTEE:
        return f"Đảng ủy {commune}"
    if document.issuer == Issuer.PEOPLES_COMMITTEE:
        return f"UBND {commune}"
    if document.issuer == Issuer.BOARD:
        return f"Ban chỉ đạo {commune}"
    return "cơ quan cấp trên"


def citation(document: IssuedDocument) -> str:
    """The official one-line citation reports reuse: "Quyết định số 59-QĐ/ĐU ngày 03/3/2023 của Đảng ủy xã Hoằng
    Hợp về việc thành lập Ban chỉ đạo …"."""
    head = f"{document.get_kind_display()} số {document.number} ngày {citation_date(document.issued_on)}"
    head += f" của {issuer_text(document)}"
    summary = " ".join(document.summary.split()).rstrip(" .;")
    if not summary:
        return head
    lowered = lower_first(summary)
    for lead in ("v/v ", "về việc ", "về "):
        if lowered.casefold().startswith(lead):
            rest = lowered[len(lead) :]
            lowered = ("về việc " if lead != "về " else "về ") + rest
            return f"{head} {lowered}"
    return f"{head} về việc {lowered}"


# --- issued documents --------------------------------------------------------------------------------------------


def clean_pdf(upload: Any) -> ContentFile[bytes]:
    """The uploaded PDF under a name of our own (the sender's name is never trusted), or ValidationError {"file":
    …}: larger than 20 MB, empty, or not a PDF (its first bytes are not "%PDF-", whatever its name says)."""
    size = getattr(upload, "size", None)
    if size is None or size > PDF_MAX_BYTES:
        too_big = "Tệp lớn hơn 20 MB. Vui lòng chọn tệp PDF nhỏ hơn (quét với độ phân giải thấp hơn)."
        raise ValidationError({"file": too_big})
    if size == 0:
        raise ValidationError({"file": "Tệp không có nội dung."})
    upload.seek(0)
    head = upload.read(1024)
    if head[:5] != PDF_MAGIC:
        raise ValidationError({"file": "Chỉ nhận tệp PDF. Tệp đã chọn không phải là tệp PDF hợp lệ."})
    upload.seek(0)
    return ContentFile(upload.read(), name=f"{secrets.token_hex(12)}.pdf")


def _document_data(unit: Unit, data: Mapping[str, Any], current: IssuedDocument | None = None) -> dict[str, Any]:
    values = dict(data)
    kind = str(values.get("kind") or (current.kind if current else ""))
    issued_on = values.get("issued_on") or (current.issued_on if current else None)
    if "number" in values:
        values["number"] = clean_number(kind, str(values["number"]), issued_on)
    elif current is not None and "kind" in values:
        clean_number(kind, current.number, issued_on)
    issuer = values.get("issuer") or (current.issuer if current else "")
    issuer_name = str(values.get("issuer_name", current.issuer_name if current else "") or "").strip()
    if issuer == Issuer.HIGHER and not issuer_name:
        raise ValidationError({"issuer_name": "Vui lòng nhập tên cơ quan cấp trên ban hành, ví dụ Huyện ủy Hoằng Hóa."})
    number = values.get("number", current.number if current else "")
    if issued_on is not None and number:
        same = IssuedDocument.objects.filter(unit=unit, number=number, issued_on=issued_on)
        if current is not None:
            same = same.exclude(pk=current.pk)
        if same.exists():
            raise ValidationError({"number": f"Đã có văn bản số {number} ngày {issued_on:%d/%m/%Y} của đơn vị này."})
    return values


def _attach(actor: Any, document: IssuedDocument, upload: Any) -> None:
    pdf = clean_pdf(upload)
    had = bool(document.file)
    document.file.save(pdf.name or "van-ban.pdf", pdf, save=False)
    document.save(update_fields=["file", "updated_at"])
    size = f"tệp PDF {max(1, (pdf.size + 1023) // 1024)} KB"
    change = ["tệp cũ" if had else None, size]
    record(actor, "programme.document.file", document, unit=document.unit, changes={"file": change})


def create_document(actor: Any, unit: Unit, data: Mapping[str, Any], upload: Any = None) -> IssuedDocument:
    """A document of `unit`, its number checked and tidied (numbers_model.clean_number), with its PDF if sent."""
    if actor is not None:
        require_role(actor, unit, PROGRAMME_WRITERS)
    values = _document_data(unit, data)
    if upload:
        clean_pdf(upload)  # refused before anything is written
    with transaction.atomic():
        document = create_record(actor, IssuedDocument, unit, values)
        if upload:
            _attach(actor, document, upload)
    return document


def update_document(
    actor: Any, document: IssuedDocument, data: Mapping[str, Any], upload: Any = None
) -> IssuedDocument:
    if actor is not None:
        require_role(actor, document.unit, PROGRAMME_WRITERS)
    values = _document_data(document.unit, data, document)
    if upload:
        clean_pdf(upload)
    with transaction.atomic():
        document = update_record(actor, document, values)
        if upload:
            _attach(actor, document, upload)
    return document


def unit_document(unit: Unit, document: IssuedDocument | None, field: str) -> None:
    """A record may only cite its own commune's documents."""
    if document is not None and document.unit_id != unit.pk:
        raise ValidationError({field: "Văn bản này không thuộc đơn vị."})


# --- stages, steps, profile --------------------------------------------------------------------------------------


def record_stage(actor: Any, unit: Unit, data: Mapping[str, Any]) -> ModelStage:
    unit_document(unit, data.get("document"), "document")
    return create_record(actor, ModelStage, unit, data)


def update_stage(actor: Any, stage: ModelStage, data: Mapping[str, Any]) -> ModelStage:
    unit_document(stage.unit, data.get("document"), "document")
    return update_record(actor, stage, data)


def ensure_default_steps(unit: Unit, actor: Any = None) -> list[ProcessStep]:
    """The commune's steps; the seeds' five when it has none yet (idempotent: a second call, or two at once, adds
    nothing)."""
    steps = list(ProcessStep.objects.filter(unit=unit).order_by("order"))
    if steps:
        return steps
    try:
        with transaction.atomic():
            created = ProcessStep.objects.bulk_create(
                [ProcessStep(unit=unit, order=i, title=title) for i, title in enumerate(DEFAULT_STEPS, start=1)]
            )
            record(actor, "programme.step.defaults", unit=unit, note=f"{len(created)} bước theo mặc định")
    except IntegrityError:
        pass  # another request created them at the same moment
    return list(ProcessStep.objects.filter(unit=unit).order_by("order"))


def add_step(actor: Any, unit: Unit, data: Mapping[str, Any]) -> ProcessStep:
    require_role(actor, unit, PROGRAMME_WRITERS)
    with transaction.atomic():
        last = ProcessStep.objects.select_for_update().filter(unit=unit).aggregate(m=Max("order"))["m"] or 0
        return create_record(actor, ProcessStep, unit, {**data, "order": last + 1})


def update_step(actor: Any, step: ProcessStep, data: Mapping[str, Any]) -> ProcessStep:
    done_on = data.get("done_on")
    if done_on and done_on > timezone.localdate():
        raise ValidationError({"done_on": "Ngày hoàn thành không thể sau hôm nay."})
    return update_record(actor, step, {k: v for k, v in data.items() if k != "order"})


def move_step(actor: Any, step: ProcessStep, offset: int) -> None:
    """Swap the step with the one before (offset -1) or after (+1); at either end nothing moves."""
    require_role(actor, step.unit, PROGRAMME_WRITERS)
    with transaction.atomic():
        steps = list(ProcessStep.objects.select_for_update().filter(unit=step.unit).order_by("order"))
        index = next(i for i, s in enumerate(steps) if s.pk == step.pk)
        other_index = index + offset
        if not 0 <= other_index < len(steps):
            return
        a, b = steps[index], steps[other_index]
        a_order, b_order = a.order, b.order
        spare = max(s.order for s in steps) + 1  # the unique (unit, order) holds at every statement
        ProcessStep.objects.filter(pk=a.pk).update(order=spare)
        ProcessStep.objects.filter(pk=b.pk).update(order=a_order)
        ProcessStep.objects.filter(pk=a.pk).update(order=b_order)
        record(actor, "programme.step.move", a, unit=step.unit, changes={"order": [a_order, b_order]})


def save_profile(actor: Any, unit: Unit, data: Mapping[str, Any]) -> CommuneProfile:
    """The profile as of its day: a new one, or the one of that day corrected."""
    as_of = data.get("as_of")
    existing = CommuneProfile.objects.filter(unit=unit, as_of=as_of).first() if as_of else None
    if existing is not None:
        return update_record(actor, existing, data)
    return create_record(actor, CommuneProfile, unit, data)


def profile_on(unit: Unit, day: dt.date) -> CommuneProfile | None:
    """What a report of `day` says of the commune: its latest profile as of that day or before."""
    return CommuneProfile.objects.filter(unit=unit, as_of__lte=day).order_by("-as_of").first()


# --- the steering board ------------------------------------------------------------------------------------------


def create_board(actor: Any, unit: Unit, data: Mapping[str, Any]) -> Board:
    unit_document(unit, data.get("founding_document"), "founding_document")
    return create_record(actor, Board, unit, data)


def update_board(actor: Any, board: Board, data: Mapping[str, Any]) -> Board:
    unit_document(board.unit, data.get("founding_document"), "founding_document")
    if data.get("founded_on") and board.changes.filter(decided_on__lt=data["founded_on"]).exists():
        raise ValidationError({"founded_on": "Ngày thành lập phải trước các lần kiện toàn đã ghi."})
    with transaction.atomic():
        updated = update_record(actor, board, data)
        if "founded_on" in data:
            # The founding members' span starts with the board.
            BoardMember.objects.filter(board=board, joined_by__isnull=True).update(from_date=updated.founded_on)
    return updated


MEMBER_FIELDS = ("full_name", "position", "board_role", "tasks", "order")


def _member_values(data: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(data) - set(MEMBER_FIELDS)
    if unknown:
        raise ValueError(f"a board member has no field(s): {', '.join(sorted(unknown))}")
    names = ("full_name", "position", "board_role")
    return {k: (" ".join(str(v).split()) if k in names else v) for k, v in data.items()}


def add_member(actor: Any, board: Board, data: Mapping[str, Any]) -> BoardMember:
    """A member since the founding (a later member comes in through a change: record_change)."""
    require_role(actor, board.unit, PROGRAMME_WRITERS)
    values = _member_values(data)
    with transaction.atomic():
        if not values.get("order"):
            values["order"] = (board.members.aggregate(m=Max("order"))["m"] or 0) + 1
        member = BoardMember(board=board, from_date=board.founded_on, **values)
        member.full_clean()
        member.save()
        changes = {"full_name": [None, member.full_name]}
        record(actor, "programme.board.member", member, unit=board.unit, changes=changes)
    return member


def update_member(actor: Any, member: BoardMember, data: Mapping[str, Any]) -> BoardMember:
    """Correct a member's name, position, role or tasks (who joined or left when is the changes' business)."""
    require_role(actor, member.board.unit, PROGRAMME_WRITERS)
    values = _member_values(data)
    with transaction.atomic():
        current = BoardMember.objects.select_for_update().get(pk=member.pk)
        before = {k: getattr(current, k) for k in values}
        for name, value in values.items():
            setattr(current, name, value)
        current.full_clean()
        changed = {k: [before[k], v] for k, v in values.items() if before[k] != v}
        if changed:
            current.save()
            record(actor, "programme.board.member_update", current, unit=member.board.unit, changes=changed)
    return current


def record_change(
    actor: Any,
    board: Board,
    data: Mapping[str, Any],
    leaving: Iterable[BoardMember] = (),
    joining: Iterable[Mapping[str, Any]] = (),
) -> BoardChange:
    """A change (kiện toàn) decided on `data["decided_on"]` by `data["document"]`: the members `leaving` were on
    the board until the day before, those `joining` are from that day. Refused (ValidationError, nothing written)
    when the day is before the founding, a leaving member is not on the board that day or joined that very day,
    or the change changes nobody and says nothing."""
    require_role(actor, board.unit, PROGRAMME_WRITERS)
    decided_on = data.get("decided_on")
    document = data.get("document")
    note = " ".join(str(data.get("note") or "").split())
    if not isinstance(decided_on, dt.date):
        raise ValidationError({"decided_on": "Vui lòng nhập ngày quyết định kiện toàn."})
    if decided_on <= board.founded_on:
        raise ValidationError(
            {"decided_on": f"Ngày kiện toàn phải sau ngày thành lập Ban ({board.founded_on:%d/%m/%Y})."}
        )
    unit_document(board.unit, document, "document")
    leavers = list(leaving)
    joiners = [_member_values(j) for j in joining]
    if not leavers and not joiners and not note:
        raise ValidationError("Lần kiện toàn phải có thành viên thôi tham gia, thành viên mới hoặc nội dung thay đổi.")
    on_board = set(members_on(board, decided_on).values_list("pk", flat=True))
    for member in leavers:
        if member.board_id != board.pk or member.pk not in on_board:
            raise ValidationError(f"{member.full_name} không còn là thành viên Ban vào ngày {decided_on:%d/%m/%Y}.")
        if member.from_date >= decided_on:
            raise ValidationError(f"{member.full_name} mới vào Ban từ ngày {member.from_date:%d/%m/%Y}.")
    with transaction.atomic():
        change = BoardChange(board=board, decided_on=decided_on, document=document, note=note)
        change.full_clean()
        change.save()
        last = day_before(decided_on)
        BoardMember.objects.filter(pk__in=[m.pk for m in leavers]).update(to_date=last, left_by=change)
        order = board.members.aggregate(m=Max("order"))["m"] or 0
        for offset, values in enumerate(joiners, start=1):
            member = BoardMember(board=board, from_date=decided_on, joined_by=change, **values)
            if not member.order:
                member.order = order + offset
            member.full_clean()
            member.save()
        record(
            actor,
            "programme.board.change",
            board,
            unit=board.unit,
            changes={
                "decided_on": [None, decided_on.isoformat()],
                "document": [None, str(document) if document else None],
                "left": [None, [m.full_name for m in leavers]],
                "joined": [None, [j["full_name"] for j in joiners]],
            },
            note=note,
        )
    return change


def day_before(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=1)


def members_on(board: Board, day: dt.date) -> QuerySet[BoardMember]:
    """The board as it stood on `day`: the members whose span holds that day, in their order."""
    span = Q(from_date__lte=day) & (Q(to_date__isnull=True) | Q(to_date__gte=day))
    return board.members.filter(span).order_by("order", "pk")
