"""Every change to dialogues and opinions: a dialogue recorded or corrected, an opinion raised (at a dialogue or
elsewhere) and its answer, on the spot or later. The record pattern's create_record / update_record do the role
check, the transaction, the audit row without personal data and the after-commit hook."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from thanthien.audit.log import register_actions
from thanthien.lib.vn import read_int
from thanthien.org.models import Unit
from thanthien.org.records import create_record, update_record
from thanthien.org.scoping import holds_role

from .dialogues import DIALOGUE_WRITERS, OPINION_MAX_CHARS, AnswerKind, Dialogue, Opinion, OpinionSource
from .models import PETITION_WRITERS, Petition, PetitionKind
from .reception import ReceptionVisit

register_actions(
    {
        "engagement.dialogue.create": "Ghi nhận cuộc đối thoại",
        "engagement.dialogue.update": "Sửa thông tin cuộc đối thoại",
        "engagement.opinion.create": "Ghi nhận ý kiến, kiến nghị",
        "engagement.opinion.answer": "Trả lời ý kiến, kiến nghị",
    }
)

# A register typed from an old book may be decades old; earlier than this is a typing error.
EARLIEST_DAY = dt.date(1900, 1, 1)

DIALOGUE_FIELDS = frozenset(
    {
        "ref",
        "held_on",
        "topic",
        "place",
        "chaired_by",
        "party_head_chaired",
        "committee_head_chaired",
        "front_participants",
        "organisation_participants",
        "people_participants",
        "participants_note",
        "secretary",
        "note",
        "petition",
    }
)
OPINION_FIELDS = frozenset({"source", "dialogue", "visit", "source_ref", "raised_on", "raised_by", "content"})


def _past_day(value: Any, field: str, what: str) -> dt.date:
    if not isinstance(value, dt.date):
        raise ValidationError({field: f"Vui lòng nhập {what} theo dạng dd/mm/yyyy."})
    if value > timezone.localdate():
        raise ValidationError({field: f"{what.capitalize()} không được ở tương lai."})
    if value < EARLIEST_DAY:
        raise ValidationError({field: f"{what.capitalize()} trước năm {EARLIEST_DAY.year}: kiểm tra lại năm."})
    return value


def _text(values: dict[str, Any], field: str) -> str:
    values[field] = str(values.get(field) or "").strip()
    return str(values[field])


def _clean_dialogue(data: Mapping[str, Any]) -> dict[str, Any]:
    values = {k: v for k, v in data.items() if k in DIALOGUE_FIELDS}
    for name in ("ref", "topic", "place", "chaired_by", "participants_note", "secretary", "note"):
        if name in values:
            _text(values, name)
    if "topic" in values and not values["topic"]:
        raise ValidationError({"topic": "Vui lòng nhập chủ đề cuộc đối thoại."})
    if "chaired_by" in values and not values["chaired_by"]:
        raise ValidationError({"chaired_by": "Vui lòng ghi người chủ trì cuộc đối thoại."})
    if "held_on" in values:
        _past_day(values["held_on"], "held_on", "ngày đối thoại")
    for name in ("front_participants", "organisation_participants", "people_participants"):
        if name in values and (values[name] is None or values[name] == ""):
            values[name] = 0
    return values


def _complaint_at(actor: Any, unit: Unit, value: Any) -> Petition | None:
    """The accepted complaint of `unit` a dialogue is held for, named by its number "12/2026" (or given). Only who
    handles petitions links one: MTTQ records dialogues but does not read petitions (a denouncer is protected)."""
    if value in (None, ""):
        return None
    if actor is not None and not holds_role(actor, unit, PETITION_WRITERS):
        raise ValidationError({"petition": "Chỉ lãnh đạo, công chức tiếp công dân ghi liên kết với đơn khiếu nại."})
    if isinstance(value, Petition):
        petition: Petition | None = value if value.unit_id == unit.pk else None
    else:
        number, _, year = str(value).strip().partition("/")
        n, y = read_int(number), read_int(year, 1900, 9999)
        petition = Petition.objects.filter(unit=unit, number=n, year=y).first() if n and y else None
    if petition is None:
        raise ValidationError({"petition": "Không tìm thấy đơn số này của xã, phường (ghi theo dạng 12/2026)."})
    if petition.kind != PetitionKind.COMPLAINT or petition.accepted_on is None:
        raise ValidationError(
            {"petition": f"Đơn số {petition.display_number} không phải đơn khiếu nại đã thụ lý giải quyết."}
        )
    return petition


def record_dialogue(actor: Any, unit: Unit, data: Mapping[str, Any]) -> Dialogue:
    """A dialogue held at `unit`. Refused with a Vietnamese message, nothing saved, when the topic or the chair is
    missing or the day is in the future or before 1900."""
    values = _clean_dialogue(data)
    for name, message in (
        ("topic", "Vui lòng nhập chủ đề cuộc đối thoại."),
        ("chaired_by", "Vui lòng ghi người chủ trì cuộc đối thoại."),
        ("held_on", "Vui lòng nhập ngày đối thoại theo dạng dd/mm/yyyy."),
    ):
        if name not in values:
            raise ValidationError({name: message})
    if "petition" in values:
        values["petition"] = _complaint_at(actor, unit, values["petition"])
    return create_record(actor, Dialogue, unit, values)


def update_dialogue(actor: Any, dialogue: Dialogue, data: Mapping[str, Any]) -> Dialogue:
    values = _clean_dialogue(data)
    held_on = values.get("held_on")
    if held_on is not None and dialogue.opinions.filter(raised_on__lt=held_on).exists():
        raise ValidationError({"held_on": "Đã có ý kiến ghi trước ngày này: kiểm tra lại ngày đối thoại."})
    if "petition" in values:
        if actor is not None and not holds_role(actor, dialogue.unit, PETITION_WRITERS):
            # Who does not handle petitions neither sees nor changes a dialogue's complaint: it stays as it is.
            del values["petition"]
        else:
            values["petition"] = _complaint_at(actor, dialogue.unit, values["petition"])
    return update_record(actor, dialogue, values)


def _check_answer(raised_on: dt.date, answer: str, answered_on: Any) -> dt.date:
    if not answer:
        raise ValidationError({"answer": "Vui lòng ghi nội dung trả lời."})
    if len(answer) > OPINION_MAX_CHARS:
        raise ValidationError({"answer": f"Nội dung trả lời dài quá {OPINION_MAX_CHARS} ký tự."})
    day = _past_day(answered_on, "answered_on", "ngày trả lời")
    if day < raised_on:
        raise ValidationError({"answered_on": f"Ngày trả lời trước ngày nêu ý kiến ({raised_on:%d/%m/%Y})."})
    return day


def record_opinion(actor: Any, unit: Unit, data: Mapping[str, Any]) -> Opinion:
    """An opinion raised at `unit`. One raised at a dialogue takes the dialogue's source and, unless told, its day.
    An answer given with it (`answer`, `answer_kind`, `answered_on`) is recorded at once: on the spot means on the
    day it was raised."""
    values = {k: v for k, v in data.items() if k in OPINION_FIELDS}
    _text(values, "raised_by")
    _text(values, "source_ref")
    if not _text(values, "content"):
        raise ValidationError({"content": "Vui lòng ghi nội dung ý kiến."})
    if len(values["content"]) > OPINION_MAX_CHARS:
        raise ValidationError({"content": f"Nội dung ý kiến dài quá {OPINION_MAX_CHARS} ký tự."})
    dialogue = values.get("dialogue")
    if dialogue is not None:
        if not isinstance(dialogue, Dialogue) or dialogue.unit_id != unit.pk:
            raise ValidationError({"dialogue": "Cuộc đối thoại không thuộc đơn vị này."})
        values["source"] = OpinionSource.DIALOGUE
        if values.get("raised_on") is None:
            values["raised_on"] = dialogue.held_on
    elif values.get("source") == OpinionSource.DIALOGUE:
        raise ValidationError({"dialogue": "Vui lòng chọn cuộc đối thoại đã nêu ý kiến này."})
    visit = values.get("visit")
    if visit is not None:
        _from_visit(values, visit, unit)
    if values.get("source") not in OpinionSource.values:
        raise ValidationError({"source": "Vui lòng chọn nguồn ý kiến."})
    raised_on = _past_day(values.get("raised_on"), "raised_on", "ngày nêu ý kiến")
    if dialogue is not None and raised_on < dialogue.held_on:
        raise ValidationError({"raised_on": "Ngày nêu ý kiến trước ngày đối thoại."})
    if visit is not None and raised_on < visit.session.held_on:
        raise ValidationError({"raised_on": "Ngày nêu ý kiến trước ngày tiếp công dân."})
    values.update(_answer_values(raised_on, data))
    return create_record(actor, Opinion, unit, values)


def _from_visit(values: dict[str, Any], visit: Any, unit: Unit) -> None:
    """An opinion raised at a reception visit: source, register number and (by default) day come from it."""
    if not isinstance(visit, ReceptionVisit) or visit.unit_id != unit.pk:
        raise ValidationError({"visit": "Lượt tiếp công dân không thuộc đơn vị này."})
    if values.get("dialogue") is not None:
        raise ValidationError({"visit": "Một ý kiến nêu tại lượt tiếp công dân hoặc tại cuộc đối thoại, không cả hai."})
    values["source"] = OpinionSource.RECEPTION
    values["source_ref"] = values.get("source_ref") or visit.register_number
    if values.get("raised_on") is None:
        values["raised_on"] = visit.session.held_on


def _answer_values(raised_on: dt.date, data: Mapping[str, Any]) -> dict[str, Any]:
    """The answer fields from a form: none when no answer was typed; on the spot is answered the day raised."""
    answer = str(data.get("answer") or "").strip()
    kind = data.get("answer_kind") or (AnswerKind.LATER if data.get("answered_on") else AnswerKind.ON_THE_SPOT)
    if not answer:
        if data.get("answered_on") or data.get("answer_kind"):
            raise ValidationError({"answer": "Vui lòng ghi nội dung trả lời."})
        return {}
    if kind not in AnswerKind.values:
        raise ValidationError({"answer_kind": "Vui lòng chọn hình thức trả lời."})
    if kind == AnswerKind.ON_THE_SPOT:
        day = _check_answer(raised_on, answer, raised_on)
    else:
        if data.get("answered_on") is None:
            raise ValidationError({"answered_on": "Vui lòng nhập ngày trả lời theo dạng dd/mm/yyyy."})
        day = _check_answer(raised_on, answer, data.get("answered_on"))
    answered_by = str(data.get("answered_by") or "").strip()
    return {"answer": answer, "answer_kind": kind, "answered_on": day, "answered_by": answered_by}


def answer_opinion(actor: Any, opinion: Opinion, data: Mapping[str, Any]) -> Opinion:
    """The answer to an opinion, on the spot (the day it was raised) or later with its date; an answer may be
    corrected. Refused, nothing saved, without a text, or with a day before the opinion or in the future."""
    values = _answer_values(opinion.raised_on, data)
    if not values:
        raise ValidationError({"answer": "Vui lòng ghi nội dung trả lời."})
    with transaction.atomic():
        answered = update_record(actor, opinion, values, verb="answer")
        _answer_its_feedback(actor, answered)
    return answered


def _answer_its_feedback(actor: Any, opinion: Opinion) -> None:
    """Public feedback put into the opinions register is answered with its opinion: the citizen reads the answer on
    the follow page, and it owes its thank-you letter. A published answer that changes leaves the public list until
    staff publish it again (it is reviewed before it is public)."""
    from .feedback import Feedback, FeedbackStatus

    feedback = Feedback.objects.select_for_update().filter(opinion=opinion).first()
    if feedback is None or feedback.status == FeedbackStatus.DECLINED:
        return
    values: dict[str, Any] = {
        "status": FeedbackStatus.ANSWERED,
        "answer": opinion.answer,
        "answered_on": opinion.answered_on,
    }
    if feedback.published_on is not None and feedback.answer != opinion.answer:
        values["published_on"] = None
    update_record(actor, feedback, values, roles=DIALOGUE_WRITERS, verb="answer")


@dataclass(frozen=True)
class AnswerRate:
    received: int
    answered: int

    @property
    def rate(self) -> float | None:
        """Answered / received, the figure the reports print; None when nothing was received."""
        return self.answered / self.received if self.received else None


def answer_rate(opinions: QuerySet[Opinion]) -> AnswerRate:
    return AnswerRate(opinions.count(), opinions.filter(answered_on__isnull=False).count())
