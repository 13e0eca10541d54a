"""Applicant data checks with Vietnamese messages; each returns the normalised value or raises ValidationError."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

_NON_DIGITS = re.compile(r"[\s.\-()]")


def clean_cccd(value: str, allow_old_cmnd: bool = False) -> str:
    """Căn cước công dân: 12 digits, the first three the province of birth (001–096)."""
    digits = _NON_DIGITS.sub("", value or "")
    if allow_old_cmnd and len(digits) == 9 and digits.isdigit():
        return digits  # chứng minh nhân dân (old 9-digit card) still appears in past dossiers
    if not digits.isdigit() or len(digits) != 12:
        raise ValidationError("Số CCCD phải gồm đúng 12 chữ số.", code="cccd_length")
    if not 1 <= int(digits[:3]) <= 96:
        raise ValidationError(
            "Số CCCD không hợp lệ: ba chữ số đầu là mã tỉnh nơi đăng ký khai sinh (001–096).", code="cccd_province"
        )
    return digits


def clean_phone(value: str) -> str:
    """Mobile (10 digits, 03/05/07/08/09) or landline (11 digits, 02x); +84 and separators accepted."""
    digits = _NON_DIGITS.sub("", value or "")
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    if not digits.isdigit():
        raise ValidationError("Số điện thoại chỉ gồm chữ số (có thể bắt đầu bằng +84).", code="phone_chars")
    if len(digits) == 10 and digits[:2] in {"03", "05", "07", "08", "09"}:
        return digits
    if len(digits) == 11 and digits.startswith("02"):
        return digits
    raise ValidationError(
        "Số điện thoại không hợp lệ: di động gồm 10 chữ số (03, 05, 07, 08, 09...), cố định gồm 11 chữ số (02...).",
        code="phone_format",
    )
