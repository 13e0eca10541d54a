"""Births, marriages and deaths registered in the commune, and marriage certificate ceremonies."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q

from thanthien.org.models import Role, Unit
from thanthien.org.records import UnitRecord


class EventKind(models.TextChoices):
    BIRTH = "birth", "Khai sinh"
    MARRIAGE = "marriage", "Kết hôn"
    DEATH = "death", "Khai tử"


# The one-stop procedures whose returned dossiers register these events.
PROCEDURE_KINDS = {"1.001193": EventKind.BIRTH, "1.000894": EventKind.MARRIAGE, "1.000656": EventKind.DEATH}


# How a condolence letter names the deceased (custom: "Cụ" for the elderly, else Ông / Bà by gender).
PERSON_TITLES = ("Cụ ông", "Cụ bà", "Ông", "Bà", "Anh", "Chị", "Cháu")


# Who enters and changes civil events at their commune.
CIVIL_ROLES = frozenset({Role.CIVIL_REGISTRAR, Role.COMMUNE_ADMIN, Role.LEADER, Role.ONESTOP_OFFICER})

# The trail's names predate the record pattern; they are kept so that old and new rows read alike.
AUDIT_NAMES = {
    "create": "civil.event_registered",
    "update": "civil.event_updated",
    "complete": "civil.event_completed",
    "ceremony": "civil.ceremony_recorded",
}


class CivilEvent(UnitRecord):
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

    # The record pattern's unit, with the reverse name the rest of the project reads (unit.civil_events).
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="civil_events", verbose_name="đơn vị")
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
    # The returned dossier that registered the event: unique, so the sweep (civil.derive) makes one event per
    # dossier however often it runs; a registry line of the same event links here instead of adding a second.
    dossier = models.OneToOneField(
        "onestop.Dossier",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="civil_event",
        verbose_name="hồ sơ",
        error_messages={"unique": "Hồ sơ này đã có sự kiện hộ tịch."},
    )
    ceremony_held = models.BooleanField("trao giấy chứng nhận kết hôn tại buổi lễ", default=False)
    ceremony_on = models.DateField("ngày tổ chức lễ trao", null=True, blank=True)
    # Set when importing a commune's past registry: the letter was already delivered that day.
    letter_sent_on = models.DateField("đã gửi thư ngày", null=True, blank=True)
    note = models.TextField("ghi chú", blank=True)

    write_roles: ClassVar[frozenset[str]] = CIVIL_ROLES
    audit_prefix: ClassVar[str] = "civil.event"

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
                violation_error_message="Số đăng ký này đã có trong sổ cùng loại sự kiện và ngày đăng ký.",
            ),
            models.CheckConstraint(
                condition=Q(ceremony_held=False) | Q(kind="marriage"),
                name="civil_ceremony_only_for_marriage",
                violation_error_message="Lễ trao giấy chứng nhận chỉ có với đăng ký kết hôn.",
            ),
        ]

    def __str__(self) -> str:
        label = EventKind(self.kind).label
        # Never the recipient in the person's place: an event created from a dossier knows only the applicant.
        who = self.person_name or "chưa có họ tên – cần bổ sung"
        if self.kind == EventKind.MARRIAGE and self.person_name and self.partner_name:
            who = f"{self.person_name} và {self.partner_name}"
        return f"{label}: {who} ({self.registered_on:%d/%m/%Y})"

    @classmethod
    def audit_name(cls, verb: str) -> str:
        return AUDIT_NAMES.get(verb) or super().audit_name(verb)

    def audit_label(self) -> str:
        number = f" số {self.register_number}" if self.register_number else ""
        return f"{EventKind(self.kind).label} #{self.pk}{number} ({self.registered_on:%d/%m/%Y})"
