from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from tests.conftest import Personas
from tests.onestop.factories import make_dossier, vn
from thanthien.onestop import actions
from thanthien.onestop.models import Status
from thanthien.onestop.queries import timeliness

pytestmark = pytest.mark.django_db


def test_full_life_with_events_and_moments(personas: Personas) -> None:
    d = make_dossier(personas.commune_a, received_at=vn(2024, 10, 7, 9, 0), due_at=vn(2024, 10, 10, 9, 0))
    actions.change_status(personas.officer_a, d, Status.PROCESSING, at=vn(2024, 10, 7, 10, 0))
    actions.change_status(personas.leader_a, d, Status.RESOLVED, at=vn(2024, 10, 9, 9, 0))
    actions.change_status(personas.officer_a, d, Status.RETURNED, at=vn(2024, 10, 9, 14, 0))
    d.refresh_from_db()
    assert d.resolved_at == vn(2024, 10, 9, 9, 0) and d.returned_at == vn(2024, 10, 9, 14, 0)
    assert [e.status_to for e in d.events.all()] == [4, 9, 10]
    assert timeliness(d) == "early"


def test_supplement_stops_the_clock_and_restarts_it(personas: Personas) -> None:
    d = make_dossier(personas.commune_a, received_at=vn(2024, 10, 7, 9, 0), due_at=vn(2024, 10, 10, 9, 0))
    actions.change_status(
        personas.officer_a, d, Status.SUPPLEMENT, "Thiếu bản sao giấy khai sinh", at=vn(2024, 10, 8, 9, 0)
    )
    d.refresh_from_db()
    assert d.supplement_requested_at == vn(2024, 10, 8, 9, 0)
    # The complete dossier comes back a week later: 3 working days again from then.
    actions.change_status(personas.officer_a, d, Status.PROCESSING, at=vn(2024, 10, 15, 14, 0))
    d.refresh_from_db()
    assert d.supplement_received_at == vn(2024, 10, 15, 14, 0)
    assert d.due_at == vn(2024, 10, 18, 14, 0)
    assert d.due_explanation[0].startswith("Hồ sơ được bổ sung đầy đủ")


def test_reasons_are_required_and_transitions_checked(personas: Personas) -> None:
    d = make_dossier(personas.commune_a)
    with pytest.raises(ValidationError):
        actions.change_status(personas.officer_a, d, Status.WITHDRAWN, "")
    with pytest.raises(ValidationError):
        actions.change_status(personas.officer_a, d, Status.RETURNED)
    d.refresh_from_db()
    assert d.status == Status.ACCEPTED and d.events.count() == 0


@pytest.mark.parametrize(
    ("resolved", "expected"),
    [
        (vn(2024, 10, 10, 9, 0), "on_time"),  # the due minute itself
        (vn(2024, 10, 10, 9, 1), "late"),  # one minute after
        (vn(2024, 10, 10, 7, 30), "on_time"),  # same day, before the due time
        (vn(2024, 10, 9, 16, 59), "early"),  # the day before
    ],
)
def test_timeliness_at_the_boundaries(personas: Personas, resolved: object, expected: str) -> None:
    d = make_dossier(personas.commune_a, received_at=vn(2024, 10, 7, 9, 0), due_at=vn(2024, 10, 10, 9, 0))
    actions.change_status(personas.officer_a, d, Status.RESOLVED, at=resolved)  # type: ignore[arg-type]
    d.refresh_from_db()
    assert timeliness(d) == expected


def test_calendar_change_recomputes_open_due_dates(personas: Personas, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    from thanthien.workdays.actions import add_exception

    d = make_dossier(personas.commune_a, "1.004873", received_at=vn(2030, 10, 7, 9, 0), due_at=vn(2030, 10, 10, 9, 0))
    closed = make_dossier(
        personas.commune_a,
        "1.004873",
        received_at=vn(2030, 10, 7, 9, 0),
        due_at=vn(2030, 10, 10, 9, 0),
        status=Status.RESOLVED,
        resolved_at=vn(2030, 10, 8, 9, 0),
    )
    with django_capture_on_commit_callbacks(execute=True):
        add_exception(personas.admin_a, personas.commune_a, vn(2030, 10, 8, 0, 0).date(), "day_off", "Bão số 3")
    d.refresh_from_db()
    closed.refresh_from_db()
    assert d.due_at == vn(2030, 10, 11, 9, 0)
    assert closed.due_at == vn(2030, 10, 10, 9, 0)


def test_the_dossier_page_is_scoped(personas: Personas) -> None:
    d = make_dossier(personas.commune_a)
    assert personas.client(personas.officer_a).get(f"/mot-cua/ho-so/{d.code}/").status_code == 200
    assert personas.client(personas.supervisor).get(f"/mot-cua/ho-so/{d.code}/").status_code == 200
    assert personas.client(personas.officer_b).get(f"/mot-cua/ho-so/{d.code}/").status_code == 404
    response = personas.client(personas.officer_b).post(f"/mot-cua/ho-so/{d.code}/trang-thai/", {"to": 9})
    assert response.status_code == 404
    d.refresh_from_db()
    assert d.status == Status.ACCEPTED


def test_status_change_through_the_page(personas: Personas) -> None:
    d = make_dossier(personas.commune_a, received_at=vn(2024, 10, 7, 9, 0))
    client = personas.client(personas.officer_a)
    page = client.post(f"/mot-cua/ho-so/{d.code}/trang-thai/", {"to": 7, "note": ""}, follow=True).content.decode()
    assert "Vui lòng ghi lý do" in page
    page = client.post(f"/mot-cua/ho-so/{d.code}/trang-thai/", {"to": 9}, follow=True).content.decode()
    assert "Đã xử lý xong" in page
