"""`thanthien import KIND FILE [--unit CODE] [--dry-run]` and its aliases (`import-dossiers`, ...)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from thanthien.lib.importing import Importer, ImportReport, get_importer, importers, run
from thanthien.org.models import Unit


def describe(importer: Importer[Any, Any, Any]) -> str:
    required = ", ".join(importer.required)
    optional = ", ".join(c.name for c in importer.columns if c.name not in importer.required)
    unit = " --unit MÃ_XÃ" if importer.needs_unit else ""
    text = f"{importer.kind}{unit}: {importer.label}. Cột phải có: {required}"
    return text + (f"; tùy chọn: {optional}." if optional else ".")


def _all_options() -> list[tuple[str, str]]:
    return [option for importer in importers() for option in importer.options]


class ImportCommand(BaseCommand):
    """One file of one kind; `kind` empty: the kind is the first argument."""

    kind = ""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        if not self.kind:
            kwargs.setdefault(
                "epilog", "Các loại dữ liệu nhập được:\n" + "\n".join(f"  {describe(i)}" for i in importers())
            )
            from argparse import RawDescriptionHelpFormatter

            kwargs.setdefault("formatter_class", RawDescriptionHelpFormatter)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        if not self.kind:
            parser.add_argument(
                "import_kind",
                metavar="KIND",
                choices=[i.kind for i in importers()],
                type=lambda value: value.replace("_", "-"),
                help="loại dữ liệu: " + ", ".join(i.kind for i in importers()),
            )
        parser.add_argument("file", help="tệp .csv hoặc .xlsx")
        needs_unit = self.kind and get_importer(self.kind).needs_unit
        parser.add_argument("--unit", required=bool(needs_unit), help="mã đơn vị cấp xã nhận dữ liệu, ví dụ X16012")
        parser.add_argument("--dry-run", action="store_true", help="chỉ kiểm tra tệp, không ghi gì")
        # The options the kinds declare (each kind reads its own; others are refused by that kind's configure).
        kinds = [get_importer(self.kind)] if self.kind else importers()
        declared: dict[str, str] = {}
        for importer in kinds:
            declared.update({name: text for name, text in importer.options if name not in declared})
        for name, text in declared.items():
            parser.add_argument(f"--{name.replace('_', '-')}", dest=name, help=text)

    def handle(self, *args: Any, **options: Any) -> None:
        importer = get_importer(self.kind or options["import_kind"])
        own = {name for name, _ in importer.options}
        foreign = sorted(name for name, _ in _all_options() if options.get(name) and name not in own)
        if foreign:
            flags = ", ".join(f"--{name.replace('_', '-')}" for name in foreign)
            raise CommandError(f"Loại {importer.kind} không dùng {flags}.")
        try:
            importer = importer.configure({name: options.get(name) for name in own})
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}.")
        unit = self._unit(importer, options.get("unit"))
        show = options["verbosity"] >= 1 and sys.stderr.isatty()
        try:
            report = run(
                importer, None, unit, path, progress=self._progress if show else None, dry_run=options["dry_run"]
            )
        except (ValidationError, PermissionDenied) as exc:
            messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            raise CommandError(" ".join(messages)) from None
        if show:
            self.stderr.write("")
        self._report(report)

    def _unit(self, importer: Importer[Any, Any, Any], code: str | None) -> Unit | None:
        if not importer.needs_unit:
            return None
        if not code:
            raise CommandError(f"Loại {importer.kind} cần --unit MÃ_ĐƠN_VỊ (đơn vị cấp xã nhận dữ liệu).")
        unit = Unit.objects.filter(code=code.strip()).first()
        if unit is None:
            raise CommandError(f"Không tìm thấy đơn vị có mã {code}.")
        return unit

    def _report(self, report: ImportReport) -> None:
        for error in report.errors:
            self.stderr.write(str(error))
        if not report.ok:
            raise CommandError(report.summary())
        self.stdout.write(report.summary())

    def _progress(self, done: int, total: int) -> None:
        self.stderr.write(f"\rĐang xử lý: {done * 100 // max(total, 1)} %", ending="")
        self.stderr.flush()
