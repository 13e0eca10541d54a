from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from thanthien.org.actions import UNIT_COLUMNS, import_units


class Command(BaseCommand):
    help = "Nhập danh mục đơn vị hành chính từ tệp CSV hoặc XLSX (cột: " + ", ".join(UNIT_COLUMNS) + ")."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="đường dẫn tệp .csv hoặc .xlsx")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}.")
        report = import_units(None, path)
        for error in report.errors:
            self.stderr.write(str(error))
        if not report.ok:
            raise CommandError(report.summary())
        self.stdout.write(report.summary())
