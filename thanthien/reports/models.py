"""Reports (issue 12): a commune's periodic report and a supervisor's roll-up, drafted with narratives, then issued
— frozen with their number, date, figures and PDF — and the background runs of a long roll-up.

A report reads the other apps only through the statistics registry (`lib.stats`): the figures it stores are the
registry's results, keyed by subject, exactly as `thanthien report --format json` prints them.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from thanthien.org.models import Role, Unit
from thanthien.org.records import UnitRecord

# A commune's leaders write and issue its report; its administrator drafts. Supervisors write their roll-ups.
REPORT_WRITERS = frozenset({Role.LEADER, Role.COMMUNE_ADMIN, Role.SUPERVISOR})
REPORT_ISSUERS = frozenset({Role.LEADER, Role.SUPERVISOR})
REPORT_READERS = frozenset(
    {
        Role.LEADER,
        Role.COMMUNE_ADMIN,
        Role.ONESTOP_OFFICER,
        Role.CIVIL_REGISTRAR,
        Role.RECEPTION_OFFICER,
        Role.FRONT,
        Role.SUPERVISOR,
    }
)
UPLOADS = "reports/"


class ReportKind(models.TextChoices):
    PERIODIC = "periodic", "Báo cáo kết quả thực hiện mô hình của xã"
    ROLLUP = "rollup", "Báo cáo tổng hợp của cấp trên"


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    ISSUED = "issued", "Đã ban hành"


class Report(UnitRecord):
    """One version of a report of `unit` for [period_start, period_end]. A draft's figures are computed live; an
    issued version keeps the figures it was issued with (`figures`), its number, date and PDF, and never changes
    again: a new version is a new draft that names it as `previous`."""

    kind = models.CharField("loại báo cáo", max_length=10, choices=ReportKind.choices, default=ReportKind.PERIODIC)
    title = models.CharField("tên báo cáo", max_length=300)
    period_start = models.DateField("từ ngày")
    period_end = models.DateField("đến ngày")
    # Section key → the text staff wrote for it ("profile", "regulations", "assessment", "tasks", "proposals",
    # and "note.<section>" for the optional paragraph under a section of figures).
    narratives = models.JSONField("nội dung do đơn vị viết", default=dict, blank=True)
    place = models.CharField("địa danh", max_length=100, blank=True)
    signer_title = models.CharField("chức vụ người ký", max_length=100, blank=True)
    signer_name = models.CharField("họ tên người ký", max_length=100, blank=True)
    recipients = models.TextField("nơi nhận", blank=True, max_length=2000)
    status = models.CharField("trạng thái", max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    version = models.PositiveSmallIntegerField("phiên bản", default=1)
    previous = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="next_versions", verbose_name="thay cho bản"
    )
    number = models.CharField("số báo cáo", max_length=60, blank=True)
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người ban hành",
    )
    issued_at = models.DateTimeField("ban hành lúc", null=True, blank=True)
    # Frozen at issue: the registry's figures keyed by subject, as the JSON output prints them.
    figures = models.JSONField("số liệu khi ban hành", default=dict, blank=True)
    pdf = models.FileField("bản PDF đã ban hành", upload_to=UPLOADS + "pdf/", blank=True, max_length=300)
    docx = models.FileField("bản Word đã ban hành", upload_to=UPLOADS + "docx/", blank=True, max_length=300)

    write_roles: ClassVar[frozenset[str]] = REPORT_WRITERS
    audit_prefix = "report"

    class Meta:
        verbose_name = "báo cáo"
        verbose_name_plural = "báo cáo"
        ordering = ("-period_end", "-version", "-pk")
        indexes = [models.Index(fields=("unit", "kind", "status", "period_end"), name="report_unit_kind_status")]

    def __str__(self) -> str:
        return self.title


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Đang chờ"
    RUNNING = "running", "Đang tính"
    DONE = "done", "Xong"
    FAILED = "failed", "Lỗi"


class RollupRun(models.Model):
    """A roll-up computed in the background (a province over hundreds of communes): its progress for the page's
    progress bar and, when done, its result (the roll-up's figures and rows) for the page and its files."""

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+", verbose_name="đơn vị")
    period_start = models.DateField("từ ngày")
    period_end = models.DateField("đến ngày")
    status = models.CharField("trạng thái", max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED)
    done = models.PositiveIntegerField("đã tính", default=0)
    total = models.PositiveIntegerField("tổng số", default=0)
    result = models.JSONField("kết quả", default=dict, blank=True)
    error = models.CharField("lỗi", max_length=500, blank=True)
    task_id = models.CharField("mã tác vụ", max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="người yêu cầu"
    )
    created_at = models.DateTimeField("yêu cầu lúc", default=timezone.now)
    finished_at = models.DateTimeField("xong lúc", null=True, blank=True)

    class Meta:
        verbose_name = "lượt tính báo cáo tổng hợp"
        verbose_name_plural = "lượt tính báo cáo tổng hợp"
        indexes = [models.Index(fields=("unit", "period_start", "period_end", "status"), name="rollup_run_lookup")]

    def __str__(self) -> str:
        return f"{self.unit} {self.period_start:%d/%m/%Y}–{self.period_end:%d/%m/%Y}"


class ReportTemplate(models.Model):
    """A unit's own Word form of its periodic report (docxtpl tags), replacing the shipped one: the commune keeps
    its letterhead and styles, the figures still come from the records."""

    unit = models.OneToOneField(Unit, models.CASCADE, related_name="+", verbose_name="đơn vị")
    file = models.FileField("mẫu Word (.docx)", upload_to=UPLOADS + "templates/", max_length=300)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="người tải lên"
    )
    uploaded_at = models.DateTimeField("tải lên lúc", default=timezone.now)

    class Meta:
        verbose_name = "mẫu báo cáo của đơn vị"
        verbose_name_plural = "mẫu báo cáo của đơn vị"

    def __str__(self) -> str:
        return f"Mẫu báo cáo của {self.unit}"
