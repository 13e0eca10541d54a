"""Password rules in Vietnamese (settings AUTH_PASSWORD_VALIDATORS), on every password set or changed.

Django's own validators stay on (similarity to the user's name, the 20,000 most common passwords, all digits);
two are added for what Django's list does not know: a mix of characters, and the Vietnamese words people pick
("matkhau123", "Anhyeuem@1") once their digits and symbols are taken away.
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib.auth.password_validation import MinimumLengthValidator
from django.core.exceptions import ValidationError

from thanthien.lib.vn import fold

# Words (without diacritics, digits or symbols) that make a guessable password whatever is appended to them.
_WORDS = """
    matkhau mk matma password passwd pass admin administrator quantri quantrivien root user guest test
    login dangnhap welcome xinchao hello changeme letmein iloveyou anhyeuem emyeuanh yeuem yeuanh
    vietnam hanoi saigon hochiminh danang ubnd ubndxa xa phuong thitran motcua hotich canbo congchuc
    qwerty qwertyuiop asdfgh asdfghjkl zxcvbn abc abcd abcde abcdef abcxyz
"""
COMMON_WORDS = frozenset(_WORDS.split())
# A long passphrase ("hoa sen nở rộ giữa hè 2026") is strong without symbols: it needs only two kinds.
PASSPHRASE_LENGTH = 16


def _kinds(password: str) -> int:
    return sum(
        (
            any(ch.islower() for ch in password),
            any(ch.isupper() for ch in password),
            any(ch.isdigit() for ch in password),
            any(not ch.isalnum() and not ch.isspace() for ch in password),
        )
    )


class VietnameseMinimumLengthValidator(MinimumLengthValidator):
    """Django's rule with its message in Vietnamese (the vi catalogue lacks this plural form)."""

    def validate(self, password: str, user: Any = None) -> None:
        if len(password) < self.min_length:
            raise ValidationError(
                "Mật khẩu quá ngắn: cần ít nhất %(min_length)d ký tự.",
                code="password_too_short",
                params={"min_length": self.min_length},
            )

    def get_help_text(self) -> str:
        return f"Mật khẩu có ít nhất {self.min_length} ký tự."


class CharacterMixValidator:
    """At least three of: lowercase, uppercase, digits, symbols ("matkhau123" has two); two for a passphrase."""

    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    def validate(self, password: str, user: Any = None) -> None:
        needed = 2 if len(password) >= PASSPHRASE_LENGTH else self.min_classes
        if _kinds(password) < needed:
            raise ValidationError(
                "Mật khẩu quá dễ đoán: hãy dùng ít nhất %(n)d trong 4 loại ký tự: chữ thường, chữ hoa, chữ số, "
                "ký hiệu (ví dụ: Lua-Vang-2026), hoặc một câu dài từ %(long)d ký tự.",
                code="password_too_simple",
                params={"n": self.min_classes, "long": PASSPHRASE_LENGTH},
            )

    def get_help_text(self) -> str:
        return (
            f"Mật khẩu dùng ít nhất {self.min_classes} trong 4 loại ký tự: chữ thường, chữ hoa, chữ số, ký hiệu "
            f"(một câu dài từ {PASSPHRASE_LENGTH} ký tự: 2 loại là đủ)."
        )


class CommonVietnameseWordValidator:
    """Refuses a common word dressed up with digits and symbols ("Matkhau@2026", "admin123")."""

    def validate(self, password: str, user: Any = None) -> None:
        core = re.sub(r"[^a-z]", "", fold(password))
        if core in COMMON_WORDS or len(set(core)) <= 1:
            raise ValidationError(
                "Mật khẩu quá dễ đoán: phần chữ của nó là một từ hay được dùng làm mật khẩu. Hãy ghép vài từ "
                "không liên quan, có chữ hoa, chữ số và ký hiệu.",
                code="password_common_word",
            )

    def get_help_text(self) -> str:
        return "Mật khẩu không được là một từ quen thuộc (như “matkhau”, “admin”) thêm vài chữ số."


def _letters_and_digits(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(text))


class ContainsUserNameValidator:
    """Refuses a password that contains the user name ("mttq123456A" for mttq): Django's similarity rule only
    compares the whole password, so a short name with digits appended slips through. Compared without case,
    diacritics or punctuation ("Mặt-Trận" matches "mattran"); names shorter than 3 characters are left out,
    as they occur by chance."""

    min_length = 3

    def validate(self, password: str, user: Any = None) -> None:
        name = _letters_and_digits(getattr(user, "username", "") or "")
        if len(name) >= self.min_length and name in _letters_and_digits(password):
            raise ValidationError(
                "Mật khẩu không được chứa tên đăng nhập “%(username)s”.",
                code="password_contains_username",
                params={"username": user.username},
            )

    def get_help_text(self) -> str:
        return "Mật khẩu không được chứa tên đăng nhập."
