"""The reception journey in a real browser: the leader adds the chairman's weekly reception day (the schedule shows
it, the public page too), records a session, and a visit whose written petition is received creates the petition."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.conftest import ARTIFACTS, Personas, login
from thanthien.engagement.models import Petition
from thanthien.engagement.reception import ReceptionVisit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_schedule_session_and_a_petition_visit(personas: Personas, live_server: object, browser_page: object) -> None:
    page = browser_page
    url = live_server.url  # type: ignore[attr-defined]
    login(page, url, "leader_a")
    page.get_by_role("button", name="Tiếp công dân").click()  # type: ignore[attr-defined]  (the menu's group)
    page.get_by_role("link", name="Sổ tiếp công dân").click()  # type: ignore[attr-defined]
    page.get_by_role("link", name="Lịch tiếp công dân").click()  # type: ignore[attr-defined]
    page.get_by_text("chưa đạt mức tối thiểu 1 ngày/tuần").wait_for()  # type: ignore[attr-defined]
    page.get_by_label("Người tiếp", exact=True).select_option("chairman")  # type: ignore[attr-defined]
    page.get_by_label("Cách định ngày").select_option("weekday")  # type: ignore[attr-defined]
    page.get_by_label("Thứ trong tuần").select_option("3")  # type: ignore[attr-defined]
    page.get_by_label("Địa điểm").fill("Phòng tiếp công dân UBND xã")  # type: ignore[attr-defined]
    page.get_by_label("Thời gian").fill("sáng 7 giờ 30 – 11 giờ 30")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Thêm lịch").click()  # type: ignore[attr-defined]
    page.get_by_text("Đã thêm lịch tiếp công dân.").wait_for()  # type: ignore[attr-defined]
    assert page.get_by_text("chưa đạt mức tối thiểu").count() == 0  # type: ignore[attr-defined]

    page.set_viewport_size({"width": 360, "height": 740})  # type: ignore[attr-defined]  (a citizen's phone)
    page.goto(f"{url}/lich-tiep-cong-dan/{personas.commune_a.code}/")  # type: ignore[attr-defined]
    page.get_by_text("Thứ Năm hằng tuần").first.wait_for()  # type: ignore[attr-defined]
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 360  # type: ignore[attr-defined]
    page.set_viewport_size({"width": 1366, "height": 768})  # type: ignore[attr-defined]

    page.goto(f"{url}/tiep-cong-dan/so/")  # type: ignore[attr-defined]
    page.get_by_label("Ngày tiếp").fill(timezone.localdate().isoformat())  # type: ignore[attr-defined]
    page.get_by_label("Loại buổi tiếp").select_option("periodic")  # type: ignore[attr-defined]
    page.get_by_label("Người tiếp", exact=True).select_option("chairman")  # type: ignore[attr-defined]
    page.get_by_label("Họ tên người tiếp").fill("Trần Văn Dũng")  # type: ignore[attr-defined]
    page.get_by_label("Người đứng đầu trực tiếp tiếp").check()  # type: ignore[attr-defined]
    page.get_by_role("button", name="Ghi sổ").click()  # type: ignore[attr-defined]
    page.get_by_text("Đã ghi sổ buổi tiếp công dân.").wait_for()  # type: ignore[attr-defined]

    page.get_by_label("Họ tên công dân").fill("Nguyễn Thị Mận")  # type: ignore[attr-defined]
    page.get_by_label("Số người").fill("6")  # type: ignore[attr-defined]
    page.get_by_label("Nội dung", exact=True).fill("Kiến nghị sửa đường liên thôn")  # type: ignore[attr-defined]
    page.get_by_label("Phân loại").select_option("recommendation")  # type: ignore[attr-defined]
    page.get_by_label("Kết quả tiếp").select_option("petition")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Ghi lượt tiếp").click()  # type: ignore[attr-defined]
    page.get_by_text("ghi người đại diện").first.wait_for()  # type: ignore[attr-defined]
    assert not ReceptionVisit.objects.exists()
    page.get_by_label("Người đại diện (đoàn đông người)").fill("Ông Lê Văn An")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Ghi lượt tiếp").click()  # type: ignore[attr-defined]
    page.get_by_text("Đã tiếp nhận đơn số 1/").wait_for()  # type: ignore[attr-defined]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "reception-session.png"), full_page=True)  # type: ignore[attr-defined]
    petition = Petition.objects.get()
    assert petition.source == "reception" and ReceptionVisit.objects.get().petition == petition
