"""Citizens' personal data (DOMAIN.md §10): how it is masked, and which fields hold it.

Each model declares its own personal data, so no module lists another app's fields:

    class Dossier(models.Model):
        personal_fields = ("applicant_name", "applicant_id_number", "applicant_phone", "applicant_address", ...)
        personal_name_fields = ("applicant_name",)   # masked to initials; the others are hidden

Who may see them unmasked is decided in thanthien.org.privacy (the unit's own staff)."""

from __future__ import annotations

import functools
import unicodedata
from typing import Any

HIDDEN = "(ẩn – chỉ cán bộ của xã, phường được xem)"


def mask_name(name: str) -> str:
    """ "Nguyễn Văn Án" → "Nguyễn V. Á.": the family name, then initials; a single word → its initial."""
    words = unicodedata.normalize("NFC", name).split()
    if not words:
        return ""
    if len(words) == 1:
        return f"{words[0][0]}."
    return " ".join([words[0], *(f"{w[0]}." for w in words[1:])])


def personal_fields(model: Any) -> tuple[str, ...]:
    """The personal fields a model (or an instance) declares; none when it declares none."""
    return tuple(getattr(model, "personal_fields", ()) or ())


def name_fields(model: Any) -> tuple[str, ...]:
    return tuple(getattr(model, "personal_name_fields", ()) or ())


def masked_value(value: Any, is_name: bool) -> Any:
    if not value:
        return value
    return mask_name(str(value)) if is_name else HIDDEN


def mask_object(obj: Any) -> None:
    """Mask, in memory (never saved), every personal field `obj`'s model declares."""
    names = set(name_fields(obj))
    for field in personal_fields(obj):
        if hasattr(obj, field):
            setattr(obj, field, masked_value(getattr(obj, field), field in names))


@functools.cache
def declared_everywhere() -> tuple[frozenset[str], frozenset[str]]:
    """(every personal field name, every name field) declared by an installed model: for data that has lost its
    model (the audit trail's change dicts, a schema built from a dict)."""
    from django.apps import apps

    every: set[str] = set()
    names: set[str] = set()
    for model in apps.get_models():
        every.update(personal_fields(model))
        names.update(name_fields(model))
    return frozenset(every), frozenset(names)


def masked(field: str, value: Any, model: Any = None) -> Any:
    """`value` of `field` as a caller outside the unit may see it."""
    if model is not None:
        if field not in personal_fields(model):
            return value
        return masked_value(value, field in name_fields(model))
    every, names = declared_everywhere()
    return masked_value(value, field in names) if field in every else value
