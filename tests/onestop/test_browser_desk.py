"""The desk's main journeys in a real browser: intake (the receipt opens for printing) → result ready → returned,
each irreversible step confirmed → the citizen looks the dossier up; and a supplement request with its notice, the
stopped clock and what the citizen is told to bring."""

from __future__ import annotations

import datetime as dt
import io
import unicodedata

import pytest
from django.utils import timezone
from pypdf import PdfReader

from tests.conftest import ARTIFACTS, Personas, assert_accessible, login
from thanthien.onestop import actions
from thanthien.onestop.deadlines import due_for
from thanthien.onestop.models import Dossier, Procedure, Status
from thanthien.workdays.queries import calendar_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def pdf_text(body: bytes) -> str:
    reader = PdfReader(io.BytesIO(body))
    return " ".join(unicodedata.normalize("NFC", " ".join(p.extract_text() for p in reader.pages)).split())


def test_intake_prints_the_receipt_and_final_steps_are_confirmed(
    personas: Personas, live_server: object, browser_page: object
) -> None:
    page = browser_page
    url = live_server.url  # type: ignore[attr-defined]
    login(page, url, "officer_a")
    page.get_by_role("link", name="Tiếp nhận", exact=True).click()  # type: ignore[attr-defined]
    procedure = Procedure.objects.get(code="1.004873")
    # The searchable list: typed without diacritics, the one matching procedure is chosen.
    page.get_by_label("Tìm nhanh theo tên hoặc mã").fill("xac nhan tinh trang hon nhan")  # type: ignore[attr-defined]
    page.get_by_text("đã chọn").wait_for()  # type: ignore[attr-defined]
    assert page.locator("#id_procedure").input_value() == str(procedure.pk)  # type: ignore[attr-defined]
    page.get_by_label("Trực tuyến toàn trình").check()  # type: ignore[attr-defined]
    page.get_by_label("Họ và tên người nộp").fill("Nguyễn Văn Án")  # type: ignore[attr-defined]
    page.get_by_label("Số CCCD").fill("038090001234")  # type: ignore[attr-defined]
    page.get_by_label("Số điện thoại").fill("0912 345 678")  # type: ignore[attr-defined]
    moment = timezone.localtime().replace(second=0, microsecond=0) - dt.timedelta(days=1)
    due = timezone.localtime(due_for(procedure, calendar_for(personas.commune_a), moment).due)
    page.get_by_label("Thời điểm tiếp nhận").fill(f"{moment:%d/%m/%Y %H:%M}")  # type: ignore[attr-defined]
    page.get_by_label("Thời điểm tiếp nhận").blur()  # type: ignore[attr-defined]
    page.get_by_test_id("due-preview").filter(has_text=f"{due:%d/%m/%Y}").wait_for()  # type: ignore[attr-defined]
    assert_accessible(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "desk-intake.png"), full_page=True)  # type: ignore[attr-defined]

    with page.expect_response(lambda r: "giay-hen.pdf" in r.url) as receipt_info:  # type: ignore[attr-defined]
        page.get_by_role("button", name="Tiếp nhận và in giấy hẹn").click()  # type: ignore[attr-defined]

    # Item 12: the dossier page opens with the receipt in a frame that asks the viewer to print it.
    code = page.get_by_test_id("dossier-code").inner_text()  # type: ignore[attr-defined]
    dossier = Dossier.objects.get(code=code)
    assert page.url.endswith(f"/mot-cua/ho-so/{code}/?in-giay-hen=1")  # type: ignore[attr-defined]
    assert page.get_by_test_id("due-at").inner_text() == f"{due:%H:%M %d/%m/%Y}"  # type: ignore[attr-defined]
    frame = page.get_by_title(f"Giấy hẹn trả kết quả của hồ sơ {code}")  # type: ignore[attr-defined]
    assert frame.get_attribute("src") == f"/mot-cua/ho-so/{code}/giay-hen.pdf?in-giay-hen=1"
    receipt = receipt_info.value
    assert receipt.ok and receipt.headers["content-type"] == "application/pdf"
    assert receipt.headers["x-frame-options"] == "SAMEORIGIN"
    # The frame's own bytes go to the PDF viewer; the same URL fetched again is read here.
    body = page.request.get(url + frame.get_attribute("src")).body()  # type: ignore[attr-defined]
    root = PdfReader(io.BytesIO(body)).trailer["/Root"]
    assert "this.print(" in root["/OpenAction"]["/JS"]
    text = pdf_text(body)
    assert code in text and dossier.pin in text and f"{due:%d/%m/%Y}" in text
    page.screenshot(path=str(ARTIFACTS / "desk-receipt-printing.png"), full_page=True)  # type: ignore[attr-defined]

    # Item 11: "Đã có kết quả" asks first; going back changes nothing. (Pressed from the keyboard here: headless
    # Chromium's PDF frame swallows the scroll a mouse click needs on this long page.)
    page.get_by_role("button", name="Đã có kết quả").focus()  # type: ignore[attr-defined]
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    page.get_by_role("heading", name="Xác nhận: Đã có kết quả").wait_for()  # type: ignore[attr-defined]
    assert_accessible(page)
    page.get_by_role("link", name="Quay lại, chưa chuyển").click()  # type: ignore[attr-defined]
    page.get_by_test_id("status").filter(has_text="Được tiếp nhận").wait_for()  # type: ignore[attr-defined]
    assert frame.count() == 0  # back on the dossier, the receipt does not print a second time
    dossier.refresh_from_db()
    assert dossier.status == Status.ACCEPTED
    page.get_by_role("button", name="Đã có kết quả").click()  # type: ignore[attr-defined]
    page.get_by_role("button", name="Xác nhận: Đã có kết quả").click()  # type: ignore[attr-defined]
    page.get_by_test_id("status").filter(has_text="Đã xử lý xong").wait_for()  # type: ignore[attr-defined]
    page.get_by_role("button", name="Đã trả kết quả").click()  # type: ignore[attr-defined]
    page.get_by_role("button", name="Xác nhận: Đã trả kết quả").click()  # type: ignore[attr-defined]
    page.get_by_test_id("status").filter(has_text="Đã trả kết quả").wait_for()  # type: ignore[attr-defined]
    page.screenshot(path=str(ARTIFACTS / "desk-returned.png"), full_page=True)  # type: ignore[attr-defined]
    dossier.refresh_from_db()
    assert dossier.status == Status.RETURNED

    page.get_by_role("button", name="Đăng xuất").click()  # type: ignore[attr-defined]
    page.goto(f"{url}/tra-cuu/")  # type: ignore[attr-defined]
    page.get_by_label("Mã hồ sơ").fill(code)  # type: ignore[attr-defined]
    page.get_by_label("Mã tra cứu").fill(dossier.pin.lower())  # type: ignore[attr-defined]
    page.get_by_role("button", name="Tra cứu").click()  # type: ignore[attr-defined]
    body_html = page.content()  # type: ignore[attr-defined]
    assert "Nguyễn V. Á." in body_html
    assert "Nguyễn Văn Án" not in body_html and "038090001234" not in body_html and "0912345678" not in body_html
    page.screenshot(path=str(ARTIFACTS / "public-lookup.png"), full_page=True)  # type: ignore[attr-defined]


def test_a_supplement_request_prints_its_notice_and_the_citizen_sees_what_to_bring(
    personas: Personas, live_server: object, browser_page: object
) -> None:
    page = browser_page
    url = live_server.url  # type: ignore[attr-defined]
    actions.save_desk_setting(
        None, personas.commune_a, phone="0237 3868 123", opening_hours="Sáng 7 giờ 30 – 11 giờ 30"
    )
    dossier = actions.receive_dossier(
        personas.officer_a,
        personas.commune_a,
        Procedure.objects.get(code="1.004873"),
        actions.Applicant(name="Trần Thị Bích", phone="0987654321"),
    )
    login(page, url, "officer_a")
    page.goto(f"{url}/mot-cua/ho-so/{dossier.code}/")  # type: ignore[attr-defined]
    page.get_by_label("Ghi chú / lý do").fill(  # type: ignore[attr-defined]
        "Bản sao giấy chứng nhận kết hôn\nGiấy xác nhận nơi cư trú"
    )
    page.get_by_role("button", name="Yêu cầu bổ sung").click()  # type: ignore[attr-defined]
    due = page.get_by_test_id("due-at")  # type: ignore[attr-defined]
    due.filter(has_text="Tạm dừng tính thời gian").wait_for()
    assert "không còn áp dụng" in due.inner_text()
    assert "Giấy xác nhận nơi cư trú" in page.get_by_test_id("supplement-items").inner_text()  # type: ignore[attr-defined]
    assert_accessible(page)
    page.screenshot(path=str(ARTIFACTS / "desk-supplement.png"), full_page=True)  # type: ignore[attr-defined]
    link = page.get_by_role("link", name="In phiếu yêu cầu bổ sung hồ sơ")  # type: ignore[attr-defined]
    notice = page.request.get(url + link.get_attribute("href"))  # type: ignore[attr-defined]
    assert notice.headers["content-type"] == "application/pdf"
    text = pdf_text(notice.body())
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in text
    assert "1. Bản sao giấy chứng nhận kết hôn" in text and "0237 3868 123" in text

    page.get_by_role("button", name="Đăng xuất").click()  # type: ignore[attr-defined]
    page.goto(f"{url}/tra-cuu/?ma={dossier.code}&pin={dossier.pin}")  # type: ignore[attr-defined]
    told = page.get_by_test_id("supplement").inner_text()  # type: ignore[attr-defined]
    assert "Bản sao giấy chứng nhận kết hôn" in told and "Giấy xác nhận nơi cư trú" in told
    assert "0237 3868 123" in page.get_by_test_id("desk-contact").inner_text()  # type: ignore[attr-defined]
    page.screenshot(path=str(ARTIFACTS / "public-lookup-supplement.png"), full_page=True)  # type: ignore[attr-defined]


def test_desk_settings_keep_the_contact_and_refuse_an_empty_procedure_list(
    personas: Personas, live_server: object, browser_page: object
) -> None:
    page = browser_page
    url = live_server.url  # type: ignore[attr-defined]
    login(page, url, "admin_a")
    page.goto(f"{url}/mot-cua/thiet-lap/")  # type: ignore[attr-defined]
    expected = f"X16012-{timezone.localdate():%y%m%d}-0001"
    assert expected in page.get_by_text("hồ sơ đầu tiên nhận hôm nay").inner_text()  # type: ignore[attr-defined]
    page.get_by_label("Số điện thoại Bộ phận Một cửa").fill("0237 3868 123")  # type: ignore[attr-defined]
    page.get_by_label("Chỉ dùng các thủ tục được chọn").check()  # type: ignore[attr-defined]
    page.get_by_role("button", name="Lưu thiết lập").click()  # type: ignore[attr-defined]
    page.get_by_role("alert").filter(has_text="Chọn ít nhất một thủ tục").wait_for()  # type: ignore[attr-defined]
    assert_accessible(page)
    assert not actions.DeskSetting.objects.exists()
    page.get_by_label("Chỉ dùng các thủ tục được chọn").uncheck()  # type: ignore[attr-defined]
    page.get_by_role("button", name="Lưu thiết lập").click()  # type: ignore[attr-defined]
    page.get_by_text("Đã lưu thiết lập Bộ phận Một cửa.").wait_for()  # type: ignore[attr-defined]
    assert actions.desk_setting(personas.commune_a).phone == "0237 3868 123"
    page.screenshot(path=str(ARTIFACTS / "desk-settings.png"), full_page=True)  # type: ignore[attr-defined]
