"""`thanthien import-survey-answers FILE --unit CODE --questionnaire FORM_ID [--campaign NAME] [--dry-run]`.

The options `thanthien import survey-answers` cannot pass yet (the core import command has --unit and --dry-run
only); the same importer and the same runner do the work."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from thanthien.lib.importing import run
from thanthien.org.models import Unit
from thanthien.surveys.importing import SurveyAnswersImporter


class Command(BaseCommand):
    help = (
        "Nhập phiếu trả lời khảo sát từ CSV/XLSX: cột submitted_on, channel, field, rồi mỗi câu hỏi một cột. "
        "Có dòng sai thì không ghi gì; nhập lại cùng tệp không tạo phiếu trùng."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="tệp .csv hoặc .xlsx")
        parser.add_argument("--unit", required=True, help="mã xã, phường")
        parser.add_argument("--questionnaire", help="mã phiếu khảo sát (form_id)")
        parser.add_argument("--campaign", help="tên đợt khảo sát (bỏ trống: đợt có thời gian chứa ngày trả lời)")
        parser.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra tệp, không ghi gì")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}.")
        unit = Unit.objects.filter(code=options["unit"].strip()).first()
        if unit is None:
            raise CommandError(f"Không tìm thấy đơn vị có mã {options['unit']}.")
        importer = SurveyAnswersImporter().configure(options)
        try:
            report = run(importer, None, unit, path, dry_run=options["dry_run"])
        except (ValidationError, PermissionDenied) as exc:
            messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            raise CommandError(" ".join(messages)) from None
        for error in report.errors:
            self.stderr.write(str(error))
        if not report.ok:
            raise CommandError(report.summary())
        self.stdout.write(report.summary())
