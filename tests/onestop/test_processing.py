from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from tests.conftest import Personas
from tests.onestop.factories import make_dossier, vn
from thanthien.onestop import actions
from thanthien.onestop.models import Dossier, Status
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
    page = client.post(f"/mot-cua/ho-so/{d.code}/trang-thai/", {"to": 9, "confirmed": "1"}, follow=True)
    assert "Đã xử lý xong" in page.content.decode()
    d.refresh_from_db()
    assert d.status == Status.RESOLVED


# --- issue 7, item 11: confirmation, the stopped clock, the two notices ------------------------------------


def post_step(personas: Personas, d: object, to: int, **extra: str) -> object:
    client = personas.client(personas.officer_a)
    return client.post(f"/mot-cua/ho-so/{d.code}/trang-thai/", {"to": to, **extra})  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("start", "to", "button"),
    [(Status.ACCEPTED, Status.RESOLVED, "Đã có kết quả"), (Status.RESOLVED, Status.RETURNED, "Đã trả kết quả")],
)
def test_an_irreversible_step_asks_for_confirmation_first(personas: Personas, start: int, to: int, button: str) -> None:
    d = make_dossier(personas.commune_a, status=start, received_at=vn(2024, 10, 7, 9, 0))
    if start == Status.RESOLVED:
        Dossier.objects.filter(pk=d.pk).update(resolved_at=vn(2024, 10, 8, 9, 0))

    asked = post_step(personas, d, to)

    assert asked.status_code == 200
    page = asked.content.decode()
    assert f"Xác nhận: {button}" in page
    assert "Quay lại, chưa chuyển" in page
    assert 'name="confirmed" value="1"' in page
    assert "<script>" not in page.split("</main>")[0]  # no inline script: the page works under a strict CSP
    d.refresh_from_db()
    assert d.status == start and not d.events.exists()

    done = post_step(personas, d, to, confirmed="1")

    assert done.status_code == 302
    d.refresh_from_db()
    assert d.status == to


def test_a_late_result_is_announced_on_the_confirmation(personas: Personas) -> None:
    d = make_dossier(personas.commune_a, received_at=vn(2024, 10, 7, 9, 0), due_at=vn(2024, 10, 8, 9, 0))
    assert "sẽ được tính là trễ hạn" in post_step(personas, d, Status.RESOLVED).content.decode()


def test_reversible_steps_need_no_confirmation(personas: Personas) -> None:
    d = make_dossier(personas.commune_a, received_at=vn(2024, 10, 7, 9, 0))
    assert post_step(personas, d, Status.PROCESSING).status_code == 302
    d.refresh_from_db()
    assert d.status == Status.PROCESSING


def test_a_refusal_without_a_reason_is_refused_before_asking(personas: Personas) -> None:
    d = make_dossier(personas.commune_a, status=Status.NEW, received_at=vn(2024, 10, 7, 9, 0))
    response = post_step(personas, d, Status.REFUSED, note=" ")
    assert response.status_code == 302
    d.refresh_from_db()
    assert d.status == Status.NEW


def supplement(personas: Personas) -> Dossier:
    d = make_dossier(personas.commune_a, received_at=vn(2024, 10, 7, 9, 0), due_at=vn(2024, 10, 10, 9, 0))
    actions.save_desk_setting(
        personas.admin_a,
        personas.commune_a,
        phone="0237 3868 123",
        address="Trụ sở UBND xã Hoằng Hợp",
        opening_hours="Sáng 7 giờ 30 – 11 giờ 30, từ thứ Hai đến thứ Sáu",
    )
    note = "1. Bản sao giấy chứng nhận kết hôn của cha mẹ\n- Giấy xác nhận nơi cư trú"
    actions.change_status(personas.officer_a, d, Status.SUPPLEMENT, note, at=vn(2024, 10, 8, 9, 0))
    d.refresh_from_db()
    return d


def test_the_page_shows_that_the_clock_stopped_and_what_is_missing(personas: Personas) -> None:
    d = supplement(personas)
    page = personas.client(personas.officer_a).get(f"/mot-cua/ho-so/{d.code}/").content.decode()
    due = page.split('data-testid="due-at"')[1].split("</dd>")[0]
    assert "Tạm dừng tính thời gian" in due
    assert "09:00 08/10/2024" in due
    assert "<s>09:00 10/10/2024</s>" in due and "không còn áp dụng" in due
    assert "Đang quá hạn" not in page
    items = page.split('data-testid="supplement-items"')[1].split("</ul>")[0]
    assert "<li>Bản sao giấy chứng nhận kết hôn của cha mẹ</li>" in items
    assert "<li>Giấy xác nhận nơi cư trú</li>" in items
    assert "In phiếu yêu cầu bổ sung hồ sơ" in page


def test_the_supplement_notice_prints_what_to_bring_and_whom_to_call(personas: Personas) -> None:
    from tests.onestop.test_receipt import pdf_text

    d = supplement(personas)
    response = personas.client(personas.officer_a).get(f"/mot-cua/ho-so/{d.code}/phieu-bo-sung.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith(f'inline; filename="phieu-yeu-cau-bo-sung-{d.code}.pdf"')
    text = pdf_text(response.content)
    for expected in [
        "UBND XÃ HOẰNG HỢP",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
        "Hoằng Hợp, ngày 08 tháng 10 năm 2024",
        "Nguyễn Văn Án",
        "1. Bản sao giấy chứng nhận kết hôn của cha mẹ",
        "2. Giấy xác nhận nơi cư trú",
        "tạm dừng từ 09 giờ 00 phút, ngày 08/10/2024",
        "Lê Thị Hoa",
        "0237 3868 123",
        "NGƯỜI HƯỚNG DẪN",
    ]:
        assert expected in text, expected


def test_the_refusal_notice_prints_the_reason(personas: Personas) -> None:
    from tests.onestop.test_receipt import pdf_text

    d = make_dossier(personas.commune_a, status=Status.NEW, received_at=vn(2024, 10, 7, 9, 0))
    actions.change_status(
        personas.officer_a, d, Status.REFUSED, "Thủ tục không thuộc thẩm quyền của xã", at=vn(2024, 10, 7, 10, 0)
    )
    client = personas.client(personas.officer_a)
    assert "In phiếu từ chối tiếp nhận" in client.get(f"/mot-cua/ho-so/{d.code}/").content.decode()
    text = pdf_text(client.get(f"/mot-cua/ho-so/{d.code}/phieu-tu-choi.pdf").content)
    for expected in [
        "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
        "từ chối tiếp nhận, giải quyết hồ sơ này vì lý do sau",
        "1. Thủ tục không thuộc thẩm quyền của xã",
        "NGƯỜI TIẾP NHẬN",
    ]:
        assert expected in text, expected
    # No supplement was ever asked: that notice does not exist for this dossier.
    assert client.get(f"/mot-cua/ho-so/{d.code}/phieu-bo-sung.pdf").status_code == 404
    assert client.get(f"/mot-cua/ho-so/{d.code}/phieu-khac.pdf").status_code == 404


def test_only_the_units_own_desk_prints_the_notices(personas: Personas) -> None:
    d = supplement(personas)
    url = f"/mot-cua/ho-so/{d.code}/phieu-bo-sung.pdf"
    assert personas.client(personas.registrar_a).get(url).status_code == 200
    for outsider, status in [(personas.supervisor, 403), (personas.leader_a, 403), (personas.officer_b, 404)]:
        assert personas.client(outsider).get(url).status_code == status
    page = personas.client(personas.supervisor).get(f"/mot-cua/ho-so/{d.code}/").content.decode()
    assert "In phiếu yêu cầu bổ sung" not in page
