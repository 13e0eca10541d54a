"""What the results page draws (a bar per choice, in server-side SVG: no script, prints as it shows) and the XLSX of
a campaign's answers (no personal data: forms are anonymous; a per-dossier rating's dossier code is not exported)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from thanthien.documents.xlsx import write_xlsx

from .models import Answer, Campaign, Choice, Question, QuestionType

BAR_HEIGHT = 28


def question_charts(
    questions: list[Question], lists: dict[str, dict[str, Choice]], figures: dict[str, Any]
) -> list[dict[str, Any]]:
    """Per select question: its choices with their counts, share of the answers and the bar's length (percent of
    the longest bar), in the order of the questionnaire."""
    charts = []
    for q in questions:
        if q.type not in (QuestionType.SELECT_ONE, QuestionType.SELECT_MULTIPLE):
            continue
        figure = figures["questions"].get(q.name, {"answers": 0, "choices": {}, "rate": None})
        counts = figure["choices"]
        top = max(counts.values(), default=0)
        bars = []
        for i, choice in enumerate(lists.get(q.list_name, {}).values()):
            n = int(counts.get(choice.name, 0))
            bars.append(
                {
                    "name": choice.name,  # what the drill-down filters by
                    "label": choice.label,
                    "n": n,
                    "share": n / figure["answers"] if figure["answers"] else None,
                    "length": round(n * 100 / top) if top else 0,
                    "y": i * BAR_HEIGHT,
                    "satisfied": choice.satisfied and q.is_scale,
                }
            )
        charts.append(
            {
                "q": q,
                "answers": figure["answers"],
                "rate": figure["rate"],
                "bars": bars,
                "height": len(bars) * BAR_HEIGHT,
            }
        )
    return charts


def period_charts(forms: Any, figures: dict[str, Any]) -> tuple[list[dict[str, Any]], list[Question]]:
    """The charts of a period, whose forms may answer several versions: each question name once (its latest wording)
    with the choices of its latest version."""
    versions = forms.order_by().values("campaign__version_id").distinct()
    latest: dict[str, Question] = {}
    for q in Question.objects.filter(version_id__in=versions).order_by("version_id", "order"):
        latest[q.name] = q
    questions = sorted(latest.values(), key=lambda q: (q.version_id, q.order))
    lists: dict[tuple[int, str], dict[str, Choice]] = {}
    for c in Choice.objects.filter(version_id__in={q.version_id for q in questions}).order_by("order"):
        lists.setdefault((c.version_id, c.list_name), {})[c.name] = c
    charts = []
    for q in questions:
        charts += question_charts([q], {q.list_name: lists.get((q.version_id, q.list_name), {})}, figures)
    return charts, questions


def aspect_rows(questions: list[Question], figures: dict[str, Any]) -> list[dict[str, Any]]:
    labels = {q.group_name or "khac": q.group_label or "Khác" for q in questions if q.is_scale}
    return [{"name": k, "label": labels.get(k, k), **v} for k, v in figures["aspects"].items()]


def answers_workbook(campaign: Campaign) -> bytes:
    questions = list(campaign.version.questions.exclude(type=QuestionType.NOTE).order_by("order"))
    header = ["Phiếu số", "Ngày trả lời", "Kênh", "Lĩnh vực"] + [f"{q.label} ({q.name})" for q in questions]
    return write_xlsx([("Phiếu trả lời", header, _rows(campaign, questions))])


def _rows(campaign: Campaign, questions: list[Question]) -> Iterator[list[Any]]:
    from .models import Channel

    channel_labels = dict(Channel.choices)
    labels = {(c.pk): c.label for c in campaign.version.choices.all()}
    order = {q.pk: i for i, q in enumerate(questions)}
    forms = campaign.responses.order_by("submitted_on", "pk").values_list("pk", "submitted_on", "channel", "field")
    answers = (
        Answer.objects.filter(response__campaign=campaign)
        .order_by("response__submitted_on", "response_id", "pk")
        .values_list("response_id", "question_id", "choice_id", "value")
        .iterator(chunk_size=2000)
    )
    pending = next(answers, None)
    for number, (pk, day, channel, field) in enumerate(forms.iterator(chunk_size=2000), start=1):
        cells: list[list[str]] = [[] for _ in questions]
        while pending is not None and pending[0] == pk:
            _, question_id, choice_id, value = pending
            if question_id in order:
                cells[order[question_id]].append(labels.get(choice_id, value) if choice_id else value)
            pending = next(answers, None)
        yield [number, day, channel_labels.get(channel, channel), field] + ["; ".join(c) for c in cells]
