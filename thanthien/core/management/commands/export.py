"""`thanthien export KIND --unit CODE (--json | --format csv|xlsx [--out FILE])`: a register of one unit, through
the export registry (thanthien.lib.exporting), so the shell imports no domain app."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from thanthien.documents.xlsx import csv_text, write_xlsx
from thanthien.lib.exporting import exporters, get_exporter
from thanthien.org.models import Unit


class Command(BaseCommand):
    help = (
        "Xuất một sổ của một đơn vị: thanthien export petitions --unit MÃ --json, hoặc "
        "thanthien export receptions --unit MÃ --format xlsx --out so-tiep.xlsx (CSV/XLSX có tiêu đề tiếng Việt)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        kinds = ", ".join(e.kind for e in exporters()) or "(chưa có)"
        parser.add_argument("kind", nargs="?", help=f"loại sổ: {kinds}; bỏ trống để xem danh sách")
        parser.add_argument("--unit", help="mã đơn vị, ví dụ X16012")
        parser.add_argument("--json", action="store_true", help="in một danh sách JSON")
        parser.add_argument("--format", dest="fmt", choices=["csv", "xlsx"], help="csv hoặc xlsx (mặc định csv)")
        parser.add_argument("--out", help="tệp ghi ra (bắt buộc với xlsx; bỏ trống: CSV in ra màn hình)")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["kind"]:
            for listed in exporters():
                self.stdout.write(f"{listed.kind}\t{listed.label}")
            return
        exporter = get_exporter(options["kind"])
        if exporter is None:
            known = ", ".join(e.kind for e in exporters()) or "(chưa có)"
            raise CommandError(f"Không có loại sổ “{options['kind']}”. Các loại có: {known}.")
        unit = self._unit(options["unit"])
        if options["json"]:
            if options["fmt"]:
                raise CommandError("Chọn một trong hai: --json hoặc --format csv|xlsx.")
            if exporter.records is None:
                raise CommandError(f"Sổ “{exporter.kind}” chưa xuất được dạng JSON; dùng --format csv hoặc xlsx.")
            self.stdout.write(json.dumps(exporter.records(None, unit), ensure_ascii=False))
            return
        fmt = options["fmt"] or "csv"
        out = options["out"]
        if fmt == "xlsx" and not out:
            raise CommandError("Xuất XLSX cần --out TỆP (ví dụ --out so.xlsx).")
        rows = exporter.rows(None, unit, fmt)
        if fmt == "xlsx":
            Path(out).write_bytes(write_xlsx([(exporter.label, list(exporter.header), rows)]))
        elif out:
            with Path(out).open("w", encoding="utf-8-sig", newline="") as handle:
                self._write_csv(handle, exporter.header, rows)
        else:
            self._write_csv(self.stdout, exporter.header, rows)
        if out:
            self.stderr.write(f"Đã ghi {exporter.label.lower()} của {unit.name} vào {out}.")

    @staticmethod
    def _write_csv(handle: Any, header: tuple[str, ...], rows: Any) -> None:
        writer = csv.writer(handle)
        writer.writerow([csv_text(h) for h in header])
        writer.writerows([csv_text(v) for v in row] for row in rows)

    @staticmethod
    def _unit(code: str | None) -> Unit:
        if not code:
            raise CommandError("Thiếu --unit (mã đơn vị, ví dụ X16012).")
        unit = Unit.objects.filter(code=code.strip()).first()
        if unit is None:
            raise CommandError(f"Không tìm thấy đơn vị có mã “{code}”.")
        return unit
