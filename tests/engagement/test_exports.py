"""The registers out: `thanthien export petitions --unit CODE --json` with exactly its keys, CSV/XLSX of each
register with Vietnamese headers and dd/mm/yyyy dates, personal data only for the unit's own staff, another
commune's records never exported, formulas never run."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import load_workbook

from tests.conftest import Personas
from tests.engagement.test_import_registers import DIALOGUES, OPINIONS, PETITIONS, RECEPTIONS
from thanthien.audit.models import AuditEntry
from thanthien.engagement.exports import DIALOGUE_HEADER, OPINION_HEADER, PETITION_HEADER, RECEPTION_HEADER
from thanthien.engagement.importing import DIALOGUE_COLUMNS, OPINION_COLUMNS, PETITION_COLUMNS, RECEPTION_COLUMNS
from thanthien.engagement.limits import due_days
from thanthien.engagement.models import Petition
from thanthien.lib.importing import get_importer, run

pytestmark = pytest.mark.django_db

FILES = {
    "receptions": (RECEPTION_COLUMNS, RECEPTIONS),
    "dialogues": (DIALOGUE_COLUMNS, DIALOGUES),
    "opinions": (OPINION_COLUMNS, OPINIONS),
    "petitions": (PETITION_COLUMNS, PETITIONS),
}


@pytest.fixture
def registers(personas: Personas, tmp_path: Path) -> Personas:
    for kind, (columns, body) in FILES.items():
        path = tmp_path / f"{kind}.csv"
        path.write_bytes((",".join(c.name for c in columns) + "\n" + body).encode())
        report = run(get_importer(kind), None, personas.commune_a, path)
        assert report.ok, [str(e) for e in report.errors]
    return personas


def command(*args: str) -> str:
    out = io.StringIO()
    call_command("export", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_the_petitions_json_has_exactly_its_keys(registers: Personas) -> None:
    records = json.loads(command("petitions", "--unit", "X16012", "--json"))
    assert len(records) == 4
    for r in records:
        assert set(r) == {"number", "year", "kind", "received_on", "handled_on", "status", "deadlines"}
        assert set(r["deadlines"]) <= {"acceptance", "initial_handling", "resolution", "forwarding", "answer", "reply"}
        for day in r["deadlines"].values():
            assert dt.date.fromisoformat(day)
    first = records[0]
    # `number` is the int of the unit's register of that year ("12/2024" is number 12, year 2024).
    assert (first["number"], first["year"], first["kind"]) == (12, 2024, "complaint")
    assert (first["received_on"], first["handled_on"], first["status"]) == ("2024-10-08", "2024-10-15", "resolved")
    assert first["deadlines"] == due_days(Petition.objects.get(year=2024, number=12))
    assert set(first["deadlines"]) == {"acceptance", "resolution"}
    forwarded = next(r for r in records if r["number"] == 13)
    assert forwarded["kind"] == "denunciation" and set(forwarded["deadlines"]) == {"forwarding", "reply"}
    open_one = next(r for r in records if r["number"] == 14)
    assert open_one["handled_on"] is None and open_one["status"] == "received"
    assert set(open_one["deadlines"]) == {"answer"}


def test_another_units_code_is_a_vietnamese_error(registers: Personas) -> None:
    assert json.loads(command("petitions", "--unit", "X16015", "--json")) == []  # commune B has none
    with pytest.raises(CommandError, match="Không tìm thấy đơn vị có mã"):
        command("petitions", "--unit", "KHONG-CO", "--json")
    with pytest.raises(CommandError, match="Không có loại sổ"):
        command("don-thu", "--unit", "X16012", "--json")
    with pytest.raises(CommandError, match="chưa xuất được dạng JSON"):
        command("dialogues", "--unit", "X16012", "--json")


@pytest.mark.parametrize(
    ("kind", "header", "rows"),
    [
        ("receptions", RECEPTION_HEADER, 1),
        ("dialogues", DIALOGUE_HEADER, 3),
        ("opinions", OPINION_HEADER, 4),
        ("petitions", PETITION_HEADER, 4),
    ],
)
def test_each_register_as_csv_and_xlsx_from_the_command(
    registers: Personas, tmp_path: Path, kind: str, header: tuple[str, ...], rows: int
) -> None:
    out = tmp_path / f"{kind}.csv"
    command(kind, "--unit", "X16012", "--format", "csv", "--out", str(out))
    table = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert tuple(table[0]) == header and len(table) == rows + 1
    xlsx = tmp_path / f"{kind}.xlsx"
    command(kind, "--unit", "X16012", "--format", "xlsx", "--out", str(xlsx))
    sheet = load_workbook(xlsx).active
    assert sheet is not None
    values = list(sheet.iter_rows(values_only=True))
    assert tuple(values[0]) == header and len(values) == rows + 1


def test_the_petitions_csv_reads_in_vietnamese(registers: Personas, tmp_path: Path) -> None:
    table = list(csv.DictReader(io.StringIO(command("petitions", "--unit", "X16012", "--format", "csv"))))
    first = table[0]
    assert first["Số đơn"] == "12" and first["Ngày nhận đơn"] == "08/10/2024" and first["Loại đơn"] == "Khiếu nại"
    assert first["Hướng xử lý"] == "Thụ lý" and first["Kết quả"] == "Sai" and first["Người gửi đơn"] == "Lê Văn Năm"
    assert first["Trạng thái"] == "Đã giải quyết" and first["Hạn các bước"].startswith("Thụ lý: ")


def download(client: Any, kind: str, fmt: str = "csv", **params: str) -> Any:
    return client.get(reverse("engagement:export", args=[kind]), {"format": fmt, **params})


def rows_of(response: Any) -> list[dict[str, str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(body)))


def test_the_units_staff_download_the_register_in_clear(registers: Personas) -> None:
    response = download(registers.client(registers.reception_a), "receptions")
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert "attachment" in response["Content-Disposition"]
    (row,) = rows_of(response)
    assert row["Họ tên công dân"] == "Trần Văn Ba" and row["Ngày tiếp"] == "10/06/2024"
    entry = AuditEntry.objects.filter(action="engagement.register_exported").get()
    assert entry.unit == registers.commune_a and "Trần Văn Ba" not in entry.note
    xlsx = download(registers.client(registers.leader_a), "petitions", "xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    assert sheet is not None
    assert tuple(next(sheet.iter_rows(values_only=True))) == PETITION_HEADER


def test_a_supervisor_downloads_with_personal_data_masked(registers: Personas) -> None:
    client = registers.client(registers.supervisor)
    petitions = rows_of(download(client, "petitions"))
    first = next(r for r in petitions if r["Số đơn"] == "12")
    assert first["Người gửi đơn"] != "Lê Văn Năm" and first["Người gửi đơn"].startswith("L")
    assert first["Số CCCD người gửi"] != "038090001234" and first["Địa chỉ người gửi"] != "Thôn 4"
    assert all("038090001234" not in " ".join(r.values()) for r in petitions)
    assert first["Nội dung đơn"] == "Khiếu nại quyết định thu hồi đất"
    (visit,) = rows_of(download(client, "receptions"))
    assert visit["Họ tên công dân"] != "Trần Văn Ba"
    opinions = rows_of(download(client, "opinions", unit="X16012"))
    assert all("Lê Văn Tư" not in r["Người nêu ý kiến"] for r in opinions) and len(opinions) == 4


def test_commune_b_cannot_export_commune_a(registers: Personas) -> None:
    from tests.conftest import make_user
    from thanthien.org.models import Role

    leader_b = make_user("leader_b", Role.LEADER, registers.commune_b)
    client = registers.client(leader_b)
    assert download(client, "petitions", unit="X16012").status_code == 404
    assert rows_of(download(client, "petitions")) == []  # their own scope: nothing of A
    assert (
        registers.client(registers.officer_b).get(reverse("engagement:export", args=["petitions"])).status_code == 403
    )
    assert download(registers.client(registers.front_a), "petitions").status_code == 403  # MTTQ reads no petitions
    assert download(registers.client(registers.front_a), "dialogues").status_code == 200
    assert (
        registers.client(registers.other_supervisor)
        .get(reverse("engagement:export", args=["dialogues"]), {"unit": "X16012"})
        .status_code
        == 404
    )


def test_bad_requests_are_answered_not_failed(registers: Personas) -> None:
    client = registers.client(registers.leader_a)
    assert download(client, "petitions", "pdf").status_code == 400
    assert download(client, "khong-co").status_code == 404
    assert download(client, "petitions", unit="x" * 500).status_code == 404
    assert registers.client(None).get(reverse("engagement:export", args=["petitions"])).status_code == 302


def test_a_cell_that_would_run_as_a_formula_is_quoted(personas: Personas, tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_bytes(
        (",".join(c.name for c in DIALOGUE_COLUMNS) + "\nĐT-9,2024-06-15,=HYPERLINK(1),@Bí thư,1,\n").encode()
    )
    assert run(get_importer("dialogues"), None, personas.commune_a, path).ok
    (row,) = rows_of(download(personas.client(personas.leader_a), "dialogues"))
    assert row["Chủ đề"] == "'=HYPERLINK(1)" and row["Người chủ trì"] == "'@Bí thư"


def test_a_download_does_not_query_per_row(
    registers: Personas, tmp_path: Path, django_assert_max_num_queries: Any
) -> None:
    more = "".join(
        f"{n},2024-11-0{n % 9 + 1},post,feedback,Người {n},,,1,no,,Nội dung {n},,,,,,,,,\n" for n in range(20, 60)
    )
    path = tmp_path / "more.csv"
    path.write_bytes((",".join(c.name for c in PETITION_COLUMNS) + "\n" + more).encode())
    assert run(get_importer("petitions"), None, registers.commune_a, path).ok
    client = registers.client(registers.supervisor)
    for kind in ("petitions", "receptions", "dialogues", "opinions"):
        rows_of(download(client, kind))  # warm the caller's caches
        with django_assert_max_num_queries(14):
            rows_of(download(client, kind))


@pytest.mark.parametrize(
    ("page", "kind"),
    [
        ("engagement:register", "receptions"),
        ("engagement:dialogue_list", "dialogues"),
        ("engagement:opinion_list", "opinions"),
        ("engagement:petition_list", "petitions"),
    ],
)
def test_each_register_page_offers_its_download(personas: Personas, page: str, kind: str) -> None:
    from django.urls import reverse

    html = personas.client(personas.leader_a).get(reverse(page)).content.decode()
    link = reverse("engagement:export", args=[kind]) + "?format=xlsx"
    assert link in html
    response = personas.client(personas.leader_a).get(link.split("?")[0], {"format": "xlsx"})
    assert response.status_code == 200
