from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from thanthien.lib import vn
from thanthien.lib.stats import StatsSubject, load_all
from thanthien.org.models import Unit


def load_subjects() -> dict[str, StatsSubject]:
    """Every registered subject (the one registry, thanthien.lib.stats)."""
    return load_all()


def parse_day(text: str | None, option: str) -> dt.date:
    if not text:
        raise CommandError(f"Thiếu {option} (ngày dạng YYYY-MM-DD, ví dụ 2026-03-31).")
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(text.strip(), pattern).date()  # noqa: DTZ007 — a calendar day, not a moment
        except ValueError:
            continue
    raise CommandError(f"Ngày {option} “{text}” không hợp lệ; dùng dạng YYYY-MM-DD, ví dụ 2026-03-31.")


def flat_lines(result: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    lines: list[tuple[str, Any]] = []
    for key, value in result.items():
        dotted = f"{prefix}{key}"
        if isinstance(value, dict):
            lines += flat_lines(value, f"{dotted}.")
        else:
            lines.append((dotted, value))
    return lines


def fmt_value(key: str, value: Any) -> str:
    if key.endswith("rate"):
        return vn.fmt_percent(value)
    if isinstance(value, int | float):
        return vn.fmt_number(value)
    return "" if value is None else str(value)


class Command(BaseCommand):
    help = (
        "Số liệu thống kê theo kỳ của một đơn vị, ví dụ: "
        "thanthien stats dossiers --unit H15.50.05.13 --from 2026-01-01 --to 2026-03-31 --json"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("subject", nargs="?", help="loại số liệu (dossiers, ...); bỏ trống để xem danh sách")
        parser.add_argument("--unit", help="mã đơn vị")
        parser.add_argument("--from", dest="start", help="từ ngày (YYYY-MM-DD), tính cả ngày này")
        parser.add_argument("--to", dest="end", help="đến ngày (YYYY-MM-DD), tính cả ngày này")
        parser.add_argument("--json", action="store_true", help="in một đối tượng JSON")
        declared: dict[str, str] = {}
        for subject in load_subjects().values():
            declared.update({name: text for name, text in subject.options if name not in declared})
        for name, text in declared.items():
            parser.add_argument(f"--{name.replace('_', '-')}", dest=name, help=f"{text} (chỉ một số loại số liệu)")

    def handle(self, *args: Any, **options: Any) -> None:
        subjects = load_subjects()
        name = options["subject"]
        if not name:
            for listed in subjects.values():
                self.stdout.write(f"{listed.subject}\t{listed.label}")
            return
        subject = subjects.get(name)
        if subject is None:
            known = ", ".join(sorted(subjects)) or "(chưa có)"
            raise CommandError(f"Không có loại số liệu “{name}”. Các loại có: {known}.")
        start = parse_day(options["start"], "--from")
        end = parse_day(options["end"], "--to")
        if start > end:
            raise CommandError(f"Ngày bắt đầu {vn.fmt_date(start)} sau ngày kết thúc {vn.fmt_date(end)}.")
        if not options["unit"]:
            raise CommandError("Thiếu --unit (mã đơn vị).")
        unit = Unit.objects.filter(code=options["unit"].strip()).first()
        if unit is None:
            raise CommandError(f"Không tìm thấy đơn vị có mã “{options['unit']}”.")
        own = {option for option, _ in subject.options}
        given = {
            option: options.get(option) for s in subjects.values() for option, _ in s.options if options.get(option)
        }
        foreign = sorted(set(given) - own)
        if foreign:
            flags = ", ".join(f"--{option.replace('_', '-')}" for option in foreign)
            raise CommandError(f"Loại số liệu {name} không dùng {flags}.")
        result = subject.compute(unit, start, end, **given)
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        self._print_table(subject, unit, start, end, result)

    def _print_table(
        self, subject: StatsSubject, unit: Unit, start: dt.date, end: dt.date, result: dict[str, Any]
    ) -> None:
        labels = dict(subject.labels)
        self.stdout.write(f"{subject.label} – {unit.name} ({unit.code})")
        self.stdout.write(f"Từ ngày {vn.fmt_date(start)} đến ngày {vn.fmt_date(end)}")
        rows = [(key, value) for key, value in flat_lines(result) if key not in {"unit", "from", "to"}]
        # Registered labels give the order and the wording; keys without one keep their own name, at the end.
        order = {key: i for i, key in enumerate(labels)}
        rows.sort(key=lambda item: order.get(item[0], len(order)))
        texts = []
        for key, value in rows:
            label = labels.get(key, key)
            # A part of a total is labelled in lower case ("trực tiếp", "qua đối thoại"): it is indented under it.
            if label[:1].islower():
                label = f"  – {label}"
            texts.append((label, fmt_value(key, value)))
        width = max((len(label) for label, _ in texts), default=0)
        value_width = max((len(value) for _, value in texts), default=0)
        self.stdout.write("-" * (width + value_width + 2))
        for label, value in texts:
            self.stdout.write(f"{label:<{width}}  {value:>{value_width}}")
