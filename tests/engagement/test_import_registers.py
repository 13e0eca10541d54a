# ruff: noqa: E501  (the lines of a register file are as long as they are)
"""Importing dialogues, opinions and petitions from old registers: coded columns by code or Vietnamese label, days
as YYYY-MM-DD or dd/mm/yyyy, every bad line with its number and nothing written, the same file again a no-op."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import Workbook

from tests.conftest import Personas
from thanthien.audit.models import AuditEntry
from thanthien.documents.numbering import last_issued
from thanthien.engagement.actions import petition_series, receive_petition
from thanthien.engagement.dialogues import Dialogue, Opinion
from thanthien.engagement.importing import DIALOGUE_COLUMNS, OPINION_COLUMNS, PETITION_COLUMNS
from thanthien.engagement.models import Petition, PetitionDeadline
from thanthien.lib.importing import ImportReport, get_importer, run

pytestmark = pytest.mark.django_db


def write(tmp_path: Path, columns: Any, body: str, name: str = "so.csv") -> Path:
    path = tmp_path / name
    path.write_bytes((",".join(c.name for c in columns) + "\n" + body).encode("utf-8"))
    return path


def importing(kind: str, personas: Personas, path: Path, user: Any = None) -> ImportReport:
    return run(get_importer(kind), user, personas.commune_a, path)


def lines(report: ImportReport) -> dict[int, str]:
    return {e.line: str(e) for e in report.errors}


# --- dialogues -------------------------------------------------------------------------------------------------

DIALOGUES = """ĐT-01/2024,15/06/2024,Giải phóng mặt bằng đường liên thôn,Bí thư Đảng ủy Nguyễn Văn Tâm,120,
ĐT-02/2024,2024-09-20,Nước sạch thôn 3,Phó Chủ tịch UBND Lê Văn Hùng,45,Có biên bản
,2024-11-02,Môi trường,Trưởng thôn,,
"""


def test_dialogues_are_imported_and_again_change_nothing(personas: Personas, tmp_path: Path) -> None:
    path = write(tmp_path, DIALOGUE_COLUMNS, DIALOGUES)
    report = importing("dialogues", personas, path, personas.front_a)
    assert report.ok, lines(report)
    assert (report.created, report.updated) == (3, 0)
    first = Dialogue.objects.get(ref="ĐT-01/2024")
    assert first.held_on == dt.date(2024, 6, 15) and first.people_participants == 120 and first.participants == 120
    assert first.party_head_chaired and not first.committee_head_chaired
    second = Dialogue.objects.get(ref="ĐT-02/2024")
    assert second.committee_head_chaired and second.note == "Có biên bản"
    before = list(Dialogue.objects.order_by("pk").values())
    again = importing("dialogues", personas, path)
    assert again.ok and (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert list(Dialogue.objects.order_by("pk").values()) == before
    fixed = write(tmp_path, DIALOGUE_COLUMNS, DIALOGUES.replace(",45,", ",50,"), "sua.csv")
    assert importing("dialogues", personas, fixed).updated == 1
    assert Dialogue.objects.get(ref="ĐT-02/2024").people_participants == 50


def test_bad_dialogue_lines_are_reported_with_their_numbers(personas: Personas, tmp_path: Path) -> None:
    body = """ĐT-01,15/06/2024,Chủ đề,Bí thư,12,
ĐT-02,15/13/2024,Chủ đề,Bí thư,12,
ĐT-03,15/06/2024,,Bí thư,mười,
ĐT-01,16/06/2024,Chủ đề khác,Bí thư,1,
"""
    report = importing("dialogues", personas, write(tmp_path, DIALOGUE_COLUMNS, body))
    found = lines(report)
    assert sorted(found) == [3, 4, 5]
    assert "held_on" in found[3] and "topic" in found[4] and "participants" in found[4]
    assert "trùng với dòng 2" in found[5]
    assert Dialogue.objects.count() == 0


# --- opinions --------------------------------------------------------------------------------------------------

RECEPTIONS = """12,2024-06-10,regular,yes,Chủ tịch Lê Văn Hùng,Trần Văn Ba,,,1,Xin cấp sổ đỏ,recommendation,yes,answered,
"""
OPINIONS = """dialogue,ĐT-01/2024,15/06/2024,Ông Lê Văn Tư,Đề nghị sửa cống thôn 3,15/06/2024,Xã bố trí vốn
Tiếp công dân,12,2024-06-10,,Hỏi về sổ đỏ,2024-06-20,Đã trả lời bằng văn bản
Tiếp xúc cử tri,,2024-07-01,,Đề nghị làm đường,,
online,,01/08/2024,,Đèn đường hỏng,,
"""


def _stored_sources(personas: Personas, tmp_path: Path) -> None:
    from thanthien.engagement.importing import RECEPTION_COLUMNS

    assert importing("dialogues", personas, write(tmp_path, DIALOGUE_COLUMNS, DIALOGUES, "dt.csv")).ok
    assert importing("receptions", personas, write(tmp_path, RECEPTION_COLUMNS, RECEPTIONS, "tcd.csv")).ok


def test_opinions_are_linked_to_their_visit_and_dialogue(personas: Personas, tmp_path: Path) -> None:
    _stored_sources(personas, tmp_path)
    path = write(tmp_path, OPINION_COLUMNS, OPINIONS)
    report = importing("opinions", personas, path, personas.leader_a)
    assert report.ok, lines(report)
    assert report.created == 4
    spot = Opinion.objects.get(source="dialogue")
    assert spot.dialogue == Dialogue.objects.get(ref="ĐT-01/2024") and spot.answer_kind == "on_the_spot"
    later = Opinion.objects.get(source="reception")
    assert later.visit is not None and later.visit.register_number == "12" and later.answer_kind == "later"
    assert Opinion.objects.get(source="meeting").answered_on is None
    again = importing("opinions", personas, path)
    assert again.ok and (again.created, again.updated, again.unchanged) == (0, 0, 4)


def test_an_unknown_source_ref_is_a_line_error(personas: Personas, tmp_path: Path) -> None:
    _stored_sources(personas, tmp_path)
    body = (
        OPINIONS
        + """reception,99,2024-06-10,,Nội dung,,
dialogue,ĐT-09,2024-06-10,,Nội dung,,
meeting,,2024-06-10,,Nội dung,2024-06-01,Trả lời trước khi hỏi
meeting,,2024-06-10,,Nội dung khác,,Trả lời không ngày
"""
    )
    report = importing("opinions", personas, write(tmp_path, OPINION_COLUMNS, body))
    found = lines(report)
    assert sorted(found) == [6, 7, 8, 9]
    assert "source_ref" in found[6] and "99" in found[6]
    assert "ĐT-09" in found[7]
    assert "answered_on" in found[8] and "answered_on" in found[9]
    assert Opinion.objects.count() == 0


def test_a_source_ref_of_another_commune_is_unknown(personas: Personas, tmp_path: Path) -> None:
    _stored_sources(personas, tmp_path)
    body = "dialogue,ĐT-01/2024,15/06/2024,,Nội dung,,\n"
    report = run(get_importer("opinions"), None, personas.commune_b, write(tmp_path, OPINION_COLUMNS, body))
    assert not report.ok and "ĐT-01/2024" in report.errors[0].message


# --- petitions -------------------------------------------------------------------------------------------------

PETITIONS = """12,08/10/2024,post,complaint,Lê Văn Năm,Thôn 4,038090001234,1,no,Đất đai,Khiếu nại quyết định thu hồi đất,yes,yes,accept,2024-10-15,,2024-11-10,unfounded,15/QĐ-UBND,
13,2024-10-09,Qua tiếp công dân,Tố cáo,,,,1,có,Đất đai,Tố cáo cán bộ thôn,có,không,Chuyển đơn,10/10/2024,Công an huyện,,,,
14,2024-10-20,hand,Kiến nghị,Trần Thị Hoa,,,3,không,Môi trường,Kiến nghị về rác thải,,,,,,,,,
2,2025-01-05,direct,phan anh,Đỗ Văn Bảy,,,1,,Giao thông,Đường hỏng,có,có,Lưu đơn,2025-01-06,,,,,Trùng nội dung đơn số 1/2025
"""


def test_petitions_are_imported_numbered_and_due_days_stored(personas: Personas, tmp_path: Path) -> None:
    path = write(tmp_path, PETITION_COLUMNS, PETITIONS)
    report = importing("petitions", personas, path, personas.reception_a)
    assert report.ok, lines(report)
    assert report.created == 4
    accepted = Petition.objects.get(year=2024, number=12)
    assert (accepted.direction, accepted.accepted_on, accepted.handled_on) == (
        "accept",
        dt.date(2024, 10, 15),
        dt.date(2024, 10, 15),
    )
    assert accepted.status == "resolved" and accepted.outcome == "unfounded"
    assert accepted.decision_number == "15/QĐ-UBND" and accepted.petitioner_id_number == "038090001234"
    forwarded = Petition.objects.get(year=2024, number=13)
    assert forwarded.anonymous and forwarded.source == "reception" and forwarded.kind == "denunciation"
    assert forwarded.status == "closed" and forwarded.within_competence is False
    open_one = Petition.objects.get(year=2024, number=14)
    assert open_one.status == "received" and open_one.signers == 3
    archived = Petition.objects.get(year=2025, number=2)
    assert archived.direction == "archive" and archived.direction_reason.startswith("Trùng nội dung")
    # The stored due days were computed for every imported petition.
    assert set(PetitionDeadline.objects.filter(petition=accepted).values_list("step", flat=True)) == {
        "acceptance",
        "resolution",
    }
    assert PetitionDeadline.objects.filter(petition=open_one).exists()
    # The counters are past the imported numbers: the next petition received at the desk does not collide.
    assert last_issued(personas.commune_a, petition_series(2024)) == 14
    assert last_issued(personas.commune_a, petition_series(2025)) == 2
    audit = AuditEntry.objects.get(action="engagement.petitions_imported")
    assert "Lê Văn Năm" not in audit.note and "038090001234" not in audit.note
    before = list(Petition.objects.order_by("pk").values())
    again = importing("petitions", personas, path)
    assert again.ok and (again.created, again.updated, again.unchanged) == (0, 0, 4)
    assert list(Petition.objects.order_by("pk").values()) == before
    assert last_issued(personas.commune_a, petition_series(2024)) == 14


def test_the_next_petition_received_after_an_import_gets_a_fresh_number(personas: Personas, tmp_path: Path) -> None:
    body = "5,2024-10-08,post,complaint,Lê Văn Năm,,,1,no,,Nội dung,,,,,,,,,\n"
    assert importing("petitions", personas, write(tmp_path, PETITION_COLUMNS, body)).ok
    p = receive_petition(
        personas.reception_a,
        personas.commune_a,
        {
            "received_on": dt.date(2024, 12, 1),
            "source": "direct",
            "kind": "feedback",
            "petitioner_name": "A",
            "content": "B",
        },
    )
    assert (p.number, p.year) == (6, 2024)


def test_a_stored_petition_is_never_overwritten(personas: Personas, tmp_path: Path) -> None:
    assert importing("petitions", personas, write(tmp_path, PETITION_COLUMNS, PETITIONS)).ok
    changed = PETITIONS.replace("Kiến nghị về rác thải", "Nội dung khác")
    report = importing("petitions", personas, write(tmp_path, PETITION_COLUMNS, changed, "sua.csv"))
    found = lines(report)
    assert list(found) == [4] and "14/2024" in found[4] and "content" in found[4]
    assert Petition.objects.get(year=2024, number=14).content == "Kiến nghị về rác thải"


BAD_PETITIONS = """1,2024-10-08,post,complaint,Lê Văn Năm,,,1,no,,Nội dung,,,,,,,,,
2,2024-10-08,fax,khiếu kiện,Lê Văn Năm,,,1,no,,Nội dung,,,,,,,,,
3,2024-10-08,post,complaint,,,,1,no,,Nội dung,,,,,,,,,
4,2024-10-08,post,complaint,Lê Văn Năm,,,1,yes,,Nội dung,,,,,,,,,
5,2024-10-08,post,recommendation,Lê Văn Năm,,,1,no,,Nội dung,yes,yes,accept,2024-10-09,,2024-10-20,founded,,
6,2024-10-08,post,complaint,Lê Văn Năm,,,1,no,,Nội dung,yes,yes,accept,2024-10-01,,,,,
7,2024-10-08,post,complaint,Lê Văn Năm,,,1,no,,Nội dung,yes,yes,refuse,2024-10-09,,,,,
8,2024-10-08,post,complaint,Lê Văn Năm,,,1,no,,Nội dung,yes,no,forward,2024-10-09,,,,,
1,05/11/2024,post,complaint,Lê Văn Năm,,,1,no,,Nội dung,,,,,,,,,
10,2024-10-08,post,complaint,Lê Văn Năm,,,1,no,,Nội dung,,,guide,2024-10-09,,2024-10-20,answered,,
x,2024-10-08,post,complaint,Lê Văn Năm,,,1,no,,Nội dung,,,,,,,,,
"""


def test_every_bad_petition_line_is_reported_in_vietnamese(personas: Personas, tmp_path: Path) -> None:
    report = importing("petitions", personas, write(tmp_path, PETITION_COLUMNS, BAD_PETITIONS))
    found = lines(report)
    assert sorted(found) == [3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
    assert "source" in found[3] and "kind" in found[3]
    assert "petitioner_name" in found[4]
    assert "nặc danh" in found[5]
    assert "không áp dụng cho đơn kiến nghị" in found[6]
    assert "trước ngày nhận đơn" in found[7]
    assert "note" in found[8] and "lý do" in found[8]
    assert "forwarded_to" in found[9]
    assert "trùng với dòng 2" in found[10]
    assert "direction accept" in found[11]
    assert "number" in found[12]
    assert "Lê Văn Năm" not in " ".join(found.values())
    assert Petition.objects.count() == 0 and last_issued(personas.commune_a, petition_series(2024)) == 0


def test_petitions_from_an_excel_file(personas: Personas, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append([c.name for c in PETITION_COLUMNS])
    sheet.append(
        [
            7,
            dt.datetime(2024, 10, 8),
            "Qua bưu chính",
            "Khiếu nại",
            "Lê Văn Năm",
            "",
            38090001234,
            1,
            "Không",
            "",
            "Nội dung",
            "Có",
            "Có",
            "Thụ lý",
            45580,
            "",
            None,
            "",
            "",
            "",
        ]
    )
    out = io.BytesIO()
    book.save(out)
    path = tmp_path / "don.xlsx"
    path.write_bytes(out.getvalue())
    report = importing("petitions", personas, path)
    assert report.ok, lines(report)
    p = Petition.objects.get()
    assert p.accepted_on == dt.date(2024, 10, 15) and p.status == "accepted"


def test_only_petition_writers_of_the_commune_import_petitions(personas: Personas, tmp_path: Path) -> None:
    path = write(tmp_path, PETITION_COLUMNS, PETITIONS)
    for user in (personas.front_a, personas.officer_a, personas.officer_b, personas.supervisor):
        with pytest.raises(PermissionDenied):
            importing("petitions", personas, path, user)
    for user in (personas.officer_a, personas.officer_b):
        with pytest.raises(PermissionDenied):
            importing("dialogues", personas, write(tmp_path, DIALOGUE_COLUMNS, DIALOGUES, "d.csv"), user)


@pytest.mark.parametrize("kind", ["receptions", "dialogues", "opinions", "petitions"])
def test_the_upload_pages_template_example_is_a_valid_line(personas: Personas, tmp_path: Path, kind: str) -> None:
    response = personas.client(personas.leader_a).get(f"/can-bo/nhap-du-lieu/mau/{kind}.xlsx")
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    path = tmp_path / f"{kind}.xlsx"
    path.write_bytes(content)
    report = run(get_importer(kind), personas.leader_a, personas.commune_a, path, dry_run=True)
    assert report.ok and report.created == 1, lines(report)


def test_the_one_upload_page_offers_the_registers_to_their_writers(personas: Personas) -> None:
    html = personas.client(personas.reception_a).get("/can-bo/nhap-du-lieu/").content.decode()
    assert "Sổ tiếp công dân" in html and "Sổ đơn thư" in html
    front = personas.client(personas.front_a).get("/can-bo/nhap-du-lieu/").content.decode()
    assert "Sổ đối thoại" in front and "Sổ đơn thư" not in front  # MTTQ does not write petitions
    upload = io.BytesIO((",".join(c.name for c in PETITION_COLUMNS) + "\n" + PETITIONS).encode())
    upload.name = "so-don.csv"
    client = personas.client(personas.leader_a)
    page = client.post("/can-bo/nhap-du-lieu/?kind=petitions", {"kind": "petitions", "unit": "X16012", "file": upload})
    assert "thêm mới 4" in page.content.decode()
    assert Petition.objects.filter(unit=personas.commune_a).count() == 4
