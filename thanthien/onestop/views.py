from __future__ import annotations

from typing import Any

from csp.constants import SELF
from csp.decorators import csp_replace
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from thanthien.lib.vn import fmt_date
from thanthien.org.access import protected, staff_user
from thanthien.org.models import Role, Unit
from thanthien.org.privacy import hide_personal
from thanthien.org.records import acting_unit
from thanthien.org.scoping import acting_units, can_see_unit, holds_role, scoped
from thanthien.workdays.queries import calendar_for

from . import actions, notices
from .actions import DESK_ROLES, PROCESSING_ROLES, Applicant
from .deadlines import due_for
from .forms import NEXT_STEPS, IntakeForm, StatusForm
from .models import Dossier, Status
from .queries import QUEUES, TIMELINESS_LABELS, queue_bounds, queue_counts, timeliness
from .receipt import may_print

READERS = DESK_ROLES | {Role.LEADER, Role.SUPERVISOR}
PRINT_RECEIPT = "in-giay-hen"
# Printed documents are shown by the browser's PDF viewer, framed by the dossier page right after intake; a PDF
# runs no page script, so framing by this site (and the viewer's own plugin) is all these responses relax.
PDF_FRAMING = {"frame-ancestors": [SELF], "object-src": [SELF]}
# Steps that cannot be undone, with what the confirmation page says about them.
CONFIRM_STEPS: dict[int, str] = {
    Status.RESOLVED: "Hồ sơ được ghi nhận đã có kết quả vào thời điểm này; thời điểm này dùng để tính đúng hạn "
    "hay quá hạn và không sửa lại được.",
    Status.RETURNED: "Hồ sơ được ghi nhận đã trả kết quả cho người nộp và kết thúc; không hoàn tác được.",
    Status.REFUSED: "Hồ sơ không được tiếp nhận và kết thúc; hãy in phiếu từ chối tiếp nhận cho người nộp.",
    Status.WITHDRAWN: "Hồ sơ được rút theo yêu cầu của người nộp và kết thúc; không hoàn tác được.",
    Status.STOPPED: "Hồ sơ dừng xử lý và kết thúc; không hoàn tác được.",
}


def desk_unit(request: HttpRequest) -> Unit:
    """The commune whose desk the official works at (the one picker, org.records.acting_unit)."""
    unit = acting_unit(request, DESK_ROLES).unit
    if unit is None:
        raise PermissionDenied("Tài khoản của bạn không thuộc Bộ phận Một cửa của xã, phường nào.")
    return unit


def home_panel(request: HttpRequest) -> dict[str, object] | None:
    units = [u for u in acting_units(request.user, READERS) if u.is_commune_level]
    if not units:
        return None
    unit = units[0]
    bounds = queue_bounds(calendar_for(unit), actions.desk_setting(unit).at_risk_hours)
    counts = queue_counts(scoped(Dossier.objects.all(), request.user), bounds)
    base = reverse("onestop:queue")
    return {
        "title": "Hồ sơ một cửa",
        "items": [(label, counts[name], f"{base}?queue={name}") for name, label in QUEUES.items()],
    }


@protected(*DESK_ROLES)
def intake(request: HttpRequest) -> HttpResponse:
    unit = desk_unit(request)
    procedures = actions.procedures_for(unit)
    form = IntakeForm(request.POST or None, procedures=procedures)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            dossier = actions.receive_dossier(
                staff_user(request),
                unit,
                data["procedure"],
                Applicant(
                    name=data["applicant_name"],
                    id_number=data["applicant_id_number"],
                    phone=data["applicant_phone"],
                    address=data["applicant_address"],
                ),
                channel=data["channel"],
                received_at=data["received_at"],
                papers=data["papers"],
                note=data["note"],
                weekend_reception=data["weekend_reception"],
                home_service=data["home_service"],
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, f"Đã tiếp nhận hồ sơ {dossier.code}. Hạn trả: {_moment(dossier.due_at)}.")
            # "Tiếp nhận và in giấy hẹn": the dossier page opens with the receipt in a frame that prints itself.
            return redirect(f"{reverse('onestop:detail', args=[dossier.code])}?{PRINT_RECEIPT}=1")
    closed = _closed_reason(unit) if request.method != "POST" else ""
    context = {"form": form, "unit": unit, "procedures": procedures, "closed": closed}
    return render(request, "onestop/intake.html", context)


def _closed_reason(unit: Unit) -> str:
    """Said before the officer types anything: a unit merged away receives nothing (the form would refuse it)."""
    try:
        actions.check_unit_open(unit, timezone.localdate())
    except ValidationError as exc:
        return " ".join(exc.messages)
    return ""


def _add_errors(form: Any, exc: ValidationError) -> None:
    """An action's refusal shown on the form, next to the field it names (or above the form)."""
    for field, errors in exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]:
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


@protected(*DESK_ROLES)
def due_preview(request: HttpRequest) -> HttpResponse:
    """HTMX: the due date and its explanation while the officer fills the form."""
    unit = desk_unit(request)
    form = IntakeForm(request.GET, procedures=actions.procedures_for(unit))
    form.is_valid()
    procedure = form.cleaned_data.get("procedure")
    # A refused moment is said here too: a due date counted from "now" instead would look like an answer.
    moment_errors = form.errors.get("received_at") if request.GET.get("received_at") else None
    result = None
    if procedure is not None and not moment_errors:
        received = form.cleaned_data.get("received_at") or timezone.now()
        result = due_for(procedure, calendar_for(unit), received)
    context = {"result": result, "procedure": procedure, "moment_errors": moment_errors}
    return render(request, "onestop/_due_preview.html", context)


def _moment(value: Any) -> str:
    local = timezone.localtime(value)
    return f"{local:%H:%M} ngày {fmt_date(local)}"


def _get_dossier(request: HttpRequest, code: str) -> Dossier:
    dossier = get_object_or_404(Dossier.objects.select_related("procedure", "unit", "received_by"), code=code)
    if not can_see_unit(request.user, dossier.unit):
        # Another unit's dossier is "not found", so codes cannot be probed across communes.
        raise Http404("Không tìm thấy hồ sơ.")
    return dossier


@protected(*READERS)
def detail(request: HttpRequest, code: str) -> HttpResponse:
    dossier = _get_dossier(request, code)
    hide_personal(request.user, [dossier])
    can_act = holds_role(request.user, dossier.unit, PROCESSING_ROLES)
    can_print = may_print(request.user, dossier)
    events = list(dossier.events.all())
    context = {
        "d": dossier,
        "events": events,
        "steps": NEXT_STEPS.get(dossier.status, []) if can_act else [],
        "confirm_steps": sorted(CONFIRM_STEPS),
        "timeliness": TIMELINESS_LABELS.get(timeliness(dossier) or ""),
        "is_overdue": dossier.is_open and dossier.due_at < timezone.now(),
        "note_required": sorted(actions.NEEDS_NOTE),
        "can_print_receipt": can_print,
        "print_receipt": can_print and request.GET.get(PRINT_RECEIPT) == "1",
        "clock_stopped": dossier.status == Status.SUPPLEMENT,
        "supplement_items": notices.pending_supplement(dossier),
        "notices": _printable_notices(events) if can_print else [],
    }
    return render(request, "onestop/detail.html", context)


def _printable_notices(events: list[Any]) -> list[tuple[str, str]]:
    """The notices this dossier's history calls for, as (URL slug, button text)."""
    reached = {e.status_to for e in events}
    labels = {"bo-sung": "In phiếu yêu cầu bổ sung hồ sơ", "tu-choi": "In phiếu từ chối tiếp nhận"}
    return [(slug, labels[slug]) for slug, kind in notices.KINDS.items() if kind.status in reached]


@protected(*READERS)  # like the receipt: readers are told why they may not print (require_printer)
@csp_replace(PDF_FRAMING)  # type: ignore[arg-type]  # typed for one-argument views only
def notice(request: HttpRequest, code: str, kind: str) -> HttpResponse:
    from .receipt import require_printer

    notice_kind = notices.KINDS.get(kind)
    if notice_kind is None:
        raise Http404("Không có loại phiếu này.")
    dossier = _get_dossier(request, code)
    require_printer(request.user, dossier)
    return notices.notice_response(dossier, notice_kind)


@protected(*PROCESSING_ROLES)
@require_POST
def change_status_view(request: HttpRequest, code: str) -> HttpResponse:
    dossier = _get_dossier(request, code)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Trạng thái không hợp lệ.")
        return redirect("onestop:detail", code=code)
    to, note = form.cleaned_data["to"], form.cleaned_data["note"]
    if to in actions.NEEDS_NOTE and not note.strip():
        messages.error(request, "Vui lòng ghi lý do hoặc nội dung yêu cầu.")
        return redirect("onestop:detail", code=code)
    if to in CONFIRM_STEPS and request.POST.get("confirmed") != "1":
        # No undo for these steps: say what will happen and ask once more, on a page of its own (no script needed).
        return render(request, "onestop/confirm_status.html", _confirm_context(dossier, to, note))
    try:
        actions.change_status(staff_user(request), dossier, to, note)
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    else:
        dossier.refresh_from_db()
        messages.success(request, f"Hồ sơ {dossier.code}: {dossier.get_status_display()}.")
    return redirect("onestop:detail", code=code)


def _confirm_context(dossier: Dossier, to: int, note: str) -> dict[str, Any]:
    now = timezone.now()
    late = to == Status.RESOLVED and now > dossier.due_at
    return {
        "d": dossier,
        "to": to,
        "note": note,
        "label": dict(NEXT_STEPS.get(dossier.status, [])).get(to, Status(to).label),
        "status_label": Status(to).label,
        "consequence": CONFIRM_STEPS[to],
        "late": late,
    }


@protected(*READERS)  # the readers of the page, so that a leader or supervisor is told why (require_printer)
@xframe_options_sameorigin
@csp_replace(PDF_FRAMING)  # type: ignore[arg-type]  # typed for one-argument views only
def receipt(request: HttpRequest, code: str) -> HttpResponse:
    from .receipt import receipt_response, require_printer

    dossier = _get_dossier(request, code)
    require_printer(request.user, dossier)
    return receipt_response(dossier, auto_print=request.GET.get(PRINT_RECEIPT) == "1")


@protected(Role.COMMUNE_ADMIN)
def settings_view(request: HttpRequest) -> HttpResponse:
    from .forms import DeskSettingForm

    unit = acting_unit(request, {Role.COMMUNE_ADMIN}).unit
    if unit is None:
        raise PermissionDenied("Chỉ quản trị của xã, phường được sửa thiết lập Bộ phận Một cửa.")
    setting = actions.desk_setting(unit)
    initial: dict[str, Any] = {name: getattr(setting, name) for name in actions.DESK_FIELDS}
    initial["procedures"] = list(setting.procedures.all()) if setting.pk else []
    form = DeskSettingForm(request.POST or None, initial=initial, unit_code=unit.code)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_desk_setting(staff_user(request), unit, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, "Đã lưu thiết lập Bộ phận Một cửa.")
            return redirect("onestop:settings")
    return render(request, "onestop/settings.html", {"form": form, "unit": unit})
