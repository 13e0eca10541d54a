"""What every router shares, written once: the caller, the role gate that mirrors the pages, the bounded
page, the period query, the bounded dates and moments, and the error answers declared for every operation.
The exception handlers that produce those answers live in errors.py."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, TypeVar

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from ninja import Field, Path, Schema
from ninja.errors import HttpError
from ninja.pagination import LimitOffsetPagination
from pydantic import AfterValidator, model_validator

from thanthien.org.access import user_has_role
from thanthien.org.models import Unit
from thanthien.org.scoping import can_see_unit

from .schemas import ErrorOut

M = TypeVar("M", bound=Model)

# Vietnam has kept UTC+07:00 since 1975; older moments in the zone database carry other offsets (+08:00, or
# the local mean time +07:06:30 before 1906) that are not valid RFC 3339 offsets for integrators.
VN = dt.timezone(dt.timedelta(hours=7), "ICT")

MAX_PAGE = 200
MAX_OFFSET = 10**7
MAX_ID = 2**31 - 1  # a primary key beyond this cannot exist, and SQLite/PostgreSQL would fail on it

# 503: the embedded database still locked by a long import (core.middleware.DatabaseBusyMiddleware): retry.
ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut, 503: ErrorOut}


def answers(ok: dict[int, Any]) -> dict[int, Any]:
    """The `response=` of an operation: its success answers and every error answer the handlers give."""
    return {**ok, **ERRORS}


def caller(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # every operation is authenticated (see urls.py)
    return user


def require_reader(request: HttpRequest, roles: frozenset[str], what: str) -> None:
    """The same role gate as the pages that show these records: who is refused there is refused here."""
    if not user_has_role(request, roles):
        raise PermissionDenied(f"Vai trò của bạn không được xem {what}.")


def period_figures(
    request: HttpRequest, params: PeriodQuery, compute: Any, readers: frozenset[str] = frozenset()
) -> dict[str, Any]:
    """A statistics endpoint: the same roles as the statistics page (and the subject's own `readers`), one
    visible unit, a checked period."""
    from thanthien.onestop.views_stats import STATS_ROLES

    require_reader(request, frozenset(STATS_ROLES) | readers, "thống kê")
    figures: dict[str, Any] = compute(visible_unit(request, params.unit_code), params.date_from, params.date_to)
    return figures


def visible_unit(request: HttpRequest, code: str) -> Unit:
    unit = Unit.objects.filter(code=code).first()
    if unit is None or not can_see_unit(request.user, unit):
        raise HttpError(404, "Không tìm thấy đơn vị.")  # another unit is "not found", never "forbidden"
    return unit


def narrowed(queryset: QuerySet[M], filters: Schema, lookups: dict[str, str]) -> QuerySet[M]:
    """The list endpoints' filters: each given (not None, not empty) filter field → its ORM lookup."""
    given = {lookups[name]: value for name, value in filters if name in lookups and value not in (None, "")}
    return queryset.filter(**given)


def to_vn(moment: dt.datetime | None) -> Any:
    """Every moment the API answers is in Vietnam time, +07:00."""
    return moment.astimezone(VN) if moment is not None else None


def _bounded_day(low: dt.date, high: dt.date) -> Any:
    def check(value: dt.date) -> dt.date:
        if not low <= value <= high:
            raise ValueError(f"Ngày phải trong khoảng {low:%d/%m/%Y} – {high:%d/%m/%Y}.")
        return value

    return AfterValidator(check)


def _bounded_moment(low: dt.date, high: dt.date) -> Any:
    def check(value: dt.datetime) -> dt.datetime:
        # A moment without an offset is Vietnam time, as on every form.
        value = value.replace(tzinfo=VN) if value.tzinfo is None else value
        try:
            day = value.astimezone(VN).date()
        except OverflowError:  # 9999-12-31T23:59-12:00 is past the last day Python can hold
            day = dt.date.max
        if not low <= day <= high:
            raise ValueError(f"Thời điểm phải trong khoảng {low:%d/%m/%Y} – {high:%d/%m/%Y}.")
        return value

    return AfterValidator(check)


# Civil registers reach back to the 1900s; one-stop desks, their letters and their figures start in 2000.
RegisterDay = Annotated[dt.date, _bounded_day(dt.date(1900, 1, 1), dt.date(2100, 12, 31))]
DeskDay = Annotated[dt.date, _bounded_day(dt.date(2000, 1, 1), dt.date(2100, 12, 31))]
DeskMoment = Annotated[dt.datetime, _bounded_moment(dt.date(2000, 1, 1), dt.date(2100, 12, 31))]

RecordId = Annotated[int, Path(..., ge=1, le=MAX_ID)]


class Page(LimitOffsetPagination):
    """Limit/offset pages with bounds: a client cannot ask for the whole province at once."""

    class Input(Schema):
        limit: int = Field(50, ge=1, le=MAX_PAGE, description=f"Số bản ghi mỗi trang, 1–{MAX_PAGE}")
        offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Bỏ qua bao nhiêu bản ghi đầu")


class PeriodQuery(Schema):
    """The period of the statistics endpoints: one unit, [from, to] both days included."""

    unit_code: str = Field(..., max_length=20, examples=["X16012"])
    date_from: DeskDay = Field(..., alias="from")
    date_to: DeskDay = Field(..., alias="to")

    @model_validator(mode="after")
    def _ordered(self) -> PeriodQuery:
        if self.date_from > self.date_to:
            raise ValueError("Ngày bắt đầu phải trước hoặc bằng ngày kết thúc.")
        return self
