"""The public survey form (the QR and online channels): one link per commune and questionnaire,
/khao-sat/<commune code>/<form_id>/, open while a campaign of that commune for that questionnaire is open on the
channel. Opened from the poster's QR code (?kenh=qr) the form records channel "qr", otherwise "online".

Nothing here asks who the respondent is: the form shows only the questionnaire's questions (and the campaign's
fields, when its target counts per field). The server checks conditions and required answers again, refuses an
empty form, and brakes a device or an address that sends too many forms (brakes.py)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from thanthien.org.access import public
from thanthien.org.models import Unit

from . import actions, brakes
from .forms import question_groups
from .models import Campaign, Channel, Questionnaire

MAX_VALUES = 50  # per question: a select_multiple has a few choices; more is not a person answering
SESSION_KEY = "surveys.thanked"


def _form(code: str, form_id: str) -> tuple[Unit, Questionnaire]:
    try:
        return actions.public_form(code, form_id)
    except LookupError as exc:
        raise Http404(str(exc)) from None


def channel_of(request: HttpRequest) -> str:
    wanted = request.POST.get("kenh") or request.GET.get("kenh") or ""
    return Channel.QR if wanted == Channel.QR else Channel.ONLINE


def _closed(request: HttpRequest, unit: Unit, questionnaire: Questionnaire) -> HttpResponse:
    context = {"unit": unit, "questionnaire": questionnaire}
    return render(request, "surveys/public_closed.html", context, status=404)


def _given(request: HttpRequest, names: list[str]) -> dict[str, list[str]]:
    return {name: [v[:2000] for v in request.POST.getlist(name)[:MAX_VALUES]] for name in names}


@public
def respond(request: HttpRequest, code: str, form_id: str) -> HttpResponse:
    unit, questionnaire = _form(code, form_id)
    channel = channel_of(request)
    campaign = actions.open_campaign(unit, questionnaire, channel, timezone.localdate())
    if campaign is None:
        return _closed(request, unit, questionnaire)
    questions, lists = actions.version_parts(campaign.version)
    errors: dict[str, str] = {}
    message = ""
    status = 200
    given: dict[str, list[str]] = {}
    field = ""
    if request.method == "POST":
        given = _given(request, [q.name for q in questions])
        field = request.POST.get("linh_vuc", "")[:200]
        response = _submit(request, unit, campaign, channel, given, field, errors)
        if isinstance(response, HttpResponse):
            return response
        message, status = response
    context = {
        "unit": unit,
        "questionnaire": questionnaire,
        "campaign": campaign,
        "channel": channel,
        "groups": question_groups(questions, lists, given, errors),
        "message": message,
        "errors": errors,
        "fields": campaign.fields,
        "field": field,
    }
    page = render(request, "surveys/public_form.html", context, status=status)
    page["Cache-Control"] = "no-store"
    return page


def _submit(
    request: HttpRequest,
    unit: Unit,
    campaign: Campaign,
    channel: str,
    given: dict[str, list[str]],
    field: str,
    errors: dict[str, str],
) -> HttpResponse | tuple[str, int]:
    """The thank-you redirect, or (the message, the status) of a refused form."""
    if field and field not in campaign.fields:
        field = ""
    device, new_device = brakes.device_of(request)
    client = brakes.client_of(request)
    try:
        with transaction.atomic():
            brake = brakes.admit(unit, device, client)
            if brake is not None:
                return brakes.MESSAGES[brake], 429
            actions.submit_response(campaign, channel, given, facts={"field": field})
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            errors.update({k: v[0] for k, v in exc.message_dict.items()})
            return "Phiếu chưa gửi được: vui lòng xem lại các câu hỏi được đánh dấu.", 400
        return " ".join(exc.messages), 400
    request.session[SESSION_KEY] = {"unit": unit.code, "form": campaign.version.questionnaire.form_id}
    done = redirect("surveys_public:thanks", code=unit.code, form_id=campaign.version.questionnaire.form_id)
    if new_device:
        brakes.remember_device(done, device)
    return done


@public
def thanks(request: HttpRequest, code: str, form_id: str) -> HttpResponse:
    unit, questionnaire = _form(code, form_id)
    # The title of the version the person answered (the open campaign's), not a later edit's.
    campaign = actions.open_campaign(unit, questionnaire, channel_of(request), timezone.localdate())
    title = campaign.version.title if campaign else questionnaire.title
    return render(request, "surveys/public_thanks.html", {"unit": unit, "title": title})
