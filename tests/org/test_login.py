from __future__ import annotations

import pytest
from django.test import Client, override_settings

from tests.conftest import PASSWORD, Personas
from thanthien.audit.models import AuditEntry

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


@override_settings(LOGIN_MAX_FAILURES=3, LOGIN_LOCK_MINUTES=15)
def test_account_locks_after_repeated_failures(personas: Personas) -> None:
    client = Client()
    for _ in range(2):
        post_login(client, "officer_a", "sai")
    page = post_login(client, "officer_a", "sai")
    assert "Tài khoản tạm khóa" in page
    # Even the right password is refused while locked.
    page = post_login(client, "officer_a", PASSWORD)
    assert "Tài khoản tạm khóa" in page and "Xin chào" not in page
    assert AuditEntry.objects.filter(action="org.account_locked").count() == 1
    # Another account is unaffected.
    assert "Xin chào" in post_login(Client(), "officer_b", PASSWORD)


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
