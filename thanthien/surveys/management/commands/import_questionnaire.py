"""`thanthien import-questionnaire FILE.xlsx --unit CODE`: an XLSForm workbook becomes the unit's questionnaire
(a new one; the next version when its form_id exists and the content changed; nothing when it is unchanged).

The import framework reads one sheet of rows; this command reads the three sheets of an XLSForm until the framework
can hand a workbook to an importer (see thanthien.surveys.importing)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from thanthien.org.models import Unit
from thanthien.surveys.importing import import_questionnaire


class Command(BaseCommand):
    help = "Nhập phiếu khảo sát dạng XLSForm (.xlsx: trang survey, choices, settings) cho một đơn vị."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="tệp .xlsx theo chuẩn XLSForm (ODK, KoboToolbox)")
        parser.add_argument("--unit", required=True, help="mã đơn vị sở hữu phiếu")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}.")
        unit = Unit.objects.filter(code=options["unit"].strip()).first()
        if unit is None:
            raise CommandError(f"Không tìm thấy đơn vị có mã {options['unit']}.")
        result = import_questionnaire(None, unit, path.read_bytes())
        for error in result.errors:
            self.stderr.write(error)
        if result.imported is None:
            raise CommandError(f"Không nhập được: {len(result.errors)} lỗi, chưa có thay đổi nào được ghi.")
        done = result.imported
        if done.created:
            self.stdout.write(
                f"Đã lưu phiếu {done.questionnaire.form_id} phiên bản {done.version.version} "
                f"({done.version.questions.count()} câu hỏi)."
            )
        else:
            self.stdout.write(f"Phiếu {done.questionnaire.form_id} không thay đổi (phiên bản {done.version.version}).")
