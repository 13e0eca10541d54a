"""Background roll-ups (issue 12 item 7): a province's roll-up over hundreds of communes runs as a django-tasks task
(the database backend: SQLite and PostgreSQL alike; `thanthien serve` runs its worker), telling its progress to its
RollupRun (done / total) so that the page shows a progress bar, and storing its result there when done.

    run = start_rollup(user, unit, start, end)     # the action: checks, audit row, enqueued on commit
    execute(run.pk)                                # what the worker runs (tests call it directly)
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from thanthien.audit.log import record
from thanthien.lib.vn import fmt_date
from thanthien.org.models import Role, Unit
from thanthien.org.scoping import holds_role

from .models import RollupRun, RunStatus
from .rollup import build_rollup

logger = logging.getLogger(__name__)

# Above this many communes a roll-up runs in the background (settings.REPORTS_ROLLUP_INLINE_LIMIT).
INLINE_LIMIT = 40
# A queued or running run of the same unit and period younger than this is shown instead of starting another.
REUSE_MINUTES = 30
FAILED_MESSAGE = (
    "Không tính được báo cáo tổng hợp do lỗi hệ thống. Vui lòng thử lại; nếu vẫn lỗi, báo quản trị hệ thống."
)


def inline_limit() -> int:
    return int(getattr(settings, "REPORTS_ROLLUP_INLINE_LIMIT", INLINE_LIMIT))


def require_supervisor(actor: Any, unit: Unit) -> None:
    """Only a supervisor of `unit` (or of a unit above it) reads its roll-up; never a commune's official."""
    if unit.is_commune_level:
        raise PermissionDenied("Báo cáo tổng hợp chỉ lập cho đơn vị cấp trên (tỉnh, huyện).")
    if actor is not None and not holds_role(actor, unit, frozenset({Role.SUPERVISOR})):
        raise PermissionDenied("Chỉ cán bộ giám sát của đơn vị này xem được báo cáo tổng hợp.")


def start_rollup(actor: Any, unit: Unit, start: dt.date, end: dt.date) -> RollupRun:
    """Ask for a roll-up in the background: a queued or running one of the same unit and period is reused; else a
    new run is recorded (with its audit row) and its task enqueued once the transaction commits."""
    require_supervisor(actor, unit)
    since = timezone.now() - dt.timedelta(minutes=REUSE_MINUTES)
    pending = RollupRun.objects.filter(
        unit=unit,
        period_start=start,
        period_end=end,
        status__in=(RunStatus.QUEUED, RunStatus.RUNNING),
        created_at__gte=since,
    )
    found = pending.order_by("-created_at").first()
    if found is not None:
        return found
    with transaction.atomic():
        run = RollupRun.objects.create(
            unit=unit, period_start=start, period_end=end, created_by=actor if getattr(actor, "pk", None) else None
        )
        record(
            actor,
            "report.rollup",
            run,
            unit=unit,
            note=f"Tính báo cáo tổng hợp của {unit.name} từ {fmt_date(start)} đến {fmt_date(end)}.",
        )
        transaction.on_commit(lambda: _enqueue(run.pk))
    return run


def _enqueue(run_id: int) -> None:
    result = run_rollup.enqueue(run_id)
    RollupRun.objects.filter(pk=run_id).update(task_id=str(result.id)[:100])


@task()
def run_rollup(run_id: int) -> None:
    """The task the worker runs."""
    execute(run_id)


def execute(run_id: int) -> None:
    """Compute run `run_id`'s roll-up, telling its progress; a failure is stored as a Vietnamese message (the
    details go to the log), never left running."""
    run = RollupRun.objects.select_related("unit").filter(pk=run_id).first()
    if run is None or run.status in (RunStatus.DONE, RunStatus.FAILED):
        return
    runs = RollupRun.objects.filter(pk=run_id)
    runs.update(status=RunStatus.RUNNING)

    def progress(done: int, total: int) -> None:
        runs.update(done=done, total=total)

    try:
        result = build_rollup(run.unit, run.period_start, run.period_end, progress)
    except Exception:
        logger.exception("roll-up run %s failed", run_id)
        runs.update(status=RunStatus.FAILED, error=FAILED_MESSAGE, finished_at=timezone.now())
        return
    total = len([row for row in result["sections"]["communes"] if not row["extra"]])
    runs.update(status=RunStatus.DONE, result=result, done=total, total=total, finished_at=timezone.now())
