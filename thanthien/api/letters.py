"""Letters API: the registry (scoped), one letter, approve / cancel / record the delivery, and period figures.
Every read goes through org scoping (another unit's letter is 404); every write through letters.actions."""

import datetime as dt
from typing import Any, Literal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from thanthien.letters import actions, delivery, subjects, texts
from thanthien.letters.models import Letter, LetterKind, LetterStatus
from thanthien.letters.views import READERS
from thanthien.org.privacy import may_see
from thanthien.org.scoping import scoped

from .common import (
    DeskDay,
    DeskMoment,
    Page,
    RecordId,
    answers,
    caller,
    narrowed,
    require_reader,
)
from .schemas import RecordSchema

router = Router(tags=["Thư gửi công dân"])

KindCode = Literal["apology", "thanks", "congratulation", "condolence"]
StatusCode = Literal["draft", "approved", "delivered", "cancelled"]
MethodCode = Literal["handed", "post", "home_visit", "email", "sms", "zalo"]


class LetterOut(RecordSchema):
    id: int
    unit_code: str
    kind: KindCode
    kind_label: str
    status: StatusCode
    status_label: str
    subject_type: Literal["dossier", "civil_event", "contribution"]
    dossier_code: str | None
    civil_event_id: int | None
    contribution_id: int | None
    owed_on: dt.date = Field(..., description="Ngày thư trở thành cần gửi (ngày của dự thảo)")
    honorific: str
    recipient_name: str
    recipient_address: str
    recipient_phone: str
    recipient_email: str
    reason: str
    new_appointment_at: dt.datetime | None
    number: int | None
    number_text: str = Field(..., description="Số, ký hiệu, ví dụ 12/TXL-UBND; rỗng khi chưa duyệt")
    letter_date: dt.date | None = Field(..., description="Ngày ký")
    signer_name: str
    signer_title: str
    approved_at: dt.datetime | None
    delivery_method: MethodCode | None
    delivery_status: Literal["sending", "delivered", "failed"] | None
    delivery_status_text: str = Field(..., description="Tình trạng gửi bằng lời, ví dụ “Đã trao tận tay ngày …”")
    delivered_at: dt.datetime | None
    delivery_note: str
    cancel_reason: str
    cancelled_at: dt.datetime | None

    @staticmethod
    def resolve_kind_label(obj: Letter) -> str:
        return str(LetterKind(obj.kind).label)

    @staticmethod
    def resolve_status_label(obj: Letter) -> str:
        return str(LetterStatus(obj.status).label)

    @staticmethod
    def resolve_contribution_id(obj: Letter) -> int | None:
        # Contributions live in engagement; a letter names one by subject_id alone (letters.subjects).
        return int(obj.subject_id) if obj.subject_type == "contribution" and obj.subject_id.isdecimal() else None

    @staticmethod
    def resolve_dossier_code(obj: Letter) -> str | None:
        return obj.dossier.code if obj.dossier else None

    @staticmethod
    def resolve_delivery_method(obj: Letter) -> str | None:
        return obj.delivery_method or None

    @staticmethod
    def resolve_delivery_status(obj: Letter) -> str | None:
        return obj.delivery_status or None

    @staticmethod
    def resolve_delivery_status_text(obj: Letter) -> str:
        return delivery.delivery_status_text(obj)


class LetterDetailOut(LetterOut):
    title: str
    body: str = Field(..., description="Nội dung thư: bản đã ký khi đã duyệt, bản dự thảo khi chưa")

    @staticmethod
    def resolve_title(obj: Letter) -> str:
        return texts.TITLES[LetterKind(obj.kind)]

    @staticmethod
    def resolve_body(obj: Letter, context: Any) -> str:
        try:
            body = actions.render_body(obj)
        except ValidationError as exc:  # a unit's template with a syntax error: say so rather than fail
            return " ".join(exc.messages)
        return body if may_see(context["request"].user, obj.unit_id) else actions.masked_text(body, obj)


class LetterFilter(Schema):
    unit_code: str | None = Field(None, max_length=20)
    kind: KindCode | None = None
    status: StatusCode | None = None
    date_from: DeskDay | None = Field(None, alias="from", description="Ngày phát sinh từ (YYYY-MM-DD)")
    date_to: DeskDay | None = Field(None, alias="to", description="Ngày phát sinh đến (YYYY-MM-DD), tính cả ngày này")


class CancelIn(Schema):
    reason: str = Field(..., max_length=2000, description="Lý do hủy (bắt buộc)")


class DeliveryIn(Schema):
    method: MethodCode
    at: DeskMoment | None = Field(
        None, description="Thời điểm trao, gửi (từ năm 2000); mặc định: bây giờ (bỏ qua với email/sms/zalo)"
    )
    note: str = Field("", max_length=2000)


LETTER_FILTERS = {
    "unit_code": "unit__code",
    "kind": "kind",
    "status": "status",
    "date_from": "owed_on__gte",
    "date_to": "owed_on__lte",
}


def _letters(request: HttpRequest) -> QuerySet[Letter]:
    require_reader(request, READERS, "thư gửi công dân")
    return scoped(Letter.objects.select_related("unit", *subjects.link_fields()), request.user)


def _get(request: HttpRequest, letter_id: RecordId) -> Letter:
    return get_object_or_404(_letters(request), pk=letter_id)


def _act(request: HttpRequest, letter_id: RecordId, do: Any) -> Letter:
    do(caller(request), _get(request, letter_id))  # refusals become 403/422 in errors.py
    return _get(request, letter_id)


@router.get(
    "/letters",
    response=answers({200: list[LetterOut]}),
    summary="Sổ thư gửi công dân (trong phạm vi), lọc theo loại, tình trạng, ngày phát sinh",
)
@paginate(Page)
def list_letters(request: HttpRequest, filters: Query[LetterFilter]) -> QuerySet[Letter]:
    # the paginator slices it; the schema's resolvers then read only that page
    return narrowed(_letters(request).order_by("-owed_on", "-pk"), filters, LETTER_FILTERS)


@router.get("/letters/{letter_id}", response=answers({200: LetterDetailOut}), summary="Một thư")
def get_letter(request: HttpRequest, letter_id: RecordId) -> Letter:
    return _get(request, letter_id)


@router.post(
    "/letters/{letter_id}/approve",
    response=answers({200: LetterDetailOut}),
    summary="Lãnh đạo duyệt, ký thư: cấp số, ngày ký, người ký; thư xin lỗi cần lý do và ngày hẹn mới",
)
def approve_letter(request: HttpRequest, letter_id: RecordId) -> Letter:
    return _act(request, letter_id, actions.approve)


@router.post(
    "/letters/{letter_id}/cancel",
    response=answers({200: LetterDetailOut}),
    summary="Hủy thư (ghi lý do); trường hợp này không được lập thư lại",
)
def cancel_letter(request: HttpRequest, letter_id: RecordId, payload: CancelIn) -> Letter:
    return _act(request, letter_id, lambda user, letter: actions.cancel(user, letter, payload.reason))


@router.post(
    "/letters/{letter_id}/delivery",
    response=answers({200: LetterDetailOut}),
    summary="Ghi nhận việc gửi thư (trao tận tay, bưu điện, đến nhà) hoặc gửi ngay qua email, SMS, Zalo",
    description="Với email, sms, zalo thư được gửi ngay. Nếu cổng gửi không nhận, trả về 200 với "
    "delivery_status = failed, delivery_note ghi lý do; thư vẫn ở tình trạng đã duyệt để gửi lại.",
)
def deliver_letter(request: HttpRequest, letter_id: RecordId, payload: DeliveryIn) -> Letter:
    def do(user: User, letter: Letter) -> Letter:
        if payload.method in delivery.ELECTRONIC:
            return delivery.send(letter, payload.method, user)
        return actions.record_delivery(user, letter, payload.method, at=payload.at, note=payload.note)

    return _act(request, letter_id, do)
