"""The petition pages (issue 9 items 3 and 4): the register with its filters, receiving a petition, one petition with
its steps, due days and their explanation, the POST forms of each action, the printed notices and the queue of what
is due or overdue.

Readers: models.PETITION_READERS (the commune's petition writers and the supervisors above it, who see petitioners
masked); MTTQ does not read petitions (see queue.py). Another commune's petitions are "not found". Every change goes
through engagement.actions; a refused action re-renders the page with its Vietnamese message and changes nothing."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Min, OuterRef, Q, QuerySet, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from thanthien.lib.vn import read_int
from thanthien.org.access import protected, staff_user
from thanthien.org.models import Role, Unit
from thanthien.org.privacy import hide_personal, may_see
from thanthien.org.queries import stats_unit_ids
from thanthien.org.records import acting_unit
from thanthien.org.scoping import can_see_unit, holds_role, is_system_admin, memberships, personal_unit_ids

from . import actions, notices
from .forms_dialogues import StaffForm
from .forms_petitions import (
    AcceptForm,
    ClassifyForm,
    EditForm,
    ExtendForm,
    LegalBasisForm,
    LimitRuleForm,
    ReceiveForm,
    ResolveForm,
    SplitForm,
    UnitAnswerForm,
    WithdrawForm,
)
from .limits import Deadline, LimitRuleMissing, deadlines
from .models import (
    CLOSING_DIRECTIONS,
    PETITION_READERS,
    PETITION_WRITERS,
    STATUS_LABELS,
    LimitRule,
    Petition,
    PetitionDeadline,
    PetitionKind,
    Source,
)
from .queue import SOON_DAYS, owed, queue_rows, readable

PAGE_SIZE = 30
AUDIT_READERS = frozenset({Role.COMMUNE_ADMIN, Role.SUPERVISOR, Role.LEADER})
# "12" or "12/2026": a petition's number in its unit's register.
NUMBER = re.compile(r"^\s*(\d{1,9})\s*(?:/\s*(\d{4}))?\s*$")

# The status filter in SQL, one condition per Petition.status value (kept in step with that property).
_WITHDRAWN = Q(outcome="withdrawn")
_PENDING = Q(resolved_on__isnull=True, accepted_on__isnull=True)
_CLOSED = _PENDING & Q(direction__in=CLOSING_DIRECTIONS, handled_on__isnull=False)
_TOUCHED = ~Q(direction="") | Q(eligible__isnull=False) | Q(within_competence__isnull=False)
STATUS_FILTERS: dict[str, Q] = {
    "received": _PENDING & ~_TOUCHED,
    "classified": _PENDING & _TOUCHED & ~_CLOSED,
    "accepted": Q(accepted_on__isnull=False, resolved_on__isnull=True),
    "resolved": Q(resolved_on__isnull=False) & ~_WITHDRAWN,
    "withdrawn": _WITHDRAWN,
    "closed": _CLOSED,
    "open": Q(resolved_on__isnull=True) & ~_CLOSED,
}
STATUS_CHOICES = [("open", "Đang xử lý (chưa kết thúc)"), *STATUS_LABELS.items()]
DUE_CHOICES = [("overdue", "Có bước quá hạn"), ("soon", f"Đến hạn trong {SOON_DAYS} ngày")]


def _petitions(request: HttpRequest) -> QuerySet[Petition]:
    return readable(Petition.objects.select_related("unit", "unit__parent", "reception_visit__session"), request.user)


def _get_petition(request: HttpRequest, pk: int) -> Petition:
    petition = _petitions(request).filter(pk=pk).prefetch_related("extensions").first() if 0 < pk < 2**63 else None
    if petition is None:
        raise Http404("Không tìm thấy đơn thư.")
    return petition


def _can_write(request: HttpRequest, petition: Petition) -> bool:
    return holds_role(request.user, petition.unit, PETITION_WRITERS)


# --- the register ---------------------------------------------------------------------------------------------------


def _owed_between(low: dt.date | None, high: dt.date | None) -> QuerySet[PetitionDeadline]:
    rows = PetitionDeadline.objects.filter(done_on__isnull=True)
    if low is not None:
        rows = rows.filter(due_on__gte=low)
    if high is not None:
        rows = rows.filter(due_on__lte=high)
    return rows


def _filter(request: HttpRequest, qs: QuerySet[Petition]) -> tuple[QuerySet[Petition], dict[str, str]]:
    """The list's filters; a value that is not one of the choices is ignored (and shown as not chosen)."""
    get = request.GET
    chosen = {name: (get.get(name) or "").strip()[:100] for name in ("status", "kind", "year", "due", "q")}
    if chosen["status"] in STATUS_FILTERS:
        qs = qs.filter(STATUS_FILTERS[chosen["status"]])
    else:
        chosen["status"] = ""
    if chosen["kind"] in PetitionKind.values:
        qs = qs.filter(kind=chosen["kind"])
    else:
        chosen["kind"] = ""
    year = read_int(chosen["year"], 1900, 9999)
    chosen["year"] = str(year) if year else ""
    if year:
        qs = qs.filter(year=year)
    today = timezone.localdate()
    if chosen["due"] == "overdue":
        qs = qs.filter(pk__in=_owed_between(None, today - dt.timedelta(days=1)).values("petition_id"))
    elif chosen["due"] == "soon":
        qs = qs.filter(pk__in=_owed_between(today, today + dt.timedelta(days=SOON_DAYS)).values("petition_id"))
    else:
        chosen["due"] = ""
    if chosen["q"]:
        qs = qs.filter(_search(request, chosen["q"]))
    return qs, chosen


def _search(request: HttpRequest, text: str) -> Q:
    """A number ("12", "12/2026") finds that petition; other text searches the content and, only in the units whose
    staff the reader is, the petitioner's name, address and ID number (a supervisor cannot find a person)."""
    if match := NUMBER.match(text):
        found = Q(number=int(match.group(1)))
        return found & Q(year=int(match.group(2))) if match.group(2) else found
    found = Q(content__icontains=text) | Q(field__icontains=text)
    personal = Q(petitioner_name__icontains=text) | Q(petitioner_address__icontains=text)
    personal |= Q(petitioner_id_number=text)
    own = personal_unit_ids(request.user, Petition.personal_readers)
    return found | (personal if own is None else (personal & Q(unit_id__in=own)))


@protected(*PETITION_READERS)
def petition_list(request: HttpRequest) -> HttpResponse:
    visible = _petitions(request)
    qs, chosen = _filter(request, visible)
    next_due = _owed_between(None, None).filter(petition=OuterRef("pk")).values("petition")
    qs = qs.annotate(next_due=Subquery(next_due.annotate(d=Min("due_on")).values("d")[:1]))
    page = Paginator(qs.order_by("-received_on", "-pk"), PAGE_SIZE).get_page(request.GET.get("page"))
    hide_personal(request.user, page.object_list)
    query = "&".join(f"{k}={v}" for k, v in chosen.items() if v)
    context = {
        "page_obj": page,
        "chosen": chosen,
        "query": query,
        "statuses": STATUS_CHOICES,
        "kinds": PetitionKind.choices,
        "dues": DUE_CHOICES,
        "today": timezone.localdate(),
        "can_write": bool(acting_unit(request, PETITION_WRITERS).choices),
        "many_units": visible.values("unit_id").distinct().count() > 1,
    }
    return render(request, "engagement/petitions/list.html", context)


@protected(*PETITION_WRITERS)
def petition_create(request: HttpRequest) -> HttpResponse:
    chosen = acting_unit(request, PETITION_WRITERS)
    if not chosen.choices:
        raise PermissionDenied("Tài khoản của bạn không thuộc xã, phường nào để tiếp nhận đơn thư.")
    unit = chosen.unit or chosen.choices[0]
    initial = {"received_on": timezone.localdate(), "signers": 1, "source": Source.DIRECT}
    form = ReceiveForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if chosen.unit is None:
            form.add_error(None, "Vui lòng chọn xã, phường nhận đơn.")
        else:
            user = staff_user(request)
            petition = _save(form, lambda data: actions.receive_petition(user, unit, data))
            if petition is not None:
                messages.success(request, f"Đã tiếp nhận đơn số {petition.display_number}.")
                return redirect("engagement:petition_detail", pk=petition.pk)
    form.mark_errors()
    context = {"form": form, "unit": unit, "units": chosen.choices, "title": "Tiếp nhận đơn thư"}
    return render(request, "engagement/petitions/form.html", context)


def _save(form: StaffForm, act: Callable[[dict[str, Any]], Any]) -> Any:
    """Run an action on a valid form; its refusal goes beside the fields. None when nothing was saved."""
    if not form.is_valid():
        return None
    try:
        return act(form.cleaned_data)
    except ValidationError as exc:
        form.add_action_errors(exc)
        return None


# --- one petition ---------------------------------------------------------------------------------------------------


class StepView:
    """One step on the page: its deadline and where it stands today."""

    def __init__(self, deadline: Deadline, today: dt.date) -> None:
        self.d = deadline
        self.state, self.badge, self.text = self._state(today)

    def _state(self, today: dt.date) -> tuple[str, str, str]:
        d = self.d
        if d.done_on is not None:
            if d.met:
                return "met", "success", f"Đã thực hiện ngày {d.done_on:%d/%m/%Y}, đúng hạn"
            late = (d.done_on - d.due).days
            return "late", "danger", f"Đã thực hiện ngày {d.done_on:%d/%m/%Y}, trễ hạn {late} ngày"
        left = (d.due - today).days
        if left < 0:
            return "overdue", "danger", f"Quá hạn {-left} ngày"
        if left == 0:
            return "due", "warning", "Đến hạn hôm nay"
        return "running", "warning" if left <= SOON_DAYS else "secondary", f"Còn {left} ngày"


def _steps(petition: Petition) -> tuple[list[StepView], str]:
    try:
        found = deadlines(petition)
    except LimitRuleMissing as exc:
        return [], str(exc)
    today = timezone.localdate()
    return [StepView(d, today) for d in found.values()], ""


def _forms(petition: Petition, data: Any = None, which: str = "") -> dict[str, StaffForm]:
    """The action forms the petition's state allows; `which` is bound to `data` (the one posted, with its errors)."""
    today = timezone.localdate()
    status = petition.status
    wanted: dict[str, StaffForm] = {}

    def add(name: str, form_class: type[StaffForm], initial: dict[str, Any] | None = None, **kw: Any) -> None:
        bound = data if which == name else None
        form = form_class(bound, prefix=name, initial=initial or {}, **kw)
        if bound is not None:
            form.is_valid()
            form.mark_errors()
        wanted[name] = form

    if status == "received":
        add("split", SplitForm, {"kind_1": petition.kind, "content_1": petition.content})
    if status in ("received", "classified"):
        tri = {True: "yes", False: "no", None: ""}
        add(
            "classify",
            ClassifyForm,
            {
                "eligible": tri[petition.eligible],
                "within_competence": tri[petition.within_competence],
                "ineligible_reason": petition.ineligible_reason,
                "on": today,
            },
        )
        if petition.eligible is not False and petition.within_competence is not False:
            add("accept", AcceptForm, {"on": today, "complex": petition.complex, "remote_area": petition.remote_area})
    if petition.is_open and petition.kind == PetitionKind.DENUNCIATION:
        step = "resolution" if petition.accepted_on else "initial_handling"
        add("extend", ExtendForm, {"step": step, "decided_on": today})
    if status == "accepted":
        add("resolve", ResolveForm, {"on": today}, kind=petition.kind)
    if petition.is_open:
        add("withdraw", WithdrawForm, {"on": today})
    return wanted


# Each action form of the page: its heading, the URL it posts to and its button.
ACTION_FORMS = {
    "classify": ("Phân loại, xử lý đơn", "engagement:petition_classify", "Ghi phân loại, xử lý"),
    "accept": ("Thụ lý đơn", "engagement:petition_accept", "Thụ lý"),
    "split": ("Tách đơn có nhiều nội dung", "engagement:petition_split", "Tách đơn"),
    "extend": ("Gia hạn (đơn tố cáo)", "engagement:petition_extend", "Ghi gia hạn"),
    "resolve": ("Ghi kết quả giải quyết, trả lời", "engagement:petition_resolve", "Ghi kết quả"),
    "withdraw": ("Rút đơn", "engagement:petition_withdraw", "Ghi nhận rút đơn"),
}


def _action_list(petition: Petition, forms: dict[str, StaffForm]) -> list[dict[str, Any]]:
    return [
        {"name": name, "title": title, "url": reverse(url, args=[petition.pk]), "button": button, "form": forms[name]}
        for name, (title, url, button) in ACTION_FORMS.items()
        if name in forms
    ]


def _detail_context(request: HttpRequest, petition: Petition, forms: dict[str, StaffForm]) -> dict[str, Any]:
    steps, missing = _steps(petition)
    visit = getattr(petition, "reception_visit", None) if petition.source == Source.RECEPTION else None
    hide_personal(request.user, [petition])
    can_write = _can_write(request, petition)
    return {
        "p": petition,
        "steps": steps,
        "missing_rule": missing,
        "extensions": list(petition.extensions.all()),
        # Dialogues held while resolving a complaint (KN 2011 Art. 30), recorded on the dialogue pages.
        "dialogues": list(petition.dialogues.order_by("held_on", "pk")),
        "may_hold_dialogue": petition.kind == PetitionKind.COMPLAINT and petition.status == "accepted",
        "visit": visit,
        "can_write": can_write,
        "actions": _action_list(petition, forms) if can_write else [],
        "notices": notices.available(petition)
        if can_write and may_see(request.user, petition.unit_id, petition)
        else [],
        "can_audit": any(m.role in AUDIT_READERS for m in memberships(request.user)),
    }


@protected(*PETITION_READERS)
def petition_detail(request: HttpRequest, pk: int) -> HttpResponse:
    petition = _get_petition(request, pk)
    context = _detail_context(request, petition, _forms(petition))
    return render(request, "engagement/petitions/detail.html", context)


def _act(request: HttpRequest, pk: int, which: str, run: Callable[[Any, Petition, StaffForm], str]) -> HttpResponse:
    """One action's POST: the form of `which` validated, the action run; on refusal the page again with the form's
    errors (status 400) and nothing changed."""
    petition = _get_petition(request, pk)
    if not _can_write(request, petition):
        raise PermissionDenied("Bạn không có quyền xử lý đơn thư của đơn vị này.")
    forms = _forms(petition, request.POST, which)
    form = forms.get(which)
    if form is None:
        messages.error(
            request,
            f"Đơn số {petition.display_number} đang ở trạng thái «{petition.status_label}»: "
            "không thực hiện được thao tác này.",
        )
        return redirect("engagement:petition_detail", pk=petition.pk)
    if form.is_valid():
        try:
            text = run(staff_user(request), petition, form)
        except ValidationError as exc:
            form.add_action_errors(exc)
            form.mark_errors()
        else:
            messages.success(request, text)
            return redirect("engagement:petition_detail", pk=petition.pk)
    context = _detail_context(request, petition, forms)
    context["open_form"] = which
    return render(request, "engagement/petitions/detail.html", context, status=400)


@protected(*PETITION_WRITERS)
def petition_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Sửa thông tin đơn: what was typed at receipt, corrected while the petition is open (actions.update_petition).
    A closed petition's page says why it is not edited; a refusal stays beside its field, status 400."""
    petition = _get_petition(request, pk)
    # The form shows the petitioner: only the unit's own staff who write its petitions open it.
    if not _can_write(request, petition) or not may_see(request.user, petition.unit_id, petition):
        raise PermissionDenied("Bạn không có quyền sửa đơn thư của đơn vị này.")
    fixed = petition.status != "received"
    initial = {name: getattr(petition, name) for name in actions.EDIT_FIELDS}
    form = EditForm(request.POST or None, initial=initial, receipt_fixed=fixed) if petition.is_open else None
    status = 200
    if form is not None and request.method == "POST":
        user = staff_user(request)
        if _save(form, lambda data: actions.update_petition(user, petition, data)) is not None:
            messages.success(request, f"Đã sửa thông tin đơn số {petition.display_number}.")
            return redirect("engagement:petition_detail", pk=petition.pk)
        form.mark_errors()
        status = 400
    elif form is None and request.method == "POST":
        status = 400
    context = {"p": petition, "form": form, "title": f"Sửa thông tin đơn số {petition.display_number}"}
    return render(request, "engagement/petitions/edit.html", context, status=status)


@protected(*PETITION_WRITERS)
@require_POST
def petition_split(request: HttpRequest, pk: int) -> HttpResponse:
    def run(user: Any, petition: Petition, form: StaffForm) -> str:
        assert isinstance(form, SplitForm)
        made = actions.split_petition(user, petition, form.parts())
        return "Đã tách đơn thành các đơn số " + ", ".join(p.display_number for p in made) + "."

    return _act(request, pk, "split", run)


@protected(*PETITION_WRITERS)
@require_POST
def petition_classify(request: HttpRequest, pk: int) -> HttpResponse:
    def run(user: Any, petition: Petition, form: StaffForm) -> str:
        assert isinstance(form, ClassifyForm)
        done = actions.classify(user, petition, **form.action_kwargs())
        return f"Đã ghi phân loại, xử lý đơn số {done.display_number}: {done.status_label}."

    return _act(request, pk, "classify", run)


@protected(*PETITION_WRITERS)
@require_POST
def petition_accept(request: HttpRequest, pk: int) -> HttpResponse:
    def run(user: Any, petition: Petition, form: StaffForm) -> str:
        data = form.cleaned_data
        done = actions.accept(user, petition, on=data["on"], complex=data["complex"], remote_area=data["remote_area"])
        return f"Đã thụ lý đơn số {done.display_number} ngày {done.accepted_on:%d/%m/%Y}."

    return _act(request, pk, "accept", run)


@protected(*PETITION_WRITERS)
@require_POST
def petition_extend(request: HttpRequest, pk: int) -> HttpResponse:
    def run(user: Any, petition: Petition, form: StaffForm) -> str:
        data = form.cleaned_data
        ext = actions.extend(
            user,
            petition,
            days=data["days"],
            reason=data["reason"],
            decision=data["decision"],
            decided_on=data["decided_on"],
            step=data["step"],
        )
        return f"Đã ghi gia hạn {ext.days} ngày ({ext.get_step_display().lower()})."

    return _act(request, pk, "extend", run)


@protected(*PETITION_WRITERS)
@require_POST
def petition_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    def run(user: Any, petition: Petition, form: StaffForm) -> str:
        data = form.cleaned_data
        done = actions.resolve(
            user, petition, outcome=data["outcome"], on=data["on"], decision_number=data["decision_number"]
        )
        return f"Đã ghi kết quả giải quyết đơn số {done.display_number}: {done.get_outcome_display()}."

    return _act(request, pk, "resolve", run)


@protected(*PETITION_WRITERS)
@require_POST
def petition_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    def run(user: Any, petition: Petition, form: StaffForm) -> str:
        done = actions.withdraw(user, petition, on=form.cleaned_data["on"], note=form.cleaned_data["note"])
        return f"Đã ghi nhận rút đơn số {done.display_number} ngày {done.resolved_on:%d/%m/%Y}."

    return _act(request, pk, "withdraw", run)


@protected(*PETITION_WRITERS)
def petition_notice(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """A printed notice. It carries the petitioner's data: only the unit's own staff (writers) print it."""
    petition = _get_petition(request, pk)
    if not _can_write(request, petition) or not may_see(request.user, petition.unit_id, petition):
        raise PermissionDenied("Chỉ cán bộ của xã, phường nhận đơn được in thông báo (có thông tin cá nhân).")
    return notices.notice_response(petition, kind)


# --- the queue -------------------------------------------------------------------------------------------------------


class QueueRow:
    def __init__(self, row: PetitionDeadline, today: dt.date) -> None:
        self.row = row
        self.petition = row.petition
        self.days = (row.due_on - today).days
        self.overdue = self.days < 0


def _queue_unit(request: HttpRequest) -> Unit | None:
    """`?unit=CODE`: one unit the reader sees (another: 404, never someone else's steps)."""
    code = (request.GET.get("unit") or "").strip()[:40]
    if not code:
        return None
    unit = Unit.objects.filter(code=code).first()
    if unit is None or not can_see_unit(request.user, unit):
        raise Http404("Không tìm thấy đơn vị này trong phạm vi bạn được xem.")
    return unit


@protected(*PETITION_READERS)
def petition_queue(request: HttpRequest) -> HttpResponse:
    which = request.GET.get("loc", "")
    if which not in ("overdue", "soon"):
        which = ""
    today = timezone.localdate()
    rows = queue_rows(request.user, which, today)
    unit = _queue_unit(request)
    if unit is not None:  # a figure's link: the steps of that commune (and the communes merged into it)
        rows = rows.filter(unit_id__in=stats_unit_ids(unit))
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page_obj": page,
        "rows": [QueueRow(r, today) for r in page.object_list],
        "which": which,
        "soon_days": SOON_DAYS,
        "today": today,
        "many_units": owed(request.user).values("unit_id").distinct().count() > 1,
        "unit": unit,
    }
    return render(request, "engagement/petitions/queue.html", context)


# --- the dated time limits (issue 9 item 4) ----------------------------------------------------------------------

UNIT_LIMIT_SETTERS = frozenset({Role.COMMUNE_ADMIN, Role.LEADER})


def _rules(request: HttpRequest) -> QuerySet[LimitRule]:
    """The nationwide rules and the own rules of the units the reader reads."""
    own = readable(LimitRule.objects.filter(unit__isnull=False), request.user).values("pk")
    return LimitRule.objects.filter(Q(unit__isnull=True) | Q(pk__in=own)).select_related("unit")


def _limits_page(request: HttpRequest, status: int = 200, **forms: StaffForm) -> HttpResponse:
    user = request.user
    admin = is_system_admin(user)
    setter = acting_unit(request, UNIT_LIMIT_SETTERS) if not admin else None
    unit = setter.unit if setter is not None else None
    today = timezone.localdate()
    rules = list(_rules(request).order_by("unit_id", "step", "petition_kind", "variant", "-applies_from")[:500])
    context = {
        "rules": rules,
        "today": today,
        "admin": admin,
        "unit": unit,
        "rule_form": forms.get("rule") or (LimitRuleForm(prefix="rule") if admin else None),
        "answer_form": forms.get("answer") or (UnitAnswerForm(prefix="answer") if unit is not None else None),
        "basis_forms": {
            rule.pk: LegalBasisForm(prefix=f"basis-{rule.pk}", initial={"legal_basis": rule.legal_basis})
            for rule in rules
            if _may_edit(request, rule)
        },
        "edited": forms.get("basis"),
    }
    return render(request, "engagement/petitions/limits.html", context, status=status)


def _may_edit(request: HttpRequest, rule: LimitRule) -> bool:
    if is_system_admin(request.user):
        return True
    return rule.unit is not None and rule.step == "answer" and holds_role(request.user, rule.unit, UNIT_LIMIT_SETTERS)


@protected(*PETITION_READERS)
def limit_rules(request: HttpRequest) -> HttpResponse:
    return _limits_page(request)


@protected(*UNIT_LIMIT_SETTERS)
@require_POST
def limit_rule_add(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    if is_system_admin(user):
        form: StaffForm = LimitRuleForm(request.POST, prefix="rule")
        name = "rule"
        build: Callable[[dict[str, Any]], dict[str, Any]] = lambda data: {**data, "unit": None}  # noqa: E731
    else:
        unit = acting_unit(request, UNIT_LIMIT_SETTERS).unit
        if unit is None:
            raise PermissionDenied("Tài khoản của bạn không quản trị xã, phường nào.")
        form, name = UnitAnswerForm(request.POST, prefix="answer"), "answer"
        build = lambda data: {**data, "unit": unit, "step": "answer", "variant": "standard"}  # noqa: E731
    rule = _save(form, lambda data: actions.add_limit_rule(user, build(data)))
    if rule is not None:
        messages.success(
            request, f"Đã thêm thời hạn «{rule}» áp dụng cho đơn nhận từ ngày {rule.applies_from:%d/%m/%Y}."
        )
        return redirect("engagement:limit_rules")
    form.mark_errors()
    return _limits_page(request, status=400, **{name: form})


@protected(*UNIT_LIMIT_SETTERS)
@require_POST
def limit_rule_basis(request: HttpRequest, pk: int) -> HttpResponse:
    rule = _rules(request).filter(pk=pk).first() if 0 < pk < 2**63 else None
    if rule is None:
        raise Http404("Không tìm thấy thời hạn này.")
    if not _may_edit(request, rule):
        raise PermissionDenied("Thời hạn này do luật định; chỉ quản trị hệ thống sửa căn cứ pháp lý.")
    form = LegalBasisForm(request.POST, prefix=f"basis-{rule.pk}")
    user = staff_user(request)
    if _save(form, lambda data: actions.edit_legal_basis(user, rule, data["legal_basis"])) is not None:
        messages.success(request, "Đã sửa căn cứ pháp lý.")
        return redirect("engagement:limit_rules")
    problems = " ".join(str(e) for errors in form.errors.values() for e in errors)
    messages.error(request, f"Chưa sửa được căn cứ pháp lý: {problems}")
    return _limits_page(request, status=400)
