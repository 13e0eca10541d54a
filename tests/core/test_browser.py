"""The newcomer's journey in a real browser: the public home, an official logs in, sees the Vietnamese
home page, opens the calendar and computes a due date over Tết."""

from __future__ import annotations

import pytest

from tests.conftest import ARTIFACTS, Personas, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_login_home_and_calendar(personas: Personas, live_server: object, browser_page: object) -> None:
    page = browser_page
    url = live_server.url  # type: ignore[attr-defined]
    page.goto(url + "/")  # type: ignore[attr-defined]
    assert "Chính quyền thân thiện" in page.content()  # type: ignore[attr-defined]

    login(page, url, "officer_a")
    page.get_by_role("heading", name="Xin chào, Lê Thị Hoa").wait_for()  # type: ignore[attr-defined]
    assert page.get_by_test_id("current-unit").inner_text() == "Xã Hoằng Hợp"  # type: ignore[attr-defined]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "home.png"), full_page=True)  # type: ignore[attr-defined]

    page.get_by_role("link", name="Lịch làm việc").click()  # type: ignore[attr-defined]
    page.get_by_label("Thời điểm nhận").fill("07/02/2024 10:00")  # type: ignore[attr-defined]
    page.get_by_label("Thời hạn").fill("3")  # type: ignore[attr-defined]
    page.get_by_label("Tính theo").select_option("days")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Tính hạn").click()  # type: ignore[attr-defined]
    result = page.get_by_test_id("due-result").inner_text()  # type: ignore[attr-defined]
    assert "Hạn trả kết quả: 10:00 Thứ Hai 19/02/2024" in result
    assert "Tết Nguyên Đán" in result
    page.screenshot(path=str(ARTIFACTS / "calendar.png"), full_page=True)  # type: ignore[attr-defined]

    page.get_by_role("button", name="Đăng xuất").click()  # type: ignore[attr-defined]
    page.get_by_text("Bạn đã đăng xuất.").wait_for()  # type: ignore[attr-defined]


def test_a_tablet_sees_the_collapsed_menu(personas: Personas, live_server: object, browser_page: object) -> None:
    page = browser_page
    page.set_viewport_size({"width": 768, "height": 1024})  # type: ignore[attr-defined]
    login(page, live_server.url, "admin_a")  # type: ignore[attr-defined]
    page.get_by_role("heading", name="Xin chào, Đỗ Minh Đức").wait_for()  # type: ignore[attr-defined]
    page.get_by_role("button", name="Mở/đóng menu").click()  # type: ignore[attr-defined]
    # Bootstrap animates the menu open; a click while it is still "collapsing" can land outside the link.
    page.locator("#staff-nav.show:not(.collapsing)").wait_for()  # type: ignore[attr-defined]
    page.get_by_role("link", name="Nhật ký", exact=True).click()  # type: ignore[attr-defined]
    page.get_by_role("heading", name="Nhật ký thao tác").wait_for()  # type: ignore[attr-defined]
    page.screenshot(path=str(ARTIFACTS / "tablet-audit.png"), full_page=True)  # type: ignore[attr-defined]
