"""`thanthien report --unit CODE --from YYYY-MM-DD --to YYYY-MM-DD --format docx|pdf|xlsx|json --out FILE`: a
commune's periodic report, or for a district or province its roll-up over the communes under it — the same files
the report pages give."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from thanthien.core.management.commands.stats import parse_day
from thanthien.org.models import Unit
from thanthien.reports import outputs
from thanthien.reports.actions import MAX_YEARS


class Command(BaseCommand):
    help = (
        "Báo cáo kết quả thực hiện mô hình của một xã, hoặc báo cáo tổng hợp của huyện, tỉnh, ví dụ: "
        "thanthien report --unit 16006 --from 2024-01-01 --to 2026-11-30 --format docx --out bao-cao.docx"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--unit", required=True, help="mã đơn vị (xã: báo cáo của xã; huyện, tỉnh: tổng hợp)")
        parser.add_argument("--from", dest="start", required=True, help="từ ngày (YYYY-MM-DD), tính cả ngày này")
        parser.add_argument("--to", dest="end", required=True, help="đến ngày (YYYY-MM-DD), tính cả ngày này")
        parser.add_argument("--format", dest="fmt", default="json", help="docx, pdf, xlsx hoặc json (mặc định json)")
        parser.add_argument("--out", help="tệp ghi ra (bỏ trống với json: in ra màn hình)")

    def handle(self, *args: Any, **options: Any) -> None:
        code = (options["unit"] or "").strip()
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            raise CommandError(f"Không có đơn vị mã “{code}”.")
        start, end = parse_day(options["start"], "--from"), parse_day(options["end"], "--to")
        if start > end:
            raise CommandError("--from phải trước hoặc trùng --to.")
        # A period not yet over is allowed here (a year's report printed in its last weeks: figures so far), as
        # `thanthien stats` allows it; its length is bounded like the pages'.
        if (end - start).days > MAX_YEARS * 366:
            raise CommandError(f"Một báo cáo tổng hợp tối đa {MAX_YEARS} năm.")
        fmt = (options["fmt"] or "").strip().lower()
        if fmt not in outputs.FORMATS:
            raise CommandError(f"Định dạng “{fmt}” không có; chọn một trong: {', '.join(outputs.FORMATS)}.")
        if fmt != "json" and not options["out"]:
            raise CommandError(f"Định dạng {fmt} cần --out TỆP.")
        data = self.render(unit, start, end, fmt)
        if options["out"]:
            try:
                Path(options["out"]).write_bytes(data)
            except OSError as exc:
                raise CommandError(
                    f"Không ghi được tệp “{options['out']}”: thư mục không tồn tại hoặc không có quyền ghi."
                ) from exc
            self.stderr.write(f"Đã ghi {options['out']} ({len(data):,} byte).".replace(",", "."))
        else:
            sys.stdout.flush()
            self.stdout.write(data.decode())

    def render(self, unit: Unit, start: Any, end: Any, fmt: str) -> bytes:
        if unit.is_commune_level:
            return outputs.render(unit, start, end, fmt)
        from thanthien.reports import rollup, rollup_outputs

        result = rollup.build_rollup(unit, start, end)
        return rollup_outputs.render_rollup(result, fmt)
