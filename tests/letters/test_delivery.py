"""Delivery: handed over, e-mail through Django's mail (locmem) with the PDF attached, SMS and Zalo through the
pluggable sender — a local fake HTTP gateway for success and failure, the log sender by default."""

from __future__ import annotations

import datetime as dt
import http.server
import json
import logging
import re
import smtplib
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection, transaction
from django.utils import timezone

from tests.conftest import Personas
from tests.onestop.factories import make_dossier, vn
from thanthien.audit.models import AuditEntry
from thanthien.letters import actions, delivery
from thanthien.letters.delivery import SendResult
from thanthien.letters.models import DeliveryMethod, DeliveryStatus, Letter, LetterKind, LetterStatus, SubjectType
from thanthien.org.models import Unit

# The gateway is called after the letter's transaction commits: these tests commit for real.
pytestmark = pytest.mark.django_db(transaction=True)

HTTP_SENDER = "thanthien.letters.delivery.HttpGatewaySender"


def approved_apology(
    personas: Personas, unit: Unit | None = None, code: str = "H15.50.05.13-261116-0975", **fields: Any
) -> Letter:
    unit = unit or personas.commune_a
    dossier = make_dossier(unit, code=code, received_at=vn(2026, 11, 16, 9, 0), due_at=vn(2026, 11, 18, 17, 0))
    values: dict[str, Any] = {
        "unit": unit,
        "kind": LetterKind.APOLOGY,
        "subject_type": SubjectType.DOSSIER,
        "subject_id": str(dossier.pk),
        "dossier": dossier,
        "owed_on": dt.date(2026, 11, 18),
        "honorific": "Ông",
        "recipient_name": "Nguyễn Văn Án",
        "recipient_phone": "0912345678",
        "recipient_email": "an.nguyen@example.vn",
        "reason": "phải xác minh thêm nguồn gốc thửa đất",
        "new_appointment_at": vn(2026, 11, 20, 16, 0),
    }
    letter = Letter.objects.create(**(values | fields))
    return actions.approve(personas.leader_a if unit == personas.commune_a else None, letter)


# --- a fake gateway -----------------------------------------------------------------------------------------


@dataclass
class Gateway:
    url: str
    status: int = 200
    requests: list[dict[str, Any]] = field(default_factory=list)


@pytest.fixture
def gateway() -> Iterator[Gateway]:
    state = Gateway(url="")

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            state.requests.append(
                {"path": self.path, "headers": dict(self.headers), "body": json.loads(self.rfile.read(length))}
            )
            self.send_response(state.status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"id": "msg-1"}')

        def log_message(self, *args: Any) -> None:
            return

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/api/sms"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture
def sms_gateway(gateway: Gateway, settings: Any) -> Gateway:
    settings.LETTER_SENDERS = {"sms": HTTP_SENDER, "zalo": HTTP_SENDER}
    settings.SMS_GATEWAY_URL = gateway.url
    settings.SMS_GATEWAY_TOKEN = "bi-mat-sms"
    settings.ZALO_GATEWAY_URL = gateway.url.replace("/sms", "/zalo")
    settings.ZALO_GATEWAY_TOKEN = "bi-mat-zalo"
    return gateway


# --- handed over, post, home visit --------------------------------------------------------------------------


def test_handed_over_through_the_page(personas: Personas) -> None:
    letter = approved_apology(personas)
    # Two hours ago, but not before today's midnight in Việt Nam: the letter was signed today, and a delivery
    # cannot be dated before the day it was signed (this test runs at any hour).
    now = timezone.localtime(timezone.now())
    moment = max(now - dt.timedelta(hours=2), now.replace(hour=0, minute=0)).replace(second=0, microsecond=0)
    client = personas.client(personas.officer_a)
    page = client.get(f"/thu/{letter.pk}/").content.decode()
    assert "Đã duyệt, ký; chưa gửi đến người nhận" in page and "Gửi thư đến người nhận" in page
    response = client.post(
        f"/thu/{letter.pk}/gui/",
        {"method": "handed", "at": moment.strftime("%d/%m/%Y %H:%M"), "note": "Ông Án nhận tại Bộ phận Một cửa"},
        follow=True,
    )
    letter.refresh_from_db()
    assert (letter.status, letter.delivery_method, letter.delivery_status) == (
        LetterStatus.DELIVERED,
        DeliveryMethod.HANDED,
        DeliveryStatus.DELIVERED,
    )
    assert letter.delivered_at == moment
    text = f"Đã trao tận tay ngày {moment:%d/%m/%Y}"
    assert delivery.delivery_status_text(letter) == text
    assert text in response.content.decode()
    assert AuditEntry.objects.filter(action="letters.delivered", object_id=str(letter.pk)).count() == 1


def test_delivery_refused_before_approval_and_in_the_future(personas: Personas) -> None:
    letter = approved_apology(personas)
    future = timezone.localtime(timezone.now() + dt.timedelta(days=2)).strftime("%d/%m/%Y %H:%M")
    response = personas.client(personas.officer_a).post(f"/thu/{letter.pk}/gui/", {"method": "handed", "at": future})
    assert response.status_code == 200 and "không được ở tương lai" in response.content.decode()
    letter.refresh_from_db()
    assert letter.status == LetterStatus.APPROVED
    draft = Letter.objects.create(
        unit=personas.commune_a,
        kind=LetterKind.THANKS,
        subject_type=SubjectType.CONTRIBUTION,
        subject_id="x",
        owed_on=dt.date(2026, 11, 1),
        recipient_name="A",
        recipient_phone="0912345678",
    )
    with pytest.raises(ValidationError):
        delivery.send(draft, "sms", personas.officer_a)
    with pytest.raises(PermissionDenied):
        delivery.send(letter, "sms", personas.officer_b)


# --- e-mail ---------------------------------------------------------------------------------------------------


class BrokenBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Any) -> int:
        raise smtplib.SMTPServerDisconnected("máy chủ ngắt kết nối")


def test_email_with_the_pdf_attached(personas: Personas, settings: Any) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    letter = approved_apology(personas)
    letter = delivery.send(letter, "email", personas.officer_a)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["an.nguyen@example.vn"]
    assert message.subject == "Thư xin lỗi – UBND xã Hoằng Hợp"
    assert "Kính gửi: Ông Nguyễn Văn Án" in message.body and "Số: 1/TXL-UBND" in message.body
    assert "phải xác minh thêm nguồn gốc thửa đất" in message.body
    ((filename, content, mimetype),) = message.attachments  # type: ignore[misc]
    assert mimetype == "application/pdf" and content[:5] == b"%PDF-" and filename.endswith(".pdf")
    assert (letter.status, letter.delivery_method) == (LetterStatus.DELIVERED, DeliveryMethod.EMAIL)
    assert delivery.delivery_status_text(letter).startswith("Đã gửi thư điện tử đến an.nguyen@example.vn lúc ")


def test_email_without_the_pdf_module_still_carries_the_text(
    personas: Personas, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    monkeypatch.setattr(delivery, "pdf_attachment", lambda letter: None)
    letter = delivery.send(approved_apology(personas), "email", None)
    assert mail.outbox[0].attachments == [] and letter.status == LetterStatus.DELIVERED


def test_email_failure_keeps_the_letter_approved(personas: Personas, settings: Any) -> None:
    settings.EMAIL_BACKEND = f"{__name__}.BrokenBackend"
    letter = delivery.send(approved_apology(personas), "email", personas.officer_a)
    assert (letter.status, letter.delivery_status) == (LetterStatus.APPROVED, DeliveryStatus.FAILED)
    assert letter.delivery_note.startswith("Gửi thư điện tử không thành công: máy chủ thư không nhận thư")
    assert AuditEntry.objects.filter(action="letters.delivery_failed", object_id=str(letter.pk)).exists()


def test_email_needs_an_address(personas: Personas) -> None:
    letter = approved_apology(personas, recipient_email="")
    with pytest.raises(ValidationError) as caught:
        delivery.send(letter, "email", personas.officer_a)
    assert "địa chỉ thư điện tử" in " ".join(caught.value.messages)
    letter.refresh_from_db()
    assert (letter.status, letter.delivery_status) == (LetterStatus.APPROVED, "")


# --- SMS and Zalo -------------------------------------------------------------------------------------------


def test_sms_text_is_short_vietnamese() -> None:
    letter = Letter(
        unit=Unit(name="Xã Hoằng Hợp", code="X"),
        kind=LetterKind.APOLOGY,
        honorific="Ông",
        number=12,
        symbol="TXL-UBND",
        letter_date=dt.date(2026, 11, 18),
        new_appointment_at=vn(2026, 11, 20, 16, 0),
    )
    text = delivery.short_text(letter)
    assert text == (
        "UBND xã Hoằng Hợp: [Thư xin lỗi] Hồ sơ chưa có kết quả đúng hẹn. Thành thật xin lỗi Ông, hẹn trả kết quả "
        "mới 16:00 20/11/2026. Thư số 12/TXL-UBND ngày 18/11/2026."
    )


def test_sms_through_the_http_gateway(personas: Personas, sms_gateway: Gateway) -> None:
    letter = approved_apology(personas)
    response = personas.client(personas.officer_a).post(f"/thu/{letter.pk}/gui/", {"method": "sms"}, follow=True)
    (request,) = sms_gateway.requests
    assert request["path"] == "/api/sms"
    assert request["headers"]["Authorization"] == "Bearer bi-mat-sms"
    body = request["body"]
    assert body["to"] == "0912345678" and body["reference"] == f"letter-{letter.pk}"
    assert body["text"].startswith("UBND xã Hoằng Hợp: [Thư xin lỗi] Hồ sơ H15.50.05.13-261116-0975")
    assert "hẹn trả kết quả mới 16:00 20/11/2026" in body["text"]
    letter.refresh_from_db()
    assert (letter.status, letter.delivery_status, letter.delivery_method) == (
        LetterStatus.DELIVERED,
        DeliveryStatus.DELIVERED,
        DeliveryMethod.SMS,
    )
    assert "Đã gửi tin nhắn SMS đến số 0912345678" in response.content.decode()
    assert "cổng SMS đã nhận tin (HTTP 200)" in delivery.delivery_status_text(letter)


def test_sms_gateway_failure_then_resend(personas: Personas, sms_gateway: Gateway) -> None:
    sms_gateway.status = 500
    letter = approved_apology(personas)
    client = personas.client(personas.officer_a)
    page = client.post(f"/thu/{letter.pk}/gui/", {"method": "sms"}, follow=True).content.decode()
    letter.refresh_from_db()
    assert (letter.status, letter.delivery_status) == (LetterStatus.APPROVED, DeliveryStatus.FAILED)
    assert letter.delivery_note == "Gửi SMS không thành công: cổng SMS trả lời mã lỗi HTTP 500."
    assert "Gửi SMS không thành công: cổng SMS trả lời mã lỗi HTTP 500." in page
    failed = AuditEntry.objects.get(action="letters.delivery_failed", object_id=str(letter.pk))
    assert failed.actor == personas.officer_a and "HTTP 500" in failed.note
    assert "0912345678" not in failed.note

    sms_gateway.status = 202
    letter = delivery.send(letter, "sms", personas.officer_a)
    assert (letter.status, letter.delivery_status) == (LetterStatus.DELIVERED, DeliveryStatus.DELIVERED)
    assert len(sms_gateway.requests) == 2


def test_unreachable_gateway_is_a_failure(personas: Personas, settings: Any) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.LETTER_SENDERS = {"sms": HTTP_SENDER}
    settings.SMS_GATEWAY_URL = f"http://127.0.0.1:{port}/sms"
    settings.LETTER_GATEWAY_TIMEOUT = 2
    letter = delivery.send(approved_apology(personas), "sms", personas.officer_a)
    assert letter.status == LetterStatus.APPROVED and letter.delivery_status == DeliveryStatus.FAILED
    assert letter.delivery_note.startswith("Gửi SMS không thành công: không kết nối được cổng SMS")


def test_gateway_without_url_is_a_failure(personas: Personas, settings: Any) -> None:
    settings.LETTER_SENDERS = {"zalo": HTTP_SENDER}
    settings.ZALO_GATEWAY_URL = ""
    letter = delivery.send(approved_apology(personas), "zalo", personas.officer_a)
    assert letter.delivery_note == "Gửi Zalo không thành công: chưa cấu hình địa chỉ cổng Zalo (ZALO_GATEWAY_URL)."


def test_zalo_through_the_gateway(personas: Personas, sms_gateway: Gateway) -> None:
    letter = delivery.send(approved_apology(personas), "zalo", personas.officer_a)
    (request,) = sms_gateway.requests
    assert request["path"] == "/api/zalo" and request["headers"]["Authorization"] == "Bearer bi-mat-zalo"
    assert letter.delivery_method == DeliveryMethod.ZALO and letter.status == LetterStatus.DELIVERED


def test_log_sender_by_default(personas: Personas, settings: Any, caplog: pytest.LogCaptureFixture) -> None:
    settings.LETTER_SENDERS = {}
    caplog.set_level(logging.INFO, logger="thanthien.letters.delivery")
    letter = delivery.send(approved_apology(personas), "sms", personas.officer_a)
    # Only logged is not delivered: the letter waits for another way to reach the citizen.
    assert letter.status == LetterStatus.APPROVED and letter.delivery_status == "failed"
    assert "chưa cấu hình cổng SMS" in letter.delivery_note
    assert "chưa cấu hình cổng SMS" in delivery.delivery_status_text(letter)
    logged = caplog.text
    assert "091****678" in logged and "0912345678" not in logged and "Nguyễn Văn Án" not in logged
    assert "[Thư xin lỗi]" in logged


def test_sms_needs_a_phone(personas: Personas) -> None:
    letter = approved_apology(personas, recipient_phone="")
    with pytest.raises(ValidationError):
        delivery.send(letter, "sms", personas.officer_a)
    response = personas.client(personas.officer_a).post(f"/thu/{letter.pk}/gui/", {"method": "zalo"})
    assert response.status_code == 200 and "chưa có thông tin liên hệ cho cách gửi này" in response.content.decode()


# --- channels the recipient can be reached by (issue 7, item 8) ----------------------------------------------


def offered(page: str) -> set[str]:
    select = page.split('name="method"')[1].split("</select>")[0]
    return set(re.findall(r'<option value="(\w+)"', select))


def test_only_reachable_channels_are_offered(personas: Personas) -> None:
    bare = approved_apology(personas, recipient_phone="", recipient_email="", recipient_address="")
    client = personas.client(personas.officer_a)
    assert offered(client.get(f"/thu/{bare.pk}/").content.decode()) == {"handed", "home_visit"}
    for method in ("email", "sms", "zalo", "post"):
        response = client.post(f"/thu/{bare.pk}/gui/", {"method": method})
        assert response.status_code == 200 and "chưa có thông tin liên hệ" in response.content.decode()
    assert Letter.objects.get(pk=bare.pk).status == LetterStatus.APPROVED
    Letter.objects.filter(pk=bare.pk).update(
        recipient_phone="0912345678", recipient_email="an@example.vn", recipient_address="Thôn 2"
    )
    page = client.get(f"/thu/{bare.pk}/").content.decode()
    assert offered(page) == {"handed", "post", "home_visit", "email", "sms", "zalo"}


def test_staff_add_a_contact_to_an_approved_letter_audited_without_the_value(personas: Personas) -> None:
    letter = approved_apology(personas, recipient_phone="", recipient_email="")
    body = letter.body
    client = personas.client(personas.officer_a)
    page = client.get(f"/thu/{letter.pk}/").content.decode()
    assert 'data-testid="contact"' in page and "Bổ sung liên hệ của người nhận" in page
    response = client.post(f"/thu/{letter.pk}/lien-he/", {"recipient_email": "", "recipient_phone": ""})
    assert response.status_code == 200 and "ít nhất một thông tin liên hệ" in response.content.decode()
    response = client.post(f"/thu/{letter.pk}/lien-he/", {"recipient_email": "khong-hop-le"})
    assert "Địa chỉ thư điện tử không hợp lệ" in response.content.decode()
    response = client.post(
        f"/thu/{letter.pk}/lien-he/", {"recipient_email": "an.moi@example.vn", "recipient_phone": "0987 654 321"}
    )
    assert response.status_code == 302
    letter.refresh_from_db()
    assert (letter.recipient_email, letter.recipient_phone, letter.body) == ("an.moi@example.vn", "0987654321", body)
    entry = AuditEntry.objects.get(action="letters.contact_added", object_id=str(letter.pk))
    assert set(entry.changes) == {"recipient_email", "recipient_phone"}
    assert "an.moi@example.vn" not in str(entry.changes) and "0987654321" not in str(entry.changes)
    assert {"email", "sms", "zalo"} <= offered(client.get(f"/thu/{letter.pk}/").content.decode())
    # Another commune's officer can neither find the letter nor change its contacts.
    assert (
        personas.client(personas.officer_b)
        .post(f"/thu/{letter.pk}/lien-he/", {"recipient_phone": "0912345678"})
        .status_code
        == 404
    )
    with pytest.raises(PermissionDenied):
        actions.add_contact(personas.officer_b, letter, recipient_phone="0912345678")


# --- sending is an action: the gateway only after commit, the outcome in its own transaction ----------------


class RecordingSender:
    """Remembers whether a transaction was open when the gateway was called."""

    calls: list[bool] = []
    answer = SendResult(True, "cổng SMS đã nhận tin (HTTP 200)")

    def __init__(self, channel: str) -> None:
        self.channel = channel

    def send(self, to: str, text: str, reference: str) -> SendResult:
        RecordingSender.calls.append(connection.in_atomic_block)
        return RecordingSender.answer


class ExplodingSender(RecordingSender):
    def send(self, to: str, text: str, reference: str) -> SendResult:
        raise RuntimeError("cổng hỏng")


@pytest.fixture
def recording(settings: Any) -> Iterator[list[bool]]:
    settings.LETTER_SENDERS = {"sms": f"{__name__}.RecordingSender", "zalo": f"{__name__}.ExplodingSender"}
    RecordingSender.calls = []
    yield RecordingSender.calls


def test_the_gateway_is_called_after_commit_outside_any_transaction(personas: Personas, recording: list[bool]) -> None:
    letter = actions.send_letter(personas.officer_a, approved_apology(personas), "sms")
    assert recording == [False]
    assert (letter.status, letter.delivery_status) == (LetterStatus.DELIVERED, DeliveryStatus.DELIVERED)
    (row,) = AuditEntry.objects.filter(object_id=str(letter.pk), action__startswith="letters.deliver")
    assert (row.action, row.actor) == ("letters.delivered", personas.officer_a)


def test_no_gateway_call_when_the_transaction_rolls_back(personas: Personas, recording: list[bool]) -> None:
    letter = approved_apology(personas)
    with pytest.raises(RuntimeError), transaction.atomic():
        actions.send_letter(personas.officer_a, letter, "sms")
        raise RuntimeError("the caller's change fails after the letter was marked sending")
    assert recording == []
    letter.refresh_from_db()
    assert (letter.status, letter.delivery_status, letter.delivery_method) == (LetterStatus.APPROVED, "", "")
    assert not AuditEntry.objects.filter(object_id=str(letter.pk), action__startswith="letters.deliver").exists()


def test_inside_a_longer_transaction_the_letter_is_sending_until_it_commits(
    personas: Personas, recording: list[bool]
) -> None:
    letter = approved_apology(personas)
    with transaction.atomic():
        sending = actions.send_letter(personas.officer_a, letter, "sms")
        assert recording == [] and sending.delivery_status == DeliveryStatus.SENDING
        assert delivery.delivery_status_text(sending) == "Đang gửi SMS"
    assert recording == [False]
    letter.refresh_from_db()
    assert letter.status == LetterStatus.DELIVERED


def test_a_sender_that_raises_is_recorded_as_failed_not_delivered(personas: Personas, recording: list[bool]) -> None:
    letter = actions.send_letter(personas.officer_a, approved_apology(personas), "zalo")
    assert (letter.status, letter.delivery_status) == (LetterStatus.APPROVED, DeliveryStatus.FAILED)
    assert letter.delivered_at is None
    assert letter.delivery_note == (
        "Gửi Zalo không thành công: lỗi hệ thống khi gửi (RuntimeError); báo quản trị hệ thống."
    )
    (row,) = AuditEntry.objects.filter(object_id=str(letter.pk), action__startswith="letters.deliver")
    assert row.action == "letters.delivery_failed"


def test_a_failed_attempt_after_delivery_keeps_the_delivery(personas: Personas, recording: list[bool]) -> None:
    letter = actions.record_delivery(personas.officer_a, approved_apology(personas), "handed")
    letter = actions.send_letter(personas.officer_a, letter, "zalo")
    assert (letter.status, letter.delivery_status, letter.delivery_method) == (
        LetterStatus.DELIVERED,
        DeliveryStatus.DELIVERED,
        DeliveryMethod.HANDED,
    )
    assert AuditEntry.objects.filter(object_id=str(letter.pk), action="letters.delivery_failed").count() == 1


def test_the_delivered_audit_keeps_the_way_it_was_to_be_sent_before(personas: Personas, recording: list[bool]) -> None:
    letter = approved_apology(personas)
    actions.send_letter(personas.officer_a, letter, "zalo")  # fails
    actions.send_letter(personas.officer_a, letter, "sms")
    letter = actions.record_delivery(personas.officer_a, letter, "post")
    delivered = AuditEntry.objects.filter(object_id=str(letter.pk), action="letters.delivered").order_by("pk")
    assert [row.changes["delivery_method"] for row in delivered] == [["zalo", "sms"], ["sms", "post"]]
    first = actions.record_delivery(None, approved_apology(personas, code="H15-2"), "handed")
    (row,) = AuditEntry.objects.filter(object_id=str(first.pk), action="letters.delivered")
    assert row.changes["delivery_method"] == [None, "handed"]
