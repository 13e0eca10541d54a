"""The roll-up report of a supervising unit (issue 12 item 4): one row per commune under the unit on the last day
of the period, the totals, a ranking, the communes below the threshold and a summary in the words of a provincial
report (seed 000) — read through the statistics registry only (`lib.stats`), never from another app's models.

The rules, as a supervisor would check them:

- Rows: the communes under the unit on the last day (`org.queries.communes_under(unit, at=end)`), by name. Each
  row's figures are the registry's figures of that commune, which already count the units merged into it (a
  commune's statistics cover its predecessors: `org.queries.stats_unit_ids`).
- Totals: the unit's OWN figures (`stats.compute(subject, unit, start, end)`), rates included. The count columns
  of the rows add up to them exactly: when records of units that are no longer under the unit (dissolved, or
  merged into a commune elsewhere) count in the unit's figures, one more row, "extra", holds the difference, so
  that the rows always add up to the total.
- Ranking: by the on-time rate of dossiers (resolved early or on time / resolved), then by the satisfaction rate,
  both highest first; a commune without a rate (nothing resolved, nobody answered) ranks after those with one;
  equal rates share a rank (1, 1, 3); ties are listed by name.
- Threshold: `settings.REPORTS_ROLLUP_THRESHOLD`, a mapping {"on_time_rate": 0.9, "satisfaction_rate": 0.9} (a bare
  number is the on-time rate's threshold alone); a commune is below it when one of its rates is known and lower
  than that rate's threshold. A rate that is not known (nothing to divide) is not judged.
- No personal data: the rows are counts and rates of units.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from thanthien.lib import stats, vn
from thanthien.org.models import Unit, UnitKind
from thanthien.org.queries import communes_under

Progress = Callable[[int, int], None]  # (communes done, communes in all)

SUBJECTS = ("dossiers", "letters", "engagement", "surveys", "programme")
DEFAULT_THRESHOLD: dict[str, float] = {"on_time_rate": 0.9, "satisfaction_rate": 0.9}
# How many communes one batch of the registry's computations covers (the progress bar moves once per batch).
CHUNK = 25
# Records of units that are not among the communes of the last day: merged into a unit elsewhere, or dated before
# the commune that holds them was founded (a 2025 successor with records of 2024).
EXTRA_NAME = (
    "Số liệu của đơn vị không thuộc danh sách xã, phường ngày cuối kỳ (đã sáp nhập, chia tách hoặc thành lập sau)"
)


@dataclass(frozen=True)
class Column:
    """A column of the table: `key` in a row, the registry's subject and dotted key it reads."""

    key: str
    label: str
    subject: str
    figure: str
    kind: str  # "count" (summed into the totals) or "rate"


COLUMNS: tuple[Column, ...] = (
    Column("dossiers_received", "Hồ sơ tiếp nhận", "dossiers", "received.total", "count"),
    Column("dossiers_resolved_late", "Hồ sơ giải quyết quá hạn", "dossiers", "resolved.late", "count"),
    Column("on_time_rate", "Tỷ lệ trước hạn và đúng hạn", "dossiers", "on_time_rate", "rate"),
    Column("letters", "Thư gửi công dân", "letters", "total", "count"),
    Column("receptions", "Buổi tiếp công dân", "engagement", "receptions.sessions", "count"),
    Column("petitions_resolved", "Đơn thư đã giải quyết", "engagement", "petitions.resolved", "count"),
    Column("satisfaction_rate", "Tỷ lệ hài lòng", "surveys", "satisfaction_rate", "rate"),
)
COUNT_COLUMNS = tuple(c for c in COLUMNS if c.kind == "count")
# Counts kept beside the table's columns so the rates and the recognition add up too.
HIDDEN_COUNTS: tuple[Column, ...] = (
    Column("dossiers_resolved", "Hồ sơ đã giải quyết", "dossiers", "resolved.total", "count"),
    Column("survey_answers", "Câu trả lời khảo sát", "surveys", "answers", "count"),
    Column("survey_satisfied", "Câu trả lời hài lòng", "surveys", "satisfied", "count"),
    Column("recognised", "Xã được công nhận mô hình", "programme", "models.recognised", "count"),
    Column("recognised_province", "cấp tỉnh", "programme", "models.by_level.province", "count"),
    Column("recognised_district", "cấp huyện", "programme", "models.by_level.district", "count"),
    Column("scored", "Xã có kết quả chấm điểm", "programme", "scores.scored", "count"),
)
SUMMED = COUNT_COLUMNS + HIDDEN_COUNTS
LEVEL_LABELS = {"province": "Cấp tỉnh", "district": "Cấp huyện"}
SCOPE_WORDS = {
    UnitKind.PROVINCE: "toàn tỉnh",
    UnitKind.CENTRAL_CITY: "toàn thành phố",
    UnitKind.PROVINCIAL_CITY: "toàn thành phố",
    UnitKind.DISTRICT: "toàn huyện",
    UnitKind.TOWN: "toàn thị xã",
}
HIGH_SATISFACTION_SHOWN = 6


def threshold() -> dict[str, float]:
    """The rates below which a commune is highlighted (settings.REPORTS_ROLLUP_THRESHOLD, read at call time)."""
    raw = getattr(settings, "REPORTS_ROLLUP_THRESHOLD", None)
    if raw is None:
        return dict(DEFAULT_THRESHOLD)
    if isinstance(raw, int | float):
        return {"on_time_rate": float(raw)}
    return {key: float(value) for key, value in dict(raw).items() if key in DEFAULT_THRESHOLD}


Score = tuple[float | None, int | None, str]  # (score, year, class label)


def published_scores(unit: Unit, start: dt.date, end: dt.date) -> dict[str, Score]:
    """Each commune's own latest published score of the period's years (the listing `programme.scorings`, one
    read for the whole unit), by the commune's code; empty when the listing is not registered."""
    if "programme.scorings" not in {entry.name for entry in stats.listings("programme")}:
        return {}
    header, rows = stats.listing("programme.scorings", unit, start, end)
    at = {name: i for i, name in enumerate(header)}
    out: dict[str, Score] = {}
    for row in rows:
        out[str(row[at["Mã đơn vị"]])] = (row[at["Điểm"]], row[at["Năm"]], str(row[at["Xếp loại"]] or ""))
    return out


def _row(
    unit_code: str | None, name: str, results: Mapping[str, Mapping[str, Any]], score: Score | None
) -> dict[str, Any]:
    row: dict[str, Any] = {"code": unit_code, "name": name, "extra": False}
    for column in (*COLUMNS, *HIDDEN_COUNTS):
        row[column.key] = stats.value_at(results[column.subject], column.figure)
    level = None
    if row["recognised_province"]:
        level = "province"
    elif row["recognised_district"]:
        level = "district"
    row["recognition"] = level
    row["recognition_label"] = LEVEL_LABELS.get(level or "", "")
    row["score"], row["score_year"], row["score_class"] = score or (None, None, "")
    return row


def _totals(unit: Unit, figures: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    totals = _row(unit.code, "Tổng cộng", figures, None)
    totals["recognition"] = None
    totals["recognition_label"] = ""
    by_class = stats.value_at(figures["programme"], "scores.by_class")
    totals["by_class"] = dict(by_class)
    return totals


def _extra_row(rows: Sequence[Mapping[str, Any]], totals: Mapping[str, Any]) -> dict[str, Any] | None:
    """The records counted in the unit's figures that no listed commune carries (see the module's rules)."""
    rest = {c.key: totals[c.key] - sum(r[c.key] for r in rows) for c in SUMMED}
    if not any(rest.values()):
        return None
    row: dict[str, Any] = {"code": None, "name": EXTRA_NAME, "extra": True, **rest}
    row.update({c.key: None for c in COLUMNS if c.kind == "rate"})
    row.update(recognition=None, recognition_label="", score=None, score_year=None, score_class="")
    return row


def _rank_key(row: Mapping[str, Any]) -> tuple[Any, ...]:
    on_time, satisfaction = row["on_time_rate"], row["satisfaction_rate"]
    return (on_time is None, -(on_time or 0.0), satisfaction is None, -(satisfaction or 0.0))


def ranking(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The communes in rank order (see the module's rules); equal rates share a rank."""
    ordered = sorted((r for r in rows if not r["extra"]), key=lambda r: (_rank_key(r), vn.sort_key(r["name"])))
    out: list[dict[str, Any]] = []
    previous: tuple[Any, ...] | None = None
    rank = 0
    for position, row in enumerate(ordered, start=1):
        key = _rank_key(row)
        if key != previous:
            rank, previous = position, key
        out.append(
            {
                "rank": rank,
                "code": row["code"],
                "name": row["name"],
                "on_time_rate": row["on_time_rate"],
                "satisfaction_rate": row["satisfaction_rate"],
            }
        )
    return out


RANKING_RULE = (
    "Xếp hạng theo tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn, cùng tỷ lệ thì theo tỷ lệ người dân hài lòng, "
    "từ cao xuống thấp; xã chưa có hồ sơ được giải quyết (hoặc chưa có phiếu khảo sát) xếp sau; các xã có cùng "
    "hai tỷ lệ đồng hạng."
)


def threshold_rule(limits: Mapping[str, float]) -> str:
    if not limits:
        return "Không đặt ngưỡng cần lưu ý."
    parts = " hoặc ".join(f"{RATE_NAMES[k]} dưới {percent(v)}" for k, v in limits.items())
    return f"Xã, phường, thị trấn cần lưu ý: {parts} (tỷ lệ chưa tính được vì chưa có số liệu thì không xét)."


RATE_NAMES = {"on_time_rate": "tỷ lệ hồ sơ trước hạn và đúng hạn", "satisfaction_rate": "tỷ lệ hài lòng"}


def below_threshold(rows: Sequence[Mapping[str, Any]], limits: Mapping[str, float]) -> list[dict[str, Any]]:
    out = []
    for row in rows:
        if row["extra"]:
            continue
        low = {key: row[key] for key, limit in limits.items() if row.get(key) is not None and row[key] < limit}
        if low:
            reasons = [f"{RATE_NAMES[k]} {percent(v)} (ngưỡng {percent(limits[k])})" for k, v in low.items()]
            out.append({"code": row["code"], "name": row["name"], "rates": low, "reasons": reasons})
    return out


def percent(ratio: float | None) -> str:
    """0.987 → "98,7 %", 1.0 → "100 %" (one decimal, none when it is zero), as the provincial report writes."""
    if ratio is None:
        return "–"
    text = vn.fmt_percent(ratio, 1)
    return text.replace(",0 %", " %")


def number(value: int) -> str:
    return vn.fmt_number(value)


def scope_words(unit: Unit) -> str:
    return SCOPE_WORDS.get(UnitKind(unit.kind), f"toàn {unit.in_sentence()}") if unit.kind in UnitKind.values else ""


def summary(unit: Unit, start: dt.date, end: dt.date, rows: Sequence[Mapping[str, Any]], totals: Mapping[str, Any],
            low: Sequence[Mapping[str, Any]], limits: Mapping[str, float]) -> str:  # fmt: skip
    """The paragraph of the roll-up, in the style of the provincial report (seed 000)."""
    communes = [r for r in rows if not r["extra"]]
    scope = scope_words(unit) if not unit.is_commune_level else unit.in_sentence()
    parts = [
        f"Đến ngày {vn.fmt_date(end)}, {scope} đã xây dựng được {number(totals['recognised'])} mô hình, trong đó "
        f"{number(totals['recognised_province'])} mô hình cấp tỉnh, {number(totals['recognised_district'])} mô hình "
        f"cấp huyện (trên tổng số {number(len(communes))} xã, phường, thị trấn)."
    ]
    period = f"Từ ngày {vn.fmt_date(start)} đến ngày {vn.fmt_date(end)}"
    dossiers = f"{period}, các xã, phường, thị trấn đã tiếp nhận {number(totals['dossiers_received'])} hồ sơ"
    if totals["dossiers_resolved"]:
        dossiers += (
            f"; tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn đạt {percent(totals['on_time_rate'])}"
            f" ({number(totals['dossiers_resolved'])} hồ sơ đã giải quyết, trong đó "
            f"{number(totals['dossiers_resolved_late'])} hồ sơ quá hạn)"
        )
    else:
        dossiers += "; chưa có hồ sơ nào được giải quyết trong kỳ"
    dossiers += (
        f"; đã lập {number(totals['letters'])} thư gửi công dân; tổ chức {number(totals['receptions'])} buổi tiếp"
        f" công dân; giải quyết xong {number(totals['petitions_resolved'])} đơn thư."
    )
    parts.append(dossiers)
    if totals["survey_answers"]:
        high = sorted(
            (r for r in communes if r["satisfaction_rate"] is not None),
            key=lambda r: (-r["satisfaction_rate"], vn.sort_key(r["name"])),
        )[:HIGH_SATISFACTION_SHOWN]
        text = f"Kết quả khảo sát mức độ hài lòng của người dân đạt {percent(totals['satisfaction_rate'])}"
        if high:
            shown = ", ".join(f"{_short(r['name'])} {percent(r['satisfaction_rate'])}" for r in high)
            text += f"; một số địa phương có tỷ lệ hài lòng cao như: {shown}"
        parts.append(text + ".")
    else:
        parts.append("Trong kỳ chưa có phiếu khảo sát mức độ hài lòng nào được thu.")
    if low:
        names = ", ".join(_short(r["name"]) for r in low)
        limit_text = " hoặc ".join(f"{RATE_NAMES[k]} dưới {percent(v)}" for k, v in limits.items())
        parts.append(f"Có {number(len(low))} xã, phường, thị trấn có {limit_text}: {names}.")
    elif communes:
        parts.append("Không có xã, phường, thị trấn nào dưới ngưỡng cần lưu ý.")
    return " ".join(parts)


def _short(name: str) -> str:
    for prefix in ("Thành phố ", "Thị trấn ", "Thị xã ", "Phường ", "Xã ", "Huyện ", "Tỉnh ", "Đặc khu "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def communes_of(unit: Unit, end: dt.date) -> list[Unit]:
    """The rows' communes: those under `unit` on the last day, by name."""
    return sorted(communes_under(unit, at=end), key=lambda u: vn.sort_key(u.name))


def build_rollup(unit: Unit, start: dt.date, end: dt.date, progress: Progress | None = None) -> dict[str, Any]:
    """The roll-up of `unit` for [start, end] as plain JSON (what `thanthien report --format json` prints for a
    supervising unit): {"unit", "from", "to", "sections": {"communes", "totals", "ranking", "below_threshold",
    "summary"}, "figures": {subject: the unit's own figures}}. `progress(done, total)` is told after each batch
    of communes."""
    communes = communes_of(unit, end)
    total = len(communes)
    scores = published_scores(unit, start, end)
    if progress is not None:
        progress(0, total)
    rows: list[dict[str, Any]] = []
    for first in range(0, total, CHUNK):
        chunk = communes[first : first + CHUNK]
        results = {name: stats.compute_many(name, chunk, start, end) for name in SUBJECTS}
        for i, commune in enumerate(chunk):
            figures_of = {name: results[name][i] for name in SUBJECTS}
            rows.append(_row(commune.code, commune.name, figures_of, scores.get(commune.code)))
        if progress is not None:
            progress(len(rows), total)
    figures = {name: stats.compute(name, unit, start, end) for name in SUBJECTS}
    totals = _totals(unit, figures)
    extra = _extra_row(rows, totals)
    if extra is not None:
        rows.append(extra)
    limits = threshold()
    low = below_threshold(rows, limits)
    flagged = {item["code"] for item in low}
    for row in rows:
        row["below_threshold"] = not row["extra"] and row["code"] in flagged
    return {
        "unit": unit.code,
        "from": start.isoformat(),
        "to": end.isoformat(),
        "sections": {
            "communes": rows,
            "totals": totals,
            "ranking": ranking(rows),
            "below_threshold": low,
            "threshold": limits,
            "summary": summary(unit, start, end, rows, totals, low, limits),
        },
        "figures": figures,
    }
