"""Due dates of dossiers from their procedure and the unit's working calendar."""

from __future__ import annotations

import datetime as dt

from thanthien.workdays.calendar import DueDate, WorkCalendar
from thanthien.workdays.deadlines import due_moment

from .models import Procedure


def due_for(procedure: Procedure, calendar: WorkCalendar, received_at: dt.datetime) -> DueDate:
    # ProcessingKind's values are the workdays kinds ("days", "hours", "same_day").
    return due_moment(calendar, received_at, procedure.processing_kind, float(procedure.processing_amount))


def clock_start(received_at: dt.datetime, supplement_received_at: dt.datetime | None) -> dt.datetime:
    """A supplement request stops the clock; the full time runs again from the complete dossier."""
    return supplement_received_at or received_at


# An apology is owed before the due moment only when little of the dossier's own time is left: a quarter of the
# working time it was given, at least one working hour, never more than the desk's "sắp đến hạn" window and never
# more than half of its time — so a dossier is never "at risk" at intake, whatever its procedure (same-day too).
APOLOGY_RISK_SHARE = 0.25
APOLOGY_RISK_MIN_HOURS = 1.0


def apology_risk_hours(allotted_hours: float, cap_hours: float) -> float:
    """The at-risk window, in working hours, of a dossier given `allotted_hours` of working time."""
    window = max(allotted_hours * APOLOGY_RISK_SHARE, APOLOGY_RISK_MIN_HOURS)
    return min(window, float(cap_hours), allotted_hours / 2)


def at_risk_of_delay(
    calendar: WorkCalendar, start: dt.datetime, due_at: dt.datetime, now: dt.datetime, cap_hours: float
) -> bool:
    """Not yet overdue, but the working time left until `due_at` is within the at-risk window."""
    if due_at <= now:
        return False
    allotted = calendar.working_hours_between(start, due_at)
    if allotted <= 0:
        return False
    return calendar.working_hours_between(now, due_at) <= apology_risk_hours(allotted, cap_hours)
