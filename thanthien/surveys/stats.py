"""Satisfaction figures (issue 10 item 4), SQL aggregates only: the registered subject `surveys` and what the
results page adds (by field, by month, progress against the target).

`forms` counts the forms submitted on a day of the period; `answers` / `satisfied` count the answers to scale
questions over those forms (a blank answer is no row, so it is never counted); satisfaction_rate = satisfied /
answers. Each answer row carries `is_scale` and `satisfied` (models.Answer), so every figure is a COUNT with a
filter over indexed columns, and by construction

    by_channel.qr + … + by_channel.import = forms
    Σ aspects[*].answers = answers = Σ questions[scale].answers   (one row per scale question answered)
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Min, Q, QuerySet
from django.db.models.functions import TruncMonth

from thanthien.lib.stats import register_stats, unit_owners
from thanthien.org.models import Unit
from thanthien.org.queries import stats_unit_ids

from .models import CHANNEL_NAMES, Answer, Campaign, Channel, Question, QuestionType, Response

UNGROUPED = "khac"  # the aspect of scale questions outside any group


def rate(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def responses_in(unit: Unit, start: dt.date, end: dt.date, questionnaire: str | None = None) -> QuerySet[Response]:
    forms = Response.objects.filter(unit_id__in=stats_unit_ids(unit), submitted_on__gte=start, submitted_on__lte=end)
    return forms.filter(questionnaire__form_id=questionnaire) if questionnaire else forms


def _answers(forms: QuerySet[Response]) -> QuerySet[Answer]:
    return Answer.objects.filter(response__in=forms.values("pk"))


def survey_stats(unit: Unit, start: dt.date, end: dt.date, questionnaire: str | None = None) -> dict[str, Any]:
    forms = responses_in(unit, start, end, questionnaire)
    return summarise(forms, {"unit": unit.code, "from": start.isoformat(), "to": end.isoformat()})


def summarise(forms: QuerySet[Response], head: dict[str, Any]) -> dict[str, Any]:
    """The figures of a set of forms (a period of a unit, or one campaign), in the published shape."""
    channels = dict.fromkeys(CHANNEL_NAMES, 0)
    for row in forms.order_by().values("channel").annotate(n=Count("pk")):
        channels[row["channel"]] = channels.get(row["channel"], 0) + row["n"]
    answers = _answers(forms)
    totals = answers.filter(is_scale=True).aggregate(n=Count("pk"), s=Count("pk", filter=Q(satisfied=True)))
    return {
        **head,
        "forms": sum(channels.values()),
        "by_channel": channels,
        "answers": totals["n"],
        "satisfied": totals["s"],
        "satisfaction_rate": rate(totals["s"], totals["n"]),
        "questions": _questions(forms, answers),
        "aspects": _aspects(forms, answers),
    }


def _questions(forms: QuerySet[Response], answers: QuerySet[Answer]) -> dict[str, Any]:
    versions = forms.order_by().values("campaign__version_id").distinct()
    questions: dict[str, dict[str, Any]] = {}
    asked = Question.objects.filter(version_id__in=versions).exclude(type=QuestionType.NOTE)
    for name, is_scale in asked.order_by("order").values_list("name", "is_scale"):
        entry = questions.setdefault(name, {"answers": 0, "choices": {}, "satisfied": 0, "rate": None, "_scale": False})
        entry["_scale"] = entry["_scale"] or is_scale
    per_question = (
        answers.order_by()
        .values("question__name")
        .annotate(n=Count("response", distinct=True), s=Count("pk", filter=Q(satisfied=True)))
    )
    for row in per_question:
        entry = questions[row["question__name"]]
        entry["answers"] += row["n"]
        entry["satisfied"] += row["s"]
    per_choice = answers.filter(choice__isnull=False).order_by().values("question__name", "choice__name")
    for row in per_choice.annotate(n=Count("pk")):
        chosen = questions[row["question__name"]]["choices"]
        chosen[row["choice__name"]] = chosen.get(row["choice__name"], 0) + row["n"]
    for entry in questions.values():
        entry["rate"] = rate(entry["satisfied"], entry["answers"]) if entry.pop("_scale") else None
    return questions


def _aspects(forms: QuerySet[Response], answers: QuerySet[Answer]) -> dict[str, Any]:
    versions = forms.order_by().values("campaign__version_id").distinct()
    aspects: dict[str, dict[str, Any]] = {}
    groups = (
        Question.objects.filter(version_id__in=versions, is_scale=True)
        .order_by("order")
        .values_list("group_name", flat=True)
    )
    for name in groups:
        aspects.setdefault(name or UNGROUPED, {"answers": 0, "satisfied": 0, "rate": None})
    per_group = answers.filter(is_scale=True).order_by().values("question__group_name")
    for row in per_group.annotate(n=Count("pk"), s=Count("pk", filter=Q(satisfied=True))):
        entry = aspects.setdefault(row["question__group_name"] or UNGROUPED, {"answers": 0, "satisfied": 0})
        entry["answers"] += row["n"]
        entry["satisfied"] += row["s"]
    for entry in aspects.values():
        entry["rate"] = rate(entry["satisfied"], entry["answers"])
    return aspects


def survey_stats_many(
    units: list[Unit], start: dt.date, end: dt.date, questionnaire: str | None = None
) -> list[dict[str, Any]]:
    """`survey_stats` of many units with one grouped query per figure (a roll-up's rows), each equal to the unit's
    own; one questionnaire, or units whose records overlap, are computed one by one."""
    owner = unit_owners(units, stats_unit_ids)
    if owner is None or questionnaire:
        return [survey_stats(unit, start, end, questionnaire) for unit in units]
    forms = Response.objects.filter(unit_id__in=list(owner), submitted_on__gte=start, submitted_on__lte=end)
    answers = _answers(forms)
    by: dict[int, dict[str, Any]] = {
        u.pk: {"channels": dict.fromkeys(CHANNEL_NAMES, 0), "n": 0, "s": 0, "versions": set(), "q": {}, "a": {}}
        for u in units
    }
    for row in forms.order_by().values("unit_id", "channel").annotate(n=Count("pk")):
        channels = by[owner[row["unit_id"]]]["channels"]
        channels[row["channel"]] = channels.get(row["channel"], 0) + row["n"]
    scale = answers.filter(is_scale=True).order_by().values("response__unit_id")
    for row in scale.annotate(n=Count("pk"), s=Count("pk", filter=Q(satisfied=True))):
        entry = by[owner[row["response__unit_id"]]]
        entry["n"] += row["n"]
        entry["s"] += row["s"]
    for unit_id, version_id in forms.order_by().values_list("unit_id", "campaign__version_id").distinct():
        by[owner[unit_id]]["versions"].add(version_id)
    versions = set().union(*(entry["versions"] for entry in by.values()))
    asked = list(
        Question.objects.filter(version_id__in=versions)
        .order_by("order")
        .values_list("version_id", "name", "is_scale", "group_name", "type")
    )
    for entry in by.values():
        for version_id, name, is_scale, group, kind in asked:
            if version_id not in entry["versions"]:
                continue
            if kind != QuestionType.NOTE:
                q = entry["q"].setdefault(
                    name, {"answers": 0, "choices": {}, "satisfied": 0, "rate": None, "_scale": False}
                )
                q["_scale"] = q["_scale"] or is_scale
            if is_scale:
                entry["a"].setdefault(group or UNGROUPED, {"answers": 0, "satisfied": 0, "rate": None})
    per_question = answers.order_by().values("response__unit_id", "question__name")
    for row in per_question.annotate(n=Count("response", distinct=True), s=Count("pk", filter=Q(satisfied=True))):
        q = by[owner[row["response__unit_id"]]]["q"][row["question__name"]]
        q["answers"] += row["n"]
        q["satisfied"] += row["s"]
    per_choice = answers.filter(choice__isnull=False).order_by()
    for row in per_choice.values("response__unit_id", "question__name", "choice__name").annotate(n=Count("pk")):
        chosen = by[owner[row["response__unit_id"]]]["q"][row["question__name"]]["choices"]
        chosen[row["choice__name"]] = chosen.get(row["choice__name"], 0) + row["n"]
    per_group = answers.filter(is_scale=True).order_by().values("response__unit_id", "question__group_name")
    for row in per_group.annotate(n=Count("pk"), s=Count("pk", filter=Q(satisfied=True))):
        aspects = by[owner[row["response__unit_id"]]]["a"]
        a = aspects.setdefault(row["question__group_name"] or UNGROUPED, {"answers": 0, "satisfied": 0})
        a["answers"] += row["n"]
        a["satisfied"] += row["s"]
    out = []
    for unit in units:
        entry = by[unit.pk]
        for q in entry["q"].values():
            q["rate"] = rate(q["satisfied"], q["answers"]) if q.pop("_scale") else None
        for a in entry["a"].values():
            a["rate"] = rate(a["satisfied"], a["answers"])
        out.append(
            {
                "unit": unit.code,
                "from": start.isoformat(),
                "to": end.isoformat(),
                "forms": sum(entry["channels"].values()),
                "by_channel": entry["channels"],
                "answers": entry["n"],
                "satisfied": entry["s"],
                "satisfaction_rate": rate(entry["s"], entry["n"]),
                "questions": entry["q"],
                "aspects": entry["a"],
            }
        )
    return out


# --- what the results page adds ------------------------------------------------------------------------------------


def _scale_by(forms: QuerySet[Response], *keys: str) -> dict[tuple[str, ...], tuple[int, int]]:
    """(scale answers, satisfied) per value of the forms' `keys`, in one GROUP BY."""
    columns = [f"response__{k}" for k in keys]
    scale = _answers(forms).filter(is_scale=True).order_by().values(*columns)
    return {
        tuple(row[c] for c in columns): (row["n"], row["s"])
        for row in scale.annotate(n=Count("pk"), s=Count("pk", filter=Q(satisfied=True)))
    }


def _breakdown(forms: QuerySet[Response], *keys: str) -> list[dict[str, Any]]:
    """Forms, scale answers, satisfied answers and the rate per value of `keys` (two GROUP BY queries)."""
    counts = forms.order_by().values(*keys).annotate(n=Count("pk"))
    scale = _scale_by(forms, *keys)
    rows = []
    for row in counts:
        key = tuple(row[k] for k in keys)
        answers, satisfied = scale.get(key, (0, 0))
        rows.append(
            {
                **{k: row[k] for k in keys},
                "forms": row["n"],
                "answers": answers,
                "satisfied": satisfied,
                "rate": rate(satisfied, answers),
            }
        )
    return sorted(rows, key=lambda r: tuple(r[k] for k in keys))


def by_field(forms: QuerySet[Response]) -> list[dict[str, Any]]:
    """Forms, scale answers and the rate per field (the field left blank is "")."""
    return _breakdown(forms, "field")


def by_procedure(forms: QuerySet[Response]) -> list[dict[str, Any]]:
    """The per-dossier ratings per procedure (code and field as the lookup handed them over)."""
    return _breakdown(forms.exclude(procedure_code=""), "procedure_code", "procedure_field")


def by_officer(forms: QuerySet[Response]) -> list[dict[str, Any]]:
    """The per-dossier ratings per receiving officer (`officer_id`: an internal user id, never shown as such)."""
    return _breakdown(forms.exclude(officer_id=""), "officer_id")


def by_month(forms: QuerySet[Response]) -> list[dict[str, Any]]:
    """The trend: forms and satisfaction rate per month of the answer day."""
    months = {
        row["month"]: row["n"]
        for row in forms.order_by().annotate(month=TruncMonth("submitted_on")).values("month").annotate(n=Count("pk"))
    }
    scale = _answers(forms).filter(is_scale=True).order_by().annotate(month=TruncMonth("response__submitted_on"))
    rates = {
        row["month"]: (row["n"], row["s"])
        for row in scale.values("month").annotate(n=Count("pk"), s=Count("pk", filter=Q(satisfied=True)))
    }
    return [
        {"month": m, "forms": n, "rate": rate(rates.get(m, (0, 0))[1], rates.get(m, (0, 0))[0])}
        for m, n in sorted(months.items())
    ]


def progress(campaign: Campaign) -> dict[str, Any]:
    """Forms reached against the target, in all and per field when the target counts per field."""
    reached = campaign.responses.count()
    fields: list[dict[str, Any]] = []
    if campaign.target_per_field:
        per = {row["field"]: row["n"] for row in campaign.responses.order_by().values("field").annotate(n=Count("pk"))}
        fields = [{"field": f, "reached": per.get(f, 0), "target": campaign.target} for f in campaign.fields]
    target = campaign.target * (len(campaign.fields) if campaign.target_per_field else 1)
    return {"reached": reached, "target": target, "rate": rate(reached, target), "fields": fields}


def baseline_against_latest(unit: Unit, questionnaire: str | None = None) -> list[dict[str, Any]]:
    """Per commune of the unit that ran a baseline survey (before its launch): that baseline's satisfaction rate
    beside the commune's own latest general campaign with forms — a per-dossier rating (a campaign on that channel
    only) measures one dossier, not the commune, and is left out. Empty when no commune has a baseline."""
    campaigns = Campaign.objects.filter(unit_id__in=stats_unit_ids(unit))
    if questionnaire:
        campaigns = campaigns.filter(version__questionnaire__form_id=questionnaire)
    baselines = campaigns.filter(is_baseline=True).select_related("unit").order_by("unit__name", "-starts_on", "-pk")
    latest_of: dict[int, Campaign] = {}
    later = (
        campaigns.filter(is_baseline=False)
        .annotate(n=Count("responses"))
        .filter(n__gt=0)
        .order_by("unit_id", "-ends_on", "-starts_on", "-n", "-pk")
    )
    for campaign in later:
        if campaign.channels != [Channel.DOSSIER]:
            latest_of.setdefault(campaign.unit_id, campaign)
    pairs: list[dict[str, Any]] = []
    seen: set[int] = set()
    for baseline in baselines:
        if baseline.unit_id in seen:
            continue
        seen.add(baseline.unit_id)
        latest = latest_of.get(baseline.unit_id)
        pairs.append(
            {
                "unit": baseline.unit,
                "baseline": _campaign_rate(baseline),
                "latest": _campaign_rate(latest) if latest else None,
            }
        )
    return pairs


def _campaign_rate(campaign: Campaign) -> dict[str, Any]:
    totals = Answer.objects.filter(response__campaign=campaign, is_scale=True).aggregate(
        n=Count("pk"), s=Count("pk", filter=Q(satisfied=True))
    )
    return {"campaign": campaign, "answers": totals["n"], "rate": rate(totals["s"], totals["n"])}


ATTITUDE_ASPECT = "thai_do"  # the aspect of the attitude survey (template thai_do_can_bo)


def attitude(unit: Unit, start: dt.date, end: dt.date, questionnaire: str | None = None) -> dict[str, Any]:
    """The attitude distribution (issue 10 item 6): the answers to the attitude aspect's questions per choice name
    ({"rat_nhiet_tinh": n, "nhiet_tinh": n, "binh_thuong": n, "chua_nhiet_tinh": n}, in the order of the list),
    their number and the share that counts as satisfied: the indicator `surveys.attitude` (None without answers)."""
    answers = _answers(responses_in(unit, start, end, questionnaire)).filter(
        is_scale=True, question__group_name=ATTITUDE_ASPECT
    )
    rows = (
        answers.order_by()
        .values("choice__name")
        .annotate(n=Count("pk"), s=Count("pk", filter=Q(satisfied=True)), o=Min("choice__order"))
        .order_by("o", "choice__name")
    )
    choices: dict[str, int] = {}
    satisfied = 0
    for row in rows:
        choices[row["choice__name"]] = choices.get(row["choice__name"], 0) + row["n"]
        satisfied += row["s"]
    total = sum(choices.values())
    return {"answers": total, "choices": choices, "satisfied": satisfied, "rate": rate(satisfied, total)}


LABELS = {
    "forms": "Số phiếu đã thu",
    "by_channel.qr": "Qua mã QR",
    "by_channel.kiosk": "Qua máy tính bảng tại quầy",
    "by_channel.dossier": "Đánh giá theo hồ sơ",
    "by_channel.paper": "Phiếu giấy",
    "by_channel.online": "Trực tuyến",
    "by_channel.import": "Nhập từ tệp",
    "answers": "Số câu trả lời theo thang đo",
    "satisfied": "Số câu trả lời hài lòng",
    "satisfaction_rate": "Tỷ lệ hài lòng",
}

register_stats(
    "surveys",
    "Khảo sát sự hài lòng",
    survey_stats,
    LABELS,
    options=(("questionnaire", "mã phiếu khảo sát (form_id): chỉ tính một phiếu"),),
    identities=(
        "forms = by_channel.qr + by_channel.kiosk + by_channel.dossier + by_channel.paper + by_channel.online"
        " + by_channel.import",
    ),
    indicators={
        "satisfaction_rate": ("Tỷ lệ người dân hài lòng", "satisfaction_rate", "rate"),
        "forms": ("Số phiếu khảo sát đã thu", "forms", "count"),
        # The attitude survey's aspect (template thai_do_can_bo): how many answered each level (rất nhiệt tình …
        # chưa nhiệt tình), read by attitude() above; and the share of "rất nhiệt tình" and "nhiệt tình", None when
        # the period has no attitude answers.
        "attitude": ("Đánh giá thái độ cán bộ theo từng mức", attitude, "distribution"),
        "attitude_rate": (
            "Tỷ lệ đánh giá cán bộ nhiệt tình, rất nhiệt tình",
            f"aspects.{ATTITUDE_ASPECT}.rate",
            "rate",
        ),
    },
    shape={
        "unit": str,
        "from": str,
        "to": str,
        "forms": int,
        "by_channel": dict.fromkeys(CHANNEL_NAMES, int),
        "answers": int,
        "satisfied": int,
        "satisfaction_rate": (float, None),
        "questions": dict,
        "aspects": dict,
    },
    compute_many=survey_stats_many,
)
