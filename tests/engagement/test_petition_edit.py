"""Correcting a petition's receipt data (issue 9, review findings): update_petition and its page "Sửa thông tin đơn",
the complex / remote marks at acceptance (a complaint's 45-day limit, the stored due day follows), days refused
before 1900 and in the future, CCCD checked as 12 digits on the forms and in the actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.conftest import Personas, login, make_user
from thanthien.audit.models import AuditEntry
from thanthien.engagement import actions
from thanthien.engagement.limits import deadlines
from thanthien.engagement.models import Petition, PetitionDeadline
from thanthien.org.models import Role

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
RECEIVED = TODAY - dt.timedelta(days=3)
NAME = "Lê Văn Tám"
CCCD = "038090001234"
BAD_CCCD = ["²", "zzz", "31/02/2026"]
CCCD_MESSAGE = "Số CCCD phải gồm đúng 12 chữ số."


def receive(p: Personas, **extra: Any) -> Petition:
    data = {
        "received_on": RECEIVED,
        "source": "post",
        "kind": "complaint",
        "petitioner_name": NAME,
        "petitioner_address": "Thôn Đông, xã Hoằng Hợp",
        "petitioner_id_number": CCCD,
        "content": "Khiếu nại quyết định thu hồi đất",
        **extra,
    }
    return actions.receive_petition(p.leader_a, p.commune_a, data)


def fresh(petition: Petition) -> Petition:
    return Petition.objects.get(pk=petition.pk)


def edit_url(petition: Petition) -> str:
    return reverse("engagement:petition_edit", args=[petition.pk])


def form_data(petition: Petition, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "received_on": f"{petition.received_on:%d/%m/%Y}",
        "source": petition.source,
        "kind": petition.kind,
        "field": petition.field,
        "content": petition.content,
        "petitioner_name": petition.petitioner_name,
        "petitioner_address": petition.petitioner_address,
        "petitioner_id_number": petition.petitioner_id_number,
        "signers": petition.signers,
        "note": petition.note,
    }
    for name in ("anonymous", "complex", "remote_area"):
        if getattr(petition, name):
            data[name] = "on"
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def edits(petition: Petition) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action="engagement.petition.update", object_id=str(petition.pk)))


# --- the action ----------------------------------------------------------------------------------------------------


def test_a_mistyped_name_cccd_kind_and_day_are_corrected_and_the_audit_keeps_no_personal_data(
    personas: Personas,
) -> None:
    petition = receive(personas)
    day = RECEIVED - dt.timedelta(days=1) if (RECEIVED - dt.timedelta(days=1)).year == RECEIVED.year else RECEIVED
    done = actions.update_petition(
        personas.reception_a,
        petition,
        {
            "petitioner_name": "Lê Văn Tâm",
            "petitioner_id_number": "038 090 009 999",
            "kind": "denunciation",
            "received_on": day,
            "signers": 3,
        },
    )
    stored = fresh(done)
    assert (stored.petitioner_name, stored.petitioner_id_number, stored.kind) == (
        "Lê Văn Tâm",
        "038090009999",
        "denunciation",
    )
    assert stored.received_on == day and stored.signers == 3 and stored.display_number == petition.display_number
    [entry] = edits(petition)
    trail = str(entry.changes)
    for value in ("Lê Văn Tâm", NAME, "038090009999", CCCD):
        assert value not in trail
    assert "kind" in entry.changes and "petitioner_name" in entry.changes


def test_nothing_changed_writes_no_audit_row(personas: Personas) -> None:
    petition = receive(personas)
    actions.update_petition(personas.leader_a, petition, {"petitioner_name": NAME})
    assert edits(petition) == []


@pytest.mark.parametrize("value", BAD_CCCD)
def test_a_bad_cccd_is_refused_and_nothing_saved(personas: Personas, value: str) -> None:
    petition = receive(personas)
    with pytest.raises(ValidationError) as caught:
        actions.update_petition(personas.leader_a, petition, {"petitioner_id_number": value, "field": "Đất đai"})
    assert caught.value.message_dict["petitioner_id_number"] == [CCCD_MESSAGE]
    stored = fresh(petition)
    assert stored.petitioner_id_number == CCCD and stored.field == "" and edits(petition) == []


@pytest.mark.parametrize("value", BAD_CCCD)
def test_receiving_refuses_a_bad_cccd(personas: Personas, value: str) -> None:
    with pytest.raises(ValidationError) as caught:
        receive(personas, petitioner_id_number=value)
    assert caught.value.message_dict["petitioner_id_number"] == [CCCD_MESSAGE]
    assert not Petition.objects.exists()


def test_an_empty_cccd_is_allowed(personas: Personas) -> None:
    petition = receive(personas, petitioner_id_number="")
    actions.update_petition(personas.leader_a, petition, {"petitioner_id_number": ""})
    assert fresh(petition).petitioner_id_number == ""


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (dt.date(1, 1, 1), "không được trước ngày 01/01/1900"),
        (TODAY + dt.timedelta(days=1), "không được ở tương lai"),
    ],
)
def test_a_day_before_1900_or_in_the_future_is_refused(personas: Personas, day: dt.date, message: str) -> None:
    petition = receive(personas)
    with pytest.raises(ValidationError) as caught:
        actions.update_petition(personas.leader_a, petition, {"received_on": day})
    assert message in caught.value.message_dict["received_on"][0]
    with pytest.raises(ValidationError):
        receive(personas, received_on=day)
    assert fresh(petition).received_on == RECEIVED and Petition.objects.count() == 1


def test_the_year_of_the_number_stays_the_year_of_receipt(personas: Personas) -> None:
    petition = receive(personas)
    with pytest.raises(ValidationError) as caught:
        actions.update_petition(personas.leader_a, petition, {"received_on": dt.date(RECEIVED.year - 1, 12, 31)})
    text = caught.value.message_dict["received_on"][0]
    assert f"thuộc sổ đơn năm {RECEIVED.year}" in text and "ghi đơn mới" in text
    assert fresh(petition).received_on == RECEIVED


def test_day_and_kind_are_fixed_once_classified_but_the_name_is_not(personas: Personas) -> None:
    petition = receive(personas)
    actions.classify(personas.leader_a, petition, eligible=True, within_competence=None)
    with pytest.raises(ValidationError) as caught:
        actions.update_petition(personas.leader_a, petition, {"kind": "feedback"})
    assert "không sửa loại đơn" in caught.value.message_dict["kind"][0]
    with pytest.raises(ValidationError) as caught:
        actions.update_petition(personas.leader_a, petition, {"received_on": RECEIVED - dt.timedelta(days=1)})
    assert "không sửa ngày nhận đơn" in caught.value.message_dict["received_on"][0]
    actions.update_petition(personas.leader_a, petition, {"petitioner_name": "Lê Văn Tâm", "kind": "complaint"})
    assert fresh(petition).petitioner_name == "Lê Văn Tâm" and fresh(petition).kind == "complaint"


def test_a_closed_petition_is_not_edited(personas: Personas) -> None:
    petition = receive(personas)
    actions.withdraw(personas.leader_a, petition, on=TODAY)
    with pytest.raises(ValidationError) as caught:
        actions.update_petition(personas.leader_a, petition, {"petitioner_name": "Lê Văn Tâm"})
    assert "đã kết thúc xử lý" in caught.value.messages[0]
    assert fresh(petition).petitioner_name == NAME


def test_an_empty_content_or_a_named_anonymous_petition_is_refused(personas: Personas) -> None:
    petition = receive(personas)
    with pytest.raises(ValidationError) as caught:
        actions.update_petition(personas.leader_a, petition, {"content": "  "})
    assert "nội dung đơn" in caught.value.message_dict["content"][0]
    with pytest.raises(ValidationError) as caught:
        actions.update_petition(personas.leader_a, petition, {"anonymous": True})
    assert "nặc danh" in caught.value.message_dict["anonymous"][0]
    assert not fresh(petition).anonymous


@pytest.mark.parametrize("who", ["front_a", "supervisor", "officer_b", "officer_a"])
def test_only_the_communes_petition_writers_edit(personas: Personas, who: str) -> None:
    petition = receive(personas)
    with pytest.raises(PermissionDenied):
        actions.update_petition(getattr(personas, who), petition, {"petitioner_name": "Lê Văn Tâm"})
    assert fresh(petition).petitioner_name == NAME


# --- complexity found later: the 45-day limit and the stored due day -----------------------------------------------


def resolution_due(petition: Petition) -> dt.date:
    return PetitionDeadline.objects.get(petition=petition, step="resolution").due_on


def test_a_complex_complaint_accepted_gets_45_days_and_the_stored_due_day_changes(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        plain = receive(personas)
        marked = receive(personas)
        actions.accept(personas.leader_a, plain, on=RECEIVED)
        actions.accept(personas.leader_a, marked, on=RECEIVED, complex=True)
    assert deadlines(fresh(plain))["resolution"].rule.amount == 30
    computed = deadlines(fresh(marked))["resolution"]
    assert computed.rule.amount == 45 and fresh(marked).complex
    assert resolution_due(marked) == computed.due and resolution_due(marked) > resolution_due(plain)


def test_marking_an_accepted_complaint_complex_moves_its_stored_due_day(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        petition = receive(personas)
        actions.accept(personas.leader_a, petition, on=RECEIVED)
    before = resolution_due(petition)
    with django_capture_on_commit_callbacks(execute=True):
        actions.update_petition(personas.leader_a, petition, {"complex": True, "remote_area": True})
    computed = deadlines(fresh(petition))["resolution"]
    assert computed.rule.amount == 60 and resolution_due(petition) == computed.due > before


def test_the_accept_form_carries_the_complex_mark(personas: Personas, django_capture_on_commit_callbacks: Any) -> None:
    petition = receive(personas)
    client = personas.client(personas.leader_a)
    url = reverse("engagement:petition_accept", args=[petition.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"accept-on": f"{RECEIVED:%d/%m/%Y}", "accept-complex": "on"})
    assert response.status_code == 302
    assert fresh(petition).complex and deadlines(fresh(petition))["resolution"].rule.amount == 45
    assert resolution_due(petition) == deadlines(fresh(petition))["resolution"].due


# --- the page ------------------------------------------------------------------------------------------------------


def test_the_detail_page_offers_the_edit_page_to_writers_only(personas: Personas) -> None:
    petition = receive(personas)
    detail = reverse("engagement:petition_detail", args=[petition.pk])
    assert "Sửa thông tin đơn" in personas.client(personas.reception_a).get(detail).content.decode()
    assert "Sửa thông tin đơn" not in personas.client(personas.supervisor).get(detail).content.decode()
    page = personas.client(personas.leader_a).get(edit_url(petition))
    assert page.status_code == 200 and NAME in page.content.decode() and CCCD in page.content.decode()


def test_the_page_saves_a_correction(personas: Personas) -> None:
    petition = receive(personas)
    client = personas.client(personas.leader_a)
    response = client.post(edit_url(petition), form_data(petition, petitioner_name="Lê Văn Tâm"), follow=True)
    assert "Đã sửa thông tin đơn số" in response.content.decode()
    assert fresh(petition).petitioner_name == "Lê Văn Tâm" and len(edits(petition)) == 1


@pytest.mark.parametrize("value", BAD_CCCD)
def test_the_page_puts_a_bad_cccd_beside_the_field(personas: Personas, value: str) -> None:
    petition = receive(personas)
    client = personas.client(personas.leader_a)
    response = client.post(edit_url(petition), form_data(petition, petitioner_id_number=value, field="Đất đai"))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_petitioner_id_number-err"' in html and CCCD_MESSAGE in html
    assert fresh(petition).petitioner_id_number == CCCD and fresh(petition).field == ""


@pytest.mark.parametrize(("day", "message"), [("01/01/0001", "01/01/1900"), ("31/12/2999", "tương lai")])
def test_the_page_refuses_a_day_before_1900_or_in_the_future(personas: Personas, day: str, message: str) -> None:
    petition = receive(personas)
    response = personas.client(personas.leader_a).post(edit_url(petition), form_data(petition, received_on=day))
    assert response.status_code == 400 and message in response.content.decode()
    assert fresh(petition).received_on == RECEIVED


@pytest.mark.parametrize("value", BAD_CCCD)
def test_the_receive_form_refuses_a_bad_cccd(personas: Personas, value: str) -> None:
    data = form_data(receive(personas), petitioner_id_number=value)
    response = personas.client(personas.leader_a).post(reverse("engagement:petition_create"), data)
    assert response.status_code == 200 and CCCD_MESSAGE in response.content.decode()
    assert Petition.objects.count() == 1


def test_the_receive_form_accepts_12_digits(personas: Personas) -> None:
    data = form_data(receive(personas), petitioner_id_number="001234567890")
    response = personas.client(personas.leader_a).post(reverse("engagement:petition_create"), data)
    assert response.status_code == 302
    assert Petition.objects.filter(petitioner_id_number="001234567890").exists()


def test_a_closed_petitions_page_says_why(personas: Personas) -> None:
    petition = receive(personas)
    actions.withdraw(personas.leader_a, petition, on=TODAY)
    client = personas.client(personas.leader_a)
    page = client.get(edit_url(petition))
    assert page.status_code == 200 and "không sửa được nữa" in page.content.decode()
    assert "Lưu thông tin đơn" not in page.content.decode()
    posted = client.post(edit_url(petition), form_data(petition, petitioner_name="Lê Văn Tâm"))
    assert posted.status_code == 400 and fresh(petition).petitioner_name == NAME


def test_another_communes_staff_get_404_and_mttq_or_the_supervisor_403(personas: Personas) -> None:
    petition = receive(personas)
    leader_b = make_user("leader_b", Role.LEADER, personas.commune_b, "Trịnh Văn Bảo")
    for user, status in ((leader_b, 404), (personas.front_a, 403), (personas.supervisor, 403)):
        client = personas.client(user)
        assert client.get(edit_url(petition)).status_code == status
        posted = client.post(edit_url(petition), form_data(petition, petitioner_name="Lê Văn Tâm"))
        assert posted.status_code == status
    assert fresh(petition).petitioner_name == NAME and edits(petition) == []


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_edit_page_in_a_browser(personas: Personas, live_server: Any, browser_page: Any) -> None:
    """From the petition's page to "Sửa thông tin đơn": a bad CCCD is said beside the field, then the fix saves
    (axe-core checks each page)."""
    petition = receive(personas)
    page, url = browser_page, live_server.url
    login(page, url, "reception_a")
    page.goto(url + reverse("engagement:petition_detail", args=[petition.pk]))
    page.get_by_role("link", name="Sửa thông tin đơn").click()
    page.get_by_label("Số CCCD người gửi").fill("31/02/2026")
    page.get_by_role("button", name="Lưu thông tin đơn").click()
    page.get_by_text(CCCD_MESSAGE).wait_for()
    page.get_by_label("Số CCCD người gửi").fill("038090009999")
    page.get_by_label("Họ tên người gửi đơn").fill("Lê Văn Tâm")
    page.get_by_role("button", name="Lưu thông tin đơn").click()
    page.get_by_text("Đã sửa thông tin đơn số").wait_for()
    stored = fresh(petition)
    assert (stored.petitioner_name, stored.petitioner_id_number) == ("Lê Văn Tâm", "038090009999")
