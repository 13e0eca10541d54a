"""The dossier list and the statistics in a real browser, as a province supervisor: sort, filter by unit, search
(never by a masked name), jump to a page; open the statistics, see the chart, click a figure and land on the list
of exactly that many dossiers."""

from __future__ import annotations

import pytest

from tests.conftest import ARTIFACTS, Personas, login
from tests.onestop.factories import make_dossier, vn
from tests.onestop.test_stats_drilldown import with_merger

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def count_on(page: object) -> int:
    text = page.get_by_test_id("list-count").inner_text()  # type: ignore[attr-defined]
    return int(text.split()[0].replace(".", ""))


def test_a_supervisor_sorts_filters_and_searches_the_list(
    personas: Personas, live_server: object, browser_page: object
) -> None:
    page = browser_page
    url = live_server.url  # type: ignore[attr-defined]
    for day in range(1, 21):
        make_dossier(personas.commune_a, received_at=vn(2026, 3, day, 9, 0), applicant_name="Lê Văn Tám")
        make_dossier(personas.commune_b, received_at=vn(2026, 3, day, 10, 0), applicant_name="Trần Thị Bảy")
    anh = make_dossier(personas.commune_a, received_at=vn(2026, 4, 1, 9, 0), applicant_name="Nguyễn Ngọc Ánh")
    login(page, url, "supervisor")
    page.goto(f"{url}/mot-cua/")  # type: ignore[attr-defined]
    rows = page.get_by_test_id("dossier-list").locator("tbody tr")  # type: ignore[attr-defined]
    # Newest first: the April dossier leads page 1, with its unit shown.
    assert anh.code in rows.first.inner_text() and "Xã Hoằng Hợp" in rows.first.inner_text()
    assert count_on(page) == 41

    page.get_by_role("link", name="Mã hồ sơ").click()  # type: ignore[attr-defined]
    header = page.locator("th[aria-sort]")  # type: ignore[attr-defined]
    assert header.inner_text().startswith("Mã hồ sơ") and header.get_attribute("aria-sort") == "ascending"
    first = rows.first.locator("td").first.inner_text()
    assert first.startswith("X16012-")
    header.get_by_role("link").click()  # the same header again: the other way round
    assert page.locator("th[aria-sort]").get_attribute("aria-sort") == "descending"  # type: ignore[attr-defined]
    assert rows.first.locator("td").first.inner_text().startswith("X16015-")

    page.get_by_label("Đơn vị").select_option("X16015")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Lọc", exact=True).click()  # type: ignore[attr-defined]
    assert count_on(page) == 20 and "đơn vị: Xã Hoằng Quý" in page.get_by_test_id("list-description").inner_text()  # type: ignore[attr-defined]

    page.get_by_label("Đơn vị").select_option("")  # type: ignore[attr-defined]
    page.get_by_label("Mã hồ sơ hoặc thủ tục").fill("ngoc anh")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Lọc", exact=True).click()  # type: ignore[attr-defined]
    assert count_on(page) == 0  # a supervisor never finds a dossier by the applicant's (masked) name
    page.get_by_label("Mã hồ sơ hoặc thủ tục").fill(anh.code.lower())  # type: ignore[attr-defined]
    page.get_by_role("button", name="Lọc", exact=True).click()  # type: ignore[attr-defined]
    assert count_on(page) == 1 and "Nguyễn N. Á." in rows.first.inner_text()

    page.get_by_role("link", name="Bỏ lọc").click()  # type: ignore[attr-defined]
    page.get_by_label("Đến trang").fill("2")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Đi").click()  # type: ignore[attr-defined]
    assert "Trang 2/2" in page.get_by_test_id("page-position").inner_text()  # type: ignore[attr-defined]

    page.get_by_label("Từ ngày").fill("31/02/2026")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Lọc", exact=True).click()  # type: ignore[attr-defined]
    assert "Từ ngày “31/02/2026” không hợp lệ" in page.get_by_test_id("list-errors").inner_text()  # type: ignore[attr-defined]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "list-supervisor.png"), full_page=True)  # type: ignore[attr-defined]


def test_a_figure_opens_the_list_with_the_same_count(
    personas: Personas, live_server: object, browser_page: object
) -> None:
    page = browser_page
    url = live_server.url  # type: ignore[attr-defined]
    with_merger(personas)
    login(page, url, "supervisor")
    page.goto(f"{url}/mot-cua/thong-ke/?from=01/03/2026&to=31/03/2026")  # type: ignore[attr-defined]
    communes = page.get_by_test_id("table-theo-xa")  # type: ignore[attr-defined]
    communes.wait_for()
    # The chart is drawn by Chart.js from the page's JSON (no inline script).
    page.wait_for_function("() => window.Chart && Chart.getChart(document.getElementById('stats-chart'))")  # type: ignore[attr-defined]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "stats-supervisor.png"), full_page=True)  # type: ignore[attr-defined]

    # Sort the communes by what they received, most first.
    communes.get_by_role("link", name="Tiếp nhận", exact=True).click()  # type: ignore[attr-defined]
    assert page.locator("#theo-xa th[aria-sort]").get_attribute("aria-sort") == "descending"  # type: ignore[attr-defined]
    first = page.get_by_test_id("table-theo-xa").locator("tbody tr").first  # type: ignore[attr-defined]
    assert "Xã Hoằng Hợp" in first.inner_text()

    # "Đang giải quyết cuối kỳ – quá hạn" of Xã Hoằng Hợp (merged commune included): click it.
    cell = first.locator("td").nth(8).get_by_role("link")
    figure = int(cell.inner_text())
    assert figure > 0
    cell.click()
    page.wait_for_url("**/mot-cua/?*figure=open_overdue*")  # type: ignore[attr-defined]
    assert count_on(page) == figure
    description = page.get_by_test_id("list-description").inner_text()  # type: ignore[attr-defined]
    assert "đang giải quyết, quá hạn" in description and "Xã Hoằng Hợp (gồm đơn vị đã sáp nhập vào)" in description

    # A summary figure too.
    page.go_back()  # type: ignore[attr-defined]
    summary = page.get_by_test_id("stats-summary").get_by_role("row", name="Tiếp nhận trong kỳ")  # type: ignore[attr-defined]
    link = summary.get_by_role("link")
    figure = int(link.inner_text())
    link.click()
    page.wait_for_url("**figure=received_total*")  # type: ignore[attr-defined]
    assert count_on(page) == figure
