"""How the one-stop desk plugs into the foundation: menu, home panel, demo data, calendar changes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.dispatch import receiver

from thanthien.core.registry import register_demo, register_home_panel, register_nav, register_sweep
from thanthien.org.models import Role, Unit
from thanthien.org.queries import descendants
from thanthien.workdays.signals import calendar_changed

from .actions import DESK_ROLES, recompute_due_dates

register_nav("Hồ sơ một cửa", "onestop:queue", DESK_ROLES | {Role.LEADER, Role.SUPERVISOR}, order=10)
register_nav("Tiếp nhận", "onestop:intake", DESK_ROLES, order=11)
register_nav("Nhập hồ sơ từ tệp", "onestop:import", DESK_ROLES, order=13)
register_nav("Thiết lập một cửa", "onestop:settings", {Role.COMMUNE_ADMIN}, order=14)
register_nav("Thống kê hồ sơ", "onestop:stats", DESK_ROLES | {Role.LEADER, Role.SUPERVISOR, Role.FRONT}, order=12)


@receiver(calendar_changed)
def on_calendar_changed(sender: Any, unit: Unit | None, first_day: dt.date, **kwargs: Any) -> None:
    ids = None if unit is None else list(descendants(unit).values_list("pk", flat=True))
    recompute_due_dates(ids, first_day)


def _home_panel(request: Any) -> dict[str, object] | None:
    from .views import home_panel

    return home_panel(request)


def _demo(today: dt.date) -> None:
    from .demo import build

    build(today)


def _purge_lookups() -> int:
    from .lookup import purge_old_attempts

    return purge_old_attempts()


register_sweep("onestop.purge_lookups", "Xóa các lượt tra cứu hồ sơ sai đã cũ", _purge_lookups, every_minutes=60)
register_home_panel(10, _home_panel)
register_demo(30, _demo)
