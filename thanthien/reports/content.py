"""The content of a report, independent of its output: sections of sentences whose numbers are figures of the
statistics registry, so that the web view links each number to its records, the Word and PDF files print it, the
annex lists it, and a test checks that every total equals the sum of its parts.

A sentence is a list of chunks — text, or a `Fig` (a figure read from the registry's result) — and may carry the
identities its figures satisfy: `Sum(left) == Sum(right)`, e.g. the dossiers received equal the sum of their
channels.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from thanthien.lib import stats
from thanthien.lib.vn import fmt_number, fmt_percent

FigKind = Literal["count", "rate"]


@dataclass(frozen=True)
class Fig:
    """Figure `key` of subject `subject`, as the registry computed it."""

    subject: str
    key: str
    value: Any
    kind: FigKind = "count"

    @property
    def text(self) -> str:
        if self.kind == "rate":
            return fmt_percent(self.value)
        return fmt_number(self.value or 0)

    @property
    def name(self) -> str:
        return f"{self.subject}.{self.key}"


Chunk = str | Fig


@dataclass(frozen=True)
class Identity:
    """The figures on the left add up to those on the right (a total and its parts)."""

    left: tuple[Fig, ...]
    right: tuple[Fig, ...]

    def holds(self) -> bool:
        return sum(f.value or 0 for f in self.left) == sum(f.value or 0 for f in self.right)

    def text(self) -> str:
        def side(figs: tuple[Fig, ...]) -> str:
            return " + ".join(f"{f.name} ({f.text})" for f in figs)

        return f"{side(self.left)} = {side(self.right)}"


@dataclass
class Sentence:
    chunks: list[Chunk]
    identities: list[Identity] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(c.text if isinstance(c, Fig) else c for c in self.chunks)

    def figures(self) -> list[Fig]:
        return [c for c in self.chunks if isinstance(c, Fig)]


@dataclass
class Section:
    """A heading of the report ("II.", "3.4.") with its sentences of figures, the narrative staff wrote for it and,
    when its module holds no records for the period, the plain sentence that says so instead of zeros."""

    key: str  # "profile", "documents", "reception", … (the narrative's key is the same, or "note.<key>")
    number: str  # "I.", "1.", "3.4."
    title: str
    level: int  # 1: a roman part; 2: a numbered item; 3: an item of 3.
    sentences: list[Sentence] = field(default_factory=list)
    narrative: str = ""
    narrative_key: str = ""  # the key of `narratives` edited under this heading ("" for none)
    narrative_label: str = ""
    empty: str = ""  # set when the module has no records of the period
    # (headers, rows) lists printed under the sentences: the documents issued, cited in the official style.
    citations: list[str] = field(default_factory=list)

    @property
    def heading(self) -> str:
        title = self.title.upper() if self.level == 1 else self.title
        return f"{self.number} {title}"

    def paragraphs(self) -> list[str]:
        """The section's text as the Word and PDF files print it, one paragraph per item."""
        lines = [self.empty] if self.empty else [s.text for s in self.sentences]
        lines += [f"- {c}" for c in self.citations] if not self.empty else []
        lines += [p.strip() for p in self.narrative.splitlines() if p.strip()]
        return lines

    def identities(self) -> list[Identity]:
        return [i for s in self.sentences for i in s.identities]


class Reader:
    """Figures of one result of the registry as `Fig`s: `r.fig("received.total")`."""

    def __init__(self, subject: str, result: Mapping[str, Any]) -> None:
        self.subject = subject
        self.result = result

    def value(self, key: str) -> Any:
        return stats.value_at(self.result, key)

    def fig(self, key: str, kind: FigKind = "count") -> Fig:
        value = self.value(key)
        return Fig(self.subject, key, value, "rate" if kind == "rate" else "count")

    def rate(self, key: str) -> Fig:
        return self.fig(key, "rate")

    def all_zero(self, keys: Iterable[str]) -> bool:
        return all(not self.value(k) for k in keys)


def sentence(*chunks: Chunk, sums: Iterable[tuple[Iterable[Fig], Iterable[Fig]]] = ()) -> Sentence:
    return Sentence(list(chunks), [Identity(tuple(left), tuple(right)) for left, right in sums])


def listed(parts: list[tuple[str, Fig, str]]) -> list[Chunk]:
    """ "trực tiếp 388 hồ sơ; bưu chính 2 hồ sơ; …" as chunks, from (before, figure, after) triples."""
    chunks: list[Chunk] = []
    for index, (before, figure, after) in enumerate(parts):
        chunks += [("; " if index else "") + before, figure, after]
    return chunks


def day_text(value: dt.date) -> str:
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"
