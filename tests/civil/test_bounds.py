"""Civil events refuse dates before 1900, over-long notes, and another unit's id (issue 7, item 3)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from tests.civil.test_quick_form import URL, form_data
from tests.conftest import Personas
from thanthien.civil import actions
from thanthien.civil.models import CivilEvent

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("field", ["registered_on", "event_date"])
def test_a_year_before_1900_is_refused_with_a_message(personas: Personas, field: str) -> None:
    response = personas.client(personas.registrar_a).post(URL, form_data(**{field: "01/01/0100"}))
    assert response.status_code == 200
    assert "01/01/0100 trước năm 1900: kiểm tra lại năm" in response.content.decode()
    assert not CivilEvent.objects.exists()


def test_the_action_refuses_early_dates_for_the_api_and_the_import(personas: Personas) -> None:
    with pytest.raises(ValidationError) as caught:
        actions.register_event(
            None,
            personas.commune_a,
            kind="death",
            registered_on=dt.date(2024, 10, 8),
            event_date=dt.date(1024, 1, 1),
            person_name="Phạm Văn Lộc",
            contact_name="Phạm Thị Lan",
            letter_sent_on=dt.date(2, 1, 1),
        )
    assert set(caught.value.message_dict) == {"event_date", "letter_sent_on"}
    assert not CivilEvent.objects.exists()


def test_a_note_of_megabytes_is_refused(personas: Personas) -> None:
    response = personas.client(personas.registrar_a).post(URL, form_data(note="x" * 1_000_001))
    assert response.status_code == 200 and "Ghi chú dài quá 1000 ký tự" in response.content.decode()
    with pytest.raises(ValidationError, match="Ghi chú dài quá"):
        actions.register_event(
            None,
            personas.commune_a,
            kind="birth",
            registered_on=dt.date(2024, 10, 8),
            person_name="Nguyễn Gia Huy",
            contact_name="Nguyễn Văn An",
            note="x" * 5000,
        )
    assert not CivilEvent.objects.exists()


def test_another_units_code_is_refused_not_filed_in_the_own_commune(personas: Personas) -> None:
    client = personas.client(personas.registrar_a)
    for other in (personas.commune_b.code, str(personas.commune_b.pk), "X99999"):
        response = client.post(URL, form_data(unit=other))
        assert response.status_code == 403
    assert not CivilEvent.objects.exists()
    assert client.post(URL, form_data(unit=personas.commune_a.code)).status_code == 302
    assert CivilEvent.objects.get().unit == personas.commune_a
