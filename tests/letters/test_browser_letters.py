"""A letter's whole life in a real browser: owed (the sweep drafts an apology for an overdue dossier) →
the leader writes the reason and the new appointment → approves and signs → prints → records delivery."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata

import pytest
from django.utils import timezone
from pypdf import PdfReader

from tests.conftest import ARTIFACTS, Personas, login
from tests.onestop.factories import make_dossier
from thanthien.letters.actions import sweep
from thanthien.letters.models import Letter, LetterStatus, LetterTemplate
from thanthien.onestop.models import Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_from_owed_to_approved_printed_and_delivered(
    personas: Personas, live_server: object, browser_page: object
) -> None:
    now = timezone.now()
    make_dossier(
        personas.commune_a,
        received_at=now - dt.timedelta(days=6),
        due_at=now - dt.timedelta(days=1),
        status=Status.PROCESSING,
        applicant_name="Trần Thị Bình",
    )
    assert sweep() == 1
    page = browser_page
    url = live_server.url  # type: ignore[attr-defined]
    login(page, url, "leader_a")
    page.get_by_role("link", name="Thư gửi công dân").click()  # type: ignore[attr-defined]
    page.get_by_role("link", name="Ông/Bà Trần Thị Bình").click()  # type: ignore[attr-defined]

    page.get_by_role("button", name="Duyệt và ký").click()  # type: ignore[attr-defined]
    page.get_by_text("Thư xin lỗi cần ghi rõ lý do chậm trả kết quả.").first.wait_for()  # type: ignore[attr-defined]

    page.get_by_label("Lý do chậm trả kết quả").fill("hồ sơ cần xác minh thêm tại Sở Tư pháp")  # type: ignore[attr-defined]
    appointment = timezone.localtime(now + dt.timedelta(days=3)).strftime("%d/%m/%Y 16:00")
    page.get_by_label("Hẹn trả kết quả mới").fill(appointment)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Lưu dự thảo").click()  # type: ignore[attr-defined]
    page.get_by_role("button", name="Duyệt và ký").click()  # type: ignore[attr-defined]
    page.get_by_role("button", name="Xác nhận duyệt và ký").click()  # type: ignore[attr-defined]
    number = page.get_by_test_id("letter-number").inner_text()  # type: ignore[attr-defined]
    assert number == "1/TXL-UBND"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "letter-approved.png"), full_page=True)  # type: ignore[attr-defined]

    letter = Letter.objects.get()
    pdf = page.request.get(f"{url}/thu/{letter.pk}/in.pdf")  # type: ignore[attr-defined]
    assert pdf.headers["content-type"] == "application/pdf"
    text = unicodedata.normalize("NFC", PdfReader(io.BytesIO(pdf.body())).pages[0].extract_text())
    assert "THƯ XIN LỖI" in text and "Trần Thị Bình" in text and "1/TXL-UBND" in text
    assert "hồ sơ cần xác minh thêm tại Sở Tư pháp" in text

    page.get_by_label("Cách gửi").select_option("handed")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Ghi nhận / gửi").click()  # type: ignore[attr-defined]
    page.get_by_text("Đã trao tận tay").first.wait_for()  # type: ignore[attr-defined]
    letter.refresh_from_db()
    assert letter.status == LetterStatus.DELIVERED and letter.delivery_method == "handed"
    page.screenshot(path=str(ARTIFACTS / "letter-delivered.png"), full_page=True)  # type: ignore[attr-defined]


def test_approving_signs_what_is_on_the_screen_after_confirming(
    personas: Personas, live_server: object, browser_page: object
) -> None:
    """Issue 7, item 5: the reason typed just before "Duyệt và ký" is not lost; the suggested new appointment
    counts; a confirmation page shows the text before the number is given."""
    now = timezone.now()
    make_dossier(
        personas.commune_a,
        received_at=now - dt.timedelta(days=6),
        due_at=now - dt.timedelta(days=1),
        status=Status.PROCESSING,
        applicant_name="Lê Văn Cường",
    )
    assert sweep() == 1
    page = browser_page
    url = live_server.url  # type: ignore[attr-defined]
    login(page, url, "leader_a")
    letter = Letter.objects.get()
    page.goto(f"{url}/thu/{letter.pk}/")  # type: ignore[attr-defined]
    assert page.get_by_label("Hẹn trả kết quả mới").input_value()  # type: ignore[attr-defined]
    page.get_by_label("Lý do chậm trả kết quả").fill("phải lấy ý kiến của Phòng Tài nguyên và Môi trường")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Duyệt và ký").click()  # type: ignore[attr-defined]
    confirm = page.get_by_test_id("confirm-text")  # type: ignore[attr-defined]
    confirm.wait_for()
    assert "phải lấy ý kiến của Phòng Tài nguyên và Môi trường" in confirm.inner_text()
    assert "cần có ngày hẹn trả kết quả mới" not in page.content()  # type: ignore[attr-defined]
    letter.refresh_from_db()
    assert letter.status == LetterStatus.DRAFT  # nothing signed before confirming
    page.get_by_role("button", name="Xác nhận duyệt và ký").click()  # type: ignore[attr-defined]
    assert page.get_by_test_id("letter-number").inner_text() == "1/TXL-UBND"  # type: ignore[attr-defined]
    letter.refresh_from_db()
    assert letter.status == LetterStatus.APPROVED
    assert letter.reason == "phải lấy ý kiến của Phòng Tài nguyên và Môi trường" and letter.new_appointment_at
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "letter-approved-on-screen.png"), full_page=True)  # type: ignore[attr-defined]


def test_the_template_editor_with_named_fields(personas: Personas, live_server: object, browser_page: object) -> None:
    """Issue 7, item 9: fields are named chips inserted at the cursor, errors are Vietnamese with the line, the
    raw view is one click away."""
    page = browser_page
    url = live_server.url  # type: ignore[attr-defined]
    login(page, url, "admin_a")
    page.goto(f"{url}/thu/mau/thanks/")  # type: ignore[attr-defined]
    body = page.get_by_label("Nội dung thư")  # type: ignore[attr-defined]
    assert "«Họ tên người nhận»" in body.input_value() and "{{" not in body.input_value()
    body.fill("Kính gửi ")
    body.press("End")
    page.get_by_role("button", name="Chèn họ tên người nhận", exact=False).click()  # type: ignore[attr-defined]
    assert body.input_value() == "Kính gửi «Họ tên người nhận»"
    page.get_by_test_id("preview").get_by_text("Kính gửi Phạm Thị Hương").wait_for()  # type: ignore[attr-defined]
    body.fill("Dòng đầu\n«Nếu có Người bạn đời» chưa đóng")
    error = page.get_by_test_id("preview-error")  # type: ignore[attr-defined]
    error.wait_for()
    assert "Dòng 2:" in error.inner_text() and "Hết điều kiện" in error.inner_text()
    body.fill("Trân trọng cảm ơn «Danh xưng» «Họ tên người nhận».")
    page.get_by_role("button", name="Lưu mẫu").click()  # type: ignore[attr-defined]
    page.get_by_text("Đã lưu mẫu thư cảm ơn").wait_for()  # type: ignore[attr-defined]
    saved = LetterTemplate.objects.get(unit=personas.commune_a, kind="thanks")
    assert saved.body == "Trân trọng cảm ơn {{ honorific }} {{ recipient_name }}."
    page.goto(f"{url}/thu/mau/thanks/")  # type: ignore[attr-defined]
    page.get_by_test_id("switch-view").click()  # type: ignore[attr-defined]
    assert page.get_by_label("Nội dung thư").input_value() == saved.body  # type: ignore[attr-defined]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "letter-template-raw.png"), full_page=True)  # type: ignore[attr-defined]
