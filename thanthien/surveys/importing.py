"""Imports of surveys (issue 10 item 5).

``survey-answers``: a CSV/XLSX with one row per form — ``submitted_on``, ``channel`` (default ``paper``), ``field``,
then one column per question ``name``; a select_one cell holds a choice name or its label (typed with or without
diacritics), a select_multiple cell the choice names separated by spaces. Every line is checked like a form
submitted on screen (required answers, conditions, choices) plus the campaign's period; nothing is applied when any
line is bad. Without a campaign named, a line joins the unit's campaign of the questionnaire covering its day, and
when there is none, a campaign of that calendar year is opened for the import. Each form is keyed by a digest of
its cells and its rank among identical lines of the file, so importing the same file again adds nothing while two
people who answered alike stay two forms.

``questionnaire``: an XLSForm workbook of several sheets. The framework reads one sheet of rows, so this one is
read whole by `QuestionnaireImporter.read_source`; see the note there for what the framework must call.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from thanthien.lib.importing import Column, Importer, LineError, Ticker, Writer
from thanthien.lib.tabular import text
from thanthien.lib.vn import fmt_date, fold, read_day
from thanthien.org.models import Unit
from thanthien.org.records import writable_communes
from thanthien.org.scoping import require_role

from . import actions
from .models import (
    CHANNEL_NAMES,
    SURVEY_WRITERS,
    Answer,
    Campaign,
    Channel,
    Choice,
    Question,
    Questionnaire,
    QuestionType,
    Response,
)

WRITE_BATCH = 500
BASE_COLUMNS = ("submitted_on", "channel", "field")


@dataclass
class AnswersContext:
    unit: Unit
    questionnaire: Questionnaire | None
    campaign: Campaign | None
    campaigns: list[Campaign]
    parts: dict[int, tuple[list[Question], dict[str, dict[str, Choice]]]]
    latest: Any
    problem: str = ""

    def parts_of(self, version: Any) -> tuple[list[Question], dict[str, dict[str, Choice]]]:
        if version.pk not in self.parts:
            self.parts[version.pk] = actions.version_parts(version)
        return self.parts[version.pk]


@dataclass
class FormRow:
    line: int
    day: dt.date
    channel: str
    field: str
    campaign: Campaign | None  # None: the year's campaign opened by the import
    answers: list[Answer]
    digest: str
    key: str = ""


@dataclass
class AnswersPlan:
    rows: list[FormRow] = field(default_factory=list)
    years: list[int] = field(default_factory=list)  # campaigns to open, one per year


class SurveyAnswersImporter(Importer[FormRow, AnswersContext, AnswersPlan]):
    kind = "survey-answers"
    label = "Phiếu trả lời khảo sát"
    description = "Phiếu khảo sát đã thu (phiếu giấy, tệp của hệ thống khác): mỗi dòng một phiếu, mỗi cột một câu hỏi."
    columns = (
        Column("submitted_on", "Ngày trả lời", "Ngày người dân trả lời phiếu (YYYY-MM-DD).", "2026-03-15", True),
        Column("channel", "Kênh", "Một trong: " + ", ".join(CHANNEL_NAMES) + " (để trống: paper).", "paper"),
        Column("field", "Lĩnh vực", "Lĩnh vực thủ tục hoặc công việc đã liên hệ (có thể để trống).", "Hộ tịch"),
    )
    audit_action = "surveys.answers.import"
    batched = True
    order = 80
    title = "Nhập phiếu trả lời khảo sát từ tệp"

    # The command-line options this kind takes beyond --unit (`thanthien import survey-answers … --questionnaire`).
    options = (
        ("questionnaire", "mã phiếu khảo sát (form_id)"),
        ("campaign", "tên đợt khảo sát (bỏ trống: đợt có thời gian chứa ngày trả lời)"),
    )

    def __init__(self, form_id: str | None = None, campaign: str | None = None) -> None:
        self.form_id, self.campaign_name = form_id, campaign

    def configure(self, options: Mapping[str, Any]) -> SurveyAnswersImporter:
        """The importer for one run, with --questionnaire and --campaign (the registered one has neither)."""
        return SurveyAnswersImporter(options.get("questionnaire") or None, options.get("campaign") or None)

    def authorize(self, actor: Any, unit: Unit) -> None:
        if actor is not None:
            require_role(actor, unit, SURVEY_WRITERS)
        if not unit.is_commune_level:
            raise ValidationError(f"{unit.name} không phải đơn vị cấp xã: phiếu khảo sát nhập cho xã, phường.")

    def units_for(self, user: Any) -> list[Unit]:
        return writable_communes(user, SURVEY_WRITERS)

    def prepare(self, unit: Unit) -> AnswersContext:
        usable = actions.usable_questionnaires(unit)
        questionnaire, problem = None, ""
        if self.form_id:
            matches = sorted(usable.filter(form_id=self.form_id), key=lambda q: q.unit_id != unit.pk)
            questionnaire = matches[0] if matches else None
            problem = "" if questionnaire else f"đơn vị không có phiếu khảo sát mã “{self.form_id}”"
        else:
            found = list(usable[:2])
            questionnaire = found[0] if len(found) == 1 else None
            problem = "" if questionnaire else "hãy chọn phiếu khảo sát (--questionnaire MÃ_PHIẾU)"
        campaigns: list[Campaign] = []
        campaign = None
        if questionnaire is not None:
            campaigns = list(
                Campaign.objects.filter(unit=unit, version__questionnaire=questionnaire)
                .select_related("version")
                .order_by("-starts_on", "-pk")
            )
            if self.campaign_name:
                campaign = next((c for c in campaigns if c.name == self.campaign_name), None)
                if campaign is None:
                    problem = f"không có đợt khảo sát “{self.campaign_name}” của phiếu này"
        latest = actions.latest_version(questionnaire) if questionnaire else None
        return AnswersContext(unit, questionnaire, campaign, campaigns, {}, latest, problem)

    def parse(self, line: int, raw: dict[str, Any], ctx: AnswersContext, problems: list[str]) -> FormRow | None:
        if ctx.problem:
            problems.append(ctx.problem)
            return None
        day = self._day(raw, problems)
        channel = text(raw, "channel").lower() or Channel.PAPER
        if channel not in CHANNEL_NAMES:
            problems.append(f"kênh (channel) “{channel}” không hợp lệ; dùng một trong: {', '.join(CHANNEL_NAMES)}")
        if day is None or problems:
            return None
        campaign = self._campaign(ctx, day, problems)
        if problems:
            return None
        version = campaign.version if campaign else ctx.latest
        questions, lists = ctx.parts_of(version)
        given = _given(raw, questions, lists, problems)
        filled = actions.fill(questions, lists, given)
        for name, message in filled.errors.items():
            problems.append(f"cột {name}: {message[:1].lower()}{message[1:].rstrip('.')}")
        if not problems and not filled.answered:
            problems.append("dòng không có câu trả lời nào")
        if problems:
            return None
        cells = {k: text(raw, k) for k in sorted(raw) if k}
        digest = hashlib.sha256(json.dumps(cells, ensure_ascii=False).encode()).hexdigest()[:40]
        return FormRow(line, day, channel, text(raw, "field")[:200], campaign, filled.answers, digest)

    def _day(self, raw: dict[str, Any], problems: list[str]) -> dt.date | None:
        try:
            day = read_day(raw.get("submitted_on"))
        except ValueError:
            problems.append("ngày trả lời (submitted_on) không đúng dạng YYYY-MM-DD")
            return None
        if day is None:
            problems.append("thiếu ngày trả lời (submitted_on)")
        elif day > timezone.localdate():
            problems.append("ngày trả lời (submitted_on) ở tương lai")
            return None
        return day

    def _campaign(self, ctx: AnswersContext, day: dt.date, problems: list[str]) -> Campaign | None:
        if ctx.campaign is not None:
            c = ctx.campaign
            if not c.starts_on <= day <= c.ends_on:
                problems.append(
                    f"ngày trả lời (submitted_on) {fmt_date(day)} ngoài thời gian của đợt khảo sát “{c.name}” "
                    f"({fmt_date(c.starts_on)} – {fmt_date(c.ends_on)})"
                )
            return c
        return next((c for c in ctx.campaigns if c.starts_on <= day <= c.ends_on), None)

    def check(self, ctx: AnswersContext, rows: list[FormRow], errors: list[LineError]) -> list[FormRow]:
        # Identical lines are several people who answered alike: the rank tells them apart, the same on re-import.
        seen: dict[str, int] = defaultdict(int)
        for row in rows:
            seen[row.digest] += 1
            row.key = f"{row.digest}:{seen[row.digest]}"
        return rows

    def plan(self, ctx: AnswersContext, rows: list[FormRow], errors: list[LineError], ticker: Ticker) -> AnswersPlan:
        campaigns = {r.campaign.pk for r in rows if r.campaign is not None}
        stored = set(
            Response.objects.filter(campaign_id__in=campaigns)
            .exclude(import_key="")
            .values_list("import_key", flat=True)
        )
        years = sorted({r.day.year for r in rows if r.campaign is None})
        for year in years:
            name = _year_campaign_name(ctx, year)
            existing = Campaign.objects.filter(unit=ctx.unit, name=name).first()
            if existing is not None:  # opened by an earlier import of this questionnaire
                for r in rows:
                    if r.campaign is None and r.day.year == year:
                        r.campaign = existing
                stored |= set(existing.responses.exclude(import_key="").values_list("import_key", flat=True))
        ticker.step(len(rows))
        fresh = [r for r in rows if r.key not in stored]
        return AnswersPlan(fresh, sorted({r.day.year for r in fresh if r.campaign is None}))

    def counts(self, plan: AnswersPlan) -> tuple[int, int]:
        return len(plan.rows), 0

    def apply(self, ctx: AnswersContext, plan: AnswersPlan, actor: Any, writer: Writer) -> None:
        assert ctx.questionnaire is not None
        opened = {}
        for year in plan.years:
            data = {
                "name": _year_campaign_name(ctx, year),
                "version": ctx.latest,
                "starts_on": dt.date(year, 1, 1),
                "ends_on": dt.date(year, 12, 31),
                "channels": [Channel.PAPER, Channel.IMPORT],
            }
            opened[year] = actions.create_campaign(actor, ctx.unit, data)
        for start in range(0, len(plan.rows), WRITE_BATCH):
            batch = plan.rows[start : start + WRITE_BATCH]
            with writer.batch(len(batch)):
                _write(ctx, batch, opened)


def _year_campaign_name(ctx: AnswersContext, year: int) -> str:
    assert ctx.questionnaire is not None
    return f"{ctx.questionnaire.title[:150]} – nhập từ tệp năm {year}"


def _write(ctx: AnswersContext, rows: list[FormRow], opened: dict[int, Campaign]) -> None:
    assert ctx.questionnaire is not None
    responses = []
    for r in rows:
        campaign = r.campaign or opened[r.day.year]
        responses.append(
            Response(
                campaign=campaign,
                unit=ctx.unit,
                questionnaire=ctx.questionnaire,
                channel=r.channel,
                submitted_on=r.day,
                field=r.field,
                import_key=r.key,
            )
        )
    Response.objects.bulk_create(responses)
    answers = []
    for r, response in zip(rows, responses, strict=True):
        for answer in r.answers:
            answer.response = response
            answers.append(answer)
    Answer.objects.bulk_create(answers)


def _given(
    raw: dict[str, Any], questions: list[Question], lists: dict[str, dict[str, Choice]], problems: list[str]
) -> dict[str, list[str]]:
    """The cells as the answers of a form: a select_one cell by choice name or label, select_multiple by names."""
    given: dict[str, list[str]] = {}
    for q in questions:
        cell = text(raw, q.name)
        if not cell or q.type == QuestionType.NOTE:
            continue
        if q.type == QuestionType.SELECT_ONE:
            given[q.name] = [_choice_name(cell, lists.get(q.list_name, {}))]
        elif q.type == QuestionType.SELECT_MULTIPLE:
            given[q.name] = cell.split()
        else:
            given[q.name] = [cell]
    return given


def _choice_name(cell: str, choices: dict[str, Choice]) -> str:
    if cell in choices:
        return cell
    folded = fold(cell)
    return next((c.name for c in choices.values() if fold(c.label) == folded or fold(c.name) == folded), cell)


IMPORTERS = [SurveyAnswersImporter()]


# --- the questionnaire workbook ------------------------------------------------------------------------------------


@dataclass
class QuestionnaireResult:
    imported: actions.Imported | None
    errors: list[str]


def import_questionnaire(actor: Any, unit: Unit, raw: bytes) -> QuestionnaireResult:
    """An XLSForm workbook → the unit's questionnaire (new, next version, or unchanged). Errors name sheet and row.

    The import framework (lib.importing) reads the first sheet of rows only, so a workbook of three sheets goes
    through this function, called by the upload page and `thanthien import-questionnaire`; registering the kind
    `questionnaire` with the framework needs the hook described in the surveys report."""
    from .xlsform import XLSFormError, read_workbook

    try:
        source = read_workbook(raw)
    except XLSFormError as exc:
        return QuestionnaireResult(None, [str(exc)])
    try:
        return QuestionnaireResult(actions.save_questionnaire(actor, unit, source), [])
    except ValidationError as exc:
        return QuestionnaireResult(None, list(exc.messages))
