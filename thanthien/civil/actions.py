"""Every change of a civil event: the registrar's quick form, edits, the marriage ceremony, and the event a
returned one-stop dossier of khai sinh / kết hôn / khai tử registers."""

from __future__ import annotations

import datetime as dt
import unicodedata
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.dispatch import Signal
from django.utils import timezone

from thanthien.audit.log import register_actions
from thanthien.lib.vn import clean_phone
from thanthien.org.models import Role, Unit
from thanthien.org.records import create_record, update_record
from thanthien.org.scoping import require_role

from .models import PERSON_TITLES, CivilEvent, EventKind

register_actions(
    {
        "civil.event_registered": "Ghi sự kiện hộ tịch",
        "civil.event_updated": "Sửa sự kiện hộ tịch",
        "civil.event_completed": "Bổ sung thông tin sự kiện hộ tịch tạo từ hồ sơ",
        "civil.event_from_dossier": "Ghi sự kiện hộ tịch từ hồ sơ một cửa đã trả kết quả",
        "civil.event_linked_to_dossier": "Nối sự kiện hộ tịch trong sổ với hồ sơ một cửa đã trả kết quả",
        "civil.ceremony_recorded": "Ghi nhận lễ trao giấy chứng nhận kết hôn",
        "civil.events_imported": "Nhập sự kiện hộ tịch từ tệp",
    }
)

# Who enters and changes events: declared on the model (the record pattern), read here by views and the API.
CIVIL_ROLES = CivilEvent.write_roles
READER_ROLES = CIVIL_ROLES | {Role.SUPERVISOR}

# Sent after commit when an event is created or changed (kwargs: event_id); letters may draft at once.
event_changed = Signal()

# What a caller may set; the rest (unit, dossier, created_by) is the action's business.
FIELDS = (
    "kind",
    "register_number",
    "registered_on",
    "event_date",
    "person_name",
    "partner_name",
    "person_title",
    "contact_name",
    "contact_address",
    "contact_phone",
    "contact_email",
    "ceremony_held",
    "ceremony_on",
    "letter_sent_on",
    "note",
)
TEXT_FIELDS = (
    "register_number",
    "person_name",
    "partner_name",
    "contact_name",
    "contact_address",
    "contact_phone",
    "contact_email",
)
LIMITS: dict[str, int] = {f: CivilEvent._meta.get_field(f).max_length or 0 for f in TEXT_FIELDS}  # type: ignore[union-attr]
EVENT_DATE_LABELS = {EventKind.BIRTH: "Ngày sinh", EventKind.MARRIAGE: "Ngày kết hôn", EventKind.DEATH: "Ngày mất"}
FIELD_LABELS = {
    "kind": "Loại sự kiện",
    "register_number": "Số đăng ký",
    "registered_on": "Ngày đăng ký",
    "event_date": "Ngày sinh / kết hôn / mất",
    "person_name": "Họ tên",
    "partner_name": "Họ tên vợ/chồng",
    "person_title": "Danh xưng người mất",
    "contact_name": "Người nhận thư",
    "contact_address": "Địa chỉ người nhận",
    "contact_phone": "Điện thoại người nhận",
    "contact_email": "Thư điện tử người nhận",
    "ceremony_on": "Ngày tổ chức lễ trao",
    "letter_sent_on": "Ngày đã gửi thư",
}
PERSON_LABELS = {EventKind.BIRTH: "họ tên trẻ", EventKind.MARRIAGE: "họ tên chồng", EventKind.DEATH: "họ tên người mất"}


def _fmt(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


# No registry a commune keeps goes back further: an earlier year is a typing slip ("01/01/0100").
EARLIEST_DAY = dt.date(1900, 1, 1)
NOTE_MAX_CHARS = 1_000
DATE_FIELDS = ("registered_on", "event_date", "ceremony_on", "letter_sent_on")


def clean_event(values: dict[str, Any], today: dt.date | None = None) -> dict[str, Any]:
    """Normalise and check one event's values (the same rules for the form, the API and the import).

    Returns the cleaned values; raises ValidationError({field: [message, ...]}) with every problem found."""
    today = today or timezone.localdate()
    data: dict[str, Any] = {name: values.get(name) for name in FIELDS}
    errors: dict[str, list[str]] = {}

    def fail(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    for name in TEXT_FIELDS:
        data[name] = " ".join(str(data[name] or "").split())
        if len(data[name]) > LIMITS[name]:
            fail(name, f"{FIELD_LABELS[name]} dài quá {LIMITS[name]} ký tự.")
    data["note"] = str(data["note"] or "").strip()
    if len(data["note"]) > NOTE_MAX_CHARS:
        fail("note", f"Ghi chú dài quá {NOTE_MAX_CHARS} ký tự.")
    data["ceremony_held"] = bool(data["ceremony_held"])
    for name in DATE_FIELDS:
        day = data[name]
        if day is not None and day < EARLIEST_DAY:
            label = FIELD_LABELS.get(name, "Ngày")
            fail(name, f"{label} {_fmt(day)} trước năm {EARLIEST_DAY.year}: kiểm tra lại năm.")
            data[name] = None  # the other rules below would only repeat the same slip

    kind = data["kind"]
    if kind not in EventKind.values:
        fail("kind", "Thiếu loại sự kiện: khai sinh, kết hôn hoặc khai tử.")
        kind = None
    registered = data["registered_on"]
    if registered is None:
        if "registered_on" not in errors:
            fail("registered_on", "Thiếu ngày đăng ký.")
    elif registered > today:
        fail("registered_on", f"Ngày đăng ký {_fmt(registered)} ở tương lai.")

    event_date = data["event_date"]
    event_label = EVENT_DATE_LABELS.get(kind, "Ngày sự kiện") if kind else "Ngày sự kiện"
    if event_date is not None:
        if event_date > today:
            fail("event_date", f"{event_label} {_fmt(event_date)} ở tương lai.")
        elif kind in (EventKind.BIRTH, EventKind.DEATH) and registered and event_date > registered:
            fail("event_date", f"{event_label} {_fmt(event_date)} sau ngày đăng ký {_fmt(registered)}.")

    if not data["person_name"]:
        fail("person_name", f"Thiếu {PERSON_LABELS.get(kind, 'họ tên') if kind else 'họ tên'}.")
    typed = unicodedata.normalize("NFC", " ".join(str(data["person_title"] or "").split()))
    # "cụ bà", "CỤ BÀ" from a spreadsheet are the title "Cụ bà".
    data["person_title"] = next((t for t in PERSON_TITLES if t.casefold() == typed.casefold()), typed)
    if data["person_title"] and kind != EventKind.DEATH:
        data["person_title"] = ""  # only a condolence letter names the person so
    elif data["person_title"] and data["person_title"] not in PERSON_TITLES:
        fail("person_title", f"Danh xưng người mất chỉ là: {', '.join(PERSON_TITLES)}.")
    if kind == EventKind.MARRIAGE and not data["partner_name"]:
        fail("partner_name", "Đăng ký kết hôn thiếu họ tên vợ (cần họ tên của cả hai người).")
    if not data["contact_name"]:
        fail("contact_name", "Thiếu họ tên người nhận thư.")
    if data["contact_phone"]:
        try:
            data["contact_phone"] = clean_phone(data["contact_phone"])
        except ValidationError as exc:
            fail("contact_phone", exc.messages[0])
    if data["contact_email"]:
        try:
            validate_email(data["contact_email"])
        except ValidationError:
            fail("contact_email", "Địa chỉ thư điện tử không hợp lệ.")

    _check_ceremony(data, kind, registered, today, fail)
    letter = data["letter_sent_on"]
    if letter is not None:
        if letter > today:
            fail("letter_sent_on", f"Ngày gửi thư {_fmt(letter)} ở tương lai.")
        elif registered and letter < registered:
            fail("letter_sent_on", f"Ngày gửi thư {_fmt(letter)} trước ngày đăng ký {_fmt(registered)}.")
    if errors:
        raise ValidationError(errors)
    return data


def _check_ceremony(
    data: dict[str, Any], kind: str | None, registered: dt.date | None, today: dt.date, fail: Any
) -> None:
    on = data["ceremony_on"]
    if on is not None:
        data["ceremony_held"] = True
    if not data["ceremony_held"]:
        return
    if kind and kind != EventKind.MARRIAGE:
        fail("ceremony_held", "Lễ trao giấy chứng nhận chỉ có với đăng ký kết hôn.")
        return
    if on is None:
        return
    if on > today:
        fail("ceremony_on", f"Ngày tổ chức lễ trao {_fmt(on)} ở tương lai.")
    elif registered and on < registered:
        fail("ceremony_on", f"Ngày tổ chức lễ trao {_fmt(on)} trước ngày đăng ký kết hôn {_fmt(registered)}.")


def _check_unit(unit: Unit) -> None:
    if not unit.is_commune_level:
        raise ValidationError(
            f"{unit.name} không phải đơn vị cấp xã: chỉ xã, phường, thị trấn, đặc khu đăng ký hộ tịch."
        )


def _check_register_number(unit: Unit, data: dict[str, Any], exclude: int | None = None) -> None:
    if not data["register_number"]:
        return
    clash = CivilEvent.objects.filter(
        unit=unit, kind=data["kind"], register_number=data["register_number"], registered_on=data["registered_on"]
    )
    if exclude is not None:
        clash = clash.exclude(pk=exclude)
    if clash.exists():
        label = EventKind(data["kind"]).label.lower()
        raise ValidationError(
            {
                "register_number": [
                    f"Số đăng ký {data['register_number']} ngày {_fmt(data['registered_on'])} đã có trong sổ {label}."
                ]
            }
        )


def _announce(event: CivilEvent) -> None:
    """Run once the change is committed: letters may draft at once."""
    event_changed.send(sender=CivilEvent, event_id=event.pk)


def announce_on_commit(event: CivilEvent) -> None:
    pk = event.pk
    transaction.on_commit(lambda: event_changed.send(sender=CivilEvent, event_id=pk))


def register_event(actor: User | None, unit: Unit, **fields: Any) -> CivilEvent:
    """Enter a birth, marriage or death registered at `unit` (the registrar's quick form, the API)."""
    _check_unit(unit)
    if actor is not None:
        # The role first: someone who may not write here learns nothing from the rules' messages.
        require_role(actor, unit, CIVIL_ROLES)
    _refuse_unknown(fields)
    data = clean_event(fields)
    _check_register_number(unit, data)
    try:
        return create_record(actor, CivilEvent, unit, data, after_commit=_announce)
    except IntegrityError:
        # The same register number was saved by someone else between the check and the write.
        _check_register_number(unit, data)
        raise


def update_event(actor: User | None, event: CivilEvent, **fields: Any) -> CivilEvent:
    """Change an event's values; the fields not given keep their value."""
    return _update(actor, event, fields, "update")


def complete_from_dossier(actor: User | None, event: CivilEvent, **fields: Any) -> CivilEvent:
    """The registrar fills in what a dossier did not say (the child's name, the couple, the deceased)."""
    return _update(actor, event, fields, "complete")


def _refuse_unknown(fields: dict[str, Any]) -> None:
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")


def _update(actor: User | None, event: CivilEvent, fields: dict[str, Any], verb: str) -> CivilEvent:
    if actor is not None:
        require_role(actor, event.unit, CIVIL_ROLES)
    _refuse_unknown(fields)
    stored = CivilEvent.objects.select_related("unit").get(pk=event.pk)
    before = before_values(stored)
    data = clean_event({**before, **fields})
    _check_register_number(stored.unit, data, exclude=stored.pk)
    # Only what this edit changes is written: a value someone else saved meanwhile is not put back.
    changed = {name: value for name, value in data.items() if value != before[name]}
    update_record(actor, stored, changed, after_commit=_announce, verb=verb)
    event.refresh_from_db()
    return event


def before_values(event: CivilEvent) -> dict[str, Any]:
    return {name: getattr(event, name) for name in FIELDS}


def record_ceremony(actor: User | None, event: CivilEvent, on_date: dt.date) -> CivilEvent:
    """The marriage certificate was handed over solemnly on `on_date` (lễ trao giấy chứng nhận kết hôn)."""
    if actor is not None:
        require_role(actor, event.unit, CIVIL_ROLES)
    if event.kind != EventKind.MARRIAGE:
        raise ValidationError("Lễ trao giấy chứng nhận chỉ ghi nhận cho đăng ký kết hôn.")
    if on_date is None:
        raise ValidationError({"ceremony_on": ["Vui lòng nhập ngày tổ chức lễ trao."]})
    if on_date > timezone.localdate():
        raise ValidationError({"ceremony_on": [f"Ngày tổ chức lễ trao {_fmt(on_date)} ở tương lai."]})
    if on_date < event.registered_on:
        raise ValidationError(
            {
                "ceremony_on": [
                    f"Ngày tổ chức lễ trao {_fmt(on_date)} trước ngày đăng ký kết hôn {_fmt(event.registered_on)}."
                ]
            }
        )
    data = {"ceremony_held": True, "ceremony_on": on_date}
    update_record(actor, event, data, after_commit=_announce, verb="ceremony")
    event.refresh_from_db()
    return event


# Events a dossier created that still lack the names ("cần bổ sung").
INCOMPLETE = Q(person_name="") | Q(kind=EventKind.MARRIAGE, partner_name="")


def needs_completion(event: CivilEvent) -> bool:
    """Created from a dossier and not yet completed by the registrar."""
    if not event.person_name:
        return True
    return event.kind == EventKind.MARRIAGE and not event.partner_name
