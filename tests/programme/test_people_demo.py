"""The people demo (issue 11 item 12, area people): fifteen officials in every current demo commune, all but two
signed, some phones shown, the demo accounts linked to their posts; three years of activities in every commune
while it existed, with the launch ceremonies the seeds date; every row valid; a second run adds nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Count, Max, Min

from thanthien.org.demo import build_units_and_people
from thanthien.org.models import COMMUNE_KINDS, Unit
from thanthien.programme import actions_people as actions
from thanthien.programme.demo_people import build
from thanthien.programme.models import Activity, ActivityKind, CommitmentSignature, Official

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 20)


def test_the_people_demo() -> None:
    build_units_and_people(TODAY)
    build(TODAY)
    current = list(Unit.objects.filter(kind__in=COMMUNE_KINDS, valid_to__isnull=True))
    assert current
    for unit in current:
        officials = Official.objects.filter(unit=unit)
        assert officials.count() == 15, unit
        assert actions.not_signed(unit, TODAY).count() == 2, unit
        assert 3 <= officials.filter(show_phone=True).count() < 15
        positions = set(officials.values_list("position", flat=True))
        assert {"Chủ tịch UBND xã", "Công chức Tư pháp – Hộ tịch", "Công chức Tài chính – Kế toán"} <= positions
        for o in officials:
            o.full_clean()
            assert o.phone == actions.normalise_phone(o.phone)
    for s in CommitmentSignature.objects.select_related("text", "official__unit"):
        assert s.text.valid_from <= s.signed_on <= TODAY
        assert (s.official.unit.valid_from or s.signed_on) <= s.signed_on
    giang = Unit.objects.get(code="16006")
    assert Official.objects.get(unit=giang, user__username="lanhdao").position == "Chủ tịch UBND xã"
    for unit in Unit.objects.filter(kind__in=COMMUNE_KINDS):
        first = max(TODAY.replace(year=TODAY.year - 3), unit.valid_from or dt.date(2000, 1, 1))
        last = min(TODAY, unit.valid_to or TODAY)
        bounds = (
            Activity.objects.filter(unit=unit)
            .exclude(kind=ActivityKind.LAUNCH)
            .aggregate(first=Min("held_on"), last=Max("held_on"))
        )
        assert bounds["first"] is not None and first <= bounds["first"] and bounds["last"] <= last, unit
    kinds = dict(Activity.objects.values_list("kind").annotate(n=Count("pk")))
    assert kinds[ActivityKind.MEETING] > 300 and kinds[ActivityKind.BROADCAST] > kinds[ActivityKind.MEETING]
    assert 0 < kinds[ActivityKind.ARTICLE] < kinds[ActivityKind.WEBSITE_POST] < kinds[ActivityKind.MEETING]
    assert kinds[ActivityKind.TRAINING] > 10
    launches = dict(Activity.objects.filter(kind=ActivityKind.LAUNCH).values_list("unit__code", "held_on"))
    assert launches["16012"] == dt.date(2023, 4, 15) and launches["14947"] == dt.date(2023, 3, 17)
    assert launches["15496"] == dt.date(2023, 5, 19) and launches["16006"] > dt.date(2025, 7, 1)
    assert (
        Activity.objects.filter(kind=ActivityKind.LAUNCH).count() == Unit.objects.filter(kind__in=COMMUNE_KINDS).count()
    )
    for a in Activity.objects.all()[:2000]:
        a.full_clean()
        assert actions._clean_activity({}, a)["attendees"] == a.attendees
    before = (Official.objects.count(), CommitmentSignature.objects.count(), Activity.objects.count())
    build(TODAY)
    assert (Official.objects.count(), CommitmentSignature.objects.count(), Activity.objects.count()) == before
