"""A commune's periodic report pages: the list of its reports, a new draft, the web view (every number a link to
the records it counts, the totals checked, an issued report's figures compared with today's), the narratives'
editor, issuing, new versions, the files, and the commune's own Word form."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from thanthien.documents.http import file_response
from thanthien.lib import stats
from thanthien.org.access import protected, staff_user
from thanthien.org.models import Role, Unit
from thanthien.org.records import acting_unit, get_scoped_or_404, writable_communes
from thanthien.org.scoping import holds_role, memberships, scoped

from . import actions, outputs, periodic
from .content import Fig
from .forms import EditReportForm, IssueForm, NewReportForm, TemplateForm, narrative_field
from .frozen import differences
from .models import REPORT_READERS, Report, ReportKind, ReportStatus, ReportTemplate

PAGE_SIZE = 25


def _reports(request: HttpRequest) -> QuerySet[Report]:
    return scoped(Report.objects.filter(kind=ReportKind.PERIODIC), request.user).select_related("unit")


def _get(request: HttpRequest, pk: Any) -> Report:
    return get_scoped_or_404(request, _reports(request), pk)


@protected(*REPORT_READERS)
def report_list(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    communes = writable_communes(user, actions.DRAFTERS)
    form = NewReportForm(request.POST or None, initial=_asked_period(request))
    if request.method == "POST":
        unit = _drafting_unit(request, communes)
        report = _create(form, user, unit)
        if report is not None:
            messages.success(request, "Đã lập dự thảo báo cáo. Hãy xem lại số liệu và viết các phần nhận xét.")
            return redirect("reports:detail", pk=report.pk)
    page = Paginator(_reports(request).order_by("-period_end", "-version", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "reports/report_list.html",
        {
            "page": page,
            "form": form,
            "communes": communes,
            "supervises": _supervises(user),
            "quick": [
                (label, f"?start={start:%d/%m/%Y}&end={end:%d/%m/%Y}")
                for label, start, end in report_periods(timezone.localdate())
            ],
        },
    )


def report_periods(today: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    """The periods a commune reports on in one click: this year so far, last year, last year's first half, and
    the three years of a sơ kết (seed 002)."""
    last, yesterday = today.year - 1, today - dt.timedelta(days=1)
    return [
        ("Năm nay (đến hôm qua)", dt.date(today.year, 1, 1), max(dt.date(today.year, 1, 1), yesterday)),
        (f"Năm {last}", dt.date(last, 1, 1), dt.date(last, 12, 31)),
        (f"6 tháng đầu năm {last}", dt.date(last, 1, 1), dt.date(last, 6, 30)),
        (f"Sơ kết 3 năm {last - 2}–{last}", dt.date(last - 2, 1, 1), dt.date(last, 12, 31)),
    ]


def _asked_period(request: HttpRequest) -> dict[str, Any]:
    """The form's first values: a quick period's link (?start=dd/mm/yyyy&end=…), else this year so far."""
    today = timezone.localdate()
    asked = {k: request.GET[k][:10] for k in ("start", "end") if request.GET.get(k)}
    return asked or {"start": dt.date(today.year, 1, 1), "end": today}


def _drafting_unit(request: HttpRequest, communes: list[Unit]) -> Unit:
    """The commune a report or form is written for: the one unit picker (org.records.acting_unit)."""
    unit = acting_unit(request, actions.DRAFTERS).unit if communes else None
    if unit is None:
        raise PermissionDenied("Chỉ lãnh đạo và quản trị của xã, phường lập báo cáo của đơn vị.")
    return unit


def _create(form: NewReportForm, user: Any, unit: Unit) -> Report | None:
    if not form.is_valid():
        return None
    data = form.cleaned_data
    try:
        return actions.create_report(user, unit, data["start"], data["end"], data.get("title") or "")
    except ValidationError as exc:
        form.add_action_errors(exc)
        return None


def _supervises(user: Any) -> bool:
    return any(m.role == Role.SUPERVISOR for m in memberships(user))


@protected(*REPORT_READERS)
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _get(request, pk)
    content = outputs.content_of(report)
    issued = report.status == ReportStatus.ISSUED
    changed: list[dict[str, Any]] = []
    if issued:
        changed = differences(report.figures, periodic.collect(report.unit, report.period_start, report.period_end))
    user = staff_user(request)
    return render(
        request,
        "reports/report_detail.html",
        {
            "report": report,
            "sections": [_view(s, report) for s in content.sections],
            "broken": content.broken_identities(),
            "issued": issued,
            "changed": changed,
            "can_edit": not issued and holds_role(user, report.unit, actions.DRAFTERS),
            "can_issue": not issued and holds_role(user, report.unit, actions.ISSUERS),
            "can_version": issued
            and holds_role(user, report.unit, actions.DRAFTERS)
            and not report.next_versions.exists(),
            "newer": report.next_versions.order_by("-version").first(),
            "issue_form": IssueForm(initial={"issued_on": timezone.localdate()}),
            "empty_narratives": [s.narrative_label for s in content.sections if s.narrative_key and not s.narrative],
        },
    )


def _view(section: Any, report: Report) -> dict[str, Any]:
    """A section for the web view: each figure of a sentence with the link to the records it counts."""
    sentences = [
        [_chunk(c, report) if isinstance(c, Fig) else {"text": c, "url": None, "figure": False} for c in s.chunks]
        for s in section.sentences
    ]
    return {"s": section, "sentences": sentences}


def _chunk(fig: Fig, report: Report) -> dict[str, Any]:
    url = None
    if fig.kind == "count" and fig.value:
        url = stats.records_url(fig.subject, fig.key, report.unit, report.period_start, report.period_end)
    return {"text": fig.text, "url": url, "figure": True, "name": fig.name}


@protected(*actions.DRAFTERS)
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = _get(request, pk)
    user = staff_user(request)
    if report.status != ReportStatus.DRAFT:
        messages.error(request, "Báo cáo đã ban hành không sửa được; hãy tạo phiên bản mới.")
        return redirect("reports:detail", pk=report.pk)
    initial = {name: getattr(report, name) for name in ("title", "place", "signer_title", "signer_name", "recipients")}
    initial |= {narrative_field(k): v for k, v in report.narratives.items()}
    form = EditReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data.get(k) or "" for k in initial if not k.startswith("n_")}
        try:
            actions.update_report(user, report, {**data, "narratives": form.narratives()})
        except ValidationError as exc:
            form.add_action_errors(exc)
        else:
            messages.success(request, "Đã lưu báo cáo.")
            return redirect("reports:detail", pk=report.pk)
    return render(request, "reports/report_edit.html", {"report": report, "form": form})


@require_POST
@protected(*actions.ISSUERS)
def report_issue(request: HttpRequest, pk: int) -> HttpResponse:
    report = _get(request, pk)
    form = IssueForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("issued_on", []):
            messages.error(request, str(error))
        return redirect("reports:detail", pk=report.pk)
    try:
        issued = actions.issue_report(staff_user(request), report, form.cleaned_data["issued_on"])
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("reports:detail", pk=report.pk)
    messages.success(request, f"Đã ban hành báo cáo số {issued.number}. Bản PDF và Word đã được lưu.")
    return redirect("reports:detail", pk=issued.pk)


@require_POST
@protected(*actions.DRAFTERS)
def report_new_version(request: HttpRequest, pk: int) -> HttpResponse:
    report = _get(request, pk)
    try:
        draft = actions.new_version(staff_user(request), report)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("reports:detail", pk=report.pk)
    messages.success(request, f"Đã tạo phiên bản {draft.version} (dự thảo) với số liệu hiện nay.")
    return redirect("reports:detail", pk=draft.pk)


@protected(*REPORT_READERS)
def report_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponseBase:
    report = _get(request, pk)
    if fmt not in outputs.FORMATS:
        raise Http404("Không có định dạng này.")
    name = outputs.filename(report.unit, report.period_start, report.period_end, fmt, report.number)
    stored = {"pdf": report.pdf, "docx": report.docx}.get(fmt)
    if report.status == ReportStatus.ISSUED and stored:
        with stored.open("rb") as handle:  # the file exactly as issued
            data = handle.read()
    elif fmt == "docx":
        try:
            data = actions.word_file(outputs.content_of(report), report)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("reports:detail", pk=report.pk)
    else:
        data = outputs.render_report(report, fmt)
    return file_response(data, name, outputs.CONTENT_TYPES[fmt], inline=fmt == "pdf")


@protected(*actions.DRAFTERS)
def template_page(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    communes = writable_communes(user, actions.DRAFTERS)
    if not communes:
        raise PermissionDenied("Chỉ lãnh đạo và quản trị của xã, phường thay mẫu báo cáo.")
    unit = _drafting_unit(request, communes) if request.method == "POST" else communes[0]
    form = TemplateForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if request.POST.get("remove"):
            try:
                actions.remove_template(user, unit)
                messages.success(request, "Đã trở lại mẫu Word có sẵn.")
            except PermissionDenied as exc:
                messages.error(request, str(exc))
            return redirect("reports:template")
        if form.is_valid():
            try:
                actions.upload_template(user, unit, form.cleaned_data["file"])
            except ValidationError as exc:
                form.add_action_errors(exc)
            else:
                messages.success(request, "Đã thay mẫu Word báo cáo của đơn vị.")
                return redirect("reports:template")
    own = ReportTemplate.objects.filter(unit=unit).first()
    return render(
        request,
        "reports/report_template.html",
        {"form": form, "unit": unit, "own": own, "shipped": reverse("reports:template_file")},
    )


@protected(*actions.DRAFTERS)
def template_file(request: HttpRequest) -> HttpResponse:
    """The shipped Word form, to start one's own from."""
    return file_response(outputs.FORM.read_bytes(), "mau-bao-cao.docx", outputs.CONTENT_TYPES["docx"])
