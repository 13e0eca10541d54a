"""What the results page, its PDF summary and its drill-down lists show (issue 10 item 4), beside the figures of
stats.py: the officers' names, the targets of the period's campaigns, and which forms a figure counts.

Every figure on the page links to the list of the forms it counts: the same unit, days and questionnaire (or the
same campaign), narrowed by one of the filters of FILTERS. An officer is an internal user id on a per-dossier
rating: their name shows to those who hold a survey role at the unit or above it (its staff, the supervisors:
officers are public officials); anyone else sees "Công chức 1, 2 …" and no link that would carry the id."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.db.models import Count, Q, QuerySet

from thanthien.documents.xlsx import write_xlsx
from thanthien.lib.vn import fmt_date, read_int
from thanthien.org.models import Unit
from thanthien.org.queries import stats_unit_ids

from . import exports, stats
from .models import Answer, Campaign, Channel, Choice, Question, QuestionType, Response

CHANNEL_LABELS = dict(Channel.choices)


# --- who the officers are ------------------------------------------------------------------------------------------


def officer_names(ids: list[str]) -> dict[str, str]:
    """officer_id → the user's full name (or login name), in one query; ids that are user keys or login names."""
    if not ids:
        return {}
    keys = [n for i in ids if (n := read_int(i)) is not None]
    logins = [i for i in ids if read_int(i) is None]
    users = get_user_model().objects.filter(Q(pk__in=keys) | Q(username__in=logins))
    names: dict[str, str] = {}
    for pk, username, first, last in users.values_list("pk", "username", "first_name", "last_name"):
        name = f"{first} {last}".strip() or username
        names.setdefault(str(pk), name)
        names.setdefault(username, name)
    return names


def name_officers(rows: list[dict[str, Any]], show_names: bool) -> list[dict[str, Any]]:
    """Each row of stats.by_officer with `label` (the name, or "Công chức n" for who may not see names) and
    `officer` (the id to filter by, only with the names)."""
    names = officer_names([r["officer_id"] for r in rows]) if show_names else {}
    named = []
    for number, row in enumerate(rows, start=1):
        if show_names:
            label = names.get(row["officer_id"]) or f"Tài khoản không còn trong hệ thống (số {number})"
        else:
            label = f"Công chức {number}"
        named.append({**row, "label": label, "officer": row["officer_id"] if show_names else ""})
    return sorted(named, key=lambda r: (r["label"], r["officer_id"])) if show_names else named


# --- the sample reached against the target -------------------------------------------------------------------------


def campaign_targets(unit: Unit, start: dt.date, end: dt.date, form_id: str | None) -> list[dict[str, Any]]:
    """The unit's campaigns that overlap the period, each with the forms reached (all its forms) against its target,
    in one query."""
    campaigns = Campaign.objects.filter(unit_id__in=stats_unit_ids(unit), starts_on__lte=end, ends_on__gte=start)
    if form_id:
        campaigns = campaigns.filter(version__questionnaire__form_id=form_id)
    rows = []
    for c in campaigns.annotate(reached=Count("responses")).order_by("-starts_on", "-pk")[:50]:
        target = c.target * (len(c.fields) if c.target_per_field else 1)
        rows.append({"campaign": c, "reached": c.reached, "target": target, "rate": stats.rate(c.reached, target)})
    return rows


# --- the page's figures --------------------------------------------------------------------------------------------


def attitude_rows(figure: dict[str, Any], forms: QuerySet[Response]) -> list[dict[str, Any]]:
    """stats.attitude's distribution with the choices' labels, and each one's share of the attitude answers."""
    versions = forms.order_by().values("campaign__version_id").distinct()
    labels: dict[str, str] = {}
    for name, label in Choice.objects.filter(version_id__in=versions, name__in=list(figure["choices"])).values_list(
        "name", "label"
    ):
        labels.setdefault(name, label)
    total = figure["answers"]
    return [
        {"name": name, "label": labels.get(name, name), "n": n, "share": stats.rate(n, total)}
        for name, n in figure["choices"].items()
    ]


def figures_context(
    forms: QuerySet[Response], figures: dict[str, Any], show_names: bool, charts: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    """What _results.html and the PDF show beside `figures` (the published shape of these forms); `charts`: the
    charts of one campaign's version (default: those of the period's versions)."""
    period_charts, questions = exports.period_charts(forms, figures) if charts is None else ([], [])
    if charts is None:
        charts = period_charts
        aspects = exports.aspect_rows(questions, figures)
    else:
        aspects = exports.aspect_rows([chart["q"] for chart in charts], figures)
    return {
        "figures": figures,
        "charts": charts,
        "aspects": aspects,
        "by_field": stats.by_field(forms),
        "by_procedure": stats.by_procedure(forms),
        "by_officer": name_officers(stats.by_officer(forms), show_names),
        "by_month": stats.by_month(forms),
        "channels": [(c.value, c.label, figures["by_channel"][c.value]) for c in Channel],
        "show_names": show_names,
    }


def period_drill(unit: Unit, start: dt.date, end: dt.date, form_id: str) -> str:
    """The query string of the drill-down list for a period (the filters are appended to it)."""
    params = {"unit": unit.code, "from": fmt_date(start), "to": fmt_date(end)}
    if form_id:
        params["phieu"] = form_id
    return urlencode(params)


def campaign_drill(campaign: Campaign) -> str:
    return urlencode({"dot": campaign.pk})


# --- which forms a figure counts -----------------------------------------------------------------------------------

# The filters of the drill-down list: GET name → what it narrows to. A figure's link sets one (or a question and
# one of its choices; an aspect and "satisfied").
FILTERS = ("kenh", "linh_vuc", "thu_tuc", "can_bo", "thang", "cau", "lua_chon", "khia_canh", "thang_do", "hai_long")


@dataclass
class Drill:
    """The forms a figure counts and the Vietnamese sentence of what was asked; `errors` for a filter that makes
    no sense (then no form is listed)."""

    forms: QuerySet[Response]
    said: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    params: dict[str, str] = field(default_factory=dict)
    # When the figure counts answers (a question's, a choice's, an aspect's, the scale answers): those answers,
    # so the list says how many of them its forms hold — the figure — beside the number of forms.
    answers: QuerySet[Answer] | None = None

    def answer_count(self) -> int | None:
        if self.answers is None:
            return None
        return self.answers.filter(response__in=self.forms.values("pk")).count()


def _text(params: Mapping[str, str], name: str, limit: int = 200) -> str | None:
    value = params.get(name)
    return None if value is None else str(value).strip()[:limit]


def narrow(forms: QuerySet[Response], params: Mapping[str, str], show_names: bool) -> Drill:
    """`forms` narrowed by the drill-down filters of `params` (see FILTERS)."""
    drill = Drill(forms)
    kept = {k: v for k in FILTERS if (v := _text(params, k)) is not None}
    drill.params = kept
    if (channel := kept.get("kenh")) is not None:
        if channel not in CHANNEL_LABELS:
            drill.errors.append(f"Kênh “{channel[:40]}” không có.")
        drill.forms = drill.forms.filter(channel=channel)
        drill.said.append(f"kênh {CHANNEL_LABELS.get(channel, channel)}")
    if (value := kept.get("linh_vuc")) is not None:
        drill.forms = drill.forms.filter(field=value)
        drill.said.append(f"lĩnh vực {value}" if value else "không ghi lĩnh vực")
    if (value := kept.get("thu_tuc")) is not None:
        drill.forms = drill.forms.filter(procedure_code=value) if value else drill.forms.exclude(procedure_code="")
        drill.said.append(f"thủ tục {value}" if value else "đánh giá theo hồ sơ có mã thủ tục")
    if (value := kept.get("can_bo")) is not None:
        if not show_names:
            drill.errors.append("Bạn không xem được danh sách theo từng công chức của đơn vị này.")
        drill.forms = drill.forms.filter(officer_id=value) if value else drill.forms.exclude(officer_id="")
        if value and show_names:
            drill.said.append(f"công chức {officer_names([value]).get(value, 'không còn trong hệ thống')}")
    if (value := kept.get("thang")) is not None:
        _month(drill, value)
    _answer_filters(drill, kept)
    if drill.errors:
        drill.forms = drill.forms.none()
    return drill


def _month(drill: Drill, value: str) -> None:
    year, _, month = value.partition("-")
    y, m = read_int(year, 1900, 9999), read_int(month, 1, 12)
    if y is None or m is None:
        drill.errors.append(f"Tháng “{value[:20]}” không hợp lệ; ví dụ 2026-03 cho tháng 03/2026.")
        return
    drill.forms = drill.forms.filter(submitted_on__year=y, submitted_on__month=m)
    drill.said.append(f"tháng {m:02d}/{y}")


def _answer_filters(drill: Drill, kept: dict[str, str]) -> None:
    """A question (and one of its choices), an aspect, the scale answers or the satisfied ones: the forms that hold
    such an answer (a subquery, so a form with several such answers is listed once)."""
    answers = Answer.objects.filter(response__in=drill.forms.values("pk"))
    used = False
    if (question := kept.get("cau")) is not None:
        answers, used = answers.filter(question__name=question), True
        label = _latest(answers, "question__label")
        drill.said.append(f"câu “{label}”" if label else f"câu {question}")
        if (choice := kept.get("lua_chon")) is not None:
            answers = answers.filter(choice__name=choice)
            label = _latest(answers, "choice__label")
            drill.said.append(f"trả lời “{label}”" if label else f"lựa chọn {choice}")
    if (aspect := kept.get("khia_canh")) is not None:
        group = "" if aspect == stats.UNGROUPED else aspect
        answers, used = answers.filter(is_scale=True, question__group_name=group), True
        label = _latest(answers, "question__group_label")
        drill.said.append(f"khía cạnh “{label}”" if label else "câu hỏi thang đo ngoài các khía cạnh")
    if kept.get("thang_do") == "1":
        answers, used = answers.filter(is_scale=True), True
        drill.said.append("có trả lời câu hỏi thang đo")
    if kept.get("hai_long") == "1":
        answers, used = answers.filter(is_scale=True, satisfied=True), True
        drill.said.append("có câu trả lời hài lòng")
    if used:
        drill.forms = drill.forms.filter(pk__in=answers.values("response_id"))
        drill.answers = answers


def _latest(answers: QuerySet[Answer], column: str) -> str:
    """A label as the latest version among these answers words it (one query)."""
    return str(answers.order_by("-question__version_id").values_list(column, flat=True).first() or "")


def answer_rows(page: list[Response]) -> list[dict[str, Any]]:
    """Each listed form with its answers (question → the chosen labels or the value), in one query for the page.
    No dossier code, collector or officer: only what the questionnaire asked."""
    ids = [r.pk for r in page]
    answers: dict[int, list[tuple[int, str, str]]] = {pk: [] for pk in ids}
    rows = (
        Answer.objects.filter(response_id__in=ids)
        .order_by("response_id", "question__order", "choice__order", "pk")
        .values_list("response_id", "question__order", "question__label", "choice__label", "value")
    )
    for response_id, order, label, choice_label, value in rows:
        answers[response_id].append((order, label, choice_label or value))
    out = []
    for r in page:
        grouped: dict[str, list[str]] = {}
        for _, label, text in answers[r.pk]:
            grouped.setdefault(label, []).append(text)
        out.append(
            {
                "form": r,
                "channel": CHANNEL_LABELS.get(r.channel, r.channel),
                "answers": [(label, "; ".join(values)) for label, values in grouped.items()],
            }
        )
    return out


# --- the answers of the period as XLSX -----------------------------------------------------------------------------


def answers_workbook(forms: QuerySet[Response]) -> bytes:
    """One row per form of the period (or of a figure's list), one column per question name (its latest wording):
    the day, channel, field, campaign and procedure, then the answers as their choices' labels. No personal data:
    no dossier code, collector or officer."""
    versions = forms.order_by().values("campaign__version_id").distinct()
    latest: dict[str, Question] = {}
    for q in Question.objects.filter(version_id__in=versions).exclude(type=QuestionType.NOTE).order_by("version_id"):
        latest[q.name] = q
    questions = sorted(latest.values(), key=lambda q: (q.version_id, q.order))
    header = ["Phiếu số", "Ngày trả lời", "Kênh", "Lĩnh vực", "Đợt khảo sát", "Mã thủ tục"]
    header += [f"{q.label} ({q.name})" for q in questions]
    return write_xlsx([("Phiếu trả lời", header, _answer_lines(forms, [q.name for q in questions]))])


def _answer_lines(forms: QuerySet[Response], names: list[str]) -> Iterator[list[Any]]:
    column = {name: i for i, name in enumerate(names)}
    ordered = forms.order_by("submitted_on", "pk")
    lines = ordered.values_list("pk", "submitted_on", "channel", "field", "campaign__name", "procedure_code")
    answers = (
        Answer.objects.filter(response__in=forms.values("pk"))
        .order_by("response__submitted_on", "response_id", "question__order", "choice__order", "pk")
        .values_list("response_id", "question__name", "choice__label", "value")
        .iterator(chunk_size=2000)
    )
    pending = next(answers, None)
    for pk, day, channel, field_name, campaign_name, procedure in lines.iterator(chunk_size=2000):
        cells: list[list[str]] = [[] for _ in names]
        while pending is not None and pending[0] == pk:
            _, name, choice_label, value = pending
            if name in column:
                cells[column[name]].append(choice_label or value)
            pending = next(answers, None)
        head = [pk, day, CHANNEL_LABELS.get(channel, channel), field_name, campaign_name, procedure]
        yield head + ["; ".join(c) for c in cells]


# --- the PDF summary -----------------------------------------------------------------------------------------------


def _issuer(unit: Unit | None) -> str:
    return f"UBND {unit.name.upper()}" if unit else ""


def pdf_context(unit: Unit, start: dt.date, end: dt.date, today: dt.date, form_id: str) -> dict[str, Any]:
    """The NĐ 30/2020 heading of the summary (documents/official.html): a report of the unit's People's Committee."""
    subject = f"Kết quả khảo sát sự hài lòng của người dân từ ngày {fmt_date(start)} đến ngày {fmt_date(end)}"
    return {
        "unit": unit,
        "start": start,
        "end": end,
        "form_id": form_id,
        "issuer_parent": _issuer(unit.parent),
        "issuer": _issuer(unit),
        "number": "……/BC-UBND",
        "place": unit.short_name(),
        "date": today,
        "doc_type": "BÁO CÁO",
        "subject": subject,
        "sign_authority": "TM. ỦY BAN NHÂN DÂN",
        "sign_title": "CHỦ TỊCH",
        "recipients": [*([f"UBND {unit.parent.name}"] if unit.parent else []), "Lưu: VT"],
    }
