"""The import framework: an importer declares what a file of its kind holds; `run` does the rest.

An importer (one subclass of `Importer`, registered with `register_importer`) says: its kind, its columns
with Vietnamese labels and examples, who may import it, how one line is parsed, its natural key, how the
parsed lines are matched with what is stored (the plan) and how a plan is applied. The runner owns reading
(tabular.read_lines), every bad line reported with its number and column, in-file duplicates (by the natural
key), "nothing is applied when any line is bad", the transaction, the report, the one audit row, the
progress and the record of the run (a journal, so that an interrupted run never looks complete).

A file of one table is the usual case. An importer of a workbook of several sheets (an XLSForm: survey, choices,
settings) overrides `lines` to read it whole, yielding a `SheetLine` per row that names its sheet, so every error
says "Trang survey, dòng 7: …"; its `check` may merge the lines into the records they make (the rows of a workbook
into one questionnaire: created, updated and unchanged count what `check` returns), and `outcome` may say in one
sentence what the plan does, in place of the figures of the summary.

Writes go through `Writer.batch()`: on PostgreSQL the whole apply is one transaction (a killed import leaves
nothing); on SQLite an importer that declares `batched = True` commits each batch on its own, so a concurrent
intake waits milliseconds rather than the whole import, and a killed import is recorded as interrupted and
completed by importing the same file again (every importer is idempotent by its natural key).

This module imports no project app: the audit row and the journal are provided by the site (core.imports).
"""

from __future__ import annotations

import re
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, ClassVar, Generic, Protocol, TypeVar

from django.db import IntegrityError, connection, transaction

from .tabular import Limits, Line, TabularError, estimate_lines, read_lines, read_source

Progress = Callable[[int, int], None]
R = TypeVar("R")  # one parsed line
C = TypeVar("C")  # what every line of one run is checked against (the unit, lookups, now)
P = TypeVar("P")  # the plan: what to create and what to change

PROGRESS_EVERY = 500
NO_LIMITS = Limits()
CONCURRENT_CHANGE = (
    "Trong lúc nhập, dữ liệu vừa được ghi bởi người khác hoặc một lần nhập khác; chưa có thay đổi nào được ghi. "
    "Vui lòng nhập lại tệp."
)
PARTLY_WRITTEN = (
    "Lần nhập bị dừng giữa chừng ({reason}); một phần tệp đã được ghi. Nhập lại đúng tệp này để hoàn tất: "
    "các dòng đã ghi không bị ghi trùng."
)


@dataclass(frozen=True)
class Column:
    name: str  # the header cell, as the file has it
    label: str  # Vietnamese name of the column
    help: str  # what to write in it
    example: str = ""
    required: bool = False  # the header must have it


@dataclass
class SheetLine(Line):
    """A line of a workbook read whole (`Importer.lines`): the sheet it is on ("survey")."""

    sheet: str = ""


@dataclass
class LineError:
    line: int  # as the spreadsheet shows it; 0 with a sheet: the sheet as a whole
    message: str
    column: str = ""
    sheet: str = ""  # a workbook of several sheets: the sheet of the line

    @property
    def where(self) -> str:
        if not self.sheet:
            return f"Dòng {self.line}"
        return f"Trang {self.sheet}, dòng {self.line}" if self.line else f"Trang {self.sheet}"

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass
class ImportReport:
    """What an import found and did; `errors` non-empty means nothing was applied."""

    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[LineError] = field(default_factory=list)
    dry_run: bool = False
    run_id: int | None = None
    outcome: str = ""  # what the import does, when the importer says it in a sentence (Importer.outcome)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        if self.errors:
            return f"Không nhập được: {len(self.errors)} dòng có lỗi, chưa có thay đổi nào được ghi."
        figures = self.outcome or f"thêm mới {self.created}, cập nhật {self.updated}, không đổi {self.unchanged}."
        if self.dry_run:
            return f"Kiểm tra xong {self.total} dòng, không có lỗi (chưa ghi gì): sẽ {figures}"
        return f"Đã đọc {self.total} dòng: {figures}"


class Ticker:
    """Calls `progress(done, total)` every ~500 steps; total = 3 × lines (read and checked, matched, written)."""

    def __init__(self, progress: Progress | None, lines: int) -> None:
        self.progress, self.total, self.done, self.last = progress, max(3 * lines, 1), 0, 0

    def step(self, n: int = 1) -> None:
        self.done = min(self.done + n, self.total)
        if self.progress and self.done - self.last >= PROGRESS_EVERY:
            self.last = self.done
            self.progress(self.done, self.total)

    def finish(self) -> None:
        if self.progress:
            self.progress(self.total, self.total)


class Journal(Protocol):
    """The record of one run (core.models.ImportRun): started, rows written so far, how it ended."""

    def start(self, total: int) -> None: ...
    def advance(self, written: int) -> None: ...
    def finish(self, report: ImportReport) -> None: ...
    def interrupt(self, reason: str) -> None: ...


class _NoJournal:
    def start(self, total: int) -> None: ...
    def advance(self, written: int) -> None: ...
    def finish(self, report: ImportReport) -> None: ...
    def interrupt(self, reason: str) -> None: ...


class Writer:
    """Hands the importer its write batches and counts them."""

    def __init__(self, commit_each: bool, journal: Journal, ticker: Ticker) -> None:
        self.commit_each, self.journal, self.ticker, self.written = commit_each, journal, ticker, 0

    @contextmanager
    def batch(self, rows: int) -> Iterator[None]:
        if self.commit_each:
            began = time.monotonic()
            with transaction.atomic():
                yield
            self.written += rows
            self.journal.advance(self.written)
            # Leave the write lock free for a moment, about a third of what the batch took, so that a desk
            # waiting on SQLite's busy timeout gets in between two batches instead of after the whole import
            # (inside a caller's transaction the batch committed nothing: there is nothing to wait for).
            if not connection.in_atomic_block:
                time.sleep(min((time.monotonic() - began) / 3, 0.2))
        else:
            yield
            self.written += rows
            self.journal.advance(self.written)  # inside the import's transaction: seen by this process only
        self.ticker.step(rows)


class Importer(ABC, Generic[R, C, P]):
    kind: ClassVar[str]  # "dossiers": the command's KIND and the page's choice
    label: ClassVar[str]  # "Hồ sơ một cửa"
    description: ClassVar[str] = ""  # one sentence for the page
    columns: ClassVar[tuple[Column, ...]]
    needs_unit: ClassVar[bool] = True  # imports into one commune (--unit)
    audit_action: ClassVar[str]
    batched: ClassVar[bool] = False  # True: `apply` writes through writer.batch() (short transactions on SQLite)
    concurrent_change: ClassVar[str] = CONCURRENT_CHANGE
    order: ClassVar[int] = 50  # place in lists
    title: ClassVar[str] = ""  # heading of the upload page; "" → "Nhập <label> từ tệp"
    # Options a kind takes beyond --unit and --dry-run on the command line: (name, Vietnamese help), e.g.
    # ("questionnaire", "mã phiếu khảo sát"); `configure` returns the importer for one run with their values.
    options: ClassVar[tuple[tuple[str, str], ...]] = ()

    def configure(self, options: Mapping[str, Any]) -> Importer[R, C, P]:
        """The importer for one run given the values of its `options` (the registered one, by default)."""
        return self

    @property
    def heading(self) -> str:
        return self.title or f"Nhập {self.label[:1].lower()}{self.label[1:]} từ tệp"

    @property
    def header(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def required(self) -> list[str]:
        return [c.name for c in self.columns if c.required]

    @abstractmethod
    def authorize(self, actor: Any, unit: Any) -> None:
        """Raise PermissionDenied (the actor may not import here) or ValidationError (not such a unit)."""

    @abstractmethod
    def units_for(self, user: Any) -> list[Any] | None:
        """The units where `user` may import this kind ([] none); None: allowed, and no unit is chosen."""

    @abstractmethod
    def prepare(self, unit: Any, actor: Any) -> C:
        """What every line of the run is checked against; `actor` is the one `authorize` accepted (None: the
        command line), for kinds whose lines each name a unit the actor must be allowed at."""

    def template_file(self) -> tuple[str, bytes] | None:
        """A ready file to fill in (name, content) for a kind whose file is not one table (a workbook of several
        sheets); None: the site builds the usual one from `columns`."""
        return None

    def lines(self, raw: bytes, name: str, limits: Limits) -> Iterable[Line]:
        """The data lines of a file: its one table (CSV, or the first sheet of an XLSX) by default. An importer of
        a workbook of several sheets reads it itself and yields a `SheetLine` per row; raise TabularError when
        the file cannot be read at all."""
        return read_lines(raw, name, self.required, limits)

    @abstractmethod
    def parse(self, line: int, raw: dict[str, Any], ctx: C, problems: list[str]) -> R | None:
        """Check one line; its problems (Vietnamese, without the line number) go to `problems`."""

    def raw_key(self, raw: dict[str, Any]) -> Hashable | None:
        """A natural key read before parsing, when a repeated key makes the rest of the line moot."""
        return None

    def key(self, row: R) -> Hashable | None:
        """The natural key of a parsed line: two lines with the same key are the same record."""
        return None

    def duplicate(self, key: Any, first_line: int) -> str:
        return f"trùng với dòng {first_line}."

    def check(self, ctx: C, rows: list[R], errors: list[LineError]) -> list[R]:
        """Rules across lines after the duplicates (references, cycles); returns the lines kept."""
        return rows

    @abstractmethod
    def plan(self, ctx: C, rows: list[R], errors: list[LineError], ticker: Ticker) -> P:
        """Match the lines with what is stored; conflicts go to `errors`."""

    @abstractmethod
    def counts(self, plan: P) -> tuple[int, int]:
        """(to create, to update) in the plan."""

    def outcome(self, plan: P) -> str:
        """What the plan does in one sentence that follows "Đã đọc N dòng:" and "… sẽ" ("": the figures)."""
        return ""

    @abstractmethod
    def apply(self, ctx: C, plan: P, actor: Any, writer: Writer) -> None: ...

    def line_of(self, row: R) -> int:
        return int(getattr(row, "line", 0))


IMPORTERS: dict[str, Importer[Any, Any, Any]] = {}


def register_importer(importer: Importer[Any, Any, Any]) -> None:
    """One registration per kind, in the owning app's AppConfig.ready()."""
    IMPORTERS[importer.kind] = importer


def importers() -> list[Importer[Any, Any, Any]]:
    return sorted(IMPORTERS.values(), key=lambda i: (i.order, i.kind))


def get_importer(kind: str) -> Importer[Any, Any, Any]:
    return IMPORTERS[kind.replace("_", "-")]


# Provided by the site (core.imports): the audit row and the record of each run.
Audit = Callable[[Any, str, Any, str], None]
JournalFactory = Callable[..., Journal]
HOOKS: dict[str, Any] = {"audit": None, "journal": None}


def set_hooks(audit: Audit, journal: JournalFactory) -> None:
    HOOKS["audit"], HOOKS["journal"] = audit, journal


def run(
    importer: Importer[Any, Any, Any],
    actor: Any,
    unit: Any,
    source: str | Path | IO[bytes],
    filename: str | None = None,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    limits: Limits = NO_LIMITS,
    token: str = "",
) -> ImportReport:
    """Import one file of `importer`'s kind; `actor` None = the command line. Raises what `authorize` raises."""
    importer.authorize(actor, unit)
    raw, name = read_source(source, filename)
    ticker = Ticker(progress, estimate_lines(raw))
    report = ImportReport(dry_run=dry_run)
    ctx = importer.prepare(unit, actor)
    rows = read_checked(importer, ctx, raw, name, report, ticker, limits)
    if rows is None:
        return report
    plan = importer.plan(ctx, rows, report.errors, ticker)  # also when lines are bad: it finds more conflicts
    if report.errors:
        _sort(report.errors)
        return report
    report.created, report.updated = importer.counts(plan)
    report.unchanged = len(rows) - report.created - report.updated
    report.outcome = importer.outcome(plan)
    if dry_run:
        ticker.finish()
        return report
    _write(importer, ctx, plan, actor, unit, name, raw, report, ticker, token)
    return report


def read_checked(
    importer: Importer[Any, Any, Any],
    ctx: Any,
    raw: bytes,
    name: str,
    report: ImportReport,
    ticker: Ticker | None = None,
    limits: Limits = NO_LIMITS,
) -> list[Any] | None:
    """Every line parsed and checked (bad lines and duplicates go to the report), or None when the file
    cannot be read at all (its error is on line 1)."""
    try:
        rows = _read(importer, ctx, raw, name, limits, report, ticker or Ticker(None, 1))
    except TabularError as exc:
        report.errors.append(LineError(1, str(exc)))
        return None
    return importer.check(ctx, rows, report.errors)


def _sort(errors: list[LineError]) -> None:
    """By line; in a workbook, each sheet's errors together, the sheets in the order of their first error."""
    sheets: dict[str, int] = {}
    for e in errors:
        sheets.setdefault(e.sheet, len(sheets))
    errors.sort(key=lambda e: (sheets[e.sheet], e.line))


def _read(
    importer: Importer[Any, Any, Any],
    ctx: Any,
    raw: bytes,
    name: str,
    limits: Limits,
    report: ImportReport,
    ticker: Ticker,
) -> list[Any]:
    rows: list[Any] = []
    first: dict[Hashable, int] = {}
    for line in importer.lines(raw, name, limits):
        report.total += 1
        ticker.step()
        sheet = line.sheet if isinstance(line, SheetLine) else ""
        if line.problems:
            report.errors.extend(LineError(line.number, f"cột {col}: {msg}.", col, sheet) for col, msg in line.problems)
            continue
        early = importer.raw_key(line.values)
        if early is not None and early in first:
            report.errors.append(LineError(line.number, importer.duplicate(early, first[early]), sheet=sheet))
            continue
        if early is not None:
            first[early] = line.number
        problems: list[str] = []
        row = importer.parse(line.number, line.values, ctx, problems)
        if problems:
            message = "; ".join(problems) + "."
            report.errors.append(LineError(line.number, message, _columns_named(importer, message), sheet))
            continue
        if row is None:
            continue
        key = importer.key(row)
        if key is not None and key in first:
            report.errors.append(LineError(line.number, importer.duplicate(key, first[key]), sheet=sheet))
            continue
        if key is not None:
            first[key] = line.number
        rows.append(row)
    return rows


def _columns_named(importer: Importer[Any, Any, Any], message: str) -> str:
    """The columns a line's message names ("thiếu kênh tiếp nhận (channel)"), for the column of the error table."""
    return ", ".join(c for c in importer.header if re.search(rf"(?<![\w.]){re.escape(c)}(?!\w)", message))


def _write(
    importer: Importer[Any, Any, Any],
    ctx: Any,
    plan: Any,
    actor: Any,
    unit: Any,
    name: str,
    raw: bytes,
    report: ImportReport,
    ticker: Ticker,
    token: str,
) -> None:
    factory = HOOKS["journal"]
    journal: Journal = factory(importer, actor, unit, name, raw, token) if factory else _NoJournal()
    report.run_id = getattr(journal, "run_id", None)
    journal.start(report.created + report.updated)
    commit_each = importer.batched and connection.vendor == "sqlite"
    writer = Writer(commit_each, journal, ticker)
    audit = HOOKS["audit"]
    try:
        with transaction.atomic(durable=False) if not commit_each else _nothing():
            importer.apply(ctx, plan, actor, writer)
            if audit and (report.created or report.updated):
                audit(actor, importer.audit_action, unit, report.summary())
    except IntegrityError:
        # Someone wrote a record with one of these keys between the check and the write.
        if commit_each and writer.written:
            journal.interrupt("trùng khóa với dữ liệu vừa được ghi")
            message = PARTLY_WRITTEN.format(reason="dữ liệu vừa được ghi bởi người khác")
        else:
            journal.interrupt("trùng khóa với dữ liệu vừa được ghi; không có gì được ghi")
            message = importer.concurrent_change
        report.created = report.updated = report.unchanged = 0
        report.errors.append(LineError(1, message))
        return
    except BaseException as exc:
        journal.interrupt(type(exc).__name__)
        raise
    journal.finish(report)
    ticker.finish()


@contextmanager
def _nothing() -> Iterator[None]:
    yield
