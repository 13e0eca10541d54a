"""How an event the registry holds and an event a returned dossier made are recognised as one: the same unit,
kind and registration day, and the dossier's applicant among the names of the registry's entry (the parent who
receives the letter, the spouses, the family's representative). The register number cannot tell: a dossier
carries none. The sweep links in one direction (civil.derive), the registry import in the other."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from .models import CivilEvent

# "Lê Văn Nam và Trần Thị Hoa", "Lê Văn Nam, Trần Thị Hoa": each spouse is a name of the entry.
_SEPARATORS = re.compile(r"\s*(?:,|;|&|\+|\bvà\b|\bva\b)\s*", re.IGNORECASE)


def same_name(value: str | None) -> str:
    """A name as compared: Unicode NFC, spaces collapsed, case folded (the diacritics stay: Án is not An)."""
    return unicodedata.normalize("NFC", " ".join(str(value or "").split())).casefold()


def names_of(source: CivilEvent | Mapping[str, Any]) -> set[str]:
    """Every name an event (or an import line's values) gives: the person, the partner, the recipient and each
    of the people the recipient's line names."""

    def get(name: str) -> str:
        value = source.get(name) if isinstance(source, Mapping) else getattr(source, name, "")
        return str(value or "")

    names = {same_name(get("person_name")), same_name(get("partner_name"))}
    contact = get("contact_name")
    names.add(same_name(contact))
    names.update(same_name(part) for part in _SEPARATORS.split(contact))
    names.discard("")
    return names


class DossierEvents:
    """The stored events that returned dossiers made and the registry has not yet numbered, for an import of the
    registry to claim: a line of the same kind and day that names the dossier's applicant completes that event
    instead of adding the same birth, marriage or death a second time."""

    def __init__(self, stored: Iterable[CivilEvent]) -> None:
        self._by_key: dict[tuple[str, dt.date, str], list[CivilEvent]] = defaultdict(list)
        for event in stored:
            if event.dossier_id is not None and not event.register_number:
                for name in names_of(event):
                    self._by_key[(event.kind, event.registered_on, name)].append(event)
        self._claimed: set[int] = set()

    def claim(self, values: Mapping[str, Any]) -> CivilEvent | None:
        """The dossier's event this line is, taken at most once."""
        for name in sorted(names_of(values)):
            for event in self._by_key.get((values["kind"], values["registered_on"], name), []):
                if event.pk not in self._claimed:
                    self._claimed.add(event.pk)
                    return event
        return None
