"""Small helpers to build dossiers in tests."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from thanthien.onestop.models import Dossier, Procedure, Status
from thanthien.org.models import Unit

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
_seq = iter(range(1, 10**9))


def vn(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=TZ)  # type: ignore[misc]


def make_dossier(unit: Unit, procedure_code: str = "1.004873", **fields: Any) -> Dossier:
    received = fields.pop("received_at", vn(2024, 10, 7, 9, 0))
    values: dict[str, Any] = {
        "unit": unit,
        "procedure": Procedure.objects.get(code=procedure_code),
        "code": f"{unit.code}-T-{next(_seq):06d}",
        "pin": "AB23",
        "applicant_name": "Nguyễn Văn Án",
        "applicant_id_number": "038090001234",
        "applicant_phone": "0912345678",
        "applicant_address": "Thôn 1, Xã Hoằng Hợp",
        "received_at": received,
        "due_at": received + dt.timedelta(days=3),
        "status": Status.ACCEPTED,
    }
    values.update(fields)
    return Dossier.objects.create(**values)
