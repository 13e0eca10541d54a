"""The forms of the dialogue and opinion pages: what staff type, with Vietnamese messages; the actions check the
rules (days, the dialogue's commune, the answer)."""

from __future__ import annotations

from typing import Any

from django import forms

from thanthien.lib.forms import AccessibleErrorsMixin
from thanthien.workdays.forms import date_field, text_field

from .dialogues import OPINION_MAX_CHARS, TOPIC_MAX_CHARS, AnswerKind, OpinionSource

COUNT_ERROR = "Vui lòng nhập số người là số nguyên từ 0 trở lên."


def _count(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=1_000_000,
        widget=forms.NumberInput(attrs={"class": "form-control", "min": "0", "inputmode": "numeric"}),
        error_messages={"invalid": COUNT_ERROR, "min_value": COUNT_ERROR, "max_value": "Số người quá lớn."},
    )


_date = date_field
_text = text_field


def _area(label: str, max_length: int, required: bool = False, rows: int = 3) -> forms.CharField:
    return text_field(label, max_length, required, area=True, rows=rows)


class StaffForm(AccessibleErrorsMixin, forms.Form):
    """Puts an action's errors beside their fields and marks the fields in error for screen readers."""


class DialogueForm(StaffForm):
    held_on = _date("Ngày đối thoại", required=True)
    topic = _text("Chủ đề", TOPIC_MAX_CHARS, required=True)
    place = _text("Địa điểm", 300)
    chaired_by = _text("Người chủ trì (họ tên, chức vụ)", 300, required=True)
    party_head_chaired = forms.BooleanField(label="Bí thư / Phó Bí thư Đảng ủy chủ trì", required=False)
    committee_head_chaired = forms.BooleanField(label="Chủ tịch / Phó Chủ tịch UBND chủ trì", required=False)
    front_participants = _count("Số đại biểu MTTQ")
    organisation_participants = _count("Số đại biểu các đoàn thể")
    people_participants = _count("Số người dân")
    participants_note = _area("Thành phần tham dự", 2_000)
    secretary = _text("Thư ký", 150)
    ref = _text("Số hiệu (nếu có)", 40)
    petition = _text("Đối thoại trong giải quyết khiếu nại: số đơn (ví dụ 12/2026, nếu có)", 20)
    note = _area("Ghi chú", 2_000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("party_head_chaired", "committee_head_chaired"):
            self.fields[name].widget.attrs["class"] = "form-check-input"


class OpinionForm(StaffForm):
    """An opinion, and its answer when it was given on the spot or is already known."""

    source = forms.ChoiceField(
        label="Nguồn",
        choices=[(v, label) for v, label in OpinionSource.choices if v != OpinionSource.DIALOGUE],
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"required": "Vui lòng chọn nguồn ý kiến.", "invalid_choice": "Nguồn ý kiến không hợp lệ."},
    )
    source_ref = _text("Số hiệu lượt tiếp, cuộc họp (nếu có)", 60)
    raised_on = _date("Ngày nêu ý kiến", required=True)
    raised_by = _text("Người nêu ý kiến (không bắt buộc)", 150)
    content = _area("Nội dung ý kiến", OPINION_MAX_CHARS, required=True)
    answer_kind = forms.ChoiceField(
        label="Hình thức trả lời",
        required=False,
        choices=[("", "Chưa trả lời"), *AnswerKind.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"invalid_choice": "Hình thức trả lời không hợp lệ."},
    )
    answer = _area("Nội dung trả lời", OPINION_MAX_CHARS)
    answered_on = _date("Ngày trả lời (khi trả lời sau)")
    answered_by = _text("Người trả lời", 150)

    def __init__(self, *args: Any, in_dialogue: bool = False, in_visit: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if in_visit:
            # The visit gives the source, its register number and, by default, the day.
            del self.fields["source"]
            del self.fields["source_ref"]
            self.fields["raised_on"].required = False
            self.fields["raised_on"].label = "Ngày nêu ý kiến (mặc định ngày tiếp)"
        if in_dialogue:
            # The dialogue gives the source and, by default, the day.
            del self.fields["source"]
            del self.fields["source_ref"]
            self.fields["raised_on"].required = False
            self.fields["raised_on"].label = "Ngày nêu ý kiến (mặc định ngày đối thoại)"


class AnswerForm(StaffForm):
    answer_kind = forms.ChoiceField(
        label="Hình thức trả lời",
        choices=AnswerKind.choices,
        initial=AnswerKind.LATER,
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={
            "required": "Vui lòng chọn hình thức trả lời.",
            "invalid_choice": "Hình thức trả lời không hợp lệ.",
        },
    )
    answer = _area("Nội dung trả lời", OPINION_MAX_CHARS, required=True, rows=2)
    answered_on = _date("Ngày trả lời (khi trả lời sau)")
    answered_by = _text("Người trả lời", 150)
