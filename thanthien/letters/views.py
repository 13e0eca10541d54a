# Owned by the registry work: the letters page (URL name "registry") and one letter's page.
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern

from thanthien.org.access import protected


@protected()
def registry(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {})


urlpatterns: list[URLPattern] = []
