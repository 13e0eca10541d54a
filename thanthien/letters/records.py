"""Behind the letters' figures (lib.stats register_records / register_listing): every number of
`thanthien stats letters` opens the registry's list of exactly the letters it counts, and a report's annex lists the
period's letters without any citizen's personal data."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.db.models import QuerySet
from django.urls import reverse

from thanthien.lib.vn import fmt_date
from thanthien.org.models import Unit
from thanthien.org.queries import stats_unit_ids

from .models import DeliveryMethod, Letter, LetterKind, LetterStatus
from .stats import SIGNED, figure_condition, in_period, period_letters

LISTING_LABEL = "Danh sách thư gửi công dân"
LISTING_HEADERS = ["Số thư", "Loại thư", "Ngày", "Tình trạng", "Cách gửi", "Nhập từ sổ cũ"]


def records_url(key: str, unit: Any, start: dt.date, end: dt.date) -> str | None:
    """The registry filtered to the letters figure `key` counts for `unit` in [start, end]; None for a figure that
    counts no letters (the dossiers late without an apology) or is not one of the letters' figures."""
    if figure_condition(key) is None:
        return None
    query = {"figure": key, "unit": unit.code, "from": fmt_date(start), "to": fmt_date(end)}
    return f"{reverse('letters:registry')}?{urlencode(query)}"


def figure_letters(qs: QuerySet[Letter], key: str, unit: Unit, start: dt.date, end: dt.date) -> QuerySet[Letter]:
    """`qs` (already scoped to the reader) narrowed to the letters figure `key` counts: the figure's own
    condition on the letters of its period, so the list's count is the figure."""
    condition = figure_condition(key)
    if condition is None:
        return qs.none()
    return qs.filter(unit_id__in=stats_unit_ids(unit)).filter(in_period(start, end)).filter(condition)


def letter_day(letter: Letter) -> dt.date:
    """The day the figures date a letter by (stats.in_period): signed once signed, else the day it became owed."""
    if letter.status in SIGNED and letter.letter_date is not None:
        return letter.letter_date
    return letter.owed_on


def letters_listing(unit: Any, start: dt.date, end: dt.date) -> tuple[list[str], list[list[Any]]]:
    """The period's letters for a report's annex: number, kind, date, status, how it was sent, imported — no
    recipient, no address, no subject (which could name a citizen)."""
    letters = (
        period_letters(unit, start, end)
        .only("kind", "status", "number", "symbol", "letter_date", "owed_on", "delivery_method", "imported")
        .order_by()
    )
    rows = sorted(letters, key=lambda x: (letter_day(x), x.kind, x.number or 0, x.pk))
    return LISTING_HEADERS, [
        [
            letter.number_text,
            str(LetterKind(letter.kind).label),
            fmt_date(letter_day(letter)),
            str(LetterStatus(letter.status).label),
            str(DeliveryMethod(letter.delivery_method).label)
            if letter.delivery_method in DeliveryMethod.values
            else "",
            "Có" if letter.imported else "Không",
        ]
        for letter in rows
    ]
