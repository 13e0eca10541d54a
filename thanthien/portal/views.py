from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from thanthien.org.access import public
from thanthien.org.models import COMMUNE_KINDS, Unit
from thanthien.org.queries import valid_on


@public
def home(request: HttpRequest) -> HttpResponse:
    communes = (
        Unit.objects.filter(valid_on(timezone.localdate()), kind__in=COMMUNE_KINDS)
        .select_related("parent")
        .order_by("parent__name", "name")
    )
    return render(request, "portal/home.html", {"communes": communes})
