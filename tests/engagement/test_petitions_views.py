"""The petition pages: who reads (writers, supervisors masked; not MTTQ), receiving, each action's POST form with its
Vietnamese refusal that changes nothing, the detail page with its steps and their explanation, the list's filters
and search, and another commune's petitions not found."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.conftest import Personas, make_user
from thanthien.engagement import actions
from thanthien.engagement.models import Petition, PetitionExtension
from thanthien.org.actions import grant_role
from thanthien.org.models import Role

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
RECEIVED = TODAY - dt.timedelta(days=3)
NAME = "Lê Văn Tám"


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def receive(p: Personas, **extra: Any) -> Petition:
    data = {
        "received_on": RECEIVED,
        "source": "post",
        "kind": "complaint",
        "petitioner_name": NAME,
        "petitioner_address": "Thôn Đông, xã Hoằng Hợp",
        "petitioner_id_number": "038090001234",
        "content": "Khiếu nại quyết định thu hồi đất",
    }
    unit = extra.pop("unit", p.commune_a)
    # Another commune's petition is written from the command line (no actor): leader_a may not write there.
    return actions.receive_petition(p.leader_a if unit == p.commune_a else None, unit, {**data, **extra})


def detail(petition: Petition) -> str:
    return reverse("engagement:petition_detail", args=[petition.pk])


def post(petition: Petition, name: str) -> str:
    return reverse(f"engagement:petition_{name}", args=[petition.pk])


def fresh(petition: Petition) -> Petition:
    return Petition.objects.get(pk=petition.pk)


# --- who reads ---------------------------------------------------------------------------------------------------


def test_writers_read_their_communes_petitions_with_the_petitioner(personas: Personas) -> None:
    petition = receive(personas)
    for user in (personas.leader_a, personas.reception_a, personas.admin_a):
        client = client_for(user)
        page = client.get(reverse("engagement:petition_list"))
        assert page.status_code == 200 and NAME in page.content.decode()
        shown = client.get(detail(petition)).content.decode()
        assert NAME in shown and "038090001234" in shown and petition.display_number in shown


def test_mttq_and_other_roles_do_not_read_petitions(personas: Personas) -> None:
    petition = receive(personas)
    for user in (personas.front_a, personas.officer_a, personas.registrar_a):
        client = client_for(user)
        assert client.get(reverse("engagement:petition_list")).status_code == 403
        assert client.get(detail(petition)).status_code == 403
        assert client.get(reverse("engagement:petition_queue")).status_code == 403


def test_a_front_member_who_also_leads_another_commune_sees_only_that_communes_petitions(personas: Personas) -> None:
    receive(personas)
    theirs = receive(personas, unit=personas.commune_b, petitioner_name="Hà Văn Hải")
    user = make_user("mixed", Role.FRONT, personas.commune_a)
    grant_role(None, user, personas.commune_b, Role.LEADER)
    page = client_for(user).get(reverse("engagement:petition_list")).content.decode()
    assert "Hà Văn Hải" in page and NAME not in page
    assert theirs.display_number in page


def test_supervisor_reads_every_commune_under_them_with_the_petitioner_masked(personas: Personas) -> None:
    petition = receive(personas)
    receive(personas, unit=personas.commune_b, petitioner_name="Hà Văn Hải")
    client = client_for(personas.supervisor)
    page = client.get(reverse("engagement:petition_list")).content.decode()
    assert NAME not in page and "Hà Văn Hải" not in page
    assert "Xã Hoằng Hợp" in page and "Xã Hoằng Quý" in page  # the unit column
    shown = client.get(detail(petition)).content.decode()
    assert NAME not in shown and "038090001234" not in shown and "Khiếu nại quyết định thu hồi đất" in shown
    assert "Phân loại, xử lý đơn" not in shown  # no action forms
    # Searching a person's name finds nothing for a supervisor; a number still does.
    assert "Không có đơn nào" in client.get(reverse("engagement:petition_list"), {"q": "Tám"}).content.decode()
    by_number = client.get(reverse("engagement:petition_list"), {"q": petition.display_number}).content.decode()
    assert detail(petition) in by_number
    assert client.post(post(petition, "accept"), {"accept-on": TODAY.strftime("%d/%m/%Y")}).status_code == 403
    assert fresh(petition).accepted_on is None


def test_another_communes_petition_is_not_found(personas: Personas) -> None:
    petition = receive(personas, unit=personas.commune_b)
    client = client_for(personas.leader_a)
    assert client.get(detail(petition)).status_code == 404
    assert client.post(post(petition, "accept"), {"accept-on": TODAY.strftime("%d/%m/%Y")}).status_code == 404
    assert client_for(personas.other_supervisor).get(detail(petition)).status_code == 404
    assert client.get("/tiep-cong-dan/don-thu/99999999999999999999/").status_code == 404


# --- receiving -----------------------------------------------------------------------------------------------------


RECEIVE_FORM = {
    "received_on": RECEIVED.strftime("%d/%m/%Y"),
    "source": "hand",
    "kind": "denunciation",
    "field": "Đất đai",
    "content": "Tố cáo cán bộ địa chính",
    "petitioner_name": "Nguyễn Thị Mận",
    "signers": "2",
}


def test_receiving_a_petition_numbers_it_and_opens_its_page(personas: Personas) -> None:
    client = client_for(personas.reception_a)
    assert client.get(reverse("engagement:petition_create")).status_code == 200
    response = client.post(reverse("engagement:petition_create"), RECEIVE_FORM)
    petition = Petition.objects.get()
    assert response.status_code == 302 and response["Location"] == detail(petition)
    assert (petition.number, petition.year, petition.kind, petition.signers) == (1, RECEIVED.year, "denunciation", 2)
    page = client.get(detail(petition)).content.decode()
    assert "Xử lý ban đầu" in page and "Căn cứ:" in page


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"received_on": "31/02/2026"}, "Ngày không hợp lệ"),
        ({"received_on": (TODAY + dt.timedelta(days=2)).strftime("%d/%m/%Y")}, "không được ở tương lai"),
        ({"content": ""}, "Vui lòng nhập nội dung đơn"),
        ({"petitioner_name": ""}, "Vui lòng nhập họ tên người gửi đơn"),
        ({"anonymous": "on"}, "Đơn nặc danh không ghi họ tên"),
        ({"kind": "xyz"}, "Loại đơn không hợp lệ"),
        ({"signers": "²"}, "Số người ký đơn phải là số nguyên"),
        ({"signers": "0"}, "Số người ký đơn phải là số nguyên"),
    ],
)
def test_a_bad_petition_is_refused_in_vietnamese_and_nothing_is_saved(
    personas: Personas, change: dict[str, str], message: str
) -> None:
    response = client_for(personas.leader_a).post(reverse("engagement:petition_create"), {**RECEIVE_FORM, **change})
    assert response.status_code == 200 and message in response.content.decode()
    assert not Petition.objects.exists()


def test_a_supervisor_cannot_receive(personas: Personas) -> None:
    assert client_for(personas.supervisor).post(reverse("engagement:petition_create"), RECEIVE_FORM).status_code == 403
    assert not Petition.objects.exists()


# --- the actions -------------------------------------------------------------------------------------------------


def test_classify_accept_and_resolve_a_complaint(personas: Personas) -> None:
    petition = receive(personas)
    client = client_for(personas.leader_a)
    day = TODAY.strftime("%d/%m/%Y")
    r = client.post(post(petition, "classify"), {"classify-eligible": "yes", "classify-within_competence": "yes"})
    assert r.status_code == 302 and fresh(petition).status == "classified"
    r = client.post(post(petition, "accept"), {"accept-on": day})
    assert r.status_code == 302 and fresh(petition).accepted_on == TODAY
    page = client.get(detail(petition)).content.decode()
    assert 'data-testid="step-resolution"' in page and "kể từ ngày thụ lý" in page and "In thông báo thụ lý" in page
    r = client.post(post(petition, "resolve"), {"resolve-outcome": "answered", "resolve-on": day})
    assert r.status_code == 400 and "Kết quả không hợp lệ" in r.content.decode()
    assert fresh(petition).resolved_on is None
    r = client.post(
        post(petition, "resolve"),
        {"resolve-outcome": "founded", "resolve-on": day, "resolve-decision_number": "12/QĐ-UBND"},
    )
    assert r.status_code == 302
    done = fresh(petition)
    assert (done.status, done.outcome, done.decision_number) == ("resolved", "founded", "12/QĐ-UBND")
    page = client.get(detail(petition)).content.decode()
    assert f"Đã thực hiện ngày {TODAY:%d/%m/%Y}, đúng hạn" in page
    # A closed petition takes no more actions: the page says so, nothing changes.
    r = client.post(post(petition, "withdraw"), {"withdraw-on": day})
    assert r.status_code == 302 and fresh(petition).outcome == "founded"


def test_forwarding_needs_the_body_and_a_refusal_its_reason(personas: Personas) -> None:
    petition = receive(personas, kind="recommendation")
    client = client_for(personas.reception_a)
    r = client.post(post(petition, "classify"), {"classify-within_competence": "no", "classify-direction": "forward"})
    assert r.status_code == 400 and "Vui lòng ghi cơ quan nhận đơn chuyển đến" in r.content.decode()
    assert fresh(petition).status == "received"
    r = client.post(post(petition, "classify"), {"classify-direction": "refuse", "classify-eligible": "no"})
    assert r.status_code == 400 and "Vui lòng ghi lý do" in r.content.decode()
    r = client.post(
        post(petition, "classify"),
        {"classify-within_competence": "no", "classify-direction": "forward", "classify-forwarded_to": "UBND huyện"},
    )
    assert r.status_code == 302
    done = fresh(petition)
    assert (done.status, done.forwarded_to, done.handled_on) == ("closed", "UBND huyện", TODAY)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"accept-on": "hôm qua"}, "Ngày không hợp lệ"),
        ({"accept-on": ""}, "Vui lòng nhập ngày thụ lý"),
        ({"accept-on": (RECEIVED - dt.timedelta(days=1)).strftime("%d/%m/%Y")}, "không được trước ngày"),
    ],
)
def test_a_bad_acceptance_changes_nothing(personas: Personas, data: dict[str, str], message: str) -> None:
    petition = receive(personas)
    r = client_for(personas.leader_a).post(post(petition, "accept"), data)
    assert r.status_code == 400 and message in r.content.decode()
    assert fresh(petition).accepted_on is None


def test_an_anonymous_denunciation_is_not_accepted(personas: Personas) -> None:
    petition = receive(personas, kind="denunciation", anonymous=True, petitioner_name="", petitioner_id_number="")
    r = client_for(personas.leader_a).post(post(petition, "accept"), {"accept-on": TODAY.strftime("%d/%m/%Y")})
    assert r.status_code == 400 and "Tố cáo nặc danh" in r.content.decode()
    assert fresh(petition).accepted_on is None


def test_a_denunciation_is_extended_and_a_complaint_is_not(personas: Personas) -> None:
    petition = receive(personas, kind="denunciation")
    client = client_for(personas.leader_a)
    form = {
        "extend-step": "initial_handling",
        "extend-days": "3",
        "extend-reason": "Cần xác minh thêm",
        "extend-decision": "Quyết định số 5/QĐ-UBND",
        "extend-decided_on": TODAY.strftime("%d/%m/%Y"),
    }
    r = client.post(post(petition, "extend"), {**form, "extend-days": "9"})
    assert r.status_code == 400 and "còn gia hạn được 3 ngày" in r.content.decode()
    assert not PetitionExtension.objects.exists()
    assert client.post(post(petition, "extend"), form).status_code == 302
    page = client.get(detail(petition)).content.decode()
    assert "Gia hạn thêm 3 ngày theo Quyết định số 5/QĐ-UBND" in page
    complaint = receive(personas)
    r = client.post(post(complaint, "extend"), form)
    assert r.status_code == 302 and not PetitionExtension.objects.filter(petition=complaint).exists()


def test_split_a_petition_with_two_contents(personas: Personas) -> None:
    petition = receive(personas)
    client = client_for(personas.leader_a)
    r = client.post(post(petition, "split"), {"split-kind_1": "complaint", "split-content_1": "Khiếu nại thu hồi đất"})
    assert r.status_code == 400 and "ít nhất hai nội dung" in r.content.decode()
    assert Petition.objects.count() == 1
    r = client.post(
        post(petition, "split"),
        {
            "split-kind_1": "complaint",
            "split-content_1": "Khiếu nại thu hồi đất",
            "split-kind_2": "recommendation",
            "split-content_2": "Kiến nghị làm đường",
        },
    )
    assert r.status_code == 302
    other = Petition.objects.exclude(pk=petition.pk).get()
    assert (other.kind, other.petitioner_name, other.number) == ("recommendation", NAME, 2)


def test_withdraw(personas: Personas) -> None:
    petition = receive(personas)
    r = client_for(personas.leader_a).post(
        post(petition, "withdraw"), {"withdraw-on": TODAY.strftime("%d/%m/%Y"), "withdraw-note": "Đã hòa giải"}
    )
    assert r.status_code == 302 and fresh(petition).status == "withdrawn"


# --- the list ----------------------------------------------------------------------------------------------------


def test_the_list_filters_and_paginates_in_a_bounded_number_of_queries(
    personas: Personas, django_assert_max_num_queries: Any
) -> None:
    first = receive(personas)
    actions.accept(personas.leader_a, first, on=TODAY)
    second = receive(personas, kind="recommendation", petitioner_name="Hà Thị Hoa")
    client = client_for(personas.leader_a)
    url = reverse("engagement:petition_list")

    def numbers(**params: str) -> set[str]:
        page = client.get(url, params).content.decode()
        return {p.display_number for p in (first, second) if detail(p) in page}

    assert numbers(status="accepted") == {first.display_number}
    assert numbers(status="received") == {second.display_number}
    assert numbers(status="open") == {first.display_number, second.display_number}
    assert numbers(kind="recommendation") == {second.display_number}
    assert numbers(year=str(RECEIVED.year + 1)) == set()
    assert numbers(q="Hoa") == {second.display_number}
    assert numbers(q=f"{first.number}/{first.year}") == {first.display_number}
    for bad in ({"status": "x"}, {"year": "²"}, {"year": "9" * 30}, {"page": "abc"}, {"due": "<script>"}):
        assert client.get(url, bad).status_code == 200
    for n in range(35):
        receive(personas, content=f"Nội dung {n}")
    with django_assert_max_num_queries(12):
        page = client.get(url)
    assert page.status_code == 200 and "Trang 1/2" in page.content.decode()


# --- the dated time limits ---------------------------------------------------------------------------------------

LIMITS = reverse("engagement:limit_rules")


def test_the_limits_page_lists_the_dated_rules_with_their_legal_basis(personas: Personas) -> None:
    page = client_for(personas.supervisor).get(LIMITS).content.decode()
    assert "Luật Khiếu nại số 02/2011/QH13, Điều 27" in page and "01/07/2012" in page and "Toàn quốc" in page
    assert "Thêm thời hạn toàn quốc" not in page and "Sửa căn cứ pháp lý" not in page
    assert client_for(personas.front_a).get(LIMITS).status_code == 403


def test_a_system_administrator_adds_a_rule_from_a_day_and_edits_a_legal_basis(personas: Personas) -> None:
    from thanthien.engagement.models import LimitRule

    client = client_for(personas.sysadmin)
    assert "Thêm thời hạn toàn quốc" in client.get(LIMITS).content.decode()
    form = {
        "rule-step": "acceptance",
        "rule-petition_kind": "complaint",
        "rule-variant": "standard",
        "rule-amount": "7",
        "rule-counting": "working_days",
        "rule-applies_from": "01/07/2026",
        "rule-legal_basis": "Nghị định số 154/2026/NĐ-CP",
    }
    before = LimitRule.objects.count()
    r = client.post(reverse("engagement:limit_rule_add"), {**form, "rule-legal_basis": " "})
    assert r.status_code == 400 and "Vui lòng nhập căn cứ pháp lý" in r.content.decode()
    r = client.post(reverse("engagement:limit_rule_add"), {**form, "rule-amount": "0"})
    assert r.status_code == 400 and LimitRule.objects.count() == before
    assert client.post(reverse("engagement:limit_rule_add"), form).status_code == 302
    rule = LimitRule.objects.get(applies_from=dt.date(2026, 7, 1), step="acceptance")
    assert (rule.amount, rule.unit) == (7, None)
    r = client.post(reverse("engagement:limit_rule_add"), form)  # the same rule again
    assert r.status_code == 400 and LimitRule.objects.count() == before + 1
    url = reverse("engagement:limit_rule_basis", args=[rule.pk])
    assert client.post(url, {f"basis-{rule.pk}-legal_basis": "NĐ 154/2026/NĐ-CP, Điều 5"}).status_code == 302
    assert LimitRule.objects.get(pk=rule.pk).legal_basis == "NĐ 154/2026/NĐ-CP, Điều 5"
    assert client.post(url, {f"basis-{rule.pk}-legal_basis": ""}).status_code == 400
    assert LimitRule.objects.get(pk=rule.pk).legal_basis == "NĐ 154/2026/NĐ-CP, Điều 5"
    # A commune's administrator may not touch a nationwide rule.
    assert client_for(personas.admin_a).post(url, {f"basis-{rule.pk}-legal_basis": "x"}).status_code == 403


def test_a_commune_administrator_sets_the_units_answer_limit(personas: Personas) -> None:
    from thanthien.engagement.models import LimitRule

    client = client_for(personas.admin_a)
    page = client.get(LIMITS).content.decode()
    assert "Thời hạn trả lời kiến nghị, phản ánh của Xã Hoằng Hợp" in page and "Thêm thời hạn toàn quốc" not in page
    form = {
        "answer-petition_kind": "recommendation",
        "answer-amount": "15",
        "answer-counting": "working_days",
        "answer-applies_from": "01/01/2026",
        "answer-legal_basis": "Quyết định số 20/QĐ-UBND của Chủ tịch UBND xã",
    }
    assert client.post(reverse("engagement:limit_rule_add"), form).status_code == 302
    rule = LimitRule.objects.get(unit=personas.commune_a)
    assert (rule.step, rule.amount) == ("answer", 15)
    page = client.get(LIMITS).content.decode()
    assert "Xã Hoằng Hợp" in page and "Sửa căn cứ pháp lý" in page
    assert client_for(personas.reception_a).post(reverse("engagement:limit_rule_add"), form).status_code == 403
    # Another commune's leader does not see (nor edit) commune A's own rule.
    assert client_for(personas.other_supervisor).get(LIMITS).content.decode().count("Quyết định số 20/QĐ") == 0


def test_the_detail_page_reads_a_bounded_number_of_rows(personas: Personas, django_assert_max_num_queries: Any) -> None:
    petition = receive(personas, kind="denunciation")
    petition = actions.accept(personas.leader_a, petition, on=TODAY)
    actions.extend(
        personas.leader_a, petition, step="resolution", days=1, reason="Cần xác minh", decision="QĐ 0", decided_on=TODAY
    )
    client = client_for(personas.leader_a)
    with django_assert_max_num_queries(18):
        page = client.get(detail(petition))
    text = page.content.decode()
    assert page.status_code == 200 and "QĐ 0" in text and 'data-testid="step-resolution"' in text


def test_a_dialogue_with_the_complainant_is_recorded_from_the_complaints_page(personas: Personas) -> None:
    from thanthien.engagement.dialogues import Dialogue

    today = timezone.localdate()
    petition = receive(personas, received_on=today - dt.timedelta(days=10))
    actions.accept(personas.leader_a, petition, on=today - dt.timedelta(days=8))
    client = client_for(personas.leader_a)
    page = client.get(detail(petition)).content.decode()
    assert "Đối thoại khi giải quyết" in page and "Chưa tổ chức." in page
    create = (
        reverse("engagement:dialogue_create") + f"?unit={personas.commune_a.code}&petition={petition.display_number}"
    )
    assert f"&amp;petition={petition.display_number}" in page
    form = client.get(create).content.decode()
    assert f'value="{petition.display_number}"' in form
    data = {
        "unit": personas.commune_a.code,
        "held_on": (today - dt.timedelta(days=1)).strftime("%d/%m/%Y"),
        "topic": "Đối thoại với người khiếu nại về thu hồi đất",
        "chaired_by": "Chủ tịch UBND xã",
        "petition": petition.display_number,
    }
    assert client.post(reverse("engagement:dialogue_create"), data).status_code == 302
    dialogue = Dialogue.objects.get()
    assert dialogue.petition == petition
    assert "Đối thoại với người khiếu nại về thu hồi đất" in client.get(detail(petition)).content.decode()
