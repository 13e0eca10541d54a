"""The scoring demo (order 54): two published years and this year's self-score in progress for every commune, a mix
of classes (mostly Tốt and Khá), idempotent and deterministic."""

from __future__ import annotations

from collections import Counter

import pytest
from django.utils import timezone

from tests.conftest import Personas, make_unit
from thanthien.lib.registry import DEMO_BUILDERS
from thanthien.org.models import UnitKind
from thanthien.programme import actions_scoring as actions
from thanthien.programme import demo_scoring
from thanthien.programme.models import Score, Scoring, ScoringStatus

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def test_demo_scores_every_commune_for_three_years(personas: Personas) -> None:
    for i in range(7):
        make_unit(f"X9{i:04d}", f"Xã Thử {i}", UnitKind.COMMUNE, personas.district)
    demo_scoring.build(TODAY)
    communes = 10
    published = Scoring.objects.filter(status=ScoringStatus.PUBLISHED)
    assert published.count() == 2 * communes
    assert set(published.values_list("year", flat=True)) == {TODAY.year - 2, TODAY.year - 1}
    current = Scoring.objects.filter(year=TODAY.year)
    assert current.count() == communes
    assert set(current.values_list("status", flat=True)) <= {ScoringStatus.DRAFT, ScoringStatus.SUBMITTED}
    classes = Counter(published.values_list("score_class", flat=True))
    assert classes["tot"] + classes["kha"] > classes["dat"] + classes["chua_dat"]
    assert len(classes) >= 2  # a mix
    for s in published:
        tree = actions.tree_of(s.criteria_set)
        values = {x.criterion_id: x.verified_score for x in s.scores.all()}
        assert s.verified_total == tree.total(values)
        assert s.score_class == actions.classify(s.verified_total, actions.thresholds_of(s.criteria_set))
        assert s.published_on is not None and s.published_on <= TODAY
    assert not Score.objects.filter(self_score__lt=0).exists()
    before = list(Scoring.objects.order_by("pk").values_list("unit_id", "year", "status", "verified_total"))
    demo_scoring.build(TODAY)  # idempotent
    assert list(Scoring.objects.order_by("pk").values_list("unit_id", "year", "status", "verified_total")) == before
    assert any(name == "thanthien.programme.demo_scoring.build" for _, name, _ in DEMO_BUILDERS)
    assert any(order == demo_scoring.ORDER == 54 for order, _, _ in DEMO_BUILDERS)
