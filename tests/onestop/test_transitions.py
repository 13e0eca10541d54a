"""The dossier state machine lives in onestop/transitions.py: the buttons the dossier page offers, the steps the
action accepts and the steps that need a reason must be the same everywhere (issue 8)."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError

from tests.conftest import Personas
from tests.onestop.factories import make_dossier, vn
from thanthien.onestop import actions, forms, transitions
from thanthien.onestop.models import Dossier, Status

pytestmark = pytest.mark.django_db

BUTTON = re.compile(r'<button[^>]*name="to" value="(\d+)">([^<]+)</button>')
WITHDRAW, STOP = (7, "Công dân rút hồ sơ"), (8, "Dừng xử lý")
RESOLVE, SUPPLEMENT, FINANCIAL = (9, "Đã có kết quả"), (5, "Yêu cầu bổ sung"), (6, "Yêu cầu nghĩa vụ tài chính")
# The steps as Round 1 offered them, in button order: moving the table must not change what the desk sees.
ROUND_1 = {
    1: [(2, "Tiếp nhận"), (3, "Không tiếp nhận")],
    2: [(4, "Chuyển xử lý"), RESOLVE, SUPPLEMENT, FINANCIAL, WITHDRAW, STOP],
    4: [RESOLVE, SUPPLEMENT, FINANCIAL, WITHDRAW, STOP],
    5: [(4, "Đã nhận đủ bổ sung"), WITHDRAW, STOP],
    6: [(4, "Đã hoàn thành nghĩa vụ tài chính"), RESOLVE, WITHDRAW, STOP],
    9: [(10, "Đã trả kết quả")],
}


def dossier_at(personas: Personas, status: int) -> Dossier:
    d = make_dossier(personas.commune_a, status=status, received_at=vn(2024, 10, 7, 9, 0))
    if status in (Status.RESOLVED, Status.RETURNED):
        Dossier.objects.filter(pk=d.pk).update(resolved_at=vn(2024, 10, 8, 9, 0))
    return d


def accepted_by_the_action(personas: Personas, status: int) -> set[int]:
    accepted = set()
    for to in Status.values:
        try:
            actions.change_status(personas.officer_a, dossier_at(personas, status), to, "Lý do ghi trên phiếu")
        except ValidationError:
            continue
        accepted.add(to)
    return accepted


def offered_on_the_page(personas: Personas, status: int) -> list[tuple[int, str]]:
    page = personas.client(personas.officer_a).get(f"/mot-cua/ho-so/{dossier_at(personas, status).code}/")
    assert page.status_code == 200
    return [(int(to), label) for to, label in BUTTON.findall(page.content.decode())]


@pytest.mark.parametrize("status", Status.values)
def test_the_page_offers_exactly_the_steps_the_action_accepts(personas: Personas, status: int) -> None:
    offered = offered_on_the_page(personas, status)
    assert offered == ROUND_1.get(status, [])
    assert {to for to, _ in offered} == accepted_by_the_action(personas, status)
    assert forms.NEXT_STEPS.get(status, []) == transitions.next_steps(status) == offered


def test_the_steps_that_need_a_reason_are_refused_without_one_by_the_action_and_the_page(
    personas: Personas,
) -> None:
    client = personas.client(personas.officer_a)
    needing = set()
    for before, steps in transitions.STEPS.items():
        for to, _ in steps:
            try:
                actions.change_status(personas.officer_a, dossier_at(personas, before), to, " ")
            except ValidationError as exc:
                assert exc.message_dict == {"note": ["Vui lòng ghi lý do hoặc nội dung yêu cầu."]}
                needing.add(to)
            d = dossier_at(personas, before)
            page = client.post(f"/mot-cua/ho-so/{d.code}/trang-thai/", {"to": to, "note": "", "confirmed": "1"})
            d.refresh_from_db()
            assert (d.status == before) == (to in transitions.NEEDS_NOTE), (before, to)
            assert page.status_code == 302
    assert needing == transitions.NEEDS_NOTE == {3, 5, 6, 7, 8}
    assert actions.NEEDS_NOTE is transitions.NEEDS_NOTE


def test_the_confirmation_names_the_step_by_its_button(personas: Personas) -> None:
    d = dossier_at(personas, Status.FINANCIAL)
    page = personas.client(personas.officer_a).post(f"/mot-cua/ho-so/{d.code}/trang-thai/", {"to": Status.RESOLVED})
    assert "Xác nhận: Đã có kết quả" in page.content.decode()
    assert transitions.step_label(Status.FINANCIAL, Status.RESOLVED) == "Đã có kết quả"
    assert transitions.step_label(Status.RETURNED, Status.RESOLVED) == "Đã xử lý xong"  # not offered: the status


def test_final_statuses_allow_nothing() -> None:
    for final in (Status.REFUSED, Status.WITHDRAWN, Status.STOPPED, Status.RETURNED):
        assert transitions.next_steps(final) == []
        assert not any(transitions.allowed(final, to) for to in Status.values)
