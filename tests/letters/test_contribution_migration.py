"""The migration that moves citizens' contributions to engagement copies every row with its id, so the thank-you
letters keep naming them; new contributions then get fresh ids; going back restores the old table and keys."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.conftest import Personas
from thanthien.engagement.models import Contribution
from thanthien.letters import subjects
from thanthien.letters.models import Letter

BEFORE = [("letters", "0003_numbers_from_numbering_service"), ("engagement", None)]
AFTER = [("letters", "0004_contributions_move_to_engagement")]


def _leaves() -> list[tuple[str, str]]:
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_contributions_move_with_their_ids_and_their_letters_follow(personas: Personas) -> None:
    unit = personas.commune_a.pk
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        old = executor.loader.project_state([BEFORE[0]]).apps
        OldContribution = old.get_model("letters", "Contribution")
        OldLetter = old.get_model("letters", "Letter")
        typed_at = dt.datetime(2024, 3, 1, 2, 0, tzinfo=dt.UTC)
        first = OldContribution.objects.create(
            id=41, unit_id=unit, contributor_name="Lê Thị Mai", summary="Sửa đèn đường", received_on=dt.date(2024, 3, 1)
        )
        OldContribution.objects.filter(pk=first.pk).update(created_at=typed_at)
        OldContribution.objects.create(
            id=7, unit_id=unit, contributor_name="Hà Văn Thu", summary="Dọn vệ sinh", received_on=dt.date(2025, 5, 2)
        )
        OldLetter.objects.create(
            unit_id=unit,
            kind="thanks",
            subject_type="contribution",
            subject_id="41",
            contribution_id=41,
            owed_on=dt.date(2024, 3, 1),
            recipient_name="Lê Thị Mai",
            body="",
        )

        MigrationExecutor(connection).migrate(AFTER)
        # The later migrations too, so the current models below match the tables (letters 0005 adds columns).
        MigrationExecutor(connection).migrate(_leaves())
        moved = {c.pk: (c.contributor_name, c.summary, c.unit_id) for c in Contribution.objects.all()}
        assert moved == {41: ("Lê Thị Mai", "Sửa đèn đường", unit), 7: ("Hà Văn Thu", "Dọn vệ sinh", unit)}
        assert Contribution.objects.get(pk=41).created_at == typed_at
        assert "letters_contribution" not in connection.introspection.table_names()
        letter = Letter.objects.get()
        assert subjects.subject_of(letter) == Contribution.objects.get(pk=41)
        assert subjects.describe(letter) == "Đóng góp: Sửa đèn đường"
        # The id sequence moved past the copied rows (PostgreSQL): a new contribution does not collide.
        fresh = Contribution.objects.create(
            unit_id=unit, contributor_name="A", summary="B", received_on=dt.date(2026, 11, 18)
        )
        assert fresh.pk > 41

        executor = MigrationExecutor(connection)
        executor.migrate(BEFORE)
        back = MigrationExecutor(connection).loader.project_state([BEFORE[0]]).apps
        restored = set(back.get_model("letters", "Contribution").objects.values_list("pk", "contributor_name"))
        assert restored == {(41, "Lê Thị Mai"), (7, "Hà Văn Thu"), (fresh.pk, "A")}
        assert back.get_model("letters", "Letter").objects.get().contribution_id == 41
    finally:
        MigrationExecutor(connection).migrate(_leaves())
