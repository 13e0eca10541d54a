"""The import framework: one registry, one command, one upload page, one runner for every kind."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.db import OperationalError
from django.test import RequestFactory
from openpyxl import load_workbook

from tests.conftest import Personas
from thanthien.audit.models import AuditEntry
from thanthien.civil.models import CivilEvent
from thanthien.core.importcli import ImportCommand
from thanthien.core.middleware import BUSY_MESSAGE, DatabaseBusyMiddleware
from thanthien.core.models import ImportRun, SweepRun
from thanthien.lib import importing
from thanthien.lib.importing import Column, Importer, LineError, Ticker, Writer, register_importer, run
from thanthien.lib.tabular import text
from thanthien.onestop.importing import COLUMNS
from thanthien.onestop.models import Dossier

pytestmark = pytest.mark.django_db

HEADER = ",".join(COLUMNS)
ONE = f"{HEADER}\nHS-001,1.004873,direct,2024-10-08 14:30,,,,,Nguyễn Văn An,001203004567,0912345678,Thôn 1\n"


def write(tmp_path: Path, content: str | bytes, name: str = "f.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


# --- a new kind is one file and one registration ---------------------------------------------------------------


@dataclass
class NameRow:
    line: int
    name: str


class SweepNames(Importer[NameRow, None, list[NameRow]]):
    """What a new module adds: this class (its own file) and `register_importer(SweepNames())` in ready()."""

    kind = "sweep-names"
    label = "Tên tác vụ quét"
    columns = (Column("name", "Tên", "Tên tác vụ", "letters", True),)
    needs_unit = False
    audit_action = "core.sweep_names_imported"

    def authorize(self, actor: Any, unit: Any) -> None:
        if actor is not None:
            raise PermissionDenied("Chỉ dòng lệnh.")

    def units_for(self, user: Any) -> list[Any] | None:
        return []

    def prepare(self, unit: Any, actor: Any) -> None:
        return None

    def parse(self, line: int, raw: dict[str, Any], ctx: None, problems: list[str]) -> NameRow | None:
        name = text(raw, "name")
        if len(name) > 80:
            problems.append("tên dài quá 80 ký tự")
        return NameRow(line, name)

    def key(self, row: NameRow) -> str:
        return row.name

    def plan(self, ctx: None, rows: list[NameRow], errors: list[LineError], ticker: Ticker) -> list[NameRow]:
        known = set(SweepRun.objects.values_list("name", flat=True))
        return [r for r in rows if r.name not in known]

    def counts(self, plan: list[NameRow]) -> tuple[int, int]:
        return len(plan), 0

    def apply(self, ctx: None, plan: list[NameRow], actor: Any, writer: Writer) -> None:
        with writer.batch(len(plan)):
            SweepRun.objects.bulk_create([SweepRun(name=r.name) for r in plan])


@pytest.fixture
def sweep_names() -> Any:
    register_importer(SweepNames())
    yield
    importing.IMPORTERS.pop("sweep-names")


def test_a_registered_kind_gets_the_command_the_runner_and_the_help(
    sweep_names: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    help_text = ImportCommand().create_parser("thanthien", "import").format_help()
    assert "sweep-names: Tên tác vụ quét" in help_text
    path = write(tmp_path, "name\nletters\nletters\n" + "x" * 81 + "\n")
    with pytest.raises(Exception, match="Không nhập được: 2 dòng có lỗi"):
        call_command("import", "sweep-names", str(path))
    err = capsys.readouterr().err
    assert "Dòng 3: trùng với dòng 2." in err and "Dòng 4: tên dài quá 80 ký tự." in err
    assert not SweepRun.objects.exists()
    call_command("import", "sweep_names", str(write(tmp_path, "name\nletters\ncivil\n")))
    assert "thêm mới 2" in capsys.readouterr().out
    call_command("import", "sweep-names", str(write(tmp_path, "name\nletters\ncivil\n")))
    assert "thêm mới 0, cập nhật 0, không đổi 2" in capsys.readouterr().out  # re-import is a no-op
    assert AuditEntry.objects.filter(action="core.sweep_names_imported").count() == 1
    assert list(ImportRun.objects.values_list("kind", "state").distinct()) == [("sweep-names", "done")]


def test_help_lists_every_kind_of_the_project() -> None:
    help_text = ImportCommand().create_parser("thanthien", "import").format_help()
    for kind in ("units", "procedures", "dossiers --unit", "civil-events --unit"):
        assert f"  {kind}" in help_text


# --- the runner's rules, the same for every kind ---------------------------------------------------------------


def test_dry_run_checks_and_writes_nothing(personas: Personas, tmp_path: Path, capsys: Any) -> None:
    call_command("import", "dossiers", str(write(tmp_path, ONE)), "--unit", "X16012", "--dry-run")
    out = capsys.readouterr().out
    assert "không có lỗi (chưa ghi gì): sẽ thêm mới 1" in out
    assert not Dossier.objects.exists() and not ImportRun.objects.exists()


def test_nul_in_a_cell_is_a_line_error_and_nothing_is_written(personas: Personas, tmp_path: Path) -> None:
    bad = ONE + "HS-002,1.004873,direct,2024-10-08 14:30,,,,,Lê Thị\x00 Bình,,,\n"
    report = run(importing.get_importer("dossiers"), None, personas.commune_a, write(tmp_path, bad))
    assert [(e.line, e.column) for e in report.errors] == [(3, "applicant_name")]
    assert "NUL" in str(report.errors[0]) and not Dossier.objects.exists()


def test_the_aliases_behave_as_the_command(personas: Personas, tmp_path: Path, capsys: Any) -> None:
    call_command("import_dossiers", str(write(tmp_path, ONE)), "--unit", "X16012")
    first = capsys.readouterr().out
    call_command("import", "dossiers", str(write(tmp_path, ONE)), "--unit", "X16012")
    assert "thêm mới 1" in first and "không đổi 1" in capsys.readouterr().out


def test_procedures_through_the_framework(personas: Personas, tmp_path: Path, capsys: Any) -> None:
    line = "9.999001,Thủ tục thử,Hộ tịch,days,3\n"
    path = write(tmp_path, "code,name,field,processing_kind,processing_amount\n" + line + line)
    with pytest.raises(Exception, match="Không nhập được"):
        call_command("import", "procedures", str(path))
    assert "mã thủ tục 9.999001 trùng với dòng 2" in capsys.readouterr().err
    call_command("import-procedures".replace("-", "_"), str(write(tmp_path, path.read_text()[: -len(line)])))
    assert "thêm mới 1" in capsys.readouterr().out


# --- the one upload page ---------------------------------------------------------------------------------------


def test_the_page_lists_the_kinds_each_role_may_import(personas: Personas) -> None:
    def kinds(user: Any) -> str:
        html = personas.client(user).get("/can-bo/nhap-du-lieu/").content.decode()
        start = html.find('data-testid="import-kinds"')
        return html[start : html.find("</ul>", start)] if start >= 0 else html

    admin = kinds(personas.sysadmin)
    for label in ("Danh mục đơn vị hành chính", "Danh mục thủ tục hành chính", "Hồ sơ một cửa", "Sổ hộ tịch"):
        assert label in admin
    officer = kinds(personas.officer_a)
    assert "Hồ sơ một cửa" in officer and "Danh mục đơn vị" not in officer
    # A supervisor imports what supervisors decide (recognitions, roll-out targets), not a commune's registers.
    supervisor = kinds(personas.supervisor)
    assert "Quyết định công nhận mô hình" in supervisor and "Chỉ tiêu nhân rộng mô hình" in supervisor
    assert "Hồ sơ một cửa" not in supervisor and "Sổ hộ tịch" not in supervisor


def test_xlsx_template_per_kind_with_example_and_guide(personas: Personas, tmp_path: Path) -> None:
    client = personas.client(personas.officer_a)
    for kind, check in (("dossiers", Dossier), ("civil-events", CivilEvent)):
        response = client.get(f"/can-bo/nhap-du-lieu/mau/{kind}.xlsx")
        assert response.status_code == 200
        content = b"".join(response.streaming_content) if response.streaming else response.content
        book = load_workbook(io.BytesIO(content))
        assert book.sheetnames[:2] == ["Dữ liệu", "Hướng dẫn"]
        rows = list(book["Dữ liệu"].iter_rows(values_only=True))
        importer = importing.get_importer(kind)
        assert list(rows[0]) == importer.header and len(rows) == 2
        guide = list(book["Hướng dẫn"].iter_rows(values_only=True))
        assert (
            guide[0] == ("Cột", "Tên cột", "Bắt buộc", "Cách ghi", "Ví dụ") and len(guide) == len(importer.columns) + 1
        )
        # The example row is a valid line of its kind.
        path = tmp_path / f"{kind}.xlsx"
        path.write_bytes(content)
        report = run(importer, personas.officer_a, personas.commune_a, path, dry_run=True)
        assert report.ok and report.created == 1, report.errors
        assert not check.objects.exists()
    assert client.get("/can-bo/nhap-du-lieu/mau/units.xlsx").status_code == 403


def test_one_size_limit_for_every_kind(personas: Personas, monkeypatch: pytest.MonkeyPatch) -> None:
    from thanthien.core import views_import

    monkeypatch.setattr(views_import.UploadForm, "max_mb", 0)
    client = personas.client(personas.officer_a)
    for url in ("/mot-cua/nhap-ho-so/", "/ho-tich/nhap/"):
        upload = io.BytesIO(ONE.encode())
        upload.name = "f.csv"
        html = client.post(url, {"file": upload}).content.decode()
        assert "Tệp lớn hơn 0 MB; hãy chia thành nhiều tệp nhỏ hơn." in html
    assert not Dossier.objects.exists()


def test_line_errors_show_their_column_and_progress_is_served(personas: Personas) -> None:
    client = personas.client(personas.officer_a)
    upload = io.BytesIO((ONE + "HS-2,1.004873,direct,2024-10-08 14:30,,,,,B\x00,,,\n").encode())
    upload.name = "f.csv"
    html = client.post("/mot-cua/nhap-ho-so/", {"file": upload}).content.decode()
    assert '<th scope="row">Dòng 3</th><td><code>applicant_name</code></td>' in html
    upload = io.BytesIO(ONE.encode())
    upload.name = "f.csv"
    client.post("/mot-cua/nhap-ho-so/", {"file": upload, "token": "abc123"})
    assert client.get("/can-bo/nhap-du-lieu/tien-do/abc123/").json() == {"written": 1, "total": 1, "started": True}
    assert "Hoàn tất" in client.get("/mot-cua/nhap-ho-so/").content.decode()


# --- a database still locked -----------------------------------------------------------------------------------


def test_a_locked_database_answers_503_with_a_vietnamese_retry_message(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    from thanthien.core import views_import

    def locked(*args: Any, **kwargs: Any) -> None:
        raise OperationalError("database is locked")

    monkeypatch.setattr(views_import, "run", locked)
    upload = io.BytesIO(ONE.encode())
    upload.name = "f.csv"
    response = personas.client(personas.officer_a).post("/mot-cua/nhap-ho-so/", {"file": upload})
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert BUSY_MESSAGE in response.content.decode()
    api = DatabaseBusyMiddleware(lambda r: None).process_exception(  # type: ignore[arg-type, return-value]
        RequestFactory().post("/api/onestop/dossiers"), OperationalError("database is locked")
    )
    assert api is not None and api.status_code == 503 and json.loads(api.content)["detail"] == BUSY_MESSAGE
    other = DatabaseBusyMiddleware(lambda r: None).process_exception(  # type: ignore[arg-type, return-value]
        RequestFactory().get("/"), OperationalError("no such table")
    )
    assert other is None


def test_each_line_error_names_its_columns(personas: Personas, tmp_path: Path) -> None:
    bad = f"{HEADER}\nB-1,1.004873,,2024-10-08 14h30,,,,,An,,,\n"
    report = run(importing.get_importer("dossiers"), None, personas.commune_a, write(tmp_path, bad))
    assert [(e.line, e.column) for e in report.errors] == [(2, "channel, received_at")]


def test_a_system_administrator_imports_units_on_the_one_page(personas: Personas) -> None:
    from thanthien.org.models import Unit

    upload = io.BytesIO(
        "code,name,kind,parent_code,valid_from,valid_to,successor_code\n77,Tỉnh Mới,Tỉnh,,,,\n".encode()
    )
    upload.name = "don-vi.csv"
    client = personas.client(personas.sysadmin)
    html = client.post("/can-bo/nhap-du-lieu/?kind=units", {"kind": "units", "file": upload}).content.decode()
    assert "thêm mới 1" in html and Unit.objects.get(code="77").name == "Tỉnh Mới"
    assert personas.client(personas.officer_a).get("/can-bo/nhap-du-lieu/?kind=units").status_code == 200
    assert (
        "Danh mục đơn vị"
        not in personas.client(personas.officer_a).get("/can-bo/nhap-du-lieu/?kind=units").content.decode()
    )
