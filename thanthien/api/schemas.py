from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Schema


class ErrorOut(Schema):
    # A message, or django-ninja's list of field errors for a malformed request (422).
    detail: str | list[dict[str, Any]]


class UnitOut(Schema):
    code: str
    name: str
    kind: str
    parent_code: str | None
    valid_from: dt.date | None
    valid_to: dt.date | None
    successor_code: str | None


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
