from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from thanthien.lib.vn import clean_cccd, clean_phone, fmt_number
from thanthien.workdays.forms import DATETIME_FORMATS, DATETIME_WIDGET

from .actions import MAX_NOTE, MAX_PAPERS, NO_PROCEDURES
from .codes import DEFAULT_PATTERN, PatternError, render_prefix, validate_pattern
from .models import Channel, Procedure, Status
from .transitions import STEPS, next_steps

# A live intake at the desk is entered the day it happens, or a little later for a postal delivery; an older
# moment is almost always a mistyped year, and older dossiers come in through the import.
LIVE_BACKDATE = dt.timedelta(days=30)


class ProcedureChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.code}) – {obj.processing_label()}"


class IntakeForm(forms.Form):
    """The desk form: one screen, keyboard order top to bottom."""

    procedure = ProcedureChoiceField(
        label="Thủ tục",
        queryset=Procedure.objects.none(),
        empty_label="– Chọn thủ tục –",
        widget=forms.Select(attrs={"class": "form-select", "autofocus": True}),
        error_messages={"required": "Vui lòng chọn thủ tục.", "invalid_choice": "Thủ tục không hợp lệ."},
    )
    channel = forms.ChoiceField(
        label="Kênh tiếp nhận",
        choices=Channel.choices,
        initial=Channel.DIRECT,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={
            "required": "Vui lòng chọn kênh tiếp nhận.",
            "invalid_choice": "Kênh tiếp nhận không hợp lệ; chọn một trong các kênh trong danh sách.",
        },
    )
    applicant_name = forms.CharField(
        label="Họ và tên người nộp",
        max_length=150,
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off"}),
        error_messages={"required": "Vui lòng nhập họ và tên người nộp hồ sơ."},
    )
    applicant_id_number = forms.CharField(
        label="Số CCCD",
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "numeric", "autocomplete": "off"}),
        help_text="12 chữ số.",
    )
    applicant_phone = forms.CharField(
        label="Số điện thoại",
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "tel", "autocomplete": "off"}),
    )
    applicant_address = forms.CharField(
        label="Địa chỉ", max_length=300, required=False, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    weekend_reception = forms.BooleanField(label="Tiếp nhận ngày nghỉ (thứ Bảy, Chủ nhật)", required=False)
    home_service = forms.BooleanField(label="Phục vụ tại nhà (người già, đi lại khó khăn)", required=False)
    received_at = forms.DateTimeField(
        label="Thời điểm tiếp nhận",
        input_formats=DATETIME_FORMATS,
        widget=DATETIME_WIDGET,
        required=False,
        help_text="Để trống: lấy thời điểm hiện tại.",
        error_messages={"invalid": "Thời điểm không hợp lệ, nhập theo dạng dd/mm/yyyy hh:mm."},
    )
    papers = forms.CharField(
        label="Giấy tờ đã nhận",
        required=False,
        max_length=MAX_PAPERS,
        error_messages={"max_length": f"Danh sách giấy tờ dài quá {fmt_number(MAX_PAPERS)} ký tự."},
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
        help_text="Mỗi giấy tờ một dòng; để trống nếu nhận đủ theo thành phần hồ sơ của thủ tục.",
    )
    note = forms.CharField(
        label="Ghi chú",
        required=False,
        max_length=MAX_NOTE,
        error_messages={"max_length": f"Ghi chú dài quá {fmt_number(MAX_NOTE)} ký tự."},
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}),
    )

    def __init__(self, *args: Any, procedures: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if procedures is not None:
            self.fields["procedure"].queryset = procedures  # type: ignore[attr-defined]

    def clean_applicant_id_number(self) -> str:
        value = self.cleaned_data["applicant_id_number"].strip()
        return clean_cccd(value) if value else ""

    def clean_applicant_phone(self) -> str:
        value = self.cleaned_data["applicant_phone"].strip()
        return clean_phone(value) if value else ""

    def clean_received_at(self) -> dt.datetime | None:
        value = self.cleaned_data.get("received_at")
        if value and value > timezone.now() + dt.timedelta(minutes=5):
            raise ValidationError("Thời điểm tiếp nhận không được ở tương lai.")
        if value and value < timezone.now() - LIVE_BACKDATE:
            raise ValidationError(
                f"Thời điểm tiếp nhận sớm hơn {LIVE_BACKDATE.days} ngày trước hôm nay (kiểm tra lại ngày, năm). "
                "Hồ sơ nhận từ trước đó hãy đưa vào bằng chức năng Nhập hồ sơ từ tệp."
            )
        return value


# Which next statuses the dossier page offers, with the button text: the state machine's own table.
NEXT_STEPS: dict[int, list[tuple[int, str]]] = {status: next_steps(status) for status in STEPS}


class StatusForm(forms.Form):
    to = forms.TypedChoiceField(coerce=int, choices=Status.choices)
    note = forms.CharField(
        label="Ghi chú / lý do",
        required=False,
        max_length=MAX_NOTE,
        error_messages={"max_length": f"Ghi chú / lý do dài quá {fmt_number(MAX_NOTE)} ký tự."},
    )


PHONE_CHARS = re.compile(r"^[0-9 .()+-]+$")


class DeskSettingForm(forms.Form):
    code_pattern = forms.CharField(
        label="Mẫu mã hồ sơ",
        max_length=80,
        widget=forms.TextInput(attrs={"class": "form-control"}),
        help_text="Thành phần: {unit} mã đơn vị, {yyyy} {yy} {mm} {dd} {yymmdd} ngày nhận, {seq:N} số thứ tự N chữ số "
        "(đếm lại theo phần đứng trước, ví dụ đếm theo ngày khi mẫu có {yymmdd}).",
    )
    at_risk_hours = forms.IntegerField(
        label="Ngưỡng “sắp đến hạn” (giờ làm việc)",
        min_value=1,
        max_value=80,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )
    phone = forms.CharField(
        label="Số điện thoại Bộ phận Một cửa",
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "tel", "autocomplete": "off"}),
        help_text="In trên phiếu yêu cầu bổ sung, phiếu từ chối và hiện khi người dân tra cứu hồ sơ.",
    )
    address = forms.CharField(
        label="Địa chỉ Bộ phận Một cửa",
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    opening_hours = forms.CharField(
        label="Giờ tiếp nhận hồ sơ",
        max_length=300,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
        help_text="Ví dụ: Sáng 7 giờ 30 – 11 giờ 30, chiều 13 giờ 00 – 17 giờ 00, từ thứ Hai đến thứ Sáu.",
    )
    restrict_procedures = forms.BooleanField(label="Chỉ dùng các thủ tục được chọn dưới đây", required=False)
    procedures = forms.ModelMultipleChoiceField(
        label="Thủ tục áp dụng tại đơn vị",
        queryset=Procedure.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        error_messages={"invalid_choice": "Thủ tục không hợp lệ.", "invalid_pk_value": "Thủ tục không hợp lệ."},
    )

    def __init__(self, *args: Any, unit_code: str = "", **kwargs: Any) -> None:
        from .actions import vietnamese_order

        super().__init__(*args, **kwargs)
        self.unit_code = unit_code
        procedures = self.fields["procedures"]
        procedures.queryset = Procedure.objects.filter(active=True).order_by(  # type: ignore[attr-defined]
            *vietnamese_order("name"), "code"
        )
        pattern = self.initial.get("code_pattern") or DEFAULT_PATTERN
        self.fields["code_pattern"].help_text = (
            f"Với mẫu hiện tại, hồ sơ đầu tiên nhận hôm nay có mã {example_code(pattern, unit_code)}. "
            + str(self.fields["code_pattern"].help_text)
        )

    def clean_code_pattern(self) -> str:
        value = str(self.cleaned_data["code_pattern"]).strip()
        try:
            validate_pattern(value)
        except PatternError as exc:
            raise ValidationError(str(exc)) from None
        return value

    def clean_phone(self) -> str:
        value = " ".join(self.cleaned_data["phone"].split())
        digits = sum(ch.isdigit() for ch in value)
        if value and (not PHONE_CHARS.match(value) or not 8 <= digits <= 15):
            raise ValidationError("Số điện thoại không hợp lệ (8–15 chữ số, ví dụ 0237 3868 123).")
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("restrict_procedures") and not data.get("procedures") and "procedures" not in self.errors:
            self.add_error("procedures", NO_PROCEDURES)
        return data


def example_code(pattern: str, unit_code: str, day: dt.date | None = None) -> str:
    """The code the first dossier of `day` (today) gets under `pattern` at this unit, e.g. X16012-261201-0001."""
    try:
        before, after, width = render_prefix(pattern, unit_code, day or timezone.localdate())
    except (PatternError, KeyError):
        return "(mẫu chưa hợp lệ)"
    return f"{before}{1:0{width}d}{after}"
