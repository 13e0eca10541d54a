"""Who reads petitions, and what is due: the queue of steps still owed (overdue, or due within a week) read from the
stored due days (PetitionDeadline, partial index petition_deadline_owed), the menu entry "Đơn thư" and the home
panel's counts. Imported by EngagementConfig.ready(), which is when the menu entry and the panel register.

Readers: the commune's petition writers (leaders, unit administrator, reception official) and the supervisors above
it. MTTQ does not read petitions: a denouncer's identity is protected (Luật Tố cáo 2018, Art. 47), and the front
follows the commune's work through the reception register, the dialogues and the statistics instead."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from thanthien.lib.registry import register_home_panel, register_nav
from thanthien.org.models import Role
from thanthien.org.queries import predecessor_ids
from thanthien.org.scoping import is_system_admin, memberships, scoped

from .models import PETITION_READERS, PETITION_WRITERS, PetitionDeadline

# "Due soon": owed and due within this many days from today (today included).
SOON_DAYS = 7


def readable(queryset: QuerySet[Any], user: Any, field: str = "unit") -> QuerySet[Any]:
    """Rows of the units where `user` reads petitions: where they hold a writer's role (and the units merged into
    it) and every unit under a unit they supervise. Another role at a commune (MTTQ, one-stop desk) reads none."""
    rows = scoped(queryset, user, field=field)
    if is_system_admin(user):
        return rows
    held = memberships(user)
    own = {m.unit.pk for m in held if m.role in PETITION_WRITERS and m.unit is not None}
    allowed = Q(**{f"{field}__in": own | predecessor_ids(own)})
    for m in held:
        if m.role == Role.SUPERVISOR and m.unit is not None and m.unit.path:
            allowed |= Q(**{f"{field}__path__startswith": m.unit.path})
    return rows.filter(allowed)


def owed(user: Any) -> QuerySet[PetitionDeadline]:
    """The steps still owed in the units `user` reads (the partial index covers done_on IS NULL)."""
    return readable(PetitionDeadline.objects.filter(done_on__isnull=True), user)


def queue_rows(user: Any, which: str, today: dt.date | None = None) -> QuerySet[PetitionDeadline]:
    """Owed steps that are overdue ("overdue"), due from today to a week ahead ("soon"), or both (anything else),
    the most urgent first. An overdue step stays here until the step is done."""
    day = today or timezone.localdate()
    rows = owed(user)
    if which == "overdue":
        rows = rows.filter(due_on__lt=day)
    elif which == "soon":
        rows = rows.filter(due_on__gte=day, due_on__lte=day + dt.timedelta(days=SOON_DAYS))
    else:
        rows = rows.filter(due_on__lte=day + dt.timedelta(days=SOON_DAYS))
    return rows.select_related("petition", "unit").order_by("due_on", "petition_id", "pk")


def counts(user: Any, today: dt.date | None = None) -> dict[str, int]:
    """{"overdue", "soon"}: how many petitions have a step overdue, and a step due within a week (one SQL query)."""
    day = today or timezone.localdate()
    soon = Q(due_on__gte=day, due_on__lte=day + dt.timedelta(days=SOON_DAYS))
    return (
        owed(user)
        .order_by()
        .aggregate(
            overdue=Count("petition_id", filter=Q(due_on__lt=day), distinct=True),
            soon=Count("petition_id", filter=soon, distinct=True),
        )
    )


def _reads_petitions(user: Any) -> bool:
    return is_system_admin(user) or any(m.role in PETITION_READERS for m in memberships(user))


def home_panel(request: Any) -> dict[str, object] | None:
    """Counts for the staff home page: the petitions overdue and due within a week, each opening the queue."""
    if not _reads_petitions(request.user):
        return None
    figures = counts(request.user)
    url = reverse("engagement:petition_queue")
    return {
        "title": "Đơn thư",
        "items": [
            ("Đơn quá hạn", figures["overdue"], f"{url}?loc=overdue"),
            (f"Đơn đến hạn trong {SOON_DAYS} ngày", figures["soon"], f"{url}?loc=soon"),
        ],
    }


register_nav("Đơn thư", "engagement:petition_list", PETITION_READERS, order=42, group="Tiếp công dân")
register_nav("Đơn đến hạn, quá hạn", "engagement:petition_queue", PETITION_READERS, order=43, group="Tiếp công dân")
register_home_panel(40, home_panel)
