"""The demo: every commune gets the templates, a baseline before the launch and three years of campaigns whose
figures add up; running it twice adds nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from thanthien.lib.stats import STATS, compute
from thanthien.surveys import demo, stats
from thanthien.surveys.models import Campaign, Questionnaire, Response

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 20)


def test_demo_builds_three_years_that_add_up(personas) -> None:
    demo.build(TODAY)
    unit = personas.commune_a
    assert Questionnaire.objects.filter(unit=unit).count() == 5
    assert set(Response.objects.filter(unit=unit).values_list("channel", flat=True)) >= {
        "qr",
        "online",
        "kiosk",
        "paper",
        "import",
    }
    result = compute("surveys", unit, dt.date(2024, 1, 1), TODAY)
    assert STATS["surveys"].check(result) == [] and STATS["surveys"].check_shape(result) == []
    assert result["satisfaction_rate"] > 0.85
    (compared,) = stats.baseline_against_latest(unit)
    assert compared["baseline"]["rate"] < compared["latest"]["rate"]
    assert compared["latest"]["campaign"].channels != ["dossier"]  # a general survey, not the per-dossier rating
    attitude = Campaign.objects.get(unit=unit, name="MTTQ khảo sát thái độ cán bộ năm 2026")
    assert stats.progress(attitude)["reached"] == 90
    forms = Response.objects.count()
    demo.build(TODAY)
    assert Response.objects.count() == forms
