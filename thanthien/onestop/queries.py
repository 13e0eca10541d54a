"""Reads for the desk: scoped dossier lists and the officer's work queues."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from thanthien.org.scoping import scoped
from thanthien.workdays.calendar import WorkCalendar

from .models import OPEN_STATUSES, Dossier, Status

QUEUES = {
    "due_today": "Đến hạn trả hôm nay",
    "at_risk": "Sắp đến hạn",
    "overdue": "Đã quá hạn",
    "supplement": "Chờ bổ sung giấy tờ",
    "ready": "Có kết quả, chờ trả",
    "all_open": "Tất cả hồ sơ đang giải quyết",
}


def dossiers_for(user: User | AnonymousUser) -> QuerySet[Dossier]:
    return scoped(Dossier.objects.all(), user)


@dataclass(frozen=True)
class QueueBounds:
    now: dt.datetime
    day_start: dt.datetime
    day_end: dt.datetime
    risk_until: dt.datetime


def queue_bounds(calendar: WorkCalendar, at_risk_hours: int, now: dt.datetime | None = None) -> QueueBounds:
    moment = timezone.localtime(now or timezone.now())
    start = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    # "At risk" = due within the next N working hours; in SQL that is "due before the moment N working
    # hours from now", computed once here rather than per row.
    risk_until = calendar.add_working_hours(moment, at_risk_hours).due
    return QueueBounds(moment, start, start + dt.timedelta(days=1), risk_until)


def queue_filter(name: str, b: QueueBounds) -> Q:
    open_ = Q(status__in=OPEN_STATUSES)
    return {
        "due_today": open_ & Q(due_at__gte=b.day_start, due_at__lt=b.day_end),
        "at_risk": open_ & Q(due_at__gte=b.now, due_at__lt=b.risk_until),
        "overdue": open_ & Q(due_at__lt=b.now),
        "supplement": Q(status=Status.SUPPLEMENT),
        "ready": Q(status=Status.RESOLVED),
        "all_open": open_,
    }[name]


# Every queue holds open dossiers, those awaiting papers or those with a result: the aggregate reads only these
# (through the unit + status index), not a province's years of returned dossiers.
QUEUED_STATUSES = (*OPEN_STATUSES, Status.SUPPLEMENT, Status.RESOLVED)


def queue_counts(qs: QuerySet[Dossier], b: QueueBounds) -> dict[str, int]:
    """All queue sizes in one aggregate query."""
    queued = qs.filter(status__in=QUEUED_STATUSES).order_by()
    return queued.aggregate(**{name: Count("pk", filter=queue_filter(name, b)) for name in QUEUES})


def timeliness(d: Dossier) -> str | None:
    """early / on_time / late for a resolved dossier (DOMAIN.md §4), else None."""
    if d.resolved_at is None:
        return None
    if d.resolved_at > d.due_at:
        return "late"
    return "early" if timezone.localtime(d.resolved_at).date() < timezone.localtime(d.due_at).date() else "on_time"


TIMELINESS_LABELS = {"early": "Trước hạn", "on_time": "Đúng hạn", "late": "Quá hạn"}
