"""The forms of area 'judging': what staff type, with Vietnamese messages; the actions check the rules (the days,
the levels after 01/07/2025, whose document, who may do what). `by_unit` of an inspection is never a field: the
action sets it from the supervisor's own unit."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from thanthien.lib.forms import AccessibleErrorsMixin
from thanthien.workdays.forms import date_field, text_field

from .models import FilePart, InspectorKind, IssuedDocument, RecognitionLevel


def _select(label: str, choices: list[tuple[str, str]], required: bool = True) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=required,
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"required": f"Vui lòng chọn {label.lower()}.", "invalid_choice": f"{label} không hợp lệ."},
    )


def _date(label: str, required: bool = False) -> forms.DateField:
    return date_field(label, required, years_served=True)


_text = text_field


def _area(label: str, max_length: int, required: bool = False, rows: int = 3) -> forms.CharField:
    return text_field(label, max_length, required, area=True, rows=rows)


class StaffForm(AccessibleErrorsMixin, forms.Form):
    """Puts an action's errors beside their fields."""


class DocumentChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} ngày {obj.issued_on:%d/%m/%Y} – {obj.summary[:80]}"


def _documents(label: str, documents: Any) -> DocumentChoiceField:
    return DocumentChoiceField(
        label=label,
        queryset=documents,
        required=False,
        empty_label="— Không chọn —",
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"invalid_choice": "Văn bản đã chọn không thuộc xã, phường này."},
    )


class InspectionForm(StaffForm):
    by_kind = _select("Đơn vị kiểm tra, giám sát", list(InspectorKind.choices))
    is_supervision = forms.BooleanField(label="Đây là cuộc giám sát (không phải kiểm tra)", required=False)
    held_on = _date("Ngày kiểm tra, giám sát", required=True)
    target = _text("Đối tượng trong xã (chi bộ, thôn, trường học, trạm y tế…; trống: toàn xã)", 300)
    content = _area("Nội dung", 4000, required=True)
    findings = _area("Kết quả, hạn chế phát hiện", 8000, rows=4)
    conclusion = _documents("Văn bản kết luận", IssuedDocument.objects.none())

    def __init__(self, *args: Any, kinds: list[str], documents: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["is_supervision"].widget.attrs["class"] = "form-check-input"
        field = self.fields["by_kind"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(v, label) for v, label in InspectorKind.choices if v in kinds]
        if len(kinds) == 1:
            field.initial = kinds[0]
        conclusion = self.fields["conclusion"]
        assert isinstance(conclusion, forms.ModelChoiceField)
        conclusion.queryset = documents


class RemedyForm(StaffForm):
    text = _area("Nội dung cần khắc phục", 2000, required=True, rows=2)
    due_on = _date("Thời hạn khắc phục")


class AnswerForm(StaffForm):
    answer = _area("Kết quả khắc phục", 4000, required=True, rows=2)
    done_on = _date("Đã khắc phục xong ngày (trống: chưa xong)")


class RecognitionForm(StaffForm):
    level = _select("Cấp công nhận", list(RecognitionLevel.choices))
    decision_number = _text("Số quyết định (ví dụ 1234/QĐ-UBND)", 60, required=True)
    decided_on = _date("Ngày quyết định", required=True)
    review_on = _date("Ngày đánh giá lại (nếu có)")
    document = _documents("Văn bản quyết định trong sổ văn bản của xã (nếu có)", IssuedDocument.objects.none())

    def __init__(self, *args: Any, documents: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["document"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = documents


class FileForm(StaffForm):
    year = forms.IntegerField(
        label="Năm",
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "numeric"}),
        error_messages={
            "required": "Vui lòng nhập năm.",
            "invalid": "Năm không hợp lệ.",
            "min_value": "Năm không hợp lệ.",
            "max_value": "Năm không hợp lệ.",
        },
    )
    level = _select("Đề nghị công nhận cấp", list(RecognitionLevel.choices))
    submitted_on = _date("Ngày gửi hồ sơ (nếu đã gửi)")


class FilePartForm(StaffForm):
    document = _documents("Văn bản đã ban hành", IssuedDocument.objects.none())
    upload = forms.FileField(
        label="Hoặc tải lên tệp PDF (tối đa 20 MB)",
        required=False,
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": "application/pdf,.pdf"}),
        error_messages={"invalid": "Tệp tải lên không hợp lệ.", "empty": "Tệp không có nội dung."},
    )

    def __init__(self, *args: Any, documents: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["document"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = documents


SUPPLIED_PART_CHOICES = [(p.value, p.label) for p in FilePart if p != FilePart.SELF_SCORE]


class TargetForm(StaffForm):
    by_date = _date("Đến ngày", required=True)
    share_percent = _text("Tỷ lệ xã được công nhận (%)", 12, required=True)
    note = _text("Căn cứ (nghị quyết, kế hoạch)", 500)

    def clean_share_percent(self) -> Decimal:
        """50, 12,5 or 12.5 (with or without "%") → Decimal percent, more than 0 and at most 100."""
        raw = str(self.cleaned_data["share_percent"]).replace("%", "").replace(" ", "").replace(",", ".")
        try:
            value = Decimal(raw)
        except InvalidOperation:
            raise ValidationError("Tỷ lệ phải là một số phần trăm, ví dụ 50 hoặc 12,5.") from None
        if not value.is_finite() or not Decimal(0) < value <= Decimal(100):
            raise ValidationError("Tỷ lệ phải lớn hơn 0 % và không quá 100 %.")
        if value != value.quantize(Decimal("0.01")):
            raise ValidationError("Tỷ lệ ghi tối đa hai chữ số thập phân.")
        return value

    def data_for_action(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {"by_date": data["by_date"], "share": data["share_percent"] / 100, "note": data["note"]}
