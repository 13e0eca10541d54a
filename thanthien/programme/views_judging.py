"""The pages of area 'judging' (issue 11 items 6, 8, 9): inspections and supervisions with their remedies,
recognitions of communes' models with the file asking for one, and the roll-out of the model over a supervising unit.

Thin views: the actions (actions_judging) check roles and rules; reads go through org.scoping, so a commune never
sees another's records (404) and a supervisor sees the communes under them."""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from thanthien.documents.pdf import pdf_response, render_pdf
from thanthien.lib.vn import fmt_date, fmt_percent
from thanthien.org.access import protected, staff_user
from thanthien.org.models import COMMUNE_KINDS, Role, Unit
from thanthien.org.periods import period_form_context, read_day, read_period
from thanthien.org.queries import current_successor, predecessor_ids, stats_unit_ids, valid_on
from thanthien.org.records import acting_unit, get_scoped_or_404, supervised_communes
from thanthien.org.scoping import can_see_unit, holds_role, is_system_admin, memberships, scoped, visible_units

from . import actions_judging as actions
from . import records_links
from .forms_judging import (
    AnswerForm,
    FileForm,
    FilePartForm,
    InspectionForm,
    RecognitionForm,
    RemedyForm,
    StaffForm,
    TargetForm,
)
from .models import (
    ACTIVITY_WRITERS,
    PROGRAMME_READERS,
    PROGRAMME_WRITERS,
    SUPERVISORS,
    FilePart,
    Inspection,
    InspectorKind,
    IssuedDocument,
    Recognition,
    RecognitionFile,
    RecognitionFilePart,
    Remedy,
    RolloutTarget,
)
from .rollout_judging import indicator_period, progress, rankings

PAGE_SIZE = 30
INSPECTION_WRITERS = ACTIVITY_WRITERS | SUPERVISORS


# --- shared ----------------------------------------------------------------------------------------------------------


def citation(document: IssuedDocument | None) -> str:
    """The document's official one-line citation (actions_model.citation once area 'model' provides it)."""
    if document is None:
        return ""
    try:
        module = importlib.import_module("thanthien.programme.actions_model")
    except ImportError:
        return str(document)
    cite = getattr(module, "citation", None)
    return str(cite(document)) if callable(cite) else str(document)


def document_url(document: IssuedDocument | None) -> str:
    if document is None:
        return ""
    try:
        return reverse("programme:document_detail", args=[document.pk])
    except NoReverseMatch:
        return ""


def _save(form: StaffForm, act: Callable[[dict[str, Any]], Any]) -> Any:
    if not form.is_valid():
        return None
    try:
        return act(form.cleaned_data)
    except ValidationError as exc:
        form.add_action_errors(exc)
        return None


def _documents_of(unit: Unit) -> Any:
    return IssuedDocument.objects.filter(unit=unit).order_by("-issued_on", "-pk")


def _chosen(request: HttpRequest, communes: list[Unit]) -> Unit | None:
    """The commune asked for by code among `communes` (one not among them: PermissionDenied); the only one if one."""
    wanted = (request.POST.get("unit") or request.GET.get("unit") or "").strip()[:40]
    if wanted:
        chosen = next((u for u in communes if u.code == wanted), None)
        if chosen is None:
            raise PermissionDenied("Bạn không có quyền thao tác tại đơn vị này.")
        return chosen
    return communes[0] if len(communes) == 1 else None


def _page(request: HttpRequest, qs: Any) -> Any:
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


# --- inspections (item 6) --------------------------------------------------------------------------------------------


def _inspectable_communes(user: Any) -> list[Unit]:
    today = timezone.localdate()
    own = {u.pk: u for u in acting_units_of(user, ACTIVITY_WRITERS) if u.is_valid_on(today)}
    own |= {u.pk: u for u in supervised_communes(user, today)}
    return sorted(own.values(), key=lambda u: u.name)


def acting_units_of(user: Any, roles: frozenset[str]) -> list[Unit]:
    return [m.unit for m in memberships(user) if m.role in roles and m.unit is not None and m.unit.is_commune_level]


def _kinds_for(user: Any, unit: Unit) -> list[str]:
    kinds: list[str] = []
    if holds_role(user, unit, SUPERVISORS):
        kinds.append(InspectorKind.SUPERVISOR)
    if holds_role(user, unit, ACTIVITY_WRITERS):
        kinds += [str(k) for k in actions.COMMUNE_INSPECTOR_KINDS]
    return kinds


@protected(*PROGRAMME_READERS)
def inspection_list(request: HttpRequest) -> HttpResponse:
    period = read_period(request)
    today = timezone.localdate()
    context: dict[str, Any] = {
        "period": period_form_context(request, period, today),
        "can_create": bool(_inspectable_communes(request.user)),
        "today": today,
    }
    if period.ok and period.unit is not None:
        ids = stats_unit_ids(period.unit)
        visible = scoped(Inspection.objects.filter(unit_id__in=ids), request.user)
        in_period = visible.filter(held_on__gte=period.start, held_on__lte=period.end)
        counted = in_period.annotate(
            remedy_count=Count("remedies"),
            done_count=Count("remedies", filter=Q(remedies__done_on__isnull=False)),
            overdue_count=Count("remedies", filter=actions.overdue(today, "remedies__")),
        )
        # A figure's link (records_links): inspections.findings lists the inspections that found shortcomings.
        findings, said, problems = records_links.inspections_findings(request)
        if findings:
            counted = counted.filter(records_links.has_findings())
        if problems:
            counted = counted.none()
        context["figure"] = {"errors": problems, "description": ("Đang lọc: " + "; ".join(said) + ".") if said else ""}
        only_overdue = request.GET.get("qua_han") == "1"
        if only_overdue:
            counted = counted.filter(overdue_count__gt=0)
        remedies = Remedy.objects.filter(inspection__in=in_period)
        context |= {
            "page_obj": _page(request, counted.select_related("unit", "by_unit").order_by("-held_on", "-pk")),
            "only_overdue": only_overdue,
            "totals": {
                "inspections": in_period.count(),
                "remedies": remedies.count(),
                "done": remedies.filter(done_on__isnull=False).count(),
                "overdue": remedies.filter(actions.overdue(today)).count(),
            },
            "overdue_all": actions.overdue_remedies(visible, today).count(),
            "many_units": not period.unit.is_commune_level,
        }
    return render(request, "programme/judging_inspection_list.html", context)


@protected(*INSPECTION_WRITERS)
def inspection_create(request: HttpRequest) -> HttpResponse:
    communes = _inspectable_communes(request.user)
    if not communes:
        raise PermissionDenied("Bạn không có xã, phường nào để ghi cuộc kiểm tra, giám sát.")
    unit = _chosen(request, communes)
    if unit is None:
        return render(
            request,
            "programme/judging_pick_unit.html",
            {"title": "Ghi nhận cuộc kiểm tra, giám sát", "units": communes, "action": "programme:inspection_create"},
        )
    kinds = _kinds_for(request.user, unit)
    if not kinds:
        raise PermissionDenied("Bạn không có quyền ghi cuộc kiểm tra, giám sát tại đơn vị này.")
    form = InspectionForm(
        request.POST or None,
        initial={"held_on": timezone.localdate()},
        kinds=kinds,
        documents=_documents_of(unit),
    )
    if request.method == "POST":
        user = staff_user(request)
        inspection = _save(form, lambda data: actions.record_inspection(user, unit, data))
        if inspection is not None:
            messages.success(request, f"Đã ghi nhận cuộc kiểm tra, giám sát ngày {inspection.held_on:%d/%m/%Y}.")
            return redirect("programme:inspection_detail", pk=inspection.pk)
    form.mark_errors()
    context = {"form": form, "unit": unit, "title": "Ghi nhận cuộc kiểm tra, giám sát", "inspection": None}
    return render(request, "programme/judging_inspection_form.html", context)


def _get_inspection(request: HttpRequest, pk: int) -> Inspection:
    qs = Inspection.objects.select_related("unit", "by_unit", "conclusion", "created_by")
    return get_scoped_or_404(request, qs, pk)


@protected(*PROGRAMME_READERS)
def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _get_inspection(request, pk)
    today = timezone.localdate()
    remedies: list[dict[str, Any]] = [
        {"r": r, "overdue": r.done_on is None and r.due_on is not None and r.due_on < today}
        for r in inspection.remedies.order_by("pk")
    ]
    can_edit = actions.can_edit_inspection(request.user, inspection)
    context = {
        "i": inspection,
        "remedies": remedies,
        "overdue": len([row for row in remedies if row["overdue"]]),
        "done": len([row for row in remedies if row["r"].done_on]),
        "can_edit": can_edit,
        "can_answer": actions.can_answer_remedies(request.user, inspection),
        "remedy_form": RemedyForm(prefix="rm") if can_edit else None,
        "conclusion": citation(inspection.conclusion),
        "conclusion_url": document_url(inspection.conclusion),
    }
    return render(request, "programme/judging_inspection_detail.html", context)


@protected(*INSPECTION_WRITERS)
def inspection_edit(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _get_inspection(request, pk)
    if not actions.can_edit_inspection(request.user, inspection):
        raise PermissionDenied("Bạn không có quyền sửa cuộc kiểm tra, giám sát này.")
    kinds = (
        [InspectorKind.SUPERVISOR.value]
        if inspection.by_kind == InspectorKind.SUPERVISOR
        else [str(k) for k in actions.COMMUNE_INSPECTOR_KINDS]
    )
    initial = {name: getattr(inspection, name) for name in actions.INSPECTION_FIELDS}
    form = InspectionForm(request.POST or None, initial=initial, kinds=kinds, documents=_documents_of(inspection.unit))
    if request.method == "POST":
        user = staff_user(request)
        if _save(form, lambda data: actions.update_inspection(user, inspection, data)) is not None:
            messages.success(request, "Đã lưu thông tin cuộc kiểm tra, giám sát.")
            return redirect("programme:inspection_detail", pk=inspection.pk)
    form.mark_errors()
    context = {
        "form": form,
        "unit": inspection.unit,
        "title": "Sửa thông tin cuộc kiểm tra, giám sát",
        "inspection": inspection,
    }
    return render(request, "programme/judging_inspection_form.html", context)


@protected(*INSPECTION_WRITERS)
@require_POST
def remedy_add(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _get_inspection(request, pk)
    if not actions.can_edit_inspection(request.user, inspection):
        raise PermissionDenied("Bạn không có quyền thêm nội dung khắc phục của cuộc kiểm tra này.")
    form = RemedyForm(request.POST, prefix="rm")
    user = staff_user(request)
    if _save(form, lambda data: actions.add_remedy(user, inspection, data)) is not None:
        messages.success(request, "Đã thêm nội dung cần khắc phục.")
        return redirect("programme:inspection_detail", pk=inspection.pk)
    form.mark_errors()
    context = {"form": form, "i": inspection, "title": "Thêm nội dung cần khắc phục", "remedy": None}
    return render(request, "programme/judging_remedy_form.html", context, status=400)


def _get_remedy(request: HttpRequest, pk: int) -> Remedy:
    qs = Remedy.objects.select_related("inspection__unit", "inspection__by_unit")
    return get_scoped_or_404(request, qs, pk, field="inspection__unit")


@protected(*INSPECTION_WRITERS)
def remedy_edit(request: HttpRequest, pk: int) -> HttpResponse:
    remedy = _get_remedy(request, pk)
    inspection = remedy.inspection
    if not actions.can_edit_inspection(request.user, inspection):
        raise PermissionDenied("Bạn không có quyền sửa nội dung khắc phục này.")
    form = RemedyForm(request.POST or None, initial={"text": remedy.text, "due_on": remedy.due_on})
    if request.method == "POST":
        user = staff_user(request)
        if _save(form, lambda data: actions.update_remedy(user, remedy, data)) is not None:
            messages.success(request, "Đã lưu nội dung cần khắc phục.")
            return redirect("programme:inspection_detail", pk=inspection.pk)
    form.mark_errors()
    context = {"form": form, "i": inspection, "title": "Sửa nội dung cần khắc phục", "remedy": remedy}
    return render(request, "programme/judging_remedy_form.html", context)


@protected(*ACTIVITY_WRITERS)
def remedy_answer(request: HttpRequest, pk: int) -> HttpResponse:
    remedy = _get_remedy(request, pk)
    inspection = remedy.inspection
    if not actions.can_answer_remedies(request.user, inspection):
        raise PermissionDenied("Chỉ xã, phường được kiểm tra báo cáo kết quả khắc phục.")
    form = AnswerForm(request.POST or None, initial={"answer": remedy.answer, "done_on": remedy.done_on})
    if request.method == "POST":
        user = staff_user(request)
        saved = _save(form, lambda data: actions.answer_remedy(user, remedy, data))
        if saved is not None:
            done = f"đã khắc phục xong ngày {fmt_date(saved.done_on)}" if saved.done_on else "chưa khắc phục xong"
            messages.success(request, f"Đã lưu kết quả khắc phục ({done}).")
            return redirect("programme:inspection_detail", pk=inspection.pk)
    form.mark_errors()
    context = {"form": form, "i": inspection, "title": "Báo cáo kết quả khắc phục", "remedy": remedy, "answer": True}
    return render(request, "programme/judging_remedy_form.html", context)


# --- recognition (item 8) --------------------------------------------------------------------------------------------


@protected(*PROGRAMME_READERS)
def recognition_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    # A figure's link (records_links): one valid recognition per commune counted, on the figure's day.
    figure = records_links.recognitions_filter(request)
    recognitions = figure.qs if figure else scoped(Recognition.objects.all(), request.user)
    visible = recognitions.select_related("unit", "decided_by", "document")
    level = request.GET.get("cap", "")
    if level in actions.LEVEL_RANK:
        visible = visible.filter(level=level)
    else:
        level = ""
    page = _page(request, visible.order_by("-decided_on", "-pk"))
    valid = set(Recognition.objects.valid_on(today).filter(pk__in=[r.pk for r in page]).values_list("pk", flat=True))
    for r in page:
        r.is_valid = r.pk in valid
    own = [m.unit for m in memberships(request.user) if m.unit is not None and m.unit.is_commune_level]
    context = {
        "page_obj": page,
        "level": level,
        "can_create": bool(supervised_communes(request.user)),
        "own_communes": sorted({u.pk: u for u in own}.values(), key=lambda u: u.name),
        "levels": actions.LEVEL_RANK,
        "figure": figure,
    }
    return render(request, "programme/judging_recognition_list.html", context)


def _visible_commune(request: HttpRequest, code: str) -> Unit:
    unit = Unit.objects.filter(code=str(code)[:40], kind__in=COMMUNE_KINDS).select_related("successor").first()
    if unit is None or not can_see_unit(request.user, unit):
        raise Http404("Không tìm thấy xã, phường này.")
    return unit


@protected(*PROGRAMME_READERS)
def recognition_unit(request: HttpRequest, code: str) -> HttpResponse:
    """A commune's recognitions: its own, then those of the communes merged into it (its history; they do not make
    it a model: it needs its own), and its files asking for recognition."""
    unit = _visible_commune(request, code)
    today = timezone.localdate()
    own = list(Recognition.objects.filter(unit=unit).select_related("decided_by", "document").order_by("-decided_on"))
    merged_ids = predecessor_ids({unit.pk})
    merged = list(
        Recognition.objects.filter(unit_id__in=merged_ids).select_related("unit", "document").order_by("-decided_on")
    )
    valid_now = Recognition.objects.valid_on(today).filter(unit_id__in={unit.pk} | merged_ids)
    valid = set(valid_now.values_list("pk", flat=True))
    for r in own + merged:
        r.is_valid = r.pk in valid  # type: ignore[attr-defined]
        r.citation = citation(r.document)  # type: ignore[attr-defined]
    counted = actions.highest_levels([unit.pk], today).get(unit.pk)
    successor = current_successor(unit, today) if unit.valid_to and unit.valid_to < today else None
    context = {
        "unit": unit,
        "own": own,
        "merged": merged,
        "counted": counted,
        "successor": successor if successor and successor.pk != unit.pk else None,
        "files": list(scoped(RecognitionFile.objects.filter(unit=unit), request.user).order_by("-year")),
        "can_recognise": holds_role(request.user, unit, SUPERVISORS) and unit.is_valid_on(today),
        "can_file": holds_role(request.user, unit, PROGRAMME_WRITERS) and unit.is_valid_on(today),
        "today": today,
    }
    return render(request, "programme/judging_recognition_unit.html", context)


@protected(*SUPERVISORS)
def recognition_create(request: HttpRequest) -> HttpResponse:
    communes = supervised_communes(request.user)
    if not communes:
        raise PermissionDenied("Không có xã, phường nào dưới đơn vị của bạn.")
    unit = _chosen(request, communes)
    if unit is None:
        return render(
            request,
            "programme/judging_pick_unit.html",
            {
                "title": "Ghi nhận quyết định công nhận mô hình",
                "units": communes,
                "action": "programme:recognition_create",
            },
        )
    form = RecognitionForm(request.POST or None, documents=_documents_of(unit))
    if request.method == "POST":
        user = staff_user(request)
        recognition = _save(form, lambda data: actions.record_recognition(user, unit, data))
        if recognition is not None:
            messages.success(request, f"Đã ghi nhận {recognition} cho {unit.name}.")
            return redirect("programme:recognition_unit", code=unit.code)
    form.mark_errors()
    context = {"form": form, "unit": unit, "title": "Ghi nhận quyết định công nhận mô hình", "recognition": None}
    return render(request, "programme/judging_recognition_form.html", context)


@protected(*SUPERVISORS)
def recognition_edit(request: HttpRequest, pk: int) -> HttpResponse:
    recognition = get_scoped_or_404(request, Recognition.objects.select_related("unit"), pk)
    if not holds_role(request.user, recognition.unit, SUPERVISORS):
        raise PermissionDenied("Bạn không có quyền sửa quyết định công nhận này.")
    initial = {name: getattr(recognition, name) for name in actions.RECOGNITION_FIELDS}
    form = RecognitionForm(request.POST or None, initial=initial, documents=_documents_of(recognition.unit))
    if request.method == "POST":
        user = staff_user(request)
        if _save(form, lambda data: actions.update_recognition(user, recognition, data)) is not None:
            messages.success(request, "Đã lưu quyết định công nhận.")
            return redirect("programme:recognition_unit", code=recognition.unit.code)
    form.mark_errors()
    context = {
        "form": form,
        "unit": recognition.unit,
        "title": "Sửa quyết định công nhận mô hình",
        "recognition": recognition,
    }
    return render(request, "programme/judging_recognition_form.html", context)


@protected(*PROGRAMME_WRITERS)
def recognition_file_create(request: HttpRequest) -> HttpResponse:
    chosen = acting_unit(request, PROGRAMME_WRITERS)
    if chosen.unit is None:
        raise PermissionDenied("Tài khoản của bạn không thuộc xã, phường nào để lập hồ sơ đề nghị công nhận.")
    unit = chosen.unit
    form = FileForm(request.POST or None, initial={"year": timezone.localdate().year, "level": "province"})
    if request.method == "POST":
        user = staff_user(request)
        file = _save(form, lambda data: actions.record_file(user, unit, data))
        if file is not None:
            messages.success(request, f"Đã lập {file}.")
            return redirect("programme:recognition_file", pk=file.pk)
    form.mark_errors()
    context = {"form": form, "unit": unit, "units": chosen.choices, "title": "Lập hồ sơ đề nghị công nhận"}
    return render(request, "programme/judging_file_form.html", context)


def _get_file(request: HttpRequest, pk: int) -> RecognitionFile:
    return get_scoped_or_404(request, RecognitionFile.objects.select_related("unit", "recognition"), pk)


def file_parts(file: RecognitionFile) -> list[dict[str, Any]]:
    """Each part of the file, in the order of the list: what supplies it, or that it is missing."""
    supplied = {p.part: p for p in file.parts.select_related("document")}
    scoring = actions.file_scoring(file)
    rows = []
    for part in FilePart:
        row: dict[str, Any] = {"part": part.value, "label": part.label, "present": False, "text": "", "url": ""}
        if part == FilePart.SELF_SCORE:
            if scoring is not None:
                row |= {
                    "present": True,
                    "text": f"Lập từ bảng chấm điểm năm {scoring.year} ({scoring.get_status_display().lower()})",
                    "url": reverse("programme:recognition_file_selfscore", args=[file.pk]),
                    "generated": True,
                }
            else:
                row["text"] = f"Chưa có bảng tự chấm điểm năm {file.year} đã gửi cấp trên hoặc đã công bố."
                row["generated"] = True
        elif (given := supplied.get(part.value)) is not None and (given.document or given.upload):
            if given.document is not None:
                row |= {"present": True, "text": citation(given.document), "url": document_url(given.document)}
            else:
                row |= {
                    "present": True,
                    "text": "Tệp PDF đã tải lên",
                    "url": reverse("programme:recognition_file_part", args=[file.pk, part.value]),
                }
        rows.append(row)
    return rows


@protected(*PROGRAMME_READERS)
def recognition_file(request: HttpRequest, pk: int) -> HttpResponse:
    return _file_page(request, _get_file(request, pk))


def _file_page(
    request: HttpRequest, file: RecognitionFile, part_form: FilePartForm | None = None, bad_part: str = ""
) -> HttpResponse:
    parts = file_parts(file)
    can_write = holds_role(request.user, file.unit, PROGRAMME_WRITERS)
    forms = {}
    if can_write:
        for row in parts:
            if not row.get("generated"):
                forms[row["part"]] = (
                    part_form
                    if part_form is not None and bad_part == row["part"]
                    else FilePartForm(prefix=row["part"], documents=_documents_of(file.unit))
                )
    for row in parts:
        row["form"] = forms.get(row["part"])
    context = {
        "file": file,
        "parts": parts,
        "missing": [row["label"] for row in parts if not row["present"]],
        "can_write": can_write,
    }
    return render(request, "programme/judging_file_detail.html", context, status=400 if part_form else 200)


@protected(*PROGRAMME_READERS)
def recognition_file_part(request: HttpRequest, pk: int, part: str) -> HttpResponseBase:
    """GET: the uploaded PDF of a part (to who may read the file). POST: a part set by the commune's leaders."""
    file = _get_file(request, pk)
    if part not in {p.value for p in actions.SUPPLIED_PARTS}:
        raise Http404("Không có thành phần hồ sơ này.")
    if request.method == "POST":
        if not holds_role(request.user, file.unit, PROGRAMME_WRITERS):
            raise PermissionDenied("Bạn không có quyền cập nhật hồ sơ này.")
        form = FilePartForm(request.POST, request.FILES, prefix=part, documents=_documents_of(file.unit))
        user = staff_user(request)
        saved = _save(
            form,
            lambda data: actions.set_file_part(user, file, part, document=data["document"], upload=data["upload"]),
        )
        if saved is not None:
            messages.success(request, f"Đã cập nhật thành phần “{saved.get_part_display()}”.")
            return redirect("programme:recognition_file", pk=file.pk)
        form.mark_errors()
        return _file_page(request, file, part_form=form, bad_part=part)
    given = RecognitionFilePart.objects.filter(file=file, part=part).first()
    if given is None or not given.upload:
        raise Http404("Thành phần này chưa có tệp tải lên.")
    try:
        handle = given.upload.open("rb")
    except FileNotFoundError:
        raise Http404("Không tìm thấy tệp.") from None
    name = f"{file.unit.code}-{file.year}-{part}.pdf"
    return FileResponse(handle, content_type="application/pdf", filename=name)


@protected(*PROGRAMME_READERS)
def recognition_file_selfscore(request: HttpRequest, pk: int) -> HttpResponse:
    """The self-score table of the file, generated as a PDF (NĐ 30 layout) from the commune's scoring of the year."""
    file = _get_file(request, pk)
    scoring = actions.file_scoring(file)
    if scoring is None:
        raise Http404(f"Chưa có bảng tự chấm điểm năm {file.year} đã gửi cấp trên hoặc đã công bố.")
    scores = {s.criterion_id: s for s in scoring.scores.all()}
    criteria = list(scoring.criteria_set.criteria.order_by("order", "pk"))
    top_level = [c for c in criteria if c.parent_id is None]
    children: dict[int, list[Any]] = {}
    for c in criteria:
        if c.parent_id is not None:
            children.setdefault(c.parent_id, []).append(c)
    rows = []
    for c in top_level:
        rows.append({"c": c, "s": scores.get(c.pk), "sub": False})
        rows += [{"c": child, "s": scores.get(child.pk), "sub": True} for child in children.get(c.pk, [])]
    unit = file.unit
    context = {
        "issuer_parent": f"UBND {unit.parent.name}" if unit.parent else "",
        "issuer": f"UBND {unit.name}",
        "place": unit.short_name(),
        "date": scoring.published_on or timezone.localdate(),
        "doc_type": "BẢNG TỰ CHẤM ĐIỂM",
        "subject": f"xây dựng mô hình “Chính quyền thân thiện, vì Nhân dân phục vụ” năm {scoring.year}",
        "sign_authority": "TM. ỦY BAN NHÂN DÂN",
        "sign_title": "CHỦ TỊCH",
        "scoring": scoring,
        "rows": rows,
        "show_verified": scoring.status == "published",
        "recipients": ["Như trên", "Lưu: VT"],
    }
    pdf = render_pdf("programme/judging_selfscore_pdf.html", context)
    return pdf_response(pdf, f"bang-tu-cham-diem-{unit.code}-{scoring.year}.pdf")


# --- roll-out (item 9) -----------------------------------------------------------------------------------------------


def _supervising_choices(request: HttpRequest, day: dt.date) -> list[Unit]:
    units = visible_units(request.user).exclude(kind__in=COMMUNE_KINDS).filter(valid_on(day)).order_by("path")
    return list(units[:500])


def _own_supervised(request: HttpRequest) -> Unit | None:
    for m in memberships(request.user):
        if m.role == Role.SUPERVISOR and m.unit is not None:
            return m.unit
    return None


@protected(*SUPERVISORS)
def rollout(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    errors: list[str] = []
    day = today
    day_text = (request.GET.get("ngay") or "").strip()[:40]
    if day_text:
        parsed, error = read_day(day_text, "Ngày")
        if error:
            errors.append(error)
        else:
            assert parsed is not None
            day = parsed
    code = (request.GET.get("unit") or "").strip()[:40]
    unit: Unit | None
    if code:
        unit = Unit.objects.filter(code=code).first()
        if unit is None or not can_see_unit(request.user, unit):
            raise Http404("Không tìm thấy đơn vị này trong phạm vi bạn được xem.")
    else:
        unit = _own_supervised(request) or Unit.objects.filter(parent__isnull=True).order_by("path").first()
    if unit is not None and unit.is_commune_level:
        errors.append("Vui lòng chọn đơn vị cấp trên (tỉnh, huyện): tiến độ nhân rộng tính trên các xã thuộc đơn vị.")
    context: dict[str, Any] = {
        "unit": unit,
        "units": _supervising_choices(request, day),
        "day": day,
        "day_text": day_text or fmt_date(today),
        "errors": errors,
    }
    if unit is not None and not errors:
        result = progress(unit, day)
        start, end = indicator_period(day)
        context |= {
            "p": result,
            "share_bar": _share_bar(result),
            "rankings": rankings(result.communes, day),
            "period_text": f"{start:%d/%m/%Y} – {end:%d/%m/%Y}",
            "can_target": _can_target(request, unit),
        }
    return render(request, "programme/judging_rollout.html", context)


def _share_bar(result: Any) -> dict[str, Any]:
    """The share on a 0–100 % bar (500 units wide) with a mark per target."""
    width = 500
    share = result.share or 0
    marks = [
        {"x": round(float(t.target.share) * width), "label": fmt_percent(t.target.share, 0)} for t in result.targets
    ]
    return {"width": width, "length": round(share * width), "marks": marks}


def _can_target(request: HttpRequest, unit: Unit) -> bool:
    if unit.is_commune_level:
        return False
    return is_system_admin(request.user) or any(
        m.role == Role.SUPERVISOR and m.unit is not None and m.unit.pk == unit.pk for m in memberships(request.user)
    )


@protected(*SUPERVISORS)
def rollout_target_create(request: HttpRequest) -> HttpResponse:
    code = (request.POST.get("unit") or request.GET.get("unit") or "").strip()[:40]
    unit = Unit.objects.filter(code=code).first() if code else _own_supervised(request)
    if unit is None or not can_see_unit(request.user, unit):
        raise Http404("Không tìm thấy đơn vị này trong phạm vi bạn được xem.")
    if not _can_target(request, unit):
        raise PermissionDenied("Chỉ cán bộ giám sát của chính đơn vị này đặt chỉ tiêu nhân rộng mô hình.")
    form = TargetForm(request.POST or None)
    if request.method == "POST":
        user = staff_user(request)
        target = _save(form, lambda _data: actions.record_target(user, unit, form.data_for_action()))
        if target is not None:
            messages.success(request, f"Đã đặt chỉ tiêu: {target}.")
            return redirect(f"{reverse('programme:rollout')}?unit={unit.code}")
    form.mark_errors()
    context = {"form": form, "unit": unit, "title": "Đặt chỉ tiêu nhân rộng mô hình", "target": None}
    return render(request, "programme/judging_target_form.html", context)


@protected(*SUPERVISORS)
def rollout_target_edit(request: HttpRequest, pk: int) -> HttpResponse:
    target = get_scoped_or_404(request, RolloutTarget.objects.select_related("unit"), pk)
    if not _can_target(request, target.unit):
        raise PermissionDenied("Chỉ cán bộ giám sát của chính đơn vị này sửa chỉ tiêu nhân rộng mô hình.")
    initial = {
        "by_date": target.by_date,
        "share_percent": f"{target.share * 100:.2f}".rstrip("0").rstrip(".").replace(".", ","),
        "note": target.note,
    }
    form = TargetForm(request.POST or None, initial=initial)
    if request.method == "POST":
        user = staff_user(request)
        if _save(form, lambda _data: actions.update_target(user, target, form.data_for_action())) is not None:
            messages.success(request, "Đã lưu chỉ tiêu nhân rộng mô hình.")
            return redirect(f"{reverse('programme:rollout')}?unit={target.unit.code}")
    form.mark_errors()
    context = {"form": form, "unit": target.unit, "title": "Sửa chỉ tiêu nhân rộng mô hình", "target": target}
    return render(request, "programme/judging_target_form.html", context)
