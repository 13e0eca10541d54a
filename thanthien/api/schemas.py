from __future__ import annotations

import datetime as dt
from typing import Any, get_args

from ninja import Field, Schema
from ninja.schema import Resolver, ResolverMetaclass


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


COMMON_READERS: dict[str, Any] = {"id": lambda obj: obj.pk, "unit_code": lambda obj: obj.unit.code}


class _RecordMeta(ResolverMetaclass):
    # After ninja's metaclass has collected the class's own resolve_* functions: add the readers it lacks.
    def __new__(mcs, name: str, bases: Any, namespace: Any, **kwargs: Any) -> Any:
        from thanthien.lib.privacy import declared_everywhere

        cls = super().__new__(mcs, name, bases, namespace, **kwargs)
        personal_names = declared_everywhere()[0]
        for field, info in cls.model_fields.items():
            if field in personal_names:
                cls._ninja_resolvers[field] = Resolver(staticmethod(_personal_reader(field)))
            elif field in cls._ninja_resolvers:
                continue
            elif dt.datetime in (info.annotation, *get_args(info.annotation)):
                cls._ninja_resolvers[field] = Resolver(staticmethod(_moment_reader(field)))
            elif field in COMMON_READERS:
                cls._ninja_resolvers[field] = Resolver(staticmethod(COMMON_READERS[field]))
        return cls


class RecordSchema(Schema, metaclass=_RecordMeta):
    """An answer about a record, read from its model row. Declared once here, so that no schema can forget one:
    - each field a model declares personal (`personal_fields`) goes through `personal` (in clear for the staff of
      the record's unit, masked for everyone else);
    - each moment (datetime field) is given in Vietnam time, +07:00;
    - `id` is the primary key and `unit_code` the code of the record's unit.
    Resolvers read the row itself, so a list endpoint hands its queryset to the paginator unevaluated."""


def _personal_reader(field: str) -> Any:
    def read(obj: Any, context: Any) -> Any:
        return personal(obj, field, context)

    return read


def _moment_reader(field: str) -> Any:
    from .common import to_vn

    def read(obj: Any) -> Any:
        return to_vn(getattr(obj, field))

    return read


def personal(obj: Any, field: str, context: Any) -> Any:
    """A citizen's detail as the caller may see it: unmasked only for staff of the record's unit."""
    from thanthien.lib.privacy import masked
    from thanthien.org.privacy import may_see

    value = getattr(obj, field)
    request = (context or {}).get("request")
    # Without a request to say who asks, the detail is masked: the safe side.
    return value if request is not None and may_see(request.user, obj.unit_id, obj) else masked(field, value)
