"""Surveys API (issue 10 item 7): questionnaires (read: the latest version's questions and choices), campaigns with
their progress and figures, and — without an account — the open campaign's questions and a form submitted to it.

Staff reads take the same roles as the survey pages (SURVEY_READERS: the commune's leaders, its administrator, MTTQ;
supervisors read every commune under them); another unit's record is "not found". A commune also reads the
questionnaires of the district or province above it, which its campaigns may use. A campaign's `figures` are
`stats.summarise` over its forms, the keys of `thanthien stats surveys --json`.

The public pair (`/surveys/public/{unit_code}/{form_id}`) is the online channel of the public web form
(surveys.views_public): the commune's campaign of that questionnaire open today on "online", nothing asked about who
answers, an empty form refused, every answer checked by actions.fill, and the same brakes per device (the signed
cookie) and per network address (surveys.brakes), counted only for a form that is saved."""

import datetime as dt
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.responses import Status as HttpStatus
from pydantic import AfterValidator

from thanthien.org.models import Unit
from thanthien.org.scoping import memberships, scoped
from thanthien.surveys import actions, brakes, stats
from thanthien.surveys.models import (
    SURVEY_READERS,
    Campaign,
    Channel,
    Choice,
    Question,
    Questionnaire,
    QuestionnaireVersion,
)

from .common import Page, RecordId, answers, narrowed, require_reader
from .schemas import ErrorOut, RecordSchema

router = Router(tags=["Khảo sát"])

ChannelCode = Literal["qr", "kiosk", "dossier", "paper", "online", "import"]
QuestionTypeCode = Literal["select_one", "select_multiple", "text", "integer", "note"]

# --- questionnaires -------------------------------------------------------------------------------------------------


class ChoiceOut(Schema):
    name: str
    label: str
    satisfied: bool = Field(..., description="Lựa chọn được tính là hài lòng (câu hỏi thang đo)")


class QuestionOut(Schema):
    order: int
    name: str
    type: QuestionTypeCode
    label: str
    required: bool
    relevant: str = Field(..., description="Điều kiện hiện câu hỏi, dạng ${câu} = 'lựa chọn' (trống: luôn hiện)")
    relevant_name: str
    relevant_value: str
    group_name: str = Field(..., description="Nhóm (khía cạnh) của câu hỏi")
    group_label: str
    list_name: str
    is_scale: bool = Field(..., description="Câu hỏi thang đo: tính vào tỷ lệ hài lòng")
    choices: list[ChoiceOut]


class VersionOut(RecordSchema):
    number: int = Field(..., description="Lần sửa (1, 2, …)")
    version: str
    title: str
    created_at: dt.datetime


class QuestionnaireOut(RecordSchema):
    id: int
    unit_code: str
    form_id: str
    title: str
    template: str = Field(..., description="Mẫu toàn quốc đã sao chép, nếu có")
    latest_version: VersionOut | None
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_latest_version(q: Questionnaire) -> QuestionnaireVersion | None:
        versions = getattr(q, "latest", None)
        return versions[0] if versions else None


class QuestionnaireDetailOut(QuestionnaireOut):
    questions: list[QuestionOut] = Field(..., description="Câu hỏi của phiên bản mới nhất, theo thứ tự")

    @staticmethod
    def resolve_questions(q: Questionnaire) -> list[dict[str, Any]]:
        version = QuestionnaireOut.resolve_latest_version(q)
        return _questions(*actions.version_parts(version), staff=True) if version else []


def _questions(questions: list[Question], lists: dict[str, dict[str, Choice]], *, staff: bool) -> list[dict[str, Any]]:
    out = []
    for q in questions:
        choices = [
            {"name": c.name, "label": c.label, "satisfied": c.satisfied} for c in lists.get(q.list_name, {}).values()
        ]
        item: dict[str, Any] = {
            "name": q.name,
            "type": q.type,
            "label": q.label,
            "required": q.required,
            "relevant": q.relevant,
            "relevant_name": q.relevant_name,
            "relevant_value": q.relevant_value,
            "group_name": q.group_name,
            "group_label": q.group_label,
            "choices": choices,
        }
        if staff:
            item.update({"order": q.order, "list_name": q.list_name, "is_scale": q.is_scale})
        out.append(item)
    return out


class QuestionnaireFilter(Schema):
    unit_code: str | None = Field(None, max_length=20, description="Đơn vị sở hữu phiếu")
    form_id: str | None = Field(None, max_length=100)


QUESTIONNAIRE_FILTERS = {"unit_code": "unit__code", "form_id": "form_id"}


def _questionnaires(request: HttpRequest) -> QuerySet[Questionnaire]:
    """The questionnaires the caller may read: those of the units in their scope, and those of the district or
    province above each of their units (which its campaigns may use)."""
    require_reader(request, SURVEY_READERS, "phiếu khảo sát")
    usable = scoped(Questionnaire.objects.all(), request.user)
    for membership in memberships(request.user):
        if membership.unit is not None:
            usable = usable | actions.usable_questionnaires(membership.unit)
    latest = Prefetch("versions", queryset=QuestionnaireVersion.objects.order_by("-number")[:1], to_attr="latest")
    return Questionnaire.objects.filter(pk__in=usable.values("pk")).select_related("unit").prefetch_related(latest)


@router.get(
    "/surveys/questionnaires",
    response=answers({200: list[QuestionnaireOut]}),
    summary="Các phiếu khảo sát dùng được (của đơn vị trong phạm vi và của cấp trên)",
)
@paginate(Page)
def list_questionnaires(request: HttpRequest, filters: Query[QuestionnaireFilter]) -> QuerySet[Questionnaire]:
    return narrowed(_questionnaires(request).order_by("title", "pk"), filters, QUESTIONNAIRE_FILTERS)


@router.get(
    "/surveys/questionnaires/{questionnaire_id}",
    response=answers({200: QuestionnaireDetailOut}),
    summary="Một phiếu khảo sát với câu hỏi và lựa chọn của phiên bản mới nhất",
)
def get_questionnaire(request: HttpRequest, questionnaire_id: RecordId) -> Questionnaire:
    return get_object_or_404(_questionnaires(request), pk=questionnaire_id)


# --- campaigns and their figures -----------------------------------------------------------------------------------


class CampaignOut(RecordSchema):
    id: int
    unit_code: str
    name: str
    questionnaire_id: int
    form_id: str
    version: str = Field(..., description="Phiên bản phiếu của đợt")
    version_number: int
    starts_on: dt.date
    ends_on: dt.date
    channels: list[ChannelCode]
    open_today: bool = Field(..., description="Hôm nay trong thời gian của đợt")
    target: int = Field(..., description="Số phiếu cần thu (cho từng lĩnh vực khi target_per_field)")
    target_per_field: bool
    fields: list[str] = Field(..., description="Các lĩnh vực của đợt")
    is_baseline: bool = Field(..., description="Khảo sát trước khi ra mắt mô hình")
    forms: int = Field(..., description="Số phiếu đã thu")
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_questionnaire_id(c: Campaign) -> int:
        return c.version.questionnaire_id

    @staticmethod
    def resolve_form_id(c: Campaign) -> str:
        return c.version.questionnaire.form_id

    @staticmethod
    def resolve_version(c: Campaign) -> str:
        return c.version.version

    @staticmethod
    def resolve_version_number(c: Campaign) -> int:
        return c.version.number

    @staticmethod
    def resolve_open_today(c: Campaign) -> bool:
        return c.starts_on <= timezone.localdate() <= c.ends_on

    @staticmethod
    def resolve_forms(c: Campaign) -> int:
        return int(getattr(c, "form_count", 0))


class FieldProgressOut(Schema):
    field: str
    reached: int
    target: int


class ProgressOut(Schema):
    reached: int = Field(..., description="Số phiếu đã thu")
    target: int = Field(..., description="Số phiếu cần thu (cả đợt)")
    rate: float | None = Field(..., description="reached / target (null khi không đặt chỉ tiêu)")
    fields: list[FieldProgressOut] = Field(..., description="Theo lĩnh vực, khi chỉ tiêu tính cho từng lĩnh vực")


class QuestionFiguresOut(Schema):
    answers: int = Field(..., description="Số phiếu trả lời câu này")
    choices: dict[str, int] = Field(..., description="Số lần chọn mỗi lựa chọn (theo mã lựa chọn)")
    satisfied: int
    rate: float | None = Field(..., description="satisfied / answers; null khi không phải câu thang đo")


class AspectFiguresOut(Schema):
    answers: int
    satisfied: int
    rate: float | None


class FiguresOut(Schema):
    """The keys of `thanthien stats surveys --json`, over the campaign's forms (from, to: the campaign's period)."""

    unit: str
    date_from: dt.date = Field(..., alias="from")
    date_to: dt.date = Field(..., alias="to")
    forms: int
    by_channel: dict[ChannelCode, int]
    answers: int = Field(..., description="Số câu trả lời theo thang đo")
    satisfied: int = Field(..., description="Số câu trả lời hài lòng")
    satisfaction_rate: float | None = Field(..., description="satisfied / answers")
    questions: dict[str, QuestionFiguresOut]
    aspects: dict[str, AspectFiguresOut] = Field(..., description="Theo nhóm (khía cạnh); “khac”: ngoài nhóm")


class CampaignDetailOut(CampaignOut):
    progress: ProgressOut
    figures: FiguresOut

    @staticmethod
    def resolve_progress(c: Campaign) -> dict[str, Any]:
        return stats.progress(c)

    @staticmethod
    def resolve_figures(c: Campaign) -> dict[str, Any]:
        head = {"unit": c.unit.code, "from": c.starts_on.isoformat(), "to": c.ends_on.isoformat()}
        return stats.summarise(c.responses.all(), head)


class CampaignFilter(Schema):
    unit_code: str | None = Field(None, max_length=20)
    form_id: str | None = Field(None, max_length=100, description="Mã phiếu khảo sát (form_id)")


CAMPAIGN_FILTERS = {"unit_code": "unit__code", "form_id": "version__questionnaire__form_id"}


def _campaigns(request: HttpRequest) -> QuerySet[Campaign]:
    require_reader(request, SURVEY_READERS, "đợt khảo sát")
    counted = Campaign.objects.select_related("unit", "version", "version__questionnaire").annotate(
        form_count=Count("responses")
    )
    return scoped(counted, request.user)


@router.get(
    "/surveys/campaigns",
    response=answers({200: list[CampaignOut]}),
    summary="Các đợt khảo sát (trong phạm vi), mới bắt đầu trước",
)
@paginate(Page)
def list_campaigns(request: HttpRequest, filters: Query[CampaignFilter]) -> QuerySet[Campaign]:
    return narrowed(_campaigns(request).order_by("-starts_on", "-pk"), filters, CAMPAIGN_FILTERS)


@router.get(
    "/surveys/campaigns/{campaign_id}",
    response=answers({200: CampaignDetailOut}),
    summary="Một đợt khảo sát: số phiếu so với chỉ tiêu và kết quả (như thanthien stats surveys)",
    by_alias=True,
)
def get_campaign(request: HttpRequest, campaign_id: RecordId) -> Campaign:
    return get_object_or_404(_campaigns(request), pk=campaign_id)


# --- public: the online channel ------------------------------------------------------------------------------------

MAX_QUESTIONS = 500
MAX_VALUES = 50  # per question, as the web form: a select_multiple has a few choices
MAX_VALUE = 2000

UnitCode = Annotated[str, Path(..., max_length=40, examples=["X16012"])]
FormId = Annotated[str, Path(..., max_length=100, examples=["khao_sat_dau_ky"])]


class PublicChoiceOut(Schema):
    name: str
    label: str


class PublicQuestionOut(Schema):
    name: str
    type: QuestionTypeCode
    label: str
    required: bool
    relevant: str = Field(..., description="Điều kiện hiện câu hỏi (trống: luôn hiện)")
    relevant_name: str = Field(..., description="Câu hỏi chỉ hiện khi câu này …")
    relevant_value: str = Field(..., description="… được trả lời bằng lựa chọn này")
    group_name: str
    group_label: str
    choices: list[PublicChoiceOut]


class PublicFormOut(Schema):
    unit_code: str
    unit_name: str
    form_id: str
    title: str
    campaign: str = Field(..., description="Tên đợt khảo sát đang mở")
    ends_on: dt.date = Field(..., description="Ngày cuối nhận phiếu")
    fields: list[str] = Field(..., description="Lĩnh vực người trả lời có thể chọn (có thể trống)")
    questions: list[PublicQuestionOut]


def _bounded_answers(value: dict[str, list[str]]) -> dict[str, list[str]]:
    if len(value) > MAX_QUESTIONS:
        raise ValueError(f"Phiếu có nhiều nhất {MAX_QUESTIONS} câu trả lời.")
    for name, values in value.items():
        if len(name) > 100:
            raise ValueError("Tên câu hỏi dài quá 100 ký tự.")
        if len(values) > MAX_VALUES:
            raise ValueError(f"Câu “{name}”: nhiều nhất {MAX_VALUES} giá trị.")
        if any(len(v) > MAX_VALUE for v in values):
            raise ValueError(f"Câu “{name}”: mỗi câu trả lời dài nhiều nhất {MAX_VALUE} ký tự.")
    return value


class PublicAnswersIn(Schema):
    answers: Annotated[dict[str, list[str]], AfterValidator(_bounded_answers)] = Field(
        ...,
        description="Tên câu hỏi → giá trị: mã lựa chọn (chọn nhiều: mỗi mã một phần tử), số nguyên hoặc chữ",
        examples=[
            {
                "hl_chung": ["hai_long"],
                "hl_thai_do": ["rat_hai_long"],
                "hl_thu_tuc": ["binh_thuong"],
                "hl_lang_nghe": ["hai_long"],
            }
        ],
    )
    field: str = Field("", max_length=200, description="Lĩnh vực (một trong `fields` của phiếu), nếu có")


class SubmittedOut(Schema):
    detail: str
    submitted_on: dt.date
    answered: int = Field(..., description="Số câu hỏi đã trả lời")


def _public_form(unit_code: str, form_id: str) -> tuple[Unit, Questionnaire, Campaign]:
    """The commune (valid today), its questionnaire of that form_id (its own before one from above) and the
    campaign open today on the online channel, or 404 with the reason."""
    today = timezone.localdate()
    try:
        unit, questionnaire = actions.public_form(unit_code, form_id)
    except LookupError as exc:
        raise HttpError(404, str(exc)) from None
    campaign = actions.open_campaign(unit, questionnaire, Channel.ONLINE, today)
    if campaign is None:
        raise HttpError(
            404,
            f"{unit.name} hiện không có đợt khảo sát “{questionnaire.title}” đang mở trực tuyến. "
            "Xin vui lòng quay lại sau.",
        )
    return unit, questionnaire, campaign


def _refused(detail: str, errors: dict[str, str], where: str = "answers") -> HttpStatus[dict[str, Any]]:
    """422 in the shape of every refused request: the detail, then each question's (or field's) message."""
    detail += " " + " ".join(f"{name}: {msg}" for name, msg in errors.items())
    rows = [
        {"loc": ["body", where, name] if where else ["body", name], "field": name, "where": "nội dung", "msg": msg}
        for name, msg in errors.items()
    ]
    return HttpStatus(422, {"detail": detail, "errors": rows})


@router.get(
    "/surveys/public/{unit_code}/{form_id}",
    auth=None,
    response=answers({200: PublicFormOut}),
    summary="Công khai: câu hỏi của đợt khảo sát đang mở trực tuyến (không cần đăng nhập)",
)
def public_form(request: HttpRequest, unit_code: UnitCode, form_id: FormId) -> dict[str, Any]:
    unit, questionnaire, campaign = _public_form(unit_code, form_id)
    return {
        "unit_code": unit.code,
        "unit_name": unit.name,
        "form_id": questionnaire.form_id,
        "title": campaign.version.title,
        "campaign": campaign.name,
        "ends_on": campaign.ends_on,
        "fields": campaign.fields,
        "questions": _questions(*actions.version_parts(campaign.version), staff=False),
    }


@router.post(
    "/surveys/public/{unit_code}/{form_id}",
    auth=None,
    response=answers({201: SubmittedOut, 429: ErrorOut}),
    summary="Công khai: gửi một phiếu trả lời cho đợt khảo sát đang mở trực tuyến (không cần đăng nhập)",
    description=(
        "Không cần đăng nhập, không cần mã CSRF. Phiếu trống bị từ chối (422); mỗi câu trả lời sai được nêu trong "
        "`errors` (422). Mỗi thiết bị (cookie) và mỗi địa chỉ mạng chỉ gửi được một số phiếu mỗi giờ (429)."
    ),
)
def public_submit(
    request: HttpRequest, response: HttpResponse, unit_code: UnitCode, form_id: FormId, payload: PublicAnswersIn
) -> HttpStatus[dict[str, Any]]:
    unit, _questionnaire, campaign = _public_form(unit_code, form_id)
    given = payload.answers
    if not any(v.strip() for values in given.values() for v in values):
        return HttpStatus(422, {"detail": actions.EMPTY_FORM, "errors": []})
    questions, lists = actions.version_parts(campaign.version)
    asked = {q.name for q in questions}
    unknown = {name: "Phiếu khảo sát không có câu hỏi này." for name in given if name not in asked}
    if unknown:
        return _refused("Phiếu chưa gửi được:", unknown)
    if payload.field and payload.field not in campaign.fields:
        choose = f"chọn một trong: {', '.join(campaign.fields)}" if campaign.fields else "đợt này không chia lĩnh vực"
        return _refused("Phiếu chưa gửi được:", {"field": f"Lĩnh vực không thuộc đợt khảo sát ({choose})."}, "")
    device, new_device = brakes.device_of(request)
    try:
        with transaction.atomic():  # a refused form takes its counts back with it
            brake = brakes.admit(unit, device, brakes.client_of(request))
            if brake is not None:
                return HttpStatus(429, {"detail": brakes.MESSAGES[brake], "errors": []})
            saved = actions.submit_response(
                campaign, Channel.ONLINE, given, facts={"field": payload.field}, parts=(questions, lists)
            )
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            per_question = {name: messages[0] for name, messages in exc.message_dict.items()}
            return _refused("Phiếu chưa gửi được, vui lòng xem lại:", per_question)
        return HttpStatus(422, {"detail": " ".join(exc.messages), "errors": []})
    if new_device:
        brakes.remember_device(response, device)
    answered = len({a.question_id for a in saved.answers.all()})
    thanks = f"Xin cảm ơn Ông/Bà! {unit.name} đã nhận phiếu khảo sát “{campaign.version.title}”."
    return HttpStatus(201, {"detail": thanks, "submitted_on": saved.submitted_on, "answered": answered})
