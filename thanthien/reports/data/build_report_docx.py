"""Builds periodic_report.docx, the shipped Word form of a commune's periodic report, in the NĐ 30/2020 layout.

    python -m thanthien.reports.data.build_report_docx     (writes thanthien/reports/data/periodic_report.docx)

Placeholders are docxtpl (Jinja) tags filled by thanthien.reports.outputs.docx_context; each tag sits in one run so
Word keeps it whole. A commune may upload its own form with the same tags (the upload page lists them)."""

from __future__ import annotations

import sys
from io import BytesIO
from pathlib import Path

from docx import Document

from thanthien.documents.docx_forms import JUSTIFY, LEFT, TEXT_WIDTH_CM, _para, heading, page_setup, signature

OUTPUT = Path(__file__).resolve().parent / "periodic_report.docx"


def build() -> bytes:
    document = Document()
    page_setup(document)
    heading(document, TEXT_WIDTH_CM)
    _para(document, "BÁO CÁO", bold=True)
    _para(document, "{{ subject }}", bold=True, after=12)
    _para(document, "{%p for s in sections %}", align=LEFT)
    _para(document, "{{ s.heading }}", align=JUSTIFY, indent=True, bold=True, after=6)
    _para(document, "{%p for line in s.lines %}", align=LEFT)
    _para(document, "{{ line }}", align=JUSTIFY, indent=True, after=6)
    _para(document, "{%p endfor %}", align=LEFT)
    _para(document, "{%p endfor %}", align=LEFT)
    signature(document, TEXT_WIDTH_CM)

    out = BytesIO()
    document.save(out)
    return out.getvalue()


if __name__ == "__main__":
    OUTPUT.write_bytes(build())
    sys.stdout.write(f"{OUTPUT}\n")
