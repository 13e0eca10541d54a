"""Builds rollup_report.docx, the shipped Word form of a supervisor's roll-up report, in the NĐ 30/2020 layout.

    python -m thanthien.reports.data.build_rollup_docx     (writes thanthien/reports/data/rollup_report.docx)

Placeholders are docxtpl (Jinja) tags filled by thanthien.reports.rollup_outputs.docx_context; each tag sits in one
run so Word keeps it whole, and the table's rows repeat with docxtpl's `{%tr %}` tags. The file stays editable in
Word: a unit may restyle it and keep the tags."""

from __future__ import annotations

import sys
from io import BytesIO
from pathlib import Path

from docx import Document

from thanthien.documents.docx_forms import CENTER, JUSTIFY, LEFT, _para, _table, heading, page_setup, signature

OUTPUT = Path(__file__).resolve().parent / "rollup_report.docx"
# The table's columns: (header, the row's placeholder, width in cm); a landscape A4 page holds 29.7 - 3 - 1.5 cm.
TEXT_WIDTH_CM = 29.7 - 3 - 1.5
COLUMNS = (
    ("STT", "{{ r.stt }}", 1.0),
    ("Xã, phường, thị trấn", "{{ r.name }}", 4.2),
    ("Hồ sơ tiếp nhận", "{{ r.dossiers_received }}", 2.0),
    ("Hồ sơ giải quyết quá hạn", "{{ r.dossiers_resolved_late }}", 2.0),
    ("Tỷ lệ trước hạn, đúng hạn", "{{ r.on_time_rate }}", 2.2),
    ("Thư gửi công dân", "{{ r.letters }}", 1.8),
    ("Buổi tiếp công dân", "{{ r.receptions }}", 1.8),
    ("Đơn thư đã giải quyết", "{{ r.petitions_resolved }}", 1.9),
    ("Tỷ lệ hài lòng", "{{ r.satisfaction_rate }}", 2.0),
    ("Điểm", "{{ r.score }}", 1.5),
    ("Xếp loại", "{{ r.score_class }}", 1.6),
    ("Công nhận mô hình", "{{ r.recognition }}", 3.2),
)


def build() -> bytes:
    document = Document()
    page_setup(document, landscape=True)
    heading(document, TEXT_WIDTH_CM, issuer_cm=8.0)

    _para(document, "BÁO CÁO", bold=True)
    _para(document, "{{ subject }}", bold=True, after=12)
    _para(document, "I. TỔNG HỢP CHUNG", align=JUSTIFY, bold=True, after=6)
    _para(document, "{{ summary }}", align=JUSTIFY, indent=True, after=6)
    _para(document, "II. KẾT QUẢ CỦA TỪNG XÃ, PHƯỜNG, THỊ TRẤN", align=JUSTIFY, bold=True, after=6)
    _para(document, "{{ table_note }}", size=12, italic=True, align=JUSTIFY, after=6)

    widths = tuple(width for _, _, width in COLUMNS)
    table = _table(document, widths, rows=5, lines=True)
    head, loop, row, end, total = table.rows
    for cell, (label, _, _) in zip(head.cells, COLUMNS, strict=True):
        _para(cell, label, size=11, bold=True, first=True)
    _para(loop.cells[0], "{%tr for r in rows %}", size=11, first=True)
    for cell, (_, placeholder, _) in zip(row.cells, COLUMNS, strict=True):
        _para(cell, placeholder, size=11, align=LEFT if "name" in placeholder else CENTER, first=True)
    _para(end.cells[0], "{%tr endfor %}", size=11, first=True)
    totals = ["", "{{ t.name }}", *(p.replace("r.", "t.") for _, p, _ in COLUMNS[2:])]
    for cell, placeholder in zip(total.cells, totals, strict=True):
        _para(cell, placeholder, size=11, bold=True, align=LEFT if "name" in placeholder else CENTER, first=True)

    _para(document, "", after=6)
    _para(document, "III. XẾP HẠNG", align=JUSTIFY, bold=True, after=6)
    _para(document, "{{ ranking_rule }}", align=JUSTIFY, indent=True, after=6)
    _para(document, "{%p for line in ranking %}", align=LEFT)
    _para(document, "{{ line }}", align=JUSTIFY, indent=True)
    _para(document, "{%p endfor %}", align=LEFT)
    _para(document, "IV. CÁC XÃ, PHƯỜNG, THỊ TRẤN DƯỚI NGƯỠNG CẦN LƯU Ý", align=JUSTIFY, bold=True, after=6)
    _para(document, "{{ threshold_rule }}", align=JUSTIFY, indent=True, after=6)
    _para(document, "{%p for line in below %}", align=LEFT)
    _para(document, "{{ line }}", align=JUSTIFY, indent=True)
    _para(document, "{%p endfor %}", align=LEFT)

    signature(document, TEXT_WIDTH_CM)

    out = BytesIO()
    document.save(out)
    return out.getvalue()


if __name__ == "__main__":
    OUTPUT.write_bytes(build())
    sys.stdout.write(f"{OUTPUT}\n")
