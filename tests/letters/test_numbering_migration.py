"""Letter numbers come from the one numbering service; the migration that moved them there carried every old
LetterCounter over, so no letter number is issued twice after the upgrade, and going back restores them."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.conftest import Personas
from thanthien.documents.models import NumberCounter

BEFORE = [("letters", "0002_apology_cause_withdrawn_text_limits"), ("documents", "0001_number_counter")]
AFTER = [("letters", "0003_numbers_from_numbering_service")]


@pytest.mark.django_db(transaction=True)
def test_the_migration_copies_every_letter_counter_and_going_back_restores_them(personas: Personas) -> None:
    unit_a, unit_b = personas.commune_a.pk, personas.commune_b.pk
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        old = executor.loader.project_state(BEFORE).apps
        LetterCounter = old.get_model("letters", "LetterCounter")
        OldNumberCounter = old.get_model("documents", "NumberCounter")
        LetterCounter.objects.create(unit_id=unit_a, scope="apology-2026", value=12)
        LetterCounter.objects.create(unit_id=unit_a, scope="congratulation-2025", value=40)
        LetterCounter.objects.create(unit_id=unit_b, scope="apology-2026", value=3)
        # A series already ahead of its old counter keeps the higher number; other series are left alone.
        OldNumberCounter.objects.create(unit_id=unit_b, series="letter:apology:2026", value=8)
        OldNumberCounter.objects.create(unit_id=unit_a, series="dossier:A-260105-|", value=5)

        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        rows = set(NumberCounter.objects.values_list("unit_id", "series", "value"))
        assert rows == {
            (unit_a, "letter:apology:2026", 12),
            (unit_a, "letter:congratulation:2025", 40),
            (unit_b, "letter:apology:2026", 8),
            (unit_a, "dossier:A-260105-|", 5),
        }
        assert "letters_lettercounter" not in connection.introspection.table_names()

        executor = MigrationExecutor(connection)
        executor.migrate(BEFORE)
        back = MigrationExecutor(connection).loader.project_state(BEFORE).apps
        restored = set(back.get_model("letters", "LetterCounter").objects.values_list("unit_id", "scope", "value"))
        assert restored == {
            (unit_a, "apology-2026", 12),
            (unit_a, "congratulation-2025", 40),
            (unit_b, "apology-2026", 8),
        }
        left = set(back.get_model("documents", "NumberCounter").objects.values_list("series", flat=True))
        assert left == {"dossier:A-260105-|"}
    finally:
        MigrationExecutor(connection).migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
