from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from thanthien.letters.actions import sweep


class Command(BaseCommand):
    help = "Thư gửi công dân. Lệnh con: sweep — lập dự thảo cho mọi thư đang cần gửi mà chưa có."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["sweep"], help="sweep: lập dự thảo các thư còn nợ")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] != "sweep":
            raise CommandError("Lệnh con không hợp lệ.")
        created = sweep()
        self.stdout.write(json.dumps({"created": created}, ensure_ascii=False))
