"""Printing letters (PDF, DOCX, a batch as one PDF) and the commune's own wording of each kind: an editor with a
live preview, its own DOCX template, and a way back to the default."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from thanthien.documents.docx import DocumentTemplateError
from thanthien.documents.http import file_response
from thanthien.org.access import protected, staff_user
from thanthien.org.models import Role, Unit
from thanthien.org.records import acting_unit
from thanthien.org.scoping import is_system_admin, personal_unit_ids, scoped

from . import actions, documents, subjects, texts, wording
from .models import BODY_MAX_CHARS, Letter, LetterKind, LetterSetting, LetterStatus

PRINT_ROLES = (
    Role.ONESTOP_OFFICER,
    Role.CIVIL_REGISTRAR,
    Role.COMMUNE_ADMIN,
    Role.LEADER,
    Role.FRONT,
)
TEMPLATE_ROLES = (Role.COMMUNE_ADMIN, Role.LEADER)

# One batch is one PDF in one request; a commune prints far fewer letters than this at a time.
BATCH_LIMIT = 500
MAX_ID = 2**31 - 1  # a primary key beyond this cannot exist, and SQLite/PostgreSQL would fail on it


# --- printing --------------------------------------------------------------------------------------


def _letters(request: HttpRequest) -> QuerySet[Letter]:
    # A printed letter carries the citizen's name and address: only the unit's own staff print it.
    qs = scoped(Letter.objects.all(), request.user)
    own = personal_unit_ids(request.user)
    if own is not None:
        qs = qs.filter(unit_id__in=own)
    return qs.select_related("unit__parent", *subjects.link_fields())


def _letter(request: HttpRequest, pk: int) -> Letter:
    # Another commune's letter is "not found": numbers cannot be probed across communes.
    return get_object_or_404(_letters(request), pk=pk)


def _back(request: HttpRequest) -> str:
    referer = request.headers.get("referer", "")
    if referer and url_has_allowed_host_and_scheme(referer, {request.get_host()}, request.is_secure()):
        return referer
    return reverse("letters:registry")


@protected(*PRINT_ROLES)
def letter_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return documents.letter_pdf_response(_letter(request, pk))


@protected(*PRINT_ROLES)
def letter_docx(request: HttpRequest, pk: int) -> HttpResponse:
    letter = _letter(request, pk)
    try:
        return documents.letter_docx_response(letter)
    except DocumentTemplateError as exc:
        messages.error(request, f"Không tạo được tệp Word của thư: {exc}")
        return redirect(_back(request))


def _batch_ids(request: HttpRequest) -> list[int]:
    """The selected letter ids in order; a value that cannot be a letter's id (not a number, or outside
    1..2^31-1, which the database could not even compare) is left out with a message."""
    ids: list[int] = []
    bad: list[str] = []
    for raw in request.POST.getlist("ids"):
        text = raw.strip()
        if text.isdecimal() and 1 <= int(text) <= MAX_ID:
            ids.append(int(text))
        elif text:
            bad.append(text[:30])
    if bad:
        messages.warning(request, "Bỏ qua mã thư không hợp lệ: " + ", ".join(f"“{b}”" for b in bad[:5]) + ".")
    return list(dict.fromkeys(ids))


@protected(*PRINT_ROLES)
@require_POST
def batch_pdf(request: HttpRequest) -> HttpResponse:
    """The selected letters (ids) of the user's units as one PDF, in the order selected; cancelled ones skipped."""
    ids = _batch_ids(request)
    if len(ids) > BATCH_LIMIT:
        messages.error(request, f"Mỗi lần in tối đa {BATCH_LIMIT} thư; bạn đã chọn {len(ids)} thư.")
        return redirect(_back(request))
    unprintable = (LetterStatus.CANCELLED, LetterStatus.WITHDRAWN)
    printable = _letters(request).filter(pk__in=ids).exclude(status__in=unprintable)
    found = {x.pk: x for x in printable}
    letters = [found[pk] for pk in ids if pk in found]
    subjects.attach(letters)  # one query per kind of subject, not one per letter
    if not letters:
        # The form opens its answer in a new tab: a page saying what to do, not a second registry.
        return render(request, "letters/batch_empty.html", {"back": _back(request)}, status=400)
    return documents.batch_pdf_response(letters)


# --- the commune's wording -------------------------------------------------------------------------


def check_wording(body: str, context: dict[str, str]) -> str:
    """The wording rendered with `context`; ValidationError with a Vietnamese message when it cannot be."""
    return actions.render_text(body, context)


def template_unit(request: HttpRequest) -> Unit:
    """The commune whose wording the user manages (the one "which commune?" picker; a system administrator
    names it with ?unit=CODE)."""
    unit = acting_unit(request, TEMPLATE_ROLES).unit
    if unit is None:
        raise PermissionDenied("Tài khoản của bạn không quản lý mẫu thư của xã, phường nào.")
    return unit


def _kind(kind: str) -> LetterKind:
    if kind not in LetterKind.values:
        raise Http404("Không có loại thư này.")
    return LetterKind(kind)


def _unit_query(request: HttpRequest, unit: Unit) -> str:
    return f"?unit={unit.code}" if is_system_admin(request.user) else ""


class TemplateForm(forms.Form):
    title = forms.CharField(
        label="Tên loại thư",
        max_length=200,
        help_text="In đậm, chữ hoa ở đầu thư, ví dụ: THƯ XIN LỖI.",
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    body = forms.CharField(
        label="Nội dung thư",
        help_text="Mỗi dòng là một đoạn văn. Trường cần điền ghi trong cặp {{ }}, ví dụ {{ recipient_name }}.",
        widget=forms.Textarea(attrs={"class": "form-control font-monospace", "rows": 16, "spellcheck": "false"}),
    )
    # "friendly": the body is written with «Tên trường» chips (wording.to_friendly); "raw": Django syntax.
    mode = forms.ChoiceField(choices=[("friendly", "dễ đọc"), ("raw", "mã")], required=False, widget=forms.HiddenInput)
    docx = forms.FileField(
        label="Mẫu Word (.docx) riêng của xã – không bắt buộc",
        required=False,
        help_text="Tệp .docx không quá 2 MB, dùng các trường trong danh sách bên dưới.",
        widget=forms.FileInput(attrs={"class": "form-control", "accept": ".docx"}),
    )

    def __init__(self, *args: Any, unit: Unit, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unit, self.kind = unit, kind
        self.docx_content: ContentFile[bytes] | None = None

    def clean_body(self) -> str:
        body = str(self.cleaned_data["body"]).replace("\r\n", "\n")
        if len(body) > BODY_MAX_CHARS:
            raise ValidationError(f"Nội dung mẫu dài quá {BODY_MAX_CHARS} ký tự.")
        if self.data.get("mode") == "friendly":
            body = wording.from_friendly(body)
        check_wording(body, documents.sample_context(self.unit, self.kind))
        return body

    def clean_docx(self) -> Any:
        upload = self.cleaned_data.get("docx")
        if not upload:
            return None
        if upload.size and upload.size > documents.MAX_DOCX_BYTES:
            raise ValidationError(
                f"Tệp mẫu nặng {upload.size / 1024 / 1024:.1f} MB; chỉ nhận tệp không quá 2 MB "
                "(hãy bớt hoặc nén hình ảnh trong mẫu)."
            )
        data = upload.read()
        body = self.cleaned_data.get("body") or actions.template_for(self.unit, self.kind).body
        try:
            documents.check_docx_template(data, upload.name or "", self.unit, self.kind, body)
        except DocumentTemplateError as exc:
            raise ValidationError(f"Không dùng được tệp “{upload.name}”: {exc}") from None
        self.docx_content = ContentFile(data, name=f"{self.unit.code}-{self.kind}.docx")
        return upload


class SettingForm(forms.ModelForm):
    # The action's bounds on the form too: the model's PositiveIntegerField alone allows up to 2^63-1.
    look_back_days = forms.IntegerField(
        label="Số ngày xét thư chúc mừng, chia buồn",
        min_value=1,
        max_value=365,
        widget=forms.NumberInput(attrs={"class": "form-control", "min": 1, "max": 365}),
    )

    class Meta:
        model = LetterSetting
        fields = list(actions.SETTING_FIELDS)
        widgets = {name: forms.TextInput(attrs={"class": "form-control"}) for name in actions.SETTING_FIELDS[1:]}


@protected(*TEMPLATE_ROLES)
@require_POST
def save_setting(request: HttpRequest) -> HttpResponse:
    unit = template_unit(request)
    form = SettingForm(request.POST)
    if form.is_valid():
        try:
            actions.save_letter_setting(staff_user(request), unit, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Đã lưu thiết lập thư.")
    else:
        for errors in form.errors.values():
            messages.error(request, " ".join(str(e) for e in errors))
    return redirect(reverse("letters:templates") + _unit_query(request, unit))


def _placeholders() -> list[tuple[str, str]]:
    return list(texts.PLACEHOLDERS.items())


def _chips(friendly: bool) -> list[dict[str, str]]:
    """The buttons that insert a field at the cursor: «Họ tên người nhận» (or {{ recipient_name }} in the raw view)."""
    chips = [
        {
            "label": texts.LABELS[name],
            "title": description,
            "insert": f"«{texts.LABELS[name]}»" if friendly else f"{{{{ {name} }}}}",
        }
        for name, description in texts.PLACEHOLDERS.items()
    ]
    if friendly:
        chips += [
            {"label": "Nếu có người bạn đời", "title": "bắt đầu câu chỉ in khi có", "insert": "«Nếu có Người bạn đời»"},
            {"label": "Nếu không", "title": "phần in khi không có", "insert": f"«{wording.ELSE_WORD}»"},
            {"label": "Hết điều kiện", "title": "kết thúc câu có điều kiện", "insert": f"«{wording.ENDIF_WORD}»"},
        ]
    return chips


@protected(*TEMPLATE_ROLES)
def templates(request: HttpRequest) -> HttpResponse:
    unit = template_unit(request)
    query = _unit_query(request, unit)
    kinds = []
    for kind in LetterKind:
        template = actions.template_for(unit, kind)
        kinds.append(
            {
                "kind": kind,
                "label": kind.label,
                "template": template,
                "own": template.pk is not None,
                "has_docx": bool(template.pk and template.docx),
                "edit_url": reverse("letters:template_edit", args=[kind.value]) + query,
                "docx_url": reverse("letters:template_docx", args=[kind.value]) + query,
            }
        )
    return render(
        request,
        "letters/templates_list.html",
        {
            "unit": unit,
            "kinds": kinds,
            "default_docx_url": reverse("letters:default_docx"),
            "setting_form": SettingForm(instance=actions.letter_setting(unit)),
            "setting_url": reverse("letters:save_setting") + query,
        },
    )


@protected(*TEMPLATE_ROLES)
def template_edit(request: HttpRequest, kind: str) -> HttpResponse:
    unit = template_unit(request)
    letter_kind = _kind(kind)
    current = actions.template_for(unit, letter_kind)
    friendly = (request.POST.get("mode") or ("raw" if request.GET.get("raw") else "friendly")) == "friendly"
    mode = "friendly" if friendly else "raw"
    body = wording.to_friendly(current.body) if friendly else current.body
    initial = {"title": current.title, "body": body, "mode": mode}
    form = TemplateForm(request.POST or None, request.FILES or None, unit=unit, kind=letter_kind, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_template(
                staff_user(request),
                unit,
                letter_kind,
                form.cleaned_data["title"],
                form.cleaned_data["body"],
                docx=form.docx_content,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            note = " cùng mẫu Word riêng" if form.docx_content is not None else ""
            messages.success(request, f"Đã lưu mẫu {letter_kind.label.lower()}{note} của {unit.name}.")
            return redirect(reverse("letters:templates") + _unit_query(request, unit))
    query = _unit_query(request, unit)
    return render(
        request,
        "letters/templates_edit.html",
        {
            "unit": unit,
            "kind": letter_kind,
            "label": letter_kind.label,
            "form": form,
            "current": current,
            "own": current.pk is not None,
            "has_docx": bool(current.pk and current.docx),
            "placeholders": _placeholders(),
            "chips": _chips(friendly),
            "friendly": friendly,
            "switch_url": reverse("letters:template_edit", args=[letter_kind.value])
            + (query + ("&" if query else "?") + "raw=1" if friendly else query),
            "docx_placeholders": list(documents.DOCX_PLACEHOLDERS.items()),
            "is_congratulation": letter_kind == LetterKind.CONGRATULATION,
            "system_admin": is_system_admin(request.user),
            "preview_url": reverse("letters:template_preview", args=[letter_kind.value]),
            "reset_url": reverse("letters:template_reset", args=[letter_kind.value]) + query,
            "docx_url": reverse("letters:template_docx", args=[letter_kind.value]) + query,
            "default_docx_url": reverse("letters:default_docx"),
            "back_url": reverse("letters:templates") + query,
        },
    )


@protected(*TEMPLATE_ROLES)
@require_POST
def template_preview(request: HttpRequest, kind: str) -> HttpResponse:
    """HTMX: the wording as a letter with sample values, or what is wrong with it, while the official types."""
    unit = template_unit(request)
    letter_kind = _kind(kind)
    body = request.POST.get("body", "").replace("\r\n", "\n")
    title = request.POST.get("title", "").strip() or texts.TITLES[letter_kind]
    context = documents.sample_context(unit, letter_kind, marriage=request.POST.get("sample") == "marriage")
    error, rendered = "", ""
    try:
        if len(body) > BODY_MAX_CHARS:
            raise ValidationError(f"Nội dung mẫu dài quá {BODY_MAX_CHARS} ký tự.")
        if request.POST.get("mode") == "friendly":
            body = wording.from_friendly(body)
        rendered = check_wording(body, context)
    except ValidationError as exc:
        error = " ".join(exc.messages)
    return render(
        request,
        "letters/templates_preview.html",
        {
            "error": error,
            "warnings": wording.wording_warnings(body),
            "title": title.upper(),
            "subject": texts.SUBJECTS[letter_kind],
            "addressee": f"{context['honorific']} {context['recipient_name']}",
            "paragraphs": documents.paragraphs(rendered),
            "empty": not body.strip(),
        },
    )


@protected(*TEMPLATE_ROLES)
@require_POST
def template_reset(request: HttpRequest, kind: str) -> HttpResponse:
    unit = template_unit(request)
    letter_kind = _kind(kind)
    if actions.reset_template(staff_user(request), unit, letter_kind):
        messages.success(request, f"Đã khôi phục mẫu {letter_kind.label.lower()} mặc định.")
    else:
        messages.info(request, f"{unit.name} đang dùng mẫu {letter_kind.label.lower()} mặc định.")
    return redirect(reverse("letters:templates") + _unit_query(request, unit))


@protected(*TEMPLATE_ROLES)
def template_docx(request: HttpRequest, kind: str) -> HttpResponse:
    """The commune's own DOCX template of this kind, or the shipped one if it has none."""
    unit = template_unit(request)
    letter_kind = _kind(kind)
    template = actions.template_for(unit, letter_kind)
    if template.pk is not None and template.docx:
        try:
            with template.docx.open("rb") as handle:
                data = bytes(handle.read())
        except OSError:
            messages.error(request, "Không đọc được tệp mẫu Word riêng; hãy tải lên lại hoặc khôi phục mẫu mặc định.")
            return redirect(reverse("letters:templates") + _unit_query(request, unit))
        return file_response(data, f"Mẫu {letter_kind.label.lower()} – {unit.name}.docx", documents.DOCX_TYPE)
    return documents.default_docx_response()


@protected(*TEMPLATE_ROLES)
def default_docx(request: HttpRequest) -> HttpResponse:
    return documents.default_docx_response()


urlpatterns = [
    path("<int:pk>/in.pdf", letter_pdf, name="letter_pdf"),
    path("<int:pk>/tai.docx", letter_docx, name="letter_docx"),
    path("in-hang-loat.pdf", batch_pdf, name="batch_pdf"),
    path("mau/", templates, name="templates"),
    path("mau/thiet-lap/", save_setting, name="save_setting"),
    path("mau/mac-dinh.docx", default_docx, name="default_docx"),
    path("mau/<str:kind>/", template_edit, name="template_edit"),
    path("mau/<str:kind>/xem-truoc/", template_preview, name="template_preview"),
    path("mau/<str:kind>/khoi-phuc/", template_reset, name="template_reset"),
    path("mau/<str:kind>/mau.docx", template_docx, name="template_docx"),
]
