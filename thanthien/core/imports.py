"""The site's side of the import framework (thanthien.lib.importing): the audit row, the record of each run
(ImportRun) and its live progress for the upload page.

A run is recorded before anything is written and marked done only after its last write, so a killed import
is never mistaken for a complete one: a run still "running" whose process is gone (or silent for longer than
STALE) is interrupted. Importing the same file again completes it — every importer is idempotent by its
natural key — and the interrupted run then points at the run that completed it."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import socket
from typing import Any

from django.core.cache import cache
from django.utils import timezone

from thanthien.audit.log import record
from thanthien.lib.importing import Importer, ImportReport, set_hooks

from .models import ImportRun

STALE = dt.timedelta(minutes=10)  # a live run writes its heartbeat after every batch, seconds apart
HOST = socket.gethostname()[:255]
PROGRESS_KEY = "import-progress:{}"


def _audit(actor: Any, action: str, unit: Any, note: str) -> None:
    record(actor, action, unit=unit, note=note)


class RunJournal:
    """ImportRun rows, written outside the import's own transaction (autocommit) so that they survive it."""

    def __init__(self, importer: Importer[Any, Any, Any], actor: Any, unit: Any, name: str, raw: bytes, token: str):
        self.importer, self.actor, self.unit, self.token = importer, actor, unit, token
        self.name, self.digest = os.path.basename(name)[:255], hashlib.sha256(raw).hexdigest()
        self.run: ImportRun | None = None

    @property
    def run_id(self) -> int | None:
        return self.run.pk if self.run else None

    def start(self, total: int) -> None:
        now = timezone.now()
        user = self.actor if getattr(self.actor, "is_authenticated", False) else None
        self.run = ImportRun.objects.create(
            kind=self.importer.kind,
            unit=self.unit,
            actor=user,
            actor_name=(user.get_full_name() or user.get_username()) if user else "hệ thống",
            filename=self.name,
            digest=self.digest,
            rows_to_write=total,
            started_at=now,
            heartbeat_at=now,
            host=HOST,
            pid=os.getpid(),
        )
        self._progress(0)

    def advance(self, written: int) -> None:
        # Committed at once on SQLite (each batch is a transaction); within the import's transaction elsewhere,
        # where the cache carries the progress to the page.
        if self.run is not None:
            ImportRun.objects.filter(pk=self.run.pk).update(rows_written=written, heartbeat_at=timezone.now())
        self._progress(written)

    def finish(self, report: ImportReport) -> None:
        if self.run is None:
            return
        now = timezone.now()
        ImportRun.objects.filter(pk=self.run.pk).update(
            state=ImportRun.State.DONE,
            rows_written=self.run.rows_to_write,
            created=report.created,
            updated=report.updated,
            unchanged=report.unchanged,
            heartbeat_at=now,
            finished_at=now,
            note=report.summary(),
        )
        # The same file, interrupted earlier, is now complete.
        earlier = _same_file(self.run).filter(state__in=[ImportRun.State.RUNNING, ImportRun.State.INTERRUPTED])
        earlier.exclude(pk=self.run.pk).filter(completed_by__isnull=True).update(
            state=ImportRun.State.INTERRUPTED, completed_by=self.run
        )
        self._progress(self.run.rows_to_write)

    def interrupt(self, reason: str) -> None:
        if self.run is not None:
            ImportRun.objects.filter(pk=self.run.pk).update(
                state=ImportRun.State.INTERRUPTED, heartbeat_at=timezone.now(), note=f"Dừng giữa chừng: {reason}."
            )

    def _progress(self, written: int) -> None:
        if self.token and self.run is not None:
            cache.set(PROGRESS_KEY.format(self.token), [written, self.run.rows_to_write, self.run.pk], 3600)


def _same_file(run: ImportRun) -> Any:
    return ImportRun.objects.filter(kind=run.kind, unit=run.unit, digest=run.digest)


def _alive(run: ImportRun) -> bool:
    if run.host != HOST or not run.pid:
        return timezone.now() - run.heartbeat_at < STALE
    try:
        os.kill(run.pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return timezone.now() - run.heartbeat_at < STALE


def settle_stale_runs() -> int:
    """Mark as interrupted the runs whose process died (kill -9, power cut) before they finished."""
    dead = [run.pk for run in ImportRun.objects.filter(state=ImportRun.State.RUNNING) if not _alive(run)]
    if dead:
        ImportRun.objects.filter(pk__in=dead).update(state=ImportRun.State.INTERRUPTED, note="Tiến trình nhập đã dừng.")
    return len(dead)


def recent_runs(kinds: list[str], units: list[Any] | None, limit: int = 10) -> list[ImportRun]:
    settle_stale_runs()
    runs = ImportRun.objects.filter(kind__in=kinds).select_related("unit", "completed_by")
    if units is not None:
        runs = runs.filter(unit__in=units)
    return list(runs.order_by("-started_at", "-pk")[:limit])


def progress_of(token: str) -> list[int] | None:
    value = cache.get(PROGRESS_KEY.format(token))
    return list(value) if value else None


def install() -> None:
    set_hooks(_audit, RunJournal)
