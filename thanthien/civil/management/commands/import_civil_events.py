from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from thanthien.civil.importing import COLUMNS, import_civil_events
from thanthien.org.models import Unit


class Command(BaseCommand):
    help = (
        "Nhập sổ hộ tịch (khai sinh, kết hôn, khai tử) của một xã từ CSV/XLSX (dòng tiêu đề có các cột: "
        + ", ".join(COLUMNS)
        + "). Có dòng sai thì không ghi gì và in từng dòng lỗi; nhập lại cùng một tệp không tạo sự kiện trùng."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="tệp .csv hoặc .xlsx")
        parser.add_argument("--unit", required=True, help="mã đơn vị cấp xã, ví dụ X16012")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}.")
        unit = Unit.objects.filter(code=options["unit"].strip()).first()
        if unit is None:
            raise CommandError(f"Không tìm thấy đơn vị có mã {options['unit']}.")
        try:
            report = import_civil_events(None, unit, path)
        except (ValidationError, PermissionDenied) as exc:
            messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            raise CommandError(" ".join(messages)) from None
        for error in report.errors:
            self.stderr.write(str(error))
        if not report.ok:
            raise CommandError(report.summary())
        self.stdout.write(report.summary())
