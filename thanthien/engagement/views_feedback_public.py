"""The public feedback pages (no account): choose the commune, send feedback with an optional photo, receive the
tracking code and PIN once, follow it with them, and read the answers a commune published.

No page here ever shows a sender's contact details: the published list reads only the columns it prints, and the
follow page shows the state, the days and the answer."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from thanthien.lib.vn import fmt_number, read_int
from thanthien.org.access import public
from thanthien.org.models import COMMUNE_KINDS, Unit
from thanthien.org.queries import valid_on

from . import feedback_actions as actions
from .feedback import Feedback, FeedbackStatus
from .forms_feedback import FollowForm, SendForm

PAGE_SIZE = 20
SESSION_KEY = "engagement.feedback.sent"

NOT_FOUND = "Không tìm thấy phản ánh với mã theo dõi và mã PIN đã nhập. Vui lòng kiểm tra lại."
TOO_MANY = {
    actions.Brake.CODE: "Mã theo dõi này đã bị nhập sai mã PIN quá nhiều lần nên tạm khóa tra cứu khoảng 30 phút. "
    "Vui lòng thử lại sau, hoặc liên hệ Ủy ban nhân dân xã, phường để được hỗ trợ.",
    actions.Brake.CLIENT: "Từ mạng của Ông/Bà đã có quá nhiều lần tra cứu sai. Vui lòng thử lại sau khoảng 30 phút, "
    "hoặc liên hệ Ủy ban nhân dân xã, phường để được hỗ trợ.",
    actions.Brake.SENDS: f"Từ mạng của Ông/Bà đã gửi {fmt_number(actions.MAX_SENDS)} phản ánh trong một giờ qua. "
    "Vui lòng thử lại sau, hoặc liên hệ trực tiếp Ủy ban nhân dân xã, phường.",
}
STATUS_TEXTS = {
    FeedbackStatus.RECEIVED: "Xã, phường đã nhận phản ánh, kiến nghị và đang xem xét.",
    FeedbackStatus.TRIAGED: "Phản ánh, kiến nghị đã được chuyển vào sổ để xem xét, giải quyết.",
    FeedbackStatus.ANSWERED: "Xã, phường đã trả lời phản ánh, kiến nghị.",
    FeedbackStatus.DECLINED: "Xã, phường không xử lý phản ánh, kiến nghị này.",
}


def client_of(request: HttpRequest) -> str:
    # REMOTE_ADDR only, as the dossier lookup: X-Forwarded-For is written by whoever sends the request.
    return str(request.META.get("REMOTE_ADDR") or "unknown")[:64]


def _commune(code: str) -> Unit:
    unit = Unit.objects.filter(valid_on(timezone.localdate()), code=code[:40], kind__in=COMMUNE_KINDS).first()
    if unit is None:
        raise Http404("Không có xã, phường nào mang mã này.")
    return unit


def _private(response: HttpResponse) -> HttpResponse:
    # A page with a PIN or a feedback's state: keep it out of caches, search engines and other sites' logs.
    response["Cache-Control"] = "no-store"
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


@public
def index(request: HttpRequest) -> HttpResponse:
    communes = (
        Unit.objects.filter(valid_on(timezone.localdate()), kind__in=COMMUNE_KINDS)
        .select_related("parent")
        .order_by("parent__name", "name")
    )
    return render(request, "engagement/feedback/public_index.html", {"communes": communes})


@public
def send(request: HttpRequest, code: str) -> HttpResponse:
    unit = _commune(code)
    posted = request.method == "POST"  # an empty POST is still a (refused) send, not a fresh page
    form = SendForm(request.POST if posted else None, request.FILES if posted else None)
    status = 200
    if posted:
        status = 400
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "photo"}
            try:
                feedback, pin = actions.submit_feedback(
                    unit, data, photo=form.cleaned_data.get("photo"), client=client_of(request)
                )
            except actions.TooManyAttempts as exc:
                form.add_error(None, TOO_MANY[exc.brake])
                status = 429
            except ValidationError as exc:
                form.add_action_errors(exc)
            else:
                request.session[SESSION_KEY] = {"unit": unit.code, "code": feedback.code, "pin": pin}
                return redirect("engagement_feedback:sent", code=unit.code)
    form.mark_errors()
    return render(request, "engagement/feedback/public_send.html", {"unit": unit, "form": form}, status=status)


@public
def sent(request: HttpRequest, code: str) -> HttpResponse:
    """The code and PIN, shown this once (taken out of the session): the citizen screenshots or prints the page."""
    unit = _commune(code)
    receipt = request.session.pop(SESSION_KEY, None)
    if not isinstance(receipt, dict) or receipt.get("unit") != unit.code:
        return redirect("engagement_feedback:follow", code=unit.code)
    context = {"unit": unit, "code": receipt.get("code", ""), "pin": receipt.get("pin", "")}
    return _private(render(request, "engagement/feedback/public_sent.html", context))


def _public_view(feedback: Feedback) -> dict[str, Any]:
    """Only what the holder of the code and PIN may see: no contact detail, no photo."""
    return {
        "code": feedback.code,
        "kind": feedback.get_kind_display(),
        "category": feedback.get_category_display(),
        "received_on": feedback.received_on,
        "status": feedback.status,
        "status_text": STATUS_TEXTS.get(FeedbackStatus(feedback.status), ""),
        "triaged_on": feedback.triaged_on,
        "decline_reason": feedback.decline_reason if feedback.status == FeedbackStatus.DECLINED else "",
        "answer": feedback.answer if feedback.status == FeedbackStatus.ANSWERED else "",
        "answered_on": feedback.answered_on if feedback.status == FeedbackStatus.ANSWERED else None,
        "published_on": feedback.published_on,
    }


@public
def follow(request: HttpRequest, code: str) -> HttpResponse:
    """GET, like the dossier lookup: a miss answers with the same bytes for an unknown code and a wrong PIN (the
    form comes back empty, so nothing typed is echoed)."""
    unit = _commune(code)
    submitted = "ma" in request.GET or "pin" in request.GET
    form = FollowForm(request.GET if submitted else None)
    context: dict[str, Any] = {"unit": unit, "form": form, "result": None, "message": ""}
    status = 200
    if submitted and form.is_valid():
        try:
            found = actions.find_for_public(unit, form.cleaned_data["ma"], form.cleaned_data["pin"], client_of(request))
        except actions.TooManyAttempts as exc:
            context["message"], context["form"], status = TOO_MANY[exc.brake], FollowForm(), 429
        else:
            if found is None:
                context["message"], context["form"] = NOT_FOUND, FollowForm()
            else:
                context["result"] = _public_view(found)
    return _private(render(request, "engagement/feedback/public_follow.html", context, status=status))


# The only columns the public list reads: a template cannot show what the query did not load.
PUBLIC_COLUMNS = (
    "code",
    "kind",
    "category",
    "content",
    "public_content",
    "answer",
    "received_on",
    "answered_on",
    "published_on",
)


@public
def answered(request: HttpRequest, code: str) -> HttpResponse:
    unit = _commune(code)
    rows = (
        Feedback.objects.filter(unit=unit, consent_publish=True, published_on__isnull=False)
        .order_by("-published_on", "-pk")
        .values(*PUBLIC_COLUMNS)
    )
    page = Paginator(rows, PAGE_SIZE).get_page(read_int(request.GET.get("page")) or 1)
    kinds = dict(Feedback._meta.get_field("kind").flatchoices)
    categories = dict(Feedback._meta.get_field("category").flatchoices)
    items = [
        {
            **row,
            "shown": row["public_content"] or row["content"],
            "kind_label": kinds.get(row["kind"], ""),
            "category_label": categories.get(row["category"], ""),
        }
        for row in page.object_list
    ]
    context = {"unit": unit, "page_obj": page, "items": items}
    return render(request, "engagement/feedback/public_answered.html", context)
