"""The staff forms of the survey pages: what staff type, with Vietnamese messages; the actions check the rules."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from thanthien.lib.forms import AccessibleErrorsMixin
from thanthien.workdays.forms import date_field

from .models import Channel, Choice, Question, QuestionnaireVersion

MAX_UPLOAD = 2 * 1024 * 1024


class StaffForm(AccessibleErrorsMixin, forms.Form):
    """A staff form: an action's errors go beside their fields (lib.forms)."""


def _date(label: str) -> forms.DateField:
    return date_field(label, required=True)


class UploadForm(StaffForm):
    file = forms.FileField(
        label="Tệp XLSForm (.xlsx)",
        error_messages={"required": "Vui lòng chọn tệp .xlsx.", "empty": "Tệp rỗng."},
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise ValidationError("Tệp lớn hơn 2 MB: biểu mẫu XLSForm thường chỉ vài chục KB.")
        return upload


class CampaignForm(StaffForm):
    name = forms.CharField(
        label="Tên đợt khảo sát",
        max_length=200,
        widget=forms.TextInput(attrs={"class": "form-control"}),
        error_messages={"required": "Vui lòng đặt tên đợt khảo sát.", "max_length": "Tên dài quá 200 ký tự."},
    )
    version = forms.ModelChoiceField(
        label="Phiếu khảo sát",
        queryset=QuestionnaireVersion.objects.none(),
        widget=forms.Select(attrs={"class": "form-select"}),
        error_messages={"required": "Vui lòng chọn phiếu khảo sát.", "invalid_choice": "Phiếu không hợp lệ."},
    )
    starts_on = _date("Từ ngày")
    ends_on = _date("Đến ngày")
    channels = forms.MultipleChoiceField(
        label="Kênh mở",
        choices=Channel.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Vui lòng chọn ít nhất một kênh khảo sát."},
    )
    target = forms.IntegerField(
        label="Số phiếu cần thu",
        min_value=0,
        max_value=1_000_000,
        required=False,
        widget=forms.NumberInput(attrs={"class": "form-control"}),
        error_messages={"invalid": "Vui lòng nhập số nguyên.", "min_value": "Không nhỏ hơn 0."},
    )
    target_per_field = forms.BooleanField(label="Chỉ tiêu tính cho từng lĩnh vực", required=False)
    fields_text = forms.CharField(
        label="Lĩnh vực (mỗi dòng một lĩnh vực)",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
    )
    is_baseline = forms.BooleanField(label="Khảo sát trước khi ra mắt mô hình (đầu kỳ)", required=False)

    def __init__(self, *args: Any, versions: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["version"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = versions if versions is not None else QuestionnaireVersion.objects.none()
        # Several units above may offer a questionnaire of the same title: the owner tells them apart.
        field.label_from_instance = lambda obj: (  # type: ignore[method-assign]
            f"{obj.title} (phiên bản {obj.version}, {obj.questionnaire.unit.name})"
        )

    def action_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["fields"] = [line.strip() for line in data.pop("fields_text", "").splitlines() if line.strip()]
        return data


class EditForm(StaffForm):
    """Labels and `required` of each question, the title, and one question to add: saved as a new version."""

    title = forms.CharField(label="Tên phiếu", max_length=300, widget=forms.TextInput(attrs={"class": "form-control"}))
    add_type = forms.ChoiceField(
        label="Loại câu hỏi thêm", required=False, widget=forms.Select(attrs={"class": "form-select"})
    )
    add_name = forms.CharField(
        label="Tên câu hỏi thêm (chữ không dấu, ví dụ y_kien_them)",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    add_label = forms.CharField(
        label="Nội dung câu hỏi thêm",
        required=False,
        max_length=1000,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    add_required = forms.BooleanField(label="Câu hỏi thêm là bắt buộc", required=False)

    def __init__(self, *args: Any, version: QuestionnaireVersion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = list(version.questions.exclude(type="note").order_by("order"))
        lists = sorted(set(version.choices.values_list("list_name", flat=True)))
        kinds = [("text", "Trả lời bằng chữ"), ("integer", "Số nguyên")]
        kinds += [(f"select_one {n}", f"Chọn một trong danh sách “{n}”") for n in lists]
        kinds += [(f"select_multiple {n}", f"Chọn nhiều trong danh sách “{n}”") for n in lists]
        add_type = self.fields["add_type"]
        assert isinstance(add_type, forms.ChoiceField)
        add_type.choices = kinds
        for q in self.questions:
            self.fields[f"label_{q.name}"] = forms.CharField(
                label=f"Câu {q.order} ({q.name})",
                max_length=1000,
                initial=q.label,
                widget=forms.TextInput(attrs={"class": "form-control"}),
                error_messages={"required": "Vui lòng ghi nội dung câu hỏi."},
            )
            self.fields[f"required_{q.name}"] = forms.BooleanField(
                label=f"Câu {q.order}: bắt buộc trả lời", required=False, initial=q.required
            )
        self.fields["title"].initial = version.title

    def rows(self) -> list[tuple[Any, Any, Any]]:
        return [(q, self[f"label_{q.name}"], self[f"required_{q.name}"]) for q in self.questions]

    def edit(self) -> Any:
        from .actions import QuestionEdit

        data = self.cleaned_data
        return QuestionEdit(
            labels={q.name: data[f"label_{q.name}"] for q in self.questions},
            required={q.name: data[f"required_{q.name}"] for q in self.questions},
            title=data["title"],
            add_type=data.get("add_type") or "",
            add_name=data.get("add_name") or "",
            add_label=data.get("add_label") or "",
            add_required=bool(data.get("add_required")),
        )


def question_groups(
    questions: list[Question],
    lists: Mapping[str, Mapping[str, Choice]],
    given: Mapping[str, list[str]],
    errors: Mapping[str, str],
) -> list[dict[str, Any]]:
    """The questions in their groups (the aspects), in order, with what was chosen and the message of each: what
    surveys/_questions.html reads on the public form, the kiosk and the dossier rating of the lookup page."""
    groups: list[dict[str, Any]] = []
    for q in questions:
        if not groups or groups[-1]["name"] != q.group_name:
            groups.append({"name": q.group_name, "label": q.group_label, "items": []})
        groups[-1]["items"].append(
            {
                "q": q,
                "choices": list(lists.get(q.list_name, {}).values()),
                "chosen": given.get(q.name, []),
                "value": (given.get(q.name) or [""])[0],
                "error": errors.get(q.name, ""),
            }
        )
    return groups
