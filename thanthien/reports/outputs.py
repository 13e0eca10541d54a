"""The files of a commune's periodic report: DOCX (the shipped docxtpl form, or the commune's own), PDF in the
NĐ 30/2020 layout (the one official base, documents/official.html), XLSX annex (every figure, then each section's
records from the registry's listings) and JSON.

    data = render(unit, start, end, "pdf")                 # a live draft with no narratives
    data = render_report(report, "docx")                   # a saved report: its narratives, number, signer; an
                                                           # issued one prints the figures it was issued with
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.utils import timezone

from thanthien.documents.docx import render_docx
from thanthien.documents.pdf import render_pdf
from thanthien.documents.xlsx import Sheet, write_xlsx
from thanthien.lib import stats
from thanthien.lib.vn import long_date

from . import periodic
from .frozen import flat
from .models import Report, ReportStatus, ReportTemplate

FORM = Path(__file__).resolve().parent / "data" / "periodic_report.docx"
FORMATS = ("docx", "pdf", "xlsx", "json")
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
DRAFT_NUMBER = "……/BC-UBND"
MODEL_NAME = "“Chính quyền thân thiện, vì Nhân dân phục vụ”"


def default_title(unit: Any, start: dt.date, end: dt.date) -> str:
    return f"Kết quả thực hiện mô hình {MODEL_NAME} {periodic.period_title(start, end)}"


def default_recipients(unit: Any) -> list[str]:
    parent = getattr(unit, "parent", None)
    above = [f"UBND {parent.name}", f"Ban Chỉ đạo mô hình {parent.name}"] if parent else []
    return [*above, "Thường trực Đảng ủy, HĐND", "Ban Chỉ đạo mô hình", "Lưu: VT"]


def context(report: periodic.PeriodicReport, saved: Report | None = None) -> dict[str, Any]:
    """What every output prints around the sections: the NĐ 30 heading, title, signature block and recipients."""
    unit = report.unit
    parent = getattr(unit, "parent", None)
    issued = saved is not None and saved.status == ReportStatus.ISSUED
    day = saved.issued_on if issued and saved and saved.issued_on else timezone.localdate()
    recipients = [r.strip(" -;.") for r in (saved.recipients if saved else "").splitlines() if r.strip(" -;.")]
    title = (saved.title if saved else "") or default_title(unit, report.start, report.end)
    return {
        "issuer_parent": f"UBND {parent.name.upper()}" if parent else "",
        "issuer": f"UBND {unit.name.upper()}",
        "number": (saved.number if issued and saved else "") or DRAFT_NUMBER,
        "place": (saved.place if saved else "") or unit.short_name(),
        "date": day,
        "doc_type": "BÁO CÁO",
        "subject": title,
        "sections": report.sections,
        "sign_authority": "TM. ỦY BAN NHÂN DÂN",
        "sign_title": (saved.signer_title if saved else "") or "CHỦ TỊCH",
        "signer_name": saved.signer_name if saved else "",
        "recipients": recipients or default_recipients(unit),
        "draft": not issued,
    }


def docx_context(ctx: dict[str, Any]) -> dict[str, Any]:
    return {
        **ctx,
        "place_date": f"{ctx['place']}, {long_date(ctx['date'])}",
        "sections": [{"heading": s.heading, "lines": s.paragraphs()} for s in ctx["sections"]],
        "sign_authority": ctx["sign_authority"].upper(),
        "sign_title": ctx["sign_title"].upper(),
    }


def form_for(unit: Any) -> Any:
    """The commune's own Word form if it uploaded one, else the shipped form."""
    own = ReportTemplate.objects.filter(unit=unit).first()
    if own is not None and own.file:
        with own.file.open("rb") as handle:
            return handle.read()
    return FORM


def to_docx(report: periodic.PeriodicReport, saved: Report | None = None) -> bytes:
    return render_docx(form_for(report.unit), docx_context(context(report, saved)))


def trial_docx(unit: Any, form: bytes) -> bytes:
    """Fill an uploaded form with the unit's report of last year (the figures' part only: no narratives)."""
    year = timezone.localdate().year - 1
    report = periodic.build(unit, dt.date(year, 1, 1), dt.date(year, 12, 31))
    return render_docx(form, docx_context(context(report)))


def to_pdf(report: periodic.PeriodicReport, saved: Report | None = None) -> bytes:
    return render_pdf("reports/periodic_pdf.html", context(report, saved))


def figure_rows(report: periodic.PeriodicReport) -> list[list[Any]]:
    """Every figure of the report: the section's sentences first, then every other figure of each subject."""
    rows: list[list[Any]] = []
    seen: set[str] = set()
    for section in report.sections:
        for sentence in section.sentences:
            for fig in sentence.figures():
                if fig.name not in seen:
                    seen.add(fig.name)
                    rows.append([section.heading, _label(fig.subject, fig.key), _cell(fig.value, fig.kind), fig.name])
    for name in periodic.SUBJECTS:
        labels = dict(stats.subject(name).labels)
        for key, value in flat(report.figures[name]).items():
            dotted = f"{name}.{key}"
            if dotted not in seen:
                seen.add(dotted)
                kind = "rate" if key.endswith("rate") else "count"
                rows.append([stats.subject(name).label, labels.get(key, key), _cell(value, kind), dotted])
    return rows


def _label(subject: str, key: str) -> str:
    return dict(stats.subject(subject).labels).get(key, key)


def _cell(value: Any, kind: str) -> Any:
    if kind == "rate":
        return None if value is None else round(float(value) * 100, 2)
    return value


def to_xlsx(report: periodic.PeriodicReport) -> bytes:
    head = ["Mục", "Chỉ tiêu", "Số liệu (tỷ lệ: %)", "Mã chỉ tiêu"]
    sheets: list[Sheet] = [("Số liệu", head, figure_rows(report))]
    for name in periodic.SUBJECTS:
        for entry in stats.listings(name):
            headers, rows = entry.read(report.unit, report.start, report.end)
            sheets.append((entry.label, headers, rows))
    return write_xlsx(sheets)


def to_json(report: periodic.PeriodicReport) -> bytes:
    return json.dumps(report.json(), ensure_ascii=False, indent=2).encode()


def write(report: periodic.PeriodicReport, fmt: str, saved: Report | None = None) -> bytes:
    if fmt == "docx":
        return to_docx(report, saved)
    if fmt == "pdf":
        return to_pdf(report, saved)
    if fmt == "xlsx":
        return to_xlsx(report)
    if fmt == "json":
        return to_json(report)
    raise ValueError(f"Định dạng “{fmt}” không có; chọn một trong: {', '.join(FORMATS)}.")


def render(unit: Any, start: dt.date, end: dt.date, fmt: str) -> bytes:
    """A live report of `unit` for the period, with the narratives of its saved report of that very period (the
    latest version), none otherwise: another period's words would not describe these figures."""
    return write(periodic.build(unit, start, end, narratives_of(unit, start, end)), fmt)


def narratives_of(unit: Any, start: dt.date, end: dt.date) -> dict[str, str]:
    saved = (
        Report.objects.filter(unit=unit, kind="periodic", period_start=start, period_end=end)
        .order_by("-version", "-pk")
        .first()
    )
    return dict(saved.narratives) if saved else {}


def content_of(saved: Report) -> periodic.PeriodicReport:
    """A saved report's content: an issued one with its stored figures, a draft with today's."""
    stored = saved.figures if saved.status == ReportStatus.ISSUED and saved.figures else None
    return periodic.build(saved.unit, saved.period_start, saved.period_end, saved.narratives, figures=stored)


def render_report(saved: Report, fmt: str) -> bytes:
    return write(content_of(saved), fmt, saved)


def filename(unit: Any, start: dt.date, end: dt.date, fmt: str, number: str = "") -> str:
    stem = f"bao-cao-{unit.code}-{start:%Y%m%d}-{end:%Y%m%d}"
    if number:
        stem += "-so-" + number.replace("/", "-")
    return f"{stem}.{fmt}"
