from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from thanthien.onestop.catalogue import COLUMNS, OPTIONAL, import_procedures


class Command(BaseCommand):
    help = (
        "Cập nhật danh mục thủ tục hành chính từ CSV/XLSX (cột bắt buộc: "
        + ", ".join(COLUMNS)
        + "; tùy chọn: "
        + ", ".join(OPTIONAL)
        + "; thành phần hồ sơ cách nhau bởi |)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}.")
        report = import_procedures(None, path)
        for error in report.errors:
            self.stderr.write(str(error))
        if not report.ok:
            raise CommandError(report.summary())
        self.stdout.write(report.summary())
