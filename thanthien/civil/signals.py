"""How the civil registry plugs in: the menu, the home panel, demo data, and the events that returned
one-stop dossiers of khai sinh / kết hôn / khai tử register."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.dispatch import receiver

from thanthien.lib.registry import register_demo, register_home_panel, register_nav, register_sweep
from thanthien.onestop.actions import dossier_changed

from . import derive
from .actions import READER_ROLES

register_nav("Hộ tịch", "civil:list", READER_ROLES, order=20)
register_sweep(
    "civil.events_from_dossiers",
    "Ghi sự kiện hộ tịch cho các hồ sơ khai sinh, kết hôn, khai tử đã trả kết quả",
    derive.sweep,
    every_minutes=5,
)


@receiver(dossier_changed, dispatch_uid="civil.event_from_dossier")
def _dossier_changed(sender: Any, dossier_id: int, **kwargs: Any) -> None:
    # The desk's change is committed: its event follows at once. `robust` keeps a failure here from turning the
    # desk's page into an error; Django logs it with its traceback, and the sweep gives the dossier its event.
    transaction.on_commit(lambda: derive.derive_for_dossier(dossier_id), robust=True)


def _home_panel(request: Any) -> dict[str, object] | None:
    from .views import home_panel

    return home_panel(request)


def _demo(today: dt.date) -> None:
    from .demo import build

    build(today)


register_home_panel(20, _home_panel)
register_demo(40, _demo)
