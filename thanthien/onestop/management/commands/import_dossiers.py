from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from thanthien.onestop.importing import COLUMNS, import_dossiers
from thanthien.org.models import Unit


class Command(BaseCommand):
    help = (
        "Nhập hồ sơ một cửa của một xã từ CSV/XLSX (dòng tiêu đề có các cột: "
        + ", ".join(COLUMNS)
        + "). Có dòng sai thì không ghi gì và in từng dòng lỗi; nhập lại cùng một tệp không tạo hồ sơ trùng."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="tệp .csv hoặc .xlsx")
        parser.add_argument("--unit", required=True, help="mã đơn vị cấp xã nhận các hồ sơ, ví dụ X16012")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}.")
        unit = Unit.objects.filter(code=options["unit"].strip()).first()
        if unit is None:
            raise CommandError(f"Không tìm thấy đơn vị có mã {options['unit']}.")
        show = options["verbosity"] >= 1 and sys.stderr.isatty()
        try:
            report = import_dossiers(None, unit, path, progress=self._progress if show else None)
        except (ValidationError, PermissionDenied) as exc:
            messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            raise CommandError(" ".join(messages)) from None
        if show:
            self.stderr.write("")
        for error in report.errors:
            self.stderr.write(str(error))
        if not report.ok:
            raise CommandError(report.summary())
        self.stdout.write(report.summary())

    def _progress(self, done: int, total: int) -> None:
        self.stderr.write(f"\rĐang xử lý: {done * 100 // max(total, 1)} %", ending="")
        self.stderr.flush()
