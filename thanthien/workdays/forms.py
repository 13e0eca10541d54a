from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms

from .calendar import year_problem
from .models import ExceptionKind

# Text inputs in dd/mm/yyyy: a browser's own date picker follows the OS locale and may show mm/dd.
DATE_WIDGET = forms.DateInput(
    attrs={"class": "form-control", "placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"},
    format="%d/%m/%Y",
)
DATETIME_WIDGET = forms.DateTimeInput(
    attrs={"class": "form-control", "placeholder": "dd/mm/yyyy hh:mm", "autocomplete": "off"},
    format="%d/%m/%Y %H:%M",
)
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATETIME_FORMATS = ["%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


DATE_ERROR = "Ngày không hợp lệ, nhập theo dạng dd/mm/yyyy (ví dụ 08/10/2024)."


def date_field(
    label: str, required: bool = False, help_text: str = "", *, years_served: bool = False
) -> forms.DateField:
    """A day typed as dd/mm/yyyy (or YYYY-MM-DD), with Vietnamese messages naming the field; with `years_served`
    only a day of the years the system serves (2000–2100): a record of the model, not a birth date."""
    return forms.DateField(
        label=label,
        required=required,
        validators=[check_year] if years_served else [],
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(attrs=dict(DATE_WIDGET.attrs), format="%d/%m/%Y"),
        help_text=help_text,
        error_messages={"invalid": DATE_ERROR, "required": f"Vui lòng nhập {label.lower()}."},
    )


def text_field(
    label: str, max_length: int, required: bool = False, *, area: bool = False, rows: int = 3, **attrs: str
) -> forms.CharField:
    """A line (or, with `area`, a box) of text with Vietnamese messages naming the field and its limit."""
    widget: forms.Widget = (
        forms.Textarea(attrs={"class": "form-control", "rows": str(rows), **attrs})
        if area
        else forms.TextInput(attrs={"class": "form-control", "autocomplete": "off", **attrs})
    )
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        widget=widget,
        error_messages={
            "required": f"Vui lòng nhập {label.lower()}.",
            # Django fills this message with %-formatting: a "%" in the label must stay a "%".
            "max_length": f"{label.replace('%', '%%')} dài quá {max_length} ký tự.",
        },
    )


def check_year(day: dt.date) -> None:
    if problem := year_problem(day):
        raise forms.ValidationError(problem)


class ExceptionForm(forms.Form):
    date = forms.DateField(
        label="Ngày",
        widget=DATE_WIDGET,
        input_formats=DATE_FORMATS,
        error_messages={"invalid": "Ngày không hợp lệ, nhập theo dạng dd/mm/yyyy (ví dụ 02/09/2026)."},
    )
    kind = forms.ChoiceField(
        label="Loại", choices=ExceptionKind.choices, widget=forms.Select(attrs={"class": "form-select"})
    )
    reason = forms.CharField(label="Lý do", max_length=200, widget=forms.TextInput(attrs={"class": "form-control"}))
    decision = forms.CharField(
        label="Văn bản quyết định",
        max_length=200,
        required=False,
        help_text="Số, ký hiệu văn bản quyết định nghỉ hoặc làm bù (nếu có).",
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )

    def clean_date(self) -> dt.date:
        day: dt.date = self.cleaned_data["date"]
        check_year(day)
        return day


class WeekForm(forms.Form):
    """Morning and afternoon hours for each weekday; leave both empty for a day off."""

    def __init__(self, *args: Any, week: dict[int, list[tuple[dt.time, dt.time]]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from .models import WorkingPeriod

        for day, label in WorkingPeriod.WEEKDAYS:
            periods = (week or {}).get(day, [])
            for i, part in enumerate(("sáng", "chiều")):
                initial = periods[i] if i < len(periods) else (None, None)
                for j, edge in enumerate(("từ", "đến")):
                    self.fields[f"d{day}_{i}_{j}"] = forms.TimeField(
                        label=f"{label} – {part} {edge}",
                        required=False,
                        initial=initial[j],
                        widget=forms.TimeInput(
                            attrs={"type": "time", "class": "form-control form-control-sm"}, format="%H:%M"
                        ),
                    )

    def week(self) -> dict[int, list[tuple[dt.time, dt.time]]]:
        out: dict[int, list[tuple[dt.time, dt.time]]] = {}
        for day in range(7):
            for i in range(2):
                start, end = self.cleaned_data.get(f"d{day}_{i}_0"), self.cleaned_data.get(f"d{day}_{i}_1")
                if start and end:
                    out.setdefault(day, []).append((start, end))
        return out

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for day in range(7):
            for i in range(2):
                start, end = data.get(f"d{day}_{i}_0"), data.get(f"d{day}_{i}_1")
                if bool(start) != bool(end):
                    raise forms.ValidationError(
                        "Mỗi buổi cần nhập đủ giờ bắt đầu và giờ kết thúc (hoặc để trống cả hai)."
                    )
                if start and end and end <= start:
                    raise forms.ValidationError("Giờ kết thúc phải sau giờ bắt đầu.")
        if not any(data.get(f"d{day}_0_0") or data.get(f"d{day}_1_0") for day in range(7)):
            raise forms.ValidationError("Cần có ít nhất một buổi làm việc trong tuần.")
        return data


class CutoffForm(forms.Form):
    same_day_cutoff = forms.TimeField(
        label="Giờ chốt nhận hồ sơ trả trong ngày",
        widget=forms.TimeInput(attrs={"type": "time", "class": "form-control"}, format="%H:%M"),
    )


class TryForm(forms.Form):
    """The desk's calculator: when is a dossier received now due?"""

    MODES = [
        ("days", "ngày làm việc"),
        ("hours", "giờ làm việc"),
        ("same_day", "trả trong ngày"),
        ("calendar_days", "ngày theo lịch (khiếu nại, kiến nghị)"),
    ]
    received = forms.DateTimeField(
        label="Thời điểm nhận",
        input_formats=DATETIME_FORMATS,
        widget=DATETIME_WIDGET,
        error_messages={"invalid": "Thời điểm không hợp lệ, nhập theo dạng dd/mm/yyyy hh:mm (ví dụ 07/02/2024 10:00)."},
    )
    amount = forms.DecimalField(
        label="Thời hạn",
        min_value=0,
        max_value=365,
        decimal_places=2,
        required=False,
        initial=3,
        widget=forms.NumberInput(attrs={"class": "form-control", "step": "0.5"}),
    )
    mode = forms.ChoiceField(label="Tính theo", choices=MODES, widget=forms.Select(attrs={"class": "form-select"}))

    def clean_received(self) -> dt.datetime:
        received: dt.datetime = self.cleaned_data["received"]
        check_year(received.date())
        return received

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        amount = data.get("amount")
        if data.get("mode") != "same_day" and amount is None:
            self.add_error("amount", "Vui lòng nhập thời hạn.")
        elif data.get("mode") == "calendar_days" and amount is not None and (amount < 1 or amount != int(amount)):
            self.add_error("amount", "Thời hạn tính theo ngày lịch phải là số ngày nguyên, ít nhất 1 ngày.")
        return data


class RollForwardForm(forms.Form):
    roll_forward = forms.TypedChoiceField(
        label="Thời hạn tính theo ngày lịch kết thúc vào ngày nghỉ",
        choices=[
            ("1", "Kéo dài đến hết ngày làm việc tiếp theo (Bộ luật Dân sự 2015, Điều 148 khoản 5)"),
            ("0", "Không kéo dài: kết thúc vào ngày nghỉ đó"),
        ],
        coerce=lambda v: v == "1",
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
