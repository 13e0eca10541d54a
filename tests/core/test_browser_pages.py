"""A walk over the pages each role reaches from the menu and from a record, in a real browser: every one is
checked by axe-core (no serious or critical finding) and by the Content-Security-Policy (nothing refused)."""

from __future__ import annotations

import pytest

from tests.conftest import Personas, assert_accessible, login
from tests.onestop.factories import make_dossier
from thanthien.civil.models import CivilEvent
from thanthien.letters.models import Letter

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def visit(page: object, url: str) -> None:
    page.goto(url)  # type: ignore[attr-defined]
    assert_accessible(page)


def menu_links(page: object) -> list[str]:
    """Every page of the menu, those inside a group's drop-down included."""
    script = (
        "() => [...document.querySelectorAll('#staff-nav a.nav-link, #staff-nav a.dropdown-item')].map(a => a.href)"
    )
    return page.evaluate(script)  # type: ignore[attr-defined,no-any-return]


def records(personas: Personas) -> tuple[str, int, int]:
    dossier = make_dossier(personas.commune_a, applicant_name="Trần Thị Bình")
    event = CivilEvent.objects.create(
        unit=personas.commune_a,
        kind="birth",
        registered_on="2026-11-20",
        person_name="Lê Minh Khang",
        contact_name="Lê Văn Hùng",
        contact_phone="0912345678",
    )
    letter = Letter.objects.create(
        unit=personas.commune_a,
        kind="congratulation",
        subject_type="civil_event",
        subject_id=str(event.pk),
        civil_event=event,
        owed_on="2026-11-20",
        recipient_name="Lê Văn Hùng",
        honorific="Ông",
    )
    return dossier.code, event.pk, letter.pk


def test_every_page_of_a_commune_administrator(personas: Personas, live_server: object, browser_page: object) -> None:
    page = browser_page
    url = live_server.url  # type: ignore[attr-defined]
    code, event, letter = records(personas)
    login(page, url, "admin_a")
    page.get_by_role("heading", name="Xin chào, Đỗ Minh Đức").wait_for()  # type: ignore[attr-defined]
    assert_accessible(page)
    for link in menu_links(page):
        visit(page, link)
    for path in (
        "/tai-khoan/",
        f"/mot-cua/ho-so/{code}/",
        "/ho-tich/them/",
        f"/ho-tich/{event}/",
        f"/thu/{letter}/",
        "/thu/mau/",
        "/thu/mau/apology/",
    ):
        visit(page, url + path)


def test_every_page_of_a_leader_and_a_supervisor(personas: Personas, live_server: object, browser_page: object) -> None:
    page = browser_page
    url = live_server.url  # type: ignore[attr-defined]
    code, _, letter = records(personas)
    for username in ("leader_a", "supervisor"):
        login(page, url, username)
        page.wait_for_url("**/can-bo/")  # type: ignore[attr-defined]
        assert_accessible(page)
        for link in menu_links(page):
            visit(page, link)
        visit(page, url + f"/mot-cua/ho-so/{code}/")
        visit(page, url + f"/thu/{letter}/")
        page.get_by_role("button", name="Đăng xuất").click()  # type: ignore[attr-defined]
        page.get_by_text("Bạn đã đăng xuất.").wait_for()  # type: ignore[attr-defined]


def test_public_and_error_pages(personas: Personas, live_server: object, browser_page: object) -> None:
    page = browser_page
    url = live_server.url  # type: ignore[attr-defined]
    for path in ("/", "/tra-cuu/", "/dang-nhap/", "/khong-co-trang-nay/"):
        visit(page, url + path)
    login(page, url, "officer_a")
    page.wait_for_url("**/can-bo/")  # type: ignore[attr-defined]
    visit(page, url + "/nhat-ky/")  # 403: the officer does not read the audit trail
    assert "Bạn không có quyền xem trang này" in page.content()  # type: ignore[attr-defined]
