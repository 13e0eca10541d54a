"""The stored due days of petitions (PetitionDeadline): derived from `limits.deadlines()`, refreshed after each
action and by an idempotent sweep, so that what is due soon or overdue is found in SQL and never dropped.

    refresh_deadlines(petition) -> bool      # True when a stored row changed
    sweep_deadlines() -> int                 # how many petitions' rows changed
"""

from __future__ import annotations

import logging

from django.db import transaction

from thanthien.workdays.calendar import WorkCalendar
from thanthien.workdays.queries import calendar_for

from .limits import LimitRuleMissing, deadlines
from .models import LimitRule, Petition, PetitionDeadline

log = logging.getLogger(__name__)


def refresh_deadlines(
    petition: Petition, calendar: WorkCalendar | None = None, rules: list[LimitRule] | None = None
) -> bool:
    """Make the stored steps of `petition` equal to what `deadlines()` computes now; a no-op when they are."""
    cal = calendar if calendar is not None else calendar_for(petition.unit)
    try:
        wanted = {step: (d.due, d.done_on) for step, d in deadlines(petition, cal, rules).items()}
    except LimitRuleMissing:
        # A rule deleted by hand: keep what was stored rather than lose a step; the sweep logs it.
        log.warning("Đơn %s: thiếu quy định thời hạn, giữ hạn đã lưu.", petition.pk)
        return False
    stored = {row.step: row for row in PetitionDeadline.objects.filter(petition=petition)}
    changed = False
    with transaction.atomic():
        gone = [row.pk for step, row in stored.items() if step not in wanted]
        if gone:
            PetitionDeadline.objects.filter(pk__in=gone).delete()
            changed = True
        for step, (due, done) in wanted.items():
            row = stored.get(step)
            if row is None:
                PetitionDeadline.objects.create(
                    unit_id=petition.unit_id, petition=petition, step=step, due_on=due, done_on=done
                )
                changed = True
            elif (row.due_on, row.done_on, row.unit_id) != (due, done, petition.unit_id):
                PetitionDeadline.objects.filter(pk=row.pk).update(due_on=due, done_on=done, unit_id=petition.unit_id)
                changed = True
    return changed


def refresh_on_commit(petition: Petition) -> None:
    """Refresh after the surrounding transaction commits (what actions call)."""
    transaction.on_commit(lambda: refresh_deadlines(Petition.objects.select_related("unit").get(pk=petition.pk)))


def sweep_deadlines() -> int:
    """Refresh every petition still open and every petition with no stored step yet (imported, or received
    before this store existed). A calendar change or a new rule moves open petitions' due days here."""
    owed = PetitionDeadline.objects.filter(done_on__isnull=True).values("petition_id")
    unstored = Petition.objects.exclude(pk__in=PetitionDeadline.objects.values("petition_id"))
    todo = (
        Petition.objects.filter(resolved_on__isnull=True, handled_on__isnull=True)
        | Petition.objects.filter(pk__in=owed)
        | unstored
    )
    # The rules and each unit's calendar are read once for the whole sweep, not once per petition.
    rules = list(LimitRule.objects.all())
    calendars: dict[int, WorkCalendar] = {}
    changed = 0
    for petition in todo.select_related("unit").prefetch_related("extensions").order_by("pk").iterator(chunk_size=500):
        if petition.unit_id not in calendars:
            calendars[petition.unit_id] = calendar_for(petition.unit)
        changed += refresh_deadlines(petition, calendars[petition.unit_id], rules)
    return changed
