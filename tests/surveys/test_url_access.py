"""The site-wide URL guard (tests/test_url_guard.py), run with the survey pages mounted as the root urls.py will
mount them: every survey view declares who may open it, and a protected one sends a visitor to the login page."""

from __future__ import annotations

from typing import Any

import pytest

from tests import test_url_guard


def test_every_survey_view_declares_access() -> None:
    test_url_guard.test_every_view_declares_access()


@pytest.mark.django_db
def test_protected_survey_views_send_anonymous_visitors_to_login(client: Any) -> None:
    test_url_guard.test_protected_views_send_anonymous_visitors_to_login(client)
