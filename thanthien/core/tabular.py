"""Reading CSV and XLSX files the same way for every importer: header row, one dict per data line."""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any


class TabularError(ValueError):
    """The file as a whole cannot be read (wrong format, no header, missing columns)."""


@dataclass
class LineError:
    line: int
    message: str

    def __str__(self) -> str:
        return f"Dòng {self.line}: {self.message}"


@dataclass
class ImportReport:
    """What an import found and did; `errors` non-empty means nothing was applied."""

    total: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[LineError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        if self.errors:
            return f"Không nhập được: {len(self.errors)} dòng có lỗi, chưa có thay đổi nào được ghi."
        return (
            f"Đã đọc {self.total} dòng: thêm mới {self.created}, cập nhật {self.updated}, không đổi {self.unchanged}."
        )


def _clean_header(name: Any) -> str:
    text = unicodedata.normalize("NFC", str(name or "")).strip().lstrip("\ufeff").strip().lower()
    return text.replace(" ", "_")


def _cell(value: Any) -> Any:
    if isinstance(value, str):
        value = unicodedata.normalize("NFC", value).strip()
        return value
    return value


def read_rows(
    source: str | Path | IO[bytes], required: list[str], filename: str | None = None
) -> Iterator[tuple[int, dict[str, Any]]]:
    """Yield (line number as a spreadsheet shows it, row) for every non-empty data line."""
    name = filename or (str(source) if isinstance(source, str | Path) else getattr(source, "name", "")) or ""
    raw = Path(source).read_bytes() if isinstance(source, str | Path) else source.read()
    is_xlsx = name.lower().endswith((".xlsx", ".xlsm")) or raw[:2] == b"PK"
    rows = _xlsx_rows(raw) if is_xlsx else _csv_rows(raw)
    try:
        header = [_clean_header(h) for h in next(rows)]
    except StopIteration:
        raise TabularError("Tệp không có dòng tiêu đề.") from None
    missing = [col for col in required if col not in header]
    if missing:
        raise TabularError("Thiếu cột: " + ", ".join(missing) + ". Dòng tiêu đề cần có: " + ", ".join(required) + ".")
    for number, values in enumerate(rows, start=2):
        cells = [_cell(v) for v in values]
        if all(v is None or v == "" for v in cells):
            continue
        row = {col: (cells[i] if i < len(cells) else None) for i, col in enumerate(header) if col}
        yield number, row


def _csv_rows(raw: bytes) -> Iterator[list[Any]]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TabularError("Tệp CSV phải được lưu với bảng mã UTF-8.") from None
    yield from csv.reader(io.StringIO(text, newline=""), delimiter=header_delimiter(text))


def header_delimiter(text: str) -> str:
    """The delimiter of the header line: ",", ";" (Excel in Vietnamese locale) or a tab.

    The header tells it for sure; csv.Sniffer guesses from the first lines and gives up on a ";" file
    whose cells hold commas ("Thôn 1, xã Trung Hạ") next to empty lines."""
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in ",;\t"}
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


def text(row: dict[str, Any], key: str) -> str:
    value = row.get(key)
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()
