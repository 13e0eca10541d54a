"""The API's error answers, in one place: a malformed request → 422 with each field's message in Vietnamese,
an action's refusal → 422 or 403 with its own message, not found → 404, no caller → 401."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as RequestInvalid

NOT_FOUND = "Không tìm thấy."
FORBIDDEN = "Bạn không có quyền thực hiện thao tác này."
UNAUTHORIZED = "Cần đăng nhập hoặc mã thông báo hợp lệ (Authorization: Bearer …)."
# Messages that django-ninja raises itself, in English.
KNOWN = {"CSRF check Failed": "Thiếu hoặc sai mã CSRF: gửi kèm X-CSRFToken, hoặc dùng mã thông báo (Bearer)."}

WHERE = {"query": "tham số", "path": "đường dẫn", "body": "nội dung", "form": "biểu mẫu", "header": "tiêu đề"}


def _expected(ctx: dict[str, Any]) -> str:
    return str(ctx.get("expected", "")).replace(" or ", " hoặc ")


# pydantic's error type → a Vietnamese sentence (ctx holds the bound, the expected values...).
MESSAGES: dict[str, Any] = {
    "missing": lambda ctx: "Thiếu giá trị bắt buộc.",
    "int_parsing": lambda ctx: "Phải là số nguyên.",
    "int_type": lambda ctx: "Phải là số nguyên.",
    "int_from_float": lambda ctx: "Phải là số nguyên.",
    "float_parsing": lambda ctx: "Phải là số.",
    "float_type": lambda ctx: "Phải là số.",
    "bool_parsing": lambda ctx: "Phải là true hoặc false.",
    "bool_type": lambda ctx: "Phải là true hoặc false.",
    "string_type": lambda ctx: "Phải là chuỗi ký tự.",
    "string_too_short": lambda ctx: f"Cần ít nhất {ctx.get('min_length')} ký tự.",
    "string_too_long": lambda ctx: f"Dài quá {ctx.get('max_length')} ký tự.",
    "greater_than_equal": lambda ctx: f"Phải lớn hơn hoặc bằng {ctx.get('ge')}.",
    "greater_than": lambda ctx: f"Phải lớn hơn {ctx.get('gt')}.",
    "less_than_equal": lambda ctx: f"Phải nhỏ hơn hoặc bằng {ctx.get('le')}.",
    "less_than": lambda ctx: f"Phải nhỏ hơn {ctx.get('lt')}.",
    "literal_error": lambda ctx: f"Phải là một trong các giá trị: {_expected(ctx)}.",
    "enum": lambda ctx: f"Phải là một trong các giá trị: {_expected(ctx)}.",
    "date_parsing": lambda ctx: "Ngày không hợp lệ (định dạng YYYY-MM-DD).",
    "date_from_datetime_parsing": lambda ctx: "Ngày không hợp lệ (định dạng YYYY-MM-DD).",
    "date_from_datetime_inexact": lambda ctx: "Ngày không được có giờ (định dạng YYYY-MM-DD).",
    "date_type": lambda ctx: "Ngày không hợp lệ (định dạng YYYY-MM-DD).",
    "datetime_parsing": lambda ctx: "Thời điểm không hợp lệ (ISO 8601, ví dụ 2026-12-01T08:00:00+07:00).",
    "datetime_from_date_parsing": lambda ctx: "Thời điểm không hợp lệ (ISO 8601, ví dụ 2026-12-01T08:00:00+07:00).",
    "datetime_type": lambda ctx: "Thời điểm không hợp lệ (ISO 8601, ví dụ 2026-12-01T08:00:00+07:00).",
    "json_invalid": lambda ctx: "Nội dung không phải JSON hợp lệ.",
    "model_attributes_type": lambda ctx: "Nội dung phải là một đối tượng JSON.",
    "dict_type": lambda ctx: "Phải là một đối tượng JSON.",
    "model_type": lambda ctx: "Phải là một đối tượng JSON.",
    "list_type": lambda ctx: "Phải là một danh sách.",
    "extra_forbidden": lambda ctx: "Trường không được phép.",
}


def field_message(error: dict[str, Any]) -> str:
    kind = str(error.get("type", ""))
    if kind == "value_error":  # our own validators raise ValueError with a Vietnamese sentence
        ctx_error = (error.get("ctx") or {}).get("error")
        return str(ctx_error) if ctx_error else "Giá trị không hợp lệ."
    make = MESSAGES.get(kind)
    return make(error.get("ctx") or {}) if make else "Giá trị không hợp lệ."


def field_errors(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for error in errors:
        loc = [str(part) for part in error.get("loc", ())]
        # ninja puts the parameter group's name after the source ("query", "filters", "limit"): keep the field.
        where = WHERE.get(loc[0], loc[0]) if loc else ""
        name = loc[-1] if len(loc) > 1 else ""
        out.append({"loc": loc, "field": name, "where": where, "msg": field_message(error)})
    return out


def _respond(api: NinjaAPI, request: HttpRequest, status: int, detail: str, **extra: Any) -> HttpResponse:
    return api.create_response(request, {"detail": detail, "errors": [], **extra}, status=status)


def install(api: NinjaAPI) -> None:
    @api.exception_handler(RequestInvalid)
    def invalid(request: HttpRequest, exc: RequestInvalid) -> HttpResponse:
        errors = field_errors(exc.errors)
        summary = " ".join(f"{e['field']}: {e['msg']}" if e["field"] else e["msg"] for e in errors)
        return _respond(api, request, 422, summary or "Yêu cầu không hợp lệ.", errors=errors)

    @api.exception_handler(DjangoValidationError)
    def refused(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        return _respond(api, request, 422, " ".join(exc.messages))

    @api.exception_handler(PermissionDenied)
    def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return _respond(api, request, 403, str(exc) or FORBIDDEN)

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return _respond(api, request, 404, NOT_FOUND)  # Django's own messages are English and name the model

    @api.exception_handler(ObjectDoesNotExist)
    def missing(request: HttpRequest, exc: ObjectDoesNotExist) -> HttpResponse:
        return _respond(api, request, 404, NOT_FOUND)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return _respond(api, request, 401, UNAUTHORIZED)

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        if exc.status_code == 400 and exc.message.startswith("Cannot parse request body"):
            return _respond(api, request, 422, "Nội dung không phải JSON hợp lệ.")  # a malformed request, as declared
        return _respond(api, request, exc.status_code, KNOWN.get(exc.message, exc.message))
