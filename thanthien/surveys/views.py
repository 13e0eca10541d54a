"""The staff survey pages: questionnaires (list, one with its questions by aspect, import, export, copy a template,
edit as a new version), campaigns (open one, its progress and results, the answers as XLSX, the QR poster).

The commune's leaders, its administrator and MTTQ write; supervisors above read (forms hold no personal data).
Another commune's questionnaires and campaigns are "not found"."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from thanthien.documents.http import file_response
from thanthien.documents.pdf import pdf_response, render_pdf
from thanthien.documents.qr import qr_png_data_uri
from thanthien.lib.vn import fmt_date, read_int
from thanthien.org.access import protected, staff_user
from thanthien.org.periods import read_period
from thanthien.org.records import acting_unit, get_scoped_or_404
from thanthien.org.scoping import holds_role, scoped

from . import actions, exports, stats, xlsform
from . import results as results_page
from .forms import CampaignForm, EditForm, UploadForm
from .importing import import_questionnaire
from .models import SURVEY_READERS, SURVEY_WRITERS, Campaign, Channel, Questionnaire, QuestionnaireVersion

PAGE_SIZE = 30
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _writer_unit(request: HttpRequest) -> Any:
    chosen = acting_unit(request, SURVEY_WRITERS)
    if chosen.unit is None:
        raise PermissionDenied("Vui lòng chọn xã, phường để quản lý khảo sát.")
    return chosen.unit


@protected(*SURVEY_READERS)
def questionnaire_list(request: HttpRequest) -> HttpResponse:
    visible = scoped(Questionnaire.objects.select_related("unit"), request.user)
    listed = visible.annotate(versions_count=Count("versions", distinct=True), forms=Count("responses", distinct=True))
    page = Paginator(listed.order_by("unit__name", "title", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    chosen = acting_unit(request, SURVEY_WRITERS)
    campaigns = scoped(Campaign.objects.select_related("unit", "version"), request.user).annotate(
        forms=Count("responses")
    )
    context = {
        "page_obj": page,
        "templates": actions.shipped_templates(),
        "can_write": bool(chosen.choices),
        "units": chosen.choices,
        "unit": chosen.unit,
        "upload": UploadForm(),
        "campaigns": campaigns.order_by("-starts_on", "-pk")[:50],
    }
    return render(request, "surveys/questionnaire_list.html", context)


@require_POST
@protected(*SURVEY_WRITERS)
def template_copy(request: HttpRequest) -> HttpResponse:
    unit = _writer_unit(request)
    try:
        done = actions.copy_template(staff_user(request), unit, request.POST.get("template", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("surveys:questionnaire_list")
    messages.success(request, f"Đã sao chép mẫu “{done.questionnaire.title}” để {unit.name} dùng và chỉnh sửa.")
    return redirect("surveys:questionnaire_detail", pk=done.questionnaire.pk)


@require_POST
@protected(*SURVEY_WRITERS)
def questionnaire_import(request: HttpRequest) -> HttpResponse:
    unit = _writer_unit(request)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("surveys:questionnaire_list")
    upload = form.cleaned_data["file"]
    result = import_questionnaire(staff_user(request), unit, upload.read(), upload.name)
    if result.imported is None:
        context = {"errors": result.errors, "unit": unit}
        return render(request, "surveys/import_errors.html", context, status=400)
    done = result.imported
    if done.created:
        messages.success(request, f"Đã nhập phiếu “{done.questionnaire.title}”, phiên bản {done.version.version}.")
    else:
        messages.info(request, f"Phiếu “{done.questionnaire.title}” không thay đổi: không tạo phiên bản mới.")
    return redirect("surveys:questionnaire_detail", pk=done.questionnaire.pk)


def _questionnaire(request: HttpRequest, pk: int) -> Questionnaire:
    return get_scoped_or_404(request, Questionnaire.objects.select_related("unit"), pk)


def _version(request: HttpRequest, questionnaire: Questionnaire) -> QuestionnaireVersion:
    versions = questionnaire.versions.order_by("-number")
    wanted = read_int(request.GET.get("v"), 1, 10**6)
    version = versions.filter(number=wanted).first() if wanted else None
    found = version or versions.first()
    if found is None:
        raise PermissionDenied("Phiếu chưa có phiên bản nào.")
    return found


@protected(*SURVEY_READERS)
def questionnaire_detail(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = _questionnaire(request, pk)
    version = _version(request, questionnaire)
    questions, lists = actions.version_parts(version)
    groups: list[dict[str, Any]] = []
    for q in questions:
        if not groups or groups[-1]["name"] != q.group_name:
            groups.append({"name": q.group_name, "label": q.group_label, "items": []})
        groups[-1]["items"].append({"q": q, "choices": list(lists.get(q.list_name, {}).values())})
    context = {
        "questionnaire": questionnaire,
        "version": version,
        "versions": questionnaire.versions.order_by("-number"),
        "groups": groups,
        "frozen": version.is_frozen,
        "can_write": holds_role(request.user, questionnaire.unit, SURVEY_WRITERS),
        "campaigns": Campaign.objects.filter(version__questionnaire=questionnaire).select_related("unit")[:50],
    }
    return render(request, "surveys/questionnaire_detail.html", context)


@protected(*SURVEY_READERS)
def questionnaire_export(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = _questionnaire(request, pk)
    version = _version(request, questionnaire)
    raw = xlsform.write_workbook(version.source)
    return file_response(raw, f"{questionnaire.form_id}-{version.version}.xlsx", XLSX, inline=False)


@protected(*SURVEY_WRITERS)
def questionnaire_edit(request: HttpRequest, pk: int) -> HttpResponse:
    questionnaire = _questionnaire(request, pk)
    if not holds_role(request.user, questionnaire.unit, SURVEY_WRITERS):
        raise PermissionDenied("Bạn không có quyền sửa phiếu khảo sát của đơn vị này.")
    version = _version(request, questionnaire)
    form = EditForm(request.POST or None, version=version)
    if request.method == "POST" and form.is_valid():
        try:
            done = actions.edit_questionnaire(staff_user(request), version, form.edit())
        except ValidationError as exc:
            form.add_action_errors(exc)
        else:
            if done.created:
                messages.success(request, f"Đã lưu phiên bản mới {done.version.version}; phiên bản cũ giữ nguyên.")
            else:
                messages.info(request, "Không có thay đổi nào.")
            return redirect("surveys:questionnaire_detail", pk=questionnaire.pk)
    form.mark_errors()
    context = {"questionnaire": questionnaire, "version": version, "form": form, "frozen": version.is_frozen}
    status = 400 if request.method == "POST" else 200
    return render(request, "surveys/questionnaire_edit.html", context, status=status)


def _period_forms(request: HttpRequest) -> tuple[Any, str, Any]:
    """The period asked for, the questionnaire's form_id (may be empty) and the forms they cover (None when the
    period cannot be read); another commune than the reader's is "not found" (read_period)."""
    period = read_period(request)
    form_id = (request.GET.get("phieu") or "").strip()[:100]
    if not period.ok:
        return period, form_id, None
    assert period.unit is not None and period.start is not None and period.end is not None
    forms = scoped(stats.responses_in(period.unit, period.start, period.end, form_id or None), request.user)
    return period, form_id, forms


def _results_link(period: Any, form_id: str) -> str:
    return reverse("surveys:results") + "?" + results_page.period_drill(period.unit, period.start, period.end, form_id)


def _shows_names(request: HttpRequest, unit: Any) -> bool:
    return holds_role(request.user, unit, SURVEY_READERS)


@protected(*SURVEY_READERS)
def results(request: HttpRequest) -> HttpResponse:
    """The figures of a unit over a period, optionally of one questionnaire: the same numbers as
    `thanthien stats surveys`, with the distribution of every question, by aspect, field, procedure, officer and
    month, the baseline survey against the latest campaign and the campaigns' sample against their target; every
    figure opens the list of the forms it counts."""
    period, form_id, forms = _period_forms(request)
    context: dict[str, Any] = {"period": period, "form_id": form_id}
    if forms is not None:
        unit, start, end = period.unit, period.start, period.end
        figures = stats.survey_stats(unit, start, end, form_id or None)
        attitude = stats.attitude(unit, start, end, form_id or None)
        context.update(results_page.figures_context(forms, figures, _shows_names(request, unit)))
        context.update(
            {
                "baseline": stats.baseline_against_latest(unit, form_id or None),
                "targets": results_page.campaign_targets(unit, start, end, form_id or None),
                "attitude": attitude,
                "attitude_rows": results_page.attitude_rows(attitude, forms),
                "drill": results_page.period_drill(unit, start, end, form_id),
            }
        )
    status = 200 if forms is not None else 400
    return render(request, "surveys/results.html", context, status=status)


@protected(*SURVEY_READERS)
def results_pdf(request: HttpRequest) -> HttpResponse:
    """The results of the period as a report of the unit (NĐ 30/2020 heading), with the same figures as the page."""
    period, form_id, forms = _period_forms(request)
    if forms is None:
        return render(request, "surveys/results.html", {"period": period, "form_id": form_id}, status=400)
    unit, start, end = period.unit, period.start, period.end
    figures = stats.survey_stats(unit, start, end, form_id or None)
    context = results_page.pdf_context(unit, start, end, timezone.localdate(), form_id)
    context.update(results_page.figures_context(forms, figures, _shows_names(request, unit)))
    context["targets"] = results_page.campaign_targets(unit, start, end, form_id or None)
    context["baseline"] = stats.baseline_against_latest(unit, form_id or None)
    pdf = render_pdf("surveys/results_pdf.html", context)
    name = f"ket-qua-khao-sat-{unit.code}-{start:%Y%m%d}-{end:%Y%m%d}{'-' + form_id if form_id else ''}.pdf"
    return pdf_response(pdf, name)


@protected(*SURVEY_READERS)
def results_export(request: HttpRequest) -> HttpResponse:
    """The answers of the forms of the period (or of one figure's list: the same filters) as XLSX, without personal
    data."""
    period, form_id, forms = _period_forms(request)
    if forms is None:
        return render(request, "surveys/results.html", {"period": period, "form_id": form_id}, status=400)
    drill = results_page.narrow(forms, request.GET, _shows_names(request, period.unit))
    if drill.errors:
        context = {"period": period, "form_id": form_id, "unit": period.unit, "drill": drill, "rows": []}
        context["back"] = _results_link(period, form_id)
        return render(request, "surveys/results_forms.html", context, status=400)
    raw = results_page.answers_workbook(drill.forms)
    name = f"khao-sat-{period.unit.code}-{period.start:%Y%m%d}-{period.end:%Y%m%d}-phieu-tra-loi.xlsx"
    return file_response(raw, name, XLSX, inline=False)


@protected(*SURVEY_READERS)
def results_forms(request: HttpRequest) -> HttpResponse:
    """The forms a figure counts: those of a campaign (`dot`) or of a period, narrowed by the figure's filter, with
    their answers (no dossier code, collector or officer)."""
    campaign_pk = read_int(request.GET.get("dot"))
    context: dict[str, Any] = {}
    if request.GET.get("dot") is not None:
        if campaign_pk is None:
            raise Http404("Không tìm thấy đợt khảo sát này.")
        campaign = _campaign(request, campaign_pk)
        forms = scoped(campaign.responses.all(), request.user)
        unit = campaign.unit
        context.update({"campaign": campaign, "back": reverse("surveys:campaign_detail", args=[campaign.pk])})
    else:
        period, form_id, period_forms = _period_forms(request)
        if period_forms is None:
            return render(request, "surveys/results.html", {"period": period, "form_id": form_id}, status=400)
        forms, unit = period_forms, period.unit
        context.update({"period": period, "form_id": form_id, "back": _results_link(period, form_id)})
        context["export"] = reverse("surveys:results_export") + "?" + request.GET.urlencode()
    drill = results_page.narrow(forms, request.GET, _shows_names(request, unit))
    page = Paginator(drill.forms.order_by("-submitted_on", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    context.update({"unit": unit, "drill": drill, "page_obj": page, "rows": results_page.answer_rows(list(page))})
    return render(request, "surveys/results_forms.html", context, status=400 if drill.errors else 200)


# --- campaigns -----------------------------------------------------------------------------------------------------


@protected(*SURVEY_WRITERS)
def campaign_create(request: HttpRequest) -> HttpResponse:
    chosen = acting_unit(request, SURVEY_WRITERS)
    if not chosen.choices:
        raise PermissionDenied("Tài khoản của bạn không thuộc xã, phường nào để mở đợt khảo sát.")
    unit = chosen.unit or chosen.choices[0]
    latest = (
        QuestionnaireVersion.objects.filter(questionnaire__in=actions.usable_questionnaires(unit))
        .values("questionnaire")
        .annotate(last=Max("pk"))
        .values("last")
    )
    versions = (
        QuestionnaireVersion.objects.filter(pk__in=latest).select_related("questionnaire__unit").order_by("title")
    )
    initial = {"channels": [Channel.QR, Channel.ONLINE, Channel.PAPER]}
    form = CampaignForm(request.POST or None, versions=versions, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = actions.create_campaign(staff_user(request), unit, form.action_data())
        except ValidationError as exc:
            form.add_action_errors(exc)
        else:
            messages.success(request, f"Đã mở đợt khảo sát “{campaign.name}”.")
            return redirect("surveys:campaign_detail", pk=campaign.pk)
    form.mark_errors()
    context = {"form": form, "unit": unit, "units": chosen.choices}
    return render(request, "surveys/campaign_form.html", context, status=400 if request.method == "POST" else 200)


def _campaign(request: HttpRequest, pk: int) -> Campaign:
    return get_scoped_or_404(request, Campaign.objects.select_related("unit", "version", "version__questionnaire"), pk)


def public_link(request: HttpRequest, campaign: Campaign, channel: str = "") -> str:
    path = reverse(
        "surveys_public:respond", kwargs={"code": campaign.unit.code, "form_id": campaign.version.questionnaire.form_id}
    )
    base = getattr(settings, "SITE_URL", "") or request.build_absolute_uri("/").rstrip("/")
    return f"{base}{path}" + (f"?kenh={channel}" if channel else "")


@protected(*SURVEY_READERS)
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    forms = campaign.responses.all()
    head = {"unit": campaign.unit.code, "from": campaign.starts_on.isoformat(), "to": campaign.ends_on.isoformat()}
    figures = stats.summarise(forms, head)
    questions, lists = actions.version_parts(campaign.version)
    context = {
        **results_page.figures_context(
            forms, figures, _shows_names(request, campaign.unit), exports.question_charts(questions, lists, figures)
        ),
        "aspects": exports.aspect_rows(questions, figures),
        "campaign": campaign,
        "progress": stats.progress(campaign),
        "drill": results_page.campaign_drill(campaign),
        "link": public_link(request, campaign),
        "channel_labels": [str(label) for value, label in Channel.choices if value in campaign.channels],
        "qr_link": public_link(request, campaign, Channel.QR),
        "can_write": holds_role(request.user, campaign.unit, SURVEY_WRITERS),
    }
    return render(request, "surveys/campaign_detail.html", context)


@protected(*SURVEY_READERS)
def campaign_export(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    raw = exports.answers_workbook(campaign)
    return file_response(raw, f"khao-sat-{campaign.pk}-phieu-tra-loi.xlsx", XLSX, inline=False)


@protected(*SURVEY_READERS)
def campaign_poster(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    if Channel.QR not in campaign.channels:
        raise Http404("Đợt khảo sát này không mở kênh mã QR.")
    link = public_link(request, campaign, Channel.QR)
    context = {
        "campaign": campaign,
        "unit": campaign.unit,
        "title": campaign.version.title,
        "link": link,
        "qr": qr_png_data_uri(link, scale=10),
        "until": fmt_date(campaign.ends_on),
    }
    size = "A5" if request.GET.get("kho") == "a5" else "A4"  # A4 to hang on a wall, A5 to stand on a desk
    pdf = render_pdf("surveys/poster.html", {**context, "size": size})
    name = f"ma-qr-khao-sat-{campaign.unit.code}-{campaign.version.questionnaire.form_id}-{size.lower()}.pdf"
    return pdf_response(pdf, name)
