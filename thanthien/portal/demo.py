"""Per-dossier ratings on the returned demo dossiers (issue 10 item 8), as citizens would leave them from the lookup.

Runs after the one-stop demo (30) and the surveys demo (46), which opens each demo commune's per-dossier campaign.
One returned dossier in SHARE is rated, chosen by its code; the answers follow the dossier (late ones are less
satisfied and say so). Every rating goes through surveys.actions.rate_dossier, like one sent from the lookup page,
dated the day the dossier was returned, into the per-dossier campaign open that day (the surveys demo opens one a
year since the launch). Deterministic for a given day; running it again adds nothing (a rated dossier is skipped)."""

from __future__ import annotations

import datetime as dt
import hashlib
import random

from django.core.exceptions import ValidationError
from django.utils import timezone

from thanthien.lib.registry import register_demo
from thanthien.onestop.models import Dossier
from thanthien.org.models import COMMUNE_KINDS, Unit
from thanthien.surveys import actions
from thanthien.surveys.models import Campaign, Channel, Choice, Question, QuestionType, Response

from .rating import facts_of

ON_TIME_QUESTION = "dung_hen"  # of the shipped per-dossier template: "returned on time?"
SHARE = 6  # one returned dossier in SHARE is rated
SATISFIED_ON_TIME = 0.94
SATISFIED_LATE = 0.45
COMMENTS = [
    "Cán bộ hướng dẫn tận tình, trả kết quả nhanh.",
    "Nên có thêm ghế ngồi chờ ở Bộ phận một cửa.",
    "Thủ tục gọn, không phải đi lại nhiều lần.",
]


def build(today: dt.date) -> None:
    for unit in Unit.objects.filter(kind__in=COMMUNE_KINDS, valid_to__isnull=True).order_by("code"):
        rate_returned(unit, today)


def is_chosen(code: str) -> bool:
    return int(hashlib.sha256(f"portal-rating:{code}".encode()).hexdigest()[:8], 16) % SHARE == 0


def rate_returned(unit: Unit, today: dt.date) -> int:
    """Rate the chosen dossiers of `unit` on the day each was returned, in the per-dossier campaign open that day;
    returns how many."""
    campaigns = Campaign.objects.filter(
        unit=unit, version__questionnaire__form_id=actions.DOSSIER_FORM, starts_on__lte=today
    ).order_by("starts_on")
    # One query instead of is_rated per dossier (rate_dossier still refuses a second rating itself).
    rated = set(Response.objects.filter(unit=unit).exclude(dossier_code="").values_list("dossier_code", flat=True))
    count = 0
    for campaign in campaigns:
        if Channel.DOSSIER not in campaign.channels:
            continue
        questions, lists = actions.version_parts(campaign.version)
        returned = (
            Dossier.objects.filter(
                unit=unit,
                returned_at__date__gte=campaign.starts_on,
                returned_at__date__lte=min(today, campaign.ends_on),
            )
            .select_related("procedure")
            .order_by("returned_at", "pk")
        )
        for dossier in returned.iterator():
            if dossier.code in rated or not is_chosen(dossier.code):
                continue
            rnd = random.Random(f"portal-rating:{dossier.code}:{today.isoformat()}")
            on_time = dossier.resolved_at is not None and dossier.resolved_at <= (
                dossier.new_appointment_at or dossier.due_at
            )
            given = {q.name: answer(q, lists.get(q.list_name, {}), rnd, on_time) for q in questions}
            day = timezone.localdate(dossier.returned_at)
            try:
                actions.rate_dossier(unit, facts_of(dossier), {k: v for k, v in given.items() if v}, day=day)
            except ValidationError:  # a commune's adapted questionnaire asks what the demo cannot answer
                continue
            rated.add(dossier.code)
            count += 1
    return count


def answer(q: Question, choices: dict[str, Choice], rnd: random.Random, on_time: bool) -> list[str]:
    options = list(choices.values())
    if q.type == QuestionType.TEXT:
        return [rnd.choice(COMMENTS)] if rnd.random() < 0.15 else []
    if q.type == QuestionType.INTEGER:
        return [str(rnd.randint(1, 2))] if q.required else []
    if not options or q.type == QuestionType.NOTE:
        return []
    if q.type == QuestionType.SELECT_MULTIPLE:
        return [rnd.choice(options).name]
    if q.is_scale:
        good = [c for c in options if c.satisfied]
        other = [c for c in options if not c.satisfied]
        satisfied = SATISFIED_ON_TIME if on_time else SATISFIED_LATE
        if good and (not other or rnd.random() < satisfied):
            return [rnd.choice(good).name]
        return [rnd.choice(other[-2:]).name]
    names = [c.name for c in options]
    if q.name == ON_TIME_QUESTION and {"co", "khong"} <= set(names):  # the dossier's own answer
        return ["co" if on_time else "khong"]
    return [rnd.choice(names)]


register_demo(47, build)  # after the dossiers (onestop, 30) and the surveys' campaigns (46)
