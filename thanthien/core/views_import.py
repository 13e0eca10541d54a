"""The one upload page for every kind of import (thanthien.lib.importing registry), its XLSX templates and
the live progress of a run.

The page lists the kinds the user may import. The upload is one ordinary multipart POST that returns the whole
page with the report, so it works without JavaScript; with JavaScript the page sends it by XMLHttpRequest to
show the upload's progress, then polls the progress of the writing (rows written out of rows to write, kept
in the cache by the run's journal) and swaps in the report from the response. The runs of the last days are
listed with their state: a run killed half-way shows as interrupted, with what to do.
"""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import URLPattern, path, reverse

from thanthien.documents.http import file_response
from thanthien.documents.xlsx import XLSX_CONTENT_TYPE, Sheet, xlsx_response
from thanthien.lib.importing import Importer, get_importer, importers, run
from thanthien.lib.tabular import Limits
from thanthien.org.access import protected, staff_user
from thanthien.org.models import Unit
from thanthien.org.scoping import primary_unit

from .forms import ImportFileForm
from .imports import progress_of, recent_runs

# One size limit for every upload (the command line has none).
MAX_UPLOAD_MB: int = getattr(settings, "IMPORT_MAX_UPLOAD_MB", 20)
MAX_UPLOAD = MAX_UPLOAD_MB * 1024 * 1024
ERRORS_SHOWN = 1000

AnyImporter = Importer[Any, Any, Any]


def allowed(user: Any) -> list[tuple[AnyImporter, list[Unit] | None]]:
    """Every kind the user may import, with the units to choose from (None: no unit)."""
    out = []
    for importer in importers():
        units = importer.units_for(user)
        if units is None or units:
            out.append((importer, units))
    return out


OPTION_PREFIX = "tuy_chon_"


class UploadForm(ImportFileForm):
    max_mb = MAX_UPLOAD_MB
    dry_run = forms.BooleanField(label="Chỉ kiểm tra tệp, chưa ghi gì", required=False)
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, data: Any, files: Any, importer: AnyImporter, units: list[Unit] | None, default: Unit | None):
        placeholder = default or Unit(code="", name="")
        super().__init__(data, files, units or [placeholder], placeholder, file_label=_file_label(importer))
        if units is None:
            del self.fields["unit"]
        self.fields["token"].initial = uuid.uuid4().hex
        # What the kind takes beyond the unit (`thanthien import scores … --year`): one field each, as on the
        # command line.
        for name, text in importer.options:
            self.fields[OPTION_PREFIX + name] = forms.CharField(
                label=text[:1].upper() + text[1:],
                required=False,
                max_length=200,
                widget=forms.TextInput(attrs={"class": "form-control"}),
            )

    def options(self) -> dict[str, str]:
        return {
            name[len(OPTION_PREFIX) :]: str(value).strip()
            for name, value in self.cleaned_data.items()
            if name.startswith(OPTION_PREFIX) and str(value or "").strip()
        }

    def chosen_unit(self) -> Unit:
        return self.units.get(self.cleaned_data.get("unit", "")) or self.default


def _file_label(importer: AnyImporter) -> str:
    return {"dossiers": "Tệp hồ sơ", "civil-events": "Tệp sổ hộ tịch"}.get(importer.kind, "Tệp") + " (.csv hoặc .xlsx)"


@protected()
def import_page(request: HttpRequest, kind: str | None = None) -> HttpResponse:
    user = staff_user(request)
    kinds = allowed(user)
    if not kinds:
        raise PermissionDenied("Tài khoản của bạn không được nhập dữ liệu từ tệp.")
    wanted = kind or request.POST.get("kind") or request.GET.get("kind")
    chosen = next(((i, u) for i, u in kinds if i.kind == wanted), None)
    if chosen is None and kind is not None:
        raise PermissionDenied("Tài khoản của bạn không được nhập loại dữ liệu này.")
    importer, units = chosen or kinds[0]
    return _page(request, user, kinds, importer, units, fixed=kind is not None)


def _page(
    request: HttpRequest,
    user: Any,
    kinds: list[tuple[AnyImporter, list[Unit] | None]],
    importer: AnyImporter,
    units: list[Unit] | None,
    fixed: bool,
) -> HttpResponse:
    posted = request.method == "POST"
    form = UploadForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        importer,
        units,
        _default_unit(request, units),
    )
    report, unit = None, None
    if posted and form.is_valid():
        unit = form.chosen_unit() if units is not None else None
        upload = form.cleaned_data["file"]
        try:
            report = run(
                importer.configure(form.options()),
                user,
                unit,
                upload,
                upload.name,
                dry_run=form.cleaned_data["dry_run"],
                limits=Limits(max_bytes=MAX_UPLOAD),
                token=form.cleaned_data["token"] or "",
            )
        except ValidationError as exc:
            form.add_error(None, " ".join(exc.messages))
    action = request.path if fixed else reverse("core:import") + f"?kind={importer.kind}"
    context = {
        "form": form,
        "importer": importer,
        "kinds": [i for i, _ in kinds],
        "report": report,
        "unit": unit,
        "errors_shown": report.errors[:ERRORS_SHOWN] if report else [],
        "errors_hidden": max(len(report.errors) - ERRORS_SHOWN, 0) if report else 0,
        "runs": recent_runs([importer.kind], units),
        "action": action,
        "max_upload": MAX_UPLOAD,
        "max_upload_mb": MAX_UPLOAD_MB,
        "extra_help": _extra_help(importer),
    }
    return render(request, "core/import.html", context)


def _default_unit(request: HttpRequest, units: list[Unit] | None) -> Unit | None:
    if not units:
        return None
    wanted = request.POST.get("unit") or request.GET.get("unit")
    home = primary_unit(request.user)
    for unit in units:
        if unit.code == wanted:
            return unit
    return home if home in units else units[0]


def _extra_help(importer: AnyImporter) -> list[tuple[str, str]]:
    """Code lists that a column refers to (the dossier statuses)."""
    codes = getattr(importer, "code_lists", None)
    return list(codes()) if callable(codes) else []


@protected()
def import_template(request: HttpRequest, kind: str) -> HttpResponse:
    """An XLSX to fill in: the header row and an example row, and a sheet explaining each column."""
    try:
        importer = get_importer(kind)
    except KeyError:
        raise Http404("Không có loại dữ liệu này.") from None
    if not any(i.kind == importer.kind for i, _ in allowed(staff_user(request))):
        raise PermissionDenied("Tài khoản của bạn không được nhập loại dữ liệu này.")
    ready = importer.template_file()
    if ready is not None:
        name, content = ready
        return file_response(content, name, XLSX_CONTENT_TYPE)
    data = ("Dữ liệu", importer.header, [[c.example for c in importer.columns]])
    guide_header = ["Cột", "Tên cột", "Bắt buộc", "Cách ghi", "Ví dụ"]
    guide = [
        [c.name, c.label, "có" if c.required else "không", c.help, c.example or "(để trống)"] for c in importer.columns
    ]
    notes = [
        ["Dòng 1 là dòng tiêu đề: giữ nguyên tên cột. Mỗi dòng sau là một bản ghi; xóa dòng ví dụ trước khi nhập."],
        ["Có thể lưu thành CSV (UTF-8) hoặc giữ nguyên .xlsx. Tệp tối đa " + f"{MAX_UPLOAD_MB} MB khi tải lên trang."],
        ["Hệ thống kiểm tra toàn bộ tệp trước: có dòng sai thì không ghi dòng nào. Nhập lại cùng tệp không tạo trùng."],
    ]
    extra = [[name, text] for name, text in _extra_help(importer)]
    sheets: list[Sheet] = [data, ("Hướng dẫn", guide_header, guide), ("Lưu ý", ["Lưu ý"], notes)]
    if extra:
        sheets.append(("Bảng mã", ["Mã", "Ý nghĩa"], extra))
    return xlsx_response(f"Mẫu nhập {importer.label}.xlsx", sheets)


@protected()
def import_progress(request: HttpRequest, token: str) -> JsonResponse:
    """Rows written so far by the run started with this token (the page polls it while the upload is checked)."""
    value = progress_of(token)
    if value is None:
        return JsonResponse({"written": 0, "total": 0, "started": False})
    return JsonResponse({"written": value[0], "total": value[1], "started": True})


urlpatterns: list[URLPattern] = [
    path("nhap-du-lieu/", import_page, name="import"),
    path("nhap-du-lieu/mau/<str:kind>.xlsx", import_template, name="import_template"),
    path("nhap-du-lieu/tien-do/<str:token>/", import_progress, name="import_progress"),
]
