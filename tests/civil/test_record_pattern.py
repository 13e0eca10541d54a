"""Civil events are unit records (org.records): the pattern's audit hides the citizens' data, an edit changes
only what it changes, and the commune picker refuses what the user may not act for."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from tests.civil.factories import make_event
from tests.conftest import Personas
from thanthien.audit.models import AuditEntry
from thanthien.civil import actions
from thanthien.civil.models import CivilEvent
from thanthien.org.records import UnitRecord

pytestmark = pytest.mark.django_db


def test_the_model_declares_its_roles_its_personal_data_and_its_trail() -> None:
    assert issubclass(CivilEvent, UnitRecord)
    assert {"person_name", "partner_name", "contact_name", "contact_phone"} <= set(CivilEvent.personal_fields)
    assert CivilEvent.audit_name("create") == "civil.event_registered"
    assert CivilEvent.audit_name("complete") == "civil.event_completed"


def test_the_trail_says_that_names_changed_never_to_what(personas: Personas) -> None:
    event = actions.register_event(
        personas.registrar_a,
        personas.commune_a,
        kind="birth",
        register_number="15",
        registered_on=dt.date(2024, 10, 8),
        person_name="Nguyễn Gia Huy",
        contact_name="Nguyễn Văn An",
        contact_phone="0912345678",
    )
    created = AuditEntry.objects.get(action="civil.event_registered")
    assert created.changes["register_number"] == [None, "15"]
    assert "Nguyễn Gia Huy" not in str(created.changes) and "0912345678" not in str(created.changes)
    before = CivilEvent.objects.get().updated_at
    actions.update_event(personas.registrar_a, event, person_name="Nguyễn Gia Bảo")
    updated = AuditEntry.objects.get(action="civil.event_updated")
    assert set(updated.changes) == {"person_name"} and "Bảo" not in str(updated.changes)
    event.refresh_from_db()
    assert event.person_name == "Nguyễn Gia Bảo" and event.updated_at >= before
    assert event.created_by == personas.registrar_a


def test_an_edit_writes_only_what_it_changes(personas: Personas) -> None:
    event = make_event(personas.commune_a, note="cũ")
    stale = CivilEvent.objects.get(pk=event.pk)
    CivilEvent.objects.filter(pk=event.pk).update(note="sửa bởi người khác")  # saved meanwhile by a colleague
    actions.update_event(personas.registrar_a, stale, register_number="16")
    event.refresh_from_db()
    assert event.register_number == "16" and event.note == "sửa bởi người khác"


def test_another_commune_may_not_change_the_event(personas: Personas) -> None:
    event = make_event(personas.commune_a)
    with pytest.raises(PermissionDenied):
        actions.update_event(personas.officer_b, event, note="x")
    with pytest.raises(PermissionDenied):
        actions.record_ceremony(personas.supervisor, make_event(personas.commune_a, "marriage"), dt.date(2024, 10, 9))
    assert not AuditEntry.objects.filter(action__startswith="civil.").exists()


def test_a_system_administrator_names_the_commune(personas: Personas) -> None:
    client = personas.client(personas.sysadmin)
    page = client.get("/ho-tich/them/")
    assert page.status_code == 200 and 'name="unit"' in page.content.decode()
    data = {"kind": "birth", "registered_on": "08/10/2024", "person_name": "Nguyễn Gia Huy", "contact_name": "An"}
    assert client.post("/ho-tich/them/", {**data, "unit": "KHONG-CO"}).status_code == 403
    unnamed = client.post("/ho-tich/them/", data)  # never filed in whichever commune comes first
    assert unnamed.status_code == 200 and "Vui lòng chọn xã, phường ghi sổ." in unnamed.content.decode()
    assert not CivilEvent.objects.exists()
    assert client.post("/ho-tich/them/", {**data, "unit": personas.commune_b.code}).status_code == 302
    assert CivilEvent.objects.get().unit == personas.commune_b


def test_the_command_line_writes_without_a_role(personas: Personas) -> None:
    event = actions.register_event(
        None, personas.commune_a, kind="birth", registered_on=dt.date(2024, 10, 8), person_name="A", contact_name="B"
    )
    assert event.created_by is None and event.unit == personas.commune_a
    actions.update_event(None, event, register_number="9")
    entry = AuditEntry.objects.get(action="civil.event_updated")
    assert entry.actor is None and entry.changes == {"register_number": ["", "9"]}
