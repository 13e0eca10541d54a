from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from thanthien.lib.privacy import mask_name
from thanthien.onestop.actions import desk_setting
from thanthien.onestop.lookup import Brake, TooManyAttempts, client_of, find_for_public, public_status_text
from thanthien.onestop.models import Dossier
from thanthien.onestop.notices import pending_supplement
from thanthien.onestop.queries import TIMELINESS_LABELS, timeliness
from thanthien.org.access import public
from thanthien.org.models import COMMUNE_KINDS, Unit
from thanthien.org.queries import valid_on

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


@public
def lookup(request: HttpRequest) -> HttpResponse:
    # GET, so the QR on the receipt (…/tra-cuu/?ma=…&pin=…) opens straight onto the answer.
    submitted = "ma" in request.GET or "pin" in request.GET
    form = LookupForm(request.GET if submitted else None)
    context: dict[str, Any] = {"form": form, "result": None, "message": ""}
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
    response = render(request, "portal/lookup.html", context, status=status)
    # The page (and its URL) carries a PIN and a dossier's status: keep it out of caches, search engines
    # and other sites' logs.
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response
