"""`thanthien stats civil --unit ... --from ... --to ... --json`: births, marriages, deaths and ceremonies."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.civil.factories import make_event
from tests.conftest import Personas, make_unit
from thanthien.civil.stats import civil_stats
from thanthien.org.models import UnitKind

pytestmark = pytest.mark.django_db

D = dt.date
KEYS = ["unit", "from", "to", "births", "marriages", "deaths", "ceremonies", "total"]


def scenario(p: Personas) -> None:
    a, b = p.commune_a, p.commune_b
    old = make_unit("X16009", "Xã Hoằng Cũ", UnitKind.COMMUNE, p.district, valid_to=D(2025, 6, 30), successor=a)
    for day in (D(2026, 3, 1), D(2026, 3, 15), D(2026, 3, 31)):
        make_event(a, "birth", day)
    make_event(a, "birth", D(2026, 2, 28))  # before the period
    make_event(a, "birth", D(2026, 4, 1))  # after it
    make_event(old, "birth", D(2026, 3, 2))  # a merged unit's record rolls up into its successor
    make_event(a, "death", D(2026, 3, 10))
    make_event(a, "death", D(2026, 3, 11), person_name="")  # not yet completed: still a registered death
    # Marriages: the ceremony counts in the period of its own day (else of the registration day).
    make_event(a, "marriage", D(2026, 3, 5), ceremony_held=True, ceremony_on=D(2026, 3, 20))
    make_event(a, "marriage", D(2026, 3, 6), ceremony_held=True)  # no day noted: the registration day
    make_event(a, "marriage", D(2026, 3, 30), ceremony_held=True, ceremony_on=D(2026, 4, 2))  # ceremony after
    make_event(a, "marriage", D(2026, 2, 20), ceremony_held=True, ceremony_on=D(2026, 3, 1))  # registered before
    make_event(a, "marriage", D(2026, 3, 7))  # no ceremony
    make_event(b, "birth", D(2026, 3, 3))
    make_event(b, "marriage", D(2026, 3, 3), ceremony_held=True, ceremony_on=D(2026, 3, 3))
    make_event(p.commune_c, "death", D(2026, 3, 3))


def test_the_commune_with_its_merged_predecessor(personas: Personas) -> None:
    scenario(personas)
    with CaptureQueriesContext(connection) as queries:
        result = civil_stats(personas.commune_a, D(2026, 3, 1), D(2026, 3, 31))
    stats_queries = [q for q in queries.captured_queries if "civil_civilevent" in q["sql"]]
    assert len(stats_queries) == 1  # one SQL aggregate
    assert result == {
        "unit": "X16012",
        "from": "2026-03-01",
        "to": "2026-03-31",
        "births": 4,
        "marriages": 4,
        "deaths": 2,
        "ceremonies": 3,
        "total": 10,
    }
    assert list(result) == KEYS


def test_above_communes_every_unit_under_it(personas: Personas) -> None:
    scenario(personas)
    result = civil_stats(personas.district, D(2026, 3, 1), D(2026, 3, 31))
    assert (result["births"], result["marriages"], result["deaths"], result["ceremonies"], result["total"]) == (
        5,
        5,
        2,
        4,
        12,
    )
    province = civil_stats(personas.province, D(2026, 3, 1), D(2026, 3, 31))
    assert province["total"] == 12  # the other province's ward is not under it
    assert civil_stats(personas.commune_b, D(2026, 1, 1), D(2026, 1, 31))["total"] == 0


def test_the_command_prints_exactly_the_published_json(personas: Personas, capsys: pytest.CaptureFixture[str]) -> None:
    scenario(personas)
    call_command("stats", "civil", "--unit", "X16012", "--from", "2026-03-01", "--to", "2026-03-31", "--json")
    result = json.loads(capsys.readouterr().out)
    assert list(result) == KEYS
    assert result == civil_stats(personas.commune_a, D(2026, 3, 1), D(2026, 3, 31))
    call_command("stats", "civil", "--unit", "X16012", "--from", "2026-03-01", "--to", "2026-03-31")
    table = capsys.readouterr().out
    assert "Hộ tịch – Xã Hoằng Hợp (X16012)" in table and "Đăng ký khai sinh" in table
    assert "Lễ trao giấy chứng nhận kết hôn" in table
    call_command("stats")
    assert "civil\tHộ tịch" in capsys.readouterr().out
