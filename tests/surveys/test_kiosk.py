"""The kiosk at the desk: opened by a writer with a staff code on the tablet, no account for the respondent, channel
"kiosk", closed only with the code (wrong codes braked); the browser journey on a 1024×768 tablet resets after a form
and after 60 s idle."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.conftest import Personas, login
from thanthien.surveys import views_kiosk
from thanthien.surveys.models import Response

from .helpers import open_today

KIOSK = "/khao-sat/may-tinh-bang/"


def _campaign(personas: Personas, channels: list[str] | None = None):
    return open_today(personas.commune_a, 1, channels=channels or ["kiosk"])


def _opened(personas: Personas, c) -> Client:
    client = personas.client(personas.front_a)
    done = client.post(f"/khao-sat/quan-ly/dot/{c.pk}/may-tinh-bang/", {"code": "2468"})
    assert done.status_code == 302 and done["Location"] == KIOSK
    return client


@pytest.mark.django_db
def test_opening_closes_the_staff_session_and_the_kiosk_records_its_channel(personas) -> None:
    c = _campaign(personas)
    client = _opened(personas, c)
    assert client.get("/khao-sat/quan-ly/").status_code == 302  # logged out: back to the login page
    page = client.get(KIOSK)
    assert page.status_code == 200 and "Nơi tiếp nhận thuận tiện" in page.content.decode()
    links = re.findall(r'<a [^>]*href="([^"]+)"', page.content.decode())
    assert links == ["/khao-sat/may-tinh-bang/thoat/"]  # no way out but the staff code
    assert client.post(KIOSK, {}).status_code == 400
    assert client.post(KIOSK, {"q1": "hl"})["Location"].endswith("/may-tinh-bang/cam-on/")
    assert Response.objects.get().channel == "kiosk"


@pytest.mark.django_db
def test_a_tablet_sending_forms_faster_than_people_is_braked(personas, monkeypatch) -> None:
    monkeypatch.setattr(views_kiosk, "MAX_PER_KIOSK", 2)
    client = _opened(personas, _campaign(personas))
    assert client.post(KIOSK, {}).status_code == 400  # refused forms count nothing
    for _ in range(2):
        assert client.post(KIOSK, {"q1": "hl"}).status_code == 302
    braked = client.post(KIOSK, {"q1": "hl"})
    assert braked.status_code == 429 and "đã nhận rất nhiều phiếu" in braked.content.decode()
    assert Response.objects.count() == 2


@pytest.mark.django_db
def test_only_the_staff_code_closes_it_and_wrong_codes_are_braked(personas) -> None:
    c = _campaign(personas)
    client = _opened(personas, c)
    for _ in range(views_kiosk.MAX_EXIT_FAILURES):
        assert client.post(f"{KIOSK}thoat/", {"code": "1111"}).status_code == 400
    assert client.post(f"{KIOSK}thoat/", {"code": "2468"}).status_code == 429
    client2 = _opened(personas, c)
    done = client2.post(f"{KIOSK}thoat/", {"code": "2468"})
    assert done.status_code == 302 and done["Location"] == "/dang-nhap/"
    assert client2.get(KIOSK).status_code == 404


@pytest.mark.django_db
def test_not_open_without_the_cookie_or_the_channel(personas) -> None:
    c = _campaign(personas, ["qr"])
    assert Client().get(KIOSK).status_code == 404
    client = personas.client(personas.front_a)
    page = client.post(f"/khao-sat/quan-ly/dot/{c.pk}/may-tinh-bang/", {"code": "2468"})
    assert page.status_code == 200 and "không mở kênh" in page.content.decode()
    forged = Client()
    forged.cookies[views_kiosk.COOKIE] = f'{{"c": {c.pk}}}'
    assert forged.get(KIOSK).status_code == 404
    assert personas.client(personas.officer_b).get(f"/khao-sat/quan-ly/dot/{c.pk}/may-tinh-bang/").status_code == 403


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_kiosk_on_a_tablet_resets_after_a_form_and_when_idle(
    personas: Personas, live_server: object, browser_page: object
) -> None:
    page: object = browser_page
    url = live_server.url  # type: ignore[attr-defined]
    c = _campaign(personas)
    login(page, url, "front_a")
    page.goto(f"{url}/khao-sat/quan-ly/dot/{c.pk}/")  # type: ignore[attr-defined]
    page.get_by_role("link", name="Mở trên máy tính bảng").click()  # type: ignore[attr-defined]
    page.get_by_label("Mã thoát dành cho cán bộ (4–8 chữ số)").fill("2468")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Mở chế độ khảo sát").click()  # type: ignore[attr-defined]
    page.clock.install()  # type: ignore[attr-defined]
    choice = page.get_by_role("group", name="Nơi tiếp nhận thuận tiện").get_by_text("Hài lòng", exact=True)  # type: ignore[attr-defined]
    assert choice.bounding_box()["height"] >= 64  # a large touch target on the desk's tablet
    choice.click()
    page.get_by_role("button", name="Gửi phiếu").click()  # type: ignore[attr-defined]
    page.get_by_text("Xin cảm ơn Ông/Bà!").wait_for()  # type: ignore[attr-defined]
    page.clock.install()  # type: ignore[attr-defined]
    page.clock.fast_forward(views_kiosk.RETURN_SECONDS * 1000 + 500)  # type: ignore[attr-defined]
    page.wait_for_url(f"{url}{KIOSK}")  # type: ignore[attr-defined]
    assert Response.objects.filter(channel="kiosk").count() == 1
    # A half-filled form is wiped after 60 s without a touch.
    page.clock.install()  # type: ignore[attr-defined]
    page.get_by_role("group", name="Trang thiết bị đầy đủ").get_by_text("Bình thường", exact=True).click()  # type: ignore[attr-defined]
    page.clock.fast_forward(61_000)  # type: ignore[attr-defined]
    page.wait_for_function("!document.querySelector('input[name=q2]:checked')")  # type: ignore[attr-defined]
    assert page.url == f"{url}{KIOSK}"  # type: ignore[attr-defined]
