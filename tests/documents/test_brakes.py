"""The one brake of public forms: counts per key and commune in fixed windows (the current and the previous one),
taken back on demand, filled to lock a key, kept apart between communes and kinds, hashed keys, purged when old."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.conftest import Personas
from thanthien.documents import brakes
from thanthien.documents.models import NumberCounter

pytestmark = pytest.mark.django_db

TRIES = brakes.Window("test-tries", dt.timedelta(minutes=15))
OTHER = brakes.Window("test-other", dt.timedelta(hours=1))


def test_counts_add_up_over_two_windows_and_are_kept_apart(personas: Personas) -> None:
    a, b = personas.commune_a, personas.commune_b
    start = timezone.now().replace(minute=0, second=0, microsecond=0)
    assert [brakes.count(a, TRIES, "10.0.0.1", add=True, now=start) for _ in range(3)] == [1, 2, 3]
    later = start + dt.timedelta(minutes=16)  # the next window: the previous one still counts
    assert brakes.count(a, TRIES, "10.0.0.1", add=True, now=later) == 4
    assert brakes.count(a, TRIES, "10.0.0.1", now=start + dt.timedelta(minutes=31)) == 1  # two windows on
    assert brakes.count(b, TRIES, "10.0.0.1", now=start) == 0
    assert brakes.count(a, OTHER, "10.0.0.1", now=start) == 0
    assert brakes.count(a, TRIES, "10.0.0.2", now=start) == 0
    assert not NumberCounter.objects.filter(series__contains="10.0.0.1").exists()  # only a digest is kept


def test_take_back_and_fill(personas: Personas) -> None:
    a, now = personas.commune_a, timezone.now()
    brakes.count(a, TRIES, "PA-1", add=True, now=now)
    brakes.take_back(a, TRIES, "PA-1", now=now)
    assert brakes.count(a, TRIES, "PA-1", now=now) == 0
    brakes.take_back(a, TRIES, "PA-1", now=now)  # never below zero
    assert brakes.count(a, TRIES, "PA-1", now=now) == 0
    brakes.fill(a, TRIES, "PA-1", 5, now=now)
    assert brakes.count(a, TRIES, "PA-1", add=True, now=now) == 6


def test_purge_forgets_only_windows_no_count_reads(personas: Personas) -> None:
    a, now = personas.commune_a, timezone.now()
    brakes.count(a, TRIES, "x", add=True, now=now - dt.timedelta(hours=2))
    brakes.count(a, TRIES, "x", add=True, now=now)
    brakes.count(a, OTHER, "x", add=True, now=now)
    assert brakes.purge(now) == 1
    assert brakes.count(a, TRIES, "x", now=now) == 1 and brakes.count(a, OTHER, "x", now=now) == 1
