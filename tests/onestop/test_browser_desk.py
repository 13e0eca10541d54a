"""The desk's main journey in a real browser: intake → receipt PDF → result ready → returned → the
citizen looks the dossier up with the code and PIN printed on the receipt."""

from __future__ import annotations

import io
import unicodedata

import pytest
from pypdf import PdfReader

from tests.conftest import ARTIFACTS, Personas, login
from thanthien.onestop.models import Dossier, Procedure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_intake_receipt_return_and_public_lookup(personas: Personas, live_server: object, browser_page: object) -> None:
    page = browser_page
    url = live_server.url  # type: ignore[attr-defined]
    login(page, url, "officer_a")
    page.get_by_role("link", name="Tiếp nhận", exact=True).click()  # type: ignore[attr-defined]
    procedure = Procedure.objects.get(code="1.004873")
    page.get_by_label("Thủ tục").select_option(str(procedure.pk))  # type: ignore[attr-defined]
    page.get_by_label("Trực tuyến toàn trình").check()  # type: ignore[attr-defined]
    page.get_by_label("Họ và tên người nộp").fill("Nguyễn Văn Án")  # type: ignore[attr-defined]
    page.get_by_label("Số CCCD").fill("038090001234")  # type: ignore[attr-defined]
    page.get_by_label("Số điện thoại").fill("0912 345 678")  # type: ignore[attr-defined]
    page.get_by_label("Thời điểm tiếp nhận").fill("07/02/2024 10:00")  # type: ignore[attr-defined]
    page.get_by_label("Thời điểm tiếp nhận").blur()  # type: ignore[attr-defined]
    page.get_by_test_id("due-preview").filter(has_text="19/02/2024").wait_for()  # type: ignore[attr-defined]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "desk-intake.png"), full_page=True)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Tiếp nhận và in giấy hẹn").click()  # type: ignore[attr-defined]

    code = page.get_by_test_id("dossier-code").inner_text()  # type: ignore[attr-defined]
    assert page.get_by_test_id("due-at").inner_text() == "10:00 19/02/2024"  # type: ignore[attr-defined]
    dossier = Dossier.objects.get(code=code)

    receipt = page.request.get(f"{url}/mot-cua/ho-so/{code}/giay-hen.pdf")  # type: ignore[attr-defined]
    assert receipt.headers["content-type"] == "application/pdf"
    text = unicodedata.normalize("NFC", PdfReader(io.BytesIO(receipt.body())).pages[0].extract_text())
    assert code in text and dossier.pin in text and "19/02/2024" in text

    page.get_by_role("button", name="Đã có kết quả").click()  # type: ignore[attr-defined]
    page.get_by_text("Đã xử lý xong").first.wait_for()  # type: ignore[attr-defined]
    page.get_by_role("button", name="Đã trả kết quả").click()  # type: ignore[attr-defined]
    page.get_by_test_id("status").filter(has_text="Đã trả kết quả").wait_for()  # type: ignore[attr-defined]
    page.screenshot(path=str(ARTIFACTS / "desk-returned.png"), full_page=True)  # type: ignore[attr-defined]

    page.get_by_role("button", name="Đăng xuất").click()  # type: ignore[attr-defined]
    page.goto(f"{url}/tra-cuu/")  # type: ignore[attr-defined]
    page.get_by_label("Mã hồ sơ").fill(code)  # type: ignore[attr-defined]
    page.get_by_label("Mã tra cứu").fill(dossier.pin.lower())  # type: ignore[attr-defined]
    page.get_by_role("button", name="Tra cứu").click()  # type: ignore[attr-defined]
    body = page.content()  # type: ignore[attr-defined]
    assert "Nguyễn V. Á." in body
    assert "Nguyễn Văn Án" not in body and "038090001234" not in body and "0912345678" not in body
    page.screenshot(path=str(ARTIFACTS / "public-lookup.png"), full_page=True)  # type: ignore[attr-defined]
