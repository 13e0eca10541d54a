"""The scoring pages (issue 11 item 7): the scorings a user may read, one scoring with its indicators and evidence,
the commune's self-score, the supervisor's verification, return and publication, the printed sheet; the criteria
sets and their versions. Another commune's scoring is "not found"."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from thanthien.documents.pdf import pdf_response
from thanthien.org.access import protected, staff_user
from thanthien.org.records import acting_unit, get_scoped_or_404
from thanthien.org.scoping import holds_role, is_system_admin, memberships, scoped, visible_unit_ids

from . import actions_scoring as actions
from . import records_links
from .forms_scoring import CriteriaSetForm, ReturnForm, SelfScoreForm, StartForm, VerifyForm
from .models import (
    PROGRAMME_READERS,
    PROGRAMME_WRITERS,
    SUPERVISORS,
    CriteriaSet,
    CriterionKind,
    IssuedDocument,
    ScoreClass,
    Scoring,
    ScoringStatus,
)

PAGE_SIZE = 30
START_YEARS = 3  # a commune starts the scoring of this year or of the two before


def _scorings(request: HttpRequest) -> QuerySet[Scoring]:
    return scoped(Scoring.objects.select_related("unit", "criteria_set"), request.user)


def _get(request: HttpRequest, pk: Any) -> Scoring:
    return get_scoped_or_404(request, Scoring.objects.select_related("unit", "unit__parent", "criteria_set"), pk)


def _fail(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@protected(*PROGRAMME_READERS)
def scoring_list(request: HttpRequest) -> HttpResponse:
    # A figure's link (records_links): each commune's latest published scoring of the figure's years.
    figure = records_links.scorings_filter(request)
    qs = figure.qs.select_related("unit", "criteria_set") if figure else _scorings(request)
    year = str(request.GET.get("year") or "")
    if year.isdigit() and len(year) == 4:
        qs = qs.filter(year=int(year))
    else:
        year = ""
    status = str(request.GET.get("status") or "")
    if status in ScoringStatus.values:
        qs = qs.filter(status=status)
    else:
        status = ""
    cls = str(request.GET.get("class") or "")
    if cls in ScoreClass.values:
        qs = qs.filter(score_class=cls, status=ScoringStatus.PUBLISHED)
    else:
        cls = ""
    page = Paginator(qs.order_by("-year", "unit__name", "pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    chosen = acting_unit(request, PROGRAMME_WRITERS)
    start_form = None
    if chosen.unit is not None:
        this_year = timezone.localdate().year
        taken = set(Scoring.objects.filter(unit=chosen.unit).values_list("year", flat=True))
        years = [y for y in range(this_year, this_year - START_YEARS, -1) if y not in taken]
        if years:
            start_form = StartForm(years=years)
    context = {
        "page_obj": page,
        "year": year,
        "status": status,
        "cls": cls,
        "statuses": ScoringStatus.choices,
        "classes": ScoreClass.choices,
        "years": sorted(set(_scorings(request).values_list("year", flat=True)), reverse=True),
        "start_form": start_form,
        "start_unit": chosen.unit,
        "many_units": _scorings(request).values("unit_id").distinct().count() > 1,
        "figure": figure,
    }
    return render(request, "programme/scoring_list.html", context)


@protected(*PROGRAMME_WRITERS)
@require_POST
def scoring_start(request: HttpRequest) -> HttpResponse:
    chosen = acting_unit(request, PROGRAMME_WRITERS)
    if chosen.unit is None:
        raise PermissionDenied("Tài khoản của bạn không thuộc xã, phường nào để tự chấm điểm.")
    this_year = timezone.localdate().year
    form = StartForm(request.POST, years=list(range(this_year, this_year - START_YEARS, -1)))
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("programme:scoring")
    try:
        scoring = actions.start_scoring(staff_user(request), chosen.unit, form.cleaned_data["year"])
    except ValidationError as exc:
        _fail(request, exc)
        return redirect("programme:scoring")
    messages.success(request, f"Đã tạo bảng chấm điểm năm {scoring.year}.")
    return redirect("programme:scoring_self", pk=scoring.pk)


def _document_url(doc: IssuedDocument) -> str:
    try:
        return reverse("programme:document_detail", args=[doc.pk])
    except NoReverseMatch:
        return ""


def _sheet(scoring: Scoring) -> list[dict[str, Any]]:
    """The lines with the indicators beside each criterion and the evidence with its citation and link."""
    rows = actions.sheet_rows(scoring)
    results: dict[str, Any] = {}
    for row in rows:
        c = row["criterion"]
        row["indicators"] = actions.indicators_for(c.indicators or [], scoring.unit, scoring.year, results)
        row["documents"] = [{"citation": actions.citation(d), "url": _document_url(d)} for d in row["evidence"]]
    return rows


def _can(request: HttpRequest, scoring: Scoring) -> dict[str, bool]:
    open_ = scoring.status != ScoringStatus.PUBLISHED
    writer = open_ and holds_role(request.user, scoring.unit, PROGRAMME_WRITERS)
    judge = open_ and holds_role(request.user, scoring.unit, SUPERVISORS)
    st = scoring.status
    return {
        "self": writer and st in (ScoringStatus.DRAFT, ScoringStatus.RETURNED),
        "submit": writer and st in (ScoringStatus.DRAFT, ScoringStatus.RETURNED),
        "verify": judge and st in (ScoringStatus.SUBMITTED, ScoringStatus.VERIFIED),
        "confirm": judge and st == ScoringStatus.SUBMITTED,
        "return": judge and st in (ScoringStatus.SUBMITTED, ScoringStatus.VERIFIED),
        "publish": judge and st == ScoringStatus.VERIFIED,
    }


@protected(*PROGRAMME_READERS)
def scoring_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scoring = _get(request, pk)
    tree = actions.tree_of(scoring.criteria_set)
    can = _can(request, scoring)
    rows = _sheet(scoring)
    context = {
        "scoring": scoring,
        "rows": rows,
        "can": can,
        "return_form": ReturnForm(tree=tree) if can["return"] else None,
        # The supervisor's scores in progress are theirs until they return, verify or publish.
        "show_verified": scoring.status in (ScoringStatus.RETURNED, ScoringStatus.VERIFIED, ScoringStatus.PUBLISHED)
        or (scoring.status == ScoringStatus.SUBMITTED and holds_role(request.user, scoring.unit, SUPERVISORS)),
        "self_class": actions.class_label(
            actions.classify(scoring.self_total, actions.thresholds_of(scoring.criteria_set))
        ),
        "thresholds": actions.thresholds_of(scoring.criteria_set),
        "max_total": tree.score_max(),
        "bonus_max": tree.bonus_max(),
        "returned": [r for r in rows if r["depth"] == 0 and r["score"] and r["score"].returned_reason],
        "tops": sum(1 for r in rows if r["depth"] == 0),
    }
    return render(request, "programme/scoring_detail.html", context)


def _form_rows(scoring: Scoring, form: Any, tree: actions.Tree) -> list[dict[str, Any]]:
    """The sheet's lines with their fields for a form page."""
    rows = _sheet(scoring)
    for row in rows:
        pk = row["criterion"].pk
        row["fields"] = {name[0]: form[name] for name in form.fields if name.split("_", 1)[1] == str(pk)}
    return rows


@protected(*PROGRAMME_WRITERS)
def scoring_self(request: HttpRequest, pk: int) -> HttpResponse:
    scoring = _get(request, pk)
    if not holds_role(request.user, scoring.unit, PROGRAMME_WRITERS):
        raise PermissionDenied("Bạn không có quyền tự chấm điểm cho đơn vị này.")
    if not _can(request, scoring)["self"]:
        messages.error(request, f"Bảng chấm điểm đang ở trạng thái “{scoring.get_status_display()}”: không sửa được.")
        return redirect("programme:scoring_detail", pk=scoring.pk)
    tree = actions.tree_of(scoring.criteria_set)
    scores = {s.criterion_id: s for s in scoring.scores.all()}
    documents = list(IssuedDocument.objects.filter(unit=scoring.unit).order_by("-issued_on", "-pk")[:300])
    form = SelfScoreForm(
        request.POST or None,
        tree=tree,
        editable=actions.editable_lines(scoring, tree),
        documents=documents,
        scores=scores,
    )
    if request.method == "POST" and form.is_valid():
        user = staff_user(request)
        try:
            actions.save_self(user, scoring, form.lines(), form.evidence())
            if request.POST.get("then") == "submit":
                actions.submit(user, scoring)
                messages.success(request, f"Đã gửi kết quả tự chấm điểm năm {scoring.year} lên cấp trên.")
            else:
                messages.success(request, "Đã lưu điểm tự chấm.")
            return redirect("programme:scoring_detail", pk=scoring.pk)
        except ValidationError as exc:
            form.add_action_errors(exc)
    form.mark_errors()
    context = {
        "scoring": scoring,
        "form": form,
        "rows": _form_rows(scoring, form, tree),
        "has_documents": bool(documents),
        "kinds": CriterionKind,
    }
    return render(request, "programme/scoring_self.html", context, status=400 if form.errors else 200)


@protected(*PROGRAMME_WRITERS)
@require_POST
def scoring_submit(request: HttpRequest, pk: int) -> HttpResponse:
    scoring = _get(request, pk)
    try:
        actions.submit(staff_user(request), scoring)
        messages.success(request, f"Đã gửi kết quả tự chấm điểm năm {scoring.year} lên cấp trên.")
    except ValidationError as exc:
        _fail(request, exc)
    return redirect("programme:scoring_detail", pk=scoring.pk)


@protected(*SUPERVISORS)
def scoring_verify(request: HttpRequest, pk: int) -> HttpResponse:
    scoring = _get(request, pk)
    if not holds_role(request.user, scoring.unit, SUPERVISORS):
        raise PermissionDenied("Bạn không có quyền thẩm định kết quả chấm điểm của đơn vị này.")
    if not _can(request, scoring)["verify"]:
        messages.error(
            request, f"Bảng chấm điểm đang ở trạng thái “{scoring.get_status_display()}”: chưa thẩm định được."
        )
        return redirect("programme:scoring_detail", pk=scoring.pk)
    tree = actions.tree_of(scoring.criteria_set)
    scores = {s.criterion_id: s for s in scoring.scores.all()}
    form = VerifyForm(request.POST or None, tree=tree, scores=scores)
    if request.method == "POST" and form.is_valid():
        user = staff_user(request)
        try:
            updated = actions.save_verified(user, scoring, form.lines())
            if request.POST.get("then") == "verify" and updated.status == ScoringStatus.SUBMITTED:
                updated = actions.verify(user, updated)
                messages.success(
                    request,
                    f"Đã xác nhận thẩm định: {actions.points(updated.verified_total)} điểm, xếp loại "
                    f"{updated.get_score_class_display()}.",
                )
            else:
                messages.success(request, "Đã lưu điểm thẩm định.")
            return redirect("programme:scoring_detail", pk=scoring.pk)
        except ValidationError as exc:
            form.add_action_errors(exc)
    form.mark_errors()
    context = {"scoring": scoring, "form": form, "rows": _form_rows(scoring, form, tree)}
    return render(request, "programme/scoring_verify.html", context, status=400 if form.errors else 200)


@protected(*SUPERVISORS)
@require_POST
def scoring_return(request: HttpRequest, pk: int) -> HttpResponse:
    scoring = _get(request, pk)
    tree = actions.tree_of(scoring.criteria_set)
    form = ReturnForm(request.POST, tree=tree)
    if form.is_valid():
        try:
            actions.return_scoring(staff_user(request), scoring, form.cleaned_data["reason"], form.chosen())
            messages.success(request, "Đã trả lại để xã bổ sung, sửa.")
            return redirect("programme:scoring_detail", pk=scoring.pk)
        except ValidationError as exc:
            form.add_action_errors(exc)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))
    return redirect("programme:scoring_detail", pk=scoring.pk)


@protected(*SUPERVISORS)
@require_POST
def scoring_publish(request: HttpRequest, pk: int) -> HttpResponse:
    scoring = _get(request, pk)
    try:
        done = actions.publish(staff_user(request), scoring)
        messages.success(request, f"Đã công bố kết quả năm {done.year}: xếp loại {done.get_score_class_display()}.")
    except ValidationError as exc:
        _fail(request, exc)
    return redirect("programme:scoring_detail", pk=scoring.pk)


@protected(*PROGRAMME_READERS)
def scoring_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    scoring = _get(request, pk)
    return pdf_response(actions.score_sheet_pdf(scoring), f"bang-tu-cham-diem-{scoring.unit.code}-{scoring.year}.pdf")


# --- criteria sets -------------------------------------------------------------------------------------------------


def _visible_sets(request: HttpRequest) -> QuerySet[CriteriaSet]:
    """The sets of the units the user sees and of every unit above their own (the set a commune scores against)."""
    qs = CriteriaSet.objects.select_related("unit")
    ids = visible_unit_ids(request.user)
    if ids is None:
        return qs
    above: set[int] = set()
    for m in memberships(request.user):
        if m.unit is not None:
            above |= {int(p) for p in m.unit.path.strip("/").split("/") if p.isdigit()}
    return qs.filter(Q(unit_id__in=ids) | Q(unit_id__in=above))


def _ensure_defaults(request: HttpRequest) -> None:
    if is_system_admin(request.user):
        return
    for m in memberships(request.user):
        if m.unit is not None:
            actions.ensure_default_set(m.unit)


@protected(*PROGRAMME_READERS)
def criteria_list(request: HttpRequest) -> HttpResponse:
    _ensure_defaults(request)
    page = Paginator(_visible_sets(request).order_by("unit__name", "code", "-version"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "programme/scoring_criteria_list.html", {"page_obj": page})


def _get_set(request: HttpRequest, pk: Any) -> CriteriaSet:
    try:
        key = int(pk)
    except (TypeError, ValueError):
        key = 0
    found = _visible_sets(request).filter(pk=key).first() if 0 < key < 2**63 else None
    if found is None:
        from django.http import Http404

        raise Http404("Không tìm thấy bộ tiêu chí.")
    return found


def _can_copy(request: HttpRequest, cset: CriteriaSet) -> bool:
    """A supervisor of the set's unit, or of a unit under it (the copy then goes to their own unit)."""
    if holds_role(request.user, cset.unit, SUPERVISORS):
        return True
    return any(
        m.role in SUPERVISORS and m.unit is not None and m.unit.path.startswith(cset.unit.path)
        for m in memberships(request.user)
    )


@protected(*PROGRAMME_READERS)
def criteria_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cset = _get_set(request, pk)
    tree = actions.tree_of(cset)
    rows = []

    def add(c: Any, depth: int) -> None:
        rows.append({"criterion": c, "depth": depth, "has_children": c.pk in tree.children})
        for k in tree.children.get(c.pk, []):
            add(k, depth + 1)

    for c in tree.top:
        add(c, 0)
    context = {
        "cset": cset,
        "rows": rows,
        "thresholds": actions.thresholds_of(cset),
        "frozen": actions.is_frozen(cset),
        "scored": cset.scorings.count(),
        "max_total": tree.score_max(),
        "bonus_max": tree.bonus_max(),
        "can_copy": _can_copy(request, cset),
        "can_edit": holds_role(request.user, cset.unit, SUPERVISORS),
    }
    return render(request, "programme/scoring_criteria_detail.html", context)


@protected(*SUPERVISORS)
@require_POST
def criteria_copy(request: HttpRequest, pk: int) -> HttpResponse:
    cset = _get_set(request, pk)
    try:
        copy = actions.copy_set(staff_user(request), cset)
    except ValidationError as exc:
        _fail(request, exc)
        return redirect("programme:criteria_detail", pk=cset.pk)
    messages.success(request, f"Đã tạo {copy}; sửa nội dung, điểm và ngưỡng rồi lưu.")
    return redirect("programme:criteria_edit", pk=copy.pk)


@protected(*SUPERVISORS)
def criteria_edit(request: HttpRequest, pk: int) -> HttpResponse:
    cset = _get_set(request, pk)
    if not holds_role(request.user, cset.unit, SUPERVISORS):
        raise PermissionDenied("Bạn không có quyền sửa bộ tiêu chí của đơn vị này.")
    if actions.is_frozen(cset):
        messages.error(request, "Đã có xã chấm điểm theo phiên bản này nên không sửa được; hãy tạo phiên bản mới.")
        return redirect("programme:criteria_detail", pk=cset.pk)
    tree = actions.tree_of(cset)
    form = CriteriaSetForm(request.POST or None, criteria_set=cset, tree=tree)
    if request.method == "POST" and form.is_valid():
        data = {
            "name": form.cleaned_data["name"],
            "valid_from": form.cleaned_data["valid_from"],
            "thresholds": form.thresholds(),
        }
        try:
            actions.update_set(staff_user(request), cset, data, form.lines())
            messages.success(request, "Đã lưu bộ tiêu chí.")
            return redirect("programme:criteria_detail", pk=cset.pk)
        except ValidationError as exc:
            form.add_action_errors(exc)
    form.mark_errors()
    rows = []

    def add(c: Any, depth: int) -> None:
        rows.append(
            {
                "criterion": c,
                "depth": depth,
                "title": form[f"t_{c.pk}"],
                "max": form[f"m_{c.pk}"] if f"m_{c.pk}" in form.fields else None,
                "indicators": form[f"i_{c.pk}"],
            }
        )
        for k in tree.children.get(c.pk, []):
            add(k, depth + 1)

    for c in tree.top:
        add(c, 0)
    head = [form[name] for name in ("name", "valid_from", "tot", "kha", "dat")]
    context = {"cset": cset, "form": form, "rows": rows, "head": head}
    return render(request, "programme/scoring_criteria_edit.html", context, status=400 if form.errors else 200)
