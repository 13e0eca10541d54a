"""The one numbering service: dossier codes, letter numbers and the numbers of issued documents
("Số: 15/TB-UBND", per unit, kind and year) all reserve their numbers here.

A reservation is a single INSERT … ON CONFLICT DO UPDATE … RETURNING statement: on PostgreSQL the conflicting row
is locked until the caller's transaction ends, on SQLite the statement takes the writer lock, so two officials
saving at the same instant never receive the same number. Numbers reserved inside a transaction that rolls back
are given back with it; numbers are never reused after a commit.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import connection

from .models import NumberCounter

_TABLE = NumberCounter._meta.db_table
_SERIES = re.compile(r"^[^\x00]{1,120}$")


def reserve(unit: Any, series: str, count: int = 1) -> int:
    """Reserve `count` consecutive numbers of `series` at `unit`; return the last one."""
    if count < 1:
        raise ValueError("count must be positive")
    if not _SERIES.match(series):
        raise ValueError(f"invalid series {series!r}")
    unit_id = unit if isinstance(unit, int) else unit.pk
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_TABLE} (unit_id, series, value) VALUES (%s, %s, %s) "  # noqa: S608 — fixed table name
            f"ON CONFLICT (unit_id, series) DO UPDATE SET value = {_TABLE}.value + EXCLUDED.value RETURNING value",
            [unit_id, series, count],
        )
        row = cursor.fetchone()
    return int(row[0])


def advance_to(unit: Any, series: str, value: int) -> int:
    """Move the counter of `series` to at least `value` (numbers already issued elsewhere, e.g. imported from an
    old register), never back; return the counter. One statement, so a concurrent reservation is never repeated."""
    if value < 0:
        raise ValueError("value must not be negative")
    if not _SERIES.match(series):
        raise ValueError(f"invalid series {series!r}")
    unit_id = unit if isinstance(unit, int) else unit.pk
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {_TABLE} (unit_id, series, value) VALUES (%s, %s, %s) "  # noqa: S608 — fixed table name
            f"ON CONFLICT (unit_id, series) DO UPDATE SET value = CASE WHEN {_TABLE}.value < EXCLUDED.value "
            f"THEN EXCLUDED.value ELSE {_TABLE}.value END RETURNING value",
            [unit_id, series, value],
        )
        row = cursor.fetchone()
    return int(row[0])


def next_number(unit: Any, series: str) -> int:
    return reserve(unit, series, 1)


def last_issued(unit: Any, series: str) -> int:
    """The last number issued in `series` (0 when none), without reserving one."""
    unit_id = unit if isinstance(unit, int) else unit.pk
    value = NumberCounter.objects.filter(unit_id=unit_id, series=series).values_list("value", flat=True).first()
    return int(value or 0)


def document_series(kind: str, year: int) -> str:
    """The series of an issued document kind in a year: numbers restart on 1 January (NĐ 30/2020 Art. 15)."""
    return f"document:{kind}:{year}"


def document_number(number: int, symbol: str) -> str:
    """ "15" + "TB-UBND" → "15/TB-UBND", as written after "Số:" (NĐ 30/2020, Phụ lục I)."""
    return f"{number}/{symbol}"
