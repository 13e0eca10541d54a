"""Builds dialogue_minutes.docx, the Word form of the biên bản đối thoại, in the NĐ 30/2020 layout.

    python -m thanthien.engagement.data.build_minutes_docx     (writes thanthien/engagement/data/dialogue_minutes.docx)

Placeholders are docxtpl (Jinja) tags filled by thanthien.engagement.minutes.docx_context; each tag sits in one
run so Word keeps it whole. The opinions table repeats its middle row with docxtpl's {%tr %} tags."""

from __future__ import annotations

import sys
from pathlib import Path

from docx import Document

from thanthien.documents.docx_forms import CENTER, JUSTIFY, LEFT, TEXT_WIDTH_CM, _para, _table, heading, page_setup

OUTPUT = Path(__file__).resolve().parent / "dialogue_minutes.docx"


def build() -> bytes:
    document = Document()
    page_setup(document)
    heading(document, TEXT_WIDTH_CM, number="Số: ……/BB-UBND")

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
