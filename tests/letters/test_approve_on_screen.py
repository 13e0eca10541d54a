""" "Duyệt và ký" approves what is on the screen, after a confirmation page (issue 7, item 5)."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from tests.conftest import Personas
from tests.letters.test_approval import apology
from thanthien.letters import actions
from thanthien.letters.models import Letter, LetterStatus

pytestmark = pytest.mark.django_db


def on_screen(page: str) -> dict[str, str]:
    """The values the page's draft form would submit, as a browser would send them."""
    form = page.split('data-testid="edit-form"')[1].split("</form>")[0]
    values = dict(re.findall(r'<input[^>]*name="(\w+)"[^>]*value="([^"]*)"', form))
    values |= dict(re.findall(r'<textarea[^>]*name="(\w+)"[^>]*>\n?([^<]*)</textarea>', form))
    values["honorific"] = re.findall(r'<option value="([^"]*)" selected', form)[0]
    return values


def test_the_reason_typed_before_approving_is_signed(personas: Personas) -> None:
    letter = apology(personas.commune_a)
    leader = personas.client(personas.leader_a)
    page = leader.get(f"/thu/{letter.pk}/").content.decode()
    assert 'data-testid="approve"' in page and 'formaction="/thu/' in page
    # The suggested appointment is on the screen and counted: the banner asks only for the reason.
    assert "ngày hẹn trả kết quả mới;" not in page and 'data-testid="suggested"' in page
    values = on_screen(page)
    assert values["new_appointment_at"]
    values["reason"] = "phải lấy ý kiến của Phòng Tài nguyên"
    confirm = leader.post(f"/thu/{letter.pk}/duyet/", values).content.decode()
    assert "Xác nhận duyệt và ký" in confirm and "phải lấy ý kiến của Phòng Tài nguyên" in confirm
    assert "cần có ngày hẹn trả kết quả mới" not in confirm
    letter.refresh_from_db()
    assert letter.status == LetterStatus.DRAFT and letter.reason == ""  # nothing signed before confirming
    page = leader.post(f"/thu/{letter.pk}/duyet/", {**values, "confirmed": "1"}, follow=True).content.decode()
    assert "Đã duyệt, ký thư số 1/TXL-UBND" in page
    letter.refresh_from_db()
    assert letter.status == LetterStatus.APPROVED and letter.reason == "phải lấy ý kiến của Phòng Tài nguyên"
    assert letter.new_appointment_at == actions.suggest_new_appointment(letter)
    assert "phải lấy ý kiến của Phòng Tài nguyên" in letter.body


def test_a_refusal_keeps_what_was_typed(personas: Personas) -> None:
    letter = apology(personas.commune_a)
    leader = personas.client(personas.leader_a)
    values = on_screen(leader.get(f"/thu/{letter.pk}/").content.decode())
    values |= {"reason": "phải xác minh thêm", "new_appointment_at": "01/01/2020 16:00"}
    page = leader.post(f"/thu/{letter.pk}/duyet/", values).content.decode()
    assert "Chưa duyệt được thư" in page and "Ngày hẹn mới phải sau hạn trả kết quả ban đầu" in page
    assert "phải xác minh thêm</textarea>" in page and 'value="01/01/2020 16:00"' in page
    letter.refresh_from_db()
    assert (letter.status, letter.reason) == (LetterStatus.DRAFT, "")


def test_an_officer_cannot_reach_the_confirmation(personas: Personas) -> None:
    letter = apology(personas.commune_a)
    values = on_screen(personas.client(personas.leader_a).get(f"/thu/{letter.pk}/").content.decode())
    assert personas.client(personas.officer_a).post(f"/thu/{letter.pk}/duyet/", values).status_code == 403
    other = personas.client(personas.officer_b)
    assert other.post(f"/thu/{letter.pk}/duyet/", values).status_code in (403, 404)
    assert Letter.objects.get(pk=letter.pk).status == LetterStatus.DRAFT
    assert timezone.now()
