"""Every change to public feedback (phản ánh, kiến nghị trực tuyến, issue 9 item 7): a citizen sends it from the
public page (no account), staff triage it into the opinions register or the petitions register, decline it with a
reason, answer it, and publish the answer when the citizen consented.

What the audit trail keeps: the state, the kind, the category and the days — never the contact details, the
citizen's own text (it may name people or give an address), the photo's file name or the PIN's digest (six digits
are quickly found again from their SHA-256).

Two brakes on the public pages, counted in the database so that every app process sees the same figures, after the
pattern of the dossier lookup (thanthien.onestop.lookup, which is tied to dossiers and to a onestop model that
engagement may not import): sends per client address, and wrong PINs per code and per address. The counts are kept
in the one counter table (documents.numbering) in fixed windows; a limit applies to the current window and the one
before it together, so no sliding WINDOW ever holds more than the limit."""

from __future__ import annotations

import datetime as dt
import enum
import hmac
import re
import secrets
from collections.abc import Collection, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from thanthien.audit.log import record, register_actions
from thanthien.documents import brakes, photos
from thanthien.lib.vn import clean_phone, nfc
from thanthien.org.models import Unit
from thanthien.org.records import create_record, update_record
from thanthien.org.scoping import require_role

from .actions import receive_petition
from .dialogues import AnswerKind, Opinion, OpinionSource
from .feedback import (
    FEEDBACK_MAX_CHARS,
    FEEDBACK_WRITERS,
    Feedback,
    FeedbackCategory,
    FeedbackKind,
    FeedbackStatus,
)
from .models import PetitionKind, Source

register_actions(
    {
        "engagement.feedback.create": "Nhận phản ánh, kiến nghị trực tuyến",
        "engagement.feedback.triage": "Phân loại phản ánh, kiến nghị (vào sổ ý kiến hoặc sổ đơn thư)",
        "engagement.feedback.decline": "Không xử lý phản ánh, kiến nghị",
        "engagement.feedback.answer": "Trả lời phản ánh, kiến nghị",
        "engagement.feedback.publish": "Công khai câu trả lời phản ánh, kiến nghị",
        "engagement.feedback.unpublish": "Thôi công khai câu trả lời phản ánh, kiến nghị",
    }
)

# No 0/O, 1/I/L: a code copied by hand or read aloud on the phone must not be ambiguous.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_PREFIX = "PA"
PIN_DIGITS = 6
REASON_MAX_CHARS = 500
PLACE_MAX_CHARS = 300

SEND_FIELDS = frozenset(
    {
        "kind",
        "category",
        "content",
        "place",
        "contact_name",
        "contact_phone",
        "contact_email",
        "contact_address",
        "consent_publish",
    }
)


# --- the brakes ----------------------------------------------------------------------------------------------------

THROTTLE_PREFIX = "throttle:feedback-"
SEND_WINDOW = dt.timedelta(hours=1)
MAX_SENDS = 10  # per client address and commune in any hour; a commune office's shared Wi-Fi stays well below
PIN_WINDOW = dt.timedelta(minutes=15)
MAX_CODE_FAILURES = 5
MAX_CLIENT_FAILURES = 100
SENDS = brakes.Window("feedback-send", SEND_WINDOW)
PIN_CODES = brakes.Window("feedback-pin-code", PIN_WINDOW)
PIN_CLIENTS = brakes.Window("feedback-pin-client", PIN_WINDOW)
# Compared against when the code is unknown, so both misses cost the same work.
_NO_DIGEST = "0" * 64


class Brake(enum.Enum):
    SENDS = "sends"
    CODE = "code"
    CLIENT = "client"


class TooManyAttempts(Exception):
    """A brake is on; nothing was saved or checked."""

    def __init__(self, brake: Brake) -> None:
        super().__init__(brake.value)
        self.brake = brake


def purge_brakes(now: dt.datetime | None = None) -> int:
    """Forget the counts no brake reads any more (every public form's: documents.brakes.purge)."""
    return brakes.purge(now)


# --- sending -------------------------------------------------------------------------------------------------------


def new_code() -> str:
    """ "PA-7K3M-Q9XR": random, so codes neither tell how many a commune received nor can be guessed in turn."""
    while True:
        body = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
        code = f"{CODE_PREFIX}-{body[:4]}-{body[4:]}"
        if not Feedback.objects.filter(code=code).exists():
            return code


def new_pin() -> str:
    return f"{secrets.randbelow(10**PIN_DIGITS):0{PIN_DIGITS}d}"


def normalise_code(typed: str) -> str:
    """What a citizen types, with or without the dashes, in any case: "pa 7k3m q9xr" → "PA-7K3M-Q9XR"."""
    letters = re.sub(r"[^0-9A-Z]", "", nfc(str(typed or "")).upper())[:20]
    if len(letters) == 10 and letters.startswith(CODE_PREFIX):
        return f"{letters[:2]}-{letters[2:6]}-{letters[6:]}"
    return letters


def clean_photo(upload: Any) -> ContentFile[bytes] | None:
    """The sender's photo, at most PHOTO_MAX_BYTES, re-encoded (documents.photos): a photo taken at home does not
    tell where the sender lives. Raises ValidationError with a Vietnamese message."""
    too_big = "Ảnh gửi kèm lớn hơn 5 MB. Vui lòng chọn ảnh nhỏ hơn hoặc chụp lại."
    return photos.clean_photo(upload, "photo", too_big)


def _clean_send(data: Mapping[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(data) - SEND_FIELDS)
    if unknown:
        raise ValueError(f"submit_feedback does not take: {', '.join(unknown)}")
    values = {k: (nfc(v).strip() if isinstance(v, str) else v) for k, v in data.items()}
    errors: dict[str, str] = {}
    content = str(values.get("content") or "")
    if not content:
        errors["content"] = "Vui lòng ghi nội dung phản ánh, kiến nghị."
    elif len(content) > FEEDBACK_MAX_CHARS:
        errors["content"] = f"Nội dung dài quá {FEEDBACK_MAX_CHARS:,} ký tự.".replace(",", ".")
    values.setdefault("kind", FeedbackKind.FEEDBACK)
    if values["kind"] not in FeedbackKind.values:
        errors["kind"] = "Vui lòng chọn phản ánh hoặc kiến nghị."
    if values.get("category") not in FeedbackCategory.values:
        errors["category"] = "Vui lòng chọn lĩnh vực."
    for name, limit, label in (
        ("place", PLACE_MAX_CHARS, "Địa điểm"),
        ("contact_name", 150, "Họ tên"),
        ("contact_address", 300, "Địa chỉ"),
    ):
        if len(str(values.get(name) or "")) > limit:
            errors[name] = f"{label} dài quá {limit} ký tự."
    if values.get("contact_phone"):
        try:
            values["contact_phone"] = clean_phone(str(values["contact_phone"]))
        except ValidationError as exc:
            errors["contact_phone"] = exc.messages[0]
    if values.get("contact_email"):
        try:
            validate_email(values["contact_email"])
        except ValidationError:
            errors["contact_email"] = "Địa chỉ thư điện tử không hợp lệ."
    values["consent_publish"] = bool(values.get("consent_publish"))
    if errors:
        raise ValidationError(errors)
    return {k: ("" if v is None else v) for k, v in values.items()}


def submit_feedback(
    unit: Unit, data: Mapping[str, Any], *, photo: Any = None, client: str | None = None
) -> tuple[Feedback, str]:
    """Feedback a citizen sends to `unit` from the public page (no account): (the feedback, its PIN). The PIN is
    returned this once and kept only as its digest. Refused with Vietnamese messages, nothing saved, when the text is
    missing or too long, the category unknown, the phone or e-mail malformed or the photo not a JPEG, PNG or WebP of
    at most 5 MB; raises TooManyAttempts when `client` (the sender's address on the public page; None for staff
    typing feedback a citizen phoned in) sent MAX_SENDS within the hour to this commune."""
    if not unit.is_commune_level or not unit.is_valid_on(timezone.localdate()):
        raise ValidationError("Xã, phường này không nhận phản ánh trực tuyến.")
    values = _clean_send(data)
    picture = clean_photo(photo)
    pin = new_pin()
    today = timezone.localdate()
    feedback = Feedback(
        unit=unit,
        code=new_code(),
        pin_digest=Feedback.hash_pin(pin),
        received_on=today,
        status=FeedbackStatus.RECEIVED,
        **values,
    )
    feedback.full_clean(exclude=["photo"])
    with transaction.atomic():
        # Counted inside the transaction: a send refused later (or by the brake itself) gives its count back.
        if client is not None and brakes.count(unit, SENDS, client, add=True) > MAX_SENDS:
            raise TooManyAttempts(Brake.SENDS)
        if picture is not None:
            feedback.photo.save(picture.name or "anh.jpg", picture, save=False)
        feedback.save()
        changes = {
            "status": [None, feedback.status],
            "kind": [None, feedback.kind],
            "category": [None, feedback.category],
            "received_on": [None, today.isoformat()],
            "consent_publish": [None, feedback.consent_publish],
            "photo": [None, bool(picture)],
        }
        record(None, Feedback.audit_name("create"), feedback, unit=unit, changes=changes)
    return feedback, pin


# --- following -----------------------------------------------------------------------------------------------------


def find_for_public(unit: Unit, code: str, pin: str, client: str) -> Feedback | None:
    """The feedback of `unit` with this code and PIN, or None (an unknown code and a wrong PIN alike); raises
    TooManyAttempts. As the dossier lookup: the attempt is counted first and taken back when it was not a miss;
    above the address's ceiling a correct code and PIN is still answered, and a miss locks the code it touched."""
    key, now = normalise_code(code), timezone.now()
    on_code = brakes.count(unit, PIN_CODES, key, add=True, now=now)
    if on_code > MAX_CODE_FAILURES:
        brakes.take_back(unit, PIN_CODES, key, now=now)
        raise TooManyAttempts(Brake.CODE)
    on_client = brakes.count(unit, PIN_CLIENTS, client, add=True, now=now)
    feedback = Feedback.objects.filter(unit=unit, code=key).first() if key else None
    given = str(pin or "").strip()
    matched = hmac.compare_digest(feedback.pin_digest if feedback else _NO_DIGEST, Feedback.hash_pin(given))
    if feedback is not None and given and matched:
        brakes.take_back(unit, PIN_CODES, key, now=now)
        brakes.take_back(unit, PIN_CLIENTS, client, now=now)
        return feedback
    if on_client > MAX_CLIENT_FAILURES:
        # Above the address's ceiling a miss locks the code it touched for the rest of the window.
        brakes.fill(unit, PIN_CODES, key, MAX_CODE_FAILURES, now=now)
        raise TooManyAttempts(Brake.CLIENT)
    return None


# --- staff: triage, decline, answer, publish -----------------------------------------------------------------------


def _locked(actor: Any, feedback: Feedback, allowed: Collection[str], message: str) -> Feedback:
    """The feedback as it stands now, locked until the caller's transaction ends (two officials triaging it at the
    same moment would otherwise each create an opinion or a petition)."""
    if actor is not None:
        require_role(actor, feedback.unit, FEEDBACK_WRITERS)
    current = Feedback.objects.select_for_update().select_related("unit").get(pk=feedback.pk)
    if current.status not in allowed:
        raise ValidationError(message)
    return current


NOT_NEW = "Phản ánh này đã được phân loại hoặc xử lý."


def triage_to_opinion(actor: Any, feedback: Feedback) -> Feedback:
    """The feedback goes into the opinions register as an opinion raised online, linked both ways; its answer is
    then also the opinion's answer. Created with the feedback writers' roles (the register's own writers are the
    dialogue writers, who do not include the official in charge of reception)."""
    with transaction.atomic():
        current = _locked(actor, feedback, {FeedbackStatus.RECEIVED}, NOT_NEW)
        values = {
            "source": OpinionSource.ONLINE,
            "source_ref": current.code,
            "raised_on": current.received_on,
            "raised_by": current.contact_name,
            "content": current.content,
        }
        opinion = create_record(actor, Opinion, current.unit, values, roles=FEEDBACK_WRITERS)
        return _triaged(actor, current, {"opinion": opinion})


def triage_to_petition(actor: Any, feedback: Feedback, kind: str = "") -> Feedback:
    """The feedback goes into the petitions register (source "online"), numbered there, linked both ways; the
    petition's time limits run from the day the feedback was received. `kind` defaults to the feedback's own kind;
    staff may read it as a complaint or a denunciation instead."""
    chosen = kind or str(feedback.kind)
    if chosen not in PetitionKind.values:
        raise ValidationError({"kind": "Vui lòng chọn loại đơn."})
    with transaction.atomic():
        current = _locked(actor, feedback, {FeedbackStatus.RECEIVED}, NOT_NEW)
        petition = receive_petition(
            actor,
            current.unit,
            {
                "received_on": current.received_on,
                "source": Source.ONLINE,
                "kind": chosen,
                "petitioner_name": current.contact_name,
                "petitioner_address": current.contact_address,
                "anonymous": not current.contact_name,
                "field": current.get_category_display(),
                "content": current.content,
                "note": f"Từ phản ánh, kiến nghị trực tuyến mã {current.code}.",
            },
        )
        return _triaged(actor, current, {"petition": petition})


def _triaged(actor: Any, current: Feedback, link: dict[str, Any]) -> Feedback:
    values = {"status": FeedbackStatus.TRIAGED, "triaged_on": timezone.localdate(), **link}
    return update_record(actor, current, values, verb="triage")


def decline(actor: Any, feedback: Feedback, reason: str) -> Feedback:
    """Not handled (a duplicate, no content to act on, abusive), with the reason the citizen reads."""
    text = nfc(str(reason or "")).strip()
    if not text:
        raise ValidationError({"decline_reason": "Vui lòng ghi lý do không xử lý."})
    if len(text) > REASON_MAX_CHARS:
        raise ValidationError({"decline_reason": f"Lý do dài quá {REASON_MAX_CHARS} ký tự."})
    with transaction.atomic():
        current = _locked(actor, feedback, {FeedbackStatus.RECEIVED}, NOT_NEW)
        return update_record(
            actor, current, {"status": FeedbackStatus.DECLINED, "decline_reason": text}, verb="decline"
        )


def _answer_day(value: Any, received_on: dt.date) -> dt.date:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise ValidationError({"answered_on": "Vui lòng nhập ngày trả lời theo dạng dd/mm/yyyy."})
    if value > timezone.localdate():
        raise ValidationError({"answered_on": "Ngày trả lời không được ở tương lai."})
    if value < received_on:
        raise ValidationError({"answered_on": f"Ngày trả lời trước ngày nhận phản ánh ({received_on:%d/%m/%Y})."})
    return value


def answer(actor: Any, feedback: Feedback, text: str, on: Any = None) -> Feedback:
    """The answer the citizen reads on the follow page (and, once published, the public list); may be corrected.
    A feedback triaged into an opinion answers that opinion too, so the register's answered rate follows."""
    body = nfc(str(text or "")).strip()
    if not body:
        raise ValidationError({"answer": "Vui lòng ghi nội dung trả lời."})
    if len(body) > FEEDBACK_MAX_CHARS:
        raise ValidationError({"answer": f"Nội dung trả lời dài quá {FEEDBACK_MAX_CHARS} ký tự."})
    open_states = {FeedbackStatus.RECEIVED, FeedbackStatus.TRIAGED, FeedbackStatus.ANSWERED}
    with transaction.atomic():
        current = _locked(actor, feedback, open_states, "Phản ánh đã được xác định không xử lý.")
        day = _answer_day(timezone.localdate() if on is None else on, current.received_on)
        values: dict[str, Any] = {"status": FeedbackStatus.ANSWERED, "answer": body, "answered_on": day}
        if current.published_on is not None and current.answer != body:
            # A changed answer leaves the public list until staff publish it again, after reading it.
            values["published_on"] = None
        answered = update_record(actor, current, values, verb="answer")
        if current.opinion_id is not None:
            opinion = Opinion.objects.get(pk=current.opinion_id)
            opinion_answer = {"answer": body, "answer_kind": AnswerKind.LATER, "answered_on": day}
            update_record(actor, opinion, opinion_answer, roles=FEEDBACK_WRITERS, verb="answer")
        return answered


def publish(actor: Any, feedback: Feedback, public_content: str | None = None) -> Feedback:
    """The answer goes on the commune's public list — only when the citizen consented. `public_content` is the
    text shown instead of the citizen's own, with names, phone numbers or addresses taken out by staff."""
    shown = None if public_content is None else nfc(str(public_content)).strip()
    if shown is not None and len(shown) > FEEDBACK_MAX_CHARS:
        raise ValidationError({"public_content": f"Nội dung công khai dài quá {FEEDBACK_MAX_CHARS} ký tự."})
    with transaction.atomic():
        current = _locked(actor, feedback, {FeedbackStatus.ANSWERED}, "Chỉ công khai phản ánh đã được trả lời.")
        if not current.consent_publish:
            raise ValidationError("Người gửi không đồng ý công khai: không được công khai phản ánh này.")
        values: dict[str, Any] = {"published_on": current.published_on or timezone.localdate()}
        if shown is not None:
            values["public_content"] = shown
        return update_record(actor, current, values, verb="publish")


def unpublish(actor: Any, feedback: Feedback) -> Feedback:
    with transaction.atomic():
        current = _locked(actor, feedback, set(FeedbackStatus.values), "")
        if current.published_on is None:
            raise ValidationError("Phản ánh này chưa được công khai.")
        return update_record(actor, current, {"published_on": None}, verb="unpublish")
