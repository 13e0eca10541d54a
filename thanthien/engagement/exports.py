"""The engagement registers out (issue 9 item 10): each register (receptions, dialogues, opinions, petitions) as
CSV or XLSX with Vietnamese headers, and the petitions as JSON records with their due days.

    thanthien export petitions --unit CODE --json        # [{"number", "year", "kind", "received_on", ...}]
    thanthien export receptions --unit CODE --format xlsx --out so-tiep.xlsx
    /tiep-cong-dan/xuat/<kind>/?format=csv|xlsx[&unit=CODE]   (the register's readers, within their scope)

A petition's JSON record is ``number`` (the int in the unit's register of its year; ``year`` beside it, the display
number being "12/2026"), ``kind``, ``received_on``, ``handled_on``, ``status`` and ``deadlines`` (the steps that
apply, limits.due_days). Tables hold citizens' personal data: only the unit's own staff see it in clear; for anyone
else (a supervisor) names are masked and the rest left empty (org.privacy.hide_personal). Dates are dd/mm/yyyy in
CSV and date cells in XLSX; a cell a spreadsheet would run as a formula is quoted (documents.xlsx.csv_text). Every
table export is written to the audit trail of each commune whose records it holds, before the first byte leaves.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponseBadRequest, HttpResponseBase, StreamingHttpResponse
from django.utils import timezone

from thanthien.audit.log import register_actions
from thanthien.documents.http import content_disposition
from thanthien.documents.xlsx import XLSX_CONTENT_TYPE, csv_text
from thanthien.documents.xlsx_stream import stream_xlsx
from thanthien.lib.exporting import register_exporter
from thanthien.org.access import protected, user_has_role
from thanthien.org.models import Unit
from thanthien.org.privacy import hide_personal
from thanthien.org.records import record_per_unit
from thanthien.org.scoping import can_see_unit, scoped
from thanthien.workdays.calendar import WorkCalendar
from thanthien.workdays.queries import calendar_for

from .dialogues import DIALOGUE_READERS, AnswerKind, Dialogue, Opinion, OpinionSource
from .limits import STEPS, LimitRuleMissing, due_days
from .models import (
    PETITION_READERS,
    Direction,
    Outcome,
    Petition,
    PetitionDeadline,
    PetitionKind,
    Source,
    Step,
)
from .readers import readable_dialogues
from .reception import RECEPTION_READERS, Receiver, ReceptionSession, ReceptionVisit, SessionKind, VisitOutcome

register_actions({"engagement.register_exported": "Xuất sổ tiếp công dân, đối thoại, ý kiến hoặc đơn thư"})

FORMATS = ("csv", "xlsx")
CHUNK = 500


def label(choices: Any, value: str) -> str:
    return str(choices(value).label) if value in choices.values else value


def yes_no(value: bool | None) -> str:
    return "" if value is None else ("Có" if value else "Không")


# --- petitions: the JSON records -------------------------------------------------------------------------------


def stored_due_days(petition: Petition) -> dict[str, str]:
    """The stored due days (due.refresh_deadlines), in the order of limits.STEPS: what a list reads without
    computing each petition's deadlines again."""
    rows = {d.step: d.due_on.isoformat() for d in petition.due_steps.all()}
    return {step: rows[step] for step in STEPS if step in rows}


def petition_deadlines(petition: Petition, calendar: WorkCalendar | None = None) -> dict[str, str]:
    """{"acceptance": "YYYY-MM-DD", ...}: the steps that apply, computed now; the stored days when a rule is missing."""
    try:
        return due_days(petition, calendar)
    except LimitRuleMissing:
        return stored_due_days(petition)


def petition_record(petition: Petition, deadlines: dict[str, str]) -> dict[str, Any]:
    return {
        "number": petition.number,
        "year": petition.year,
        "kind": petition.kind,
        "received_on": petition.received_on.isoformat(),
        "handled_on": petition.handled_on.isoformat() if petition.handled_on else None,
        "status": petition.status,
        "deadlines": deadlines,
    }


def petition_records(actor: Any, unit: Unit) -> list[dict[str, Any]]:
    """Every petition of `unit`, oldest number first (no personal data: nothing to mask, nothing to audit)."""
    calendar = calendar_for(unit)
    petitions = Petition.objects.filter(unit=unit).select_related("unit").prefetch_related("extensions", "due_steps")
    return [
        petition_record(p, petition_deadlines(p, calendar))
        for p in petitions.order_by("year", "number").iterator(CHUNK)
    ]


# --- the tables ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Register:
    kind: str
    label: str  # "Sổ đơn thư": the sheet, the file name, the audit note
    roles: frozenset[str]
    header: tuple[str, ...]
    records: Callable[[QuerySet[Any]], Iterator[Sequence[Any]]]  # rows of the scoped records, masked by the caller
    base: Callable[[], QuerySet[Any]]
    order: int
    # What of the register a reader may see beyond its scope (a complaint's dialogues: its handlers only).
    readable: Callable[[Any], Q] = lambda user: Q()


def _deadline_text(p: Petition) -> str:
    return "; ".join(f"{Step(d.step).label}: {d.due_on:%d/%m/%Y}" for d in sorted(p.due_steps.all(), key=_step_rank))


def _step_rank(d: PetitionDeadline) -> int:
    return STEPS.index(d.step) if d.step in STEPS else len(STEPS)


PETITION_HEADER = (
    "Số đơn",
    "Năm",
    "Ngày nhận đơn",
    "Nguồn đơn",
    "Loại đơn",
    "Người gửi đơn",
    "Địa chỉ người gửi",
    "Số CCCD người gửi",
    "Số người ký đơn",
    "Đơn nặc danh",
    "Lĩnh vực",
    "Nội dung đơn",
    "Đủ điều kiện xử lý",
    "Thuộc thẩm quyền",
    "Hướng xử lý",
    "Ngày xử lý",
    "Chuyển đến",
    "Ngày thụ lý",
    "Ngày giải quyết xong",
    "Kết quả",
    "Số quyết định, văn bản trả lời",
    "Trạng thái",
    "Hạn các bước",
    "Ghi chú",
    "Đơn vị",
)


def petition_rows(petitions: QuerySet[Any]) -> Iterator[Sequence[Any]]:
    for p in petitions:
        yield [
            p.number,
            p.year,
            p.received_on,
            label(Source, p.source),
            label(PetitionKind, p.kind),
            p.petitioner_name,
            p.petitioner_address,
            p.petitioner_id_number,
            p.signers,
            yes_no(p.anonymous),
            p.field,
            p.content,
            yes_no(p.eligible),
            yes_no(p.within_competence),
            label(Direction, p.direction) if p.direction else "",
            p.handled_on,
            p.forwarded_to,
            p.accepted_on,
            p.resolved_on,
            label(Outcome, p.outcome) if p.outcome else "",
            p.decision_number,
            p.status_label,
            _deadline_text(p),
            p.note,
            p.unit.name,
        ]


RECEPTION_HEADER = (
    "Số thứ tự trong sổ",
    "Ngày tiếp",
    "Loại buổi tiếp",
    "Người đứng đầu trực tiếp tiếp",
    "Người tiếp",
    "Chức vụ người tiếp",
    "Họ tên công dân",
    "Địa chỉ công dân",
    "Số CCCD",
    "Số người",
    "Nội dung",
    "Phân loại",
    "Đến lần đầu",
    "Kết quả tiếp",
    "Ghi chú",
    "Đơn vị",
)


def reception_rows(sessions: QuerySet[Any]) -> Iterator[Sequence[Any]]:
    """One row per visit; a session without visits (nobody came) is one row with 0 people."""
    for s in sessions:
        shared = [s.held_on, label(SessionKind, s.kind), yes_no(s.head_in_person), s.receiver_name]
        shared.append(label(Receiver, s.receiver))
        visits = list(s.visits.all())
        if not visits:
            yield [s.register_number, *shared, "", "", "", 0, "", "", "", "", s.note, s.unit.name]
        for v in visits:
            yield [
                v.register_number,
                *shared,
                v.citizen_name,
                v.citizen_address,
                v.citizen_id_number,
                v.people,
                v.content,
                label(PetitionKind, v.subject_kind),
                yes_no(v.first_time),
                label(VisitOutcome, v.outcome),
                v.outcome_note,
                s.unit.name,
            ]


DIALOGUE_HEADER = (
    "Số hiệu",
    "Ngày đối thoại",
    "Chủ đề",
    "Người chủ trì",
    "Số người tham dự",
    "Số ý kiến",
    "Số ý kiến đã trả lời",
    "Ghi chú",
    "Đơn vị",
)


OPINION_HEADER = (
    "Nguồn",
    "Số hiệu nơi nêu",
    "Ngày nêu ý kiến",
    "Người nêu ý kiến",
    "Nội dung ý kiến",
    "Ngày trả lời",
    "Hình thức trả lời",
    "Nội dung trả lời",
    "Đơn vị",
)


def opinion_rows(opinions: QuerySet[Any]) -> Iterator[Sequence[Any]]:
    for o in opinions:
        kind = label(AnswerKind, o.answer_kind) if o.answer_kind else ""
        yield [
            label(OpinionSource, o.source),
            o.source_ref,
            o.raised_on,
            o.raised_by,
            o.content,
            o.answered_on,
            kind,
            o.answer,
            o.unit.name,
        ]


def _petitions() -> QuerySet[Any]:
    steps = Prefetch("due_steps", queryset=PetitionDeadline.objects.order_by("due_on"))
    return Petition.objects.select_related("unit").prefetch_related(steps).order_by("year", "number", "pk")


def _sessions() -> QuerySet[Any]:
    visits = Prefetch("visits", queryset=ReceptionVisit.objects.order_by("pk"))
    return ReceptionSession.objects.select_related("unit").prefetch_related(visits).order_by("held_on", "pk")


def _dialogues() -> QuerySet[Any]:
    return (
        Dialogue.objects.select_related("unit")
        .annotate(
            opinion_count=Count("opinions"),
            answered_count=Count("opinions", filter=Q(opinions__answered_on__isnull=False)),
        )
        .order_by("held_on", "pk")
    )


def _opinions() -> QuerySet[Any]:
    return Opinion.objects.select_related("unit", "dialogue").order_by("raised_on", "pk")


def _dialogue_rows(dialogues: QuerySet[Any]) -> Iterator[Sequence[Any]]:
    for d in dialogues:
        row = [d.ref, d.held_on, d.topic, d.chaired_by, d.participants, d.opinion_count, d.answered_count, d.note]
        yield [*row, d.unit.name]


REGISTERS: dict[str, Register] = {
    r.kind: r
    for r in (
        Register("receptions", "Sổ tiếp công dân", RECEPTION_READERS, RECEPTION_HEADER, reception_rows, _sessions, 60),
        Register(
            "dialogues",
            "Sổ đối thoại",
            DIALOGUE_READERS,
            DIALOGUE_HEADER,
            _dialogue_rows,
            _dialogues,
            61,
            readable_dialogues,
        ),
        Register(
            "opinions",
            "Sổ ý kiến, kiến nghị",
            DIALOGUE_READERS,
            OPINION_HEADER,
            opinion_rows,
            _opinions,
            62,
            lambda user: readable_dialogues(user, "dialogue__"),
        ),
        Register("petitions", "Sổ đơn thư", PETITION_READERS, PETITION_HEADER, petition_rows, _petitions, 63),
    )
}


def _masked(actor: Any, records: Iterable[Any]) -> Iterator[Any]:
    """Each record (and a session's visits) with personal data hidden from whoever is not the unit's staff;
    the command line (actor None) is the server's operator and sees the records as stored."""
    for obj in records:
        if actor is not None:
            hide_personal(actor, [obj])
            if isinstance(obj, ReceptionSession):
                hide_personal(actor, obj.visits.all())
        yield obj


def record_export(actor: Any, register: Register, records: QuerySet[Any], fmt: str) -> None:
    """One audit row per commune whose records the export holds (citizens' data leaving the system)."""
    name = register.label[:1].lower() + register.label[1:]
    record_per_unit(actor, "engagement.register_exported", records, lambda here, _: f"Xuất {here} dòng {name} ({fmt}).")


def table_rows(actor: Any, register: Register, records: QuerySet[Any], fmt: str) -> Iterator[Sequence[Any]]:
    """The export's rows of `records` (already scoped), recorded in the audit trail now, read in chunks later."""
    record_export(actor, register, records, fmt.upper())
    return register.records(_masked(actor, records.iterator(CHUNK)))  # type: ignore[arg-type]


def _command_rows(kind: str) -> Callable[[Any, Any, str], Iterable[Sequence[Any]]]:
    def rows(actor: Any, unit: Unit, fmt: str) -> Iterable[Sequence[Any]]:
        register = REGISTERS[kind]
        return table_rows(actor, register, register.base().filter(unit=unit), fmt)

    return rows


for _register in REGISTERS.values():
    register_exporter(
        _register.kind,
        _register.label,
        _register.header,
        _command_rows(_register.kind),
        petition_records if _register.kind == "petitions" else None,
        order=_register.order,
    )


# --- the download ----------------------------------------------------------------------------------------------


ANY_READER = RECEPTION_READERS | DIALOGUE_READERS | PETITION_READERS


def _csv_stream(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    class Echo:
        def write(self, value: str) -> str:
            return value

    writer = csv.writer(Echo())
    # The BOM is what makes Excel read the file as UTF-8 instead of the Windows code page.
    yield "\ufeff" + writer.writerow([csv_text(h) for h in header])
    for row in rows:
        yield writer.writerow([csv_text(v) for v in row])


@protected(*ANY_READER)
def export_register(request: HttpRequest, kind: str) -> HttpResponseBase:
    """A register as CSV or XLSX: the records the user may read (scoped), of one unit when `unit` names one they
    see (another commune's code is "not found"). Readers of the register only."""
    register = REGISTERS.get(kind)
    if register is None:
        raise Http404("Không có sổ này.")
    if not user_has_role(request, register.roles):
        raise PermissionDenied(f"Vai trò của bạn không được xuất {register.label[:1].lower()}{register.label[1:]}.")
    fmt = (request.GET.get("format") or "xlsx").strip().lower()
    if fmt not in FORMATS:
        return HttpResponseBadRequest("Định dạng tệp không hợp lệ: chọn csv hoặc xlsx.".encode())
    records = scoped(register.base(), request.user).filter(register.readable(request.user))
    code = (request.GET.get("unit") or "").strip()[:40]
    if code:
        unit = Unit.objects.filter(code=code).first()
        if unit is None or not can_see_unit(request.user, unit):
            raise Http404("Không tìm thấy đơn vị.")
        records = records.filter(unit__path__startswith=unit.path)
    rows = table_rows(request.user, register, records, fmt)
    stamp = f"{timezone.localtime():%d-%m-%Y %H%M}"
    filename = f"{register.label} {stamp}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(_csv_stream(register.header, rows), content_type="text/csv; charset=utf-8")
    else:
        response = StreamingHttpResponse(stream_xlsx(register.label, register.header, rows), XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition(filename)
    # Exports carry citizens' names: keep them out of shared proxies and browser caches.
    response["Cache-Control"] = "private, no-store"
    return response
