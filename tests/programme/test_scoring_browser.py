"""Criteria scoring in a browser (issue 11, "Done means"): a commune self-scores with evidence and the computed
indicators beside; the supervisor verifies, sends one criterion back with a reason; the commune resubmits; the
supervisor publishes; the classification shows. Every page passes axe-core (browser_page)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from tests.conftest import Personas, assert_accessible, login
from thanthien.engagement.dialogues import Dialogue
from thanthien.programme.actions_scoring import citation
from thanthien.programme.models import DocumentKind, IssuedDocument, Issuer, Scoring, ScoringStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

YEAR = timezone.localdate().year - 1
# TC1.1 … TC5.2 (the default set's sub-criteria) and the commune's self-score of each.
SELF = {
    "TC1.1": "9",
    "TC1.2": "6",
    "TC1.3": "4",
    "TC2.1": "11,5",
    "TC2.2": "7",
    "TC2.3": "6",
    "TC3.1": "10",
    "TC3.2": "5",
    "TC3.3": "5",
    "TC4.1": "5",
    "TC4.2": "4",
    "TC4.3": "5",
    "TC5.1": "10",
    "TC5.2": "8",
}


def _switch(page: object, url: str, username: str) -> None:
    page.context.clear_cookies()  # type: ignore[attr-defined]
    login(page, url, username)


def test_self_score_verify_return_resubmit_publish(
    personas: Personas, live_server: object, browser_page: object
) -> None:
    page: object = browser_page
    url = live_server.url  # type: ignore[attr-defined]
    plan = IssuedDocument.objects.create(
        unit=personas.commune_a,
        kind=DocumentKind.PLAN,
        number="20/KH-UBND",
        issued_on=dt.date(YEAR, 4, 20),
        issuer=Issuer.PEOPLES_COMMITTEE,
        summary="Xây dựng mô hình Chính quyền thân thiện",
    )
    for day in (dt.date(YEAR, 3, 5), dt.date(YEAR, 6, 5), dt.date(YEAR, 10, 5)):
        Dialogue.objects.create(unit=personas.commune_a, held_on=day, topic="Đất đai", chaired_by="Chủ tịch UBND")

    # The commune starts the year and self-scores, with evidence, the indicators beside.
    login(page, url, "leader_a")
    page.goto(f"{url}/mo-hinh/cham-diem/")  # type: ignore[attr-defined]
    page.get_by_label(re.compile("Năm chấm điểm")).select_option(str(YEAR))  # type: ignore[attr-defined]
    page.get_by_role("button", name="+ Bắt đầu tự chấm điểm").click()  # type: ignore[attr-defined]
    page.get_by_role("heading", name=f"Tự chấm điểm năm {YEAR} – Xã Hoằng Hợp").wait_for()  # type: ignore[attr-defined]
    indicators = page.get_by_test_id("indicators-TC4")  # type: ignore[attr-defined]
    assert "Số cuộc đối thoại: 3" in indicators.inner_text()
    assert "Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn" in page.get_by_test_id("indicators-TC2").inner_text()  # type: ignore[attr-defined]
    for code, value in SELF.items():
        page.get_by_label(re.compile(rf"^Điểm tự chấm {re.escape(code)} ")).fill(value)  # type: ignore[attr-defined]
    page.get_by_label("Giải trình TC2.1").fill("Tỷ lệ hồ sơ đúng hạn 98 %")  # type: ignore[attr-defined]
    page.get_by_label("Văn bản minh chứng cho TC1").select_option(label=citation(plan))  # type: ignore[attr-defined]
    # Above the maximum: refused beside the field.
    page.get_by_label(re.compile(r"^Điểm tự chấm TC4\.2 ")).fill("6")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Lưu và gửi cấp trên").click()  # type: ignore[attr-defined]
    page.get_by_text("Điểm tự chấm của TC4.2 phải từ 0 đến 5 (đã nhập 6).").wait_for()  # type: ignore[attr-defined]
    assert_accessible(page)
    page.get_by_label(re.compile(r"^Điểm tự chấm TC4\.2 ")).fill("4")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Lưu và gửi cấp trên").click()  # type: ignore[attr-defined]
    page.get_by_text("Đã gửi kết quả tự chấm điểm").wait_for()  # type: ignore[attr-defined]
    assert page.get_by_test_id("self-total").inner_text().startswith("95,5")  # type: ignore[attr-defined]
    assert "20/KH-UBND" in page.get_by_role("table").inner_text()  # type: ignore[attr-defined]
    scoring = Scoring.objects.get(unit=personas.commune_a, year=YEAR)
    assert scoring.status == ScoringStatus.SUBMITTED

    # The supervisor verifies and sends TC2 back with a reason.
    _switch(page, url, "supervisor")
    page.goto(f"{url}/mo-hinh/cham-diem/{scoring.pk}/")  # type: ignore[attr-defined]
    page.get_by_role("link", name="Chấm điểm thẩm định").click()  # type: ignore[attr-defined]
    page.get_by_label(re.compile(r"^Điểm thẩm định TC2\.1 ")).fill("10")  # type: ignore[attr-defined]
    page.get_by_label("Nhận xét TC2.1").fill("Còn 4 hồ sơ trễ hẹn chưa có thư xin lỗi")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Lưu", exact=True).click()  # type: ignore[attr-defined]
    page.get_by_text("Đã lưu điểm thẩm định.").wait_for()  # type: ignore[attr-defined]
    page.get_by_label("Trả lại", exact=True).select_option(label="Tiêu chí TC2. Cải cách hành chính")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Trả lại", exact=True).click()  # type: ignore[attr-defined]
    page.get_by_text("Vui lòng nêu lý do trả lại").wait_for()  # type: ignore[attr-defined]
    page.get_by_label("Trả lại", exact=True).select_option(label="Tiêu chí TC2. Cải cách hành chính")  # type: ignore[attr-defined]
    page.get_by_label("Lý do trả lại").fill("Bổ sung danh sách thư xin lỗi đã gửi")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Trả lại", exact=True).click()  # type: ignore[attr-defined]
    page.get_by_text("Đã trả lại để xã bổ sung, sửa.").wait_for()  # type: ignore[attr-defined]
    assert page.get_by_test_id("status").inner_text() == "Cấp trên trả lại"  # type: ignore[attr-defined]

    # The commune sees the reason, reworks TC2 only and resubmits.
    _switch(page, url, "leader_a")
    page.goto(f"{url}/mo-hinh/cham-diem/{scoring.pk}/")  # type: ignore[attr-defined]
    page.get_by_text("Bổ sung danh sách thư xin lỗi đã gửi").first.wait_for()  # type: ignore[attr-defined]
    page.get_by_role("link", name="Tự chấm điểm, minh chứng").click()  # type: ignore[attr-defined]
    assert page.get_by_label(re.compile(r"^Điểm tự chấm TC1\.1 ")).is_disabled()  # type: ignore[attr-defined]
    page.get_by_label(re.compile(r"^Điểm tự chấm TC2\.1 ")).fill("10")  # type: ignore[attr-defined]
    page.get_by_label("Giải trình TC2.1").fill("Đã gửi đủ thư xin lỗi (danh sách kèm theo)")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Lưu và gửi cấp trên").click()  # type: ignore[attr-defined]
    page.get_by_text("Đã gửi kết quả tự chấm điểm").wait_for()  # type: ignore[attr-defined]

    # The supervisor confirms and publishes; the class shows.
    _switch(page, url, "supervisor")
    page.goto(f"{url}/mo-hinh/cham-diem/{scoring.pk}/tham-dinh/")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Lưu và xác nhận thẩm định").click()  # type: ignore[attr-defined]
    page.get_by_text("Đã xác nhận thẩm định: 94 điểm, xếp loại Tốt.").wait_for()  # type: ignore[attr-defined]
    page.get_by_role("button", name="Công bố kết quả").click()  # type: ignore[attr-defined]
    page.get_by_text(f"Đã công bố kết quả năm {YEAR}: xếp loại Tốt.").wait_for()  # type: ignore[attr-defined]
    assert page.get_by_test_id("score-class").inner_text() == "Tốt"  # type: ignore[attr-defined]
    assert page.get_by_role("link", name="Chấm điểm thẩm định").count() == 0  # type: ignore[attr-defined]
    page.goto(f"{url}/mo-hinh/cham-diem/")  # type: ignore[attr-defined]
    assert "Tốt" in page.get_by_role("table").inner_text()  # type: ignore[attr-defined]
    scoring.refresh_from_db()
    assert scoring.status == ScoringStatus.PUBLISHED and scoring.score_class == "tot"


def test_supervisor_makes_a_new_version_of_the_criteria(
    personas: Personas, live_server: object, browser_page: object
) -> None:
    page: object = browser_page
    url = live_server.url  # type: ignore[attr-defined]
    login(page, url, "supervisor")
    page.goto(f"{url}/mo-hinh/bo-tieu-chi/")  # type: ignore[attr-defined]
    page.get_by_role("link", name=re.compile("Bộ tiêu chí mô hình")).click()  # type: ignore[attr-defined]
    page.get_by_role("heading", name=re.compile("phiên bản 1")).wait_for()  # type: ignore[attr-defined]
    assert "TC5" in page.get_by_role("table").inner_text()  # type: ignore[attr-defined]
    page.get_by_role("button", name="Tạo phiên bản mới từ phiên bản này").click()  # type: ignore[attr-defined]
    page.get_by_role("heading", name=re.compile("phiên bản 2")).wait_for()  # type: ignore[attr-defined]
    page.get_by_label("Ngưỡng loại Tốt").fill("85")  # type: ignore[attr-defined]
    page.get_by_label("Điểm tối đa TC1.1").fill("8")  # type: ignore[attr-defined]
    page.get_by_label("Điểm tối đa TC1.2").fill("8")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Lưu").click()  # type: ignore[attr-defined]
    page.get_by_text("Đã lưu bộ tiêu chí.").wait_for()  # type: ignore[attr-defined]
    assert "Tốt từ 85" in page.locator("dl").inner_text()  # type: ignore[attr-defined]
    row = page.get_by_role("row", name=re.compile("^TC1 "))  # type: ignore[attr-defined]
    assert "20" in row.inner_text()
