"""Reads over the unit tree: units under a unit at a date, successors, predecessors."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

from .models import COMMUNE_KINDS, Unit


def valid_on(day: dt.date) -> Q:
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=day)) & (Q(valid_to__isnull=True) | Q(valid_to__gte=day))


def descendants(unit: Unit, include_self: bool = True) -> QuerySet[Unit]:
    """Every unit ever placed under `unit`, whatever the dates."""
    qs = Unit.objects.filter(path__startswith=unit.path)
    return qs if include_self else qs.exclude(pk=unit.pk)


def units_under(unit: Unit, at: dt.date | None = None, include_self: bool = False) -> QuerySet[Unit]:
    """The units under `unit` on day `at` (today by default).

    A unit counts when it and every unit between it and `unit` are valid on that day, so a
    commune under a district that was dissolved on 30/06/2025 is not under the province on 01/07/2025.
    """
    day = at or timezone.localdate()
    candidates = list(descendants(unit, include_self=True).filter(valid_on(day)).values_list("pk", "path"))
    valid_ids = {pk for pk, _ in candidates}
    keep: list[int] = []
    for pk, path in candidates:
        chain = [int(part) for part in path.strip("/").split("/")]
        below = chain[chain.index(unit.pk) :] if unit.pk in chain else []
        if below and all(step in valid_ids for step in below) and (include_self or pk != unit.pk):
            keep.append(pk)
    return Unit.objects.filter(pk__in=keep)


def communes_under(unit: Unit, at: dt.date | None = None) -> QuerySet[Unit]:
    return units_under(unit, at, include_self=True).filter(kind__in=COMMUNE_KINDS)


def current_successor(unit: Unit, at: dt.date | None = None) -> Unit:
    """Follow the successor chain to the unit that carries `unit`'s records on day `at` (today)."""
    day = at or timezone.localdate()
    seen = {unit.pk}
    current = unit
    while current.successor_id is not None and not (current.valid_to is None or current.valid_to >= day):
        nxt = Unit.objects.get(pk=current.successor_id)
        if nxt.pk in seen:  # a cycle in bad data must not hang a request
            break
        seen.add(nxt.pk)
        current = nxt
    return current


def current_successors(unit_ids: set[int], at: dt.date | None = None) -> dict[int, Unit]:
    """`current_successor` for many units at once: one query per generation of merges, not one per unit."""
    day = at or timezone.localdate()
    known = {u.pk: u for u in Unit.objects.filter(pk__in=unit_ids)}
    missing = {u.successor_id for u in known.values() if u.successor_id} - set(known)
    while missing:
        fetched = {u.pk: u for u in Unit.objects.filter(pk__in=missing)}
        known |= fetched
        missing = {u.successor_id for u in fetched.values() if u.successor_id} - set(known)
    out: dict[int, Unit] = {}
    for pk in unit_ids & set(known):
        current, seen = known[pk], {pk}
        while current.successor_id and current.successor_id in known and current.successor_id not in seen:
            if current.valid_to is None or current.valid_to >= day:
                break
            seen.add(current.successor_id)
            current = known[current.successor_id]
        out[pk] = current
    return out


def predecessor_ids(unit_ids: set[int]) -> set[int]:
    """Every unit whose successor chain leads into `unit_ids` (one query per generation of merges)."""
    found: set[int] = set()
    frontier = set(unit_ids)
    while frontier:
        nxt = set(Unit.objects.filter(successor_id__in=frontier).values_list("pk", flat=True)) - found - unit_ids
        found |= nxt
        frontier = nxt
    return found


def path_for(parent: Unit | None, pk: int) -> str:
    return f"{parent.path if parent else '/'}{pk}/"


def stats_unit_ids(unit: Unit) -> set[int]:
    """The units whose records a unit's statistics cover: a commune and every unit merged into it; above
    communes, every unit ever under it and every unit merged into those."""
    ids = {unit.pk} if unit.is_commune_level else set(descendants(unit).values_list("pk", flat=True))
    return ids | predecessor_ids(ids)
