"""The forms of public feedback: what a citizen types on a phone, the follow form, and what staff type to decline,
answer and publish. The actions (feedback_actions) check the rules; these give the fields and their messages."""

from __future__ import annotations

from django import forms

from .feedback import FEEDBACK_MAX_CHARS, FeedbackCategory, FeedbackKind
from .feedback_actions import PLACE_MAX_CHARS, REASON_MAX_CHARS
from .forms_dialogues import StaffForm, _area, _date, _text
from .models import PetitionKind


class SendForm(StaffForm):
    """The public page's form. Contact details are optional: the page says that a reply needs one."""

    kind = forms.ChoiceField(
        label="Ông/Bà muốn gửi",
        choices=FeedbackKind.choices,
        initial=FeedbackKind.FEEDBACK,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"required": "Vui lòng chọn phản ánh hoặc kiến nghị."},
    )
    category = forms.ChoiceField(
        label="Lĩnh vực",
        choices=[("", "– Chọn lĩnh vực –"), *FeedbackCategory.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"required": "Vui lòng chọn lĩnh vực.", "invalid_choice": "Lĩnh vực không hợp lệ."},
    )
    content = _area("Nội dung", FEEDBACK_MAX_CHARS, required=True, rows=6)
    place = _text("Địa điểm được phản ánh (thôn, xóm, đường…)", PLACE_MAX_CHARS)
    photo = forms.FileField(
        label="Ảnh kèm theo (không bắt buộc)",
        required=False,
        help_text="Ảnh JPEG, PNG hoặc WebP, tối đa 5 MB. Thông tin vị trí, thời gian chụp trong ảnh được xóa khi lưu.",
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": "image/jpeg,image/png,image/webp"}),
    )
    contact_name = _text("Họ và tên", 150)
    contact_phone = _text("Số điện thoại", 20)
    contact_email = _text("Thư điện tử", 254)
    contact_address = _text("Địa chỉ", 300)
    consent_publish = forms.BooleanField(
        label="Tôi đồng ý để xã, phường công khai nội dung phản ánh và câu trả lời (không kèm thông tin liên hệ).",
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["contact_phone"].widget.attrs.update({"inputmode": "tel", "autocomplete": "tel"})
        self.fields["contact_email"].widget.attrs.update({"inputmode": "email", "autocomplete": "email"})
        self.fields["contact_name"].widget.attrs["autocomplete"] = "name"
        self.fields["contact_address"].widget.attrs["autocomplete"] = "street-address"
        self.fields["content"].widget.attrs["maxlength"] = str(FEEDBACK_MAX_CHARS)


class FollowForm(forms.Form):
    ma = forms.CharField(
        label="Mã theo dõi",
        max_length=30,
        help_text="Mã in trên trang xác nhận khi gửi phản ánh, ví dụ PA-7K3M-Q9XR.",
        widget=forms.TextInput(
            attrs={
                "class": "form-control",
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
            }
        ),
    )
    pin = forms.CharField(
        label="Mã PIN",
        max_length=12,
        help_text="Gồm 6 chữ số, nhận được cùng mã theo dõi.",
        widget=forms.TextInput(attrs={"class": "form-control", "autocomplete": "off", "inputmode": "numeric"}),
    )


class DeclineForm(StaffForm):
    decline_reason = _area("Lý do không xử lý (người gửi đọc được)", REASON_MAX_CHARS, required=True)


class AnswerForm(StaffForm):
    answer = _area("Nội dung trả lời", FEEDBACK_MAX_CHARS, required=True, rows=5)
    answered_on = _date("Ngày trả lời", required=True)


class PublishForm(StaffForm):
    public_content = _area(
        "Nội dung công khai (bỏ họ tên, số điện thoại, địa chỉ nếu người gửi có ghi trong nội dung)",
        FEEDBACK_MAX_CHARS,
        required=True,
        rows=5,
    )


class PetitionTriageForm(StaffForm):
    kind = forms.ChoiceField(
        label="Loại đơn",
        choices=PetitionKind.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"required": "Vui lòng chọn loại đơn.", "invalid_choice": "Loại đơn không hợp lệ."},
    )
