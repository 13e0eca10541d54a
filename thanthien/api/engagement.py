"""Citizen engagement API (issue 9 item 10), read-only: petitions (list with filters; one, with each step's due day
and how it was reached), reception sessions with their visits, dialogues, opinions.

The same roles as the pages (MTTQ reads no petitions; supervisors read every commune under them); every read goes
through org scoping; citizens' details are in clear only for the staff of the record's commune (RecordSchema). A
petition's `number`, `year`, `kind`, `received_on`, `handled_on`, `status` and `deadlines` are the shape of
`thanthien export petitions --json`."""

import datetime as dt
from typing import Literal

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from thanthien.engagement.dialogues import DIALOGUE_READERS, Dialogue, Opinion
from thanthien.engagement.exports import petition_deadlines, stored_due_days
from thanthien.engagement.limits import LimitRuleMissing, deadlines
from thanthien.engagement.models import CLOSING_DIRECTIONS, PETITION_READERS, Outcome, Petition, PetitionDeadline
from thanthien.engagement.readers import readable_dialogues
from thanthien.engagement.reception import RECEPTION_READERS, ReceptionSession, ReceptionVisit
from thanthien.org.scoping import scoped

from .common import Page, RecordId, RegisterDay, answers, narrowed, require_reader
from .schemas import RecordSchema

router = Router(tags=["Tiếp công dân, đơn thư, đối thoại"])

KindCode = Literal["complaint", "denunciation", "recommendation", "feedback"]
SourceCode = Literal["direct", "post", "hand", "forwarded", "reception", "online"]
StatusCode = Literal["received", "classified", "accepted", "resolved", "withdrawn", "closed"]
StepCode = Literal["acceptance", "initial_handling", "resolution", "forwarding", "answer", "reply"]
Deadlines = dict[StepCode, dt.date]
DEADLINES_HELP = 'Hạn của các bước áp dụng cho đơn: {"acceptance" | "initial_handling" | "resolution" | ...: ngày}'

# --- petitions -------------------------------------------------------------------------------------------------


class PetitionOut(RecordSchema):
    id: int
    unit_code: str
    number: int = Field(..., description="Số đơn trong sổ của năm nhận đơn (số hiển thị: số/năm)")
    year: int
    display_number: str = Field(..., examples=["12/2026"])
    kind: KindCode
    source: SourceCode
    received_on: dt.date
    handled_on: dt.date | None = Field(..., description="Ngày quyết định hướng xử lý")
    status: StatusCode
    status_label: str
    petitioner_name: str
    petitioner_address: str
    petitioner_id_number: str
    signers: int
    anonymous: bool
    field: str
    content: str
    eligible: bool | None
    within_competence: bool | None
    direction: Literal["", "accept", "guide", "forward", "return", "archive", "refuse"]
    forwarded_to: str
    accepted_on: dt.date | None
    resolved_on: dt.date | None
    outcome: Literal["", "founded", "partly_founded", "unfounded", "answered", "withdrawn"]
    decision_number: str
    deadlines: Deadlines = Field(..., description=DEADLINES_HELP + " (đã lưu, cập nhật sau mỗi thao tác)")

    @staticmethod
    def resolve_deadlines(p: Petition) -> dict[str, str]:
        return stored_due_days(p)


class StepOut(Schema):
    step: StepCode
    label: str
    due_on: dt.date
    done_on: dt.date | None
    explanation: list[str] = Field(..., description="Hạn được tính thế nào, từng dòng")


class PetitionDetailOut(PetitionOut):
    deadlines: Deadlines = Field(..., description=DEADLINES_HELP)
    steps: list[StepOut]

    @staticmethod
    def resolve_deadlines(p: Petition) -> dict[str, str]:
        return petition_deadlines(p)

    @staticmethod
    def resolve_steps(p: Petition) -> list[dict[str, object]]:
        try:
            found = deadlines(p)
        except LimitRuleMissing:
            return []
        return [
            {"step": d.step, "label": d.label, "due_on": d.due, "done_on": d.done_on, "explanation": list(d.lines)}
            for d in found.values()
        ]


class PetitionFilter(Schema):
    unit_code: str | None = Field(None, max_length=20)
    kind: KindCode | None = None
    source: SourceCode | None = None
    status: StatusCode | None = None
    received_from: RegisterDay | None = Field(None, description="Nhận từ ngày (tính cả ngày này)")
    received_to: RegisterDay | None = Field(None, description="Nhận đến ngày (tính cả ngày này)")


PETITION_FILTERS = {
    "unit_code": "unit__code",
    "kind": "kind",
    "source": "source",
    "received_from": "received_on__gte",
    "received_to": "received_on__lte",
}
# Petition.status in SQL, in the property's order: each status is what the ones before it are not.
_WITHDRAWN = Q(outcome=Outcome.WITHDRAWN)
_RESOLVED = Q(resolved_on__isnull=False)
_ACCEPTED = Q(accepted_on__isnull=False)
_CLOSED = Q(direction__in=CLOSING_DIRECTIONS, handled_on__isnull=False)
_CLASSIFIED = ~Q(direction="") | Q(eligible__isnull=False) | Q(within_competence__isnull=False)
_ORDER = [("withdrawn", _WITHDRAWN), ("resolved", _RESOLVED), ("accepted", _ACCEPTED), ("closed", _CLOSED)]
_ORDER += [("classified", _CLASSIFIED), ("received", Q())]


def status_filter(status: str) -> Q:
    wanted = Q()
    for name, condition in _ORDER:
        if name == status:
            return wanted & condition
        wanted &= ~condition
    return wanted


def _petitions(request: HttpRequest) -> QuerySet[Petition]:
    require_reader(request, PETITION_READERS, "đơn thư")  # as the petition pages: MTTQ does not read petitions
    steps = Prefetch("due_steps", queryset=PetitionDeadline.objects.order_by("due_on"))
    return scoped(Petition.objects.select_related("unit").prefetch_related(steps, "extensions"), request.user)


@router.get(
    "/petitions",
    response=answers({200: list[PetitionOut]}),
    summary="Danh sách đơn thư (trong phạm vi), mới nhận trước",
)
@paginate(Page)
def list_petitions(request: HttpRequest, filters: Query[PetitionFilter]) -> QuerySet[Petition]:
    qs = narrowed(_petitions(request).order_by("-received_on", "-pk"), filters, PETITION_FILTERS)
    return qs.filter(status_filter(filters.status)) if filters.status else qs


@router.get(
    "/petitions/{petition_id}",
    response=answers({200: PetitionDetailOut}),
    summary="Một đơn thư, với hạn từng bước và cách tính",
)
def get_petition(request: HttpRequest, petition_id: RecordId) -> Petition:
    return get_object_or_404(_petitions(request), pk=petition_id)


# --- reception register ----------------------------------------------------------------------------------------


class VisitOut(RecordSchema):
    id: int
    register_number: str
    citizen_name: str
    citizen_address: str
    citizen_id_number: str
    people: int
    representatives: str
    content: str
    subject_kind: KindCode
    first_time: bool
    outcome: Literal["answered", "guided", "petition", "refused"]
    outcome_note: str
    petition_id: int | None


class SessionOut(RecordSchema):
    id: int
    unit_code: str
    held_on: dt.date
    kind: Literal["regular", "periodic", "unscheduled"]
    receiver: Literal["chairman", "vice_chairman", "secretary", "deputy_secretary", "authorised"]
    receiver_name: str
    head_in_person: bool
    place: str
    nobody_came: bool
    register_number: str
    note: str
    visits: list[VisitOut]

    @staticmethod
    def resolve_visits(s: ReceptionSession) -> list[ReceptionVisit]:
        return list(s.visits.all())


class SessionFilter(Schema):
    unit_code: str | None = Field(None, max_length=20)
    kind: Literal["regular", "periodic", "unscheduled"] | None = None
    date_from: RegisterDay | None = Field(None, alias="from", description="Tiếp từ ngày (tính cả ngày này)")
    date_to: RegisterDay | None = Field(None, alias="to", description="Tiếp đến ngày (tính cả ngày này)")


SESSION_FILTERS = {"unit_code": "unit__code", "kind": "kind", "date_from": "held_on__gte", "date_to": "held_on__lte"}


def _sessions(request: HttpRequest) -> QuerySet[ReceptionSession]:
    require_reader(request, RECEPTION_READERS, "sổ tiếp công dân")
    visits = Prefetch("visits", queryset=ReceptionVisit.objects.order_by("pk"))
    return scoped(ReceptionSession.objects.select_related("unit").prefetch_related(visits), request.user)


@router.get(
    "/reception-sessions",
    response=answers({200: list[SessionOut]}),
    summary="Sổ tiếp công dân: các buổi tiếp và lượt tiếp (trong phạm vi), mới nhất trước",
)
@paginate(Page)
def list_sessions(request: HttpRequest, filters: Query[SessionFilter]) -> QuerySet[ReceptionSession]:
    return narrowed(_sessions(request).order_by("-held_on", "-pk"), filters, SESSION_FILTERS)


@router.get(
    "/reception-sessions/{session_id}",
    response=answers({200: SessionOut}),
    summary="Một buổi tiếp công dân với các lượt tiếp",
)
def get_session(request: HttpRequest, session_id: RecordId) -> ReceptionSession:
    return get_object_or_404(_sessions(request), pk=session_id)


# --- dialogues and opinions ------------------------------------------------------------------------------------

SourceOfOpinion = Literal["reception", "dialogue", "meeting", "online"]


class DialogueOut(RecordSchema):
    id: int
    unit_code: str
    ref: str
    held_on: dt.date
    topic: str
    place: str
    chaired_by: str
    party_head_chaired: bool
    committee_head_chaired: bool
    front_participants: int
    organisation_participants: int
    people_participants: int
    participants: int
    opinions: int = Field(..., description="Số ý kiến nêu tại cuộc đối thoại")
    opinions_answered: int
    note: str

    @staticmethod
    def resolve_opinions(d: Dialogue) -> int:
        return int(getattr(d, "opinion_count", 0))

    @staticmethod
    def resolve_opinions_answered(d: Dialogue) -> int:
        return int(getattr(d, "answered_count", 0))


class DialogueFilter(Schema):
    unit_code: str | None = Field(None, max_length=20)
    date_from: RegisterDay | None = Field(None, alias="from", description="Từ ngày (tính cả ngày này)")
    date_to: RegisterDay | None = Field(None, alias="to", description="Đến ngày (tính cả ngày này)")


DIALOGUE_FILTERS = {"unit_code": "unit__code", "date_from": "held_on__gte", "date_to": "held_on__lte"}


def _dialogues(request: HttpRequest) -> QuerySet[Dialogue]:
    require_reader(request, DIALOGUE_READERS, "đối thoại")
    counted = Dialogue.objects.select_related("unit").annotate(
        opinion_count=Count("opinions"),
        answered_count=Count("opinions", filter=Q(opinions__answered_on__isnull=False)),
    )
    return scoped(counted, request.user).filter(readable_dialogues(request.user))


@router.get("/dialogues", response=answers({200: list[DialogueOut]}), summary="Các cuộc đối thoại (trong phạm vi)")
@paginate(Page)
def list_dialogues(request: HttpRequest, filters: Query[DialogueFilter]) -> QuerySet[Dialogue]:
    return narrowed(_dialogues(request).order_by("-held_on", "-pk"), filters, DIALOGUE_FILTERS)


@router.get("/dialogues/{dialogue_id}", response=answers({200: DialogueOut}), summary="Một cuộc đối thoại")
def get_dialogue(request: HttpRequest, dialogue_id: RecordId) -> Dialogue:
    return get_object_or_404(_dialogues(request), pk=dialogue_id)


class OpinionOut(RecordSchema):
    id: int
    unit_code: str
    source: SourceOfOpinion
    source_ref: str
    dialogue_id: int | None
    visit_id: int | None
    raised_on: dt.date
    raised_by: str
    content: str
    answered: bool
    answered_on: dt.date | None
    answer_kind: Literal["", "on_the_spot", "later"]
    answer: str

    @staticmethod
    def resolve_answered(o: Opinion) -> bool:
        return o.is_answered


class OpinionFilter(Schema):
    unit_code: str | None = Field(None, max_length=20)
    source: SourceOfOpinion | None = None
    answered: bool | None = None
    dialogue_id: int | None = Field(None, ge=1, le=2**31 - 1)
    date_from: RegisterDay | None = Field(None, alias="from", description="Nêu từ ngày (tính cả ngày này)")
    date_to: RegisterDay | None = Field(None, alias="to", description="Nêu đến ngày (tính cả ngày này)")


OPINION_FILTERS = {
    "unit_code": "unit__code",
    "source": "source",
    "dialogue_id": "dialogue_id",
    "date_from": "raised_on__gte",
    "date_to": "raised_on__lte",
}


def _opinions(request: HttpRequest) -> QuerySet[Opinion]:
    require_reader(request, DIALOGUE_READERS, "ý kiến, kiến nghị")
    readable = Opinion.objects.filter(readable_dialogues(request.user, "dialogue__"))
    return scoped(readable.select_related("unit", "dialogue"), request.user)


@router.get(
    "/opinions",
    response=answers({200: list[OpinionOut]}),
    summary="Sổ ý kiến, kiến nghị (trong phạm vi), mới nhất trước",
)
@paginate(Page)
def list_opinions(request: HttpRequest, filters: Query[OpinionFilter]) -> QuerySet[Opinion]:
    qs = narrowed(_opinions(request).order_by("-raised_on", "-pk"), filters, OPINION_FILTERS)
    if filters.answered is not None:
        qs = qs.filter(answered_on__isnull=not filters.answered)
    return qs


@router.get("/opinions/{opinion_id}", response=answers({200: OpinionOut}), summary="Một ý kiến, kiến nghị")
def get_opinion(request: HttpRequest, opinion_id: RecordId) -> Opinion:
    return get_object_or_404(_opinions(request), pk=opinion_id)
