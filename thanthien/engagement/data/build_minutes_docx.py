"""Builds dialogue_minutes.docx, the Word form of the biên bản đối thoại, in the NĐ 30/2020 layout.

    python -m thanthien.engagement.data.build_minutes_docx     (writes thanthien/engagement/data/dialogue_minutes.docx)

Placeholders are docxtpl (Jinja) tags filled by thanthien.engagement.minutes.docx_context; each tag sits in one
run so Word keeps it whole. The opinions table repeats its middle row with docxtpl's {%tr %} tags."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

OUTPUT = Path(__file__).resolve().parent / "dialogue_minutes.docx"
FONT = "Times New Roman"
BODY_PT = 14
TEXT_WIDTH_CM = 21 - 3 - 1.5
LEFT = WD_ALIGN_PARAGRAPH.LEFT
CENTER = WD_ALIGN_PARAGRAPH.CENTER
JUSTIFY = WD_ALIGN_PARAGRAPH.JUSTIFY


def _font(run: Any, size: float) -> None:
    rpr = run._element.get_or_add_rPr()
    fonts = OxmlElement("w:rFonts")
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), FONT)
    rpr.insert(0, fonts)
    run.font.size = Pt(size)


def _para(container: Any, text: str, *, size: float = BODY_PT, bold: bool = False, italic: bool = False,
          align: Any = CENTER, first: bool = False, indent: bool = False, after: float = 0) -> None:  # fmt: skip
    paragraph = container.paragraphs[0] if first else container.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(after), 1.0
    if indent:
        fmt.first_line_indent = Cm(1)
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    _font(run, size)


def _borders(table: Any, value: str) -> None:
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), value)
        if value == "single":
            element.set(qn("w:sz"), "4")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _table(document: Any, widths: tuple[float, ...], rows: int = 1, lines: bool = False) -> Any:
    table = document.add_table(rows=rows, cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _borders(table, "single" if lines else "nil")
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)
    return table


def build() -> bytes:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)

    left, right = _table(document, (6.3, TEXT_WIDTH_CM - 6.3)).rows[0].cells
    _para(left, "{{ issuer_parent }}", size=13, first=True)
    _para(left, "{{ issuer }}", size=13, bold=True)
    _para(left, "Số: ……/BB-UBND", size=13)
    _para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12.5, bold=True, first=True)
    _para(right, "Độc lập - Tự do - Hạnh phúc", size=13.5, bold=True)
    _para(right, "{{ place_date }}", italic=True)

    _para(document, "BIÊN BẢN", bold=True)
    _para(document, "{{ subject }}", bold=True, after=12)
    for text in (
        "{{ opening }}",
        "I. THÀNH PHẦN",
        "1. Chủ trì: {{ chaired_by }}.",
        "2. Thư ký: {{ secretary }}.",
        "3. Tham dự: {{ attendance }}",
        "II. NỘI DUNG ĐỐI THOẠI",
        "{{ summary }}",
    ):
        _para(document, text, align=JUSTIFY, indent=True, bold=text[:3] in ("I. ", "II."), after=6)

    table = _table(document, (1.3, 7.6, 7.6), rows=4, lines=True)
    for cell, text in zip(table.rows[0].cells, ("STT", "Ý kiến, kiến nghị", "Trả lời"), strict=True):
        _para(cell, text, size=13, bold=True, first=True)
    _para(table.rows[1].cells[0], "{%tr for o in opinions %}", size=13, first=True)
    for cell, text in zip(table.rows[2].cells, ("{{ o.number }}", "{{ o.opinion }}", "{{ o.answer }}"), strict=True):
        _para(cell, text, size=13, first=True, align=CENTER if text == "{{ o.number }}" else LEFT)
    _para(table.rows[3].cells[0], "{%tr endfor %}", size=13, first=True)

    _para(document, "{{ closing }}", align=JUSTIFY, indent=True, after=12)
    sign_left, sign_right = _table(document, (TEXT_WIDTH_CM / 2, TEXT_WIDTH_CM / 2)).rows[0].cells
    for cell, title, name in (
        (sign_left, "THƯ KÝ", "{{ secretary_name }}"),
        (sign_right, "CHỦ TRÌ", "{{ chaired_by }}"),
    ):
        _para(cell, title, bold=True, first=True)
        _para(cell, "(Ký, ghi rõ họ tên)", italic=True, size=13, after=60)
        _para(cell, name, bold=True)

    from io import BytesIO

    out = BytesIO()
    document.save(out)
    return out.getvalue()


if __name__ == "__main__":
    OUTPUT.write_bytes(build())
    sys.stdout.write(f"{OUTPUT}\n")
