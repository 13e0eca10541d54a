from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router
from ninja.pagination import paginate

from thanthien.org.models import Role
from thanthien.org.scoping import memberships, visible_units

from .common import Page, answers
from .schemas import MembershipOut, MeOut, UnitOut

router = Router(tags=["Đơn vị và người dùng"])


@router.get("/me", response=answers({200: MeOut}), summary="Tài khoản đang gọi API và vai trò")
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


@router.get("/units", response=answers({200: list[UnitOut]}), summary="Các đơn vị mà người gọi được xem")
@paginate(Page)
def units(request: HttpRequest) -> Any:
    return visible_units(request.user).select_related("parent", "successor").order_by("path", "pk")
