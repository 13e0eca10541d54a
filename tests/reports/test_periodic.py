# ruff: noqa: E501  (the report's sentences are as long as they are)
"""The periodic report of a commune whose records are known: every sentence's figures, every total equal to the sum
of its parts — in the content, the DOCX text and the PDF text — the sections with no records saying so, and the JSON
of `thanthien report` under the stats subjects' keys."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from docx import Document
from pypdf import PdfReader

from tests.conftest import Personas
from tests.engagement.test_import_registers import DIALOGUES, PETITIONS
from tests.onestop.factories import make_dossier, vn
from thanthien.engagement.importing import DIALOGUE_COLUMNS, PETITION_COLUMNS
from thanthien.letters.models import Letter
from thanthien.lib import stats
from thanthien.lib.importing import get_importer, run
from thanthien.onestop.models import Channel, Status
from thanthien.reports import outputs, periodic

pytestmark = pytest.mark.django_db

START, END = dt.date(2024, 1, 1), dt.date(2025, 12, 31)


def _write(tmp_path: Path, columns: Any, body: str, name: str) -> Path:
    path = tmp_path / name
    path.write_bytes((",".join(c.name for c in columns) + "\n" + body).encode("utf-8"))
    return path


def _letter(unit: Any, kind: str, status: str, day: dt.date, n: int) -> Letter:
    signed = status in ("approved", "delivered")
    return Letter.objects.create(
        unit=unit,
        kind=kind,
        status=status,
        subject_type="manual",
        subject_id=f"t{n}",
        owed_on=day,
        letter_date=day if signed else None,
        recipient_name="Nguyễn Văn Nhận",
        body="Kính gửi ông.",
        cancel_reason="Trùng thư" if status == "cancelled" else "",
    )


@pytest.fixture
def known(personas: Personas, tmp_path: Path) -> Any:
    """Commune A: 5 dossiers, 3 dialogues, 4 petitions, 6 letters in 2024–2025; commune B has records too, which
    must never count."""
    a = personas.commune_a
    due = dt.timedelta(days=3)
    for channel in (Channel.DIRECT, Channel.DIRECT, Channel.POSTAL):
        received = vn(2024, 10, 7, 9, 0)
        make_dossier(a, channel=channel, received_at=received, due_at=received + due, status=Status.RETURNED,
                     resolved_at=received + dt.timedelta(days=1))  # fmt: skip
    late = vn(2024, 11, 4, 9, 0)
    make_dossier(a, channel=Channel.ONLINE_FULL, received_at=late, due_at=late + due, status=Status.RETURNED,
                 resolved_at=late + dt.timedelta(days=6))  # fmt: skip
    open_ = vn(2025, 12, 29, 9, 0)
    make_dossier(a, channel=Channel.DIRECT, received_at=open_, due_at=open_ + due, status=Status.PROCESSING)
    ended = vn(2025, 3, 3, 9, 0)
    make_dossier(a, channel=Channel.POSTAL, received_at=ended, due_at=ended + due, status=Status.WITHDRAWN,
                 ended_at=ended + dt.timedelta(days=1))  # fmt: skip
    make_dossier(personas.commune_b, channel=Channel.DIRECT, received_at=vn(2024, 10, 8, 9, 0))
    for columns, body, kind, name in (
        (DIALOGUE_COLUMNS, DIALOGUES, "dialogues", "dt.csv"),
        (PETITION_COLUMNS, PETITIONS, "petitions", "don.csv"),
    ):
        report = run(get_importer(kind), None, a, _write(tmp_path, columns, body, name))
        assert report.ok, [str(e) for e in report.errors]
    for n, (kind, status) in enumerate(
        [
            ("apology", "delivered"),
            ("thanks", "delivered"),
            ("thanks", "approved"),
            ("congratulation", "delivered"),
            ("condolence", "draft"),
            ("apology", "cancelled"),
        ]
    ):
        _letter(a, kind, status, dt.date(2024, 10, 20), n)
    _letter(personas.commune_b, "thanks", "delivered", dt.date(2024, 10, 20), 99)
    return a


def _texts(report: periodic.PeriodicReport) -> dict[str, list[str]]:
    return {s.key: s.paragraphs() for s in report.sections}


EXPECTED = {
    "reform": [
        "Tổng số hồ sơ đã tiếp nhận: 6 hồ sơ (kỳ trước chuyển sang 0 hồ sơ). Trong đó: tiếp nhận trực tiếp 3 hồ sơ; qua dịch vụ bưu chính công ích 2 hồ sơ; trực tuyến một phần 0 hồ sơ; trực tuyến toàn trình 1 hồ sơ.",
        "Số hồ sơ đã giải quyết: 4 hồ sơ, trong đó: trước hạn 3 hồ sơ; đúng hạn 0 hồ sơ; quá hạn 1 hồ sơ; tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn đạt 75,00 %.",
        "Đến hết kỳ: đang giải quyết 1 hồ sơ (chưa đến hạn 1 hồ sơ, quá hạn 0 hồ sơ); chờ công dân bổ sung giấy tờ 0 hồ sơ; công dân rút, không tiếp nhận hoặc dừng giải quyết 1 hồ sơ.",
        "Tổng số thư gửi công dân trong kỳ (kể cả dự thảo chưa ký và thư đã hủy): 6 thư. Trong đó: thư xin lỗi 2 thư; thư cảm ơn 2 thư; thư chúc mừng 1 thư; thư chia buồn 1 thư.",
        "Theo tình trạng: đã ký, chờ gửi 1 thư; đã gửi đến người nhận 3 thư; dự thảo chưa ký 1 thư; đã hủy 1 thư; dự thảo đã rút vì hồ sơ xong đúng hạn 0 thư.",
    ],
}


def test_every_sentence_of_a_known_commune(known: Any) -> None:
    report = periodic.build(known, START, END)
    texts = _texts(report)
    assert texts["reform"] == EXPECTED["reform"]
    reception = texts["reception"]
    assert "Tổ chức 3 cuộc đối thoại với Nhân dân, có 165 người tham dự" in reception[1]
    assert reception[3] == (
        "Tiếp nhận 4 đơn thư trong kỳ (kỳ trước chuyển sang 0 đơn). Đơn tiếp nhận trong kỳ gồm: khiếu nại 1 đơn; "
        "tố cáo 1 đơn; kiến nghị 1 đơn; phản ánh 1 đơn."
    )
    assert reception[4].startswith(
        "Kết quả xử lý 4 đơn phải xử lý: đã giải quyết, trả lời 1 đơn; chuyển đơn 1 đơn; hướng dẫn 0 đơn; "
        "trả lại, lưu đơn, không thụ lý 1 đơn; công dân rút đơn 0 đơn; đang xử lý cuối kỳ 1 đơn"
    )
    assert report.broken_identities() == []


def test_sections_without_records_say_so(known: Any) -> None:
    texts = _texts(periodic.build(known, START, END))
    for key in ("profile", "leadership", "training", "commitments", "surveys", "inspections"):
        assert len(texts[key]) == 1 and texts[key][0].startswith("Trong kỳ báo cáo, phần mềm chưa có"), key
    # A period before any record: the reform section says so for dossiers and letters alike, no zeros.
    empty = _texts(periodic.build(known, dt.date(2020, 1, 1), dt.date(2020, 12, 31)))
    assert all(line.startswith("Trong kỳ báo cáo") for line in empty["reform"])
    assert not any(re.search(r"\b0 hồ sơ", line) for line in empty["reform"])


def test_every_total_equals_its_parts_in_every_section(known: Any) -> None:
    report = periodic.build(known, START, END)
    checked = [i for s in report.sections for i in s.identities()]
    # dossiers (4), letters (2), opinions, petitions (3) at least
    assert len(checked) >= 9
    assert all(i.holds() for i in checked), report.broken_identities()
    # and the identities of the registry hold for every subject's figures the report prints
    for name in periodic.SUBJECTS:
        assert stats.subject(name).check(report.figures[name]) == [], name


def test_an_identity_that_does_not_hold_is_found(known: Any) -> None:
    figures = periodic.collect(known, START, END)
    figures["dossiers"]["received"]["direct"] += 1  # a hand-typed total that does not add up
    assert periodic.build(known, START, END, figures=figures).broken_identities()


def _docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join(parts)


def _pdf_text(data: bytes) -> str:
    text = " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


def test_docx_and_pdf_print_every_sentence(known: Any) -> None:
    report = periodic.build(known, START, END, {"assessment": "Cán bộ tận tình, Nhân dân hài lòng."})
    docx = _docx_text(outputs.write(report, "docx"))
    pdf = _pdf_text(outputs.write(report, "pdf"))
    for line in EXPECTED["reform"]:
        assert line in docx
        assert line in pdf, line
    for heading in ("I. ĐẶC ĐIỂM TÌNH HÌNH", "II. KẾT QUẢ THỰC HIỆN", "III. ĐÁNH GIÁ CHUNG", "V. ĐỀ XUẤT, KIẾN NGHỊ"):
        assert heading in docx and heading in pdf
    assert "Cán bộ tận tình, Nhân dân hài lòng." in docx and "Cán bộ tận tình, Nhân dân hài lòng." in pdf
    for official in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "BÁO CÁO", "Nơi nhận"):
        assert official in docx and official in pdf
    assert "Số: ……/BC-UBND" in docx  # a draft has no number yet
    # the numbers in the files add up as in the content: received = the sum of the channels
    numbers = re.search(r"tiếp nhận: (\d+) hồ sơ .*?trực tiếp (\d+) hồ sơ; .*?bưu chính công ích (\d+) hồ sơ; "
                        r"trực tuyến một phần (\d+) hồ sơ; trực tuyến toàn trình (\d+) hồ sơ", pdf)  # fmt: skip
    assert numbers is not None
    total, *parts = (int(n) for n in numbers.groups())
    assert total == sum(parts) == 6


def test_xlsx_annex_holds_every_figure(known: Any) -> None:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(outputs.write(periodic.build(known, START, END), "xlsx")), read_only=True)
    figures = {row[3]: row[2] for row in book["Số liệu"].iter_rows(min_row=2, values_only=True)}
    assert figures["dossiers.received.total"] == 6
    assert figures["letters.total"] == 6
    assert figures["engagement.petitions.received"] == 4
    assert figures["dossiers.on_time_rate"] == 75.0


def test_the_report_command_prints_the_json_keys(
    known: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    call_command("report", "--unit", known.code, "--from", "2024-01-01", "--to", "2025-12-31", "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert set(data) == {"unit", "from", "to", "sections", "figures"}
    assert (data["unit"], data["from"], data["to"]) == (known.code, "2024-01-01", "2025-12-31")
    assert set(data["figures"]) == {"dossiers", "letters", "engagement", "surveys", "programme"}
    assert data["figures"]["dossiers"] == stats.compute("dossiers", known, START, END)
    assert data["figures"]["letters"]["total"] == 6
    assert data["sections"]["reform"]["text"] == EXPECTED["reform"]
    for fmt in ("docx", "pdf", "xlsx"):
        out = tmp_path / f"r.{fmt}"
        call_command("report", "--unit", known.code, "--from", "2024-01-01", "--to", "2025-12-31", "--format", fmt,
                     "--out", str(out))  # fmt: skip
        assert out.stat().st_size > 1000


@pytest.mark.parametrize(
    "args",
    [
        ["--unit", "KHONGCO", "--from", "2024-01-01", "--to", "2024-12-31"],
        ["--unit", "X16012", "--from", "2024-13-01", "--to", "2024-12-31"],
        ["--unit", "X16012", "--from", "2024-12-31", "--to", "2024-01-01"],
        ["--unit", "X16012", "--from", "2024-01-01", "--to", "2024-12-31", "--format", "odt"],
        ["--unit", "X16012", "--from", "2024-01-01", "--to", "2024-12-31", "--format", "pdf"],
    ],
)
def test_the_report_command_refuses_bad_input_in_vietnamese(personas: Personas, args: list[str]) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError) as refused:
        call_command("report", *args)
    assert re.search(r"[ạảấầẩậắằẳặẹẻẽếềểệịỉọỏốồổộớờởợụủứừửựỳỷỹđĐ]|--|Định dạng|Không", str(refused.value))


def test_the_profile_and_the_documents_come_from_the_model(known: Any, personas: Personas) -> None:
    from thanthien.programme.actions_model import save_profile
    from thanthien.programme.models import IssuedDocument

    save_profile(personas.leader_a, known, {"as_of": dt.date(2024, 12, 31), "households": 4494, "population": 16160,
                                             "villages": 5, "note": "Xã thuần nông, ven sông Mã."})  # fmt: skip
    IssuedDocument.objects.create(unit=known, kind="plan", number="03/KH-UBND", issued_on=dt.date(2024, 1, 5),
                                  issuer="peoples_committee", summary="Triển khai mô hình năm 2024")  # fmt: skip
    IssuedDocument.objects.create(unit=known, kind="decision", number="12/QĐ-UBND", issued_on=dt.date(2024, 2, 1),
                                  issuer="peoples_committee", summary="Kiện toàn Ban Chỉ đạo")  # fmt: skip
    texts = _texts(periodic.build(known, START, END))
    assert texts["profile"] == [
        "Xã Hoằng Hợp có 4.494 hộ, 16.160 nhân khẩu, 5 thôn, tổ dân phố (số liệu tính đến ngày 31/12/2024).",
        "Xã thuần nông, ven sông Mã.",
    ]
    assert texts["leadership"][0].startswith(
        "Ban hành 2 văn bản để lãnh đạo, chỉ đạo, triển khai thực hiện mô hình, gồm:"
    )
    assert "quyết định 1" in texts["leadership"][0] and "kế hoạch 1" in texts["leadership"][0]
    assert any(line.startswith("- Kế hoạch số 03/KH-UBND ngày 05/01/2024") for line in texts["leadership"])


def test_the_command_reports_a_period_not_yet_over(known: Any, capsys: pytest.CaptureFixture[str]) -> None:
    from django.utils import timezone

    year_end = dt.date(timezone.localdate().year, 12, 31)
    call_command("report", "--unit", known.code, "--from", "2024-01-01", "--to", year_end.isoformat())
    data = json.loads(capsys.readouterr().out)
    assert data["to"] == year_end.isoformat() and data["figures"]["dossiers"]["received"]["total"] == 6
