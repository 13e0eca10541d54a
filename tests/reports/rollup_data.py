"""A known district for the roll-up tests: Hoằng Hợp (A) with a commune merged into it before the period, Hoằng
Quý (B), and a commune of the district merged during the period into a ward of another province (its records
count in the district's own figures but in no listed commune: the "extra" row)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from tests.conftest import Personas, make_unit
from tests.onestop.factories import make_dossier, vn
from thanthien.engagement.models import Petition
from thanthien.engagement.reception import ReceptionSession
from thanthien.letters.models import Letter, LetterKind, LetterStatus, SubjectType
from thanthien.onestop.models import Status
from thanthien.org.models import Unit, UnitKind
from thanthien.programme.models import CriteriaSet, Recognition, Scoring
from thanthien.surveys import actions as survey_actions

START, END = dt.date(2026, 1, 1), dt.date(2026, 3, 31)
D = dt.date
_seq = iter(range(1, 10**6))


@dataclass
class Dataset:
    merged: Unit  # merged into A before the period
    moved: Unit  # merged into commune_c (another province) during the period


def _resolved(unit: Unit, received: dt.datetime, days: float, late: bool) -> None:
    due = received + dt.timedelta(days=days)
    resolved = due + dt.timedelta(hours=5) if late else due - dt.timedelta(days=1)
    make_dossier(unit, received_at=received, due_at=due, resolved_at=resolved, status=Status.RESOLVED)


def _letter(unit: Unit, day: dt.date, kind: str = LetterKind.THANKS) -> None:
    Letter.objects.create(
        unit=unit, kind=kind, status=LetterStatus.DELIVERED, subject_type=SubjectType.CONTRIBUTION,
        subject_id=f"s{next(_seq)}", owed_on=day, letter_date=day, recipient_name="Người nhận",
    )  # fmt: skip


def _session(unit: Unit, day: dt.date) -> None:
    ReceptionSession.objects.create(
        unit=unit, held_on=day, kind="regular", receiver="authorised", receiver_name="Trần Văn Dũng"
    )


def _petition(unit: Unit, received: dt.date, resolved: dt.date | None) -> None:
    Petition.objects.create(
        unit=unit, number=next(_seq), year=received.year, received_on=received, source="hand",
        kind="recommendation", content="Nội dung",
        petitioner_name="Lê Văn An", resolved_on=resolved, outcome="answered" if resolved else "",
    )  # fmt: skip


def _forms(unit: Unit, answers: list[str]) -> None:
    from tests.surveys.helpers import campaign, questionnaire

    imported = questionnaire(unit)
    c = campaign(unit, imported.version)
    for i, level in enumerate(answers):
        survey_actions.submit_response(c, "paper", {"q1": [level]}, day=D(2026, 2, 1 + i))


def build(p: Personas) -> Dataset:
    merged = make_unit(
        "X16099", "Xã Hoằng Cũ", UnitKind.COMMUNE, p.district, valid_to=D(2025, 12, 31), successor=p.commune_a
    )
    moved = make_unit(
        "X16097", "Xã Hoằng Xa", UnitKind.COMMUNE, p.district, valid_to=D(2026, 2, 28), successor=p.commune_c
    )
    a, b = p.commune_a, p.commune_b
    # Dossiers. A: 3 received, 2 early, 1 late; the merged commune: 1 carried over and resolved late in the period.
    _resolved(a, vn(2026, 1, 5, 9), 5, late=False)
    _resolved(a, vn(2026, 1, 6, 9), 5, late=False)
    _resolved(a, vn(2026, 2, 2, 9), 3, late=True)
    _resolved(merged, vn(2025, 12, 29, 9), 5, late=True)
    # B: 2 received, both early. The moved commune: 1 received and resolved early before it merged.
    _resolved(b, vn(2026, 1, 7, 9), 5, late=False)
    _resolved(b, vn(2026, 3, 2, 9), 5, late=False)
    _resolved(moved, vn(2026, 1, 8, 9), 5, late=False)
    make_dossier(b, received_at=vn(2025, 10, 1, 9))  # received before and still open: received 0, carried over
    make_dossier(p.commune_c, received_at=vn(2026, 1, 9, 9))  # elsewhere
    # Letters: A 2, B 1, moved 1, the merged commune 1 (dated in the period, carried by A).
    _letter(a, D(2026, 1, 20))
    _letter(a, D(2026, 2, 20), LetterKind.CONDOLENCE)
    _letter(b, D(2026, 3, 1))
    _letter(moved, D(2026, 1, 25))
    _letter(merged, D(2026, 1, 10))
    _letter(a, D(2025, 12, 31))  # before the period
    # Receptions: A 2 sessions, B 1.
    _session(a, D(2026, 1, 15))
    _session(a, D(2026, 2, 15))
    _session(b, D(2026, 3, 15))
    # Petitions resolved: A 1 (and one still open), B 2.
    _petition(a, D(2026, 1, 3), D(2026, 1, 20))
    _petition(a, D(2026, 2, 3), None)
    _petition(b, D(2026, 1, 4), D(2026, 2, 1))
    _petition(b, D(2025, 12, 4), D(2026, 1, 10))
    # Surveys: A 1 of 2 satisfied (50 %), B 3 of 3 (100 %).
    _forms(a, ["hl", "khl"])
    _forms(b, ["rhl", "hl", "hl"])
    # Recognition valid on the last day: A at district level, B at province level.
    Recognition.objects.create(unit=a, level="district", decided_on=D(2025, 5, 1), decision_number="10/QĐ-UBND")
    Recognition.objects.create(unit=b, level="province", decided_on=D(2025, 6, 1), decision_number="20/QĐ-UBND")
    Recognition.objects.create(unit=b, level="district", decided_on=D(2024, 6, 1), decision_number="21/QĐ-UBND")
    # Scores: A published for 2026 (khá, 78,5), B only a draft.
    criteria = CriteriaSet.objects.create(
        unit=p.province, code="mac_dinh", name="Bộ tiêu chí", valid_from=D(2023, 1, 1), thresholds={"tot": 80}
    )
    Scoring.objects.create(
        unit=a, year=2026, criteria_set=criteria, status="published", score_class="kha",
        verified_total=Decimal("78.50"), published_on=D(2026, 3, 1),
    )  # fmt: skip
    Scoring.objects.create(unit=b, year=2026, criteria_set=criteria, status="draft")
    return Dataset(merged, moved)
