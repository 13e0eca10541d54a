"""The forms of the petition pages: what staff type, with Vietnamese messages. The actions (engagement.actions)
check the rules — days, states, outcomes by kind — and their refusals are put beside the fields."""

from __future__ import annotations

from typing import Any

from django import forms

from thanthien.lib.vn import clean_cccd

from .forms_dialogues import StaffForm, _area, _date, _text
from .models import (
    OUTCOMES_BY_KIND,
    SUMMARY_MAX_CHARS,
    Counting,
    Direction,
    ExtensionStep,
    Outcome,
    PetitionKind,
    Source,
    Step,
    Variant,
)

YES_NO_UNKNOWN = [("", "Chưa xác định"), ("yes", "Có"), ("no", "Không")]


def _choice(label: str, choices: list[tuple[str, str]], required: bool = True) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        required=required,
        choices=choices,
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"required": f"Vui lòng chọn {label.lower()}.", "invalid_choice": f"{label} không hợp lệ."},
    )


def _check(label: str) -> forms.BooleanField:
    return forms.BooleanField(
        label=label, required=False, widget=forms.CheckboxInput(attrs={"class": "form-check-input"})
    )


def _tri(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class ReceiveForm(StaffForm):
    received_on = _date("Ngày nhận đơn", required=True)
    source = _choice("Nguồn đơn", Source.choices)
    kind = _choice("Loại đơn", PetitionKind.choices)
    field = _text("Lĩnh vực", 120)
    content = _area("Nội dung đơn", SUMMARY_MAX_CHARS, required=True, rows=4)
    anonymous = _check("Đơn nặc danh (không ghi họ tên người gửi)")
    petitioner_name = _text("Họ tên người gửi đơn", 150)
    petitioner_address = _text("Địa chỉ người gửi", 300)
    petitioner_id_number = _text("Số CCCD người gửi", 12)
    signers = forms.IntegerField(
        label="Số người ký đơn",
        min_value=1,
        max_value=10_000,
        initial=1,
        widget=forms.NumberInput(attrs={"class": "form-control", "min": "1", "inputmode": "numeric"}),
        error_messages={
            "required": "Vui lòng nhập số người ký đơn.",
            "invalid": "Số người ký đơn phải là số nguyên từ 1 trở lên.",
            "min_value": "Số người ký đơn phải là số nguyên từ 1 trở lên.",
            "max_value": "Số người ký đơn quá lớn.",
        },
    )
    complex = _check("Vụ việc phức tạp")
    remote_area = _check("Vùng sâu, vùng xa, đi lại khó khăn")
    note = _area("Ghi chú", 2_000, rows=2)

    def clean_petitioner_id_number(self) -> str:
        return cccd_or_empty(self.cleaned_data.get("petitioner_id_number"))


def cccd_or_empty(value: Any) -> str:
    """A typed CCCD: empty, or 12 digits (lib.vn.clean_cccd) — "²", "zzz" or a date are refused."""
    text = str(value or "").strip()
    return clean_cccd(text) if text else ""


class EditForm(ReceiveForm):
    """Correcting what was typed at receipt. The day and the kind are shown but fixed once the petition is
    classified (the action refuses them too)."""

    def __init__(self, *args: Any, receipt_fixed: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if receipt_fixed:
            for name in ("received_on", "kind"):
                self.fields[name].disabled = True
                self.fields[name].help_text = "Đơn đã được phân loại, xử lý: không sửa được."


class SplitForm(StaffForm):
    """Up to four contents; the first stays on the petition, each other one becomes a new petition."""

    PARTS = 4

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for n in range(1, self.PARTS + 1):
            self.fields[f"kind_{n}"] = _choice(f"Loại nội dung {n}", [("", "–"), *PetitionKind.choices], required=False)
            self.fields[f"content_{n}"] = _area(f"Nội dung {n}", SUMMARY_MAX_CHARS, rows=2)

    def parts(self) -> list[tuple[str, str]]:
        data = self.cleaned_data
        pairs = [(data.get(f"kind_{n}") or "", data.get(f"content_{n}") or "") for n in range(1, self.PARTS + 1)]
        return [(kind, content) for kind, content in pairs if kind or content.strip()]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for n in range(1, self.PARTS + 1):
            kind, content = data.get(f"kind_{n}"), (data.get(f"content_{n}") or "").strip()
            if content and not kind:
                self.add_error(f"kind_{n}", f"Vui lòng chọn loại cho nội dung {n}.")
            if kind and not content:
                self.add_error(f"content_{n}", f"Vui lòng ghi nội dung {n}.")
        return data


class ClassifyForm(StaffForm):
    eligible = _choice("Đủ điều kiện xử lý", YES_NO_UNKNOWN, required=False)
    ineligible_reason = _text("Lý do không đủ điều kiện", 500)
    within_competence = _choice("Thuộc thẩm quyền", YES_NO_UNKNOWN, required=False)
    direction = _choice(
        "Hướng xử lý",
        [
            ("", "Chưa quyết định (thụ lý bằng nút «Thụ lý»)"),
            *((v, lbl) for v, lbl in Direction.choices if v != "accept"),
        ],
        required=False,
    )
    forwarded_to = _text("Chuyển đến cơ quan", 255)
    direction_reason = _text("Lý do trả lại, lưu hoặc không thụ lý (căn cứ pháp luật)", 500)
    on = _date("Ngày xử lý")

    def action_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "eligible": _tri(data["eligible"]),
            "within_competence": _tri(data["within_competence"]),
            "direction": data["direction"],
            "on": data["on"],
            "ineligible_reason": data["ineligible_reason"],
            "direction_reason": data["direction_reason"],
            "forwarded_to": data["forwarded_to"],
        }


class AcceptForm(StaffForm):
    """Complexity or a remote area found while accepting a complaint sets its 45- or 60-day limit here."""

    on = _date("Ngày thụ lý", required=True)
    complex = _check("Vụ việc phức tạp (khiếu nại: giải quyết trong 45 ngày)")
    remote_area = _check("Vùng sâu, vùng xa, đi lại khó khăn")


class ExtendForm(StaffForm):
    step = _choice("Bước được gia hạn", ExtensionStep.choices)
    days = forms.IntegerField(
        label="Số ngày gia hạn",
        min_value=1,
        max_value=90,
        widget=forms.NumberInput(attrs={"class": "form-control", "min": "1", "inputmode": "numeric"}),
        error_messages={
            "required": "Vui lòng nhập số ngày gia hạn.",
            "invalid": "Số ngày gia hạn phải là số nguyên dương.",
            "min_value": "Số ngày gia hạn phải là số nguyên dương.",
            "max_value": "Số ngày gia hạn quá lớn.",
        },
    )
    reason = _text("Lý do gia hạn", 500, required=True)
    decision = _text("Quyết định gia hạn (số, ký hiệu, trích yếu)", 300, required=True)
    decided_on = _date("Ngày quyết định gia hạn", required=True)


class ResolveForm(StaffForm):
    outcome = _choice("Kết quả", [])
    decision_number = _text("Số quyết định, văn bản trả lời", 50)
    on = _date("Ngày giải quyết xong", required=True)

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Only the outcomes the law knows for this kind; a withdrawal has its own form.
        allowed = OUTCOMES_BY_KIND.get(kind, frozenset()) - {Outcome.WITHDRAWN}
        field = self.fields["outcome"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(v, label) for v, label in Outcome.choices if v in allowed]


class WithdrawForm(StaffForm):
    on = _date("Ngày rút đơn", required=True)
    note = _text("Ghi chú (lý do rút đơn)", 500)


# --- the dated time limits ------------------------------------------------------------------------------------------


def _amount() -> forms.IntegerField:
    return forms.IntegerField(
        label="Số ngày",
        min_value=1,
        max_value=365,
        widget=forms.NumberInput(attrs={"class": "form-control", "min": "1", "inputmode": "numeric"}),
        error_messages={
            "required": "Vui lòng nhập số ngày.",
            "invalid": "Số ngày phải là số nguyên từ 1 đến 365.",
            "min_value": "Số ngày phải là số nguyên từ 1 đến 365.",
            "max_value": "Số ngày phải là số nguyên từ 1 đến 365.",
        },
    )


class LimitRuleForm(StaffForm):
    """A nationwide rule from a day on (a system administrator's: the law changed)."""

    step = _choice("Bước", Step.choices)
    petition_kind = _choice("Loại đơn", [("", "Mọi loại đơn"), *PetitionKind.choices], required=False)
    variant = _choice("Trường hợp", Variant.choices)
    amount = _amount()
    counting = _choice("Cách tính", Counting.choices)
    applies_from = _date("Áp dụng cho đơn nhận từ ngày", required=True)
    legal_basis = _area("Căn cứ pháp lý", 2_000, required=True)


class UnitAnswerForm(StaffForm):
    """The unit's own answer deadline for recommendations and feedback within its competence."""

    petition_kind = _choice(
        "Loại đơn", [(v, label) for v, label in PetitionKind.choices if v in ("recommendation", "feedback")]
    )
    amount = _amount()
    counting = _choice("Cách tính", Counting.choices)
    applies_from = _date("Áp dụng cho đơn nhận từ ngày", required=True)
    legal_basis = _area("Căn cứ (quyết định của đơn vị)", 2_000, required=True)


class LegalBasisForm(StaffForm):
    legal_basis = _area("Căn cứ pháp lý", 2_000, required=True)
