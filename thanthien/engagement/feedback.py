"""Public feedback (phản ánh, kiến nghị trực tuyến, issue 9 item 7): what a citizen sends from a phone, with a
tracking code and PIN, the staff's triage into an opinion or a petition, the answer, and whether it is published.

The contact details are personal data (masked for anyone but the commune's own staff, never audited, never on a
public page). The PIN is kept only as a keyed digest (HMAC with the server's secret key)."""

from __future__ import annotations

import hashlib
import hmac
from typing import ClassVar

from django.conf import settings
from django.db import models

from thanthien.documents import photos
from thanthien.org.models import Role
from thanthien.org.records import UnitRecord

from .dialogues import Opinion
from .models import Petition

# Who triages and answers public feedback at its commune.
FEEDBACK_WRITERS = frozenset({Role.LEADER, Role.COMMUNE_ADMIN, Role.RECEPTION_OFFICER})
# Who reads it: the writers, MTTQ (it answers opinions) and supervisors above the commune, masked.
FEEDBACK_READERS = FEEDBACK_WRITERS | {Role.FRONT, Role.SUPERVISOR}

FEEDBACK_MAX_CHARS = 4_000
# A photo larger than this is refused before it is stored (issue 9 item 7): the one limit of documents.photos.
PHOTO_MAX_BYTES = photos.MAX_BYTES


class FeedbackKind(models.TextChoices):
    FEEDBACK = "feedback", "Phản ánh"
    RECOMMENDATION = "recommendation", "Kiến nghị"


class FeedbackCategory(models.TextChoices):
    PROCEDURE = "procedure", "Thủ tục hành chính"
    OFFICIALS = "officials", "Thái độ, tác phong cán bộ"
    INFRASTRUCTURE = "infrastructure", "Đường sá, điện, nước, hạ tầng"
    ENVIRONMENT = "environment", "Môi trường, vệ sinh"
    ORDER = "order", "An ninh, trật tự"
    LAND = "land", "Đất đai, xây dựng"
    OTHER = "other", "Khác"


class FeedbackStatus(models.TextChoices):
    RECEIVED = "received", "Đã tiếp nhận, chờ xử lý"
    TRIAGED = "triaged", "Đang xem xét, giải quyết"
    ANSWERED = "answered", "Đã trả lời"
    DECLINED = "declined", "Không xử lý"


class Feedback(UnitRecord):
    """One piece of feedback sent from the public page (or typed by staff for a citizen who phoned)."""

    write_roles: ClassVar[frozenset[str]] = FEEDBACK_WRITERS
    personal_fields: ClassVar[tuple[str, ...]] = ("contact_name", "contact_phone", "contact_email", "contact_address")
    personal_name_fields: ClassVar[tuple[str, ...]] = ("contact_name",)
    # The sender's contact is seen by the commune's staff, MTTQ included (it answers opinions and writes the
    # thank-you letter); a complainant's or denouncer's identity is what stays with the handlers.
    audit_prefix: ClassVar[str] = "engagement.feedback"

    code = models.CharField("mã theo dõi", max_length=20, unique=True)
    pin_digest = models.CharField("mã PIN (băm)", max_length=64, editable=False)
    kind = models.CharField("loại", max_length=16, choices=FeedbackKind.choices, default=FeedbackKind.FEEDBACK)
    category = models.CharField("lĩnh vực", max_length=16, choices=FeedbackCategory.choices)
    content = models.TextField("nội dung", max_length=FEEDBACK_MAX_CHARS)
    place = models.CharField("địa điểm được phản ánh", max_length=300, blank=True)
    photo = models.FileField("ảnh kèm theo", upload_to="phan-anh/%Y/%m/", blank=True)
    contact_name = models.CharField("họ tên người gửi", max_length=150, blank=True)
    contact_phone = models.CharField("điện thoại", max_length=15, blank=True)
    contact_email = models.EmailField("thư điện tử", blank=True)
    contact_address = models.CharField("địa chỉ", max_length=300, blank=True)
    consent_publish = models.BooleanField("đồng ý công khai nội dung và câu trả lời", default=False)
    received_on = models.DateField("ngày nhận")
    status = models.CharField(
        "trạng thái", max_length=10, choices=FeedbackStatus.choices, default=FeedbackStatus.RECEIVED
    )
    triaged_on = models.DateField("ngày phân loại", null=True, blank=True)
    opinion = models.OneToOneField(
        Opinion, models.PROTECT, null=True, blank=True, related_name="feedback", verbose_name="ý kiến đã ghi sổ"
    )
    petition = models.OneToOneField(
        Petition, models.PROTECT, null=True, blank=True, related_name="feedback", verbose_name="đơn thư đã vào sổ"
    )
    decline_reason = models.CharField("lý do không xử lý", max_length=500, blank=True)
    answer = models.TextField("nội dung trả lời", blank=True, max_length=FEEDBACK_MAX_CHARS)
    answered_on = models.DateField("ngày trả lời", null=True, blank=True)
    # What the public list shows: the citizen's text with personal details taken out by staff, if need be.
    public_content = models.TextField("nội dung công khai", blank=True, max_length=FEEDBACK_MAX_CHARS)
    published_on = models.DateField("ngày công khai", null=True, blank=True)

    class Meta:
        verbose_name = "phản ánh, kiến nghị trực tuyến"
        verbose_name_plural = "phản ánh, kiến nghị trực tuyến"
        ordering = ["-received_on", "-pk"]
        indexes = [
            models.Index(fields=["unit", "received_on"], name="feedback_unit_received"),
            models.Index(fields=["unit", "published_on"], name="feedback_unit_published"),
        ]

    def __str__(self) -> str:
        return f"Phản ánh {self.code}"

    def audit_label(self) -> str:
        return f"Phản ánh, kiến nghị {self.code}"

    @staticmethod
    def hash_pin(pin: str) -> str:
        # Keyed: a plain digest of a 6-digit PIN is reversed by trying the million PINs. With the server's secret
        # key, a copy of the table alone reveals nothing (changing SECRET_KEY invalidates the PINs given out).
        return hmac.new(settings.SECRET_KEY.encode(), pin.encode(), hashlib.sha256).hexdigest()

    def pin_matches(self, pin: str) -> bool:
        return hmac.compare_digest(self.pin_digest, self.hash_pin(pin))

    @property
    def is_published(self) -> bool:
        return self.published_on is not None
