"""Reception schedule and register (issue 9 items 1 and 2)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.urls import reverse
from pypdf import PdfReader

from tests.conftest import Personas
from thanthien.audit.models import AuditEntry
from thanthien.engagement import reception_actions as actions
from thanthien.engagement.models import Petition
from thanthien.engagement.reception import ReceptionRule, ReceptionSession, ReceptionVisit

pytestmark = pytest.mark.django_db

D = dt.date
HOURS = "sáng từ 7 giờ 30 đến 11 giờ 30"
PLACE = "Phòng tiếp công dân, trụ sở UBND xã"


def rule(p: Personas, **data: Any) -> ReceptionRule:
    values = {"receiver": "chairman", "receiver_name": "Lê Văn Tâm", "place": PLACE, "hours": HOURS, **data}
    return actions.add_rule(p.leader_a, p.commune_a, values)


def session(p: Personas, **data: Any) -> ReceptionSession:
    values = {
        "held_on": D(2026, 3, 10),
        "kind": "regular",
        "receiver": "chairman",
        "receiver_name": "Lê Văn Tâm",
        "head_in_person": True,
        **data,
    }
    return actions.record_session(p.leader_a, p.commune_a, values)


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


def test_a_weekly_rule_over_tet_2026_moves_to_the_next_working_day_and_says_so(personas: Personas) -> None:
    rule(personas, pattern="weekday", weekday=3)  # thứ Năm
    planned = actions.coming_sessions(personas.commune_a, D(2026, 2, 9), days=21)
    assert [p.day for p in planned] == [D(2026, 2, 12), D(2026, 2, 23), D(2026, 2, 26)]
    moved = planned[1]
    assert moved.rule_day == D(2026, 2, 19) and moved.moved
    assert moved.moved_text() == ("Ngày 19/02/2026 là nghỉ lễ, tết (Mùng ba Tết Nguyên Đán), chuyển sang 23/02/2026.")
    assert not planned[0].moved and planned[0].moved_text() == ""


def test_monthly_days_on_2_9_move_and_a_month_without_the_day_is_skipped(personas: Personas) -> None:
    rule(personas, pattern="month_days", month_days="20; 2 ,31")
    stored = ReceptionRule.objects.get()
    assert stored.month_days == "2, 20, 31" and stored.describe() == "ngày 02 và 20 và 31 hằng tháng"
    planned = actions.coming_sessions(personas.commune_a, D(2026, 9, 1), days=61)
    days = [(p.rule_day, p.day) for p in planned]
    assert days[0] == (D(2026, 9, 2), D(2026, 9, 3))  # Quốc khánh
    assert (D(2026, 9, 20), D(2026, 9, 21)) in days  # a Sunday
    assert not any(r.month == 9 and r.day == 31 for r, _ in days)
    assert (D(2026, 10, 31), D(2026, 11, 2)) in days


def test_days_per_month_spreads_from_the_first(personas: Personas) -> None:
    assert rule(personas, pattern="days_per_month", days_per_month=3).describe() == (
        "3 ngày/tháng (các ngày 01, 11, 21 hằng tháng)"
    )
    planned = actions.coming_sessions(personas.commune_a, D(2026, 6, 1), days=30)
    assert [p.rule_day.day for p in planned] == [1, 11, 21]
    assert [p.day for p in planned] == [D(2026, 6, 1), D(2026, 6, 11), D(2026, 6, 22)]


def test_a_bad_rule_is_refused_in_vietnamese_and_saves_nothing(personas: Personas) -> None:
    with pytest.raises(ValidationError) as caught:
        rule(personas, pattern="month_days", month_days="10, 40")
    assert "từ 1 đến 31" in caught.value.message_dict["month_days"][0]
    with pytest.raises(ValidationError):
        rule(personas, pattern="weekday")
    assert not ReceptionRule.objects.exists()


def test_the_chairman_warning_below_one_day_a_week(personas: Personas) -> None:
    unit = personas.commune_a
    assert "chưa đạt mức tối thiểu 1 ngày/tuần" in actions.chairman_warning(unit)
    rule(personas, pattern="days_per_month", days_per_month=4)  # Hoằng Hợp: the chairman 4 days a month
    assert actions.chairman_warning(unit).startswith("Lịch tiếp công dân của Chủ tịch UBND bình quân 0,92 ngày/tuần")
    rule(personas, receiver="secretary", pattern="weekday", weekday=1)  # not the chairman: does not count
    assert actions.chairman_warning(unit)
    rule(personas, pattern="weekday", weekday=3)
    assert actions.chairman_warning(unit) == ""
    with override_settings(RECEPTION_CHAIRMAN_MIN_DAYS_PER_WEEK=2):
        assert "tối thiểu 2 ngày/tuần" in actions.chairman_warning(unit)


def test_the_public_page_opens_without_login_and_shows_no_personal_data(personas: Personas, client: Any) -> None:
    rule(personas, pattern="month_days", month_days="10, 20")
    visit = actions.add_visit(personas.leader_a, session(personas), VISIT)
    response = client.get(reverse("engagement_public:schedule", args=[personas.commune_a.code]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "ngày 10 và 20 hằng tháng" in text and PLACE in text
    assert visit.citizen_name not in text and visit.citizen_id_number not in text
    assert "chưa đạt mức tối thiểu" not in text
    assert client.get(reverse("engagement_public:schedule", args=["KHONG"])).status_code == 404


def test_the_notice_pdf_renders(personas: Personas, client: Any) -> None:
    rule(personas, pattern="weekday", weekday=3)
    response = client.get(reverse("engagement_public:notice", args=[personas.commune_a.code]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "THÔNG BÁO" in text and "Lịch tiếp công dân" in text and "Thứ Năm hằng tuần" in text


def test_a_session_with_visits_and_a_group(personas: Personas) -> None:
    s = session(personas)
    actions.add_visit(personas.leader_a, s, VISIT)
    with pytest.raises(ValidationError) as caught:
        actions.add_visit(personas.leader_a, s, {**VISIT, "people": 6})
    assert "đoàn đông người" in caught.value.message_dict["representatives"][0]
    group = actions.add_visit(
        personas.leader_a,
        s,
        {
            **VISIT,
            "people": 6,
            "representatives": "Ông Lê Văn A, bà Trần Thị B",
            "first_time": False,
            "previous_handling": "Đã hòa giải ở thôn",
        },
    )
    assert group.is_group and s.visits.count() == 2
    with pytest.raises(ValidationError) as caught:
        actions.add_visit(personas.leader_a, s, {**VISIT, "outcome": "refused", "outcome_note": ""})
    assert "căn cứ pháp lý" in caught.value.message_dict["outcome_note"][0]


def test_a_session_where_nobody_came_is_recorded_and_takes_no_visit(personas: Personas) -> None:
    s = session(personas, nobody_came=True, kind="periodic")
    assert ReceptionSession.objects.filter(nobody_came=True).count() == 1
    with pytest.raises(ValidationError) as caught:
        actions.add_visit(personas.leader_a, s, VISIT)
    assert "không có công dân đến" in caught.value.messages[0]
    assert not ReceptionVisit.objects.exists()


def test_a_visit_with_a_written_petition_creates_the_linked_petition(personas: Personas) -> None:
    s = session(personas)
    visit = actions.add_visit(personas.leader_a, s, {**VISIT, "outcome": "petition", "subject_kind": "denunciation"})
    petition = Petition.objects.get()
    assert visit.petition == petition
    assert (petition.source, petition.kind, petition.received_on) == ("reception", "denunciation", D(2026, 3, 10))
    assert petition.petitioner_name == VISIT["citizen_name"] and petition.display_number == "1/2026"


def test_a_refused_petition_leaves_no_visit(personas: Personas) -> None:
    s = session(personas)
    with pytest.raises(ValidationError):
        actions.add_visit(personas.leader_a, s, {**VISIT, "outcome": "petition", "content": "x" * 5000})
    assert not ReceptionVisit.objects.exists() and not Petition.objects.exists()


@pytest.mark.parametrize("who", ["front_a", "officer_a", "supervisor", "officer_b"])
def test_only_leaders_and_the_unit_administrator_write(personas: Personas, who: str) -> None:
    s = session(personas)
    actor = getattr(personas, who)
    with pytest.raises(PermissionDenied):
        actions.add_visit(actor, s, VISIT)
    with pytest.raises(PermissionDenied):
        actions.add_rule(
            actor,
            personas.commune_a,
            {"receiver": "chairman", "pattern": "weekday", "weekday": 3, "place": PLACE, "hours": HOURS},
        )
    assert actions.record_session(
        personas.admin_a,
        personas.commune_a,
        {"held_on": D(2026, 3, 20), "kind": "unscheduled", "receiver": "authorised", "receiver_name": "Phạm Văn C"},
    )


PAGES = ["engagement:schedule", "engagement:register"]


@pytest.mark.parametrize(
    ("who", "status"),
    [("leader_a", 200), ("admin_a", 200), ("front_a", 200), ("supervisor", 200), ("officer_a", 403)],
)
def test_who_opens_the_staff_pages(personas: Personas, who: str, status: int) -> None:
    s = session(personas)
    client = personas.client(getattr(personas, who))
    for name in PAGES:
        assert client.get(reverse(name) + f"?unit={personas.commune_a.code}").status_code == status
    assert client.get(reverse("engagement:session", args=[s.pk])).status_code == status


def test_front_reads_but_cannot_post(personas: Personas) -> None:
    s = session(personas)
    client = personas.client(personas.front_a)
    assert "Ghi lượt tiếp" not in client.get(reverse("engagement:session", args=[s.pk])).content.decode()
    assert client.post(reverse("engagement:session", args=[s.pk]), VISIT).status_code == 403
    assert not ReceptionVisit.objects.exists()


def test_a_leader_records_a_petition_visit_through_the_page(personas: Personas) -> None:
    s = session(personas)
    client = personas.client(personas.leader_a)
    data = {**VISIT, "outcome": "petition", "first_time": "on"}
    response = client.post(reverse("engagement:session", args=[s.pk]), data, follow=True)
    assert "Đã tiếp nhận đơn số 1/2026" in response.content.decode()
    assert ReceptionVisit.objects.get().petition is not None
    bad = client.post(reverse("engagement:session", args=[s.pk]), {**VISIT, "outcome": "refused", "outcome_note": ""})
    assert bad.status_code == 200 and "căn cứ pháp lý" in bad.content.decode()


def test_the_supervisor_sees_the_citizen_masked(personas: Personas) -> None:
    s = session(personas)
    actions.add_visit(personas.leader_a, s, VISIT)
    leader_page = personas.client(personas.leader_a).get(reverse("engagement:session", args=[s.pk])).content.decode()
    assert VISIT["citizen_name"] in leader_page and VISIT["citizen_id_number"] in leader_page
    page = personas.client(personas.supervisor).get(reverse("engagement:session", args=[s.pk])).content.decode()
    assert VISIT["citizen_name"] not in page
    assert VISIT["citizen_id_number"] not in page and VISIT["citizen_address"] not in page
    other = personas.client(personas.other_supervisor).get(reverse("engagement:session", args=[s.pk]))
    assert other.status_code == 404


def test_a_stopped_rule_leaves_the_schedule_and_the_audit_says_so(personas: Personas) -> None:
    weekly = rule(personas, pattern="weekday", weekday=3)
    client = personas.client(personas.front_a)
    assert client.post(reverse("engagement:stop_rule", args=[weekly.pk])).status_code == 403
    client = personas.client(personas.leader_a)
    response = client.post(reverse("engagement:stop_rule", args=[weekly.pk]), follow=True)
    assert "Đã ngừng áp dụng lịch: Thứ Năm hằng tuần." in response.content.decode()
    assert actions.coming_sessions(personas.commune_a, D(2026, 3, 1)) == []
    assert AuditEntry.objects.filter(action="engagement.reception_rule.stop").count() == 1


def test_the_content_is_printed_for_the_citizen_to_sign_only_by_the_unit_staff(personas: Personas) -> None:
    visit = actions.add_visit(personas.leader_a, session(personas), {**VISIT, "subject_kind": "recommendation"})
    url = reverse("engagement:visit_record", args=[visit.pk])
    response = personas.client(personas.leader_a).get(url)
    assert response.status_code == 200
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "VĂN BẢN GHI NỘI DUNG KIẾN NGHỊ" in text and VISIT["citizen_name"] in text and "CÔNG DÂN" in text
    assert personas.client(personas.supervisor).get(url).status_code == 403
    assert personas.client(personas.front_a).get(url).status_code == 403


def test_the_audit_of_a_visit_keeps_no_personal_data(personas: Personas) -> None:
    actions.add_visit(personas.leader_a, session(personas), VISIT)
    entry = AuditEntry.objects.get(action="engagement.reception_visit.create")
    assert VISIT["citizen_name"] not in str(entry.changes) and VISIT["citizen_id_number"] not in str(entry.changes)


def test_the_public_index_lists_the_communes_with_a_schedule(personas: Personas, client: Any) -> None:
    rule(personas, pattern="weekday", weekday=3)
    text = client.get(reverse("engagement_public:index")).content.decode()
    assert personas.commune_a.name in text and personas.commune_b.name not in text


def test_the_supervisor_switches_between_the_communes_under_them(personas: Personas) -> None:
    actions.record_session(
        personas.sysadmin,
        personas.commune_b,
        {"held_on": D(2026, 3, 11), "kind": "regular", "receiver": "vice_chairman", "receiver_name": "Vũ Văn Hà"},
    )
    client = personas.client(personas.supervisor)
    page = client.get(reverse("engagement:register") + f"?unit={personas.commune_b.code}").content.decode()
    assert 'id="unit-picker"' in page and "Vũ Văn Hà" in page
    assert client.get(reverse("engagement:register") + f"?unit={personas.commune_c.code}").status_code == 404


def test_two_rule_days_moved_onto_one_working_day_make_one_session(personas: Personas) -> None:
    rule(personas, pattern="month_days", month_days="2, 3")
    planned = actions.coming_sessions(personas.commune_a, D(2026, 9, 1), days=5)
    assert [(p.rule_day, p.day) for p in planned] == [(D(2026, 9, 2), D(2026, 9, 3))]


def test_a_planned_session_prefills_the_register_form(personas: Personas) -> None:
    weekly = rule(personas, pattern="weekday", weekday=3)
    client = personas.client(personas.leader_a)
    url = reverse("engagement:register") + f"?unit={personas.commune_a.code}&rule={weekly.pk}&day=2026-03-12"
    form = client.get(url).context["form"]
    assert form.initial["held_on"] == D(2026, 3, 12) and form.initial["kind"] == "periodic"
    assert form.initial["receiver_name"] == "Lê Văn Tâm" and form.initial["head_in_person"] is True
    bad = client.get(reverse("engagement:register") + "?rule=abc&day=31/02/2026")
    assert bad.status_code == 200 and "rule" not in bad.context["form"].initial


def test_the_register_pages_its_sessions_with_a_constant_number_of_queries(
    personas: Personas, django_assert_max_num_queries: Any
) -> None:
    rows = [
        ReceptionSession(
            unit=personas.commune_a,
            held_on=D(2020, 1, 1) + dt.timedelta(days=7 * k),
            kind="regular",
            receiver="chairman",
            receiver_name="Lê Văn Tâm",
        )
        for k in range(60)
    ]
    ReceptionSession.objects.bulk_create(rows)
    newest = ReceptionSession.objects.order_by("-held_on").first()
    assert newest is not None
    actions.add_visit(personas.leader_a, newest, VISIT)
    client = personas.client(personas.leader_a)
    url = reverse("engagement:register") + f"?unit={personas.commune_a.code}"
    with django_assert_max_num_queries(25):
        first = client.get(url).content.decode()
    assert "Trang 1/2 (60 dòng)" in first and newest.held_on.strftime("%d/%m/%Y") in first
    second = client.get(url + "&page=2").content.decode()
    oldest = D(2020, 1, 1).strftime("%d/%m/%Y")
    assert oldest in second and oldest not in first
    assert f"unit={personas.commune_a.code}" in second  # the page links keep the chosen commune


def test_a_visit_raises_several_opinions_into_the_one_register(personas: Personas) -> None:
    from thanthien.engagement.dialogues import Opinion

    s = session(personas)
    visit = actions.add_visit(personas.leader_a, s, {**VISIT, "register_number": "15"})
    client = personas.client(personas.reception_a)
    url = reverse("engagement:visit_opinion", args=[visit.pk])
    page = client.get(reverse("engagement:session", args=[s.pk])).content.decode()
    assert "Ghi ý kiến, kiến nghị của lượt tiếp này" in page
    first = {f"op{visit.pk}-content": "Đề nghị lắp đèn đường thôn Tây", f"op{visit.pk}-answer_kind": ""}
    assert client.post(url, first).status_code == 302
    second = {
        f"op{visit.pk}-content": "Đề nghị nạo vét kênh tiêu",
        f"op{visit.pk}-answer_kind": "on_the_spot",
        f"op{visit.pk}-answer": "Xã đã đưa vào kế hoạch tháng 4",
    }
    assert client.post(url, second).status_code == 302
    opinions = list(Opinion.objects.filter(visit=visit).order_by("pk"))
    assert [(o.source, o.source_ref, o.raised_on, o.is_answered) for o in opinions] == [
        ("reception", "15", s.held_on, False),
        ("reception", "15", s.held_on, True),
    ]
    page = client.get(reverse("engagement:session", args=[s.pk])).content.decode()
    assert "Đề nghị nạo vét kênh tiêu – đã trả lời 10/03/2026" in page


def test_a_bad_visit_opinion_changes_nothing_and_says_why(personas: Personas) -> None:
    from thanthien.engagement.dialogues import Opinion

    s = session(personas)
    visit = actions.add_visit(personas.leader_a, s, VISIT)
    client = personas.client(personas.leader_a)
    url = reverse("engagement:visit_opinion", args=[visit.pk])
    page = client.post(url, {f"op{visit.pk}-content": " ", f"op{visit.pk}-raised_on": "31/02/2026"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "Vui lòng nhập nội dung ý kiến." in text and "Ngày không hợp lệ" in text
    assert not Opinion.objects.exists()
    early = {f"op{visit.pk}-content": "Ý kiến", f"op{visit.pk}-raised_on": "01/03/2026"}
    assert "Ngày nêu ý kiến trước ngày tiếp công dân." in client.post(url, early).content.decode()
    assert not Opinion.objects.exists()


@pytest.mark.parametrize("who", ["officer_a", "registrar_a", "officer_b", "supervisor"])
def test_others_record_no_opinion_from_a_visit(personas: Personas, who: str) -> None:
    from thanthien.engagement.dialogues import Opinion

    visit = actions.add_visit(personas.leader_a, session(personas), VISIT)
    response = personas.client(getattr(personas, who)).post(
        reverse("engagement:visit_opinion", args=[visit.pk]), {f"op{visit.pk}-content": "Ý kiến"}
    )
    assert response.status_code in (403, 404)
    assert not Opinion.objects.exists()
