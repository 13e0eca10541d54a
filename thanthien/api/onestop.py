"""One-stop desk API: procedures, dossiers (list, create, change status) and period statistics.
Every read goes through org scoping; every write through onestop.actions."""

import datetime as dt
from typing import Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status as HttpStatus

from thanthien.lib.vn import clean_cccd, clean_phone
from thanthien.onestop import actions
from thanthien.onestop.models import Channel, Dossier, Procedure, Status
from thanthien.onestop.queries import dossiers_for, timeliness
from thanthien.onestop.views import READERS

from .common import (
    DeskDay,
    DeskMoment,
    Page,
    answers,
    caller,
    narrowed,
    require_reader,
    visible_unit,
)
from .schemas import RecordSchema

router = Router(tags=["Một cửa"])

ChannelCode = Literal["direct", "postal", "online_partial", "online_full"]


class ProcedureOut(Schema):
    code: str
    name: str
    field: str
    processing_kind: Literal["days", "hours", "same_day"]
    processing_amount: float
    fee: str
    online_level: str


class DossierOut(RecordSchema):
    code: str
    unit_code: str
    procedure_code: str
    procedure_name: str
    channel: ChannelCode
    status: int = Field(..., description="Mã trạng thái quốc gia 1–10")
    status_label: str
    applicant_name: str
    received_at: dt.datetime
    due_at: dt.datetime
    resolved_at: dt.datetime | None
    returned_at: dt.datetime | None
    timeliness: Literal["early", "on_time", "late"] | None
    due_explanation: list[str]

    @staticmethod
    def resolve_procedure_code(d: Dossier) -> str:
        return d.procedure.code

    @staticmethod
    def resolve_procedure_name(d: Dossier) -> str:
        return d.procedure.name

    @staticmethod
    def resolve_status_label(d: Dossier) -> str:
        return str(Status(d.status).label)

    @staticmethod
    def resolve_timeliness(d: Dossier) -> str | None:
        return timeliness(d)


class DossierIn(Schema):
    unit_code: str = Field(..., max_length=20, examples=["X16012"])
    procedure_code: str = Field(..., max_length=30, examples=["1.001193"])
    channel: ChannelCode = "direct"
    applicant_name: str = Field(..., min_length=1, max_length=150, examples=["Lê Văn Cường"])
    applicant_id_number: str = Field("", max_length=20, description="Số CCCD, 12 chữ số")
    applicant_phone: str = Field("", max_length=20)
    applicant_address: str = Field("", max_length=300)
    received_at: DeskMoment | None = Field(
        None, description="ISO 8601, từ năm 2000; không có múi giờ là giờ Việt Nam; mặc định: bây giờ"
    )


class StatusIn(Schema):
    status: int = Field(..., ge=1, le=10, description="Mã trạng thái quốc gia cần chuyển sang")
    note: str = Field("", max_length=2000)
    at: DeskMoment | None = Field(None, description="ISO 8601, từ năm 2000; mặc định: bây giờ")


class DossierFilter(Schema):
    unit_code: str | None = Field(None, max_length=20)
    status: int | None = Field(None, ge=1, le=10)
    channel: ChannelCode | None = None
    procedure_code: str | None = Field(None, max_length=30)
    received_from: DeskDay | None = None
    received_to: DeskDay | None = None


def _one(code: str) -> Dossier:
    return Dossier.objects.select_related("unit", "procedure").get(code=code)


DOSSIER_FILTERS = {
    "unit_code": "unit__code",
    "status": "status",
    "channel": "channel",
    "procedure_code": "procedure__code",
    "received_from": "received_at__date__gte",
    "received_to": "received_at__date__lte",
}


def _dossiers(request: HttpRequest) -> QuerySet[Dossier]:
    require_reader(request, READERS, "hồ sơ một cửa")  # as the dossier pages: MTTQ does not read dossiers
    return dossiers_for(request.user).select_related("unit", "procedure")


@router.get("/procedures", response=answers({200: list[ProcedureOut]}), summary="Danh mục thủ tục đang áp dụng")
def procedures(request: HttpRequest) -> list[Procedure]:
    return list(Procedure.objects.filter(active=True).order_by("field", "code"))


@router.get("/dossiers", response=answers({200: list[DossierOut]}), summary="Danh sách hồ sơ (trong phạm vi)")
@paginate(Page)
def list_dossiers(request: HttpRequest, filters: Query[DossierFilter]) -> QuerySet[Dossier]:
    return narrowed(_dossiers(request).order_by("-received_at", "pk"), filters, DOSSIER_FILTERS)


@router.get("/dossiers/{code}", response=answers({200: DossierOut}), summary="Một hồ sơ")
def get_dossier(request: HttpRequest, code: str) -> Dossier:
    return get_object_or_404(_dossiers(request), code=code)


@router.post("/dossiers", response=answers({201: DossierOut}), summary="Tiếp nhận một hồ sơ")
def create_dossier(request: HttpRequest, payload: DossierIn) -> HttpStatus[Dossier]:
    unit = visible_unit(request, payload.unit_code)
    procedure = get_object_or_404(Procedure, code=payload.procedure_code, active=True)
    applicant = actions.Applicant(
        name=payload.applicant_name,
        id_number=clean_cccd(payload.applicant_id_number) if payload.applicant_id_number else "",
        phone=clean_phone(payload.applicant_phone) if payload.applicant_phone else "",
        address=payload.applicant_address,
    )
    d = actions.receive_dossier(
        caller(request), unit, procedure, applicant, channel=Channel(payload.channel), received_at=payload.received_at
    )
    return HttpStatus(201, _one(d.code))


@router.post("/dossiers/{code}/status", response=answers({200: DossierOut}), summary="Chuyển trạng thái hồ sơ")
def change_status(request: HttpRequest, code: str, payload: StatusIn) -> Dossier:
    d = get_object_or_404(_dossiers(request), code=code)
    actions.change_status(caller(request), d, payload.status, payload.note, at=payload.at)
    return _one(d.code)
