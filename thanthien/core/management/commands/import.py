from __future__ import annotations

from thanthien.core.importcli import ImportCommand


class Command(ImportCommand):
    help = (
        "Nhập dữ liệu từ tệp CSV/XLSX: thanthien import LOẠI TỆP [--unit MÃ] [--dry-run]. Kiểm tra toàn bộ tệp "
        "trước: có dòng sai thì không ghi gì và in từng dòng lỗi; nhập lại cùng một tệp không tạo bản ghi trùng."
    )
