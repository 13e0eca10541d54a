"""Letters the model asks for: apology, thanks, congratulation, condolence — owed, drafted, approved,
numbered, printed and delivered."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q


class LetterKind(models.TextChoices):
    APOLOGY = "apology", "Thư xin lỗi"
    THANKS = "thanks", "Thư cảm ơn"
    CONGRATULATION = "congratulation", "Thư chúc mừng"
    CONDOLENCE = "condolence", "Thư chia buồn"


class LetterStatus(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    APPROVED = "approved", "Đã duyệt, ký"
    DELIVERED = "delivered", "Đã gửi đến người nhận"
    CANCELLED = "cancelled", "Đã hủy"
    # Withdrawn by the sweep: the apology drafted for a dossier at risk is not owed any more (the dossier
    # was resolved in time or ended); kept with the reason, never counted as a letter sent, never redrafted.
    WITHDRAWN = "withdrawn", "Đã rút (không còn cần gửi)"


class ApologyCause(models.TextChoices):
    """Why an apology is owed (DOMAIN.md §5, README "Khi nào cần thư xin lỗi")."""

    OVERDUE = "overdue", "Hồ sơ quá hạn"
    AT_RISK = "at_risk", "Hồ sơ có nguy cơ trễ hẹn"
    ANNOUNCED = "announced", "Cán bộ báo trước hồ sơ sẽ trễ hẹn"


# Longest texts accepted from a form or the API: a letter is one page, a reason or a note a few lines.
BODY_MAX_CHARS = 10_000
REASON_MAX_CHARS = 1_000
NOTE_MAX_CHARS = 1_000


class SubjectType(models.TextChoices):
    """The subjects shipped with the project; each is one adapter in letters.subjects (others register there)."""

    DOSSIER = "dossier", "Hồ sơ một cửa"
    CIVIL_EVENT = "civil_event", "Sự kiện hộ tịch"
    CONTRIBUTION = "contribution", "Đóng góp của công dân"


class DeliveryMethod(models.TextChoices):
    HANDED = "handed", "Trao tận tay"
    POST = "post", "Gửi qua bưu điện"
    HOME_VISIT = "home_visit", "Đến thăm, trao tại nhà"
    EMAIL = "email", "Thư điện tử"
    SMS = "sms", "Tin nhắn SMS"
    ZALO = "zalo", "Tin nhắn Zalo"


class DeliveryStatus(models.TextChoices):
    NONE = "", "Chưa gửi"
    SENDING = "sending", "Đang gửi"
    DELIVERED = "delivered", "Đã đến người nhận"
    FAILED = "failed", "Gửi không thành công"


# Default document symbols ("Số: 12/TXL-UBND"); a commune may change them.
DEFAULT_SYMBOLS = {
    LetterKind.APOLOGY: "TXL-UBND",
    LetterKind.THANKS: "TCO-UBND",
    LetterKind.CONGRATULATION: "TCM-UBND",
    LetterKind.CONDOLENCE: "TCB-UBND",
}


class Letter(models.Model):
    # Citizens' personal data (DOMAIN.md §10): masked for anyone but the unit's own staff, never in the audit trail.
    personal_fields: ClassVar[tuple[str, ...]] = (
        "recipient_name",
        "recipient_address",
        "recipient_phone",
        "recipient_email",
        # What an old register wrote the letter was about may name the citizen ("đám cưới anh …").
        "imported_subject",
    )
    personal_name_fields: ClassVar[tuple[str, ...]] = ("recipient_name",)

    unit = models.ForeignKey("org.Unit", models.PROTECT, related_name="letters", verbose_name="đơn vị")
    kind = models.CharField("loại thư", max_length=20, choices=LetterKind.choices)
    status = models.CharField("tình trạng", max_length=12, choices=LetterStatus.choices, default=LetterStatus.DRAFT)
    # What the letter is about, read through the subject's adapter (letters.subjects): any registered subject type,
    # not a fixed list. (kind, subject_type, subject_id) is unique so a sweep never drafts twice. The dossier and
    # civil event keys are kept by their adapters for the database's integrity and the figures that join on them;
    # a new subject needs no key of its own.
    subject_type = models.CharField(max_length=20)
    subject_id = models.CharField(max_length=40)
    dossier = models.ForeignKey("onestop.Dossier", models.PROTECT, null=True, blank=True, related_name="letters")
    civil_event = models.ForeignKey("civil.CivilEvent", models.PROTECT, null=True, blank=True, related_name="letters")
    owed_on = models.DateField("ngày phát sinh", help_text="Ngày thư trở thành cần gửi; là ngày của dự thảo.")

    honorific = models.CharField("danh xưng", max_length=30, default="Ông/Bà")
    recipient_name = models.CharField("người nhận", max_length=150)
    recipient_address = models.CharField("địa chỉ người nhận", max_length=300, blank=True)
    recipient_phone = models.CharField("điện thoại người nhận", max_length=15, blank=True)
    recipient_email = models.EmailField("thư điện tử người nhận", blank=True)
    body = models.TextField("nội dung thư", max_length=BODY_MAX_CHARS)
    reason = models.TextField("lý do chậm trả kết quả", max_length=REASON_MAX_CHARS, blank=True)
    owed_because = models.CharField("lý do cần thư xin lỗi", max_length=12, choices=ApologyCause.choices, blank=True)
    new_appointment_at = models.DateTimeField("hẹn lại ngày trả kết quả", null=True, blank=True)

    year = models.PositiveSmallIntegerField(null=True, blank=True)
    number = models.PositiveIntegerField("số", null=True, blank=True)
    symbol = models.CharField("ký hiệu", max_length=30, blank=True)
    letter_date = models.DateField("ngày ký", null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)
    signer_name = models.CharField("người ký", max_length=150, blank=True)
    signer_title = models.CharField("chức vụ người ký", max_length=120, blank=True)

    delivery_method = models.CharField("cách gửi", max_length=12, choices=DeliveryMethod.choices, blank=True)
    delivery_status = models.CharField("tình trạng gửi", max_length=12, choices=DeliveryStatus.choices, blank=True)
    delivered_at = models.DateTimeField("đã gửi lúc", null=True, blank=True)
    delivery_note = models.TextField("ghi chú gửi", max_length=NOTE_MAX_CHARS, blank=True)

    # A letter sent before the commune used Thân Thiện, typed in from its old register (`thanthien import letters`):
    # counted like any letter, never drafted again by the sweep; what it was about, when it names no known
    # subject, is kept as the register wrote it.
    imported = models.BooleanField("nhập từ sổ cũ", default=False)
    imported_subject = models.CharField("nội dung (theo sổ cũ)", max_length=300, blank=True)

    cancel_reason = models.TextField("lý do hủy", max_length=NOTE_MAX_CHARS, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "thư"
        verbose_name_plural = "thư"
        ordering = ["-owed_on", "-pk"]
        indexes = [
            models.Index(fields=["unit", "owed_on"], name="letter_unit_owed"),
            models.Index(fields=["unit", "status"], name="letter_unit_status"),
            # The sweep's withdrawal scan reads the drafts of one kind of subject.
            models.Index(fields=["subject_type", "kind"], condition=Q(status="draft"), name="letter_open_drafts"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["kind", "subject_type", "subject_id"], name="letter_one_per_subject"),
            models.UniqueConstraint(
                fields=["unit", "kind", "year", "number"],
                condition=Q(number__isnull=False),
                name="letter_number_unique",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["cancelled", "withdrawn"]) | ~Q(cancel_reason=""),
                name="letter_cancel_needs_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.recipient_name}"

    def audit_label(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}" + (f" số {self.number_text}" if self.number else "")

    @property
    def number_text(self) -> str:
        """ "12/TXL-UBND" once approved, else "" (a draft has no number)."""
        return f"{self.number}/{self.symbol}" if self.number else ""


class LetterTemplate(models.Model):
    """A unit's own wording for one kind (null unit: the shipped default), and optionally its DOCX."""

    unit = models.ForeignKey("org.Unit", models.CASCADE, null=True, blank=True, related_name="letter_templates")
    kind = models.CharField("loại thư", max_length=20, choices=LetterKind.choices)
    title = models.CharField("tiêu đề thư", max_length=200)
    body = models.TextField("nội dung mẫu")
    docx = models.FileField("mẫu DOCX riêng", upload_to="letter-templates/", blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "mẫu thư"
        verbose_name_plural = "mẫu thư"
        constraints = [
            models.UniqueConstraint(fields=["unit", "kind"], name="letter_template_unit_kind"),
            models.UniqueConstraint(fields=["kind"], condition=Q(unit__isnull=True), name="letter_template_default"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.unit or 'mặc định'}"


class LetterSetting(models.Model):
    unit = models.OneToOneField("org.Unit", models.CASCADE, related_name="letter_setting")
    look_back_days = models.PositiveIntegerField(
        "số ngày xét thư chúc mừng, chia buồn", default=30, help_text="Sự kiện hộ tịch đăng ký trong số ngày này."
    )
    apology_symbol = models.CharField("ký hiệu thư xin lỗi", max_length=30, default=DEFAULT_SYMBOLS[LetterKind.APOLOGY])
    thanks_symbol = models.CharField("ký hiệu thư cảm ơn", max_length=30, default=DEFAULT_SYMBOLS[LetterKind.THANKS])
    congratulation_symbol = models.CharField(
        "ký hiệu thư chúc mừng", max_length=30, default=DEFAULT_SYMBOLS[LetterKind.CONGRATULATION]
    )
    condolence_symbol = models.CharField(
        "ký hiệu thư chia buồn", max_length=30, default=DEFAULT_SYMBOLS[LetterKind.CONDOLENCE]
    )

    class Meta:
        verbose_name = "thiết lập thư"
        verbose_name_plural = "thiết lập thư"

    def __str__(self) -> str:
        return f"Thư – {self.unit}"

    def symbol_for(self, kind: str) -> str:
        return str(getattr(self, f"{kind}_symbol"))
