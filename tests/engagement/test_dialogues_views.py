"""The dialogue and opinion pages: writers per persona, supervisors read with names masked, another commune's
records are not found, bad input changes nothing, and the minutes print as a PDF."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from tests.conftest import Personas, make_user
from thanthien.engagement import dialogue_actions as actions
from thanthien.engagement.dialogues import AnswerKind, Dialogue, Opinion
from thanthien.org.models import Role

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
HELD = TODAY - dt.timedelta(days=10)
NAME = "Lê Văn Bình"


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def dialogue(personas: Personas) -> Dialogue:
    d = actions.record_dialogue(
        personas.leader_a,
        personas.commune_a,
        {
            "held_on": HELD,
            "topic": "Xây dựng nhà văn hóa thôn Đông",
            "chaired_by": "Chủ tịch UBND Trần Văn Dũng",
            "committee_head_chaired": True,
            "front_participants": 2,
            "organisation_participants": 4,
            "people_participants": 30,
            "secretary": "Phạm Thị Lan",
        },
    )
    actions.record_opinion(
        personas.front_a,
        personas.commune_a,
        {"dialogue": d, "raised_by": NAME, "content": "Đóng góp kinh phí bao nhiêu", "answer": "Theo nghị quyết thôn"},
    )
    actions.record_opinion(personas.front_a, personas.commune_a, {"dialogue": d, "content": "Khi nào khởi công"})
    return d


FORM = {
    "held_on": HELD.strftime("%d/%m/%Y"),
    "topic": "Chỉnh trang đường làng",
    "chaired_by": "Bí thư Đảng ủy Nguyễn Văn An",
    "party_head_chaired": "on",
    "front_participants": "1",
    "organisation_participants": "3",
    "people_participants": "25",
}


@pytest.mark.parametrize("who", ["leader_a", "admin_a", "front_a"])
def test_writers_record_a_dialogue_from_the_form(personas: Personas, who: str) -> None:
    response = client_for(getattr(personas, who)).post(reverse("engagement:dialogue_create"), FORM)
    dialogue = Dialogue.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "engagement:dialogue_detail", args=[dialogue.pk]
    )
    assert (dialogue.held_on, dialogue.participants, dialogue.party_head_chaired) == (HELD, 29, True)


def test_a_bad_dialogue_form_says_why_in_vietnamese_and_saves_nothing(personas: Personas) -> None:
    response = client_for(personas.leader_a).post(
        reverse("engagement:dialogue_create"), {**FORM, "held_on": "31/02/2024", "people_participants": "-3"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Ngày không hợp lệ, nhập theo dạng dd/mm/yyyy" in body and "số nguyên từ 0 trở lên" in body
    assert 'aria-invalid="true"' in body
    assert not Dialogue.objects.exists()


def test_the_onestop_officer_may_neither_read_nor_write(personas: Personas, dialogue: Dialogue) -> None:
    client = client_for(personas.officer_a)
    assert client.get(reverse("engagement:dialogue_list")).status_code == 403
    assert client.post(reverse("engagement:dialogue_create"), FORM).status_code == 403
    assert client.get(reverse("engagement:dialogue_detail", args=[dialogue.pk])).status_code == 403
    assert Dialogue.objects.count() == 1


def test_another_communes_staff_get_not_found(personas: Personas, dialogue: Dialogue) -> None:
    leader_b = make_user("leader_b", Role.LEADER, personas.commune_b, "Ngô Văn Hải")
    client = client_for(leader_b)
    opinion = dialogue.opinions.filter(answered_on__isnull=True).get()
    for url in (
        reverse("engagement:dialogue_detail", args=[dialogue.pk]),
        reverse("engagement:dialogue_minutes", args=[dialogue.pk]),
        reverse("engagement:dialogue_edit", args=[dialogue.pk]),
    ):
        assert client.get(url).status_code == 404, url
    answer = {"ans-answer": "Trả lời", "ans-answer_kind": AnswerKind.ON_THE_SPOT}
    assert client.post(reverse("engagement:opinion_answer", args=[opinion.pk]), answer).status_code == 404
    assert NAME not in client.get(reverse("engagement:opinion_list")).content.decode()
    opinion.refresh_from_db()
    assert not opinion.is_answered


def test_the_supervisor_reads_with_who_raised_an_opinion_masked_and_cannot_write(
    personas: Personas, dialogue: Dialogue
) -> None:
    client = client_for(personas.supervisor)
    detail = client.get(reverse("engagement:dialogue_detail", args=[dialogue.pk])).content.decode()
    listing = client.get(reverse("engagement:opinion_list")).content.decode()
    assert "Đóng góp kinh phí bao nhiêu" in detail and "Đóng góp kinh phí bao nhiêu" in listing
    assert NAME not in detail and NAME not in listing
    assert "Ghi thêm ý kiến" not in detail
    pdf = client.get(reverse("engagement:dialogue_minutes", args=[dialogue.pk]))
    assert NAME not in pdf_text(pdf.content)
    assert client.post(reverse("engagement:dialogue_create"), FORM).status_code == 403
    assert Dialogue.objects.count() == 1
    # The commune's own staff see the name.
    own = client_for(personas.leader_a).get(reverse("engagement:dialogue_detail", args=[dialogue.pk]))
    assert NAME in own.content.decode()


def pdf_text(content: bytes) -> str:
    # Table cells wrap: compare words, not lines.
    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).split())


def test_the_minutes_print_as_a_pdf_with_opinions_and_answers(personas: Personas, dialogue: Dialogue) -> None:
    response = client_for(personas.front_a).get(reverse("engagement:dialogue_minutes", args=[dialogue.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "BIÊN BẢN" in text
    assert "Xây dựng nhà văn hóa thôn Đông" in text
    assert "Theo nghị quyết thôn" in text and NAME in text
    assert "Chưa trả lời" in text


def test_opinions_are_added_and_answered_later_from_the_dialogue_page(personas: Personas, dialogue: Dialogue) -> None:
    client = client_for(personas.admin_a)
    url = reverse("engagement:dialogue_opinion_add", args=[dialogue.pk])
    response = client.post(url, {"op-content": "Đường điện thôn Tây", "op-raised_by": ""})
    assert response.status_code == 302
    added = Opinion.objects.get(content="Đường điện thôn Tây")
    assert (added.source, added.raised_on, added.is_answered) == ("dialogue", HELD, False)
    bad = client.post(url, {"op-content": ""})
    assert bad.status_code == 400 and "Vui lòng nhập nội dung ý kiến" in bad.content.decode()
    answered_on = HELD + dt.timedelta(days=3)
    response = client.post(
        reverse("engagement:opinion_answer", args=[added.pk]),
        {
            "ans-answer": "Điện lực lắp trong tháng",
            "ans-answer_kind": "later",
            "ans-answered_on": f"{answered_on:%d/%m/%Y}",
        },
    )
    assert response.status_code == 302
    added.refresh_from_db()
    assert (added.answer_kind, added.answered_on) == (AnswerKind.LATER, answered_on)
    page = client.get(reverse("engagement:dialogue_detail", args=[dialogue.pk])).content.decode()
    assert "3 ý kiến, đã trả lời 2" in page


def test_a_bad_answer_changes_nothing_and_says_why(personas: Personas, dialogue: Dialogue) -> None:
    opinion = dialogue.opinions.filter(answered_on__isnull=True).get()
    client = client_for(personas.leader_a)
    response = client.post(
        reverse("engagement:opinion_answer", args=[opinion.pk]),
        {"ans-answer": "Trả lời", "ans-answer_kind": "later", "ans-answered_on": "01/01/1999"},
        follow=True,
    )
    assert "Ngày trả lời trước ngày nêu ý kiến" in response.content.decode()
    opinion.refresh_from_db()
    assert not opinion.is_answered


def test_the_register_records_an_opinion_from_a_meeting_and_prints_the_rate(personas: Personas) -> None:
    client = client_for(personas.front_a)
    response = client.post(
        reverse("engagement:opinion_create"),
        {
            "source": "meeting",
            "source_ref": "TXCT-03",
            "raised_on": HELD.strftime("%d/%m/%Y"),
            "content": "Nạo vét kênh tiêu",
            "answer": "Đã đưa vào kế hoạch",
            "answer_kind": "on_the_spot",
        },
    )
    assert response.status_code == 302
    actions.record_opinion(
        personas.front_a, personas.commune_a, {"source": "online", "raised_on": HELD, "content": "Rác thải"}
    )
    page = client.get(reverse("engagement:opinion_list")).content.decode()
    assert "Đã nhận 2 ý kiến, đã trả lời 1" in page and "50" in page
    only_open = client.get(reverse("engagement:opinion_list"), {"state": "open"}).content.decode()
    assert "Rác thải" in only_open and "Nạo vét kênh tiêu" not in only_open


def docx_text(content: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(content))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return " ".join(" ".join([p.text for p in document.paragraphs] + cells).split())


def test_the_minutes_print_as_a_word_document_masked_for_the_supervisor(personas: Personas, dialogue: Dialogue) -> None:
    url = reverse("engagement:dialogue_minutes_docx", args=[dialogue.pk])
    response = client_for(personas.leader_a).get(url)
    assert response.status_code == 200 and "wordprocessingml" in response["Content-Type"]
    text = docx_text(response.content)
    assert "BIÊN BẢN" in text and "Xây dựng nhà văn hóa thôn Đông" in text
    assert f"{NAME}: Đóng góp kinh phí bao nhiêu" in text
    assert "Theo nghị quyết thôn (trả lời tại chỗ)" in text and "Chưa trả lời" in text
    assert "tổng số 36 người" in text and "{{" not in text and "{%" not in text
    masked = docx_text(client_for(personas.supervisor).get(url).content)
    assert "Đóng góp kinh phí bao nhiêu" in masked and NAME not in masked


def test_a_dialogue_is_corrected_from_its_edit_page_with_an_audit_row(personas: Personas, dialogue: Dialogue) -> None:
    from thanthien.audit.models import AuditEntry

    url = reverse("engagement:dialogue_edit", args=[dialogue.pk])
    client = client_for(personas.front_a)
    assert client.get(url).status_code == 200
    changed = {**FORM, "held_on": HELD.strftime("%d/%m/%Y"), "topic": "Nhà văn hóa thôn Đông (đợt 2)"}
    assert client.post(url, changed).status_code == 302
    dialogue.refresh_from_db()
    assert dialogue.topic == "Nhà văn hóa thôn Đông (đợt 2)"
    (row,) = AuditEntry.objects.filter(action="engagement.dialogue.update")
    assert row.changes["topic"][1] == "Nhà văn hóa thôn Đông (đợt 2)"
    # Moving the day after the opinions raised at it is refused.
    later = {**changed, "held_on": (HELD + dt.timedelta(days=2)).strftime("%d/%m/%Y")}
    response = client.post(url, later)
    assert response.status_code == 200 and "Đã có ý kiến ghi trước ngày này" in response.content.decode()
    dialogue.refresh_from_db()
    assert dialogue.held_on == HELD
