"""The dialogue pages (list, record, one dialogue with its opinions, the minutes) and the opinions register.

Writers are the commune's leaders, its administrator and MTTQ; supervisors above the commune read, with who raised
an opinion masked (thanthien.org.privacy). Another commune's records are "not found"."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from thanthien.org.access import protected, staff_user, user_has_role
from thanthien.org.privacy import hide_personal
from thanthien.org.records import acting_unit, get_scoped_or_404
from thanthien.org.scoping import holds_role, scoped

from . import dialogue_actions as actions
from . import minutes
from .dialogues import DIALOGUE_READERS, DIALOGUE_WRITERS, AnswerKind, Dialogue, Opinion, OpinionSource
from .forms_dialogues import AnswerForm, DialogueForm, OpinionForm, StaffForm
from .models import PETITION_WRITERS
from .readers import readable_dialogues

PAGE_SIZE = 30


def _writable_choice(request: HttpRequest) -> Any:
    chosen = acting_unit(request, DIALOGUE_WRITERS)
    if not chosen.choices:
        raise PermissionDenied("Tài khoản của bạn không thuộc xã, phường nào để ghi đối thoại, ý kiến.")
    return chosen


def _save(form: StaffForm, act: Any) -> Any:
    """Run an action on a valid form; its refusal goes beside the fields. None when nothing was saved."""
    if not form.is_valid():
        return None
    try:
        return act(form.cleaned_data)
    except ValidationError as exc:
        form.add_action_errors(exc)
        return None


@protected(*DIALOGUE_READERS)
def dialogue_list(request: HttpRequest) -> HttpResponse:
    visible = scoped(Dialogue.objects.select_related("unit"), request.user).filter(readable_dialogues(request.user))
    counted = visible.annotate(
        opinion_count=Count("opinions"),
        answered_count=Count("opinions", filter=Q(opinions__answered_on__isnull=False)),
    )
    page = Paginator(counted.order_by("-held_on", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    opinions = Opinion.objects.filter(dialogue__isnull=False).filter(readable_dialogues(request.user, "dialogue__"))
    rate = actions.answer_rate(scoped(opinions, request.user))
    context = {
        "page_obj": page,
        "rate": rate,
        "can_write": bool(acting_unit(request, DIALOGUE_WRITERS).choices),
        "many_units": visible.values("unit_id").distinct().count() > 1,
    }
    return render(request, "engagement/dialogue_list.html", context)


@protected(*DIALOGUE_WRITERS)
def dialogue_create(request: HttpRequest) -> HttpResponse:
    chosen = _writable_choice(request)
    unit = chosen.unit or chosen.choices[0]
    # Opened from a complaint's page: the dialogue names it (the action checks it is an accepted complaint).
    initial = {"held_on": timezone.localdate(), "petition": str(request.GET.get("petition") or "")[:20]}
    form = DialogueForm(request.POST or None, initial=initial)
    if not user_has_role(request, PETITION_WRITERS):
        del form.fields["petition"]
    if request.method == "POST":
        if chosen.unit is None:
            form.add_error(None, "Vui lòng chọn xã, phường tổ chức đối thoại.")
        else:
            user = staff_user(request)
            dialogue = _save(form, lambda data: actions.record_dialogue(user, unit, data))
            if dialogue is not None:
                messages.success(request, f"Đã ghi nhận cuộc đối thoại ngày {dialogue.held_on:%d/%m/%Y}.")
                return redirect("engagement:dialogue_detail", pk=dialogue.pk)
    form.mark_errors()
    context = {"form": form, "unit": unit, "units": chosen.choices, "title": "Ghi nhận cuộc đối thoại"}
    return render(request, "engagement/dialogue_form.html", context)


def _get_dialogue(request: HttpRequest, pk: int) -> Dialogue:
    readable = Dialogue.objects.filter(readable_dialogues(request.user))
    return get_scoped_or_404(request, readable.select_related("unit", "unit__parent", "petition"), pk)


def _dialogue_opinions(request: HttpRequest, dialogue: Dialogue) -> list[Opinion]:
    opinions = list(dialogue.opinions.order_by("raised_on", "pk"))
    hide_personal(request.user, opinions)
    return opinions


@protected(*DIALOGUE_READERS)
def dialogue_detail(request: HttpRequest, pk: int) -> HttpResponse:
    dialogue = _get_dialogue(request, pk)
    opinions = _dialogue_opinions(request, dialogue)
    context = {
        "d": dialogue,
        "opinions": opinions,
        "rate": actions.AnswerRate(len(opinions), sum(1 for o in opinions if o.is_answered)),
        "can_write": holds_role(request.user, dialogue.unit, DIALOGUE_WRITERS),
        "opinion_form": OpinionForm(in_dialogue=True, prefix="op"),
        "answer_kinds": AnswerKind.choices,
    }
    return render(request, "engagement/dialogue_detail.html", context)


def _require_writer(request: HttpRequest, unit: Any) -> None:
    if not holds_role(request.user, unit, DIALOGUE_WRITERS):
        raise PermissionDenied("Bạn không có quyền ghi đối thoại, ý kiến của đơn vị này.")


@protected(*DIALOGUE_WRITERS)
def dialogue_edit(request: HttpRequest, pk: int) -> HttpResponse:
    dialogue = _get_dialogue(request, pk)
    _require_writer(request, dialogue.unit)
    initial = {name: getattr(dialogue, name) for name in actions.DIALOGUE_FIELDS - {"petition"}}
    initial["petition"] = dialogue.petition.display_number if dialogue.petition else ""
    form = DialogueForm(request.POST or None, initial=initial)
    if not holds_role(request.user, dialogue.unit, PETITION_WRITERS):
        del form.fields["petition"]  # MTTQ does not read petitions: the complaint's number is not shown to it
    if request.method == "POST":
        user = staff_user(request)
        if _save(form, lambda data: actions.update_dialogue(user, dialogue, data)) is not None:
            messages.success(request, "Đã lưu thông tin cuộc đối thoại.")
            return redirect("engagement:dialogue_detail", pk=dialogue.pk)
    form.mark_errors()
    context = {
        "form": form,
        "unit": dialogue.unit,
        "units": [dialogue.unit],
        "dialogue": dialogue,
        "title": "Sửa thông tin cuộc đối thoại",
    }
    return render(request, "engagement/dialogue_form.html", context)


@protected(*DIALOGUE_WRITERS)
@require_POST
def dialogue_opinion_add(request: HttpRequest, pk: int) -> HttpResponse:
    dialogue = _get_dialogue(request, pk)
    _require_writer(request, dialogue.unit)
    form = OpinionForm(request.POST, in_dialogue=True, prefix="op")
    user = staff_user(request)
    opinion = _save(form, lambda data: actions.record_opinion(user, dialogue.unit, {**data, "dialogue": dialogue}))
    if opinion is not None:
        messages.success(request, "Đã ghi ý kiến.")
        return redirect("engagement:dialogue_detail", pk=dialogue.pk)
    form.mark_errors()
    opinions = _dialogue_opinions(request, dialogue)
    context = {
        "d": dialogue,
        "opinions": opinions,
        "rate": actions.AnswerRate(len(opinions), sum(1 for o in opinions if o.is_answered)),
        "can_write": True,
        "opinion_form": form,
        "answer_kinds": AnswerKind.choices,
    }
    return render(request, "engagement/dialogue_detail.html", context, status=400)


@protected(*DIALOGUE_READERS)
def dialogue_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    dialogue = _get_dialogue(request, pk)
    return minutes.minutes_pdf_response(dialogue, _dialogue_opinions(request, dialogue))


@protected(*DIALOGUE_READERS)
def dialogue_minutes_docx(request: HttpRequest, pk: int) -> HttpResponse:
    dialogue = _get_dialogue(request, pk)
    return minutes.minutes_docx_response(dialogue, _dialogue_opinions(request, dialogue))


# --- the opinions register -----------------------------------------------------------------------------------------


def _filter_opinions(request: HttpRequest, qs: QuerySet[Opinion]) -> tuple[QuerySet[Opinion], str, str]:
    source = request.GET.get("source", "")
    if source in OpinionSource.values:
        qs = qs.filter(source=source)
    else:
        source = ""
    state = request.GET.get("state", "")
    if state == "answered":
        qs = qs.filter(answered_on__isnull=False)
    elif state == "open":
        qs = qs.filter(answered_on__isnull=True)
    else:
        state = ""
    return qs, source, state


@protected(*DIALOGUE_READERS)
def opinion_list(request: HttpRequest) -> HttpResponse:
    readable = Opinion.objects.filter(readable_dialogues(request.user, "dialogue__"))
    visible = scoped(readable.select_related("unit", "dialogue"), request.user)
    qs, source, state = _filter_opinions(request, visible)
    page = Paginator(qs.order_by("-raised_on", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    hide_personal(request.user, page.object_list)
    context = {
        "page_obj": page,
        # The rate over the chosen source, whatever the answered / open filter shows.
        "rate": actions.answer_rate(visible.filter(source=source) if source else visible),
        "sources": OpinionSource.choices,
        "source": source,
        "state": state,
        "can_write": bool(acting_unit(request, DIALOGUE_WRITERS).choices),
        "many_units": visible.values("unit_id").distinct().count() > 1,
        "answer_kinds": AnswerKind.choices,
    }
    return render(request, "engagement/opinion_list.html", context)


@protected(*DIALOGUE_WRITERS)
def opinion_create(request: HttpRequest) -> HttpResponse:
    chosen = _writable_choice(request)
    unit = chosen.unit or chosen.choices[0]
    form = OpinionForm(request.POST or None, initial={"raised_on": timezone.localdate()})
    if request.method == "POST":
        if chosen.unit is None:
            form.add_error(None, "Vui lòng chọn xã, phường nhận ý kiến.")
        else:
            user = staff_user(request)
            if _save(form, lambda data: actions.record_opinion(user, unit, data)) is not None:
                messages.success(request, "Đã ghi ý kiến vào sổ.")
                return redirect("engagement:opinion_list")
    form.mark_errors()
    context = {"form": form, "unit": unit, "units": chosen.choices, "title": "Ghi ý kiến, kiến nghị"}
    return render(request, "engagement/opinion_form.html", context)


@protected(*DIALOGUE_WRITERS)
@require_POST
def opinion_answer(request: HttpRequest, pk: int) -> HttpResponse:
    readable = Opinion.objects.filter(readable_dialogues(request.user, "dialogue__"))
    opinion = get_scoped_or_404(request, readable.select_related("unit", "dialogue"), pk)
    _require_writer(request, opinion.unit)
    form = AnswerForm(request.POST, prefix="ans")
    user = staff_user(request)
    if _save(form, lambda data: actions.answer_opinion(user, opinion, data)) is not None:
        messages.success(request, "Đã ghi câu trả lời.")
    else:
        problems = [str(e) for errors in form.errors.values() for e in errors]
        messages.error(request, "Chưa ghi được câu trả lời: " + " ".join(problems))
    if opinion.dialogue_id is not None:
        return redirect("engagement:dialogue_detail", pk=opinion.dialogue_id)
    return redirect("engagement:opinion_list")
