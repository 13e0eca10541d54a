"""The demo registry: three years of events for each demo commune, within each unit's validity, with a few
letters still owed today; the same day builds the same data."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import Count, Max, Min

from tests.onestop.factories import make_dossier, vn
from thanthien.civil.demo import build
from thanthien.civil.models import CivilEvent
from thanthien.onestop.models import Status
from thanthien.org.demo import build_units_and_people
from thanthien.org.models import COMMUNE_KINDS, Unit

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 20)


def snapshot() -> list[tuple[object, ...]]:
    return list(
        CivilEvent.objects.order_by("pk").values_list(
            "unit__code", "kind", "registered_on", "person_name", "partner_name", "contact_name", "letter_sent_on"
        )
    )


def test_three_years_of_events(settings) -> None:  # type: ignore[no-untyped-def]
    build_units_and_people(TODAY)
    hop = Unit.objects.get(code="16012")
    dossier = make_dossier(
        Unit.objects.get(code="16006"),
        "1.001193",
        received_at=vn(2026, 11, 10, 9, 0),
        resolved_at=vn(2026, 11, 10, 10, 0),
        returned_at=vn(2026, 11, 10, 11, 0),
        status=Status.RETURNED,
    )
    build(TODAY)
    first = snapshot()
    assert len(first) > 500
    for unit in Unit.objects.filter(kind__in=COMMUNE_KINDS).annotate(n=Count("civil_events")):
        bounds = CivilEvent.objects.filter(unit=unit).aggregate(first=Min("registered_on"), last=Max("registered_on"))
        assert unit.n > 0, unit  # type: ignore[attr-defined]
        assert bounds["first"] >= max(unit.valid_from or dt.date.min, dt.date(2023, 11, 20)), unit
        assert bounds["last"] <= min(unit.valid_to or TODAY, TODAY), unit
    year = CivilEvent.objects.filter(unit=hop, registered_on__range=(dt.date(2024, 1, 1), dt.date(2024, 12, 31)))
    assert 30 <= year.filter(kind="birth").count() <= 100
    assert 10 <= year.filter(kind="marriage").count() <= 55
    assert 15 <= year.filter(kind="death").count() <= 60
    marriages = CivilEvent.objects.filter(kind="marriage")
    held = marriages.filter(ceremony_held=True).count() / marriages.count()
    assert 0.35 < held < 0.65
    old = CivilEvent.objects.filter(registered_on__lt=TODAY - dt.timedelta(days=30))
    sent = old.filter(letter_sent_on__isnull=False).count() / old.count()
    assert 0.7 < sent < 0.9
    recent = CivilEvent.objects.filter(registered_on__gte=TODAY - dt.timedelta(days=30))
    assert recent.filter(letter_sent_on__isnull=True).count() >= 5  # letters owed today
    assert not CivilEvent.objects.filter(letter_sent_on__gt=TODAY).exists()
    assert not CivilEvent.objects.filter(ceremony_on__gt=TODAY).exists()
    assert all(
        name.strip() for name in CivilEvent.objects.exclude(dossier=dossier).values_list("person_name", flat=True)
    )

    CivilEvent.objects.all().delete()
    build(TODAY)
    assert snapshot() == first
