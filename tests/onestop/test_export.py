"""Exporting the dossier list: the list's filters, only the user's own units, an audit row for every export, and
a file that imports back without changing anything."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.conftest import Personas
from thanthien.audit.models import AuditEntry
from thanthien.onestop.actions import Applicant, change_status, receive_dossier
from thanthien.onestop.importing import COLUMNS, import_dossiers
from thanthien.onestop.listing import filter_dossiers
from thanthien.onestop.models import Dossier, Procedure, Status

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def vn(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=VN)  # type: ignore[misc]


@pytest.fixture
def desk(personas: Personas) -> dict[str, Dossier]:
    """Dossiers of commune A in every kind of state, and one of commune B."""
    officer = personas.officer_a
    marriage = Procedure.objects.get(code="1.004873")
    birth = Procedure.objects.get(code="1.001193")

    def receive(name: str, at: dt.datetime | None, procedure: Procedure = marriage, **extra: str) -> Dossier:
        applicant = Applicant(
            name, id_number=extra.get("id", ""), phone=extra.get("phone", ""), address=extra.get("addr", "")
        )
        return receive_dossier(officer, personas.commune_a, procedure, applicant, received_at=at)

    open_ = receive("Nguyễn Văn An", vn(2024, 10, 7, 8, 0), id="001203004567", phone="0912345678", addr="- Xóm Đông")
    returned = receive("Lê Thị Bình", vn(2024, 10, 8, 9, 15), birth)
    change_status(officer, returned, Status.RESOLVED, at=vn(2024, 10, 8, 10, 0))
    change_status(officer, returned, Status.RETURNED, at=vn(2024, 10, 8, 16, 0))
    withdrawn = receive("Trần Văn Cường", vn(2024, 10, 9, 9, 0))
    change_status(officer, withdrawn, Status.WITHDRAWN, "Công dân xin rút", at=vn(2024, 10, 10, 9, 0))
    supplement = receive("Phạm Thị Dung", vn(2024, 10, 9, 10, 0))
    change_status(officer, supplement, Status.SUPPLEMENT, "Thiếu giấy tờ", at=vn(2024, 10, 9, 11, 0))
    resumed = receive("Hoàng Văn Em", vn(2024, 10, 9, 14, 0))
    change_status(officer, resumed, Status.SUPPLEMENT, "Thiếu giấy tờ", at=vn(2024, 10, 10, 8, 0))
    change_status(officer, resumed, Status.PROCESSING, at=vn(2024, 10, 14, 8, 0))
    now = receive("Ngô Thị Giang", None)  # received just now: a moment with microseconds
    change_status(officer, now, Status.RESOLVED)
    other = receive_dossier(
        personas.officer_b,
        personas.commune_b,
        marriage,
        Applicant("Vũ Thị Mai Khác"),
        received_at=vn(2024, 10, 8, 8, 0),
    )
    return {
        "open": open_,
        "returned": returned,
        "withdrawn": withdrawn,
        "supplement": supplement,
        "resumed": resumed,
        "now": now,
        "other": other,
    }


def csv_rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def xlsx_rows(response: object) -> list[tuple[object, ...]]:
    content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    return list(sheet.iter_rows(values_only=True))


def test_a_csv_export_has_the_import_columns_iso_times_and_readable_extras(
    personas: Personas, desk: dict[str, Dossier]
) -> None:
    response = personas.client(personas.officer_a).get(reverse("onestop:export"), {"format": "csv", "layout": "import"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}
    rows = csv_rows(b"".join(response.streaming_content))
    assert list(rows[0])[: len(COLUMNS)] == COLUMNS
    by_code = {r["code"]: r for r in rows}
    returned = by_code[desk["returned"].code]
    assert returned["received_at"] == "2024-10-08T09:15:00+07:00"
    assert returned["returned_at"] == "2024-10-08T16:00:00+07:00" and returned["status"] == "10"
    assert returned["Trạng thái"] == "Đã trả kết quả" and returned["Tên thủ tục"] == "Đăng ký khai sinh"
    assert returned["Kết quả giải quyết"] in {"Trước hạn", "Đúng hạn"}
    opened = by_code[desk["open"].code]
    assert opened["applicant_id_number"] == "001203004567" and opened["Kết quả giải quyết"] == "Đang quá hạn"
    withdrawn = by_code[desk["withdrawn"].code]
    assert withdrawn["resolved_at"] == "2024-10-10T09:00:00+07:00"  # the end moment, where the importer reads it


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_imports_back_as_a_no_op(personas: Personas, desk: dict[str, Dossier], fmt: str) -> None:
    response = personas.client(personas.officer_a).get(reverse("onestop:export"), {"format": fmt, "layout": "import"})
    before = list(Dossier.objects.order_by("pk").values())
    content = b"".join(response.streaming_content)
    report = import_dossiers(personas.officer_a, personas.commune_a, io.BytesIO(content), f"xuat.{fmt}")
    assert report.ok, report.errors
    assert (report.total, report.created, report.updated, report.unchanged) == (6, 0, 0, 6)
    assert list(Dossier.objects.order_by("pk").values()) == before


def test_an_xlsx_export_keeps_ids_as_text_and_times_as_dates(personas: Personas, desk: dict[str, Dossier]) -> None:
    response = personas.client(personas.officer_a).get(
        reverse("onestop:export"), {"format": "xlsx", "layout": "import"}
    )
    rows = xlsx_rows(response)
    header = list(rows[0])
    first = next(dict(zip(header, row, strict=False)) for row in rows[1:] if row[0] == desk["open"].code)
    assert first["applicant_id_number"] == "001203004567"
    assert first["received_at"] == dt.datetime(2024, 10, 7, 8, 0)  # Vietnam wall-clock time


def test_every_export_is_written_to_the_audit_trail(personas: Personas, desk: dict[str, Dossier]) -> None:
    client = personas.client(personas.officer_a)
    b"".join(client.get(reverse("onestop:export"), {"format": "csv", "status": "10"}).streaming_content)
    entry = AuditEntry.objects.filter(action="onestop.dossiers_exported").get()
    assert entry.actor == personas.officer_a and entry.unit == personas.commune_a
    assert "Xuất 1 hồ sơ (CSV)" in entry.note and "trạng thái: Đã trả kết quả" in entry.note


def test_an_export_holds_only_the_users_units(personas: Personas, desk: dict[str, Dossier]) -> None:
    def codes(user: object) -> set[str]:
        response = personas.client(user).get(reverse("onestop:export"), {"format": "csv"})  # type: ignore[arg-type]
        assert response.status_code == 200
        return {r["Mã hồ sơ"] for r in csv_rows(b"".join(response.streaming_content))}

    a = codes(personas.officer_a)
    assert desk["other"].code not in a and desk["open"].code in a and len(a) == 6
    assert codes(personas.officer_b) == {desk["other"].code}
    assert codes(personas.leader_a) == a
    assert codes(personas.supervisor) == a | {desk["other"].code}
    assert codes(personas.other_supervisor) == set()
    # Asking for the other commune by its code changes nothing: the list starts from what the user may read.
    response = personas.client(personas.officer_a).get(reverse("onestop:export"), {"format": "csv", "unit": "X16015"})
    assert csv_rows(b"".join(response.streaming_content)) == []


def test_who_may_export(personas: Personas, desk: dict[str, Dossier]) -> None:
    assert personas.client(personas.front_a).get(reverse("onestop:export")).status_code == 403
    assert personas.client(None).get(reverse("onestop:export")).status_code == 302
    assert not AuditEntry.objects.filter(action="onestop.dossiers_exported").exists()


def test_the_list_filters(personas: Personas, desk: dict[str, Dossier]) -> None:
    def run(**params: str) -> tuple[set[str], str]:
        result = filter_dossiers(personas.officer_a, params, Dossier.objects.filter(unit=personas.commune_a))
        return set(result.qs.values_list("code", flat=True)), result.description + " ".join(result.errors)

    all_codes, description = run()
    assert len(all_codes) == 6 and description == ""
    assert run(q="bình")[0] == {desk["returned"].code}
    assert run(q=desk["open"].code)[0] == {desk["open"].code}
    assert run(status="7")[0] == {desk["withdrawn"].code}
    assert run(procedure="1.001193")[0] == {desk["returned"].code}
    assert run(channel="postal")[0] == set()
    codes, description = run(**{"from": "08/10/2024", "to": "09/10/2024"})
    assert codes == {desk[k].code for k in ("returned", "withdrawn", "supplement", "resumed")}
    assert "tiếp nhận từ 08/10/2024 đến 09/10/2024" in description
    assert run(queue="supplement")[0] == {desk["supplement"].code}
    assert run(queue="ready")[0] == {desk["now"].code}
    assert desk["open"].code in run(queue="overdue")[0]
    # A date that cannot be read is said so, and the list does not pretend to be filtered.
    codes, message = run(**{"from": "31/02/2024"})
    assert codes == set() and "Từ ngày “31/02/2024” không hợp lệ" in message


def test_timeliness_in_the_export(personas: Personas, desk: dict[str, Dossier]) -> None:
    late = desk["open"]
    change_status(personas.officer_a, late, Status.RESOLVED, at=late.due_at + dt.timedelta(hours=1))
    params = {"format": "csv", "q": late.code, "layout": "import"}
    response = personas.client(personas.officer_a).get(reverse("onestop:export"), params)
    (row,) = csv_rows(b"".join(response.streaming_content))
    assert row["Kết quả giải quyết"] == "Quá hạn"
    assert timezone.localtime(Dossier.objects.get(pk=late.pk).resolved_at).isoformat() == row["resolved_at"]


def test_the_human_export_speaks_vietnamese(personas: Personas, desk: dict[str, Dossier]) -> None:
    response = personas.client(personas.officer_a).get(reverse("onestop:export"), {"format": "csv"})
    assert response.streaming  # rows go out as they are read, not after the whole file is built
    rows = csv_rows(b"".join(response.streaming_content))
    assert list(rows[0])[:3] == ["Mã hồ sơ", "Mã thủ tục", "Tên thủ tục"]
    assert not any(name in rows[0] for name in COLUMNS)  # no machine column names
    by_code = {r["Mã hồ sơ"]: r for r in rows}
    returned = by_code[desk["returned"].code]
    assert returned["Trạng thái"] == "Đã trả kết quả" and returned["Kênh tiếp nhận"] == "Trực tiếp"
    assert returned["Tiếp nhận lúc"] == "08/10/2024 09:15" and returned["Trả kết quả lúc"] == "08/10/2024 16:00"
    assert returned["Đơn vị"] == "Xã Hoằng Hợp"
    assert by_code[desk["withdrawn"].code]["Rút / không tiếp nhận / dừng lúc"] == "10/10/2024 09:00"
    now = by_code[desk["now"].code]["Tiếp nhận lúc"]
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", now)  # no seconds, no microseconds
    assert by_code[desk["open"].code]["Số CCCD"] == "001203004567"
    # Newest received first, like the list.
    assert rows[0]["Mã hồ sơ"] == desk["now"].code


def test_the_human_xlsx_has_dates_shown_dd_mm_yyyy(personas: Personas, desk: dict[str, Dossier]) -> None:
    response = personas.client(personas.officer_a).get(reverse("onestop:export"), {"format": "xlsx"})
    assert response.streaming and response["Content-Type"].startswith("application/vnd.openxmlformats")
    content = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    header = [c.value for c in sheet[1]]
    column = header.index("Tiếp nhận lúc") + 1
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == desk["returned"].code)
    cell = sheet.cell(row, column)
    assert cell.value == dt.datetime(2024, 10, 8, 9, 15) and cell.number_format == "dd/mm/yyyy hh:mm"
    assert sheet.cell(row, header.index("Trạng thái") + 1).value == "Đã trả kết quả"


def test_a_supervisors_export_hides_personal_data(personas: Personas, desk: dict[str, Dossier]) -> None:
    for layout in ("human", "import"):
        response = personas.client(personas.supervisor).get(
            reverse("onestop:export"), {"format": "csv", "layout": layout}
        )
        content = b"".join(response.streaming_content).decode("utf-8-sig")
        assert "Nguyễn Văn An" not in content and "Nguyễn V. A." in content
        assert "001203004567" not in content and "0912345678" not in content and "Xóm Đông" not in content


def test_the_import_layout_is_audited_as_such(personas: Personas, desk: dict[str, Dossier]) -> None:
    client = personas.client(personas.supervisor)
    b"".join(client.get(reverse("onestop:export"), {"format": "xlsx", "layout": "import"}).streaming_content)
    notes = {e.unit.code: e.note for e in AuditEntry.objects.filter(action="onestop.dossiers_exported")}
    assert notes["X16012"].startswith("Xuất 6 hồ sơ (XLSX (định dạng nhập lại)), trong tổng số 7 hồ sơ")
    assert notes["X16015"].startswith("Xuất 1 hồ sơ (XLSX (định dạng nhập lại))")


def test_the_xlsx_download_starts_before_the_rows_are_read() -> None:
    from thanthien.documents.xlsx_stream import stream_xlsx

    read: list[int] = []

    def rows() -> Iterator[list[object]]:
        for n in range(1200):
            read.append(n)
            yield [f"HS-{n}", "=1+1", vn(2024, 10, 8, 9, 15), n, None]

    chunks = stream_xlsx("Hồ sơ", ["Mã hồ sơ", "Ghi chú", "Tiếp nhận lúc", "Số", "Trống"], rows())
    first = next(chunks)
    assert first.startswith(b"PK") and read == []  # bytes are on their way before the database is asked
    content = first + b"".join(chunks)
    assert len(read) == 1200
    book = load_workbook(io.BytesIO(content))
    sheet = book["Hồ sơ"]
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.b
    assert [c.value for c in sheet[2]] == ["HS-0", "=1+1", dt.datetime(2024, 10, 8, 9, 15), 0, None]
    assert sheet["B2"].data_type == "s"  # text that looks like a formula stays text
    assert sheet["C2"].number_format == "dd/mm/yyyy hh:mm" and sheet.max_row == 1201


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_import_layout_writes_moments_to_the_second(personas: Personas, desk: dict[str, Dossier], fmt: str) -> None:
    """A dossier created through the API keeps microseconds (…17:20:59.860193+07:00); the file must not."""
    opened = desk["open"]
    Dossier.objects.filter(pk=opened.pk).update(
        received_at=vn(2024, 10, 8, 17, 20, 59) + dt.timedelta(microseconds=860193)
    )
    response = personas.client(personas.officer_a).get(reverse("onestop:export"), {"format": fmt, "layout": "import"})
    content = b"".join(response.streaming_content)
    if fmt == "csv":
        row = {r["code"]: r for r in csv_rows(content)}[opened.code]
        assert row["received_at"] == "2024-10-08T17:20:59+07:00"
        assert not any(re.search(r"\d\d:\d\d:\d\d\.\d", value) for value in row.values())
    else:
        sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
        rows = list(sheet.iter_rows(values_only=True))
        row = next(r for r in rows if r[0] == opened.code)
        received = row[rows[0].index("received_at")]
        assert isinstance(received, dt.datetime) and received.microsecond == 0 and received.second == 59
    report = import_dossiers(personas.officer_a, personas.commune_a, io.BytesIO(content), f"xuat.{fmt}")
    assert report.ok and report.updated == 0, report.errors
