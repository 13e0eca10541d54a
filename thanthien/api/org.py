from __future__ import annotations

from django.http import HttpRequest
from ninja import Router
from ninja.pagination import LimitOffsetPagination, paginate

from thanthien.org.models import Role, Unit
from thanthien.org.scoping import memberships, visible_units

from .schemas import ErrorOut, MembershipOut, MeOut, UnitOut

router = Router(tags=["Đơn vị và người dùng"])


@router.get("/me", response={200: MeOut, 401: ErrorOut}, summary="Tài khoản đang gọi API và vai trò")
def me(request: HttpRequest) -> MeOut:
    user = request.user
    return MeOut(
        username=user.get_username(),
        full_name=user.get_full_name(),  # type: ignore[union-attr]
        memberships=[
            MembershipOut(
                role=m.role,
                role_label=str(Role(m.role).label),
                unit_code=m.unit.code if m.unit else None,
                unit_name=m.unit.name if m.unit else None,
            )
            for m in memberships(user)
        ],
    )


@router.get("/units", response={200: list[UnitOut], 401: ErrorOut}, summary="Các đơn vị mà người gọi được xem")
@paginate(LimitOffsetPagination)
def units(request: HttpRequest) -> list[dict[str, object]]:
    qs = visible_units(request.user).select_related("parent", "successor").order_by("path")
    return [_unit_out(u) for u in qs]


def _unit_out(u: Unit) -> dict[str, object]:
    return {
        "code": u.code,
        "name": u.name,
        "kind": u.kind,
        "parent_code": u.parent.code if u.parent else None,
        "valid_from": u.valid_from,
        "valid_to": u.valid_to,
        "successor_code": u.successor.code if u.successor else None,
    }
