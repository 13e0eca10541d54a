"""How a condolence letter names the deceased (Cụ ông, Cụ bà, Ông, Bà…): kept for deaths only, typed in any case."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from tests.conftest import Personas
from thanthien.civil import actions
from thanthien.civil.importing import import_civil_events
from thanthien.civil.models import CivilEvent

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


def test_the_registry_import_reads_the_title(personas: Personas, tmp_path: Path) -> None:
    header = "kind,registered_on,person_name,person_title,contact_name"
    path = tmp_path / "so.csv"
    path.write_text(
        f"{header}\ndeath,2024-10-10,Phạm Văn Lộc,cụ ông,Phạm Thị Lan\n"
        "birth,2024-10-10,Nguyễn Gia Huy,Ông,Nguyễn Văn An\n",
        encoding="utf-8",
    )
    report = import_civil_events(personas.registrar_a, personas.commune_a, path)
    assert report.ok and report.created == 2
    assert CivilEvent.objects.get(kind="death").person_title == "Cụ ông"
    assert CivilEvent.objects.get(kind="birth").person_title == ""  # only a condolence letter names the person so

    bad = tmp_path / "sai.csv"
    bad.write_text(f"{header}\ndeath,2024-10-11,Lê Văn Tư,Cụ,Lê Thị Năm\n", encoding="utf-8")
    report = import_civil_events(personas.registrar_a, personas.commune_a, bad)
    assert not report.ok and report.errors[0].line == 2 and "person_title" in report.errors[0].column
    assert "danh xưng người mất chỉ là: Cụ ông, Cụ bà" in report.errors[0].message


def test_a_later_file_adds_the_title_to_the_stored_event(personas: Personas, tmp_path: Path) -> None:
    path = tmp_path / "so.csv"
    path.write_text(
        "kind,register_number,registered_on,person_name,contact_name\ndeath,3,2024-10-10,Phạm Văn Lộc,Lan\n"
    )
    import_civil_events(None, personas.commune_a, path)
    path.write_text(
        "kind,register_number,registered_on,person_name,person_title,contact_name\n"
        "death,3,2024-10-10,Phạm Văn Lộc,Cụ ông,Lan\n"
    )
    report = import_civil_events(None, personas.commune_a, path)
    assert report.ok and report.updated == 1 and CivilEvent.objects.get().person_title == "Cụ ông"
