"""Writing and approving: the apology rules, who may approve, numbering per unit, kind and year, and the letter
page's forms (edit, approve, cancel)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.conftest import Personas, make_user
from tests.onestop.factories import make_dossier, vn
from thanthien.audit.models import AuditEntry
from thanthien.civil.models import CivilEvent
from thanthien.documents import numbering
from thanthien.documents.models import NumberCounter
from thanthien.letters import actions
from thanthien.letters.models import Letter, LetterKind, LetterStatus, SubjectType
from thanthien.onestop.models import Dossier
from thanthien.org.models import Role, Unit

pytestmark = pytest.mark.django_db

DUE = vn(2026, 11, 18, 17, 0)


def apology(unit: Unit, **fields: object) -> Letter:
    dossier = make_dossier(unit, received_at=vn(2026, 11, 16, 9, 0), due_at=DUE, applicant_name="Nguyễn Văn Án")
    values: dict[str, object] = {
        "unit": unit,
        "kind": LetterKind.APOLOGY,
        "subject_type": SubjectType.DOSSIER,
        "subject_id": str(dossier.pk),
        "dossier": dossier,
        "owed_on": dt.date(2026, 11, 18),
        "honorific": "Ông",
        "recipient_name": "Nguyễn Văn Án",
    }
    return Letter.objects.create(**(values | fields))


def congratulation(unit: Unit) -> Letter:
    event = CivilEvent.objects.create(
        unit=unit, kind="birth", registered_on=dt.date(2026, 11, 10), contact_name="Lê Văn Hùng", person_name="Lê Minh"
    )
    return Letter.objects.create(
        unit=unit,
        kind=LetterKind.CONGRATULATION,
        subject_type=SubjectType.CIVIL_EVENT,
        subject_id=str(event.pk),
        civil_event=event,
        owed_on=event.registered_on,
        recipient_name=event.contact_name,
    )


def ready(unit: Unit) -> Letter:
    return apology(unit, reason="phải xác minh thêm nguồn gốc thửa đất", new_appointment_at=vn(2026, 11, 20, 16, 0))


def assert_unchanged(letter: Letter) -> None:
    letter.refresh_from_db()
    assert letter.status == LetterStatus.DRAFT
    assert (letter.number, letter.letter_date, letter.approved_by, letter.body) == (None, None, None, "")
    assert not NumberCounter.objects.filter(series__startswith="letter:").exists()
    assert not AuditEntry.objects.filter(action="letters.approved").exists()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"new_appointment_at": vn(2026, 11, 20, 16, 0)}, "reason", "lý do chậm trả kết quả"),
        ({"reason": "   ", "new_appointment_at": vn(2026, 11, 20, 16, 0)}, "reason", "lý do chậm trả kết quả"),
        ({"reason": "phải xác minh"}, "new_appointment_at", "ngày hẹn trả kết quả mới"),
        (
            {"reason": "phải xác minh", "new_appointment_at": vn(2026, 11, 18, 10, 0)},
            "new_appointment_at",
            "sau hạn trả kết quả ban đầu",
        ),
        ({"reason": "phải xác minh", "new_appointment_at": DUE}, "new_appointment_at", "sau hạn trả kết quả ban đầu"),
    ],
)
def test_apology_approval_rules(personas: Personas, fields: dict[str, object], field: str, message: str) -> None:
    letter = apology(personas.commune_a, **fields)
    with pytest.raises(ValidationError) as caught:
        actions.approve(personas.leader_a, letter)
    assert message in " ".join(caught.value.message_dict[field])
    assert_unchanged(letter)
    assert Dossier.objects.get(pk=letter.dossier_id).new_appointment_at is None


def test_only_a_leader_of_the_unit_approves(personas: Personas) -> None:
    letter = ready(personas.commune_a)
    for user in (personas.officer_a, personas.registrar_a, personas.admin_a, personas.supervisor):
        with pytest.raises(PermissionDenied):
            actions.approve(user, letter)
    leader_b = make_user("leader_b", Role.LEADER, personas.commune_b, "Mai Văn Tâm")
    with pytest.raises(PermissionDenied):
        actions.approve(leader_b, letter)
    assert_unchanged(letter)


def test_approval_fixes_number_date_signer_and_freezes_the_text(personas: Personas) -> None:
    letter = ready(personas.commune_a)
    actions.approve(personas.leader_a, letter)
    letter.refresh_from_db()
    today = timezone.localdate()
    assert letter.status == LetterStatus.APPROVED
    assert (letter.number_text, letter.letter_date, letter.year) == ("1/TXL-UBND", today, today.year)
    assert (letter.signer_name, letter.signer_title) == ("Trần Văn Dũng", "Chủ tịch")
    assert "phải xác minh thêm nguồn gốc thửa đất" in letter.body
    assert "16:00 Thứ Sáu 20/11/2026" in letter.body
    # The new appointment is recorded on the dossier; the original due date stays.
    dossier = Dossier.objects.get(pk=letter.dossier_id)
    assert (dossier.new_appointment_at, dossier.due_at) == (vn(2026, 11, 20, 16, 0), DUE)
    with pytest.raises(ValidationError):
        actions.edit_draft(personas.officer_a, letter, reason="khác")
    with pytest.raises(ValidationError):
        actions.approve(personas.leader_a, letter)
    letter.refresh_from_db()
    assert letter.number == 1


def test_numbering_per_unit_kind_and_year(personas: Personas) -> None:
    leader_b = make_user("leader_b", Role.LEADER, personas.commune_b, "Mai Văn Tâm")
    first, second = ready(personas.commune_a), ready(personas.commune_a)
    other = ready(personas.commune_b)
    greeting = congratulation(personas.commune_a)
    for user, letter in ((personas.leader_a, first), (personas.leader_a, second), (leader_b, other)):
        actions.approve(user, letter)
    actions.approve(personas.leader_a, greeting)
    numbers = {letter.pk: letter.number_text for letter in Letter.objects.all()}
    assert numbers == {
        first.pk: "1/TXL-UBND",
        second.pk: "2/TXL-UBND",
        other.pk: "1/TXL-UBND",
        greeting.pk: "1/TCM-UBND",
    }
    # A new year starts again at 1.
    # The numbers come from the one numbering service, one series per kind and year; a new year starts again at 1.
    year = timezone.localdate().year
    assert numbering.last_issued(personas.commune_a, f"letter:apology:{year}") == 2
    assert numbering.last_issued(personas.commune_a, f"letter:congratulation:{year}") == 1
    assert numbering.last_issued(personas.commune_a, f"letter:apology:{year + 1}") == 0


def test_the_letter_page_edits_and_approves(personas: Personas) -> None:
    letter = apology(personas.commune_a)
    officer = personas.client(personas.officer_a)
    page = officer.get(f"/thu/{letter.pk}/").content.decode()
    assert "Sửa dự thảo" in page and "Duyệt và ký" not in page
    # The suggested new appointment is a real value in the form: only the reason is missing.
    assert "còn thiếu lý do chậm trả kết quả;" in page
    # The new appointment is suggested from the calendar.
    suggested = actions.suggest_new_appointment(letter)
    assert suggested is not None and timezone.localtime(suggested).strftime("%d/%m/%Y %H:%M") in page

    response = officer.post(
        f"/thu/{letter.pk}/sua/",
        {"honorific": "Ông", "recipient_name": "Nguyễn Văn Án", "reason": "", "new_appointment_at": "31/02/2026 16:00"},
    )
    assert response.status_code == 200
    assert "Thời điểm không hợp lệ" in response.content.decode()
    response = officer.post(
        f"/thu/{letter.pk}/sua/",
        {
            "honorific": "Ông",
            "recipient_name": "Nguyễn  Văn Án",
            "recipient_phone": "0912 345 678",
            "reason": "phải xác minh thêm nguồn gốc thửa đất",
            "new_appointment_at": "20/11/2026 16:00",
        },
    )
    assert response.status_code == 302
    letter.refresh_from_db()
    assert (letter.recipient_name, letter.recipient_phone) == ("Nguyễn Văn Án", "0912345678")
    assert letter.new_appointment_at == vn(2026, 11, 20, 16, 0)
    assert AuditEntry.objects.filter(action="letters.edited", object_id=str(letter.pk)).exists()

    assert officer.post(f"/thu/{letter.pk}/duyet/").status_code == 403
    leader = personas.client(personas.leader_a)
    assert "Duyệt và ký" in leader.get(f"/thu/{letter.pk}/").content.decode()
    page = leader.post(f"/thu/{letter.pk}/duyet/").content.decode()
    assert "Xác nhận duyệt và ký" in page and letter.status == LetterStatus.DRAFT
    page = leader.post(f"/thu/{letter.pk}/duyet/", {"confirmed": "1"}, follow=True).content.decode()
    assert "Đã duyệt, ký thư số 1/TXL-UBND" in page
    assert "Lưu dự thảo" not in page and "Duyệt và ký" not in page
    assert "Lập dự thảo thư" not in page  # created by hand here, no sweep row
    assert "Duyệt, ký thư" in page and "Sửa dự thảo thư" in page  # the history from the audit rows


def test_the_page_shows_why_approval_was_refused(personas: Personas) -> None:
    letter = apology(personas.commune_a, reason="phải xác minh", new_appointment_at=vn(2026, 11, 18, 8, 0))
    page = personas.client(personas.leader_a).post(f"/thu/{letter.pk}/duyet/", follow=True).content.decode()
    assert "Chưa duyệt được thư" in page and "Ngày hẹn mới phải sau hạn trả kết quả ban đầu." in page
    assert_unchanged(letter)


def test_cancel_needs_a_reason(personas: Personas) -> None:
    letter = ready(personas.commune_a)
    client = personas.client(personas.officer_a)
    response = client.post(f"/thu/{letter.pk}/huy/", {"reason": "  "})
    assert response.status_code == 200 and "Vui lòng ghi lý do hủy thư." in response.content.decode()
    letter.refresh_from_db()
    assert letter.status == LetterStatus.DRAFT
    response = client.post(f"/thu/{letter.pk}/huy/", {"reason": "Trùng với thư đã gửi"}, follow=True)
    letter.refresh_from_db()
    assert (letter.status, letter.cancel_reason) == (LetterStatus.CANCELLED, "Trùng với thư đã gửi")
    assert "Đã hủy: Trùng với thư đã gửi" in response.content.decode()
    assert personas.client(personas.leader_a).post(f"/thu/{letter.pk}/duyet/").status_code == 302
    letter.refresh_from_db()
    assert letter.status == LetterStatus.CANCELLED and letter.number is None
