"""`thanthien import letters`: the letters a commune sent before it used Thân Thiện, typed in from its old register.
They count in the letters' figures like letters made here, are marked "Nhập từ sổ cũ", link to the dossier, civil
event or feedback their subject names so the sweep never drafts them again, and a bad line saves nothing."""

from __future__ import annotations

import datetime as dt
import io
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone
from openpyxl import Workbook

from tests.conftest import Personas
from tests.onestop.factories import make_dossier, vn
from thanthien.audit.models import AuditEntry
from thanthien.civil.models import CivilEvent
from thanthien.documents.numbering import last_issued
from thanthien.engagement import feedback_actions
from thanthien.engagement.feedback import Feedback
from thanthien.letters import actions
from thanthien.letters.importing import COLUMNS, PAST_REGISTER
from thanthien.letters.models import DeliveryMethod, DeliveryStatus, Letter, LetterKind, LetterStatus, SubjectType
from thanthien.letters.stats import letter_stats
from thanthien.letters.subjects.feedback import FEEDBACK
from thanthien.lib.importing import ImportReport, get_importer, run
from thanthien.onestop.models import Dossier

pytestmark = pytest.mark.django_db

HEADER = ",".join(c.name for c in COLUMNS)
NAME = "Nguyễn Thị Hạnh"


def write(tmp_path: Path, body: str, name: str = "so-thu.csv") -> Path:
    path = tmp_path / name
    path.write_bytes((HEADER + "\n" + body).encode("utf-8"))
    return path


def importing(personas: Personas, path: Path, user: Any = None) -> ImportReport:
    return run(get_importer("letters"), user, personas.commune_a, path)


def lines(report: ImportReport) -> dict[int, str]:
    return {e.line: str(e) for e in report.errors}


@pytest.fixture
def known(personas: Personas) -> dict[str, Any]:
    """What the sweep would draft letters for in commune A: an overdue dossier, a recent birth, a death, an
    answered feedback."""
    today = timezone.localdate()
    dossier = make_dossier(personas.commune_a, received_at=vn(2026, 10, 1, 9, 0))
    birth = CivilEvent.objects.create(
        unit=personas.commune_a,
        kind="birth",
        register_number="KS-12",
        registered_on=today - dt.timedelta(days=5),
        contact_name="Lê Văn Hùng",
        person_name="Lê Minh An",
    )
    death = CivilEvent.objects.create(
        unit=personas.commune_a,
        kind="death",
        register_number="KT-05",
        registered_on=today - dt.timedelta(days=4),
        contact_name="Trần Văn Tư",
        person_name="Trần Văn Năm",
        person_title="Cụ ông",
    )
    feedback, _ = feedback_actions.submit_feedback(
        personas.commune_a,
        {"category": "infrastructure", "content": "Đề nghị sửa đèn ngõ 3.", "contact_name": "Hà Văn Xuân"},
    )
    feedback = feedback_actions.answer(personas.leader_a, feedback, "Xã đã sửa.")
    return {"dossier": dossier, "birth": birth, "death": death, "feedback": feedback}


def register_body(known: dict[str, Any]) -> str:
    return (
        f"apology,3/TXL-UBND,2026-11-02,{NAME},{known['dossier'].code},03/11/2026,handed\n"
        f"Thư chúc mừng,5,05/11/2026,Lê Văn Hùng,KS-12,2026-11-06,Gửi qua bưu điện\n"
        f"chia buồn,7,2026-11-07,Trần Văn Tư,KT-05,07/11/2026,Đến thăm trao tại nhà\n"
        f"thanks,2,08/11/2026,Hà Văn Xuân,{known['feedback'].code},09/11/2026,zalo\n"
        f"Thư cảm ơn,9,10/11/2026,Phạm Văn Bảy,Đóng góp ý kiến làm đường thôn Tây,10/11/2026,Thư điện tử\n"
    )


def sweep() -> int:
    return actions.sweep(timezone.localdate(), timezone.now())


def test_the_register_is_imported_as_delivered_letters_linked_to_their_subjects(
    personas: Personas, known: dict[str, Any], tmp_path: Path
) -> None:
    report = importing(personas, write(tmp_path, register_body(known)), personas.officer_a)
    assert report.ok, lines(report)
    assert (report.created, report.updated) == (5, 0)
    letters = {(x.kind, x.number): x for x in Letter.objects.all()}
    apology = letters[(LetterKind.APOLOGY, 3)]
    assert apology.status == LetterStatus.DELIVERED and apology.imported
    assert apology.letter_date == dt.date(2026, 11, 2) and apology.owed_on == dt.date(2026, 11, 2)
    assert apology.year == 2026 and apology.number_text == "3/TXL-UBND"
    assert timezone.localdate(apology.delivered_at) == dt.date(2026, 11, 3)
    assert apology.delivery_method == DeliveryMethod.HANDED and apology.delivery_status == DeliveryStatus.DELIVERED
    assert apology.dossier_id == known["dossier"].pk and apology.subject_type == SubjectType.DOSSIER
    assert apology.recipient_name == NAME and apology.created_by == personas.officer_a
    congratulation = letters[(LetterKind.CONGRATULATION, 5)]
    assert congratulation.civil_event_id == known["birth"].pk and congratulation.delivery_method == "post"
    assert congratulation.number_text == "5/TCM-UBND"  # the commune's symbol when the register gives none
    condolence = letters[(LetterKind.CONDOLENCE, 7)]
    assert condolence.civil_event_id == known["death"].pk and condolence.delivery_method == "home_visit"
    thanks = letters[(LetterKind.THANKS, 2)]
    assert (thanks.subject_type, thanks.subject_id) == (FEEDBACK, str(known["feedback"].pk))
    assert thanks.delivery_method == "zalo"
    free = letters[(LetterKind.THANKS, 9)]
    assert free.subject_type == PAST_REGISTER and free.imported_subject == "Đóng góp ý kiến làm đường thôn Tây"
    assert free.delivery_method == "email" and free.dossier_id is None and free.civil_event_id is None
    # One audit row for the run, one per letter for its history; never the recipient's name.
    assert AuditEntry.objects.filter(action="letters.imported").count() == 1
    assert AuditEntry.objects.filter(action="letters.imported_one", object_type="letters.letter").count() == 5
    assert not AuditEntry.objects.filter(note__contains=NAME).exists()


def test_an_xlsx_register_with_date_cells_is_imported(personas: Personas, tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append([c.name for c in COLUMNS])
    sheet.append(
        ["Thư xin lỗi", 11, dt.date(2025, 3, 4), NAME, "Hồ sơ đất đai chậm", dt.date(2025, 3, 5), "Trao tận tay"]
    )
    sheet.append(["condolence", "4/TCB-UBND", "12/12/2025", "Gia đình ông Tư", "", "2025-12-13", "post"])
    path = tmp_path / "so-thu.xlsx"
    book.save(path)
    report = importing(personas, path)
    assert report.ok, lines(report)
    assert report.created == 2
    apology = Letter.objects.get(kind=LetterKind.APOLOGY)
    assert apology.number == 11 and apology.letter_date == dt.date(2025, 3, 4) and apology.imported
    assert apology.imported_subject == "Hồ sơ đất đai chậm" and apology.subject_type == PAST_REGISTER
    assert Letter.objects.get(kind=LetterKind.CONDOLENCE).letter_date == dt.date(2025, 12, 12)


def test_the_command_imports_the_file(personas: Personas, known: dict[str, Any], tmp_path: Path) -> None:
    out = StringIO()
    call_command("import", "letters", str(write(tmp_path, register_body(known))), unit="X16012", stdout=out)
    assert Letter.objects.filter(imported=True, unit=personas.commune_a).count() == 5


def test_imported_letters_count_in_the_letters_figures(
    personas: Personas, known: dict[str, Any], tmp_path: Path
) -> None:
    assert importing(personas, write(tmp_path, register_body(known))).ok
    figures = letter_stats(personas.commune_a, dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert figures["total"] == 5
    assert (figures["apology"], figures["thanks"], figures["condolence"]) == (1, 2, 1)
    assert figures["congratulation"] == {"total": 1, "birth": 1, "marriage": 0}
    assert figures["by_status"]["delivered"] == 5 and figures["by_status"]["draft"] == 0
    # Dated by the signing day: none in October.
    assert letter_stats(personas.commune_a, dt.date(2026, 10, 1), dt.date(2026, 10, 31))["total"] == 0
    assert letter_stats(personas.commune_b, dt.date(2026, 11, 1), dt.date(2026, 11, 30))["total"] == 0


def test_the_sweep_does_not_draft_again_for_a_linked_subject(
    personas: Personas, known: dict[str, Any], tmp_path: Path
) -> None:
    other = make_dossier(personas.commune_a, received_at=vn(2026, 10, 1, 9, 0))  # not in the register: still owed
    assert importing(personas, write(tmp_path, register_body(known))).ok
    assert sweep() == 1
    assert Letter.objects.get(status=LetterStatus.DRAFT).dossier_id == other.pk
    assert Letter.objects.filter(dossier=known["dossier"]).count() == 1
    assert Letter.objects.filter(civil_event__in=[known["birth"], known["death"]]).count() == 2
    assert Letter.objects.filter(subject_type=FEEDBACK).count() == 1
    assert sweep() == 0


def test_without_the_register_the_same_subjects_would_be_drafted(personas: Personas, known: dict[str, Any]) -> None:
    # The control of the test above: these subjects are owed letters by the sweep.
    assert sweep() == 4


def test_importing_the_same_file_again_changes_nothing(
    personas: Personas, known: dict[str, Any], tmp_path: Path
) -> None:
    path = write(tmp_path, register_body(known))
    assert importing(personas, path).ok
    before = list(Letter.objects.order_by("pk").values_list("pk", "number", "kind", "letter_date"))
    again = importing(personas, path)
    assert again.ok and (again.created, again.updated) == (0, 0)
    assert list(Letter.objects.order_by("pk").values_list("pk", "number", "kind", "letter_date")) == before


def test_a_number_used_by_another_letter_of_the_year_is_refused(personas: Personas, tmp_path: Path) -> None:
    assert importing(personas, write(tmp_path, f"apology,3,2026-11-02,{NAME},,03/11/2026,handed\n")).ok
    report = importing(personas, write(tmp_path, f"apology,3,2026-11-20,{NAME},,21/11/2026,handed\n", "b.csv"))
    assert not report.ok
    assert "số 3 năm 2026" in lines(report)[2] and "đã dùng cho thư khác" in lines(report)[2]
    assert Letter.objects.count() == 1


def test_a_subject_that_already_has_its_letter_is_refused(
    personas: Personas, known: dict[str, Any], tmp_path: Path
) -> None:
    sweep()  # the apology for the dossier is drafted here
    body = f"apology,3,2026-11-02,{NAME},{known['dossier'].code},03/11/2026,handed\n"
    report = importing(personas, write(tmp_path, body))
    assert not report.ok
    assert "đã có thư xin lỗi" in lines(report)[2] and report.errors[0].column == "subject"
    assert not Letter.objects.filter(imported=True).exists()


def test_two_lines_for_one_subject_are_refused(personas: Personas, known: dict[str, Any], tmp_path: Path) -> None:
    code = known["dossier"].code
    body = f"apology,3,2026-11-02,{NAME},{code},03/11/2026,handed\napology,4,2026-11-03,{NAME},{code},04/11/2026,post\n"
    report = importing(personas, write(tmp_path, body))
    assert "dòng 2" in lines(report)[3]
    assert Letter.objects.count() == 0


GOOD = f"apology,1,2026-11-02,{NAME},,03/11/2026,handed\n"
FUTURE = (timezone.localdate() + dt.timedelta(days=3)).strftime("%d/%m/%Y")


@pytest.mark.parametrize(
    ("line", "column", "words"),
    [
        (f"thư mời,2,2026-11-02,{NAME},,03/11/2026,handed", "kind", "không hợp lệ"),
        (f",2,2026-11-02,{NAME},,03/11/2026,handed", "kind", "thiếu loại thư"),
        (f"apology,,2026-11-02,{NAME},,03/11/2026,handed", "number", "thiếu số thư"),
        (f"apology,hai,2026-11-02,{NAME},,03/11/2026,handed", "number", "không hợp lệ"),
        (f"apology,0,2026-11-02,{NAME},,03/11/2026,handed", "number", "không hợp lệ"),
        (f"apology,2,31/02/2026,{NAME},,03/11/2026,handed", "signed_on", "không hợp lệ"),
        (f"apology,2,,{NAME},,03/11/2026,handed", "signed_on", "thiếu ngày ký"),
        (f"apology,2,{FUTURE},{NAME},,{FUTURE},handed", "signed_on", "ở tương lai"),
        ("apology,2,2026-11-02,,,03/11/2026,handed", "recipient_name", "thiếu người nhận"),
        (f"apology,2,2026-11-02,{'A' * 151},,03/11/2026,handed", "recipient_name", "dài quá 150"),
        (f"apology,2,2026-11-02,{NAME},{'x' * 301},03/11/2026,handed", "subject", "dài quá 300"),
        (f"apology,2,2026-11-02,{NAME},,,handed", "delivered_on", "thiếu ngày gửi"),
        (f"apology,2,2026-11-02,{NAME},,2026-13-01,handed", "delivered_on", "không hợp lệ"),
        (f"apology,2,2026-11-02,{NAME},,01/11/2026,handed", "delivered_on", "trước ngày ký"),
        (f"apology,2,2026-11-02,{NAME},,03/11/2026,fax", "delivery", "không hợp lệ"),
        (f"apology,2,2026-11-02,{NAME},,03/11/2026,", "delivery", "thiếu cách gửi"),
    ],
)
def test_a_bad_cell_names_its_row_and_column_and_saves_nothing(
    personas: Personas, tmp_path: Path, line: str, column: str, words: str
) -> None:
    report = importing(personas, write(tmp_path, GOOD + line + "\n"))
    assert not report.ok
    found = lines(report)
    assert list(found) == [3], found
    assert found[3].startswith("Dòng 3: ") and f"({column})" in found[3] and words in found[3], found[3]
    assert column in report.errors[0].column
    assert NAME not in found[3]
    assert Letter.objects.count() == 0 and not AuditEntry.objects.filter(action__startswith="letters.").exists()


def test_a_repeated_number_in_the_file_names_the_first_line(personas: Personas, tmp_path: Path) -> None:
    report = importing(personas, write(tmp_path, GOOD + f"xin lỗi,1,2026-12-01,{NAME},,2026-12-01,post\n"))
    assert "trùng với dòng 2" in lines(report)[3]
    assert Letter.objects.count() == 0


def test_the_numbering_moves_past_the_imported_numbers(personas: Personas, tmp_path: Path) -> None:
    body = f"apology,41,2026-11-02,{NAME},,03/11/2026,handed\napology,7,2026-11-03,{NAME},,03/11/2026,handed\n"
    assert importing(personas, write(tmp_path, body)).ok
    assert last_issued(personas.commune_a, actions.number_series("apology", 2026)) == 41
    assert last_issued(personas.commune_a, actions.number_series("thanks", 2026)) == 0
    dossier = make_dossier(personas.commune_a, received_at=vn(2026, 11, 16, 9, 0))
    sweep()
    draft = Letter.objects.get(dossier=dossier)
    draft = actions.approve(
        personas.leader_a, draft, reason="cần xác minh thêm", new_appointment_at=vn(2026, 11, 27, 16, 0)
    )
    assert draft.number == 42


def test_only_the_communes_writers_import_into_it(personas: Personas, tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    with pytest.raises(PermissionDenied):
        importing(personas, path, personas.officer_b)
    with pytest.raises(ValidationError):
        run(get_importer("letters"), None, personas.district, path)
    assert Letter.objects.count() == 0


def test_the_pages_say_the_letter_was_imported_and_mask_the_register_for_a_supervisor(
    personas: Personas, tmp_path: Path
) -> None:
    body = f"thanks,9,10/11/2026,{NAME},Đóng góp của bà {NAME},10/11/2026,handed\n"
    assert importing(personas, write(tmp_path, body)).ok
    letter = Letter.objects.get()
    staff = personas.client(personas.officer_a)
    page = staff.get(f"/thu/{letter.pk}/").content.decode()
    assert "Nhập từ sổ cũ" in page and f"Đóng góp của bà {NAME}" in page
    assert "In thư (PDF)" not in page  # its text is on paper only
    listing = staff.get("/thu/").content.decode()
    assert "Nhập từ sổ cũ" in listing and f"Đóng góp của bà {NAME}" in listing
    supervisor = personas.client(personas.supervisor)
    for url in (f"/thu/{letter.pk}/", "/thu/"):
        shown = supervisor.get(url).content.decode()
        assert "Nhập từ sổ cũ" in shown and NAME not in shown


def test_a_dossier_lettered_by_import_is_not_a_late_dossier_without_apology(
    personas: Personas, known: dict[str, Any], tmp_path: Path
) -> None:
    dossier: Dossier = known["dossier"]
    before = letter_stats(personas.commune_a, dt.date(2026, 10, 1), dt.date(2026, 11, 30))
    assert importing(personas, write(tmp_path, register_body(known))).ok
    after = letter_stats(personas.commune_a, dt.date(2026, 10, 1), dt.date(2026, 11, 30))
    assert after["late_dossiers_without_apology"] == before["late_dossiers_without_apology"] - 1
    assert Letter.objects.get(dossier=dossier).imported
    assert Feedback.objects.count() == 1


def test_the_upload_pages_template_example_is_a_valid_line(personas: Personas, tmp_path: Path) -> None:
    response = personas.client(personas.officer_a).get("/can-bo/nhap-du-lieu/mau/letters.xlsx")
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
    path = tmp_path / "letters.xlsx"
    path.write_bytes(content)
    report = run(get_importer("letters"), personas.officer_a, personas.commune_a, path, dry_run=True)
    assert report.ok and report.created == 1, lines(report)
    assert not Letter.objects.exists()


def test_the_one_upload_page_imports_the_register(personas: Personas, known: dict[str, Any]) -> None:
    client = personas.client(personas.officer_a)
    assert "Sổ thư đã gửi" in client.get("/can-bo/nhap-du-lieu/").content.decode()
    upload = io.BytesIO((HEADER + "\n" + register_body(known)).encode())
    upload.name = "so-thu.csv"
    page = client.post("/can-bo/nhap-du-lieu/?kind=letters", {"kind": "letters", "unit": "X16012", "file": upload})
    assert "thêm mới 5" in page.content.decode()
    assert Letter.objects.filter(imported=True, unit=personas.commune_a).count() == 5


def test_a_subject_naming_another_communes_dossier_is_refused(personas: Personas, tmp_path: Path) -> None:
    from tests.onestop.factories import make_dossier

    theirs = make_dossier(personas.commune_b)
    report = importing(personas, write(tmp_path, f"apology,5,2026-11-02,{NAME},{theirs.code},03/11/2026,handed\n"))
    assert not report.ok and "hồ sơ của đơn vị khác" in lines(report)[2]
    assert not Letter.objects.exists()
