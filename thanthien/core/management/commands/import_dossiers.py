from __future__ import annotations

from thanthien.core.importcli import ImportCommand


class Command(ImportCommand):
    """Alias of `thanthien import dossiers`."""

    kind = "dossiers"
    help = "Như thanthien import dossiers: nhập từ CSV/XLSX; có dòng sai thì không ghi gì và in từng dòng lỗi."
