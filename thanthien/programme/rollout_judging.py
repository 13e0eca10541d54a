"""Roll-out of the model over a supervising unit on a day (issue 11 item 9): the communes under it on that day, those
with a recognition valid that day (each once, at its highest level), the share against the unit's targets, the
communes still missing, and rankings of the communes — by the verified score of the latest published year and by
three indicators other apps count, read BY NAME through the statistics registry (programme imports no other domain
app). Bars are drawn on the server (SVG, no script)."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Max, Q

from thanthien.lib.stats import StatsError, indicator_values
from thanthien.lib.vn import fmt_number, fmt_percent
from thanthien.org.models import Unit
from thanthien.org.queries import communes_under

from .actions_judging import highest_levels
from .models import RecognitionLevel, RolloutTarget, Scoring, ScoringStatus
from .stats import target_progress

# (indicator name in the statistics registry, Vietnamese title of the ranking)
RANKED_INDICATORS = (
    ("dossiers.on_time_rate", "Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn"),
    ("surveys.satisfaction_rate", "Tỷ lệ người dân hài lòng"),
    ("engagement.petition_resolution_rate", "Tỷ lệ đơn thư đã xử lý xong"),
)
BAR_HEIGHT = 22
LABEL_WIDTH = 190  # of the SVG's 600 units: the commune's name on the left, the bar, then its value
BAR_SPACE = 330


@dataclass
class TargetProgress:
    target: RolloutTarget
    needed: int  # communes to be recognised to reach it
    met: bool
    missing: int


@dataclass
class Progress:
    unit: Unit
    day: dt.date
    communes: list[Unit]
    levels: dict[int, str]  # recognised commune → its highest level valid on the day
    targets: list[TargetProgress] = field(default_factory=list)

    @property
    def recognised(self) -> int:
        return len(self.levels)

    @property
    def by_level(self) -> dict[str, int]:
        return {level: sum(1 for v in self.levels.values() if v == level) for level in RecognitionLevel.values}

    @property
    def share(self) -> float | None:
        return self.recognised / len(self.communes) if self.communes else None

    @property
    def missing_communes(self) -> list[Unit]:
        return [c for c in self.communes if c.pk not in self.levels]


def progress(unit: Unit, day: dt.date) -> Progress:
    """Communes under `unit` on `day`, the recognised ones, and each target of the unit: met when the share on `day`
    reaches it; `missing` the communes still to be recognised to reach it (0 when met). Four queries."""
    communes = list(communes_under(unit, day).order_by("name", "pk"))
    levels = highest_levels([c.pk for c in communes], day)
    result = Progress(unit, day, communes, levels)
    n = len(communes)
    for target in RolloutTarget.objects.filter(unit=unit).order_by("by_date"):
        # Met and missing by the one rule of the statistics (`thanthien stats programme` says the same).
        met, missing = target_progress(Decimal(target.share), n, len(levels))
        result.targets.append(TargetProgress(target, math.ceil(Decimal(target.share) * n), met, missing))
    return result


# --- rankings --------------------------------------------------------------------------------------------------------


@dataclass
class Ranking:
    key: str
    title: str
    kind: str  # "score" (points) or "rate" (0–1)
    rows: list[tuple[Unit, Any]]  # by value, best first; communes without a value last
    note: str = ""

    def chart(self) -> dict[str, Any]:
        """The SVG's bars: y, length in the SVG's units, the value as text."""
        top = max((v for _, v in self.rows if v is not None), default=0)
        scale = float(top) if self.kind == "score" else 1.0
        bars = []
        for i, (unit, value) in enumerate(self.rows):
            length = round(float(value) * BAR_SPACE / scale) if value is not None and scale else 0
            bars.append(
                {
                    "label": unit.short_name()[:28],
                    "text": _fmt(self.kind, value),
                    "length": length,
                    "y": i * BAR_HEIGHT,
                    "text_x": LABEL_WIDTH + length + 6,
                }
            )
        return {"bars": bars, "height": max(1, len(bars)) * BAR_HEIGHT, "label_width": LABEL_WIDTH}


def _fmt(kind: str, value: Any) -> str:
    if value is None:
        return "chưa có số liệu"
    return fmt_number(value, 2) if kind == "score" else fmt_percent(value, 1)


def _ordered(values: dict[int, Any], communes: list[Unit]) -> list[tuple[Unit, Any]]:
    known = sorted((c for c in communes if values.get(c.pk) is not None), key=lambda c: (-float(values[c.pk]), c.name))
    return [(c, values[c.pk]) for c in known] + [(c, None) for c in communes if values.get(c.pk) is None]


def indicator_period(day: dt.date) -> tuple[dt.date, dt.date]:
    """The twelve months ending on `day` (both days included)."""
    try:
        start = day.replace(year=day.year - 1) + dt.timedelta(days=1)
    except ValueError:  # 29 February
        start = dt.date(day.year - 1, 3, 1)
    return start, day


def rankings(communes: list[Unit], day: dt.date) -> list[Ranking]:
    """The communes ranked by the verified total of their published scoring of the latest year any of them has, then
    by each indicator of RANKED_INDICATORS over the twelve months ending on `day` (one registry read per indicator
    for all the communes at once; an indicator no app registers is said so, not an error)."""
    ids = [c.pk for c in communes]
    published = Scoring.objects.filter(unit_id__in=ids, status=ScoringStatus.PUBLISHED).filter(
        Q(published_on__isnull=True) | Q(published_on__lte=day)
    )
    year = published.aggregate(latest=Max("year"))["latest"]
    scores: dict[int, Any] = {}
    if year is not None:
        scores = dict(published.filter(year=year).values_list("unit_id", "verified_total"))
    out = [
        Ranking(
            "score",
            f"Điểm thẩm định năm {year}" if year else "Điểm thẩm định",
            "score",
            _ordered(scores, communes),
            "" if year else "Chưa có xã nào được công bố điểm.",
        )
    ]
    start, end = indicator_period(day)
    for name, title in RANKED_INDICATORS:
        values: dict[int, Any] = {}
        note = f"Từ {start:%d/%m/%Y} đến {end:%d/%m/%Y}."
        try:
            found = indicator_values(name, list(communes), start, end)
            values = {commune.pk: value for commune, value in zip(communes, found, strict=True)}
        except StatsError:
            values, note = {}, "Chưa có nguồn số liệu cho chỉ số này."
        out.append(Ranking(name, title, "rate", _ordered(values, communes), note))
    return out
