"""Spreadsheet exports (XLSX and CSV) that open right in a Vietnamese Excel."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from thanthien.lib.vn import fmt_date, nfc

from .http import file_response

Sheet = tuple[str, list[str], Iterable[Sequence[Any]]]

DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_BAD_TITLE_CHARS = re.compile(r"[\[\]:*?/\\]")
# A cell starting with these is run as a formula by spreadsheet programs (CSV injection); plain signed numbers
# and phone numbers ("+84 912 345 678") are harmless and stay as typed.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_SIGNED_NUMBER = re.compile(r"[+-][\d\s.,()]*")


def write_xlsx(sheets: list[Sheet]) -> bytes:
    """One worksheet per (title, header, rows); rows are streamed, so large exports stay small in memory."""
    book = Workbook(write_only=True)
    titles: set[str] = set()
    for title, header, rows in sheets or [("Trang 1", [], [])]:
        sheet = book.create_sheet(_sheet_title(title, titles))
        _write_sheet(sheet, header, rows)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_response(filename: str, sheets: list[Sheet]) -> HttpResponse:
    return file_response(write_xlsx(sheets), filename, XLSX_CONTENT_TYPE)


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> HttpResponse:
    # The BOM is what makes Excel read the file as UTF-8 instead of the Windows code page.
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([csv_text(h) for h in header])
    writer.writerows([csv_text(v) for v in row] for row in rows)
    return file_response(buffer.getvalue().encode("utf-8"), filename, "text/csv; charset=utf-8")


def _write_sheet(sheet: WriteOnlyWorksheet, header: list[str], rows: Iterable[Sequence[Any]]) -> None:
    # Widths and frozen panes must be set before the first row is streamed out.
    for index, name in enumerate(header, start=1):
        # The stubs miss the write-only sheet's column_dimensions, which openpyxl does provide.
        dims = sheet.column_dimensions  # type: ignore[attr-defined]
        dims[get_column_letter(index)].width = min(max(len(name) + 4, 12), 50)
    if header:
        sheet.freeze_panes = "A2"
        sheet.append([_header_cell(sheet, name) for name in header])
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])


def _cut_at_word(text: str, limit: int) -> str:
    """At most `limit` characters, cut before a word rather than inside it ("Tiếp nhận, phân lo" reads badly)."""
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0].rstrip(" ,;–-")
    return cut if len(cut) >= limit // 2 else text[:limit]


def _sheet_title(title: str, taken: set[str]) -> str:
    """Excel allows 31 characters without []:*?/\\ and no two sheets with the same name."""
    base = _cut_at_word(_BAD_TITLE_CHARS.sub("-", nfc(title)).strip("' "), 31) or "Trang"
    candidate, n = base, 1
    while candidate.lower() in taken:
        n += 1
        candidate = f"{base[: 31 - len(str(n)) - 1]} {n}"
    taken.add(candidate.lower())
    return candidate


def _header_cell(sheet: WriteOnlyWorksheet, name: str) -> Cell:
    cell = WriteOnlyCell(sheet, _clean_text(name))
    cell.font = Font(bold=True)
    return cell


def _cell(sheet: WriteOnlyWorksheet, value: Any) -> Any:
    if isinstance(value, dt.datetime):
        cell = WriteOnlyCell(sheet, excel_datetime(value))
        cell.number_format = DATETIME_FORMAT
        return cell
    if isinstance(value, dt.date):
        cell = WriteOnlyCell(sheet, value)  # type: ignore[arg-type]  # stubs omit date; openpyxl takes it
        cell.number_format = DATE_FORMAT
        return cell
    if value is None or isinstance(value, bool | int | float | Decimal):
        return value
    cell = WriteOnlyCell(sheet, _clean_text(str(value)))
    cell.data_type = "s"  # openpyxl would otherwise store "=..." as a formula
    return cell


def excel_datetime(value: dt.datetime) -> dt.datetime:
    """Excel has no time zones: show the wall-clock time in Việt Nam."""
    if timezone.is_aware(value):
        value = timezone.localtime(value, timezone.get_default_timezone())
    return value.replace(tzinfo=None)


def _clean_text(text: str) -> str:
    # Control characters (pasted from other programs) make openpyxl refuse the whole file.
    return ILLEGAL_CHARACTERS_RE.sub("", nfc(text))


def csv_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, dt.datetime):
        return f"{excel_datetime(value):%d/%m/%Y %H:%M}"
    if isinstance(value, dt.date):
        return fmt_date(value)
    text = nfc(str(value))
    if text.startswith(_FORMULA_START) and not _SIGNED_NUMBER.fullmatch(text):
        return "'" + text
    return text
