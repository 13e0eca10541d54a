"""Two officers saving at the same instant must never get the same dossier code."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone

from tests.conftest import Personas
from thanthien.documents.models import NumberCounter
from thanthien.onestop.models import Dossier, Procedure

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

WORKERS = 8
EACH = 5


def test_concurrent_intake_gives_unique_codes(personas: Personas) -> None:
    assert connection.vendor == "postgresql"
    procedure = Procedure.objects.get(code="2.000815").pk
    # One recent moment for every desk: the desk refuses moments older than 30 days, and one day keeps one series.
    received_at = f"{timezone.localtime() - dt.timedelta(hours=1):%d/%m/%Y %H:%M}"
    barrier = threading.Barrier(WORKERS)
    failures: list[str] = []

    def desk(user_index: int) -> None:
        from django.db import connections

        client = Client()
        client.force_login(personas.officer_a if user_index % 2 else personas.admin_a)
        barrier.wait()
        try:
            for i in range(EACH):
                response = client.post(
                    "/mot-cua/tiep-nhan/",
                    {
                        "procedure": procedure,
                        "channel": "direct",
                        "applicant_name": f"Người nộp {user_index}-{i}",
                        "received_at": received_at,
                    },
                )
                if response.status_code != 302:
                    failures.append(f"{user_index}-{i}: {response.status_code}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=desk, args=(n,)) for n in range(WORKERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    codes = list(Dossier.objects.values_list("code", flat=True))
    assert len(codes) == WORKERS * EACH == len(set(codes))
    numbers = sorted(int(code.rsplit("-", 1)[1]) for code in codes)
    assert numbers == list(range(1, WORKERS * EACH + 1))  # no gaps, no repeats
    # The one numbering service holds the dossier series, at the last number issued.
    counter = NumberCounter.objects.get(unit=personas.commune_a, series__startswith="dossier:")
    assert counter.value == WORKERS * EACH
