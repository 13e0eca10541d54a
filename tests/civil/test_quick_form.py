"""The registrar's quick form: one screen, the kind first; bad input is explained and changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.civil.factories import make_event
from tests.conftest import Personas
from thanthien.audit.models import AuditEntry
from thanthien.civil import actions
from thanthien.civil.models import CivilEvent

pytestmark = pytest.mark.django_db

URL = "/ho-tich/them/"


def form_data(**changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "kind": "birth",
        "register_number": "15",
        "registered_on": "08/10/2024",
        "event_date": "30/09/2024",
        "person_name": "  Nguyễn   Gia Huy ",
        "contact_name": "Nguyễn Văn An",
        "contact_address": "Thôn 1, Xã Hoằng Hợp",
        "contact_phone": "0912 345 678",
        "note": "",
    }
    data.update(changes)
    return data


def test_a_birth_is_entered_on_one_screen(personas: Personas) -> None:
    client = personas.client(personas.registrar_a)
    page = client.get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="kind"' in html and "Khai sinh" in html and "Kết hôn" in html and "Khai tử" in html
    assert 'for="id_registered_on"' in html and 'placeholder="dd/mm/yyyy"' in html
    response = client.post(URL, form_data())
    event = CivilEvent.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("civil:detail", args=[event.pk])
    assert event.unit == personas.commune_a and event.kind == "birth" and event.register_number == "15"
    assert event.registered_on == dt.date(2024, 10, 8) and event.event_date == dt.date(2024, 9, 30)
    assert event.person_name == "Nguyễn Gia Huy" and event.contact_phone == "0912345678"
    assert event.created_by == personas.registrar_a and event.dossier is None
    entry = AuditEntry.objects.get(action="civil.event_registered")
    assert entry.unit == personas.commune_a and entry.actor == personas.registrar_a
    detail = client.get(response["Location"]).content.decode()
    assert "Nguyễn Gia Huy" in detail and "08/10/2024" in detail and "Cần bổ sung" not in detail


def test_a_marriage_with_its_ceremony(personas: Personas) -> None:
    client = personas.client(personas.officer_a)
    today = timezone.localdate()
    data = form_data(
        kind="marriage",
        person_name="Lê Văn Nam",
        partner_name="Trần Thị Hoa",
        contact_name="Lê Văn Nam và Trần Thị Hoa",
        registered_on=f"{today:%d/%m/%Y}",
        event_date=f"{today:%d/%m/%Y}",
        ceremony_held="on",
        ceremony_on=f"{today:%d/%m/%Y}",
    )
    assert client.post(URL, data).status_code == 302
    event = CivilEvent.objects.get()
    assert event.kind == "marriage" and event.partner_name == "Trần Thị Hoa"
    assert event.ceremony_held and event.ceremony_on == today


def test_partner_fields_are_dropped_for_a_birth(personas: Personas) -> None:
    client = personas.client(personas.registrar_a)
    assert client.post(URL, form_data(partner_name="Ai đó", ceremony_held="on")).status_code == 302
    event = CivilEvent.objects.get()
    assert event.partner_name == "" and not event.ceremony_held


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"registered_on": "FUTURE"}, "ở tương lai"),
        ({"registered_on": "31/02/2024"}, "Ngày không hợp lệ"),
        ({"event_date": "09/10/2024"}, "Ngày sinh 09/10/2024 sau ngày đăng ký 08/10/2024"),
        ({"kind": "marriage", "person_name": "Lê Văn Nam", "event_date": ""}, "thiếu họ tên vợ"),
        ({"contact_name": ""}, "Vui lòng nhập người nhận thư"),
        ({"person_name": ""}, "Vui lòng nhập họ tên"),
        ({"contact_phone": "12345"}, "Số điện thoại không hợp lệ"),
        ({"kind": "adoption"}, "Loại sự kiện không hợp lệ"),
        ({"kind": "death", "ceremony_held": "on"}, None),  # silently dropped, see below
    ],
)
def test_bad_input_is_explained_and_changes_nothing(
    personas: Personas, changes: dict[str, str], message: str | None
) -> None:
    if changes.get("registered_on") == "FUTURE":
        changes["registered_on"] = f"{timezone.localdate() + dt.timedelta(days=3):%d/%m/%Y}"
    client = personas.client(personas.registrar_a)
    response = client.post(URL, form_data(**changes))
    if message is None:
        assert response.status_code == 302
        assert not CivilEvent.objects.get().ceremony_held
        return
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html, html[html.find("invalid-feedback") - 300 : html.find("invalid-feedback") + 300]
    assert 'aria-invalid="true"' in html or "alert-danger" in html
    assert CivilEvent.objects.count() == 0
    assert not AuditEntry.objects.filter(action__startswith="civil.").exists()


def test_the_same_register_number_twice_is_refused(personas: Personas) -> None:
    client = personas.client(personas.registrar_a)
    assert client.post(URL, form_data()).status_code == 302
    response = client.post(URL, form_data(person_name="Lê Bảo Ngọc"))
    assert (
        response.status_code == 200
        and "Số đăng ký 15 ngày 08/10/2024 đã có trong sổ khai sinh" in response.content.decode()
    )
    assert CivilEvent.objects.count() == 1


def test_save_and_enter_the_next_one(personas: Personas) -> None:
    response = personas.client(personas.registrar_a).post(
        URL, {**form_data(kind="death", event_date="07/10/2024"), "next": "more"}
    )
    assert response.status_code == 302 and response["Location"].startswith(URL + "?kind=death")


def test_edit_and_ceremony(personas: Personas) -> None:
    event = make_event(personas.commune_a, "marriage")
    client = personas.client(personas.registrar_a)
    url = reverse("civil:edit", args=[event.pk])
    assert "Lê Văn Nam" in client.get(url).content.decode()
    data = form_data(
        kind="marriage",
        person_name="Lê Văn Nam",
        partner_name="Trần Thị Hoà",
        contact_name="Vợ chồng anh Nam",
        event_date="08/10/2024",
    )
    assert client.post(url, data).status_code == 302
    event.refresh_from_db()
    assert event.partner_name == "Trần Thị Hoà" and event.contact_name == "Vợ chồng anh Nam"
    assert AuditEntry.objects.filter(action="civil.event_updated").count() == 1

    ceremony = reverse("civil:ceremony", args=[event.pk])
    response = client.post(ceremony, {"ceremony_on": "07/10/2024"})  # before the registration
    assert response.status_code == 302
    event.refresh_from_db()
    assert not event.ceremony_held
    client.post(ceremony, {"ceremony_on": "12/10/2024"})
    event.refresh_from_db()
    assert event.ceremony_held and event.ceremony_on == dt.date(2024, 10, 12)
    assert AuditEntry.objects.filter(action="civil.ceremony_recorded").count() == 1
    detail = client.get(reverse("civil:detail", args=[event.pk])).content.decode()
    assert "Đã trao giấy chứng nhận kết hôn tại buổi lễ ngày 12/10/2024" in detail


def test_only_marriages_have_a_ceremony(personas: Personas) -> None:
    birth = make_event(personas.commune_a)
    with pytest.raises(ValidationError):
        actions.record_ceremony(personas.registrar_a, birth, dt.date(2024, 10, 9))
    with pytest.raises(ValidationError):
        actions.update_event(personas.registrar_a, birth, ceremony_held=True)
    birth.refresh_from_db()
    assert not birth.ceremony_held


def test_who_may_write(personas: Personas) -> None:
    with pytest.raises(PermissionDenied):
        actions.register_event(
            personas.front_a,
            personas.commune_a,
            kind="birth",
            registered_on=dt.date(2024, 10, 8),
            person_name="A",
            contact_name="B",
        )
    with pytest.raises(PermissionDenied):
        actions.register_event(
            personas.officer_b,
            personas.commune_a,
            kind="birth",
            registered_on=dt.date(2024, 10, 8),
            person_name="A",
            contact_name="B",
        )
    with pytest.raises(ValidationError):
        actions.register_event(
            None, personas.district, kind="birth", registered_on=dt.date(2024, 10, 8), person_name="A", contact_name="B"
        )
    assert personas.client(personas.front_a).get(URL).status_code == 403
    assert personas.client(personas.supervisor).get(URL).status_code == 403
    assert personas.client(personas.supervisor).get("/ho-tich/").status_code == 200
    assert personas.client(None).get(URL).status_code == 302


def test_the_menu_shows_the_registry(personas: Personas) -> None:
    html = personas.client(personas.registrar_a).get("/can-bo/").content.decode()
    assert 'href="/ho-tich/"' in html and "Hộ tịch" in html
