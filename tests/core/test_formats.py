from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.template import Context, Template

from thanthien.lib.vn import fmt_date, fmt_datetime, fmt_number, fmt_percent, long_date, sort_names


def test_dates_numbers_and_percentages() -> None:
    assert fmt_date(dt.date(2024, 11, 5)) == "05/11/2024"
    assert fmt_number(1965) == "1.965"
    assert fmt_number(1234567.891, 2) == "1.234.567,89"
    assert fmt_percent(0.9877) == "98,77 %"
    assert fmt_percent(None) == "–"
    assert long_date(dt.date(2024, 11, 5)) == "ngày 05 tháng 11 năm 2024"
    assert long_date(dt.date(2024, 2, 15)) == "ngày 15 tháng 02 năm 2024"
    utc = dt.datetime(2024, 11, 5, 1, 30, tzinfo=ZoneInfo("UTC"))
    assert fmt_datetime(utc) == "08:30 05/11/2024"


def test_template_filters_and_django_formats() -> None:
    out = Template("{{ d|date }} {{ d|vndate }} {{ n|vnnumber }} {{ r|vnpercent }} {{ pk }}").render(
        Context({"d": dt.date(2024, 11, 5), "n": 1965, "r": 0.9877, "pk": 1007})
    )
    # Figures are grouped on purpose; a record id printed into a form value or a link never is.
    assert out == "05/11/2024 05/11/2024 1.965 98,77 % 1007"


def test_vietnamese_sorting() -> None:
    names = ["Yến", "Đức", "Dũng", "Anh", "Ánh", "Ăn", "Ân", "Bình", "Ơn", "Ôn", "On", "Ưng", "Uyên"]
    assert sort_names(names) == [
        "Anh",
        "Ánh",
        "Ăn",
        "Ân",
        "Bình",
        "Dũng",
        "Đức",
        "On",
        "Ôn",
        "Ơn",
        "Uyên",
        "Ưng",
        "Yến",
    ]


def test_tone_order_breaks_ties() -> None:
    assert sort_names(["ma", "mạ", "má", "mã", "mả", "mà"]) == ["ma", "mà", "mả", "mã", "má", "mạ"]


def test_database_sorts_names_the_vietnamese_way(db: None) -> None:
    from django.db import connection
    from django.db.models.functions import Collate

    from thanthien.lib.sqlite import vi_collation
    from thanthien.org.models import Unit

    for i, name in enumerate(["Xã Yến", "Xã Đức", "Xã Dũng", "Xã Ân", "Xã An"]):
        Unit.objects.create(code=f"S{i}", name=name, kind="commune", path=f"/{i}/")
    ordered = list(
        Unit.objects.order_by(Collate("name", vi_collation(connection.vendor))).values_list("name", flat=True)
    )
    assert ordered == ["Xã An", "Xã Ân", "Xã Dũng", "Xã Đức", "Xã Yến"]
