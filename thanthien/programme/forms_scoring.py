"""The forms of criteria scoring: built from a criteria set's lines, one field per line, with Vietnamese messages.
A score is typed "7,5" or "7.5"; one outside [0, the line's maximum] is refused beside its field (the actions
check the same rule again)."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from thanthien.lib.forms import AccessibleErrorsMixin
from thanthien.lib.vn import fmt_number
from thanthien.workdays.forms import DATE_FORMATS, DATE_WIDGET

from . import actions_scoring as actions
from .models import CriteriaSet, Criterion, CriterionKind, IssuedDocument, Score

INDICATOR_NAME = re.compile(r"^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_.]*$")


class StaffForm(AccessibleErrorsMixin, forms.Form):
    """A staff form: an action's errors go beside their fields (lib.forms)."""


def _points(value: Decimal) -> str:
    return fmt_number(value, 2 if value % 1 else 0)


class ScoreField(forms.CharField):
    """A score typed with a comma or a point, within [0, the line's maximum]."""

    def __init__(self, criterion: Criterion, what: str, **kwargs: Any) -> None:
        self.criterion = criterion
        self.what = what
        attrs = {"class": "form-control form-control-sm text-end", "inputmode": "decimal", "autocomplete": "off"}
        super().__init__(
            required=False,
            max_length=12,
            widget=forms.TextInput(attrs=attrs),
            label=f"{what} {criterion.code} (tối đa {_points(criterion.max_points)})",
            **kwargs,
        )

    def clean(self, value: Any) -> Decimal | None:
        text = super().clean(value)
        score = actions.parse_score(text)
        actions.check_score(self.criterion, score, self.what)
        return score


def _note(label: str, max_length: int = 4000) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=max_length,
        widget=forms.Textarea(attrs={"class": "form-control form-control-sm", "rows": 2}),
        error_messages={"max_length": f"{label} dài quá {max_length} ký tự."},
    )


class SelfScoreForm(StaffForm):
    """The commune's self-score of each line with its note; the evidence documents of each criterion."""

    def __init__(
        self,
        *args: Any,
        tree: actions.Tree,
        editable: set[int],
        documents: list[IssuedDocument],
        scores: dict[int, Score],
        **kwargs: Any,
    ) -> None:
        initial: dict[str, Any] = {}
        for c in tree.leaves():
            s = scores.get(c.pk)
            initial[f"s_{c.pk}"] = "" if s is None or s.self_score is None else _points(s.self_score)
            initial[f"n_{c.pk}"] = s.self_note if s else ""
        for c in tree.top:
            if c.kind == CriterionKind.SCORE:
                s = scores.get(c.pk)
                initial[f"e_{c.pk}"] = [str(pk) for pk in s.evidence.values_list("pk", flat=True)] if s else []
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.tree = tree
        choices = [(str(d.pk), actions.citation(d)) for d in documents]
        editable_tops = {tree.top_of(c).pk for c in tree.leaves() if c.pk in editable}
        for c in tree.leaves():
            self.fields[f"s_{c.pk}"] = ScoreField(c, "Điểm tự chấm", disabled=c.pk not in editable)
            self.fields[f"n_{c.pk}"] = _note(f"Giải trình {c.code}")
            self.fields[f"n_{c.pk}"].disabled = c.pk not in editable
        for c in tree.top:
            if c.kind != CriterionKind.SCORE:
                continue
            self.fields[f"e_{c.pk}"] = forms.MultipleChoiceField(
                label=f"Văn bản minh chứng cho {c.code}",
                choices=choices,
                required=False,
                disabled=c.pk not in editable_tops,
                widget=forms.SelectMultiple(attrs={"class": "form-select form-select-sm", "size": 4}),
                error_messages={"invalid_choice": "Văn bản đã chọn không thuộc xã."},
            )

    def lines(self) -> dict[int, actions.SelfLine]:
        return {
            c.pk: actions.SelfLine(self.cleaned_data.get(f"s_{c.pk}"), self.cleaned_data.get(f"n_{c.pk}") or "")
            for c in self.tree.leaves()
        }

    def evidence(self) -> dict[int, list[int]]:
        return {
            c.pk: [int(v) for v in self.cleaned_data.get(f"e_{c.pk}") or []]
            for c in self.tree.top
            if f"e_{c.pk}" in self.fields
        }


class VerifyForm(StaffForm):
    """The supervisor's verified score of each line (by default the commune's self-score) and a comment per line."""

    def __init__(self, *args: Any, tree: actions.Tree, scores: dict[int, Score], **kwargs: Any) -> None:
        initial: dict[str, Any] = {}
        for c in tree.criteria:
            s = scores.get(c.pk)
            if c.pk not in tree.children:
                value = None if s is None else (s.verified_score if s.verified_score is not None else s.self_score)
                initial[f"v_{c.pk}"] = "" if value is None else _points(value)
            initial[f"c_{c.pk}"] = s.comment if s else ""
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.tree = tree
        for c in tree.criteria:
            if c.pk not in tree.children:
                self.fields[f"v_{c.pk}"] = ScoreField(c, "Điểm thẩm định")
            self.fields[f"c_{c.pk}"] = _note(f"Nhận xét {c.code}")

    def lines(self) -> dict[int, actions.VerifiedLine]:
        return {
            c.pk: actions.VerifiedLine(self.cleaned_data.get(f"v_{c.pk}"), self.cleaned_data.get(f"c_{c.pk}") or "")
            for c in self.tree.criteria
        }


class ReturnForm(StaffForm):
    criterion = forms.ChoiceField(label="Trả lại", required=False)
    reason = forms.CharField(
        label="Lý do trả lại",
        max_length=2000,
        widget=forms.Textarea(attrs={"class": "form-control", "rows": 3}),
        error_messages={
            "required": "Vui lòng nêu lý do trả lại để xã biết cần bổ sung, sửa gì.",
            "max_length": "Lý do trả lại dài quá 2000 ký tự.",
        },
    )

    def __init__(self, *args: Any, tree: actions.Tree, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.tree = tree
        field = self.fields["criterion"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "Toàn bộ bảng chấm điểm")] + [(str(c.pk), f"Tiêu chí {c}") for c in tree.top]
        field.widget.attrs["class"] = "form-select"
        field.error_messages["invalid_choice"] = "Tiêu chí đã chọn không thuộc bảng chấm điểm này."

    def chosen(self) -> Criterion | None:
        pk = self.cleaned_data.get("criterion")
        return next((c for c in self.tree.top if str(c.pk) == pk), None) if pk else None


class StartForm(StaffForm):
    year = forms.TypedChoiceField(label="Năm chấm điểm", coerce=int)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["year"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = [(y, str(y)) for y in years]
        field.widget.attrs["class"] = "form-select"
        field.error_messages["invalid_choice"] = "Năm đã chọn không chấm điểm được."


def _threshold(label: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        min_value=Decimal("0.01"),
        max_value=Decimal(1000),
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"class": "form-control", "inputmode": "decimal"}),
        error_messages={
            "required": f"Vui lòng nhập {label.lower()}.",
            "invalid": f"{label} phải là một số.",
            "min_value": f"{label} phải lớn hơn 0.",
            "max_value": f"{label} quá lớn.",
            "max_decimal_places": f"{label} có tối đa 2 chữ số thập phân.",
            "max_digits": f"{label} quá lớn.",
        },
    )


class CriteriaSetForm(StaffForm):
    """A version's name, start day and thresholds, and each line's title, maximum and indicators."""

    name = forms.CharField(
        label="Tên bộ tiêu chí",
        max_length=300,
        widget=forms.TextInput(attrs={"class": "form-control"}),
        error_messages={"required": "Vui lòng nhập tên bộ tiêu chí.", "max_length": "Tên dài quá 300 ký tự."},
    )
    valid_from = forms.DateField(
        label="Áp dụng từ ngày",
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs=dict(DATE_WIDGET.attrs), format="%d/%m/%Y"),
        error_messages={
            "invalid": "Ngày không hợp lệ, nhập theo dạng dd/mm/yyyy (ví dụ 01/01/2026).",
            "required": "Vui lòng nhập ngày áp dụng.",
        },
    )
    tot = _threshold("Ngưỡng loại Tốt")
    kha = _threshold("Ngưỡng loại Khá")
    dat = _threshold("Ngưỡng loại Đạt")

    def __init__(self, *args: Any, criteria_set: CriteriaSet, tree: actions.Tree, **kwargs: Any) -> None:
        thresholds = actions.thresholds_of(criteria_set)
        initial: dict[str, Any] = {
            "name": criteria_set.name,
            "valid_from": criteria_set.valid_from,
            **{k: v.normalize() for k, v in thresholds.items()},
        }
        for c in tree.criteria:
            initial[f"t_{c.pk}"] = c.title
            initial[f"m_{c.pk}"] = _points(c.max_points)
            initial[f"i_{c.pk}"] = ", ".join(c.indicators or [])
        kwargs["initial"] = initial
        super().__init__(*args, **kwargs)
        self.tree = tree
        for c in tree.criteria:
            self.fields[f"t_{c.pk}"] = forms.CharField(
                label=f"Nội dung {c.code}",
                max_length=500,
                widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
                error_messages={
                    "required": f"Vui lòng nhập nội dung của {c.code}.",
                    "max_length": "Nội dung dài quá 500 ký tự.",
                },
            )
            if c.pk not in tree.children:
                self.fields[f"m_{c.pk}"] = forms.CharField(
                    label=f"Điểm tối đa {c.code}",
                    max_length=10,
                    widget=forms.TextInput(attrs={"class": "form-control form-control-sm text-end"}),
                    error_messages={"required": f"Vui lòng nhập điểm tối đa của {c.code}."},
                )
            self.fields[f"i_{c.pk}"] = forms.CharField(
                label=f"Chỉ số {c.code}",
                required=False,
                max_length=1000,
                help_text="Tên chỉ số thống kê, cách nhau bằng dấu phẩy (ví dụ dossiers.on_time_rate).",
                widget=forms.TextInput(attrs={"class": "form-control form-control-sm"}),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for c in self.tree.criteria:
            key = f"m_{c.pk}"
            if key in self.fields and data.get(key) not in (None, ""):
                try:
                    value = actions.parse_score(data[key])
                except ValidationError as exc:
                    self.add_error(key, exc.messages[0])
                    continue
                if value is None or value <= 0 or value > 1000:
                    self.add_error(key, f"Điểm tối đa của {c.code} phải lớn hơn 0 và không quá 1.000.")
                else:
                    data[key] = value
            names = [n.strip() for n in (data.get(f"i_{c.pk}") or "").split(",") if n.strip()]
            bad = [n for n in names if not INDICATOR_NAME.match(n)]
            if bad:
                self.add_error(f"i_{c.pk}", f"Tên chỉ số không hợp lệ: {', '.join(bad)[:200]}.")
            data[f"i_{c.pk}"] = list(dict.fromkeys(names))
        return data

    def thresholds(self) -> dict[str, Decimal]:
        return {k: self.cleaned_data[k] for k in ("tot", "kha", "dat")}

    def lines(self) -> dict[int, actions.LineChange]:
        return {
            c.pk: actions.LineChange(
                self.cleaned_data.get(f"t_{c.pk}") or c.title,
                self.cleaned_data.get(f"m_{c.pk}") if c.pk not in self.tree.children else None,
                self.cleaned_data.get(f"i_{c.pk}") or [],
            )
            for c in self.tree.criteria
        }
