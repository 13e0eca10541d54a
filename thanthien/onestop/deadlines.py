"""Due dates of dossiers from their procedure and the unit's working calendar."""

from __future__ import annotations

import datetime as dt

from thanthien.workdays.calendar import DueDate, WorkCalendar

from .models import Procedure, ProcessingKind


def due_for(procedure: Procedure, calendar: WorkCalendar, received_at: dt.datetime) -> DueDate:
    amount = float(procedure.processing_amount)
    if procedure.processing_kind == ProcessingKind.SAME_DAY:
        return calendar.same_day(received_at)
    if procedure.processing_kind == ProcessingKind.HOURS:
        return calendar.add_working_hours(received_at, amount)
    return calendar.add_working_days(received_at, amount)


def clock_start(received_at: dt.datetime, supplement_received_at: dt.datetime | None) -> dt.datetime:
    """A supplement request stops the clock; the full time runs again from the complete dossier."""
    return supplement_received_at or received_at
