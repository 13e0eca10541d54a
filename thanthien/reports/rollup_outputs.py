"""The files of a supervisor's roll-up report (`rollup.build_rollup`'s result): DOCX from the shipped docxtpl form
(data/rollup_report.docx, editable in Word), PDF in the NĐ 30/2020 layout (the one official base,
documents/official.html) and XLSX (the table, the ranking, the communes below the threshold, then every figure of
the unit). The roll-up holds no personal data: counts and rates of units.

    data = render_rollup(build_rollup(unit, start, end), "pdf")
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.utils import timezone

from thanthien.documents.docx import render_docx
from thanthien.documents.pdf import render_pdf
from thanthien.documents.xlsx import Sheet, write_xlsx
from thanthien.lib import stats, vn
from thanthien.org.models import Unit

from . import rollup
from .outputs import DRAFT_NUMBER, FORMATS, MODEL_NAME

FORM = Path(__file__).resolve().parent / "data" / "rollup_report.docx"
TABLE_NOTE = (
    "Số liệu tính từ hồ sơ, thư, sổ tiếp công dân, đơn thư, phiếu khảo sát và kết quả chấm điểm trên hệ thống; "
    "số liệu của đơn vị đã sáp nhập được cộng vào đơn vị kế thừa. Dòng “Tổng cộng” là số liệu của toàn đơn vị."
)


def period_of(result: Mapping[str, Any]) -> tuple[dt.date, dt.date]:
    return dt.date.fromisoformat(result["from"]), dt.date.fromisoformat(result["to"])


def title(result: Mapping[str, Any]) -> str:
    start, end = period_of(result)
    return f"Tổng hợp kết quả thực hiện mô hình {MODEL_NAME} từ ngày {vn.fmt_date(start)} đến ngày {vn.fmt_date(end)}"


def score_text(value: float | None) -> str:
    """78.5 → "78,5", 80.0 → "80", None → "–"."""
    if value is None:
        return "–"
    text = vn.fmt_number(value, 2)
    return text.rstrip("0").rstrip(",") if "," in text else text


def _count(value: int | None) -> str:
    return "–" if value is None else vn.fmt_number(value)


def shown_row(row: Mapping[str, Any], stt: int | str) -> dict[str, Any]:
    """A table row as printed: Vietnamese numbers, rates in %, "–" where there is nothing."""
    return {
        "stt": stt,
        "code": row["code"] or "",
        "name": row["name"],
        "dossiers_received": _count(row["dossiers_received"]),
        "dossiers_resolved_late": _count(row["dossiers_resolved_late"]),
        "on_time_rate": rollup.percent(row["on_time_rate"]),
        "letters": _count(row["letters"]),
        "receptions": _count(row["receptions"]),
        "petitions_resolved": _count(row["petitions_resolved"]),
        "satisfaction_rate": rollup.percent(row["satisfaction_rate"]),
        "score": score_text(row["score"]),
        "score_class": row["score_class"] or "–",
        "recognition": row["recognition_label"] or "–",
        "below": bool(row.get("below_threshold")),
    }


def shown_totals(totals: Mapping[str, Any]) -> dict[str, Any]:
    shown = shown_row({**totals, "score": None}, "")
    shown["score"] = f"{vn.fmt_number(totals['scored'])} xã đã chấm" if totals["scored"] else "–"
    classes = [
        f"{label} {vn.fmt_number(totals['by_class'].get(code, 0))}"
        for code, label in (("tot", "Tốt"), ("kha", "Khá"), ("dat", "Đạt"), ("chua_dat", "Chưa đạt"))
        if totals["by_class"].get(code)
    ]
    shown["score_class"] = ", ".join(classes) or "–"
    shown["recognition"] = (
        f"{vn.fmt_number(totals['recognised'])} xã (cấp tỉnh {vn.fmt_number(totals['recognised_province'])}, "
        f"cấp huyện {vn.fmt_number(totals['recognised_district'])})"
    )
    return shown


def ranking_lines(result: Mapping[str, Any]) -> list[str]:
    return [
        f"{item['rank']}. {item['name']}: tỷ lệ hồ sơ trước hạn và đúng hạn {rollup.percent(item['on_time_rate'])}, "
        f"tỷ lệ hài lòng {rollup.percent(item['satisfaction_rate'])}."
        for item in result["sections"]["ranking"]
    ]


def below_lines(result: Mapping[str, Any]) -> list[str]:
    lines = [f"- {item['name']}: {'; '.join(item['reasons'])}." for item in result["sections"]["below_threshold"]]
    return lines or ["Không có xã, phường, thị trấn nào dưới ngưỡng."]


def context(result: Mapping[str, Any]) -> dict[str, Any]:
    """What every output prints: the NĐ 30 heading, the title, the summary, the table, the ranking, the communes
    below the threshold, the signature block and the recipients."""
    sections = result["sections"]
    unit = Unit.objects.filter(code=result["unit"]).select_related("parent").first()
    name = unit.name if unit else str(result["unit"])
    parent = unit.parent if unit else None
    rows = [shown_row(row, i) for i, row in enumerate(sections["communes"], start=1)]
    recipients = [f"Ban Chỉ đạo mô hình {name}", "UBND các xã, phường, thị trấn", "Lưu: VT"]
    if parent is not None:
        recipients.insert(0, f"UBND {parent.name}")
    return {
        "issuer_parent": f"UBND {parent.name.upper()}" if parent else "",
        "issuer": f"UBND {name.upper()}",
        "number": DRAFT_NUMBER,
        "place": unit.short_name() if unit else "",
        "date": timezone.localdate(),
        "doc_type": "BÁO CÁO",
        "subject": title(result),
        "summary": sections["summary"],
        "table_note": TABLE_NOTE,
        "rows": rows,
        "t": shown_totals(sections["totals"]),
        "ranking_rule": rollup.RANKING_RULE,
        "ranking": ranking_lines(result),
        "threshold_rule": rollup.threshold_rule(sections.get("threshold", {})),
        "below": below_lines(result),
        "sign_authority": "TM. ỦY BAN NHÂN DÂN",
        "sign_title": "CHỦ TỊCH",
        "signer_name": "",
        "recipients": recipients,
    }


def to_docx(result: Mapping[str, Any]) -> bytes:
    ctx = context(result)
    ctx["place_date"] = f"{ctx['place'] or '……'}, {vn.long_date(ctx['date'])}"
    return render_docx(FORM, ctx)


# A province's PDF prints each commune's rank in the table and, under "Xếp hạng", only the first and the last
# ones: 500 lines of ranking again would double the pages WeasyPrint lays out (tens of seconds).
PDF_RANKING_SHOWN = 10


def to_pdf(result: Mapping[str, Any]) -> bytes:
    ctx = context(result)
    ranks = {item["code"]: item["rank"] for item in result["sections"]["ranking"]}
    for shown, row in zip(ctx["rows"], result["sections"]["communes"], strict=True):
        shown["rank"] = ranks.get(row["code"], "")
    lines = ctx["ranking"]
    if len(lines) > 3 * PDF_RANKING_SHOWN:
        left_out = len(lines) - 2 * PDF_RANKING_SHOWN
        ctx["ranking"] = [
            *lines[:PDF_RANKING_SHOWN],
            f"… ({vn.fmt_number(left_out)} xã, phường, thị trấn ở giữa: xem cột “Hạng” của bảng trên) …",
            *lines[-PDF_RANKING_SHOWN:],
        ]
    return render_pdf("reports/rollup_pdf.html", ctx)


def _xlsx_rate(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 2)


TABLE_HEADER = [
    "STT",
    "Mã đơn vị",
    "Xã, phường, thị trấn",
    "Hồ sơ tiếp nhận",
    "Hồ sơ giải quyết quá hạn",
    "Tỷ lệ trước hạn và đúng hạn (%)",
    "Thư gửi công dân",
    "Buổi tiếp công dân",
    "Đơn thư đã giải quyết",
    "Tỷ lệ hài lòng (%)",
    "Điểm",
    "Xếp loại",
    "Công nhận mô hình",
    "Dưới ngưỡng",
]


RANKING_HEADER = ["Hạng", "Mã đơn vị", "Xã, phường, thị trấn", "Tỷ lệ đúng hạn (%)", "Tỷ lệ hài lòng (%)"]


def _table_row(stt: int | str, row: Mapping[str, Any]) -> list[Any]:
    return [
        stt,
        row["code"] or "",
        row["name"],
        row["dossiers_received"],
        row["dossiers_resolved_late"],
        _xlsx_rate(row["on_time_rate"]),
        row["letters"],
        row["receptions"],
        row["petitions_resolved"],
        _xlsx_rate(row["satisfaction_rate"]),
        row.get("score"),
        row.get("score_class") or "",
        row.get("recognition_label") or "",
        "Có" if row.get("below_threshold") else "",
    ]


def figure_rows(figures: Mapping[str, Mapping[str, Any]]) -> list[list[Any]]:
    """Every figure of the unit's own results: (subject, label, value; rates in %, key)."""
    rows: list[list[Any]] = []
    for name, result in figures.items():
        found = stats.subject(name)
        labels = dict(found.labels)
        for key, value in _flat(result):
            shown = _xlsx_rate(value) if key.endswith("rate") and value is not None else value
            rows.append([found.label, labels.get(key, key), shown, f"{name}.{key}"])
    return rows


def _flat(result: Mapping[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for key, value in result.items():
        if key in ("unit", "from", "to") and not prefix:
            continue
        if isinstance(value, Mapping):
            out += _flat(value, f"{prefix}{key}.")
        elif value is None or (isinstance(value, int | float) and not isinstance(value, bool)):
            out.append((f"{prefix}{key}", value))
    return out


def to_xlsx(result: Mapping[str, Any]) -> bytes:
    sections = result["sections"]
    table = [_table_row(i, row) for i, row in enumerate(sections["communes"], start=1)]
    table.append(_table_row("", sections["totals"]))
    ranking = [
        [i["rank"], i["code"], i["name"], _xlsx_rate(i["on_time_rate"]), _xlsx_rate(i["satisfaction_rate"])]
        for i in sections["ranking"]
    ]
    below = [[item["code"], item["name"], "; ".join(item["reasons"])] for item in sections["below_threshold"]]
    sheets: list[Sheet] = [
        ("Tổng hợp", TABLE_HEADER, table),
        ("Xếp hạng", RANKING_HEADER, ranking),
        ("Dưới ngưỡng", ["Mã đơn vị", "Xã, phường, thị trấn", "Lý do"], below),
        ("Tóm tắt", ["Nội dung"], [[sections["summary"]]]),
        ("Số liệu", ["Lĩnh vực", "Chỉ tiêu", "Số liệu (tỷ lệ: %)", "Mã chỉ tiêu"], figure_rows(result["figures"])),
    ]
    return write_xlsx(sheets)


def render_rollup(result: Mapping[str, Any], fmt: str) -> bytes:
    """The roll-up as a file: "docx", "pdf", "xlsx" or "json" (exactly `build_rollup`'s result)."""
    if fmt == "docx":
        return to_docx(result)
    if fmt == "pdf":
        return to_pdf(result)
    if fmt == "xlsx":
        return to_xlsx(result)
    if fmt == "json":
        return json.dumps(result, ensure_ascii=False, indent=2).encode()
    raise ValueError(f"Định dạng “{fmt}” không có; chọn một trong: {', '.join(FORMATS)}.")


def filename(result: Mapping[str, Any], fmt: str) -> str:
    start, end = period_of(result)
    return f"bao-cao-tong-hop-{result['unit']}-{start:%Y%m%d}-{end:%Y%m%d}.{fmt}"
