"""The one scoping helper: every view, API endpoint and export reads through it.

A commune official sees the records of their unit and of the units merged into it; a supervisor
sees every unit ever under theirs (and what was merged into those); a system administrator sees all.
"""

from __future__ import annotations

from typing import TypeVar

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet

from .models import COMMUNE_ROLES, Membership, Role, Unit
from .queries import predecessor_ids

M = TypeVar("M", bound=Model)
AnyUser = User | AnonymousUser

_CACHE_ATTR = "_thanthien_visible_unit_ids"


def memberships(user: AnyUser) -> list[Membership]:
    if not user.is_authenticated:
        return []
    cached = getattr(user, "_thanthien_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).select_related("unit"))
        setattr(user, "_thanthien_memberships", cached)  # noqa: B010 — a per-request cache on the user object
    return cached


def roles(user: AnyUser) -> set[str]:
    return {m.role for m in memberships(user)}


def is_system_admin(user: AnyUser) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or Role.SYSTEM_ADMIN in roles(user)))


def visible_unit_ids(user: AnyUser) -> set[int] | None:
    """Primary keys of the units whose records `user` may read; None means every unit."""
    if not user.is_authenticated:
        return set()
    if is_system_admin(user):
        return None
    cached: set[int] | None = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    direct: set[int] = set()
    prefixes: list[str] = []
    for m in memberships(user):
        if m.unit is None:
            continue
        direct.add(m.unit.pk)
        if m.role == Role.SUPERVISOR and m.unit.path:  # an empty path would match every unit
            prefixes.append(m.unit.path)
    if prefixes:
        tree = Q()
        for prefix in prefixes:
            tree |= Q(path__startswith=prefix)
        direct |= set(Unit.objects.filter(tree).values_list("pk", flat=True))
    ids = direct | predecessor_ids(direct)
    setattr(user, _CACHE_ATTR, ids)
    return ids


def scoped(queryset: QuerySet[M], user: AnyUser, field: str = "unit") -> QuerySet[M]:
    """Restrict `queryset` to rows whose `field` (a Unit foreign key) the user may read."""
    ids = visible_unit_ids(user)
    if ids is None:
        return queryset
    return queryset.filter(**{f"{field}__in": ids})


def visible_units(user: AnyUser) -> QuerySet[Unit]:
    return scoped(Unit.objects.all(), user, field="pk")


def can_see_unit(user: AnyUser, unit: Unit | int) -> bool:
    pk = unit if isinstance(unit, int) else unit.pk
    ids = visible_unit_ids(user)
    return ids is None or pk in ids


def acting_units(user: AnyUser, allowed_roles: set[str] | frozenset[str]) -> list[Unit]:
    """Units where `user` holds one of `allowed_roles` (where they may write, not only read)."""
    return [m.unit for m in memberships(user) if m.role in allowed_roles and m.unit is not None]


def require_role(user: AnyUser, unit: Unit, allowed_roles: set[str] | frozenset[str]) -> None:
    """Raise PermissionDenied unless `user` holds one of `allowed_roles` at `unit` (or a unit merged into it)."""
    if is_system_admin(user):
        return
    for m in memberships(user):
        if m.role not in allowed_roles or m.unit is None:
            continue
        if m.unit.pk == unit.pk or unit.pk in predecessor_ids({m.unit.pk}):
            return
        if m.role == Role.SUPERVISOR and m.unit.path and unit.path.startswith(m.unit.path):
            return
    raise PermissionDenied("Bạn không có quyền thực hiện thao tác này tại đơn vị này.")


def personal_unit_ids(user: AnyUser, roles: frozenset[str] | None = None) -> set[int] | None:
    """Units whose citizens' personal data `user` may see unmasked: where they hold a commune role (one of
    `roles`, when a record keeps its personal data to some roles only), and the units merged into those; None
    means all (system administrators)."""
    if not user.is_authenticated:
        return set()
    if is_system_admin(user):
        return None
    commune_roles = frozenset(str(role) for role in COMMUNE_ROLES)
    wanted = commune_roles if roles is None else commune_roles & roles
    cache: dict[frozenset[str], set[int]] = getattr(user, "_thanthien_personal_unit_ids", None) or {}
    if wanted not in cache:
        own = {m.unit.pk for m in memberships(user) if m.role in wanted and m.unit is not None}
        cache[wanted] = own | predecessor_ids(own)
        setattr(user, "_thanthien_personal_unit_ids", cache)  # noqa: B010 — a per-request cache
    return cache[wanted]


def holds_role(user: AnyUser, unit: Unit, allowed_roles: set[str] | frozenset[str]) -> bool:
    """Whether `require_role` would let `user` act at `unit` (to show or hide a button)."""
    try:
        require_role(user, unit, allowed_roles)
    except PermissionDenied:
        return False
    return True


def primary_unit(user: AnyUser) -> Unit | None:
    """The unit shown in the header: the user's commune, else the unit they supervise."""
    ms = memberships(user)
    for m in ms:
        if m.role in COMMUNE_ROLES and m.unit is not None:
            return m.unit
    for m in ms:
        if m.unit is not None:
            return m.unit
    return None
