"""Writing many rows at once: PostgreSQL COPY (into the table, or a temporary table joined by one UPDATE),
batched bulk_create / bulk_update elsewhere. Rows are plain dicts (attname → value): adapting 100,000 model
instances costs more than the writing itself."""

from __future__ import annotations

import itertools
import json
import secrets
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.db import connection, models
from django.db.models.expressions import RawSQL

INSERT_BATCH = 1000


def chunks(items: list[Any], size: int | None = None) -> Iterator[list[Any]]:
    """Slices small enough for one query's parameters (SQLite takes at most 999 as Django counts them)."""
    size = size or min(connection.features.max_query_params or 5000, 5000) - 10
    for start in range(0, len(items), size):
        yield items[start : start + size]


def among(field: str, values: list[Any]) -> dict[str, Any]:
    """Filter keywords for `field IN values`. PostgreSQL gets one array parameter (`= ANY(%s)`): thousands of
    placeholders cost more to bind than the lookup itself."""
    if connection.vendor == "postgresql":
        return {f"{field}__in": RawSQL("SELECT unnest(%s::text[])", [list(values)])}
    return {f"{field}__in": values}


def secret_codes(count: int, alphabet: str, length: int) -> list[str]:
    """`count` random codes drawn from the system's CSPRNG in one call (not one per character), unbiased."""
    out: list[str] = []
    limit = 256 - 256 % len(alphabet)  # bytes above this would favour the first letters
    while len(out) < count:
        usable = [b % len(alphabet) for b in secrets.token_bytes((count - len(out)) * length * 2) if b < limit]
        for start in range(0, len(usable) - length + 1, length):
            out.append("".join(alphabet[i] for i in usable[start : start + length]))
            if len(out) == count:
                break
    return out


def insert(
    model: type[models.Model],
    rows: Iterable[dict[str, Any]],
    fixed: dict[str, Any] | None = None,
    ids: bool = False,
    count: int | None = None,
) -> list[int]:
    """Insert `rows` (the same keys in each), each completed by `fixed` and by the model's defaults; returns
    the new ids in order when `ids`. `rows` may be a generator: on PostgreSQL it is consumed while COPY sends,
    so the work that builds each row overlaps the server's inserting; `count` then says how many it yields."""
    fixed = fixed or {}
    if connection.vendor == "postgresql":
        new_ids: list[int] = []
        source: Iterator[dict[str, Any]] = iter(rows)
        if ids:
            new_ids = reserve_ids(model, count if count is not None else len(rows))  # type: ignore[arg-type]
            source = ({"id": pk, **row} for pk, row in zip(new_ids, rows, strict=True))
        copy_rows(model(**fixed), source)
        return new_ids
    items = list(rows)
    if not items:
        return []
    created = model._default_manager.bulk_create([model(**fixed, **row) for row in items], batch_size=INSERT_BATCH)
    return [int(obj.pk) for obj in created] if ids else []


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """PostgreSQL: `count` ids drawn from the table's sequence, so that rows written later can point at them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [model._meta.db_table, count],
        )
        return [pk for (pk,) in cursor.fetchall()]


def copy_value(model_field: Any, value: Any) -> Any:
    """A value as COPY takes it: JSON as its text, the rest as psycopg adapts it."""
    if model_field.get_internal_type() == "JSONField":
        return json.dumps(value, ensure_ascii=False)
    return value


def copy_rows(template: models.Model, rows: Iterator[dict[str, Any]]) -> None:
    """COPY `rows` (attname → value, the same keys in every row) into the template's table; every other column
    takes the template's value as Django would save it (defaults, auto_now), so a new field needs no change."""
    from psycopg import sql
    from psycopg.copy import QueuedLibpqWriter

    first = next(rows, None)
    if first is None:
        return
    meta = template._meta
    fields = {f.attname: f for f in meta.concrete_fields}
    fixed = {
        f.column: f.get_db_prep_save(f.pre_save(template, add=True), connection)
        for name, f in fields.items()
        if name not in first and not f.primary_key
    }
    row_fields = [fields[name] for name in first]
    columns = [f.column for f in row_fields] + list(fixed)
    statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
        sql.Identifier(meta.db_table), sql.SQL(", ").join(map(sql.Identifier, columns))
    )
    tail = tuple(fixed.values())
    # Only JSON needs converting; the other values go to psycopg as they are (the hot loop stays small).
    json_at = [i for i, f in enumerate(row_fields) if f.get_internal_type() == "JSONField"]
    with connection.cursor() as cursor:
        raw = cursor.cursor
        # A queue and a thread send the data while this one formats the next rows: the server inserts and
        # indexes the first rows while Python is still building the last ones.
        with raw.copy(statement, writer=QueuedLibpqWriter(raw)) as copy:
            _write_all(copy, first, rows, json_at, tail)


def _write_all(
    copy: Any, first: dict[str, Any], rows: Iterator[dict[str, Any]], json_at: list[int], tail: tuple[Any, ...]
) -> None:
    for row in itertools.chain([first], rows):
        values = list(row.values())
        for i in json_at:
            values[i] = json.dumps(values[i], ensure_ascii=False)
        copy.write_row((*values, *tail))


def update(model: type[models.Model], changed: Sequence[models.Model], fields: list[str]) -> None:
    """Write `fields` of the `changed` instances."""
    if not changed:
        return
    if connection.vendor == "postgresql":
        _copy_update(model, changed, fields)
    else:
        # bulk_update compares every row with every other one of its batch (CASE WHEN): keep batches small.
        model._default_manager.bulk_update(changed, fields, batch_size=100)


def _copy_update(model: type[models.Model], changed: Sequence[models.Model], fields: list[str]) -> None:
    """The changed rows go into a temporary table by COPY, then one UPDATE ... FROM joins them in
    (bulk_update's CASE WHEN took over four minutes for 100,000 changed rows; this takes seconds)."""
    from psycopg import sql

    meta = model._meta
    model_fields: list[Any] = [meta.get_field(name) for name in fields]
    columns: list[str] = [f.column for f in model_fields]
    table, temp = sql.Identifier(meta.db_table), sql.Identifier(f"{meta.db_table}_import_changes")
    listed = sql.SQL(", ").join(map(sql.Identifier, ["id", *columns]))
    assignments = sql.SQL(", ").join(sql.SQL("{0} = c.{0}").format(sql.Identifier(c)) for c in columns)
    with connection.cursor() as cursor:
        raw = cursor.cursor
        create = sql.SQL("CREATE TEMP TABLE {} AS SELECT {} FROM {} WITH NO DATA").format(temp, listed, table)
        cursor.execute(create.as_string(raw))
        with raw.copy(sql.SQL("COPY {} ({}) FROM STDIN").format(temp, listed)) as copy:
            for obj in changed:
                copy.write_row((obj.pk, *(copy_value(f, getattr(obj, f.attname)) for f in model_fields)))
        update = sql.SQL("UPDATE {} AS d SET {} FROM {} AS c WHERE d.id = c.id").format(table, assignments, temp)
        cursor.execute(update.as_string(raw))
        cursor.execute(sql.SQL("DROP TABLE {}").format(temp).as_string(raw))
