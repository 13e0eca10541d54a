# Owned by the statistics work: the period statistics page (URL name "stats").
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from thanthien.org.access import protected


@protected()
def stats(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {})


urlpatterns = [path("thong-ke/", stats, name="stats")]
