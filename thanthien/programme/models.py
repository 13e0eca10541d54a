"""The model "Chính quyền thân thiện, vì Nhân dân phục vụ" itself (issue 11; DOMAIN.md §2, §6, §8): how a commune
builds it (stages, process steps, profile, steering board, issued documents, the commitment and its signatures,
the public directory of officials, activities) and how supervisors judge it (inspections and their remedies,
criteria scoring, recognition, roll-out targets).

Every record belongs to a unit (org.records.UnitRecord): a commune's own, or — for inspections a supervisor runs,
criteria sets and roll-out targets — the supervising unit's. The figures other apps count reach this app only
through the statistics registry (lib.stats): programme imports no other domain app."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from thanthien.org.models import Role, Unit
from thanthien.org.records import UnitRecord

# Who runs the model at a commune: its leaders and its administrator (MTTQ records activities and inspections too).
PROGRAMME_WRITERS = frozenset({Role.LEADER, Role.COMMUNE_ADMIN})
ACTIVITY_WRITERS = PROGRAMME_WRITERS | {Role.FRONT}
# Who reads it: every commune role and the supervisors above (no citizen's personal data is held here).
PROGRAMME_READERS = frozenset(
    {
        Role.LEADER,
        Role.COMMUNE_ADMIN,
        Role.FRONT,
        Role.ONESTOP_OFFICER,
        Role.CIVIL_REGISTRAR,
        Role.RECEPTION_OFFICER,
        Role.SUPERVISOR,
    }
)
# Who judges: the supervisors of the units above (inspections of communes, verified scores, recognition, targets).
SUPERVISORS = frozenset({Role.SUPERVISOR})

UPLOADS = "programme/"


# --- the model at a commune (item 1) ---------------------------------------------------------------------------------


class Stage(models.TextChoices):
    REGISTRATION = "registration", "Đăng ký xây dựng mô hình"
    LAUNCH = "launch", "Ra mắt mô hình"
    OPERATION = "operation", "Vận hành"
    SELF_ASSESSMENT = "self_assessment", "Tự đánh giá"
    VERIFICATION = "verification", "Thẩm định của cấp trên"
    RECOGNITION = "recognition", "Công nhận"
    NOT_YET = "not_yet", "Chưa được công nhận"


class ModelStage(UnitRecord):
    """A stage the commune's model reached, on a date, with the document that decided it."""

    write_roles: ClassVar[frozenset[str]] = PROGRAMME_WRITERS
    audit_prefix: ClassVar[str] = "programme.stage"

    stage = models.CharField("giai đoạn", max_length=20, choices=Stage.choices)
    reached_on = models.DateField("ngày")
    document = models.ForeignKey(
        "IssuedDocument", models.SET_NULL, null=True, blank=True, related_name="stages", verbose_name="văn bản"
    )
    note = models.CharField("ghi chú", max_length=500, blank=True)

    class Meta:
        verbose_name = "giai đoạn xây dựng mô hình"
        verbose_name_plural = "giai đoạn xây dựng mô hình"
        ordering = ["unit", "reached_on", "pk"]
        indexes = [models.Index(fields=["unit", "reached_on"], name="stage_unit_day")]

    def __str__(self) -> str:
        return f"{self.get_stage_display()} ({self.reached_on:%d/%m/%Y})"


class ProcessStep(UnitRecord):
    """One step of the commune's process of building the model (the seeds' 5 steps unless the commune changes
    them; actions.ensure_default_steps)."""

    write_roles: ClassVar[frozenset[str]] = PROGRAMME_WRITERS
    audit_prefix: ClassVar[str] = "programme.step"

    order = models.PositiveSmallIntegerField("bước")
    title = models.CharField("tên bước", max_length=300)
    description = models.TextField("nội dung", blank=True, max_length=4000)
    planned_by = models.DateField("thời hạn", null=True, blank=True)
    done_on = models.DateField("hoàn thành ngày", null=True, blank=True)

    class Meta:
        verbose_name = "bước thực hiện mô hình"
        verbose_name_plural = "bước thực hiện mô hình"
        ordering = ["unit", "order"]
        constraints = [models.UniqueConstraint(fields=["unit", "order"], name="step_unit_order")]

    def __str__(self) -> str:
        return f"Bước {self.order}: {self.title}"


class CommuneProfile(UnitRecord):
    """What the periodic report's part I (Đặc điểm tình hình) says of the commune, as of a date (seed 002 §I)."""

    write_roles: ClassVar[frozenset[str]] = PROGRAMME_WRITERS
    audit_prefix: ClassVar[str] = "programme.profile"

    as_of = models.DateField("số liệu tính đến ngày")
    area_km2 = models.DecimalField("diện tích tự nhiên (km²)", max_digits=9, decimal_places=2, null=True, blank=True)
    households = models.PositiveIntegerField("số hộ", null=True, blank=True)
    population = models.PositiveIntegerField("số nhân khẩu", null=True, blank=True)
    party_members = models.PositiveIntegerField("số đảng viên", null=True, blank=True)
    party_cells = models.PositiveIntegerField("số chi bộ", null=True, blank=True)
    villages = models.PositiveIntegerField("số thôn, tổ dân phố", null=True, blank=True)
    note = models.TextField("đặc điểm khác", blank=True, max_length=4000)

    class Meta:
        verbose_name = "thông tin chung của xã"
        verbose_name_plural = "thông tin chung của xã"
        ordering = ["unit", "-as_of"]
        constraints = [models.UniqueConstraint(fields=["unit", "as_of"], name="profile_unit_day")]

    def __str__(self) -> str:
        return f"Thông tin chung tính đến {self.as_of:%d/%m/%Y}"


# --- issued documents (item 3) ---------------------------------------------------------------------------------------


class DocumentKind(models.TextChoices):
    DECISION = "decision", "Quyết định"
    RESOLUTION = "resolution", "Nghị quyết"
    PLAN = "plan", "Kế hoạch"
    NOTICE = "notice", "Thông báo"
    OFFICIAL_LETTER = "official_letter", "Công văn"
    REPORT = "report", "Báo cáo"
    REGULATION = "regulation", "Quy chế"


class Issuer(models.TextChoices):
    PARTY_COMMITTEE = "party_committee", "Đảng ủy xã"
    PEOPLES_COMMITTEE = "peoples_committee", "UBND xã"
    BOARD = "board", "Ban chỉ đạo (Ban điều hành)"
    HIGHER = "higher", "Cơ quan cấp trên"


class Decides(models.TextChoices):
    """What a document decides, so that the pages and reports link it (item 3: "links to what it decides")."""

    NOTHING = "", "—"
    BOARD = "board", "Thành lập, kiện toàn Ban chỉ đạo"
    PLAN = "plan", "Kế hoạch xây dựng mô hình"
    LAUNCH = "launch", "Ra mắt mô hình"
    REGULATION = "regulation", "Quy chế hoạt động"
    INSPECTION = "inspection", "Kết luận kiểm tra, giám sát"
    RECOGNITION = "recognition", "Công nhận mô hình"
    OTHER = "other", "Khác"


class IssuedDocument(UnitRecord):
    """A document issued about the model, numbered as written in Vietnam ("59-QĐ/ĐU", "07/QĐ-UBND")."""

    write_roles: ClassVar[frozenset[str]] = PROGRAMME_WRITERS
    audit_prefix: ClassVar[str] = "programme.document"

    kind = models.CharField("loại văn bản", max_length=20, choices=DocumentKind.choices)
    number = models.CharField("số, ký hiệu", max_length=60)
    issued_on = models.DateField("ngày ban hành")
    issuer = models.CharField("cơ quan ban hành", max_length=20, choices=Issuer.choices)
    issuer_name = models.CharField(
        "tên cơ quan ban hành", max_length=200, blank=True, help_text="Khi cơ quan cấp trên ban hành: tên cơ quan."
    )
    summary = models.CharField("trích yếu", max_length=1000)
    decides = models.CharField("nội dung quyết định", max_length=20, choices=Decides.choices, blank=True)
    file = models.FileField("tệp văn bản (PDF)", upload_to=UPLOADS + "documents/", blank=True, max_length=300)

    class Meta:
        verbose_name = "văn bản"
        verbose_name_plural = "văn bản"
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "number", "issued_on"], name="document_unit_number_day"),
        ]
        indexes = [
            models.Index(fields=["unit", "issued_on"], name="document_unit_day"),
            models.Index(fields=["unit", "kind"], name="document_unit_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} số {self.number}"

    def audit_label(self) -> str:
        return f"{self.get_kind_display()} số {self.number} ngày {self.issued_on:%d/%m/%Y}"


# --- steering board (item 2) -----------------------------------------------------------------------------------------


class BoardKind(models.TextChoices):
    STEERING = "steering", "Ban chỉ đạo"
    OPERATING = "operating", "Ban điều hành"


class Board(UnitRecord):
    """The commune's steering (or operating) board, founded by a decision and changed (kiện toàn) by others."""

    write_roles: ClassVar[frozenset[str]] = PROGRAMME_WRITERS
    audit_prefix: ClassVar[str] = "programme.board"

    kind = models.CharField("loại", max_length=10, choices=BoardKind.choices, default=BoardKind.STEERING)
    name = models.CharField("tên", max_length=300)
    founded_on = models.DateField("ngày thành lập")
    founding_document = models.ForeignKey(
        IssuedDocument, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="quyết định thành lập"
    )

    class Meta:
        verbose_name = "ban chỉ đạo"
        verbose_name_plural = "ban chỉ đạo"
        ordering = ["unit", "-founded_on"]

    def __str__(self) -> str:
        return self.name


class BoardChange(models.Model):
    """A change of the board's membership (kiện toàn), with the decision that made it."""

    board = models.ForeignKey(Board, models.CASCADE, related_name="changes")
    decided_on = models.DateField("ngày quyết định")
    document = models.ForeignKey(
        IssuedDocument, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="quyết định"
    )
    note = models.CharField("nội dung thay đổi", max_length=500, blank=True)

    class Meta:
        verbose_name = "kiện toàn ban chỉ đạo"
        verbose_name_plural = "kiện toàn ban chỉ đạo"
        ordering = ["board", "decided_on", "pk"]

    def __str__(self) -> str:
        return f"Kiện toàn ngày {self.decided_on:%d/%m/%Y}"


class BoardMember(models.Model):
    """A member of the board from a date (the founding or a change) until a later change, if any: the board as it
    stood on a day is the members whose span holds that day."""

    board = models.ForeignKey(Board, models.CASCADE, related_name="members")
    full_name = models.CharField("họ và tên", max_length=150)
    position = models.CharField("chức vụ", max_length=200)
    board_role = models.CharField("vai trò trong ban", max_length=100, help_text="Trưởng ban, Phó ban, thành viên…")
    tasks = models.TextField("nhiệm vụ được phân công", blank=True, max_length=2000)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    from_date = models.DateField("từ ngày")
    to_date = models.DateField("đến ngày", null=True, blank=True, help_text="Trống: vẫn là thành viên.")
    joined_by = models.ForeignKey(BoardChange, models.SET_NULL, null=True, blank=True, related_name="joined")
    left_by = models.ForeignKey(BoardChange, models.SET_NULL, null=True, blank=True, related_name="left")

    class Meta:
        verbose_name = "thành viên ban chỉ đạo"
        verbose_name_plural = "thành viên ban chỉ đạo"
        ordering = ["board", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(to_date__isnull=True) | Q(to_date__gte=models.F("from_date")), name="member_span_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.full_name} – {self.board_role}"


# --- commitments and the directory of officials (item 4) -------------------------------------------------------------


class CommitmentText(models.Model):
    """A version of the text of "5 biết, 3 không, 4 thể hiện" (DOMAIN.md §6): nationwide (unit empty) or a unit's."""

    unit = models.ForeignKey(Unit, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="đơn vị")
    version = models.PositiveSmallIntegerField("phiên bản")
    title = models.CharField("tên", max_length=200, default="Cam kết “5 biết, 3 không, 4 thể hiện”")
    body = models.TextField("nội dung", max_length=10000)
    valid_from = models.DateField("áp dụng từ ngày")

    class Meta:
        verbose_name = "nội dung cam kết"
        verbose_name_plural = "nội dung cam kết"
        ordering = ["unit", "-version"]
        constraints = [models.UniqueConstraint(fields=["unit", "version"], name="commitment_text_version")]

    def __str__(self) -> str:
        return f"{self.title} (phiên bản {self.version})"


class Official(UnitRecord):
    """An official of the commune as the public directory shows them (seed 004): name, position, desk, phone —
    the phone only when the official chose to show it."""

    write_roles: ClassVar[frozenset[str]] = PROGRAMME_WRITERS
    # Not declared personal: officials are public servants whose work phone the directory publishes (seed 004), and a
    # field declared personal is hidden wherever a dict has lost its model ("phone" of the desk's settings too).
    # A phone its owner chose not to publish is kept to the commune's staff by the pages themselves (views_people).
    audit_prefix: ClassVar[str] = "programme.official"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="tài khoản"
    )
    full_name = models.CharField("họ và tên", max_length=150)
    position = models.CharField("chức vụ", max_length=200)
    desk = models.CharField("nơi làm việc, quầy", max_length=200, blank=True)
    phone = models.CharField("điện thoại", max_length=15, blank=True)
    show_phone = models.BooleanField("công khai số điện thoại", default=False)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    active = models.BooleanField("đang công tác", default=True)

    class Meta:
        verbose_name = "cán bộ, công chức"
        verbose_name_plural = "cán bộ, công chức"
        ordering = ["unit", "order", "full_name", "pk"]
        indexes = [models.Index(fields=["unit", "active"], name="official_unit_active")]

    def __str__(self) -> str:
        return f"{self.full_name} – {self.position}"


class CommitmentSignature(models.Model):
    """An official's signature of a version of the commitment, on a date, with an optional scan."""

    official = models.ForeignKey(Official, models.CASCADE, related_name="signatures")
    text = models.ForeignKey(CommitmentText, models.PROTECT, related_name="signatures", verbose_name="nội dung")
    signed_on = models.DateField("ngày ký")
    scan = models.FileField("bản ký (ảnh, PDF)", upload_to=UPLOADS + "commitments/", blank=True, max_length=300)

    class Meta:
        verbose_name = "chữ ký cam kết"
        verbose_name_plural = "chữ ký cam kết"
        ordering = ["official", "-signed_on"]
        constraints = [models.UniqueConstraint(fields=["official", "text"], name="signature_once_per_text")]

    def __str__(self) -> str:
        return f"{self.official} ký ngày {self.signed_on:%d/%m/%Y}"


# --- activities (item 5) ---------------------------------------------------------------------------------------------


class ActivityKind(models.TextChoices):
    MEETING = "meeting", "Hội nghị, buổi sinh hoạt tuyên truyền"
    BROADCAST = "broadcast", "Phát thanh trên loa truyền thanh"
    ARTICLE = "article", "Tin, bài trên báo, đài"
    WEBSITE_POST = "website_post", "Bài đăng trên trang thông tin điện tử"
    TRAINING = "training", "Tập huấn"
    LAUNCH = "launch", "Lễ ra mắt mô hình"


class Activity(UnitRecord):
    write_roles: ClassVar[frozenset[str]] = ACTIVITY_WRITERS
    audit_prefix: ClassVar[str] = "programme.activity"

    kind = models.CharField("loại hoạt động", max_length=20, choices=ActivityKind.choices)
    held_on = models.DateField("ngày")
    title = models.CharField("nội dung", max_length=500)
    attendees = models.PositiveIntegerField("số người dự", null=True, blank=True)
    outlet = models.CharField("cơ quan báo chí, kênh", max_length=200, blank=True)
    link = models.URLField("đường dẫn", max_length=500, blank=True)
    photo = models.ImageField("ảnh", upload_to=UPLOADS + "activities/", blank=True, max_length=300)

    class Meta:
        verbose_name = "hoạt động"
        verbose_name_plural = "hoạt động"
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["unit", "held_on"], name="activity_unit_day")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title[:60]}"


# --- inspections and supervisions (item 6) ---------------------------------------------------------------------------


class InspectorKind(models.TextChoices):
    SUPERVISOR = "supervisor", "Cơ quan cấp trên"
    FRONT = "front", "Ủy ban MTTQ"
    PARTY = "party", "Đảng ủy"
    COMMUNE = "commune", "UBND xã"


class Inspection(UnitRecord):
    """An inspection or supervision of a commune (`unit`), or of a body inside it (`target`: a Party cell, a village,
    a school…). Run by a supervisor's unit (`by_unit`) or inside the commune (MTTQ, the Party committee)."""

    # A commune records the inspections it runs (MTTQ, the Party committee); a supervisor those of the communes
    # under them.
    write_roles: ClassVar[frozenset[str]] = ACTIVITY_WRITERS | SUPERVISORS
    audit_prefix: ClassVar[str] = "programme.inspection"

    by_kind = models.CharField("đơn vị kiểm tra", max_length=20, choices=InspectorKind.choices)
    by_unit = models.ForeignKey(
        Unit, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="đơn vị cấp trên kiểm tra"
    )
    is_supervision = models.BooleanField("giám sát (không phải kiểm tra)", default=False)
    target = models.CharField("đối tượng", max_length=300, blank=True, help_text="Trống: toàn xã.")
    held_on = models.DateField("ngày kiểm tra")
    content = models.TextField("nội dung", max_length=4000)
    findings = models.TextField("kết quả, hạn chế phát hiện", blank=True, max_length=8000)
    conclusion = models.ForeignKey(
        IssuedDocument, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="văn bản kết luận"
    )

    class Meta:
        verbose_name = "kiểm tra, giám sát"
        verbose_name_plural = "kiểm tra, giám sát"
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["unit", "held_on"], name="inspection_unit_day")]

    def __str__(self) -> str:
        return f"Kiểm tra ngày {self.held_on:%d/%m/%Y}"


class Remedy(models.Model):
    """A finding to remedy, its deadline, and the commune's answer."""

    inspection = models.ForeignKey(Inspection, models.CASCADE, related_name="remedies")
    text = models.TextField("nội dung cần khắc phục", max_length=2000)
    due_on = models.DateField("thời hạn", null=True, blank=True)
    done_on = models.DateField("đã khắc phục ngày", null=True, blank=True)
    answer = models.TextField("kết quả khắc phục", blank=True, max_length=4000)

    class Meta:
        verbose_name = "nội dung khắc phục"
        verbose_name_plural = "nội dung khắc phục"
        ordering = ["inspection", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


# --- criteria scoring (item 7) ---------------------------------------------------------------------------------------


class CriteriaSet(UnitRecord):
    """A versioned criteria set of a supervising unit (or the nationwide default, unit = the root), with the
    classification thresholds (DOMAIN.md §8: Tốt ≥ 80, Khá ≥ 65, Đạt ≥ 50, else Chưa đạt)."""

    write_roles: ClassVar[frozenset[str]] = SUPERVISORS
    audit_prefix: ClassVar[str] = "programme.criteria_set"

    code = models.CharField("mã bộ tiêu chí", max_length=60)
    version = models.PositiveSmallIntegerField("phiên bản", default=1)
    name = models.CharField("tên", max_length=300)
    valid_from = models.DateField("áp dụng từ ngày")
    # {"tot": 80, "kha": 65, "dat": 50}: a total at or above a threshold earns its class.
    thresholds = models.JSONField("ngưỡng xếp loại", default=dict)

    class Meta:
        verbose_name = "bộ tiêu chí"
        verbose_name_plural = "bộ tiêu chí"
        ordering = ["code", "-version"]
        constraints = [models.UniqueConstraint(fields=["unit", "code", "version"], name="criteria_set_version")]

    def __str__(self) -> str:
        return f"{self.name} (phiên bản {self.version})"


class CriterionKind(models.TextChoices):
    SCORE = "score", "Tiêu chí"
    BONUS = "bonus", "Điểm thưởng"
    PENALTY = "penalty", "Điểm trừ"


class Criterion(models.Model):
    """A criterion (TC1 … TC5), a sub-criterion (parent set) or a bonus/penalty line, with its maximum points and
    the indicators (stats registry names, "dossiers.on_time_rate") shown beside it."""

    criteria_set = models.ForeignKey(CriteriaSet, models.CASCADE, related_name="criteria")
    parent = models.ForeignKey("self", models.CASCADE, null=True, blank=True, related_name="children")
    code = models.CharField("mã", max_length=20)
    title = models.CharField("nội dung", max_length=500)
    kind = models.CharField("loại", max_length=10, choices=CriterionKind.choices, default=CriterionKind.SCORE)
    max_points = models.DecimalField("điểm tối đa", max_digits=6, decimal_places=2, validators=[MinValueValidator(0)])
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    indicators = models.JSONField("chỉ số từ dữ liệu", default=list, blank=True)

    class Meta:
        verbose_name = "tiêu chí"
        verbose_name_plural = "tiêu chí"
        ordering = ["criteria_set", "order", "pk"]
        constraints = [models.UniqueConstraint(fields=["criteria_set", "code"], name="criterion_code")]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"


class ScoringStatus(models.TextChoices):
    DRAFT = "draft", "Xã đang tự chấm"
    SUBMITTED = "submitted", "Đã gửi cấp trên"
    RETURNED = "returned", "Cấp trên trả lại"
    VERIFIED = "verified", "Cấp trên đã thẩm định"
    PUBLISHED = "published", "Đã công bố"


class ScoreClass(models.TextChoices):
    GOOD = "tot", "Tốt"
    FAIR = "kha", "Khá"
    PASS = "dat", "Đạt"
    FAIL = "chua_dat", "Chưa đạt"


class Scoring(UnitRecord):
    """A commune's scoring for a year against a criteria set: its self-score, then the supervisor's verified score;
    publishing freezes it."""

    write_roles: ClassVar[frozenset[str]] = PROGRAMME_WRITERS
    audit_prefix: ClassVar[str] = "programme.scoring"

    year = models.PositiveSmallIntegerField("năm", validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    criteria_set = models.ForeignKey(CriteriaSet, models.PROTECT, related_name="scorings", verbose_name="bộ tiêu chí")
    status = models.CharField("tình trạng", max_length=10, choices=ScoringStatus.choices, default=ScoringStatus.DRAFT)
    self_total = models.DecimalField("tổng tự chấm", max_digits=7, decimal_places=2, null=True, blank=True)
    verified_total = models.DecimalField("tổng cấp trên chấm", max_digits=7, decimal_places=2, null=True, blank=True)
    score_class = models.CharField("xếp loại", max_length=10, choices=ScoreClass.choices, blank=True)
    published_on = models.DateField("ngày công bố", null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người thẩm định",
    )

    class Meta:
        verbose_name = "chấm điểm mô hình"
        verbose_name_plural = "chấm điểm mô hình"
        ordering = ["unit", "-year"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="scoring_unit_year")]
        indexes = [models.Index(fields=["status", "year"], name="scoring_status_year")]

    def __str__(self) -> str:
        return f"Chấm điểm năm {self.year}"

    def audit_label(self) -> str:
        return f"Chấm điểm mô hình năm {self.year}"


class Score(models.Model):
    scoring = models.ForeignKey(Scoring, models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, models.PROTECT, related_name="scores")
    self_score = models.DecimalField("điểm tự chấm", max_digits=6, decimal_places=2, null=True, blank=True)
    self_note = models.TextField("giải trình của xã", blank=True, max_length=4000)
    verified_score = models.DecimalField("điểm cấp trên chấm", max_digits=6, decimal_places=2, null=True, blank=True)
    comment = models.TextField("nhận xét của cấp trên", blank=True, max_length=4000)
    returned_reason = models.TextField("lý do trả lại", blank=True, max_length=2000)
    evidence = models.ManyToManyField(IssuedDocument, blank=True, related_name="evidence_of", verbose_name="minh chứng")

    class Meta:
        verbose_name = "điểm theo tiêu chí"
        verbose_name_plural = "điểm theo tiêu chí"
        ordering = ["scoring", "criterion__order"]
        constraints = [models.UniqueConstraint(fields=["scoring", "criterion"], name="score_once_per_criterion")]

    def __str__(self) -> str:
        return f"{self.criterion.code}: {self.self_score}"


# --- recognition and roll-out (items 8 and 9) ------------------------------------------------------------------------


class RecognitionLevel(models.TextChoices):
    PROVINCE = "province", "Mô hình cấp tỉnh"
    DISTRICT = "district", "Mô hình cấp huyện"


class RecognitionQuerySet(models.QuerySet["Recognition"]):
    def valid_on(self, day: object) -> RecognitionQuerySet:
        """Decided on or before `day`, and not past its review date (a recognition is valid up to and including
        the day it is due for review; a new decision then renews it)."""
        return self.filter(Q(decided_on__lte=day) & (Q(review_on__isnull=True) | Q(review_on__gte=day)))


class Recognition(UnitRecord):
    """The decision recognising a commune's model (`unit`) at a level, until its review date if any. A merged
    commune's recognitions stay its own (they show on its successor, which needs its own to count as a model)."""

    write_roles: ClassVar[frozenset[str]] = SUPERVISORS
    audit_prefix: ClassVar[str] = "programme.recognition"

    level = models.CharField("cấp công nhận", max_length=10, choices=RecognitionLevel.choices)
    decided_on = models.DateField("ngày quyết định")
    decision_number = models.CharField("số quyết định", max_length=60)
    review_on = models.DateField("ngày đánh giá lại", null=True, blank=True)
    decided_by = models.ForeignKey(
        Unit, models.PROTECT, null=True, blank=True, related_name="+", verbose_name="cấp quyết định"
    )
    document = models.ForeignKey(
        IssuedDocument, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="quyết định"
    )

    objects = RecognitionQuerySet.as_manager()

    class Meta:
        verbose_name = "công nhận mô hình"
        verbose_name_plural = "công nhận mô hình"
        ordering = ["unit", "-decided_on"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "decision_number", "decided_on"], name="recognition_decision")
        ]
        indexes = [models.Index(fields=["unit", "decided_on"], name="recognition_unit_day")]

    def __str__(self) -> str:
        return f"{self.get_level_display()} – Quyết định số {self.decision_number}"


class FilePart(models.TextChoices):
    SUBMISSION = "submission", "Tờ trình"
    REPORT = "report", "Báo cáo kết quả"
    SELF_SCORE = "self_score", "Bảng tự chấm điểm"
    REGISTRATION = "registration", "Bản đăng ký xây dựng mô hình"
    APPROVAL = "approval", "Văn bản phê duyệt của cấp trên"


class RecognitionFile(UnitRecord):
    """The file asking recognition for a commune's model (hồ sơ đề nghị công nhận) for a year."""

    write_roles: ClassVar[frozenset[str]] = PROGRAMME_WRITERS
    audit_prefix: ClassVar[str] = "programme.recognition_file"

    year = models.PositiveSmallIntegerField("năm")
    level = models.CharField("đề nghị công nhận cấp", max_length=10, choices=RecognitionLevel.choices)
    submitted_on = models.DateField("ngày gửi", null=True, blank=True)
    recognition = models.ForeignKey(
        Recognition, models.SET_NULL, null=True, blank=True, related_name="files", verbose_name="quyết định công nhận"
    )

    class Meta:
        verbose_name = "hồ sơ đề nghị công nhận"
        verbose_name_plural = "hồ sơ đề nghị công nhận"
        ordering = ["unit", "-year"]
        constraints = [models.UniqueConstraint(fields=["unit", "year", "level"], name="recognition_file_year")]

    def __str__(self) -> str:
        return f"Hồ sơ đề nghị công nhận năm {self.year}"


class RecognitionFilePart(models.Model):
    file = models.ForeignKey(RecognitionFile, models.CASCADE, related_name="parts")
    part = models.CharField("thành phần", max_length=20, choices=FilePart.choices)
    document = models.ForeignKey(IssuedDocument, models.SET_NULL, null=True, blank=True, related_name="+")
    upload = models.FileField("tệp", upload_to=UPLOADS + "recognition/", blank=True, max_length=300)

    class Meta:
        verbose_name = "thành phần hồ sơ"
        verbose_name_plural = "thành phần hồ sơ"
        ordering = ["file", "part"]
        constraints = [models.UniqueConstraint(fields=["file", "part"], name="recognition_file_part")]

    def __str__(self) -> str:
        return self.get_part_display()


class RolloutTarget(UnitRecord):
    """A supervising unit's target: `share` (0–1) of the communes under it recognised by `by_date`."""

    write_roles: ClassVar[frozenset[str]] = SUPERVISORS
    audit_prefix: ClassVar[str] = "programme.target"

    by_date = models.DateField("đến ngày")
    share = models.DecimalField(
        "tỷ lệ xã được công nhận",
        max_digits=5,
        decimal_places=4,
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    note = models.CharField("căn cứ", max_length=500, blank=True)

    class Meta:
        verbose_name = "chỉ tiêu nhân rộng mô hình"
        verbose_name_plural = "chỉ tiêu nhân rộng mô hình"
        ordering = ["unit", "by_date"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "by_date"], name="target_unit_day"),
            models.CheckConstraint(condition=Q(share__gte=0) & Q(share__lte=1), name="target_share_range"),
        ]

    def __str__(self) -> str:
        return f"{self.share:.0%} số xã đến {self.by_date:%d/%m/%Y}"
