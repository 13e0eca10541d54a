"""The one numbering service: consecutive per unit and series, separate between units and series, rolled back
with its transaction, and unique when many officials take a number at the same instant (PostgreSQL)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections, transaction

from tests.conftest import Personas
from thanthien.documents import numbering


@pytest.mark.django_db
def test_numbers_follow_each_other_per_unit_and_series(personas: Personas) -> None:
    a, b = personas.commune_a, personas.commune_b
    assert [numbering.next_number(a, "document:TB:2026") for _ in range(3)] == [1, 2, 3]
    assert numbering.next_number(b, "document:TB:2026") == 1
    assert numbering.next_number(a, "document:TB:2027") == 1
    assert numbering.last_issued(a, "document:TB:2026") == 3
    assert numbering.last_issued(a, "document:QĐ:2026") == 0


@pytest.mark.django_db
def test_a_block_of_numbers_is_reserved_at_once(personas: Personas) -> None:
    unit = personas.commune_a
    assert numbering.reserve(unit, "dossier:X-|", 500) == 500
    assert numbering.next_number(unit, "dossier:X-|") == 501
    with pytest.raises(ValueError):
        numbering.reserve(unit, "dossier:X-|", 0)
    with pytest.raises(ValueError):
        numbering.reserve(unit, "bad\x00series")


@pytest.mark.django_db
def test_advancing_a_counter_moves_it_forward_only(personas: Personas) -> None:
    unit = personas.commune_a
    assert numbering.advance_to(unit, "petition:2024", 40) == 40  # a new series starts at the imported number
    assert numbering.next_number(unit, "petition:2024") == 41
    assert numbering.advance_to(unit, "petition:2024", 12) == 41  # never back: 41 was issued
    assert numbering.advance_to(unit, "petition:2024", 60) == 60
    assert numbering.next_number(unit, "petition:2024") == 61
    with pytest.raises(ValueError):
        numbering.advance_to(unit, "petition:2024", -1)


@pytest.mark.django_db
def test_a_rolled_back_reservation_gives_its_number_back(personas: Personas) -> None:
    unit = personas.commune_a
    numbering.next_number(unit, "letter:apology:2026")
    with pytest.raises(RuntimeError), transaction.atomic():
        numbering.next_number(unit, "letter:apology:2026")
        raise RuntimeError("the approval failed after the number was taken")
    assert numbering.next_number(unit, "letter:apology:2026") == 2


def test_document_number_is_written_as_in_official_documents() -> None:
    assert numbering.document_number(15, "TB-UBND") == "15/TB-UBND"
    assert numbering.document_series("TB", 2026) == "document:TB:2026"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_share_a_number(personas: Personas) -> None:
    assert connection.vendor == "postgresql"
    workers, each = 8, 25
    barrier = threading.Barrier(workers)
    taken: list[int] = []
    failures: list[str] = []
    lock = threading.Lock()

    def official() -> None:
        try:
            barrier.wait()
            for _ in range(each):
                with transaction.atomic():
                    n = numbering.next_number(personas.commune_a.pk, "document:TB:2026")
                with lock:
                    taken.append(n)
        except Exception as exc:  # collected and asserted below, so a thread never dies silently
            failures.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=official) for _ in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    assert sorted(taken) == list(range(1, workers * each + 1))
