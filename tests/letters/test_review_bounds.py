"""Reviewer findings on the letters pages: out-of-range ids and impossible days get a Vietnamese message (never a
500), and an apology's new appointment is refused more than a year ahead."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.conftest import Personas
from tests.letters.test_approval import apology
from tests.onestop.factories import vn
from thanthien.letters import actions
from thanthien.letters.models import Letter, LetterKind, SubjectType

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999999"  # ≥ 2^63: SQLite cannot even bind it


def condolence(personas: Personas) -> Letter:
    return Letter.objects.create(
        unit=personas.commune_a,
        kind=LetterKind.CONDOLENCE,
        subject_type=SubjectType.CONTRIBUTION,
        subject_id="x-1",
        owed_on=timezone.localdate(),
        recipient_name="Trần Văn Tư",
    )


@pytest.mark.parametrize("value", [HUGE, str(2**31), "0", "-3", "abc", "²"])
def test_an_officer_filter_that_cannot_be_a_user_is_ignored_with_a_message(personas: Personas, value: str) -> None:
    item = condolence(personas)
    response = personas.client(personas.officer_a).get("/thu/", {"officer": value})
    assert response.status_code == 200
    html = response.content.decode()
    assert f"bỏ qua mã cán bộ “{value}” không hợp lệ" in html
    assert f'data-letter="{item.pk}"' in html  # the filter is ignored, not applied


def test_the_registry_reads_its_days_through_the_one_period_form(personas: Personas) -> None:
    html = personas.client(personas.officer_a).get("/thu/", {"from": "31/02/2026", "to": "40/13/2026"}).content
    text = html.decode()
    assert "Từ ngày “31/02/2026” không hợp lệ" in text and "Đến ngày “40/13/2026” không hợp lệ" in text
    assert "không đúng dạng dd/mm/yyyy" not in text


@pytest.mark.parametrize("value", [HUGE, str(2**31), "0", "²"])
def test_batch_printing_ignores_ids_outside_the_database_range(personas: Personas, value: str) -> None:
    response = personas.client(personas.officer_a).post("/thu/in-hang-loat.pdf", {"ids": [value]})
    assert response.status_code == 400  # nothing printable: the "nothing to print" page, not a 500
    shown = [str(m) for m in response.context["messages"]]
    assert any(f"Bỏ qua mã thư không hợp lệ: “{value}”" in m for m in shown)


def test_batch_printing_still_prints_the_valid_ids_next_to_a_bad_one(personas: Personas) -> None:
    item = condolence(personas)
    response = personas.client(personas.officer_a).post("/thu/in-hang-loat.pdf", {"ids": [HUGE, str(item.pk)]})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_a_new_appointment_more_than_a_year_ahead_is_refused_on_the_page(personas: Personas) -> None:
    letter = apology(personas.commune_a, reason="phải xác minh", new_appointment_at=vn(2026, 11, 20, 16, 0))
    client = personas.client(personas.officer_a)
    form = {"honorific": "Ông", "recipient_name": "Nguyễn Văn Án", "reason": "phải xác minh"}
    response = client.post(f"/thu/{letter.pk}/sua/", form | {"new_appointment_at": "31/12/9999 23:59"})
    assert response.status_code == 200
    assert "không được sau ngày 18/11/2027" in response.content.decode()
    letter.refresh_from_db()
    assert letter.new_appointment_at == vn(2026, 11, 20, 16, 0)
    response = client.post(f"/thu/{letter.pk}/sua/", form | {"new_appointment_at": "20/11/2027 09:00"})
    assert "không được sau ngày" in response.content.decode()
    response = client.post(f"/thu/{letter.pk}/sua/", form | {"new_appointment_at": "18/11/2027 09:00"})
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.new_appointment_at == vn(2027, 11, 18, 9, 0)


def test_the_actions_refuse_a_far_or_past_appointment_too(personas: Personas) -> None:
    letter = apology(personas.commune_a, reason="phải xác minh")
    far = vn(2028, 1, 5, 9, 0)
    with pytest.raises(ValidationError) as caught:
        actions.edit_draft(personas.officer_a, letter, new_appointment_at=far)
    assert "quá một năm" in " ".join(caught.value.message_dict["new_appointment_at"])
    with pytest.raises(ValidationError) as caught:
        actions.edit_draft(personas.officer_a, letter, new_appointment_at=vn(2026, 11, 17, 9, 0))
    assert "quá khứ" in " ".join(caught.value.message_dict["new_appointment_at"])
    Letter.objects.filter(pk=letter.pk).update(new_appointment_at=far)
    letter.refresh_from_db()
    assert "quá một năm" in actions.approval_problems(letter)["new_appointment_at"]
    assert actions.appointment_problem(vn(2026, 11, 20, 16, 0)) is None
    assert actions.appointment_problem(dt.datetime(9999, 12, 31, 23, 0, tzinfo=dt.UTC)) is not None


@pytest.mark.parametrize("q", ["²", "²/TXL", HUGE])
def test_the_search_box_takes_any_digits(personas: Personas, q: str) -> None:
    # "²".isdigit() is true but int("²") fails: the number search must not end in a 500.
    assert personas.client(personas.officer_a).get("/thu/", {"q": q}).status_code == 200
