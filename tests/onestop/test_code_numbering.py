"""Dossier codes are numbered by the one numbering service (documents.NumberCounter), and the migration that moved
them there carried every old counter over, so no code is issued twice after the upgrade."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.conftest import Personas
from thanthien.documents import numbering
from thanthien.documents.models import NumberCounter
from thanthien.onestop.codes import new_code, new_codes

DAY = dt.date(2026, 1, 5)
PATTERN = "{unit}-{yymmdd}-{seq:4}"
# Only onestop moves back: the documents table (and whatever else has numbers there) stays as it is.
BEFORE = [("onestop", "0006_search_list_order")]
AFTER = [("onestop", "0007_numbering_counters")]


@pytest.mark.django_db
def test_a_code_reserves_from_the_dossier_series_of_its_prefix(personas: Personas) -> None:
    unit = personas.commune_a
    series = f"dossier:{unit.code}-260105-|"
    assert new_code(unit, PATTERN, DAY) == f"{unit.code}-260105-0001"
    assert numbering.last_issued(unit, series) == 1
    assert new_codes(unit, PATTERN, DAY, 3) == [f"{unit.code}-260105-{n:04d}" for n in (2, 3, 4)]
    assert numbering.last_issued(unit, series) == 4
    # Another service's series at the same unit does not move dossier codes.
    numbering.reserve(unit, numbering.document_series("TB", 2026), 7)
    assert new_code(unit, PATTERN, DAY) == f"{unit.code}-260105-0005"
    # Nor does another commune's.
    assert new_code(personas.commune_b, PATTERN, DAY) == f"{personas.commune_b.code}-260105-0001"


@pytest.mark.django_db
def test_a_counter_set_through_the_service_is_where_the_next_code_starts(personas: Personas) -> None:
    unit = personas.commune_a
    NumberCounter.objects.create(unit=unit, series=f"dossier:{unit.code}-260105-|", value=41)
    assert new_code(unit, PATTERN, DAY) == f"{unit.code}-260105-0042"


@pytest.mark.django_db(transaction=True)
def test_the_migration_copies_every_code_counter_and_going_back_restores_them(personas: Personas) -> None:
    unit_a, unit_b = personas.commune_a.pk, personas.commune_b.pk
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        old = executor.loader.project_state(BEFORE).apps
        CodeCounter = old.get_model("onestop", "CodeCounter")
        CodeCounter.objects.create(unit_id=unit_a, scope="A-260105-|", value=17)
        CodeCounter.objects.create(unit_id=unit_a, scope="A-2601-|", value=3)
        CodeCounter.objects.create(unit_id=unit_b, scope="A-260105-|", value=5)
        # A dossier series already ahead of its old counter keeps the higher number.
        NumberCounter.objects.create(unit_id=unit_b, series="dossier:A-260105-|", value=9)
        NumberCounter.objects.create(unit_id=unit_a, series="letter:apology:2026", value=2)

        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        rows = set(NumberCounter.objects.values_list("unit_id", "series", "value"))
        assert rows == {
            (unit_a, "dossier:A-260105-|", 17),
            (unit_a, "dossier:A-2601-|", 3),
            (unit_b, "dossier:A-260105-|", 9),
            (unit_a, "letter:apology:2026", 2),
        }
        assert "onestop_codecounter" not in connection.introspection.table_names()

        executor = MigrationExecutor(connection)
        executor.migrate(BEFORE)
        back = MigrationExecutor(connection).loader.project_state(BEFORE).apps
        restored = set(back.get_model("onestop", "CodeCounter").objects.values_list("unit_id", "scope", "value"))
        assert restored == {(unit_a, "A-260105-|", 17), (unit_a, "A-2601-|", 3), (unit_b, "A-260105-|", 9)}
        left = set(NumberCounter.objects.values_list("series", flat=True))
        assert left == {"letter:apology:2026"}
    finally:
        MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
