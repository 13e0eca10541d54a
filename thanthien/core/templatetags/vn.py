from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import template

from thanthien.lib import vn

register = template.Library()


@register.filter
def vndate(value: dt.date | dt.datetime | None) -> str:
    return vn.fmt_date(value)


@register.filter
def vndatetime(value: dt.datetime | None) -> str:
    return vn.fmt_datetime(value)


@register.filter
def vnnumber(value: int | float | Decimal | None, decimals: int = 0) -> str:
    return vn.fmt_number(value, int(decimals))


@register.filter
def vnpercent(ratio: float | Decimal | None, decimals: int = 2) -> str:
    return vn.fmt_percent(ratio, int(decimals))


@register.filter
def longdate(value: dt.date) -> str:
    return vn.long_date(value)


@register.filter
def weekday(value: dt.date) -> str:
    return vn.weekday_name(value)


@register.simple_tag(takes_context=True)
def query_with(context: Any, **changes: Any) -> str:
    """The current query string with some parameters replaced (pagination keeps filters)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        params[key] = value
    return params.urlencode()


@register.filter
def opens(url: str | None, request: Any) -> bool:
    """`{% if f.url|opens:request %}`: link a figure only for those whose role opens its records' page."""
    from thanthien.org.access import may_open

    return request is not None and may_open(request, url)
