"""The kiosk channel: a tablet at the desk shows one campaign's form full screen, with no account for the respondent.

A writer opens it on the tablet for a campaign open on the kiosk channel and chooses a staff code; the tablet then
carries a signed cookie (the campaign, the code's digest) and the staff session on it is closed, so a respondent
can reach nothing else. The page has no link out; it resets to the start after each form and after 60 s without a
touch (static/surveys/kiosk.js), and only the staff code closes it (wrong codes are braked)."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import logout
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from thanthien.documents import brakes
from thanthien.org.access import protected, public
from thanthien.org.records import get_scoped_or_404
from thanthien.org.scoping import holds_role

from . import actions
from .forms import StaffForm, question_groups
from .models import SURVEY_WRITERS, Campaign, Channel
from .views_public import MAX_VALUES

COOKIE = "thanthien_survey_kiosk"
_SALT = "thanthien.surveys.kiosk"
_MAX_AGE = 60 * 60 * 24 * 30
IDLE_SECONDS = 60
RETURN_SECONDS = 8
EXIT_WINDOW = dt.timedelta(minutes=15)
MAX_EXIT_FAILURES = 5
EXITS = brakes.Window("survey-kiosk-exit", EXIT_WINDOW)
# A person at the desk needs a minute or more per form: a tablet sending more than this an hour is a finger
# resting on the screen or a script, not people.
KIOSK_WINDOW = dt.timedelta(hours=1)
MAX_PER_KIOSK = 60
KIOSK_FORMS = brakes.Window("survey-kiosk-forms", KIOSK_WINDOW)
TOO_MANY = "Máy tính bảng này đã nhận rất nhiều phiếu trong một giờ qua; vui lòng báo cán bộ tại quầy."


class OpenForm(StaffForm):
    code = forms.RegexField(
        label="Mã thoát dành cho cán bộ (4–8 chữ số)",
        regex=r"^\d{4,8}$",
        widget=forms.PasswordInput(attrs={"class": "form-control", "inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"required": "Vui lòng đặt mã thoát.", "invalid": "Mã thoát gồm 4 đến 8 chữ số."},
    )


class ExitForm(StaffForm):
    code = forms.CharField(
        label="Mã thoát",
        max_length=8,
        widget=forms.PasswordInput(attrs={"class": "form-control form-control-lg", "inputmode": "numeric"}),
        error_messages={"required": "Vui lòng nhập mã thoát."},
    )


def _digest(nonce: str, code: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:{nonce}:{code}".encode()).hexdigest()


def _kiosk(request: HttpRequest) -> tuple[Campaign, dict[str, Any]] | None:
    """The campaign this tablet was opened for, while it is still open on the kiosk channel."""
    try:
        data = signing.loads(request.COOKIES.get(COOKIE, ""), salt=_SALT, max_age=_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("c"), int):
        return None
    campaign = Campaign.objects.select_related("unit", "version", "version__questionnaire").filter(pk=data["c"]).first()
    if campaign is None or not campaign.is_open_on(Channel.KIOSK, timezone.localdate()):
        return None
    return campaign, data


@protected(*SURVEY_WRITERS)
def kiosk_open(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_scoped_or_404(request, Campaign.objects.select_related("unit", "version"), pk)
    if not holds_role(request.user, campaign.unit, SURVEY_WRITERS):
        raise PermissionDenied("Bạn không có quyền mở khảo sát của đơn vị này.")
    form = OpenForm(request.POST or None)
    closed = not campaign.is_open_on(Channel.KIOSK, timezone.localdate())
    if request.method == "POST" and form.is_valid() and not closed:
        nonce = secrets.token_urlsafe(12)
        value = signing.dumps(
            {"c": campaign.pk, "n": nonce, "h": _digest(nonce, form.cleaned_data["code"])}, salt=_SALT
        )
        logout(request)  # the respondent on this tablet can reach no staff page
        response = redirect("surveys_public:kiosk")
        response.set_cookie(
            COOKIE, value, max_age=_MAX_AGE, secure=settings.SESSION_COOKIE_SECURE, httponly=True, samesite="Strict"
        )
        return response
    form.mark_errors()
    context = {"campaign": campaign, "form": form, "closed": closed}
    refused = request.method == "POST" and not closed
    return render(request, "surveys/kiosk_open.html", context, status=400 if refused else 200)


def _not_open(request: HttpRequest) -> HttpResponse:
    return render(request, "surveys/kiosk_closed.html", status=404)


@public
def kiosk(request: HttpRequest) -> HttpResponse:
    found = _kiosk(request)
    if found is None:
        return _not_open(request)
    campaign, data = found
    questions, lists = actions.version_parts(campaign.version)
    given: dict[str, list[str]] = {}
    errors: dict[str, str] = {}
    message, status, field = "", 200, ""
    if request.method == "POST":
        given = {q.name: [v[:2000] for v in request.POST.getlist(q.name)[:MAX_VALUES]] for q in questions}
        field = request.POST.get("linh_vuc", "")[:200]
        tablet = str(data.get("n") or "")
        try:
            if brakes.count(campaign.unit, KIOSK_FORMS, tablet, add=True) > MAX_PER_KIOSK:
                brakes.take_back(campaign.unit, KIOSK_FORMS, tablet)
                raise ValidationError(TOO_MANY)
            with transaction.atomic():
                facts = {"field": field if field in campaign.fields else ""}
                actions.submit_response(campaign, Channel.KIOSK, given, facts=facts, parts=(questions, lists))
        except ValidationError as exc:
            braked = exc.messages == [TOO_MANY]
            if not braked:  # a refused form counts nothing
                brakes.take_back(campaign.unit, KIOSK_FORMS, tablet)
            status = 429 if braked else 400
            if hasattr(exc, "error_dict"):
                errors = {k: v[0] for k, v in exc.message_dict.items()}
                message = "Phiếu chưa gửi được: vui lòng xem lại các câu hỏi được đánh dấu."
            else:
                message = " ".join(exc.messages)
        else:
            return redirect("surveys_public:kiosk_thanks")
    context = {
        "campaign": campaign,
        "unit": campaign.unit,
        "groups": question_groups(questions, lists, given, errors),
        "message": message,
        "fields": campaign.fields,
        "field": field,
        "idle": IDLE_SECONDS,
    }
    return _no_store(render(request, "surveys/kiosk_form.html", context, status=status))


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


@public
def kiosk_thanks(request: HttpRequest) -> HttpResponse:
    found = _kiosk(request)
    if found is None:
        return _not_open(request)
    context = {"campaign": found[0], "unit": found[0].unit, "seconds": RETURN_SECONDS}
    return _no_store(render(request, "surveys/kiosk_thanks.html", context))


@public
def kiosk_exit(request: HttpRequest) -> HttpResponse:
    found = _kiosk(request)
    if found is None:
        return _not_open(request)
    campaign, data = found
    form = ExitForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        nonce = str(data.get("n", ""))
        failures = brakes.count(campaign.unit, EXITS, nonce)
        if failures >= MAX_EXIT_FAILURES:
            form.add_error(None, "Nhập sai mã thoát quá nhiều lần: vui lòng thử lại sau 15 phút.")
            status = 429
        elif hmac.compare_digest(_digest(nonce, form.cleaned_data["code"]), str(data.get("h", ""))):
            response = redirect("org:login")
            response.delete_cookie(COOKIE, samesite="Strict")
            return response
        else:
            brakes.count(campaign.unit, EXITS, nonce, add=True)
            form.add_error("code", "Mã thoát không đúng.")
            status = 400
    form.mark_errors()
    context = {"campaign": campaign, "unit": campaign.unit, "form": form, "idle": IDLE_SECONDS}
    return _no_store(render(request, "surveys/kiosk_exit.html", context, status=status))
