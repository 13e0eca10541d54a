"""Every number of `thanthien stats letters` opens its records: the registry's list behind a figure holds exactly the
letters the figure counts (same unit, period and condition), scoped as the registry is, and a report's annex lists
the period's letters without any citizen's personal data."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import Client

from tests.conftest import Personas
from thanthien.civil.models import CivilEvent
from thanthien.letters.models import Letter, LetterKind, LetterStatus, SubjectType
from thanthien.letters.stats import LABELS, figure_conditions, letter_stats
from thanthien.lib import stats
from thanthien.org.models import Unit

pytestmark = pytest.mark.django_db

START, END = dt.date(2026, 1, 1), dt.date(2026, 3, 31)
NAME = "Đinh Thị Quyên"
_seq = iter(range(1, 10**6))


def letter(
    unit: Unit, kind: str, status: str, owed_on: dt.date, letter_date: dt.date | None = None, **extra: Any
) -> Letter:
    values: dict[str, Any] = {
        "unit": unit,
        "kind": kind,
        "status": status,
        "subject_type": SubjectType.CONTRIBUTION,
        "subject_id": f"r{next(_seq)}",
        "owed_on": owed_on,
        "letter_date": letter_date,
        "recipient_name": NAME,
    }
    if status in (LetterStatus.CANCELLED, LetterStatus.WITHDRAWN):
        values["cancel_reason"] = "trùng"
    if letter_date is not None:
        values |= {"year": letter_date.year, "number": next(_seq), "symbol": "TCO-UBND"}
    return Letter.objects.create(**(values | extra))


def congratulation(unit: Unit, event_kind: str, status: str, day: dt.date) -> Letter:
    event = CivilEvent.objects.create(unit=unit, kind=event_kind, registered_on=day, contact_name=NAME)
    signed = day if status in (LetterStatus.APPROVED, LetterStatus.DELIVERED) else None
    return letter(
        unit,
        LetterKind.CONGRATULATION,
        status,
        day,
        signed,
        subject_type=SubjectType.CIVIL_EVENT,
        subject_id=str(event.pk),
        civil_event=event,
    )


def dataset(unit: Unit) -> None:
    """Every kind and status, inside the period and just outside it, dated as the figures date them."""
    d = dt.date
    letter(unit, LetterKind.APOLOGY, LetterStatus.DRAFT, d(2026, 2, 1))
    letter(unit, LetterKind.APOLOGY, LetterStatus.APPROVED, d(2025, 12, 20), d(2026, 1, 5))  # signed in the period
    letter(unit, LetterKind.APOLOGY, LetterStatus.DELIVERED, d(2026, 3, 20), d(2026, 4, 2))  # signed after it
    letter(unit, LetterKind.APOLOGY, LetterStatus.WITHDRAWN, d(2026, 3, 31))
    letter(unit, LetterKind.THANKS, LetterStatus.DELIVERED, d(2026, 1, 1), d(2026, 1, 1), imported=True)
    letter(unit, LetterKind.THANKS, LetterStatus.CANCELLED, d(2026, 2, 10))
    letter(unit, LetterKind.THANKS, LetterStatus.DRAFT, d(2025, 12, 31))  # before the period
    letter(unit, LetterKind.CONGRATULATION, LetterStatus.DELIVERED, d(2026, 2, 2), d(2026, 2, 3))  # no event
    congratulation(unit, "birth", LetterStatus.DELIVERED, d(2026, 1, 15))
    congratulation(unit, "birth", LetterStatus.DRAFT, d(2026, 3, 1))
    congratulation(unit, "marriage", LetterStatus.APPROVED, d(2026, 2, 14))
    congratulation(unit, "marriage", LetterStatus.DELIVERED, d(2026, 4, 1))  # after the period
    letter(unit, LetterKind.CONDOLENCE, LetterStatus.DELIVERED, d(2026, 3, 3), d(2026, 3, 4))


@pytest.fixture
def letters(personas: Personas) -> Personas:
    dataset(personas.commune_a)
    dataset(personas.commune_b)
    letter(personas.commune_b, LetterKind.CONDOLENCE, LetterStatus.DRAFT, dt.date(2026, 2, 2))  # B differs from A
    return personas


def listed(client: Client, url: str) -> tuple[int, set[int]]:
    response = client.get(url)
    assert response.status_code == 200
    page = response.context["page_obj"]
    assert page.paginator.count < 30  # one page: every letter is on it
    return page.paginator.count, {x.pk for x in page.object_list}


def figure_keys() -> list[str]:
    return [key for key in LABELS if key != "late_dossiers_without_apology"]


def test_every_listable_figure_has_its_condition() -> None:
    assert set(figure_conditions()) == set(figure_keys())


@pytest.mark.parametrize("key", figure_keys())
def test_the_list_behind_each_figure_holds_exactly_the_letters_it_counts(letters: Personas, key: str) -> None:
    p = letters
    a, b = p.commune_a, p.commune_b
    url = stats.records_url("letters", key, a, START, END)
    assert url is not None
    query = parse_qs(urlsplit(url).query)
    assert query == {"figure": [key], "unit": ["X16012"], "from": ["01/01/2026"], "to": ["31/03/2026"]}
    figure = stats.value_at(letter_stats(a, START, END), key)
    theirs = set(Letter.objects.filter(unit=b).values_list("pk", flat=True))
    for user in (p.officer_a, p.leader_a, p.supervisor):
        count, pks = listed(p.client(user), url)
        assert count == figure, (user.username, key)
        assert not pks & theirs
    # The district's figure lists both communes' letters, for the supervisor above them.
    district_url = stats.records_url("letters", key, p.district, START, END)
    assert district_url is not None
    district_figure = stats.value_at(letter_stats(p.district, START, END), key)
    assert listed(p.client(p.supervisor), district_url)[0] == district_figure


def test_the_figures_are_not_trivial(letters: Personas) -> None:
    figures = letter_stats(letters.commune_a, START, END)
    assert figures["total"] == 10
    assert (figures["apology"], figures["thanks"], figures["condolence"]) == (3, 2, 1)
    assert figures["congratulation"] == {"total": 4, "birth": 2, "marriage": 1}
    assert figures["by_status"] == {"draft": 2, "approved": 2, "delivered": 4, "cancelled": 1, "withdrawn": 1}
    assert letter_stats(letters.commune_b, START, END)["condolence"] == 2


def test_the_list_says_which_figure_it_shows(letters: Personas) -> None:
    url = stats.records_url("letters", "congratulation.birth", letters.commune_a, START, END)
    assert url is not None
    response = letters.client(letters.leader_a).get(url)
    description = response.context["description"]
    assert "số liệu “Thư chúc mừng – khai sinh” của Xã Hoằng Hợp từ 01/01/2026 đến 31/03/2026" in description
    assert response.context["counts"]["total"] == 2


def test_another_commune_cannot_open_a_communes_figure(letters: Personas) -> None:
    url = stats.records_url("letters", "total", letters.commune_a, START, END)
    assert url is not None
    response = letters.client(letters.officer_b).get(url)
    assert response.status_code == 200
    _count, pks = listed(letters.client(letters.officer_b), url)
    assert not pks & set(Letter.objects.filter(unit=letters.commune_a).values_list("pk", flat=True))
    assert "bỏ qua chỉ tiêu" in response.context["description"]


@pytest.mark.parametrize(
    "query",
    [
        "figure=khong_co&unit=X16012&from=01/01/2026&to=31/03/2026",
        "figure=late_dossiers_without_apology&unit=X16012&from=01/01/2026&to=31/03/2026",
        "figure=total&unit=X16012",
        "figure=total&unit=X16012&from=31/02/2026&to=31/03/2026",
        "figure=total&unit=KHONGCO&from=01/01/2026&to=31/03/2026",
        "figure=total&from=01/01/2026&to=31/03/2026",
        "figure=" + "x" * 500 + "&unit=" + "y" * 500,
    ],
)
def test_a_figure_that_cannot_be_read_is_said_and_never_an_error(letters: Personas, query: str) -> None:
    response = letters.client(letters.leader_a).get(f"/thu/?{query}")
    assert response.status_code == 200
    assert "bỏ qua" in response.context["description"]


def test_figures_that_count_no_letters_open_no_list(personas: Personas) -> None:
    assert stats.records_url("letters", "late_dossiers_without_apology", personas.commune_a, START, END) is None
    assert stats.records_url("letters", "khong_co", personas.commune_a, START, END) is None


def test_the_annex_lists_the_periods_letters_without_personal_data(letters: Personas) -> None:
    assert [entry.name for entry in stats.listings("letters")] == ["letters.letters"]
    headers, rows = stats.listing("letters.letters", letters.commune_a, START, END)
    assert headers == ["Số thư", "Loại thư", "Ngày", "Tình trạng", "Cách gửi", "Nhập từ sổ cũ"]
    assert len(rows) == letter_stats(letters.commune_a, START, END)["total"]
    assert all(NAME not in str(cell) for row in rows for cell in row)
    imported = [row for row in rows if row[5] == "Có"]
    assert len(imported) == 1 and imported[0][1] == "Thư cảm ơn" and imported[0][2] == "01/01/2026"
    assert {row[3] for row in rows} >= {"Dự thảo", "Đã gửi đến người nhận", "Đã hủy"}
    # A draft is dated by the day it became owed, a signed letter by its signing day, in order.
    days = [dt.date(int(row[2][6:]), int(row[2][3:5]), int(row[2][:2])) for row in rows]
    assert days == sorted(days) and all(START <= day <= END for day in days)
    assert (
        len(stats.listing("letters.letters", letters.district, START, END)[1])
        == letter_stats(letters.district, START, END)["total"]
    )
