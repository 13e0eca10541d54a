"""Password rules on every password set or changed, with Vietnamese messages."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from tests.conftest import PASSWORD, Personas
from thanthien.org.actions import create_user
from thanthien.org.demo import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

ENGLISH = ("password", "This ", "too short", "must contain", "characters")


def change(personas: Personas, new: str) -> str:
    client = personas.client(personas.officer_a)
    data = {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    return client.post("/tai-khoan/", data).content.decode()


@pytest.mark.parametrize("weak", ["matkhau123", "Matkhau@2026", "admin123456", "12345678901", "Ab1-x"])
def test_weak_passwords_are_refused_in_vietnamese(personas: Personas, weak: str) -> None:
    page = change(personas, weak)
    assert "Mật khẩu quá" in page and "Đã đổi mật khẩu" not in page
    errors = re.findall(r'class="invalid-feedback[^"]*"[^>]*>([^<]+)<', page)
    assert errors and not any(word in e for e in errors for word in ENGLISH), errors
    personas.officer_a.refresh_from_db()
    assert personas.officer_a.check_password(PASSWORD)


def test_a_password_like_the_user_name_is_refused(personas: Personas) -> None:
    assert "Mật khẩu quá giống với" in change(personas, "officer_a-2026")


def test_the_rules_are_explained_on_the_page(personas: Personas) -> None:
    page = personas.client(personas.officer_a).get("/tai-khoan/").content.decode()
    assert "Mật khẩu có ít nhất 10 ký tự" in page and "chữ thường, chữ hoa, chữ số, ký hiệu" in page
    assert "Mật khẩu hiện tại" in page


def test_create_user_applies_the_same_rules(db: None) -> None:
    with pytest.raises(ValidationError) as refused:
        create_user("can_bo_moi", "matkhau123", "Cán Bộ Mới")
    assert "Mật khẩu quá dễ đoán" in " ".join(refused.value.messages)
    assert not User.objects.filter(username="can_bo_moi").exists()


@pytest.mark.parametrize("good", [DEMO_PASSWORD, PASSWORD, "Lua-Vang-2026", "hoa sen nở rộ giữa hè 2026"])
def test_reasonable_passwords_pass(good: str) -> None:
    validate_password(good, User(username="officer_a", first_name="Lê Thị", last_name="Hoa"))


@pytest.mark.parametrize("password", ["mttq123456A", "Mttq-2026-Ab", "MTTQ@2026xyz", "xy-M.T.T.Q-2026a"])
def test_a_password_containing_the_user_name_is_refused(password: str) -> None:
    user = User(username="mttq")
    with pytest.raises(ValidationError) as caught:
        validate_password(password, user)
    assert "Mật khẩu không được chứa tên đăng nhập “mttq”." in caught.value.messages


def test_the_user_name_is_compared_without_diacritics_or_punctuation() -> None:
    with pytest.raises(ValidationError, match="tên đăng nhập"):
        validate_password("Đổi-MotCuaLS-2026", User(username="motcua.ls"))
    validate_password("Lua-Vang-2026", User(username="ab"))  # a 2-character name occurs by chance: not checked


@pytest.mark.parametrize(
    "username", ["motcua", "hotich", "lanhdao", "mttq", "quantri", "giamsat", "motcua.ls", "admin"]
)
def test_the_demo_password_stays_valid_for_the_demo_users(username: str) -> None:
    validate_password("ThanThien@2026", User(username=username))
