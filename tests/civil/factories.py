"""Small helpers to build civil events in tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from thanthien.civil.models import CivilEvent
from thanthien.org.models import Unit


def make_event(
    unit: Unit, kind: str = "birth", registered_on: dt.date = dt.date(2024, 10, 8), **fields: Any
) -> CivilEvent:
    values: dict[str, Any] = {
        "unit": unit,
        "kind": kind,
        "registered_on": registered_on,
        "person_name": "Nguyễn Gia Huy",
        "contact_name": "Nguyễn Văn An",
        "contact_address": "Thôn 1",
        "contact_phone": "0912345678",
    }
    if kind == "marriage":
        values.update(person_name="Lê Văn Nam", partner_name="Trần Thị Hoa", contact_name="Lê Văn Nam và Trần Thị Hoa")
    values.update(fields)
    return CivilEvent.objects.create(**values)
