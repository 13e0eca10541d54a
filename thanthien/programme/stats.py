"""Period figures of the model (issue 11 item 10), SQL aggregates only: the registered subject `programme` —
`thanthien stats programme --unit CODE --from YYYY-MM-DD --to YYYY-MM-DD --json` and /api/v1/stats/programme.

The rules, as a supervisor would check them:

- `models`: `communes` are the communes under the unit on the last day (org.queries.communes_under; a commune is
  its own one commune). `recognised` are those of them with a recognition valid on the last day
  (Recognition.objects.valid_on), each counted once at its highest level (province before district), so
  by_level.province + by_level.district = recognised. A merged commune's recognitions stay its own: they do not
  make its successor a model. `share` = recognised / communes (None without communes). Each of the unit's
  roll-out targets is `met` when that share reaches the target's share, and `missing` is how many more communes
  must be recognised to reach it: ⌈target × communes⌉ − recognised, at least 0 (so 0 when met). Without communes
  no target is met and none is missing.
- The figures of the period count the records of the unit's communes (org.queries.stats_unit_ids: a commune and the
  communes merged into it; above communes, every commune ever under the unit), dated within [from, to]:
  activities by `held_on` (meetings and trainings with the sum of their attendees), inspections by `held_on`
  (those with findings; their remedies, and of those the ones remedied on or before the last day), documents by
  `issued_on` per kind.
- `commitments`: the active officials of those communes, and of them the ones who signed, on or before the last
  day, the commitment text in force on the last day for their commune — the version with the latest
  `valid_from` ≤ last day among the nationwide texts and the commune's own (the commune's own first on a tie).
- `scores`: the communes with a published scoring for a year the period touches (from's year to to's year), each
  counted once by the class of its latest such year.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, Subquery, Sum

from thanthien.lib.stats import register_listing, register_stats, unit_owners
from thanthien.org.models import Unit
from thanthien.org.queries import communes_under, stats_unit_ids

from .models import (
    Activity,
    ActivityKind,
    CommitmentSignature,
    CommitmentText,
    DocumentKind,
    Inspection,
    IssuedDocument,
    Official,
    Recognition,
    RecognitionLevel,
    Remedy,
    RolloutTarget,
    ScoreClass,
    Scoring,
    ScoringStatus,
)

ACTIVITY_COUNTS = ("meetings", "attendees", "broadcasts", "articles", "website_posts", "trainings", "trainees")
CLASSES = tuple(ScoreClass.values)  # tot, kha, dat, chua_dat


def rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def commune_ids(unit: Unit, day: dt.date) -> list[int]:
    """The communes under `unit` on `day` (a commune: itself)."""
    if unit.is_commune_level:
        return [unit.pk]
    return list(communes_under(unit, at=day).values_list("pk", flat=True))


def recognised_on(ids: list[int], day: dt.date) -> dict[str, int]:
    """How many of the communes `ids` hold a recognition valid on `day`, in all and at province level (one query);
    a commune recognised at both levels counts once, at province level."""
    valid = Recognition.objects.valid_on(day).filter(unit_id__in=ids)
    row = valid.order_by().aggregate(
        total=Count("unit_id", distinct=True),
        province=Count("unit_id", distinct=True, filter=Q(level=RecognitionLevel.PROVINCE)),
    )
    return {"recognised": row["total"], "province": row["province"], "district": row["total"] - row["province"]}


def target_progress(target_share: Decimal, communes: int, recognised: int) -> tuple[bool, int]:
    """(met, missing) of a target's share over `communes` of which `recognised` are: exact decimal arithmetic."""
    if not communes:
        return False, 0
    met = Decimal(recognised) >= target_share * communes
    missing = 0 if met else max(0, math.ceil(target_share * communes) - recognised)
    return met, missing


def models_figures(unit: Unit, day: dt.date) -> dict[str, Any]:
    ids = commune_ids(unit, day)
    counted = recognised_on(ids, day)
    communes, recognised = len(ids), counted["recognised"]
    targets = []
    for by_date, share in RolloutTarget.objects.filter(unit=unit).order_by("by_date").values_list("by_date", "share"):
        met, missing = target_progress(share, communes, recognised)
        targets.append({"by": by_date.isoformat(), "share": float(share), "met": met, "missing": missing})
    return {
        "communes": communes,
        "recognised": recognised,
        "by_level": {"province": counted["province"], "district": counted["district"]},
        "share": rate(recognised, communes),
        "targets": targets,
    }


def activity_figures(ids: set[int], start: dt.date, end: dt.date) -> dict[str, int]:
    held = Activity.objects.filter(unit_id__in=ids, held_on__range=(start, end)).order_by()
    row = held.aggregate(**_activity_aggregates())  # aliases unlike any field
    return {key: int(row[f"a_{key}"] or 0) for key in ACTIVITY_COUNTS}


def _activity_aggregates() -> dict[str, Any]:
    meeting, training = Q(kind=ActivityKind.MEETING), Q(kind=ActivityKind.TRAINING)
    figures = {
        "meetings": Count("pk", filter=meeting),
        "attendees": Sum("attendees", filter=meeting, default=0),
        "broadcasts": Count("pk", filter=Q(kind=ActivityKind.BROADCAST)),
        "articles": Count("pk", filter=Q(kind=ActivityKind.ARTICLE)),
        "website_posts": Count("pk", filter=Q(kind=ActivityKind.WEBSITE_POST)),
        "trainings": Count("pk", filter=training),
        "trainees": Sum("attendees", filter=training, default=0),
    }
    return {f"a_{key}": figure for key, figure in figures.items()}


def inspection_figures(ids: set[int], start: dt.date, end: dt.date) -> dict[str, int]:
    held = Inspection.objects.filter(unit_id__in=ids, held_on__range=(start, end))
    row = held.order_by().aggregate(total=Count("pk"), findings=Count("pk", filter=~Q(findings="")))
    remedies = (
        Remedy.objects.filter(inspection__in=held.values("pk"))
        .order_by()
        .aggregate(n=Count("pk"), done=Count("pk", filter=Q(done_on__lte=end)))
    )
    return {"total": row["total"], "findings": row["findings"], "remedies": remedies["n"], "remedied": remedies["done"]}


def document_figures(ids: set[int], start: dt.date, end: dt.date) -> dict[str, Any]:
    issued = IssuedDocument.objects.filter(unit_id__in=ids, issued_on__range=(start, end))
    row = issued.order_by().aggregate(
        total=Count("pk"), **{f"k_{kind}": Count("pk", filter=Q(kind=kind)) for kind in DocumentKind.values}
    )
    return {"total": row["total"], "by_kind": {kind: row[f"k_{kind}"] for kind in DocumentKind.values}}


def current_text(day: dt.date) -> Subquery:
    """The commitment text in force on `day` for an official's commune (OuterRef: the official's unit)."""
    texts = CommitmentText.objects.filter(Q(unit__isnull=True) | Q(unit=OuterRef("unit")), valid_from__lte=day)
    return Subquery(texts.order_by("-valid_from", F("unit").desc(nulls_last=True), "-version").values("pk")[:1])


def commitment_figures(ids: set[int], day: dt.date) -> dict[str, int]:
    officials = Official.objects.filter(unit_id__in=ids, active=True).annotate(current=current_text(day))
    signed = CommitmentSignature.objects.filter(official=OuterRef("pk"), text=OuterRef("current"), signed_on__lte=day)
    row = officials.annotate(has_signed=Exists(signed)).aggregate(
        n=Count("pk"), signed=Count("pk", filter=Q(has_signed=True))
    )
    return {"officials": row["n"], "signed": row["signed"]}


def score_figures(ids: set[int], start: dt.date, end: dt.date) -> dict[str, Any]:
    published = Scoring.objects.filter(
        unit_id__in=ids, status=ScoringStatus.PUBLISHED, year__gte=start.year, year__lte=end.year
    )
    latest = published.filter(unit=OuterRef("unit")).order_by("-year").values("year")[:1]
    by_class = dict.fromkeys(CLASSES, 0)
    rows = published.filter(year=Subquery(latest)).order_by().values("score_class").annotate(n=Count("unit_id"))
    for row in rows:  # a published scoring has its class (publishing sets it)
        if row["score_class"] in by_class:
            by_class[row["score_class"]] += row["n"]
    return {"scored": sum(by_class.values()), "by_class": by_class}


def programme_stats(unit: Unit, start: dt.date, end: dt.date) -> dict[str, Any]:
    """The registered compute for `thanthien stats programme` and GET /api/v1/stats/programme."""
    ids = stats_unit_ids(unit)
    return {
        "unit": unit.code,
        "from": start.isoformat(),
        "to": end.isoformat(),
        "models": models_figures(unit, end),
        "activities": activity_figures(ids, start, end),
        "inspections": inspection_figures(ids, start, end),
        "documents": document_figures(ids, start, end),
        "commitments": commitment_figures(ids, end),
        "scores": score_figures(ids, start, end),
    }


def programme_stats_many(units: list[Unit], start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    """`programme_stats` of many communes with one grouped query per figure (a roll-up's rows), each equal to the
    commune's own; units above communes, or whose records overlap, are computed one by one."""
    owner = unit_owners(units, stats_unit_ids) if all(u.is_commune_level for u in units) else None
    if owner is None:
        return [programme_stats(unit, start, end) for unit in units]
    ids, pks = list(owner), [u.pk for u in units]

    def grouped(qs: Any, column: str, **aggregates: Any) -> dict[int, dict[str, int]]:
        out: dict[int, dict[str, int]] = {}
        for row in qs.order_by().values(column).annotate(**aggregates):
            into = out.setdefault(owner[row[column]], dict.fromkeys(aggregates, 0))
            for key in aggregates:
                into[key] += int(row[key] or 0)
        return out

    recognised = {
        row["unit_id"]: row["p"]
        for row in Recognition.objects.valid_on(end)
        .filter(unit_id__in=pks)
        .order_by()
        .values("unit_id")
        .annotate(p=Count("pk", filter=Q(level=RecognitionLevel.PROVINCE)))
    }
    targets: dict[int, list[tuple[dt.date, Decimal]]] = {}
    for unit_id, by_date, share in (
        RolloutTarget.objects.filter(unit_id__in=pks).order_by("by_date").values_list("unit_id", "by_date", "share")
    ):
        targets.setdefault(unit_id, []).append((by_date, share))
    activities = grouped(
        Activity.objects.filter(unit_id__in=ids, held_on__range=(start, end)), "unit_id", **_activity_aggregates()
    )
    held = Inspection.objects.filter(unit_id__in=ids, held_on__range=(start, end))
    inspections = grouped(held, "unit_id", total=Count("pk"), findings=Count("pk", filter=~Q(findings="")))
    remedies = grouped(
        Remedy.objects.filter(inspection__in=held.values("pk")),
        "inspection__unit_id",
        n=Count("pk"),
        done=Count("pk", filter=Q(done_on__lte=end)),
    )
    issued = IssuedDocument.objects.filter(unit_id__in=ids, issued_on__range=(start, end))
    kinds = {f"k_{kind}": Count("pk", filter=Q(kind=kind)) for kind in DocumentKind.values}
    documents = grouped(issued, "unit_id", total=Count("pk"), **kinds)
    officials = Official.objects.filter(unit_id__in=ids, active=True).annotate(current=current_text(end))
    signed = CommitmentSignature.objects.filter(official=OuterRef("pk"), text=OuterRef("current"), signed_on__lte=end)
    commitments = grouped(
        officials.annotate(has_signed=Exists(signed)),
        "unit_id",
        n=Count("pk"),
        signed=Count("pk", filter=Q(has_signed=True)),
    )
    published = Scoring.objects.filter(
        unit_id__in=ids, status=ScoringStatus.PUBLISHED, year__gte=start.year, year__lte=end.year
    )
    latest = published.filter(unit=OuterRef("unit")).order_by("-year").values("year")[:1]
    by_class: dict[int, dict[str, int]] = {pk: dict.fromkeys(CLASSES, 0) for pk in pks}
    rows = (
        published.filter(year=Subquery(latest)).order_by().values("unit_id", "score_class").annotate(n=Count("unit_id"))
    )
    for row in rows:
        if row["score_class"] in CLASSES:
            by_class[owner[row["unit_id"]]][row["score_class"]] += row["n"]
    out = []
    for unit in units:
        province = 1 if recognised.get(unit.pk) else 0
        count = 1 if unit.pk in recognised else 0
        unit_targets = []
        for by_date, share in targets.get(unit.pk, []):
            met, missing = target_progress(share, 1, count)
            unit_targets.append({"by": by_date.isoformat(), "share": float(share), "met": met, "missing": missing})
        act = activities.get(unit.pk, {})
        ins = inspections.get(unit.pk, {})
        rem = remedies.get(unit.pk, {})
        doc = documents.get(unit.pk, {})
        com = commitments.get(unit.pk, {})
        out.append(
            {
                "unit": unit.code,
                "from": start.isoformat(),
                "to": end.isoformat(),
                "models": {
                    "communes": 1,
                    "recognised": count,
                    "by_level": {"province": province, "district": count - province},
                    "share": rate(count, 1),
                    "targets": unit_targets,
                },
                "activities": {key: act.get(f"a_{key}", 0) for key in ACTIVITY_COUNTS},
                "inspections": {
                    "total": ins.get("total", 0),
                    "findings": ins.get("findings", 0),
                    "remedies": rem.get("n", 0),
                    "remedied": rem.get("done", 0),
                },
                "documents": {
                    "total": doc.get("total", 0),
                    "by_kind": {kind: doc.get(f"k_{kind}", 0) for kind in DocumentKind.values},
                },
                "commitments": {"officials": com.get("n", 0), "signed": com.get("signed", 0)},
                "scores": {"scored": sum(by_class[unit.pk].values()), "by_class": by_class[unit.pk]},
            }
        )
    return out


def commitment_rate(unit: Unit, start: dt.date, end: dt.date) -> Any:  # float | None (a reader: lib.stats.Compute)
    """The share of the active officials who signed the commitment in force (None without officials)."""
    figures = commitment_figures(stats_unit_ids(unit), end)
    return rate(figures["signed"], figures["officials"])


LABELS = {
    "models.communes": "Số xã, phường thuộc đơn vị",
    "models.recognised": "Số xã, phường được công nhận mô hình (còn hiệu lực)",
    "models.by_level.province": "cấp tỉnh công nhận",
    "models.by_level.district": "cấp huyện công nhận",
    "models.share": "Tỷ lệ xã, phường được công nhận",
    "activities.meetings": "Số hội nghị, buổi sinh hoạt tuyên truyền",
    "activities.attendees": "Số lượt người dự",
    "activities.broadcasts": "Số buổi phát thanh trên loa truyền thanh",
    "activities.articles": "Số tin, bài trên báo, đài",
    "activities.website_posts": "Số bài đăng trên trang thông tin điện tử",
    "activities.trainings": "Số lớp tập huấn",
    "activities.trainees": "Số lượt người được tập huấn",
    "inspections.total": "Số cuộc kiểm tra, giám sát",
    "inspections.findings": "có phát hiện hạn chế",
    "inspections.remedies": "Số nội dung phải khắc phục",
    "inspections.remedied": "đã khắc phục đến hết kỳ",
    "documents.total": "Số văn bản ban hành",
    **{f"documents.by_kind.{k.value}": str(k.label).lower() for k in DocumentKind},
    "commitments.officials": "Số cán bộ, công chức đang công tác",
    "commitments.signed": "đã ký cam kết “5 biết, 3 không, 4 thể hiện”",
    "scores.scored": "Số xã, phường có kết quả chấm điểm đã công bố",
    **{f"scores.by_class.{c.value}": f"xếp loại {str(c.label).lower()}" for c in ScoreClass},
}

register_stats(
    "programme",
    "Xây dựng mô hình “Chính quyền thân thiện”",
    programme_stats,
    LABELS,
    identities=(
        "models.by_level.province + models.by_level.district = models.recognised",
        "scores.scored = " + " + ".join(f"scores.by_class.{c}" for c in CLASSES),
        "documents.total = " + " + ".join(f"documents.by_kind.{k}" for k in DocumentKind.values),
    ),
    indicators={
        "share": ("Tỷ lệ xã, phường được công nhận mô hình", "models.share", "rate"),
        "recognised": ("Số xã, phường được công nhận mô hình", "models.recognised", "count"),
        "commitments_signed": ("Số cán bộ, công chức đã ký cam kết", "commitments.signed", "count"),
        "officials": ("Số cán bộ, công chức đang công tác", "commitments.officials", "count"),
        # The published result holds the two counts, not their ratio: read by itself.
        "commitment_rate": ("Tỷ lệ cán bộ, công chức đã ký cam kết", commitment_rate, "rate"),
    },
    compute_many=programme_stats_many,
    shape={
        "unit": str,
        "from": str,
        "to": str,
        "models": {
            "communes": int,
            "recognised": int,
            "by_level": {"province": int, "district": int},
            "share": (float, None),
            "targets": list,
        },
        "activities": dict.fromkeys(ACTIVITY_COUNTS, int),
        "inspections": dict.fromkeys(("total", "findings", "remedies", "remedied"), int),
        "documents": {"total": int, "by_kind": dict.fromkeys(DocumentKind.values, int)},
        "commitments": {"officials": int, "signed": int},
        "scores": {"scored": int, "by_class": dict.fromkeys(CLASSES, int)},
    },
)


SCORINGS_HEADER = ["Mã đơn vị", "Đơn vị", "Năm", "Điểm", "Xếp loại"]


def scorings_listing(unit: Unit, start: dt.date, end: dt.date) -> tuple[list[str], list[list[Any]]]:
    """The published scorings `scores` counts (a year the period touches, each unit's latest such year), one row
    per unit: its code, name, year, score (the verified total, else the self-score) and class — no personal data.
    A roll-up reads every commune's score from this one list."""
    published = Scoring.objects.filter(
        unit_id__in=stats_unit_ids(unit), status=ScoringStatus.PUBLISHED, year__gte=start.year, year__lte=end.year
    )
    latest = published.filter(unit=OuterRef("unit")).order_by("-year").values("year")[:1]
    labels = dict(ScoreClass.choices)
    rows = (
        published.filter(year=Subquery(latest))
        .order_by("unit__name", "unit__code")
        .values_list("unit__code", "unit__name", "year", "verified_total", "self_total", "score_class")
    )
    out = []
    for code, name, year, verified, self_total, klass in rows:
        total = verified if verified is not None else self_total
        out.append([code, name, year, float(total) if total is not None else None, str(labels.get(klass, ""))])
    return SCORINGS_HEADER, out


register_listing("programme.scorings", "Danh sách kết quả chấm điểm đã công bố", scorings_listing)
