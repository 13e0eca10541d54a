"""Imports of surveys (issue 10 item 5).

``survey-answers``: a CSV/XLSX with one row per form — ``submitted_on``, ``channel`` (default ``paper``), ``field``,
then one column per question ``name``; a select_one cell holds a choice name or its label (typed with or without
diacritics), a select_multiple cell the choice names separated by spaces. Every line is checked like a form
submitted on screen (required answers, conditions, choices) plus the campaign's period; nothing is applied when any
line is bad. Without a campaign named, a line joins the unit's campaign of the questionnaire covering its day, and
when there is none, a campaign of that calendar year is opened for the import. Each form is keyed by a digest of
its cells and its rank among identical lines of the file, so importing the same file again adds nothing while two
people who answered alike stay two forms.

``questionnaire``: an XLSForm workbook (sheets survey, choices, settings) owned by the unit it is imported for; one of
a district or a province serves the communes under it. The importer reads the workbook whole (`Importer.lines`): a
line per row of each sheet, checked together by `xlsform.check`, every problem reported with its sheet and row, and
saved by `actions.save_questionnaire` — a new questionnaire, the next version of the one with the same form_id when
the content changed, nothing when it did not.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

from thanthien.lib.importing import Column, Importer, LineError, SheetLine, Ticker, Writer, run
from thanthien.lib.tabular import NUL_MESSAGE, Limits, TabularError, text
from thanthien.lib.vn import fmt_date, fold, read_day
from thanthien.org.models import Unit
from thanthien.org.records import writable_communes
from thanthien.org.scoping import require_role

from . import actions, xlsform
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

    def prepare(self, unit: Unit, actor: Any) -> AnswersContext:
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
        # As on paper entry: a cell the questionnaire's condition hides is a misread form, not an answer to drop.
        for name, message in actions.answered_but_hidden(questions, given).items():
            problems.append(f"cột {name}: {message[:1].lower()}{message[1:].rstrip('.')}")
        field = _field(text(raw, "field"), campaign, problems)
        filled = actions.fill(questions, lists, given)
        for name, message in filled.errors.items():
            problems.append(f"cột {name}: {message[:1].lower()}{message[1:].rstrip('.')}")
        if not problems and not filled.answered:
            problems.append("dòng không có câu trả lời nào")
        if problems:
            return None
        cells = {k: text(raw, k) for k in sorted(raw) if k}
        digest = hashlib.sha256(json.dumps(cells, ensure_ascii=False).encode()).hexdigest()[:40]
        return FormRow(line, day, channel, field, campaign, filled.answers, digest)

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


ANSWER_MAX = 2000  # as Answer.value
FIELD_MAX = 200  # as Response.field


def _given(
    raw: dict[str, Any], questions: list[Question], lists: dict[str, dict[str, Choice]], problems: list[str]
) -> dict[str, list[str]]:
    """The cells as the answers of a form: a select_one cell by choice name or label, select_multiple by names."""
    given: dict[str, list[str]] = {}
    for q in questions:
        cell = text(raw, q.name)
        if not cell or q.type == QuestionType.NOTE:
            continue
        if len(cell) > ANSWER_MAX:
            problems.append(f"cột {q.name}: câu trả lời dài quá {ANSWER_MAX:,} ký tự".replace(",", "."))
            continue
        if q.type == QuestionType.SELECT_ONE:
            given[q.name] = [_choice_name(cell, lists.get(q.list_name, {}))]
        elif q.type == QuestionType.SELECT_MULTIPLE:
            given[q.name] = cell.split()
        else:
            given[q.name] = [cell]
    return given


def _field(cell: str, campaign: Campaign | None, problems: list[str]) -> str:
    """The field as the campaign lists it (written with or without diacritics); one it does not list is refused,
    as on the web form and the API."""
    if not cell or campaign is None or not campaign.fields:
        if len(cell) > FIELD_MAX:
            problems.append(f"lĩnh vực (field) dài quá {FIELD_MAX} ký tự")
        return cell
    found = next((f for f in campaign.fields if fold(f) == fold(cell)), None)
    if found is None:
        problems.append(
            f"lĩnh vực (field) “{cell[:60]}” không có trong đợt khảo sát; dùng: {', '.join(campaign.fields)}"
        )
        return ""
    return str(found)


def _choice_name(cell: str, choices: dict[str, Choice]) -> str:
    if cell in choices:
        return cell
    folded = fold(cell)
    return next((c.name for c in choices.values() if fold(c.label) == folded or fold(c.name) == folded), cell)


# --- the questionnaire workbook ------------------------------------------------------------------------------------

# xlsform.check's messages: "Trang survey, dòng 7: …", or "Trang settings: …" for a sheet as a whole.
_WHERE = re.compile(r"^Trang (\w+)(?:, dòng (\d+))?: (.*)$", re.DOTALL)
SHEET_ORDER = (xlsform.SURVEY, xlsform.CHOICES, xlsform.SETTINGS)  # as the workbook's tabs


@dataclass
class SheetRow:
    """One row of the workbook as read: its sheet, its row number and its cells."""

    sheet: str
    line: int
    values: dict[str, str]


@dataclass
class Book:
    """The rows of one workbook, checked: what they make (one questionnaire)."""

    source: xlsform.Source
    form: xlsform.Form


@dataclass
class QuestionnairePlan:
    book: Book | None = None
    questionnaire: Questionnaire | None = None  # stored with this form_id
    latest: Any = None  # its latest version
    changed: bool = False


class QuestionnaireImporter(Importer[Any, Unit, QuestionnairePlan]):
    kind = "questionnaire"
    label = "Phiếu khảo sát (XLSForm)"
    description = (
        "Một phiếu khảo sát dạng XLSForm (.xlsx của ODK, KoboToolbox): trang survey (câu hỏi), choices (lựa chọn), "
        "settings (form_title, form_id). Nhập lại phiếu cùng form_id đã sửa tạo phiên bản mới; phiếu của huyện, "
        "tỉnh dùng được cho các xã trực thuộc."
    )
    columns = (
        Column(
            "type",
            "Loại câu hỏi",
            "Trang survey: select_one DANH_SÁCH, select_multiple, text, integer, note, begin_group, end_group.",
            "select_one muc_do",
            True,
        ),
        Column("name", "Tên câu hỏi", "Trang survey: chữ không dấu, số, “_”; không trùng.", "tiep_can_1", True),
        Column("label", "Nội dung", "Trang survey: câu hỏi như người dân đọc.", "Nơi tiếp nhận hồ sơ thuận tiện", True),
        Column("required", "Bắt buộc", "Trang survey: yes hoặc để trống.", "yes"),
        Column("relevant", "Điều kiện hiện", "Trang survey: ${ten_cau_hoi} = 'gia_tri'.", "${da_gop_y} = 'co'"),
    )
    audit_action = "surveys.questionnaire.import"
    order = 79
    title = "Nhập phiếu khảo sát (XLSForm) từ tệp"

    def __init__(self, saved: list[actions.Imported] | None = None) -> None:
        # The upload page of the surveys (import_questionnaire) collects what was saved to show it; the registered
        # importer collects nothing.
        self.saved = saved

    def authorize(self, actor: Any, unit: Unit) -> None:
        if actor is not None:
            require_role(actor, unit, SURVEY_WRITERS)

    def units_for(self, user: Any) -> list[Unit]:
        return writable_communes(user, SURVEY_WRITERS)

    def prepare(self, unit: Unit, actor: Any) -> Unit:
        return unit

    def template_file(self) -> tuple[str, bytes]:
        """A questionnaire is a workbook of three sheets, not one table: the file to start from is a shipped one."""
        return "Mẫu phiếu khảo sát SIPAS (XLSForm).xlsx", (actions.TEMPLATE_DIR / "sipas.xlsx").read_bytes()

    def lines(self, raw: bytes, name: str, limits: Limits) -> Iterator[SheetLine]:
        if limits.max_bytes is not None and len(raw) > limits.max_bytes:
            raise TabularError(f"Tệp lớn hơn {limits.max_bytes // (1024 * 1024)} MB.")
        try:
            source = xlsform.read_workbook(raw)
        except xlsform.XLSFormError as exc:
            raise TabularError(str(exc)) from None
        for sheet in (xlsform.SURVEY, xlsform.CHOICES):
            numbers = source["_rows"][sheet]
            for number, row in zip(numbers, source[sheet], strict=True):
                yield _sheet_line(sheet, number, row)
        settings = source.get(xlsform.SETTINGS) or {}
        if settings:  # the first row under the header (the workbook keeps no other)
            yield _sheet_line(xlsform.SETTINGS, 2, settings)

    def parse(self, line: int, raw: dict[str, Any], ctx: Unit, problems: list[str]) -> SheetRow:
        sheet = raw.pop(_SHEET)
        return SheetRow(sheet, line, raw)

    def check(self, ctx: Unit, rows: list[Any], errors: list[LineError]) -> list[Any]:
        """The rows make one questionnaire: checked together (questions refer to lists and to earlier questions)."""
        if errors:
            return []
        source: xlsform.Source = {xlsform.SURVEY: [], xlsform.CHOICES: [], xlsform.SETTINGS: {}, "_rows": {}}
        for sheet in (xlsform.SURVEY, xlsform.CHOICES):
            own = [r for r in rows if r.sheet == sheet]
            source[sheet] = [r.values for r in own]
            source["_rows"][sheet] = [r.line for r in own]
        source[xlsform.SETTINGS] = next((r.values for r in rows if r.sheet == xlsform.SETTINGS), {})
        form = xlsform.check(source)
        found = [_line_error(message) for message in form.errors]
        errors.extend(sorted(found, key=lambda e: SHEET_ORDER.index(e.sheet) if e.sheet in SHEET_ORDER else 0))
        return [] if form.errors else [Book(source, form)]

    def plan(self, ctx: Unit, rows: list[Any], errors: list[LineError], ticker: Ticker) -> QuestionnairePlan:
        ticker.step(len(rows))
        if errors or not rows:
            return QuestionnairePlan()
        book: Book = rows[0]
        stored = Questionnaire.objects.filter(unit=ctx, form_id=book.form.form_id).first()
        latest = actions.latest_version(stored) if stored else None
        digest = xlsform.digest(xlsform.clean_source(book.source))
        return QuestionnairePlan(book, stored, latest, latest is None or latest.digest != digest)

    def counts(self, plan: QuestionnairePlan) -> tuple[int, int]:
        if plan.book is None or not plan.changed:
            return 0, 0
        return (1, 0) if plan.questionnaire is None else (0, 1)

    def outcome(self, plan: QuestionnairePlan) -> str:
        if plan.book is None:
            return ""
        form = plan.book.form
        named = f"phiếu “{form.title}” (mã {form.form_id})"
        if plan.questionnaire is None:
            return f"tạo {named}, phiên bản đầu tiên với {len(form.questions)} câu hỏi."
        if plan.changed:
            number = plan.latest.number + 1 if plan.latest else 1
            return f"tạo phiên bản thứ {number} của {named}, {len(form.questions)} câu hỏi."
        return f"giữ nguyên {named}: nội dung trùng phiên bản {plan.latest.version} đã có, không tạo phiên bản mới."

    def apply(self, ctx: Unit, plan: QuestionnairePlan, actor: Any, writer: Writer) -> None:
        if plan.book is None:
            return
        with writer.batch(int(plan.changed)):
            done = actions.save_questionnaire(actor, ctx, plan.book.source)
            if done.created != plan.changed:
                # Someone saved this form_id between the check and the write: what the report says no longer holds.
                raise IntegrityError("questionnaire saved concurrently")
        if self.saved is not None:
            self.saved.append(done)


_SHEET = "\x00sheet"  # the sheet of a line, carried in its cells from `lines` to `parse` (no header is this)


def _sheet_line(sheet: str, number: int, row: dict[str, str]) -> SheetLine:
    line = SheetLine(number, {**row, _SHEET: sheet}, sheet=sheet)
    line.problems = [(column, NUL_MESSAGE) for column, value in row.items() if "\x00" in value]
    return line


def _line_error(message: str) -> LineError:
    match = _WHERE.match(message)
    if match is None:
        return LineError(1, message)
    sheet, line, text_ = match.groups()
    return LineError(int(line or 0), text_, sheet=sheet)


IMPORTERS: list[Importer[Any, Any, Any]] = [SurveyAnswersImporter(), QuestionnaireImporter()]


@dataclass
class QuestionnaireResult:
    imported: actions.Imported | None
    errors: list[str]


def import_questionnaire(actor: Any, unit: Unit, raw: bytes, name: str = "phieu-khao-sat.xlsx") -> QuestionnaireResult:
    """An XLSForm workbook uploaded on the surveys' page → the unit's questionnaire, through the import framework
    (the audit row and the record of the run as for `thanthien import questionnaire`). Errors name sheet and row."""
    saved: list[actions.Imported] = []
    try:
        report = run(QuestionnaireImporter(saved), actor, unit, io.BytesIO(raw), name)
    except ValidationError as exc:
        return QuestionnaireResult(None, list(exc.messages))
    if not report.ok or not saved:
        return QuestionnaireResult(None, [str(e) for e in report.errors])
    return QuestionnaireResult(saved[0], [])
