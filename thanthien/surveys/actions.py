"""Every change of state in surveys: a questionnaire imported, copied from a template or edited (a new version
each time its content changes), a campaign opened or changed, a form submitted from any channel.

A version with answers is frozen (models.QuestionnaireVersion.is_frozen): nothing here ever rewrites its questions;
an edit checks the changed XLSForm rows like an imported file and saves them as the next version."""

from __future__ import annotations

import copy
import datetime as dt
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q, QuerySet
from django.utils import timezone

from thanthien.audit.log import record, register_actions
from thanthien.lib.vn import fmt_date
from thanthien.org.models import COMMUNE_KINDS, Unit
from thanthien.org.queries import valid_on
from thanthien.org.records import create_record, update_record
from thanthien.org.scoping import require_role

from . import xlsform
from .models import (
    CHANNEL_NAMES,
    SURVEY_WRITERS,
    Answer,
    Campaign,
    Channel,
    Choice,
    Question,
    Questionnaire,
    QuestionnaireVersion,
    QuestionType,
    Response,
)

register_actions(
    {
        "surveys.questionnaire.create": "Tạo phiếu khảo sát",
        "surveys.questionnaire.version": "Tạo phiên bản mới của phiếu khảo sát",
        "surveys.campaign.create": "Mở đợt khảo sát",
        "surveys.campaign.update": "Sửa đợt khảo sát",
        "surveys.answers.import": "Nhập phiếu trả lời khảo sát",
        "surveys.paper.enter": "Nhập phiếu khảo sát giấy",
    }
)

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates_xlsform"
TEXT_MAX = 2000
INTEGER_MAX = 10**9


# --- questionnaires ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Template:
    form_id: str
    title: str
    path: Path


@functools.cache
def shipped_templates() -> tuple[Template, ...]:
    """The nationwide templates (built by templates_xlsform/build.py), read from their workbooks once: they are
    files of the code."""
    found = []
    for path in sorted(TEMPLATE_DIR.glob("*.xlsx")):
        settings = xlsform.read_workbook(path.read_bytes()).get(xlsform.SETTINGS) or {}
        found.append(Template(path.stem, str(settings.get("form_title") or path.stem), path))
    return tuple(found)


def template_source(form_id: str) -> xlsform.Source:
    # The name is checked against the shipped files before any path is built from it.
    found = next((t for t in shipped_templates() if t.form_id == form_id), None)
    if found is None:
        raise ValidationError("Không có mẫu phiếu khảo sát này.")
    return xlsform.read_workbook(found.path.read_bytes())


def usable_questionnaires(unit: Unit) -> QuerySet[Questionnaire]:
    """The questionnaires a unit runs campaigns of: its own, and those of the district or province above it."""
    ancestors = [int(pk) for pk in unit.path.strip("/").split("/") if pk.isdigit()] if unit.path else [unit.pk]
    return Questionnaire.objects.filter(unit_id__in=ancestors or [unit.pk])


NO_COMMUNE = "Không có xã, phường nào mang mã này."
NO_QUESTIONNAIRE = "Không có phiếu khảo sát này."


def public_form(code: str, form_id: str) -> tuple[Unit, Questionnaire]:
    """What a public link (web form, API) names: the commune valid today and its questionnaire of that form_id,
    its own before one of the district or province above. Raises LookupError with the Vietnamese reason."""
    unit = Unit.objects.filter(valid_on(timezone.localdate()), code=code[:40], kind__in=COMMUNE_KINDS).first()
    if unit is None:
        raise LookupError(NO_COMMUNE)
    found = sorted(usable_questionnaires(unit).filter(form_id=form_id[:100]), key=lambda q: q.unit_id != unit.pk)
    if not found:
        raise LookupError(NO_QUESTIONNAIRE)
    return unit, found[0]


def latest_version(questionnaire: Questionnaire) -> QuestionnaireVersion | None:
    return questionnaire.versions.order_by("-number").first()


@dataclass
class Imported:
    questionnaire: Questionnaire
    version: QuestionnaireVersion
    created: bool  # False: the same content was already the latest version (nothing written)


def save_questionnaire(actor: Any, unit: Unit, source: xlsform.Source, *, template: str = "") -> Imported:
    """Check XLSForm rows and save them as a questionnaire of `unit` (a new one, or the next version of the one with
    the same form_id when the content changed). Raises ValidationError with every problem, saving nothing."""
    if actor is not None:
        require_role(actor, unit, SURVEY_WRITERS)
    form = xlsform.check(source)
    if form.errors:
        raise ValidationError(form.errors)
    source = xlsform.clean_source(source)
    digest = xlsform.digest(source)
    with transaction.atomic():
        questionnaire = Questionnaire.objects.select_for_update().filter(unit=unit, form_id=form.form_id).first()
        if questionnaire is None:
            data = {"form_id": form.form_id, "title": form.title[:300], "template": template}
            questionnaire = create_record(actor, Questionnaire, unit, data)
        latest = latest_version(questionnaire)
        if latest is not None and latest.digest == digest:
            return Imported(questionnaire, latest, False)
        version = _new_version(actor, questionnaire, form, source, digest, latest)
        if questionnaire.title != form.title[:300]:
            questionnaire.title = form.title[:300]
            questionnaire.save(update_fields=["title", "updated_at"])
    return Imported(questionnaire, version, True)


def _new_version(
    actor: Any,
    questionnaire: Questionnaire,
    form: xlsform.Form,
    source: xlsform.Source,
    digest: str,
    latest: QuestionnaireVersion | None,
) -> QuestionnaireVersion:
    number = (latest.number + 1) if latest else 1
    name = form.version or str(number)
    if questionnaire.versions.filter(version=name).exists():
        name = f"{name}.{number}"[:60]
    source[xlsform.SETTINGS] = {**source.get(xlsform.SETTINGS, {}), "version": name}
    user = actor if getattr(actor, "is_authenticated", False) else None
    version = QuestionnaireVersion.objects.create(
        questionnaire=questionnaire,
        number=number,
        version=name,
        title=form.title[:300],
        source=source,
        digest=digest,
        created_by=user,
    )
    Question.objects.bulk_create(
        Question(
            version=version,
            order=q.order,
            name=q.name,
            type=q.type,
            label=q.label,
            required=q.required,
            relevant=q.relevant[:300],
            relevant_name=q.relevant_name,
            relevant_value=q.relevant_value[:100],
            group_name=q.group_name,
            group_label=q.group_label,
            list_name=q.list_name,
            is_scale=q.is_scale,
        )
        for q in form.questions
    )
    Choice.objects.bulk_create(
        Choice(version=version, list_name=c.list_name, order=c.order, name=c.name, label=c.label, satisfied=c.satisfied)
        for c in form.choices
    )
    verb = "surveys.questionnaire.version" if latest else "surveys.questionnaire.create"
    record(
        actor, verb, questionnaire, unit=questionnaire.unit, note=f"Phiên bản {name}: {len(form.questions)} câu hỏi."
    )
    return version


def copy_template(actor: Any, unit: Unit, form_id: str) -> Imported:
    """“Sao chép để dùng”: a nationwide template becomes the unit's own questionnaire, which it may then adapt."""
    return save_questionnaire(actor, unit, template_source(form_id), template=form_id)


@dataclass
class QuestionEdit:
    """What the simple edit form changes: labels and `required` of existing questions, and one added question."""

    labels: dict[str, str] = field(default_factory=dict)
    required: dict[str, bool] = field(default_factory=dict)
    title: str = ""
    add_type: str = ""  # "text", "integer", "select_one LIST", ...
    add_name: str = ""
    add_label: str = ""
    add_required: bool = False


def edit_questionnaire(actor: Any, version: QuestionnaireVersion, edit: QuestionEdit) -> Imported:
    """Apply `edit` to a copy of `version`'s rows and save them as the next version (the frozen one is untouched)."""
    source = copy.deepcopy(version.source)
    for row in source.get(xlsform.SURVEY, []):
        name = row.get("name", "")
        if name in edit.labels and edit.labels[name].strip():
            row.pop("label", None)
            row = _set_label(row, edit.labels[name].strip())
        if name in edit.required:
            if edit.required[name]:
                row["required"] = "yes"
            else:
                row.pop("required", None)
    if edit.title.strip():
        source[xlsform.SETTINGS]["form_title"] = edit.title.strip()
    if edit.add_name or edit.add_label:
        added = {"type": edit.add_type, "name": edit.add_name.strip(), "label": edit.add_label.strip()}
        if edit.add_required:
            added["required"] = "yes"
        source[xlsform.SURVEY].append(added)
    source[xlsform.SETTINGS].pop("version", None)
    return save_questionnaire(actor, version.questionnaire.unit, source)


def _set_label(row: dict[str, Any], label: str) -> dict[str, Any]:
    for key in [k for k in row if k.startswith("label::")]:
        row[key] = label
    row["label"] = label
    return row


# --- campaigns -----------------------------------------------------------------------------------------------------

CAMPAIGN_FIELDS = frozenset(
    {"name", "version", "starts_on", "ends_on", "channels", "target", "target_per_field", "fields", "is_baseline"}
)


# A campaign lasts at most a few years, within the years the system serves.
EARLIEST_DAY = dt.date(2000, 1, 1)
LATEST_DAY = dt.date(2100, 12, 31)
LONGEST_CAMPAIGN_DAYS = 5 * 366
# The channels where a campaign answers a public link or a lookup: two open at once would take each other's forms.
LINKED_CHANNELS = frozenset({Channel.QR, Channel.ONLINE, Channel.KIOSK, Channel.DOSSIER})


def _clean_campaign(unit: Unit, data: Mapping[str, Any], pk: int | None = None) -> dict[str, Any]:
    values = {k: v for k, v in data.items() if k in CAMPAIGN_FIELDS}
    values["name"] = str(values.get("name") or "").strip()
    if not values["name"]:
        raise ValidationError({"name": "Vui lòng đặt tên đợt khảo sát."})
    if Campaign.objects.filter(unit=unit, name=values["name"]).exclude(pk=pk or 0).exists():
        raise ValidationError({"name": f"Đơn vị đã có đợt khảo sát tên “{values['name']}”; vui lòng đặt tên khác."})
    version = values.get("version")
    if not isinstance(version, QuestionnaireVersion):
        raise ValidationError({"version": "Vui lòng chọn phiếu khảo sát."})
    if not usable_questionnaires(unit).filter(pk=version.questionnaire_id).exists():
        raise ValidationError({"version": "Phiếu này không thuộc đơn vị hoặc cấp trên của đơn vị."})
    starts, ends = values.get("starts_on"), values.get("ends_on")
    if not isinstance(starts, dt.date) or not isinstance(ends, dt.date):
        raise ValidationError({"starts_on": "Vui lòng nhập thời gian khảo sát (từ ngày, đến ngày) dạng dd/mm/yyyy."})
    if ends < starts:
        raise ValidationError({"ends_on": f"Ngày kết thúc trước ngày bắt đầu {fmt_date(starts)}."})
    if starts < EARLIEST_DAY or ends > LATEST_DAY:
        raise ValidationError(
            {"starts_on": f"Thời gian khảo sát phải trong khoảng {fmt_date(EARLIEST_DAY)} – {fmt_date(LATEST_DAY)}."}
        )
    if (ends - starts).days > LONGEST_CAMPAIGN_DAYS:
        raise ValidationError({"ends_on": "Một đợt khảo sát kéo dài tối đa 5 năm."})
    channels = [c for c in CHANNEL_NAMES if c in set(values.get("channels") or [])]
    if not channels:
        raise ValidationError({"channels": "Vui lòng chọn ít nhất một kênh khảo sát."})
    values["channels"] = channels
    _refuse_overlap(unit, version, starts, ends, channels, pk)
    fields = [str(f).strip()[:200] for f in values.get("fields") or [] if str(f).strip()]
    values["fields"] = list(dict.fromkeys(fields))
    if values.get("target_per_field") and not values["fields"]:
        raise ValidationError({"fields": "Chỉ tiêu theo lĩnh vực cần danh sách lĩnh vực (mỗi dòng một lĩnh vực)."})
    values["target"] = int(values.get("target") or 0)
    return values


def _refuse_overlap(
    unit: Unit, version: QuestionnaireVersion, starts: dt.date, ends: dt.date, channels: list[str], pk: int | None
) -> None:
    """One campaign of a questionnaire open at a time on a linked channel: the public link (or the lookup) names
    the commune and the questionnaire only, so a second one would silently take its forms."""
    linked = set(channels) & LINKED_CHANNELS
    if not linked:
        return
    others = Campaign.objects.filter(
        unit=unit, version__questionnaire_id=version.questionnaire_id, starts_on__lte=ends, ends_on__gte=starts
    ).exclude(pk=pk or 0)
    for other in others:
        shared = linked & set(other.channels)
        if shared:
            names = ", ".join(str(Channel(c).label).lower() for c in CHANNEL_NAMES if c in shared)
            raise ValidationError(
                {
                    "channels": f"Đợt “{other.name}” ({fmt_date(other.starts_on)} – {fmt_date(other.ends_on)}) "
                    f"của cùng phiếu đang mở kênh {names} trong thời gian này; mỗi lúc chỉ một đợt mở một kênh "
                    "trực tiếp với người dân. Vui lòng đổi thời gian hoặc bỏ kênh đó."
                }
            )


def create_campaign(actor: Any, unit: Unit, data: Mapping[str, Any]) -> Campaign:
    return create_record(actor, Campaign, unit, _clean_campaign(unit, data))


def update_campaign(actor: Any, campaign: Campaign, data: Mapping[str, Any]) -> Campaign:
    values = _clean_campaign(campaign.unit, {"version": campaign.version, **data}, campaign.pk)
    if values["version"].pk != campaign.version_id and campaign.responses.exists():
        raise ValidationError({"version": "Đợt khảo sát đã có phiếu trả lời: không đổi phiếu khảo sát được nữa."})
    return update_record(actor, campaign, values)


def open_campaign(unit: Unit, questionnaire: Questionnaire, channel: str, day: dt.date) -> Campaign | None:
    """The unit's campaign of this questionnaire open on `channel` on `day` (the latest started, if several)."""
    campaigns = Campaign.objects.filter(
        unit=unit, version__questionnaire=questionnaire, starts_on__lte=day, ends_on__gte=day
    ).select_related("version")
    return next((c for c in campaigns.order_by("-starts_on", "-pk") if channel in c.channels), None)


# --- answering -----------------------------------------------------------------------------------------------------


@dataclass
class Filled:
    """A form's answers checked against its version: rows to write, or the message of each question in error."""

    answers: list[Answer] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)
    answered: int = 0


def version_parts(version: QuestionnaireVersion) -> tuple[list[Question], dict[str, dict[str, Choice]]]:
    questions = list(version.questions.order_by("order"))
    lists: dict[str, dict[str, Choice]] = {}
    for choice in version.choices.order_by("list_name", "order"):
        lists.setdefault(choice.list_name, {})[choice.name] = choice
    return questions, lists


def is_shown(question: Question, given: Mapping[str, Sequence[str]]) -> bool:
    """`${q} = 'x'`: the question is asked only when q was answered x (the server checks it again)."""
    if not question.relevant_name:
        return True
    return question.relevant_value in given.get(question.relevant_name, [])


def fill(questions: list[Question], lists: dict[str, dict[str, Choice]], given: Mapping[str, Sequence[str]]) -> Filled:
    """Check `given` (question name → the values typed or chosen) and build the answer rows. A question hidden by
    its condition is dropped, whatever was sent for it; a required one shown and left blank is an error."""
    filled = Filled()
    shown: dict[str, list[str]] = {}  # a condition reads only answers to questions that were themselves shown
    for question in questions:
        if question.type == QuestionType.NOTE or not is_shown(question, shown):
            continue
        values = [str(v).strip() for v in given.get(question.name, []) if str(v).strip()]
        shown[question.name] = values
        if not values:
            if question.required:
                filled.errors[question.name] = "Vui lòng trả lời câu hỏi này."
            continue
        rows = _answer_rows(question, lists.get(question.list_name, {}), values, filled.errors)
        if rows:
            filled.answers.extend(rows)
            filled.answered += 1
    return filled


def _answer_rows(
    question: Question, choices: dict[str, Choice], values: list[str], errors: dict[str, str]
) -> list[Answer]:
    if question.type == QuestionType.TEXT:
        text = " ".join(values)[:TEXT_MAX]
        return [Answer(question=question, value=text)]
    if question.type == QuestionType.INTEGER:
        try:
            number = int(values[0])
        except ValueError:
            errors[question.name] = "Vui lòng ghi một số nguyên."
            return []
        if abs(number) > INTEGER_MAX:
            errors[question.name] = "Số quá lớn."
            return []
        return [Answer(question=question, value=str(number))]
    unknown = [v for v in values if v not in choices]
    if unknown:
        errors[question.name] = f"Lựa chọn “{unknown[0]}” không có trong câu hỏi này."
        return []
    if question.type == QuestionType.SELECT_ONE and len(values) > 1:
        errors[question.name] = "Câu hỏi này chỉ chọn một."
        return []
    return [
        Answer(
            question=question,
            choice=choices[v],
            value=v,
            is_scale=question.is_scale,
            satisfied=question.is_scale and choices[v].satisfied,
        )
        for v in dict.fromkeys(values)
    ]


EMPTY_FORM = "Phiếu chưa có câu trả lời nào. Vui lòng trả lời ít nhất một câu hỏi trước khi gửi."


def submit_response(
    campaign: Campaign,
    channel: str,
    given: Mapping[str, Sequence[str]],
    *,
    day: dt.date | None = None,
    facts: Mapping[str, Any] | None = None,
    parts: tuple[list[Question], dict[str, dict[str, Choice]]] | None = None,
    collected_on: dt.date | None = None,
) -> Response:
    """One form submitted to an open campaign. Raises ValidationError (question name → message, or the empty form)
    and saves nothing when an answer is missing or wrong, the form is empty, or the campaign is not open."""
    today = day or timezone.localdate()
    if channel not in CHANNEL_NAMES:
        raise ValidationError("Kênh khảo sát không hợp lệ.")
    if not campaign.starts_on <= today <= campaign.ends_on:
        raise ValidationError(
            f"Ngày {fmt_date(today)} ngoài thời gian của đợt khảo sát "
            f"({fmt_date(campaign.starts_on)} – {fmt_date(campaign.ends_on)})."
        )
    questions, lists = parts or version_parts(campaign.version)
    filled = fill(questions, lists, given)
    if filled.errors:
        raise ValidationError(filled.errors)
    if not filled.answered:
        raise ValidationError(EMPTY_FORM)
    data = {k: str(v or "")[:200] for k, v in (facts or {}).items() if k in _FACTS}
    with transaction.atomic():
        response = Response.objects.create(
            campaign=campaign,
            unit_id=campaign.unit_id,
            questionnaire_id=campaign.version.questionnaire_id,
            channel=channel,
            submitted_on=today,
            collected_on=collected_on,
            **data,
        )
        for answer in filled.answers:
            answer.response = response
        Answer.objects.bulk_create(filled.answers)
    return response


_FACTS = frozenset(
    {"field", "collector", "dossier_code", "procedure_code", "procedure_field", "officer_id", "import_key"}
)


def enter_paper_form(
    actor: Any,
    campaign: Campaign,
    given: Mapping[str, Sequence[str]],
    *,
    collector: str,
    collected_on: dt.date,
    field: str = "",
    parts: tuple[list[Question], dict[str, dict[str, Choice]]] | None = None,
) -> Response:
    """A paper form typed in by MTTQ or staff, from a batch collected by `collector` on `collected_on` (the day the
    form counts on). An answer to a question its condition hides is an error here, not dropped: the paper says
    something the questionnaire does not ask, and the typist must look again."""
    require_writer(actor, campaign.unit)
    if Channel.PAPER not in campaign.channels:
        raise ValidationError("Đợt khảo sát này không nhận phiếu giấy.")
    if collected_on > timezone.localdate():
        raise ValidationError(f"Ngày thu phiếu {fmt_date(collected_on)} chưa đến.")
    questions, lists = parts or version_parts(campaign.version)
    hidden = answered_but_hidden(questions, given)
    if hidden:
        raise ValidationError(hidden)
    with transaction.atomic():
        response = submit_response(
            campaign,
            Channel.PAPER,
            given,
            day=collected_on,
            facts={"collector": collector.strip(), "field": field if field in campaign.fields else ""},
            parts=(questions, lists),
            collected_on=collected_on,
        )
        record(actor, "surveys.paper.enter", response, unit=campaign.unit, note=f"Đợt “{campaign.name}”.")
    return response


def answered_but_hidden(questions: list[Question], given: Mapping[str, Sequence[str]]) -> dict[str, str]:
    shown: dict[str, list[str]] = {}
    errors: dict[str, str] = {}
    for q in questions:
        values = [str(v).strip() for v in given.get(q.name, []) if str(v).strip()]
        if is_shown(q, shown):
            shown[q.name] = values
        elif values:
            errors[q.name] = f"Câu này chỉ trả lời khi {q.relevant}; hãy để trống."
    return errors


def default_channels() -> list[str]:
    return [Channel.QR, Channel.ONLINE, Channel.PAPER, Channel.IMPORT]


def require_writer(actor: Any, unit: Unit) -> None:
    try:
        require_role(actor, unit, SURVEY_WRITERS)
    except PermissionDenied:
        raise PermissionDenied("Bạn không có quyền quản lý khảo sát của đơn vị này.") from None


def campaigns_covering(unit: Unit, questionnaire: Questionnaire, first: dt.date, last: dt.date) -> QuerySet[Campaign]:
    return Campaign.objects.filter(
        Q(starts_on__lte=first) & Q(ends_on__gte=last), unit=unit, version__questionnaire=questionnaire
    )


def next_campaign_number(unit: Unit) -> int:
    return int(Campaign.objects.filter(unit=unit).aggregate(n=Max("pk"))["n"] or 0) + 1


# --- the per-dossier rating ----------------------------------------------------------------------------------------

DOSSIER_FORM = "danh_gia_ho_so"  # the template a commune copies for per-dossier ratings
ALREADY_RATED = "Hồ sơ này đã được đánh giá. Mỗi hồ sơ chỉ đánh giá một lần; xin cảm ơn Ông/Bà."


@dataclass(frozen=True)
class DossierFacts:
    """What the public lookup hands over once the PIN has proved the dossier: plain values, so surveys does not
    read the one-stop app."""

    code: str
    procedure_code: str = ""
    procedure_field: str = ""
    officer_id: str = ""


def dossier_campaign(unit: Unit, day: dt.date | None = None) -> Campaign | None:
    """The unit's campaign open on the per-dossier channel today, of its per-dossier questionnaire."""
    questionnaire = usable_questionnaires(unit).filter(form_id=DOSSIER_FORM).order_by("-unit__path").first()
    if questionnaire is None:
        return None
    return open_campaign(unit, questionnaire, Channel.DOSSIER, day or timezone.localdate())


def is_rated(campaign: Campaign, dossier_code: str) -> bool:
    return Response.objects.filter(
        questionnaire_id=campaign.version.questionnaire_id, dossier_code=dossier_code.strip()[:60]
    ).exists()


def rate_dossier(
    unit: Unit, facts: DossierFacts, given: Mapping[str, Sequence[str]], *, day: dt.date | None = None
) -> Response:
    """One rating per dossier (the unique constraint decides between two at the same instant), linked to its
    procedure, field and receiving officer, given today (or on `day`: a past register, the demo) to the per-dossier
    campaign open that day. Raises ValidationError when no rating is open or the dossier was rated."""
    from django.db import IntegrityError

    campaign = dossier_campaign(unit, day)
    code = facts.code.strip()[:60]
    if campaign is None or not code:
        when = f"Ngày {fmt_date(day)}" if day else "Hiện"
        raise ValidationError(f"{when} không có đợt đánh giá hồ sơ nào đang mở.")
    if is_rated(campaign, code):
        raise ValidationError(ALREADY_RATED)
    data = {
        "dossier_code": code,
        "procedure_code": facts.procedure_code,
        "procedure_field": facts.procedure_field,
        "officer_id": facts.officer_id,
        "field": facts.procedure_field if facts.procedure_field in campaign.fields else "",
    }
    try:
        with transaction.atomic():
            return submit_response(campaign, Channel.DOSSIER, given, day=day, facts=data)
    except IntegrityError:
        raise ValidationError(ALREADY_RATED) from None
