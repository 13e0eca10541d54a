"""Criteria scoring (issue 11 item 7; DOMAIN.md §8): criteria sets, a commune's scoring for a year, the supervisor's
verified score and its publication.

Criteria sets. A set belongs to a unit above the communes; the default set (DOMAIN.md §8: TC1 … TC5, 20 / 25 / 20 /
15 / 20 = 100, with sub-criteria, a bonus line and a penalty line) is created on first use by `ensure_default_set`
at the **top unit** of a commune's tree (its province), so that one province scores all its communes alike. A
supervisor may copy a set into a new version (at the set's unit when they supervise it, else at their own unit) and
change its titles, maxima, indicators and thresholds; a version some commune has scored against is frozen. A commune's
scoring takes the set of its nearest unit above that owns one, in force on 31/12 of the year (latest `valid_from`,
then highest version); the scoring keeps that set afterwards.

Scores. Each line has a maximum; a score outside [0, maximum] is refused (never silently cut). A criterion with
sub-criteria scores the sum of its sub-criteria; the total is the criteria's sum, plus the bonus lines, minus the
penalty lines, kept within [0, maximum of the criteria + maximum of the bonus lines]. The class follows the set's
thresholds (the setting PROGRAMME_THRESHOLDS, by default Tốt ≥ 80, Khá ≥ 65, Đạt ≥ 50, else Chưa đạt).

Flow: draft (the commune self-scores, with a note per line and evidence documents per criterion) → submitted →
the supervisor enters verified scores and comments, may return one criterion or the whole with a reason (returned:
the commune reworks the returned criteria and submits again) → verified → published (frozen for everyone: no
action changes a published scoring, a system administrator's neither). Every change writes an audit row."""

from __future__ import annotations

import datetime as dt
import importlib
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from thanthien.audit.log import record, register_actions, snapshot
from thanthien.lib import stats
from thanthien.lib.vn import fmt_date, fmt_number, fmt_percent
from thanthien.org.models import Unit
from thanthien.org.records import create_record
from thanthien.org.scoping import acting_units, is_system_admin, require_role

from .models import (
    PROGRAMME_WRITERS,
    SUPERVISORS,
    CriteriaSet,
    Criterion,
    CriterionKind,
    IssuedDocument,
    Score,
    ScoreClass,
    Scoring,
    ScoringStatus,
)

log = logging.getLogger(__name__)

register_actions(
    {
        "programme.criteria_set.create": "Tạo bộ tiêu chí",
        "programme.criteria_set.copy": "Tạo phiên bản mới của bộ tiêu chí",
        "programme.criteria_set.update": "Sửa bộ tiêu chí",
        "programme.criterion.update": "Sửa tiêu chí",
        "programme.scoring.create": "Bắt đầu chấm điểm mô hình",
        "programme.scoring.update": "Cập nhật chấm điểm mô hình",
        "programme.scoring.submit": "Xã gửi kết quả tự chấm",
        "programme.scoring.return": "Cấp trên trả lại kết quả chấm điểm",
        "programme.scoring.verify": "Cấp trên xác nhận thẩm định",
        "programme.scoring.publish": "Công bố kết quả chấm điểm",
        "programme.score.self": "Xã tự chấm điểm tiêu chí",
        "programme.score.verified": "Cấp trên chấm điểm tiêu chí",
    }
)

DEFAULT_CODE = "CQTT"
DEFAULT_NAME = "Bộ tiêu chí mô hình “Chính quyền thân thiện, vì Nhân dân phục vụ”"
DEFAULT_VALID_FROM = dt.date(2021, 1, 1)
DEFAULT_THRESHOLDS: dict[str, float] = {"tot": 80, "kha": 65, "dat": 50}
CLASS_ORDER = (ScoreClass.GOOD, ScoreClass.FAIR, ScoreClass.PASS)
NO_DATA = "chưa có số liệu"

# (code, title, maximum, indicators, sub-criteria (code, title, maximum)) — DOMAIN.md §8.
DEFAULT_CRITERIA: tuple[tuple[str, str, int, tuple[str, ...], tuple[tuple[str, str, int], ...]], ...] = (
    (
        "TC1",
        "Thực hiện quy chế dân chủ ở cơ sở và công tác tuyên truyền về mô hình",
        20,
        (),
        (
            ("TC1.1", "Ban hành, thực hiện quy chế dân chủ ở cơ sở; công khai thông tin cho Nhân dân", 10),
            ("TC1.2", "Tuyên truyền về mô hình: hội nghị, loa truyền thanh, tin bài, trang thông tin điện tử", 6),
            ("TC1.3", "Ban hành kế hoạch, quyết định thành lập Ban chỉ đạo và tổ chức ra mắt mô hình", 4),
        ),
    ),
    (
        "TC2",
        "Cải cách hành chính",
        25,
        (
            "dossiers.on_time_rate",
            "dossiers.resolved_late",
            "dossiers.received_online",
            "letters.apologies",
            "letters.apologies_owed_unsent",
        ),
        (
            ("TC2.1", "Giải quyết thủ tục hành chính trước hạn, đúng hạn; xin lỗi người dân khi trễ hẹn", 12),
            ("TC2.2", "Tiếp nhận, giải quyết hồ sơ trực tuyến; ứng dụng công nghệ thông tin", 7),
            ("TC2.3", "Bộ phận Một cửa: cơ sở vật chất, niêm yết công khai thủ tục hành chính", 6),
        ),
    ),
    (
        "TC3",
        "Văn hóa công sở và quy tắc ứng xử của cán bộ, công chức",
        20,
        ("programme.commitment_rate",),
        (
            ("TC3.1", "Cán bộ, công chức ký và thực hiện cam kết “5 biết, 3 không, 4 thể hiện”", 10),
            ("TC3.2", "Thực hiện văn hóa công sở: trang phục, thẻ công chức, thời gian làm việc", 5),
            ("TC3.3", "Công khai họ tên, chức vụ, số điện thoại của cán bộ, công chức", 5),
        ),
    ),
    (
        "TC4",
        "Tiếp xúc, đối thoại với Nhân dân; giải quyết khiếu nại, tố cáo",
        15,
        (
            "engagement.receptions",
            "engagement.petition_resolution_rate",
            "engagement.petitions_resolved_late",
            "engagement.dialogues",
            "engagement.opinion_answer_rate",
        ),
        (
            ("TC4.1", "Tiếp công dân định kỳ theo lịch; người đứng đầu tiếp công dân theo quy định", 5),
            ("TC4.2", "Giải quyết đơn thư khiếu nại, tố cáo, kiến nghị, phản ánh đúng thời hạn", 5),
            ("TC4.3", "Tổ chức đối thoại với Nhân dân; trả lời ý kiến, kiến nghị", 5),
        ),
    ),
    (
        "TC5",
        "Sự hài lòng của cán bộ, công chức, người dân, tổ chức và doanh nghiệp",
        20,
        ("surveys.satisfaction_rate", "surveys.attitude_rate", "surveys.forms"),
        (
            ("TC5.1", "Mức độ hài lòng của người dân, tổ chức, doanh nghiệp", 12),
            ("TC5.2", "Đánh giá thái độ phục vụ của cán bộ, công chức", 8),
        ),
    ),
)
DEFAULT_BONUS = ("TH", "Có cách làm hay, sáng tạo được cấp trên ghi nhận", 5)
DEFAULT_PENALTY = ("TR", "Để xảy ra khiếu nại đông người, vượt cấp", 5)

# The names of indicators that another area registers; shown with this label until they are.
KNOWN_LABELS = {"programme.commitment_rate": "Tỷ lệ cán bộ, công chức đã ký cam kết"}

TWO = Decimal("0.01")


# --- thresholds and classification ---------------------------------------------------------------------------------


def default_thresholds() -> dict[str, float]:
    """The setting PROGRAMME_THRESHOLDS over the defaults of DOMAIN.md §8."""
    configured = getattr(settings, "PROGRAMME_THRESHOLDS", None) or {}
    return {**DEFAULT_THRESHOLDS, **{k: v for k, v in configured.items() if k in DEFAULT_THRESHOLDS}}


def thresholds_of(criteria_set: CriteriaSet | None) -> dict[str, Decimal]:
    """The set's own thresholds over the setting's."""
    own = (criteria_set.thresholds if criteria_set is not None else None) or {}
    merged = {**default_thresholds(), **{k: v for k, v in own.items() if k in DEFAULT_THRESHOLDS}}
    return {k: Decimal(str(v)) for k, v in merged.items()}


def class_label(code: str) -> str:
    return str(ScoreClass(code).label) if code else ""


def classify(total: Decimal | float | None, thresholds: Mapping[str, Any]) -> str:
    """The class a total earns: at or above a threshold earns it (80 → Tốt, 79,5 → Khá, 49,99 → Chưa đạt)."""
    if total is None:
        return ""
    value = Decimal(str(total))
    for cls in CLASS_ORDER:
        if value >= Decimal(str(thresholds[cls.value])):
            return str(cls.value)
    return str(ScoreClass.FAIL.value)


# --- the tree of a set and its totals ------------------------------------------------------------------------------


@dataclass
class Tree:
    """A set's criteria in order: the top lines, each with its children; which lines take a score."""

    criteria: list[Criterion]
    top: list[Criterion] = field(default_factory=list)
    children: dict[int, list[Criterion]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for c in self.criteria:
            if c.parent_id is None:
                self.top.append(c)
            else:
                self.children.setdefault(c.parent_id, []).append(c)

    def leaves(self) -> list[Criterion]:
        """The lines a score is typed for: sub-criteria, criteria without any, bonus and penalty lines."""
        return [c for c in self.criteria if c.pk not in self.children]

    def top_of(self, c: Criterion) -> Criterion:
        by_pk = {x.pk: x for x in self.criteria}
        while c.parent_id is not None:
            c = by_pk[c.parent_id]
        return c

    def score_max(self) -> Decimal:
        return sum((c.max_points for c in self.top if c.kind == CriterionKind.SCORE), Decimal(0))

    def bonus_max(self) -> Decimal:
        return sum((c.max_points for c in self.top if c.kind == CriterionKind.BONUS), Decimal(0))

    def roll_up(self, values: Mapping[int, Decimal | None]) -> dict[int, Decimal | None]:
        """Every line's value: a leaf its own, a parent the sum of its children (None while none is scored)."""
        out: dict[int, Decimal | None] = {}

        def value(c: Criterion) -> Decimal | None:
            kids = self.children.get(c.pk)
            if not kids:
                out[c.pk] = values.get(c.pk)
                return out[c.pk]
            parts = [value(k) for k in kids]
            known = [p for p in parts if p is not None]
            out[c.pk] = sum(known, Decimal(0)) if known else None
            return out[c.pk]

        for c in self.top:
            value(c)
        return out

    def total(self, values: Mapping[int, Decimal | None]) -> Decimal | None:
        """Criteria + bonus − penalty, within [0, criteria maximum + bonus maximum]; None while nothing is scored."""
        rolled = self.roll_up(values)
        if all(rolled.get(c.pk) is None for c in self.top):
            return None
        total = Decimal(0)
        for c in self.top:
            v = rolled.get(c.pk) or Decimal(0)
            total += -v if c.kind == CriterionKind.PENALTY else v
        return min(max(total, Decimal(0)), self.score_max() + self.bonus_max()).quantize(TWO)


def tree_of(criteria_set: CriteriaSet) -> Tree:
    return Tree(list(criteria_set.criteria.order_by("order", "pk")))


def check_score(c: Criterion, value: Decimal | None, what: str = "Điểm") -> None:
    """A score within [0, the line's maximum], else a refusal naming the line and its maximum."""
    if value is None:
        return
    if value < 0 or value > c.max_points:
        raise ValidationError(
            f"{what} của {c.code} phải từ 0 đến {fmt_number(c.max_points, 2 if c.max_points % 1 else 0)}"
            f" (đã nhập {fmt_number(value, 2 if value % 1 else 0)})."
        )


def points(value: Decimal | None) -> str:
    """12 → "12", 7.5 → "7,5", None → "–"."""
    if value is None:
        return "–"
    value = Decimal(value)
    return fmt_number(value, 0 if value % 1 == 0 else (1 if (value * 10) % 1 == 0 else 2))


def parse_score(text: Any) -> Decimal | None:
    """ "7,5" or "7.5" → Decimal("7.50"); blank → None; anything else refused."""
    if text is None:
        return None
    if isinstance(text, Decimal):
        return text
    raw = str(text).strip().replace(" ", "").replace(",", ".")
    if not raw:
        return None
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise ValidationError(f"“{text}” không phải là số điểm.") from None
    # Points are a few digits: a finite number too large to round to hundredths ("1e400") is no score either.
    if not value.is_finite() or abs(value) >= 10_000:
        raise ValidationError(f"“{str(text)[:20]}” không phải là số điểm.")
    return value.quantize(TWO)


# --- criteria sets -------------------------------------------------------------------------------------------------


def ancestors(unit: Unit) -> list[Unit]:
    """The units above `unit`, nearest first (read from its materialised path)."""
    ids = [int(p) for p in unit.path.strip("/").split("/") if p.isdigit() and int(p) != unit.pk]
    by_pk = {u.pk: u for u in Unit.objects.filter(pk__in=ids)}
    return [by_pk[i] for i in reversed(ids) if i in by_pk]


def top_unit(unit: Unit) -> Unit:
    above = ancestors(unit)
    return above[-1] if above else unit


def ensure_default_set(unit: Unit) -> CriteriaSet:
    """The default set of `unit`'s top unit (its province), created with its criteria on first use; idempotent."""
    top = top_unit(unit)
    found = CriteriaSet.objects.filter(unit=top, code=DEFAULT_CODE).order_by("version").first()
    if found is not None:
        return found
    with transaction.atomic():
        Unit.objects.select_for_update().filter(pk=top.pk).first()  # one creator at a time
        found = CriteriaSet.objects.filter(unit=top, code=DEFAULT_CODE).order_by("version").first()
        if found is not None:
            return found
        data = {
            "code": DEFAULT_CODE,
            "version": 1,
            "name": DEFAULT_NAME,
            "valid_from": DEFAULT_VALID_FROM,
            "thresholds": dict(default_thresholds()),
        }
        created = create_record(None, CriteriaSet, top, data)
        order = 0
        for code, title, points, indicators, subs in DEFAULT_CRITERIA:
            order += 10
            parent = Criterion.objects.create(
                criteria_set=created,
                code=code,
                title=title,
                max_points=Decimal(points),
                order=order,
                indicators=list(indicators),
            )
            for sub_code, sub_title, sub_points in subs:
                order += 1
                Criterion.objects.create(
                    criteria_set=created,
                    parent=parent,
                    code=sub_code,
                    title=sub_title,
                    max_points=Decimal(sub_points),
                    order=order,
                )
        extra = ((CriterionKind.BONUS, DEFAULT_BONUS), (CriterionKind.PENALTY, DEFAULT_PENALTY))
        for kind, (code, title, points) in extra:
            order += 10
            Criterion.objects.create(
                criteria_set=created, code=code, title=title, kind=kind, max_points=Decimal(points), order=order
            )
    return created


def set_for(unit: Unit, year: int) -> CriteriaSet:
    """The set a commune scores `year` against: its nearest unit above owning a set in force on 31/12 of the year
    (latest valid_from, then highest version); the default set when none is."""
    last = dt.date(year, 12, 31)
    for above in ancestors(unit):
        found = CriteriaSet.objects.filter(unit=above, valid_from__lte=last).order_by("-valid_from", "-version").first()
        if found is not None:
            return found
    return ensure_default_set(unit)


def is_frozen(criteria_set: CriteriaSet) -> bool:
    return criteria_set.scorings.exists()


def copy_target(actor: Any, source: CriteriaSet) -> Unit:
    """Where a copy goes: the set's own unit when the actor supervises it, else the actor's own supervising unit
    (a district adapting its province's set)."""
    if actor is None or is_system_admin(actor):
        return source.unit
    own = acting_units(actor, SUPERVISORS)
    for unit in own:
        if unit.pk == source.unit_id or source.unit.path.startswith(unit.path):
            return source.unit
    for unit in own:
        if unit.path.startswith(source.unit.path):
            return unit
    require_role(actor, source.unit, SUPERVISORS)  # raises: the actor supervises neither
    return source.unit


def copy_set(actor: Any, source: CriteriaSet, valid_from: dt.date | None = None) -> CriteriaSet:
    """A new version of `source` (same code) with the same criteria, thresholds and indicators, to be changed."""
    target = copy_target(actor, source)
    _check(actor, target, SUPERVISORS)
    with transaction.atomic():
        Unit.objects.select_for_update().filter(pk=target.pk).first()
        latest = CriteriaSet.objects.filter(unit=target, code=source.code).order_by("-version").first()
        version = (latest.version if latest else 0) + 1
        data = {
            "code": source.code,
            "version": version,
            "name": source.name,
            "valid_from": valid_from or timezone.localdate(),
            "thresholds": {k: float(v) for k, v in thresholds_of(source).items()},
        }
        copy = CriteriaSet(unit=target, created_by=_user(actor), **data)
        copy.full_clean()
        copy.save()
        mapping: dict[int, Criterion] = {}
        pending = list(source.criteria.order_by("order", "pk"))
        # Parents before children (a parent's order is lower, but do not rely on it).
        while pending:
            rest = []
            for c in pending:
                if c.parent_id is not None and c.parent_id not in mapping:
                    rest.append(c)
                    continue
                mapping[c.pk] = Criterion.objects.create(
                    criteria_set=copy,
                    parent=mapping[c.parent_id] if c.parent_id else None,
                    code=c.code,
                    title=c.title,
                    kind=c.kind,
                    max_points=c.max_points,
                    order=c.order,
                    indicators=list(c.indicators or []),
                )
            if len(rest) == len(pending):
                break
            pending = rest
        record(
            actor,
            "programme.criteria_set.copy",
            copy,
            unit=target,
            changes={"version": [None, version], "copied_from": [None, str(source)]},
        )
    return copy


def _check(actor: Any, unit: Unit, roles: frozenset[str]) -> None:
    """The role check of every action; `actor` None is the command line (the demo, an import), trusted as in
    org.records."""
    if actor is not None:
        require_role(actor, unit, roles)


def _q(value: Decimal | None) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(TWO)


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


@dataclass
class LineChange:
    title: str
    max_points: Decimal | None
    indicators: list[str]


def update_set(
    actor: Any, criteria_set: CriteriaSet, data: Mapping[str, Any], lines: Mapping[int, LineChange]
) -> CriteriaSet:
    """Change a version that no commune has scored against yet: its name, start day and thresholds, and each
    line's title, maximum (a parent's is the sum of its children's) and indicators."""
    _check(actor, criteria_set.unit, SUPERVISORS)
    with transaction.atomic():
        current = CriteriaSet.objects.select_for_update().get(pk=criteria_set.pk)
        if is_frozen(current):
            raise ValidationError(
                "Đã có xã chấm điểm theo phiên bản này nên không sửa được; hãy tạo phiên bản mới để thay đổi."
            )
        tree = tree_of(current)
        by_pk = {c.pk: c for c in tree.criteria}
        befores = {c.pk: snapshot(c, ("title", "max_points", "indicators")) for c in tree.criteria}
        for pk, change in lines.items():
            c = by_pk.get(pk)
            if c is None:
                continue
            title = change.title.strip()
            if not title:
                raise ValidationError(f"Vui lòng nhập nội dung của {c.code}.")
            c.title = title[:500]
            c.indicators = list(change.indicators)
            if pk not in tree.children and change.max_points is not None:
                if change.max_points <= 0:
                    raise ValidationError(f"Điểm tối đa của {c.code} phải lớn hơn 0.")
                c.max_points = change.max_points
        for parent in tree.top:  # a parent's maximum is the sum of its children's
            kids = tree.children.get(parent.pk)
            if kids:
                parent.max_points = sum((k.max_points for k in kids), Decimal(0))
        limit = tree.score_max() + tree.bonus_max()
        thresholds = {k: Decimal(str(v)) for k, v in (data.get("thresholds") or thresholds_of(current)).items()}
        if not (thresholds["tot"] > thresholds["kha"] > thresholds["dat"] > 0):
            raise ValidationError("Ngưỡng xếp loại phải giảm dần: Tốt > Khá > Đạt > 0.")
        if thresholds["tot"] > limit:
            raise ValidationError(f"Ngưỡng loại Tốt vượt quá tổng điểm tối đa ({fmt_number(limit)}).")
        before = snapshot(current, ("name", "valid_from", "thresholds"))
        current.name = str(data.get("name") or current.name).strip()[:300]
        current.valid_from = data.get("valid_from") or current.valid_from
        current.thresholds = {k: float(v) for k, v in thresholds.items()}
        current.full_clean()
        current.save()
        record(
            actor,
            "programme.criteria_set.update",
            current,
            unit=current.unit,
            before=before,
            after=snapshot(current, ("name", "valid_from", "thresholds")),
        )
        for c in tree.criteria:
            c.full_clean()
            after = snapshot(c, ("title", "max_points", "indicators"))
            if after != befores[c.pk]:
                c.save()
                record(
                    actor,
                    "programme.criterion.update",
                    c,
                    unit=current.unit,
                    before=befores[c.pk],
                    after=after,
                    note=f"{current} – {c.code}",
                )
    return current


# --- a scoring -----------------------------------------------------------------------------------------------------

SCORING_FIELDS = ("status", "self_total", "verified_total", "score_class", "published_on", "verified_by_id")
SCORE_FIELDS = ("self_score", "self_note", "verified_score", "comment", "returned_reason")


def start_scoring(actor: Any, unit: Unit, year: int) -> Scoring:
    """The commune's scoring of `year` against the set in force, with one line per criterion."""
    today = timezone.localdate()
    if not unit.is_commune_level:
        raise ValidationError(f"{unit.name} không phải đơn vị cấp xã: chỉ xã, phường, thị trấn, đặc khu tự chấm điểm.")
    if not 2000 <= year <= today.year:
        raise ValidationError(f"Năm chấm điểm phải từ 2000 đến {today.year}.")
    if Scoring.objects.filter(unit=unit, year=year).exists():
        raise ValidationError(f"{unit.name} đã có bảng chấm điểm năm {year}.")
    criteria_set = set_for(unit, year)
    with transaction.atomic():
        scoring = create_record(
            actor, Scoring, unit, {"year": year, "criteria_set": criteria_set, "status": ScoringStatus.DRAFT}
        )
        Score.objects.bulk_create(Score(scoring=scoring, criterion=c) for c in criteria_set.criteria.all())
    return scoring


def _locked(scoring: Scoring) -> Scoring:
    current = Scoring.objects.select_for_update().select_related("unit", "criteria_set").get(pk=scoring.pk)
    if current.status == ScoringStatus.PUBLISHED:
        raise ValidationError(
            f"Kết quả chấm điểm năm {current.year} đã công bố ngày {fmt_date(current.published_on)}: không sửa được."
        )
    return current


def _scores(scoring: Scoring) -> dict[int, Score]:
    """The scoring's lines by criterion, creating any a set's line lacks (a line added before the first score)."""
    found = {s.criterion_id: s for s in scoring.scores.select_for_update()}
    for c in scoring.criteria_set.criteria.all():
        if c.pk not in found:
            found[c.pk] = Score.objects.create(scoring=scoring, criterion=c)
    return found


def _save_scoring(actor: Any, scoring: Scoring, verb: str, before: Mapping[str, Any], note: str = "") -> None:
    scoring.save()
    record(
        actor,
        f"programme.scoring.{verb}",
        scoring,
        unit=scoring.unit,
        before=before,
        after=snapshot(scoring, SCORING_FIELDS),
        note=note,
    )


def _save_score(actor: Any, scoring: Scoring, score: Score, verb: str, before: Mapping[str, Any]) -> None:
    after = snapshot(score, SCORE_FIELDS)
    evidence_changed = getattr(score, "_evidence_change", None)
    if after == dict(before) and not evidence_changed:
        return
    score.save()
    changes = {"evidence": evidence_changed} if evidence_changed else None
    record(
        actor,
        f"programme.score.{verb}",
        scoring,
        unit=scoring.unit,
        before=before,
        after=after,
        changes=changes,
        note=f"{score.criterion.code}. {score.criterion.title}"[:500],
    )


def returned_tops(scoring: Scoring) -> set[int]:
    """The top lines the supervisor returned (those with a reason)."""
    return set(
        scoring.scores.exclude(returned_reason="")
        .filter(criterion__parent__isnull=True)
        .values_list("criterion_id", flat=True)
    )


def editable_lines(scoring: Scoring, tree: Tree | None = None) -> set[int]:
    """The leaf lines the commune may change now: all while in draft; under a returned criterion once returned;
    none otherwise."""
    tree = tree or tree_of(scoring.criteria_set)
    if scoring.status == ScoringStatus.DRAFT:
        return {c.pk for c in tree.leaves()}
    if scoring.status == ScoringStatus.RETURNED:
        tops = returned_tops(scoring)
        return {c.pk for c in tree.leaves() if tree.top_of(c).pk in tops}
    return set()


@dataclass
class SelfLine:
    score: Decimal | None
    note: str = ""


def save_self(
    actor: Any,
    scoring: Scoring,
    lines: Mapping[int, SelfLine],
    evidence: Mapping[int, Iterable[int]] | None = None,
) -> Scoring:
    """The commune's self-score per line with its note, and the evidence documents per criterion (the commune's own
    issued documents). A score outside [0, maximum] refuses the whole change."""
    _check(actor, scoring.unit, PROGRAMME_WRITERS)
    with transaction.atomic():
        current = _locked(scoring)
        if current.status not in (ScoringStatus.DRAFT, ScoringStatus.RETURNED):
            raise ValidationError(
                f"Bảng chấm điểm đang ở trạng thái “{current.get_status_display()}”: xã không sửa điểm tự chấm được."
            )
        tree = tree_of(current.criteria_set)
        editable = editable_lines(current, tree)
        scores = _scores(current)
        by_pk = {c.pk: c for c in tree.criteria}
        errors: list[str] = []
        for pk, line in lines.items():
            c = by_pk.get(pk)
            if c is None:
                continue
            try:
                check_score(c, line.score, "Điểm tự chấm")
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
        for pk, line in lines.items():
            c = by_pk.get(pk)
            if c is None or pk in tree.children:
                continue
            score = scores[pk]
            before = snapshot(score, SCORE_FIELDS)
            note = (line.note or "").strip()[:4000]
            if pk not in editable:
                if score.self_score != line.score or score.self_note != note:
                    raise ValidationError(f"{c.code} không được trả lại: xã không sửa điểm của tiêu chí này được.")
                continue
            score.self_score, score.self_note = _q(line.score), note
            _save_score(actor, current, score, "self", before)
        tops_editable = {tree.top_of(by_pk[pk]).pk for pk in editable}
        for pk, doc_ids in (evidence or {}).items():
            c = by_pk.get(pk)
            if c is None or c.parent_id is not None:
                continue
            wanted = set(doc_ids)
            docs = set(IssuedDocument.objects.filter(unit=current.unit, pk__in=wanted).values_list("pk", flat=True))
            if docs != wanted:
                raise ValidationError("Chỉ đính kèm được văn bản của chính xã làm minh chứng.")
            score = scores[pk]
            had = set(score.evidence.values_list("pk", flat=True))
            if had == docs:
                continue
            if pk not in tops_editable:
                raise ValidationError(f"{c.code} không được trả lại: xã không sửa minh chứng của tiêu chí này được.")
            score.evidence.set(docs)
            before = snapshot(score, SCORE_FIELDS)
            score._evidence_change = [sorted(had), sorted(docs)]  # type: ignore[attr-defined]
            _save_score(actor, current, score, "self", before)
        _refresh_parents(tree, scores, "self_score")
        before = snapshot(current, SCORING_FIELDS)
        current.self_total = tree.total({pk: s.self_score for pk, s in scores.items()})
        if snapshot(current, SCORING_FIELDS) != before:
            _save_scoring(actor, current, "update", before)
    return current


def _refresh_parents(tree: Tree, scores: Mapping[int, Score], name: str) -> None:
    """Store each parent's score as the sum of its children's (what the pages and the PDF print)."""
    rolled = tree.roll_up({pk: getattr(s, name) for pk, s in scores.items()})
    for pk in tree.children:
        score = scores[pk]
        if getattr(score, name) != rolled[pk]:
            setattr(score, name, rolled[pk])
            score.save(update_fields=[name])


def submit(actor: Any, scoring: Scoring) -> Scoring:
    """The commune sends its self-score to the supervisor: every criterion scored (bonus and penalty may stay
    empty); the reasons of a return are cleared (the trail keeps them)."""
    _check(actor, scoring.unit, PROGRAMME_WRITERS)
    with transaction.atomic():
        current = _locked(scoring)
        if current.status not in (ScoringStatus.DRAFT, ScoringStatus.RETURNED):
            raise ValidationError(f"Bảng chấm điểm đang ở trạng thái “{current.get_status_display()}”: không gửi được.")
        tree = tree_of(current.criteria_set)
        scores = _scores(current)
        missing = [c.code for c in tree.leaves() if c.kind == CriterionKind.SCORE and scores[c.pk].self_score is None]
        if missing:
            raise ValidationError(f"Chưa tự chấm điểm: {', '.join(missing)}.")
        for score in scores.values():
            if score.returned_reason:
                before = snapshot(score, SCORE_FIELDS)
                score.returned_reason = ""
                _save_score(actor, current, score, "self", before)
        before = snapshot(current, SCORING_FIELDS)
        current.status = ScoringStatus.SUBMITTED
        current.self_total = tree.total({pk: s.self_score for pk, s in scores.items()})
        _save_scoring(actor, current, "submit", before)
    return current


@dataclass
class VerifiedLine:
    score: Decimal | None
    comment: str = ""


def _require_supervisor(actor: Any, scoring: Scoring) -> None:
    _check(actor, scoring.unit, SUPERVISORS)


def save_verified(actor: Any, scoring: Scoring, lines: Mapping[int, VerifiedLine]) -> Scoring:
    """The supervisor's verified score and comment per line, while the scoring is submitted (or verified, before
    publication)."""
    _require_supervisor(actor, scoring)
    with transaction.atomic():
        current = _locked(scoring)
        if current.status not in (ScoringStatus.SUBMITTED, ScoringStatus.VERIFIED):
            raise ValidationError(
                f"Bảng chấm điểm đang ở trạng thái “{current.get_status_display()}”: chưa chấm thẩm định được."
            )
        tree = tree_of(current.criteria_set)
        by_pk = {c.pk: c for c in tree.criteria}
        errors: list[str] = []
        for pk, line in lines.items():
            if pk in by_pk:
                try:
                    check_score(by_pk[pk], line.score, "Điểm thẩm định")
                except ValidationError as exc:
                    errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
        scores = _scores(current)
        for pk, line in lines.items():
            if pk not in by_pk:
                continue
            score = scores[pk]
            before = snapshot(score, SCORE_FIELDS)
            if pk not in tree.children:
                score.verified_score = _q(line.score)
            score.comment = (line.comment or "").strip()[:4000]
            _save_score(actor, current, score, "verified", before)
        _refresh_parents(tree, scores, "verified_score")
        before = snapshot(current, SCORING_FIELDS)
        current.verified_total = tree.total({pk: s.verified_score for pk, s in scores.items()})
        if current.status == ScoringStatus.VERIFIED:
            current.score_class = classify(current.verified_total, thresholds_of(current.criteria_set))
        if snapshot(current, SCORING_FIELDS) != before:
            _save_scoring(actor, current, "update", before)
    return current


def return_scoring(actor: Any, scoring: Scoring, reason: str, criterion: Criterion | None = None) -> Scoring:
    """Send one criterion (or, without one, the whole) back to the commune with a reason it sees."""
    _require_supervisor(actor, scoring)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Vui lòng nêu lý do trả lại để xã biết cần bổ sung, sửa gì."})
    with transaction.atomic():
        current = _locked(scoring)
        if current.status not in (ScoringStatus.SUBMITTED, ScoringStatus.VERIFIED):
            raise ValidationError(
                f"Bảng chấm điểm đang ở trạng thái “{current.get_status_display()}”: không trả lại được."
            )
        tree = tree_of(current.criteria_set)
        if criterion is not None and criterion.pk not in {c.pk for c in tree.top}:
            raise ValidationError({"criterion": "Chỉ trả lại được một tiêu chí của bộ tiêu chí này."})
        targets = [criterion] if criterion is not None else tree.top
        scores = _scores(current)
        for c in targets:
            score = scores[c.pk]
            before = snapshot(score, SCORE_FIELDS)
            score.returned_reason = reason[:2000]
            _save_score(actor, current, score, "verified", before)
        before = snapshot(current, SCORING_FIELDS)
        current.status = ScoringStatus.RETURNED
        current.score_class = ""
        what = f"tiêu chí {criterion.code}" if criterion is not None else "toàn bộ"
        _save_scoring(actor, current, "return", before, note=f"Trả lại {what}: {reason}"[:500])
    return current


def verify(actor: Any, scoring: Scoring) -> Scoring:
    """The supervisor confirms the verified scores: every criterion scored; the total and class are set."""
    _require_supervisor(actor, scoring)
    with transaction.atomic():
        current = _locked(scoring)
        if current.status != ScoringStatus.SUBMITTED:
            raise ValidationError(
                f"Bảng chấm điểm đang ở trạng thái “{current.get_status_display()}”: không xác nhận thẩm định được."
            )
        tree = tree_of(current.criteria_set)
        scores = _scores(current)
        missing = [
            c.code for c in tree.leaves() if c.kind == CriterionKind.SCORE and scores[c.pk].verified_score is None
        ]
        if missing:
            raise ValidationError(f"Chưa chấm điểm thẩm định: {', '.join(missing)}.")
        before = snapshot(current, SCORING_FIELDS)
        current.status = ScoringStatus.VERIFIED
        current.verified_total = tree.total({pk: s.verified_score for pk, s in scores.items()})
        current.score_class = classify(current.verified_total, thresholds_of(current.criteria_set))
        current.verified_by = _user(actor)
        _save_scoring(actor, current, "verify", before)
    return current


def publish(actor: Any, scoring: Scoring, day: dt.date | None = None) -> Scoring:
    """Publish the verified result: the scores freeze; the verified total, class and day are set."""
    _require_supervisor(actor, scoring)
    with transaction.atomic():
        current = _locked(scoring)
        if current.status != ScoringStatus.VERIFIED:
            raise ValidationError("Chỉ công bố được kết quả đã xác nhận thẩm định.")
        tree = tree_of(current.criteria_set)
        scores = _scores(current)
        before = snapshot(current, SCORING_FIELDS)
        current.status = ScoringStatus.PUBLISHED
        current.verified_total = tree.total({pk: s.verified_score for pk, s in scores.items()})
        current.score_class = classify(current.verified_total, thresholds_of(current.criteria_set))
        current.published_on = day or timezone.localdate()
        _save_scoring(actor, current, "publish", before)
    return current


# --- what the pages show beside a criterion ------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorShown:
    name: str
    label: str
    text: str
    known: bool


def _format(kind: str, value: Any) -> str:
    if value is None:
        return NO_DATA
    if kind == "rate":
        return fmt_percent(value, 1)
    if kind == "count" and isinstance(value, int | float | Decimal):
        return fmt_number(value, 0 if float(value).is_integer() else 2)
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {fmt_number(v) if isinstance(v, int) else v}" for k, v in value.items()) or NO_DATA
    return str(value)


def indicators_for(
    names: Iterable[str], unit: Unit, year: int, results: dict[str, Any] | None = None
) -> list[IndicatorShown]:
    """The indicators named on a criterion, for the commune and the year (up to today in the current year), read by
    name from the statistics registry. An unknown indicator or a figure that cannot be computed reads
    "chưa có số liệu" — the page never fails for it. `results` keeps each subject's figures across the criteria of
    one page, so that a subject is computed once."""
    start = dt.date(year, 1, 1)
    end = min(dt.date(year, 12, 31), timezone.localdate())
    results = {} if results is None else results
    shown = []
    for name in names:
        try:
            found = stats.indicator(name)
        except stats.StatsError:
            shown.append(IndicatorShown(name, KNOWN_LABELS.get(name, name), NO_DATA, False))
            continue
        if end < start:
            shown.append(IndicatorShown(name, found.label, NO_DATA, True))
            continue
        try:
            value = _indicator_value(found, unit, start, end, results)
        except Exception:  # a subject failing must not take the scoring page down with it
            log.exception("indicator %s failed for %s %s", name, unit.code, year)
            value = None
        shown.append(IndicatorShown(name, found.label, _format(found.kind, value), True))
    return shown


def _indicator_value(found: stats.Indicator, unit: Unit, start: dt.date, end: dt.date, results: dict[str, Any]) -> Any:
    """stats.indicator_value, with the subject's result computed once per page."""
    if found.read is not None:
        return stats.indicator_value(found.name, unit, start, end)
    subject = found.name.split(".", 1)[0]
    if subject not in results:
        results[subject] = stats.compute(subject, unit, start, end)
    result = results[subject]
    if found.kind == "rate" and "." in found.key and found.key.split(".", 1)[0] in result:
        try:
            return stats.value_at(result, found.key)
        except stats.StatsError:
            return None  # a breakdown without the row: nothing to divide
    return stats.value_at(result, found.key)


def citation(document: IssuedDocument) -> str:
    """The document's official one-line citation (actions_model.citation once it exists), else its name."""
    try:
        module = importlib.import_module("thanthien.programme.actions_model")
        cite = getattr(module, "citation", None)
        if callable(cite):
            return str(cite(document))
    except ImportError:
        pass
    return f"{document} ngày {fmt_date(document.issued_on)}: {document.summary}"


# --- the printed sheet ---------------------------------------------------------------------------------------------


def sheet_rows(scoring: Scoring) -> list[dict[str, Any]]:
    """The lines of a scoring in order, with their depth, scores and evidence (the page and the PDF)."""
    tree = tree_of(scoring.criteria_set)
    scores = {s.criterion_id: s for s in scoring.scores.prefetch_related("evidence")}
    rows = []

    def add(c: Criterion, depth: int) -> None:
        s = scores.get(c.pk)
        rows.append(
            {
                "criterion": c,
                "depth": depth,
                "score": s,
                "has_children": c.pk in tree.children,
                "evidence": list(s.evidence.all()) if s is not None and depth == 0 else [],
            }
        )
        for k in tree.children.get(c.pk, []):
            add(k, depth + 1)

    for c in tree.top:
        add(c, 0)
    return rows


def score_sheet_context(scoring: Scoring) -> dict[str, Any]:
    scoring = Scoring.objects.select_related("unit", "unit__parent", "criteria_set").get(pk=scoring.pk)
    unit = scoring.unit
    thresholds = thresholds_of(scoring.criteria_set)
    tree = tree_of(scoring.criteria_set)
    show_verified = scoring.status in (ScoringStatus.VERIFIED, ScoringStatus.PUBLISHED)
    return {
        "issuer_parent": f"UBND {unit.parent.name.upper()}" if unit.parent else "",
        "issuer": f"UBND {unit.name.upper()}",
        "place": unit.short_name(),
        "date": scoring.published_on or timezone.localdate(),
        "number": "",
        "doc_type": "BẢNG TỰ CHẤM ĐIỂM",
        "subject": (f"Kết quả xây dựng mô hình “Chính quyền thân thiện, vì Nhân dân phục vụ” năm {scoring.year}"),
        "scoring": scoring,
        "rows": sheet_rows(scoring),
        "citations": {},
        "show_verified": show_verified,
        "max_total": tree.score_max(),
        "bonus_max": tree.bonus_max(),
        "self_class": class_label(classify(scoring.self_total, thresholds)),
        "thresholds": thresholds,
        "unit_name": f"Ủy ban nhân dân {unit.in_sentence()}",
        "sign_authority": "TM. ỦY BAN NHÂN DÂN",
        "sign_title": "CHỦ TỊCH",
        "recipients": [f"UBND {unit.parent.name}" if unit.parent else "Cơ quan cấp trên", "Lưu: VT"],
    }


def score_sheet_pdf(scoring: Scoring) -> bytes:
    """The printable "Bảng tự chấm điểm" of a scoring (NĐ 30 layout), as the recognition file reuses it."""
    from thanthien.documents.pdf import render_pdf

    context = score_sheet_context(scoring)
    for row in context["rows"]:
        row["citations"] = [citation(d) for d in row["evidence"]]
    return render_pdf("programme/scoring_sheet_pdf.html", context)
