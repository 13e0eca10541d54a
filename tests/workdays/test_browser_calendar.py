"""A commune administrator adds a storm day off: the page first shows which open dossiers would move and by
how much, nothing is saved until confirmed, then lists them with their receipts to reprint (issue 7 item 13)."""

from __future__ import annotations

import pytest

from tests.conftest import ARTIFACTS, Personas, login
from tests.onestop.factories import make_dossier, vn
from thanthien.workdays.models import CalendarException

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_storm_day_shows_the_moves_before_and_the_reprints_after(
    personas: Personas, live_server: object, browser_page: object
) -> None:
    page = browser_page
    url = live_server.url  # type: ignore[attr-defined]
    received, due = vn(2030, 10, 7, 9, 0), vn(2030, 10, 10, 9, 0)
    dossier = make_dossier(personas.commune_a, "1.004873", received_at=received, due_at=due)
    login(page, url, "admin_a")
    page.goto(f"{url}/lich-lam-viec/?unit=X16012&year=2030")  # type: ignore[attr-defined]
    page.get_by_label("Ngày", exact=True).fill("08/10/2030")  # type: ignore[attr-defined]
    page.get_by_label("Lý do").fill("Bão số 3")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Thêm vào lịch").click()  # type: ignore[attr-defined]

    page.get_by_role("heading", name="Xác nhận thay đổi lịch làm việc – Xã Hoằng Hợp").wait_for()  # type: ignore[attr-defined]
    moves = page.get_by_test_id("moves")  # type: ignore[attr-defined]
    row = moves.get_by_role("row").filter(has_text=dossier.code)
    assert "09:00 10/10/2030" in row.inner_text() and "09:00 11/10/2030" in row.inner_text()
    assert "+1 ngày làm việc" in row.inner_text()
    assert not CalendarException.objects.exists()
    dossier.refresh_from_db()
    assert dossier.due_at == vn(2030, 10, 10, 9, 0)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "calendar-change-preview.png"), full_page=True)  # type: ignore[attr-defined]

    page.get_by_role("button", name="Lưu thay đổi và tính lại hạn trả").click()  # type: ignore[attr-defined]
    page.get_by_role("heading", name="Hồ sơ đổi hạn trả do thay đổi lịch làm việc").wait_for()  # type: ignore[attr-defined]
    assert page.get_by_test_id("move-count").inner_text() == "1"  # type: ignore[attr-defined]
    dossier.refresh_from_db()
    assert dossier.due_at == vn(2030, 10, 11, 9, 0)
    reprint = page.get_by_role("link", name=f"In lại giấy hẹn hồ sơ {dossier.code}")  # type: ignore[attr-defined]
    assert reprint.get_attribute("href") == f"/mot-cua/ho-so/{dossier.code}/giay-hen.pdf"
    batch = page.get_by_role("link", name="In lại tất cả giấy hẹn (1)")  # type: ignore[attr-defined]
    pdf = page.request.get(url + batch.get_attribute("href"))  # type: ignore[attr-defined]
    assert pdf.headers["content-type"] == "application/pdf"
    page.screenshot(path=str(ARTIFACTS / "calendar-change-saved.png"), full_page=True)  # type: ignore[attr-defined]

    page.get_by_role("link", name="« Về lịch làm việc").click()  # type: ignore[attr-defined]
    page.get_by_role("link", name="xem 1 hồ sơ đổi hạn và in lại giấy hẹn").wait_for()  # type: ignore[attr-defined]
