"""Forms of the letters pages: editing a draft, cancelling, recording the delivery, a citizen's contribution."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from thanthien.engagement.models import SUMMARY_MAX_CHARS
from thanthien.lib.vn import clean_phone
from thanthien.workdays.forms import DATE_FORMATS, DATE_WIDGET, DATETIME_FORMATS, DATETIME_WIDGET

from . import actions
from .models import (
    BODY_MAX_CHARS,
    NOTE_MAX_CHARS,
    REASON_MAX_CHARS,
    DeliveryMethod,
    Letter,
    LetterKind,
)

HONORIFICS = ("Ông/Bà", "Ông", "Bà", "Gia đình", "Anh/Chị")

TEXT = {"class": "form-control"}
DATETIME_ERROR = "Thời điểm không hợp lệ, nhập theo dạng dd/mm/yyyy hh:mm (ví dụ 20/11/2026 16:00)."
TOO_LONG = {"max_length": "Nội dung dài quá %(limit_value)d ký tự (hiện có %(show_value)d); hãy viết ngắn lại."}


def _phone(value: str) -> str:
    return clean_phone(value) if value.strip() else ""


class LetterEditForm(forms.Form):
    """A draft's recipient and, for an apology, the reason and the new appointment."""

    honorific = forms.ChoiceField(label="Danh xưng", widget=forms.Select(attrs={"class": "form-select"}))
    recipient_name = forms.CharField(
        label="Người nhận",
        max_length=150,
        widget=forms.TextInput(attrs=TEXT),
        error_messages={"required": "Vui lòng nhập tên người nhận."},
    )
    recipient_address = forms.CharField(label="Địa chỉ", max_length=300, required=False, widget=forms.TextInput(TEXT))
    recipient_phone = forms.CharField(
        label="Điện thoại", max_length=20, required=False, widget=forms.TextInput({**TEXT, "inputmode": "tel"})
    )
    recipient_email = forms.EmailField(
        label="Thư điện tử",
        required=False,
        widget=forms.EmailInput(TEXT),
        error_messages={"invalid": "Địa chỉ thư điện tử không hợp lệ."},
    )
    reason = forms.CharField(
        label="Lý do chậm trả kết quả",
        required=False,
        max_length=REASON_MAX_CHARS,
        error_messages=TOO_LONG,
        widget=forms.Textarea({**TEXT, "rows": 2}),
        help_text="Bắt buộc khi duyệt thư xin lỗi. Viết tiếp sau chữ “Do …”, ví dụ: phải xác minh thêm thông tin.",
    )
    new_appointment_at = forms.DateTimeField(
        label="Hẹn trả kết quả mới",
        required=False,
        input_formats=DATETIME_FORMATS,
        widget=DATETIME_WIDGET,
        help_text="Gợi ý theo lịch làm việc; phải sau hạn trả kết quả ban đầu.",
        error_messages={"invalid": DATETIME_ERROR},
    )
    body = forms.CharField(
        label="Nội dung riêng cho thư này",
        required=False,
        max_length=BODY_MAX_CHARS,
        error_messages=TOO_LONG,
        widget=forms.Textarea({**TEXT, "rows": 8}),
        help_text="Để trống để dùng mẫu thư của đơn vị (nội dung tự điền theo người nhận).",
    )

    def __init__(self, *args: Any, letter: Letter, **kwargs: Any) -> None:
        self.letter = letter
        if "initial" not in kwargs and not args:
            kwargs["initial"] = self.initial_for(letter)
        super().__init__(*args, **kwargs)
        choices = list(HONORIFICS)
        if letter.honorific and letter.honorific not in choices:
            choices.insert(0, letter.honorific)
        self.fields["honorific"].choices = [(h, h) for h in choices]  # type: ignore[attr-defined]
        if letter.kind != LetterKind.APOLOGY:
            del self.fields["reason"]
            del self.fields["new_appointment_at"]

    @staticmethod
    def initial_for(letter: Letter) -> dict[str, Any]:
        return {
            "honorific": letter.honorific,
            "recipient_name": letter.recipient_name,
            "recipient_address": letter.recipient_address,
            "recipient_phone": letter.recipient_phone,
            "recipient_email": letter.recipient_email,
            "reason": letter.reason,
            "new_appointment_at": letter.new_appointment_at or actions.suggest_new_appointment(letter),
            "body": letter.body,
        }

    def clean_new_appointment_at(self) -> Any:
        moment = self.cleaned_data.get("new_appointment_at")
        # The past is refused by the action, after the subject's own rule ("after the original due date").
        if moment is not None and (problem := actions.appointment_too_far(moment)):
            raise forms.ValidationError(problem)
        return moment

    def clean_recipient_name(self) -> str:
        return " ".join(self.cleaned_data["recipient_name"].split())

    def clean_recipient_phone(self) -> str:
        return _phone(self.cleaned_data["recipient_phone"])

    def clean_body(self) -> str:
        body = str(self.cleaned_data["body"]).strip()
        if body:
            actions.render_text(body, actions.context_for(self.letter))
        return body


class CancelForm(forms.Form):
    reason = forms.CharField(
        label="Lý do hủy thư",
        max_length=NOTE_MAX_CHARS,
        widget=forms.Textarea({**TEXT, "rows": 2}),
        error_messages={"required": "Vui lòng ghi lý do hủy thư.", **TOO_LONG},
    )

    def clean_reason(self) -> str:
        reason = str(self.cleaned_data["reason"]).strip()
        if not reason:
            raise ValidationError("Vui lòng ghi lý do hủy thư.")
        return reason


class DeliveryForm(forms.Form):
    method = forms.ChoiceField(
        label="Cách gửi",
        choices=DeliveryMethod.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"required": "Vui lòng chọn cách gửi.", "invalid_choice": "Cách gửi không hợp lệ."},
    )
    at = forms.DateTimeField(
        label="Thời điểm trao, gửi",
        required=False,
        input_formats=DATETIME_FORMATS,
        widget=DATETIME_WIDGET,
        help_text="Để trống: bây giờ. Thư điện tử, SMS, Zalo được gửi ngay khi bấm nút.",
        error_messages={"invalid": DATETIME_ERROR},
    )
    note = forms.CharField(
        label="Ghi chú",
        required=False,
        max_length=NOTE_MAX_CHARS,
        error_messages=TOO_LONG,
        widget=forms.Textarea({**TEXT, "rows": 2}),
    )

    def __init__(self, *args: Any, letter: Letter | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if letter is not None:
            # Only the channels this recipient can be reached by (an e-mail address, a phone, an address).
            from .delivery import channels_for

            self.fields["method"].choices = channels_for(letter)  # type: ignore[attr-defined]
            self.fields["method"].error_messages["invalid_choice"] = (
                "Người nhận chưa có thông tin liên hệ cho cách gửi này; hãy bổ sung liên hệ trước."
            )


class ContactForm(forms.Form):
    """A way to reach the recipient of an approved letter, added by staff (the letter's text stays frozen)."""

    recipient_email = forms.EmailField(
        label="Thư điện tử",
        required=False,
        max_length=254,
        widget=forms.EmailInput(TEXT),
        error_messages={"invalid": "Địa chỉ thư điện tử không hợp lệ."},
    )
    recipient_phone = forms.CharField(
        label="Điện thoại", max_length=20, required=False, widget=forms.TextInput({**TEXT, "inputmode": "tel"})
    )
    recipient_address = forms.CharField(label="Địa chỉ", max_length=300, required=False, widget=forms.TextInput(TEXT))

    def clean_recipient_phone(self) -> str:
        return _phone(self.cleaned_data["recipient_phone"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not any(str(data.get(k) or "").strip() for k in self.fields):
            raise ValidationError("Vui lòng nhập ít nhất một thông tin liên hệ: thư điện tử, điện thoại hoặc địa chỉ.")
        return data


class ContributionForm(forms.Form):
    contributor_name = forms.CharField(
        label="Người đóng góp",
        max_length=150,
        widget=forms.TextInput(TEXT),
        error_messages={"required": "Vui lòng nhập tên người đóng góp."},
    )
    contributor_address = forms.CharField(label="Địa chỉ", max_length=300, required=False, widget=forms.TextInput(TEXT))
    contributor_phone = forms.CharField(
        label="Điện thoại", max_length=20, required=False, widget=forms.TextInput({**TEXT, "inputmode": "tel"})
    )
    contributor_email = forms.EmailField(
        label="Thư điện tử",
        required=False,
        widget=forms.EmailInput(TEXT),
        error_messages={"invalid": "Địa chỉ thư điện tử không hợp lệ."},
    )
    summary = forms.CharField(
        label="Nội dung đóng góp",
        max_length=SUMMARY_MAX_CHARS,
        widget=forms.Textarea({**TEXT, "rows": 3}),
        help_text="Ý kiến, kiến nghị, hoặc sự giúp đỡ của công dân; sẽ được nhắc lại trong thư cảm ơn.",
        error_messages={"required": "Vui lòng ghi nội dung đóng góp.", **TOO_LONG},
    )
    received_on = forms.DateField(
        label="Ngày nhận",
        required=False,
        input_formats=DATE_FORMATS,
        widget=DATE_WIDGET,
        help_text="Để trống: hôm nay.",
        error_messages={"invalid": "Ngày không hợp lệ, nhập theo dạng dd/mm/yyyy."},
    )

    def clean_contributor_name(self) -> str:
        return " ".join(self.cleaned_data["contributor_name"].split())

    def clean_contributor_phone(self) -> str:
        return _phone(self.cleaned_data["contributor_phone"])
