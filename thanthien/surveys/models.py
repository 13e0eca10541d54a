"""Satisfaction surveys (DOMAIN.md §7, issue 10): questionnaires in versions, campaigns, forms and their answers.

A questionnaire belongs to a unit (a commune, or a district or province whose communes use it); the nationwide
templates are XLSForm files shipped with the code (templates_xlsform/) that a unit copies. A version keeps the
XLSForm rows it was made from (`source`), so exporting it gives back the same workbook; once it has answers it is
frozen: a change makes a new version and the answers already given keep the questions they answered.

An answer is one row per question answered, and for a `select_multiple` one row per choice chosen; each row
carries `is_scale` and `satisfied`, copied from its question and choice when written, so the satisfaction figures
are plain COUNTs over indexed columns (thanthien.surveys.stats)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from thanthien.org.models import Role, Unit
from thanthien.org.records import UnitRecord

# Who writes the surveys of their commune: its leaders, its administrator and MTTQ, which collects the forms.
SURVEY_WRITERS = frozenset({Role.LEADER, Role.COMMUNE_ADMIN, Role.FRONT})
# Who reads them: the writers and the supervisors above (respondents are anonymous unless a questionnaire asks).
SURVEY_READERS = SURVEY_WRITERS | {Role.SUPERVISOR}


class QuestionType(models.TextChoices):
    SELECT_ONE = "select_one", "Chọn một"
    SELECT_MULTIPLE = "select_multiple", "Chọn nhiều"
    TEXT = "text", "Trả lời bằng chữ"
    INTEGER = "integer", "Số nguyên"
    NOTE = "note", "Ghi chú (không trả lời)"


class Channel(models.TextChoices):
    QR = "qr", "Mã QR"
    KIOSK = "kiosk", "Máy tính bảng tại quầy"
    DOSSIER = "dossier", "Đánh giá theo hồ sơ"
    PAPER = "paper", "Phiếu giấy"
    ONLINE = "online", "Trực tuyến"
    IMPORT = "import", "Nhập từ tệp"


CHANNEL_NAMES = tuple(c.value for c in Channel)


class Questionnaire(UnitRecord):
    """A questionnaire of a unit, named by its XLSForm `form_id` (unique at that unit)."""

    write_roles: ClassVar[frozenset[str]] = SURVEY_WRITERS
    audit_prefix: ClassVar[str] = "surveys.questionnaire"

    form_id = models.CharField("mã phiếu (form_id)", max_length=100)
    title = models.CharField("tên phiếu", max_length=300)
    template = models.CharField("mẫu gốc", max_length=100, blank=True, help_text="Mẫu toàn quốc đã sao chép, nếu có.")

    class Meta:
        verbose_name = "phiếu khảo sát"
        verbose_name_plural = "phiếu khảo sát"
        ordering = ["title", "pk"]
        constraints = [models.UniqueConstraint(fields=["unit", "form_id"], name="questionnaire_unit_form_id")]

    def __str__(self) -> str:
        return self.title

    def audit_label(self) -> str:
        return f"Phiếu khảo sát {self.form_id}"


class QuestionnaireVersion(models.Model):
    """One version of a questionnaire, with the XLSForm rows it was made from."""

    questionnaire = models.ForeignKey(Questionnaire, models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("lần sửa")
    version = models.CharField("phiên bản", max_length=60)
    title = models.CharField("tên phiếu", max_length=300)
    # {"survey": [{column: value}], "choices": [...], "settings": {...}}: exported as it was imported.
    source = models.JSONField("nội dung XLSForm", default=dict)
    digest = models.CharField("dấu nội dung", max_length=64)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField("tạo lúc", default=timezone.now)

    class Meta:
        verbose_name = "phiên bản phiếu khảo sát"
        verbose_name_plural = "phiên bản phiếu khảo sát"
        ordering = ["questionnaire", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["questionnaire", "number"], name="qversion_number"),
            models.UniqueConstraint(fields=["questionnaire", "version"], name="qversion_version"),
        ]

    def __str__(self) -> str:
        return f"{self.title} (phiên bản {self.version})"

    @property
    def is_frozen(self) -> bool:
        """A version that has answers never changes: editing it makes a new version."""
        return Response.objects.filter(campaign__version=self).exists()


class Question(models.Model):
    version = models.ForeignKey(QuestionnaireVersion, models.CASCADE, related_name="questions")
    order = models.PositiveIntegerField("thứ tự")
    name = models.CharField("tên câu hỏi", max_length=100)
    type = models.CharField("loại", max_length=20, choices=QuestionType.choices)
    label = models.CharField("câu hỏi", max_length=1000)
    required = models.BooleanField("bắt buộc", default=False)
    # Only `${q} = 'x'`: the question shows when question `relevant_name` was answered `relevant_value`.
    relevant = models.CharField("điều kiện hiện", max_length=300, blank=True)
    relevant_name = models.CharField(max_length=100, blank=True)
    relevant_value = models.CharField(max_length=100, blank=True)
    group_name = models.CharField("nhóm (khía cạnh)", max_length=100, blank=True)
    group_label = models.CharField("tên nhóm", max_length=300, blank=True)
    list_name = models.CharField("danh sách lựa chọn", max_length=100, blank=True)
    # A select_one whose list marks some choices `satisfied`: it counts in the satisfaction rate.
    is_scale = models.BooleanField("câu hỏi thang đo", default=False)

    class Meta:
        verbose_name = "câu hỏi"
        verbose_name_plural = "câu hỏi"
        ordering = ["version", "order"]
        constraints = [models.UniqueConstraint(fields=["version", "name"], name="question_version_name")]

    def __str__(self) -> str:
        return self.label

    @property
    def is_select(self) -> bool:
        return self.type in (QuestionType.SELECT_ONE, QuestionType.SELECT_MULTIPLE)


class Choice(models.Model):
    version = models.ForeignKey(QuestionnaireVersion, models.CASCADE, related_name="choices")
    list_name = models.CharField("danh sách", max_length=100)
    order = models.PositiveIntegerField("thứ tự")
    name = models.CharField("mã lựa chọn", max_length=100)
    label = models.CharField("lựa chọn", max_length=500)
    satisfied = models.BooleanField("tính là hài lòng", default=False)

    class Meta:
        verbose_name = "lựa chọn"
        verbose_name_plural = "lựa chọn"
        ordering = ["version", "list_name", "order"]
        constraints = [models.UniqueConstraint(fields=["version", "list_name", "name"], name="choice_list_name")]

    def __str__(self) -> str:
        return self.label


class Campaign(UnitRecord):
    """A questionnaire version put to the people of a unit over a period, on some channels, with a target."""

    write_roles: ClassVar[frozenset[str]] = SURVEY_WRITERS
    audit_prefix: ClassVar[str] = "surveys.campaign"

    name = models.CharField("tên đợt khảo sát", max_length=200)
    version = models.ForeignKey(QuestionnaireVersion, models.PROTECT, related_name="campaigns")
    starts_on = models.DateField("từ ngày")
    ends_on = models.DateField("đến ngày")
    channels = models.JSONField("kênh mở", default=list)
    target = models.PositiveIntegerField("số phiếu cần thu", default=0)
    # The target counts per field (e.g. 30 forms per field per year) when `fields` lists the fields.
    target_per_field = models.BooleanField("chỉ tiêu tính cho từng lĩnh vực", default=False)
    fields = models.JSONField("lĩnh vực", default=list, blank=True)
    is_baseline = models.BooleanField("khảo sát trước khi ra mắt mô hình", default=False)

    class Meta:
        verbose_name = "đợt khảo sát"
        verbose_name_plural = "đợt khảo sát"
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "name"], name="campaign_unit_name"),
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="campaign_period_order"),
        ]
        indexes = [models.Index(fields=["unit", "starts_on", "ends_on"], name="campaign_unit_period")]

    def __str__(self) -> str:
        return self.name

    def audit_label(self) -> str:
        return f"Đợt khảo sát “{self.name}”"

    def is_open_on(self, channel: str, day: object) -> bool:
        return channel in self.channels and self.starts_on <= day <= self.ends_on  # type: ignore[operator]


class Response(models.Model):
    """One form filled in, from one channel, on one day."""

    campaign = models.ForeignKey(Campaign, models.PROTECT, related_name="responses")
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="+")
    questionnaire = models.ForeignKey(Questionnaire, models.PROTECT, related_name="responses")
    channel = models.CharField("kênh", max_length=10, choices=Channel.choices)
    submitted_on = models.DateField("ngày trả lời")
    submitted_at = models.DateTimeField("lúc", default=timezone.now)
    field = models.CharField("lĩnh vực", max_length=200, blank=True)
    collector = models.CharField("người thu phiếu", max_length=150, blank=True)
    collected_on = models.DateField("ngày thu phiếu", null=True, blank=True)
    # A per-dossier rating: the dossier's facts as plain values, handed over by the public lookup (no foreign
    # key to onestop: surveys does not read the one-stop app).
    dossier_code = models.CharField("mã hồ sơ", max_length=60, blank=True)
    procedure_code = models.CharField("mã thủ tục", max_length=60, blank=True)
    procedure_field = models.CharField("lĩnh vực thủ tục", max_length=200, blank=True)
    officer_id = models.CharField("công chức tiếp nhận", max_length=60, blank=True)
    # The digest of an imported line: importing the same file again adds nothing.
    import_key = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = "phiếu trả lời"
        verbose_name_plural = "phiếu trả lời"
        ordering = ["-submitted_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["questionnaire", "dossier_code"], condition=~Q(dossier_code=""), name="response_one_per_dossier"
            ),
            models.UniqueConstraint(
                fields=["campaign", "import_key"], condition=~Q(import_key=""), name="response_import_once"
            ),
        ]
        indexes = [
            models.Index(fields=["unit", "submitted_on"], name="response_unit_day"),
            models.Index(fields=["campaign", "field"], name="response_campaign_field"),
        ]

    def __str__(self) -> str:
        return f"Phiếu #{self.pk} ngày {self.submitted_on:%d/%m/%Y}"


class Answer(models.Model):
    """One answer: a question's value, or one chosen choice (a select_multiple gives a row per choice)."""

    response = models.ForeignKey(Response, models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, models.PROTECT, related_name="answers")
    choice = models.ForeignKey(Choice, models.PROTECT, null=True, blank=True, related_name="answers")
    value = models.TextField("trả lời", blank=True, max_length=2000)
    is_scale = models.BooleanField(default=False)
    satisfied = models.BooleanField(default=False)

    class Meta:
        verbose_name = "câu trả lời"
        verbose_name_plural = "câu trả lời"
        indexes = [
            models.Index(fields=["question", "choice"], name="answer_question_choice"),
            models.Index(fields=["response", "is_scale"], name="answer_response_scale"),
        ]

    def __str__(self) -> str:
        return self.value
