from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from thanthien.core.registry import register_sweep

from .actions import clear_expired_locks, clear_login_failures


@receiver(user_logged_in)
def on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    clear_login_failures(user.get_username())


register_sweep(
    "org.clear_expired_locks", "Xóa các lần khóa đăng nhập đã hết hạn", clear_expired_locks, every_minutes=60
)
