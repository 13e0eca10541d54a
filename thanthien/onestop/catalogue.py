"""The procedure catalogue: shipped as data (data/procedures.csv, loaded by a migration) and updated
with `thanthien import-procedures FILE`."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied

from thanthien.lib.importing import Column, Importer, ImportReport, LineError, Writer, read_checked, run
from thanthien.lib.tabular import read_source, text
from thanthien.lib.vn import Lookup
from thanthien.org.scoping import is_system_admin

CATALOGUE = Path(__file__).resolve().parent / "data" / "procedures.csv"
COLUMNS = ["code", "name", "field", "processing_kind", "processing_amount"]
OPTIONAL = ["level", "fee", "legal_basis", "required_papers", "online_level", "active"]
KINDS = Lookup(
    {
        "days": ["days", "ngày", "ngày làm việc"],
        "hours": ["hours", "giờ", "giờ làm việc"],
        "same_day": ["same_day", "trong ngày", "trả trong ngày"],
    }
)


def parse_row(line: int, row: dict[str, Any], errors: list[LineError]) -> dict[str, Any] | None:
    problems = []
    code, name, field = text(row, "code"), text(row, "name"), text(row, "field")
    kind = KINDS.get(text(row, "processing_kind"))
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


COLUMN_SPECS = [
    Column("code", "Mã thủ tục", "Mã thủ tục trên Cơ sở dữ liệu quốc gia về thủ tục hành chính.", "1.004873", True),
    Column("name", "Tên thủ tục", "Tên thủ tục hành chính.", "Thủ tục đăng ký khai sinh", True),
    Column("field", "Lĩnh vực", "Lĩnh vực, ví dụ Hộ tịch.", "Hộ tịch", True),
    Column(
        "processing_kind",
        "Cách tính thời hạn",
        "days (ngày làm việc), hours (giờ làm việc) hoặc same_day.",
        "same_day",
        True,
    ),
    Column("processing_amount", "Thời hạn", "Số ngày hoặc giờ làm việc (0 với trả trong ngày).", "0", True),
    Column("level", "Cấp thực hiện", "Để trống: Cấp xã.", "Cấp xã"),
    Column("fee", "Lệ phí", "Lệ phí, phí (nếu có).", "Miễn lệ phí"),
    Column("legal_basis", "Căn cứ pháp lý", "Văn bản quy định.", "Luật Hộ tịch 2014"),
    Column("required_papers", "Thành phần hồ sơ", "Các giấy tờ, cách nhau bởi dấu |.", "Tờ khai|Giấy chứng sinh"),
    Column("online_level", "Mức độ trực tuyến", "Toàn trình, một phần… (có thể để trống).", "Toàn trình"),
    Column("active", "Đang áp dụng", "Để trống hoặc 1: đang áp dụng; 0, không: ngừng.", "1"),
]


@dataclass
class Plan:
    rows: list[dict[str, Any]]
    creates: int
    updates: int


class ProcedureImporter(Importer[dict[str, Any], None, Plan]):
    kind = "procedures"
    label = "Danh mục thủ tục hành chính"
    description = "Thêm hoặc cập nhật thủ tục (mã, tên, lĩnh vực, thời hạn); chỉ quản trị hệ thống."
    columns = tuple(COLUMN_SPECS)
    needs_unit = False
    audit_action = "onestop.procedures_imported"
    order = 20

    def authorize(self, actor: User | None, unit: Any) -> None:
        if actor is not None and not is_system_admin(actor):
            raise PermissionDenied("Chỉ quản trị hệ thống được cập nhật danh mục thủ tục.")

    def units_for(self, user: Any) -> list[Any] | None:
        return None if is_system_admin(user) else []

    def prepare(self, unit: Any, actor: Any) -> None:
        return None

    def parse(self, line: int, raw: dict[str, Any], ctx: None, problems: list[str]) -> dict[str, Any] | None:
        errors: list[LineError] = []
        row = parse_row(line, raw, errors)
        problems.extend(e.message.rstrip(".") for e in errors)
        return row

    def key(self, row: dict[str, Any]) -> str:
        return str(row["code"])

    def duplicate(self, key: str, first_line: int) -> str:
        return f"mã thủ tục {key} trùng với dòng {first_line}."

    def plan(self, ctx: None, rows: list[dict[str, Any]], errors: list[LineError], ticker: Any) -> Plan:
        from .models import Procedure

        existing = {p.code: p for p in Procedure.objects.filter(code__in=[r["code"] for r in rows])}
        creates = sum(1 for r in rows if r["code"] not in existing)
        updates = sum(
            1 for r in rows if r["code"] in existing and any(getattr(existing[r["code"]], k) != v for k, v in r.items())
        )
        return Plan(rows, creates, updates)

    def counts(self, plan: Plan) -> tuple[int, int]:
        return plan.creates, plan.updates

    def apply(self, ctx: None, plan: Plan, actor: User | None, writer: Writer) -> None:
        from .models import Procedure

        with writer.batch(len(plan.rows)):
            apply_rows(Procedure, plan.rows, ImportReport())


IMPORTER = ProcedureImporter()


def read_catalogue(
    source: str | Path | IO[bytes], filename: str | None = None
) -> tuple[list[dict[str, Any]], ImportReport]:
    report = ImportReport()
    raw, name = read_source(source, filename)
    rows = read_checked(IMPORTER, None, raw, name, report)
    return rows or [], report


def import_procedures(actor: User | None, source: str | Path | IO[bytes], filename: str | None = None) -> ImportReport:
    return run(IMPORTER, actor, None, source, filename)


def ensure_catalogue() -> int:
    """Load the shipped catalogue into an empty table (a flushed database loses what the migration loaded)."""
    from .models import Procedure

    if Procedure.objects.exists():
        return 0
    rows, report = read_catalogue(CATALOGUE)
    apply_rows(Procedure, rows, report)
    return report.created
