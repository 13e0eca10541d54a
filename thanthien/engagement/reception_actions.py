"""Reception schedule and register (issue 9 items 1 and 2): the coming sessions generated from the rules on the
unit's working calendar, the chairman's legal minimum, and every change of state (rule, session, visit). A visit
whose outcome is a written petition creates the petition through receive_petition (source "reception"), linked.

Writers are RECEPTION_WRITERS (leaders, unit administrator); the role "công chức tiếp công dân" comes later."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from thanthien.audit.log import register_actions
from thanthien.lib.vn import fmt_date, read_int
from thanthien.org.models import Unit
from thanthien.org.records import create_record, update_record
from thanthien.org.scoping import require_role
from thanthien.workdays.calendar import WorkCalendar
from thanthien.workdays.queries import calendar_for

from .actions import check_day, check_id_number, receive_petition
from .models import Source
from .reception import (
    GROUP_SIZE,
    RECEPTION_WRITERS,
    Pattern,
    Receiver,
    ReceptionRule,
    ReceptionSession,
    ReceptionVisit,
    VisitOutcome,
)

register_actions(
    {
        "engagement.reception_rule.create": "Thêm lịch tiếp công dân định kỳ",
        "engagement.reception_rule.stop": "Ngừng áp dụng lịch tiếp công dân định kỳ",
        "engagement.reception_session.create": "Ghi sổ buổi tiếp công dân",
        "engagement.reception_visit.create": "Ghi sổ lượt tiếp công dân",
        "engagement.reception_session.update": "Sửa buổi tiếp công dân trong sổ",
        "engagement.reception_visit.update": "Sửa lượt tiếp công dân trong sổ",
    }
)

# Luật Tiếp công dân 2013 Art. 15.3: the commune's chairman receives citizens at least one day a week.
DEFAULT_CHAIRMAN_MIN_DAYS_PER_WEEK = 1.0


def chairman_minimum() -> float:
    """The legal minimum, a setting (RECEPTION_CHAIRMAN_MIN_DAYS_PER_WEEK) because the law may change."""
    return float(getattr(settings, "RECEPTION_CHAIRMAN_MIN_DAYS_PER_WEEK", DEFAULT_CHAIRMAN_MIN_DAYS_PER_WEEK))


# --- the schedule ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedSession:
    day: dt.date
    rule_day: dt.date
    rule: ReceptionRule
    moved_because: str  # why the rule's day is not a working day; "" when the session is held on it

    @property
    def moved(self) -> bool:
        return self.day != self.rule_day

    def moved_text(self) -> str:
        if not self.moved:
            return ""
        return f"Ngày {fmt_date(self.rule_day)} là {self.moved_because}, chuyển sang {fmt_date(self.day)}."


def _month_starts(start: dt.date, end: dt.date) -> list[dt.date]:
    months, day = [], start.replace(day=1)
    while day <= end:
        months.append(day)
        day = (day + dt.timedelta(days=32)).replace(day=1)
    return months


def _last_day(month: dt.date) -> int:
    return ((month + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)).day


def rule_days(rule: ReceptionRule, start: dt.date, end: dt.date) -> list[dt.date]:
    """The days the rule names, before the working calendar is applied."""
    if rule.pattern == Pattern.WEEKDAY and rule.weekday is not None:
        first = start + dt.timedelta(days=(rule.weekday - start.weekday()) % 7)
        return [first + dt.timedelta(weeks=n) for n in range((end - first).days // 7 + 1)]
    days: list[dt.date] = []
    for month in _month_starts(start, end):
        last = _last_day(month)
        if rule.pattern == Pattern.MONTH_DAYS:
            numbers = [n for n in rule.day_numbers() if n <= last]
        else:
            numbers = rule.spread_numbers()
        days += [month.replace(day=n) for n in numbers]
    return [d for d in days if start <= d <= end]


def plan_rule(rule: ReceptionRule, calendar: WorkCalendar, start: dt.date, end: dt.date) -> list[PlannedSession]:
    planned: list[PlannedSession] = []
    for day in rule_days(rule, start, end):
        info = calendar.day(day)
        held = day if info.working else calendar.next_working_day(day)
        # Two rule days moved onto the same working day (the 2nd and 3rd after 2/9) make one session, not two.
        if planned and planned[-1].day == held:
            continue
        planned.append(PlannedSession(held, day, rule, "" if info.working else info.reason))
    return planned


def coming_sessions(unit: Unit, start: dt.date | None = None, days: int = 90) -> list[PlannedSession]:
    """The sessions of the active rules from `start` (today) for `days` days, a day off moved to the next working
    day (and saying so), in date order."""
    first = start or timezone.localdate()
    last = first + dt.timedelta(days=days - 1)
    calendar = calendar_for(unit)
    planned: list[PlannedSession] = []
    for rule in ReceptionRule.objects.filter(unit=unit, active=True):
        planned += plan_rule(rule, calendar, first, last)
    return sorted(planned, key=lambda p: (p.day, p.rule.pk))


def days_per_week(rule: ReceptionRule) -> float:
    if rule.pattern == Pattern.WEEKDAY:
        return 1.0
    per_month = len(rule.day_numbers()) if rule.pattern == Pattern.MONTH_DAYS else rule.days_per_month or 0
    return per_month * 12 / 52


def chairman_warning(unit: Unit) -> str:
    """A warning when the chairman's active rules give fewer days a week than the legal minimum; "" otherwise."""
    rules = ReceptionRule.objects.filter(unit=unit, active=True, receiver=Receiver.CHAIRMAN)
    have = sum(days_per_week(r) for r in rules)
    need = chairman_minimum()
    if have >= need:
        return ""
    return (
        f"Lịch tiếp công dân của Chủ tịch UBND bình quân {have:.2f} ngày/tuần".replace(".", ",")
        + f", chưa đạt mức tối thiểu {need:g} ngày/tuần (Điều 15 Luật Tiếp công dân 2013)."
    )


# --- changes ---------------------------------------------------------------------------------------------------


def _clean_rule(values: dict[str, Any]) -> dict[str, Any]:
    pattern = values.get("pattern")
    if pattern == Pattern.MONTH_DAYS:
        raw = str(values.get("month_days") or "")
        parts = [p.strip() for p in raw.replace(";", ",").split(",") if p.strip()]
        if not parts or not all(read_int(p, 1, 31) for p in parts):
            raise ValidationError({"month_days": "Ghi các ngày trong tháng là số từ 1 đến 31, cách nhau dấu phẩy."})
        values["month_days"] = ", ".join(str(n) for n in sorted({int(p) for p in parts}))
        values["weekday"], values["days_per_month"] = None, None
    elif pattern == Pattern.WEEKDAY:
        if values.get("weekday") not in range(7):
            raise ValidationError({"weekday": "Vui lòng chọn thứ trong tuần."})
        values["month_days"], values["days_per_month"] = "", None
    elif pattern == Pattern.DAYS_PER_MONTH:
        if not isinstance(values.get("days_per_month"), int) or not 1 <= values["days_per_month"] <= 20:
            raise ValidationError({"days_per_month": "Số ngày mỗi tháng phải từ 1 đến 20."})
        values["month_days"], values["weekday"] = "", None
    else:
        raise ValidationError({"pattern": "Vui lòng chọn cách định ngày tiếp."})
    return values


def add_rule(actor: Any, unit: Unit, data: Mapping[str, Any]) -> ReceptionRule:
    values = _clean_rule({k: (v.strip() if isinstance(v, str) else v) for k, v in data.items()})
    return create_record(actor, ReceptionRule, unit, values)


def stop_rule(actor: Any, rule: ReceptionRule) -> ReceptionRule:
    """The rule no longer applies: its coming sessions leave the schedule; the rule stays for the record."""
    return update_record(actor, rule, {"active": False}, verb="stop")


SESSION_FIELDS = frozenset(
    {"held_on", "kind", "receiver", "receiver_name", "head_in_person", "place", "nobody_came", "note"}
)
# A visit's own fields, in the order its form shows them.
VISIT_FIELD_ORDER = (
    "citizen_name",
    "citizen_address",
    "citizen_id_number",
    "people",
    "representatives",
    "content",
    "subject_kind",
    "first_time",
    "previous_handling",
    "outcome",
    "outcome_note",
)
VISIT_FIELDS = frozenset(VISIT_FIELD_ORDER)


def _stripped(data: Mapping[str, Any]) -> dict[str, Any]:
    return {k: (v.strip() if isinstance(v, str) else v) for k, v in data.items()}


def _clean_session(values: dict[str, Any]) -> dict[str, Any]:
    check_day(values.get("held_on"), "held_on", "tiếp")
    if not values.get("receiver_name"):
        raise ValidationError({"receiver_name": "Vui lòng ghi họ tên người tiếp."})
    return values


def record_session(actor: Any, unit: Unit, data: Mapping[str, Any]) -> ReceptionSession:
    return create_record(actor, ReceptionSession, unit, _clean_session(_stripped(data)))


@transaction.atomic
def update_session(actor: Any, session: ReceptionSession, data: Mapping[str, Any]) -> ReceptionSession:
    """Correct a session in the register (day, kind, receiver, place, note). A session with visits stays one where
    citizens came; its day stays the day of the petitions received in it (their register day)."""
    if actor is not None:
        require_role(actor, session.unit, RECEPTION_WRITERS)
    unknown = sorted(set(data) - SESSION_FIELDS)
    if unknown:
        raise ValueError(f"update_session does not take: {', '.join(unknown)}")
    current = ReceptionSession.objects.select_for_update().get(pk=session.pk)
    values = _clean_session({**{k: getattr(current, k) for k in SESSION_FIELDS}, **_stripped(data)})
    visits = current.visits.all()
    if values["nobody_came"] and visits.exists():
        raise ValidationError({"nobody_came": "Buổi tiếp đã có lượt tiếp: không ghi là không có công dân đến."})
    if values["held_on"] != current.held_on:
        numbers = [v.petition.display_number for v in visits.select_related("petition") if v.petition is not None]
        if numbers:
            raise ValidationError(
                {
                    "held_on": "Buổi tiếp đã tiếp nhận đơn số "
                    + ", ".join(numbers)
                    + ": ngày tiếp là ngày nhận các đơn này, không sửa được."
                }
            )
    return update_record(actor, current, values)


def _clean_visit(session: ReceptionSession, values: dict[str, Any]) -> dict[str, Any]:
    if session.nobody_came:
        raise ValidationError("Buổi tiếp này đã ghi là không có công dân đến; không thể thêm lượt tiếp.")
    if not values.get("citizen_name"):
        raise ValidationError({"citizen_name": "Vui lòng ghi họ tên công dân."})
    if not values.get("content"):
        raise ValidationError({"content": "Vui lòng ghi nội dung công dân trình bày."})
    values["citizen_id_number"] = check_id_number(values.get("citizen_id_number"), "citizen_id_number")
    people = values.get("people") or 1
    if not isinstance(people, int) or people < 1:
        raise ValidationError({"people": "Số người phải từ 1 trở lên."})
    if people >= GROUP_SIZE and not values.get("representatives"):
        raise ValidationError(
            {"representatives": f"Đoàn từ {GROUP_SIZE} người trở lên là đoàn đông người: ghi người đại diện."}
        )
    if values.get("outcome") == VisitOutcome.REFUSED and not values.get("outcome_note"):
        raise ValidationError({"outcome_note": "Từ chối tiếp phải ghi căn cứ pháp lý (Điều 9 Luật Tiếp công dân)."})
    if values.get("outcome") == VisitOutcome.GUIDED and not values.get("outcome_note"):
        raise ValidationError({"outcome_note": "Ghi cơ quan có thẩm quyền đã hướng dẫn công dân đến."})
    values["people"] = people
    return values


@transaction.atomic
def add_visit(actor: Any, session: ReceptionSession, data: Mapping[str, Any]) -> ReceptionVisit:
    """A visit in `session`; when a written petition is received, the petition is created (numbered in the unit's
    register) and linked, in the same transaction: a refused petition leaves no visit behind."""
    if actor is not None:
        require_role(actor, session.unit, RECEPTION_WRITERS)
    values = _clean_visit(session, _stripped(data))
    if values["outcome"] == VisitOutcome.PETITION:
        values["petition"] = receive_petition(
            actor,
            session.unit,
            {
                "received_on": session.held_on,
                "source": Source.RECEPTION,
                "kind": values["subject_kind"],
                "petitioner_name": values["citizen_name"],
                "petitioner_address": values.get("citizen_address", ""),
                "petitioner_id_number": values.get("citizen_id_number", ""),
                "signers": values["people"],
                "content": values["content"],
            },
        )
    return create_record(actor, ReceptionVisit, session.unit, {**values, "session": session})


@transaction.atomic
def update_visit(actor: Any, visit: ReceptionVisit, data: Mapping[str, Any]) -> ReceptionVisit:
    """Correct a visit in the register: the citizen, the people, the content and its kind, the outcome's note. A
    petition received at the visit is its own record (corrected on the petition's page): the outcome does not turn
    into or out of "petition", nor does the kind of a visit that received one change."""
    if actor is not None:
        require_role(actor, visit.unit, RECEPTION_WRITERS)
    unknown = sorted(set(data) - VISIT_FIELDS)
    if unknown:
        raise ValueError(f"update_visit does not take: {', '.join(unknown)}")
    current = (
        ReceptionVisit.objects.select_for_update(of=("self",)).select_related("session", "petition").get(pk=visit.pk)
    )
    values = {**{k: getattr(current, k) for k in VISIT_FIELDS}, **_stripped(data)}
    was, now = current.outcome == VisitOutcome.PETITION, values["outcome"] == VisitOutcome.PETITION
    if was != now:
        raise ValidationError(
            {
                "outcome": "Không đổi kết quả sang hoặc từ «tiếp nhận đơn»: đơn là một hồ sơ riêng trong sổ đơn thư; "
                "ghi lượt tiếp mới nếu công dân nộp đơn."
            }
        )
    if current.petition is not None and values["subject_kind"] != current.subject_kind:
        raise ValidationError(
            {
                "subject_kind": f"Lượt tiếp đã tiếp nhận đơn số {current.petition.display_number}: "
                "sửa loại đơn trên trang của đơn."
            }
        )
    return update_record(actor, current, _clean_visit(current.session, values))
