"""A petition's journey in a real browser: a reception session, a visit whose written petition is received, the
petition opened from the session, classified and accepted, its resolution deadline shown with its explanation,
resolved, and the reply printed (a PDF); the petition page on a 360 px phone has no horizontal scroll."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.conftest import ARTIFACTS, Personas, login
from thanthien.engagement.models import Petition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reception_to_reply(personas: Personas, live_server: object, browser_page: object) -> None:
    page = browser_page
    url = live_server.url  # type: ignore[attr-defined]
    today = timezone.localdate()
    login(page, url, "reception_a")
    # By address, not by the menu: the menu's grouping is the shell's business (tests/core/test_browser_shell.py).
    page.goto(f"{url}/tiep-cong-dan/so/")  # type: ignore[attr-defined]
    page.get_by_label("Ngày tiếp").fill(today.isoformat())  # type: ignore[attr-defined]
    page.get_by_label("Loại buổi tiếp").select_option("periodic")  # type: ignore[attr-defined]
    page.get_by_label("Người tiếp", exact=True).select_option("chairman")  # type: ignore[attr-defined]
    page.get_by_label("Họ tên người tiếp").fill("Trần Văn Dũng")  # type: ignore[attr-defined]
    page.get_by_label("Người đứng đầu trực tiếp tiếp").check()  # type: ignore[attr-defined]
    page.get_by_role("button", name="Ghi sổ").click()  # type: ignore[attr-defined]
    page.get_by_text("Đã ghi sổ buổi tiếp công dân.").wait_for()  # type: ignore[attr-defined]

    page.get_by_label("Họ tên công dân").fill("Nguyễn Thị Mận")  # type: ignore[attr-defined]
    page.get_by_label("Số người").fill("1")  # type: ignore[attr-defined]
    page.get_by_label("Nội dung", exact=True).fill("Khiếu nại quyết định xử phạt hành chính")  # type: ignore[attr-defined]
    page.get_by_label("Phân loại").select_option("complaint")  # type: ignore[attr-defined]
    page.get_by_label("Kết quả tiếp").select_option("petition")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Ghi lượt tiếp").click()  # type: ignore[attr-defined]
    page.get_by_text("Đã tiếp nhận đơn số 1/").wait_for()  # type: ignore[attr-defined]
    petition = Petition.objects.get()
    assert petition.source == "reception"

    page.get_by_role("link", name=f"đơn số {petition.display_number}").click()  # type: ignore[attr-defined]
    page.get_by_role("heading", name=f"Đơn khiếu nại số {petition.display_number}").wait_for()  # type: ignore[attr-defined]
    # Before classification: acceptance within 10 days and the reply after the reception, each explained.
    acceptance = page.get_by_test_id("step-acceptance")  # type: ignore[attr-defined]
    assert "10 ngày lịch kể từ ngày nhận đơn" in acceptance.inner_text()
    assert page.get_by_test_id("step-reply").count() == 1  # type: ignore[attr-defined]

    page.get_by_text("Phân loại, xử lý đơn", exact=True).click()  # type: ignore[attr-defined]
    page.get_by_label("Đủ điều kiện xử lý").select_option("yes")  # type: ignore[attr-defined]
    page.get_by_label("Thuộc thẩm quyền").select_option("yes")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Ghi phân loại, xử lý").click()  # type: ignore[attr-defined]
    page.get_by_text("Đã ghi phân loại, xử lý đơn số").wait_for()  # type: ignore[attr-defined]

    page.get_by_text("Thụ lý đơn", exact=True).click()  # type: ignore[attr-defined]
    page.get_by_role("button", name="Thụ lý", exact=True).click()  # type: ignore[attr-defined]
    page.get_by_text("Đã thụ lý đơn số").wait_for()  # type: ignore[attr-defined]
    resolution = page.get_by_test_id("step-resolution").inner_text()  # type: ignore[attr-defined]
    assert "30 ngày lịch kể từ ngày thụ lý" in resolution and "Hạn giải quyết:" in resolution
    assert "Luật Khiếu nại" in resolution and "Còn " in resolution
    acceptance_now = page.get_by_test_id("step-acceptance").inner_text()  # type: ignore[attr-defined]
    assert f"Đã thực hiện ngày {today:%d/%m/%Y}, đúng hạn" in acceptance_now
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "petition-accepted.png"), full_page=True)  # type: ignore[attr-defined]

    page.get_by_text("Ghi kết quả giải quyết, trả lời", exact=True).click()  # type: ignore[attr-defined]
    page.get_by_role("combobox", name="Kết quả").select_option("unfounded")  # type: ignore[attr-defined]
    page.get_by_label("Số quyết định, văn bản trả lời").fill("15/QĐ-UBND")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Ghi kết quả").click()  # type: ignore[attr-defined]
    page.get_by_text("Đã ghi kết quả giải quyết đơn số").wait_for()  # type: ignore[attr-defined]
    assert page.get_by_test_id("status").inner_text() == "Đã giải quyết"  # type: ignore[attr-defined]

    reply = page.get_by_role("link", name="In thông báo kết quả, trả lời người gửi đơn (PDF)")  # type: ignore[attr-defined]
    response = page.request.get(url + reply.get_attribute("href"))  # type: ignore[attr-defined]
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")

    detail = page.url  # type: ignore[attr-defined]
    # The register, the queue, the limits and the home panel (axe checks each page it opens).
    page.get_by_role("link", name="Về sổ đơn thư").click()  # type: ignore[attr-defined]
    page.get_by_role("link", name=petition.display_number).wait_for()  # type: ignore[attr-defined]
    page.get_by_role("link", name="Đơn đến hạn, quá hạn").click()  # type: ignore[attr-defined]
    page.get_by_text("Không có đơn nào đến hạn hoặc quá hạn.").wait_for()  # type: ignore[attr-defined]
    page.get_by_role("link", name="Sổ đơn thư").click()  # type: ignore[attr-defined]
    page.get_by_role("link", name="Thời hạn xử lý đơn").click()  # type: ignore[attr-defined]
    page.get_by_text("Luật Tố cáo số 25/2018/QH14").first.wait_for()  # type: ignore[attr-defined]
    page.goto(f"{url}/can-bo/")  # type: ignore[attr-defined]
    page.get_by_role("link", name="Đơn quá hạn").wait_for()  # type: ignore[attr-defined]

    page.set_viewport_size({"width": 360, "height": 740})  # type: ignore[attr-defined]
    page.goto(detail)  # type: ignore[attr-defined]
    page.get_by_role("heading", name=f"Đơn khiếu nại số {petition.display_number}").wait_for()  # type: ignore[attr-defined]
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360  # type: ignore[attr-defined]
    page.screenshot(path=str(ARTIFACTS / "petition-360.png"), full_page=True)  # type: ignore[attr-defined]
