"""Demo units and accounts: the historical structure of the seeds and the 2025 successors.

Codes follow the pattern of the national statistics codes but are demo values; the 2025 merges
are illustrative, not a statement of the real Nghị quyết.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model

from .actions import create_user, grant_role, save_unit
from .models import Role, Unit, UnitKind

DEMO_PASSWORD = "ThanThien@2026"  # noqa: S105 — printed by `make demo` on purpose
BEFORE_MERGE = dt.date(2025, 6, 30)
AFTER_MERGE = dt.date(2025, 7, 1)

# (code, name, kind, parent code, valid_from, valid_to, successor code)
UNITS: list[tuple[str, str, str, str | None, dt.date | None, dt.date | None, str | None]] = [
    ("38", "Tỉnh Thanh Hóa", UnitKind.PROVINCE, None, None, None, None),
    ("399", "Huyện Hoằng Hóa", UnitKind.DISTRICT, "38", None, BEFORE_MERGE, None),
    ("395", "Huyện Thọ Xuân", UnitKind.DISTRICT, "38", None, BEFORE_MERGE, None),
    ("387", "Huyện Quan Sơn", UnitKind.DISTRICT, "38", None, BEFORE_MERGE, None),
    # 2025 successors sit directly under the province: there is no district level any more.
    ("16006", "Xã Hoằng Giang", UnitKind.COMMUNE, "38", AFTER_MERGE, None, None),
    ("15502", "Xã Sao Vàng", UnitKind.COMMUNE, "38", AFTER_MERGE, None, None),
    ("14950", "Xã Trung Hạ", UnitKind.COMMUNE, "38", AFTER_MERGE, None, None),
    ("16012", "Xã Hoằng Hợp", UnitKind.COMMUNE, "399", None, BEFORE_MERGE, "16006"),
    ("16015", "Xã Hoằng Quý", UnitKind.COMMUNE, "399", None, BEFORE_MERGE, "16006"),
    ("16018", "Xã Hoằng Phú", UnitKind.COMMUNE, "399", None, BEFORE_MERGE, "16006"),
    ("16021", "Xã Hoằng Giang", UnitKind.COMMUNE, "399", None, BEFORE_MERGE, "16006"),
    ("16030", "Xã Hoằng Thái", UnitKind.COMMUNE, "399", None, BEFORE_MERGE, "16006"),
    ("15496", "Thị trấn Sao Vàng", UnitKind.TOWNSHIP, "395", None, BEFORE_MERGE, "15502"),
    ("15499", "Xã Xuân Phú", UnitKind.COMMUNE, "395", None, BEFORE_MERGE, "15502"),
    ("14947", "Xã Trung Thượng", UnitKind.COMMUNE, "387", None, BEFORE_MERGE, "14950"),
    ("14953", "Xã Trung Hạ", UnitKind.COMMUNE, "387", None, BEFORE_MERGE, "14950"),
    ("14956", "Xã Sơn Hà", UnitKind.COMMUNE, "387", None, BEFORE_MERGE, "14950"),
    ("20", "Tỉnh Lạng Sơn", UnitKind.PROVINCE, None, None, None, None),
    ("178", "Thành phố Lạng Sơn", UnitKind.PROVINCIAL_CITY, "20", None, BEFORE_MERGE, None),
    ("05977", "Phường Lương Văn Tri", UnitKind.WARD, "20", AFTER_MERGE, None, None),
    ("05980", "Phường Đông Kinh", UnitKind.WARD, "20", AFTER_MERGE, None, None),
    ("05956", "Phường Vĩnh Trại", UnitKind.WARD, "178", None, BEFORE_MERGE, "05977"),
    ("05983", "Xã Hoàng Đồng", UnitKind.COMMUNE, "178", None, BEFORE_MERGE, "05980"),
]

# (username, full name, role, unit code, title, phone)
ACCOUNTS: list[tuple[str, str, str, str | None, str, str]] = [
    ("motcua", "Lê Thị Hoa", Role.ONESTOP_OFFICER, "16006", "Công chức Văn phòng – Thống kê", "0912 345 671"),
    (
        "hotich",
        "Nguyễn Văn Bình",
        Role.CIVIL_REGISTRAR,
        "16006",
        "Công chức Tư pháp – Hộ tịch",
        "0912 345 672",
    ),
    ("lanhdao", "Trần Văn Dũng", Role.LEADER, "16006", "Chủ tịch UBND xã", "0912 345 673"),
    ("mttq", "Phạm Thị Lan", Role.FRONT, "16006", "Chủ tịch Ủy ban MTTQ xã", "0912 345 674"),
    ("tiepdan", "Vũ Thị Thu", Role.RECEPTION_OFFICER, "16006", "Công chức tiếp công dân", "0912 345 676"),
    ("quantri", "Đỗ Minh Đức", Role.COMMUNE_ADMIN, "16006", "Công chức Văn phòng – Thống kê", "0912 345 675"),
    ("giamsat", "Hoàng Thị Yến", Role.SUPERVISOR, "38", "Chuyên viên Ban Dân vận Tỉnh ủy", "0237 385 2222"),
    ("motcua.ls", "Vi Văn Thắng", Role.ONESTOP_OFFICER, "05977", "Công chức Một cửa", "0205 387 1111"),
    ("admin", "Quản trị hệ thống", Role.SYSTEM_ADMIN, None, "Quản trị hệ thống", ""),
]


def build_units_and_people(today: dt.date) -> None:
    by_code: dict[str, Unit] = {}
    for code, name, kind, parent, valid_from, valid_to, _ in UNITS:
        unit = Unit(
            code=code,
            name=name,
            kind=kind,
            parent=by_code.get(parent or ""),
            valid_from=valid_from,
            valid_to=valid_to,
        )
        by_code[code] = save_unit(None, unit)
    for code, *_, successor in UNITS:
        if successor:
            Unit.objects.filter(code=code).update(successor=by_code[successor])
    User = get_user_model()
    for username, full_name, role, unit_code, title, phone in ACCOUNTS:
        user = create_user(username, DEMO_PASSWORD, full_name, email=f"{username.replace('.', '_')}@example.vn")
        if role == Role.SYSTEM_ADMIN:
            User.objects.filter(pk=user.pk).update(is_staff=True, is_superuser=True)
        grant_role(None, user, by_code[unit_code] if unit_code else None, role, title=title, phone=phone)


def demo_accounts() -> list[tuple[str, str, str]]:
    out = []
    for username, _, role, unit_code, _, _ in ACCOUNTS:
        unit = Unit.objects.filter(code=unit_code).first() if unit_code else None
        out.append((username, str(Role(role).label), unit.name if unit else "toàn hệ thống"))
    return out
