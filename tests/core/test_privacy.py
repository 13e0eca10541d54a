"""Citizens' personal data is shown only to the staff of the unit that holds it (DOMAIN.md §10): a supervisor
reads every commune's records, with names masked and ID numbers, phones and addresses hidden."""

from __future__ import annotations

import pytest

from tests.conftest import Personas
from tests.onestop.factories import make_dossier
from thanthien.civil.models import CivilEvent
from thanthien.letters.models import Letter
from thanthien.lib.privacy import mask_name

pytestmark = pytest.mark.django_db

NAME, CCCD, PHONE = "Nguyễn Văn Án", "038090001234", "0912345678"


def body_of(response: object) -> bytes:
    """Pages and streamed exports alike."""
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)  # type: ignore[attr-defined]
    return response.content  # type: ignore[attr-defined,no-any-return]


def test_dossier_pages_export_and_api(personas: Personas) -> None:
    d = make_dossier(personas.commune_a, applicant_name=NAME, applicant_id_number=CCCD, applicant_phone=PHONE)
    own = personas.client(personas.officer_a)
    sup = personas.client(personas.supervisor)
    assert NAME in own.get(f"/mot-cua/ho-so/{d.code}/").content.decode()
    for page in (f"/mot-cua/ho-so/{d.code}/", "/mot-cua/?q=", "/mot-cua/xuat/?format=csv"):
        body = body_of(sup.get(page)).decode("utf-8-sig")
        assert NAME not in body and CCCD not in body and PHONE not in body, page
    assert mask_name(NAME) in sup.get(f"/mot-cua/ho-so/{d.code}/").content.decode()
    assert sup.get("/api/v1/dossiers").json()["items"][0]["applicant_name"] == "Nguyễn V. Á."
    assert own.get("/api/v1/dossiers").json()["items"][0]["applicant_name"] == NAME


def test_letters_and_civil_events(personas: Personas) -> None:
    event = CivilEvent.objects.create(
        unit=personas.commune_a,
        kind="death",
        registered_on="2026-11-20",
        person_name="Lê Văn Thọ",
        contact_name=NAME,
        contact_phone=PHONE,
        contact_address="Thôn 3",
    )
    letter = Letter.objects.create(
        unit=personas.commune_a,
        kind="condolence",
        subject_type="civil_event",
        subject_id=str(event.pk),
        civil_event=event,
        owed_on="2026-11-20",
        recipient_name=NAME,
        recipient_phone=PHONE,
        honorific="Gia đình",
    )
    sup = personas.client(personas.supervisor)
    for page in ("/thu/", f"/thu/{letter.pk}/", "/ho-tich/", f"/ho-tich/{event.pk}/"):
        body = sup.get(page).content.decode()
        assert NAME not in body and PHONE not in body and "Lê Văn Thọ" not in body, page
    assert sup.get(f"/thu/{letter.pk}/in.pdf").status_code == 403  # printing carries the name: commune staff only
    api = sup.get(f"/api/v1/letters/{letter.pk}").json()
    assert api["recipient_name"] == "Nguyễn V. Á." and NAME not in api["body"]
    items = sup.get("/api/v1/civil-events").json()["items"]
    assert items[0]["contact_name"] == "Nguyễn V. Á." and PHONE not in str(items)
    own = personas.client(personas.leader_a)
    assert NAME in own.get(f"/thu/{letter.pk}/").content.decode()
    assert own.get(f"/api/v1/letters/{letter.pk}").json()["recipient_name"] == NAME
