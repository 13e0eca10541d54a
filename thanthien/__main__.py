"""The `thanthien` command: every Django management command, with dashes allowed (import-units)."""

from __future__ import annotations

import os
import sys

OUR_COMMANDS = {
    "demo": "nạp dữ liệu mẫu (--reset để xóa và nạp lại)",
    "serve": "chạy máy chủ web (waitress) cùng vòng quét định kỳ",
    "tick": "chạy một lần mọi tác vụ quét định kỳ đến hạn",
    "import": "nhập dữ liệu từ CSV/XLSX: thanthien import LOẠI TỆP [--unit MÃ] [--dry-run] (--help: các loại)",
    "import-units": "nhập đơn vị hành chính từ CSV/XLSX",
    "import-procedures": "cập nhật danh mục thủ tục hành chính từ CSV/XLSX",
    "import-dossiers": "nhập hồ sơ một cửa từ CSV/XLSX (--unit MÃ_ĐƠN_VỊ)",
    "letters": "thư gửi công dân: thanthien letters sweep (lập dự thảo các thư còn nợ)",
    "import-civil-events": "nhập sự kiện hộ tịch (khai sinh, kết hôn, khai tử) từ CSV/XLSX (--unit MÃ)",
    "stats": "thống kê theo kỳ: thanthien stats dossiers --unit MÃ --from YYYY-MM-DD --to YYYY-MM-DD --json",
    "export": "xuất một sổ: thanthien export petitions --unit MÃ --json | KIND --unit MÃ --format csv|xlsx --out TỆP",
    "createadmin": "tạo tài khoản quản trị hệ thống",
    "api-token": "mã thông báo API: thanthien api-token create TÊN_ĐĂNG_NHẬP [--name TÊN] | revoke SỐ | list",
}

HELP = """Cách dùng: thanthien LỆNH [tùy chọn]

Lệnh của Thân Thiện:
{ours}

Mọi lệnh quản trị của Django cũng dùng được (migrate, createsuperuser, shell, ...):
{django}

Xem trợ giúp của một lệnh: thanthien LỆNH --help
"""


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thanthien.settings")
    args = list(sys.argv if argv is None else ["thanthien", *argv])
    args[0] = "thanthien"
    if len(args) > 1 and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
    if len(args) == 1 or (args[1] in {"-h", "--help", "help"} and len(args) == 2):
        _print_help()
        return
    from django.core.management import execute_from_command_line

    execute_from_command_line(args)


def _print_help() -> None:
    import django
    from django.core.management import get_commands

    django.setup()
    commands = get_commands()
    ours = {name for name in commands if commands[name].startswith("thanthien")}
    extra = sorted(name.replace("_", "-") for name in ours if name.replace("_", "-") not in OUR_COMMANDS)
    lines = [f"  {name:<22} {text}" for name, text in OUR_COMMANDS.items()]
    lines += [f"  {name}" for name in extra]
    others = sorted(name for name in commands if name not in ours)
    print(HELP.format(ours="\n".join(lines), django="  " + ", ".join(others)))


if __name__ == "__main__":
    main()
