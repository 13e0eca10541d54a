"""Period figures of letters (`thanthien stats letters`), SQL aggregates returned as a plain dict.

A letter belongs to the period by its date: the signing date (`letter_date`) once approved or delivered, and the
day it became owed (`owed_on`) while a draft, once cancelled or once withdrawn — "a draft's date is the day it
became owed".

`total` counts every letter of the period, cancelled and withdrawn ones included, so that

    total == sum(by_status) == apology + thanks + congratulation.total + condolence

always holds; a report that wants "letters sent" reads by_status.approved + by_status.delivered. The kind counts
include cancelled and withdrawn letters likewise. `by_status.withdrawn` counts the apology drafts the sweep withdrew
because their dossier was resolved (or ended) by its due moment after all: never signed, never sent.
congratulation.birth / .marriage split the congratulations by their civil
event (a congratulation typed without an event counts in congratulation.total only).

Letters imported from a commune's old register (`imported`, `thanthien import letters`) are delivered letters
dated by their signing day: they count like letters made here.

Each figure's condition is declared once (`figure_conditions`): the aggregate counts with it and the registry lists
with it (`/thu/?figure=KEY&unit=CODE&from=…&to=…`, records.figure_letters), so a figure's list always has its count.

`late_dossiers_without_apology`: dossiers of the unit that are late in the period — resolved within it after
their due moment, or still open (not awaiting a supplement) and past due at the end of the period (or now, for a
period not yet over) — and that have no approved or delivered apology letter (at the time of asking).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.utils import timezone

from thanthien.lib.stats import register_stats, unit_owners
from thanthien.onestop.models import Dossier
from thanthien.onestop.stats import period_moments
from thanthien.org.models import Unit
from thanthien.org.queries import stats_unit_ids

from .models import Letter, LetterKind, LetterStatus

SIGNED = (LetterStatus.APPROVED, LetterStatus.DELIVERED)


def in_period(start: dt.date, end: dt.date) -> Q:
    """Letters whose date (signing date once signed, else the day owed) lies in [start, end]."""
    signed = Q(status__in=SIGNED, letter_date__isnull=False)
    return (signed & Q(letter_date__gte=start, letter_date__lte=end)) | (
        ~signed & Q(owed_on__gte=start, owed_on__lte=end)
    )


def _late_without_apology(unit_ids: set[int], start: dt.date, end: dt.date, now: dt.datetime | None) -> int:
    return int(_late_dossiers(unit_ids, start, end, now).aggregate(n=Count("pk"))["n"])


def _late_dossiers(unit_ids: set[int], start: dt.date, end: dt.date, now: dt.datetime | None) -> QuerySet[Dossier]:
    begin, finish = period_moments(start, end)
    as_of = min(finish, now or timezone.now())
    resolved_late = Q(resolved_at__gte=begin, resolved_at__lt=finish, resolved_at__gt=F("due_at"))
    not_finished = (Q(resolved_at__isnull=True) | Q(resolved_at__gte=finish)) & (
        Q(ended_at__isnull=True) | Q(ended_at__gte=finish)
    )
    awaiting_supplement = Q(supplement_requested_at__lt=finish) & (
        Q(supplement_received_at__isnull=True) | Q(supplement_received_at__gte=finish)
    )
    open_overdue = not_finished & ~awaiting_supplement & Q(received_at__lt=finish, due_at__lt=as_of)
    apology = Letter.objects.filter(dossier=OuterRef("pk"), kind=LetterKind.APOLOGY, status__in=SIGNED)
    return (
        Dossier.objects.filter(unit_id__in=unit_ids)
        .filter(resolved_late | open_overdue)
        .exclude(Exists(apology))
        .order_by()
    )


def figure_conditions() -> dict[str, Q]:
    """Each figure's condition on a letter of the period (`in_period`), declared once: the aggregate counts with it
    and the registry lists with it (`?figure=`), so the list's count is the figure by construction."""
    congratulation = Q(kind=LetterKind.CONGRATULATION)
    return {
        "total": Q(),
        "apology": Q(kind=LetterKind.APOLOGY),
        "thanks": Q(kind=LetterKind.THANKS),
        "congratulation.total": congratulation,
        "congratulation.birth": congratulation & Q(civil_event__kind="birth"),
        "congratulation.marriage": congratulation & Q(civil_event__kind="marriage"),
        "condolence": Q(kind=LetterKind.CONDOLENCE),
        **{f"by_status.{status.value}": Q(status=status) for status in LetterStatus},
    }


def period_letters(unit: Unit, start: dt.date, end: dt.date, ids: set[int] | None = None) -> QuerySet[Letter]:
    """The letters a period's figures count among: the unit's (and what its statistics cover), dated in the period."""
    return Letter.objects.filter(unit_id__in=stats_unit_ids(unit) if ids is None else ids).filter(in_period(start, end))


def figure_condition(key: str) -> Q | None:
    """The condition of figure `key` (None: a figure that lists no letters, e.g. the dossiers without apology)."""
    return figure_conditions().get(key)


def letter_stats(unit: Unit, start: dt.date, end: dt.date, *, now: dt.datetime | None = None) -> dict[str, Any]:
    """The registered compute for `thanthien stats letters` and GET /api/v1/stats/letters."""
    ids = stats_unit_ids(unit)
    found = period_letters(unit, start, end, ids).order_by().aggregate(**_count_aggregates())
    counts = {key: found[alias] for key, alias in _ALIASES.items()}
    return _shaped(unit.code, start, end, counts, _late_without_apology(ids, start, end, now))


# Aliases without dots: the aggregate's names are SQL column aliases.
_ALIASES = {key: key.replace(".", "__") for key in figure_conditions()}


def _count_aggregates() -> dict[str, Count]:
    return {_ALIASES[key]: Count("pk", filter=q) if q else Count("pk") for key, q in figure_conditions().items()}


def _shaped(code: str, start: dt.date, end: dt.date, counts: dict[str, int], late: int) -> dict[str, Any]:
    return {
        "unit": code,
        "from": start.isoformat(),
        "to": end.isoformat(),
        "total": counts["total"],
        "apology": counts["apology"],
        "thanks": counts["thanks"],
        "congratulation": {
            "total": counts["congratulation.total"],
            "birth": counts["congratulation.birth"],
            "marriage": counts["congratulation.marriage"],
        },
        "condolence": counts["condolence"],
        "by_status": {status.value: counts[f"by_status.{status.value}"] for status in LetterStatus},
        "late_dossiers_without_apology": late,
    }


def letter_stats_many(units: list[Unit], start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    """`letter_stats` of many units with two grouped queries (a roll-up's rows), each equal to the unit's own;
    units whose records overlap are computed one by one."""
    owner = unit_owners(units, stats_unit_ids)
    if owner is None:
        return [letter_stats(unit, start, end) for unit in units]
    counts = {unit.pk: dict.fromkeys(_ALIASES, 0) for unit in units}
    letters = Letter.objects.filter(unit_id__in=list(owner)).filter(in_period(start, end)).order_by()
    for row in letters.values("unit_id").annotate(**_count_aggregates()):
        into = counts[owner[row["unit_id"]]]
        for key, alias in _ALIASES.items():
            into[key] += row[alias]
    late = dict.fromkeys(counts, 0)
    for unit_id, n in _late_dossiers(set(owner), start, end, None).values_list("unit_id").annotate(n=Count("pk")):
        late[owner[unit_id]] += n
    return [_shaped(unit.code, start, end, counts[unit.pk], late[unit.pk]) for unit in units]


LABELS = {
    "total": "Tổng số thư (kể cả thư đã hủy, đã rút)",
    "apology": "Thư xin lỗi",
    "thanks": "Thư cảm ơn",
    "congratulation.total": "Thư chúc mừng",
    "congratulation.birth": "khai sinh",
    "congratulation.marriage": "kết hôn",
    "condolence": "Thư chia buồn",
    "by_status.draft": "Dự thảo",
    "by_status.approved": "Đã duyệt, ký, chưa gửi",
    "by_status.delivered": "Đã gửi đến người nhận",
    "by_status.cancelled": "Đã hủy",
    "by_status.withdrawn": "Dự thảo đã rút (hồ sơ xong đúng hạn, không cần gửi)",
    "late_dossiers_without_apology": "Hồ sơ trễ hẹn chưa có thư xin lỗi đã ký",
}

register_stats(
    "letters",
    "Thư gửi công dân",
    letter_stats,
    LABELS,
    identities=(
        "total = apology + thanks + congratulation.total + condolence",
        "total = " + " + ".join(f"by_status.{status.value}" for status in LetterStatus),
    ),
    shape={
        "unit": str,
        "from": str,
        "to": str,
        "total": int,
        "apology": int,
        "thanks": int,
        "congratulation": {"total": int, "birth": int, "marriage": int},
        "condolence": int,
        "by_status": {status.value: int for status in LetterStatus},
        "late_dossiers_without_apology": int,
    },
    indicators={
        "total": ("Tổng số thư", "total"),
        "apologies": ("Số thư xin lỗi", "apology"),
        "apologies_owed_unsent": ("Hồ sơ trễ hẹn chưa có thư xin lỗi đã ký", "late_dossiers_without_apology"),
    },
    compute_many=letter_stats_many,
)
