"""Civil registry API: births, marriages and deaths (list, one, create) and their period figures.
Every read goes through org scoping; every write through civil.actions."""

import datetime as dt
from typing import Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status as HttpStatus

from thanthien.civil import actions
from thanthien.civil.models import CivilEvent, EventKind
from thanthien.org.scoping import scoped

from .common import (
    Page,
    RecordId,
    RegisterDay,
    answers,
    caller,
    narrowed,
    require_reader,
    visible_unit,
)
from .schemas import RecordSchema

router = Router(tags=["Hộ tịch"])

KindCode = Literal["birth", "marriage", "death"]


class CivilEventOut(RecordSchema):
    id: int
    unit_code: str
    kind: KindCode
    kind_label: str
    register_number: str
    registered_on: dt.date
    event_date: dt.date | None = Field(..., description="Ngày sinh / ngày kết hôn / ngày mất")
    person_name: str = Field(..., description="Trẻ được khai sinh; chồng; người mất")
    partner_name: str = Field(..., description="Vợ (đăng ký kết hôn)")
    contact_name: str = Field(..., description="Người nhận thư chúc mừng / chia buồn")
    contact_address: str
    contact_phone: str
    contact_email: str
    dossier_code: str | None = Field(..., description="Hồ sơ một cửa đã đăng ký sự kiện này (nếu có)")
    ceremony_held: bool = Field(..., description="Đã trao giấy chứng nhận kết hôn tại buổi lễ")
    ceremony_on: dt.date | None
    letter_sent_on: dt.date | None
    needs_completion: bool = Field(..., description="Tạo từ hồ sơ, còn thiếu họ tên: công chức hộ tịch cần bổ sung")
    note: str

    @staticmethod
    def resolve_kind_label(e: CivilEvent) -> str:
        return str(EventKind(e.kind).label)

    @staticmethod
    def resolve_dossier_code(e: CivilEvent) -> str | None:
        return e.dossier.code if e.dossier else None

    @staticmethod
    def resolve_needs_completion(e: CivilEvent) -> bool:
        return actions.needs_completion(e)


class CivilEventIn(Schema):
    unit_code: str = Field(..., max_length=20, examples=["X16012"])
    kind: KindCode
    register_number: str = Field("", max_length=40)
    registered_on: RegisterDay = Field(..., description="Ngày đăng ký (YYYY-MM-DD, từ năm 1900), không ở tương lai")
    event_date: RegisterDay | None = Field(None, description="Ngày sinh / kết hôn / mất; không sau ngày đăng ký")
    person_name: str = Field(..., max_length=150, examples=["Nguyễn Gia Huy"])
    partner_name: str = Field("", max_length=150, description="Bắt buộc với đăng ký kết hôn")
    contact_name: str = Field(..., max_length=150, examples=["Nguyễn Văn An"])
    contact_address: str = Field("", max_length=300)
    contact_phone: str = Field("", max_length=20)
    contact_email: str = Field("", max_length=254)
    ceremony_held: bool = False
    ceremony_on: RegisterDay | None = None
    letter_sent_on: RegisterDay | None = Field(None, description="Thư đã được gửi ngày này (nhập sổ cũ)")
    note: str = Field("", max_length=2000)


class CivilEventFilter(Schema):
    unit_code: str | None = Field(None, max_length=20)
    kind: KindCode | None = None
    date_from: RegisterDay | None = Field(None, alias="from", description="Đăng ký từ ngày (tính cả ngày này)")
    date_to: RegisterDay | None = Field(None, alias="to", description="Đăng ký đến ngày (tính cả ngày này)")
    needs_completion: bool | None = None


def _out(e: CivilEvent, request: HttpRequest) -> CivilEventOut:
    return CivilEventOut.model_validate(e, context={"request": request})


EVENT_FILTERS = {
    "unit_code": "unit__code",
    "kind": "kind",
    "date_from": "registered_on__gte",
    "date_to": "registered_on__lte",
}


def _events(request: HttpRequest) -> QuerySet[CivilEvent]:
    require_reader(request, actions.READER_ROLES, "sổ hộ tịch")  # as the civil pages: MTTQ does not read them
    return scoped(CivilEvent.objects.select_related("unit", "dossier"), request.user)


@router.get(
    "/civil-events",
    response=answers({200: list[CivilEventOut]}),
    summary="Danh sách sự kiện hộ tịch (trong phạm vi), mới nhất trước",
)
@paginate(Page)
def list_events(request: HttpRequest, filters: Query[CivilEventFilter]) -> QuerySet[CivilEvent]:
    qs = narrowed(_events(request).order_by("-registered_on", "-pk"), filters, EVENT_FILTERS)
    if filters.needs_completion is not None:
        qs = qs.filter(actions.INCOMPLETE) if filters.needs_completion else qs.exclude(actions.INCOMPLETE)
    return qs  # the paginator slices it; the schema reads each row


@router.get(
    "/civil-events/{event_id}",
    response=answers({200: CivilEventOut}),
    summary="Một sự kiện hộ tịch",
)
def get_event(request: HttpRequest, event_id: RecordId) -> CivilEventOut:
    return _out(get_object_or_404(_events(request), pk=event_id), request)


@router.post(
    "/civil-events",
    response=answers({201: CivilEventOut}),
    summary="Ghi một sự kiện hộ tịch (khai sinh, kết hôn, khai tử)",
)
def create_event(request: HttpRequest, payload: CivilEventIn) -> HttpStatus[CivilEventOut]:
    unit = visible_unit(request, payload.unit_code)
    event = actions.register_event(caller(request), unit, **payload.model_dump(exclude={"unit_code"}))
    return HttpStatus(201, _out(_events(request).get(pk=event.pk), request))
