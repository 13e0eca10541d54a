"""An XLSX file written while it is sent: for lists of tens of thousands of rows.

openpyxl (documents.xlsx) builds the whole workbook before its first byte exists, even in write-only mode (rows
go to a temporary file, the zip is assembled on save): a 14,000-row list kept the user waiting seconds with
nothing on the screen. Here the zip is written to the response as it grows — one worksheet of inline strings,
numbers and dates, with a bold frozen header — so the download starts at once and memory stays flat.
The cells follow the same rules as documents.xlsx: text always text (no formulas), NFC, control characters
removed, moments as Việt Nam wall-clock time shown dd/mm/yyyy hh:mm.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from openpyxl.utils import get_column_letter

from .xlsx import DATE_FORMAT, DATETIME_FORMAT, _clean_text, excel_datetime

ROWS_PER_CHUNK = 500
_EPOCH = dt.datetime(1899, 12, 30)  # noqa: DTZ001 — Excel counts wall-clock days from here, without a zone

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/styles.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    "</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" '
    'Target="styles.xml"/></Relationships>'
)
# Style 0: plain; 1: date and time; 2: date; 3: bold (the header).
_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    f'<numFmts count="2"><numFmt numFmtId="164" formatCode="{DATETIME_FORMAT}"/>'
    f'<numFmt numFmtId="165" formatCode="{DATE_FORMAT}"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>'
    "</fills>"
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def _workbook(title: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<sheets><sheet name="{escape(title, {chr(34): "&quot;"})}" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )


def _sheet_start(header: Sequence[str]) -> str:
    widths = "".join(
        f'<col min="{i}" max="{i}" width="{min(max(len(name) + 4, 12), 50)}" customWidth="1"/>'
        for i, name in enumerate(header, start=1)
    )
    frozen = (
        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
        'state="frozen"/></sheetView></sheetViews>'
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"{frozen}{'<cols>' + widths + '</cols>' if header else ''}<sheetData>"
    )


def _cell(ref: str, value: Any, style: int = 0) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, dt.datetime):
        serial = (excel_datetime(value) - _EPOCH).total_seconds() / 86400
        return f'<c r="{ref}" s="1"><v>{serial!r}</v></c>'
    if isinstance(value, dt.date):
        return f'<c r="{ref}" s="2"><v>{(value - _EPOCH.date()).days}</v></c>'
    if isinstance(value, int | float | Decimal):
        return f'<c r="{ref}"><v>{value}</v></c>'
    text = escape(_clean_text(str(value)))
    style_attr = f' s="{style}"' if style else ""
    return f'<c r="{ref}"{style_attr} t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>'


def _row(number: int, values: Sequence[Any], letters: list[str], style: int = 0) -> str:
    while len(letters) < len(values):
        letters.append(get_column_letter(len(letters) + 1))
    cells = "".join(_cell(f"{letters[i]}{number}", v, style) for i, v in enumerate(values))
    return f'<row r="{number}">{cells}</row>'


class _Sink:
    """The zip's output: collects what zipfile writes until the response takes it (not seekable on purpose,
    so zipfile writes each member's sizes after its data)."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        out, self.parts = b"".join(self.parts), []
        return out


def stream_xlsx(title: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[bytes]:
    """The bytes of a one-sheet XLSX file, yielded as the rows are read."""
    sink = _Sink()
    letters: list[str] = []
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=5) as archive:  # type: ignore[call-overload]
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _ROOT_RELS)
        archive.writestr("xl/workbook.xml", _workbook(title[:31]))
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/styles.xml", _STYLES)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(_sheet_start(header).encode())
            number = 1
            if header:
                sheet.write(_row(1, header, letters, style=3).encode())
                number = 2
            yield sink.take()  # the download starts before the first row is read from the database
            batch: list[str] = []
            for values in rows:
                batch.append(_row(number, values, letters))
                number += 1
                if len(batch) >= ROWS_PER_CHUNK:
                    sheet.write("".join(batch).encode())
                    batch = []
                    yield sink.take()
            sheet.write(("".join(batch) + "</sheetData></worksheet>").encode())
        yield sink.take()
    yield sink.take()
