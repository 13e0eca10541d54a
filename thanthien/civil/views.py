"""The civil registry pages: the list, the quick form, one event (edit, ceremony) and the import."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from thanthien.core.views_import import import_page
from thanthien.documents.xlsx import csv_response
from thanthien.org.access import protected, staff_user
from thanthien.org.periods import read_days
from thanthien.org.privacy import hide_personal
from thanthien.org.records import acting_unit, get_scoped_or_404, writable_communes
from thanthien.org.scoping import acting_units, holds_role, personal_unit_ids, scoped

from . import actions
from .actions import CIVIL_ROLES, INCOMPLETE, READER_ROLES, needs_completion
from .forms import CeremonyForm, CivilEventForm
from .importing import COLUMNS
from .models import CivilEvent, EventKind

PAGE_SIZE = 30


def filter_events(request: HttpRequest, qs: QuerySet[CivilEvent]) -> tuple[QuerySet[CivilEvent], list[str], list[str]]:
    """The list's filters: kind, registration period (the one period form: a bad day is said, not ignored),
    "cần bổ sung", a name; returns the rows, what was applied and the errors."""
    applied: list[str] = []
    kind = request.GET.get("kind", "")
    if kind in EventKind.values:
        qs = qs.filter(kind=kind)
        applied.append(str(EventKind(kind).label))
    days = read_days(request.GET)
    if days.errors:
        return qs.none(), applied, days.errors
    start, end = days.start, days.end
    if start:
        qs = qs.filter(registered_on__gte=start)
        applied.append(f"từ {start:%d/%m/%Y}")
    if end:
        qs = qs.filter(registered_on__lte=end)
        applied.append(f"đến {end:%d/%m/%Y}")
    if request.GET.get("incomplete"):
        qs = qs.filter(INCOMPLETE)
        applied.append("cần bổ sung")
    if q := " ".join(request.GET.get("q", "").split()):
        qs = qs.filter(_search(request.user, q))
        applied.append(f"“{q}”")
    return qs, applied, []


def _search(user: Any, q: str) -> Q:
    """A register number for everyone; names only among the events whose personal data the user may see, so a
    supervisor cannot learn from the results who was born, married or died where (DOMAIN.md §10)."""
    by_number = Q(register_number=q)
    by_name = Q(person_name__icontains=q) | Q(partner_name__icontains=q) | Q(contact_name__icontains=q)
    own = personal_unit_ids(user)
    if own is None:
        return by_number | by_name
    return by_number | (Q(unit_id__in=own) & by_name) if own else by_number


@protected(*READER_ROLES)
def event_list(request: HttpRequest) -> HttpResponse:
    visible = scoped(CivilEvent.objects.all(), request.user)
    qs, applied, errors = filter_events(request, visible.select_related("unit", "dossier"))
    page = Paginator(qs.order_by("-registered_on", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    hide_personal(request.user, page.object_list)
    for event in page.object_list:
        event.incomplete = needs_completion(event)
    context = {
        "page_obj": page,
        "kinds": EventKind.choices,
        "filters": request.GET,
        "applied": applied,
        "errors": errors,
        "names_searchable": personal_unit_ids(request.user) != set(),
        "incomplete_count": visible.filter(INCOMPLETE).count(),
        "can_write": bool(writable_communes(request.user, CIVIL_ROLES)),
        "many_units": visible.values("unit_id").distinct().count() > 1,
    }
    return render(request, "civil/list.html", context)


@protected(*CIVIL_ROLES)
def event_create(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    chosen = acting_unit(request, CIVIL_ROLES)
    if not chosen.choices:
        raise PermissionDenied("Tài khoản của bạn không thuộc xã, phường nào để ghi sổ hộ tịch.")
    # A system administrator who named no commune sees the first one selected in the form's list of communes.
    unit = chosen.unit or chosen.choices[0]
    form = CivilEventForm(request.POST or None, initial={"registered_on": timezone.localdate()})
    if request.method == "POST" and chosen.unit is None:
        form.add_error(None, "Vui lòng chọn xã, phường ghi sổ.")
    elif request.method == "POST" and form.is_valid():
        try:
            event = actions.register_event(user, unit, **form.cleaned_data)
        except ValidationError as exc:
            form.add_action_errors(exc)
        else:
            messages.success(request, f"Đã ghi sổ: {event}.")
            if request.POST.get("next") == "more":
                return redirect(f"{reverse('civil:create')}?kind={event.kind}&unit={unit.code}")
            return redirect("civil:detail", pk=event.pk)
    elif request.method != "POST" and request.GET.get("kind") in EventKind.values:
        form.initial["kind"] = request.GET["kind"]
    form.mark_errors()
    context = {"form": form, "unit": unit, "units": chosen.choices, "title": "Ghi sự kiện hộ tịch"}
    return render(request, "civil/form.html", context)


def _get_event(request: HttpRequest, pk: int) -> CivilEvent:
    # Another commune's event is "not found", so ids cannot be probed across communes.
    return get_scoped_or_404(request, CivilEvent.objects.select_related("unit", "dossier", "created_by"), pk)


@protected(*READER_ROLES)
def event_detail(request: HttpRequest, pk: int) -> HttpResponse:
    event = _get_event(request, pk)
    hide_personal(request.user, [event])
    context = {
        "e": event,
        "incomplete": needs_completion(event),
        "can_write": holds_role(request.user, event.unit, CIVIL_ROLES),
        "ceremony_form": CeremonyForm(initial={"ceremony_on": event.ceremony_on or timezone.localdate()}),
    }
    return render(request, "civil/detail.html", context)


@protected(*CIVIL_ROLES)
def event_edit(request: HttpRequest, pk: int) -> HttpResponse:
    event = _get_event(request, pk)
    if not holds_role(request.user, event.unit, CIVIL_ROLES):
        raise PermissionDenied("Bạn không có quyền sửa sự kiện hộ tịch của đơn vị này.")
    initial = {name: getattr(event, name) for name in actions.FIELDS}
    form = CivilEventForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k in actions.FIELDS}
        act = actions.complete_from_dossier if needs_completion(event) else actions.update_event
        try:
            act(staff_user(request), event, **data)
        except ValidationError as exc:
            form.add_action_errors(exc)
        else:
            messages.success(request, f"Đã lưu: {event}.")
            return redirect("civil:detail", pk=event.pk)
    form.mark_errors()
    context = {"form": form, "unit": event.unit, "units": [event.unit], "event": event, "title": "Sửa sự kiện hộ tịch"}
    return render(request, "civil/form.html", context)


@protected(*CIVIL_ROLES)
@require_POST
def event_ceremony(request: HttpRequest, pk: int) -> HttpResponse:
    event = _get_event(request, pk)
    form = CeremonyForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("ceremony_on", []):
            messages.error(request, str(error))
        return redirect("civil:detail", pk=pk)
    try:
        actions.record_ceremony(staff_user(request), event, form.cleaned_data["ceremony_on"])
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    else:
        messages.success(request, f"Đã ghi nhận lễ trao giấy chứng nhận kết hôn ngày {event.ceremony_on:%d/%m/%Y}.")
    return redirect("civil:detail", pk=pk)


# --- import -------------------------------------------------------------------------------------------------


@protected(*CIVIL_ROLES)
def import_view(request: HttpRequest) -> HttpResponse:
    """The one upload page (core.views_import) with the civil registry kind chosen."""
    return import_page(request, "civil-events")


@protected(*CIVIL_ROLES)
def import_template(request: HttpRequest) -> HttpResponse:
    """The header row and one example line per kind, ready to be filled in a spreadsheet."""
    examples: list[dict[str, str]] = [
        {
            "kind": "birth",
            "register_number": "15",
            "registered_on": "2024-10-08",
            "event_date": "2024-09-30",
            "person_name": "Nguyễn Gia Huy",
            "contact_name": "Nguyễn Văn An",
            "contact_address": "Thôn 1",
            "contact_phone": "0912345678",
        },
        {
            "kind": "marriage",
            "register_number": "7",
            "registered_on": "2024-10-09",
            "event_date": "2024-10-09",
            "person_name": "Lê Văn Nam",
            "partner_name": "Trần Thị Hoa",
            "contact_name": "Lê Văn Nam và Trần Thị Hoa",
            "contact_address": "Thôn 2",
            "contact_phone": "0987654321",
        },
        {
            "kind": "death",
            "register_number": "3",
            "registered_on": "2024-10-10",
            "event_date": "2024-10-09",
            "person_name": "Phạm Văn Lộc",
            "person_title": "Cụ ông",
            "contact_name": "Phạm Thị Lan",
            "contact_address": "Thôn 3",
            "letter_sent_on": "2024-10-12",
        },
    ]
    # Cell by column name: the example lines follow the columns whatever their order and number.
    rows = [[example.get(column, "") for column in COLUMNS] for example in examples]
    return csv_response("Mẫu nhập sổ hộ tịch.csv", COLUMNS, rows)


def home_panel(request: HttpRequest) -> dict[str, object] | None:
    units = [u for u in acting_units(request.user, CIVIL_ROLES) if u.is_commune_level]
    if not units:
        return None
    visible = scoped(CivilEvent.objects.all(), request.user)
    since = timezone.localdate() - dt.timedelta(days=30)
    base = reverse("civil:list")
    recent = visible.filter(registered_on__gte=since)
    return {
        "title": "Hộ tịch",
        "items": [
            ("Sự kiện cần bổ sung thông tin", visible.filter(INCOMPLETE).count(), f"{base}?incomplete=1"),
            ("Đăng ký trong 30 ngày qua", recent.count(), f"{base}?from={since:%d/%m/%Y}"),
        ],
    }
