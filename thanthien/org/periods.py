"""The one period form of the pages: which unit and which days (both included) a page is asked for, read from
GET as the staff type them (dd/mm/yyyy, or yyyy-mm-dd), with Vietnamese messages instead of silently ignoring a
bad day. Statistics pages, the audit trail, registers and reports all read their period here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.http import Http404, HttpRequest
from django.utils import timezone

from thanthien.lib.vn import fmt_date, parse_day

from .models import Unit
from .scoping import can_see_unit, primary_unit

DAYS_IN_ORDER = "“Từ ngày” phải trước hoặc trùng “Đến ngày”."


def read_day(text: str, label: str) -> tuple[dt.date | None, str | None]:
    """dd/mm/yyyy (also yyyy-mm-dd) → (date, None), or (None, a Vietnamese message)."""
    value = text.strip()
    if (day := parse_day(value)) is not None and day.year >= 1900:
        return day, None
    return None, f"{label} “{value[:40]}” không hợp lệ; vui lòng nhập theo dạng ngày/tháng/năm, ví dụ 31/03/2026."


@dataclass
class Days:
    """The days asked for; either may be left open (None) where the page allows it."""

    start: dt.date | None
    end: dt.date | None
    start_text: str
    end_text: str
    errors: list[str] = field(default_factory=list)


def read_days(
    params: Mapping[str, str],
    default_start: dt.date | None = None,
    default_end: dt.date | None = None,
) -> Days:
    """`from` and `to` from `params`; an empty one takes its default (None: left open)."""
    texts = []
    days: list[dt.date | None] = []
    errors: list[str] = []
    for key, label, default in (("from", "Từ ngày", default_start), ("to", "Đến ngày", default_end)):
        text = (params.get(key) or "").strip()[:100]
        if not text:
            texts.append(fmt_date(default) if default else "")
            days.append(default)
            continue
        day, error = read_day(text, label)
        texts.append(text)
        days.append(day)
        if error:
            errors.append(error)
    start, end = days
    if start and end and start > end:
        errors.append(DAYS_IN_ORDER)
    return Days(start, end, texts[0], texts[1], errors)


@dataclass
class Period:
    """What a page was asked for: a unit and its days; `errors` in Vietnamese when it cannot be shown."""

    unit: Unit | None
    start: dt.date | None
    end: dt.date | None
    start_text: str
    end_text: str
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and self.unit is not None and self.start is not None and self.end is not None


def default_unit(request: HttpRequest) -> Unit | None:
    """A commune official's commune, a supervisor's unit; a system administrator starts at the first top unit."""
    return primary_unit(request.user) or Unit.objects.filter(parent__isnull=True).order_by("path").first()


def read_period(request: HttpRequest) -> Period:
    """`unit` (a code the user may read; default: their own), `from` (default 1 January) and `to` (default today).
    A unit the user may not read is "not found" (another commune's records are never confirmed to exist),
    never replaced by another."""
    today = timezone.localdate()
    errors: list[str] = []
    code = (request.GET.get("unit") or "").strip()
    unit: Unit | None
    if code:
        unit = Unit.objects.filter(code=code[:40]).first()
        if unit is None:
            errors.append(f"Không tìm thấy đơn vị có mã “{code[:40]}”.")
        elif not can_see_unit(request.user, unit):
            raise Http404("Không tìm thấy đơn vị này trong phạm vi bạn được xem.")
    else:
        unit = default_unit(request)
    if unit is None and not errors:
        errors.append("Chưa có đơn vị nào trong hệ thống.")
    days = read_days(request.GET, dt.date(today.year, 1, 1), today)
    return Period(unit, days.start, days.end, days.start_text, days.end_text, errors + days.errors)


def quick_periods(today: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    """The periods a statistics page offers in one click: this month, quarter, year, and the first half-year."""
    quarter_start = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    return [
        ("Tháng này", today.replace(day=1), today),
        ("Quý này", quarter_start, today),
        ("Năm nay", dt.date(today.year, 1, 1), today),
        ("6 tháng đầu năm", dt.date(today.year, 1, 1), dt.date(today.year, 6, 30)),
    ]


# A province has a few hundred communes; more than this in a picker is a data error, not a page to render.
MAX_UNIT_CHOICES = 2_000


def unit_choices(request: HttpRequest, selected: Unit | None, today: dt.date) -> list[tuple[Unit, str]]:
    """The units a statistics page's picker offers (those the user sees that are valid today, indented by depth);
    a merged unit chosen by its code stays selectable."""
    from .queries import valid_on
    from .scoping import visible_units

    units = list(visible_units(request.user).filter(valid_on(today)).order_by("path")[:MAX_UNIT_CHOICES])
    if selected is not None and all(u.pk != selected.pk for u in units):
        units.append(selected)
    top = min((u.path.count("/") for u in units), default=0)
    return [(u, "\u00a0\u00a0" * (u.path.count("/") - top) + u.name) for u in units]


def period_query(unit: Unit | None, start: dt.date, end: dt.date) -> str:
    """ "?unit=X16012&from=01/01/2026&to=31/03/2026": a period page's own address for that unit and those days."""
    from urllib.parse import urlencode

    params = {"from": fmt_date(start), "to": fmt_date(end)}
    if unit is not None:
        params = {"unit": unit.code, **params}
    return "?" + urlencode(params)


def period_form_context(request: HttpRequest, period: Period, today: dt.date) -> dict[str, object]:
    """What the one period form (core/_period_form.html) shows: the unit picker, the days as typed, the quick
    periods and the errors."""
    return {
        "unit": period.unit,
        "units": unit_choices(request, period.unit, today),
        "start_text": period.start_text,
        "end_text": period.end_text,
        "errors": period.errors,
        "quick": [(label, period_query(period.unit, s, e)) for label, s, e in quick_periods(today)],
    }
