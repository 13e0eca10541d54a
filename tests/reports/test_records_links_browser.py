"""A figure's list in a real browser: the programme's lists opened from a figure's link (the supervisor reads a
district's documents, officials, scorings and recognitions; a strange filter) say what they show and pass
axe-core."""

from __future__ import annotations

import pytest

from tests.conftest import Personas, assert_accessible, login
from tests.programme.test_stats import (
    END,
    START,
    records,  # noqa: F401 (the programme's known records, a fixture)
)
from thanthien.lib import stats as registry

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_figure_lists_say_what_they_show_and_are_accessible(
    records: Personas,  # noqa: F811
    live_server: object,
    browser_page: object,
) -> None:
    page: object = browser_page
    url = live_server.url  # type: ignore[attr-defined]
    login(page, url, "supervisor")
    keys = ("documents.total", "activities.meetings", "commitments.signed", "scores.scored", "models.recognised")
    for key in keys:
        link = registry.records_url("programme", key, records.district, START, END)
        assert link is not None
        page.goto(f"{url}{link}")  # type: ignore[attr-defined]
        page.locator("[data-figure-filter]").wait_for()  # type: ignore[attr-defined]
        assert_accessible(page)
    link = registry.records_url("programme", "documents.total", records.district, START, END)
    page.goto(f"{url}{link}&from=31/02/2025")  # type: ignore[attr-defined]
    page.locator("[data-figure-errors]").wait_for()  # type: ignore[attr-defined]
    assert_accessible(page)
