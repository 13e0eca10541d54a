"""A returned dossier of khai sinh / kết hôn / khai tử registers its civil event, once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.conftest import Personas
from tests.onestop.factories import make_dossier, vn
from thanthien.audit.models import AuditEntry
from thanthien.civil import actions, derive
from thanthien.civil.models import CivilEvent
from thanthien.onestop.actions import change_status
from thanthien.onestop.models import Status

pytestmark = pytest.mark.django_db


def returned(personas: Personas, capture, procedure: str = "1.001193", **fields: object):  # type: ignore[no-untyped-def]
    dossier = make_dossier(personas.commune_a, procedure, applicant_email="an@example.vn", **fields)
    with capture(execute=True):
        change_status(personas.officer_a, dossier, Status.RESOLVED, at=vn(2024, 10, 8, 0, 30))
    assert not CivilEvent.objects.exists()  # resolved is not yet returned
    with capture(execute=True):
        change_status(personas.officer_a, dossier, Status.RETURNED, at=vn(2024, 10, 9, 9, 0))
    return dossier


def test_a_returned_birth_dossier_creates_the_event(
    personas: Personas,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    dossier = returned(personas, django_capture_on_commit_callbacks, applicant_phone="+84 912 345 678")
    event = CivilEvent.objects.get()
    assert event.dossier == dossier and event.unit == personas.commune_a and event.kind == "birth"
    # The local day of the result (00:30 on 8 October in Vietnam is still 7 October in UTC).
    assert event.registered_on == dt.date(2024, 10, 8)
    assert event.contact_name == "Nguyễn Văn Án" and event.contact_address == "Thôn 1, Xã Hoằng Hợp"
    assert event.contact_phone == "0912345678" and event.contact_email == "an@example.vn"
    assert event.person_name == "" and actions.needs_completion(event)
    assert AuditEntry.objects.filter(action="civil.event_from_dossier", unit=personas.commune_a).count() == 1

    client = personas.client(personas.registrar_a)
    listing = client.get("/ho-tich/?incomplete=1").content.decode()
    assert "Cần bổ sung" in listing and "Nguyễn Văn Án" in listing
    detail = client.get(reverse("civil:detail", args=[event.pk])).content.decode()
    assert 'data-testid="incomplete"' in detail and dossier.code in detail and "Bổ sung thông tin" in detail

    response = client.post(
        reverse("civil:edit", args=[event.pk]),
        {
            "kind": "birth",
            "registered_on": "08/10/2024",
            "event_date": "01/10/2024",
            "person_name": "Nguyễn Gia Huy",
            "contact_name": "Nguyễn Văn Án",
            "contact_address": "Thôn 1, Xã Hoằng Hợp",
            "contact_phone": "0912345678",
            "contact_email": "an@example.vn",
        },
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.person_name == "Nguyễn Gia Huy" and not actions.needs_completion(event)
    assert event.dossier == dossier
    assert AuditEntry.objects.filter(action="civil.event_completed").count() == 1
    assert "Cần bổ sung" not in client.get("/ho-tich/?incomplete=1").content.decode()


@pytest.mark.parametrize(("procedure", "kind"), [("1.000894", "marriage"), ("1.000656", "death")])
def test_marriage_and_death_dossiers(
    personas: Personas,
    django_capture_on_commit_callbacks,
    procedure: str,
    kind: str,  # type: ignore[no-untyped-def]
) -> None:
    returned(personas, django_capture_on_commit_callbacks, procedure)
    assert CivilEvent.objects.get().kind == kind


def test_it_happens_once_per_dossier(personas: Personas, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    dossier = returned(personas, django_capture_on_commit_callbacks)
    event = CivilEvent.objects.get()
    assert derive.event_from_dossier(dossier) == event
    assert derive.derive_for_dossier(dossier.pk) == event
    assert derive.sweep() == 0
    from thanthien.onestop.actions import dossier_changed

    with django_capture_on_commit_callbacks(execute=True):
        dossier_changed.send(sender=type(dossier), dossier_id=dossier.pk)
    assert CivilEvent.objects.count() == 1
    assert AuditEntry.objects.filter(action="civil.event_from_dossier").count() == 1


def test_other_procedures_and_statuses_register_nothing(
    personas: Personas,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    returned(personas, django_capture_on_commit_callbacks, "1.004873")
    open_birth = make_dossier(personas.commune_a, "1.001193")
    with django_capture_on_commit_callbacks(execute=True):
        change_status(personas.officer_a, open_birth, Status.RESOLVED)
    assert derive.event_from_dossier(open_birth) is None
    assert not CivilEvent.objects.exists()


def test_a_dossier_with_a_returned_time_only(personas: Personas) -> None:
    dossier = make_dossier(
        personas.commune_a,
        "1.000656",
        status=Status.RETURNED,
        returned_at=vn(2024, 10, 10, 16, 0),
        applicant_phone="x",
        applicant_email="không phải địa chỉ",
    )
    event = derive.event_from_dossier(dossier)
    assert event is not None and event.registered_on == dt.date(2024, 10, 10) and event.kind == "death"
    assert event.contact_phone == ""  # a phone the desk could not read is left for the registrar
    assert event.contact_email == ""  # so is an address no letter could reach
