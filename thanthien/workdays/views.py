from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from thanthien.org.access import protected, staff_user
from thanthien.org.models import Unit
from thanthien.org.scoping import can_see_unit, primary_unit, visible_units

from . import actions
from .calendar import statutory_holidays, swapped_working_days
from .forms import CutoffForm, ExceptionForm, TryForm, WeekForm
from .models import CalendarException
from .queries import ancestor_ids, calendar_for


def _unit(request: HttpRequest) -> Unit:
    code = request.GET.get("unit") or request.POST.get("unit")
    if code:
        unit = get_object_or_404(Unit, code=code)
        if not can_see_unit(request.user, unit):
            raise PermissionDenied("Bạn không xem được lịch của đơn vị này.")
        return unit
    fallback = primary_unit(request.user) or Unit.objects.order_by("path").first()
    if fallback is None:
        raise PermissionDenied("Chưa có đơn vị nào trong hệ thống.")
    return fallback


def _can_edit(request: HttpRequest, unit: Unit) -> bool:
    try:
        actions.check_can_edit(staff_user(request), unit)
    except PermissionDenied:
        return False
    return True


@protected()
def calendar(request: HttpRequest) -> HttpResponse:
    unit = _unit(request)
    cal = calendar_for(unit)
    year = _year(request.GET.get("year"))
    days = _year_days(unit, year)
    result = None
    try_form = TryForm(request.GET if "received" in request.GET else None)
    if try_form.is_bound and try_form.is_valid():
        data = try_form.cleaned_data
        received = data["received"]
        if data["mode"] == "same_day":
            result = cal.same_day(received)
        elif data["mode"] == "hours":
            result = cal.add_working_hours(received, float(data["amount"]))
        else:
            result = cal.add_working_days(received, float(data["amount"]))
    elif not try_form.is_bound:
        try_form = TryForm(initial={"received": timezone.localtime().replace(second=0, microsecond=0), "mode": "days"})
    context = {
        "unit": unit,
        "units": visible_units(request.user).order_by("path")[:500],
        "year": year,
        "days": days,
        "week": [(label, cal.week.get(day, [])) for day, label in enumerate(_WEEKDAY_LABELS)],
        "cutoff": cal.cutoff,
        "hours_per_day": cal.hours_per_day,
        "can_edit": _can_edit(request, unit),
        "exception_form": ExceptionForm(),
        "week_rows": _week_rows(WeekForm(week=cal.week)),
        "cutoff_form": CutoffForm(initial={"same_day_cutoff": cal.cutoff}),
        "try_form": try_form,
        "result": result,
    }
    return render(request, "workdays/calendar.html", context)


def _year(raw: str | None) -> int:
    this_year = timezone.localdate().year
    return int(raw) if raw and raw.isdigit() and 2000 <= int(raw) <= 2100 else this_year


_WEEKDAY_LABELS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]


def _week_rows(form: WeekForm) -> list[tuple[str, list[object]]]:
    return [
        (label, [form[f"d{day}_{i}_{j}"] for i in range(2) for j in range(2)])
        for day, label in enumerate(_WEEKDAY_LABELS)
    ]


def _year_days(unit: Unit, year: int) -> list[dict[str, object]]:
    """Holidays, swapped working days and exception days of `year`, in date order."""
    rows: dict[dt.date, dict[str, object]] = {}
    for day, name in statutory_holidays(year).items():
        rows[day] = {
            "date": day,
            "label": name,
            "kind": "Nghỉ lễ, tết",
            "source": "Bộ luật Lao động",
            "exc": None,
        }
    for day, reason in swapped_working_days(year).items():
        rows[day] = {
            "date": day,
            "label": reason,
            "kind": "Làm bù",
            "source": "Quyết định của Thủ tướng",
            "exc": None,
        }
    chain = ancestor_ids(unit)
    excs = CalendarException.objects.filter(
        Q(unit_id__in=chain) | Q(unit__isnull=True), date__year=year
    ).select_related("unit")
    for exc in sorted(excs, key=lambda e: (e.unit_id is None, -chain.index(e.unit_id) if e.unit_id in chain else 0)):
        rows[exc.date] = {
            "date": exc.date,
            "label": exc.reason + (f" ({exc.decision})" if exc.decision else ""),
            "kind": exc.get_kind_display(),
            "source": exc.unit.name if exc.unit else "Toàn quốc",
            "exc": exc if exc.unit_id == unit.pk else None,
        }
    return [rows[d] for d in sorted(rows)]


def _back(unit: Unit, anchor: str = "") -> HttpResponse:
    return redirect(f"{reverse('workdays:calendar')}?unit={unit.code}{anchor}")


@protected()
@require_POST
def add_exception(request: HttpRequest) -> HttpResponse:
    unit = _unit(request)
    form = ExceptionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return _back(unit, "#ngoai-le")
    data = form.cleaned_data
    try:
        actions.add_exception(staff_user(request), unit, data["date"], data["kind"], data["reason"], data["decision"])
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    else:
        messages.success(request, f"Đã thêm ngày {data['date']:%d/%m/%Y} vào lịch của {unit.name}.")
    return _back(unit, "#ngoai-le")


@protected()
@require_POST
def remove_exception(request: HttpRequest, pk: int) -> HttpResponse:
    exc = get_object_or_404(CalendarException.objects.select_related("unit"), pk=pk, unit__isnull=False)
    unit = exc.unit
    if unit is None or not can_see_unit(request.user, unit):
        raise PermissionDenied
    actions.remove_exception(staff_user(request), exc)
    messages.success(request, f"Đã xóa ngày {exc.date:%d/%m/%Y} khỏi danh sách ngoại lệ.")
    return _back(unit, "#ngoai-le")


@protected()
@require_POST
def save_week(request: HttpRequest) -> HttpResponse:
    unit = _unit(request)
    form = WeekForm(request.POST)
    if not form.is_valid():
        for error in form.non_field_errors() or ["Giờ làm việc không hợp lệ."]:
            messages.error(request, str(error))
        return _back(unit, "#gio-lam-viec")
    try:
        actions.set_week(staff_user(request), unit, form.week())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Đã lưu giờ làm việc. Hạn trả của các hồ sơ đang xử lý được tính lại theo lịch mới.")
    return _back(unit, "#gio-lam-viec")


@protected()
@require_POST
def save_cutoff(request: HttpRequest) -> HttpResponse:
    unit = _unit(request)
    form = CutoffForm(request.POST)
    if form.is_valid():
        actions.set_cutoff(staff_user(request), unit, form.cleaned_data["same_day_cutoff"])
        messages.success(request, "Đã lưu giờ chốt nhận hồ sơ trả trong ngày.")
    else:
        messages.error(request, "Giờ chốt không hợp lệ (ví dụ đúng: 15:00).")
    return _back(unit, "#gio-lam-viec")
