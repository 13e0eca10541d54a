from __future__ import annotations

import datetime as dt

import pytest
from django.core import signing
from django.test import Client, override_settings
from django.utils import timezone

from tests.conftest import PASSWORD, Personas
from thanthien.audit.models import AuditEntry
from thanthien.org.throttle import DEVICE_COOKIE, clear_expired_attempts

pytestmark = pytest.mark.django_db


def post_login(client: Client, username: str, password: str) -> str:
    return client.post("/dang-nhap/", {"username": username, "password": password}, follow=True).content.decode()


def test_login_shows_the_vietnamese_home(personas: Personas) -> None:
    client = Client()
    page = post_login(client, "officer_a", PASSWORD)
    assert "Xin chào, Lê Thị Hoa" in page and "Xã Hoằng Hợp" in page


def test_wrong_password_is_explained_in_vietnamese(personas: Personas) -> None:
    page = post_login(Client(), "officer_a", "sai-mat-khau")
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in page


LOCKED = "tạm bị chặn do nhập sai mật khẩu nhiều lần"


def attempt(client: Client, username: str, password: str) -> tuple[int, str]:
    response = client.post("/dang-nhap/", {"username": username, "password": password}, follow=True)
    return response.status_code, response.content.decode()


def from_address(ip: str) -> Client:
    return Client(REMOTE_ADDR=ip)


@override_settings(LOGIN_MAX_FAILURES=3, LOGIN_LOCK_MINUTES=15)
def test_a_name_locks_at_one_address_after_repeated_failures(personas: Personas) -> None:
    client = from_address("10.0.0.9")
    for _ in range(2):
        post_login(client, "officer_a", "sai")
    status, page = attempt(client, "officer_a", "sai")
    assert status == 429 and LOCKED in page and "15 phút" in page
    # Even the right password is refused from this address, for this name, while locked.
    status, page = attempt(client, "Officer_A", PASSWORD)
    assert status == 429 and LOCKED in page and "Xin chào" not in page
    assert AuditEntry.objects.filter(action="org.account_locked").count() == 1
    # Another account from the same address is unaffected.
    assert "Xin chào" in post_login(from_address("10.0.0.9"), "officer_b", PASSWORD)


def test_a_strangers_wrong_passwords_elsewhere_do_not_lock_the_owner(personas: Personas) -> None:
    stranger = from_address("203.0.113.7")
    for _ in range(5):
        post_login(stranger, "officer_a", "doan-mo-mat-khau")
    status, page = attempt(stranger, "officer_a", PASSWORD)
    assert status == 429 and LOCKED in page
    # The owner, at the commune office, logs in as usual.
    assert "Xin chào, Lê Thị Hoa" in post_login(from_address("10.1.1.20"), "officer_a", PASSWORD)


def test_the_owners_known_device_logs_in_on_a_network_a_stranger_locked(personas: Personas) -> None:
    owner = from_address("10.1.1.20")
    assert "Xin chào" in post_login(owner, "officer_a", PASSWORD)
    owner.post("/dang-xuat/")
    # A stranger on the same office network (same address, no cookie) locks the name at that address ...
    stranger = from_address("10.1.1.20")
    for _ in range(5):
        post_login(stranger, "officer_a", "sai")
    assert attempt(stranger, "officer_a", PASSWORD)[0] == 429
    # ... but the owner's own computer keeps its own count and gets in with the right password.
    status, page = attempt(owner, "officer_a", PASSWORD)
    assert status == 200 and "Xin chào, Lê Thị Hoa" in page


def test_a_known_device_has_its_own_limit_and_cannot_be_forged(personas: Personas) -> None:
    device = from_address("10.1.1.21")
    post_login(device, "officer_a", PASSWORD)
    device.post("/dang-xuat/")
    for _ in range(5):
        post_login(device, "officer_a", "sai")
    assert attempt(device, "officer_a", PASSWORD)[0] == 429
    # A tampered cookie is no known device: it counts with its address like any other browser.
    forged = from_address("10.1.1.22")
    forged.cookies[DEVICE_COOKIE] = device.cookies[DEVICE_COOKIE].value + "x"
    for _ in range(5):
        post_login(forged, "officer_a", "sai")
    assert attempt(forged, "officer_a", PASSWORD)[0] == 429
    assert attempt(from_address("10.1.1.23"), "officer_a", PASSWORD)[0] == 200
    # The cookie does not show who logged in on this computer.
    assert "officer_a" not in signing.loads(device.cookies[DEVICE_COOKIE].value, salt="thanthien.org.known-device")["u"]


@override_settings(LOGIN_IP_MAX_FAILURES=8)
def test_one_address_trying_many_names_is_throttled(personas: Personas) -> None:
    guesser = from_address("198.51.100.5")
    for n in range(8):
        post_login(guesser, f"can_bo_{n}", "123456")
    # The ceiling covers every name from that address, the right password of a real account included ...
    status, page = attempt(guesser, "officer_b", PASSWORD)
    assert status == 429 and LOCKED in page
    # ... and is not reset by one success elsewhere; other addresses are unaffected.
    assert "Xin chào" in post_login(from_address("198.51.100.6"), "officer_b", PASSWORD)
    assert attempt(guesser, "officer_b", PASSWORD)[0] == 429


def test_a_success_at_the_address_does_not_reset_its_ceiling(personas: Personas) -> None:
    with override_settings(LOGIN_IP_MAX_FAILURES=6):
        guesser = from_address("198.51.100.9")
        for n in range(4):
            post_login(guesser, f"ten_{n}", "sai")
        assert "Xin chào" in post_login(from_address("198.51.100.9"), "front_a", PASSWORD)
        for n in range(2):
            post_login(guesser, f"ten_khac_{n}", "sai")
        assert attempt(guesser, "officer_b", PASSWORD)[0] == 429


def test_expired_failures_are_swept(personas: Personas) -> None:
    from axes.models import AccessAttempt

    post_login(from_address("10.9.9.9"), "officer_a", "sai")
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=16))
    assert clear_expired_attempts() == 1 and not AccessAttempt.objects.exists()


def test_logout_needs_post_and_ends_the_session(personas: Personas) -> None:
    client = personas.client(personas.officer_a)
    assert client.get("/dang-xuat/").status_code == 405
    client.post("/dang-xuat/")
    assert client.get("/can-bo/").status_code == 302


def test_password_change(personas: Personas) -> None:
    client = personas.client(personas.officer_a)
    page = client.post(
        "/tai-khoan/",
        {"old_password": "sai", "new_password1": "Mot-Mat-Khau-Moi-9", "new_password2": "Mot-Mat-Khau-Moi-9"},
    ).content.decode()
    assert "Mật khẩu hiện tại không đúng" in page
    response = client.post(
        "/tai-khoan/",
        {
            "old_password": PASSWORD,
            "new_password1": "Mot-Mat-Khau-Moi-9",
            "new_password2": "Mot-Mat-Khau-Moi-9",
        },
        follow=True,
    )
    assert "Đã đổi mật khẩu" in response.content.decode()
    assert "Xin chào" in post_login(Client(), "officer_a", "Mot-Mat-Khau-Moi-9")


def test_each_role_sees_its_navigation(personas: Personas) -> None:
    admin_page = personas.client(personas.admin_a).get("/can-bo/").content.decode()
    officer_page = personas.client(personas.officer_a).get("/can-bo/").content.decode()
    assert "Nhật ký" in admin_page and "Nhật ký" not in officer_page
    assert "Lịch làm việc" in officer_page


def test_user_without_membership_is_refused(db: None) -> None:
    from django.contrib.auth.models import User

    client = Client()
    client.force_login(User.objects.create_user("nobody", password="x"))
    response = client.get("/can-bo/")
    assert response.status_code == 403
    assert "Bạn không có quyền xem trang này" in response.content.decode()


def test_a_wrong_password_is_never_stored(personas: Personas) -> None:
    from axes.models import AccessAttempt

    post_login(from_address("10.9.9.8"), "officer_a", "Gan-Dung-Mat-Khau-2026")
    row = AccessAttempt.objects.get()
    assert row.username == "officer_a" and row.ip_address == "10.9.9.8"
    assert "Gan-Dung-Mat-Khau" not in row.post_data + row.get_data
