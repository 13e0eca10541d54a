from __future__ import annotations

import os
import signal
import subprocess
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Chạy máy chủ web (waitress) và vòng quét định kỳ trong cùng một tiến trình giám sát."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--threads", type=int, default=int(os.environ.get("WEB_THREADS", "8")))
        parser.add_argument("--no-sweeps", action="store_true", help="không chạy vòng quét (khi đã có cron)")
        parser.add_argument(
            "--no-worker", action="store_true", help="không chạy bộ xử lý tác vụ nền (khi đã chạy db_worker riêng)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from waitress import serve

        from thanthien.wsgi import application

        children: list[subprocess.Popen[bytes]] = []
        if not options["no_sweeps"]:
            # The sweep loop runs as a child so a slow sweep never blocks a web thread, and
            # it dies with the server.
            children.append(subprocess.Popen([sys.executable, "-m", "thanthien", "tick", "--loop"]))
        if not options["no_worker"]:
            # The background tasks' worker (django-tasks, database backend: a province's roll-up), likewise a child.
            children.append(
                subprocess.Popen([sys.executable, "-m", "thanthien", "db_worker", "--interval", "2", "--no-reload"])
            )

        def stop(*_: Any) -> None:
            for child in children:
                child.terminate()
            raise SystemExit(0)

        signal.signal(signal.SIGTERM, stop)
        self.stdout.write(f"Thân Thiện đang chạy tại http://{options['host']}:{options['port']}/  (Ctrl+C để dừng)")
        try:
            serve(
                application,
                host=options["host"],
                port=options["port"],
                threads=options["threads"],
                ident="thanthien",
            )
        finally:
            for child in children:
                child.terminate()
