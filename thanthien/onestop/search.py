"""Searching the dossier list: what people type, matched without diacritics or case, on SQLite and PostgreSQL.

Personal fields (the applicant's name, CCCD, phone) are folded once when a dossier is written into
`Dossier.search_personal` ("Nguyễn Ngọc Ánh" → "nguyen ngoc anh 038090001234 0912345678"), so a search is a
plain `LIKE '%…%'` on one column on both databases, served on PostgreSQL by a trigram index (migration
`search_text`). The same folding applies to the typed words, so "ngoc anh", "NGỌC ÁNH" and "Ngọc Anh" all match.

A match on personal fields is only ever looked for in the units whose personal data the user may see
(DOMAIN.md §10): a supervisor searching a masked applicant's full name must not learn that the name exists.
Codes and procedures are not personal and match for everyone.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django.db.models import Q

from thanthien.org.scoping import personal_unit_ids

from .models import Procedure

SEARCH_SOURCES = frozenset({"applicant_name", "applicant_id_number", "applicant_phone"})
SEARCH_MAX = 100  # characters of a typed search that are used; a search box is not a document


def fold(text: str) -> str:
    """Lower case, diacritics removed (đ → d), runs of white space as one space; punctuation kept, so a code
    such as "XA01-241008-0001" folds to "xa01-241008-0001"."""
    value = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    value = "".join(ch for ch in value if not unicodedata.combining(ch)).lower()
    return " ".join(value.split())


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def personal_search_text(name: str, id_number: str, phone: str) -> str:
    """What `Dossier.search_personal` holds: the folded name, then the CCCD and phone as bare digits."""
    return " ".join(part for part in (fold(name), _digits(id_number), _digits(phone)) if part)[:200]


def fill_search(dossier: Any) -> None:
    """Set the folded column from the dossier's current fields (in memory; the caller saves)."""
    dossier.search_personal = personal_search_text(
        dossier.applicant_name or "", dossier.applicant_id_number or "", dossier.applicant_phone or ""
    )


def clean_query(raw: str) -> str:
    """The typed words, trimmed; NUL and other control characters dropped (PostgreSQL refuses NUL)."""
    text = "".join(ch for ch in raw if ch.isprintable())
    return " ".join(text.split())[:SEARCH_MAX]


def _procedure_ids(folded: str) -> list[int]:
    # The catalogue is a few hundred rows: folding it in Python matches names the way people type them.
    return [
        pk
        for pk, code, name in Procedure.objects.values_list("pk", "code", "name")
        if folded in fold(code) or folded in fold(name)
    ]


def search_filter(user: Any, query: str) -> Q:
    """Q for dossiers matching `query`: the code or the procedure for everyone; the applicant's name, CCCD or
    phone only inside the units whose personal data `user` may see."""
    folded = fold(query)
    found = Q(code__icontains=query)
    if procedures := _procedure_ids(folded):
        found |= Q(procedure_id__in=procedures)
    allowed = personal_unit_ids(user)
    # Only digits typed ("0912 345 678", "038 090"): the CCCD and phone are stored as bare digits.
    digits_only = re.fullmatch(r"[\d\s.\-]+", query) is not None
    needle = _digits(query) if digits_only else folded
    if not needle:
        return found
    personal = Q(search_personal__contains=needle)
    if allowed is None:
        return found | personal
    if allowed:
        found |= personal & Q(unit_id__in=allowed)
    return found


def searches_personal(user: Any) -> bool:
    """Whether the search box may be labelled with the applicant's name for this user."""
    allowed = personal_unit_ids(user)
    return allowed is None or bool(allowed)
