"""Building blocks of the shipped Word forms (docxtpl templates in the NĐ 30/2020 layout): a paragraph in Times New
Roman at a given size, and a borderless or ruled table of fixed column widths. Used by the build scripts that
write the forms (engagement/data/build_minutes_docx.py, reports/data/build_report_docx.py); not at run time."""

from __future__ import annotations

from typing import Any

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

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


def page_setup(document: Any, *, landscape: bool = False) -> None:
    """A4 (or A4 landscape) with the NĐ 30/2020 margins: 2 cm top and bottom, 3 cm left, 1.5 cm right."""
    from docx.enum.section import WD_ORIENT

    section = document.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21)
    else:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)


def heading(document: Any, width_cm: float, issuer_cm: float = 6.3, number: str = "Số: {{ number }}") -> None:
    """The NĐ 30 heading: issuer on the left (cơ quan chủ quản, cơ quan ban hành, số), the national motto and the
    place and date on the right, as docxtpl tags `issuer_parent`, `issuer`, `number`, `place_date`."""
    left, right = _table(document, (issuer_cm, width_cm - issuer_cm)).rows[0].cells
    _para(left, "{{ issuer_parent }}", size=13, first=True)
    _para(left, "{{ issuer }}", size=13, bold=True)
    _para(left, number, size=13)
    _para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12.5, bold=True, first=True)
    _para(right, "Độc lập - Tự do - Hạnh phúc", size=13.5, bold=True)
    _para(right, "{{ place_date }}", italic=True)


def signature(document: Any, width_cm: float) -> None:
    """The NĐ 30 foot: "Nơi nhận:" with the list `recipients` on the left, `sign_authority`, `sign_title` and
    `signer_name` on the right with room for the signature and seal."""
    left, right = _table(document, (width_cm * 0.45, width_cm * 0.55)).rows[0].cells
    _para(left, "Nơi nhận:", size=12, bold=True, italic=True, align=LEFT, first=True)
    _para(left, "{%p for r in recipients %}", size=11, align=LEFT)
    _para(left, "- {{ r }}", size=11, align=LEFT)
    _para(left, "{%p endfor %}", size=11, align=LEFT)
    _para(right, "{{ sign_authority }}", bold=True, first=True)
    _para(right, "{{ sign_title }}", bold=True, after=70)
    _para(right, "{{ signer_name }}", bold=True, align=CENTER)
