"""The letters registry (/thu/), one letter's page with its forms, and thank-you letters for contributions.

Every read goes through org scoping: another commune's letter is "not found", never "forbidden"."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import CharField, Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import Cast
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from thanthien.audit.log import ACTION_LABELS
from thanthien.audit.models import AuditEntry
from thanthien.engagement.models import Contribution
from thanthien.lib.vn import fmt_date, fold
from thanthien.onestop.actions import PROCESSING_ROLES
from thanthien.onestop.models import Dossier
from thanthien.org.access import protected, staff_user
from thanthien.org.models import Role, Unit
from thanthien.org.periods import Days, read_days
from thanthien.org.privacy import hide_personal, may_see
from thanthien.org.records import acting_unit, get_scoped_or_404
from thanthien.org.scoping import (
    acting_units,
    can_see_unit,
    holds_role,
    is_system_admin,
    personal_unit_ids,
    scoped,
    visible_units,
)

from . import actions, delivery, records, subjects, texts
from .forms import CancelForm, ContactForm, ContributionForm, DeliveryForm, LetterEditForm
from .models import ApologyCause, DeliveryStatus, Letter, LetterKind, LetterStatus
from .stats import LABELS as FIGURE_LABELS
from .subjects.contribution import thanked
from .views_templates import MAX_ID

READERS = actions.WRITERS | {Role.SUPERVISOR}
SWEEPERS = (Role.LEADER, Role.COMMUNE_ADMIN)
PAGE_SIZE = 30
SIGNED = (LetterStatus.APPROVED, LetterStatus.DELIVERED)


def draft_warning_days() -> int:
    """A draft older than this many days (since it became owed) is flagged on the registry."""
    return int(getattr(settings, "LETTER_DRAFT_WARNING_DAYS", 3))


def optional_url(name: str, *args: Any) -> str | None:
    """The URL of a page another part of the project provides, or None while it does not exist yet."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return None


def subject_text(letter: Letter) -> str:
    return subjects.describe(letter)


# --- the registry ------------------------------------------------------------------------------------------


def search_query(user: Any, q: str) -> Q:
    """The registry's search box: a letter's number ("12" or "12/TXL-UBND") or kind ("xin lỗi") for everyone; the
    recipient's name only in the units whose personal data the user may see, so a supervisor cannot find out
    whether a citizen received a letter by typing a name."""
    number, _, symbol = q.partition("/")
    by_number = Q(number=int(number)) if number.strip().isdecimal() and len(number.strip()) < 10 else Q(pk__in=[])
    if symbol.strip():
        by_number &= Q(symbol__iexact=symbol.strip())
    folded = fold(q)
    by_kind = Q(kind__in=[k.value for k in LetterKind if folded and folded in fold(str(k.label))])
    allowed = personal_unit_ids(user)
    by_name = Q(recipient_name__icontains=q)
    if allowed is not None:
        by_name &= Q(unit_id__in=sorted(allowed))
    return by_number | by_kind | by_name


def filter_officer(qs: QuerySet[Letter], officer: str, parts: list[str]) -> QuerySet[Letter]:
    """Letters an official drafted, approved or touched; an id that cannot be a user (not a number, or beyond
    what the database can hold) is ignored with a message instead of failing the query."""
    if not officer.isdecimal() or not 1 <= int(officer) <= MAX_ID:
        parts.append(f"bỏ qua mã cán bộ “{officer}” không hợp lệ")
        return qs
    pk = int(officer)
    touched = AuditEntry.objects.filter(
        object_type="letters.letter",
        object_id=Cast(OuterRef("pk"), output_field=CharField()),
        actor_id=pk,
    )
    who = User.objects.filter(pk=pk).first()
    parts.append(f"cán bộ: {(who.get_full_name() or who.username) if who else officer}")
    return qs.filter(Q(created_by_id=pk) | Q(approved_by_id=pk) | Exists(touched))


def filter_letters(request: HttpRequest, qs: QuerySet[Letter]) -> tuple[QuerySet[Letter], str]:
    """Apply the registry's GET filters to an already scoped queryset; returns it with a Vietnamese description."""
    params: QueryDict = request.GET
    parts: list[str] = []
    if (kind := params.get("kind", "")) in LetterKind.values:
        qs = qs.filter(kind=kind)
        parts.append(f"loại: {LetterKind(kind).label}")
    if (status := params.get("status", "")) in LetterStatus.values:
        qs = qs.filter(status=status)
        parts.append(f"tình trạng: {LetterStatus(status).label}")
    if (cause := params.get("cause", "")) in ApologyCause.values:
        qs = qs.filter(kind=LetterKind.APOLOGY, owed_because=cause)
        parts.append(f"lý do cần thư: {ApologyCause(cause).label.lower()}")
    if params.get("delivery") == DeliveryStatus.FAILED:
        qs = qs.filter(delivery_status=DeliveryStatus.FAILED, status=LetterStatus.APPROVED)
        parts.append("gửi không thành công")
    # The one period form: an impossible day (31/02/2026) is "không hợp lệ", not "not in the form dd/mm/yyyy".
    days = read_days(params)
    start, end = days.start, days.end
    parts.extend(error.rstrip(".") for error in days.errors)
    # A figure opened from the statistics has its own unit, period and condition (records.figure_letters).
    figured = by_figure(request, qs, days, parts)
    qs = figured if figured is not None else _by_owed_day(qs, start, end, parts)
    if officer := params.get("officer", "").strip():
        qs = filter_officer(qs, officer[:40], parts)
    if q := " ".join(params.get("q", "").split())[:100]:
        qs = qs.filter(search_query(request.user, q))
        names = personal_unit_ids(request.user) != set()
        parts.append(f"{'người nhận, ' if names else ''}số hoặc loại thư có “{q}”")
    if figured is None and (unit_code := params.get("unit", "").strip()):
        unit = Unit.objects.filter(code=unit_code[:40]).first()
        if unit is not None and can_see_unit(request.user, unit):
            qs = qs.filter(unit=unit)
            parts.append(f"đơn vị: {unit.name}")
        else:
            parts.append(f"bỏ qua mã đơn vị “{unit_code}” không có trong phạm vi")
    return qs, ("Đang lọc: " + "; ".join(parts) + ".") if parts else ""


def _by_owed_day(
    qs: QuerySet[Letter], start: dt.date | None, end: dt.date | None, parts: list[str]
) -> QuerySet[Letter]:
    if start:
        qs = qs.filter(owed_on__gte=start)
    if end:
        qs = qs.filter(owed_on__lte=end)
    if start or end:
        parts.append(
            "phát sinh" + (f" từ {fmt_date(start)}" if start else "") + (f" đến {fmt_date(end)}" if end else "")
        )
    return qs


def by_figure(request: HttpRequest, qs: QuerySet[Letter], days: Days, parts: list[str]) -> QuerySet[Letter] | None:
    """`?figure=<key of the letters' statistics>&unit=CODE&from=…&to=…`: exactly the letters that figure counts for
    that unit and period (its communes, for a supervisor's unit), within what the reader may see; None when no
    figure is asked for, or it cannot be read (the reason is said in `parts`)."""
    key = request.GET.get("figure", "").strip()[:60]
    if not key:
        return None
    label = figure_label(key)
    if label is None or records.figure_condition(key) is None:
        parts.append(f"bỏ qua chỉ tiêu “{key}” không có trong số liệu thư")
        return None
    code = request.GET.get("unit", "").strip()[:40]
    unit = Unit.objects.filter(code=code).first() if code else None
    if unit is None or not can_see_unit(request.user, unit):
        parts.append(f"bỏ qua chỉ tiêu “{label}”: cần mã đơn vị trong phạm vi được xem")
        return None
    if days.start is None or days.end is None or days.errors:
        parts.append(f"bỏ qua chỉ tiêu “{label}”: cần từ ngày và đến ngày hợp lệ (dd/mm/yyyy)")
        return None
    parts.append(
        f"số liệu “{label}” của {unit.name} từ {fmt_date(days.start)} đến {fmt_date(days.end)} "
        "(thư tính theo ngày ký; dự thảo, thư đã hủy, đã rút theo ngày phát sinh)"
    )
    return records.figure_letters(qs, key, unit, days.start, days.end)


def figure_label(key: str) -> str | None:
    """A figure's name as a sentence can say it: "Thư chúc mừng – khai sinh", "Thư đã hủy"."""
    label = FIGURE_LABELS.get(key)
    head = key.split(".", 1)[0]
    if label is None or "." not in key or key.endswith(".total"):
        return label
    if head == "by_status":
        return f"Thư {label[:1].lower()}{label[1:]}"
    return f"{FIGURE_LABELS.get(f'{head}.total', head)} – {label}"


def officers_for(request: HttpRequest, base: QuerySet[Letter]) -> list[tuple[int, str]]:
    """Officials who drafted, edited, approved or delivered a letter in the user's scope."""
    trail = scoped(AuditEntry.objects.filter(object_type="letters.letter", actor__isnull=False), request.user)
    users = User.objects.filter(
        Q(pk__in=base.values("created_by_id"))
        | Q(pk__in=base.values("approved_by_id"))
        | Q(pk__in=trail.values("actor_id"))
    ).order_by("first_name", "last_name", "username")
    return [(u.pk, u.get_full_name() or u.username) for u in users]


def counts_for(qs: QuerySet[Letter]) -> dict[str, Any]:
    """Per kind and per status, one aggregate over the filtered set."""
    agg = qs.order_by().aggregate(
        total=Count("pk"),
        **{f"kind_{k.value}": Count("pk", filter=Q(kind=k)) for k in LetterKind},
        **{f"status_{s.value}": Count("pk", filter=Q(status=s)) for s in LetterStatus},
    )
    return {
        "total": agg["total"],
        "kinds": [(k.value, k.label, agg[f"kind_{k.value}"]) for k in LetterKind],
        "statuses": [(s.value, s.label, agg[f"status_{s.value}"]) for s in LetterStatus],
    }


def warnings_for(request: HttpRequest, base: QuerySet[Letter]) -> list[dict[str, Any]]:
    """Letters owed and not yet approved or delivered, in SQL over everything the user may see."""
    registry = reverse("letters:registry")
    # What each kind of subject still owes (dossiers late without a signed apology, events awaiting names ...).
    warnings = [w for adapter in subjects.adapters() for w in adapter.warnings(request.user)]
    today = timezone.localdate()
    days = draft_warning_days()
    letters = base.order_by().aggregate(
        stale=Count("pk", filter=Q(status=LetterStatus.DRAFT, owed_on__lte=today - dt.timedelta(days=days))),
        undelivered=Count("pk", filter=Q(status=LetterStatus.APPROVED)),
        failed=Count("pk", filter=Q(status=LetterStatus.APPROVED, delivery_status=DeliveryStatus.FAILED)),
    )
    if letters["stale"]:
        warnings.append(
            {
                "key": "stale_drafts",
                "title": f"Dự thảo quá {days} ngày chưa được duyệt",
                "count": letters["stale"],
                "detail": "Thư phát sinh từ ngày " + fmt_date(today - dt.timedelta(days=days)) + " trở về trước.",
                "url": f"{registry}?status=draft&to={(today - dt.timedelta(days=days)):%d/%m/%Y}",
            }
        )
    if letters["undelivered"]:
        failed = f"; {letters['failed']} thư gửi không thành công" if letters["failed"] else ""
        warnings.append(
            {
                "key": "undelivered",
                "title": "Thư đã duyệt, ký nhưng chưa gửi đến người nhận",
                "count": letters["undelivered"],
                "detail": f"Cần trao tận tay, gửi bưu điện hoặc gửi điện tử{failed}.",
                "url": f"{registry}?status=approved",
            }
        )
    return warnings


@protected(*READERS)
def registry(request: HttpRequest) -> HttpResponse:
    base = scoped(Letter.objects.all(), request.user)
    filtered, description = filter_letters(request, base)
    page = Paginator(
        filtered.select_related("unit", *subjects.link_fields()).order_by("-owed_on", "-pk"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    letters = list(page.object_list)
    hide_personal(request.user, [*letters, *subjects.attach(letters)])
    for letter in letters:
        letter.subject_text = subject_text(letter)
        letter.delivery_text = delivery.delivery_status_text(letter)
    user = request.user
    several_units = is_system_admin(user) or visible_units(user).count() > 1
    context: dict[str, Any] = {
        "page_obj": page,
        "counts": counts_for(filtered),
        "warnings": warnings_for(request, base),
        "description": description,
        "filters": request.GET,
        "kinds": LetterKind.choices,
        "statuses": LetterStatus.choices,
        "causes": ApologyCause.choices,
        "officers": officers_for(request, base),
        "several_units": several_units,
        # Names are searched only where the user may read them (search_query).
        "search_names": personal_unit_ids(user) != set(),
        "can_write": is_system_admin(user) or bool(acting_units(user, actions.WRITERS)),
        "sweep_units": [u for u in acting_units(user, set(SWEEPERS)) if u.is_commune_level],
        # Printing shows citizens' details: only for staff of a commune (a supervisor reads, never prints).
        "batch_url": optional_url("letters:batch_pdf") if personal_unit_ids(user) != set() else None,
        "templates_url": optional_url("letters:templates"),
    }
    return render(request, "letters/registry.html", context)


def home_panel(request: HttpRequest) -> dict[str, object] | None:
    """Counts for the staff home page (for lib.registry.register_home_panel): what waits on the letters."""
    user = request.user
    if not (is_system_admin(user) or acting_units(user, READERS)):
        return None
    base = scoped(Letter.objects.all(), user)
    counts = base.order_by().aggregate(
        drafts=Count("pk", filter=Q(status=LetterStatus.DRAFT)),
        undelivered=Count("pk", filter=Q(status=LetterStatus.APPROVED)),
    )
    url = reverse("letters:registry")
    return {
        "title": "Thư gửi công dân",
        "items": [
            ("Dự thảo chờ duyệt", counts["drafts"], f"{url}?status=draft"),
            ("Đã ký, chưa gửi", counts["undelivered"], f"{url}?status=approved"),
        ],
    }


@protected(*SWEEPERS)
@require_POST
def sweep_view(request: HttpRequest) -> HttpResponse:
    """ "Quét thư còn nợ" for the commune the user acts for (one commune, a bounded number of drafts); the
    periodic tick sweeps every commune."""
    units = [u for u in acting_units(request.user, set(SWEEPERS)) if u.is_commune_level]
    # A system administrator names the commune by its code; without one, the periodic tick sweeps every commune.
    unit = acting_unit(request, SWEEPERS).unit
    if unit is None:
        messages.error(
            request,
            "Chọn một xã, phường để quét thư còn nợ."
            if units
            else "Tài khoản này không là lãnh đạo hay quản trị của xã, phường nào: việc quét thư cho mọi đơn vị do "
            "lệnh định kỳ “thanthien tick” thực hiện.",
        )
        return redirect("letters:registry")
    created, more = actions.sweep_from_page(staff_user(request), unit)
    if more:
        messages.success(
            request,
            f"Đã lập {created} dự thảo thư mới cho {unit.name}. Còn trường hợp cần lập thư: hệ thống tự lập tiếp trong "
            "lần quét định kỳ, hoặc bấm “Quét thư còn nợ” lần nữa.",
        )
    elif created:
        messages.success(request, f"Đã lập {created} dự thảo thư mới cho các trường hợp cần gửi thư ({unit.name}).")
    else:
        messages.info(request, f"Không có thư nào còn nợ ở {unit.name}: mọi trường hợp cần gửi thư đều đã có thư.")
    return redirect("letters:registry")


# --- one letter --------------------------------------------------------------------------------------------


def get_letter(request: HttpRequest, pk: int) -> Letter:
    letter = get_object_or_404(
        Letter.objects.select_related("unit", "approved_by", "created_by", *subjects.link_fields()),
        pk=pk,
    )
    if not can_see_unit(request.user, letter.unit):
        # Another unit's letter is "not found", so ids cannot be probed across communes.
        raise Http404("Không tìm thấy thư.")
    return letter


def history(letter: Letter) -> list[dict[str, Any]]:
    rows = AuditEntry.objects.filter(object_type="letters.letter", object_id=str(letter.pk)).order_by("at", "pk")
    return [
        {
            "at": row.at,
            "label": ACTION_LABELS.get(row.action, row.action),
            "actor": row.actor_name,
            "note": row.note,
        }
        for row in rows
    ]


def detail_context(request: HttpRequest, letter: Letter, **forms: Any) -> dict[str, Any]:
    user = request.user
    can_write = holds_role(user, letter.unit, actions.WRITERS)
    can_approve = holds_role(user, letter.unit, actions.APPROVERS)
    is_draft = letter.status == LetterStatus.DRAFT
    shown = letter
    if is_draft and letter.kind == LetterKind.APOLOGY and letter.new_appointment_at is None:
        # The preview reads as the letter will: with the suggested new appointment the form carries.
        shown = copy.copy(letter)
        shown.new_appointment_at = actions.suggest_new_appointment(letter)
    try:
        body, body_error = actions.render_body(shown), ""
    except ValidationError as exc:
        body, body_error = "", " ".join(exc.messages)
    if not may_see(user, letter.unit_id):
        body = actions.masked_text(body, letter)
        hide_personal(user, [letter, subjects.subject_of(letter)])
    kind = LetterKind(letter.kind)
    printable = may_see(user, letter.unit_id) and not letter.imported
    context: dict[str, Any] = {
        "letter": letter,
        "title": texts.TITLES[kind],
        "subject_line": texts.SUBJECTS.get(kind, ""),
        "body": body,
        "body_error": body_error,
        "subject": subjects.shown(letter),
        "history": history(letter),
        "delivery_text": delivery.delivery_status_text(letter),
        "can_write": can_write,
        "can_approve": can_approve and is_draft,
        # A letter imported from the old register has its text on paper only: nothing to print here.
        "pdf_url": optional_url("letters:letter_pdf", letter.pk) if printable else None,
        "docx_url": optional_url("letters:letter_docx", letter.pk) if printable else None,
        "is_apology": kind == LetterKind.APOLOGY,
    }
    if can_write and is_draft:
        context["edit_form"] = forms.get("edit_form") or LetterEditForm(letter=letter)
    if can_write and letter.status in (LetterStatus.DRAFT, LetterStatus.APPROVED):
        context["cancel_form"] = forms.get("cancel_form") or CancelForm()
    if can_write and letter.status in SIGNED:
        context["delivery_form"] = forms.get("delivery_form") or DeliveryForm(
            initial={"method": letter.delivery_method or "handed"}, letter=letter
        )
        context["contact_form"] = forms.get("contact_form") or ContactForm(
            initial={k: getattr(letter, k) for k in actions.CONTACT_FIELDS}
        )
    if kind == LetterKind.APOLOGY and is_draft:
        # The form shows a suggested new appointment; it is a real value, sent with "Lưu" or "Duyệt và ký".
        suggested = letter.new_appointment_at or actions.suggest_new_appointment(letter)
        context["missing"] = [
            text
            for ok, text in (
                (letter.reason.strip(), "lý do chậm trả kết quả"),
                (suggested, "ngày hẹn trả kết quả mới"),
            )
            if not ok
        ]
        context["suggested_appointment"] = None if letter.new_appointment_at else suggested
    return context


@protected(*READERS)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    letter = get_letter(request, pk)
    return render(request, "letters/detail.html", detail_context(request, letter))


def _errors_into(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            for error in errors:
                form.add_error(field if field in form.fields else None, error)
    else:
        for error in exc.messages:
            form.add_error(None, error)


@protected(*actions.WRITERS)
@require_POST
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    letter = get_letter(request, pk)
    form = LetterEditForm(request.POST, letter=letter)
    if form.is_valid():
        try:
            actions.edit_draft(staff_user(request), letter, **form.cleaned_data)
        except ValidationError as exc:
            _errors_into(form, exc)
        else:
            messages.success(request, "Đã lưu dự thảo thư.")
            return redirect("letters:detail", pk=letter.pk)
    letter.refresh_from_db()
    return render(request, "letters/detail.html", detail_context(request, letter, edit_form=form))


@protected(*actions.APPROVERS)
@require_POST
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Duyệt và ký" submits the draft form as it is on the screen; a confirmation page (no script needed) shows
    the text that will be signed, and "Xác nhận duyệt và ký" saves those values and signs in one action."""
    letter = get_letter(request, pk)
    actor = staff_user(request)
    if not holds_role(actor, letter.unit, actions.APPROVERS):
        raise PermissionDenied("Chỉ lãnh đạo của đơn vị được duyệt, ký thư.")
    form: LetterEditForm | None = None
    values: dict[str, Any] = {}
    if letter.status == LetterStatus.DRAFT and "recipient_name" in request.POST:
        form = LetterEditForm(request.POST, letter=letter)
        if not form.is_valid():
            messages.error(request, "Chưa duyệt được thư: xem các ô báo lỗi trong phần “Sửa dự thảo”.")
            return render(request, "letters/detail.html", detail_context(request, letter, edit_form=form))
        values = form.cleaned_data
    if request.POST.get("confirmed") != "1" and letter.status == LetterStatus.DRAFT:
        problems = actions.approval_problems(letter, values)
        if problems:
            return _refused(request, letter, form, ValidationError(problems))
        return render(request, "letters/approve_confirm.html", confirm_context(letter, form, values))
    try:
        letter = actions.approve(actor, letter, **values)
    except ValidationError as exc:
        return _refused(request, letter, form, exc)
    messages.success(request, f"Đã duyệt, ký thư số {letter.number_text} ngày {fmt_date(letter.letter_date)}.")
    return redirect("letters:detail", pk=letter.pk)


def _refused(request: HttpRequest, letter: Letter, form: LetterEditForm | None, exc: ValidationError) -> HttpResponse:
    messages.error(request, "Chưa duyệt được thư: " + " ".join(exc.messages))
    if form is None:
        return redirect("letters:detail", pk=letter.pk)
    # The values typed stay on the screen, each error beside its field.
    _errors_into(form, exc)
    letter.refresh_from_db()
    return render(request, "letters/detail.html", detail_context(request, letter, edit_form=form))


def confirm_context(letter: Letter, form: LetterEditForm | None, values: dict[str, Any]) -> dict[str, Any]:
    probe = copy.copy(letter)
    for key, value in values.items():
        setattr(probe, key, value)
    kind = LetterKind(letter.kind)
    return {
        "letter": letter,
        "probe": probe,
        "form": form,
        "title": texts.TITLES[kind],
        "body": actions.render_body(probe),
        "is_apology": kind == LetterKind.APOLOGY,
    }


@protected(*actions.WRITERS)
@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    letter = get_letter(request, pk)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            actions.cancel(staff_user(request), letter, form.cleaned_data["reason"])
        except ValidationError as exc:
            _errors_into(form, exc)
        else:
            messages.success(request, "Đã hủy thư. Trường hợp này sẽ không được lập thư lại.")
            return redirect("letters:detail", pk=letter.pk)
    return render(request, "letters/detail.html", detail_context(request, letter, cancel_form=form))


@protected(*actions.WRITERS)
@require_POST
def deliver(request: HttpRequest, pk: int) -> HttpResponse:
    letter = get_letter(request, pk)
    form = DeliveryForm(request.POST, letter=letter)
    if form.is_valid():
        data = form.cleaned_data
        actor = staff_user(request)
        try:
            if data["method"] in delivery.ELECTRONIC:
                letter = delivery.send(letter, data["method"], actor)
            else:
                letter = actions.record_delivery(actor, letter, data["method"], at=data["at"], note=data["note"])
        except ValidationError as exc:
            _errors_into(form, exc)
        else:
            if letter.delivery_status == DeliveryStatus.FAILED and letter.status != LetterStatus.DELIVERED:
                messages.error(request, delivery.delivery_status_text(letter) + " Có thể gửi lại hoặc chọn cách khác.")
            else:
                messages.success(request, delivery.delivery_status_text(letter) + ".")
            return redirect("letters:detail", pk=letter.pk)
    return render(request, "letters/detail.html", detail_context(request, letter, delivery_form=form))


@protected(*actions.WRITERS)
@require_POST
def add_contact(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff add the recipient's e-mail, phone or address to an approved letter, then choose how to send it."""
    letter = get_letter(request, pk)
    form = ContactForm(request.POST)
    if form.is_valid():
        values = {k: v for k, v in form.cleaned_data.items() if v}
        try:
            actions.add_contact(staff_user(request), letter, **values)
        except ValidationError as exc:
            _errors_into(form, exc)
        else:
            messages.success(request, "Đã bổ sung thông tin liên hệ của người nhận.")
            return redirect("letters:detail", pk=letter.pk)
    return render(request, "letters/detail.html", detail_context(request, letter, contact_form=form))


# --- thank-you letters for contributions -------------------------------------------------------------------


def _contribution_unit(request: HttpRequest) -> tuple[Unit | None, list[Unit], str]:
    """The commune the contribution is filed in (the one "which commune?" picker, org.records.acting_unit), the
    communes offered, or why none: another unit's code is refused (403), never replaced. A system administrator
    without a commune of their own types the commune's code."""
    wanted = (request.POST.get("unit") or request.GET.get("unit") or "").strip()
    by_code = is_system_admin(request.user) and not acting_units(request.user, actions.WRITERS)
    try:
        choice = acting_unit(request, actions.WRITERS)
    except PermissionDenied:
        if not by_code:
            raise
        return None, [], f"Không có xã, phường nào mã “{wanted[:40]}”. Vui lòng nhập đúng mã đơn vị."
    offered = ([choice.unit] if choice.unit else []) if by_code else choice.choices
    if choice.unit is None:
        return None, offered, "Vui lòng chọn xã, phường (nhập mã đơn vị) nơi nhận đóng góp."
    return choice.unit, offered, ""


@protected(*actions.WRITERS)
def contribution(request: HttpRequest) -> HttpResponse:
    unit, units, unit_error = _contribution_unit(request)
    form = ContributionForm(request.POST or None)
    if request.method == "POST":
        if unit is None:
            form.is_valid()
            form.add_error(None, unit_error)
        elif form.is_valid():
            values = {k: v for k, v in form.cleaned_data.items() if v not in (None, "") or k == "summary"}
            try:
                letter = actions.record_contribution(staff_user(request), unit, **values)
            except ValidationError as exc:
                _errors_into(form, exc)
            else:
                messages.success(request, "Đã ghi nhận đóng góp và lập dự thảo thư cảm ơn.")
                return redirect("letters:detail", pk=letter.pk)
    recent = list(
        scoped(Contribution.objects.all(), request.user).select_related("unit").order_by("-received_on", "-pk")[:20]
    )
    letter_ids = thanked([c.pk for c in recent])
    for item in recent:
        item.letter_id = letter_ids.get(item.pk)  # type: ignore[attr-defined]
    ask_code = is_system_admin(request.user) and not acting_units(request.user, actions.WRITERS)
    context = {
        "form": form,
        "unit": unit,
        "units": units,
        "ask_unit_code": ask_code,
        "unit_code": (request.POST.get("unit") or request.GET.get("unit") or "").strip(),
        "unit_hint": unit_error if ask_code and unit is None and request.method != "POST" else "",
        "recent": recent,
    }
    return render(request, "letters/contribution_form.html", context)


@protected(*actions.WRITERS)
@require_POST
def contribution_thanks(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_scoped_or_404(request, Contribution.objects.select_related("unit"), pk)
    letter = actions.create_thanks(staff_user(request), item)
    messages.success(request, "Đã lập dự thảo thư cảm ơn.")
    return redirect("letters:detail", pk=letter.pk)


@protected(*PROCESSING_ROLES)
@require_POST
def announce_late(request: HttpRequest, code: str) -> HttpResponse:
    """The dossier page's "Báo trước hồ sơ sẽ trễ hẹn": the reason is recorded and the apology drafted now."""
    dossier = get_object_or_404(scoped(Dossier.objects.select_related("unit"), request.user), code=code)
    try:
        letter = actions.announce_late(staff_user(request), dossier, request.POST.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, "Chưa ghi nhận được: " + " ".join(exc.messages))
        return redirect("onestop:detail", code=dossier.code)
    messages.success(
        request,
        "Đã ghi nhận hồ sơ sẽ trễ hẹn và lập dự thảo thư xin lỗi với lý do đã nêu; "
        "kiểm tra ngày hẹn mới rồi trình lãnh đạo duyệt, ký.",
    )
    return redirect("letters:detail", pk=letter.pk)


urlpatterns: list[URLPattern] = [
    path("ho-so/<str:code>/se-tre-hen/", announce_late, name="announce_late"),
    path("quet/", sweep_view, name="sweep"),
    path("<int:pk>/", detail, name="detail"),
    path("<int:pk>/sua/", edit, name="edit"),
    path("<int:pk>/duyet/", approve, name="approve"),
    path("<int:pk>/huy/", cancel, name="cancel"),
    path("<int:pk>/gui/", deliver, name="deliver"),
    path("<int:pk>/lien-he/", add_contact, name="add_contact"),
    path("cam-on/", contribution, name="contribution"),
    path("cam-on/<int:pk>/lap-thu/", contribution_thanks, name="contribution_thanks"),
]
