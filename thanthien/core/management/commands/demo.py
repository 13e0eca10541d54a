from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

from thanthien.lib.registry import DEMO_BUILDERS
from thanthien.org.demo import DEMO_PASSWORD, demo_accounts
from thanthien.org.models import Unit


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (tỉnh Thanh Hóa, Lạng Sơn và các xã trong báo cáo) và tài khoản mẫu cho mỗi vai trò."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--reset", action="store_true", help="xóa toàn bộ dữ liệu rồi nạp lại")
        parser.add_argument("--if-empty", action="store_true", help="chỉ nạp khi cơ sở dữ liệu chưa có đơn vị nào")
        parser.add_argument("--accounts", action="store_true", help="chỉ in danh sách tài khoản mẫu")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["accounts"]:
            self._print_accounts()
            return
        if options["reset"]:
            from django.core.management import call_command

            call_command("flush", interactive=False, verbosity=0)
        elif Unit.objects.exists():
            if options["if_empty"]:
                self.stdout.write("Cơ sở dữ liệu đã có dữ liệu; bỏ qua bước nạp dữ liệu mẫu.")
                self._print_accounts()
                return
            self.stderr.write("Cơ sở dữ liệu đã có dữ liệu. Dùng --reset để xóa và nạp lại dữ liệu mẫu.")
            raise SystemExit(1)
        today = timezone.localdate()
        for _, name, build in DEMO_BUILDERS:
            self.stdout.write(f"Đang nạp: {name}")
            with transaction.atomic():
                build(today)
        self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu mẫu."))
        self._print_accounts()

    def _print_accounts(self) -> None:
        self.stdout.write(f"\nTài khoản mẫu (mật khẩu chung: {DEMO_PASSWORD})")
        for username, role, unit in demo_accounts():
            self.stdout.write(f"  {username:<16} {role:<34} {unit}")
