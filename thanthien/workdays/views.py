from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from thanthien.lib.vn import fmt_date, read_int
from thanthien.org.access import protected, staff_user
from thanthien.org.models import Unit
from thanthien.org.scoping import can_see_unit, primary_unit, visible_units

from . import actions, impact
from .calendar import CalendarError, statutory_holidays, swapped_working_days
from .deadlines import due_moment
from .forms import CutoffForm, ExceptionForm, RollForwardForm, TryForm, WeekForm
from .models import CalendarChange, CalendarException
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
        try:
            result = due_moment(cal, data["received"], data["mode"], float(data["amount"] or 0))
        except CalendarError as exc:  # e.g. a calendar with no working time, or a deadline beyond 2100
            try_form.add_error(None, str(exc))
    elif not try_form.is_bound:
        try_form = TryForm(initial={"received": timezone.localtime().replace(second=0, microsecond=0), "mode": "days"})
    context = {
        "unit": unit,
        "units": visible_units(request.user).select_related("parent").order_by("path")[:500],
        "year": year,
        "days": days,
        "week": [(label, cal.week.get(day, [])) for day, label in enumerate(_WEEKDAY_LABELS)],
        "cutoff": cal.cutoff,
        "hours_per_day": cal.hours_per_day,
        "can_edit": _can_edit(request, unit),
        "exception_form": ExceptionForm(),
        "week_rows": _week_rows(WeekForm(week=cal.week)),
        "cutoff_form": CutoffForm(initial={"same_day_cutoff": cal.cutoff}),
        "roll_forward": cal.roll_forward,
        "roll_forward_form": RollForwardForm(initial={"roll_forward": "1" if cal.roll_forward else "0"}),
        "try_form": try_form,
        "result": result,
        "recent_changes": _recent_changes(unit),
    }
    return render(request, "workdays/calendar.html", context)


def _recent_changes(unit: Unit) -> list[CalendarChange]:
    """The latest saved changes that applied to this unit (its own, a unit above it, nationwide) and moved due dates."""
    chain = ancestor_ids(unit)
    qs = CalendarChange.objects.filter(Q(unit_id__in=chain) | Q(unit__isnull=True)).exclude(moves=[])
    return list(qs.select_related("unit").order_by("-made_at", "-pk")[:5])


def _year(raw: str | None) -> int:
    this_year = timezone.localdate().year
    return read_int(raw, 2000, 2100) or this_year


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


def _apply(request: HttpRequest, unit: Unit, change: Callable[[], object], success: str, anchor: str) -> HttpResponse:
    """Save a calendar change in two steps when it moves promised due dates: first show which open records
    would move and by how much (nothing saved), then save on confirmation and list them with their receipts
    to reprint. A change that moves nothing is saved at once."""
    try:
        if request.POST.get("confirm") != "1":
            planned = actions.preview(change)
            if planned is not None and planned.moves:
                return _confirm(request, unit, planned)
        saved = actions.save(change)
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
        return _back(unit, anchor)
    if saved is not None and saved.moves:
        messages.success(request, f"{success} Hạn trả của {len(saved.moves)} hồ sơ đang xử lý đã được tính lại.")
        return redirect("workdays:change", pk=saved.pk)
    messages.success(request, f"{success} Không hồ sơ đang xử lý nào phải đổi hạn trả.")
    return _back(unit, anchor)


def _confirm(request: HttpRequest, unit: Unit, planned: CalendarChange) -> HttpResponse:
    skip = ("csrfmiddlewaretoken", "confirm")
    fields = [(k, v) for k, values in request.POST.lists() if k not in skip for v in values]
    context = {"unit": unit, "change": planned, "fields": fields, "action": request.path}
    context |= _moves_context(request, planned)
    return render(request, "workdays/confirm.html", context)


def _moves_context(request: HttpRequest, change: CalendarChange) -> dict[str, object]:
    """The moves this user may see (their own units'), grouped for the page; the others only counted."""
    rows = [
        {**m, "old": dt.datetime.fromisoformat(m["old_due"]), "new": dt.datetime.fromisoformat(m["new_due"])}
        for m in _visible_moves(request, change)
    ]
    printable = _printable(request, rows)
    batches = [
        (i // REPRINT_BATCH + 1, i + 1, min(i + REPRINT_BATCH, len(printable)))
        for i in range(0, len(printable), REPRINT_BATCH)
    ]
    return {"rows": rows, "hidden_count": len(change.moves) - len(rows), "printable": printable, "batches": batches}


def _visible_moves(request: HttpRequest, change: CalendarChange) -> list[dict[str, Any]]:
    return [m for m in change.moves if can_see_unit(request.user, int(m["unit_id"]))]


def _printable(request: HttpRequest, moves: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Receipts carry the applicant's personal data and lookup PIN: the app that issued them decides who reprints
    (for a receipt, the desk of the dossier's own unit and system administrators), never workdays."""
    allowed: dict[tuple[str, int], bool] = {}
    for m in moves:
        key = (m["holder"], int(m["unit_id"]))
        if m.get("print_url") and key not in allowed:
            allowed[key] = impact.may_reprint(request.user, *key)
    return [m for m in moves if m.get("print_url") and allowed[(m["holder"], int(m["unit_id"]))]]


def _may_see_change(request: HttpRequest, change: CalendarChange) -> bool:
    if change.unit is None or can_see_unit(request.user, change.unit):
        return True
    return any(can_see_unit(request.user, int(m["unit_id"])) for m in change.moves)


NOT_PRINTER = (
    "Giấy hẹn ghi họ tên, số CCCD, điện thoại, địa chỉ và mã tra cứu của người nộp: chỉ cán bộ Bộ phận Một cửa "
    "của xã, phường đã tiếp nhận hồ sơ được in lại."
)

# Receipts per PDF: a batch renders in a few seconds; a province-wide change is printed commune by commune.
REPRINT_BATCH = 50


@protected()
def change_detail(request: HttpRequest, pk: int) -> HttpResponse:
    change = get_object_or_404(CalendarChange.objects.select_related("unit", "made_by"), pk=pk)
    if not _may_see_change(request, change):
        raise PermissionDenied("Bạn không xem được thay đổi lịch này.")
    unit = change.unit or _unit(request)
    return render(request, "workdays/change.html", {"change": change, "unit": unit, **_moves_context(request, change)})


@protected()
def reprint(request: HttpRequest, pk: int) -> HttpResponse:
    change = get_object_or_404(CalendarChange, pk=pk)
    if not _may_see_change(request, change):
        raise PermissionDenied("Bạn không xem được thay đổi lịch này.")
    page = read_int(request.GET.get("lo")) or 1
    printable = _printable(request, _visible_moves(request, change))
    if not printable:
        raise PermissionDenied(NOT_PRINTER)
    batch = printable[(page - 1) * REPRINT_BATCH : page * REPRINT_BATCH]
    by_holder: dict[str, list[int]] = {}
    for row in batch:
        by_holder.setdefault(row["holder"], []).append(int(row["object_id"]))
    writer_parts = []
    for name, ids in by_holder.items():
        holder = impact.HOLDERS.get(name)
        if holder is not None and holder.batch_print is not None and (pdf := holder.batch_print(request.user, ids)):
            writer_parts.append(pdf)
    if not writer_parts:
        raise PermissionDenied(NOT_PRINTER)
    response = HttpResponse(_join_pdfs(writer_parts), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="giay-hen-in-lai-{change.pk}-{page}.pdf"'
    return response


def _join_pdfs(parts: list[bytes]) -> bytes:
    if len(parts) == 1:
        return parts[0]
    from io import BytesIO

    from pypdf import PdfWriter

    writer = PdfWriter()
    for part in parts:
        writer.append(BytesIO(part))
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


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
    user = staff_user(request)
    actions.check_can_edit(user, unit)

    def change() -> object:
        return actions.add_exception(user, unit, data["date"], data["kind"], data["reason"], data["decision"])

    return _apply(
        request, unit, change, f"Đã thêm ngày {fmt_date(data['date'])} vào lịch của {unit.name}.", "#ngoai-le"
    )


@protected()
@require_POST
def remove_exception(request: HttpRequest, pk: int) -> HttpResponse:
    exc = get_object_or_404(CalendarException.objects.select_related("unit"), pk=pk, unit__isnull=False)
    unit = exc.unit
    if unit is None or not can_see_unit(request.user, unit):
        raise PermissionDenied
    user = staff_user(request)
    actions.check_can_edit(user, unit)
    success = f"Đã xóa ngày {fmt_date(exc.date)} khỏi danh sách ngoại lệ."

    # Fetched afresh for each run: the preview's delete clears the primary key of the object it was given.
    def change() -> None:
        actions.remove_exception(user, CalendarException.objects.get(pk=pk))

    return _apply(request, unit, change, success, "#ngoai-le")


@protected()
@require_POST
def save_week(request: HttpRequest) -> HttpResponse:
    unit = _unit(request)
    form = WeekForm(request.POST)
    if not form.is_valid():
        for error in form.non_field_errors() or ["Giờ làm việc không hợp lệ."]:
            messages.error(request, str(error))
        return _back(unit, "#gio-lam-viec")
    user = staff_user(request)
    actions.check_can_edit(user, unit)
    week = form.week()
    return _apply(request, unit, lambda: actions.set_week(user, unit, week), "Đã lưu giờ làm việc.", "#gio-lam-viec")


@protected()
@require_POST
def save_cutoff(request: HttpRequest) -> HttpResponse:
    unit = _unit(request)
    form = CutoffForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Giờ chốt không hợp lệ (ví dụ đúng: 15:00).")
        return _back(unit, "#gio-lam-viec")
    user = staff_user(request)
    actions.check_can_edit(user, unit)
    cutoff = form.cleaned_data["same_day_cutoff"]
    success = "Đã lưu giờ chốt nhận hồ sơ trả trong ngày."
    return _apply(request, unit, lambda: actions.set_cutoff(user, unit, cutoff), success, "#gio-lam-viec")


@protected()
@require_POST
def save_roll_forward(request: HttpRequest) -> HttpResponse:
    unit = _unit(request)
    form = RollForwardForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Vui lòng chọn một cách tính trong danh sách.")
        return _back(unit, "#ngay-lich")
    user = staff_user(request)
    actions.check_can_edit(user, unit)
    value = form.cleaned_data["roll_forward"]
    success = "Đã lưu cách tính thời hạn theo ngày lịch."
    return _apply(request, unit, lambda: actions.set_roll_forward(user, unit, value), success, "#ngay-lich")
