"""The judging demo: three years of inspections per commune (Hoằng Hợp's 11 supervisions), remedies with one past its
deadline, recognitions (district level before 1/7/2025, one current commune at the province level), the demo
province's targets; built twice it adds nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from thanthien.org.demo import build_units_and_people
from thanthien.org.models import Unit
from thanthien.programme import demo_judging
from thanthien.programme.actions_judging import overdue
from thanthien.programme.models import Inspection, Recognition, Remedy, RolloutTarget
from thanthien.programme.rollout_judging import progress

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 1)


def test_the_demo_tells_the_seeds_story_once() -> None:
    build_units_and_people(TODAY)
    demo_judging.build(TODAY)
    hoang_hop = Unit.objects.get(code="16012")
    supervisions = Inspection.objects.filter(unit=hoang_hop, by_kind="front", is_supervision=True)
    assert supervisions.count() == 11
    assert supervisions.earliest("held_on").held_on >= dt.date(2022, 7, 1)
    assert supervisions.latest("held_on").held_on <= dt.date(2025, 6, 30)
    team = Inspection.objects.filter(unit=hoang_hop, by_kind="supervisor")
    assert sorted(i.held_on.year for i in team) == [2022, 2023, 2024, 2025]  # once a year while it existed
    assert all(i.by_unit.code == "38" for i in team)
    assert all(i.conclusion is not None and i.conclusion.unit_id == hoang_hop.pk for i in team)
    for unit in Unit.objects.filter(code__in=["16012", "16006", "05977"]):
        remedies = Remedy.objects.filter(inspection__unit=unit, inspection__by_kind="supervisor")
        assert remedies.filter(overdue(TODAY)).count() == 1, unit
        assert remedies.filter(done_on__isnull=False).count() >= 1
    assert not Inspection.objects.filter(held_on__gt=TODAY).exists()
    province_level = Recognition.objects.filter(level="province")
    assert [r.unit.code for r in province_level] == ["16006"]
    assert Recognition.objects.filter(level="district", decided_on__gte=dt.date(2025, 7, 1)).count() == 0
    assert Recognition.objects.filter(level="district").count() >= 8
    thanh_hoa = Unit.objects.get(code="38")
    assert sorted(RolloutTarget.objects.filter(unit=thanh_hoa).values_list("by_date", "share")) == [
        (dt.date(2025, 12, 31), 0.5),
        (dt.date(2030, 12, 31), 1),
    ]
    now = progress(thanh_hoa, TODAY)
    assert (len(now.communes), now.recognised) == (3, 1)
    assert progress(thanh_hoa, dt.date(2025, 6, 30)).share > 0.5  # before the merge most communes were recognised
    counts = (Inspection.objects.count(), Remedy.objects.count(), Recognition.objects.count())
    demo_judging.build(TODAY)
    assert (Inspection.objects.count(), Remedy.objects.count(), Recognition.objects.count()) == counts
    assert RolloutTarget.objects.count() == 2
