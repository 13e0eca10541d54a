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
register_nav("Nhập hồ sơ từ tệp", "onestop:import", DESK_ROLES, order=13)
register_nav("Thiết lập một cửa", "onestop:settings", {Role.COMMUNE_ADMIN}, order=14)
register_nav("Thống kê hồ sơ", "onestop:stats", DESK_ROLES | {Role.LEADER, Role.SUPERVISOR, Role.FRONT}, order=12)


def _reprint_receipts(user: Any, dossier_ids: list[int]) -> bytes | None:
    """One PDF with the receipts of the dossiers whose due date moved, for the staff of their own commune only:
    a receipt carries the applicant's personal data (DOMAIN.md §10)."""
    from io import BytesIO

    from pypdf import PdfWriter

    from thanthien.org.scoping import personal_unit_ids

    from .models import Dossier
    from .receipt import receipt_pdf

    dossiers = Dossier.objects.filter(pk__in=dossier_ids).select_related("unit", "unit__parent", "procedure")
    own = personal_unit_ids(user)
    printable = [d for d in dossiers.order_by("unit_id", "due_at", "pk") if own is None or d.unit_id in own]
    if not printable:
        return None
    writer = PdfWriter()
    for dossier in printable:
        writer.append(BytesIO(receipt_pdf(dossier)))
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


register_due_holder(DueHolder("onestop.dossier", "Hồ sơ một cửa", recompute_due_dates, _reprint_receipts))


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
