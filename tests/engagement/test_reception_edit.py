"""Correcting the reception register (issue 9, review findings): update_session and update_visit and their pages,
linked from the session page for writers; days before 1900 or in the future refused (year 0001 included), CCCD
checked as 12 digits on the visit form and in the action."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.conftest import Personas, login, make_user
from thanthien.audit.models import AuditEntry
from thanthien.engagement import reception_actions as actions
from thanthien.engagement.models import Petition
from thanthien.engagement.reception import ReceptionSession, ReceptionVisit
from thanthien.org.models import Role

pytestmark = pytest.mark.django_db

D = dt.date
TODAY = timezone.localdate()
HELD = D(2026, 3, 10)
BAD_CCCD = ["²", "zzz", "31/02/2026"]
CCCD_MESSAGE = "Số CCCD phải gồm đúng 12 chữ số."
SESSION = {
    "held_on": HELD,
    "kind": "regular",
    "receiver": "chairman",
    "receiver_name": "Lê Văn Tâm",
    "head_in_person": True,
}
VISIT = {
    "citizen_name": "Nguyễn Thị Mận",
    "citizen_address": "Thôn Tây, xã Hoằng Hợp",
    "citizen_id_number": "038190001234",
    "people": 1,
    "content": "Đề nghị giải quyết tranh chấp ranh giới đất",
    "subject_kind": "complaint",
    "first_time": True,
    "outcome": "answered",
    "outcome_note": "Đã giải thích quy định",
}


def session(p: Personas, **data: Any) -> ReceptionSession:
    return actions.record_session(p.leader_a, p.commune_a, {**SESSION, **data})


def visit(p: Personas, s: ReceptionSession | None = None, **data: Any) -> ReceptionVisit:
    return actions.add_visit(p.leader_a, s or session(p), {**VISIT, **data})


def fresh_session(s: ReceptionSession) -> ReceptionSession:
    return ReceptionSession.objects.get(pk=s.pk)


def fresh_visit(v: ReceptionVisit) -> ReceptionVisit:
    return ReceptionVisit.objects.get(pk=v.pk)


def audits(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action))


def session_form(s: ReceptionSession, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "held_on": f"{s.held_on:%Y-%m-%d}",
        "kind": s.kind,
        "receiver": s.receiver,
        "receiver_name": s.receiver_name,
        "place": s.place,
        "note": s.note,
    }
    if s.head_in_person:
        data["head_in_person"] = "on"
    if s.nobody_came:
        data["nobody_came"] = "on"
    return {**data, **changes}


def visit_form(v: ReceptionVisit, **changes: Any) -> dict[str, Any]:
    data = {name: getattr(v, name) for name in VISIT if name != "first_time"}
    if v.first_time:
        data["first_time"] = "on"
    return {**data, **changes}


# --- sessions ------------------------------------------------------------------------------------------------------


def test_a_session_is_corrected_and_audited(personas: Personas) -> None:
    s = session(personas)
    actions.update_session(
        personas.reception_a, s, {"held_on": D(2026, 3, 11), "kind": "unscheduled", "place": "Nhà văn hóa thôn"}
    )
    stored = fresh_session(s)
    assert (stored.held_on, stored.kind, stored.place) == (D(2026, 3, 11), "unscheduled", "Nhà văn hóa thôn")
    [entry] = audits("engagement.reception_session.update")
    assert "held_on" in entry.changes and "kind" in entry.changes


@pytest.mark.parametrize(
    ("day", "message"), [(D(1, 1, 1), "01/01/1900"), (D(1899, 12, 31), "01/01/1900"), (None, "tương lai")]
)
def test_a_session_day_before_1900_or_in_the_future_is_refused(
    personas: Personas, day: dt.date | None, message: str
) -> None:
    day = day or TODAY + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as caught:
        session(personas, held_on=day)
    assert message in caught.value.message_dict["held_on"][0]
    s = session(personas)
    with pytest.raises(ValidationError):
        actions.update_session(personas.leader_a, s, {"held_on": day})
    assert fresh_session(s).held_on == HELD and ReceptionSession.objects.count() == 1


def test_a_session_with_visits_cannot_become_nobody_came(personas: Personas) -> None:
    v = visit(personas)
    with pytest.raises(ValidationError) as caught:
        actions.update_session(personas.leader_a, v.session, {"nobody_came": True, "note": "x"})
    assert "đã có lượt tiếp" in caught.value.message_dict["nobody_came"][0]
    assert not fresh_session(v.session).nobody_came and fresh_session(v.session).note == ""


def test_the_day_of_a_session_that_received_a_petition_stays_the_petitions_day(personas: Personas) -> None:
    v = visit(personas, outcome="petition")
    with pytest.raises(ValidationError) as caught:
        actions.update_session(personas.leader_a, v.session, {"held_on": D(2026, 3, 9)})
    assert "1/2026" in caught.value.message_dict["held_on"][0]
    assert fresh_session(v.session).held_on == HELD == Petition.objects.get().received_on
    actions.update_session(personas.leader_a, v.session, {"receiver_name": "Phạm Văn C"})
    assert fresh_session(v.session).receiver_name == "Phạm Văn C"


def test_an_empty_receiver_name_is_refused(personas: Personas) -> None:
    s = session(personas)
    with pytest.raises(ValidationError) as caught:
        actions.update_session(personas.leader_a, s, {"receiver_name": " "})
    assert "người tiếp" in caught.value.message_dict["receiver_name"][0]


@pytest.mark.parametrize("who", ["front_a", "supervisor", "officer_a", "officer_b"])
def test_only_reception_writers_correct(personas: Personas, who: str) -> None:
    v = visit(personas)
    actor = getattr(personas, who)
    with pytest.raises(PermissionDenied):
        actions.update_session(actor, v.session, {"place": "Khác"})
    with pytest.raises(PermissionDenied):
        actions.update_visit(actor, v, {"citizen_name": "Khác"})
    assert fresh_session(v.session).place == "" and fresh_visit(v).citizen_name == VISIT["citizen_name"]


# --- visits --------------------------------------------------------------------------------------------------------


def test_a_visit_is_corrected_and_the_audit_keeps_no_personal_data(personas: Personas) -> None:
    v = visit(personas)
    actions.update_visit(
        personas.reception_a,
        v,
        {
            "citizen_name": "Nguyễn Thị Mơ",
            "citizen_id_number": "038190009999",
            "subject_kind": "recommendation",
            "first_time": False,
            "previous_handling": "Đã hòa giải ở thôn",
            "outcome_note": "Đã trả lời trực tiếp",
        },
    )
    stored = fresh_visit(v)
    assert (stored.citizen_name, stored.citizen_id_number, stored.subject_kind) == (
        "Nguyễn Thị Mơ",
        "038190009999",
        "recommendation",
    )
    assert not stored.first_time and stored.previous_handling == "Đã hòa giải ở thôn"
    [entry] = audits("engagement.reception_visit.update")
    trail = str(entry.changes)
    for value in ("Nguyễn Thị Mơ", VISIT["citizen_name"], "038190009999", VISIT["citizen_id_number"]):
        assert value not in trail
    assert "subject_kind" in entry.changes


@pytest.mark.parametrize("value", BAD_CCCD)
def test_a_bad_cccd_is_refused_on_a_visit(personas: Personas, value: str) -> None:
    v = visit(personas)
    with pytest.raises(ValidationError) as caught:
        actions.update_visit(personas.leader_a, v, {"citizen_id_number": value, "content": "Nội dung khác"})
    assert caught.value.message_dict["citizen_id_number"] == [CCCD_MESSAGE]
    assert fresh_visit(v).citizen_id_number == VISIT["citizen_id_number"]
    assert fresh_visit(v).content == VISIT["content"]
    with pytest.raises(ValidationError):
        visit(personas, v.session, citizen_id_number=value)
    assert ReceptionVisit.objects.count() == 1


def test_the_outcome_does_not_turn_into_or_out_of_a_petition(personas: Personas) -> None:
    plain = visit(personas)
    with pytest.raises(ValidationError) as caught:
        actions.update_visit(personas.leader_a, plain, {"outcome": "petition"})
    assert "hồ sơ riêng" in caught.value.message_dict["outcome"][0]
    with_petition = visit(personas, plain.session, outcome="petition")
    with pytest.raises(ValidationError):
        actions.update_visit(personas.leader_a, with_petition, {"outcome": "answered"})
    with pytest.raises(ValidationError) as caught:
        actions.update_visit(personas.leader_a, with_petition, {"subject_kind": "feedback"})
    assert "trang của đơn" in caught.value.message_dict["subject_kind"][0]
    assert fresh_visit(plain).outcome == "answered" and fresh_visit(with_petition).outcome == "petition"
    assert Petition.objects.count() == 1


def test_a_group_without_representatives_is_refused(personas: Personas) -> None:
    v = visit(personas)
    with pytest.raises(ValidationError) as caught:
        actions.update_visit(personas.leader_a, v, {"people": 6})
    assert "đoàn đông người" in caught.value.message_dict["representatives"][0]
    assert fresh_visit(v).people == 1


# --- the pages -----------------------------------------------------------------------------------------------------


def test_the_session_page_links_the_edit_pages_for_writers_only(personas: Personas) -> None:
    v = visit(personas)
    url = reverse("engagement:session", args=[v.session_id])
    page = personas.client(personas.reception_a).get(url).content.decode()
    assert reverse("engagement:session_edit", args=[v.session_id]) in page
    assert reverse("engagement:visit_edit", args=[v.pk]) in page
    for reader in (personas.front_a, personas.supervisor):
        shown = personas.client(reader).get(url).content.decode()
        assert reverse("engagement:visit_edit", args=[v.pk]) not in shown


def test_the_pages_save_corrections(personas: Personas) -> None:
    v = visit(personas)
    client = personas.client(personas.leader_a)
    edit_session = reverse("engagement:session_edit", args=[v.session_id])
    assert client.get(edit_session).status_code == 200
    done = client.post(edit_session, session_form(v.session, place="Hội trường UBND"), follow=True)
    assert "Đã sửa buổi tiếp công dân." in done.content.decode()
    assert fresh_session(v.session).place == "Hội trường UBND"
    edit_visit = reverse("engagement:visit_edit", args=[v.pk])
    page = client.get(edit_visit)
    assert page.status_code == 200 and VISIT["citizen_id_number"] in page.content.decode()
    done = client.post(edit_visit, visit_form(v, citizen_name="Nguyễn Thị Mơ"), follow=True)
    assert "Đã sửa lượt tiếp công dân." in done.content.decode()
    assert fresh_visit(v).citizen_name == "Nguyễn Thị Mơ"


@pytest.mark.parametrize("value", BAD_CCCD)
def test_the_visit_pages_refuse_a_bad_cccd(personas: Personas, value: str) -> None:
    v = visit(personas)
    client = personas.client(personas.leader_a)
    response = client.post(reverse("engagement:visit_edit", args=[v.pk]), visit_form(v, citizen_id_number=value))
    assert response.status_code == 400 and CCCD_MESSAGE in response.content.decode()
    assert fresh_visit(v).citizen_id_number == VISIT["citizen_id_number"]
    added = client.post(reverse("engagement:session", args=[v.session_id]), {**VISIT, "citizen_id_number": value})
    assert CCCD_MESSAGE in added.content.decode() and ReceptionVisit.objects.count() == 1


def test_the_visit_form_accepts_12_digits_and_an_empty_cccd(personas: Personas) -> None:
    s = session(personas)
    client = personas.client(personas.leader_a)
    for value in ("001234567890", ""):
        response = client.post(reverse("engagement:session", args=[s.pk]), {**VISIT, "citizen_id_number": value})
        assert response.status_code == 302
    assert sorted(ReceptionVisit.objects.values_list("citizen_id_number", flat=True)) == ["", "001234567890"]


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("01/01/0001", "Ngày tiếp không được trước ngày 01/01/1900."),
        ("0001-01-01", "Ngày tiếp không được trước ngày 01/01/1900."),
        ("31/12/2999", "Ngày tiếp không được ở tương lai."),
    ],
)
def test_the_register_and_the_session_page_refuse_a_day_before_1900_or_in_the_future(
    personas: Personas, day: str, message: str
) -> None:
    client = personas.client(personas.leader_a)
    data = session_form(ReceptionSession(**SESSION), held_on=day)
    response = client.post(reverse("engagement:register") + f"?unit={personas.commune_a.code}", data)
    assert response.status_code == 200 and not ReceptionSession.objects.exists()
    assert message in response.content.decode()
    s = session(personas)
    edited = client.post(reverse("engagement:session_edit", args=[s.pk]), session_form(s, held_on=day))
    assert edited.status_code == 400 and message in edited.content.decode() and fresh_session(s).held_on == HELD


def test_a_refused_nobody_came_is_shown_beside_its_field(personas: Personas) -> None:
    v = visit(personas)
    client = personas.client(personas.leader_a)
    response = client.post(
        reverse("engagement:session_edit", args=[v.session_id]), session_form(v.session, nobody_came="on")
    )
    assert response.status_code == 400 and "đã có lượt tiếp" in response.content.decode()
    assert not fresh_session(v.session).nobody_came


def test_another_communes_staff_get_404_and_mttq_or_the_supervisor_403(personas: Personas) -> None:
    v = visit(personas)
    leader_b = make_user("leader_b", Role.LEADER, personas.commune_b, "Trịnh Văn Bảo")
    pages = [
        (reverse("engagement:session_edit", args=[v.session_id]), session_form(v.session, place="Khác")),
        (reverse("engagement:visit_edit", args=[v.pk]), visit_form(v, citizen_name="Khác")),
    ]
    for user, status in ((leader_b, 404), (personas.front_a, 403), (personas.supervisor, 403)):
        client = personas.client(user)
        for url, data in pages:
            assert client.get(url).status_code == status
            assert client.post(url, data).status_code == status
    assert fresh_session(v.session).place == "" and fresh_visit(v).citizen_name == VISIT["citizen_name"]
    assert not audits("engagement.reception_session.update") and not audits("engagement.reception_visit.update")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_edit_pages_in_a_browser(personas: Personas, live_server: Any, browser_page: Any) -> None:
    """From the session page to its edit pages (axe-core checks each page): the visit's CCCD corrected."""
    v = visit(personas)
    page, url = browser_page, live_server.url
    login(page, url, "leader_a")
    page.goto(url + reverse("engagement:session", args=[v.session_id]))
    page.get_by_role("link", name="Sửa buổi tiếp").click()
    page.get_by_label("Địa điểm").fill("Hội trường UBND xã")
    page.get_by_role("button", name="Lưu").click()
    page.get_by_text("Đã sửa buổi tiếp công dân.").wait_for()
    page.get_by_role("link", name="Sửa lượt tiếp").click()
    page.get_by_label("Số CCCD").fill("zzz")
    page.get_by_role("button", name="Lưu").click()
    page.get_by_text(CCCD_MESSAGE).wait_for()
    page.get_by_label("Số CCCD").fill("038190009999")
    page.get_by_role("button", name="Lưu").click()
    page.get_by_text("Đã sửa lượt tiếp công dân.").wait_for()
    assert fresh_visit(v).citizen_id_number == "038190009999"
    assert fresh_session(v.session).place == "Hội trường UBND xã"
