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
