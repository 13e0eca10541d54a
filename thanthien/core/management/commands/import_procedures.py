from __future__ import annotations

from thanthien.core.importcli import ImportCommand


class Command(ImportCommand):
    """Alias of `thanthien import procedures`."""

    kind = "procedures"
    help = "Như thanthien import procedures: nhập từ CSV/XLSX; có dòng sai thì không ghi gì và in từng dòng lỗi."
