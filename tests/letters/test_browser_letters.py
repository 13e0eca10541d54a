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
from thanthien.letters.models import Letter, LetterStatus
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
