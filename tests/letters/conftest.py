"""The letters tests are written for a Wednesday in November 2026: a new appointment is "in the past" against it."""

from __future__ import annotations

import pytest

from tests.onestop.factories import vn
from thanthien.letters import actions


@pytest.fixture(autouse=True)
def _letters_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(actions, "clock", lambda: vn(2026, 11, 18, 9, 0))
