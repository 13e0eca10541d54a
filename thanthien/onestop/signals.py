"""How the one-stop desk plugs into the foundation: menu, home panel, demo data, calendar changes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from thanthien.lib.registry import register_demo, register_home_panel, register_nav, register_sweep
from thanthien.org.models import Role
from thanthien.workdays.impact import DueHolder, register_due_holder

from .actions import DESK_ROLES, recompute_due_dates

register_nav("Hồ sơ một cửa", "onestop:queue", DESK_ROLES | {Role.LEADER, Role.SUPERVISOR}, order=10)
register_nav("Tiếp nhận", "onestop:intake", DESK_ROLES, order=11)
register_nav("Nhập từ tệp", "onestop:import", DESK_ROLES, order=13)
register_nav("Thiết lập", "onestop:settings", {Role.COMMUNE_ADMIN}, order=14)
register_nav(
    "Thống kê hồ sơ",
    "onestop:stats",
    DESK_ROLES | {Role.LEADER, Role.SUPERVISOR, Role.FRONT},
    order=84,
    group="Báo cáo",  # with the reports and dashboards that read the same figures
)


def _reprint_receipts(user: Any, dossier_ids: list[int]) -> bytes | None:
    """One PDF with the receipts of the dossiers whose due date moved, only those the user may print by the
    receipt's own rule (`receipt.may_print`): a receipt carries the applicant's personal data and lookup PIN."""
    from io import BytesIO

    from pypdf import PdfWriter

    from .models import Dossier
    from .receipt import may_print, receipt_pdf

    dossiers = Dossier.objects.filter(pk__in=dossier_ids).select_related("unit", "unit__parent", "procedure")
    printable = [d for d in dossiers.order_by("unit_id", "due_at", "pk") if may_print(user, d)]
    if not printable:
        return None
    writer = PdfWriter()
    for dossier in printable:
        writer.append(BytesIO(receipt_pdf(dossier)))
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _may_reprint(user: Any, unit_id: int) -> bool:
    """The receipt's rule (`receipt.may_print`) for a unit: its desk staff and system administrators."""
    from thanthien.org.models import Unit

    from .receipt import may_print_for_unit

    unit = Unit.objects.filter(pk=unit_id).first()
    return unit is not None and may_print_for_unit(user, unit)


register_due_holder(
    DueHolder(
        "onestop.dossier",
        "Hồ sơ một cửa",
        recompute_due_dates,
        _reprint_receipts,
        may_reprint=_may_reprint,
    )
)


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
