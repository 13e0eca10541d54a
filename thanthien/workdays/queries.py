"""Building a unit's WorkCalendar from the database (two queries)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q

from thanthien.org.models import Unit

from .calendar import DEFAULT_CUTOFF, DayInfo, Period, WorkCalendar
from .models import CalendarException, CalendarSetting, ExceptionKind, WorkingPeriod


def ancestor_ids(unit: Unit) -> list[int]:
    """The unit and those above it, nearest first."""
    return [int(pk) for pk in reversed(unit.path.strip("/").split("/")) if pk] or [unit.pk]


def calendar_for(unit: Unit | None) -> WorkCalendar:
    chain = ancestor_ids(unit) if unit is not None else []
    rank = {pk: i for i, pk in enumerate(chain)}
    periods = list(WorkingPeriod.objects.filter(Q(unit_id__in=chain) | Q(unit__isnull=True)))
    week = _nearest_week(periods, rank)
    exceptions: dict[dt.date, DayInfo] = {}
    exception_rank: dict[dt.date, int] = {}
    for exc in CalendarException.objects.filter(Q(unit_id__in=chain) | Q(unit__isnull=True)):
        r = rank.get(exc.unit_id, len(chain)) if exc.unit_id else len(chain) + 1
        if exc.date not in exception_rank or r < exception_rank[exc.date]:
            exception_rank[exc.date] = r
            label = f"{exc.reason}" + (f" – {exc.decision}" if exc.decision else "")
            exceptions[exc.date] = DayInfo(exc.kind == ExceptionKind.WORKING_DAY, label)
    cutoff, roll_forward = DEFAULT_CUTOFF, True
    if chain:
        rows = CalendarSetting.objects.filter(unit_id__in=chain).values_list(
            "unit_id", "same_day_cutoff", "roll_forward"
        )
        nearest = sorted(rows.order_by(), key=lambda row: rank[row[0]])
        if nearest:
            cutoff = nearest[0][1]
        # Null: as the unit above; the law's rule (True) when no unit says otherwise.
        roll_forward = next((row[2] for row in nearest if row[2] is not None), True)
    return WorkCalendar(week, exceptions, cutoff, roll_forward)


def _nearest_week(periods: list[WorkingPeriod], rank: dict[int, int]) -> dict[int, list[Period]] | None:
    """The weekly pattern of the nearest unit that has one; None: the default."""
    if not periods:
        return None
    owner = min(periods, key=lambda p: rank.get(p.unit_id, len(rank)) if p.unit_id else len(rank) + 1).unit_id
    week: dict[int, list[Period]] = {}
    for p in periods:
        if p.unit_id == owner:
            week.setdefault(p.weekday, []).append((p.start, p.end))
    return week
