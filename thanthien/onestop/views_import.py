"""The dossier import page (URL name "import": the one upload page of core.views_import with the dossier kind
chosen) and its blank CSV template (list exports: views_list)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path

from thanthien.core.views_import import import_page
from thanthien.documents.xlsx import csv_response
from thanthien.org.access import protected

from .actions import DESK_ROLES
from .importing import COLUMNS


@protected(*DESK_ROLES)
def import_view(request: HttpRequest) -> HttpResponse:
    """The one upload page (core.views_import) with the dossier kind chosen."""
    return import_page(request, "dossiers")


@protected(*DESK_ROLES)
def import_template(request: HttpRequest) -> HttpResponse:
    """The header row alone, ready to be filled in a spreadsheet."""
    return csv_response("Mẫu nhập hồ sơ một cửa.csv", COLUMNS, [])


urlpatterns: list[URLPattern] = [
    path("nhap-ho-so/", import_view, name="import"),
    path("nhap-ho-so/mau.csv", import_template, name="import_template"),
]
