"""The one period form: days typed as staff type them, defaults, and a Vietnamese message for every bad input
(never a silently ignored filter, never a server error)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404
from django.test import RequestFactory

from tests.conftest import Personas
from thanthien.org.periods import read_days, read_period


def test_days_as_staff_type_them() -> None:
    days = read_days({"from": "01/10/2024", "to": "2024-10-31"})
    assert (days.start, days.end, days.errors) == (dt.date(2024, 10, 1), dt.date(2024, 10, 31), [])


def test_empty_days_take_their_defaults_or_stay_open() -> None:
    assert read_days({}).start is None
    days = read_days({"to": ""}, dt.date(2024, 1, 1), dt.date(2024, 6, 30))
    assert (days.start, days.end, days.start_text) == (dt.date(2024, 1, 1), dt.date(2024, 6, 30), "01/01/2024")


@pytest.mark.parametrize("text", ["31/02/2026", "abc", "01/01/0135", "9" * 500, "1\x00"])
def test_a_bad_day_is_said_in_vietnamese(text: str) -> None:
    days = read_days({"from": text})
    assert days.start is None
    assert days.errors and "không hợp lệ" in days.errors[0]


def test_days_in_the_wrong_order_are_said() -> None:
    assert read_days({"from": "31/10/2024", "to": "01/10/2024"}).errors == [
        "“Từ ngày” phải trước hoặc trùng “Đến ngày”."
    ]


@pytest.mark.django_db
def test_the_unit_is_one_the_user_may_read(personas: Personas) -> None:
    request = RequestFactory().get("/", {"unit": personas.commune_a.code, "from": "01/10/2024", "to": "31/10/2024"})
    request.user = personas.supervisor
    assert read_period(request).ok
    request.user = personas.other_supervisor
    with pytest.raises(Http404, match="Không tìm thấy đơn vị này"):
        read_period(request)  # another commune's unit is "not found", like its records
    request = RequestFactory().get("/", {"unit": "KHONG-CO"})
    request.user = personas.supervisor
    assert read_period(request).errors == ["Không tìm thấy đơn vị có mã “KHONG-CO”."]
    request = RequestFactory().get("/")
    request.user = personas.officer_a
    assert read_period(request).unit == personas.commune_a
