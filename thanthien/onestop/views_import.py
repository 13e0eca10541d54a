"""Dossier import page (URL name "import") and its blank template file (list exports: views_list).

The upload is one ordinary multipart POST that returns the whole page with the report, so it works without
JavaScript; with JavaScript the page sends it by XMLHttpRequest to show real upload progress, then an
indeterminate "checking and writing" phase, and swaps in the report from the response. No progress is kept on
the server: nothing would be honest to show from a single request without a job table.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path

from thanthien.core.forms import ImportFileForm
from thanthien.documents.xlsx import csv_response
from thanthien.org.access import protected, staff_user
from thanthien.org.models import COMMUNE_KINDS, Unit
from thanthien.org.scoping import acting_units, is_system_admin, primary_unit

from .actions import DESK_ROLES
from .importing import COLUMNS, import_dossiers
from .models import Channel, Status

MAX_UPLOAD_MB = 20
MAX_UPLOAD = MAX_UPLOAD_MB * 1024 * 1024
ERRORS_SHOWN = 1000

COLUMN_GUIDE = [
    ("code", "Mã hồ sơ. Để trống: hệ thống cấp mã theo mẫu của xã (nhập lại tệp không tạo hồ sơ trùng)."),
    ("procedure_code", "Mã thủ tục trong danh mục, ví dụ 1.004873."),
    ("channel", "Kênh tiếp nhận: " + ", ".join(f"{c.value} ({c.label})" for c in Channel) + "."),
    ("received_at", "Thời điểm tiếp nhận, ví dụ 2024-10-08 14:30 hoặc 08/10/2024 14:30 (giờ Việt Nam)."),
    ("due_at", "Hạn trả kết quả. Để trống: tính theo thời hạn của thủ tục và lịch làm việc của xã."),
    ("resolved_at", "Thời điểm có kết quả (trạng thái 9, 10); với hồ sơ 3, 7, 8 là thời điểm dừng."),
    ("returned_at", "Thời điểm trả kết quả (trạng thái 10)."),
    ("status", "Mã trạng thái 1–10. Để trống: 10 nếu đã trả, 9 nếu có kết quả, còn lại 2."),
    ("applicant_name", "Họ và tên người nộp (bắt buộc)."),
    ("applicant_id_number", "Số CCCD 12 chữ số hoặc CMND 9 chữ số (có thể để trống)."),
    ("applicant_phone", "Số điện thoại (có thể để trống)."),
    ("applicant_address", "Địa chỉ (có thể để trống)."),
]


def import_units_for(user: Any) -> list[Unit]:
    """Communes where the user works at the desk (a system administrator may pick any commune)."""
    units = {u.pk: u for u in acting_units(user, DESK_ROLES) if u.is_commune_level}
    if not units and is_system_admin(user):
        return list(Unit.objects.filter(kind__in=COMMUNE_KINDS).order_by("name"))
    return sorted(units.values(), key=lambda u: u.name)


class ImportForm(ImportFileForm):
    max_mb = MAX_UPLOAD_MB

    def __init__(self, data: Any, files: Any, units: list[Unit], default: Unit) -> None:
        super().__init__(data, files, units, default, file_label="Tệp hồ sơ (.csv hoặc .xlsx)")


@protected(*DESK_ROLES)
def import_view(request: HttpRequest) -> HttpResponse:
    user = staff_user(request)
    units = import_units_for(user)
    if not units:
        raise PermissionDenied("Tài khoản của bạn không thuộc Bộ phận Một cửa của xã, phường nào.")
    home = primary_unit(user)
    posted = request.method == "POST"
    form = ImportForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        units=units,
        default=home if home in units else units[0],
    )
    report = None
    unit = None
    if posted and form.is_valid():
        unit = form.chosen_unit()
        upload = form.cleaned_data["file"]
        try:
            report = import_dossiers(user, unit, upload, filename=upload.name)
        except ValidationError as exc:
            form.add_error(None, " ".join(exc.messages))
    context = {
        "form": form,
        "report": report,
        "unit": unit,
        "errors_shown": report.errors[:ERRORS_SHOWN] if report else [],
        "errors_hidden": max(len(report.errors) - ERRORS_SHOWN, 0) if report else 0,
        "columns": COLUMN_GUIDE,
        "statuses": Status.choices,
        "max_upload": MAX_UPLOAD,
        "max_upload_mb": MAX_UPLOAD_MB,
    }
    return render(request, "onestop/import.html", context)


@protected(*DESK_ROLES)
def import_template(request: HttpRequest) -> HttpResponse:
    """The header row alone, ready to be filled in a spreadsheet."""
    return csv_response("Mẫu nhập hồ sơ một cửa.csv", COLUMNS, [])


urlpatterns: list[URLPattern] = [
    path("nhap-ho-so/", import_view, name="import"),
    path("nhap-ho-so/mau.csv", import_template, name="import_template"),
]
