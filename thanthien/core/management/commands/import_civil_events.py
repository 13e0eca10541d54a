from __future__ import annotations

from thanthien.core.importcli import ImportCommand


class Command(ImportCommand):
    """Alias of `thanthien import civil-events`."""

    kind = "civil-events"
    help = "Như thanthien import civil-events: nhập từ CSV/XLSX; có dòng sai thì không ghi gì và in từng dòng lỗi."
