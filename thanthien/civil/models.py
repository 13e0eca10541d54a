"""Births, marriages and deaths registered in the commune, and marriage certificate ceremonies."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q


class EventKind(models.TextChoices):
    BIRTH = "birth", "Khai sinh"
    MARRIAGE = "marriage", "Kết hôn"
    DEATH = "death", "Khai tử"


# The one-stop procedures whose returned dossiers register these events.
PROCEDURE_KINDS = {"1.001193": EventKind.BIRTH, "1.000894": EventKind.MARRIAGE, "1.000656": EventKind.DEATH}


# How a condolence letter names the deceased (custom: "Cụ" for the elderly, else Ông / Bà by gender).
PERSON_TITLES = ("Cụ ông", "Cụ bà", "Ông", "Bà", "Anh", "Chị", "Cháu")


class CivilEvent(models.Model):
    # Citizens' personal data (DOMAIN.md §10): masked for anyone but the unit's own staff, never in the audit trail.
    personal_fields: ClassVar[tuple[str, ...]] = (
        "person_name",
        "partner_name",
        "contact_name",
        "contact_address",
        "contact_phone",
        "contact_email",
    )
    personal_name_fields: ClassVar[tuple[str, ...]] = ("person_name", "partner_name", "contact_name")

    unit = models.ForeignKey("org.Unit", models.PROTECT, related_name="civil_events", verbose_name="đơn vị")
    kind = models.CharField("loại sự kiện", max_length=10, choices=EventKind.choices)
    register_number = models.CharField("số đăng ký", max_length=40, blank=True)
    registered_on = models.DateField("ngày đăng ký")
    event_date = models.DateField("ngày sinh / kết hôn / mất", null=True, blank=True)
    # The child; the first spouse; the deceased. Blank only while an event created from a dossier awaits completion.
    person_name = models.CharField("họ tên", max_length=150, blank=True)
    partner_name = models.CharField("họ tên vợ/chồng", max_length=150, blank=True)
    person_title = models.CharField(
        "danh xưng người mất",
        max_length=10,
        blank=True,
        choices=[(t, t) for t in PERSON_TITLES],
        help_text="Cụ ông, Cụ bà, Ông, Bà…: thư chia buồn gọi người đã khuất như vậy.",
    )
    contact_name = models.CharField("người nhận thư", max_length=150)
    contact_address = models.CharField("địa chỉ người nhận", max_length=300, blank=True)
    contact_phone = models.CharField("điện thoại người nhận", max_length=15, blank=True)
    contact_email = models.EmailField("thư điện tử người nhận", blank=True)
    dossier = models.OneToOneField(
        "onestop.Dossier", models.SET_NULL, null=True, blank=True, related_name="civil_event", verbose_name="hồ sơ"
    )
    ceremony_held = models.BooleanField("trao giấy chứng nhận kết hôn tại buổi lễ", default=False)
    ceremony_on = models.DateField("ngày tổ chức lễ trao", null=True, blank=True)
    # Set when importing a commune's past registry: the letter was already delivered that day.
    letter_sent_on = models.DateField("đã gửi thư ngày", null=True, blank=True)
    note = models.TextField("ghi chú", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "sự kiện hộ tịch"
        verbose_name_plural = "sự kiện hộ tịch"
        ordering = ["-registered_on", "-pk"]
        indexes = [models.Index(fields=["unit", "kind", "registered_on"], name="civil_unit_kind_day")]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "kind", "register_number", "registered_on"],
                condition=~Q(register_number=""),
                name="civil_register_number_unique",
            ),
            models.CheckConstraint(
                condition=Q(ceremony_held=False) | Q(kind="marriage"), name="civil_ceremony_only_for_marriage"
            ),
        ]

    def __str__(self) -> str:
        label = EventKind(self.kind).label
        # Never the recipient in the person's place: an event created from a dossier knows only the applicant.
        who = self.person_name or "chưa có họ tên – cần bổ sung"
        if self.kind == EventKind.MARRIAGE and self.person_name and self.partner_name:
            who = f"{self.person_name} và {self.partner_name}"
        return f"{label}: {who} ({self.registered_on:%d/%m/%Y})"

    def audit_label(self) -> str:
        number = f" số {self.register_number}" if self.register_number else ""
        return f"{EventKind(self.kind).label} #{self.pk}{number} ({self.registered_on:%d/%m/%Y})"
