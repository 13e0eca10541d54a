from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone

from thanthien.lib.registry import HOME_PANELS
from thanthien.org.access import protected, public
from thanthien.org.scoping import memberships


@protected()
def home(request: HttpRequest) -> HttpResponse:
    panels = [panel for _, build in HOME_PANELS if (panel := build(request))]
    context = {"panels": panels, "memberships": memberships(request.user), "today": timezone.localdate()}
    return render(request, "core/home.html", context)


@public
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask /favicon.ico for pages without an icon link (PDFs, the admin): the one icon, permanently."""
    from django.http import HttpResponsePermanentRedirect
    from django.templatetags.static import static

    return HttpResponsePermanentRedirect(static("thanthien/favicon.svg"))


@public
def healthz(request: HttpRequest) -> HttpResponse:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", {"reason": str(exception or "")}, status=403)


API_NOT_FOUND = "Không tìm thấy địa chỉ API này."


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # An API client reads JSON, not the HTML page: an unknown /api/… path answers like the API's own 404.
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": API_NOT_FOUND}, status=404)
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "403_csrf.html", status=403)
