"""Leaders approving at the same instant must never give two letters the same number."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection

from tests.conftest import Personas
from tests.onestop.factories import make_dossier, vn
from thanthien.letters import actions
from thanthien.letters.models import Letter, LetterKind, SubjectType

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

WORKERS = 8


def test_concurrent_approvals_get_unique_numbers(personas: Personas) -> None:
    assert connection.vendor == "postgresql"
    ids = []
    for n in range(WORKERS):
        dossier = make_dossier(personas.commune_a, received_at=vn(2026, 11, 16, 9, 0), due_at=vn(2026, 11, 18, 17, 0))
        ids.append(
            Letter.objects.create(
                unit=personas.commune_a,
                kind=LetterKind.APOLOGY,
                subject_type=SubjectType.DOSSIER,
                subject_id=str(dossier.pk),
                dossier=dossier,
                owed_on=dt.date(2026, 11, 18),
                recipient_name=f"Người nộp {n}",
                reason="phải xác minh thêm",
                new_appointment_at=vn(2026, 11, 20, 16, 0),
            ).pk
        )
    barrier = threading.Barrier(WORKERS)
    failures: list[str] = []

    def leader(letter_id: int) -> None:
        from django.db import connections

        try:
            letter = Letter.objects.get(pk=letter_id)
            barrier.wait()
            actions.approve(personas.leader_a, letter)
        except Exception as exc:  # collected and asserted below, so the thread never dies silently
            failures.append(f"{letter_id}: {exc!r}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=leader, args=(pk,)) for pk in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    numbers = sorted(Letter.objects.values_list("number", flat=True))
    assert numbers == list(range(1, WORKERS + 1))
    assert set(Letter.objects.values_list("symbol", flat=True)) == {"TXL-UBND"}
