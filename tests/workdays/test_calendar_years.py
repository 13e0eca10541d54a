"""Years outside 2000–2100 are refused with a message, never a 500; dates keep 4-digit years (reviewer 3, 4)."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import Personas
from thanthien.audit.present import moment_text
from thanthien.lib.vn import fmt_date, fmt_datetime
from thanthien.workdays import actions
from thanthien.workdays.calendar import TZ, CalendarError, WorkCalendar
from thanthien.workdays.deadlines import CALENDAR_DAYS, WORKING_DAYS, due_moment
from thanthien.workdays.models import CalendarException, ExceptionKind


@pytest.mark.django_db
@pytest.mark.parametrize("received", ["31/12/9999 23:59", "01/01/0135 08:00", "31/12/2101 08:00", "31/12/1999 08:00"])
def test_the_calculator_refuses_years_it_cannot_count(personas: Personas, received: str) -> None:
    client = personas.client(personas.officer_a)
    response = client.get("/lich-lam-viec/", {"received": received, "amount": "3", "mode": "days"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "năm phải trong khoảng 2000–2100" in page and 'data-testid="due-result"' not in page


@pytest.mark.django_db
def test_the_calculator_still_answers_inside_the_range(personas: Personas) -> None:
    client = personas.client(personas.officer_a)
    page = client.get("/lich-lam-viec/", {"received": "31/12/2100 10:00", "amount": "3", "mode": "days"})
    assert page.status_code == 200 and 'data-testid="due-result"' in page.content.decode()


def test_counting_off_the_end_of_the_calendar_is_a_calendar_error() -> None:
    start = dt.datetime(9999, 12, 30, 9, 0, tzinfo=TZ)
    for kind in (WORKING_DAYS, CALENDAR_DAYS):
        with pytest.raises(CalendarError, match="Không tính được hạn"):
            due_moment(WorkCalendar(), start, kind, 3)


@pytest.mark.django_db
@pytest.mark.parametrize("day", ["01/01/0135", "31/12/9999", "31/12/1999", "01/01/2101"])
def test_an_exception_outside_the_years_is_refused(personas: Personas, day: str) -> None:
    client = personas.client(personas.admin_a)
    form = {"unit": "X16012", "date": day, "kind": "day_off", "reason": "Thử", "decision": "", "confirm": "1"}
    page = client.post("/lich-lam-viec/ngoai-le/them/", form, follow=True).content.decode()
    assert "năm phải trong khoảng 2000–2100" in page
    assert not CalendarException.objects.exists()


@pytest.mark.django_db
def test_the_action_refuses_it_too(personas: Personas) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="2000–2100"):
        actions.add_exception(personas.admin_a, personas.commune_a, dt.date(135, 1, 1), ExceptionKind.DAY_OFF, "Thử")
    assert not CalendarException.objects.exists()


def test_dates_keep_four_digit_years() -> None:
    assert fmt_date(dt.date(135, 1, 1)) == "01/01/0135"
    assert fmt_datetime(dt.datetime(135, 1, 1, 8, 5)) == "08:05 01/01/0135"
    assert moment_text(dt.datetime(2026, 1, 2, 1, 5, tzinfo=dt.UTC)) == "02/01/2026 08:05"
    assert moment_text(dt.datetime(135, 1, 2, 8, 5, tzinfo=TZ)).startswith("02/01/0135")
