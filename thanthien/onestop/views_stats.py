"""The period statistics page: the figures of `stats.py` for one unit and period, with their breakdowns."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from thanthien.core import vn
from thanthien.core.vn import parse_day as vn_parse_day
from thanthien.org.access import protected
from thanthien.org.models import Role, Unit
from thanthien.org.queries import stats_unit_ids, valid_on
from thanthien.org.scoping import can_see_unit, primary_unit, visible_units

from . import stats as figures

STATS_ROLES = (
    Role.ONESTOP_OFFICER,
    Role.CIVIL_REGISTRAR,
    Role.COMMUNE_ADMIN,
    Role.LEADER,
    Role.SUPERVISOR,
    Role.FRONT,
)


def parse_day(text: str, label: str) -> tuple[dt.date | None, str | None]:
    """dd/mm/yyyy (also yyyy-mm-dd) → (date, None), or (None, a Vietnamese message)."""
    value = text.strip()
    if (day := vn_parse_day(value)) is not None:
        return day, None
    return None, f"{label} “{value}” không hợp lệ; vui lòng nhập theo dạng ngày/tháng/năm, ví dụ 31/03/2026."


def quick_periods(today: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    quarter_start = dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    return [
        ("Tháng này", today.replace(day=1), today),
        ("Quý này", quarter_start, today),
        ("Năm nay", dt.date(today.year, 1, 1), today),
        ("6 tháng đầu năm", dt.date(today.year, 1, 1), dt.date(today.year, 6, 30)),
    ]


def _default_unit(request: HttpRequest) -> Unit | None:
    """A commune official's commune, a supervisor's unit; a system administrator starts at the first top unit."""
    return primary_unit(request.user) or Unit.objects.filter(parent__isnull=True).order_by("path").first()


def _unit_choices(request: HttpRequest, selected: Unit | None, today: dt.date) -> list[tuple[Unit, str]]:
    units = list(visible_units(request.user).filter(valid_on(today)).order_by("path"))
    if selected is not None and all(u.pk != selected.pk for u in units):
        units.append(selected)  # a merged unit chosen by code stays selectable
    top = min((u.path.count("/") for u in units), default=0)
    return [(u, "\u00a0\u00a0" * (u.path.count("/") - top) + u.name) for u in units]


def _period_url(unit: Unit | None, start: dt.date, end: dt.date) -> str:
    params = {"from": vn.fmt_date(start), "to": vn.fmt_date(end)}
    if unit is not None:
        params = {"unit": unit.code, **params}
    return "?" + urlencode(params)


@protected(*STATS_ROLES)
def stats(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    errors: list[str] = []
    code = (request.GET.get("unit") or "").strip()
    unit: Unit | None
    if code:
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            errors.append(f"Không tìm thấy đơn vị có mã “{code}”.")
        elif not can_see_unit(request.user, unit):
            raise PermissionDenied("Bạn không được xem số liệu của đơn vị này.")
    else:
        unit = _default_unit(request)
    if unit is None and not errors:
        errors.append("Chưa có đơn vị nào trong hệ thống.")

    start_text = (request.GET.get("from") or "").strip() or vn.fmt_date(dt.date(today.year, 1, 1))
    end_text = (request.GET.get("to") or "").strip() or vn.fmt_date(today)
    start, start_error = parse_day(start_text, "Từ ngày")
    end, end_error = parse_day(end_text, "Đến ngày")
    errors += [e for e in (start_error, end_error) if e]
    if start and end and start > end:
        errors.append("“Từ ngày” phải trước hoặc trùng “Đến ngày”.")

    context: dict[str, Any] = {
        "unit": unit,
        "units": _unit_choices(request, unit, today),
        "start_text": start_text,
        "end_text": end_text,
        "errors": errors,
        "quick": [(label, _period_url(unit, s, e)) for label, s, e in quick_periods(today)],
    }
    if not errors and unit is not None and start is not None and end is not None:
        context.update(_figures(unit, start, end))
    return render(request, "onestop/stats.html", context)


def _figures(unit: Unit, start: dt.date, end: dt.date) -> dict[str, Any]:
    now = timezone.now()
    ids = stats_unit_ids(unit)
    total = figures.period_stats(ids, start, end, unit=unit, now=now)
    tables = [
        ("theo-kenh", "Theo kênh tiếp nhận", "Kênh", figures.stats_by_channel(ids, start, end, unit=unit, now=now)),
        ("theo-linh-vuc", "Theo lĩnh vực", "Lĩnh vực", figures.stats_by_field(ids, start, end, unit=unit, now=now)),
        (
            "theo-thu-tuc",
            "Theo thủ tục",
            "Thủ tục",
            figures.stats_by_procedure(ids, start, end, unit=unit, now=now),
        ),
        (
            "theo-can-bo",
            "Theo người tiếp nhận",
            "Người tiếp nhận",
            figures.stats_by_officer(ids, start, end, unit=unit, now=now),
        ),
    ]
    if not unit.is_commune_level:
        communes = figures.stats_by_commune(unit, start, end, now=now)
        for row in communes:
            row["url"] = _period_url(row["unit"], start, end)
        tables.append(
            ("theo-xa", "Theo xã, phường (số liệu đơn vị đã sáp nhập cộng vào đơn vị kế thừa)", "Đơn vị", communes)
        )
    finish = figures.period_moments(start, end)[1]
    return {
        "stats": total,
        "start": start,
        "end": end,
        "incoming": total["carried_over"] + total["received"]["total"],
        "outgoing": figures.outgoing(total),
        "balanced": figures.identity_holds(total),
        "period_running": finish > now,
        "now": now,
        "tables": [{"id": i, "title": t, "key_header": k, "rows": rows} for i, t, k, rows in tables],
    }


urlpatterns = [path("thong-ke/", stats, name="stats")]
