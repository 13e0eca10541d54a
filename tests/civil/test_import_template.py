"""The downloadable template's example lines are a valid registry file: each cell under its own column."""

from __future__ import annotations

import csv
import io

import pytest

from tests.conftest import Personas
from thanthien.civil.importing import COLUMNS, import_civil_events
from thanthien.civil.models import CivilEvent

pytestmark = pytest.mark.django_db


def test_the_template_imports_as_it_is(personas: Personas) -> None:
    response = personas.client(personas.registrar_a).get("/ho-tich/nhap/mau.csv")
    content = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content)))
    assert list(rows[0]) == COLUMNS and [r["kind"] for r in rows] == ["birth", "marriage", "death"]
    report = import_civil_events(personas.registrar_a, personas.commune_a, io.BytesIO(content.encode()), "mau.csv")
    assert report.ok and report.created == 3
    death = CivilEvent.objects.get(kind="death")
    assert death.person_name == "Phạm Văn Lộc" and death.contact_name == "Phạm Thị Lan"
    assert str(death.letter_sent_on) == "2024-10-12"
