"""Importing a commune's civil registry from CSV/XLSX: every bad line reported with its number and nothing
written, or the whole file written at once; importing the same file again changes nothing."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from openpyxl import Workbook

from tests.civil.factories import make_event
from tests.conftest import Personas
from thanthien.audit.models import AuditEntry
from thanthien.civil.importing import COLUMNS, import_civil_events, parse_date, parse_kind, parse_phone
from thanthien.civil.models import CivilEvent

pytestmark = pytest.mark.django_db

HEADER = ",".join(COLUMNS)
GOOD = f"""{HEADER}
birth,15,2024-10-08,2024-09-30,Nguyễn Gia Huy,,Nguyễn Văn An,"Thôn 1, Xã Hoằng Hợp",0912345678,
Kết hôn,7,09/10/2024,09/10/2024,Lê Văn Nam,Trần Thị Hoa,Lê Văn Nam và Trần Thị Hoa,Thôn 2,,2024-10-15
KHAI TỬ,,2024-10-10,2024-10-09,Phạm Văn Lộc,,Phạm Thị Lan,Thôn 3,+84 987 654 321,
"""


def write(tmp_path: Path, content: str, name: str = "ho-tich.csv", bom: bool = False) -> Path:
    path = tmp_path / name
    path.write_bytes(("\ufeff" if bom else "").encode() + content.encode("utf-8"))
    return path


def test_a_valid_csv_is_imported(personas: Personas, tmp_path: Path) -> None:
    report = import_civil_events(personas.registrar_a, personas.commune_a, write(tmp_path, GOOD))
    assert report.ok, report.errors
    assert (report.total, report.created, report.updated, report.unchanged) == (3, 3, 0, 0)
    birth = CivilEvent.objects.get(kind="birth")
    assert birth.unit == personas.commune_a and birth.register_number == "15"
    assert birth.registered_on == dt.date(2024, 10, 8) and birth.event_date == dt.date(2024, 9, 30)
    assert birth.contact_address == "Thôn 1, Xã Hoằng Hợp" and birth.created_by == personas.registrar_a
    marriage = CivilEvent.objects.get(kind="marriage")
    assert marriage.registered_on == dt.date(2024, 10, 9) and marriage.partner_name == "Trần Thị Hoa"
    assert marriage.letter_sent_on == dt.date(2024, 10, 15)  # the letter was already delivered that day
    death = CivilEvent.objects.get(kind="death")
    assert death.register_number == "" and death.contact_phone == "0987654321"
    entries = AuditEntry.objects.filter(action="civil.events_imported")
    assert entries.count() == 1 and entries.get().note == report.summary()


def test_importing_the_same_file_again_changes_nothing(personas: Personas, tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    import_civil_events(personas.registrar_a, personas.commune_a, path)
    before = list(CivilEvent.objects.order_by("pk").values())
    audit = AuditEntry.objects.count()
    report = import_civil_events(personas.registrar_a, personas.commune_a, path)
    assert report.ok and (report.created, report.updated, report.unchanged) == (0, 0, 3)
    assert list(CivilEvent.objects.order_by("pk").values()) == before
    assert AuditEntry.objects.count() == audit  # nothing happened, nothing to log


def test_a_corrected_file_updates_and_an_empty_cell_erases_nothing(personas: Personas, tmp_path: Path) -> None:
    import_civil_events(None, personas.commune_a, write(tmp_path, GOOD))
    fixed = GOOD.replace("0912345678,", "0912000111,").replace("Thôn 3,+84 987 654 321", "Thôn 3,")
    report = import_civil_events(None, personas.commune_a, write(tmp_path, fixed, "sua.csv"))
    assert report.ok and (report.created, report.updated, report.unchanged) == (0, 1, 2)
    assert CivilEvent.objects.get(kind="birth").contact_phone == "0912000111"
    assert CivilEvent.objects.get(kind="death").contact_phone == "0987654321"


def test_a_line_with_a_number_completes_the_event_typed_without_it(personas: Personas, tmp_path: Path) -> None:
    typed = make_event(personas.commune_a, person_name="Nguyễn Gia Huy", contact_name="Nguyễn Văn An")
    report = import_civil_events(None, personas.commune_a, write(tmp_path, GOOD))
    assert report.ok and report.created == 2 and report.updated == 1
    typed.refresh_from_db()
    assert typed.register_number == "15" and CivilEvent.objects.count() == 3


def test_the_traps_of_real_exports_are_tolerated(personas: Personas, tmp_path: Path) -> None:
    content = (
        "Kind ; register_number;registered_on ;event_date;person_name;partner_name;contact_name;contact_address;"
        "contact_phone;letter_sent_on\r\n"
        "  birth  ; 21 ;2024-10-08 ; 30/9/2024 ;  Lò   Văn Pọm  ;; Lò Văn Ún ; Bản Nà Ngần, xã Trung Hạ "
        "; 912345678 ;\r\n"
        "\r\n"
        ";;;;;;;;;\r\n"
        "khai sinh;22;08/10/2024;01/10/2024;Cầm Thị Én;;Cầm Văn Piệng;Bản Hạ;0912.345.679;\r\n"
    )
    report = import_civil_events(None, personas.commune_a, write(tmp_path, content, bom=True))
    assert report.ok, report.errors
    assert report.created == 2
    first = CivilEvent.objects.get(register_number="21")
    assert first.person_name == "Lò Văn Pọm" and first.contact_name == "Lò Văn Ún"
    assert first.event_date == dt.date(2024, 9, 30) and first.contact_phone == "0912345678"
    assert first.contact_address == "Bản Nà Ngần, xã Trung Hạ"
    assert CivilEvent.objects.get(register_number="22").contact_phone == "0912345679"


def test_every_bad_line_is_reported_and_nothing_is_written(personas: Personas, tmp_path: Path) -> None:
    future = timezone.localdate() + dt.timedelta(days=5)
    content = f"""{HEADER}
birth,15,2024-10-08,2024-09-30,Nguyễn Gia Huy,,Nguyễn Văn An,Thôn 1,0912345678,
birth,16,{future:%Y-%m-%d},,Nguyễn Bảo Ngọc,,Nguyễn Văn Bình,Thôn 1,,
marriage,7,2024-10-09,2024-10-09,Lê Văn Nam,,Lê Văn Nam,Thôn 2,,

birth,15,2024-10-08,2024-09-30,Nguyễn Gia Huy,,Nguyễn Văn An,Thôn 1,0912345678,
adoption,1,2024-10-08,,A,,B,,,
death,2,2024-13-01,,Phạm Văn Lộc,,Phạm Thị Lan,,,
death,3,2024-10-10,2024-10-11,Phạm Văn Lộc,,Phạm Thị Lan,,12345,
birth,,2024-10-08,,,,,,,
death,,2024-10-10,,Hà Văn Tám,,Hà Thị Chín,,,
death,,2024-10-10,,hà văn  tám,,Hà Thị Chín,,,
marriage,8,2024-10-09,2024-10-09,Lê Văn Sơn,Mai Thị Hà,Lê Văn Sơn,,,2024-10-01
"""
    report = import_civil_events(None, personas.commune_a, write(tmp_path, content))
    assert not report.ok and report.created == 0
    by_line = {e.line: e.message for e in report.errors}
    assert sorted(by_line) == [3, 4, 6, 7, 8, 9, 10, 12, 13], by_line
    assert "ngày đăng ký" in by_line[3] and "ở tương lai" in by_line[3] and "(registered_on)" in by_line[3]
    assert "thiếu họ tên vợ" in by_line[4] and "(partner_name)" in by_line[4]
    assert "trùng với dòng 2" in by_line[6]
    assert "“adoption” không hợp lệ" in by_line[7] and "khai sinh, kết hôn, khai tử" in by_line[7]
    assert "ngày đăng ký (registered_on) “2024-13-01” không hợp lệ" in by_line[8]
    assert "ngày mất 11/10/2024 sau ngày đăng ký 10/10/2024" in by_line[9]
    assert "số điện thoại không hợp lệ" in by_line[9]
    assert "thiếu họ tên trẻ (person_name)" in by_line[10] and "người nhận thư (contact_name)" in by_line[10]
    assert "trùng với dòng 11" in by_line[12] and "không có số đăng ký" in by_line[12]
    assert "ngày gửi thư 01/10/2024 trước ngày đăng ký 09/10/2024" in by_line[13]
    assert all(message.endswith(".") for message in by_line.values())
    assert CivilEvent.objects.count() == 0
    assert not AuditEntry.objects.filter(action="civil.events_imported").exists()
    assert report.summary().startswith("Không nhập được: 9 dòng có lỗi")


def test_a_file_without_the_needed_columns(personas: Personas, tmp_path: Path) -> None:
    report = import_civil_events(None, personas.commune_a, write(tmp_path, "kind,registered_on\nbirth,2024-10-08\n"))
    assert [(e.line, e.message) for e in report.errors] == [
        (
            1,
            "Thiếu cột: person_name, contact_name. "
            "Dòng tiêu đề cần có: kind, registered_on, person_name, contact_name.",
        )
    ]


def test_optional_columns_may_be_left_out(personas: Personas, tmp_path: Path) -> None:
    content = "kind,registered_on,person_name,contact_name\nbirth,2024-10-08,Nguyễn Gia Huy,Nguyễn Văn An\n"
    report = import_civil_events(None, personas.commune_a, write(tmp_path, content))
    assert report.ok and report.created == 1


def xlsx(rows: list[list[object]]) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(COLUMNS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def test_xlsx_with_date_cells_and_a_phone_that_lost_its_zero(personas: Personas) -> None:
    source = xlsx(
        [
            [
                "birth",
                15,
                dt.datetime(2024, 10, 8),
                dt.date(2024, 9, 30),
                "Nguyễn Gia Huy",
                None,
                "Nguyễn Văn An",
                "Thôn 1",
                912345678,
                None,
            ],
            [
                "Kết hôn",
                7.0,
                "2024-10-09",
                None,
                "Lê Văn Nam",
                "Trần Thị Hoa",
                "Lê Văn Nam",
                None,
                2373852222,
                dt.datetime(2024, 10, 20),
            ],
            [None] * 10,
            ["death", "3", "10/10/2024", None, "Phạm Văn Lộc", None, "Phạm Thị Lan", None, "0987654321", None],
        ]
    )
    report = import_civil_events(personas.registrar_a, personas.commune_a, source, filename="so-ho-tich.xlsx")
    assert report.ok, report.errors
    assert report.created == 3
    birth = CivilEvent.objects.get(kind="birth")
    assert birth.register_number == "15" and birth.registered_on == dt.date(2024, 10, 8)
    assert birth.contact_phone == "0912345678"
    marriage = CivilEvent.objects.get(kind="marriage")
    assert marriage.register_number == "7" and marriage.contact_phone == "02373852222"
    assert marriage.letter_sent_on == dt.date(2024, 10, 20)
    source.seek(0)
    again = import_civil_events(personas.registrar_a, personas.commune_a, source, filename="so-ho-tich.xlsx")
    assert again.ok and again.unchanged == 3 and again.created == 0


def test_xlsx_bad_lines_are_numbered_as_the_spreadsheet_shows_them(personas: Personas) -> None:
    source = xlsx(
        [
            ["birth", 1, dt.date(2024, 10, 8), None, "A", None, "B", None, None, None],
            [None] * 10,
            ["marriage", 2, dt.date(2024, 10, 8), None, "C", None, "D", None, None, None],
        ]
    )
    report = import_civil_events(None, personas.commune_a, source, filename="a.xlsx")
    assert [e.line for e in report.errors] == [4]
    assert CivilEvent.objects.count() == 0


def test_who_may_import(personas: Personas, tmp_path: Path) -> None:
    with pytest.raises(PermissionDenied):
        import_civil_events(personas.officer_b, personas.commune_a, write(tmp_path, GOOD))
    with pytest.raises(ValidationError):
        import_civil_events(None, personas.district, write(tmp_path, GOOD))
    assert CivilEvent.objects.count() == 0


def test_the_command_line(personas: Personas, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, GOOD)
    call_command("import_civil_events", str(path), "--unit", "X16012")
    assert "thêm mới 3" in capsys.readouterr().out
    call_command("import_civil_events", str(path), "--unit", "X16012")
    assert "không đổi 3" in capsys.readouterr().out
    bad = write(tmp_path, f"{HEADER}\nmarriage,9,2024-10-09,,Lê Văn Nam,,Lê Văn Nam,,,\n", "bad.csv")
    with pytest.raises(CommandError, match="Không nhập được: 1 dòng có lỗi"):
        call_command("import_civil_events", str(bad), "--unit", "X16012")
    assert "Dòng 2: " in capsys.readouterr().err
    with pytest.raises(CommandError, match="Không tìm thấy đơn vị"):
        call_command("import_civil_events", str(path), "--unit", "NOPE")
    with pytest.raises(CommandError, match="không phải đơn vị cấp xã"):
        call_command("import_civil_events", str(path), "--unit", "H399")
    assert CivilEvent.objects.count() == 3


def test_the_upload_page(personas: Personas) -> None:
    client = personas.client(personas.registrar_a)
    page = client.get("/ho-tich/nhap/")
    assert page.status_code == 200 and "registered_on" in page.content.decode()
    upload = io.BytesIO(GOOD.encode())
    upload.name = "ho-tich.csv"
    response = client.post("/ho-tich/nhap/", {"file": upload})
    assert response.status_code == 200 and "thêm mới 3" in response.content.decode()
    bad = io.BytesIO(f"{HEADER}\nbirth,1,2024-10-08,,,,,,,\n".encode())
    bad.name = "bad.csv"
    html = client.post("/ho-tich/nhap/", {"file": bad}).content.decode()
    assert "Không nhập được" in html and "thiếu họ tên trẻ" in html
    template = client.get("/ho-tich/nhap/mau.csv")
    assert template.status_code == 200 and template.content.decode("utf-8-sig").startswith(HEADER)
    assert CivilEvent.objects.count() == 3


@pytest.mark.parametrize(
    ("value", "kind"),
    [
        ("birth", "birth"),
        ("KHAI SINH", "birth"),
        ("Đăng ký khai sinh", "birth"),
        ("kết hôn", "marriage"),
        ("Ket Hon", "marriage"),
        ("MARRIAGE", "marriage"),
        ("Khai tử", "death"),
        ("death ", "death"),
        ("x", None),
    ],
)
def test_kinds(value: str, kind: str | None) -> None:
    assert parse_kind(value) == kind


def test_dates_and_phones() -> None:
    assert parse_date("2024-10-08") == parse_date("08/10/2024") == parse_date("8/10/2024") == dt.date(2024, 10, 8)
    assert parse_date("2024-10-08 00:00:00") == parse_date(45573) == dt.date(2024, 10, 8)
    assert parse_date("") is None
    with pytest.raises(ValueError):
        parse_date("10/2024")
    assert parse_phone(912345678) == parse_phone(912345678.0) == parse_phone("912345678") == "0912345678"
    assert parse_phone("'0912345678") == parse_phone("84912345678") == "0912345678"
    assert parse_phone(None) == ""
