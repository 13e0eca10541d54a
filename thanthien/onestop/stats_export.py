"""The statistics page as files: XLSX (one sheet per table) and a PDF report in the official layout (NĐ 30/2020)."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils import timezone

from thanthien.documents.pdf import pdf_response, render_pdf
from thanthien.documents.xlsx import xlsx_response
from thanthien.lib import vn
from thanthien.org.models import Unit

PDF_TEMPLATE = "onestop/stats_pdf.html"


def _filename(unit: Unit, data: dict[str, Any], ext: str) -> str:
    return f"Thống kê hồ sơ {unit.name} {data['start']:%d-%m-%Y} đến {data['end']:%d-%m-%Y}.{ext}"


def _headers(data: dict[str, Any], key_header: str) -> list[str]:
    return [
        key_header,
        *(f"{group} – {own}" if group else own for _, group, own in data["columns"]),
        data["rate_header"],
    ]


def _rate(ratio: float | None) -> str:
    return vn.fmt_percent(ratio)


def stats_xlsx_response(unit: Unit, data: dict[str, Any]) -> HttpResponse:
    period = f"Từ ngày {vn.fmt_date(data['start'])} đến ngày {vn.fmt_date(data['end'])}"
    summary = [[("    " if sub else "") + label, value] for label, value, _url, sub in data["summary"]]
    summary.append([data["rate_header"], _rate(data["stats"]["on_time_rate"])])
    summary += [[], [f"{unit.name} ({unit.code})"], [period]]
    sheets: list[tuple[str, list[str], Any]] = [("Tổng hợp", ["Chỉ tiêu", "Số hồ sơ"], summary)]
    for table in data["tables"]:
        rows = [
            [row["label"], *(value for value, _ in row["cells"]), _rate(row["stats"]["on_time_rate"])]
            for row in table["rows"]
        ]
        rows.append(["Tổng cộng", *(value for value, _ in data["total_cells"]), _rate(data["stats"]["on_time_rate"])])
        sheets.append((table["title"].split(" (")[0], _headers(data, table["key_header"]), rows))
    return xlsx_response(_filename(unit, data, "xlsx"), sheets)


def _issuer(unit: Unit | None) -> str:
    return f"UBND {unit.name.upper()}" if unit is not None else ""


def stats_pdf_response(unit: Unit, data: dict[str, Any]) -> HttpResponse:
    context = {
        **data,
        "unit": unit,
        "issuer_parent": _issuer(unit.parent),
        "issuer": _issuer(unit),
        "number": "……/BC-UBND",
        "place": unit.short_name(),
        "date": timezone.localdate(),
        "doc_type": "BÁO CÁO",
        "subject": (
            "Kết quả tiếp nhận, giải quyết hồ sơ thủ tục hành chính "
            f"từ ngày {vn.fmt_date(data['start'])} đến ngày {vn.fmt_date(data['end'])}"
        ),
        "sign_authority": "TM. ỦY BAN NHÂN DÂN",
        "sign_title": "CHỦ TỊCH",
        "recipients": [*([f"UBND {unit.parent.name}"] if unit.parent else []), "Lưu: VT"],
        "headers": [own for _, _, own in data["columns"]],
    }
    return pdf_response(render_pdf(PDF_TEMPLATE, context), _filename(unit, data, "pdf"))
