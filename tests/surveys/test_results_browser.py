"""The results page, a figure's list of forms and back, in a browser: every page passes axe-core (browser_page)."""

from __future__ import annotations

import pytest

from tests.conftest import Personas, assert_accessible, login

from .test_results import PERIOD, made  # noqa: F401 — the forms of the results tests

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_figure_opens_its_forms(personas: Personas, made, live_server: object, browser_page: object) -> None:  # noqa: F811
    page: object = browser_page
    url = live_server.url  # type: ignore[attr-defined]
    login(page, url, "leader_a")
    query = "&".join(f"{k}={v}" for k, v in PERIOD.items())
    page.goto(f"{url}/khao-sat/quan-ly/ket-qua/?{query}")  # type: ignore[attr-defined]
    assert_accessible(page)
    row = page.locator("table", has_text="theo công chức tiếp nhận").get_by_role("row", name="Lê Thị Hoa")  # type: ignore[attr-defined]
    row.get_by_role("link", name="3").click()
    page.get_by_text("công chức Lê Thị Hoa").wait_for()  # type: ignore[attr-defined]
    assert page.locator("tbody tr").count() == 3  # type: ignore[attr-defined]
    assert_accessible(page)
    page.get_by_role("link", name="« Về trang kết quả").click()  # type: ignore[attr-defined]
    page.get_by_role("heading", name="Kết quả khảo sát sự hài lòng – Xã Hoằng Hợp").wait_for()  # type: ignore[attr-defined]
