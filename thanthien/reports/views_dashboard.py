"""The dashboards' pages: /bao-cao/bang-dieu-khien/ (a commune's; a supervisor's when a supervisor opens it
without choosing a commune) and /bao-cao/bang-dieu-khien/cap-tren/ (a supervising unit's). Thin: which unit and
which days, then `dashboards` assembles the registry's figures."""

from __future__ import annotations

import datetime as dt

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from thanthien.org.access import protected
from thanthien.org.models import COMMUNE_KINDS, COMMUNE_ROLES, Role, Unit
from thanthien.org.periods import read_days
from thanthien.org.queries import valid_on
from thanthien.org.records import reading_commune
from thanthien.org.scoping import can_see_unit, is_system_admin, memberships, visible_units

from .dashboards import Span, commune_dashboard, supervisor_dashboard
from .models import REPORT_READERS

# A supervisor's dashboard over more than this many days is a report to run, not a page (the roll-up's own page).
MAX_DAYS = 366 * 5


def _supervises_only(request: HttpRequest) -> bool:
    held = {m.role for m in memberships(request.user)}
    return Role.SUPERVISOR in held and not held & COMMUNE_ROLES


@protected(*REPORT_READERS)
def dashboard(request: HttpRequest) -> HttpResponse:
    """A commune's dashboard; a supervisor who has not picked a commune sees the supervisor's."""
    code = (request.GET.get("unit") or "").strip()[:40]
    if _supervises_only(request) and (not code or _is_supervising_unit(code)):
        return dashboard_supervisor(request)
    today = timezone.localdate()
    unit, choices = reading_commune(request)
    context: dict[str, object] = {"unit": unit, "choices": choices, "today": today}
    if unit is not None:
        context["board"] = commune_dashboard(unit, today)
        context["supervisor"] = _supervises_only(request) or is_system_admin(request.user)
    return render(request, "reports/dashboard.html", context)


def _is_supervising_unit(code: str) -> bool:
    return Unit.objects.filter(code=code).exclude(kind__in=COMMUNE_KINDS).exists()


def _supervised_units(request: HttpRequest, today: dt.date) -> list[Unit]:
    """The units above communes the user may read that are valid today (a district, a province), by path."""
    units = visible_units(request.user).filter(valid_on(today)).exclude(kind__in=COMMUNE_KINDS)
    return list(units.order_by("path")[:500])


def _supervising_unit(request: HttpRequest, choices: list[Unit]) -> Unit | None:
    code = (request.GET.get("unit") or "").strip()[:40]
    if code:
        unit = Unit.objects.filter(code=code).exclude(kind__in=COMMUNE_KINDS).first()
        if unit is None or not can_see_unit(request.user, unit):
            raise Http404("Không tìm thấy đơn vị cấp trên này trong phạm vi bạn được xem.")
        return unit
    for m in memberships(request.user):
        if m.role == Role.SUPERVISOR and m.unit is not None and not m.unit.is_commune_level:
            return m.unit
    return choices[0] if choices else None


@protected(Role.SUPERVISOR)
def dashboard_supervisor(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    choices = _supervised_units(request, today)
    unit = _supervising_unit(request, choices)
    if unit is not None and all(u.pk != unit.pk for u in choices):
        choices.append(unit)
    days = read_days(request.GET, dt.date(today.year, 1, 1), today)
    errors = list(days.errors)
    if days.start and days.end and not errors and (days.end - days.start).days > MAX_DAYS:
        errors.append(
            "Kỳ xem trên bảng điều khiển dài nhất 5 năm; vui lòng chọn kỳ ngắn hơn hoặc lập báo cáo tổng hợp."
        )
    context: dict[str, object] = {
        "unit": unit,
        "choices": choices,
        "today": today,
        "start_text": days.start_text,
        "end_text": days.end_text,
        "errors": errors,
    }
    if unit is not None and days.start and days.end and not errors:
        context["board"] = supervisor_dashboard(unit, Span(days.start, days.end), today)
    return render(request, "reports/dashboard_supervisor.html", context)
