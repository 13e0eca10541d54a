from __future__ import annotations

from typing import Any

from django import forms

from thanthien.lib.forms import AccessibleErrorsMixin
from thanthien.workdays.forms import date_field, text_field

from .models import PERSON_TITLES, EventKind

_date = date_field
_text = text_field


class CivilEventForm(AccessibleErrorsMixin, forms.Form):
    """The registrar's quick form: one screen, the kind first; the action checks the rules."""

    kind = forms.ChoiceField(
        label="Loại sự kiện",
        choices=EventKind.choices,
        initial=EventKind.BIRTH,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"required": "Vui lòng chọn loại sự kiện.", "invalid_choice": "Loại sự kiện không hợp lệ."},
    )
    register_number = _text("Số đăng ký", 40)
    registered_on = _date("Ngày đăng ký", required=True)
    event_date = _date("Ngày sinh / kết hôn / mất")
    person_name = _text("Họ tên", 150, required=True)
    partner_name = _text("Họ tên vợ", 150)
    person_title = forms.ChoiceField(
        label="Danh xưng người mất",
        required=False,
        choices=[("", "– chọn –"), *((t, t) for t in PERSON_TITLES)],
        widget=forms.Select(attrs={"class": "form-select"}),
        help_text="Thư chia buồn gọi người đã khuất như vậy (Cụ ông, Cụ bà với người cao tuổi).",
        error_messages={"invalid_choice": "Danh xưng không hợp lệ."},
    )
    contact_name = _text("Người nhận thư", 150, required=True)
    contact_address = _text("Địa chỉ người nhận", 300)
    contact_phone = _text("Điện thoại người nhận", 20, inputmode="tel")
    contact_email = forms.EmailField(
        label="Thư điện tử người nhận",
        required=False,
        widget=forms.EmailInput(attrs={"class": "form-control", "autocomplete": "off"}),
        error_messages={"invalid": "Địa chỉ thư điện tử không hợp lệ."},
    )
    ceremony_held = forms.BooleanField(label="Trao giấy chứng nhận kết hôn tại buổi lễ", required=False)
    ceremony_on = _date("Ngày tổ chức lễ trao")
    note = forms.CharField(
        label="Ghi chú",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 2}),
        error_messages={"max_length": "Ghi chú dài quá %(limit_value)d ký tự (hiện có %(show_value)d)."},
    )

    # Fields shown only for a marriage (the page hides them for the other kinds when JavaScript runs).
    MARRIAGE_ONLY = ("partner_name", "ceremony_held", "ceremony_on")
    DEATH_ONLY = ("person_title",)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") and data["kind"] != EventKind.MARRIAGE:
            # Hidden fields may still carry what was typed before the kind was changed.
            data["partner_name"], data["ceremony_held"], data["ceremony_on"] = "", False, None
        if data.get("kind") and data["kind"] != EventKind.DEATH:
            data["person_title"] = ""
        return data


class CeremonyForm(forms.Form):
    ceremony_on = _date("Ngày tổ chức lễ trao", required=True)
