"""The model's API (issue 11 item 12), read-only: issued documents, activities, inspections with their remedies,
recognitions, scorings with their scores per criterion, roll-out targets.

The same readers as the model's pages (every commune role and the supervisors above, models.PROGRAMME_READERS);
every read goes through org scoping, so another commune's record is "not found" (404). No citizen's personal data
is held by these records; the officials' directory (phones an official chose to hide) is not served here."""

import datetime as dt
from typing import Literal, TypeVar

from django.db.models import Model, Prefetch, Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from thanthien.org.scoping import scoped
from thanthien.programme.models import (
    PROGRAMME_READERS,
    Activity,
    Inspection,
    IssuedDocument,
    Recognition,
    Remedy,
    RolloutTarget,
    Score,
    Scoring,
)

from .common import Page, RecordId, RegisterDay, answers, narrowed, require_reader
from .schemas import RecordSchema

router = Router(tags=["Xây dựng mô hình"])
M = TypeVar("M", bound=Model)

DocumentKindCode = Literal["decision", "resolution", "plan", "notice", "official_letter", "report", "regulation"]
IssuerCode = Literal["party_committee", "peoples_committee", "board", "higher"]
DecidesCode = Literal["", "board", "plan", "launch", "regulation", "inspection", "recognition", "other"]
ActivityKindCode = Literal["meeting", "broadcast", "article", "website_post", "training", "launch"]
InspectorCode = Literal["supervisor", "front", "party", "commune"]
LevelCode = Literal["province", "district"]
StatusCode = Literal["draft", "submitted", "returned", "verified", "published"]
ClassCode = Literal["", "tot", "kha", "dat", "chua_dat"]
CriterionKindCode = Literal["score", "bonus", "penalty"]
DATE_FROM = Field(None, alias="from", description="Từ ngày (tính cả ngày này)")
DATE_TO = Field(None, alias="to", description="Đến ngày (tính cả ngày này)")


def _readable(request: HttpRequest, queryset: QuerySet[M], what: str) -> QuerySet[M]:
    require_reader(request, PROGRAMME_READERS, what)
    return scoped(queryset, request.user)


# --- issued documents ------------------------------------------------------------------------------------------------


class DocumentOut(RecordSchema):
    id: int
    unit_code: str
    kind: DocumentKindCode
    kind_label: str
    number: str = Field(..., examples=["59-QĐ/ĐU"], description="Số, ký hiệu")
    issued_on: dt.date
    issuer: IssuerCode
    issuer_name: str = Field(..., description="Tên cơ quan cấp trên ban hành (khi issuer là higher)")
    summary: str = Field(..., description="Trích yếu")
    decides: DecidesCode
    has_file: bool

    @staticmethod
    def resolve_kind_label(d: IssuedDocument) -> str:
        return d.get_kind_display()

    @staticmethod
    def resolve_has_file(d: IssuedDocument) -> bool:
        return bool(d.file)


class DocumentFilter(Schema):
    unit_code: str | None = Field(None, max_length=20)
    kind: DocumentKindCode | None = None
    issuer: IssuerCode | None = None
    q: str | None = Field(None, max_length=100, description="Tìm trong số, ký hiệu và trích yếu")
    date_from: RegisterDay | None = DATE_FROM
    date_to: RegisterDay | None = DATE_TO


DOCUMENT_FILTERS = {
    "unit_code": "unit__code",
    "kind": "kind",
    "issuer": "issuer",
    "date_from": "issued_on__gte",
    "date_to": "issued_on__lte",
}


def _documents(request: HttpRequest) -> QuerySet[IssuedDocument]:
    return _readable(request, IssuedDocument.objects.select_related("unit"), "văn bản về mô hình")


@router.get(
    "/programme/documents",
    response=answers({200: list[DocumentOut]}),
    summary="Văn bản về mô hình (trong phạm vi), mới ban hành trước",
)
@paginate(Page)
def list_documents(request: HttpRequest, filters: Query[DocumentFilter]) -> QuerySet[IssuedDocument]:
    qs = narrowed(_documents(request).order_by("-issued_on", "-pk"), filters, DOCUMENT_FILTERS)
    if filters.q and filters.q.strip():
        words = filters.q.strip()
        qs = qs.filter(Q(number__icontains=words) | Q(summary__icontains=words))
    return qs


@router.get("/programme/documents/{document_id}", response=answers({200: DocumentOut}), summary="Một văn bản")
def get_document(request: HttpRequest, document_id: RecordId) -> IssuedDocument:
    return get_object_or_404(_documents(request), pk=document_id)


# --- activities ------------------------------------------------------------------------------------------------------


class ActivityOut(RecordSchema):
    id: int
    unit_code: str
    kind: ActivityKindCode
    kind_label: str
    held_on: dt.date
    title: str
    attendees: int | None = Field(..., description="Số người dự (hội nghị), số học viên (tập huấn)")
    outlet: str
    link: str
    has_photo: bool

    @staticmethod
    def resolve_kind_label(a: Activity) -> str:
        return a.get_kind_display()

    @staticmethod
    def resolve_has_photo(a: Activity) -> bool:
        return bool(a.photo)


class ActivityFilter(Schema):
    unit_code: str | None = Field(None, max_length=20)
    kind: ActivityKindCode | None = None
    date_from: RegisterDay | None = DATE_FROM
    date_to: RegisterDay | None = DATE_TO


ACTIVITY_FILTERS = {"unit_code": "unit__code", "kind": "kind", "date_from": "held_on__gte", "date_to": "held_on__lte"}


def _activities(request: HttpRequest) -> QuerySet[Activity]:
    return _readable(request, Activity.objects.select_related("unit"), "hoạt động")


@router.get(
    "/programme/activities",
    response=answers({200: list[ActivityOut]}),
    summary="Hoạt động tuyên truyền, tập huấn, ra mắt mô hình (trong phạm vi), mới nhất trước",
)
@paginate(Page)
def list_activities(request: HttpRequest, filters: Query[ActivityFilter]) -> QuerySet[Activity]:
    return narrowed(_activities(request).order_by("-held_on", "-pk"), filters, ACTIVITY_FILTERS)


@router.get("/programme/activities/{activity_id}", response=answers({200: ActivityOut}), summary="Một hoạt động")
def get_activity(request: HttpRequest, activity_id: RecordId) -> Activity:
    return get_object_or_404(_activities(request), pk=activity_id)


# --- inspections and remedies ----------------------------------------------------------------------------------------


class RemedyOut(Schema):
    id: int
    text: str
    due_on: dt.date | None
    done_on: dt.date | None = Field(..., description="Ngày đã khắc phục (trống: chưa)")
    answer: str


class InspectionOut(RecordSchema):
    id: int
    unit_code: str = Field(..., description="Mã xã được kiểm tra, giám sát")
    by_kind: InspectorCode
    by_kind_label: str
    by_unit_code: str | None = Field(..., description="Mã đơn vị cấp trên kiểm tra")
    is_supervision: bool
    target: str = Field(..., description="Đối tượng trong xã (trống: toàn xã)")
    held_on: dt.date
    content: str
    findings: str
    conclusion_id: int | None = Field(..., description="Văn bản kết luận (id trong /programme/documents)")
    remedies: list[RemedyOut]

    @staticmethod
    def resolve_by_kind_label(i: Inspection) -> str:
        return i.get_by_kind_display()

    @staticmethod
    def resolve_by_unit_code(i: Inspection) -> str | None:
        return i.by_unit.code if i.by_unit else None

    @staticmethod
    def resolve_remedies(i: Inspection) -> list[Remedy]:
        return list(i.remedies.all())


class InspectionFilter(Schema):
    unit_code: str | None = Field(None, max_length=20)
    by_kind: InspectorCode | None = None
    date_from: RegisterDay | None = DATE_FROM
    date_to: RegisterDay | None = DATE_TO


INSPECTION_FILTERS = {
    "unit_code": "unit__code",
    "by_kind": "by_kind",
    "date_from": "held_on__gte",
    "date_to": "held_on__lte",
}


def _inspections(request: HttpRequest) -> QuerySet[Inspection]:
    remedies = Prefetch("remedies", queryset=Remedy.objects.order_by("pk"))
    base = Inspection.objects.select_related("unit", "by_unit").prefetch_related(remedies)
    return _readable(request, base, "kiểm tra, giám sát")


@router.get(
    "/programme/inspections",
    response=answers({200: list[InspectionOut]}),
    summary="Các cuộc kiểm tra, giám sát với nội dung phải khắc phục (trong phạm vi), mới nhất trước",
)
@paginate(Page)
def list_inspections(request: HttpRequest, filters: Query[InspectionFilter]) -> QuerySet[Inspection]:
    return narrowed(_inspections(request).order_by("-held_on", "-pk"), filters, INSPECTION_FILTERS)


@router.get(
    "/programme/inspections/{inspection_id}",
    response=answers({200: InspectionOut}),
    summary="Một cuộc kiểm tra, giám sát với nội dung phải khắc phục",
)
def get_inspection(request: HttpRequest, inspection_id: RecordId) -> Inspection:
    return get_object_or_404(_inspections(request), pk=inspection_id)


# --- recognitions ----------------------------------------------------------------------------------------------------


class RecognitionOut(RecordSchema):
    id: int
    unit_code: str
    level: LevelCode
    level_label: str
    decided_on: dt.date
    decision_number: str
    review_on: dt.date | None = Field(..., description="Ngày đánh giá lại (công nhận có hiệu lực đến hết ngày này)")
    decided_by_code: str | None
    document_id: int | None

    @staticmethod
    def resolve_level_label(r: Recognition) -> str:
        return r.get_level_display()

    @staticmethod
    def resolve_decided_by_code(r: Recognition) -> str | None:
        return r.decided_by.code if r.decided_by else None


class RecognitionFilter(Schema):
    unit_code: str | None = Field(None, max_length=20)
    level: LevelCode | None = None
    valid_on: RegisterDay | None = Field(None, description="Chỉ các quyết định còn hiệu lực vào ngày này")


def _recognitions(request: HttpRequest) -> QuerySet[Recognition]:
    return _readable(request, Recognition.objects.select_related("unit", "decided_by"), "công nhận mô hình")


@router.get(
    "/programme/recognitions",
    response=answers({200: list[RecognitionOut]}),
    summary="Quyết định công nhận mô hình (trong phạm vi), mới nhất trước",
)
@paginate(Page)
def list_recognitions(request: HttpRequest, filters: Query[RecognitionFilter]) -> QuerySet[Recognition]:
    qs = narrowed(_recognitions(request).order_by("-decided_on", "-pk"), filters, {"unit_code": "unit__code"})
    if filters.level:
        qs = qs.filter(level=filters.level)
    return qs.filter(pk__in=Recognition.objects.valid_on(filters.valid_on).values("pk")) if filters.valid_on else qs


@router.get(
    "/programme/recognitions/{recognition_id}",
    response=answers({200: RecognitionOut}),
    summary="Một quyết định công nhận mô hình",
)
def get_recognition(request: HttpRequest, recognition_id: RecordId) -> Recognition:
    return get_object_or_404(_recognitions(request), pk=recognition_id)


# --- scorings and scores ---------------------------------------------------------------------------------------------


class ScoreOut(Schema):
    criterion_code: str = Field(..., examples=["TC1"])
    criterion_title: str
    parent_code: str | None = Field(..., description="Mã tiêu chí cha (với tiêu chí thành phần)")
    kind: CriterionKindCode
    max_points: float
    self_score: float | None
    verified_score: float | None
    comment: str = Field(..., description="Nhận xét của cấp trên")
    returned_reason: str

    @staticmethod
    def resolve_criterion_code(s: Score) -> str:
        return s.criterion.code

    @staticmethod
    def resolve_criterion_title(s: Score) -> str:
        return s.criterion.title

    @staticmethod
    def resolve_parent_code(s: Score) -> str | None:
        return s.criterion.parent.code if s.criterion.parent else None

    @staticmethod
    def resolve_kind(s: Score) -> str:
        return s.criterion.kind

    @staticmethod
    def resolve_max_points(s: Score) -> float:
        return float(s.criterion.max_points)


class ScoringOut(RecordSchema):
    id: int
    unit_code: str
    year: int
    criteria_set_code: str
    criteria_set_version: int
    status: StatusCode
    status_label: str
    self_total: float | None
    verified_total: float | None
    score_class: ClassCode = Field(..., description="Xếp loại: tot, kha, dat, chua_dat (trống khi chưa xếp loại)")
    published_on: dt.date | None
    scores: list[ScoreOut]

    @staticmethod
    def resolve_criteria_set_code(s: Scoring) -> str:
        return s.criteria_set.code

    @staticmethod
    def resolve_criteria_set_version(s: Scoring) -> int:
        return s.criteria_set.version

    @staticmethod
    def resolve_status_label(s: Scoring) -> str:
        return s.get_status_display()

    @staticmethod
    def resolve_scores(s: Scoring) -> list[Score]:
        return list(s.scores.all())


class ScoringFilter(Schema):
    unit_code: str | None = Field(None, max_length=20)
    year: int | None = Field(None, ge=2000, le=2100)
    status: StatusCode | None = None
    score_class: Literal["tot", "kha", "dat", "chua_dat"] | None = None


SCORING_FILTERS = {"unit_code": "unit__code", "year": "year", "status": "status", "score_class": "score_class"}


def _scorings(request: HttpRequest) -> QuerySet[Scoring]:
    scores = Prefetch(
        "scores",
        queryset=Score.objects.select_related("criterion", "criterion__parent").order_by("criterion__order", "pk"),
    )
    base = Scoring.objects.select_related("unit", "criteria_set").prefetch_related(scores)
    return _readable(request, base, "chấm điểm mô hình")


@router.get(
    "/programme/scorings",
    response=answers({200: list[ScoringOut]}),
    summary="Chấm điểm mô hình theo năm với điểm từng tiêu chí (trong phạm vi), năm gần nhất trước",
)
@paginate(Page)
def list_scorings(request: HttpRequest, filters: Query[ScoringFilter]) -> QuerySet[Scoring]:
    return narrowed(_scorings(request).order_by("-year", "unit__code", "pk"), filters, SCORING_FILTERS)


@router.get(
    "/programme/scorings/{scoring_id}",
    response=answers({200: ScoringOut}),
    summary="Một bảng chấm điểm với điểm từng tiêu chí",
)
def get_scoring(request: HttpRequest, scoring_id: RecordId) -> Scoring:
    return get_object_or_404(_scorings(request), pk=scoring_id)


# --- roll-out targets ------------------------------------------------------------------------------------------------


class TargetOut(RecordSchema):
    id: int
    unit_code: str = Field(..., description="Mã tỉnh, huyện đặt chỉ tiêu")
    by_date: dt.date
    share: float = Field(..., ge=0, le=1, description="Tỷ lệ xã, phường được công nhận phải đạt (0–1)")
    note: str


class TargetFilter(Schema):
    unit_code: str | None = Field(None, max_length=20)


def _targets(request: HttpRequest) -> QuerySet[RolloutTarget]:
    return _readable(request, RolloutTarget.objects.select_related("unit"), "chỉ tiêu nhân rộng mô hình")


@router.get(
    "/programme/targets",
    response=answers({200: list[TargetOut]}),
    summary="Chỉ tiêu nhân rộng mô hình của các tỉnh, huyện (trong phạm vi)",
)
@paginate(Page)
def list_targets(request: HttpRequest, filters: Query[TargetFilter]) -> QuerySet[RolloutTarget]:
    return narrowed(_targets(request).order_by("unit__code", "by_date", "pk"), filters, {"unit_code": "unit__code"})


@router.get(
    "/programme/targets/{target_id}", response=answers({200: TargetOut}), summary="Một chỉ tiêu nhân rộng mô hình"
)
def get_target(request: HttpRequest, target_id: RecordId) -> RolloutTarget:
    return get_object_or_404(_targets(request), pk=target_id)
