"""Changes to the working calendar: exception days, weekly hours, the same-day cut-off."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from thanthien.audit.log import record, register_actions, snapshot
from thanthien.lib.vn import fmt_date
from thanthien.org.models import Role, Unit
from thanthien.org.queries import descendants
from thanthien.org.scoping import is_system_admin, require_role

from . import impact
from .calendar import year_problem
from .models import CalendarChange, CalendarException, CalendarSetting, ExceptionKind, WorkingPeriod
from .queries import calendar_for
from .signals import calendar_changed

register_actions(
    {
        "workdays.exception_added": "Thêm ngày ngoại lệ vào lịch làm việc",
        "workdays.exception_removed": "Xóa ngày ngoại lệ khỏi lịch làm việc",
        "workdays.week_changed": "Sửa giờ làm việc trong tuần",
        "workdays.cutoff_changed": "Sửa giờ chốt nhận hồ sơ trả trong ngày",
        "workdays.roll_forward_changed": "Sửa cách tính thời hạn theo ngày lịch khi ngày cuối là ngày nghỉ",
    }
)

# Who writes a calendar (issue 7): a calendar moves due dates that were promised to citizens, so only the
# administrator *of the unit itself* changes it — the commune's administrator its hours and days, a province's
# administrator (Quản trị đơn vị held at the province) its province-wide days, the system administrator the
# nationwide ones. Supervisors and leaders read: `require_role` lets a supervisor act below their unit, and
# COMMUNE_ADMIN does not reach below the unit it is held at, so listing only that role is the whole rule.
CALENDAR_EDITORS = frozenset({Role.COMMUNE_ADMIN})


def check_can_edit(actor: User | None, unit: Unit | None) -> None:
    if actor is None or is_system_admin(actor):
        return
    if unit is None:
        raise PermissionDenied("Chỉ quản trị hệ thống được sửa lịch áp dụng toàn quốc.")
    try:
        require_role(actor, unit, CALENDAR_EDITORS)
    except PermissionDenied:
        raise PermissionDenied(
            f"Chỉ quản trị của {unit.name} được sửa lịch làm việc của đơn vị này; cán bộ giám sát và lãnh đạo chỉ xem."
        ) from None


# The CalendarChange rows made while `collecting()` is active, so that `preview` and `save` can hand them to the
# page without changing what the four actions return.
_collected: ContextVar[list[CalendarChange] | None] = ContextVar("calendar_changes", default=None)


@contextmanager
def collecting() -> Iterator[list[CalendarChange]]:
    bucket: list[CalendarChange] = []
    token = _collected.set(bucket)
    try:
        yield bucket
    finally:
        _collected.reset(token)


class _Rollback(Exception):
    pass


def preview(change: Callable[[], object]) -> CalendarChange | None:
    """What `change` (a call of one of the actions below) would do, without doing it: the very code a save runs,
    due-date recomputation included, inside a transaction that is always rolled back — so the preview cannot
    disagree with the save. Raises what the action raises (ValidationError, PermissionDenied)."""
    with collecting() as changes:
        try:
            with transaction.atomic():
                change()
                raise _Rollback
        except _Rollback:
            pass
    return changes[-1] if changes else None


def save(change: Callable[[], object]) -> CalendarChange | None:
    """Run `change` for real and return the CalendarChange it recorded (with the due dates it moved)."""
    with collecting() as changes:
        change()
    return changes[-1] if changes else None


def recompute_due_dates(actor: User | None, unit: Unit | None, first_day: dt.date, summary: str) -> CalendarChange:
    """The due dates of open records under `unit` (None: every unit) that fall on or after `first_day`,
    computed afresh by every registered holder, inside the caller's transaction; the moves are kept.
    No permission check of its own: it only re-derives dates from the calendar, and the calendar actions
    that call it have checked theirs."""
    ids = None if unit is None else list(descendants(unit).values_list("pk", flat=True))
    moves = impact.recompute(actor, ids, first_day)
    change = CalendarChange.objects.create(
        unit=unit,
        summary=summary[:255],
        made_by=actor if getattr(actor, "is_authenticated", False) else None,
        moves=[m.as_json() for m in moves],
    )
    bucket = _collected.get()
    if bucket is not None:
        bucket.append(change)
    return change


def _changed(actor: User | None, unit: Unit | None, first_day: dt.date, summary: str) -> None:
    recompute_due_dates(actor, unit, first_day, summary)
    transaction.on_commit(lambda: calendar_changed.send(sender=Unit, unit=unit, first_day=first_day))


def _where(unit: Unit | None) -> str:
    return unit.name if unit is not None else "toàn quốc"


def add_exception(
    actor: User | None,
    unit: Unit | None,
    day: dt.date,
    kind: str,
    reason: str,
    decision: str = "",
) -> CalendarException:
    check_can_edit(actor, unit)
    if problem := year_problem(day):
        raise ValidationError({"date": problem})
    if not reason.strip():
        raise ValidationError({"reason": "Vui lòng ghi lý do."})
    duplicate = ValidationError({"date": f"Ngày {fmt_date(day)} đã có trong danh sách ngoại lệ của đơn vị này."})
    if CalendarException.objects.filter(unit=unit, date=day).exists():
        raise duplicate
    with transaction.atomic():
        try:
            with transaction.atomic():
                exc = CalendarException.objects.create(
                    unit=unit, date=day, kind=kind, reason=reason.strip(), decision=decision.strip(), created_by=actor
                )
        except IntegrityError:  # a second request for the same day won the race
            raise duplicate from None
        record(
            actor,
            "workdays.exception_added",
            exc,
            unit=unit,
            changes={"": [None, snapshot(exc, ["date", "kind", "reason", "decision"])]},
        )
        kind_label = ExceptionKind(kind).label if kind in ExceptionKind.values else kind
        _changed(actor, unit, day, f"Thêm ngày {fmt_date(day)} ({kind_label}: {exc.reason}) – {_where(unit)}")
    return exc


def remove_exception(actor: User | None, exc: CalendarException) -> None:
    check_can_edit(actor, exc.unit)
    with transaction.atomic():
        day = exc.date
        record(
            actor,
            "workdays.exception_removed",
            exc,
            unit=exc.unit,
            changes={"": [snapshot(exc, ["date", "kind", "reason", "decision"]), None]},
        )
        exc.delete()
        _changed(actor, exc.unit, day, f"Xóa ngày {fmt_date(day)} ({exc.reason}) khỏi lịch – {_where(exc.unit)}")


def set_week(actor: User | None, unit: Unit, week: dict[int, list[tuple[dt.time, dt.time]]]) -> None:
    """Replace the unit's weekly hours; an empty `week` returns the unit to the inherited pattern."""
    check_can_edit(actor, unit)
    for periods in week.values():
        for (_, e1), (s2, _) in itertools.pairwise(sorted(periods)):
            if s2 < e1:
                raise ValidationError("Các khoảng giờ làm việc trong cùng một ngày không được chồng lên nhau.")
        if any(e <= s for s, e in periods):
            raise ValidationError("Giờ kết thúc phải sau giờ bắt đầu.")
    with transaction.atomic():
        before = {str(p) for p in WorkingPeriod.objects.filter(unit=unit)}
        WorkingPeriod.objects.filter(unit=unit).delete()
        WorkingPeriod.objects.bulk_create(
            WorkingPeriod(unit=unit, weekday=day, start=s, end=e) for day, periods in week.items() for s, e in periods
        )
        after = {str(p) for p in WorkingPeriod.objects.filter(unit=unit)}
        record(
            actor,
            "workdays.week_changed",
            unit,
            unit=unit,
            changes={"giờ làm việc": [sorted(before), sorted(after)]},
        )
        _changed(actor, unit, timezone.localdate(), f"Sửa giờ làm việc trong tuần – {unit.name}")


def set_cutoff(actor: User | None, unit: Unit, cutoff: dt.time) -> CalendarSetting:
    check_can_edit(actor, unit)
    with transaction.atomic():
        before = calendar_for(unit).cutoff  # the cut-off in force, inherited or not
        setting, _ = CalendarSetting.objects.get_or_create(unit=unit, defaults={"same_day_cutoff": before})
        setting.same_day_cutoff = cutoff
        setting.save()
        record(
            actor,
            "workdays.cutoff_changed",
            unit,
            unit=unit,
            before={"same_day_cutoff": before},
            after={"same_day_cutoff": cutoff},
        )
        _changed(actor, unit, timezone.localdate(), f"Sửa giờ chốt trả trong ngày thành {cutoff:%H:%M} – {unit.name}")
    return setting


def set_roll_forward(actor: User | None, unit: Unit, roll_forward: bool) -> CalendarSetting:
    """Whether a calendar-day period whose last day is a day off runs to the end of the next working day
    (Bộ luật Dân sự 2015 Art. 148.5, the default) for this unit and those below it."""
    check_can_edit(actor, unit)
    with transaction.atomic():
        before = calendar_for(unit).roll_forward
        # A new row takes the cut-off now in force, so that storing this setting does not reset the inherited one.
        setting, _ = CalendarSetting.objects.get_or_create(
            unit=unit, defaults={"same_day_cutoff": calendar_for(unit).cutoff}
        )
        setting.roll_forward = roll_forward
        setting.save()
        record(
            actor, "workdays.roll_forward_changed", unit, unit=unit, changes={"roll_forward": [before, roll_forward]}
        )
        state = "kéo dài" if roll_forward else "không kéo dài"
        _changed(
            actor,
            unit,
            timezone.localdate(),
            f"Thời hạn theo ngày lịch {state} khi ngày cuối là ngày nghỉ – {unit.name}",
        )
    return setting
