"""Builds periodic_report.docx, the shipped Word form of a commune's periodic report, in the NĐ 30/2020 layout.

    python -m thanthien.reports.data.build_report_docx     (writes thanthien/reports/data/periodic_report.docx)

Placeholders are docxtpl (Jinja) tags filled by thanthien.reports.outputs.docx_context; each tag sits in one run so
Word keeps it whole. A commune may upload its own form with the same tags (the upload page lists them)."""

from __future__ import annotations

import sys
from io import BytesIO
from pathlib import Path

from docx import Document

from thanthien.documents.docx_forms import CENTER, JUSTIFY, LEFT, TEXT_WIDTH_CM, _para, _table

OUTPUT = Path(__file__).resolve().parent / "periodic_report.docx"


def build() -> bytes:
    from docx.shared import Cm

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)

    left, right = _table(document, (6.3, TEXT_WIDTH_CM - 6.3)).rows[0].cells
    _para(left, "{{ issuer_parent }}", size=13, first=True)
    _para(left, "{{ issuer }}", size=13, bold=True)
    _para(left, "Số: {{ number }}", size=13)
    _para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12.5, bold=True, first=True)
    _para(right, "Độc lập - Tự do - Hạnh phúc", size=13.5, bold=True)
    _para(right, "{{ place_date }}", italic=True)

    _para(document, "BÁO CÁO", bold=True)
    _para(document, "{{ subject }}", bold=True, after=12)
    _para(document, "{%p for s in sections %}", align=LEFT)
    _para(document, "{{ s.heading }}", align=JUSTIFY, indent=True, bold=True, after=6)
    _para(document, "{%p for line in s.lines %}", align=LEFT)
    _para(document, "{{ line }}", align=JUSTIFY, indent=True, after=6)
    _para(document, "{%p endfor %}", align=LEFT)
    _para(document, "{%p endfor %}", align=LEFT)

    sign_left, sign_right = _table(document, (TEXT_WIDTH_CM * 0.45, TEXT_WIDTH_CM * 0.55)).rows[0].cells
    _para(sign_left, "Nơi nhận:", size=12, bold=True, italic=True, align=LEFT, first=True)
    _para(sign_left, "{%p for r in recipients %}", size=11, align=LEFT)
    _para(sign_left, "- {{ r }}", size=11, align=LEFT)
    _para(sign_left, "{%p endfor %}", size=11, align=LEFT)
    _para(sign_right, "{{ sign_authority }}", bold=True, first=True)
    _para(sign_right, "{{ sign_title }}", bold=True, after=70)
    _para(sign_right, "{{ signer_name }}", bold=True, align=CENTER)

    out = BytesIO()
    document.save(out)
    return out.getvalue()


if __name__ == "__main__":
    OUTPUT.write_bytes(build())
    sys.stdout.write(f"{OUTPUT}\n")
