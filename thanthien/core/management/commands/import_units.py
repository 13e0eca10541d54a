from __future__ import annotations

from thanthien.core.importcli import ImportCommand


class Command(ImportCommand):
    """Alias of `thanthien import units`."""

    kind = "units"
    help = "Như thanthien import units: nhập từ CSV/XLSX; có dòng sai thì không ghi gì và in từng dòng lỗi."
