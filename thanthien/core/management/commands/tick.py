from __future__ import annotations

import json
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from thanthien.core.sweeps import run_due
from thanthien.lib.registry import SWEEPS


class Command(BaseCommand):
    help = "Chạy một lần mọi tác vụ quét định kỳ đến hạn (thư còn nợ, hồ sơ sắp quá hạn, ...)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="chạy mọi tác vụ, kể cả chưa đến hạn")
        parser.add_argument("--only", help="chỉ chạy tác vụ có tên này")
        parser.add_argument("--loop", action="store_true", help="lặp lại mãi (dùng bởi thanthien serve)")
        parser.add_argument("--list", action="store_true", help="liệt kê các tác vụ đã đăng ký")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            for sweep in SWEEPS.values():
                self.stdout.write(f"{sweep.name}\t{sweep.label}\tmỗi {int(sweep.every.total_seconds() // 60)} phút")
            return
        while True:
            results = run_due(force=options["force"], only=options["only"])
            self.stdout.write(json.dumps(results, ensure_ascii=False))
            if not options["loop"]:
                return
            time.sleep(settings.TICK_INTERVAL)
