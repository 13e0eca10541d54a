"""SQLite has no ICU; register a Python collation "vi" so ORDER BY name COLLATE vi matches PostgreSQL's vi-VN-x-icu."""

from __future__ import annotations

from typing import Any

from django.db.backends.signals import connection_created
from django.dispatch import receiver

from .vn import sort_key


def _compare(a: str, b: str) -> int:
    ka, kb = sort_key(a), sort_key(b)
    return (ka > kb) - (ka < kb)


@receiver(connection_created)
def register_collation(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_collation("vi", _compare)


def vi_collation(vendor: str) -> str:
    return "vi" if vendor == "sqlite" else "vi-VN-x-icu"
