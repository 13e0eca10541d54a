"""Template filters of the scoring pages: points as Vietnamese write them ("20", "7,5", "12,25")."""

from __future__ import annotations

from decimal import Decimal

from django import template

from thanthien.programme.actions_scoring import points as _points

register = template.Library()


@register.filter
def points(value: Decimal | float | int | None) -> str:
    return _points(None if value is None else Decimal(str(value)))
