"""Importing dossiers from CSV/XLSX: every bad line reported with its number and nothing written, or the whole
file written at once; importing the same file again changes nothing."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import Workbook

from tests.conftest import Personas
from thanthien.audit.models import AuditEntry
from thanthien.documents.models import NumberCounter
from thanthien.onestop.actions import Applicant, receive_dossier
from thanthien.onestop.importing import COLUMNS, import_dossiers, parse_channel, parse_moment
from thanthien.onestop.models import Dossier, DossierEvent, Procedure, Status

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
HEADER = ",".join(COLUMNS)
GOOD = f"""{HEADER}
HS-001,1.004873,direct,2024-10-08 14:30,,,,,Nguyễn Văn An,001203004567,0912345678,Thôn 1
HS-002,1.004873,Trực tuyến toàn trình,2024-10-08T14:30:00+07:00,2024-10-11 14:30,2024-10-10 09:00,\
2024-10-10 10:00,10,Lê Thị Bình,,+84 912 345 679,
,1.004873,Bưu chính công ích,2024-10-09T02:00:00Z,,2024-10-10 16:00,,,Trần Văn Cường,123456789,,Thôn 3
"""


def vn(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=VN)  # type: ignore[misc]


def write(tmp_path: Path, content: str, name: str = "ho-so.csv", bom: bool = False) -> Path:
    path = tmp_path / name
    path.write_bytes(("\ufeff" if bom else "").encode() + content.encode("utf-8"))
    return path


def test_a_valid_csv_is_imported_with_codes_pins_events_and_one_audit_row(personas: Personas, tmp_path: Path) -> None:
    audit_before = AuditEntry.objects.count()
    report = import_dossiers(personas.officer_a, personas.commune_a, write(tmp_path, GOOD))
    assert report.ok, report.errors
    assert (report.total, report.created, report.updated, report.unchanged) == (3, 3, 0, 0)

    first = Dossier.objects.get(code="HS-001")
    assert first.unit == personas.commune_a and first.procedure.code == "1.004873"
    assert first.received_at == vn(2024, 10, 8, 14, 30) and first.status == Status.ACCEPTED
    assert first.due_at == vn(2024, 10, 11, 14, 30)  # 3 working days
    assert first.due_explanation and "Hạn trả kết quả" in first.due_explanation[-1]
    assert len(first.pin) == 4 and first.import_key is None
    assert first.applicant_id_number == "001203004567" and first.applicant_phone == "0912345678"

    second = Dossier.objects.get(code="HS-002")
    assert second.channel == "online_full" and second.status == Status.RETURNED
    assert second.applicant_phone == "0912345679"
    assert second.returned_at == vn(2024, 10, 10, 10, 0)

    generated = Dossier.objects.exclude(code__in=["HS-001", "HS-002"]).get()
    assert generated.code == "X16012-241009-0001"  # the unit's pattern, counted per receipt day
    assert generated.received_at == vn(2024, 10, 9, 9, 0) and generated.channel == "postal"
    assert generated.status == Status.RESOLVED and generated.import_key and len(generated.import_key) == 64
    assert generated.applicant_id_number == "123456789"  # an old 9-digit CMND

    events = DossierEvent.objects.filter(dossier__unit=personas.commune_a)
    assert events.count() == 3 and set(events.values_list("note", flat=True)) == {"Nhập từ tệp"}
    assert events.get(dossier=second).at == second.returned_at
    entries = AuditEntry.objects.filter(action="onestop.dossiers_imported")
    assert AuditEntry.objects.count() == audit_before + 1 and entries.count() == 1
    assert entries.get().note == report.summary() and entries.get().unit == personas.commune_a


def test_importing_the_same_file_again_changes_nothing(personas: Personas, tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    import_dossiers(None, personas.commune_a, path)
    rows, events, audit = Dossier.objects.count(), DossierEvent.objects.count(), AuditEntry.objects.count()
    counter = list(NumberCounter.objects.values_list("series", "value"))
    report = import_dossiers(None, personas.commune_a, path)
    assert report.ok and (report.created, report.updated, report.unchanged) == (0, 0, 3)
    assert (Dossier.objects.count(), DossierEvent.objects.count(), AuditEntry.objects.count()) == (rows, events, audit)
    assert list(NumberCounter.objects.values_list("series", "value")) == counter  # no code was spent


def test_a_changed_line_updates_its_dossier(personas: Personas, tmp_path: Path) -> None:
    import_dossiers(None, personas.commune_a, write(tmp_path, GOOD))
    changed = GOOD.replace(
        "HS-001,1.004873,direct,2024-10-08 14:30,,,,,", "HS-001,1.004873,direct,2024-10-08 14:30,,2024-10-10 08:00,,9,"
    ).replace("Thôn 3", "Thôn 4")
    report = import_dossiers(None, personas.commune_a, write(tmp_path, changed))
    assert report.ok and (report.created, report.updated, report.unchanged) == (0, 2, 1)
    first = Dossier.objects.get(code="HS-001")
    assert first.status == Status.RESOLVED and first.resolved_at == vn(2024, 10, 10, 8, 0)
    assert first.due_at == vn(2024, 10, 11, 14, 30)  # kept
    assert Dossier.objects.filter(applicant_address="Thôn 4").count() == 1


def test_a_new_receipt_moment_recomputes_the_due_date_and_a_new_status_sets_its_moments(
    personas: Personas, tmp_path: Path
) -> None:
    import_dossiers(None, personas.commune_a, write(tmp_path, GOOD))
    changed = GOOD.replace("HS-001,1.004873,direct,2024-10-08 14:30", "HS-001,1.004873,direct,2024-10-09 14:30")
    changed = changed.replace("2024-10-10 10:00,10,Lê Thị Bình", "2024-10-10 10:00,7,Lê Thị Bình")
    report = import_dossiers(None, personas.commune_a, write(tmp_path, changed))
    assert report.ok and (report.created, report.updated, report.unchanged) == (0, 2, 1)
    first = Dossier.objects.get(code="HS-001")
    assert first.due_at == vn(2024, 10, 14, 14, 30)
    assert "Bắt đầu tính từ 14:30 Thứ Tư 09/10/2024." in first.due_explanation
    withdrawn = Dossier.objects.get(code="HS-002")
    assert withdrawn.status == Status.WITHDRAWN and withdrawn.resolved_at is None
    assert withdrawn.ended_at == vn(2024, 10, 10, 9, 0)
    assert withdrawn.due_at == vn(2024, 10, 11, 14, 30)  # given in the file, unchanged


def test_every_bad_line_is_reported_with_its_number_and_nothing_is_applied(personas: Personas, tmp_path: Path) -> None:
    procedure = Procedure.objects.get(code="1.004873")
    other = receive_dossier(
        None, personas.commune_b, procedure, Applicant("Vũ Văn Khác"), received_at=vn(2024, 10, 1, 8, 0)
    )
    bad = f"""{HEADER}
OK-1,1.004873,direct,2024-10-08 14:30,,,,,Nguyễn Văn An,,,
B-3,1.004873,bằng bồ câu,2024-10-08 14:30,,,,,Nguyễn Văn An,,,
B-4,9.999999,direct,2024-10-08 14:30,,,,,Nguyễn Văn An,,,
B-5,1.004873,direct,08.10.2024 14h30,,,,,Nguyễn Văn An,,,
OK-1,1.004873,direct,2024-10-08 15:30,,,,,Nguyễn Văn Ba,,,
{other.code},1.004873,direct,2024-10-08 14:30,,,,,Nguyễn Văn An,,,
B-8,1.004873,direct,2024-10-08 14:30,,2024-10-07 14:30,,,Nguyễn Văn An,,,
B-9,1.004873,direct,2024-10-08 14:30,,,,10,Nguyễn Văn An,,,
B-10,1.004873,direct,2024-10-08 14:30,,2024-10-09 14:30,,2,Nguyễn Văn An,,,
B-11,1.004873,,2024-10-08 14:30,,,,,,0912,,
"""
    rows, events, audit, counters = (
        Dossier.objects.count(),
        DossierEvent.objects.count(),
        AuditEntry.objects.count(),
        NumberCounter.objects.count(),
    )
    report = import_dossiers(personas.officer_a, personas.commune_a, write(tmp_path, bad))
    assert not report.ok
    by_line = {e.line: e.message for e in report.errors}
    assert set(by_line) == {3, 4, 5, 6, 7, 8, 9, 10, 11}
    assert "kênh tiếp nhận “bằng bồ câu” không hợp lệ" in by_line[3]
    assert "không tìm thấy thủ tục mã 9.999999" in by_line[4]
    assert "thời điểm tiếp nhận (received_at) “08.10.2024 14h30” không đúng định dạng" in by_line[5]
    assert "mã hồ sơ OK-1 trùng với dòng 2" in by_line[6]
    assert f"mã hồ sơ {other.code} đã được dùng cho hồ sơ của đơn vị khác" in by_line[7]
    assert "thời điểm có kết quả (resolved_at) trước thời điểm tiếp nhận" in by_line[8]
    assert "trạng thái 10 – Đã trả kết quả cần thời điểm có kết quả" in by_line[9]
    assert "trạng thái 2 – Được tiếp nhận (chưa có kết quả) nhưng có thời điểm có kết quả" in by_line[10]
    assert "thiếu kênh tiếp nhận" in by_line[11] and "thiếu họ và tên người nộp" in by_line[11]
    assert "số CCCD/CMND không hợp lệ" in by_line[11]
    assert str(report.errors[0]).startswith("Dòng 3: ")
    assert report.summary().startswith("Không nhập được: 9 dòng có lỗi")
    after = (
        Dossier.objects.count(),
        DossierEvent.objects.count(),
        AuditEntry.objects.count(),
        NumberCounter.objects.count(),
    )
    assert after == (rows, events, audit, counters)


def test_the_other_commune_cannot_import_here_and_only_communes_hold_dossiers(
    personas: Personas, tmp_path: Path
) -> None:
    path = write(tmp_path, GOOD)
    with pytest.raises(PermissionDenied):
        import_dossiers(personas.officer_b, personas.commune_a, path)
    with pytest.raises(PermissionDenied):
        import_dossiers(personas.leader_a, personas.commune_a, path)
    with pytest.raises(ValidationError, match="không phải đơn vị cấp xã"):
        import_dossiers(None, personas.district, path)
    assert not Dossier.objects.exists()


def test_an_xlsx_file_with_numeric_ids_and_spreadsheet_datetimes(personas: Personas, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append([*COLUMNS, "ghi chú"])  # an extra column is ignored
    sheet.append(
        ["X-1", "1.004873", "Trực tuyến mức độ 3", dt.datetime(2024, 10, 8, 14, 30), None, None, None, 2.0,
         "Phạm Thị Dung", 1203004567, 912345678, "Thôn 5", "bỏ qua"]
    )  # fmt: skip
    sheet.append(
        ["X-2", "1.004873", "mức độ 4", dt.datetime(2024, 10, 8, 15, 0), dt.datetime(2024, 10, 15, 17, 0),
         dt.datetime(2024, 10, 9, 9, 0), dt.datetime(2024, 10, 9, 10, 0), 10.0, "Hoàng Văn Em", "", "", "", ""]
    )  # fmt: skip
    path = tmp_path / "ho-so.xlsx"
    book.save(path)
    report = import_dossiers(None, personas.commune_a, path)
    assert report.ok, report.errors
    first, second = Dossier.objects.get(code="X-1"), Dossier.objects.get(code="X-2")
    assert first.applicant_id_number == "001203004567"  # Excel had dropped the leading zeros
    assert first.applicant_phone == "0912345678"
    assert first.channel == "online_partial" and first.received_at == vn(2024, 10, 8, 14, 30)
    assert second.channel == "online_full" and second.status == Status.RETURNED
    assert second.due_at == vn(2024, 10, 15, 17, 0) and second.resolved_at == vn(2024, 10, 9, 9, 0)
    again = import_dossiers(None, personas.commune_a, path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_semicolon_csv_with_bom_and_real_export_spellings(personas: Personas, tmp_path: Path) -> None:
    content = (
        HEADER.replace(",", ";") + ";Ghi chú\n"
        "S-1;1.004873;TRỰC TIẾP;08/10/2024 14:30;;;;;Ngô Thị Giang;;;Xóm 2, thôn 3;x\n"
        "S-2;1.004873;Dịch vụ bưu chính công ích;14:30 08/10/2024;;;;;Đinh Văn Hải;;;;\n"
        "S-3;1.004873;truc tuyen mot phan;2024-10-08 14:30;;;;;Lý Thị Yến;;;;\n"
        "S-4;1.004873;Qua bưu chính;2024-10-08 14:30;;;;;Tạ Văn Ích;;;;\n"
    )
    report = import_dossiers(None, personas.commune_a, write(tmp_path, content, bom=True))
    assert report.ok, report.errors
    assert dict(Dossier.objects.values_list("code", "channel")) == {
        "S-1": "direct",
        "S-2": "postal",
        "S-3": "online_partial",
        "S-4": "postal",
    }
    assert Dossier.objects.get(code="S-1").applicant_address == "Xóm 2, thôn 3"
    assert {d.received_at for d in Dossier.objects.all()} == {vn(2024, 10, 8, 14, 30)}


def test_rows_without_code_are_matched_again_by_their_content(personas: Personas, tmp_path: Path) -> None:
    content = f"""{HEADER}
,1.004873,direct,2024-10-08 14:30,,,,,Nguyễn Văn An,001203004567,,
,1.004873,direct,2024-10-08 14:30,,,,,Nguyễn Văn Bảo,,,
,1.004873,direct,2024-10-09 08:00,,,,,Nguyễn Văn An,001203004567,,
"""
    path = write(tmp_path, content)
    first = import_dossiers(None, personas.commune_a, path)
    assert first.created == 3
    assert sorted(Dossier.objects.values_list("code", flat=True)) == [
        "X16012-241008-0001",
        "X16012-241008-0002",
        "X16012-241009-0001",
    ]
    # The same content written differently (UTC, another delimiter) is still the same dossier.
    other = content.replace("2024-10-08 14:30", "2024-10-08T07:30:00Z")
    again = import_dossiers(None, personas.commune_a, write(tmp_path, other, "lan-2.csv"))
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    resolved = content.replace(",,,,,Nguyễn Văn Bảo", ",,2024-10-09 10:00,,,Nguyễn Văn Bảo")
    third = import_dossiers(None, personas.commune_a, write(tmp_path, resolved, "lan-3.csv"))
    assert (third.created, third.updated, third.unchanged) == (0, 1, 2)
    assert Dossier.objects.get(applicant_name="Nguyễn Văn Bảo").status == Status.RESOLVED


def test_a_dossier_named_twice_in_a_file_is_refused(personas: Personas, tmp_path: Path) -> None:
    line = "1.004873,direct,2024-10-08 14:30,,,,,Nguyễn Văn An,,,\n"
    import_dossiers(None, personas.commune_a, write(tmp_path, f"{HEADER}\n,{line}"))
    code = Dossier.objects.get().code
    report = import_dossiers(None, personas.commune_a, write(tmp_path, f"{HEADER}\n{code},{line},{line}", "2.csv"))
    assert [(e.line, e.message) for e in report.errors] == [(3, f"dòng này và dòng 2 cùng là hồ sơ {code}.")]


def test_identical_lines_without_code_are_refused(personas: Personas, tmp_path: Path) -> None:
    line = ",1.004873,direct,2024-10-08 14:30,,,,,Nguyễn Văn An,,,\n"
    report = import_dossiers(None, personas.commune_a, write(tmp_path, HEADER + "\n" + line + line))
    assert [(e.line, "trùng với dòng 2" in e.message) for e in report.errors] == [(3, True)]
    assert not Dossier.objects.exists()


def test_generated_codes_skip_numbers_already_used_by_hand(personas: Personas, tmp_path: Path) -> None:
    content = f"""{HEADER}
X16012-241008-0002,1.004873,direct,2024-10-08 09:00,,,,,Nguyễn Văn An,,,
,1.004873,direct,2024-10-08 10:00,,,,,Nguyễn Văn Bảo,,,
,1.004873,direct,2024-10-08 11:00,,,,,Nguyễn Văn Chung,,,
"""
    report = import_dossiers(None, personas.commune_a, write(tmp_path, content))
    assert report.ok and report.created == 3
    assert sorted(Dossier.objects.values_list("code", flat=True)) == [
        "X16012-241008-0001",
        "X16012-241008-0002",
        "X16012-241008-0003",
    ]


def test_empty_due_is_computed_over_tet(personas: Personas, tmp_path: Path) -> None:
    # Tết Giáp Thìn: 08–14/02/2024 off. 3 working days from Wed 07/02 10:00 end on Mon 19/02 10:00.
    content = f"{HEADER}\nT-1,1.004873,direct,2024-02-07 10:00,,,,,Nguyễn Văn An,,,\n"
    assert import_dossiers(None, personas.commune_a, write(tmp_path, content)).ok
    dossier = Dossier.objects.get(code="T-1")
    assert dossier.due_at == dt.datetime.fromisoformat("2024-02-19T10:00:00+07:00")
    assert any("Không tính" in line for line in dossier.due_explanation)


def test_status_is_derived_and_end_moments_are_set(personas: Personas, tmp_path: Path) -> None:
    content = f"""{HEADER}
D-1,1.004873,direct,2024-10-08 08:00,,,,,Người Một,,,
D-2,1.004873,direct,2024-10-08 08:00,,2024-10-09 08:00,,,Người Hai,,,
D-3,1.004873,direct,2024-10-08 08:00,,2024-10-09 08:00,2024-10-09 09:00,,Người Ba,,,
D-4,1.004873,direct,2024-10-08 08:00,,2024-10-08 09:00,,3,Người Bốn,,,
D-5,1.004873,direct,2024-10-08 08:00,,,,7,Người Năm,,,
D-6,1.004873,direct,2024-10-08 08:00,,,,5,Người Sáu,,,
D-7,1.004873,direct,2024-10-08 08:00,,,,Đang xử lý,Người Bảy,,,
"""
    assert import_dossiers(None, personas.commune_a, write(tmp_path, content)).ok
    d = {x.code: x for x in Dossier.objects.all()}
    assert [d[f"D-{i}"].status for i in range(1, 8)] == [2, 9, 10, 3, 7, 5, 4]
    assert d["D-4"].resolved_at is None and d["D-4"].ended_at == vn(2024, 10, 8, 9, 0)
    assert d["D-5"].resolved_at is None and d["D-5"].ended_at == vn(2024, 10, 8, 8, 0)
    assert d["D-6"].supplement_requested_at == vn(2024, 10, 8, 8, 0)
    assert d["D-3"].resolved_at == vn(2024, 10, 9, 8, 0) and d["D-3"].returned_at == vn(2024, 10, 9, 9, 0)


def test_progress_is_reported_up_to_the_total(personas: Personas, tmp_path: Path) -> None:
    lines = [HEADER] + [f"P-{i},1.004873,direct,2024-10-08 08:{i % 60:02d},,,,,Người {i},,," for i in range(1200)]
    calls: list[tuple[int, int]] = []
    report = import_dossiers(
        None, personas.commune_a, write(tmp_path, "\n".join(lines)), progress=lambda d, t: calls.append((d, t))
    )
    assert report.ok and report.created == 1200
    assert len(calls) >= 4 and calls[-1][0] == calls[-1][1]
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)


def test_a_file_without_the_columns_is_refused_on_line_1(personas: Personas, tmp_path: Path) -> None:
    report = import_dossiers(None, personas.commune_a, write(tmp_path, "ma,ten\n1,2\n"))
    assert [e.line for e in report.errors] == [1] and "Thiếu cột" in report.errors[0].message


@pytest.mark.parametrize(
    ("text", "channel"),
    [
        ("Trực tiếp", "direct"),
        ("trực  tiếp", "direct"),
        ("Bưu chính công ích", "postal"),
        ("Dịch vụ bưu chính công ích", "postal"),
        ("Qua bưu chính", "postal"),
        ("Trực tuyến một phần", "online_partial"),
        ("Trực tuyến mức độ 3", "online_partial"),
        ("Dịch vụ công trực tuyến mức độ 4", "online_full"),
        ("ONLINE_FULL", "online_full"),
        ("Trực tuyến", None),
    ],
)
def test_channel_spellings(text: str, channel: str | None) -> None:
    assert parse_channel(text) == channel


@pytest.mark.parametrize(
    ("text", "moment"),
    [
        ("2024-10-08 14:30", vn(2024, 10, 8, 14, 30)),
        ("2024-10-08T14:30:00+07:00", vn(2024, 10, 8, 14, 30)),
        ("2024-10-08T07:30:00Z", vn(2024, 10, 8, 14, 30)),
        ("2024-10-08T14:30:00.123456+07:00", vn(2024, 10, 8, 14, 30, 0, 123456)),
        ("08/10/2024 14:30", vn(2024, 10, 8, 14, 30)),
        ("8/10/2024 14:30:15", vn(2024, 10, 8, 14, 30, 15)),
        ("14:30 08/10/2024", vn(2024, 10, 8, 14, 30)),
    ],
)
def test_moment_formats(text: str, moment: dt.datetime) -> None:
    assert parse_moment(text) == moment


@pytest.mark.parametrize("text", ["2024-10-08", "08/10/2024", "2024/10/08 14:30", "32/10/2024 14:30", "hôm qua"])
def test_malformed_moments(text: str) -> None:
    with pytest.raises(ValueError):
        parse_moment(text)


# --- command line ------------------------------------------------------------------------------------------------


def test_the_command_imports_and_prints_the_summary(personas: Personas, tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_dossiers", str(write(tmp_path, GOOD)), unit="X16012", stdout=out, stderr=err)
    assert "thêm mới 3" in out.getvalue() and Dossier.objects.count() == 3


def test_the_command_prints_each_bad_line_and_fails(personas: Personas, tmp_path: Path) -> None:
    bad = f"{HEADER}\nA,1.004873,direct,hôm qua,,,,,An,,,\nB,9.9,direct,2024-10-08 14:30,,,,,Bình,,,\n"
    err = io.StringIO()
    with pytest.raises(CommandError, match="2 dòng có lỗi"):
        call_command("import_dossiers", str(write(tmp_path, bad)), unit="X16012", stderr=err)
    lines = err.getvalue().splitlines()
    assert lines[0].startswith("Dòng 2: thời điểm tiếp nhận") and lines[1].startswith("Dòng 3: không tìm thấy thủ tục")
    assert not Dossier.objects.exists()


def test_the_command_refuses_an_unknown_or_non_commune_unit(personas: Personas, tmp_path: Path) -> None:
    path = str(write(tmp_path, GOOD))
    with pytest.raises(CommandError, match="Không tìm thấy đơn vị có mã X99999"):
        call_command("import_dossiers", path, unit="X99999")
    with pytest.raises(CommandError, match="không phải đơn vị cấp xã"):
        call_command("import_dossiers", path, unit="H399")
    with pytest.raises(CommandError, match="Không tìm thấy tệp"):
        call_command("import_dossiers", str(tmp_path / "khong-co.csv"), unit="X16012")


# --- the page ----------------------------------------------------------------------------------------------------


def test_the_desk_uploads_a_file_and_sees_the_report(personas: Personas) -> None:
    client = personas.client(personas.officer_a)
    page = client.get(reverse("onestop:import"))
    assert page.status_code == 200 and "Nhập hồ sơ từ tệp" in page.content.decode()
    upload = io.BytesIO(GOOD.encode())
    upload.name = "ho-so.csv"
    response = client.post(reverse("onestop:import"), {"unit": "X16012", "file": upload})
    html = response.content.decode()
    assert response.status_code == 200 and 'id="import-area"' in html
    assert "thêm mới 3" in html and Dossier.objects.filter(unit=personas.commune_a).count() == 3


def test_the_page_lists_bad_lines(personas: Personas) -> None:
    upload = io.BytesIO(f"{HEADER}\nA,1.004873,,2024-10-08 14:30,,,,,An,,,\n".encode())
    upload.name = "ho-so.csv"
    html = personas.client(personas.officer_a).post(reverse("onestop:import"), {"file": upload}).content.decode()
    assert "Không nhập được" in html and "thiếu kênh tiếp nhận" in html and '<th scope="row">Dòng 2</th>' in html
    assert not Dossier.objects.exists()


def test_the_page_refuses_other_files_and_other_communes(personas: Personas) -> None:
    client = personas.client(personas.officer_a)
    text = io.BytesIO(b"hello")
    text.name = "ho-so.txt"
    html = client.post(reverse("onestop:import"), {"file": text}).content.decode()
    assert "Chỉ nhận tệp .csv hoặc .xlsx." in html
    upload = io.BytesIO(GOOD.encode())
    upload.name = "ho-so.csv"
    client.post(reverse("onestop:import"), {"unit": "X16015", "file": upload})
    assert not Dossier.objects.exists()
    assert personas.client(personas.leader_a).get(reverse("onestop:import")).status_code == 403
    assert personas.client(personas.supervisor).get(reverse("onestop:import")).status_code == 403
    assert personas.client(None).get(reverse("onestop:import")).status_code == 302


def test_the_blank_template_has_the_header_row(personas: Personas) -> None:
    response = personas.client(personas.officer_a).get(reverse("onestop:import_template"))
    assert response.status_code == 200
    assert response.content.decode("utf-8-sig").strip() == HEADER


# --- PostgreSQL ----------------------------------------------------------------------------------------------------


@pytest.mark.postgres
def test_a_large_file_is_written_in_a_few_batched_statements(
    personas: Personas, tmp_path: Path, django_assert_max_num_queries: object
) -> None:
    lines = [HEADER] + [
        f",1.004873,direct,2024-10-{1 + i % 28:02d} 08:{i % 60:02d},,,,,Người {i},,," for i in range(3000)
    ]
    path = write(tmp_path, "\n".join(lines))
    with django_assert_max_num_queries(60):  # type: ignore[operator]
        report = import_dossiers(None, personas.commune_a, path)
    assert report.ok and report.created == 3000
    assert DossierEvent.objects.filter(dossier__unit=personas.commune_a).count() == 3000


# --- browser -------------------------------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_upload_with_progress_in_a_real_browser(personas: Personas, live_server: object, browser_page: object) -> None:
    from tests.conftest import ARTIFACTS, login

    page: Any = browser_page
    url = live_server.url  # type: ignore[attr-defined]
    sent_by_script: list[bool] = []
    page.on(
        "request",
        lambda r: (
            sent_by_script.append(r.headers.get("x-requested-with") == "XMLHttpRequest")
            if r.method == "POST" and "nhap-ho-so" in r.url
            else None
        ),
    )
    login(page, url, "officer_a")
    page.goto(url + reverse("onestop:import"))
    bad = f"{HEADER}\nA,1.004873,,2024-10-08 14:30,,,,,An,,,\n".encode()
    page.get_by_label("Tệp hồ sơ (.csv hoặc .xlsx)").set_input_files(
        {"name": "ho-so.csv", "mimeType": "text/csv", "buffer": bad}
    )
    page.get_by_role("button", name="Kiểm tra và nhập").click()
    assert "Không nhập được" in page.get_by_test_id("import-summary").inner_text()
    assert "thiếu kênh tiếp nhận" in page.get_by_test_id("import-errors").inner_text()
    # The report replaced the form; the new form uploads again through the script.
    page.get_by_label("Tệp hồ sơ (.csv hoặc .xlsx)").set_input_files(
        {"name": "ho-so.csv", "mimeType": "text/csv", "buffer": GOOD.encode()}
    )
    page.get_by_role("button", name="Kiểm tra và nhập").click()
    page.get_by_text("thêm mới 3").wait_for()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "import.png"), full_page=True)
    assert sent_by_script == [True, True]
    assert Dossier.objects.filter(unit=personas.commune_a).count() == 3


def test_an_older_export_does_not_reopen_a_finished_dossier(personas: Personas, tmp_path: Path) -> None:
    assert import_dossiers(personas.officer_a, personas.commune_a, write(tmp_path, GOOD)).ok
    older = f"""{HEADER}
HS-002,1.004873,Trực tuyến toàn trình,2024-10-08T14:30:00+07:00,2024-10-11 14:30,,,2,Lê Thị Bình,,+84 912 345 679,
"""
    report = import_dossiers(personas.officer_a, personas.commune_a, write(tmp_path, older, name="cu.csv"))
    assert not report.ok and report.errors[0].line == 2
    assert "có thể là bản xuất cũ" in str(report.errors[0])
    assert Dossier.objects.get(code="HS-002").status == Status.RETURNED


@pytest.mark.parametrize("code", ["99/HS-LVT", "HS?1", "HS#1", "HS%2F1", "HS 1", "..", "."])
def test_a_code_that_cannot_be_an_address_is_refused_with_its_line_and_column(
    personas: Personas, tmp_path: Path, code: str
) -> None:
    content = f"{HEADER}\n{code},1.004873,direct,2024-10-08 14:30,,,,,Nguyễn Văn An,,,\n"
    report = import_dossiers(personas.officer_a, personas.commune_a, write(tmp_path, content))
    assert not report.ok and not Dossier.objects.exists()
    [error] = report.errors
    assert error.line == 2 and "cột code" in error.message and "không hợp lệ" in error.message
    assert "để trống ô này để hệ thống cấp mã" in error.message
