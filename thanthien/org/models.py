"""Administrative units (a tree with validity and successors), memberships and roles."""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q


class UnitKind(models.TextChoices):
    PROVINCE = "province", "Tỉnh"
    CENTRAL_CITY = "central_city", "Thành phố trực thuộc Trung ương"
    DISTRICT = "district", "Huyện"
    TOWN = "town", "Thị xã"
    PROVINCIAL_CITY = "provincial_city", "Thành phố thuộc tỉnh"
    COMMUNE = "commune", "Xã"
    WARD = "ward", "Phường"
    TOWNSHIP = "township", "Thị trấn"
    SPECIAL_ZONE = "special_zone", "Đặc khu"


# Commune-level kinds are the tenants: they hold dossiers, letters, receptions.
COMMUNE_KINDS = frozenset({UnitKind.COMMUNE, UnitKind.WARD, UnitKind.TOWNSHIP, UnitKind.SPECIAL_ZONE})


class Unit(models.Model):
    code = models.CharField("mã đơn vị", max_length=40, unique=True)
    name = models.CharField("tên đơn vị", max_length=200)
    kind = models.CharField("loại", max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="children", verbose_name="đơn vị cấp trên"
    )
    valid_from = models.DateField("hiệu lực từ", null=True, blank=True)
    valid_to = models.DateField("hiệu lực đến", null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="predecessors",
        verbose_name="đơn vị kế thừa",
    )
    # Materialised path of primary keys ("/1/7/42/") so that "every unit under X" is one
    # indexed prefix query instead of a recursive walk.
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")

    class Meta:
        verbose_name = "đơn vị hành chính"
        verbose_name_plural = "đơn vị hành chính"
        ordering = ["path"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="unit_validity_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_commune_level(self) -> bool:
        return self.kind in COMMUNE_KINDS

    def is_valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)

    def in_sentence(self) -> str:
        """The name inside a sentence, its kind in lower case: "Ủy ban nhân dân xã Hoằng Hợp"."""
        return f"{self.name[:1].lower()}{self.name[1:]}"

    def short_name(self) -> str:
        """Name without the kind prefix, as used in a place-and-date line ("Hoằng Hợp, ngày ...")."""
        for prefix in ("Thành phố ", "Thị trấn ", "Thị xã ", "Phường ", "Xã ", "Huyện ", "Tỉnh ", "Đặc khu "):
            if self.name.startswith(prefix):
                return self.name[len(prefix) :]
        return self.name


class Role(models.TextChoices):
    ONESTOP_OFFICER = "onestop_officer", "Công chức Một cửa"
    CIVIL_REGISTRAR = "civil_registrar", "Công chức Tư pháp – Hộ tịch"
    LEADER = "leader", "Lãnh đạo UBND / Đảng ủy"
    FRONT = "front", "MTTQ và các đoàn thể"
    RECEPTION_OFFICER = "reception_officer", "Công chức tiếp công dân"
    COMMUNE_ADMIN = "commune_admin", "Quản trị đơn vị"
    SUPERVISOR = "supervisor", "Cán bộ giám sát cấp trên"
    SYSTEM_ADMIN = "system_admin", "Quản trị hệ thống"


COMMUNE_ROLES = frozenset(
    {Role.ONESTOP_OFFICER, Role.CIVIL_REGISTRAR, Role.LEADER, Role.FRONT, Role.COMMUNE_ADMIN, Role.RECEPTION_OFFICER}
)


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="memberships")
    # Null only for system administrators, who are not tied to a unit.
    unit = models.ForeignKey(Unit, models.PROTECT, null=True, blank=True, related_name="memberships")
    role = models.CharField("vai trò", max_length=30, choices=Role.choices)
    title = models.CharField("chức vụ", max_length=120, blank=True)
    phone = models.CharField("điện thoại công vụ", max_length=20, blank=True)

    class Meta:
        verbose_name = "phân công"
        verbose_name_plural = "phân công"
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique"),
            models.CheckConstraint(
                condition=Q(role="system_admin") | Q(unit__isnull=False), name="membership_unit_required"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.unit or 'toàn hệ thống'}"


class ApiToken(models.Model):
    """A bearer token for integrators; only its SHA-256 is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="api_tokens", verbose_name="tài khoản"
    )
    name = models.CharField("tên", max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField("cấp lúc", auto_now_add=True)
    last_used_at = models.DateTimeField("dùng lần cuối", null=True, blank=True)

    class Meta:
        verbose_name = "mã thông báo API"
        verbose_name_plural = "mã thông báo API"
        # An empty digest would be a token that no secret opens, yet looks issued (and a second one collides).
        constraints = [models.CheckConstraint(condition=~Q(digest=""), name="apitoken_digest_not_empty")]

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()
