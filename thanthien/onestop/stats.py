"""Period statistics of dossiers (DOMAIN.md §4): SQL aggregates over indexed columns, returned as plain dicts.

The period [start, end] covers whole days in Vietnam time: moments S = start 00:00 and E = (end + 1 day) 00:00.
Every figure is a count over the *population* of the period — dossiers received before E and not finished
(resolved or ended) before S — so the identity

    carried_over + received = resolved + withdrawn_or_rejected + open_at_end + awaiting_supplement_at_end

holds by construction: each dossier of the population was either carried over or received, and is either
resolved, ended, still awaiting a supplement at E, or still open at E (the model forbids resolved and ended
together).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncDate
from django.db.models.lookups import Exact, LessThan
from django.utils import timezone

from thanthien.lib import vn
from thanthien.lib.stats import register_stats
from thanthien.org.models import Unit
from thanthien.org.queries import communes_under, current_successors, stats_unit_ids

from .models import OPEN_STATUSES, Channel, Dossier

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

# The flat figures one aggregate computes; `shape` nests them into the published JSON shape.
FIGURES = (
    "carried_over",
    "received_total",
    "received_direct",
    "received_postal",
    "received_online_partial",
    "received_online_full",
    "resolved_total",
    "resolved_early",
    "resolved_on_time",
    "resolved_late",
    "open_total",
    "open_not_due",
    "open_overdue",
    "awaiting_supplement",
    "withdrawn_or_rejected",
)

Flat = dict[str, int]


def period_moments(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start 00:00, (end + 1 day) 00:00) in Vietnam time: both days included."""
    begin = dt.datetime.combine(start, dt.time.min, tzinfo=VN_TZ)
    finish = dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=VN_TZ)
    return begin, finish


def _not_finished_before(moment: dt.datetime) -> Q:
    return (Q(resolved_at__isnull=True) | Q(resolved_at__gte=moment)) & (
        Q(ended_at__isnull=True) | Q(ended_at__gte=moment)
    )


def in_population(begin: dt.datetime, finish: dt.datetime) -> Q:
    """The dossiers a period's figures count among: received before E and not finished before S."""
    return Q(received_at__lt=finish) & _not_finished_before(begin)


def _population(unit_ids: Iterable[int], begin: dt.datetime, finish: dt.datetime) -> QuerySet[Dossier]:
    # unit + received_at < E is served by the (unit, received_at) index.
    return Dossier.objects.filter(unit_id__in=list(unit_ids)).filter(in_population(begin, finish)).order_by()


def figure_conditions(begin: dt.datetime, finish: dt.datetime, as_of: dt.datetime) -> dict[str, Q]:
    """Each figure's condition, read inside the population; the dossier list applies the same Q to show the
    dossiers behind a figure, so the list's count is the figure by construction."""
    received = Q(received_at__gte=begin)
    resolved = Q(resolved_at__gte=begin, resolved_at__lt=finish)
    in_time = resolved & Q(resolved_at__lte=F("due_at"))
    resolved_day = TruncDate("resolved_at", tzinfo=VN_TZ)
    due_day = TruncDate("due_at", tzinfo=VN_TZ)
    still_open = _not_finished_before(finish)
    awaiting = (
        still_open
        & Q(supplement_requested_at__lt=finish)
        & (Q(supplement_received_at__isnull=True) | Q(supplement_received_at__gte=finish))
    )
    # The complement of "awaiting", written out so that NULLs cannot fall through either side.
    open_ = still_open & (
        Q(supplement_requested_at__isnull=True)
        | Q(supplement_requested_at__gte=finish)
        | Q(supplement_received_at__lt=finish)
    )
    conditions: dict[str, Q] = {
        "carried_over": Q(received_at__lt=begin),
        "received_total": received,
        "received_direct": received & Q(channel=Channel.DIRECT),
        "received_postal": received & Q(channel=Channel.POSTAL),
        "received_online_partial": received & Q(channel=Channel.ONLINE_PARTIAL),
        "received_online_full": received & Q(channel=Channel.ONLINE_FULL),
        "resolved_total": resolved,
        "resolved_early": in_time & Q(LessThan(resolved_day, due_day)),
        "resolved_on_time": in_time & Q(Exact(resolved_day, due_day)),
        "resolved_late": resolved & Q(resolved_at__gt=F("due_at")),
        "open_total": open_,
        "open_not_due": open_ & Q(due_at__gte=as_of),
        "open_overdue": open_ & Q(due_at__lt=as_of),
        "awaiting_supplement": awaiting,
        "withdrawn_or_rejected": Q(ended_at__gte=begin, ended_at__lt=finish),
    }
    return conditions


def _counts(begin: dt.datetime, finish: dt.datetime, as_of: dt.datetime) -> dict[str, Count]:
    """One Count(filter=...) per figure."""
    conditions = figure_conditions(begin, finish, as_of)
    return {name: Count("pk", filter=conditions[name]) for name in FIGURES}


def overdue_moment(finish: dt.datetime, now: dt.datetime | None) -> dt.datetime:
    """The moment "overdue" is judged at: the period's end, or now while the period runs."""
    return min(finish, now or timezone.now())


def shape(flat: Flat, unit_code: str | None, start: dt.date, end: dt.date) -> dict[str, Any]:
    """The published JSON shape (CLI, API, reports) from the flat figures."""
    resolved = flat["resolved_total"]
    in_time = flat["resolved_early"] + flat["resolved_on_time"]
    return {
        "unit": unit_code,
        "from": start.isoformat(),
        "to": end.isoformat(),
        "carried_over": flat["carried_over"],
        "received": {
            "total": flat["received_total"],
            "direct": flat["received_direct"],
            "postal": flat["received_postal"],
            "online_partial": flat["received_online_partial"],
            "online_full": flat["received_online_full"],
        },
        "resolved": {
            "total": resolved,
            "early": flat["resolved_early"],
            "on_time": flat["resolved_on_time"],
            "late": flat["resolved_late"],
        },
        "open_at_end": {
            "total": flat["open_total"],
            "not_due": flat["open_not_due"],
            "overdue": flat["open_overdue"],
        },
        "awaiting_supplement_at_end": flat["awaiting_supplement"],
        "withdrawn_or_rejected": flat["withdrawn_or_rejected"],
        "on_time_rate": in_time / resolved if resolved else None,
    }


def identity_holds(stats: dict[str, Any]) -> bool:
    return bool(stats["carried_over"] + stats["received"]["total"] == outgoing(stats))


def outgoing(stats: dict[str, Any]) -> int:
    """Right-hand side of the identity: resolved + withdrawn/rejected + open at end + awaiting supplement."""
    return int(
        stats["resolved"]["total"]
        + stats["withdrawn_or_rejected"]
        + stats["open_at_end"]["total"]
        + stats["awaiting_supplement_at_end"]
    )


def _code(unit: Unit | str | None) -> str | None:
    return unit.code if isinstance(unit, Unit) else unit


def period_stats(
    unit_ids: Iterable[int],
    start: dt.date,
    end: dt.date,
    *,
    unit: Unit | str | None = None,
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    """Figures of the dossiers of `unit_ids` for the days start..end (one SQL query).

    `unit` (or its code) only labels the result; `now` fixes "overdue" for periods not yet over.
    """
    begin, finish = period_moments(start, end)
    flat = _population(unit_ids, begin, finish).aggregate(**_counts(begin, finish, overdue_moment(finish, now)))
    return shape(flat, _code(unit), start, end)


# --- breakdowns: the same figures grouped in SQL -----------------------------------------------------------


def _grouped(
    unit_ids: Iterable[int],
    start: dt.date,
    end: dt.date,
    keys: tuple[str, ...],
    now: dt.datetime | None,
) -> list[dict[str, Any]]:
    begin, finish = period_moments(start, end)
    rows = (
        _population(unit_ids, begin, finish)
        .values(*keys)
        .annotate(**_counts(begin, finish, overdue_moment(finish, now)))
    )
    return list(rows)


def _row(key: Any, label: str, flat: Flat, unit_code: str | None, start: dt.date, end: dt.date) -> dict[str, Any]:
    return {"key": key, "label": label, "stats": shape(flat, unit_code, start, end)}


def _flat(row: dict[str, Any]) -> Flat:
    return {name: int(row[name]) for name in FIGURES}


def stats_by_channel(
    unit_ids: Iterable[int],
    start: dt.date,
    end: dt.date,
    *,
    unit: Unit | str | None = None,
    now: dt.datetime | None = None,
) -> list[dict[str, Any]]:
    """One row per channel, every channel listed (zeros included), in the order of the report."""
    found = {row["channel"]: _flat(row) for row in _grouped(unit_ids, start, end, ("channel",), now)}
    empty = dict.fromkeys(FIGURES, 0)
    rows = [_row(c.value, str(c.label), found.pop(c.value, empty), _code(unit), start, end) for c in Channel]
    # A channel value outside the choices (old imports) still counts, so the rows add up to the total.
    rows += [_row(key, str(key), flat, _code(unit), start, end) for key, flat in found.items()]
    return rows


def stats_by_field(
    unit_ids: Iterable[int],
    start: dt.date,
    end: dt.date,
    *,
    unit: Unit | str | None = None,
    now: dt.datetime | None = None,
) -> list[dict[str, Any]]:
    rows = [
        _row(
            row["procedure__field"],
            row["procedure__field"] or "Chưa phân lĩnh vực",
            _flat(row),
            _code(unit),
            start,
            end,
        )
        for row in _grouped(unit_ids, start, end, ("procedure__field",), now)
    ]
    return sorted(rows, key=lambda r: vn.sort_key(r["label"]))


def stats_by_procedure(
    unit_ids: Iterable[int],
    start: dt.date,
    end: dt.date,
    *,
    unit: Unit | str | None = None,
    now: dt.datetime | None = None,
) -> list[dict[str, Any]]:
    keys = ("procedure_id", "procedure__code", "procedure__name", "procedure__field")
    rows = []
    for row in _grouped(unit_ids, start, end, keys, now):
        item = _row(row["procedure__code"], row["procedure__name"], _flat(row), _code(unit), start, end)
        item["field"] = row["procedure__field"]
        rows.append(item)
    return sorted(rows, key=lambda r: (vn.sort_key(r["field"]), r["key"]))


NO_OFFICER = "Không ghi người tiếp nhận (hồ sơ trực tuyến hoặc nhập từ hệ thống khác)"


def stats_by_officer(
    unit_ids: Iterable[int],
    start: dt.date,
    end: dt.date,
    *,
    unit: Unit | str | None = None,
    now: dt.datetime | None = None,
) -> list[dict[str, Any]]:
    keys = ("received_by_id", "received_by__username", "received_by__first_name", "received_by__last_name")
    rows = []
    for row in _grouped(unit_ids, start, end, keys, now):
        if row["received_by_id"] is None:
            label = NO_OFFICER
        else:
            full = f"{row['received_by__first_name']} {row['received_by__last_name']}".strip()
            label = full or row["received_by__username"]
        rows.append(_row(row["received_by_id"], label, _flat(row), _code(unit), start, end))
    # Named officers in Vietnamese order, the unnamed line last.
    return sorted(rows, key=lambda r: (r["key"] is None, vn.sort_key(r["label"])))


def _add(into: Flat, flat: Flat) -> None:
    for name in FIGURES:
        into[name] = into.get(name, 0) + flat[name]


def stats_by_commune(
    supervisor_unit: Unit, start: dt.date, end: dt.date, *, now: dt.datetime | None = None
) -> list[dict[str, Any]]:
    """One row per commune under `supervisor_unit` on the end date; a merged unit's figures roll up into the
    commune that carries its records on that date (its current successor).

    Dossiers of a unit whose successor lies outside the list (or of a unit that is not a commune) keep a row
    of their own, marked "extra", so that the rows always add up to the unit's total.
    """
    communes = list(communes_under(supervisor_unit, at=end))
    ids = stats_unit_ids(supervisor_unit)
    per_unit = {row["unit_id"]: _flat(row) for row in _grouped(ids, start, end, ("unit_id",), now)}
    successors = current_successors(set(per_unit), end)
    totals: dict[int, Flat] = {c.pk: dict.fromkeys(FIGURES, 0) for c in communes}
    targets: dict[int, Unit] = {c.pk: c for c in communes}
    for unit_id, flat in per_unit.items():
        target = successors[unit_id]
        targets.setdefault(target.pk, target)
        _add(totals.setdefault(target.pk, dict.fromkeys(FIGURES, 0)), flat)
    listed = {c.pk for c in communes}
    rows = []
    for pk, flat in totals.items():
        target = targets[pk]
        item = _row(target.code, target.name, flat, target.code, start, end)
        item["unit"] = target
        item["extra"] = pk not in listed
        rows.append(item)
    return sorted(rows, key=lambda r: (r["extra"], vn.sort_key(r["label"])))


def sum_rows(rows: Iterable[dict[str, Any]]) -> Flat:
    """Add up breakdown rows (aggregates, never dossiers) back into flat figures."""
    total: Flat = dict.fromkeys(FIGURES, 0)
    for row in rows:
        _add(total, flatten(row["stats"]))
    return total


def flatten(stats: dict[str, Any]) -> Flat:
    """The inverse of `shape` for the counts."""
    return {
        "carried_over": stats["carried_over"],
        **{f"received_{k}": v for k, v in stats["received"].items()},
        **{f"resolved_{k}": v for k, v in stats["resolved"].items()},
        **{f"open_{k}": v for k, v in stats["open_at_end"].items()},
        "awaiting_supplement": stats["awaiting_supplement_at_end"],
        "withdrawn_or_rejected": stats["withdrawn_or_rejected"],
    }


# --- which units a unit's statistics cover ----------------------------------------------------------------


def dossier_stats(unit: Unit, start: dt.date, end: dt.date) -> dict[str, Any]:
    """The registered compute for `thanthien stats dossiers`."""
    return period_stats(stats_unit_ids(unit), start, end, unit=unit)


def commune_owners(units: list[Unit]) -> dict[int, int] | None:
    """For communes `units`: every unit whose records each one's statistics cover (itself and the units merged
    into it, `stats_unit_ids`) → that commune's pk, in one query per generation of merges. None when the units
    are not all communes or one's records also count in another's (a listed unit merged into a listed one)."""
    if not all(u.is_commune_level for u in units):
        return None
    owner = {u.pk: u.pk for u in units}
    if len(owner) != len(units):
        return None
    frontier = set(owner)
    while frontier:
        found = list(Unit.objects.filter(successor_id__in=frontier).values_list("pk", "successor_id"))
        if any(pk in owner for pk, _ in found):
            return None
        for pk, successor in found:
            owner[pk] = owner[successor]
        frontier = {pk for pk, _ in found}
    return owner


def dossier_stats_many(units: list[Unit], start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    """`dossier_stats` of many communes in one grouped query (a roll-up's rows): each result equals the unit's
    own; anything but plain communes is computed one by one."""
    owner = commune_owners(units)
    if owner is None:
        return [dossier_stats(unit, start, end) for unit in units]
    totals: dict[int, Flat] = {u.pk: dict.fromkeys(FIGURES, 0) for u in units}
    for row in _grouped(set(owner), start, end, ("unit_id",), None):
        _add(totals[owner[row["unit_id"]]], _flat(row))
    return [shape(totals[u.pk], u.code, start, end) for u in units]


def due_open(unit: Unit, start: dt.date, end: dt.date) -> int:
    """The indicator `dossiers.due_open`: dossiers still being processed now whose due day lies in [start, end] —
    for today, the desk's "đến hạn trả hôm nay". Not a period figure (it reads the dossiers as they stand now), so
    it is not in the published result; the dossier list opens the same ones (group open, due date in the days)."""
    begin, finish = period_moments(start, end)
    return (
        Dossier.objects.filter(unit_id__in=stats_unit_ids(unit), status__in=OPEN_STATUSES)
        .filter(due_at__gte=begin, due_at__lt=finish)
        .order_by()
        .count()
    )


LABELS = {
    "carried_over": "Tồn kỳ trước chuyển sang",
    "received.total": "Tiếp nhận trong kỳ",
    "received.direct": "trực tiếp",
    "received.postal": "bưu chính công ích",
    "received.online_partial": "trực tuyến một phần",
    "received.online_full": "trực tuyến toàn trình",
    "resolved.total": "Đã giải quyết",
    "resolved.early": "trước hạn",
    "resolved.on_time": "đúng hạn",
    "resolved.late": "quá hạn",
    "open_at_end.total": "Đang giải quyết cuối kỳ",
    "open_at_end.not_due": "chưa đến hạn",
    "open_at_end.overdue": "quá hạn",
    "awaiting_supplement_at_end": "Chờ bổ sung",
    "withdrawn_or_rejected": "Rút / không tiếp nhận / dừng",
    "on_time_rate": "Tỷ lệ trước hạn và đúng hạn",
}

register_stats(
    "dossiers",
    "Hồ sơ thủ tục hành chính",
    dossier_stats,
    LABELS,
    identities=(
        "carried_over + received.total = resolved.total + withdrawn_or_rejected + open_at_end.total"
        " + awaiting_supplement_at_end",
        "received.total = received.direct + received.postal + received.online_partial + received.online_full",
        "resolved.total = resolved.early + resolved.on_time + resolved.late",
        "open_at_end.total = open_at_end.not_due + open_at_end.overdue",
    ),
    shape={
        "unit": (str, None),
        "from": str,
        "to": str,
        "carried_over": int,
        "received": {"total": int, "direct": int, "postal": int, "online_partial": int, "online_full": int},
        "resolved": {"total": int, "early": int, "on_time": int, "late": int},
        "open_at_end": {"total": int, "not_due": int, "overdue": int},
        "awaiting_supplement_at_end": int,
        "withdrawn_or_rejected": int,
        "on_time_rate": (float, None),
    },
    indicators={
        "on_time_rate": ("Tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn", "on_time_rate", "rate"),
        "received": ("Số hồ sơ tiếp nhận trong kỳ", "received.total"),
        "received_online": ("Số hồ sơ tiếp nhận trực tuyến toàn trình", "received.online_full"),
        "resolved": ("Số hồ sơ đã giải quyết", "resolved.total"),
        "resolved_late": ("Số hồ sơ giải quyết quá hạn", "resolved.late"),
        "overdue_at_end": ("Số hồ sơ đang quá hạn cuối kỳ", "open_at_end.overdue"),
        "due_open": ("Số hồ sơ đang giải quyết có hạn trả trong kỳ (tính đến hiện tại)", due_open, "count"),
    },
    compute_many=dossier_stats_many,
)
