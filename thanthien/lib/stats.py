"""The one statistics registry: the only way scoring, reports, the API and the command line read figures.

Each app registers its subjects in its AppConfig.ready(): a compute function (unit, first day, last day) → a
plain dict of figures aggregated in SQL, the Vietnamese labels of its lines, the identities its figures satisfy
(checked by the tests for every subject) and its named indicators ("dossiers.on_time_rate"), so that a reader
asks for an indicator by name and never imports the app that counts it.

Identities are written as the sentence a supervisor would check, with dotted keys of the result:

    "carried_over + received.total = resolved.total + withdrawn_or_rejected + open_at_end.total
     + awaiting_supplement_at_end"
"""

from __future__ import annotations

import datetime as dt
import importlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

Compute = Callable[..., dict[str, Any]]  # (unit, first day, last day, **the subject's options)
# (units, first day, last day, **options) → one result per unit, in order, each equal to compute(unit, …): the
# same figures computed for many units at once (a roll-up over hundreds of communes), for speed only.
ComputeMany = Callable[..., list[dict[str, Any]]]
# An indicator's own reader: (unit, first day, last day, **options) → its value (a count, a rate, a distribution).
ReadIndicator = Callable[..., Any]
IndicatorKind = Literal["count", "rate", "distribution"]
# The JSON shape of a result: each key → its type (int, float, str, a tuple of types) or a nested shape.
Shape = Mapping[str, Any]

_TERM = re.compile(r"^[a-z_][a-z0-9_]*(\.[a-z_][a-z0-9_]*)*$")


class StatsError(LookupError):
    """An unknown subject or indicator, or a key a result does not hold (the message is Vietnamese)."""


@dataclass(frozen=True)
class Identity:
    """`left` terms add up to `right` terms, e.g. what came in equals what went out plus what stays."""

    text: str
    left: tuple[str, ...]
    right: tuple[str, ...]

    @classmethod
    def parse(cls, text: str) -> Identity:
        sides = text.split("=")
        if len(sides) != 2:
            raise ValueError(f"an identity needs exactly one '=': {text!r}")
        left, right = (tuple(t.strip() for t in side.split("+")) for side in sides)
        for term in (*left, *right):
            if not _TERM.match(term):
                raise ValueError(f"bad term {term!r} in identity {text!r}")
        return cls(" ".join(text.split()), left, right)

    def holds(self, result: Mapping[str, Any]) -> bool:
        left = sum(value_at(result, t) for t in self.left)
        return bool(left == sum(value_at(result, t) for t in self.right))


@dataclass(frozen=True)
class Indicator:
    """A named figure that scoring and reports read: `key` in the subject's result."""

    name: str  # "<subject>.<indicator>"
    label: str
    key: str
    kind: IndicatorKind = "count"
    higher_is_better: bool = True
    # A figure the published result does not hold (a distribution): computed by itself, (unit, start, end,
    # **options) → value, with the subject's options; `key` is then "".
    read: ReadIndicator | None = None


@dataclass(frozen=True)
class StatsSubject:
    subject: str
    label: str
    compute: Compute
    labels: tuple[tuple[str, str], ...] = ()  # (dotted key, Vietnamese label) in display order
    identities: tuple[Identity, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    shape: Shape | None = None
    # The roles that may read the subject through the API, beside the statistics roles every subject has
    # (the reception official reads engagement's figures, not the one-stop desk's).
    readers: frozenset[str] = frozenset()
    # Options the subject's compute takes as keywords beyond (unit, first day, last day): (name, Vietnamese help),
    # e.g. ("questionnaire", "mã phiếu khảo sát") — `thanthien stats surveys … --questionnaire FORM_ID`.
    options: tuple[tuple[str, str], ...] = ()
    compute_many: ComputeMany | None = None

    def check(self, result: Mapping[str, Any]) -> list[str]:
        """The identities that `result` breaks (empty when the figures add up)."""
        return [identity.text for identity in self.identities if not identity.holds(result)]

    def check_shape(self, result: Mapping[str, Any]) -> list[str]:
        """Where `result` differs from the published JSON shape (missing, extra or mistyped keys)."""
        return [] if self.shape is None else shape_problems(self.shape, result)


def shape_problems(shape: Shape, result: Any, prefix: str = "") -> list[str]:
    if not isinstance(result, Mapping):
        return [f"{prefix or '.'}: not an object"]
    problems = [f"{prefix}{key}: missing" for key in shape if key not in result]
    problems += [f"{prefix}{key}: not in the shape" for key in result if key not in shape]
    for key, expected in shape.items():
        if key not in result:
            continue
        value = result[key]
        if isinstance(expected, Mapping):
            problems += shape_problems(expected, value, f"{prefix}{key}.")
        elif not _is(value, expected):
            problems.append(f"{prefix}{key}: {type(value).__name__} is not {expected}")
    return problems


def _is(value: Any, expected: Any) -> bool:
    types = expected if isinstance(expected, tuple) else (expected,)
    if isinstance(value, bool):  # a bool is an int to Python, never a figure
        return bool in types
    if float in types and isinstance(value, int):
        return True
    return isinstance(value, tuple(t for t in types if t is not None)) or (value is None and None in types)


STATS: dict[str, StatsSubject] = {}
INDICATORS: dict[str, Indicator] = {}


def register_stats(
    subject: str,
    label: str,
    compute: Compute,
    labels: Mapping[str, str] | None = None,
    *,
    identities: tuple[str, ...] | list[str] = (),
    indicators: Mapping[str, tuple[str, str | ReadIndicator] | tuple[str, str | ReadIndicator, IndicatorKind]]
    | None = None,
    shape: Shape | None = None,
    readers: frozenset[str] | set[str] = frozenset(),
    options: tuple[tuple[str, str], ...] = (),
    compute_many: ComputeMany | None = None,
) -> StatsSubject:
    """Register (or re-register, idempotently) a subject. `indicators` maps a short name to
    (Vietnamese label, dotted key[, "count" | "rate"]), or to (label, reader, "distribution") for a figure the
    result does not hold; `shape` is the published JSON shape of a result; `compute_many` (optional, for speed
    only) computes the results of many units at once, each equal to `compute`'s."""
    named = tuple(_indicator(subject, short, spec) for short, spec in (indicators or {}).items())
    entry = StatsSubject(
        subject,
        label,
        compute,
        tuple((labels or {}).items()),
        tuple(Identity.parse(text) for text in identities),
        named,
        shape,
        frozenset(readers),
        options,
        compute_many,
    )
    STATS[subject] = entry
    for indicator in named:
        INDICATORS[indicator.name] = indicator
    return entry


def _indicator(subject: str, short: str, spec: tuple[Any, ...]) -> Indicator:
    label, key, *kind = spec
    if callable(key):
        return Indicator(f"{subject}.{short}", label, "", kind[0] if kind else "distribution", read=key)
    return Indicator(
        f"{subject}.{short}", label, key, kind[0] if kind else ("rate" if key.endswith("rate") else "count")
    )


def load_all() -> dict[str, StatsSubject]:
    """Import every installed app's `stats` module, for apps that register there rather than in ready()."""
    from django.apps import apps
    from django.utils.module_loading import module_has_submodule

    for config in apps.get_app_configs():
        if module_has_submodule(config.module, "stats"):
            importlib.import_module(f"{config.name}.stats")
    return STATS


def subject(name: str) -> StatsSubject:
    load_all()
    found = STATS.get(name)
    if found is None:
        known = ", ".join(sorted(STATS)) or "(chưa có)"
        raise StatsError(f"Không có loại số liệu “{name}”. Các loại có: {known}.")
    return found


def compute(name: str, unit: Any, start: dt.date, end: dt.date, **options: Any) -> dict[str, Any]:
    """The figures of subject `name` for `unit` from `start` to `end`, both days included, narrowed by the
    subject's declared options (`questionnaire="sipas"`); an option it does not take is refused."""
    found = _check_options(name, options)
    return found.compute(unit, start, end, **{k: v for k, v in options.items() if v not in (None, "")})


def compute_many(name: str, units: list[Any], start: dt.date, end: dt.date, **options: Any) -> list[dict[str, Any]]:
    """`compute(name, unit, start, end, **options)` for each of `units`, in order: at once when the subject
    registered a `compute_many`, else one unit after the other (the results are the same either way)."""
    found = _check_options(name, options)
    kept = {k: v for k, v in options.items() if v not in (None, "")}
    if found.compute_many is not None and units:
        return found.compute_many(list(units), start, end, **kept)
    return [found.compute(unit, start, end, **kept) for unit in units]


def unit_owners(units: list[Any], ids_of: Callable[[Any], set[int]]) -> dict[int, int] | None:
    """For a subject's `compute_many`: every unit whose records each of `units` covers (`ids_of(unit)`, the app's
    `stats_unit_ids`) → that unit's pk; None when one unit's records would also count in another's (then the
    units are computed one by one)."""
    owner: dict[int, int] = {}
    for unit in units:
        for pk in ids_of(unit):
            if pk in owner:
                return None
            owner[pk] = unit.pk
    return owner


def _check_options(name: str, options: Mapping[str, Any]) -> StatsSubject:
    found = subject(name)
    unknown = sorted(set(options) - {option for option, _ in found.options})
    if unknown:
        raise StatsError(f"Loại số liệu “{name}” không có tùy chọn “{unknown[0]}”.")
    return found


def indicator(name: str) -> Indicator:
    load_all()
    found = INDICATORS.get(name)
    if found is None:
        known = ", ".join(sorted(INDICATORS)) or "(chưa có)"
        raise StatsError(f"Không có chỉ số “{name}”. Các chỉ số có: {known}.")
    return found


def indicator_value(name: str, unit: Any, start: dt.date, end: dt.date, **options: Any) -> Any:
    """One indicator's value, read by name: `indicator_value("dossiers.on_time_rate", unit, start, end)`, with the
    options of its subject: `indicator_value("surveys.satisfaction_rate", unit, start, end, questionnaire="sipas")`."""
    found = indicator(name)
    if found.read is not None:
        _check_options(found.name.split(".", 1)[0], options)
        return found.read(unit, start, end, **{k: v for k, v in options.items() if v not in (None, "")})
    return _pick(found, compute(found.name.split(".", 1)[0], unit, start, end, **options))


def indicator_values(name: str, units: list[Any], start: dt.date, end: dt.date, **options: Any) -> list[Any]:
    """The indicator for each of `units`, in their order: its subject computed for all of them at once
    (`compute_many`) — what a ranking of every commune reads — equal to `indicator_value` per unit."""
    found = indicator(name)
    if found.read is not None:
        return [indicator_value(name, unit, start, end, **options) for unit in units]
    return [_pick(found, result) for result in compute_many(found.name.split(".", 1)[0], units, start, end, **options)]


def _pick(found: Indicator, result: Mapping[str, Any]) -> Any:
    head = found.key.split(".", 1)[0]
    if found.kind == "rate" and "." in found.key and head in result:
        # A rate inside a breakdown (an aspect, a question) the period has no row for: nothing answered, no rate
        # (as a rate over no answers is None). The breakdown itself must exist: a wrong key still fails.
        try:
            return value_at(result, found.key)
        except StatsError:
            return None
    return value_at(result, found.key)


def value_at(result: Mapping[str, Any], dotted: str) -> Any:
    value: Any = result
    for part in dotted.split("."):
        if not isinstance(value, Mapping) or part not in value:
            raise StatsError(f"Kết quả thống kê không có mục “{dotted}”.")
        value = value[part]
    return value


# --- behind the figures: the list a number opens, and the records a report's annex lists -------------------------

# (dotted key, unit, first day, last day) → the URL of the list of exactly the records the figure counts (the
# list's count equals the figure), or None for a figure that opens no list (a rate, a label). The list page checks
# who may read it; the link is only the address.
RecordsUrl = Callable[[str, Any, dt.date, dt.date], str | None]
# (unit, first day, last day) → (column headers, rows): the records of a report's section, for its annex. A
# listing holds no citizen's personal data (codes, dates, kinds, outcomes), so it may leave in any report.
Listing = Callable[[Any, dt.date, dt.date], tuple[list[str], list[list[Any]]]]


@dataclass(frozen=True)
class ListingEntry:
    name: str  # "<subject>.<listing>", e.g. "dossiers.resolved_late"
    label: str  # the annex sheet's Vietnamese title
    read: Listing


RECORDS: dict[str, RecordsUrl] = {}
LISTINGS: dict[str, ListingEntry] = {}


def register_records(subject_name: str, url: RecordsUrl) -> None:
    """Declare how a subject's figures open their records: `url(key, unit, start, end)`."""
    RECORDS[subject_name] = url


def records_url(name: str, key: str, unit: Any, start: dt.date, end: dt.date) -> str | None:
    """The list behind figure `key` of subject `name` (None when the subject or the figure opens no list)."""
    load_all()
    url = RECORDS.get(name)
    return url(key, unit, start, end) if url is not None else None


def register_listing(name: str, label: str, read: Listing) -> ListingEntry:
    """Declare a list of records a report's annex shows, named "<subject>.<listing>"."""
    entry = ListingEntry(name, label, read)
    LISTINGS[name] = entry
    return entry


def listings(subject_name: str) -> list[ListingEntry]:
    """The subject's listings in the order they were declared."""
    load_all()
    return [entry for name, entry in LISTINGS.items() if name.split(".", 1)[0] == subject_name]


def listing(name: str, unit: Any, start: dt.date, end: dt.date) -> tuple[list[str], list[list[Any]]]:
    load_all()
    found = LISTINGS.get(name)
    if found is None:
        raise StatsError(f"Không có danh sách “{name}”.")
    return found.read(unit, start, end)
