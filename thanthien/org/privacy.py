"""Who sees citizens' personal data unmasked: the staff of the unit that holds it (and of the units merged into
it), and system administrators. Everyone else — supervisors included — sees names masked and the rest hidden, on
pages, documents, exports and the API alike. How masking is done: thanthien.lib.privacy."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from thanthien.lib.privacy import mask_object

from .scoping import personal_unit_ids


def may_see(user: Any, unit_id: int | None) -> bool:
    allowed = personal_unit_ids(user)
    return allowed is None or unit_id in allowed


def hide_personal(user: Any, objects: Iterable[Any], unit_attr: str = "unit_id") -> None:
    """Mask, in memory, the personal fields of every object whose unit the user does not belong to."""
    allowed = personal_unit_ids(user)
    if allowed is None:
        return
    for obj in objects:
        if obj is not None and getattr(obj, unit_attr, None) not in allowed:
            mask_object(obj)
