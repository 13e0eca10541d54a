from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q

from thanthien.lib.vn import fmt_date


class WorkingPeriod(models.Model):
    """One stretch of working time on a weekday (07:30–11:30). No rows for a unit: it inherits from above."""

    WEEKDAYS = [
        (0, "Thứ Hai"),
        (1, "Thứ Ba"),
        (2, "Thứ Tư"),
        (3, "Thứ Năm"),
        (4, "Thứ Sáu"),
        (5, "Thứ Bảy"),
        (6, "Chủ nhật"),
    ]

    unit = models.ForeignKey("org.Unit", models.CASCADE, null=True, blank=True, related_name="working_periods")
    weekday = models.PositiveSmallIntegerField("thứ", choices=WEEKDAYS)
    start = models.TimeField("từ")
    end = models.TimeField("đến")

    class Meta:
        verbose_name = "giờ làm việc"
        verbose_name_plural = "giờ làm việc"
        ordering = ["weekday", "start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="period_end_after_start"),
            models.CheckConstraint(condition=Q(weekday__lte=6), name="period_weekday_range"),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start:%H:%M}–{self.end:%H:%M}"


class CalendarSetting(models.Model):
    unit = models.OneToOneField("org.Unit", models.CASCADE, related_name="calendar_setting")
    same_day_cutoff = models.TimeField(
        "giờ chốt nhận hồ sơ trả trong ngày",
        default=dt.time(15, 0),
        help_text="Hồ sơ “trả trong ngày” nhận sau giờ này được hẹn trả vào ngày làm việc tiếp theo.",
    )
    # Null: as the unit above (finally True, the law's rule). A setting because some regulations count a
    # calendar-day period without the roll-forward; the law's rule is the default.
    roll_forward = models.BooleanField(
        "thời hạn tính theo ngày lịch kết thúc vào ngày nghỉ thì kéo dài đến hết ngày làm việc tiếp theo",
        null=True,
        blank=True,
        help_text="Bộ luật Dân sự 2015, Điều 148 khoản 5.",
    )

    class Meta:
        verbose_name = "thiết lập lịch"
        verbose_name_plural = "thiết lập lịch"

    def __str__(self) -> str:
        return f"{self.unit}: chốt {self.same_day_cutoff:%H:%M}"


class ExceptionKind(models.TextChoices):
    DAY_OFF = "day_off", "Nghỉ thêm"
    WORKING_DAY = "working_day", "Làm việc (làm bù)"


class CalendarException(models.Model):
    """A day that differs from the weekly pattern and the statutory holidays.

    Null unit: nationwide (e.g. a Prime Minister's decision); otherwise it applies to the unit
    and every unit under it.
    """

    unit = models.ForeignKey("org.Unit", models.CASCADE, null=True, blank=True, related_name="calendar_exceptions")
    date = models.DateField("ngày")
    kind = models.CharField("loại", max_length=20, choices=ExceptionKind.choices)
    reason = models.CharField("lý do", max_length=200)
    decision = models.CharField(
        "văn bản quyết định", max_length=200, blank=True, help_text="Ví dụ: Thông báo số 6150/TB-LĐTBXH"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "ngày ngoại lệ"
        verbose_name_plural = "ngày ngoại lệ"
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "date"], name="exception_unit_date"),
            models.UniqueConstraint(fields=["date"], condition=Q(unit__isnull=True), name="exception_national_date"),
        ]

    def __str__(self) -> str:
        return f"{fmt_date(self.date)} {self.get_kind_display()}: {self.reason}"


class CalendarChange(models.Model):
    """One saved change of a calendar and the due dates it moved, so that the desk can see them and
    reprint the receipts (issue 7 item 13). Null unit: nationwide."""

    unit = models.ForeignKey("org.Unit", models.CASCADE, null=True, blank=True, related_name="calendar_changes")
    summary = models.CharField("thay đổi", max_length=255)
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    made_at = models.DateTimeField("thời điểm", auto_now_add=True)
    # [DueMove.as_json(), ...] — codes, procedures and units only, never a citizen's personal data
    moves = models.JSONField("hạn trả đã thay đổi", default=list, blank=True)

    class Meta:
        verbose_name = "lần thay đổi lịch"
        verbose_name_plural = "các lần thay đổi lịch"
        ordering = ["-made_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.summary} ({len(self.moves)} hồ sơ đổi hạn)"
