"""Every change of state in engagement. For now: recording a citizen's contribution (the record pattern's
create_record does the role check, the transaction, the audit row and the after-commit hook)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from thanthien.audit.log import register_actions
from thanthien.org.models import Unit
from thanthien.org.records import create_record

from .models import SUMMARY_MAX_CHARS, Contribution

register_actions({"engagement.contribution.create": "Ghi nhận đóng góp của công dân"})

# A contribution typed from an old register may be decades old; earlier than this is a typing error.
EARLIEST_DAY = dt.date(1900, 1, 1)


def record_contribution(
    actor: Any,
    unit: Unit,
    data: Mapping[str, Any],
    *,
    after_commit: Callable[[Contribution], None] | None = None,
) -> Contribution:
    """A citizen's contribution received at `unit`. Refused with a Vietnamese message, nothing saved, when the
    name or the content is missing, the content too long, or the day in the future or before 1900."""
    values = dict(data)
    values["contributor_name"] = str(values.get("contributor_name") or "").strip()
    values["summary"] = str(values.get("summary") or "").strip()
    if not values["contributor_name"]:
        raise ValidationError({"contributor_name": "Vui lòng nhập tên người đóng góp."})
    if not values["summary"]:
        raise ValidationError({"summary": "Vui lòng ghi nội dung đóng góp."})
    if len(values["summary"]) > SUMMARY_MAX_CHARS:
        raise ValidationError({"summary": f"Nội dung đóng góp dài quá {SUMMARY_MAX_CHARS} ký tự."})
    received = values.setdefault("received_on", timezone.localdate())
    if not isinstance(received, dt.date):
        raise ValidationError({"received_on": "Ngày nhận không hợp lệ."})
    if received > timezone.localdate():
        raise ValidationError({"received_on": "Ngày nhận đóng góp không được ở tương lai."})
    if received < EARLIEST_DAY:
        raise ValidationError({"received_on": f"Ngày nhận trước năm {EARLIEST_DAY.year}: kiểm tra lại năm."})
    return create_record(actor, Contribution, unit, values, after_commit=after_commit)
