"""Period figures of the civil registry: births, marriages, deaths and marriage ceremonies, one SQL aggregate.

The period [start, end] covers whole days (both included). An event counts in the period of its registration
day; a ceremony counts in the period of its day (the registration day when the ceremony's day was not noted).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q

from thanthien.lib.stats import register_stats
from thanthien.org.models import Unit
from thanthien.org.queries import stats_unit_ids

from .models import CivilEvent, EventKind


def civil_stats(unit: Unit, start: dt.date, end: dt.date) -> dict[str, Any]:
    """The registered compute for `thanthien stats civil`: the published JSON shape."""
    period = (start, end)
    registered = Q(registered_on__range=period)
    ceremony = Q(kind=EventKind.MARRIAGE, ceremony_held=True) & (
        Q(ceremony_on__range=period) | Q(ceremony_on__isnull=True, registered_on__range=period)
    )
    figures = (
        CivilEvent.objects.filter(unit_id__in=stats_unit_ids(unit))
        .filter(registered | Q(kind=EventKind.MARRIAGE, ceremony_held=True, ceremony_on__range=period))
        .order_by()
        .aggregate(
            births=Count("pk", filter=registered & Q(kind=EventKind.BIRTH)),
            marriages=Count("pk", filter=registered & Q(kind=EventKind.MARRIAGE)),
            deaths=Count("pk", filter=registered & Q(kind=EventKind.DEATH)),
            ceremonies=Count("pk", filter=ceremony),
        )
    )
    births, marriages, deaths = figures["births"], figures["marriages"], figures["deaths"]
    return {
        "unit": unit.code,
        "from": start.isoformat(),
        "to": end.isoformat(),
        "births": births,
        "marriages": marriages,
        "deaths": deaths,
        "ceremonies": figures["ceremonies"],
        "total": births + marriages + deaths,
    }


LABELS = {
    "births": "Đăng ký khai sinh",
    "marriages": "Đăng ký kết hôn",
    "deaths": "Đăng ký khai tử",
    "ceremonies": "Lễ trao giấy chứng nhận kết hôn",
    "total": "Tổng số sự kiện hộ tịch",
}

register_stats(
    "civil",
    "Hộ tịch",
    civil_stats,
    LABELS,
    identities=("total = births + marriages + deaths",),
    shape={
        "unit": str,
        "from": str,
        "to": str,
        "births": int,
        "marriages": int,
        "deaths": int,
        "ceremonies": int,
        "total": int,
    },
    indicators={
        "births": ("Số trường hợp đăng ký khai sinh", "births"),
        "marriages": ("Số trường hợp đăng ký kết hôn", "marriages"),
        "deaths": ("Số trường hợp đăng ký khai tử", "deaths"),
        "ceremonies": ("Số lễ trao giấy chứng nhận kết hôn", "ceremonies"),
    },
)
