"""`thanthien stats letters`: the exact JSON for a constructed scenario — dates by status, cancelled letters,
birth/marriage split, merged units, and late dossiers without an approved or delivered apology."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from tests.conftest import Personas, make_unit
from tests.onestop.factories import make_dossier, vn
from thanthien.civil.models import CivilEvent
from thanthien.letters.models import Letter, LetterKind, LetterStatus, SubjectType
from thanthien.letters.stats import letter_stats
from thanthien.lib.stats import STATS
from thanthien.onestop.models import Dossier, Status
from thanthien.org.models import Unit, UnitKind

pytestmark = pytest.mark.django_db

START, END = dt.date(2026, 1, 1), dt.date(2026, 3, 31)
KEYS = [
    "unit",
    "from",
    "to",
    "total",
    "apology",
    "thanks",
    "congratulation",
    "condolence",
    "by_status",
    "late_dossiers_without_apology",
]
_seq = iter(range(1, 10**6))


def letter(
    unit: Unit, kind: str, status: str, owed_on: dt.date, letter_date: dt.date | None = None, **extra: Any
) -> Letter:
    values: dict[str, Any] = {
        "unit": unit,
        "kind": kind,
        "status": status,
        "subject_type": SubjectType.CONTRIBUTION,
        "subject_id": f"s{next(_seq)}",
        "owed_on": owed_on,
        "letter_date": letter_date,
        "recipient_name": "Người nhận",
    }
    if status == LetterStatus.CANCELLED:
        values["cancel_reason"] = "trùng"
    return Letter.objects.create(**(values | extra))


def event(unit: Unit, kind: str) -> CivilEvent:
    return CivilEvent.objects.create(unit=unit, kind=kind, registered_on=dt.date(2026, 1, 2), contact_name="A")


def late(unit: Unit, due: dt.datetime, **fields: Any) -> Dossier:
    return make_dossier(unit, received_at=due - dt.timedelta(days=3), due_at=due, **fields)


def apology_for(dossier: Dossier, status: str, owed_on: dt.date, letter_date: dt.date | None = None) -> Letter:
    return letter(
        dossier.unit,
        LetterKind.APOLOGY,
        status,
        owed_on,
        letter_date,
        dossier=dossier,
        subject_type=SubjectType.DOSSIER,
        subject_id=str(dossier.pk),
    )


@pytest.fixture
def scenario(personas: Personas) -> Unit:
    a, b = personas.commune_a, personas.commune_b
    merged = make_unit(
        "X16013", "Xã Hoằng Xuân", UnitKind.COMMUNE, personas.district, valid_to=dt.date(2025, 6, 30), successor=a
    )
    A, D, C = LetterStatus.APPROVED, LetterStatus.DELIVERED, LetterStatus.CANCELLED
    draft = LetterStatus.DRAFT

    # Dossiers: late in the period (resolved late, or open and overdue at its end), or not.
    d1 = late(a, vn(2026, 2, 3, 17), status=Status.RESOLVED, resolved_at=vn(2026, 2, 5, 9))  # late, apology signed
    late(a, vn(2026, 2, 3, 17), status=Status.RESOLVED, resolved_at=vn(2026, 2, 6, 9))  # late, no apology → 1
    d3 = late(a, vn(2026, 2, 3, 17), status=Status.RESOLVED, resolved_at=vn(2026, 2, 7, 9))  # only a draft → 2
    late(a, vn(2026, 2, 3, 17), status=Status.RESOLVED, resolved_at=vn(2026, 2, 3, 9))  # on time
    late(a, vn(2026, 3, 20, 17), status=Status.PROCESSING)  # open and overdue at the end → 3
    d6 = late(a, vn(2026, 4, 10, 17), status=Status.PROCESSING)  # overdue only after the period
    late(a, vn(2025, 12, 1, 17), status=Status.RESOLVED, resolved_at=vn(2025, 12, 5, 9))  # late before the period
    late(a, vn(2026, 3, 25, 17), status=Status.RESOLVED, resolved_at=vn(2026, 4, 5, 9))  # open, overdue at end → 4
    d9 = late(b, vn(2026, 2, 3, 17), status=Status.RESOLVED, resolved_at=vn(2026, 2, 5, 9))  # commune B, apologised
    d10 = late(a, vn(2026, 3, 1, 17), status=Status.PROCESSING)  # overdue, apology delivered last year
    late(  # awaiting a supplement at the end: the clock is stopped
        a, vn(2026, 3, 5, 17), status=Status.SUPPLEMENT, supplement_requested_at=vn(2026, 3, 1, 9)
    )
    late(a, vn(2026, 3, 5, 17), status=Status.WITHDRAWN, ended_at=vn(2026, 3, 4, 9))  # withdrawn

    # Letters of commune A (and the commune merged into it).
    apology_for(d1, A, dt.date(2026, 1, 30), dt.date(2026, 2, 10))  # in: apology, approved
    apology_for(d3, draft, dt.date(2025, 12, 30))  # out: a draft dates from the day it became owed
    apology_for(d6, A, dt.date(2026, 3, 30), dt.date(2026, 4, 2))  # out: signed after the period
    apology_for(d10, D, dt.date(2025, 12, 19), dt.date(2025, 12, 20))  # out: signed before
    letter(a, LetterKind.CONGRATULATION, D, dt.date(2025, 12, 28), dt.date(2026, 1, 5), civil_event=event(a, "birth"))
    letter(a, LetterKind.CONGRATULATION, draft, END, civil_event=event(a, "marriage"))
    letter(a, LetterKind.CONGRATULATION, C, dt.date(2026, 2, 1), civil_event=event(a, "birth"))  # cancelled: counted
    letter(a, LetterKind.CONDOLENCE, D, dt.date(2025, 12, 30), dt.date(2025, 12, 31))  # out
    letter(a, LetterKind.CONDOLENCE, draft, START)
    letter(a, LetterKind.THANKS, A, dt.date(2025, 12, 1), dt.date(2026, 3, 15))  # in by its signing date
    letter(a, LetterKind.THANKS, C, dt.date(2026, 4, 1))  # out
    letter(merged, LetterKind.CONDOLENCE, draft, dt.date(2026, 2, 2))  # in: merged into commune A
    # Commune B.
    apology_for(d9, D, dt.date(2026, 2, 4), dt.date(2026, 2, 4))
    return a


def test_commune_figures(scenario: Unit) -> None:
    result = letter_stats(scenario, START, END)
    assert list(result) == KEYS
    assert result == {
        "unit": "X16012",
        "from": "2026-01-01",
        "to": "2026-03-31",
        "total": 7,
        "apology": 1,
        "thanks": 1,
        "congratulation": {"total": 3, "birth": 2, "marriage": 1},
        "condolence": 2,
        "by_status": {"draft": 3, "approved": 2, "delivered": 1, "cancelled": 1, "withdrawn": 0},
        "late_dossiers_without_apology": 4,
    }
    parts = result["apology"] + result["thanks"] + result["congratulation"]["total"] + result["condolence"]
    assert result["total"] == sum(result["by_status"].values()) == parts


def test_district_adds_its_communes(scenario: Unit, personas: Personas) -> None:
    result = letter_stats(personas.district, START, END)
    assert (result["unit"], result["total"], result["apology"]) == ("H399", 8, 2)
    assert result["by_status"] == {"draft": 3, "approved": 2, "delivered": 2, "cancelled": 1, "withdrawn": 0}
    assert result["late_dossiers_without_apology"] == 4
    assert letter_stats(personas.commune_b, START, END)["late_dossiers_without_apology"] == 0
    empty = letter_stats(personas.other_province, START, END)
    assert empty["total"] == 0 and empty["congratulation"] == {"total": 0, "birth": 0, "marriage": 0}


def test_a_period_not_yet_over_counts_overdue_as_of_now(personas: Personas) -> None:
    late(personas.commune_a, vn(2026, 11, 20, 17), status=Status.PROCESSING)
    result = letter_stats(personas.commune_a, dt.date(2026, 11, 1), dt.date(2026, 11, 30), now=vn(2026, 11, 19, 9))
    assert result["late_dossiers_without_apology"] == 0
    result = letter_stats(personas.commune_a, dt.date(2026, 11, 1), dt.date(2026, 11, 30), now=vn(2026, 11, 21, 9))
    assert result["late_dossiers_without_apology"] == 1


def test_command_prints_the_json(scenario: Unit) -> None:
    out = StringIO()
    call_command(
        "stats", "letters", "--unit", "X16012", "--from", "2026-01-01", "--to", "2026-03-31", "--json", stdout=out
    )
    assert json.loads(out.getvalue()) == letter_stats(scenario, START, END)
    assert "letters" in STATS
    out = StringIO()
    call_command("stats", "letters", "--unit", "X16012", "--from", "2026-01-01", "--to", "2026-03-31", stdout=out)
    table = out.getvalue()
    assert "Thư gửi công dân – Xã Hoằng Hợp (X16012)" in table
    assert "Hồ sơ trễ hẹn chưa có thư xin lỗi đã ký" in table and "– khai sinh" in table
