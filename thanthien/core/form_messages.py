"""Django's stock messages for form fields and validators, in correct Vietnamese, for the whole site in one place.

The vi catalogue that ships with Django reads badly ("Đảm bảo giá trị này lớn hơn hoặc bằng với 0 ." with a stray
space, "Nhập một số tổng thể." for a whole number, "kí tự" where the app writes "ký tự"), so these replace the
class defaults. A field reads its class's messages when it is created, so this runs before any form module is
imported (see thanthien.core.apps); a form's own error_messages still win."""

from __future__ import annotations

from django import forms
from django.core import validators

REQUIRED = "Vui lòng điền vào ô này."
INVALID_CHOICE = "Lựa chọn “%(value)s” không có trong danh sách."
INVALID_LIST = "Vui lòng chọn từ danh sách."

FIELD_MESSAGES: dict[type[forms.Field], dict[str, str]] = {
    forms.Field: {"required": REQUIRED},
    forms.IntegerField: {"invalid": "Vui lòng nhập một số nguyên."},
    forms.FloatField: {"invalid": "Vui lòng nhập một số."},
    forms.DecimalField: {"invalid": "Vui lòng nhập một số."},
    forms.DateField: {"invalid": "Ngày không hợp lệ; vui lòng nhập theo dạng ngày/tháng/năm, ví dụ 31/03/2026."},
    forms.DateTimeField: {
        "invalid": "Thời điểm không hợp lệ; vui lòng nhập theo dạng ngày/tháng/năm giờ:phút, ví dụ 31/03/2026 14:30."
    },
    forms.TimeField: {"invalid": "Giờ không hợp lệ; vui lòng nhập theo dạng giờ:phút, ví dụ 14:30."},
    forms.DurationField: {"invalid": "Khoảng thời gian không hợp lệ.", "overflow": "Khoảng thời gian quá lớn."},
    forms.ChoiceField: {"invalid_choice": INVALID_CHOICE},
    forms.MultipleChoiceField: {"invalid_choice": INVALID_CHOICE, "invalid_list": INVALID_LIST},
    forms.ModelChoiceField: {"invalid_choice": "Lựa chọn này không có trong danh sách."},
    forms.ModelMultipleChoiceField: {
        "invalid_choice": INVALID_CHOICE,
        "invalid_list": INVALID_LIST,
        "invalid_pk_value": "“%(pk)s” không phải là một giá trị hợp lệ.",
    },
    forms.URLField: {"invalid": "Vui lòng nhập một địa chỉ web hợp lệ."},
    forms.UUIDField: {"invalid": "Vui lòng nhập một mã UUID hợp lệ."},
    forms.JSONField: {"invalid": "Nội dung JSON không hợp lệ."},
    forms.FileField: {
        "invalid": "Không nhận được tệp: hãy kiểm tra lại biểu mẫu.",
        "missing": "Chưa có tệp nào được gửi.",
        "empty": "Tệp gửi lên không có nội dung.",
        "max_length": "Tên tệp tối đa %(max)d ký tự (hiện có %(length)d).",
        "contradiction": "Vui lòng gửi tệp mới hoặc chọn xóa tệp, không làm cả hai.",
    },
    forms.ImageField: {"invalid_image": "Tệp gửi lên không phải là ảnh hoặc ảnh bị hỏng."},
}

VALIDATOR_MESSAGES: dict[type, str] = {
    validators.MinValueValidator: "Giá trị phải lớn hơn hoặc bằng %(limit_value)s.",
    validators.MaxValueValidator: "Giá trị phải nhỏ hơn hoặc bằng %(limit_value)s.",
    validators.StepValueValidator: "Giá trị phải là bội số của %(limit_value)s.",
    validators.MinLengthValidator: "Cần ít nhất %(limit_value)d ký tự (hiện có %(show_value)d).",
    validators.MaxLengthValidator: "Tối đa %(limit_value)d ký tự (hiện có %(show_value)d).",
    validators.EmailValidator: "Vui lòng nhập một địa chỉ thư điện tử hợp lệ.",
    validators.URLValidator: "Vui lòng nhập một địa chỉ web hợp lệ.",
    validators.RegexValidator: "Vui lòng nhập một giá trị hợp lệ.",
    validators.ProhibitNullCharactersValidator: "Không được có ký tự NUL (mã 0).",
}

DECIMAL_MESSAGES = {
    "invalid": "Vui lòng nhập một số.",
    "max_digits": "Tối đa %(max)s chữ số.",
    "max_decimal_places": "Tối đa %(max)s chữ số sau dấu phẩy.",
    "max_whole_digits": "Tối đa %(max)s chữ số trước dấu phẩy.",
}


def install() -> None:
    """Replace the class defaults in place (idempotent)."""
    for field_class, messages in FIELD_MESSAGES.items():
        # Each class's own dict: writing into an inherited one would change the parent's messages too.
        own = field_class.__dict__.get("default_error_messages")
        if own is None:
            own = {}
            field_class.default_error_messages = own
        own.update(messages)
    for validator_class, message in VALIDATOR_MESSAGES.items():
        validator_class.message = message  # type: ignore[attr-defined]
    validators.DecimalValidator.messages.update(DECIMAL_MESSAGES)
