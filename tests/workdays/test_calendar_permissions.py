"""Who writes a working calendar (issue 7): the unit's own administrator; the nationwide one the system
administrator. Every persona, every form of the calendar page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User

from tests.conftest import Personas, make_user
from thanthien.org.models import Role
from thanthien.workdays import actions
from thanthien.workdays.models import CalendarException, CalendarSetting, ExceptionKind, WorkingPeriod

pytestmark = pytest.mark.django_db

DAY = dt.date(2030, 10, 15)
# persona attribute → may it change commune A's calendar?
WRITERS = {
    "officer_a": False,
    "registrar_a": False,
    "leader_a": False,
    "front_a": False,
    "admin_a": True,
    "officer_b": False,
    "supervisor": False,
    "other_supervisor": False,
    "sysadmin": True,
}


def _week_form(code: str) -> dict[str, str]:
    data = {"unit": code, "confirm": "1"}
    for day in range(5):
        data |= {f"d{day}_0_0": "07:00", f"d{day}_0_1": "11:00", f"d{day}_1_0": "13:30", f"d{day}_1_1": "17:30"}
    return data


def _commune_a_calendar(personas: Personas) -> tuple[int, int, int]:
    unit = personas.commune_a
    return (
        CalendarException.objects.filter(unit=unit).count(),
        WorkingPeriod.objects.filter(unit=unit).count(),
        CalendarSetting.objects.filter(unit=unit).count(),
    )


@pytest.mark.parametrize(("who", "writes"), WRITERS.items())
def test_each_persona_on_commune_a_calendar(personas: Personas, who: str, writes: bool) -> None:
    user: User = getattr(personas, who)
    client = personas.client(user)
    page = client.get("/lich-lam-viec/", {"unit": "X16012"})
    if page.status_code == 200:
        assert ("Thêm ngày nghỉ thêm hoặc ngày làm bù" in page.content.decode()) is writes
    else:  # another commune or province does not even read it
        assert page.status_code == 403 and not writes
    existing = actions.add_exception(None, personas.commune_a, dt.date(2030, 11, 5), ExceptionKind.DAY_OFF, "Có sẵn")
    posts = [
        ("/lich-lam-viec/ngoai-le/them/", {"unit": "X16012", "date": "15/10/2030", "kind": "day_off", "reason": "Bão"}),
        ("/lich-lam-viec/gio-lam-viec/", _week_form("X16012")),
        ("/lich-lam-viec/gio-chot/", {"unit": "X16012", "same_day_cutoff": "16:00", "confirm": "1"}),
        (f"/lich-lam-viec/ngoai-le/{existing.pk}/xoa/", {"confirm": "1"}),
    ]
    for url, data in posts:
        before = _commune_a_calendar(personas)
        response = client.post(url, data | {"confirm": "1"})
        if writes:
            assert response.status_code == 302, url
        else:
            assert response.status_code in (403, 404), url
            assert _commune_a_calendar(personas) == before, url
    if writes:
        assert not CalendarException.objects.filter(pk=existing.pk).exists()
        assert CalendarException.objects.filter(unit=personas.commune_a, date=DAY).exists()
        assert CalendarSetting.objects.get(unit=personas.commune_a).same_day_cutoff == dt.time(16)


def test_the_province_administrator_writes_province_wide_days_not_a_commune(personas: Personas) -> None:
    admin = make_user("admin_t38", Role.COMMUNE_ADMIN, personas.province, "Lương Văn Tỉnh")
    client = personas.client(admin)
    form = {"date": "15/10/2030", "kind": "day_off", "reason": "Nghỉ thêm toàn tỉnh", "confirm": "1"}
    assert client.post("/lich-lam-viec/ngoai-le/them/", form | {"unit": "T38"}).status_code == 302
    assert CalendarException.objects.filter(unit=personas.province, date=DAY).exists()
    assert client.post("/lich-lam-viec/ngoai-le/them/", form | {"unit": "X16012"}).status_code == 403
    assert not CalendarException.objects.filter(unit=personas.commune_a).exists()


def test_only_the_system_administrator_writes_nationwide_days(personas: Personas) -> None:
    for user in (personas.admin_a, personas.supervisor, personas.leader_a):
        with pytest.raises(actions.PermissionDenied):
            actions.add_exception(user, None, DAY, ExceptionKind.DAY_OFF, "Nghỉ toàn quốc")
    actions.add_exception(personas.sysadmin, None, DAY, ExceptionKind.DAY_OFF, "Nghỉ toàn quốc")
    assert CalendarException.objects.filter(unit=None, date=DAY).exists()


def test_the_refusal_says_who_may_write(personas: Personas) -> None:
    with pytest.raises(actions.PermissionDenied, match="Chỉ quản trị của Xã Hoằng Hợp"):
        actions.set_cutoff(personas.supervisor, personas.commune_a, dt.time(16))
