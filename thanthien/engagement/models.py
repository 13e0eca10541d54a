"""What citizens bring to their commune: for now their contributions (feedback, opinions, help that deserves
thanks); reception sessions, petitions, dialogues, opinions and public feedback come next (issue 9)."""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from thanthien.org.models import Role
from thanthien.org.records import UnitRecord

# A contribution is a few lines; the letter that thanks for it quotes them.
SUMMARY_MAX_CHARS = 4_000

# Who records citizens' contributions at their commune: the officials who write letters to citizens.
CONTRIBUTION_WRITERS = frozenset(
    {Role.ONESTOP_OFFICER, Role.CIVIL_REGISTRAR, Role.COMMUNE_ADMIN, Role.LEADER, Role.FRONT}
)


class Contribution(UnitRecord):
    """A citizen's feedback, opinion or help that deserves thanks."""

    write_roles: ClassVar[frozenset[str]] = CONTRIBUTION_WRITERS
    personal_fields: ClassVar[tuple[str, ...]] = (
        "contributor_name",
        "contributor_address",
        "contributor_phone",
        "contributor_email",
    )
    personal_name_fields: ClassVar[tuple[str, ...]] = ("contributor_name",)
    audit_prefix: ClassVar[str] = "engagement.contribution"

    contributor_name = models.CharField("người đóng góp", max_length=150)
    contributor_address = models.CharField("địa chỉ", max_length=300, blank=True)
    contributor_phone = models.CharField("điện thoại", max_length=15, blank=True)
    contributor_email = models.EmailField("thư điện tử", blank=True)
    summary = models.TextField("nội dung đóng góp", max_length=SUMMARY_MAX_CHARS)
    received_on = models.DateField("ngày nhận")

    class Meta:
        verbose_name = "đóng góp của công dân"
        verbose_name_plural = "đóng góp của công dân"
        ordering = ["-received_on", "-pk"]
        indexes = [models.Index(fields=["unit", "received_on"], name="contribution_unit_received")]

    def __str__(self) -> str:
        return f"{self.contributor_name}: {self.summary[:60]}"

    def audit_label(self) -> str:
        return f"Đóng góp #{self.pk} ngày {self.received_on:%d/%m/%Y}"
