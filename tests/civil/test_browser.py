"""The registrar's journey in a real browser: the quick form follows the kind; a returned khai sinh dossier
shows up as "cần bổ sung" and is completed."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.conftest import ARTIFACTS, Personas, login
from tests.onestop.factories import make_dossier
from thanthien.civil.models import CivilEvent
from thanthien.onestop.actions import change_status
from thanthien.onestop.models import Status

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_quick_form_and_completing_an_event_from_a_dossier(
    personas: Personas, live_server: object, browser_page: object
) -> None:
    page = browser_page
    url = live_server.url  # type: ignore[attr-defined]
    today = f"{timezone.localdate():%d/%m/%Y}"
    login(page, url, "registrar_a")
    page.get_by_role("link", name="Hộ tịch", exact=True).click()  # type: ignore[attr-defined]
    page.get_by_role("link", name="+ Ghi sự kiện hộ tịch").click()  # type: ignore[attr-defined]
    assert page.get_by_label("Họ tên vợ").is_hidden()  # type: ignore[attr-defined]
    assert page.get_by_label("Họ tên trẻ").is_visible()  # type: ignore[attr-defined]
    page.get_by_label("Kết hôn", exact=True).check()  # type: ignore[attr-defined]
    page.get_by_label("Họ tên chồng").fill("Lê Văn Nam")  # type: ignore[attr-defined]
    page.get_by_label("Họ tên vợ").fill("Trần Thị Hoa")  # type: ignore[attr-defined]
    page.get_by_label("Ngày đăng ký").fill(today)  # type: ignore[attr-defined]
    page.get_by_label("Họ tên người nhận (đôi vợ chồng)").fill("Lê Văn Nam và Trần Thị Hoa")  # type: ignore[attr-defined]
    page.get_by_label("Điện thoại người nhận").fill("0912 345 678")  # type: ignore[attr-defined]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "civil-quick-form.png"), full_page=True)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Lưu", exact=True).click()  # type: ignore[attr-defined]
    page.get_by_test_id("ceremony").wait_for()  # type: ignore[attr-defined]
    page.get_by_role("button", name="Ghi nhận lễ trao giấy chứng nhận kết hôn").click()  # type: ignore[attr-defined]
    page.get_by_test_id("ceremony").filter(has_text=f"tại buổi lễ ngày {today}").wait_for()  # type: ignore[attr-defined]
    page.screenshot(path=str(ARTIFACTS / "civil-detail.png"), full_page=True)  # type: ignore[attr-defined]
    marriage = CivilEvent.objects.get(kind="marriage")
    assert marriage.ceremony_held and marriage.contact_phone == "0912345678"

    dossier = make_dossier(personas.commune_a, "1.001193", received_at=timezone.now())
    change_status(personas.officer_a, dossier, Status.RESOLVED)
    change_status(personas.officer_a, dossier, Status.RETURNED)  # committed: the event follows on commit
    page.goto(f"{url}/ho-tich/")  # type: ignore[attr-defined]
    page.get_by_role("link", name="Xem danh sách").click()  # type: ignore[attr-defined]
    page.screenshot(path=str(ARTIFACTS / "civil-list.png"), full_page=True)  # type: ignore[attr-defined]
    page.get_by_role("link", name=today).first.click()  # type: ignore[attr-defined]
    page.get_by_test_id("incomplete").wait_for()  # type: ignore[attr-defined]
    page.get_by_role("link", name="Bổ sung thông tin").click()  # type: ignore[attr-defined]
    page.get_by_label("Họ tên trẻ").fill("Nguyễn Gia Huy")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Lưu", exact=True).click()  # type: ignore[attr-defined]
    page.get_by_test_id("kind").wait_for()  # type: ignore[attr-defined]
    assert page.get_by_test_id("incomplete").count() == 0  # type: ignore[attr-defined]
    birth = CivilEvent.objects.get(kind="birth")
    assert birth.person_name == "Nguyễn Gia Huy" and birth.dossier == dossier
