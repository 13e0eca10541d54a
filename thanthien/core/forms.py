"""Forms shared by several apps."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from thanthien.org.models import Unit


class ImportFileForm(forms.Form):
    """Upload of a CSV/XLSX file for one of the user's communes (the choice hidden when there is only one)."""

    max_mb = 20
    unit = forms.ChoiceField(label="Đơn vị", required=False)
    file = forms.FileField(
        label="Tệp (.csv hoặc .xlsx)",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx", "class": "form-control"}),
        error_messages={"required": "Vui lòng chọn tệp cần nhập."},
    )

    def __init__(self, data: Any, files: Any, units: list[Unit], default: Unit, file_label: str = "") -> None:
        super().__init__(data, files, initial={"unit": default.code})
        self.units = {u.code: u for u in units}
        self.default = default
        field = self.fields["unit"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(u.code, u.name) for u in units]
        field.widget.attrs["class"] = "form-select"
        if len(units) == 1:
            field.widget = forms.HiddenInput()
        if file_label:
            self.fields["file"].label = file_label
        self.fields[
            "file"
        ].help_text = f"Tối đa {self.max_mb} MB. Dòng đầu là dòng tiêu đề với tên các cột như bảng hướng dẫn."

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise ValidationError("Chỉ nhận tệp .csv hoặc .xlsx.")
        if upload.size > self.max_mb * 1024 * 1024:
            raise ValidationError(f"Tệp lớn hơn {self.max_mb} MB; hãy chia thành nhiều tệp nhỏ hơn.")
        return upload

    def chosen_unit(self) -> Unit:
        return self.units.get(self.cleaned_data["unit"]) or self.default
