"""Who reads what a complaint's resolution produced. A dialogue held with a complainant (Dialogue.petition) and its
opinions belong to the complaint's file: they name the complainant, so they are read by the commune's petition
handlers and the supervisors above it, not by MTTQ or the other commune roles, who read the other dialogues."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from thanthien.org.models import Role
from thanthien.org.scoping import memberships, personal_unit_ids

from .models import PETITION_WRITERS


def complaint_file_units(user: Any) -> set[int] | None:
    """The units whose complaint dialogues `user` reads (None: all they otherwise see): where they handle
    petitions — the same units whose petitioners they see (personal_unit_ids) — or all, for supervisors."""
    if any(m.role == Role.SUPERVISOR for m in memberships(user)):
        return None  # supervisors read them, with personal data masked as everywhere
    return personal_unit_ids(user, PETITION_WRITERS)


def readable_dialogues(user: Any, prefix: str = "") -> Q:
    """A filter keeping the dialogues (or, with prefix "dialogue__", the opinions) `user` may read."""
    units = complaint_file_units(user)
    if units is None:
        return Q()
    # An opinion without a dialogue has no dialogue's petition either (a left join): it stays.
    return Q(**{f"{prefix}petition__isnull": True}) | Q(unit_id__in=sorted(units))
