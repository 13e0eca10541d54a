"""Letters read their subjects through adapters: each kind of subject (a dossier, a civil event, a citizen's
contribution) registers one `Subject` in LettersConfig.ready(), and the sweep, the registry, the letter's page and
the documents iterate over the registered adapters instead of asking what a letter is about.

A letter names its subject by (`subject_type`, `subject_id`), unique per kind, so a sweep never drafts twice. An
adapter may also keep a foreign key on the letter (`link_field`: `dossier`, `civil_event`) for the database's
integrity and for the figures that join through it; a new subject needs none — one module and one `register()`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.db import models
from django.db.models import QuerySet

from thanthien.lib.privacy import name_fields

from ..models import Letter


@dataclass
class Owed:
    """One letter an adapter says is owed."""

    unit_id: int
    kind: str
    subject_type: str
    subject_id: str
    owed_on: dt.date
    recipient_name: str
    honorific: str = "Ông/Bà"
    recipient_address: str = ""
    recipient_phone: str = ""
    recipient_email: str = ""
    links: dict[str, Any] = field(default_factory=dict)  # other fields of the draft (an apology's cause)
    delivered_on: dt.date | None = None


@dataclass(frozen=True)
class Shown:
    """What the letter's page says about its subject: a line (a link when `url`), then labelled rows."""

    text: str
    url: str | None = None
    note: str = ""
    rows: Sequence[tuple[str, str]] = ()


class Subject:
    """The adapter of one kind of subject. Override what applies; the defaults say "nothing"."""

    subject_type: ClassVar[str]
    label: ClassVar[str]
    model: ClassVar[type[models.Model]]
    # The Letter foreign key this subject keeps (None: linked by subject_id only, as every new subject is).
    link_field: ClassVar[str | None] = None
    # What loading a subject also reads (select_related paths from the subject's model).
    related: ClassVar[tuple[str, ...]] = ()

    # --- what is owed: the sweep --------------------------------------------------------------------------
    def owed(
        self,
        today: dt.date,
        now: dt.datetime | None = None,
        unit_ids: Iterable[int] | None = None,
        subject_id: int | None = None,
    ) -> Iterable[Owed]:
        """The letters owed and not drafted yet (all units, `unit_ids`, or the one subject)."""
        return ()

    def withdrawable(self, unit_ids: Iterable[int] | None = None, subject_id: int | None = None) -> QuerySet[Letter]:
        """Drafts that may no longer be owed (checked again, locked, by `why_not_owed`)."""
        return Letter.objects.none()

    def why_not_owed(self, letter: Letter, subject: Any) -> str | None:
        """The reason this draft is withdrawn, or None while it is still owed."""
        return None

    # --- the wording and the page -------------------------------------------------------------------------
    def context(self, letter: Letter, subject: Any) -> dict[str, str]:
        """The placeholders this subject fills (texts.PLACEHOLDERS)."""
        return {}

    def names(self, subject: Any) -> set[str]:
        """Every citizen's name the subject holds, to be masked in the text a supervisor reads."""
        return {str(getattr(subject, f)) for f in name_fields(subject) if getattr(subject, f, "")}

    def describe(self, letter: Letter, subject: Any) -> str:
        return str(subject)

    def shown(self, letter: Letter, subject: Any) -> Shown:
        return Shown(self.describe(letter, subject))

    def approval_problems(self, letter: Letter, subject: Any) -> dict[str, str]:
        """Why the letter (possibly with unsaved values) cannot be signed because of its subject."""
        return {}

    def approved(self, actor: Any, letter: Letter, subject: Any) -> None:
        """Inside the approval's transaction: what signing the letter changes on the subject."""

    def warnings(self, user: Any) -> list[dict[str, Any]]:
        """The registry's warnings about subjects still owed a letter, over what `user` may see."""
        return []

    # --- loading ------------------------------------------------------------------------------------------
    def load(self, ids: Iterable[str]) -> dict[str, Any]:
        keys = [int(i) for i in ids if str(i).isdecimal() and len(str(i)) < 19]
        if not keys:
            return {}
        manager = self.model._default_manager
        return {str(obj.pk): obj for obj in manager.select_related(*self.related).filter(pk__in=keys)}


ADAPTERS: dict[str, Subject] = {}


def register(adapter: Subject) -> None:
    ADAPTERS[adapter.subject_type] = adapter


def adapters() -> list[Subject]:
    return list(ADAPTERS.values())


def adapter_for(letter: Letter | str) -> Subject | None:
    return ADAPTERS.get(letter if isinstance(letter, str) else letter.subject_type)


def link_fields() -> list[str]:
    """The Letter foreign keys kept by some adapter, with what their subjects read (for select_related)."""
    paths: list[str] = []
    for adapter in ADAPTERS.values():
        if adapter.link_field:
            paths += [adapter.link_field, *(f"{adapter.link_field}__{r}" for r in adapter.related)]
    return paths


_MISSING = object()


def subject_of(letter: Letter) -> Any:
    """The letter's subject (a dossier, a civil event, a contribution ...), or None when it has none any more."""
    cached = letter.__dict__.get("_subject", _MISSING)
    if cached is not _MISSING:
        return cached
    adapter = adapter_for(letter)
    subject = None
    if adapter is not None and adapter.link_field:
        subject = getattr(letter, adapter.link_field)
    elif adapter is not None:
        subject = adapter.load([letter.subject_id]).get(letter.subject_id)
    letter.__dict__["_subject"] = subject
    return subject


def set_subject(letter: Letter, subject: Any) -> None:
    """Hand a letter the subject already in memory (a copy masked for a supervisor, a probe's subject)."""
    letter.__dict__["_subject"] = subject


def attach(letters: Sequence[Letter]) -> list[Any]:
    """Load the subjects of a page of letters, one query per kind of subject; returns them (for masking)."""
    wanted: dict[str, set[str]] = {}
    for letter in letters:
        adapter = adapter_for(letter)
        if adapter is not None and not adapter.link_field and "_subject" not in letter.__dict__:
            wanted.setdefault(adapter.subject_type, set()).add(letter.subject_id)
    loaded = {kind: ADAPTERS[kind].load(ids) for kind, ids in wanted.items()}
    for letter in letters:
        if letter.subject_type in loaded:
            set_subject(letter, loaded[letter.subject_type].get(letter.subject_id))
    return [subject_of(letter) for letter in letters]


def draft_fields(item: Owed) -> dict[str, Any]:
    """The Letter fields that link a new draft to its subject."""
    adapter = ADAPTERS[item.subject_type]
    values: dict[str, Any] = {"subject_type": item.subject_type, "subject_id": item.subject_id}
    if adapter.link_field:
        values[f"{adapter.link_field}_id"] = int(item.subject_id)
    return values


def context(letter: Letter) -> dict[str, str]:
    adapter, subject = adapter_for(letter), subject_of(letter)
    return adapter.context(letter, subject) if adapter is not None and subject is not None else {}


def names(letter: Letter) -> set[str]:
    adapter, subject = adapter_for(letter), subject_of(letter)
    return adapter.names(subject) if adapter is not None and subject is not None else set()


def describe(letter: Letter) -> str:
    adapter, subject = adapter_for(letter), subject_of(letter)
    return adapter.describe(letter, subject) if adapter is not None and subject is not None else ""


def shown(letter: Letter) -> Shown:
    adapter, subject = adapter_for(letter), subject_of(letter)
    return adapter.shown(letter, subject) if adapter is not None and subject is not None else Shown("")
