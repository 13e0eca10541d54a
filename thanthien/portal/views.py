from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST

from thanthien.lib.privacy import mask_name
from thanthien.onestop.actions import desk_setting
from thanthien.onestop.lookup import Brake, TooManyAttempts, client_of, find_for_public, public_status_text
from thanthien.onestop.models import Dossier
from thanthien.onestop.notices import pending_supplement
from thanthien.onestop.queries import TIMELINESS_LABELS, timeliness
from thanthien.org.access import public
from thanthien.org.models import COMMUNE_KINDS, Unit
from thanthien.org.queries import valid_on
from thanthien.surveys import actions as surveys

from . import rating

NOT_FOUND = "Không tìm thấy hồ sơ với mã và mã tra cứu đã nhập. Vui lòng kiểm tra lại."
# Said the same for a known and an unknown code: a lock tells nothing about which codes exist.
TOO_MANY = {
    Brake.CODE: "Mã hồ sơ này đã bị nhập sai mã tra cứu quá nhiều lần nên tạm khóa tra cứu 15 phút để bảo vệ "
    "hồ sơ. Vui lòng thử lại sau, hoặc liên hệ Bộ phận một cửa nơi nộp hồ sơ để được hỗ trợ.",
    Brake.CLIENT: "Từ mạng của bạn đã có quá nhiều lần tra cứu sai. Vui lòng thử lại sau 15 phút, "
    "hoặc liên hệ Bộ phận một cửa nơi nộp hồ sơ để được hỗ trợ.",
}


@public
def home(request: HttpRequest) -> HttpResponse:
    communes = (
        Unit.objects.filter(valid_on(timezone.localdate()), kind__in=COMMUNE_KINDS)
        .select_related("parent")
        .order_by("parent__name", "name")
    )
    return render(request, "portal/home.html", {"communes": communes})


class LookupForm(forms.Form):
    ma = forms.CharField(
        label="Mã hồ sơ",
        max_length=60,
        help_text="In ở mục “Số” và “Mã hồ sơ” trên giấy hẹn trả kết quả.",
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off", "spellcheck": "false"}),
    )
    pin = forms.CharField(
        label="Mã tra cứu",
        max_length=8,
        help_text="Gồm 4 ký tự, in trên giấy hẹn trả kết quả.",
        widget=forms.TextInput(
            attrs={
                "class": "form-control",
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
            }
        ),
    )


def public_view_of(dossier: Dossier) -> dict[str, Any]:
    """Only what a citizen holding the receipt may see: no ID number, phone, address or full name."""
    kind = timeliness(dossier)
    return {
        "code": dossier.code,
        "applicant": mask_name(dossier.applicant_name),
        "procedure": dossier.procedure.name,
        "unit": dossier.unit.name,
        "received_at": dossier.received_at,
        "status_text": public_status_text(dossier),
        "due_at": dossier.due_at,
        "new_appointment_at": dossier.new_appointment_at,
        "resolved_at": dossier.resolved_at,
        "returned_at": dossier.returned_at,
        "timeliness": TIMELINESS_LABELS[kind] if kind else "",
        # What to bring, as the desk typed it with its supplement request, and whom to call.
        "supplement_items": pending_supplement(dossier),
        "desk": desk_setting(dossier.unit),
    }


def _private(response: HttpResponse, *, posts_form: bool = False) -> HttpResponse:
    # The page (and its URL) carries a PIN and a dossier's status: keep it out of caches, search engines
    # and other sites' logs. A page holding the rating form says "same-origin" instead of "no-referrer": under
    # no-referrer the browser sends "Origin: null" with the form, which the CSRF check refuses; same-origin still
    # gives other sites nothing.
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "same-origin" if posts_form else "no-referrer"
    return response


def _page(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    offered = context.get("rating")
    response = render(request, "portal/lookup.html", context, status=status)
    return _private(response, posts_form=bool(offered and offered.get("state") == "form"))


@public
def lookup(request: HttpRequest) -> HttpResponse:
    # GET, so the QR on the receipt (…/tra-cuu/?ma=…&pin=…) opens straight onto the answer.
    submitted = "ma" in request.GET or "pin" in request.GET
    form = LookupForm(request.GET if submitted else None)
    context: dict[str, Any] = {"form": form, "result": None, "message": "", "rating": None}
    status = 200
    if submitted and form.is_valid():
        try:
            dossier = find_for_public(form.cleaned_data["ma"], form.cleaned_data["pin"], client_of(request))
        except TooManyAttempts as exc:
            context["message"], status = TOO_MANY[exc.brake], 429
        else:
            if dossier is None:
                context["message"] = NOT_FOUND
            else:
                context["result"] = public_view_of(dossier)
                context["rating"] = rating.offer(dossier, surveys.dossier_campaign(dossier.unit))
                context["proof"] = {"ma": dossier.code, "pin": form.cleaned_data["pin"]}
    return _page(request, context, status)


@public
@require_POST
def rate(request: HttpRequest) -> HttpResponse:
    """The rating form of a returned dossier, sent from its lookup result: the code and PIN are checked again
    (with the lookup's brake) before the answers go to surveys.rate_dossier."""
    form = LookupForm(request.POST)
    context: dict[str, Any] = {"form": form, "result": None, "message": "", "rating": None}
    if not form.is_valid():
        context["message"] = NOT_FOUND
        return _page(request, context, 400)
    try:
        dossier = find_for_public(form.cleaned_data["ma"], form.cleaned_data["pin"], client_of(request))
    except TooManyAttempts as exc:
        context["message"] = TOO_MANY[exc.brake]
        return _page(request, context, 429)
    if dossier is None:
        context["message"] = NOT_FOUND
        return _page(request, context, 403)
    context["result"] = public_view_of(dossier)
    context["proof"] = {"ma": dossier.code, "pin": form.cleaned_data["pin"]}
    campaign = surveys.dossier_campaign(dossier.unit)
    if dossier.returned_at is None or campaign is None:
        context["message"] = rating.NOT_RETURNED if dossier.returned_at is None else rating.NOT_OPEN
        context["rating"] = rating.offer(dossier, campaign)
        return _page(request, context, 400)
    questions, _ = surveys.version_parts(campaign.version)
    given = rating.given_of(request, questions)
    errors: dict[str, str] = {}
    try:
        surveys.rate_dossier(dossier.unit, rating.facts_of(dossier), given)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            errors = {k: v[0] for k, v in exc.message_dict.items()}
            # Nothing answered at all is said as such, not only as the required questions left blank.
            answered = any(v.strip() for values in given.values() for v in values)
            context["rating_message"] = rating.CHECK_MARKED if answered else surveys.EMPTY_FORM
        else:
            context["rating_message"] = " ".join(exc.messages)
        # Already rated (here or at the same instant elsewhere): offer() now says so and shows no form.
        context["rating"] = rating.offer(dossier, surveys.dossier_campaign(dossier.unit), given, errors)
        if context["rating"] and context["rating"]["state"] == "rated":
            context["rating_message"] = ""
        return _page(request, context, 400)
    thanks = {"code": dossier.code, "unit": dossier.unit.name}
    return _private(render(request, "portal/rating_thanks.html", thanks))
