"""What citizens bring to their commune: their contributions (feedback, opinions, help that deserves thanks), their
petitions (đơn thư) with the dated statutory time limits that apply to them; reception sessions, dialogues,
opinions and public feedback come next (issue 9)."""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models

from thanthien.org.models import Role, Unit
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


# --- petitions (đơn thư, issue 9 items 3 and 4) ------------------------------------------------------------------

# Who writes petitions at their commune: its leaders, its administrator and the official in charge of reception.
PETITION_WRITERS = frozenset({Role.LEADER, Role.COMMUNE_ADMIN, Role.RECEPTION_OFFICER})
# Who reads them: the writers and the supervisors above the commune (petitioners masked). Not MTTQ, nor the other
# commune roles: a denouncer's identity is protected (Luật Tố cáo 2018, Art. 47).
PETITION_READERS = PETITION_WRITERS | {Role.SUPERVISOR}


class Source(models.TextChoices):
    DIRECT = "direct", "Nhận trực tiếp"
    POST = "post", "Qua bưu chính"
    HAND = "hand", "Gửi tay"
    FORWARDED = "forwarded", "Cơ quan khác chuyển đến"
    RECEPTION = "reception", "Qua tiếp công dân"
    ONLINE = "online", "Phản ánh trực tuyến"


class PetitionKind(models.TextChoices):
    COMPLAINT = "complaint", "Khiếu nại"
    DENUNCIATION = "denunciation", "Tố cáo"
    RECOMMENDATION = "recommendation", "Kiến nghị"
    FEEDBACK = "feedback", "Phản ánh"


class Direction(models.TextChoices):
    ACCEPT = "accept", "Thụ lý"
    GUIDE = "guide", "Hướng dẫn"
    FORWARD = "forward", "Chuyển đơn"
    RETURN = "return", "Trả lại đơn"
    ARCHIVE = "archive", "Lưu đơn"
    REFUSE = "refuse", "Không thụ lý"


class Outcome(models.TextChoices):
    FOUNDED = "founded", "Đúng"
    PARTLY_FOUNDED = "partly_founded", "Đúng một phần"
    UNFOUNDED = "unfounded", "Sai"
    ANSWERED = "answered", "Đã trả lời"
    WITHDRAWN = "withdrawn", "Rút đơn"


# The outcomes the law knows for each kind (KN 2011 Art. 31, TC 2018 Art. 35; a recommendation is answered).
OUTCOMES_BY_KIND: dict[str, frozenset[str]] = {
    PetitionKind.COMPLAINT: frozenset({Outcome.FOUNDED, Outcome.PARTLY_FOUNDED, Outcome.UNFOUNDED, Outcome.WITHDRAWN}),
    PetitionKind.DENUNCIATION: frozenset(
        {Outcome.FOUNDED, Outcome.PARTLY_FOUNDED, Outcome.UNFOUNDED, Outcome.WITHDRAWN}
    ),
    PetitionKind.RECOMMENDATION: frozenset({Outcome.ANSWERED, Outcome.WITHDRAWN}),
    PetitionKind.FEEDBACK: frozenset({Outcome.ANSWERED, Outcome.WITHDRAWN}),
}
# Directions that close a petition on the day of the decision, and those that need a written reason.
CLOSING_DIRECTIONS = frozenset(
    {Direction.GUIDE, Direction.FORWARD, Direction.RETURN, Direction.ARCHIVE, Direction.REFUSE}
)
REASONED_DIRECTIONS = frozenset({Direction.RETURN, Direction.ARCHIVE, Direction.REFUSE})

STATUS_LABELS = {
    "received": "Đã tiếp nhận, chưa phân loại",
    "classified": "Đã phân loại",
    "accepted": "Đã thụ lý, đang giải quyết",
    "resolved": "Đã giải quyết",
    "withdrawn": "Đã rút đơn",
    "closed": "Đã xử lý (hướng dẫn, chuyển, trả lại, lưu hoặc không thụ lý)",
}


class Petition(UnitRecord):
    """One petition with one content (a multi-content petition is split into one record per content)."""

    write_roles: ClassVar[frozenset[str]] = PETITION_WRITERS
    personal_fields: ClassVar[tuple[str, ...]] = ("petitioner_name", "petitioner_address", "petitioner_id_number")
    personal_name_fields: ClassVar[tuple[str, ...]] = ("petitioner_name",)
    # A denouncer's identity is protected (Luật Tố cáo 2018, Art. 47): only the petition handlers see it.
    personal_readers: ClassVar[frozenset[str]] = PETITION_WRITERS
    audit_prefix: ClassVar[str] = "engagement.petition"

    number = models.PositiveIntegerField("số đơn")
    year = models.PositiveSmallIntegerField("năm")
    received_on = models.DateField("ngày nhận đơn")
    source = models.CharField("nguồn đơn", max_length=12, choices=Source.choices)
    kind = models.CharField("loại đơn", max_length=16, choices=PetitionKind.choices)
    petitioner_name = models.CharField("người gửi đơn", max_length=150, blank=True)
    petitioner_address = models.CharField("địa chỉ người gửi", max_length=300, blank=True)
    petitioner_id_number = models.CharField("số CCCD người gửi", max_length=12, blank=True)
    signers = models.PositiveSmallIntegerField("số người ký đơn", default=1)
    anonymous = models.BooleanField("đơn nặc danh", default=False)
    field = models.CharField("lĩnh vực", max_length=120, blank=True)
    content = models.TextField("nội dung đơn", max_length=SUMMARY_MAX_CHARS)
    eligible = models.BooleanField("đủ điều kiện xử lý", null=True, blank=True)
    ineligible_reason = models.CharField("lý do không đủ điều kiện", max_length=500, blank=True)
    within_competence = models.BooleanField("thuộc thẩm quyền", null=True, blank=True)
    direction = models.CharField("hướng xử lý", max_length=10, choices=Direction.choices, blank=True)
    direction_reason = models.CharField("lý do trả lại, lưu hoặc không thụ lý", max_length=500, blank=True)
    handled_on = models.DateField("ngày xử lý", null=True, blank=True)
    forwarded_to = models.CharField("chuyển đến cơ quan", max_length=255, blank=True)
    accepted_on = models.DateField("ngày thụ lý", null=True, blank=True)
    resolved_on = models.DateField("ngày giải quyết xong", null=True, blank=True)
    outcome = models.CharField("kết quả", max_length=16, choices=Outcome.choices, blank=True)
    decision_number = models.CharField("số quyết định, văn bản trả lời", max_length=50, blank=True)
    complex = models.BooleanField("vụ việc phức tạp", default=False)
    remote_area = models.BooleanField("vùng sâu, vùng xa, đi lại khó khăn", default=False)
    note = models.TextField("ghi chú", blank=True)

    class Meta:
        verbose_name = "đơn thư"
        verbose_name_plural = "đơn thư"
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "number"], name="petition_number_unique"),
        ]
        indexes = [models.Index(fields=["unit", "received_on"], name="petition_unit_received")]

    def __str__(self) -> str:
        return f"Đơn số {self.display_number}"

    def audit_label(self) -> str:
        return f"Đơn thư số {self.display_number}"

    @property
    def display_number(self) -> str:
        """ "12/2026": the number in the unit's register of that year."""
        return f"{self.number}/{self.year}"

    @property
    def status(self) -> str:
        if self.outcome == Outcome.WITHDRAWN:
            return "withdrawn"
        if self.resolved_on is not None:
            return "resolved"
        if self.accepted_on is not None:
            return "accepted"
        if self.direction in CLOSING_DIRECTIONS and self.handled_on is not None:
            return "closed"
        if self.direction or self.eligible is not None or self.within_competence is not None:
            return "classified"
        return "received"

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def is_open(self) -> bool:
        return self.status in ("received", "classified", "accepted")

    def clean(self) -> None:
        """What makes a petition self-consistent, whoever writes it (actions, importers, the admin)."""
        errors: dict[str, str] = {}
        if self.anonymous and (self.petitioner_name or self.petitioner_id_number):
            errors["anonymous"] = "Đơn nặc danh không ghi họ tên, số CCCD người gửi."
        if not self.anonymous and not self.petitioner_name.strip():
            errors["petitioner_name"] = "Vui lòng nhập họ tên người gửi đơn (hoặc đánh dấu đơn nặc danh)."
        if self.eligible is False and not self.ineligible_reason.strip():
            errors["ineligible_reason"] = "Vui lòng ghi lý do đơn không đủ điều kiện xử lý."
        if self.direction == Direction.FORWARD and not self.forwarded_to.strip():
            errors["forwarded_to"] = "Vui lòng ghi cơ quan nhận đơn chuyển đến."
        if self.direction in REASONED_DIRECTIONS and not self.direction_reason.strip():
            label = Direction(self.direction).label.lower()
            errors["direction_reason"] = f"Vui lòng ghi lý do {label} (căn cứ pháp luật)."
        if self.outcome and self.outcome not in OUTCOMES_BY_KIND[self.kind]:
            kind = PetitionKind(self.kind).label.lower()
            errors["outcome"] = f"Kết quả «{Outcome(self.outcome).label}» không áp dụng cho đơn {kind}."
        errors.update(self._date_errors())
        if errors:
            raise ValidationError(errors)

    def _date_errors(self) -> dict[str, str]:
        errors: dict[str, str] = {}
        received = self.received_on
        if received is None:
            return errors
        for name, label in (("handled_on", "xử lý"), ("accepted_on", "thụ lý"), ("resolved_on", "giải quyết xong")):
            day = getattr(self, name)
            if day is not None and day < received:
                errors[name] = f"Ngày {label} không được trước ngày nhận đơn {received:%d/%m/%Y}."
        accepted, resolved = self.accepted_on, self.resolved_on
        if accepted and resolved and resolved < accepted and "resolved_on" not in errors:
            errors["resolved_on"] = f"Ngày giải quyết xong không được trước ngày thụ lý {self.accepted_on:%d/%m/%Y}."
        if self.year != received.year:
            errors["year"] = "Năm của số đơn phải là năm nhận đơn."
        return errors


class ExtensionStep(models.TextChoices):
    INITIAL_HANDLING = "initial_handling", "Xử lý ban đầu"
    RESOLUTION = "resolution", "Giải quyết"


class PetitionExtension(UnitRecord):
    """An extension of a denunciation's time limit, decided in writing (Luật Tố cáo 2018, Art. 24 and 30)."""

    write_roles: ClassVar[frozenset[str]] = PETITION_WRITERS
    audit_prefix: ClassVar[str] = "engagement.petition_extension"

    petition = models.ForeignKey(Petition, models.PROTECT, related_name="extensions", verbose_name="đơn thư")
    step = models.CharField("bước được gia hạn", max_length=16, choices=ExtensionStep.choices)
    days = models.PositiveSmallIntegerField("số ngày gia hạn")
    reason = models.CharField("lý do gia hạn", max_length=500)
    decision = models.CharField("quyết định gia hạn (số, ký hiệu, trích yếu)", max_length=300)
    decided_on = models.DateField("ngày quyết định gia hạn")

    class Meta:
        verbose_name = "gia hạn giải quyết đơn"
        verbose_name_plural = "gia hạn giải quyết đơn"
        ordering = ["decided_on", "pk"]

    def __str__(self) -> str:
        return f"Gia hạn {self.days} ngày ({self.decided_on:%d/%m/%Y})"


# --- dated time limits (issue 9 item 4) ---------------------------------------------------------------------------


class Step(models.TextChoices):
    ACCEPTANCE = "acceptance", "Thụ lý"
    INITIAL_HANDLING = "initial_handling", "Xử lý ban đầu"
    RESOLUTION = "resolution", "Giải quyết"
    FORWARDING = "forwarding", "Chuyển đơn"
    ANSWER = "answer", "Trả lời"
    REPLY = "reply", "Thông báo kết quả tiếp nhận cho công dân"


class Variant(models.TextChoices):
    STANDARD = "standard", "Thông thường"
    COMPLEX = "complex", "Vụ việc phức tạp"
    REMOTE = "remote", "Vùng sâu, vùng xa"
    COMPLEX_REMOTE = "complex_remote", "Vụ việc phức tạp ở vùng sâu, vùng xa"
    EXTENDED = "extended", "Tối đa khi gia hạn"
    EXTENSION = "extension", "Mỗi lần gia hạn tối đa"


class Counting(models.TextChoices):
    CALENDAR_DAYS = "calendar_days", "Ngày lịch"
    WORKING_DAYS = "working_days", "Ngày làm việc"


class LimitRule(models.Model):
    """One statutory time limit as a dated setting: it applies to petitions received from `applies_from` until a
    later rule for the same step starts. Nationwide when `unit` is empty; a unit's own rule (the answer deadline
    for recommendations is a unit setting) wins over the nationwide one."""

    step = models.CharField("bước", max_length=16, choices=Step.choices)
    petition_kind = models.CharField(
        "loại đơn", max_length=16, choices=PetitionKind.choices, blank=True, help_text="Để trống: mọi loại đơn."
    )
    variant = models.CharField("trường hợp", max_length=16, choices=Variant.choices, default=Variant.STANDARD)
    amount = models.PositiveSmallIntegerField("số ngày", validators=[MinValueValidator(1)])
    counting = models.CharField("cách tính", max_length=14, choices=Counting.choices)
    applies_from = models.DateField("áp dụng cho đơn nhận từ ngày")
    legal_basis = models.TextField("căn cứ pháp lý")
    unit = models.ForeignKey(
        Unit, models.CASCADE, null=True, blank=True, related_name="+", verbose_name="đơn vị (để trống: toàn quốc)"
    )

    class Meta:
        verbose_name = "thời hạn xử lý đơn"
        verbose_name_plural = "thời hạn xử lý đơn"
        ordering = ["step", "petition_kind", "variant", "-applies_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["step", "petition_kind", "variant", "applies_from"],
                condition=models.Q(unit__isnull=True),
                name="limitrule_national_unique",
            ),
            models.UniqueConstraint(
                fields=["step", "petition_kind", "variant", "applies_from", "unit"],
                condition=models.Q(unit__isnull=False),
                name="limitrule_unit_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_step_display()} – {self.amount} {self.get_counting_display().lower()}"


class PetitionDeadline(models.Model):
    """A petition's step with its due day, as `limits.deadlines()` computed it: a derived row kept by
    `due.refresh_deadlines` (after every action, and by the sweep when the calendar or a rule changed), so the
    queue, the home page and the statistics find what is due or overdue in SQL."""

    unit = models.ForeignKey(Unit, models.CASCADE, related_name="+", verbose_name="đơn vị")
    petition = models.ForeignKey(Petition, models.CASCADE, related_name="due_steps", verbose_name="đơn thư")
    step = models.CharField("bước", max_length=16, choices=Step.choices)
    due_on = models.DateField("hạn")
    done_on = models.DateField("ngày thực hiện", null=True, blank=True)

    class Meta:
        verbose_name = "hạn xử lý đơn"
        verbose_name_plural = "hạn xử lý đơn"
        ordering = ["due_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["petition", "step"], name="petition_deadline_unique")]
        indexes = [
            # The queue and the home page scan only the steps still owed.
            models.Index(
                fields=["unit", "due_on"], name="petition_deadline_owed", condition=models.Q(done_on__isnull=True)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_step_display()}: {self.due_on:%d/%m/%Y}"


from .dialogues import Dialogue, Opinion  # noqa: E402, F401  (issue 9 items 5 and 6)
from .feedback import Feedback  # noqa: E402, F401  (issue 9 item 7)
from .reception import ReceptionRule, ReceptionSession, ReceptionVisit  # noqa: E402,F401  (issue 9 items 1-2)
