"""The report pages' forms: the period of a new report, the narratives and signature of a draft, the issue date,
and the commune's own Word form."""

from __future__ import annotations

from typing import Any

from django import forms

from thanthien.lib.forms import AccessibleErrorsMixin
from thanthien.workdays.forms import date_field, text_field

from . import periodic


class StaffForm(AccessibleErrorsMixin, forms.Form):
    """Puts an action's errors beside their fields and marks the fields in error for screen readers."""


class NewReportForm(StaffForm):
    start = date_field("Từ ngày", required=True, years_served=True)
    end = date_field("Đến ngày", required=True, years_served=True)
    title = text_field("Tên báo cáo (để trống: tự đặt theo kỳ)", 300)


class EditReportForm(StaffForm):
    title = text_field("Tên báo cáo", 300, required=True)
    place = text_field("Địa danh ghi ở dòng ngày tháng", 100)
    signer_title = text_field("Chức vụ người ký (ví dụ: Chủ tịch, KT. Chủ tịch – Phó Chủ tịch)", 100)
    signer_name = text_field("Họ tên người ký", 100)
    recipients = text_field("Nơi nhận (mỗi dòng một nơi)", 2000, area=True, rows=5)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, label in periodic.NARRATIVES.items():
            self.fields[narrative_field(key)] = text_field(label, periodic.NARRATIVE_MAX, area=True, rows=6)

    def narratives(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(narrative_field(key)) or "" for key in periodic.NARRATIVES}


def narrative_field(key: str) -> str:
    return "n_" + key.replace(".", "_")


class IssueForm(StaffForm):
    issued_on = date_field("Ngày ban hành", required=True, years_served=True)


class TemplateForm(StaffForm):
    file = forms.FileField(
        label="Mẫu Word (.docx) của đơn vị",
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".docx"}),
        error_messages={"required": "Hãy chọn tệp Word (.docx)."},
    )
