# ruff: noqa: E501  (the lines of a register file are as long as they are)
"""Importing a commune's past reception register: one line per visit, lines of one day, receiver and kind are one
session, a line with people 0 and no citizen is a session where nobody came; every bad line with its number and
nothing written; the same file again changes nothing."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from openpyxl import Workbook

from tests.conftest import Personas
from thanthien.audit.models import AuditEntry
from thanthien.engagement.importing import RECEPTION_COLUMNS
from thanthien.engagement.reception import ReceptionSession, ReceptionVisit
from thanthien.lib.importing import get_importer, run

pytestmark = pytest.mark.django_db

HEADER = ",".join(c.name for c in RECEPTION_COLUMNS)
GOOD = f"""{HEADER}
1,2024-10-10,periodic,yes,Chủ tịch Lê Văn Hùng,Trần Văn Ba,Thôn 2,038090001234,1,Xin cấp sổ đỏ,recommendation,yes,guided,VP ĐKĐĐ
2,10/10/2024,Định kỳ,có,Chủ tịch Lê Văn Hùng,Nguyễn Thị Tư,Thôn 3,,6,Phản ánh ô nhiễm,phan anh,không,Trả lời,Đã giải thích
3,20/10/2024,thuong xuyen,khong,Phó Chủ tịch UBND Đỗ Văn Năm,,,,0,,,,,Không có công dân đến
4,21/10/2024,đột xuất,,Nguyễn Văn Sáu,Lê Thị Bảy,,,1,Khiếu nại thu hồi đất,Khiếu nại,,Tiếp nhận đơn,
"""


def write(tmp_path: Path, content: str, name: str = "so-tiep.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8"))
    return path


def importing(personas: Personas, path: Path, user: object = None, dry_run: bool = False):  # type: ignore[no-untyped-def]
    return run(get_importer("receptions"), user, personas.commune_a, path, dry_run=dry_run)


def test_a_register_is_imported_as_sessions_and_visits(personas: Personas, tmp_path: Path) -> None:
    report = importing(personas, write(tmp_path, GOOD), personas.reception_a)
    assert report.ok, [str(e) for e in report.errors]
    assert (report.total, report.created, report.updated, report.unchanged) == (4, 4, 0, 0)
    sessions = ReceptionSession.objects.filter(unit=personas.commune_a).order_by("held_on")
    assert sessions.count() == 3  # lines 1 and 2: one session (same day, receiver and kind)
    first = sessions[0]
    assert (first.held_on, first.kind, first.receiver, first.head_in_person) == (
        dt.date(2024, 10, 10),
        "periodic",
        "chairman",
        True,
    )
    assert first.visits.count() == 2 and not first.nobody_came
    group = first.visits.get(register_number="2")
    assert (group.people, group.subject_kind, group.first_time, group.outcome) == (6, "feedback", False, "answered")
    assert group.outcome_note == "Đã giải thích"
    empty = sessions[1]
    assert empty.nobody_came and empty.register_number == "3" and empty.receiver == "vice_chairman"
    assert not empty.head_in_person and empty.visits.count() == 0 and empty.note == "Không có công dân đến"
    last = ReceptionVisit.objects.get(register_number="4")
    assert last.outcome == "petition" and last.petition is None  # the petitions file brings the petition
    assert last.session.kind == "unscheduled" and last.session.receiver == "authorised"
    assert last.created_by == personas.reception_a
    entry = AuditEntry.objects.get(action="engagement.receptions_imported")
    assert entry.note == report.summary()
    assert "Trần Văn Ba" not in entry.note and "038090001234" not in str(entry.__dict__)


def test_importing_the_same_file_again_changes_nothing(personas: Personas, tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    importing(personas, path)
    before = list(ReceptionVisit.objects.order_by("pk").values())
    sessions = list(ReceptionSession.objects.order_by("pk").values())
    audit = AuditEntry.objects.count()
    report = importing(personas, path)
    assert report.ok and (report.created, report.updated, report.unchanged) == (0, 0, 4)
    assert list(ReceptionVisit.objects.order_by("pk").values()) == before
    assert list(ReceptionSession.objects.order_by("pk").values()) == sessions
    assert AuditEntry.objects.count() == audit


def test_a_corrected_line_updates_its_visit(personas: Personas, tmp_path: Path) -> None:
    importing(personas, write(tmp_path, GOOD))
    fixed = GOOD.replace("Xin cấp sổ đỏ", "Xin cấp giấy chứng nhận")
    report = importing(personas, write(tmp_path, fixed, "sua.csv"))
    assert report.ok and (report.created, report.updated, report.unchanged) == (0, 1, 3)
    assert ReceptionVisit.objects.get(register_number="1").content == "Xin cấp giấy chứng nhận"


BAD = f"""{HEADER}
1,2024-10-10,periodic,yes,Chủ tịch Lê Văn Hùng,Trần Văn Ba,,,1,Xin cấp sổ đỏ,recommendation,yes,guided,
2,31/02/2024,periodic,yes,Chủ tịch Lê Văn Hùng,Trần Văn Ba,,,1,Nội dung,recommendation,yes,guided,
3,2024-10-11,hàng tuần,yes,Chủ tịch Lê Văn Hùng,Trần Văn Ba,,,1,Nội dung,khiếu kiện,yes,guided,
4,2024-10-12,regular,yes,Chủ tịch Lê Văn Hùng,Trần Văn Ba,,12345,1,Nội dung,complaint,yes,answered,
1,2024-10-13,regular,yes,Chủ tịch Lê Văn Hùng,Trần Văn Ba,,,1,Nội dung,complaint,yes,answered,
6,2024-10-10,periodic,yes,Chủ tịch Lê Văn Hùng,,,,0,,,,,
7,2024-10-14,regular,yes,Chủ tịch Lê Văn Hùng,,,,1,Nội dung,complaint,yes,answered,
8,2099-01-01,regular,yes,Chủ tịch Lê Văn Hùng,Trần Văn Ba,,,1,Nội dung,complaint,yes,answered,
"""


def test_every_bad_line_is_reported_and_nothing_is_written(personas: Personas, tmp_path: Path) -> None:
    report = importing(personas, write(tmp_path, BAD))
    assert not report.ok
    by_line = {e.line: str(e) for e in report.errors}
    assert sorted(by_line) == [3, 4, 5, 6, 7, 8, 9]  # header is line 1: line 2 is the only good one
    assert "received_on" in by_line[3] and "31/02/2024" in by_line[3]
    assert "session_kind" in by_line[4] and "subject_kind" in by_line[4]
    assert "citizen_id_number" in by_line[5] and "12345" not in by_line[5]  # a CCCD is never echoed
    assert "trùng với dòng 2" in by_line[6]
    assert "không có công dân đến" in by_line[7] and "dòng 2" in by_line[7]
    assert "citizen_name" in by_line[8]
    assert "tương lai" in by_line[9]
    assert "Trần Văn Ba" not in " ".join(by_line.values())
    assert ReceptionSession.objects.count() == 0 and ReceptionVisit.objects.count() == 0


def test_a_dry_run_writes_nothing(personas: Personas, tmp_path: Path) -> None:
    report = importing(personas, write(tmp_path, GOOD), dry_run=True)
    assert report.ok and report.created == 4
    assert ReceptionSession.objects.count() == 0


def test_an_excel_file_with_date_cells_is_read(personas: Personas, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append([c.name for c in RECEPTION_COLUMNS])
    sheet.append(
        [
            1,
            dt.date(2024, 10, 10),
            "Định kỳ",
            "Có",
            "Chủ tịch UBND Lê Văn Hùng",
            "Trần Văn Ba",
            "",
            38090001234,
            1,
            "Xin cấp sổ đỏ",
            "Kiến nghị",
            "Có",
            "Hướng dẫn",
            "VP ĐKĐĐ",
        ]
    )
    sheet.append([2, 45575, "regular", "no", "Nguyễn Văn Sáu", "", "", "", 0, "", "", "", "", ""])  # Excel serial
    out = io.BytesIO()
    book.save(out)
    path = tmp_path / "so-tiep.xlsx"
    path.write_bytes(out.getvalue())
    report = importing(personas, path)
    assert report.ok, [str(e) for e in report.errors]
    visit = ReceptionVisit.objects.get()
    assert visit.citizen_id_number == "038090001234"  # the zero Excel dropped is restored
    assert ReceptionSession.objects.get(nobody_came=True).held_on == dt.date(2024, 10, 10)


def test_only_the_communes_reception_writers_import(personas: Personas, tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    for user in (personas.officer_a, personas.front_a, personas.officer_b, personas.supervisor):
        with pytest.raises(PermissionDenied):
            importing(personas, path, user)
    assert importing(personas, path, personas.leader_a).ok


def test_the_command_imports_the_kind(personas: Personas, tmp_path: Path) -> None:
    out = io.StringIO()
    call_command("import", "receptions", str(write(tmp_path, GOOD)), unit="X16012", stdout=out)
    assert ReceptionVisit.objects.count() == 3


def test_a_session_where_nobody_came_needs_no_line_number(personas: Personas, tmp_path: Path) -> None:
    content = f"""{HEADER}
,20/10/2024,thường xuyên,không,Phó Chủ tịch UBND Đỗ Văn Năm,,,,0,,,,,Không có công dân đến
,20/10/2024,thường xuyên,không,Phó Chủ tịch UBND Đỗ Văn Năm,,,,0,,,,,
,21/10/2024,đột xuất,,Nguyễn Văn Sáu,Lê Thị Bảy,,,1,Khiếu nại thu hồi đất,Khiếu nại,,Tiếp nhận đơn,
"""
    report = importing(personas, write(tmp_path, content))
    assert not report.ok
    problems = {e.line: str(e) for e in report.errors}
    assert set(problems) == {3, 4}, problems
    assert "buổi không có công dân đến trùng ngày, người tiếp và loại buổi với dòng 2" in problems[3]
    assert "thiếu số thứ tự trong sổ (register_number)" in problems[4]
    good = "\n".join(content.splitlines()[:2]) + "\n"
    first = importing(personas, write(tmp_path, good, "mot-dong.csv"))
    assert first.ok and first.created == 1
    again = importing(personas, write(tmp_path, good, "mot-dong.csv"))
    assert again.ok and (again.created, again.unchanged) == (0, 1)
    assert ReceptionSession.objects.get().nobody_came
