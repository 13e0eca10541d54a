"""The dossier import page (URL name "import": the one upload page of core.views_import with the dossier kind
chosen) and its blank CSV template (list exports: views_list)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path

from thanthien.core.views_import import import_page
from thanthien.documents.xlsx import csv_response
from thanthien.org.access import protected
from thanthien.org.models import COMMUNE_KINDS, Unit
from thanthien.org.scoping import acting_units, is_system_admin

from .actions import DESK_ROLES
from .importing import COLUMNS


def import_units_for(user: Any) -> list[Unit]:
    """Communes where the user works at the desk (a system administrator may pick any commune)."""
    units = {u.pk: u for u in acting_units(user, DESK_ROLES) if u.is_commune_level}
    if not units and is_system_admin(user):
        return list(Unit.objects.filter(kind__in=COMMUNE_KINDS).order_by("name"))
    return sorted(units.values(), key=lambda u: u.name)


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
