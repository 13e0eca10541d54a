"""Where apps plug in their register exports, so that `thanthien export KIND --unit CODE` (the site shell) never
imports a domain app.

An exporter says: its kind ("petitions"), its Vietnamese label, the table's Vietnamese header and how to read the
table's rows of one unit, and optionally the JSON records of one unit (the shape the API also answers). Both are
given the acting user (None: the command line, run by whoever runs the server) so that an app masks personal data
for whoever may not see it and writes its audit row. This module imports no project app.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

# rows(actor, unit, format label) -> the table's rows; the app records the export before returning them.
Rows = Callable[[Any, Any, str], Iterable[Sequence[Any]]]
# records(actor, unit) -> JSON-ready dicts.
Records = Callable[[Any, Any], list[dict[str, Any]]]


@dataclass(frozen=True)
class Exporter:
    kind: str
    label: str
    header: tuple[str, ...]
    rows: Rows
    records: Records | None = None
    order: int = 50


EXPORTERS: dict[str, Exporter] = {}


def register_exporter(
    kind: str,
    label: str,
    header: Sequence[str],
    rows: Rows,
    records: Records | None = None,
    order: int = 50,
) -> None:
    """One registration per kind, in the owning app's AppConfig.ready() (or a module it imports)."""
    EXPORTERS[kind] = Exporter(kind, label, tuple(header), rows, records, order)


def exporters() -> list[Exporter]:
    return sorted(EXPORTERS.values(), key=lambda e: (e.order, e.kind))


def get_exporter(kind: str) -> Exporter | None:
    return EXPORTERS.get(kind.replace("_", "-")) or EXPORTERS.get(kind)
