from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from thanthien.audit.models import AuditEntry
from thanthien.org.actions import import_units
from thanthien.org.models import Unit
from thanthien.org.queries import communes_under, current_successor, current_successors, units_under

pytestmark = pytest.mark.django_db

GOOD = """code,name,kind,parent_code,valid_from,valid_to,successor_code
38,Tỉnh Thanh Hóa,province,,,,
399,Huyện Hoằng Hóa,Huyện,38,,2025-06-30,
16012,Xã Hoằng Hợp,commune,399,,2025-06-30,16006
16015,Xã Hoằng Quý,Xã,399,,2025-06-30,16006
16006,Xã Hoằng Giang,commune,38,2025-07-01,,
"""


def write(tmp_path: Path, text: str, name: str = "units.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_import_builds_the_tree_with_successors(tmp_path: Path) -> None:
    report = import_units(None, write(tmp_path, GOOD))
    assert report.ok and report.created == 5
    hop = Unit.objects.get(code="16012")
    assert hop.parent.code == "399" and hop.kind == "commune" and hop.valid_to == dt.date(2025, 6, 30)
    assert current_successor(hop, dt.date(2026, 1, 1)).code == "16006"
    assert current_successor(hop, dt.date(2025, 1, 1)).code == "16012"
    ids = set(Unit.objects.values_list("pk", flat=True))
    for day in (dt.date(2025, 1, 1), dt.date(2026, 1, 1)):
        many = current_successors(ids, day)
        assert {pk: u.pk for pk, u in many.items()} == {u.pk: current_successor(u, day).pk for u in Unit.objects.all()}
    province = Unit.objects.get(code="38")
    assert set(units_under(province, dt.date(2024, 5, 1)).values_list("code", flat=True)) == {
        "399",
        "16012",
        "16015",
    }
    assert set(communes_under(province, dt.date(2025, 7, 1)).values_list("code", flat=True)) == {"16006"}


def test_reimport_is_a_no_op(tmp_path: Path) -> None:
    import_units(None, write(tmp_path, GOOD))
    audit_rows = AuditEntry.objects.count()
    report = import_units(None, write(tmp_path, GOOD))
    assert report.ok and report.created == 0 and report.updated == 0 and report.unchanged == 5
    assert AuditEntry.objects.count() == audit_rows


def test_changed_row_is_updated_and_audited(tmp_path: Path) -> None:
    import_units(None, write(tmp_path, GOOD))
    report = import_units(None, write(tmp_path, GOOD.replace("Xã Hoằng Quý", "Xã Hoằng Quỳ")))
    assert report.updated == 1 and report.unchanged == 4
    entry = AuditEntry.objects.filter(action="org.unit_updated").latest("pk")
    assert entry.changes == {"name": ["Xã Hoằng Quý", "Xã Hoằng Quỳ"]}


def test_every_bad_line_is_reported_and_nothing_is_applied(tmp_path: Path) -> None:
    bad = (
        "code,name,kind,parent_code,valid_from,valid_to,successor_code\n"
        "38,Tỉnh Thanh Hóa,province,,,,\n"
        "399,Huyện Hoằng Hóa,làng,38,,,\n"  # 3: unknown kind
        "16012,,commune,399,,30/06/2025,\n"  # 4: no name, bad date
        "16015,Xã Hoằng Quý,commune,999,,,\n"  # 5: unknown parent
        "16015,Xã Trùng,commune,38,2025-07-01,2025-01-01,\n"  # 6: duplicate code, dates reversed
    )
    report = import_units(None, write(tmp_path, bad))
    assert not report.ok
    lines = {e.line for e in report.errors}
    assert lines == {3, 4, 5, 6}
    messages = " ".join(str(e) for e in report.errors)
    assert "loại đơn vị “làng” không hợp lệ" in messages
    assert "không đúng dạng YYYY-MM-DD" in messages
    assert "không tìm thấy đơn vị cấp trên có mã 999" in messages
    assert "trùng với dòng 5" in messages
    assert Unit.objects.count() == 0


def test_missing_columns_are_reported(tmp_path: Path) -> None:
    report = import_units(None, write(tmp_path, "code,name\n1,A\n"))
    assert not report.ok and "Thiếu cột: kind" in str(report.errors[0])


def test_cycle_is_refused(tmp_path: Path) -> None:
    text = (
        "code,name,kind,parent_code,valid_from,valid_to,successor_code\n"
        "A,Tỉnh A,province,B,,,\n"
        "B,Tỉnh B,province,A,,,\n"
    )
    report = import_units(None, write(tmp_path, text))
    assert not report.ok and "vòng lặp" in str(report.errors[0])


def test_xlsx_with_vietnamese_labels_and_date_cells(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["code", "name", "kind", "parent_code", "valid_from", "valid_to", "successor_code"])
    sheet.append(["20", "Tỉnh Lạng Sơn", "Tỉnh", None, None, None, None])
    sheet.append(["178", "Thành phố Lạng Sơn", "Thành phố thuộc tỉnh", "20", None, dt.datetime(2025, 6, 30), None])
    sheet.append([5956, "Phường Vĩnh Trại", "Phường", "178", None, "2025-06-30", None])
    buffer = io.BytesIO()
    book.save(buffer)
    path = tmp_path / "units.xlsx"
    path.write_bytes(buffer.getvalue())
    report = import_units(None, path)
    assert report.ok, report.errors
    ward = Unit.objects.get(code="5956")
    assert ward.kind == "ward" and ward.parent.kind == "provincial_city"
    assert ward.path == f"{ward.parent.parent.path}{ward.parent.pk}/{ward.pk}/"


def test_command_line_reports_errors_and_exits_non_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(CommandError):
        call_command("import_units", str(write(tmp_path, GOOD.replace("province", "planet"))))
    assert "Dòng 2" in capsys.readouterr().err
    call_command("import_units", str(write(tmp_path, GOOD)))
    assert "thêm mới 5" in capsys.readouterr().out
