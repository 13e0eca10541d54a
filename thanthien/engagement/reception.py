"""Receiving citizens (issue 9 items 1 and 2): the commune's fixed reception days as rules, and the register of the
sessions held (sổ tiếp công dân) with the visits received in each. Imported at the end of engagement.models.

Who writes: the commune's leaders and its unit administrator (RECEPTION_WRITERS); the role "công chức tiếp công
dân" (issue 9 item 11) comes later and will be added here then. MTTQ and supervisors read (supervisors with
personal data masked)."""

from __future__ import annotations

from typing import ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from thanthien.lib.vn import read_int
from thanthien.org.models import Role
from thanthien.org.records import UnitRecord

from .models import Petition, PetitionKind

RECEPTION_WRITERS = frozenset({Role.LEADER, Role.COMMUNE_ADMIN, Role.RECEPTION_OFFICER})
RECEPTION_READERS = RECEPTION_WRITERS | {Role.FRONT, Role.SUPERVISOR}


# Luật Tiếp công dân 2013 Art. 25: five people or more coming for one content are a group (đoàn đông người).
GROUP_SIZE = 5


class Receiver(models.TextChoices):
    CHAIRMAN = "chairman", "Chủ tịch UBND"
    VICE_CHAIRMAN = "vice_chairman", "Phó Chủ tịch UBND"
    SECRETARY = "secretary", "Bí thư Đảng ủy"
    DEPUTY_SECRETARY = "deputy_secretary", "Phó Bí thư Đảng ủy"
    AUTHORISED = "authorised", "Công chức được ủy quyền"


class Pattern(models.TextChoices):
    MONTH_DAYS = "month_days", "Các ngày cố định hằng tháng"
    WEEKDAY = "weekday", "Một ngày trong tuần, hằng tuần"
    DAYS_PER_MONTH = "days_per_month", "Số ngày mỗi tháng"


WEEKDAYS = [(0, "Thứ Hai"), (1, "Thứ Ba"), (2, "Thứ Tư"), (3, "Thứ Năm"), (4, "Thứ Sáu"), (5, "Thứ Bảy")]


class ReceptionRule(UnitRecord):
    """One fixed reception day rule: "ngày 10 và 20 hằng tháng", "thứ Năm hằng tuần", "3 ngày/tháng"."""

    write_roles: ClassVar[frozenset[str]] = RECEPTION_WRITERS
    audit_prefix: ClassVar[str] = "engagement.reception_rule"

    receiver = models.CharField("người tiếp", max_length=20, choices=Receiver.choices)
    receiver_name = models.CharField("họ tên người tiếp", max_length=150, blank=True)
    pattern = models.CharField("cách định ngày", max_length=16, choices=Pattern.choices)
    month_days = models.CharField(
        "các ngày trong tháng", max_length=60, blank=True, help_text="Ví dụ: 10, 20 (cho cách “các ngày cố định”)."
    )
    weekday = models.PositiveSmallIntegerField("thứ trong tuần", choices=WEEKDAYS, null=True, blank=True)
    days_per_month = models.PositiveSmallIntegerField(
        "số ngày mỗi tháng", null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    place = models.CharField("địa điểm", max_length=255)
    hours = models.CharField("thời gian", max_length=100, help_text="Ví dụ: sáng 7 giờ 30 – 11 giờ 30.")
    active = models.BooleanField("đang áp dụng", default=True)

    class Meta:
        verbose_name = "lịch tiếp công dân định kỳ"
        verbose_name_plural = "lịch tiếp công dân định kỳ"
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.get_receiver_display()}: {self.describe()}"

    def audit_label(self) -> str:
        return f"Lịch tiếp công dân #{self.pk} ({self.get_receiver_display()})"

    def day_numbers(self) -> list[int]:
        return sorted({d for p in self.month_days.replace(";", ",").split(",") if (d := read_int(p, 1, 31))})

    def spread_numbers(self) -> list[int]:
        """ "3 ngày/tháng" names no days: they are spread evenly from the 1st (1, 11, 21), and the schedule says so."""
        count = self.days_per_month or 0
        return [1 + k * (30 // count) for k in range(count)] if count else []

    def describe(self) -> str:
        if self.pattern == Pattern.MONTH_DAYS:
            return "ngày " + " và ".join(f"{d:02d}" for d in self.day_numbers()) + " hằng tháng"
        if self.pattern == Pattern.WEEKDAY and self.weekday is not None:
            return f"{dict(WEEKDAYS)[self.weekday]} hằng tuần"
        days = ", ".join(f"{d:02d}" for d in self.spread_numbers())
        return f"{self.days_per_month} ngày/tháng (các ngày {days} hằng tháng)"


class SessionKind(models.TextChoices):
    REGULAR = "regular", "Thường xuyên"
    PERIODIC = "periodic", "Định kỳ"
    UNSCHEDULED = "unscheduled", "Đột xuất"


class ReceptionSession(UnitRecord):
    """A reception session held (or planned and held with nobody coming: recorded too)."""

    write_roles: ClassVar[frozenset[str]] = RECEPTION_WRITERS
    audit_prefix: ClassVar[str] = "engagement.reception_session"

    held_on = models.DateField("ngày tiếp")
    kind = models.CharField("loại buổi tiếp", max_length=12, choices=SessionKind.choices)
    receiver = models.CharField("người tiếp", max_length=20, choices=Receiver.choices)
    receiver_name = models.CharField("họ tên người tiếp", max_length=150)
    head_in_person = models.BooleanField("người đứng đầu trực tiếp tiếp", default=False)
    place = models.CharField("địa điểm", max_length=255, blank=True)
    nobody_came = models.BooleanField("không có công dân đến", default=False)
    # The line of an old paper register a session with nobody coming was imported from (re-import finds it).
    register_number = models.CharField("số thứ tự trong sổ", max_length=40, blank=True)
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = "buổi tiếp công dân"
        verbose_name_plural = "buổi tiếp công dân"
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["unit", "held_on"], name="reception_unit_held")]

    def __str__(self) -> str:
        return f"Buổi tiếp ngày {self.held_on:%d/%m/%Y}"

    def audit_label(self) -> str:
        return f"Buổi tiếp công dân #{self.pk} ngày {self.held_on:%d/%m/%Y}"


class VisitOutcome(models.TextChoices):
    ANSWERED = "answered", "Trả lời, giải thích trực tiếp"
    GUIDED = "guided", "Hướng dẫn đến cơ quan có thẩm quyền"
    PETITION = "petition", "Tiếp nhận đơn"
    REFUSED = "refused", "Từ chối tiếp"


class ReceptionVisit(UnitRecord):
    """A citizen (or a group) received in a session. The citizen's details are personal data."""

    write_roles: ClassVar[frozenset[str]] = RECEPTION_WRITERS
    personal_fields: ClassVar[tuple[str, ...]] = (
        "citizen_name",
        "citizen_address",
        "citizen_id_number",
        "representatives",
    )
    personal_name_fields: ClassVar[tuple[str, ...]] = ("citizen_name",)
    # Who came to complain or denounce is known to who receives them, not to MTTQ, which reads the register.
    personal_readers: ClassVar[frozenset[str]] = RECEPTION_WRITERS
    audit_prefix: ClassVar[str] = "engagement.reception_visit"

    session = models.ForeignKey(ReceptionSession, models.PROTECT, related_name="visits", verbose_name="buổi tiếp")
    # The number of the visit's line in the register ("sổ tiếp công dân"), which opinions and imports refer to.
    register_number = models.CharField("số thứ tự trong sổ", max_length=40, blank=True)
    citizen_name = models.CharField("họ tên công dân", max_length=150)
    citizen_address = models.CharField("địa chỉ", max_length=300, blank=True)
    citizen_id_number = models.CharField("số CCCD", max_length=12, blank=True)
    people = models.PositiveSmallIntegerField("số người", default=1, validators=[MinValueValidator(1)])
    representatives = models.CharField("người đại diện (đoàn đông người)", max_length=500, blank=True)
    content = models.TextField("nội dung", max_length=4_000)
    subject_kind = models.CharField("phân loại", max_length=16, choices=PetitionKind.choices)
    first_time = models.BooleanField("đến lần đầu", default=True)
    previous_handling = models.TextField("quá trình xử lý trước đây", blank=True)
    outcome = models.CharField("kết quả tiếp", max_length=10, choices=VisitOutcome.choices)
    outcome_note = models.TextField("nội dung trả lời, nơi hướng dẫn hoặc căn cứ từ chối", blank=True, max_length=2_000)
    petition = models.OneToOneField(
        Petition, models.PROTECT, null=True, blank=True, related_name="reception_visit", verbose_name="đơn tiếp nhận"
    )

    class Meta:
        verbose_name = "lượt tiếp công dân"
        verbose_name_plural = "lượt tiếp công dân"
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.citizen_name}: {self.content[:60]}"

    def audit_label(self) -> str:
        return f"Lượt tiếp công dân #{self.pk}"

    @property
    def is_group(self) -> bool:
        return self.people >= GROUP_SIZE
