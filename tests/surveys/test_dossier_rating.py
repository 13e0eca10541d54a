"""The per-dossier rating as the public lookup will call it: one answer per dossier, linked to its procedure, field
and receiving officer; counted under channel "dossier"."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from thanthien.lib.stats import compute
from thanthien.surveys import actions
from thanthien.surveys.models import Response

from .helpers import campaign

pytestmark = pytest.mark.django_db


def test_one_rating_per_dossier(personas) -> None:
    unit = personas.commune_a
    facts = actions.DossierFacts("HS-2026-0001", "1.001193", "Hộ tịch", "officer_a")
    with pytest.raises(ValidationError, match="không có đợt đánh giá"):
        actions.rate_dossier(unit, facts, {"hl_ho_so": ["hai_long"]})
    imported = actions.copy_template(None, unit, actions.DOSSIER_FORM)
    today = timezone.localdate()
    c = campaign(unit, imported.version, starts_on=today - dt.timedelta(days=1), ends_on=today, channels=["dossier"])
    assert actions.dossier_campaign(unit) == c and not actions.is_rated(c, facts.code)
    answers = {"hl_ho_so": ["rat_hai_long"], "dung_hen": ["co"]}
    response = actions.rate_dossier(unit, facts, answers)
    assert (response.channel, response.dossier_code, response.procedure_code, response.officer_id) == (
        "dossier",
        "HS-2026-0001",
        "1.001193",
        "officer_a",
    )
    with pytest.raises(ValidationError, match="đã được đánh giá"):
        actions.rate_dossier(unit, facts, answers)
    assert Response.objects.count() == 1 and actions.is_rated(c, "HS-2026-0001")
    result = compute("surveys", unit, today - dt.timedelta(days=1), today)
    assert result["by_channel"]["dossier"] == 1 and result["satisfaction_rate"] == 1.0
