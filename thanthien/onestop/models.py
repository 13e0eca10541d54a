"""The one-stop desk: procedures, dossiers, their events and desk settings (codes are numbered by documents)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone


class ProcessingKind(models.TextChoices):
    DAYS = "days", "ngày làm việc"
    HOURS = "hours", "giờ làm việc"
    SAME_DAY = "same_day", "trả trong ngày (chốt 15:00)"


class Procedure(models.Model):
    code = models.CharField("mã thủ tục", max_length=30, unique=True)
    name = models.CharField("tên thủ tục", max_length=500)
    field = models.CharField("lĩnh vực", max_length=120, db_index=True)
    level = models.CharField("cấp thực hiện", max_length=60, default="Cấp xã")
    processing_kind = models.CharField("cách tính thời hạn", max_length=10, choices=ProcessingKind.choices)
    processing_amount = models.DecimalField(
        "thời hạn giải quyết",
        max_digits=6,
        decimal_places=2,
        default=Decimal(0),
        help_text="Số ngày hoặc số giờ làm việc.",
    )
    fee = models.CharField("phí, lệ phí", max_length=300, blank=True)
    legal_basis = models.TextField("căn cứ pháp lý", blank=True)
    required_papers = models.TextField("thành phần hồ sơ", blank=True, help_text="Mỗi giấy tờ một dòng.")
    online_level = models.CharField("mức độ trực tuyến", max_length=60, blank=True)
    active = models.BooleanField("đang áp dụng", default=True)

    class Meta:
        verbose_name = "thủ tục hành chính"
        verbose_name_plural = "thủ tục hành chính"
        ordering = ["field", "code"]
        constraints = [models.CheckConstraint(condition=Q(processing_amount__gte=0), name="procedure_amount_positive")]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"

    def processing_label(self) -> str:
        if self.processing_kind == ProcessingKind.SAME_DAY:
            return "Trả trong ngày (nhận sau giờ chốt: ngày làm việc tiếp theo)"
        amount = self.processing_amount.normalize()
        return f"{amount:f}".replace(".", ",") + " " + str(ProcessingKind(self.processing_kind).label)

    def papers(self) -> list[str]:
        return [line.strip() for line in self.required_papers.splitlines() if line.strip()]


class DeskSetting(models.Model):
    """A commune's one-stop desk settings; a unit without a row uses the defaults."""

    unit = models.OneToOneField("org.Unit", models.CASCADE, related_name="desk_setting")
    code_pattern = models.CharField(
        "mẫu mã hồ sơ",
        max_length=80,
        default="{unit}-{yymmdd}-{seq:4}",
        help_text="Các thành phần: {unit} mã đơn vị, {yyyy} {yy} {mm} {dd} {yymmdd} ngày nhận, {seq:4} số thứ tự "
        "(đếm lại theo phần đứng trước, ví dụ đếm theo ngày khi mẫu có {yymmdd}).",
    )
    at_risk_hours = models.PositiveIntegerField(
        "ngưỡng sắp đến hạn (giờ làm việc)", default=8, help_text="Hồ sơ còn ít hơn số giờ làm việc này là sắp đến hạn."
    )
    restrict_procedures = models.BooleanField("chỉ dùng các thủ tục đã chọn", default=False)
    procedures = models.ManyToManyField(Procedure, blank=True, related_name="+", verbose_name="thủ tục áp dụng")
    # Printed on the supplement and refusal notices and shown on the public lookup: whom a citizen calls.
    address = models.CharField("địa chỉ Bộ phận Một cửa", max_length=300, blank=True)
    phone = models.CharField("số điện thoại Bộ phận Một cửa", max_length=30, blank=True)
    opening_hours = models.CharField(
        "giờ tiếp nhận hồ sơ",
        max_length=300,
        blank=True,
        help_text="Ví dụ: Sáng 7 giờ 30 – 11 giờ 30, chiều 13 giờ 00 – 17 giờ 00, từ thứ Hai đến thứ Sáu.",
    )

    class Meta:
        verbose_name = "thiết lập Bộ phận Một cửa"
        verbose_name_plural = "thiết lập Bộ phận Một cửa"

    def __str__(self) -> str:
        return f"Một cửa – {self.unit}"


class Channel(models.TextChoices):
    DIRECT = "direct", "Trực tiếp"
    POSTAL = "postal", "Bưu chính công ích"
    ONLINE_PARTIAL = "online_partial", "Trực tuyến một phần"
    ONLINE_FULL = "online_full", "Trực tuyến toàn trình"


class Status(models.IntegerChoices):
    """The national portal's status codes (DOMAIN.md §4)."""

    NEW = 1, "Mới đăng ký"
    ACCEPTED = 2, "Được tiếp nhận"
    REFUSED = 3, "Không được tiếp nhận"
    PROCESSING = 4, "Đang xử lý"
    SUPPLEMENT = 5, "Yêu cầu bổ sung giấy tờ"
    FINANCIAL = 6, "Yêu cầu thực hiện nghĩa vụ tài chính"
    WITHDRAWN = 7, "Công dân yêu cầu rút hồ sơ"
    STOPPED = 8, "Dừng xử lý"
    RESOLVED = 9, "Đã xử lý xong"
    RETURNED = 10, "Đã trả kết quả"


OPEN_STATUSES = (Status.NEW, Status.ACCEPTED, Status.PROCESSING, Status.FINANCIAL)
ENDED_STATUSES = (Status.REFUSED, Status.WITHDRAWN, Status.STOPPED)
DONE_STATUSES = (Status.RESOLVED, Status.RETURNED)


class Dossier(models.Model):
    # Citizens' personal data (DOMAIN.md §10): masked for anyone but the unit's own staff, never in the audit trail.
    personal_fields: ClassVar[tuple[str, ...]] = (
        "applicant_name",
        "applicant_id_number",
        "applicant_phone",
        "applicant_address",
        "applicant_email",
        "search_personal",
    )
    personal_name_fields: ClassVar[tuple[str, ...]] = ("applicant_name",)

    unit = models.ForeignKey("org.Unit", models.PROTECT, related_name="dossiers", verbose_name="đơn vị")
    procedure = models.ForeignKey(Procedure, models.PROTECT, related_name="dossiers", verbose_name="thủ tục")
    code = models.CharField("mã hồ sơ", max_length=60, unique=True)
    pin = models.CharField("mã tra cứu", max_length=8)
    channel = models.CharField("kênh tiếp nhận", max_length=20, choices=Channel.choices, default=Channel.DIRECT)
    status = models.PositiveSmallIntegerField("trạng thái", choices=Status.choices, default=Status.ACCEPTED)

    applicant_name = models.CharField("họ và tên người nộp", max_length=150)
    applicant_id_number = models.CharField("số CCCD", max_length=12, blank=True)
    applicant_phone = models.CharField("số điện thoại", max_length=15, blank=True)
    applicant_address = models.CharField("địa chỉ", max_length=300, blank=True)
    applicant_email = models.EmailField("thư điện tử", blank=True)
    weekend_reception = models.BooleanField("tiếp nhận ngày nghỉ", default=False)
    home_service = models.BooleanField("phục vụ tại nhà (người già, đi lại khó khăn)", default=False)
    papers = models.TextField("giấy tờ đã nhận", blank=True)
    note = models.TextField("ghi chú", blank=True)

    received_at = models.DateTimeField("thời điểm tiếp nhận")
    due_at = models.DateTimeField("hạn trả kết quả")
    due_explanation = models.JSONField("cách tính hạn", default=list, blank=True)
    supplement_requested_at = models.DateTimeField("yêu cầu bổ sung lúc", null=True, blank=True)
    supplement_received_at = models.DateTimeField("nhận đủ bổ sung lúc", null=True, blank=True)
    resolved_at = models.DateTimeField("có kết quả lúc", null=True, blank=True)
    returned_at = models.DateTimeField("trả kết quả lúc", null=True, blank=True)
    ended_at = models.DateTimeField("dừng / rút / không tiếp nhận lúc", null=True, blank=True)
    new_appointment_at = models.DateTimeField("hẹn lại", null=True, blank=True)

    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người tiếp nhận",
    )
    # Rows imported without a code are matched on re-import by this digest of their content.
    import_key = models.CharField(max_length=64, null=True, blank=True)
    # The applicant's name, CCCD and phone folded for search (onestop.search); personal data like its sources.
    search_personal = models.CharField(max_length=200, blank=True, default="", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "hồ sơ"
        verbose_name_plural = "hồ sơ"
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["unit", "received_at"], name="dossier_unit_received"),
            # Work queues and the apology sweep scan open dossiers by due date.
            models.Index(fields=["unit", "due_at"], name="dossier_open_due", condition=Q(status__in=[1, 2, 4, 6])),
            models.Index(fields=["unit", "status"], name="dossier_unit_status"),
            # The list opens newest first across a province's communes: walked backwards, stopping at a page.
            models.Index(fields=["received_at", "id"], name="dossier_received_id"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["unit", "import_key"], name="dossier_import_key"),
            models.CheckConstraint(
                condition=Q(resolved_at__isnull=True) | Q(ended_at__isnull=True), name="dossier_resolved_xor_ended"
            ),
            models.CheckConstraint(
                condition=Q(resolved_at__isnull=True) | Q(resolved_at__gte=F("received_at")),
                name="dossier_resolved_after_received",
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=F("received_at")),
                name="dossier_ended_after_received",
            ),
            models.CheckConstraint(condition=Q(status__gte=1, status__lte=10), name="dossier_status_range"),
        ]

    def __str__(self) -> str:
        return self.code

    def save(self, *args: Any, **kwargs: Any) -> None:
        from .search import SEARCH_SOURCES, fill_search

        fill_search(self)
        if (fields := kwargs.get("update_fields")) is not None and SEARCH_SOURCES & set(fields):
            kwargs["update_fields"] = {*fields, "search_personal"}
        super().save(*args, **kwargs)

    @property
    def detail_url(self) -> str:
        """The dossier's page, or "" for a code no address can carry ("/", "?" — stored before codes were
        checked): the list then shows the code without a link instead of failing for everyone."""
        from django.urls import NoReverseMatch, reverse

        from .codes import is_safe_code

        if not is_safe_code(self.code):
            return ""
        try:
            return reverse("onestop:detail", args=[self.code])
        except NoReverseMatch:
            return ""

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class DossierEvent(models.Model):
    """One change of a dossier's status, with who and when."""

    dossier = models.ForeignKey(Dossier, models.CASCADE, related_name="events")
    at = models.DateTimeField("thời điểm")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    actor_name = models.CharField(max_length=150, blank=True)
    status_from = models.PositiveSmallIntegerField(choices=Status.choices, null=True, blank=True)
    status_to = models.PositiveSmallIntegerField(choices=Status.choices)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.dossier}: {self.status_from} → {self.status_to}"


class LookupAttempt(models.Model):
    """A public lookup with a wrong code or PIN, counted per dossier code and per client address.

    Kept in the database, not in memory: several app processes must see the same counts."""

    client = models.CharField(max_length=64)
    # The code as typed (normalised, upper case), whether or not such a dossier exists: counting unknown codes
    # too keeps a locked code from telling that it exists.
    code = models.CharField(max_length=60, default="")
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        indexes = [
            models.Index(fields=["code", "at"], name="lookup_attempt_code_at"),
            models.Index(fields=["client", "at"], name="lookup_attempt_client_at"),
        ]

    def __str__(self) -> str:
        return f"{self.client} {self.code} {self.at}"
