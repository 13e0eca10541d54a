"""The procedure catalogue: shipped as data (data/procedures.csv, loaded by a migration) and updated
with `thanthien import-procedures FILE`."""

from __future__ import annotations

import unicodedata
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction

from thanthien.audit.log import record
from thanthien.core.tabular import ImportReport, LineError, TabularError, read_rows, text
from thanthien.org.scoping import is_system_admin

CATALOGUE = Path(__file__).resolve().parent / "data" / "procedures.csv"
COLUMNS = ["code", "name", "field", "processing_kind", "processing_amount"]
OPTIONAL = ["level", "fee", "legal_basis", "required_papers", "online_level", "active"]
KINDS = {
    "days": "days",
    "ngày": "days",
    "ngày làm việc": "days",
    "hours": "hours",
    "giờ": "hours",
    "giờ làm việc": "hours",
    "same_day": "same_day",
    "trong ngày": "same_day",
    "trả trong ngày": "same_day",
}


def parse_row(line: int, row: dict[str, Any], errors: list[LineError]) -> dict[str, Any] | None:
    problems = []
    code, name, field = text(row, "code"), text(row, "name"), text(row, "field")
    kind = KINDS.get(unicodedata.normalize("NFC", text(row, "processing_kind")).lower())
    if not code:
        problems.append("thiếu mã thủ tục")
    if not name:
        problems.append("thiếu tên thủ tục")
    if not field:
        problems.append("thiếu lĩnh vực")
    if kind is None:
        problems.append(f"cách tính thời hạn “{text(row, 'processing_kind')}” không hợp lệ (days, hours hoặc same_day)")
    try:
        amount = Decimal(text(row, "processing_amount").replace(",", ".") or "0")
        if amount < 0 or amount > 1000:
            raise InvalidOperation
    except InvalidOperation:
        problems.append(f"thời hạn “{text(row, 'processing_amount')}” không phải là số hợp lệ")
        amount = Decimal(0)
    if kind in ("days", "hours") and amount == 0:
        problems.append("thủ tục tính theo ngày hoặc giờ cần thời hạn lớn hơn 0")
    if problems:
        errors.append(LineError(line, "; ".join(problems) + "."))
        return None
    values: dict[str, Any] = {
        "name": name,
        "field": field,
        "processing_kind": kind,
        "processing_amount": amount,
        "level": text(row, "level") or "Cấp xã",
        "fee": text(row, "fee"),
        "legal_basis": text(row, "legal_basis"),
        "required_papers": "\n".join(p.strip() for p in text(row, "required_papers").split("|") if p.strip()),
        "online_level": text(row, "online_level"),
        "active": text(row, "active").lower() not in {"0", "false", "không", "no"},
    }
    return {"code": code, **values}


def apply_rows(model: Any, rows: list[dict[str, Any]], report: ImportReport) -> list[Any]:
    existing = {p.code: p for p in model.objects.filter(code__in=[r["code"] for r in rows])}
    changed = []
    for row in rows:
        proc = existing.get(row["code"])
        if proc is None:
            changed.append(model.objects.create(**row))
            report.created += 1
            continue
        diff = {k: v for k, v in row.items() if getattr(proc, k) != v}
        if diff:
            for key, value in diff.items():
                setattr(proc, key, value)
            proc.save()
            changed.append(proc)
            report.updated += 1
        else:
            report.unchanged += 1
    return changed


def read_catalogue(
    source: str | Path | IO[bytes], filename: str | None = None
) -> tuple[list[dict[str, Any]], ImportReport]:
    report = ImportReport()
    rows: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    try:
        for line, raw in read_rows(source, COLUMNS, filename):
            report.total += 1
            parsed = parse_row(line, raw, report.errors)
            if parsed is None:
                continue
            if parsed["code"] in seen:
                report.errors.append(
                    LineError(line, f"mã thủ tục {parsed['code']} trùng với dòng {seen[parsed['code']]}.")
                )
                continue
            seen[parsed["code"]] = line
            rows.append(parsed)
    except TabularError as exc:
        report.errors.append(LineError(1, str(exc)))
    return rows, report


def import_procedures(actor: User | None, source: str | Path | IO[bytes], filename: str | None = None) -> ImportReport:
    if actor is not None and not is_system_admin(actor):
        raise PermissionDenied("Chỉ quản trị hệ thống được cập nhật danh mục thủ tục.")
    from .models import Procedure

    rows, report = read_catalogue(source, filename)
    if report.errors:
        return report
    with transaction.atomic():
        apply_rows(Procedure, rows, report)
        if report.created or report.updated:
            record(actor, "onestop.procedures_imported", note=report.summary())
    return report


def ensure_catalogue() -> int:
    """Load the shipped catalogue into an empty table (a flushed database loses what the migration loaded)."""
    from .models import Procedure

    if Procedure.objects.exists():
        return 0
    rows, report = read_catalogue(CATALOGUE)
    apply_rows(Procedure, rows, report)
    return report.created
