"""Writing the audit trail. Actions call `record` inside their transaction."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models
from django.db.models.fields.files import FieldFile

from thanthien.lib.privacy import declared_everywhere, personal_fields

from .models import AuditEntry

# Actions label themselves with these keys; the trail page shows the Vietnamese text.
ACTION_LABELS: dict[str, str] = {}


def register_actions(labels: Mapping[str, str]) -> None:
    ACTION_LABELS.update(labels)


# Citizens' personal data never goes into the trail (DOMAIN.md §10): the trail says that it changed, not to what.
HIDDEN = "(dữ liệu cá nhân)"


def without_personal_data(value: Any, fields: frozenset[str] | None = None) -> Any:
    """`value` with every personal field replaced by a mark: the fields the object's model declares, and — since a
    change dict has lost its model — every field any installed model declares personal."""
    hidden = declared_everywhere()[0] | (fields or frozenset())
    if isinstance(value, dict):
        return {
            k: (HIDDEN if k in hidden and v not in (None, "") else without_personal_data(v, fields))
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [without_personal_data(v, fields) for v in value]
    return value


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, FieldFile):  # a stored file: the trail keeps its name, never its content
        return value.name or ""
    return value


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    return {name: _plain(getattr(obj, name)) for name in fields}


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, list[Any]]:
    """Only the fields that changed, as {field: [before, after]}."""
    keys = list(dict.fromkeys([*before, *after]))
    return {
        k: [_plain(before.get(k)), _plain(after.get(k))] for k in keys if _plain(before.get(k)) != _plain(after.get(k))
    }


def _label(obj: models.Model) -> str:
    """How the trail names an object: its `audit_label()` when its str() would carry a citizen's name."""
    label = getattr(obj, "audit_label", None)
    return str(label()) if callable(label) else str(obj)


def actor_name(user: Any) -> str:
    """The name the trail shows: the person's full name, the user name only when no name was given."""
    if user is None:
        return "hệ thống"
    full = user.get_full_name().strip() if hasattr(user, "get_full_name") else ""
    return (full or user.get_username())[:150]


def record(
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    *,
    unit: Any = None,
    changes: Mapping[str, Any] | None = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    note: str = "",
) -> AuditEntry:
    """One trail row. A settings change passes `before` and `after` (e.g. two `snapshot`s of the same fields):
    the row keeps only what changed, with the old value — never "–" where there was one."""
    if before is not None or after is not None:
        changes = {**diff(before or {}, after or {}), **dict(changes or {})}
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEntry.objects.create(
        actor=user,
        actor_name=actor_name(user),
        unit=unit,
        action=action,
        object_type=(obj._meta.label_lower if obj is not None else ""),
        object_id=(str(obj.pk) if obj is not None else ""),
        object_repr=(_label(obj)[:255] if obj is not None else ""),
        changes=without_personal_data(dict(changes or {}), frozenset(personal_fields(obj))),
        note=note,
    )
