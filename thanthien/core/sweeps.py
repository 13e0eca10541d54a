"""Running the registered sweeps once (`thanthien tick`) or in a loop (`thanthien serve`)."""

from __future__ import annotations

import datetime as dt
import logging
import traceback

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from thanthien.lib.registry import SWEEPS, Sweep

from .models import SweepRun

log = logging.getLogger(__name__)

# A crashed process must not hold a sweep for ever: its claim expires.
CLAIM_FOR = dt.timedelta(minutes=10)


def _claim(sweep: Sweep, now: dt.datetime, force: bool) -> bool:
    SweepRun.objects.get_or_create(name=sweep.name)
    due = Q(last_started_at__isnull=True) | Q(last_started_at__lte=now - sweep.every)
    free = Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    condition = free if force else free & due
    with transaction.atomic():
        return bool(
            SweepRun.objects.filter(condition, name=sweep.name).update(
                claimed_until=now + CLAIM_FOR, last_started_at=now
            )
        )


def run_due(force: bool = False, only: str | None = None) -> dict[str, int | str]:
    """Run every sweep that is due (or all with `force`); return what each did."""
    results: dict[str, int | str] = {}
    for sweep in SWEEPS.values():
        if only and sweep.name != only:
            continue
        if not _claim(sweep, timezone.now(), force):
            continue
        try:
            count = sweep.run()
        except Exception:
            log.exception("sweep %s failed", sweep.name)
            SweepRun.objects.filter(name=sweep.name).update(
                claimed_until=None, last_error=traceback.format_exc()[-4000:]
            )
            results[sweep.name] = "lỗi"
            continue
        SweepRun.objects.filter(name=sweep.name).update(
            claimed_until=None, last_finished_at=timezone.now(), last_result=count, last_error=""
        )
        results[sweep.name] = count
    return results
