from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema


class FieldErrorOut(Schema):
    loc: list[str] = Field(..., description="Vị trí: nguồn (query, path, body), rồi tên trường")
    field: str
    where: str = Field(..., description="Nguồn bằng lời: tham số, đường dẫn, nội dung")
    msg: str = Field(..., description="Lỗi bằng tiếng Việt")


class ErrorOut(Schema):
    detail: str = Field(..., description="Lỗi bằng tiếng Việt")
    errors: list[FieldErrorOut] = Field([], description="Lỗi của từng trường (yêu cầu sai dạng, mã 422)")


class UnitOut(Schema):
    code: str
    name: str
    kind: str
    parent_code: str | None
    valid_from: dt.date | None
    valid_to: dt.date | None
    successor_code: str | None

    # Read from the Unit row, so the paginator slices the query before anything is serialised.
    @staticmethod
    def resolve_parent_code(u: Any) -> str | None:
        return u.parent.code if u.parent else None

    @staticmethod
    def resolve_successor_code(u: Any) -> str | None:
        return u.successor.code if u.successor else None


class MembershipOut(Schema):
    role: str
    role_label: str
    unit_code: str | None
    unit_name: str | None


class MeOut(Schema):
    username: str
    full_name: str
    memberships: list[MembershipOut]


def personal(obj: Any, field: str, context: Any) -> Any:
    """A citizen's detail as the caller may see it: unmasked only for staff of the record's unit."""
    from thanthien.core.privacy import masked, may_see

    value = getattr(obj, field)
    request = (context or {}).get("request")
    # Without a request to say who asks, the detail is masked: the safe side.
    return value if request is not None and may_see(request.user, obj.unit_id) else masked(field, value)
