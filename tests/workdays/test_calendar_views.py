from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import Personas
from thanthien.workdays.models import CalendarException

pytestmark = pytest.mark.django_db


def test_commune_admin_adds_and_removes_an_extra_day_off(personas: Personas) -> None:
    client = personas.client(personas.admin_a)
    page = client.post(
        "/lich-lam-viec/ngoai-le/them/",
        {"unit": "X16012", "date": "15/10/2026", "kind": "day_off", "reason": "Bão số 5", "decision": "CĐ 12/UBND"},
        follow=True,
    ).content.decode()
    assert "Đã thêm ngày 15/10/2026" in page
    exc = CalendarException.objects.get()
    assert exc.unit == personas.commune_a and exc.date == dt.date(2026, 10, 15)
    page = client.get("/lich-lam-viec/", {"unit": "X16012", "year": "2026"}).content.decode()
    assert "Bão số 5 (CĐ 12/UBND)" in page
    client.post(f"/lich-lam-viec/ngoai-le/{exc.pk}/xoa/")
    assert not CalendarException.objects.exists()


def test_bad_input_is_explained_and_changes_nothing(personas: Personas) -> None:
    client = personas.client(personas.admin_a)
    page = client.post(
        "/lich-lam-viec/ngoai-le/them/",
        {"unit": "X16012", "date": "31/02/2026", "kind": "day_off", "reason": ""},
        follow=True,
    ).content.decode()
    assert "Ngày không hợp lệ" in page
    assert not CalendarException.objects.exists()


def test_an_officer_reads_but_cannot_edit(personas: Personas) -> None:
    client = personas.client(personas.officer_a)
    page = client.get("/lich-lam-viec/").content.decode()
    assert "Thêm ngày nghỉ thêm" not in page
    response = client.post(
        "/lich-lam-viec/ngoai-le/them/", {"unit": "X16012", "date": "15/10/2026", "kind": "day_off", "reason": "x"}
    )
    assert response.status_code == 403
    assert not CalendarException.objects.exists()


def test_the_other_commune_cannot_touch_our_calendar(personas: Personas) -> None:
    client = personas.client(personas.officer_b)
    assert client.get("/lich-lam-viec/", {"unit": "X16012"}).status_code == 403
    response = client.post(
        "/lich-lam-viec/ngoai-le/them/",
        {"unit": "X16012", "date": "16/10/2026", "kind": "working_day", "reason": "Làm bù"},
    )
    assert response.status_code == 403
    assert not CalendarException.objects.exists()


def test_week_and_cutoff_forms(personas: Personas) -> None:
    client = personas.client(personas.admin_a)
    data = {"unit": "X16012"}
    for day in range(6):
        data |= {f"d{day}_0_0": "07:00", f"d{day}_0_1": "11:00", f"d{day}_1_0": "13:30", f"d{day}_1_1": "17:30"}
    page = client.post("/lich-lam-viec/gio-lam-viec/", data, follow=True).content.decode()
    assert "Đã lưu giờ làm việc" in page and "07:00–11:00, 13:30–17:30" in page
    page = client.post("/lich-lam-viec/gio-chot/", {"unit": "X16012", "same_day_cutoff": "16:00"}, follow=True)
    assert "nhận sau <strong>16:00</strong>" in page.content.decode()


def test_the_unit_picker_tells_units_of_the_same_name_apart(personas: Personas) -> None:
    from tests.conftest import make_unit
    from thanthien.org.models import UnitKind

    make_unit("X99001", "Xã Hoằng Hợp", UnitKind.COMMUNE, personas.other_province)
    page = personas.client(personas.sysadmin).get("/lich-lam-viec/", {"unit": "X16012"}).content.decode()
    assert "Xã Hoằng Hợp, Huyện Hoằng Hóa – X16012" in page
    assert "Xã Hoằng Hợp, Tỉnh Lạng Sơn – X99001" in page
