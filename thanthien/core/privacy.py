"""Citizens' personal data is shown only to the staff of the unit that holds it (DOMAIN.md §10).

A supervisor reads every commune's records and figures, but sees names masked ("Nguyễn V. Á.") and ID numbers,
phones, addresses and e-mails hidden. Views and exports mask the objects they are about to show — in memory,
never saved — and API schemas do the same in their resolvers."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .vn import nfc

NAME_FIELDS = frozenset(
    {"applicant_name", "person_name", "partner_name", "contact_name", "recipient_name", "contributor_name"}
)
OTHER_FIELDS = frozenset(
    {
        "applicant_id_number",
        "applicant_phone",
        "applicant_address",
        "applicant_email",
        "search_personal",  # the folded name, CCCD and phone of onestop.search
        "contact_address",
        "contact_phone",
        "contact_email",
        "recipient_address",
        "recipient_phone",
        "recipient_email",
        "contributor_address",
        "contributor_phone",
        "contributor_email",
    }
)
PERSONAL_FIELDS = NAME_FIELDS | OTHER_FIELDS
HIDDEN = "(ẩn – chỉ cán bộ của xã, phường được xem)"


def mask_name(name: str) -> str:
    """ "Nguyễn Văn Án" → "Nguyễn V. Á.": the family name, then initials; a single word → its initial."""
    words = nfc(name).split()
    if not words:
        return ""
    if len(words) == 1:
        return f"{words[0][0]}."
    return " ".join([words[0], *(f"{w[0]}." for w in words[1:])])


def masked(field: str, value: Any) -> Any:
    if not value:
        return value
    if field in NAME_FIELDS:
        return mask_name(str(value))
    return HIDDEN if field in OTHER_FIELDS else value


def may_see(user: Any, unit_id: int | None) -> bool:
    from thanthien.org.scoping import personal_unit_ids

    allowed = personal_unit_ids(user)
    return allowed is None or unit_id in allowed


def hide_personal(user: Any, objects: Iterable[Any], unit_attr: str = "unit_id") -> None:
    """Mask, in memory, the personal fields of every object whose unit the user does not belong to."""
    from thanthien.org.scoping import personal_unit_ids

    allowed = personal_unit_ids(user)
    if allowed is None:
        return
    for obj in objects:
        if obj is None or getattr(obj, unit_attr, None) in allowed:
            continue
        for field in PERSONAL_FIELDS:
            if hasattr(obj, field):
                setattr(obj, field, masked(field, getattr(obj, field)))
