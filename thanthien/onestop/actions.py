"""Every change of a dossier's state: intake, the status codes 1–10, due-date recomputation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import QuerySet
from django.db.models.functions import Collate
from django.dispatch import Signal
from django.utils import timezone

from thanthien.audit.log import record, register_actions
from thanthien.lib.sqlite import vi_collation
from thanthien.lib.vn import fmt_date, fmt_number
from thanthien.org.models import Role, Unit
from thanthien.org.queries import current_successor
from thanthien.org.records import record_per_unit
from thanthien.org.scoping import require_role
from thanthien.workdays.calendar import WorkCalendar
from thanthien.workdays.queries import calendar_for

from . import codes
from .deadlines import clock_start, due_for
from .models import OPEN_STATUSES, Channel, DeskSetting, Dossier, DossierEvent, Procedure, Status
from .transitions import NEEDS_NOTE, allowed

register_actions(
    {
        "onestop.dossier_received": "Tiếp nhận hồ sơ",
        "onestop.status_changed": "Chuyển trạng thái hồ sơ",
        "onestop.due_recomputed": "Tính lại hạn trả do lịch làm việc thay đổi",
        "onestop.dossiers_imported": "Nhập hồ sơ từ tệp",
        "onestop.dossiers_exported": "Xuất danh sách hồ sơ (có dữ liệu cá nhân)",
        "onestop.procedures_imported": "Cập nhật danh mục thủ tục",
        "onestop.desk_settings_changed": "Sửa thiết lập Bộ phận Một cửa",
        "onestop.new_appointment": "Hẹn lại ngày trả kết quả",
    }
)

DESK_ROLES = frozenset({Role.ONESTOP_OFFICER, Role.CIVIL_REGISTRAR, Role.COMMUNE_ADMIN})
PROCESSING_ROLES = DESK_ROLES | {Role.LEADER}

# Sent after commit whenever a dossier is created or changes status (letters subscribe to it).
dossier_changed = Signal()


def desk_setting(unit: Unit) -> DeskSetting:
    setting = DeskSetting.objects.filter(unit=unit).first()
    return setting or DeskSetting(unit=unit)


def procedures_for(unit: Unit) -> Any:
    setting = desk_setting(unit)
    qs = Procedure.objects.filter(active=True)
    if setting.pk and setting.restrict_procedures:
        qs = qs.filter(pk__in=setting.procedures.values("pk"))
    return qs.order_by(*vietnamese_order("name"), "code")


def vietnamese_order(*fields: str) -> list[Collate]:
    """ORDER BY in Vietnamese dictionary order ("Đăng ký" after "Dịch vụ"), ICU on PostgreSQL, Python on SQLite."""
    collation = vi_collation(connection.vendor)
    return [Collate(name, collation) for name in fields]


@dataclass
class Applicant:
    name: str
    id_number: str = ""
    phone: str = ""
    address: str = ""
    email: str = ""


def receive_dossier(
    actor: User | None,
    unit: Unit,
    procedure: Procedure,
    applicant: Applicant,
    channel: str = Channel.DIRECT,
    received_at: dt.datetime | None = None,
    papers: str = "",
    note: str = "",
    weekend_reception: bool = False,
    home_service: bool = False,
    calendar: WorkCalendar | None = None,
) -> Dossier:
    if actor is not None:
        require_role(actor, unit, DESK_ROLES)
    if not unit.is_commune_level:
        raise ValidationError("Chỉ đơn vị cấp xã tiếp nhận hồ sơ.")
    moment = received_at or timezone.now()
    _check_intake(unit, applicant, channel, moment, papers, note)
    due = due_for(procedure, calendar or calendar_for(unit), moment)
    setting = desk_setting(unit)
    with transaction.atomic():
        dossier = Dossier.objects.create(
            unit=unit,
            procedure=procedure,
            code=codes.new_code(unit, setting.code_pattern, timezone.localtime(moment).date()),
            pin=codes.new_pin(),
            channel=channel,
            status=Status.ACCEPTED,
            applicant_name=applicant.name.strip(),
            applicant_id_number=applicant.id_number,
            applicant_phone=applicant.phone,
            applicant_address=applicant.address.strip(),
            applicant_email=applicant.email.strip(),
            weekend_reception=weekend_reception,
            home_service=home_service,
            papers=papers.strip(),
            note=note.strip(),
            received_at=moment,
            due_at=due.due,
            due_explanation=due.explanation(),
            received_by=actor,
        )
        _event(dossier, actor, None, Status.ACCEPTED, moment, "Tiếp nhận hồ sơ")
        record(actor, "onestop.dossier_received", dossier, unit=unit, changes={"due_at": [None, due.due.isoformat()]})
        transaction.on_commit(lambda: dossier_changed.send(sender=Dossier, dossier_id=dossier.pk))
    return dossier


# The oldest moment any dossier may carry: the one-stop system (QĐ 93/2007) is younger, so an earlier year is a
# typo ("0135" for "2035") that would print a nonsense code and due date.
EARLIEST = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
MAX_NOTE = 2000
MAX_PAPERS = 4000
APPLICANT_LIMITS = {"name": 150, "id_number": 12, "phone": 15, "address": 300, "email": 254}
APPLICANT_LABELS = {
    "name": "Họ và tên",
    "id_number": "Số CCCD",
    "phone": "Số điện thoại",
    "address": "Địa chỉ",
    "email": "Thư điện tử",
}


def check_moment(moment: dt.datetime, field: str, what: str) -> None:
    """A moment with a time zone, not before 2000 and not in the future (5 minutes' clock skew allowed)."""
    if timezone.is_naive(moment):
        raise ValidationError({field: f"{what} phải có múi giờ."})
    if moment < EARLIEST:
        raise ValidationError({field: f"{what} không được trước năm 2000 (kiểm tra lại năm đã nhập)."})
    if moment > timezone.now() + dt.timedelta(minutes=5):
        raise ValidationError({field: f"{what} không được ở tương lai."})


def check_unit_open(unit: Unit, day: dt.date) -> None:
    """A unit merged away or not yet in force receives nothing; the message names where to go instead."""
    today = timezone.localdate()
    for when in {today, day}:
        if unit.is_valid_on(when):
            continue
        if unit.valid_from and when < unit.valid_from:
            raise ValidationError(
                f"{unit.name} có hiệu lực từ {fmt_date(unit.valid_from)}, chưa tiếp nhận hồ sơ trước ngày đó."
            )
        successor = current_successor(unit, today)
        ended = (
            f"{unit.name} đã hết hiệu lực từ {fmt_date(unit.valid_to + dt.timedelta(days=1))}"
            if unit.valid_to
            else unit.name
        )
        if successor.pk != unit.pk:
            raise ValidationError(f"{ended}; hồ sơ do {successor.name} tiếp nhận.")
        raise ValidationError(f"{ended}; không tiếp nhận hồ sơ mới.")


def _check_lengths(applicant: Applicant, papers: str, note: str) -> None:
    errors = {}
    for attr, limit in APPLICANT_LIMITS.items():
        if len(getattr(applicant, attr).strip()) > limit:
            errors[f"applicant_{attr}"] = f"{APPLICANT_LABELS[attr]} dài quá {limit} ký tự."
    if len(papers) > MAX_PAPERS:
        errors["papers"] = f"Danh sách giấy tờ dài quá {fmt_number(MAX_PAPERS)} ký tự."
    if len(note) > MAX_NOTE:
        errors["note"] = f"Ghi chú dài quá {fmt_number(MAX_NOTE)} ký tự."
    if errors:
        raise ValidationError(errors)


def _check_intake(unit: Unit, applicant: Applicant, channel: str, moment: dt.datetime, papers: str, note: str) -> None:
    if channel not in Channel.values:
        labels = ", ".join(str(label) for label in Channel.labels)
        raise ValidationError({"channel": f"Kênh tiếp nhận không hợp lệ; chọn một trong: {labels}."})
    if not applicant.name.strip():
        raise ValidationError({"applicant_name": "Vui lòng nhập họ và tên người nộp hồ sơ."})
    _check_lengths(applicant, papers, note)
    check_moment(moment, "received_at", "Thời điểm tiếp nhận")
    check_unit_open(unit, timezone.localtime(moment).date())


def _event(dossier: Dossier, actor: User | None, before: int | None, after: int, at: dt.datetime, note: str) -> None:
    DossierEvent.objects.create(
        dossier=dossier,
        at=at,
        actor=actor,
        actor_name=(actor.get_full_name() or actor.get_username()) if actor else "hệ thống",
        status_from=before,
        status_to=after,
        note=note,
    )


def change_status(
    actor: User | None,
    dossier: Dossier,
    to: int,
    note: str = "",
    at: dt.datetime | None = None,
    calendar: WorkCalendar | None = None,
) -> Dossier:
    """Move a dossier to status `to` (national code), setting the moments the statistics read."""
    if actor is not None:
        require_role(actor, dossier.unit, PROCESSING_ROLES)
    moment = at or timezone.now()
    if timezone.is_naive(moment):
        raise ValidationError("Thời điểm phải có múi giờ (ví dụ 2024-10-08T10:00:00+07:00).")
    if moment > timezone.now() + dt.timedelta(minutes=5):
        raise ValidationError("Thời điểm chuyển trạng thái không được ở tương lai.")
    with transaction.atomic():
        current = Dossier.objects.select_for_update().get(pk=dossier.pk)
        if not allowed(current.status, to):
            raise ValidationError(
                f"Không thể chuyển hồ sơ từ “{Status(current.status).label}” sang “{Status(to).label}”."
            )
        if to in NEEDS_NOTE and not note.strip():
            raise ValidationError({"note": "Vui lòng ghi lý do hoặc nội dung yêu cầu."})
        if len(note) > MAX_NOTE:
            raise ValidationError({"note": f"Ghi chú / lý do dài quá {fmt_number(MAX_NOTE)} ký tự."})
        if moment < current.received_at:
            raise ValidationError("Thời điểm chuyển trạng thái không được trước thời điểm tiếp nhận.")
        before = current.status
        changes: dict[str, list[Any]] = {"status": [before, int(to)]}
        _apply_moments(current, to, moment, changes, calendar)
        current.status = to
        current.save()
        _event(current, actor, before, to, moment, note.strip())
        record(actor, "onestop.status_changed", current, unit=current.unit, changes=changes, note=note.strip())
        transaction.on_commit(lambda: dossier_changed.send(sender=Dossier, dossier_id=current.pk))
    dossier.refresh_from_db()
    return dossier


def _apply_moments(
    d: Dossier, to: int, moment: dt.datetime, changes: dict[str, list[Any]], calendar: WorkCalendar | None
) -> None:
    if to in (Status.REFUSED, Status.WITHDRAWN, Status.STOPPED):
        d.ended_at = moment
    elif to == Status.SUPPLEMENT:
        d.supplement_requested_at, d.supplement_received_at = moment, None
    elif to == Status.PROCESSING and d.status == Status.SUPPLEMENT:
        # The complete dossier is back: the clock restarts from now with the full processing time.
        d.supplement_received_at = moment
        due = due_for(d.procedure, calendar or calendar_for(d.unit), moment)
        changes["due_at"] = [d.due_at.isoformat(), due.due.isoformat()]
        d.due_at, d.due_explanation = due.due, ["Hồ sơ được bổ sung đầy đủ, tính lại thời hạn.", *due.explanation()]
    elif to == Status.RESOLVED:
        d.resolved_at = moment
    elif to == Status.RETURNED:
        d.returned_at = moment
    for name in ("ended_at", "resolved_at", "returned_at", "supplement_requested_at", "supplement_received_at"):
        value = getattr(d, name)
        if value == moment:
            changes[name] = [None, moment.isoformat()]


def recompute_due_dates(actor: User | None, unit_ids: Iterable[int] | None, first_day: dt.date) -> list[Any]:
    """Open dossiers whose due date falls on or after `first_day` get it computed afresh after a calendar change
    (unit_ids None: every unit), inside the calendar action's transaction. Returns the moves (workdays.impact
    DueMove: code, procedure, old and new due, the shift in working time) so that the calendar page shows them
    before saving and lists them, with their receipts to reprint, after (issue 7 item 13)."""
    from django.urls import reverse

    from thanthien.workdays.impact import DueMove, shift_text

    qs = Dossier.objects.filter(status__in=OPEN_STATUSES, due_at__date__gte=first_day).select_related(
        "procedure", "unit"
    )
    if unit_ids is not None:
        qs = qs.filter(unit_id__in=list(unit_ids))
    calendars: dict[int, WorkCalendar] = {}
    moves: list[DueMove] = []
    for dossier in qs.order_by("unit_id", "due_at", "pk").iterator(chunk_size=500):
        cal = calendars.get(dossier.unit_id)
        if cal is None:
            cal = calendars[dossier.unit_id] = calendar_for(dossier.unit)
        due = due_for(dossier.procedure, cal, clock_start(dossier.received_at, dossier.supplement_received_at))
        if due.due == dossier.due_at:
            continue
        record(
            actor,
            "onestop.due_recomputed",
            dossier,
            unit=dossier.unit,
            changes={"due_at": [dossier.due_at.isoformat(), due.due.isoformat()]},
        )
        Dossier.objects.filter(pk=dossier.pk).update(due_at=due.due, due_explanation=due.explanation())
        moves.append(
            DueMove(
                holder="onestop.dossier",
                object_id=dossier.pk,
                label=dossier.code,
                title=dossier.procedure.name,
                unit_id=dossier.unit_id,
                unit_name=dossier.unit.name,
                old_due=dossier.due_at.isoformat(),
                new_due=due.due.isoformat(),
                shift=shift_text(cal, dossier.due_at, due.due, by_days=dossier.procedure.processing_kind != "hours"),
                url=dossier.detail_url,  # "" for an odd stored code: the calendar change must not fail on it
                print_url=reverse("onestop:receipt", args=[dossier.code]) if dossier.detail_url else "",
            )
        )
    return moves


DESK_FIELDS = ("code_pattern", "at_risk_hours", "restrict_procedures", "address", "phone", "opening_hours")
NO_PROCEDURES = "Chọn ít nhất một thủ tục, hoặc bỏ chọn “Chỉ dùng các thủ tục được chọn” để dùng cả danh mục."


def save_desk_setting(actor: User | None, unit: Unit, **values: Any) -> DeskSetting:
    if actor is not None:
        require_role(actor, unit, {Role.COMMUNE_ADMIN})
    if "code_pattern" in values:
        try:
            codes.validate_pattern(values["code_pattern"])
        except codes.PatternError as exc:
            raise ValidationError({"code_pattern": str(exc)}) from None
    procedures = values.pop("procedures", None)
    unknown = set(values) - set(DESK_FIELDS)
    if unknown:
        raise ValidationError(f"Không có thiết lập: {', '.join(sorted(unknown))}.")
    with transaction.atomic():
        setting, _ = DeskSetting.objects.select_for_update().get_or_create(unit=unit)
        before = {key: getattr(setting, key) for key in values}
        codes_before = _procedure_codes(setting)
        for key, value in values.items():
            setattr(setting, key, value.strip() if isinstance(value, str) else value)
        if procedures is not None:
            setting.procedures.set(procedures)
        if setting.restrict_procedures and not setting.procedures.exists():
            # A desk restricted to nothing could receive nothing at all.
            raise ValidationError({"procedures": NO_PROCEDURES})
        setting.save()
        changes = {k: [str(before[k]), str(getattr(setting, k))] for k in values if before[k] != getattr(setting, k)}
        if (codes_after := _procedure_codes(setting)) != codes_before:
            changes["procedures"] = [codes_before, codes_after]
        record(actor, "onestop.desk_settings_changed", setting, unit=unit, changes=changes)
    return setting


def _procedure_codes(setting: DeskSetting) -> str:
    return ", ".join(sorted(setting.procedures.values_list("code", flat=True))) if setting.pk else ""


def set_new_appointment(actor: User | None, dossier_id: int, at: dt.datetime | None) -> None:
    """The new appointment promised in an approved apology; timeliness stays judged on the original due date.
    Set by the unit's own desk staff and leaders (the leader who signs the apology), never by a supervisor."""
    with transaction.atomic():
        dossier = Dossier.objects.select_for_update().select_related("unit").get(pk=dossier_id)
        if actor is not None:
            require_role(actor, dossier.unit, PROCESSING_ROLES)
        if at is not None:
            _check_appointment(dossier, at)
        before = dossier.new_appointment_at
        Dossier.objects.filter(pk=dossier_id).update(new_appointment_at=at)
        record(
            actor,
            "onestop.new_appointment",
            dossier,
            unit=dossier.unit,
            changes={"new_appointment_at": [before.isoformat() if before else None, at.isoformat() if at else None]},
        )


# A promise further out than this is a typo in the year, not a plan.
MAX_APPOINTMENT_AHEAD = dt.timedelta(days=366)


def _check_appointment(dossier: Dossier, at: dt.datetime) -> None:
    if timezone.is_naive(at):
        raise ValidationError({"new_appointment_at": "Ngày hẹn lại phải có múi giờ."})
    if at <= dossier.received_at:
        raise ValidationError({"new_appointment_at": "Ngày hẹn lại phải sau thời điểm tiếp nhận hồ sơ."})
    if at > timezone.now() + MAX_APPOINTMENT_AHEAD:
        raise ValidationError({"new_appointment_at": "Ngày hẹn lại quá xa (hơn một năm kể từ hôm nay)."})


def record_export(actor: User | None, queryset: QuerySet[Dossier], kind: str, description: str = "") -> None:
    """The audit rows of an export of dossiers (citizens' data leaving the system): one per commune whose dossiers
    it holds, so each commune reads it in its own trail; written in one transaction before the file streams."""
    filters = f" {description}" if description else " Không lọc."

    def note(here: int, total: int) -> str:
        among = f", trong tổng số {total} hồ sơ của nhiều đơn vị" if total > here else ""
        return f"Xuất {here} hồ sơ ({kind}){among}.{filters}"

    record_per_unit(actor, "onestop.dossiers_exported", queryset, note)
