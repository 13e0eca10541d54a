"""Brakes on public forms (feedback sent, PINs tried, survey forms): how many times a key (a hashed address, device
or code) acted at a commune in a fixed window, counted in the one counter table (numbering.NumberCounter) so every
app process sees the same counts. A count covers the current window and the one before it, so a burst across a
window's edge is still seen; keys are hashed before they reach the table (no address or typed code is kept).

    SENDS = Window("feedback-send", dt.timedelta(hours=1))
    if brakes.count(unit, SENDS, address, add=True) > 10: ...   # counted first, one atomic upsert
    brakes.take_back(unit, SENDS, address)                      # an attempt that must not count after all
    brakes.purge()                                              # the sweep: forget windows no count reads
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from django.db.models import F
from django.utils import timezone

from . import numbering
from .models import NumberCounter

PREFIX = "throttle:"
WINDOWS: dict[str, Window] = {}


@dataclass(frozen=True)
class Window:
    """A named kind of count and the length of its windows; declaring one registers it for the purge."""

    name: str
    length: dt.timedelta

    def __post_init__(self) -> None:
        WINDOWS[self.name] = self

    def index(self, now: dt.datetime) -> int:
        return int(now.timestamp() // self.length.total_seconds())

    def series(self, key: str, now: dt.datetime, back: int = 0) -> str:
        digest = hashlib.sha256(key.encode()).hexdigest()[:24]
        return f"{PREFIX}{self.name}:{digest}:{self.index(now) - back}"


def count(unit: Any, window: Window, key: str, *, add: bool = False, now: dt.datetime | None = None) -> int:
    """The count of this window and the one before; `add` counts one more in this window first (one atomic
    upsert, so concurrent requests each see the ones before them)."""
    moment = now or timezone.now()
    series = window.series(key, moment)
    current = numbering.reserve(unit, series) if add else numbering.last_issued(unit, series)
    return current + numbering.last_issued(unit, window.series(key, moment, back=1))


def fill(unit: Any, window: Window, key: str, up_to: int, *, now: dt.datetime | None = None) -> None:
    """Bring this window's count to at least `up_to` (a key that must stay braked for the rest of the window)."""
    moment = now or timezone.now()
    numbering.advance_to(unit, window.series(key, moment), up_to)


def take_back(unit: Any, window: Window, key: str, n: int = 1, *, now: dt.datetime | None = None) -> None:
    series = window.series(key, now or timezone.now())
    unit_id: int = unit if isinstance(unit, int) else unit.pk
    NumberCounter.objects.filter(unit_id=unit_id, series=series, value__gte=n).update(value=F("value") - n)


def purge(now: dt.datetime | None = None) -> int:
    """Forget the counts of windows that no brake reads any more (the periodic sweep); returns how many rows."""
    moment = now or timezone.now()
    deleted = 0
    for window in WINDOWS.values():
        old = NumberCounter.objects.filter(series__startswith=f"{PREFIX}{window.name}:")
        for back in (0, 1):
            old = old.exclude(series__endswith=f":{window.index(moment) - back}")
        deleted += old.delete()[0]
    return deleted
