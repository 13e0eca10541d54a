"""Pages of the reception schedule and register (issue 9 items 1 and 2). Writers: RECEPTION_WRITERS; MTTQ and
supervisors read, supervisors with the citizens' personal data masked. The schedule and its printed notice are
public: a citizen opens them without logging in."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from django.forms.models import model_to_dict
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from thanthien.documents.pdf import pdf_response, render_pdf
from thanthien.lib.vn import read_int
from thanthien.org.access import protected, public
from thanthien.org.models import COMMUNE_KINDS, Unit
from thanthien.org.privacy import hide_personal
from thanthien.org.records import acting_unit, get_scoped_or_404
from thanthien.org.scoping import holds_role, require_role, scoped
from thanthien.workdays.forms import DATE_ERROR, DATE_FORMATS, DATE_WIDGET

from . import dialogue_actions as opinion_actions
from . import reception_actions as actions
from .dialogues import DIALOGUE_WRITERS, Opinion
from .forms_dialogues import OpinionForm
from .forms_petitions import cccd_or_empty
from .reception import (
    RECEPTION_READERS,
    RECEPTION_WRITERS,
    Receiver,
    ReceptionRule,
    ReceptionSession,
    ReceptionVisit,
    SessionKind,
)

# Sessions per page of the register: a commune holds two to four a month, so a page covers about a year.
REGISTER_PAGE_SIZE = 50


class RuleForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ReceptionRule
        fields = ["receiver", "receiver_name", "pattern", "month_days", "weekday", "days_per_month", "place", "hours"]


class SessionForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ReceptionSession
        fields = ["held_on", "kind", "receiver", "receiver_name", "head_in_person", "place", "nobody_came", "note"]
        # dd/mm/yyyy as every other day the staff type (a browser's date picker shows yyyy-mm-dd on some laptops).
        widgets = {"held_on": forms.DateInput(attrs=dict(DATE_WIDGET.attrs), format="%d/%m/%Y")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Typed as dd/mm/yyyy; yyyy-mm-dd (a link from the schedule) is read too.
        held = self.fields["held_on"]
        assert isinstance(held, forms.DateField)
        held.input_formats = DATE_FORMATS
        held.error_messages["invalid"] = DATE_ERROR


class VisitForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = ReceptionVisit
        fields = list(actions.VISIT_FIELD_ORDER)
        widgets = {"content": forms.Textarea(attrs={"rows": 3}), "previous_handling": forms.Textarea(attrs={"rows": 2})}

    def clean_citizen_id_number(self) -> str:
        return cccd_or_empty(self.cleaned_data.get("citizen_id_number"))


def _errors_into(form: forms.BaseForm, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        for error in exc.messages:
            form.add_error(None, error)


def _readable_units(request: HttpRequest) -> QuerySet[Unit]:
    communes = Unit.objects.filter(kind__in=COMMUNE_KINDS, valid_to__isnull=True)
    return scoped(communes, request.user, field="pk").order_by("name")


def _reading_unit(request: HttpRequest) -> Unit:
    """The commune shown: the one asked for by code among those the reader may see, else the reader's own."""
    code = (request.GET.get("unit") or request.POST.get("unit") or "").strip()
    units = _readable_units(request)
    unit = units.filter(code=code).first() if code else acting_unit(request, RECEPTION_READERS).unit
    if unit is None and code:
        raise Http404("Không có xã, phường nào mang mã này trong phạm vi của bạn.")
    if unit is None:
        unit = units.first()
    if unit is None:
        raise PermissionDenied("Bạn chưa được giao xã, phường nào.")
    return unit


def _picker(request: HttpRequest) -> list[Unit]:
    """The communes a reader may switch between (shown only when there is more than one)."""
    units = list(_readable_units(request)[:500])
    return units if len(units) > 1 else []


@protected(*RECEPTION_READERS)
def schedule(request: HttpRequest) -> HttpResponse:
    unit = _reading_unit(request)
    writable = _can_write_at(request, unit)
    form = RuleForm(request.POST or None)
    if request.method == "POST":
        if not writable:
            raise PermissionDenied("Bạn chỉ được xem lịch tiếp công dân.")
        if form.is_valid():
            try:
                actions.add_rule(request.user, unit, form.cleaned_data)
            except ValidationError as exc:
                _errors_into(form, exc)
            else:
                messages.success(request, "Đã thêm lịch tiếp công dân.")
                return redirect(f"{reverse('engagement:schedule')}?unit={unit.code}")
    return render(
        request, "engagement/reception_schedule.html", {**_schedule_context(unit), "form": form, "writable": writable}
    )


def _schedule_context(unit: Unit) -> dict[str, Any]:
    return {
        "unit": unit,
        "rules": list(ReceptionRule.objects.filter(unit=unit, active=True)),
        "planned": actions.coming_sessions(unit),
        "warning": actions.chairman_warning(unit),
        "today": timezone.localdate(),
    }


@protected(*RECEPTION_WRITERS)
def stop_rule(request: HttpRequest, pk: int) -> HttpResponse:
    if request.method != "POST":
        return redirect("engagement:schedule")
    rule = get_scoped_or_404(request, ReceptionRule.objects.select_related("unit"), pk)
    actions.stop_rule(request.user, rule)
    messages.success(request, f"Đã ngừng áp dụng lịch: {rule.describe()}.")
    return redirect(f"{reverse('engagement:schedule')}?unit={rule.unit.code}")


def _session_initial(request: HttpRequest, unit: Unit) -> dict[str, Any]:
    """Prefilled from a planned session of the schedule ("Ghi sổ buổi này"): its rule and day."""
    today = timezone.localdate()
    initial: dict[str, Any] = {"held_on": today}
    raw_rule, raw_day = request.GET.get("rule", ""), request.GET.get("day", "")
    rule_id = read_int(raw_rule)
    rule = ReceptionRule.objects.filter(unit=unit, pk=rule_id).first() if rule_id is not None else None
    if rule is not None:
        head = rule.receiver in {Receiver.CHAIRMAN, Receiver.SECRETARY}
        initial.update(
            kind=SessionKind.PERIODIC,
            receiver=rule.receiver,
            receiver_name=rule.receiver_name,
            place=rule.place,
            head_in_person=head,
        )
    try:
        day = dt.date.fromisoformat(raw_day)
    except ValueError:
        day = None
    if day is not None and day <= today:
        initial["held_on"] = day
    return initial


@protected(*RECEPTION_READERS)
def register(request: HttpRequest) -> HttpResponse:
    unit = _reading_unit(request)
    writable = _can_write_at(request, unit)
    form = SessionForm(request.POST or None, initial=_session_initial(request, unit))
    if request.method == "POST":
        if not writable:
            raise PermissionDenied("Bạn chỉ được xem sổ tiếp công dân.")
        if form.is_valid():
            try:
                session = actions.record_session(request.user, unit, form.cleaned_data)
            except ValidationError as exc:
                _errors_into(form, exc)
            else:
                messages.success(request, "Đã ghi sổ buổi tiếp công dân.")
                return redirect("engagement:session", pk=session.pk)
    sessions = ReceptionSession.objects.filter(unit=unit).annotate(visit_count=Count("visits"))
    page = Paginator(sessions.order_by("-held_on", "-pk"), REGISTER_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "engagement/reception_register.html",
        {"unit": unit, "page_obj": page, "form": form, "writable": writable, "units": _picker(request)},
    )


@protected(*RECEPTION_READERS)
def session(request: HttpRequest, pk: int) -> HttpResponse:
    obj = get_scoped_or_404(request, ReceptionSession.objects.select_related("unit"), pk)
    writable = _can_write_at(request, obj.unit)
    form = VisitForm(request.POST or None)
    if request.method == "POST":
        if not writable:
            raise PermissionDenied("Bạn chỉ được xem sổ tiếp công dân.")
        if form.is_valid():
            try:
                visit = actions.add_visit(request.user, obj, form.cleaned_data)
            except ValidationError as exc:
                _errors_into(form, exc)
            else:
                text = "Đã ghi lượt tiếp công dân."
                if visit.petition is not None:
                    text += f" Đã tiếp nhận đơn số {visit.petition.display_number}."
                messages.success(request, text)
                return redirect("engagement:session", pk=obj.pk)
    return _session_page(request, obj, form=form, writable=writable)


def _edit_page(
    request: HttpRequest, form: forms.BaseForm, *, title: str, session: ReceptionSession, status: int, **extra: Any
) -> HttpResponse:
    context = {"form": form, "title": title, "session": session, **extra}
    return render(request, "engagement/reception_edit.html", context, status=status)


def _require_writer(request: HttpRequest, unit: Unit) -> None:
    if not _can_write_at(request, unit):
        raise PermissionDenied("Bạn chỉ được xem sổ tiếp công dân.")


@protected(*RECEPTION_WRITERS)
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a session of the register (reception_actions.update_session); a refusal beside its field, 400."""
    obj = get_scoped_or_404(request, ReceptionSession.objects.select_related("unit"), pk)
    _require_writer(request, obj.unit)
    initial = model_to_dict(obj, fields=list(SessionForm.Meta.fields))
    form = SessionForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                actions.update_session(request.user, obj, form.cleaned_data)
            except ValidationError as exc:
                _errors_into(form, exc)
            else:
                messages.success(request, "Đã sửa buổi tiếp công dân.")
                return redirect("engagement:session", pk=obj.pk)
        status = 400
    title = f"Sửa buổi tiếp công dân ngày {obj.held_on:%d/%m/%Y}"
    return _edit_page(request, form, title=title, session=obj, status=status)


@protected(*RECEPTION_WRITERS)
def visit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a visit of the register (reception_actions.update_visit); its petition is corrected on its own page."""
    visit = get_scoped_or_404(request, ReceptionVisit.objects.select_related("session", "unit", "petition"), pk)
    _require_writer(request, visit.unit)
    form = VisitForm(request.POST or None, initial=model_to_dict(visit, fields=list(VisitForm.Meta.fields)))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                actions.update_visit(request.user, visit, form.cleaned_data)
            except ValidationError as exc:
                _errors_into(form, exc)
            else:
                messages.success(request, "Đã sửa lượt tiếp công dân.")
                return redirect("engagement:session", pk=visit.session_id)
        status = 400
    title = f"Sửa lượt tiếp công dân ngày {visit.session.held_on:%d/%m/%Y}"
    return _edit_page(request, form, title=title, session=visit.session, status=status, petition=visit.petition)


@dataclass(frozen=True)
class VisitRow:
    """A visit on the session page, with the opinions it raised and, for who records opinions, the form to add one."""

    visit: ReceptionVisit
    opinions: list[Opinion]
    opinion_form: OpinionForm | None


def _session_page(
    request: HttpRequest,
    obj: ReceptionSession,
    *,
    form: forms.BaseForm,
    writable: bool,
    opinion_form: OpinionForm | None = None,
    opinion_visit: int | None = None,
) -> HttpResponse:
    visits = list(obj.visits.select_related("petition").prefetch_related("opinions"))
    hide_personal(request.user, visits)
    may_record = holds_role(request.user, obj.unit, DIALOGUE_WRITERS)
    rows = []
    for visit in visits:
        opinions = list(visit.opinions.all())
        hide_personal(request.user, opinions)
        chosen = opinion_form if opinion_form is not None and visit.pk == opinion_visit else None
        # One form per visit, its fields prefixed so the ids never collide with the visit form's.
        own = chosen or (_visit_opinion_form(visit, initial={"content": visit.content}) if may_record else None)
        rows.append(VisitRow(visit, opinions, own))
    context = {"session": obj, "visit_rows": rows, "form": form, "writable": writable}
    return render(request, "engagement/reception_session.html", context)


def _visit_opinion_form(visit: ReceptionVisit, **kwargs: Any) -> OpinionForm:
    return OpinionForm(kwargs.pop("data", None), prefix=f"op{visit.pk}", in_visit=True, **kwargs)


@protected(*DIALOGUE_WRITERS)
@require_POST
def visit_opinion(request: HttpRequest, pk: int) -> HttpResponse:
    """An opinion or recommendation a visit raised, written in the one opinions register (one visit may raise
    several); its answer too when it was given at the desk."""
    visit = get_scoped_or_404(request, ReceptionVisit.objects.select_related("session__unit", "unit"), pk)
    if not holds_role(request.user, visit.unit, DIALOGUE_WRITERS):
        raise PermissionDenied("Bạn không có quyền ghi ý kiến, kiến nghị của đơn vị này.")
    form = _visit_opinion_form(visit, data=request.POST)
    if form.is_valid():
        try:
            opinion_actions.record_opinion(request.user, visit.unit, {**form.cleaned_data, "visit": visit})
        except ValidationError as exc:
            _errors_into(form, exc)
        else:
            messages.success(request, "Đã ghi ý kiến, kiến nghị vào sổ ý kiến.")
            return redirect("engagement:session", pk=visit.session_id)
    form.mark_errors()
    writable = _can_write_at(request, visit.unit)
    visit_form = VisitForm()
    return _session_page(
        request, visit.session, form=visit_form, writable=writable, opinion_form=form, opinion_visit=visit.pk
    )


def _can_write_at(request: HttpRequest, unit: Unit) -> bool:
    try:
        require_role(request.user, unit, RECEPTION_WRITERS)
    except PermissionDenied:
        return False
    return True


def _public_unit(code: str) -> Unit:
    unit = Unit.objects.filter(code=code, kind__in=COMMUNE_KINDS, valid_to__isnull=True).first()
    if unit is None:
        raise Http404("Không có xã, phường nào mang mã này.")
    return unit


@public
def public_index(request: HttpRequest) -> HttpResponse:
    """The communes that publish a reception schedule."""
    ids = ReceptionRule.objects.filter(active=True).values("unit_id")
    units = Unit.objects.filter(pk__in=ids, valid_to__isnull=True).order_by("name")
    return render(request, "engagement/public_index.html", {"units": units})


@public
def public_schedule(request: HttpRequest, code: str) -> HttpResponse:
    unit = _public_unit(code)
    return render(request, "engagement/public_schedule.html", _schedule_context(unit))


def notice_context(unit: Unit) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        **_schedule_context(unit),
        "issuer_parent": f"UBND {unit.parent.name.upper()}" if unit.parent else "",
        "issuer": f"UBND {unit.name.upper()}",
        "number": "",
        "place": unit.short_name(),
        "date": today,
        "doc_type": "THÔNG BÁO",
        "subject": "Lịch tiếp công dân",
        "sign_authority": "TM. ỦY BAN NHÂN DÂN",
        "sign_title": "CHỦ TỊCH",
        "recipients": ["Thường trực Đảng ủy, HĐND xã", "Ủy ban MTTQ Việt Nam xã", "Niêm yết tại trụ sở", "Lưu: VT"],
    }


@public
def public_notice(request: HttpRequest, code: str) -> HttpResponse:
    unit = _public_unit(code)
    pdf = render_pdf("engagement/reception_notice.html", notice_context(unit))
    return pdf_response(pdf, f"thong-bao-lich-tiep-cong-dan-{unit.code}.pdf", inline=True)


def _record_title(visit: ReceptionVisit) -> str:
    return f"VĂN BẢN GHI NỘI DUNG {visit.get_subject_kind_display().upper()}"


@protected(*RECEPTION_WRITERS)
def visit_record(request: HttpRequest, pk: int) -> HttpResponse:
    """The content told by a citizen without a written petition, printed for their signature."""
    visit = get_scoped_or_404(request, ReceptionVisit.objects.select_related("session", "unit__parent"), pk)
    require_role(request.user, visit.unit, RECEPTION_WRITERS)
    unit = visit.unit
    context = {
        "visit": visit,
        "issuer_parent": f"UBND {unit.parent.name.upper()}" if unit.parent else "",
        "issuer": f"UBND {unit.name.upper()}",
        "place": unit.short_name(),
        "date": visit.session.held_on,
        "doc_type": _record_title(visit),
    }
    pdf = render_pdf("engagement/visit_record.html", context)
    return pdf_response(pdf, f"ghi-noi-dung-tiep-cong-dan-{visit.pk}.pdf", inline=True)
