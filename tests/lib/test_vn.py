"""One parser per kind of value (thanthien.lib.vn)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from thanthien.lib.vn import Lookup, fold, normalise_cccd, normalise_phone, parse_day, parse_moment, read_day


@pytest.mark.parametrize(
    "value",
    [
        "2024-10-08",
        "08/10/2024",
        "8/10/2024",
        "08.10.2024",
        "20241008",
        20241008,
        45573,
        45573.0,
        dt.date(2024, 10, 8),
        dt.datetime(2024, 10, 8, 9, 30),
    ],
)
def test_one_day_parser_takes_text_cells_and_excel_serials(value: object) -> None:
    assert read_day(value) == dt.date(2024, 10, 8)


@pytest.mark.parametrize("value", ["10/2024", "31/02/2024", "01/01/0135", "2300-01-01", True, "45573"])
def test_bad_days_are_refused(value: object) -> None:
    with pytest.raises(ValueError):
        read_day(value)
    assert parse_day(value) is None


def test_iso_only_days_and_empty() -> None:
    assert read_day("2025-06-30", iso_only=True) == dt.date(2025, 6, 30)
    with pytest.raises(ValueError):
        read_day("30/06/2025", iso_only=True)
    assert read_day("") is None and read_day(None) is None


def test_moments_are_bounded_and_vietnam_time() -> None:
    moment = parse_moment("08/10/2024 14:30")
    assert moment is not None and moment.utcoffset() == dt.timedelta(hours=7)
    with pytest.raises(ValueError):
        parse_moment("0135-01-01 08:00")


def test_one_phone_rule_for_cells_that_lost_the_leading_zero() -> None:
    for value in (912345678, 912345678.0, "912345678", "912345678.0", "'0912345678", "+84 912 345 678"):
        assert normalise_phone(value) == "0912345678"
    assert normalise_phone(2373852222) == "02373852222"
    assert normalise_phone(None) == normalise_phone("") == ""
    with pytest.raises(ValidationError):
        normalise_phone("0912")


def test_one_cccd_rule() -> None:
    assert normalise_cccd(1203004567) == "001203004567"  # a number cell lost two zeros
    assert normalise_cccd("001 203 004 567") == "001203004567"
    assert normalise_cccd(23456789) == "023456789"  # old CMND
    with pytest.raises(ValidationError):
        normalise_cccd("999203004567")


def test_label_lookup_folds_diacritics_case_and_punctuation() -> None:
    kinds = Lookup({"birth": ["Khai sinh"], "marriage": ["Kết hôn"]}, [("khai sinh", "birth")])
    assert kinds.get("KHAI SINH") == kinds.get("khai-sinh") == kinds.get("Đăng ký khai sinh") == "birth"
    assert kinds.get("ket hon") == "marriage" and kinds.get("x") is None
    assert fold("Bưu chính công ích") == "buu chinh cong ich"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", 12),
        (" 7 ", 7),
        ("0", None),
        ("-3", None),
        ("²", None),
        ("٣", None),
        ("9" * 30, None),
        ("", None),
        (None, None),
        ("2147483648", None),
        ("1e3", None),
    ],
)
def test_read_int_takes_only_plain_bounded_numbers(text: object, expected: int | None) -> None:
    from thanthien.lib.vn import read_int

    assert read_int(text) == expected
