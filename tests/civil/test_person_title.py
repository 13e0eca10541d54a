"""How a condolence letter names the deceased (Cụ ông, Cụ bà, Ông, Bà…): kept for deaths only, typed in any case."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from tests.conftest import Personas
from thanthien.civil import actions

pytestmark = pytest.mark.django_db


def death(personas: Personas, **fields: Any) -> Any:
    values = {
        "kind": "death",
        "registered_on": dt.date(2024, 10, 10),
        "person_name": "Phạm Thị Lộc",
        "contact_name": "Phạm Văn Lan",
        **fields,
    }
    return actions.register_event(personas.registrar_a, personas.commune_a, **values)


def test_the_title_is_read_in_any_case(personas: Personas) -> None:
    assert death(personas, person_title="  cụ   BÀ ").person_title == "Cụ bà"


def test_only_a_death_keeps_a_title(personas: Personas) -> None:
    assert death(personas, kind="birth", person_title="Cụ ông").person_title == ""


def test_an_unknown_title_is_refused_in_vietnamese(personas: Personas) -> None:
    with pytest.raises(ValidationError) as caught:
        death(personas, person_title="Cụ")
    assert caught.value.message_dict["person_title"] == [
        "Danh xưng người mất chỉ là: Cụ ông, Cụ bà, Ông, Bà, Anh, Chị, Cháu."
    ]
