"""The forms of the model's pages (stages, steps, profile, documents, board): what staff type, with Vietnamese
messages. The actions (actions_model) check the rules: the number's shape, the documents' commune, the days."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet

from thanthien.lib.forms import AccessibleErrorsMixin
from thanthien.workdays.forms import date_field, text_field

from .models import BoardKind, Decides, DocumentKind, IssuedDocument, Issuer, Stage


def _choice(label: str, choices: Any, required: bool = True) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices,
        required=required,
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"required": f"Vui lòng chọn {label.lower()}.", "invalid_choice": f"{label} không hợp lệ."},
    )


def _count(label: str, high: int = 10_000_000) -> forms.IntegerField:
    message = f"{label}: nhập số nguyên từ 0 trở lên."
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=high,
        widget=forms.NumberInput(attrs={"class": "form-control", "min": "0", "inputmode": "numeric"}),
        error_messages={"invalid": message, "min_value": message, "max_value": f"{label} quá lớn."},
    )


def _date(label: str, required: bool = False) -> forms.DateField:
    return date_field(label, required, years_served=True)


def _text(label: str, max_length: int, required: bool = False, area: bool = False) -> forms.CharField:
    return text_field(label, max_length, required, area=area)


class DocumentChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.get_kind_display()} số {obj.number} ngày {obj.issued_on:%d/%m/%Y}"


def _document(label: str, queryset: QuerySet[IssuedDocument]) -> DocumentChoiceField:
    return DocumentChoiceField(
        label=label,
        queryset=queryset,
        required=False,
        empty_label="— Chưa có / không chọn —",
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"invalid_choice": "Văn bản đã chọn không thuộc đơn vị."},
    )


class StaffForm(AccessibleErrorsMixin, forms.Form):
    """A staff form: an action's errors go beside their fields (lib.forms)."""


class StageForm(StaffForm):
    stage = _choice("Giai đoạn", Stage.choices)
    reached_on = _date("Ngày", required=True)
    document = _document("Văn bản", IssuedDocument.objects.none())
    note = _text("Ghi chú", 500)

    def __init__(self, *args: Any, documents: QuerySet[IssuedDocument], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = documents  # type: ignore[attr-defined]


class StepForm(StaffForm):
    title = _text("Tên bước", 300, required=True)
    description = _text("Nội dung", 4000, area=True)
    planned_by = _date("Thời hạn")
    done_on = _date("Hoàn thành ngày")


class ProfileForm(StaffForm):
    as_of = _date("Số liệu tính đến ngày", required=True)
    area_km2 = forms.DecimalField(
        label="Diện tích tự nhiên (km²)",
        required=False,
        min_value=0,
        max_digits=9,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "decimal"}),
        error_messages={
            "invalid": "Diện tích: nhập số, ví dụ 4,36.",
            "min_value": "Diện tích không thể âm.",
            "max_decimal_places": "Diện tích: tối đa 2 chữ số thập phân.",
            "max_digits": "Diện tích quá lớn.",
            "max_whole_digits": "Diện tích quá lớn.",
        },
    )
    households = _count("Số hộ")
    population = _count("Số nhân khẩu")
    party_members = _count("Số đảng viên")
    party_cells = _count("Số chi bộ", 10_000)
    villages = _count("Số thôn, tổ dân phố", 10_000)
    note = _text("Đặc điểm khác", 4000, area=True)


class DocumentForm(StaffForm):
    kind = _choice("Loại văn bản", DocumentKind.choices)
    number = _text("Số, ký hiệu", 60, required=True)
    issued_on = _date("Ngày ban hành", required=True)
    issuer = _choice("Cơ quan ban hành", Issuer.choices)
    issuer_name = _text("Tên cơ quan ban hành (khi cơ quan cấp trên ban hành)", 200)
    summary = _text("Trích yếu", 1000, required=True, area=True)
    decides = _choice("Nội dung quyết định", Decides.choices, required=False)
    file = forms.FileField(
        label="Tệp văn bản (PDF, tối đa 20 MB)",
        required=False,
        widget=forms.FileInput(attrs={"class": "form-control", "accept": "application/pdf,.pdf"}),
        error_messages={"invalid": "Tệp tải lên không hợp lệ.", "empty": "Tệp không có nội dung."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["number"].help_text = "Ví dụ 59-QĐ/ĐU, 07/QĐ-UBND, 20/KH-UBND, 01/2024/QĐ-UBND, 123/UBND-VP."
        self.fields["number"].widget.attrs["placeholder"] = "07/QĐ-UBND"


class BoardForm(StaffForm):
    kind = _choice("Loại", BoardKind.choices)
    name = _text("Tên ban", 300, required=True)
    founded_on = _date("Ngày thành lập", required=True)
    founding_document = _document("Quyết định thành lập", IssuedDocument.objects.none())

    def __init__(self, *args: Any, documents: QuerySet[IssuedDocument], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["founding_document"].queryset = documents  # type: ignore[attr-defined]


class MemberForm(StaffForm):
    full_name = _text("Họ và tên", 150, required=True)
    position = _text("Chức vụ", 200, required=True)
    board_role = _text("Vai trò trong ban", 100, required=True)
    tasks = _text("Nhiệm vụ được phân công", 2000, area=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["board_role"].widget.attrs["placeholder"] = "Trưởng ban, Phó ban, thành viên…"


class JoinerForm(StaffForm):
    """A new member in a change; a row left empty is no one."""

    full_name = _text("Họ và tên", 150)
    position = _text("Chức vụ", 200)
    board_role = _text("Vai trò trong ban", 100)
    tasks = _text("Nhiệm vụ được phân công", 2000)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        filled = [k for k in ("full_name", "position", "board_role", "tasks") if data.get(k)]
        if filled:
            for name, label in (("full_name", "họ và tên"), ("position", "chức vụ"), ("board_role", "vai trò")):
                if not data.get(name):
                    self.add_error(name, f"Vui lòng nhập {label} của thành viên mới.")
        return data

    @property
    def is_empty(self) -> bool:
        return not any(self.cleaned_data.get(k) for k in ("full_name", "position", "board_role", "tasks"))


class ChangeForm(StaffForm):
    decided_on = _date("Ngày quyết định kiện toàn", required=True)
    document = _document("Quyết định kiện toàn", IssuedDocument.objects.none())
    note = _text("Nội dung thay đổi", 500)
    leaving = forms.MultipleChoiceField(
        label="Thành viên thôi tham gia",
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        error_messages={"invalid_choice": "Thành viên đã chọn không thuộc Ban."},
    )

    def __init__(
        self, *args: Any, documents: QuerySet[IssuedDocument], members: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = documents  # type: ignore[attr-defined]
        self.fields["leaving"].choices = members  # type: ignore[attr-defined]


JOINER_ROWS = 3
