"""Reading the audit trail (issue 7 item 15): Vietnamese field names, values as people write them, moments in
Vietnam time, people by their full names. The trail stores plain JSON; everything here is presentation."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone

from thanthien.lib.vn import fmt_date

from .log import HIDDEN
from .models import AuditEntry

NONE = "–"


def moment_text(value: dt.datetime) -> str:
    """dd/mm/yyyy HH:MM in Vietnam time, whatever offset the moment was recorded with."""
    local = timezone.localtime(value)
    return f"{fmt_date(local)} {local:%H:%M}"  # fmt_date: a 4-digit year even for year 135


# Keys that are not a field of the recorded object's model, or whose model label reads badly out of context.
FIELD_LABELS: dict[str, str] = {
    "": "Bản ghi",
    "due_at": "Hạn trả kết quả",
    "new_appointment_at": "Ngày hẹn trả mới",
    "code_pattern": "Mẫu mã hồ sơ",
    "ceremony_held": "Trao giấy chứng nhận kết hôn tại buổi lễ",
    "same_day_cutoff": "Giờ chốt nhận hồ sơ trả trong ngày",
    "roll_forward": "Thời hạn theo ngày lịch kéo dài khi ngày cuối là ngày nghỉ",
    "giờ làm việc": "Giờ làm việc",
    "role": "Vai trò",
    "number": "Số văn bản",
    "dossier": "Hồ sơ",
    "status": "Trạng thái",
}


def register_field_labels(labels: Mapping[str, str]) -> None:
    """Apps name the keys they write that are not fields of their models."""
    FIELD_LABELS.update(labels)


def _model(object_type: str) -> type[models.Model] | None:
    try:
        return apps.get_model(object_type) if "." in object_type else None
    except LookupError:
        return None


def _field(object_type: str, key: str) -> models.Field[Any, Any] | None:
    model = _model(object_type)
    if model is None:
        return None
    try:
        field = model._meta.get_field(key)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None


@functools.cache
def _project_field_names() -> dict[str, str]:
    """Field name → verbose name over every project model, for keys recorded on another object than their own
    (a calendar setting recorded on its unit); names with two different meanings are left out."""
    seen: dict[str, set[str]] = {}
    for model in apps.get_models():
        if not model.__module__.startswith("thanthien."):
            continue
        for field in model._meta.get_fields():
            if (
                isinstance(field, models.Field)
                and field.verbose_name
                and field.verbose_name != field.name.replace("_", " ")
            ):
                seen.setdefault(field.name, set()).add(str(field.verbose_name))
    return {name: next(iter(labels)) for name, labels in seen.items() if len(labels) == 1}


def field_label(object_type: str, key: str) -> str:
    if key in FIELD_LABELS:
        return FIELD_LABELS[key]
    field = _field(object_type, key)
    label = str(field.verbose_name) if field is not None and field.verbose_name else _project_field_names().get(key)
    label = label or key.replace("_", " ")
    return label[:1].upper() + label[1:]


_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$")


def humanise(value: Any, field: models.Field[Any, Any] | None = None) -> str:
    """A recorded value as a person writes it: Có/Không, the label of a choice, dd/mm/yyyy HH:MM in Vietnam time."""
    if value is None or value == "" or value == "None":
        return NONE
    if value == HIDDEN:
        return HIDDEN
    if field is not None and field.choices:
        labels = {str(k): str(v) for k, v in field.flatchoices}
        if str(value) in labels:
            return labels[str(value)]
    if isinstance(value, bool) or value in ("True", "False"):
        return "Có" if value in (True, "True") else "Không"
    if isinstance(value, list):
        return "; ".join(humanise(v, field) for v in value) or NONE
    if isinstance(value, dict):
        return "; ".join(f"{field_label('', k)}: {humanise(v)}" for k, v in value.items()) or NONE
    if isinstance(value, str):
        return _humanise_text(value)
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    return str(value)


def _humanise_text(value: str) -> str:
    text = value.strip()
    if _DATETIME.match(text):
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        return moment_text(moment)
    if _DATE.match(text):
        return fmt_date(dt.date.fromisoformat(text))
    if _TIME.match(text):
        return text[:5]
    return value


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


def changes_of(entry: AuditEntry) -> list[Change]:
    out = []
    for key, pair in (entry.changes or {}).items():
        field = _field(entry.object_type, key)
        before, after = [*pair, None, None][:2] if isinstance(pair, list) else (None, pair)
        if isinstance(before, dict) or isinstance(after, dict):
            # A whole record snapshot (created or deleted): its fields named from the record's own model.
            before, after = _snapshot_text(entry.object_type, before), _snapshot_text(entry.object_type, after)
            out.append(Change(field_label(entry.object_type, key), before, after))
            continue
        out.append(Change(field_label(entry.object_type, key), humanise(before, field), humanise(after, field)))
    return out


def _snapshot_text(object_type: str, value: Any) -> str:
    if not isinstance(value, dict):
        return humanise(value)
    parts = [f"{field_label(object_type, k)}: {humanise(v, _field(object_type, k))}" for k, v in value.items()]
    return "; ".join(parts) or NONE


def actor_label(entry: AuditEntry) -> str:
    """The person's full name (the account may be gone: then the name kept on the row)."""
    user = entry.actor
    if user is not None:
        full = user.get_full_name().strip()
        return full or user.get_username()
    name = entry.actor_name or "hệ thống"
    return name[:1].upper() + name[1:]
