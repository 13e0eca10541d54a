"""Who sees citizens' personal data unmasked: the staff of the unit that holds it (and of the units merged into
it), and system administrators. Everyone else — supervisors included — sees names masked and the rest hidden, on
pages, documents, exports and the API alike. How masking is done: thanthien.lib.privacy."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from thanthien.lib.privacy import mask_object

from .scoping import personal_unit_ids


def _readers(obj_or_model: Any) -> frozenset[str] | None:
    # A record may keep its personal data to some of its unit's roles (a denouncer's identity: the petition
    # handlers, not MTTQ); by default every commune role of the unit sees it. A record whose readers depend on
    # where it came from (an opinion raised at the reception desk) says so in personal_readers_of().
    of = getattr(obj_or_model, "personal_readers_of", None)
    roles = (
        of() if callable(of) and not isinstance(obj_or_model, type) else getattr(obj_or_model, "personal_readers", None)
    )
    return frozenset(roles) if roles else None


def may_see(user: Any, unit_id: int | None, model: Any = None) -> bool:
    allowed = personal_unit_ids(user, _readers(model))
    return allowed is None or unit_id in allowed


def hide_personal(user: Any, objects: Iterable[Any], unit_attr: str = "unit_id") -> None:
    """Mask, in memory, the personal fields of every object whose unit the user does not belong to (in one of
    the roles the object's model names in `personal_readers`, if it names any)."""
    for obj in objects:
        if obj is None:
            continue
        allowed = personal_unit_ids(user, _readers(obj))
        if allowed is not None and getattr(obj, unit_attr, None) not in allowed:
            mask_object(obj)
