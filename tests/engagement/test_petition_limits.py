"""A petition's statutory time limits (issue 9 item 4), on the default calendar (Mon–Fri, Vietnam's holidays from
`holidays`, the swapped Saturday 26/04/2025 worked): each kind of step over Tết 2025 and 2026, 30/4–1/5 2025 and
2/9 2025; the day of the event not counted; extensions; a new dated rule; a unit's own answer deadline."""

from __future__ import annotations

import datetime as dt
from typing import Any

import holidays
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.conftest import Personas
from thanthien.audit.models import AuditEntry
from thanthien.engagement import actions
from thanthien.engagement.limits import STEPS, LimitRuleMissing, applicable_steps, deadlines, due_days
from thanthien.engagement.models import LimitRule, Petition
from thanthien.workdays.models import CalendarException, CalendarSetting

pytestmark = pytest.mark.django_db

D = dt.date


def receive(p: Personas, day: dt.date, kind: str, **extra: Any) -> Petition:
    data = {"received_on": day, "source": "post", "kind": kind, "petitioner_name": "Lê Văn Tám", "content": "Nội dung"}
    return actions.receive_petition(p.leader_a, p.commune_a, {**data, **extra})


def due(petition: Petition, step: str) -> dt.date:
    return deadlines(Petition.objects.get(pk=petition.pk))[step].due


def test_the_calendar_these_tests_rely_on_is_the_holidays_package() -> None:
    vn = holidays.country_holidays("VN", language="vi", years=[2025, 2026])
    assert all(D(2025, 1, 27) + dt.timedelta(days=i) in vn for i in range(6))  # 27/01–01/02/2025
    assert all(D(2026, 2, 16) + dt.timedelta(days=i) in vn for i in range(5))  # 16/02–20/02/2026
    assert {D(2025, 4, 30), D(2025, 5, 1), D(2025, 5, 2), D(2025, 9, 1), D(2025, 9, 2)} <= set(vn)
    assert "26/04/2025" in vn[D(2025, 5, 2)]  # the Saturday worked in exchange


def test_complaint_acceptance_over_tet_2025_moves_past_the_holidays(personas: Personas) -> None:
    # 17/01 + 10 calendar days = Mon 27/01 (29 Tết): off until Sun 02/02, so the close of Mon 03/02.
    petition = receive(personas, D(2025, 1, 17), "complaint")
    deadline = deadlines(petition)["acceptance"]
    assert deadline.due == D(2025, 2, 3)
    assert "17/01/2025" in deadline.explanation and "27/01/2025" in deadline.explanation
    assert "29 Tết" in deadline.explanation and "Điều 148" in deadline.explanation
    assert "Luật Khiếu nại số 02/2011/QH13" in deadline.explanation
    assert list(deadlines(petition)) == ["acceptance"]


@pytest.mark.parametrize(
    ("received", "accepted", "marks", "expected"),
    [
        (D(2026, 1, 15), D(2026, 1, 20), {}, D(2026, 2, 23)),  # +30 = Thu 19/02 (mùng ba Tết)
        (D(2026, 1, 2), D(2026, 1, 5), {"complex": True}, D(2026, 2, 23)),  # +45 = 19/02
        (D(2026, 1, 2), D(2026, 1, 5), {"remote_area": True}, D(2026, 2, 23)),  # +45
        (D(2025, 12, 20), D(2025, 12, 21), {"complex": True, "remote_area": True}, D(2026, 2, 23)),  # +60
        (D(2026, 1, 2), D(2026, 1, 5), {}, D(2026, 2, 4)),  # +30 = Wed 04/02, a working day
    ],
)
def test_complaint_resolution_over_tet_2026_by_case(
    personas: Personas, received: dt.date, accepted: dt.date, marks: dict[str, bool], expected: dt.date
) -> None:
    petition = actions.accept(personas.leader_a, receive(personas, received, "complaint", **marks), accepted)
    assert due(petition, "resolution") == expected
    explanation = deadlines(petition)["resolution"].explanation
    assert f"kể từ ngày thụ lý {accepted:%d/%m/%Y}" in explanation
    assert f"không tính ngày thụ lý {accepted:%d/%m/%Y}" in explanation and "ngày nhận" not in explanation


def test_denunciation_initial_handling_counts_the_swapped_saturday_26_04_2025(personas: Personas) -> None:
    # From Fri 25/04: 25, Sat 26 (làm bù), 28, 29, then 30/4–4/5 off, 5, 6, 7/05.
    petition = receive(personas, D(2025, 4, 24), "denunciation")
    deadline = deadlines(petition)["initial_handling"]
    assert (deadline.due, deadline.due_at.hour) == (D(2025, 5, 7), 17)
    assert "30/04/2025" in deadline.explanation and "02/05/2025" in deadline.explanation
    assert "Có tính Thứ Bảy 26/04/2025: Ngày làm bù (hoán đổi với ngày nghỉ 02/05/2025)." in deadline.lines
    assert "Luật Tố cáo số 25/2018/QH14" in deadline.explanation


def test_denunciation_forwarding_and_initial_handling_over_2_9_2025(personas: Personas) -> None:
    outside = receive(personas, D(2025, 8, 29), "denunciation")
    outside = actions.classify(
        personas.leader_a, outside, eligible=True, within_competence=False, direction="", on=D(2025, 8, 29)
    )
    limits = deadlines(outside)
    assert list(limits) == ["forwarding"]
    # Sat 30, Sun 31, Mon 1/9 and Tue 2/9 off: 3, 4, 5, 8, 9/09 (5 days); then 10, 11/09 (7 days).
    assert limits["forwarding"].due == D(2025, 9, 9)
    assert "Quốc khánh" in limits["forwarding"].explanation
    inside = receive(personas, D(2025, 8, 29), "denunciation")
    assert list(deadlines(inside)) == ["initial_handling"]
    assert due(inside, "initial_handling") == D(2025, 9, 11)


def test_a_denunciations_resolution_is_extended_and_its_initial_handling_to_ten_days(personas: Personas) -> None:
    petition = receive(personas, D(2025, 4, 24), "denunciation")
    actions.extend(
        personas.leader_a,
        petition,
        step="initial_handling",
        days=3,
        reason="Xác minh tại nhiều địa điểm",
        decision="Quyết định số 12/QĐ-UBND",
        decided_on=D(2025, 5, 5),
    )
    assert due(petition, "initial_handling") == D(2025, 5, 12)  # 8, 9, 12/05
    with pytest.raises(ValidationError, match="tối đa 10 ngày làm việc"):
        actions.extend(
            personas.leader_a,
            petition,
            step="initial_handling",
            days=1,
            reason="x",
            decision="y",
            decided_on=D(2025, 5, 6),
        )
    petition = actions.accept(personas.leader_a, Petition.objects.get(pk=petition.pk), D(2025, 9, 3))
    assert due(petition, "resolution") == D(2025, 10, 3)
    actions.extend(
        personas.leader_a,
        petition,
        days=30,
        reason="Vụ việc phức tạp",
        decision="QĐ 40/QĐ-UBND",
        decided_on=D(2025, 10, 1),
    )
    # 3/09 + 60 = Sun 02/11 → Mon 03/11.
    limits = deadlines(Petition.objects.get(pk=petition.pk))
    assert limits["resolution"].due == D(2025, 11, 3)
    assert "Gia hạn thêm 30 ngày theo QĐ 40/QĐ-UBND ngày 01/10/2025" in limits["resolution"].explanation
    with pytest.raises(ValidationError, match="một lần"):
        actions.extend(personas.leader_a, petition, days=10, reason="x", decision="y", decided_on=D(2025, 10, 2))


def test_a_particularly_complex_denunciation_is_extended_twice_each_at_most_30_days(personas: Personas) -> None:
    petition = actions.accept(
        personas.leader_a, receive(personas, D(2025, 9, 1), "denunciation", complex=True), D(2025, 9, 3)
    )
    with pytest.raises(ValidationError, match="không quá 30 ngày"):
        actions.extend(personas.leader_a, petition, days=31, reason="x", decision="y", decided_on=D(2025, 9, 4))
    for day in (D(2025, 9, 4), D(2025, 9, 5)):
        actions.extend(personas.leader_a, petition, days=30, reason="x", decision="y", decided_on=day)
    assert due(petition, "resolution") == D(2025, 12, 2)  # 3/09 + 90
    with pytest.raises(ValidationError, match="hai lần"):
        actions.extend(personas.leader_a, petition, days=1, reason="x", decision="y", decided_on=D(2025, 9, 6))


def test_an_extension_after_the_deadline_and_a_complaints_extension_are_refused(personas: Personas) -> None:
    denunciation = actions.accept(personas.leader_a, receive(personas, D(2025, 9, 1), "denunciation"), D(2025, 9, 3))
    with pytest.raises(ValidationError, match="trước hết ngày 03/10/2025"):
        actions.extend(personas.leader_a, denunciation, days=5, reason="x", decision="y", decided_on=D(2025, 10, 4))
    complaint = actions.accept(personas.leader_a, receive(personas, D(2025, 9, 1), "complaint"), D(2025, 9, 3))
    with pytest.raises(ValidationError, match="Chỉ tố cáo được gia hạn"):
        actions.extend(personas.leader_a, complaint, days=5, reason="x", decision="y", decided_on=D(2025, 9, 4))
    assert not denunciation.extensions.exists() and not complaint.extensions.exists()


def test_recommendation_answer_over_tet_2026_and_feedback_forwarding_over_tet_2025(personas: Personas) -> None:
    # From Fri 13/02/2026: 13, then 16–20/02 Tết, 23, 24, 25, 26, 27, 2, 3, 4, 5/03.
    recommendation = receive(personas, D(2026, 2, 12), "recommendation")
    assert list(deadlines(recommendation)) == ["answer"]
    assert due(recommendation, "answer") == D(2026, 3, 5)
    assert "Thiết lập của đơn vị" in deadlines(recommendation)["answer"].explanation
    feedback = receive(personas, D(2025, 1, 24), "feedback")
    feedback = actions.classify(
        personas.leader_a, feedback, eligible=True, within_competence=False, direction="forward",
        forwarded_to="UBND huyện Hoằng Hóa", on=D(2025, 1, 24),
    )  # fmt: skip
    assert list(deadlines(feedback)) == ["forwarding"]
    assert due(feedback, "forwarding") == D(2025, 2, 7)  # 3, 4, 5, 6, 7/02


def test_reply_after_a_reception_over_30_4_2025(personas: Personas) -> None:
    # From Sat 26/04 (làm bù): 26, 28, 29, then 5, 6, 7, 8, 9, 12, 13/05.
    petition = receive(personas, D(2025, 4, 25), "complaint", source="reception")
    limits = deadlines(petition)
    assert list(limits) == ["acceptance", "reply"]
    assert limits["reply"].due == D(2025, 5, 13)
    assert limits["acceptance"].due == D(2025, 5, 5)  # +10 = Mon 05/05, a working day
    assert "Luật Tiếp công dân số 42/2013/QH13, Điều 28" in limits["reply"].explanation


@pytest.mark.parametrize(
    ("received", "kind", "step", "expected"),
    [
        (D(2025, 3, 3), "complaint", "acceptance", D(2025, 3, 13)),  # Mon + 10; counting the Monday would give 12/03
        (D(2025, 3, 3), "denunciation", "initial_handling", D(2025, 3, 12)),  # Tue 4 … Wed 12, not Tue 11
        (D(2025, 3, 8), "denunciation", "initial_handling", D(2025, 3, 18)),  # a Saturday: from Mon 10
        (D(2025, 3, 8), "complaint", "acceptance", D(2025, 3, 18)),  # Sat + 10 = Tue 18
    ],
)
def test_the_day_of_receipt_is_not_counted(
    personas: Personas, received: dt.date, kind: str, step: str, expected: dt.date
) -> None:
    assert due(receive(personas, received, kind), step) == expected


def test_a_new_rule_applies_to_petitions_received_from_its_start_date(personas: Personas) -> None:
    LimitRule.objects.create(
        step="acceptance", petition_kind="complaint", amount=5, counting="working_days",
        applies_from=D(2026, 7, 1), legal_basis="Nghị định (giả định) có hiệu lực từ 01/7/2026.",
    )  # fmt: skip
    before = receive(personas, D(2026, 6, 30), "complaint")
    after = receive(personas, D(2026, 7, 2), "complaint")
    assert due(before, "acceptance") == D(2026, 7, 10)  # 10 calendar days
    assert due(after, "acceptance") == D(2026, 7, 9)  # 5 working days: 3, 6, 7, 8, 9/07
    assert "giả định" in deadlines(after)["acceptance"].explanation


def test_a_units_own_answer_deadline_wins_over_the_default(personas: Personas) -> None:
    LimitRule.objects.create(
        step="answer", petition_kind="recommendation", amount=15, counting="working_days",
        applies_from=D(2020, 1, 1), legal_basis="Quy chế của UBND xã Hoằng Hợp.", unit=personas.commune_a,
    )  # fmt: skip
    mine = receive(personas, D(2025, 3, 3), "recommendation")
    assert due(mine, "answer") == D(2025, 3, 24)  # 15 working days from Tue 04/03
    other = actions.receive_petition(
        personas.sysadmin, personas.commune_b,
        {"received_on": D(2025, 3, 3), "source": "post", "kind": "recommendation", "petitioner_name": "A",
         "content": "x"},
    )  # fmt: skip
    assert due(other, "answer") == D(2025, 3, 17)  # the default 10


def test_a_petition_received_before_any_rule_says_so_in_vietnamese(personas: Personas) -> None:
    petition = receive(personas, D(2018, 12, 31), "denunciation")  # before Luật Tố cáo 2018 took effect
    with pytest.raises(
        LimitRuleMissing, match="Chưa có quy định thời hạn «xử lý ban đầu» áp dụng cho đơn nhận ngày 31/12/2018"
    ):
        deadlines(petition)


def test_the_steps_follow_the_state(personas: Personas) -> None:
    complaint = receive(personas, D(2025, 3, 3), "complaint")
    guided = actions.classify(
        personas.leader_a, complaint, eligible=True, within_competence=False, direction="guide", on=D(2025, 3, 4)
    )
    assert applicable_steps(guided) == []
    assert set(STEPS) == {"acceptance", "initial_handling", "resolution", "forwarding", "answer", "reply"}
    resolved = actions.resolve(
        personas.leader_a,
        actions.accept(personas.leader_a, receive(personas, D(2025, 3, 3), "complaint"), D(2025, 3, 10)),
        outcome="unfounded",
        on=D(2025, 4, 1),
        decision_number="15/QĐ-UBND",
    )
    limits = deadlines(resolved)
    assert list(limits) == ["acceptance", "resolution"]
    assert limits["resolution"].done_on == D(2025, 4, 1) and limits["resolution"].met is True
    assert not limits["resolution"].is_overdue(D(2030, 1, 1))
    assert limits["acceptance"].done_on == D(2025, 3, 10) and limits["acceptance"].met is True


def test_an_undecided_complaint_outside_competence_keeps_its_step(personas: Personas) -> None:
    complaint = receive(personas, D(2025, 3, 3), "complaint")
    undecided = actions.classify(personas.leader_a, complaint, eligible=True, within_competence=False)
    assert applicable_steps(undecided) == ["acceptance"]
    assert deadlines(undecided)["acceptance"].due == D(2025, 3, 13)


def test_what_is_owed_is_overdue_the_day_after_its_due_day_and_a_late_step_stays_late(personas: Personas) -> None:
    petition = receive(personas, D(2025, 3, 3), "complaint", source="reception")
    acceptance = deadlines(petition)["acceptance"]  # 13/03/2025
    assert (acceptance.done_on, acceptance.met) == (None, None)
    assert not acceptance.is_overdue(D(2025, 3, 13)) and acceptance.is_overdue(D(2025, 3, 14))
    late = actions.accept(personas.leader_a, petition, D(2025, 3, 20))
    limits = deadlines(late)
    assert limits["acceptance"].met is False and limits["acceptance"].is_overdue(D(2025, 3, 20))
    assert (limits["reply"].due, limits["reply"].done_on, limits["reply"].met) == (
        D(2025, 3, 17),
        D(2025, 3, 20),
        False,
    )
    withdrawn = actions.withdraw(personas.leader_a, receive(personas, D(2025, 3, 3), "complaint"), on=D(2025, 3, 5))
    assert deadlines(withdrawn)["acceptance"].done_on == D(2025, 3, 5)  # nothing more is owed


def test_limits_are_set_by_date_through_audited_actions(personas: Personas) -> None:
    answer = {"step": "answer", "petition_kind": "feedback", "amount": 7, "counting": "working_days"}
    with pytest.raises(PermissionDenied):
        actions.add_limit_rule(personas.admin_a, {**answer, "applies_from": D(2026, 1, 1), "legal_basis": "Quy chế"})
    with pytest.raises(PermissionDenied, match="do luật định"):
        actions.add_limit_rule(
            personas.admin_a,
            {
                **answer,
                "step": "acceptance",
                "applies_from": D(2026, 1, 1),
                "legal_basis": "x",
                "unit": personas.commune_a,
            },
        )
    for user in (personas.supervisor, personas.officer_b, personas.officer_a):
        with pytest.raises(PermissionDenied):
            actions.add_limit_rule(
                user, {**answer, "applies_from": D(2026, 1, 1), "legal_basis": "x", "unit": personas.commune_a}
            )
    with pytest.raises(ValidationError) as caught:
        actions.add_limit_rule(personas.admin_a, {**answer, "applies_from": D(2026, 1, 1), "unit": personas.commune_a})
    assert caught.value.message_dict["legal_basis"] == ["Vui lòng ghi căn cứ pháp lý của thời hạn."]
    mine = actions.add_limit_rule(
        personas.admin_a,
        {**answer, "applies_from": D(2026, 1, 1), "legal_basis": "Quy chế tiếp công dân", "unit": personas.commune_a},
    )
    assert due(receive(personas, D(2026, 3, 2), "feedback"), "answer") == D(2026, 3, 11)  # 7 working days
    assert due(receive(personas, D(2025, 12, 1), "feedback"), "answer") == D(2025, 12, 15)  # before: the default 10
    national = LimitRule.objects.get(step="reply", unit__isnull=True)
    with pytest.raises(PermissionDenied):
        actions.edit_legal_basis(personas.admin_a, national, "Sửa")
    actions.edit_legal_basis(personas.sysadmin, national, "Luật Tiếp công dân 2013, Điều 28 (đã đối chiếu).")
    actions.edit_legal_basis(personas.admin_a, mine, "Quy chế số 5/QC-UBND")
    rows = AuditEntry.objects.filter(action__startswith="engagement.limit_rule").order_by("pk")
    assert [r.action for r in rows] == ["engagement.limit_rule.create", *["engagement.limit_rule.update"] * 2]
    assert rows[2].changes == {"legal_basis": ["Quy chế tiếp công dân", "Quy chế số 5/QC-UBND"]}
    assert LimitRule.objects.get(pk=national.pk).legal_basis.endswith("(đã đối chiếu).")


def test_the_units_calendar_counts_its_days_off_and_its_roll_forward_setting(personas: Personas) -> None:
    CalendarException.objects.create(
        unit=personas.province, date=D(2025, 3, 10), kind="day_off", reason="Nghỉ bầu cử bổ sung"
    )
    # 4, 5, 6, 7, (10 off in the province), 11, 12, 13/03.
    denunciation = receive(personas, D(2025, 3, 3), "denunciation")
    assert due(denunciation, "initial_handling") == D(2025, 3, 13)
    assert "Nghỉ bầu cử bổ sung" in deadlines(denunciation)["initial_handling"].explanation
    complaint = receive(personas, D(2025, 1, 17), "complaint")
    CalendarSetting.objects.create(unit=personas.commune_a, roll_forward=False)
    acceptance = deadlines(Petition.objects.get(pk=complaint.pk))["acceptance"]
    assert acceptance.due == D(2025, 1, 27)  # the last day, though it is 29 Tết
    assert "theo thiết lập của đơn vị" in acceptance.explanation


def test_the_export_shape_of_the_deadlines(personas: Personas) -> None:
    petition = receive(personas, D(2025, 4, 25), "complaint", source="reception")
    assert due_days(petition) == {"acceptance": "2025-05-05", "reply": "2025-05-13"}


def test_a_second_rule_for_the_same_day_or_one_before_1900_is_refused_in_vietnamese(personas: Personas) -> None:
    answer = {"step": "answer", "petition_kind": "feedback", "amount": 7, "counting": "working_days"}
    rule = {**answer, "applies_from": D(2026, 1, 1), "legal_basis": "Quy chế", "unit": personas.commune_a}
    actions.add_limit_rule(personas.admin_a, rule)
    with pytest.raises(ValidationError) as caught:
        actions.add_limit_rule(personas.admin_a, {**rule, "amount": 8})
    assert caught.value.message_dict["applies_from"] == [
        "Đã có thời hạn này áp dụng từ ngày 01/01/2026: chọn ngày khác."
    ]
    with pytest.raises(ValidationError) as caught:
        actions.add_limit_rule(personas.admin_a, {**rule, "applies_from": D(1, 1, 1)})
    assert caught.value.message_dict["applies_from"] == ["Ngày áp dụng không được trước ngày 01/01/1900."]
    assert LimitRule.objects.filter(unit=personas.commune_a).count() == 1
