"""How the civil registry plugs in: the menu, the home panel, demo data, and the events that returned
one-stop dossiers of khai sinh / kết hôn / khai tử register."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.dispatch import receiver

from thanthien.lib.registry import register_demo, register_home_panel, register_nav
from thanthien.onestop.actions import dossier_changed

from .actions import READER_ROLES, on_dossier_changed

register_nav("Hộ tịch", "civil:list", READER_ROLES, order=20)


@receiver(dossier_changed, dispatch_uid="civil.event_from_dossier")
def _dossier_changed(sender: Any, dossier_id: int, **kwargs: Any) -> None:
    on_dossier_changed(dossier_id)


def _home_panel(request: Any) -> dict[str, object] | None:
    from .views import home_panel

    return home_panel(request)


def _demo(today: dt.date) -> None:
    from .demo import build

    build(today)


register_home_panel(20, _home_panel)
register_demo(40, _demo)
