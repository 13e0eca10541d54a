"""thanthien api-token create USERNAME [--name N] | revoke ID | list — bearer tokens for integrators.

The secret is printed once by `create` and never stored; `revoke` stops it at once."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.timezone import localtime

from thanthien.org.models import ApiToken
from thanthien.org.tokens import issue_token, revoke_token


class Command(BaseCommand):
    help = "Cấp, thu hồi và liệt kê mã thông báo API (Authorization: Bearer ...)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what", required=True, metavar="create|revoke|list")
        create = sub.add_parser("create", help="cấp mã cho một tài khoản; mã chỉ được in ra một lần")
        create.add_argument("username", help="tên đăng nhập của tài khoản mà ứng dụng tích hợp thay mặt")
        create.add_argument("--name", default="", help="tên mã, ví dụ tên hệ thống tích hợp (mặc định: api)")
        revoke = sub.add_parser("revoke", help="thu hồi một mã theo số của nó (xem bằng list)")
        revoke.add_argument("id", type=int, help="số của mã thông báo")
        sub.add_parser("list", help="liệt kê các mã (không bao giờ in lại mã)")

    def handle(self, *args: Any, **options: Any) -> None:
        what = options["what"]
        if what == "create":
            self._create(options["username"], options["name"] or "api")
        elif what == "revoke":
            self._revoke(options["id"])
        else:
            self._list()

    def _create(self, username: str, name: str) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Không có tài khoản “{username}”.")
        try:
            token, secret = issue_token(None, user, name)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        self.stderr.write(
            f"Đã cấp mã số {token.pk} “{token.name}” cho {username}. Sao chép mã dưới đây ngay: "
            "đây là lần duy nhất mã được in ra."
        )
        self.stdout.write(secret)  # alone on stdout, so a script can capture it

    def _revoke(self, pk: int) -> None:
        token = ApiToken.objects.select_related("user").filter(pk=pk).first()
        if token is None:
            raise CommandError(f"Không có mã thông báo số {pk}.")
        revoke_token(None, token)
        self.stdout.write(f"Đã thu hồi mã số {pk} “{token.name}” của {token.user.get_username()}.")

    def _list(self) -> None:
        rows = ApiToken.objects.select_related("user").order_by("pk")
        if not rows:
            self.stdout.write("Chưa có mã thông báo nào.")
        for t in rows:
            used = f"dùng {localtime(t.last_used_at):%d/%m/%Y %H:%M}" if t.last_used_at else "chưa dùng"
            issued = f"cấp {localtime(t.created_at):%d/%m/%Y %H:%M}"
            self.stdout.write(f"{t.pk}\t{t.user.get_username()}\t{t.name}\t{issued}\t{used}")
