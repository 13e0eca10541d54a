"""How letters plug into the rest: the sweep in `thanthien tick`, apologies right after a dossier changes,
the menu and the home page."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.dispatch import receiver

from thanthien.civil.actions import event_changed
from thanthien.lib.registry import register_demo, register_home_panel, register_nav, register_sweep
from thanthien.onestop.actions import dossier_changed
from thanthien.org.models import Role

from .actions import WRITERS, sweep, sweep_one_dossier, sweep_one_event

log = logging.getLogger(__name__)

register_sweep(
    "letters.sweep", "Lập dự thảo các thư cần gửi (xin lỗi, chúc mừng, chia buồn, cảm ơn)", sweep, every_minutes=5
)
register_nav("Thư gửi công dân", "letters:registry", WRITERS | {Role.SUPERVISOR}, order=30)


@receiver(dossier_changed)
def on_dossier_changed(sender: Any, dossier_id: int, **kwargs: Any) -> None:
    transaction.on_commit(lambda: _sweep_quietly(dossier_id))


@receiver(event_changed)
def on_event_changed(sender: Any, event_id: int, **kwargs: Any) -> None:
    transaction.on_commit(lambda: _quietly(sweep_one_event, event_id))


def _quietly(job: Any, subject_id: int) -> None:
    try:
        job(subject_id)
    except Exception:
        log.exception("letters: drafting the letter for %s %s failed", job.__name__, subject_id)


def _sweep_quietly(dossier_id: int) -> None:
    # The desk's change is already saved; a failure here must not turn it into an error page — the tick retries.
    try:
        sweep_one_dossier(dossier_id)
    except Exception:
        log.exception("letters: drafting the apology for dossier %s failed", dossier_id)


def _demo(today: Any) -> None:
    from .demo import build

    build(today)


register_demo(50, _demo)


def _home_panel(request: Any) -> dict[str, object] | None:
    from .views import home_panel

    return home_panel(request)


register_home_panel(30, _home_panel)
