"""The dashboards in a real browser on a tablet (1024×768, then 768 px wide): the charts are drawn, nothing scrolls
sideways, a figure opens its list; every page passes axe-core (browser_page fails on serious or critical findings)."""

from __future__ import annotations

import pytest

from tests.conftest import Personas, login
from tests.reports.test_dashboard import known_records

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NO_SIDEWAYS = "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth"


def fits(page: object) -> bool:
    return bool(page.evaluate(NO_SIDEWAYS))  # type: ignore[attr-defined]


def test_a_commune_leader_reads_the_dashboard_on_a_tablet(
    personas: Personas, live_server: object, browser_page: object
) -> None:
    known_records(personas)
    page = browser_page
    url = live_server.url  # type: ignore[attr-defined]
    login(page, url, "leader_a")
    page.goto(f"{url}/bao-cao/bang-dieu-khien/")  # type: ignore[attr-defined]
    assert "Xã Hoằng Hợp" in page.get_by_test_id("dashboard-scope").inner_text()  # type: ignore[attr-defined]
    chart = page.locator("canvas#chart-month")  # type: ignore[attr-defined]
    chart.wait_for()
    page.wait_for_function("() => document.querySelector('#chart-month').dataset.drawn === 'true'")  # type: ignore[attr-defined]
    assert chart.get_attribute("aria-label").startswith("Biểu đồ")
    assert fits(page)
    page.set_viewport_size({"width": 768, "height": 1024})  # type: ignore[attr-defined]
    assert fits(page)
    overdue = page.locator('[data-testid="dashboard-queues"] a[data-figure="dossiers.open_at_end.overdue"]')  # type: ignore[attr-defined]
    assert overdue.inner_text() == "1"
    overdue.click()
    page.wait_for_load_state()  # type: ignore[attr-defined]
    assert "/mot-cua/" in page.url  # type: ignore[attr-defined]


def test_a_supervisor_reads_the_communes_and_the_months(
    personas: Personas, live_server: object, browser_page: object
) -> None:
    known_records(personas)
    page = browser_page
    url = live_server.url  # type: ignore[attr-defined]
    login(page, url, "supervisor")
    page.goto(f"{url}/bao-cao/bang-dieu-khien/")  # type: ignore[attr-defined]
    assert page.get_by_role("heading", level=1).inner_text().startswith("Bảng điều khiển cấp trên")  # type: ignore[attr-defined]
    page.wait_for_function("() => document.querySelector('#chart-trend').dataset.drawn === 'true'")  # type: ignore[attr-defined]
    assert page.locator("canvas#chart-trend").count() == 1  # type: ignore[attr-defined]
    standings = page.get_by_test_id("dashboard-standings")  # type: ignore[attr-defined]
    assert "Xã Hoằng Hợp" in standings.inner_text() and "Phường Vĩnh Trại" not in standings.inner_text()
    assert fits(page)
    page.set_viewport_size({"width": 768, "height": 1024})  # type: ignore[attr-defined]
    assert fits(page)
    # The trend's table is there for whoever does not see the chart.
    page.get_by_text("Bảng số liệu của biểu đồ xu hướng").click()  # type: ignore[attr-defined]
    assert page.get_by_test_id("dashboard-trend-table").locator("tbody tr").count() == 12  # type: ignore[attr-defined]
    page.get_by_role("link", name="Xã Hoằng Quý").first.click()  # type: ignore[attr-defined]
    page.wait_for_load_state()  # type: ignore[attr-defined]
    assert "Xã Hoằng Quý" in page.get_by_test_id("dashboard-scope").inner_text()  # type: ignore[attr-defined]
