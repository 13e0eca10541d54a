"""Builds letter.docx, the shipped DOCX template of every letter kind, in the NĐ 30/2020 layout.

    python -m thanthien.letters.data.build_docx        (writes thanthien/letters/data/letter.docx)

Placeholders are docxtpl (Jinja) tags filled by thanthien.letters.documents.docx_context. Each tag sits in a
single run, so Word keeps it whole. The font is named "Times New Roman": Word on every office PC has it, and
LibreOffice on Linux substitutes Liberation Serif, which has the same metrics and every Vietnamese letter.
"""

from __future__ import annotations

import sys
from io import BytesIO
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph

OUTPUT = Path(__file__).resolve().parent / "letter.docx"
FONT = "Times New Roman"
BODY_PT = 14
# A4, margins of NĐ 30/2020 Phụ lục I: top 20, bottom 20, left 30, right 15 mm.
PAGE = {"width": Cm(21), "height": Cm(29.7), "top": Cm(2), "bottom": Cm(2), "left": Cm(3), "right": Cm(1.5)}
TEXT_WIDTH_CM = 21 - 3 - 1.5
LEFT_COL_CM = 6.3
RIGHT_COL_CM = TEXT_WIDTH_CM - LEFT_COL_CM


def _set_font(element: object, size: float | None = None) -> None:
    """Every script slot of the font (Latin, complex, East Asian), so no letter falls back to another face."""
    rpr = element._element.get_or_add_rPr()  # type: ignore[attr-defined]
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for slot in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(slot), FONT)
    if size is not None:
        element.font.size = Pt(size)  # type: ignore[attr-defined]


def _paragraph(
    container: object,
    text: str = "",
    *,
    size: float = BODY_PT,
    bold: bool = False,
    italic: bool = False,
    align: int = WD_ALIGN_PARAGRAPH.CENTER,
    before: float = 0,
    after: float = 0,
    indent_cm: float = 0,
    color: RGBColor | None = None,
    first: bool = False,
) -> Paragraph:
    """A paragraph holding `text` as one run (a tag split over runs would break docxtpl)."""
    use_first = first and isinstance(container, _Cell)
    paragraph = container.paragraphs[0] if use_first else container.add_paragraph()  # type: ignore[attr-defined]
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    fmt.line_spacing = 1.0
    if indent_cm:
        fmt.first_line_indent = Cm(indent_cm)
    if text:
        run = paragraph.add_run(text)
        run.bold, run.italic = bold, italic
        _set_font(run, size)
        if color is not None:
            run.font.color.rgb = color
    return paragraph


def _rule(cell: _Cell, width_cm: float) -> None:
    """The short solid rule under the issuer and under the motto: a bottom border on a tiny centred paragraph."""
    paragraph = cell.add_paragraph()
    ppr = paragraph._p.get_or_add_pPr()
    # Border first: python-docx then inserts spacing and indents after it, in the order the schema wants.
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in {"w:val": "single", "w:sz": "6", "w:space": "1", "w:color": "000000"}.items():
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.append(borders)
    side = max((cell.width.cm if cell.width else LEFT_COL_CM) - width_cm, 0) / 2
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after = Pt(0), Pt(0)
    fmt.line_spacing = Pt(3)
    fmt.left_indent, fmt.right_indent = Cm(side), Cm(side)
    fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
    mark = OxmlElement("w:rPr")  # the paragraph mark's own size keeps the empty line thin
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "4")
    mark.append(size)
    ppr.append(mark)


def _borderless(table: object) -> None:
    tbl_pr = table._tbl.tblPr  # type: ignore[attr-defined]
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def _two_columns(document: object, left_cm: float, right_cm: float) -> object:
    table = document.add_table(rows=1, cols=2)  # type: ignore[attr-defined]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _borderless(table)
    for cell, width in zip(table.rows[0].cells, (left_cm, right_cm), strict=True):
        cell.width = Cm(width)
    for column, width in zip(table.columns, (left_cm, right_cm), strict=True):
        column.width = Cm(width)
    return table


def _heading(document: object) -> None:
    table = _two_columns(document, LEFT_COL_CM, RIGHT_COL_CM)
    left, right = table.rows[0].cells  # type: ignore[attr-defined]
    _paragraph(left, "{{ issuer_parent }}", size=13, first=True)
    _paragraph(left, "{{ issuer }}", size=13, bold=True)
    _rule(left, 2.2)
    _paragraph(left, "Số: {{ number_text }}", size=13, before=6)
    _paragraph(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12.5, bold=True, first=True)
    _paragraph(right, "Độc lập - Tự do - Hạnh phúc", size=13.5, bold=True)
    _rule(right, 6.0)
    _paragraph(right, "{{ place_date }}", size=BODY_PT, italic=True, before=6)


def _signature(document: object) -> None:
    table = _two_columns(document, 7.3, TEXT_WIDTH_CM - 7.3)
    left, right = table.rows[0].cells  # type: ignore[attr-defined]
    label = _paragraph(left, "", align=WD_ALIGN_PARAGRAPH.LEFT, before=6, first=True)
    label_run = label.add_run("Nơi nhận:")
    label_run.bold, label_run.italic = True, True
    _set_font(label_run, 12)
    _paragraph(left, "- Như trên;", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    _paragraph(left, "- Lưu: VT.", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    _paragraph(right, "{{ sign_authority }}", bold=True, before=6, first=True)
    _paragraph(right, "{{ signer_title }}", bold=True)
    for _ in range(5):  # room for the handwritten signature and the seal
        _paragraph(right)
    _paragraph(right, "{{ signer_name }}", bold=True)


def build() -> bytes:
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = PAGE["width"], PAGE["height"]
    section.top_margin, section.bottom_margin = PAGE["top"], PAGE["bottom"]
    section.left_margin, section.right_margin = PAGE["left"], PAGE["right"]
    normal = document.styles["Normal"]
    _set_font(normal, BODY_PT)
    document.core_properties.title = "Mẫu thư của Ủy ban nhân dân xã"
    document.core_properties.author = "Thân Thiện"

    _heading(document)
    _paragraph(document, "{%p if is_draft %}")
    _paragraph(
        document,
        "{{ draft_mark }}",
        size=12,
        bold=True,
        align=WD_ALIGN_PARAGRAPH.RIGHT,
        color=RGBColor(0xB0, 0, 0),
        before=6,
    )
    _paragraph(document, "{%p endif %}")
    _paragraph(document, "{{ title }}", size=15, bold=True, before=18)
    _paragraph(document, "{%p if subject %}")
    _paragraph(document, "{{ subject }}", bold=True)
    _paragraph(document, "{%p endif %}")
    _paragraph(document, "Kính gửi: {{ honorific }} {{ recipient_name }}", before=12)
    _paragraph(document, "{%p if recipient_address %}")
    _paragraph(document, "Địa chỉ: {{ recipient_address }}", size=13)
    _paragraph(document, "{%p endif %}")
    _paragraph(document, "", after=6)
    _paragraph(document, "{%p for para in body_paragraphs %}")
    body = _paragraph(document, "{{ para }}", align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=6, indent_cm=1.27)
    body.paragraph_format.line_spacing = 1.15
    _paragraph(document, "{%p endfor %}")
    _signature(document)

    # Word wants the body to end with a paragraph, not a table.
    _paragraph(document, "", size=2)

    out = BytesIO()
    document.save(out)
    return out.getvalue()


def main() -> None:
    OUTPUT.write_bytes(build())
    sys.stdout.write(f"{OUTPUT}\n")


if __name__ == "__main__":
    main()
