"""The step × holiday combinations test_petition_limits.py does not cover: every kind of step over Tết 2025, Tết
2026, 30/4–1/5 2025 (with the Saturday 26/04/2025 worked) and 2/9 2025, on the default calendar. Each due day is
worked out by hand in the comment beside it; the explanation names a day off that the period crossed."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.conftest import Personas
from thanthien.engagement import actions
from thanthien.engagement.limits import deadlines
from thanthien.engagement.models import Petition

pytestmark = pytest.mark.django_db

D = dt.date


def receive(p: Personas, day: dt.date, kind: str, **extra: Any) -> Petition:
    data = {"received_on": day, "source": "post", "kind": kind, "petitioner_name": "Lê Văn Tám", "content": "Nội dung"}
    return actions.receive_petition(p.leader_a, p.commune_a, {**data, **extra})


@pytest.mark.parametrize(
    ("received", "expected", "crossed"),
    [
        (D(2026, 2, 6), D(2026, 2, 23), "16/02/2026"),  # +10 = Mon 16/02, Tết until Sun 22/02
        (D(2025, 8, 22), D(2025, 9, 3), "01/09/2025"),  # +10 = Mon 01/09, off with 02/09
        (D(2025, 4, 20), D(2025, 5, 5), "30/04/2025"),  # +10 = Wed 30/04, off until Sun 04/05
    ],
)
def test_complaint_acceptance(personas: Personas, received: dt.date, expected: dt.date, crossed: str) -> None:
    deadline = deadlines(receive(personas, received, "complaint"))["acceptance"]
    assert deadline.due == expected and crossed in deadline.explanation


@pytest.mark.parametrize(
    ("kind", "accepted", "expected", "crossed"),
    [
        ("complaint", D(2024, 12, 27), D(2025, 2, 3), "26/01/2025"),  # +30 = Sun 26/01, Tết until Sun 02/02
        ("complaint", D(2025, 3, 31), D(2025, 5, 5), "30/04/2025"),  # +30 = Wed 30/04
        ("complaint", D(2025, 8, 1), D(2025, 9, 3), "31/08/2025"),  # +30 = Sun 31/08, then 1–2/09 off
        ("denunciation", D(2024, 12, 30), D(2025, 2, 3), "29/01/2025"),  # +30 = Wed 29/01 (Mùng 1 Tết)
        ("denunciation", D(2026, 1, 16), D(2026, 2, 23), "15/02/2026"),  # +30 = Sun 15/02, Tết until 22/02
        ("denunciation", D(2025, 4, 1), D(2025, 5, 5), "01/05/2025"),  # +30 = Thu 01/05
        ("denunciation", D(2025, 8, 1), D(2025, 9, 3), "31/08/2025"),  # +30 = Sun 31/08
    ],
)
def test_resolution_from_acceptance(
    personas: Personas, kind: str, accepted: dt.date, expected: dt.date, crossed: str
) -> None:
    petition = actions.accept(personas.leader_a, receive(personas, accepted - dt.timedelta(days=3), kind), accepted)
    deadline = deadlines(Petition.objects.get(pk=petition.pk))["resolution"]
    assert deadline.due == expected and crossed in deadline.explanation
    assert f"kể từ ngày thụ lý {accepted:%d/%m/%Y}" in deadline.explanation


@pytest.mark.parametrize(
    ("received", "expected", "crossed"),
    [
        (D(2025, 1, 21), D(2025, 2, 6), "27/01/2025"),  # 22, 23, 24/01, then 3, 4, 5, 6/02
        (D(2026, 2, 10), D(2026, 2, 26), "16/02/2026"),  # 11, 12, 13/02, then 23, 24, 25, 26/02
    ],
)
def test_denunciation_initial_handling_over_tet(
    personas: Personas, received: dt.date, expected: dt.date, crossed: str
) -> None:
    deadline = deadlines(receive(personas, received, "denunciation"))["initial_handling"]
    assert (deadline.due, deadline.due_at.hour) == (expected, 17) and crossed in deadline.explanation


@pytest.mark.parametrize(
    ("kind", "received", "expected", "crossed"),
    [
        ("recommendation", D(2025, 4, 24), D(2025, 5, 5), "30/04/2025"),  # 25, Sat 26 (worked), 28, 29/04, 5/05
        ("recommendation", D(2025, 8, 28), D(2025, 9, 8), "02/09/2025"),  # 29/08, 3, 4, 5, 8/09
        ("feedback", D(2026, 2, 11), D(2026, 2, 25), "16/02/2026"),  # 12, 13, 23, 24, 25/02
    ],
)
def test_forwarding_outside_competence(
    personas: Personas, kind: str, received: dt.date, expected: dt.date, crossed: str
) -> None:
    petition = actions.classify(
        personas.leader_a, receive(personas, received, kind), eligible=True, within_competence=False, on=received
    )
    deadline = deadlines(petition)["forwarding"]
    assert deadline.due == expected and crossed in deadline.explanation


def test_forwarding_over_30_4_counts_the_worked_saturday(personas: Personas) -> None:
    petition = actions.classify(
        personas.leader_a,
        receive(personas, D(2025, 4, 24), "recommendation"),
        eligible=True,
        within_competence=False,
        on=D(2025, 4, 24),
    )
    assert any(line.startswith("Có tính Thứ Bảy 26/04/2025") for line in deadlines(petition)["forwarding"].lines)


@pytest.mark.parametrize(
    ("kind", "received", "expected", "crossed"),
    [
        ("recommendation", D(2025, 1, 20), D(2025, 2, 10), "27/01/2025"),  # 21–24/01, then 3–7, 10/02
        ("feedback", D(2025, 4, 22), D(2025, 5, 8), "01/05/2025"),  # 23, 24, 25, 26, 28, 29/04, 5, 6, 7, 8/05
        ("feedback", D(2025, 8, 27), D(2025, 9, 12), "01/09/2025"),  # 28, 29/08, 3, 4, 5, 8, 9, 10, 11, 12/09
    ],
)
def test_answer_within_competence(
    personas: Personas, kind: str, received: dt.date, expected: dt.date, crossed: str
) -> None:
    deadline = deadlines(receive(personas, received, kind))["answer"]
    assert deadline.due == expected and crossed in deadline.explanation


@pytest.mark.parametrize(
    ("received", "expected", "crossed"),
    [
        (D(2025, 1, 24), D(2025, 2, 14), "29/01/2025"),  # 3–7, 10–14/02
        (D(2026, 2, 12), D(2026, 3, 5), "17/02/2026"),  # 13, 23–27/02, 2–5/03
        (D(2025, 8, 29), D(2025, 9, 16), "02/09/2025"),  # 3, 4, 5, 8–12, 15, 16/09
    ],
)
def test_reply_after_a_reception(personas: Personas, received: dt.date, expected: dt.date, crossed: str) -> None:
    deadline = deadlines(receive(personas, received, "complaint", source="reception"))["reply"]
    assert deadline.due == expected and crossed in deadline.explanation
