"""The roll-up in a real browser: the supervisor opens the district's roll-up, clicks Hoằng Hợp's figure of dossiers
resolved late and lands on exactly those dossiers (its own and the merged commune's); every page passes axe-core."""

from __future__ import annotations

import re

import pytest

from tests.conftest import Personas, assert_accessible, login
from thanthien.onestop.models import Dossier

from .rollup_data import END, START, build

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_supervisor_opens_the_late_dossiers_behind_a_figure(
    personas: Personas, live_server: object, browser_page: object
) -> None:
    data = build(personas)
    page: object = browser_page
    url = live_server.url  # type: ignore[attr-defined]
    login(page, url, "supervisor")
    page.goto(f"{url}/bao-cao/tong-hop/?unit=H399&from=01/01/2026&to=31/03/2026")  # type: ignore[attr-defined]
    table = page.get_by_test_id("rollup-table")  # type: ignore[attr-defined]
    table.wait_for()
    assert "toàn huyện đã xây dựng được 2 mô hình" in page.get_by_test_id("rollup-summary").inner_text()  # type: ignore[attr-defined]
    assert_accessible(page)
    late = table.locator('tr[data-code="X16012"] td[data-figure="dossiers_resolved_late"] a')
    assert late.inner_text() == "2"
    late.click()
    page.wait_for_url(re.compile(r".*figure=resolved_late.*"))  # type: ignore[attr-defined]
    rows = page.get_by_test_id("dossier-list").locator("tbody tr")  # type: ignore[attr-defined]
    shown = sorted(rows.nth(i).locator("td").first.inner_text().strip() for i in range(rows.count()))
    expected = sorted(
        d.code
        for d in Dossier.objects.filter(unit__in=[personas.commune_a, data.merged])
        if d.resolved_at is not None and d.resolved_at > d.due_at and START <= d.resolved_at.date() <= END
    )
    assert len(expected) == 2
    assert shown == expected
    assert page.get_by_test_id("list-count").inner_text().startswith("2 hồ sơ")  # type: ignore[attr-defined]
    assert_accessible(page)
