"""The engagement statistics page in a real browser: a leader asks for March 2025 with the period form, reads the
01/XLD table, clicks the number of petitions still open at the end and sees exactly those petitions, then a 01/TCD
cell and its visits. Every page passes axe-core (browser_page); masking for supervisors: test_stats_views.py."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import Personas, assert_accessible, login
from tests.engagement.test_stats import build_march

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_number_opens_the_records_it_counts(
    personas: Personas, live_server: object, browser_page: object, django_capture_on_commit_callbacks: Any
) -> None:
    build_march(personas, django_capture_on_commit_callbacks)
    page: Any = browser_page
    url = live_server.url  # type: ignore[attr-defined]
    login(page, url, "leader_a")
    page.goto(f"{url}/tiep-cong-dan/thong-ke/")
    page.get_by_label("Từ ngày").fill("01/03/2025")
    page.get_by_label("Đến ngày").fill("31/03/2025")
    page.get_by_role("button", name="Xem thống kê").click()
    page.get_by_text("Xã Hoằng Hợp (X16012) · từ ngày 01/03/2025 đến ngày 31/03/2025").wait_for()
    assert_accessible(page)
    results = page.get_by_test_id("mau-01-xld-ket-qua")
    assert "Đang xử lý cuối kỳ" in results.inner_text()
    results.locator('a[data-figure="petitions.open_at_end"]').click()
    page.get_by_role("heading", name="Đơn thư: Đang xử lý cuối kỳ").wait_for()
    rows = page.get_by_test_id("records").locator("tbody tr")
    assert rows.count() == 3
    assert "3 bản ghi" in page.get_by_test_id("records-scope").inner_text()
    assert sorted(rows.locator("td:nth-child(3)").all_inner_texts()) == ["Khiếu nại", "Khiếu nại", "Tố cáo"]
    assert_accessible(page)

    page.get_by_role("link", name="← Về trang thống kê kỳ này").click()
    page.get_by_test_id("mau-01-tcd").locator('a[data-figure="tcd.regular.visits"]').click()
    page.get_by_text("2 bản ghi").wait_for()
    assert "Nguyễn Văn Án" in page.get_by_test_id("records").inner_text()
