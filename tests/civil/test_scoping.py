"""Another commune's civil events are never visible: not in the list, not on a page, not in the API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.civil.factories import make_event
from tests.conftest import Personas

pytestmark = pytest.mark.django_db


def test_the_list_shows_only_what_the_user_may_read(personas: Personas) -> None:
    mine = make_event(personas.commune_a, person_name="Nguyễn Gia Huy")
    theirs = make_event(personas.commune_b, person_name="Vũ Bảo Ngọc")
    far = make_event(personas.commune_c, person_name="Vi Thảo Vy")
    html = personas.client(personas.registrar_a).get("/ho-tich/").content.decode()
    assert mine.person_name in html and theirs.person_name not in html and far.person_name not in html
    html = personas.client(personas.officer_b).get("/ho-tich/").content.decode()
    assert theirs.person_name in html and mine.person_name not in html
    html = personas.client(personas.supervisor).get("/ho-tich/").content.decode()
    # A supervisor sees both communes' events, with the citizens' names masked (DOMAIN.md §10).
    assert "Nguyễn G. H." in html and "Vũ B. N." in html and "Vi T. V." not in html
    assert mine.person_name not in html
    assert "Xã Hoằng Quý" in html  # a supervisor sees which commune
    html = personas.client(personas.other_supervisor).get("/ho-tich/").content.decode()
    assert "Vi T. V." in html and "Nguyễn G. H." not in html


def test_another_communes_event_is_not_found(personas: Personas) -> None:
    theirs = make_event(personas.commune_b, "marriage")
    client = personas.client(personas.registrar_a)
    assert client.get(reverse("civil:detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("civil:edit", args=[theirs.pk])).status_code == 404
    response = client.post(reverse("civil:ceremony", args=[theirs.pk]), {"ceremony_on": "09/10/2024"})
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert not theirs.ceremony_held
    assert personas.client(personas.supervisor).get(reverse("civil:detail", args=[theirs.pk])).status_code == 200
    assert personas.client(personas.other_supervisor).get(reverse("civil:detail", args=[theirs.pk])).status_code == 404


def test_a_supervisor_reads_but_does_not_write(personas: Personas) -> None:
    event = make_event(personas.commune_a, "marriage")
    client = personas.client(personas.supervisor)
    html = client.get(reverse("civil:detail", args=[event.pk])).content.decode()
    assert reverse("civil:edit", args=[event.pk]) not in html and "Ghi nhận lễ trao" not in html
    assert client.get(reverse("civil:edit", args=[event.pk])).status_code == 403
    assert client.post(reverse("civil:ceremony", args=[event.pk]), {"ceremony_on": "09/10/2024"}).status_code == 403


def test_the_list_filters(personas: Personas) -> None:
    make_event(personas.commune_a, "birth", dt.date(2024, 10, 8), person_name="Nguyễn Gia Huy")
    make_event(personas.commune_a, "death", dt.date(2024, 11, 8), person_name="Phạm Văn Lộc")
    make_event(personas.commune_a, "marriage", dt.date(2024, 12, 8), person_name="", partner_name="")
    client = personas.client(personas.registrar_a)

    def names(**params: str) -> str:
        return client.get("/ho-tich/", params).content.decode()

    html = names(kind="death")
    assert "Phạm Văn Lộc" in html and "Nguyễn Gia Huy" not in html
    html = names(**{"from": "01/11/2024", "to": "30/11/2024"})
    assert "Phạm Văn Lộc" in html and "Nguyễn Gia Huy" not in html
    html = names(incomplete="1")
    assert "Cần bổ sung" in html and "Phạm Văn Lộc" not in html and "Nguyễn Gia Huy" not in html
    assert "Nguyễn Gia Huy" in names(q="gia huy")


def test_the_list_is_paginated(personas: Personas) -> None:
    for i in range(35):
        make_event(personas.commune_a, registered_on=dt.date(2024, 1, 1) + dt.timedelta(days=i), person_name=f"Trẻ {i}")
    client = personas.client(personas.registrar_a)
    first = client.get("/ho-tich/").content.decode()
    assert "Trang 1/2" in first and "Trẻ 34" in first and "Trẻ 0<" not in first
    assert "Trẻ 0<" in client.get("/ho-tich/", {"page": 2}).content.decode()


def test_home_panel(personas: Personas) -> None:
    make_event(personas.commune_a, person_name="")
    html = personas.client(personas.registrar_a).get("/can-bo/").content.decode()
    assert "Sự kiện cần bổ sung thông tin" in html


def test_a_name_search_matches_only_for_the_communes_own_staff(personas: Personas) -> None:
    make_event(personas.commune_a, person_name="Nguyễn Gia Huy", contact_name="Nguyễn Văn An", register_number="15")
    make_event(personas.commune_b, person_name="Vũ Bảo Ngọc", contact_name="Vũ Văn Bình", register_number="22")
    own = personas.client(personas.registrar_a)
    assert "Nguyễn Gia Huy" in own.get("/ho-tich/", {"q": "gia huy"}).content.decode()
    assert "Nguyễn Gia Huy" in own.get("/ho-tich/", {"q": "Văn An"}).content.decode()

    supervisor = personas.client(personas.supervisor)
    # The supervisor sees both events masked, but a name typed in does not tell them who is in which register.
    assert "Nguyễn G. H." in supervisor.get("/ho-tich/").content.decode()
    for q in ("Gia Huy", "Nguyễn Văn An", "Bảo Ngọc", "Vũ Văn Bình"):
        html = supervisor.get("/ho-tich/", {"q": q}).content.decode()
        assert "Nguyễn G. H." not in html and "Vũ B. N." not in html, q
    by_number = supervisor.get("/ho-tich/", {"q": "22"}).content.decode()
    assert "Vũ B. N." in by_number and "Nguyễn G. H." not in by_number


@pytest.mark.parametrize("day", ["31/02/2026", "01/01/0135", "abc"])
def test_a_bad_filter_day_is_said_not_ignored(personas: Personas, day: str) -> None:
    page = personas.client(personas.registrar_a).get("/ho-tich/", {"from": day}).content.decode()
    assert "không hợp lệ" in page
    assert "Vui lòng sửa ngày lọc để xem danh sách." in page


def test_the_search_box_says_what_a_supervisor_can_search(personas: Personas) -> None:
    own = personas.client(personas.registrar_a).get("/ho-tich/").content.decode()
    sup = personas.client(personas.supervisor).get("/ho-tich/").content.decode()
    assert "Họ tên hoặc số đăng ký" in own
    assert "Họ tên hoặc số đăng ký" not in sup and ">Số đăng ký</label>" in sup
