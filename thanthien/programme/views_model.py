"""The model at a commune (/mo-hinh/): its stages, steps and profile; the documents it issued; its steering board.

Writers are the commune's leaders and administrator (PROGRAMME_WRITERS); every commune role and the supervisors
above read (a supervisor picks one of the communes under them: ?unit=CODE). Another commune's records are "not
found". A document's PDF is served through a view that checks who asks, never from /media/."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from thanthien.lib.vn import fmt_date, fold, read_int
from thanthien.org.access import protected, staff_user
from thanthien.org.models import Unit
from thanthien.org.periods import read_day
from thanthien.org.records import acting_unit, get_scoped_or_404, reading_commune
from thanthien.org.scoping import holds_role, scoped

from . import actions_model as actions
from . import records_links
from .forms_model import (
    JOINER_ROWS,
    BoardForm,
    ChangeForm,
    DocumentForm,
    JoinerForm,
    MemberForm,
    ProfileForm,
    StaffForm,
    StageForm,
    StepForm,
)
from .models import (
    PROGRAMME_READERS,
    PROGRAMME_WRITERS,
    Board,
    BoardChange,
    BoardMember,
    CommuneProfile,
    Decides,
    DocumentKind,
    IssuedDocument,
    Issuer,
    ModelStage,
    ProcessStep,
)

PAGE_SIZE = 30
MAX_COMMUNES = 2_000
SEARCH_MAX = 100


# --- which commune -----------------------------------------------------------------------------------------------


def _writing_commune(request: HttpRequest) -> Unit:
    chosen = acting_unit(request, PROGRAMME_WRITERS)
    if chosen.unit is None:
        raise PermissionDenied("Tài khoản của bạn không thuộc xã, phường nào để ghi thông tin mô hình.")
    return chosen.unit


def _require_writer(request: HttpRequest, unit: Unit) -> None:
    if not holds_role(request.user, unit, PROGRAMME_WRITERS):
        raise PermissionDenied("Bạn chỉ được xem, không được sửa thông tin mô hình của đơn vị này.")


def _save(form: StaffForm, act: Callable[[dict[str, Any]], Any]) -> Any:
    if not form.is_valid():
        return None
    try:
        return act(form.cleaned_data)
    except ValidationError as exc:
        form.add_action_errors(exc)
        return None


def _documents_of(unit: Unit) -> QuerySet[IssuedDocument]:
    return IssuedDocument.objects.filter(unit=unit).order_by("-issued_on", "-pk")


def _url(name: str, unit: Unit | None = None, **kwargs: Any) -> str:
    url = reverse(f"programme:{name}", kwargs=kwargs or None)
    return f"{url}?unit={unit.code}" if unit is not None else url


def _form_page(
    request: HttpRequest, form: StaffForm, title: str, unit: Unit, back: str, status: int = 200
) -> HttpResponse:
    form.mark_errors()
    context = {"form": form, "title": title, "unit": unit, "back": back}
    return render(request, "programme/model_form.html", context, status=status)


# --- the model at a commune --------------------------------------------------------------------------------------


@protected(*PROGRAMME_READERS)
def home(request: HttpRequest) -> HttpResponse:
    unit, choices = reading_commune(request)
    context: dict[str, Any] = {"unit": unit, "communes": choices}
    if unit is not None:
        today = timezone.localdate()
        context |= {
            "stages": ModelStage.objects.filter(unit=unit).select_related("document").order_by("reached_on", "pk"),
            "steps": actions.ensure_default_steps(unit, staff_user(request)),
            "profile": actions.profile_on(unit, today),
            "profiles": CommuneProfile.objects.filter(unit=unit).count(),
            "boards": Board.objects.filter(unit=unit).count(),
            "documents": IssuedDocument.objects.filter(unit=unit).count(),
            "can_write": holds_role(request.user, unit, PROGRAMME_WRITERS),
            "today": today,
        }
    return render(request, "programme/model_home.html", context)


@protected(*PROGRAMME_WRITERS)
def stage_create(request: HttpRequest) -> HttpResponse:
    unit = _writing_commune(request)
    form = StageForm(request.POST or None, documents=_documents_of(unit), initial={"reached_on": timezone.localdate()})
    if request.method == "POST":
        user = staff_user(request)
        stage = _save(form, lambda data: actions.record_stage(user, unit, data))
        if stage is not None:
            messages.success(request, f"Đã ghi giai đoạn “{stage.get_stage_display()}”.")
            return redirect(_url("home", unit))
    return _form_page(request, form, "Ghi giai đoạn xây dựng mô hình", unit, _url("home", unit))


@protected(*PROGRAMME_WRITERS)
def stage_edit(request: HttpRequest, pk: int) -> HttpResponse:
    stage = get_scoped_or_404(request, ModelStage.objects.select_related("unit"), pk)
    _require_writer(request, stage.unit)
    initial = {"stage": stage.stage, "reached_on": stage.reached_on, "document": stage.document_id, "note": stage.note}
    form = StageForm(request.POST or None, documents=_documents_of(stage.unit), initial=initial)
    if request.method == "POST":
        user = staff_user(request)
        if _save(form, lambda data: actions.update_stage(user, stage, data)) is not None:
            messages.success(request, "Đã lưu giai đoạn.")
            return redirect(_url("home", stage.unit))
    return _form_page(request, form, "Sửa giai đoạn xây dựng mô hình", stage.unit, _url("home", stage.unit))


@protected(*PROGRAMME_WRITERS)
def step_create(request: HttpRequest) -> HttpResponse:
    unit = _writing_commune(request)
    form = StepForm(request.POST or None)
    if request.method == "POST":
        user = staff_user(request)
        step = _save(form, lambda data: actions.add_step(user, unit, data))
        if step is not None:
            messages.success(request, f"Đã thêm bước {step.order}.")
            return redirect(_url("home", unit))
    return _form_page(request, form, "Thêm bước thực hiện mô hình", unit, _url("home", unit))


STEP_FIELDS = ("title", "description", "planned_by", "done_on")


@protected(*PROGRAMME_WRITERS)
def step_edit(request: HttpRequest, pk: int) -> HttpResponse:
    step = get_scoped_or_404(request, ProcessStep.objects.select_related("unit"), pk)
    _require_writer(request, step.unit)
    form = StepForm(request.POST or None, initial={k: getattr(step, k) for k in STEP_FIELDS})
    if request.method == "POST":
        user = staff_user(request)
        if _save(form, lambda data: actions.update_step(user, step, data)) is not None:
            messages.success(request, f"Đã lưu bước {step.order}.")
            return redirect(_url("home", step.unit))
    return _form_page(request, form, f"Sửa bước {step.order}", step.unit, _url("home", step.unit))


@protected(*PROGRAMME_WRITERS)
@require_POST
def step_move(request: HttpRequest, pk: int) -> HttpResponse:
    step = get_scoped_or_404(request, ProcessStep.objects.select_related("unit"), pk)
    _require_writer(request, step.unit)
    actions.move_step(staff_user(request), step, -1 if request.POST.get("to") == "up" else 1)
    return redirect(_url("home", step.unit))


@protected(*PROGRAMME_WRITERS)
@require_POST
def step_done(request: HttpRequest, pk: int) -> HttpResponse:
    step = get_scoped_or_404(request, ProcessStep.objects.select_related("unit"), pk)
    _require_writer(request, step.unit)
    day = None if request.POST.get("undo") else timezone.localdate()
    try:
        actions.update_step(staff_user(request), step, {"done_on": day})
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Bước {step.order}: " + ("đã hoàn thành." if day else "chưa hoàn thành."))
    return redirect(_url("home", step.unit))


PROFILE_FIELDS = ("area_km2", "households", "population", "party_members", "party_cells", "villages", "note")


@protected(*PROGRAMME_WRITERS)
def profile_edit(request: HttpRequest) -> HttpResponse:
    unit = _writing_commune(request)
    latest = actions.profile_on(unit, timezone.localdate())
    initial: dict[str, Any] = {"as_of": timezone.localdate()}
    if latest is not None:
        initial |= {k: getattr(latest, k) for k in PROFILE_FIELDS}
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST":
        user = staff_user(request)
        profile = _save(form, lambda data: actions.save_profile(user, unit, data))
        if profile is not None:
            messages.success(request, f"Đã lưu thông tin chung tính đến ngày {fmt_date(profile.as_of)}.")
            return redirect(_url("home", unit))
    return _form_page(request, form, "Thông tin chung của xã", unit, _url("home", unit))


# --- issued documents --------------------------------------------------------------------------------------------


def search_documents(qs: QuerySet[IssuedDocument], text: str) -> QuerySet[IssuedDocument]:
    """Documents whose number or summary holds every word typed, without diacritics or case ("thanh lap ban chi
    dao", "59-qd"). The documents are folded here: no folded column exists yet, and a commune's documents number in
    the hundreds (the filters narrow them first)."""
    words = fold(text[:SEARCH_MAX]).split()
    if not words:
        return qs
    found = [
        pk
        for pk, number, summary in qs.values_list("pk", "number", "summary").iterator(chunk_size=2_000)
        if all(w in fold(f"{number} {summary}") for w in words)
    ]
    return qs.filter(pk__in=found)


def _document_filters(
    request: HttpRequest, qs: QuerySet[IssuedDocument]
) -> tuple[QuerySet[IssuedDocument], dict[str, str]]:
    get = request.GET
    chosen = {name: (get.get(name) or "").strip()[:SEARCH_MAX] for name in ("kind", "issuer", "year", "q")}
    if chosen["kind"] in DocumentKind.values:
        qs = qs.filter(kind=chosen["kind"])
    else:
        chosen["kind"] = ""
    if chosen["issuer"] in Issuer.values:
        qs = qs.filter(issuer=chosen["issuer"])
    else:
        chosen["issuer"] = ""
    year = read_int(chosen["year"], 1900, 2199)
    chosen["year"] = str(year) if year else ""
    if year:
        qs = qs.filter(issued_on__gte=dt.date(year, 1, 1), issued_on__lte=dt.date(year, 12, 31))
    if chosen["q"]:
        qs = search_documents(qs, chosen["q"])
    return qs, chosen


@protected(*PROGRAMME_READERS)
def documents(request: HttpRequest) -> HttpResponse:
    unit, choices = reading_commune(request)
    visible = IssuedDocument.objects.filter(unit=unit) if unit is not None else IssuedDocument.objects.none()
    # A figure's link (records_links): the documents its unit's statistics count, issued in its period.
    figure = records_links.documents_filter(request)
    qs, chosen = _document_filters(request, figure.qs if figure else scoped(visible, request.user))
    page = Paginator(qs.order_by("-issued_on", "-pk"), PAGE_SIZE).get_page(read_int(request.GET.get("page")) or 1)
    years = sorted({d.year for d in visible.dates("issued_on", "year")}, reverse=True)
    context = {
        "unit": unit,
        "communes": choices,
        "page_obj": page,
        "chosen": chosen,
        "kinds": DocumentKind.choices,
        "issuers": Issuer.choices,
        "years": years,
        "can_write": unit is not None and holds_role(request.user, unit, PROGRAMME_WRITERS),
        "figure": figure,
    }
    return render(request, "programme/model_documents.html", context)


DOCUMENT_FIELDS = ("kind", "number", "issued_on", "issuer", "issuer_name", "summary", "decides")


def _document_values(data: dict[str, Any]) -> dict[str, Any]:
    return {k: data[k] for k in DOCUMENT_FIELDS if k in data}


@protected(*PROGRAMME_WRITERS)
def document_create(request: HttpRequest) -> HttpResponse:
    unit = _writing_commune(request)
    initial = {"issued_on": timezone.localdate(), "kind": request.GET.get("kind") or DocumentKind.DECISION}
    form = DocumentForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST":
        user = staff_user(request)
        document = _save(
            form, lambda data: actions.create_document(user, unit, _document_values(data), data.get("file"))
        )
        if document is not None:
            messages.success(request, f"Đã thêm {document}.")
            return redirect("programme:document_detail", pk=document.pk)
    return _form_page(request, form, "Thêm văn bản", unit, _url("documents", unit))


def _get_document(request: HttpRequest, pk: int) -> IssuedDocument:
    return get_scoped_or_404(request, IssuedDocument.objects.select_related("unit"), pk)


@protected(*PROGRAMME_WRITERS)
def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    document = _get_document(request, pk)
    _require_writer(request, document.unit)
    form = DocumentForm(
        request.POST or None, request.FILES or None, initial={k: getattr(document, k) for k in DOCUMENT_FIELDS}
    )
    if request.method == "POST":
        user = staff_user(request)
        saved = _save(
            form, lambda data: actions.update_document(user, document, _document_values(data), data.get("file"))
        )
        if saved is not None:
            messages.success(request, f"Đã lưu {saved}.")
            return redirect("programme:document_detail", pk=document.pk)
    back = reverse("programme:document_detail", kwargs={"pk": document.pk})
    return _form_page(request, form, f"Sửa {document}", document.unit, back)


DECIDES_PAGES = {
    Decides.BOARD: "board",
    Decides.PLAN: "home",
    Decides.LAUNCH: "home",
    Decides.REGULATION: "home",
    Decides.INSPECTION: "inspections",
    Decides.RECOGNITION: "recognitions",
}


def _decides_link(document: IssuedDocument) -> str:
    """Where what the document decides is shown; empty while that page does not exist."""
    name = DECIDES_PAGES.get(document.decides)  # type: ignore[call-overload]
    if not name:
        return ""
    try:
        return _url(name, document.unit)
    except NoReverseMatch:
        return ""


@protected(*PROGRAMME_READERS)
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = _get_document(request, pk)
    context = {
        "d": document,
        "citation": actions.citation(document),
        "decides_link": _decides_link(document),
        "stages": document.stages.order_by("reached_on"),
        "boards": Board.objects.filter(Q(founding_document=document) | Q(changes__document=document)).distinct(),
        "can_write": holds_role(request.user, document.unit, PROGRAMME_WRITERS),
    }
    return render(request, "programme/model_document_detail.html", context)


@protected(*PROGRAMME_READERS)
def document_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    document = _get_document(request, pk)
    if not document.file:
        raise Http404("Văn bản chưa có tệp.")
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404("Không tìm thấy tệp văn bản.") from None
    response = FileResponse(handle, content_type="application/pdf")
    safe = "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in document.number)
    response["Content-Disposition"] = f'inline; filename="van-ban-{safe}-{document.issued_on:%Y%m%d}.pdf"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- the steering board ------------------------------------------------------------------------------------------


def _board_day(request: HttpRequest) -> tuple[dt.date, str, str]:
    """?ngay=dd/mm/yyyy: the day the board is shown as it stood (default today), the text, an error."""
    today = timezone.localdate()
    text = (request.GET.get("ngay") or "").strip()[:40]
    if not text:
        return today, "", ""
    day, error = read_day(text, "Ngày")
    if day is None:
        return today, text, error or ""
    return day, text, ""


@protected(*PROGRAMME_READERS)
def board(request: HttpRequest) -> HttpResponse:
    unit, choices = reading_commune(request)
    day, day_text, day_error = _board_day(request)
    boards: list[dict[str, Any]] = []
    if unit is not None:
        changes = Prefetch("changes", queryset=BoardChange.objects.select_related("document"))
        for b in Board.objects.filter(unit=unit).select_related("founding_document").prefetch_related(changes):
            history = []
            for change in b.changes.all():
                history.append(
                    {
                        "change": change,
                        "joined": list(change.joined.order_by("order", "pk")),
                        "left": list(change.left.order_by("order", "pk")),
                        "citation": actions.citation(change.document) if change.document else "",
                    }
                )
            boards.append(
                {
                    "board": b,
                    "founding": actions.citation(b.founding_document) if b.founding_document else "",
                    "members": list(actions.members_on(b, day)) if day >= b.founded_on else [],
                    "history": history,
                }
            )
    context = {
        "unit": unit,
        "communes": choices,
        "boards": boards,
        "day": day,
        "day_text": day_text,
        "day_error": day_error,
        "is_today": day == timezone.localdate(),
        "can_write": unit is not None and holds_role(request.user, unit, PROGRAMME_WRITERS),
    }
    return render(request, "programme/model_board.html", context)


def _board_url(b: Board) -> str:
    return _url("board", b.unit)


@protected(*PROGRAMME_WRITERS)
def board_create(request: HttpRequest) -> HttpResponse:
    unit = _writing_commune(request)
    initial = {"name": "Ban chỉ đạo xây dựng mô hình “Chính quyền thân thiện, vì Nhân dân phục vụ”"}
    form = BoardForm(request.POST or None, documents=_documents_of(unit), initial=initial)
    if request.method == "POST":
        user = staff_user(request)
        created = _save(form, lambda data: actions.create_board(user, unit, data))
        if created is not None:
            messages.success(request, f"Đã ghi {created.name}.")
            return redirect(_board_url(created))
    return _form_page(request, form, "Thành lập Ban chỉ đạo", unit, _url("board", unit))


def _get_board(request: HttpRequest, pk: int) -> Board:
    found = get_scoped_or_404(request, Board.objects.select_related("unit"), pk)
    _require_writer(request, found.unit)
    return found


@protected(*PROGRAMME_WRITERS)
def board_edit(request: HttpRequest, pk: int) -> HttpResponse:
    b = _get_board(request, pk)
    initial = {"kind": b.kind, "name": b.name, "founded_on": b.founded_on, "founding_document": b.founding_document_id}
    form = BoardForm(request.POST or None, documents=_documents_of(b.unit), initial=initial)
    if request.method == "POST":
        user = staff_user(request)
        if _save(form, lambda data: actions.update_board(user, b, data)) is not None:
            messages.success(request, "Đã lưu thông tin Ban.")
            return redirect(_board_url(b))
    return _form_page(request, form, f"Sửa thông tin {b.name}", b.unit, _board_url(b))


@protected(*PROGRAMME_WRITERS)
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    b = _get_board(request, pk)
    form = MemberForm(request.POST or None)
    if request.method == "POST":
        user = staff_user(request)
        member = _save(form, lambda data: actions.add_member(user, b, data))
        if member is not None:
            messages.success(request, f"Đã thêm thành viên {member.full_name}.")
            return redirect(_board_url(b))
    title = f"Thêm thành viên từ khi thành lập ({fmt_date(b.founded_on)})"
    return _form_page(request, form, title, b.unit, _board_url(b))


@protected(*PROGRAMME_WRITERS)
def member_edit(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_scoped_or_404(
        request, BoardMember.objects.select_related("board", "board__unit"), pk, field="board__unit"
    )
    _require_writer(request, member.board.unit)
    fields = ("full_name", "position", "board_role", "tasks")
    form = MemberForm(request.POST or None, initial={k: getattr(member, k) for k in fields})
    if request.method == "POST":
        user = staff_user(request)
        if _save(form, lambda data: actions.update_member(user, member, data)) is not None:
            messages.success(request, f"Đã lưu thông tin {member.full_name}.")
            return redirect(_board_url(member.board))
    return _form_page(
        request, form, f"Sửa thông tin thành viên {member.full_name}", member.board.unit, _board_url(member.board)
    )


@protected(*PROGRAMME_WRITERS)
def change_create(request: HttpRequest, pk: int) -> HttpResponse:
    b = _get_board(request, pk)
    current = list(actions.members_on(b, timezone.localdate()))
    choices = [(str(m.pk), f"{m.full_name} – {m.position} ({m.board_role})") for m in current]
    form = ChangeForm(
        request.POST or None,
        documents=_documents_of(b.unit),
        members=choices,
        initial={"decided_on": timezone.localdate()},
    )
    joiners = [JoinerForm(request.POST or None, prefix=f"new{i}") for i in range(JOINER_ROWS)]
    if request.method == "POST":
        checked = [form.is_valid(), *(j.is_valid() for j in joiners)]  # every row says its errors
        if all(checked):
            leaving = [m for m in current if str(m.pk) in set(form.cleaned_data["leaving"])]
            joining = [
                {k: j.cleaned_data[k] for k in ("full_name", "position", "board_role", "tasks")}
                for j in joiners
                if not j.is_empty
            ]
            data = {k: form.cleaned_data[k] for k in ("decided_on", "document", "note")}
            try:
                actions.record_change(staff_user(request), b, data, leaving, joining)
            except ValidationError as exc:
                form.add_action_errors(exc)
            else:
                messages.success(request, f"Đã ghi lần kiện toàn ngày {fmt_date(data['decided_on'])}.")
                return redirect(_board_url(b))
    form.mark_errors()
    for j in joiners:
        j.mark_errors()
    context = {"form": form, "joiners": joiners, "board": b, "unit": b.unit, "back": _board_url(b)}
    return render(request, "programme/model_change_form.html", context, status=400 if request.method == "POST" else 200)
