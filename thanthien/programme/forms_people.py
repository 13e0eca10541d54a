"""The forms of the people pages (officials, commitments, activities): what staff type, with Vietnamese messages;
the actions (actions_people) check the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import User

from thanthien.lib.forms import AccessibleErrorsMixin
from thanthien.org.models import Unit
from thanthien.workdays.forms import date_field, text_field

from .models import ActivityKind, Official

COUNT_ERROR = "Vui lòng nhập số người là số nguyên từ 0 trở lên."


def _file(label: str, accept: str, help_text: str) -> forms.FileField:
    return forms.FileField(
        label=label,
        required=False,
        help_text=help_text,
        widget=forms.FileInput(attrs={"class": "form-control", "accept": accept}),
        error_messages={"invalid": "Tệp không hợp lệ.", "empty": "Tệp không có nội dung."},
    )


_text = text_field


def _date(label: str, required: bool = True) -> forms.DateField:
    return date_field(label, required)


class StaffForm(AccessibleErrorsMixin, forms.Form):
    """Puts an action's errors beside their fields and marks the fields in error for screen readers."""


class AccountChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.username)


class OfficialChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} – {obj.position}"


class OfficialForm(StaffForm):
    full_name = _text("Họ và tên", 150, required=True)
    position = _text("Chức vụ", 200, required=True)
    desk = _text("Nơi làm việc, quầy", 200)
    phone = _text("Điện thoại", 20, inputmode="tel")
    show_phone = forms.BooleanField(label="Công khai số điện thoại trên trang danh bạ", required=False)
    order = forms.IntegerField(
        label="Thứ tự",
        required=False,
        min_value=0,
        max_value=999,
        widget=forms.NumberInput(attrs={"class": "form-control", "min": "0", "inputmode": "numeric"}),
        error_messages={"invalid": "Thứ tự là số nguyên.", "min_value": "Thứ tự từ 0.", "max_value": "Tối đa 999."},
    )
    active = forms.BooleanField(label="Đang công tác", required=False, initial=True)
    user = AccountChoice(
        label="Tài khoản trên hệ thống",
        queryset=User.objects.none(),
        required=False,
        empty_label="— Không liên kết —",
        widget=forms.Select(attrs={"class": "form-select"}),
        help_text="Cán bộ có tài khoản tự chọn công khai số điện thoại của mình.",
        error_messages={"invalid_choice": "Tài khoản không thuộc xã, phường."},
    )

    def __init__(self, *args: Any, unit: Unit, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user_field = self.fields["user"]
        assert isinstance(user_field, forms.ModelChoiceField)
        user_field.queryset = User.objects.filter(memberships__unit=unit).distinct().order_by("first_name", "username")


class SignatureForm(StaffForm):
    official = OfficialChoice(
        label="Cán bộ, công chức",
        queryset=Official.objects.none(),
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={
            "required": "Vui lòng chọn cán bộ, công chức đã ký.",
            "invalid_choice": "Cán bộ này không có trong danh sách chưa ký.",
        },
    )
    signed_on = _date("Ngày ký")
    scan = _file("Bản ký (PDF, JPEG hoặc PNG, tối đa 10 MB)", "application/pdf,image/jpeg,image/png", "Không bắt buộc.")

    def __init__(self, *args: Any, officials: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["official"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = officials


class TextForm(StaffForm):
    title = _text("Tên", 200, required=True)
    body = forms.CharField(
        label="Nội dung cam kết",
        max_length=10_000,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 8}),
        error_messages={"required": "Vui lòng nhập nội dung cam kết.", "max_length": "Nội dung dài quá 10.000 ký tự."},
    )
    valid_from = _date("Áp dụng từ ngày")


class ActivityForm(StaffForm):
    kind = forms.ChoiceField(
        label="Loại hoạt động",
        choices=[("", "— Chọn loại —"), *ActivityKind.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"required": "Vui lòng chọn loại hoạt động.", "invalid_choice": "Loại hoạt động không hợp lệ."},
    )
    held_on = _date("Ngày")
    title = forms.CharField(
        label="Nội dung",
        max_length=500,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
        error_messages={"required": "Vui lòng nhập nội dung hoạt động.", "max_length": "Nội dung dài quá 500 ký tự."},
    )
    attendees = forms.IntegerField(
        label="Số người dự, người tham gia",
        required=False,
        min_value=0,
        max_value=1_000_000,
        help_text="Bắt buộc với hội nghị và tập huấn.",
        widget=forms.NumberInput(attrs={"class": "form-control", "min": "0", "inputmode": "numeric"}),
        error_messages={"invalid": COUNT_ERROR, "min_value": COUNT_ERROR, "max_value": "Số người quá lớn."},
    )
    outlet = _text("Cơ quan báo chí, kênh", 200)
    outlet.help_text = "Bắt buộc với tin, bài trên báo, đài."
    link = _text("Đường dẫn", 500, inputmode="url")
    link.help_text = "Với tin, bài và bài đăng trang thông tin điện tử; bắt đầu bằng http:// hoặc https://."
    photo = _file("Ảnh (JPEG, PNG hoặc WebP, tối đa 5 MB)", "image/jpeg,image/png,image/webp", "Không bắt buộc.")

    def data_values(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "photo"}
