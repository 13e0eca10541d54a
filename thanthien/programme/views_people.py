"""The people pages of the model (issue 11 items 4 and 5): the commune's officials, the commitment "5 biết, 3 không,
4 thể hiện" with who signed it and who has not (a home-page panel and a printable list), the activities with the
period's totals, and the public directory of officials (/can-bo-xa/<code>/).

Writers of officials and signatures: PROGRAMME_WRITERS; of activities: ACTIVITY_WRITERS; readers: every commune
role and the supervisors above, who only read. Another commune's records are "not found"."""

from __future__ import annotations

import datetime as dt
import mimetypes
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from thanthien.documents.pdf import pdf_response, render_pdf
from thanthien.lib.registry import register_home_panel
from thanthien.lib.vn import fmt_date
from thanthien.org.access import protected, public, staff_user
from thanthien.org.models import COMMUNE_KINDS, Unit
from thanthien.org.periods import read_days
from thanthien.org.queries import valid_on
from thanthien.org.records import get_scoped_or_404, reading_commune
from thanthien.org.scoping import (
    acting_units,
    holds_role,
    is_system_admin,
    personal_unit_ids,
)

from . import actions_people as actions
from . import records_links
from .forms_people import ActivityForm, OfficialForm, SignatureForm, StaffForm, TextForm
from .models import (
    ACTIVITY_WRITERS,
    PROGRAMME_READERS,
    PROGRAMME_WRITERS,
    Activity,
    ActivityKind,
    CommitmentSignature,
    Official,
)

PAGE_SIZE = 30
MAX_COMMUNES = 500


# --- which commune ---------------------------------------------------------------------------------------------------


def _require_writer(request: HttpRequest, unit: Unit, roles: frozenset[str]) -> None:
    if not holds_role(request.user, unit, roles):
        raise PermissionDenied("Bạn chỉ được xem, không được ghi thông tin này của đơn vị.")


def _no_commune(request: HttpRequest, title: str) -> HttpResponse:
    context = {"title": title}
    return render(request, "programme/people_no_commune.html", context)


def _save(form: StaffForm, act: Any) -> Any:
    if not form.is_valid():
        return None
    try:
        return act(form.cleaned_data)
    except ValidationError as exc:
        form.add_action_errors(exc)
        return None


def _with_unit(url: str, unit: Unit) -> str:
    return f"{url}?{urlencode({'unit': unit.code})}"


# --- officials -------------------------------------------------------------------------------------------------------


@protected(*PROGRAMME_READERS)
def officials(request: HttpRequest) -> HttpResponse:
    unit, choices = reading_commune(request)
    if unit is None:
        return _no_commune(request, "Cán bộ, công chức")
    text = actions.current_text(unit)
    # A figure's link (records_links): the officials, or those who signed, its unit's statistics count; each one's
    # commitment is then read by their own commune's text in force on the figure's day.
    figure = records_links.officials_filter(request)
    listed = figure.qs if figure else Official.objects.filter(unit=unit)
    if figure:
        day = figure.day or timezone.localdate()
        signed = set(records_links.signed_by(listed, day).values_list("pk", flat=True))
    else:
        signed = actions.signed_ids(unit, text)
    qs = listed.select_related("user").order_by("-active", "order", "full_name", "pk")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    # An official's phone is theirs: the commune's own staff read it; a supervisor only the phones made public.
    own = personal_unit_ids(request.user)
    # (A figure's list may hold several communes' officials: each row by its own commune.)
    rows = [
        {
            "o": o,
            "phone": o.phone if (own is None or o.unit_id in own or o.show_phone) else "",
            "signed": o.pk in signed,
            "may_choose": actions.may_choose_phone(request.user, o),
        }
        for o in page.object_list
    ]
    context = {
        "unit": unit,
        "units": choices,
        "page_obj": page,
        "rows": rows,
        "can_write": holds_role(request.user, unit, PROGRAMME_WRITERS),
        "figure": figure,
    }
    return render(request, "programme/people_officials.html", context)


@protected(*PROGRAMME_WRITERS)
def official_create(request: HttpRequest) -> HttpResponse:
    unit, _ = reading_commune(request)
    if unit is None:
        return _no_commune(request, "Thêm cán bộ, công chức")
    _require_writer(request, unit, PROGRAMME_WRITERS)
    form = OfficialForm(request.POST or None, unit=unit, initial={"active": True})
    if request.method == "POST":
        user = staff_user(request)
        official = _save(form, lambda data: actions.create_official(user, unit, data))
        if official is not None:
            messages.success(request, f"Đã thêm {official.full_name} vào danh sách cán bộ, công chức.")
            return redirect(_with_unit(reverse("programme:officials"), unit))
    form.mark_errors()
    context = {"form": form, "unit": unit, "title": "Thêm cán bộ, công chức"}
    return render(request, "programme/people_official_form.html", context)


def _official(request: HttpRequest, pk: int) -> Official:
    return get_scoped_or_404(request, Official.objects.select_related("unit", "user"), pk)


@protected(*PROGRAMME_WRITERS)
def official_edit(request: HttpRequest, pk: int) -> HttpResponse:
    official = _official(request, pk)
    _require_writer(request, official.unit, PROGRAMME_WRITERS)
    initial = {name: getattr(official, name) for name in actions.OFFICIAL_FIELDS}
    form = OfficialForm(request.POST or None, unit=official.unit, initial=initial)
    if request.method == "POST":
        user = staff_user(request)
        if _save(form, lambda data: actions.update_official(user, official, data)) is not None:
            messages.success(request, f"Đã lưu thông tin của {official.full_name}.")
            return redirect(_with_unit(reverse("programme:officials"), official.unit))
    form.mark_errors()
    context = {"form": form, "unit": official.unit, "official": official, "title": "Sửa thông tin cán bộ, công chức"}
    return render(request, "programme/people_official_form.html", context)


@protected(*PROGRAMME_READERS)
@require_POST
def official_phone(request: HttpRequest, pk: int) -> HttpResponse:
    """The official (their own account) or a writer chooses whether the directory shows the phone."""
    official = _official(request, pk)
    show = request.POST.get("show_phone") == "1"
    try:
        actions.set_show_phone(staff_user(request), official, show)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if show:
            messages.success(request, f"Số điện thoại của {official.full_name} được công khai trên danh bạ.")
        else:
            messages.success(request, f"Đã ẩn số điện thoại của {official.full_name} trên danh bạ.")
    return redirect(_with_unit(reverse("programme:officials"), official.unit))


# --- commitments -----------------------------------------------------------------------------------------------------


def _commitments_page(
    request: HttpRequest, unit: Unit, choices: list[Unit], form: SignatureForm | None = None, status: int = 200
) -> HttpResponse:
    text = actions.current_text(unit)
    signatures = (
        CommitmentSignature.objects.filter(official__unit=unit, text=text)
        .select_related("official")
        .order_by("official__order", "official__full_name", "pk")
    )
    missing = actions.not_signed(unit).order_by("order", "full_name", "pk")
    can_write = holds_role(request.user, unit, PROGRAMME_WRITERS)
    if form is None and can_write:
        form = SignatureForm(officials=missing, initial={"signed_on": timezone.localdate()})
    if form is not None:
        form.mark_errors()
    context = {
        "unit": unit,
        "units": choices,
        "text": text,
        "lines": text.body.splitlines(),
        "versions": actions.text_versions(unit),
        "signatures": signatures,
        "missing": list(missing),
        "active_count": Official.objects.filter(unit=unit, active=True).count(),
        "can_write": can_write,
        "form": form,
    }
    return render(request, "programme/people_commitments.html", context, status=status)


@protected(*PROGRAMME_READERS)
def commitments(request: HttpRequest) -> HttpResponse:
    unit, choices = reading_commune(request)
    if unit is None:
        return _no_commune(request, "Cam kết “5 biết, 3 không, 4 thể hiện”")
    return _commitments_page(request, unit, choices)


@protected(*PROGRAMME_WRITERS)
@require_POST
def commitment_sign(request: HttpRequest) -> HttpResponse:
    unit, choices = reading_commune(request)
    if unit is None:
        raise Http404("Không tìm thấy xã, phường.")
    _require_writer(request, unit, PROGRAMME_WRITERS)
    form = SignatureForm(request.POST, request.FILES, officials=actions.not_signed(unit))
    user = staff_user(request)
    signature = _save(
        form,
        lambda data: actions.record_signature(user, data["official"], data["signed_on"], scan=data.get("scan")),
    )
    if signature is not None:
        messages.success(
            request, f"Đã ghi nhận {signature.official.full_name} ký cam kết ngày {fmt_date(signature.signed_on)}."
        )
        return redirect(_with_unit(reverse("programme:commitments"), unit))
    return _commitments_page(request, unit, choices, form=form, status=400)


@protected(*PROGRAMME_READERS)
def commitment_unsigned_pdf(request: HttpRequest) -> HttpResponse:
    """The printable list of the active officials who have not signed the version in force (NĐ 30 layout)."""
    unit, _ = reading_commune(request)
    if unit is None:
        raise Http404("Không tìm thấy xã, phường.")
    text = actions.current_text(unit)
    context = {
        "unit": unit,
        "text": text,
        "missing": list(actions.not_signed(unit).order_by("order", "full_name", "pk")),
        "issuer_parent": f"UBND {unit.parent.name}" if unit.parent else "",
        "issuer": f"UBND {unit.name}",
        "number": "",
        "place": unit.short_name(),
        "date": timezone.localdate(),
        "doc_type": "DANH SÁCH",
        "subject": f"Cán bộ, công chức chưa ký {text.title}",
        "sign_authority": "TM. ỦY BAN NHÂN DÂN",
        "sign_title": "CHỦ TỊCH",
        "recipients": ["Các cán bộ, công chức có tên", "Lưu: VT"],
    }
    pdf = render_pdf("programme/people_unsigned_pdf.html", context)
    return pdf_response(pdf, f"can-bo-chua-ky-cam-ket-{unit.code}.pdf", inline=True)


@protected(*PROGRAMME_WRITERS)
def commitment_text_new(request: HttpRequest) -> HttpResponse:
    unit, _ = reading_commune(request)
    if unit is None:
        return _no_commune(request, "Ban hành nội dung cam kết mới")
    _require_writer(request, unit, PROGRAMME_WRITERS)
    current = actions.current_text(unit)
    initial = {"title": current.title, "body": current.body, "valid_from": timezone.localdate()}
    form = TextForm(request.POST or None, initial=initial)
    if request.method == "POST":
        user = staff_user(request)
        text = _save(form, lambda data: actions.adopt_text(user, unit, data))
        if text is not None:
            messages.success(
                request, f"Đã ban hành phiên bản {text.version} của cam kết, áp dụng từ {fmt_date(text.valid_from)}."
            )
            return redirect(_with_unit(reverse("programme:commitments"), unit))
    form.mark_errors()
    context = {"form": form, "unit": unit, "current": current, "title": "Ban hành nội dung cam kết mới"}
    return render(request, "programme/people_text_form.html", context)


@protected(*PROGRAMME_READERS)
def signature_scan(request: HttpRequest, pk: int) -> HttpResponseBase:
    signature = get_scoped_or_404(
        request, CommitmentSignature.objects.select_related("official"), pk, field="official__unit"
    )
    if not signature.scan:
        raise Http404("Không có bản ký.")
    suffix = signature.scan.name.rsplit(".", 1)[-1].lower()
    content_type = actions.SCAN_TYPES.get(suffix) or mimetypes.guess_type(signature.scan.name)[0]
    if content_type not in actions.SCAN_TYPES.values():
        raise Http404("Không có bản ký.")
    try:
        handle = signature.scan.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("Không tìm thấy tệp bản ký.") from None
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="ban-ky-cam-ket-{signature.pk}.{suffix}"'
    response["Cache-Control"] = "private, no-store"
    return response


def home_panel(request: Any) -> dict[str, object] | None:
    """For who records signatures: how many active officials of their communes have not signed the commitment."""
    user = request.user
    if not getattr(user, "is_authenticated", False) or is_system_admin(user):
        return None
    units = {u.pk: u for u in acting_units(user, PROGRAMME_WRITERS) if u.is_commune_level}
    if not units:
        return None
    url = reverse("programme:commitments")
    items: list[tuple[str, int, str]] = []
    for unit in sorted(units.values(), key=lambda u: u.name):
        if not Official.objects.filter(unit=unit, active=True).exists():
            continue  # no official recorded yet: nothing to remind
        label = "Cán bộ chưa ký cam kết" + (f" ({unit.name})" if len(units) > 1 else "")
        items.append((label, actions.not_signed(unit).count(), _with_unit(url, unit)))
    return {"title": "Cam kết “5 biết, 3 không, 4 thể hiện”", "items": items} if items else None


register_home_panel(58, home_panel)


# --- activities ------------------------------------------------------------------------------------------------------


def _activity_query(unit: Unit, start: dt.date | None, end: dt.date | None, kind: str = "") -> str:
    params: dict[str, str] = {"unit": unit.code}
    if start:
        params["from"] = fmt_date(start)
    if end:
        params["to"] = fmt_date(end)
    if kind:
        params["kind"] = kind
    return "?" + urlencode(params)


@protected(*PROGRAMME_READERS)
def activities(request: HttpRequest) -> HttpResponse:
    unit, choices = reading_commune(request)
    if unit is None:
        return _no_commune(request, "Hoạt động tuyên truyền, tập huấn")
    today = timezone.localdate()
    days = read_days(request.GET, dt.date(today.year, 1, 1), today)
    kind = str(request.GET.get("kind") or "")
    if kind not in ActivityKind.values:
        kind = ""
    # A figure's link (records_links): the activities its unit's statistics count.
    figure = records_links.activities_filter(request)
    in_period = figure.qs if figure else Activity.objects.filter(unit=unit)
    if not days.errors:
        if days.start:
            in_period = in_period.filter(held_on__gte=days.start)
        if days.end:
            in_period = in_period.filter(held_on__lte=days.end)
    else:
        in_period = in_period.none()
    listed = in_period.filter(kind=kind) if kind else in_period
    page = Paginator(listed.order_by("-held_on", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    totals = actions.activity_totals(in_period)
    k = ActivityKind

    def link(kind_value: str) -> str:
        return reverse("programme:activities") + _activity_query(unit, days.start, days.end, kind_value)

    figures = [
        ("Hội nghị, buổi tuyên truyền", totals.meetings, link(k.MEETING)),
        ("Lượt người dự hội nghị", totals.attendees, link(k.MEETING)),
        ("Lượt phát thanh", totals.broadcasts, link(k.BROADCAST)),
        ("Tin, bài trên báo, đài", totals.articles, link(k.ARTICLE)),
        ("Bài trên trang thông tin điện tử", totals.website_posts, link(k.WEBSITE_POST)),
        ("Lớp tập huấn", totals.trainings, link(k.TRAINING)),
        ("Lượt người được tập huấn", totals.trainees, link(k.TRAINING)),
    ]
    context = {
        "unit": unit,
        "units": choices,
        "page_obj": page,
        "figures": figures,
        "kinds": ActivityKind.choices,
        "kind": kind,
        "start_text": days.start_text,
        "end_text": days.end_text,
        "errors": days.errors,
        "all_link": link(""),
        "figure": figure,
        "can_write": holds_role(request.user, unit, ACTIVITY_WRITERS),
    }
    return render(request, "programme/people_activities.html", context)


@protected(*ACTIVITY_WRITERS)
def activity_create(request: HttpRequest) -> HttpResponse:
    unit, _ = reading_commune(request)
    if unit is None:
        return _no_commune(request, "Ghi nhận hoạt động")
    _require_writer(request, unit, ACTIVITY_WRITERS)
    initial = {"held_on": timezone.localdate(), "kind": str(request.GET.get("kind") or "")[:20]}
    form = ActivityForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST":
        user = staff_user(request)
        activity = _save(
            form, lambda data: actions.record_activity(user, unit, form.data_values(), photo=data.get("photo"))
        )
        if activity is not None:
            messages.success(request, f"Đã ghi nhận hoạt động ngày {fmt_date(activity.held_on)}.")
            return redirect(_with_unit(reverse("programme:activities"), unit))
    form.mark_errors()
    context = {"form": form, "unit": unit, "title": "Ghi nhận hoạt động tuyên truyền, tập huấn"}
    return render(request, "programme/people_activity_form.html", context)


def _activity(request: HttpRequest, pk: int) -> Activity:
    return get_scoped_or_404(request, Activity.objects.select_related("unit"), pk)


@protected(*ACTIVITY_WRITERS)
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _activity(request, pk)
    _require_writer(request, activity.unit, ACTIVITY_WRITERS)
    initial = {name: getattr(activity, name) for name in actions.ACTIVITY_FIELDS}
    form = ActivityForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST":
        user = staff_user(request)
        saved = _save(
            form, lambda data: actions.update_activity(user, activity, form.data_values(), photo=data.get("photo"))
        )
        if saved is not None:
            messages.success(request, "Đã lưu hoạt động.")
            return redirect(_with_unit(reverse("programme:activities"), activity.unit))
    form.mark_errors()
    context = {"form": form, "unit": activity.unit, "activity": activity, "title": "Sửa hoạt động"}
    return render(request, "programme/people_activity_form.html", context)


@protected(*PROGRAMME_READERS)
def activity_photo(request: HttpRequest, pk: int) -> HttpResponseBase:
    activity = _activity(request, pk)
    if not activity.photo:
        raise Http404("Không có ảnh.")
    suffix = "." + activity.photo.name.rsplit(".", 1)[-1].lower()
    content_type = actions.PHOTO_TYPES.get(suffix)
    if content_type is None:
        raise Http404("Không có ảnh.")
    try:
        handle = activity.photo.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("Không tìm thấy tệp ảnh.") from None
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="hoat-dong-{activity.pk}{suffix}"'
    return response


# --- the public directory --------------------------------------------------------------------------------------------


@public
def directory(request: HttpRequest, code: str) -> HttpResponse:
    """A commune's officials as the desk shows them (seed 004): name, position, desk, the phone only when the
    official chose to show it, and whether they signed the commitment. No account or e-mail data."""
    unit = Unit.objects.filter(valid_on(timezone.localdate()), code=code[:40], kind__in=COMMUNE_KINDS).first()
    if unit is None:
        raise Http404("Không có xã, phường nào mang mã này.")
    text = actions.current_text(unit)
    signed = actions.signed_ids(unit, text)
    rows = Official.objects.filter(unit=unit, active=True).order_by("order", "full_name", "pk")
    people = [
        {
            "full_name": o.full_name,
            "position": o.position,
            "desk": o.desk,
            "phone": o.phone if o.show_phone and o.phone else "",
            "signed": o.pk in signed,
        }
        for o in rows.only("pk", "full_name", "position", "desk", "phone", "show_phone")
    ]
    return render(request, "programme/public_directory.html", {"unit": unit, "people": people, "text": text})
