"""The per-dossier rating (issue 10 item 3): once a dossier's result is returned, the public lookup that found it
by code and PIN offers the commune's per-dossier questionnaire, one answer per dossier.

The PIN is the proof: the rating form carries the code and PIN it was opened with, and the POST looks the dossier
up again through onestop.lookup.find_for_public (the same brake on guessing as the lookup itself) before anything
is saved. surveys does not read the one-stop app: the dossier's procedure code, field and receiving officer are
handed over as plain values (surveys.actions.DossierFacts)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.http import HttpRequest

from thanthien.onestop.models import Dossier
from thanthien.surveys import actions
from thanthien.surveys.forms import question_groups
from thanthien.surveys.models import Campaign, Question

MAX_VALUES = 50  # per question, as on the public survey form
MAX_LENGTH = 2000
ALREADY_RATED = actions.ALREADY_RATED
NOT_RETURNED = "Hồ sơ chưa trả kết quả. Ông/Bà đánh giá được sau khi nhận kết quả."
NOT_OPEN = "Hiện không có đợt đánh giá hồ sơ nào đang mở tại nơi tiếp nhận hồ sơ này."
CHECK_MARKED = "Đánh giá chưa gửi được: vui lòng xem lại các câu hỏi được đánh dấu."


def facts_of(dossier: Dossier) -> actions.DossierFacts:
    """What a rating records of its dossier: the code, the procedure's code and field, the receiving officer's id."""
    return actions.DossierFacts(
        code=dossier.code,
        procedure_code=dossier.procedure.code,
        procedure_field=dossier.procedure.field,
        officer_id=str(dossier.received_by_id or ""),
    )


def given_of(request: HttpRequest, questions: list[Question]) -> dict[str, list[str]]:
    return {q.name: [v[:MAX_LENGTH] for v in request.POST.getlist(q.name)[:MAX_VALUES]] for q in questions}


def offer(
    dossier: Dossier,
    campaign: Campaign | None,
    given: Mapping[str, list[str]] | None = None,
    errors: Mapping[str, str] | None = None,
) -> dict[str, Any] | None:
    """What the lookup result says about rating this dossier: nothing when the commune runs no per-dossier rating;
    a hint before the result is returned; the form, or "already rated" (and no form) after."""
    if campaign is None:
        return None
    if dossier.returned_at is None:
        return {"state": "later"}
    if actions.is_rated(campaign, dossier.code):
        return {"state": "rated", "message": ALREADY_RATED}
    questions, lists = actions.version_parts(campaign.version)
    return {
        "state": "form",
        "title": campaign.version.title,
        "groups": question_groups(questions, lists, given or {}, errors or {}),
    }
