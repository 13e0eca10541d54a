"""Every change of state in `org`: unit import, memberships, accounts (login throttling: throttle.py).

`actor=None` means the command line, run by an operator who already holds the server.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied
from django.db import transaction

from thanthien.audit.log import diff, record, register_actions, snapshot
from thanthien.lib.importing import Column, Importer, ImportReport, LineError, Writer, run
from thanthien.lib.tabular import text
from thanthien.lib.vn import Lookup, read_day

from .models import Membership, Role, Unit, UnitKind
from .queries import path_for
from .scoping import acting_units, is_system_admin

register_actions(
    {
        "org.unit_created": "Thêm đơn vị hành chính",
        "org.unit_updated": "Sửa đơn vị hành chính",
        "org.units_imported": "Nhập danh mục đơn vị",
        "org.membership_granted": "Phân công vai trò",
        "org.membership_revoked": "Thu hồi vai trò",
        "org.account_locked": "Chặn đăng nhập do nhập sai mật khẩu nhiều lần",
        "org.password_changed": "Đổi mật khẩu",
        "org.user_created": "Tạo tài khoản",
        "org.login": "Đăng nhập",
    }
)

UNIT_FIELDS = ["name", "kind", "parent", "valid_from", "valid_to", "successor"]


# Accept the English key or the Vietnamese label, in any case and with or without diacritics ("Thị trấn").
KINDS = Lookup(
    {
        **{kind.value: [kind.value, str(kind.label)] for kind in UnitKind},
        UnitKind.CENTRAL_CITY: [
            UnitKind.CENTRAL_CITY.value,
            str(UnitKind.CENTRAL_CITY.label),
            "Thành phố trực thuộc TW",
        ],
        UnitKind.PROVINCIAL_CITY: [
            UnitKind.PROVINCIAL_CITY.value,
            str(UnitKind.PROVINCIAL_CITY.label),
            "Thành phố thuộc tỉnh",
            "Thành phố",
        ],
    }
)


def parse_iso_date(value: Any) -> dt.date | None:
    """YYYY-MM-DD (or an Excel date cell); empty → None; anything else raises ValueError."""
    return read_day(value, iso_only=True)


@dataclass
class UnitRow:
    line: int
    code: str
    name: str
    kind: str
    parent_code: str
    valid_from: dt.date | None
    valid_to: dt.date | None
    successor_code: str


def _validate_unit_row(line: int, row: dict[str, Any], errors: list[LineError]) -> UnitRow | None:
    problems: list[str] = []
    code = text(row, "code")
    name = text(row, "name")
    kind = KINDS.get(text(row, "kind"))
    if not code:
        problems.append("thiếu mã đơn vị (code)")
    elif len(code) > 40:
        problems.append("mã đơn vị dài quá 40 ký tự")
    if not name:
        problems.append("thiếu tên đơn vị (name)")
    if kind is None:
        problems.append(f"loại đơn vị “{text(row, 'kind')}” không hợp lệ")
    dates: dict[str, dt.date | None] = {}
    for key, label in (("valid_from", "ngày hiệu lực từ"), ("valid_to", "ngày hiệu lực đến")):
        try:
            dates[key] = parse_iso_date(row.get(key))
        except ValueError:
            problems.append(f"{label} “{text(row, key)}” không đúng dạng YYYY-MM-DD")
            dates[key] = None
    if dates["valid_from"] and dates["valid_to"] and dates["valid_to"] < dates["valid_from"]:
        problems.append("ngày hiệu lực đến trước ngày hiệu lực từ")
    parent_code, successor_code = text(row, "parent_code"), text(row, "successor_code")
    if code and parent_code == code:
        problems.append("đơn vị không thể là cấp trên của chính nó")
    if code and successor_code == code:
        problems.append("đơn vị không thể kế thừa chính nó")
    if problems:
        errors.append(LineError(line, "; ".join(problems) + "."))
        return None
    return UnitRow(line, code, name, str(kind), parent_code, dates["valid_from"], dates["valid_to"], successor_code)


def _check_references(rows: list[UnitRow], errors: list[LineError]) -> None:
    in_file = {r.code for r in rows}
    referenced = {r.parent_code for r in rows} | {r.successor_code for r in rows}
    in_db = set(Unit.objects.filter(code__in=referenced - in_file - {""}).values_list("code", flat=True))
    known = in_file | in_db
    for r in rows:
        if r.parent_code and r.parent_code not in known:
            errors.append(LineError(r.line, f"không tìm thấy đơn vị cấp trên có mã {r.parent_code}."))
        if r.successor_code and r.successor_code not in known:
            errors.append(LineError(r.line, f"không tìm thấy đơn vị kế thừa có mã {r.successor_code}."))
    _check_cycles(rows, errors)


def _check_cycles(rows: list[UnitRow], errors: list[LineError]) -> None:
    parents = dict(Unit.objects.filter(parent__isnull=False).values_list("code", "parent__code"))
    parents.update({r.code: r.parent_code for r in rows if r.parent_code})
    parents = {k: v for k, v in parents.items() if v}
    for r in rows:
        seen, current = {r.code}, parents.get(r.code)
        while current:
            if current in seen:
                errors.append(LineError(r.line, f"quan hệ cấp trên của {r.code} tạo thành vòng lặp."))
                break
            seen.add(current)
            current = parents.get(current)


def _require_system(actor: User | None) -> None:
    if actor is not None and not is_system_admin(actor):
        raise PermissionDenied("Chỉ quản trị hệ thống được nhập danh mục đơn vị.")


UNIT_COLUMN_SPECS = [
    Column("code", "Mã đơn vị", "Mã đơn vị hành chính (mã thống kê), duy nhất.", "16012", True),
    Column("name", "Tên đơn vị", "Tên đầy đủ, ví dụ Xã Hoằng Quý.", "Xã Hoằng Quý", True),
    Column(
        "kind", "Loại đơn vị", "province, district, commune, ward, township… hoặc Tỉnh, Huyện, Xã, Phường…", "Xã", True
    ),
    Column("parent_code", "Mã đơn vị cấp trên", "Mã của đơn vị cấp trên (trong tệp hoặc đã có).", "399", True),
    Column("valid_from", "Hiệu lực từ", "Ngày bắt đầu hiệu lực, dạng YYYY-MM-DD (có thể để trống).", "", True),
    Column("valid_to", "Hiệu lực đến", "Ngày hết hiệu lực (sáp nhập, giải thể), dạng YYYY-MM-DD.", "", True),
    Column("successor_code", "Mã đơn vị kế thừa", "Đơn vị nhận lại địa bàn sau sáp nhập (có thể để trống).", "", True),
]

UNIT_COLUMNS = [c.name for c in UNIT_COLUMN_SPECS]


@dataclass
class UnitPlan:
    rows: list[UnitRow]
    creates: int
    updates: int


class UnitImporter(Importer[UnitRow, None, UnitPlan]):
    kind = "units"
    label = "Danh mục đơn vị hành chính"
    description = "Tỉnh, huyện, xã và quan hệ cấp trên, sáp nhập; chỉ quản trị hệ thống."
    columns = tuple(UNIT_COLUMN_SPECS)
    needs_unit = False
    audit_action = "org.units_imported"
    order = 10

    def authorize(self, actor: User | None, unit: Any) -> None:
        _require_system(actor)

    def units_for(self, user: Any) -> list[Any] | None:
        return None if is_system_admin(user) else []

    def prepare(self, unit: Any, actor: Any) -> None:
        return None

    def raw_key(self, raw: dict[str, Any]) -> str | None:
        return text(raw, "code") or None

    def duplicate(self, key: str, first_line: int) -> str:
        return f"mã đơn vị {key} trùng với dòng {first_line}."

    def parse(self, line: int, raw: dict[str, Any], ctx: None, problems: list[str]) -> UnitRow | None:
        errors: list[LineError] = []
        row = _validate_unit_row(line, raw, errors)
        problems.extend(e.message.rstrip(".") for e in errors)
        return row

    def check(self, ctx: None, rows: list[UnitRow], errors: list[LineError]) -> list[UnitRow]:
        _check_references(rows, errors)
        return rows

    def plan(self, ctx: None, rows: list[UnitRow], errors: list[LineError], ticker: Any) -> UnitPlan:
        stored = {
            u.code: u
            for u in Unit.objects.filter(code__in=[r.code for r in rows]).select_related("parent", "successor")
        }
        creates = updates = 0
        for r in rows:
            unit = stored.get(r.code)
            if unit is None:
                creates += 1
            elif (unit.name, unit.kind, unit.valid_from, unit.valid_to) != (
                r.name,
                r.kind,
                r.valid_from,
                r.valid_to,
            ) or (
                (unit.parent.code if unit.parent else ""),
                (unit.successor.code if unit.successor else ""),
            ) != (r.parent_code, r.successor_code):
                updates += 1
        return UnitPlan(rows, creates, updates)

    def counts(self, plan: UnitPlan) -> tuple[int, int]:
        return plan.creates, plan.updates

    def apply(self, ctx: None, plan: UnitPlan, actor: User | None, writer: Writer) -> None:
        with writer.batch(len(plan.rows)):
            _apply_units(actor, plan.rows)


UNIT_IMPORTER = UnitImporter()


def _stored_values(unit: Unit) -> tuple[Any, ...]:
    parent, successor = unit.parent.code if unit.parent else "", unit.successor.code if unit.successor else ""
    return (unit.name, unit.kind, unit.valid_from, unit.valid_to, parent, successor)


def import_units(
    actor: User | None, source: str | Path | IO[bytes], filename: str | None = None, dry_run: bool = False
) -> ImportReport:
    """Validate every line first; apply all of them in one transaction or none at all."""
    return run(UNIT_IMPORTER, actor, None, source, filename, dry_run=dry_run)


def _apply_units(actor: User | None, rows: list[UnitRow]) -> None:
    existing = {u.code: u for u in Unit.objects.filter(code__in=[r.code for r in rows])}
    # First pass creates or renames without links so that rows may reference later rows.
    for r in rows:
        unit = existing.get(r.code)
        if unit is None:
            unit = Unit.objects.create(
                code=r.code, name=r.name, kind=r.kind, valid_from=r.valid_from, valid_to=r.valid_to
            )
            existing[r.code] = unit
            unit._import_state = "created"  # type: ignore[attr-defined]
    codes = {r.parent_code for r in rows} | {r.successor_code for r in rows}
    by_code = {u.code: u for u in Unit.objects.filter(code__in=codes - {""})} | existing
    for r in rows:
        unit = existing[r.code]
        before = snapshot(unit, UNIT_FIELDS)
        unit.name, unit.kind = r.name, r.kind
        unit.valid_from, unit.valid_to = r.valid_from, r.valid_to
        unit.parent = by_code[r.parent_code] if r.parent_code else None
        unit.successor = by_code[r.successor_code] if r.successor_code else None
        after = snapshot(unit, UNIT_FIELDS)
        created = getattr(unit, "_import_state", "") == "created"
        changes = diff({} if created else before, after)
        if created:
            unit.save()
            record(actor, "org.unit_created", unit, unit=unit, changes=changes)
        elif changes:
            unit.save()
            record(actor, "org.unit_updated", unit, unit=unit, changes=changes)
    rebuild_paths()


def rebuild_paths() -> int:
    """Recompute every unit's materialised path; returns how many changed."""
    links = dict(Unit.objects.values_list("pk", "parent_id"))
    paths: dict[int, str] = {}

    def path_of(pk: int, depth: int = 0) -> str:
        if pk not in paths:
            parent = links.get(pk)
            paths[pk] = f"{path_of(parent, depth + 1) if parent and depth < 50 else '/'}{pk}/"
        return paths[pk]

    changed = []
    for unit in Unit.objects.only("pk", "path"):
        new = path_of(unit.pk)
        if unit.path != new:
            unit.path = new
            changed.append(unit)
    Unit.objects.bulk_update(changed, ["path"], batch_size=500)
    return len(changed)


def save_unit(actor: User | None, unit: Unit) -> Unit:
    """Create or update one unit (demo builder, admin screens)."""
    _require_system(actor)
    with transaction.atomic():
        is_new = unit.pk is None
        unit.save()
        if unit.path != path_for(unit.parent, unit.pk):
            # New, or moved under another parent: this unit and everything below it get new paths.
            rebuild_paths()
            unit.refresh_from_db(fields=["path"])
        record(actor, "org.unit_created" if is_new else "org.unit_updated", unit, unit=unit)
    return unit


def grant_role(
    actor: User | None,
    user: User,
    unit: Unit | None,
    role: str,
    title: str = "",
    phone: str = "",
) -> Membership:
    if actor is not None and not is_system_admin(actor):
        from .scoping import require_role

        if unit is None:
            raise PermissionDenied("Chỉ quản trị hệ thống được phân công vai trò quản trị hệ thống.")
        require_role(actor, unit, {Role.COMMUNE_ADMIN})
        if role in {Role.SUPERVISOR, Role.SYSTEM_ADMIN}:
            raise PermissionDenied("Quản trị đơn vị không được phân công vai trò giám sát hoặc quản trị hệ thống.")
    with transaction.atomic():
        membership, _ = Membership.objects.update_or_create(
            user=user, unit=unit, role=role, defaults={"title": title, "phone": phone}
        )
        record(actor, "org.membership_granted", membership, unit=unit, changes={"role": [None, role]})
    return membership


def create_user(username: str, password: str, full_name: str, email: str = "", *, actor: User | None = None) -> User:
    """A new account. `actor` None is the system itself (command line, demo); otherwise a system administrator, or
    a commune administrator, who then grants the new account its roles at their own unit (grant_role checks that)."""
    if actor is not None and not (is_system_admin(actor) or acting_units(actor, {Role.COMMUNE_ADMIN})):
        raise PermissionDenied("Chỉ quản trị hệ thống hoặc quản trị đơn vị được tạo tài khoản.")
    User = get_user_model()
    first, _, last = full_name.rpartition(" ")
    # The same password rules as the password change form (settings AUTH_PASSWORD_VALIDATORS).
    validate_password(password, User(username=username, email=email, first_name=first, last_name=last))
    with transaction.atomic():
        user = User.objects.create_user(username=username, password=password, email=email)
        user.first_name, user.last_name = first, last  # type: ignore[attr-defined]
        user.save()
        record(actor, "org.user_created", user)
    return user


def change_password(actor: User, user: User, new_password: str) -> User:
    """Set `user`'s password: their own, or anyone's for a system administrator; the password rules apply."""
    if actor.pk != user.pk and not is_system_admin(actor):
        raise PermissionDenied("Bạn chỉ được đổi mật khẩu của chính mình.")
    validate_password(new_password, user)
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        record(actor, "org.password_changed", user)
    return user
