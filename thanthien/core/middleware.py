"""Requests that carry a NUL character are refused before any view sees them.

PostgreSQL cannot store NUL in text ("A string literal cannot contain NUL characters"), so a `?q=%00`, a form
field or a JSON string with one would otherwise end in a server error; no Vietnamese text ever contains it.
Uploaded files are not inspected here: a spreadsheet is binary, and the importers read their cells themselves."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.template.loader import render_to_string

MESSAGE = (
    "Yêu cầu có ký tự NUL (mã 0), ký tự không được phép trong văn bản. "
    "Vui lòng xóa ký tự đó (thường do sao chép từ tệp khác) rồi gửi lại."
)
API_PREFIX = "/api/"


def _has_nul_escaped(raw: str) -> bool:
    return "\x00" in raw or b"\x00" in unquote_to_bytes(raw.replace("+", " "))


def carries_nul(request: HttpRequest) -> bool:
    if "\x00" in request.path or _has_nul_escaped(request.META.get("QUERY_STRING", "")):
        return True
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return False
    kind = request.content_type or ""
    if kind == "application/x-www-form-urlencoded":
        return _has_nul_escaped(request.body.decode("latin-1"))
    if kind == "multipart/form-data":
        # The API takes JSON only: parsing a multipart body here would consume the stream ninja reads to refuse it.
        if request.path.startswith(API_PREFIX):
            return False
        try:
            fields = request.POST.lists()
        except MultiPartParserError:  # a broken body: the view then sees an empty form and says what is missing
            return False
        return any("\x00" in key or any("\x00" in v for v in values) for key, values in fields)
    if kind.endswith("json"):
        # A JSON string spells NUL as \u0000 (any case of the hex digits); raw NUL is invalid JSON anyway.
        body = request.body.lower()
        return b"\\u0000" in body or b"\x00" in body
    return False


def refuse(request: HttpRequest) -> HttpResponse:
    if request.path.startswith(API_PREFIX):
        # The API's own error shape, and its status for a malformed request (declared for every operation).
        return JsonResponse({"detail": MESSAGE, "errors": []}, status=422)
    html = render_to_string("400.html", {"reason": MESSAGE}, request=request)
    return HttpResponse(html, status=400)


class RefuseNulMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if carries_nul(request):
            return refuse(request)
        return self.get_response(request)


class PrivatePagesMiddleware:
    """Staff pages (any answer to a signed-in user or to a bearer token) carry personal data: neither the
    browser's history cache nor a shared proxy may keep them (`Cache-Control: no-store, private`)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if (user is not None and user.is_authenticated) or "Authorization" in request.headers:
            response["Cache-Control"] = "no-store, private"
        return response


BUSY_MESSAGE = (
    "Hệ thống đang bận ghi dữ liệu (có thể do một lần nhập tệp lớn), nên yêu cầu của bạn chưa được lưu. "
    "Vui lòng đợi vài giây rồi thử lại."
)
BUSY_RETRY_SECONDS = 5


def database_busy(exc: BaseException) -> bool:
    """SQLite's answer when another writer held the lock for longer than the busy timeout."""
    from django.db import OperationalError

    return isinstance(exc, OperationalError) and "locked" in str(exc).lower()


class DatabaseBusyMiddleware:
    """A database still locked after the busy timeout answers 503 with a Vietnamese message asking to retry
    (and Retry-After), never a 500: nothing was written, and trying again a moment later succeeds."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        if not database_busy(exc):
            return None
        if request.path.startswith(API_PREFIX):
            response: HttpResponse = JsonResponse({"detail": BUSY_MESSAGE, "errors": []}, status=503)
        else:
            html = render_to_string("core/busy.html", {"reason": BUSY_MESSAGE}, request=request)
            response = HttpResponse(html, status=503)
        response["Retry-After"] = str(BUSY_RETRY_SECONDS)
        return response


METHOD_NOT_ALLOWED = "Địa chỉ này không nhận phương thức %s; chỉ nhận: %s."


class MethodNotAllowedPageMiddleware:
    """Django's require_POST answers 405 with an empty body: the browser shows a blank page. An empty 405 gets a
    Vietnamese page saying the address is opened by a button or form (JSON under /api/); Allow is kept."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if response.status_code != 405 or getattr(response, "streaming", False) or response.content:
            return response
        allow = response.get("Allow", "")
        if request.path.startswith(API_PREFIX):
            page: HttpResponse = JsonResponse({"detail": METHOD_NOT_ALLOWED % (request.method, allow)}, status=405)
        else:
            page = HttpResponse(render_to_string("405.html", request=request), status=405)
        if allow:
            page["Allow"] = allow
        for header in ("Cache-Control", "Vary"):
            if header in response:
                page[header] = response[header]
        return page
