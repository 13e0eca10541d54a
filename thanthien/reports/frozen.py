"""What changed since a report was issued: its stored figures against the registry's figures today, figure by
figure, so the report page shows which numbers now differ and by how much (records corrected or imported late)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from thanthien.lib import stats

HEAD = ("unit", "from", "to")


def flat(result: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    """{"received.total": 12, "on_time_rate": 0.9, …}: every number of a result by its dotted key."""
    out: dict[str, Any] = {}
    for key, value in result.items():
        if not prefix and key in HEAD:
            continue
        if isinstance(value, Mapping):
            out |= flat(value, f"{prefix}{key}.")
        elif value is None or (isinstance(value, int | float) and not isinstance(value, bool)):
            out[f"{prefix}{key}"] = value
    return out


def differences(stored: Mapping[str, Any], live: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One row per figure whose value differs: subject, key, label, issued value, value now, change (counts)."""
    rows: list[dict[str, Any]] = []
    for name in live:
        labels = dict(stats.subject(name).labels)
        before, now = flat(stored.get(name) or {}), flat(live[name])
        for key in sorted(set(before) | set(now)):
            old, new = before.get(key), now.get(key)
            if old == new or (isinstance(old, float) and isinstance(new, float) and abs(old - new) < 1e-9):
                continue
            rate = key.endswith("rate")
            delta = None if rate or old is None or new is None else new - old
            rows.append(
                {
                    "subject": stats.subject(name).label,
                    "key": f"{name}.{key}",
                    "label": labels.get(key, key),
                    "stored": old,
                    "now": new,
                    "delta": delta,
                    "rate": rate,
                }
            )
    return rows
