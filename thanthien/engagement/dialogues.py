"""Dialogues between the commune's heads and the people (đối thoại, issue 9 item 5) and the one register of the
opinions raised at receptions, dialogues, voters' meetings and online (ý kiến, kiến nghị, item 6).

A dialogue is not itself an opinion: the figures count the opinion records, and answered / received is the rate
the reports print. An opinion raised at a reception visit points to it by `source_ref` (the visit's register
number), so this module does not depend on the reception register."""

from __future__ import annotations

from typing import ClassVar

from django.db import models

from thanthien.org.models import Role
from thanthien.org.records import UnitRecord

# Who records dialogues and opinions at their commune: its leaders, its administrator, MTTQ and the official in
# charge of reception, who writes down what citizens raise at the reception desk (issue 9 item 11).
DIALOGUE_WRITERS = frozenset({Role.LEADER, Role.COMMUNE_ADMIN, Role.FRONT, Role.RECEPTION_OFFICER})
# Who reads them: the writers, and supervisors above the commune (with personal data masked).
DIALOGUE_READERS = DIALOGUE_WRITERS | {Role.SUPERVISOR}

TOPIC_MAX_CHARS = 500
OPINION_MAX_CHARS = 4_000


class Dialogue(UnitRecord):
    """One dialogue held by the commune's heads with the people, with who took part and how many."""

    write_roles: ClassVar[frozenset[str]] = DIALOGUE_WRITERS
    audit_prefix: ClassVar[str] = "engagement.dialogue"

    ref = models.CharField("số hiệu", max_length=40, blank=True, help_text="Số hiệu trong sổ cũ, nếu có.")
    held_on = models.DateField("ngày đối thoại")
    topic = models.CharField("chủ đề", max_length=TOPIC_MAX_CHARS)
    place = models.CharField("địa điểm", max_length=300, blank=True)
    chaired_by = models.CharField("người chủ trì", max_length=300)
    party_head_chaired = models.BooleanField("Bí thư / Phó Bí thư Đảng ủy chủ trì", default=False)
    committee_head_chaired = models.BooleanField("Chủ tịch / Phó Chủ tịch UBND chủ trì", default=False)
    front_participants = models.PositiveIntegerField("số đại biểu MTTQ", default=0)
    organisation_participants = models.PositiveIntegerField("số đại biểu các đoàn thể", default=0)
    people_participants = models.PositiveIntegerField("số người dân", default=0)
    participants_note = models.TextField("thành phần tham dự", blank=True, max_length=2_000)
    secretary = models.CharField("thư ký", max_length=150, blank=True)
    # A dialogue the resolver holds while resolving a complaint (Luật Khiếu nại 2011, Art. 30).
    petition = models.ForeignKey(
        "engagement.Petition",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="dialogues",
        verbose_name="đơn khiếu nại đang giải quyết",
    )
    note = models.TextField("ghi chú", blank=True, max_length=2_000)

    class Meta:
        verbose_name = "cuộc đối thoại"
        verbose_name_plural = "cuộc đối thoại"
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["unit", "held_on"], name="dialogue_unit_held")]

    def __str__(self) -> str:
        return f"Đối thoại ngày {self.held_on:%d/%m/%Y}: {self.topic[:60]}"

    def audit_label(self) -> str:
        return f"Đối thoại #{self.pk} ngày {self.held_on:%d/%m/%Y}"

    @property
    def participants(self) -> int:
        return self.front_participants + self.organisation_participants + self.people_participants


class OpinionSource(models.TextChoices):
    RECEPTION = "reception", "Tiếp công dân"
    DIALOGUE = "dialogue", "Đối thoại"
    MEETING = "meeting", "Tiếp xúc cử tri, họp dân"
    ONLINE = "online", "Trực tuyến"


class AnswerKind(models.TextChoices):
    ON_THE_SPOT = "on_the_spot", "Trả lời tại chỗ"
    LATER = "later", "Trả lời sau"


class Opinion(UnitRecord):
    """One opinion or recommendation raised by the people, and the answer it got."""

    write_roles: ClassVar[frozenset[str]] = DIALOGUE_WRITERS
    personal_fields: ClassVar[tuple[str, ...]] = ("raised_by",)
    personal_name_fields: ClassVar[tuple[str, ...]] = ("raised_by",)
    audit_prefix: ClassVar[str] = "engagement.opinion"

    source = models.CharField("nguồn", max_length=10, choices=OpinionSource.choices)
    dialogue = models.ForeignKey(
        Dialogue,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="opinions",
        verbose_name="cuộc đối thoại",
    )
    # The visit it was raised at (one visit may raise several opinions).
    visit = models.ForeignKey(
        "engagement.ReceptionVisit",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="opinions",
        verbose_name="lượt tiếp công dân",
    )
    # The reception visit's register number, or a meeting's reference, as written in the old register.
    source_ref = models.CharField("số hiệu nơi nêu ý kiến", max_length=60, blank=True)
    raised_on = models.DateField("ngày nêu ý kiến")
    raised_by = models.CharField("người nêu ý kiến", max_length=150, blank=True)
    content = models.TextField("nội dung ý kiến", max_length=OPINION_MAX_CHARS)
    answer = models.TextField("nội dung trả lời", blank=True, max_length=OPINION_MAX_CHARS)
    answer_kind = models.CharField("hình thức trả lời", max_length=12, choices=AnswerKind.choices, blank=True)
    answered_on = models.DateField("ngày trả lời", null=True, blank=True)
    answered_by = models.CharField("người trả lời", max_length=150, blank=True)

    class Meta:
        verbose_name = "ý kiến, kiến nghị"
        verbose_name_plural = "ý kiến, kiến nghị"
        ordering = ["-raised_on", "-pk"]
        indexes = [
            models.Index(fields=["unit", "raised_on"], name="opinion_unit_raised"),
            models.Index(fields=["unit", "source"], name="opinion_unit_source"),
        ]

    def __str__(self) -> str:
        return f"Ý kiến ngày {self.raised_on:%d/%m/%Y}: {self.content[:60]}"

    def personal_readers_of(self) -> frozenset[str]:
        """Who raised an opinion at the reception desk, or at a dialogue held with a complainant, is known to who
        handles receptions and petitions, not to MTTQ; the other opinions' authors to the commune's staff."""
        from .models import PETITION_WRITERS  # models imports this module

        dialogue = self.dialogue if self.dialogue_id is not None else None
        if self.visit_id is not None or (dialogue is not None and dialogue.petition_id is not None):
            return PETITION_WRITERS
        return frozenset()

    def audit_label(self) -> str:
        return f"Ý kiến #{self.pk} ngày {self.raised_on:%d/%m/%Y}"

    @property
    def is_answered(self) -> bool:
        return self.answered_on is not None
