from __future__ import annotations

from thanthien.lib.registry import register_sweep

from .throttle import clear_expired_attempts

register_sweep(
    "org.clear_expired_locks",
    "Xóa các lần đăng nhập sai đã quá thời gian khóa",
    clear_expired_attempts,
    every_minutes=60,
)
