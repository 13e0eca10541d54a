"""Bearer tokens for integrators: a system administrator issues one for an account and sees its secret exactly
once (only the SHA-256 digest is stored), and revokes it. The Django admin and `thanthien api-token` call these."""

from __future__ import annotations

import secrets
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from thanthien.audit.log import record, register_actions

from .models import ApiToken
from .scoping import is_system_admin

register_actions({"org.api_token_issued": "Cấp mã thông báo API", "org.api_token_revoked": "Thu hồi mã thông báo API"})

PREFIX = "tt_"  # recognisable in a leaked configuration file or log, so it can be found and revoked


def _require_admin(actor: Any) -> None:
    # None is the command line, run by whoever operates the server.
    if actor is not None and not is_system_admin(actor):
        raise PermissionDenied("Chỉ quản trị hệ thống được cấp hoặc thu hồi mã thông báo API.")


def new_secret() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def issue_token(actor: Any, user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for `user`; returns it with its secret, which is not stored and cannot be shown again."""
    _require_admin(actor)
    name = name.strip()
    if not name:
        raise ValidationError("Cần đặt tên cho mã thông báo (ví dụ: tên hệ thống tích hợp).")
    if len(name) > ApiToken._meta.get_field("name").max_length:  # type: ignore[operator]
        raise ValidationError("Tên mã thông báo dài quá 100 ký tự.")
    if not user.is_active:
        raise ValidationError("Tài khoản này đã bị khóa: không cấp mã thông báo.")
    secret = new_secret()
    with transaction.atomic():
        token = ApiToken.objects.create(user=user, name=name, digest=ApiToken.hash(secret))
        record(actor, "org.api_token_issued", token, note=f"{name} cho tài khoản {user.get_username()}")
    return token, secret


def revoke_token(actor: Any, token: ApiToken) -> None:
    _require_admin(actor)
    with transaction.atomic():
        note = f"{token.name} (số {token.pk}) của tài khoản {token.user.get_username()}"
        record(actor, "org.api_token_revoked", token, note=note)
        token.delete()
