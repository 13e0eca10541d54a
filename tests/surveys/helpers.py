"""What the surveys tests share: a workbook built from rows, and a small questionnaire with two aspects."""

from __future__ import annotations

import datetime as dt
from typing import Any

from thanthien.surveys import actions, xlsform
from thanthien.surveys.models import Campaign

SCALE = [
    {"list_name": "hl", "name": "rkhl", "label": "Rất không hài lòng"},
    {"list_name": "hl", "name": "khl", "label": "Không hài lòng"},
    {"list_name": "hl", "name": "bt", "label": "Bình thường"},
    {"list_name": "hl", "name": "hl", "label": "Hài lòng", "satisfied": "yes"},
    {"list_name": "hl", "name": "rhl", "label": "Rất hài lòng", "satisfied": "yes"},
    {"list_name": "ck", "name": "co", "label": "Có"},
    {"list_name": "ck", "name": "khong", "label": "Không"},
    {"list_name": "mm", "name": "nhanh", "label": "Nhanh hơn"},
    {"list_name": "mm", "name": "gon", "label": "Gọn hơn"},
]


def small_source(version: str = "1", extra: list[dict[str, str]] | None = None) -> dict[str, Any]:
    survey = [
        {"type": "begin_group", "name": "tiep_can", "label": "Tiếp cận dịch vụ"},
        {"type": "select_one hl", "name": "q1", "label": "Nơi tiếp nhận thuận tiện", "required": "yes"},
        {"type": "select_one hl", "name": "q2", "label": "Trang thiết bị đầy đủ"},
        {"type": "end_group", "name": "tiep_can"},
        {"type": "begin group", "name": "cong_chuc", "label": "Công chức"},
        {"type": "select_one ck", "name": "gop_y", "label": "Ông/Bà đã góp ý chưa?"},
        {"type": "select_one hl", "name": "q3", "label": "Xử lý góp ý", "relevant": "${gop_y} = 'co'"},
        {"type": "end group"},
        {"type": "select_multiple mm", "name": "mong_muon", "label": "Mong muốn"},
        {"type": "integer", "name": "so_lan", "label": "Số lần đến"},
        {"type": "text", "name": "y_kien", "label": "Ý kiến khác"},
        *(extra or []),
    ]
    return {
        "survey": survey,
        "choices": SCALE,
        "settings": {"form_title": "Phiếu thử", "form_id": "phieu_thu", "version": version},
    }


def workbook(source: dict[str, Any]) -> bytes:
    return xlsform.write_workbook(source)


def questionnaire(unit: Any, actor: Any = None) -> actions.Imported:
    return actions.save_questionnaire(actor, unit, small_source())


def campaign(unit: Any, version: Any, **extra: Any) -> Campaign:
    data = {
        "name": "Đợt 1 năm 2026",
        "version": version,
        "starts_on": dt.date(2026, 1, 1),
        "ends_on": dt.date(2026, 12, 31),
        "channels": ["qr", "online", "paper", "import"],
        "target": 30,
        **extra,
    }
    return actions.create_campaign(None, unit, data)


def open_today(unit: Any, days: int = 10, **extra: Any) -> Campaign:
    """A campaign of the small questionnaire open from `days` before today to `days` after."""
    from django.utils import timezone

    today = timezone.localdate()
    window = {"starts_on": today - dt.timedelta(days=days), "ends_on": today + dt.timedelta(days=days)}
    return campaign(unit, questionnaire(unit).version, **{**window, **extra})
