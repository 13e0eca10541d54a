"""Sending an approved letter electronically: e-mail through Django's mail settings, SMS and Zalo through a
pluggable sender, and the plain-language delivery status shown on every screen.

Senders are configured per channel in ``settings.LETTER_SENDERS`` ({"sms": "dotted.path.Class", "zalo": ...});
each class is built as ``Class(channel)`` and answers ``send(to, text, reference) -> SendResult``. The default,
``LogSender``, only writes the message to the log (no gateway is reachable everywhere); ``HttpGatewaySender``
posts JSON to a gateway (SMS brand-name or Zalo ZNS providers all offer one) with a bearer token.

The state changes are the action ``actions.send_letter``: the letter is marked "sending" in a short transaction,
so a crash in the middle leaves a visible trace; the network call (``transmit``) runs only after that commit,
outside any transaction; then the letter is either delivered or failed with a Vietnamese note, with one audit row,
in a second short transaction. A failed letter stays approved, so it can be sent again.
"""

from __future__ import annotations

import json
import logging
import re
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any, Protocol

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import EmailMessage
from django.utils import timezone
from django.utils.module_loading import import_string

from thanthien.lib.vn import fmt_date, fmt_datetime, long_date

from . import actions, subjects, texts
from .models import DeliveryMethod, DeliveryStatus, Letter, LetterKind, LetterStatus

log = logging.getLogger(__name__)

ELECTRONIC = actions.ELECTRONIC
CHANNEL_LABELS: dict[str, str] = {"email": "thư điện tử", "sms": "SMS", "zalo": "Zalo"}
DEFAULT_SENDER = "thanthien.letters.delivery.LogSender"


@dataclass(frozen=True)
class SendResult:
    ok: bool
    note: str = ""


class Sender(Protocol):
    def send(self, to: str, text: str, reference: str) -> SendResult: ...


def mask_phone(phone: str) -> str:
    """ "0912345678" → "091****678": enough to tell numbers apart in a log, not to call anyone."""
    digits = re.sub(r"\D", "", phone)
    if len(digits) < 7:
        return "***"
    return f"{digits[:3]}{'*' * (len(digits) - 6)}{digits[-3:]}"


class LogSender:
    """No gateway: the message goes to the application log (the number masked). It does NOT count as sent —
    a letter only logged has not reached the citizen, so it stays approved, waiting for another way."""

    def __init__(self, channel: str) -> None:
        self.channel = channel

    def send(self, to: str, text: str, reference: str) -> SendResult:
        label = CHANNEL_LABELS.get(str(self.channel), str(self.channel))
        log.info("Tin nhắn %s %s tới %s (chưa có cổng, chỉ ghi nhật ký): %s", label, reference, mask_phone(to), text)
        return SendResult(False, f"chưa cấu hình cổng {label}, tin nhắn chỉ được ghi vào nhật ký")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    # A gateway that redirects a POST is misconfigured; following it would silently turn the POST into a GET.
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


class HttpGatewaySender:
    """POST {"to", "text", "reference"} as JSON to ``<CHANNEL>_GATEWAY_URL`` with ``Authorization: Bearer
    <CHANNEL>_GATEWAY_TOKEN``; any 2xx answer is success, anything else (or no answer) is a failure."""

    def __init__(self, channel: str, url: str | None = None, token: str | None = None, timeout: float | None = None):
        prefix = str(channel).upper()
        self.channel = channel
        self.url = url if url is not None else str(getattr(settings, f"{prefix}_GATEWAY_URL", "") or "")
        self.token = token if token is not None else str(getattr(settings, f"{prefix}_GATEWAY_TOKEN", "") or "")
        self.timeout = float(timeout if timeout is not None else getattr(settings, "LETTER_GATEWAY_TIMEOUT", 10))

    def send(self, to: str, text: str, reference: str) -> SendResult:
        label = CHANNEL_LABELS.get(str(self.channel), str(self.channel))
        if not self.url.startswith(("http://", "https://")):
            return SendResult(False, f"chưa cấu hình địa chỉ cổng {label} ({str(self.channel).upper()}_GATEWAY_URL)")
        payload = json.dumps({"to": to, "text": text, "reference": reference}, ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json; charset=utf-8", "Accept": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(self.url, data=payload, headers=headers, method="POST")  # noqa: S310
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            with opener.open(request, timeout=self.timeout) as response:
                status = response.status
        except urllib.error.HTTPError as exc:
            return SendResult(False, f"cổng {label} trả lời mã lỗi HTTP {exc.code}")
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            return SendResult(False, f"không kết nối được cổng {label} ({reason})")
        if not 200 <= status < 300:
            return SendResult(False, f"cổng {label} trả lời mã HTTP {status}")
        return SendResult(True, f"cổng {label} đã nhận tin (HTTP {status})")


def sender_for(channel: str) -> Sender:
    paths: dict[str, str] = getattr(settings, "LETTER_SENDERS", {}) or {}
    cls = import_string(paths.get(str(channel)) or DEFAULT_SENDER)
    return cls(channel)  # type: ignore[no-any-return]


# --- the words ---------------------------------------------------------------------------------------------


def _unit_short(letter: Letter) -> str:
    # "Xã Hoằng Hợp" → "UBND xã Hoằng Hợp": the sender's name as an SMS shows it.
    name = letter.unit.name
    return f"UBND {name[:1].lower()}{name[1:]}"


def _moment(value: Any) -> str:
    local = timezone.localtime(value)
    return f"{local:%H:%M} {local:%d/%m/%Y}"


def short_text(letter: Letter) -> str:
    """The SMS / Zalo message: a short summary in full Vietnamese (UTF-8, no stripped diacritics), without the
    recipient's name — the message goes to their own number, and so can be logged."""
    head = f"{_unit_short(letter)}: [{LetterKind(letter.kind).label}]"
    h = letter.honorific or "Ông/Bà"
    if letter.kind == LetterKind.APOLOGY:
        code = subjects.context(letter).get("dossier_code", "")
        code = f" {code}" if code else ""
        body = f"Hồ sơ{code} chưa có kết quả đúng hẹn. Thành thật xin lỗi {h}"
        if letter.new_appointment_at:
            body += f", hẹn trả kết quả mới {_moment(letter.new_appointment_at)}"
        body += "."
    elif letter.kind == LetterKind.CONGRATULATION:
        if subjects.context(letter).get("partner_name"):  # a marriage names the two spouses
            body = "Chúc mừng hai bạn đã đăng ký kết hôn. Chúc hai bạn trăm năm hạnh phúc!"
        else:
            body = f"Chúc mừng gia đình {h} đón chào thành viên mới. Chúc cháu bé mạnh khỏe, gia đình hạnh phúc!"
    elif letter.kind == LetterKind.CONDOLENCE:
        body = f"Xin gửi tới {h} cùng tang quyến lời chia buồn sâu sắc nhất. Thành kính phân ưu!"
    else:
        body = f"Trân trọng cảm ơn {h} đã đóng góp ý kiến cho chính quyền. Kính chúc {h} mạnh khỏe!"
    tail = f" Thư số {letter.number_text} ngày {fmt_date(letter.letter_date)}." if letter.number else ""
    return f"{head} {body}{tail}"


def email_text(letter: Letter) -> str:
    """The letter as plain text (the PDF, when it can be made, is attached)."""
    kind = LetterKind(letter.kind)
    lines = [f"ỦY BAN NHÂN DÂN {letter.unit.name.upper()}", ""]
    if letter.number:
        lines.append(f"Số: {letter.number_text}")
    if letter.letter_date:
        lines.append(long_date(letter.letter_date).capitalize())
    lines += ["", texts.TITLES[kind]]
    if texts.SUBJECTS.get(kind):
        lines.append(texts.SUBJECTS[kind])
    lines += ["", f"Kính gửi: {letter.honorific} {letter.recipient_name}", "", actions.render_body(letter), ""]
    if letter.signer_name:
        lines += [f"TM. ỦY BAN NHÂN DÂN – {letter.signer_title.upper()}", letter.signer_name]
    return "\n".join(lines).strip() + "\n"


def pdf_attachment(letter: Letter) -> tuple[str, bytes] | None:
    """(filename, bytes) of the letter's PDF, or None when the PDF cannot be made here."""
    try:
        from thanthien.letters.documents import letter_pdf
    except ImportError:
        return None
    try:
        made: Any = letter_pdf(letter)
    except Exception:  # the e-mail still carries the text; the failure is logged for the administrator
        log.exception("Không tạo được bản PDF của thư %s để đính kèm", letter.pk)
        return None
    content = getattr(made, "content", made)
    if isinstance(made, tuple):  # (bytes, filename) or (filename, bytes)
        content = next((part for part in made if isinstance(part, bytes)), b"")
    if not isinstance(content, bytes) or not content:
        return None
    number = f"-{letter.number}-{letter.symbol}" if letter.number else f"-du-thao-{letter.pk}"
    return f"thu-{letter.kind}{number}.pdf".replace("/", "-"), content


# --- sending -----------------------------------------------------------------------------------------------


def _send_email(letter: Letter) -> SendResult:
    message = EmailMessage(
        subject=f"{texts.TITLES[LetterKind(letter.kind)].capitalize()} – {_unit_short(letter)}",
        body=email_text(letter),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[letter.recipient_email],
    )
    attachment = pdf_attachment(letter)
    if attachment is not None:
        message.attach(attachment[0], attachment[1], "application/pdf")
    try:
        message.send(fail_silently=False)
    except Exception as exc:  # smtplib, socket and backend errors alike: the letter stays approved
        return SendResult(False, f"máy chủ thư không nhận thư ({exc.__class__.__name__})")
    return SendResult(True, "kèm bản PDF" if attachment else "nội dung thư trong thân thư điện tử")


def channels_for(letter: Letter) -> list[tuple[str, str]]:
    """The ways this recipient can be reached: by hand and at home always, by post with an address, by e-mail
    with an e-mail address, by SMS or Zalo with a phone number (README "Cách gửi thư")."""
    has = {
        DeliveryMethod.POST: bool(letter.recipient_address.strip()),
        DeliveryMethod.EMAIL: bool(letter.recipient_email.strip()),
        DeliveryMethod.SMS: bool(letter.recipient_phone.strip()),
        DeliveryMethod.ZALO: bool(letter.recipient_phone.strip()),
    }
    return [(str(m.value), str(m.label)) for m in DeliveryMethod if has.get(m, True)]


def send(letter: Letter, method: str, actor: User | None) -> Letter:
    """Send an approved letter by e-mail, SMS or Zalo: the action `actions.send_letter` (kept for the callers
    that name it here)."""
    return actions.send_letter(actor, letter, method)


def transmit(letter: Letter, method: str, to: str) -> SendResult:
    """Call the channel's gateway for `letter`. Runs after the letter's transaction has committed (see
    `actions.send_letter`); every error becomes a failed result, so a letter is never left "sending" by it."""
    try:
        if method == DeliveryMethod.EMAIL:
            result = _send_email(letter)
        else:
            result = sender_for(method).send(to, short_text(letter), f"letter-{letter.pk}")
    except Exception as exc:  # a misconfigured sender must not leave the letter "sending" for ever
        log.exception("Lỗi khi gửi thư %s qua %s", letter.pk, method)
        result = SendResult(False, f"lỗi hệ thống khi gửi ({exc.__class__.__name__}); báo quản trị hệ thống")
    if not result.ok:
        log.warning("Gửi thư %s qua %s không thành công: %s", letter.pk, method, result.note)
    return result


# --- what the screens say ----------------------------------------------------------------------------------

_DONE: dict[str, str] = {
    "handed": "Đã trao tận tay ngày {day}",
    "post": "Đã gửi qua bưu điện ngày {day}",
    "home_visit": "Đã đến thăm và trao thư tại nhà ngày {day}",
    "email": "Đã gửi thư điện tử đến {email} lúc {moment}",
    "sms": "Đã gửi tin nhắn SMS đến số {phone} lúc {moment}",
    "zalo": "Đã gửi tin nhắn Zalo đến số {phone} lúc {moment}",
}


def delivery_status_text(letter: Letter) -> str:
    """One plain sentence: where the letter stands on its way to the recipient."""
    if letter.status == LetterStatus.CANCELLED:
        return f"Đã hủy: {letter.cancel_reason}" if letter.cancel_reason else "Đã hủy"
    if letter.status == LetterStatus.WITHDRAWN:
        return f"Đã rút, không gửi: {letter.cancel_reason}" if letter.cancel_reason else "Đã rút, không gửi"
    if letter.status == LetterStatus.DRAFT:
        return "Dự thảo, chưa duyệt ký"
    if letter.status == LetterStatus.DELIVERED and letter.delivered_at:
        method = str(letter.delivery_method or "handed")
        text = _DONE.get(method, "Đã gửi ngày {day}").format(
            day=fmt_date(letter.delivered_at),
            moment=fmt_datetime(letter.delivered_at),
            email=letter.recipient_email,
            phone=letter.recipient_phone,
        )
        # The sender's own words matter for e-mail/SMS/Zalo ("ghi nhật ký, chưa có cổng SMS").
        if method in CHANNEL_LABELS and letter.delivery_note:
            text += f" ({letter.delivery_note.rstrip('.')[:1].lower()}{letter.delivery_note.rstrip('.')[1:]})"
        return text
    if letter.delivery_status == DeliveryStatus.FAILED:
        return letter.delivery_note or "Gửi không thành công"
    if letter.delivery_status == DeliveryStatus.SENDING:
        return f"Đang gửi {CHANNEL_LABELS.get(str(letter.delivery_method), '')}".strip()
    return "Đã duyệt, ký; chưa gửi đến người nhận"
