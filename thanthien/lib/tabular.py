"""Reading CSV and XLSX files the same way for every importer: header row, one dict per data line.

CSV: any of the usual delimiters (taken from the header line), UTF-8 with or without BOM, UTF-16 (Excel's
"Unicode Text"), Windows-1258 (Vietnamese ANSI) detected; other legacy code pages are refused with a message
that says how to save the file again. XLSX: the first sheet. Size and row limits; a NUL character in a cell is
reported with its line and column instead of being stored (PostgreSQL refuses it, SQLite would keep it).
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

MAX_ROWS = 1_000_000


class TabularError(ValueError):
    """The file as a whole cannot be read (wrong format, no header, missing columns, too large)."""


@dataclass(frozen=True)
class Limits:
    max_bytes: int | None = None  # None: no limit (the command line); the upload page passes its one limit
    max_rows: int = MAX_ROWS


@dataclass
class Line:
    """One non-empty data line: its number as a spreadsheet shows it (the header is line 1), its cells by
    column name, and the problems of its cells that no importer may accept (column, message)."""

    number: int
    values: dict[str, Any]
    problems: list[tuple[str, str]] = field(default_factory=list)


_NUL = "\x00"
_NUL_MARK = "\ue000"  # csv refuses NUL; it travels as a private-use character and is reported per cell
NUL_MESSAGE = "ô có ký tự NUL (mã 0) không được phép; hãy xóa ký tự này"
ENCODING_MESSAGE = (
    "Tệp CSV không dùng bảng mã UTF-8 và không đọc được dấu tiếng Việt (có thể là Windows-1252, TCVN3 hoặc VNI). "
    "Hãy lưu lại tệp với bảng mã UTF-8 (trong Excel: Lưu thành → “CSV UTF-8 (phân cách bằng dấu phẩy)”)."
)
# Letters that only Vietnamese text decoded as Windows-1258 contains: combining tone marks, ă â đ ê ô ơ ư.
_VIETNAMESE = set("\u0300\u0301\u0303\u0309\u0323ăâđêôơưĂÂĐÊÔƠƯ")


def clean_header(name: Any) -> str:
    value = unicodedata.normalize("NFC", str(name or "")).strip().lstrip("\ufeff").strip().lower()
    return value.replace(" ", "_")


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value).strip()
    return value


def read_source(source: str | Path | IO[bytes], filename: str | None = None) -> tuple[bytes, str]:
    """The bytes and the file name of a path or an uploaded file."""
    if isinstance(source, str | Path):
        return Path(source).read_bytes(), filename or str(source)
    return source.read(), filename or getattr(source, "name", "") or ""


def is_xlsx(raw: bytes, name: str) -> bool:
    return name.lower().endswith((".xlsx", ".xlsm")) or raw[:2] == b"PK"


def read_lines(raw: bytes, name: str, required: list[str], limits: Limits = Limits()) -> Iterator[Line]:
    """Yield every non-empty data line; raises TabularError for a file that cannot be read as a whole."""
    if limits.max_bytes is not None and len(raw) > limits.max_bytes:
        raise TabularError(f"Tệp lớn hơn {limits.max_bytes // (1024 * 1024)} MB; hãy chia thành nhiều tệp nhỏ hơn.")
    rows = _xlsx_rows(raw) if is_xlsx(raw, name) else _csv_rows(raw)
    try:
        header = [clean_header(h) for h in next(rows)]
    except StopIteration:
        raise TabularError("Tệp không có dòng tiêu đề.") from None
    missing = [col for col in required if col not in header]
    if missing:
        raise TabularError("Thiếu cột: " + ", ".join(missing) + ". Dòng tiêu đề cần có: " + ", ".join(required) + ".")
    count = 0
    for number, values in enumerate(rows, start=2):
        cells = [_cell(v) for v in values]
        if all(v is None or v == "" for v in cells):
            continue
        count += 1
        if count > limits.max_rows:
            raise TabularError(f"Tệp có hơn {limits.max_rows:,} dòng dữ liệu; hãy chia thành nhiều tệp nhỏ hơn.")
        line = Line(number, {col: (cells[i] if i < len(cells) else None) for i, col in enumerate(header) if col})
        for col, value in line.values.items():
            if isinstance(value, str) and (_NUL_MARK in value or _NUL in value):
                line.problems.append((col, NUL_MESSAGE))
                line.values[col] = value.replace(_NUL_MARK, "").replace(_NUL, "")
        yield line


def read_rows(
    source: str | Path | IO[bytes], required: list[str], filename: str | None = None
) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (line number as a spreadsheet shows it, row) for every non-empty data line (cells with NUL are
    refused as a whole file: callers of this simple form have no per-line report)."""
    raw, name = read_source(source, filename)
    for line in read_lines(raw, name, required):
        if line.problems:
            column, message = line.problems[0]
            raise TabularError(f"Dòng {line.number}, cột {column}: {message}.")
        yield line.number, line.values


def decode(raw: bytes) -> str:
    """The text of a CSV file: UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1258."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:  # a UTF-16 mark on bytes that are not UTF-16 (a cut file, another format)
            raise TabularError(ENCODING_MESSAGE) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("cp1258")
    except UnicodeDecodeError:
        raise TabularError(ENCODING_MESSAGE) from None
    # Windows-1258 spells tones as separate marks and has ă đ ơ ư of its own; text with none of them is some
    # other code page (Windows-1252 cannot hold Vietnamese: its letters were lost when the file was saved).
    if not _VIETNAMESE & set(text):
        raise TabularError(ENCODING_MESSAGE)
    return unicodedata.normalize("NFC", text)


def _csv_rows(raw: bytes) -> Iterator[list[Any]]:
    text = decode(raw).replace(_NUL, _NUL_MARK)
    yield from csv.reader(io.StringIO(text, newline=""), delimiter=header_delimiter(text))


def header_delimiter(text: str) -> str:
    """The delimiter of the header line: ",", ";" (Excel in Vietnamese locale), a tab or "|".

    The header tells it for sure; csv.Sniffer guesses from the first lines and gives up on a ";" file
    whose cells hold commas ("Thôn 1, xã Trung Hạ") next to empty lines."""
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in ",;\t|"}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _xlsx_rows(raw: bytes) -> Iterator[list[Any]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:
        raise TabularError("Không đọc được tệp Excel (.xlsx).") from exc
    try:
        for values in book.worksheets[0].iter_rows(values_only=True):
            yield list(values)
    finally:
        book.close()


def estimate_lines(raw: bytes) -> int:
    """Data lines, for a progress bar only (a quoted cell may span lines; the last call says 100 %)."""
    if raw[:2] != b"PK":
        return max(raw.count(b"\n") - 1, 1)
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(raw), read_only=True)
        rows = book.worksheets[0].max_row or 1
        book.close()
        return max(rows - 1, 1)
    except Exception:  # the real read reports an unreadable file
        return 1


def text(row: dict[str, Any], key: str) -> str:
    value = row.get(key)
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()
