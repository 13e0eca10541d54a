"""The staff pages of public feedback: the list of what citizens sent, one feedback with its photo, and the
triage (into the opinions or the petitions register), decline, answer and publication.

Writers are the commune's leaders, its administrator and its official in charge of reception; MTTQ and supervisors
above the commune read, supervisors with the contact details masked (thanthien.org.privacy). Another commune's
feedback is "not found". The photo is served through a view that checks who asks, never from /media/."""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from thanthien.lib.vn import read_int
from thanthien.org.access import protected, staff_user
from thanthien.org.privacy import hide_personal, may_see
from thanthien.org.records import get_scoped_or_404
from thanthien.org.scoping import holds_role, scoped

from . import feedback_actions as actions
from .feedback import FEEDBACK_READERS, FEEDBACK_WRITERS, Feedback, FeedbackStatus
from .forms_dialogues import StaffForm
from .forms_feedback import AnswerForm, DeclineForm, PetitionTriageForm, PublishForm

PAGE_SIZE = 30
PHOTO_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png", ".webp": "image/webp"}


def _get(request: HttpRequest, pk: int) -> Feedback:
    related = ("unit", "opinion", "petition")
    return get_scoped_or_404(request, Feedback.objects.select_related(*related), pk)


@protected(*FEEDBACK_READERS)
def feedback_list(request: HttpRequest) -> HttpResponse:
    visible = scoped(Feedback.objects.select_related("unit"), request.user)
    status = request.GET.get("status", "")
    shown = visible.filter(status=status) if status in FeedbackStatus.values else visible
    status = status if status in FeedbackStatus.values else ""
    page = Paginator(shown.order_by("-received_on", "-pk"), PAGE_SIZE).get_page(read_int(request.GET.get("page")) or 1)
    hide_personal(request.user, page.object_list)
    context = {
        "page_obj": page,
        "statuses": FeedbackStatus.choices,
        "status": status,
        "many_units": visible.values("unit_id").distinct().count() > 1,
    }
    return render(request, "engagement/feedback/staff_list.html", context)


def _detail_context(request: HttpRequest, feedback: Feedback, **forms: StaffForm) -> dict[str, Any]:
    can_write = holds_role(request.user, feedback.unit, FEEDBACK_WRITERS)
    may_see_photo = bool(feedback.photo) and may_see(request.user, feedback.unit_id, feedback)
    hide_personal(request.user, [feedback])
    return {
        "f": feedback,
        "can_write": can_write,
        "may_see_photo": may_see_photo,
        "petition_form": forms.get("petition_form")
        or PetitionTriageForm(prefix="pet", initial={"kind": feedback.kind}),
        "decline_form": forms.get("decline_form") or DeclineForm(prefix="dec"),
        "answer_form": forms.get("answer_form")
        or AnswerForm(
            prefix="ans",
            initial={"answer": feedback.answer, "answered_on": feedback.answered_on or timezone.localdate()},
        ),
        "publish_form": forms.get("publish_form")
        or PublishForm(prefix="pub", initial={"public_content": feedback.public_content or feedback.content}),
    }


@protected(*FEEDBACK_READERS)
def feedback_detail(request: HttpRequest, pk: int) -> HttpResponse:
    feedback = _get(request, pk)
    return render(request, "engagement/feedback/staff_detail.html", _detail_context(request, feedback))


@protected(*FEEDBACK_READERS)
def feedback_photo(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The photo, for the commune's own staff only: a photo can show a sender's home or face."""
    feedback = _get(request, pk)
    if not feedback.photo or not may_see(request.user, feedback.unit_id, feedback):
        raise Http404("Không có ảnh.")
    suffix = "." + feedback.photo.name.rsplit(".", 1)[-1].lower()
    content_type = PHOTO_TYPES.get(suffix) or mimetypes.guess_type(feedback.photo.name)[0]
    if content_type not in PHOTO_TYPES.values():
        raise Http404("Không có ảnh.")
    try:
        handle = feedback.photo.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("Không tìm thấy tệp ảnh.") from None
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="phan-anh-{feedback.code}{suffix}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _writer(request: HttpRequest, pk: int) -> Feedback:
    feedback = _get(request, pk)
    if not holds_role(request.user, feedback.unit, FEEDBACK_WRITERS):
        raise PermissionDenied("Bạn không có quyền xử lý phản ánh của đơn vị này.")
    return feedback


def _act(
    request: HttpRequest,
    pk: int,
    act: Callable[[Any, Feedback, dict[str, Any]], Any],
    done: str,
    form_class: type[StaffForm] | None = None,
    form_key: str = "",
    prefix: str = "",
) -> HttpResponse:
    """Run one action from the detail page's forms: back to the page with the message, or the page again with the
    refusal beside the fields (HTTP 400), nothing saved."""
    feedback = _writer(request, pk)
    user = staff_user(request)
    form = form_class(request.POST, prefix=prefix) if form_class is not None else None
    if form is None or form.is_valid():
        try:
            act(user, feedback, form.cleaned_data if form is not None else {})
        except ValidationError as exc:
            if form is None:
                messages.error(request, " ".join(exc.messages))
                return redirect("engagement:feedback_detail", pk=feedback.pk)
            form.add_action_errors(exc)
        else:
            messages.success(request, done)
            return redirect("engagement:feedback_detail", pk=feedback.pk)
    assert form is not None
    form.mark_errors()
    context = _detail_context(request, feedback, **{form_key: form})
    return render(request, "engagement/feedback/staff_detail.html", context, status=400)


@protected(*FEEDBACK_WRITERS)
@require_POST
def feedback_to_opinion(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request, pk, lambda u, f, _: actions.triage_to_opinion(u, f), "Đã ghi phản ánh vào sổ ý kiến, kiến nghị."
    )


@protected(*FEEDBACK_WRITERS)
@require_POST
def feedback_to_petition(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda u, f, data: actions.triage_to_petition(u, f, data["kind"]),
        "Đã vào sổ đơn thư (nguồn: phản ánh trực tuyến).",
        PetitionTriageForm,
        "petition_form",
        "pet",
    )


@protected(*FEEDBACK_WRITERS)
@require_POST
def feedback_decline(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda u, f, data: actions.decline(u, f, data["decline_reason"]),
        "Đã ghi không xử lý phản ánh, kèm lý do.",
        DeclineForm,
        "decline_form",
        "dec",
    )


@protected(*FEEDBACK_WRITERS)
@require_POST
def feedback_answer(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda u, f, data: actions.answer(u, f, data["answer"], data["answered_on"]),
        "Đã ghi câu trả lời; người gửi xem được bằng mã theo dõi và mã PIN.",
        AnswerForm,
        "answer_form",
        "ans",
    )


@protected(*FEEDBACK_WRITERS)
@require_POST
def feedback_publish(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda u, f, data: actions.publish(u, f, data["public_content"]),
        "Đã công khai câu trả lời trên trang của xã, phường.",
        PublishForm,
        "publish_form",
        "pub",
    )


@protected(*FEEDBACK_WRITERS)
@require_POST
def feedback_unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, lambda u, f, _: actions.unpublish(u, f), "Đã thôi công khai phản ánh này.")
