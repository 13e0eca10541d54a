"""What the reports read of the model through the statistics registry (lib.stats): the list behind each count of
the subject `programme` (`records_url`) and the annex listings of its documents, activities, inspections and the
commune's profile.

A figure's link opens the programme's own list (documents, activities, inspections, officials, scorings,
recognitions) with `scope=<CODE>` — the units the statistics of that unit cover — and the filter of the figure
(its period by the day the figure counts by, its kind or outcome). Each list reads those filters here
(`figure_filter`), says in Vietnamese what it shows, and names a filter it cannot read instead of failing, so that
the list's count is the figure: the same records under the same conditions as stats.py.

No list of communes exists for `models.communes`, and inspections list inspections, not the points to remedy:
those figures open no list (None), as the rates do."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import urlencode

from django.db.models import Case, Count, Exists, IntegerField, Model, OuterRef, Q, QuerySet, Subquery, Value, When
from django.http import HttpRequest
from django.urls import reverse

from thanthien.lib.stats import register_listing, register_records
from thanthien.lib.vn import fmt_date, read_int
from thanthien.org.models import Unit
from thanthien.org.periods import DAYS_IN_ORDER, read_day
from thanthien.org.queries import stats_unit_ids
from thanthien.org.scoping import can_see_unit, scoped

from . import actions_model, stats
from .models import (
    Activity,
    ActivityKind,
    CommitmentSignature,
    CommuneProfile,
    DocumentKind,
    Inspection,
    InspectorKind,
    IssuedDocument,
    Official,
    Recognition,
    RecognitionLevel,
    ScoreClass,
    Scoring,
    ScoringStatus,
)

M = TypeVar("M", bound=Model)

SCOPE = "scope"
# The kind of activity each activity figure counts (or sums: attendees of meetings, trainees of trainings).
ACTIVITY_KINDS = {
    "meetings": ActivityKind.MEETING,
    "attendees": ActivityKind.MEETING,
    "broadcasts": ActivityKind.BROADCAST,
    "articles": ActivityKind.ARTICLE,
    "website_posts": ActivityKind.WEBSITE_POST,
    "trainings": ActivityKind.TRAINING,
    "trainees": ActivityKind.TRAINING,
}
# The lists read for one commune (org.records.reading_commune: ?unit=CODE).
COMMUNE_PAGES = frozenset({"documents", "activities", "officials"})
SUMMED = frozenset({"activities.attendees", "activities.trainees"})


# --- the links ---------------------------------------------------------------------------------------------------


def _link(name: str, unit: Unit, **query: str) -> str:
    """A list's link: the commune it is read for (`unit`) and the units the figure counts (`scope`); the inspections
    read their unit as a period's (org.periods: any unit, with the units its statistics cover); scorings and
    recognitions list every commune the user reads (their `unit` is the commune a writer acts for)."""
    if name == "inspections":
        params = {"unit": unit.code}
    elif name in COMMUNE_PAGES and unit.is_commune_level:
        params = {"unit": unit.code, SCOPE: unit.code}
    else:
        params = {SCOPE: unit.code}
    return f"{reverse(f'programme:{name}')}?{urlencode({**params, **query})}"


def records_url(key: str, unit: Any, start: dt.date, end: dt.date) -> str | None:
    """The list of the records figure `key` counts (a summed figure — attendees, trainees — lists the activities
    summed); None for a rate, the targets, models.communes and the remedies."""
    if not isinstance(unit, Unit):
        return None
    period = {"from": fmt_date(start), "to": fmt_date(end)}
    head, _, rest = key.partition(".")
    if head == "documents":
        if rest == "total":
            return _link("documents", unit, **period)
        kind = rest.removeprefix("by_kind.")
        return _link("documents", unit, **period, kind=kind) if kind in DocumentKind.values else None
    if head == "activities" and rest in ACTIVITY_KINDS:
        return _link("activities", unit, **period, kind=ACTIVITY_KINDS[rest])
    if key == "inspections.total":
        return _link("inspections", unit, **period)
    if key == "inspections.findings":
        return _link("inspections", unit, **period, phat_hien="1")
    if key == "commitments.officials":
        return _link("officials", unit, dang_cong_tac="1", ngay=fmt_date(end))
    if key == "commitments.signed":
        return _link("officials", unit, dang_cong_tac="1", da_ky="1", ngay=fmt_date(end))
    years = {"tu_nam": str(start.year), "den_nam": str(end.year)}
    if key == "scores.scored":
        return _link("scoring", unit, **years)
    if head == "scores" and (cls := rest.removeprefix("by_class.")) in ScoreClass.values and rest != cls:
        return _link("scoring", unit, **years, **{"class": cls})
    if key == "models.recognised":
        return _link("recognitions", unit, hieu_luc=fmt_date(end))
    if head == "models" and (level := rest.removeprefix("by_level.")) in RecognitionLevel.values and rest != level:
        return _link("recognitions", unit, hieu_luc=fmt_date(end), cap=level)
    return None


# --- the filters the lists read ----------------------------------------------------------------------------------


@dataclass
class FigureFilter:
    """The records a figure's link asks for (`qs`), what it asked in Vietnamese, and the filters it could not read
    (then nothing is listed)."""

    qs: QuerySet[Any]
    parts: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    unit: Unit | None = None
    day: dt.date | None = None
    many_units: bool = False  # the records of several units: the list names each one's unit

    @property
    def description(self) -> str:
        return ("Đang lọc: " + "; ".join(self.parts) + ".") if self.parts else ""

    def fail(self, message: str) -> None:
        self.errors.append(message)
        self.qs = self.qs.none()


def _text(params: Mapping[str, str], name: str, limit: int = 40) -> str:
    return str(params.get(name) or "").strip()[:limit]


def _scope(request: HttpRequest, qs: QuerySet[M], by_communes_on: bool = False) -> FigureFilter | None:
    """The records of the units the statistics of `scope` cover (None without `scope`: the list as it was). A unit
    the user may not read is named as not found, and nothing of it is listed."""
    code = _text(request.GET, SCOPE)
    if not code:
        return None
    out = FigureFilter(qs)
    unit = Unit.objects.filter(code=code).first()
    if unit is None or not can_see_unit(request.user, unit):
        out.fail(f"Không tìm thấy đơn vị có mã “{code}” trong phạm vi bạn được xem.")
        return out
    out.unit = unit
    if not by_communes_on:
        ids = stats_unit_ids(unit)
        out.many_units = len(ids) > 1
        out.qs = scoped(qs.filter(unit_id__in=ids).select_related("unit"), request.user)
        out.parts.append(f"phạm vi thống kê của {unit.name}")
    return out


def _days(request: HttpRequest, out: FigureFilter, column: str, label: str) -> None:
    start, start_error = read_day(_text(request.GET, "from"), "Từ ngày") if _text(request.GET, "from") else (None, None)
    end, end_error = read_day(_text(request.GET, "to"), "Đến ngày") if _text(request.GET, "to") else (None, None)
    for error in (start_error, end_error):
        if error:
            out.fail(error)
    if out.errors:
        return
    if start and end and start > end:
        out.fail(DAYS_IN_ORDER)
        return
    if start:
        out.qs = out.qs.filter(**{f"{column}__gte": start})
    if end:
        out.qs = out.qs.filter(**{f"{column}__lte": end})
    if start or end:
        out.parts.append(label + (f" từ {fmt_date(start)}" if start else "") + (f" đến {fmt_date(end)}" if end else ""))


def _choice(request: HttpRequest, out: FigureFilter, name: str, choices: Any, what: str) -> str:
    """A choice of the list (kind, class, level): one it does not have is named, never ignored."""
    value = _text(request.GET, name)
    if not value:
        return ""
    labels = {str(c.value): str(c.label) for c in choices}
    if value not in labels:
        out.fail(f"{what} “{value}” không có.")
        return ""
    out.parts.append(f"{what.lower()}: {labels[value].lower()}")
    return value


def _day_param(request: HttpRequest, out: FigureFilter, name: str, label: str) -> dt.date | None:
    raw = _text(request.GET, name)
    if not raw:
        return None
    day, error = read_day(raw, label)
    if error:
        out.fail(error)
    return day


def documents_filter(request: HttpRequest) -> FigureFilter | None:
    """documents.total / by_kind.<k>: the documents issued in the period (by `issued_on`), of one kind."""
    out = _scope(request, IssuedDocument.objects.all())
    if out is None or out.errors:
        return out
    _days(request, out, "issued_on", "ban hành")
    _choice(request, out, "kind", DocumentKind, "Loại văn bản")  # the list applies the kind it reads itself
    return out


def activities_filter(request: HttpRequest) -> FigureFilter | None:
    """activities.*: the activities held in the period (by `held_on`); the list narrows by kind itself."""
    out = _scope(request, Activity.objects.all())
    if out is None or out.errors:
        return out
    _days(request, out, "held_on", "ngày tổ chức")
    _choice(request, out, "kind", ActivityKind, "Loại hoạt động")
    return out


def inspections_findings(request: HttpRequest) -> tuple[bool, list[str], list[str]]:
    """inspections.findings (`phat_hien=1`): only the inspections that found shortcomings. (asked, said, errors)"""
    value = _text(request.GET, "phat_hien")
    if not value:
        return False, [], []
    if value != "1":
        return False, [], [f"Bộ lọc “phát hiện hạn chế” không đọc được (“{value}”); chỉ nhận giá trị 1."]
    return True, ["chỉ các cuộc có phát hiện hạn chế"], []


def has_findings() -> Q:
    return ~Q(findings="")


def officials_filter(request: HttpRequest) -> FigureFilter | None:
    """commitments.officials (`dang_cong_tac=1`: the active officials) and commitments.signed (`da_ky=1`, `ngay`:
    who signed, on or before that day, the commitment text in force that day for their commune)."""
    out = _scope(request, Official.objects.all())
    if out is None or out.errors:
        return out
    active = _text(request.GET, "dang_cong_tac")
    if active:
        if active != "1":
            out.fail(f"Bộ lọc “đang công tác” không đọc được (“{active}”); chỉ nhận giá trị 1.")
            return out
        out.qs = out.qs.filter(active=True)
        out.parts.append("đang công tác")
    day = _day_param(request, out, "ngay", "Ngày tính cam kết")
    if out.errors:
        return out
    out.day = day
    signed = _text(request.GET, "da_ky")
    if not signed:
        if day is not None:
            out.parts.append(f"cam kết tính theo bản áp dụng ngày {fmt_date(day)}")
        return out
    if signed != "1":
        out.fail(f"Bộ lọc “đã ký cam kết” không đọc được (“{signed}”); chỉ nhận giá trị 1.")
        return out
    if day is None:
        out.fail("Bộ lọc “đã ký cam kết” cần ngày tính (ngay=dd/mm/yyyy).")
        return out
    out.qs = out.qs.filter(pk__in=signed_by(out.qs, day))
    out.parts.append(f"đã ký bản cam kết áp dụng ngày {fmt_date(day)}, đến ngày đó")
    return out


def signed_by(officials: QuerySet[Official], day: dt.date) -> QuerySet[Any]:
    """The pks of `officials` who signed, on or before `day`, the commitment text in force that day for their
    commune (stats.commitment_figures' rule, each official by their own commune)."""
    current = officials.annotate(current=stats.current_text(day))
    signature = CommitmentSignature.objects.filter(
        official=OuterRef("pk"), text=OuterRef("current"), signed_on__lte=day
    )
    return current.filter(Exists(signature)).values("pk")


def scorings_filter(request: HttpRequest) -> FigureFilter | None:
    """scores.*: of each commune, its latest published scoring of a year from `tu_nam` to `den_nam` (the list
    narrows by class itself)."""
    out = _scope(request, Scoring.objects.all())
    if out is None or out.errors:
        return out
    first, last = _text(request.GET, "tu_nam"), _text(request.GET, "den_nam")
    if not (first or last):
        return out
    low, high = read_int(first, 2000, 2100), read_int(last, 2000, 2100)
    if low is None or high is None or low > high:
        out.fail(f"Khoảng năm “{first}”–“{last}” không đọc được; ví dụ tu_nam=2025&den_nam=2026.")
        return out
    published = out.qs.filter(status=ScoringStatus.PUBLISHED, year__gte=low, year__lte=high)
    latest = published.filter(unit=OuterRef("unit")).order_by("-year").values("year")[:1]
    out.qs = published.filter(year=Subquery(latest))
    years = f"năm {low}" if low == high else f"các năm {low}–{high}"
    out.parts.append(f"kết quả đã công bố mới nhất của mỗi xã, phường trong {years}")
    _choice(request, out, "class", ScoreClass, "Xếp loại")
    return out


def recognitions_filter(request: HttpRequest) -> FigureFilter | None:
    """models.recognised / by_level.<l>: the communes under the unit on day `hieu_luc` with a recognition valid
    that day, one row each — its highest level (province before district) — as stats.recognised_on counts them."""
    out = _scope(request, Recognition.objects.all(), by_communes_on=True)
    if out is None or out.errors:
        return out
    assert out.unit is not None
    day = _day_param(request, out, "hieu_luc", "Ngày còn hiệu lực")
    if out.errors:
        return out
    if day is None:
        out.fail("Danh sách công nhận theo số liệu cần ngày còn hiệu lực (hieu_luc=dd/mm/yyyy).")
        return out
    valid = Recognition.objects.valid_on(day).filter(unit_id__in=stats.commune_ids(out.unit, day))
    rank = Case(When(level=RecognitionLevel.PROVINCE, then=Value(0)), default=Value(1), output_field=IntegerField())
    top = valid.filter(unit=OuterRef("unit")).order_by(rank, "-decided_on", "-pk").values("pk")[:1]
    out.qs = scoped(valid.filter(pk=Subquery(top)), request.user)
    communes = "xã, phường" if out.unit.is_commune_level else f"các xã, phường thuộc {out.unit.name}"
    out.parts.append(
        f"{communes} có quyết định công nhận còn hiệu lực ngày {fmt_date(day)} (mỗi xã một dòng, cấp cao nhất)"
    )
    _choice(request, out, "cap", RecognitionLevel, "Cấp công nhận")
    return out


# --- the annex listings ------------------------------------------------------------------------------------------


def _labels(choices: Any) -> dict[str, str]:
    return {str(c.value): str(c.label) for c in choices}


DOCUMENT_HEADERS = ["Trích dẫn", "Số, ký hiệu", "Ngày ban hành", "Loại văn bản"]


def documents_listing(unit: Unit, start: dt.date, end: dt.date) -> tuple[list[str], list[list[Any]]]:
    """The documents issued in the period (documents.total) with their official citation, in one query."""
    kinds = _labels(DocumentKind)
    docs = (
        IssuedDocument.objects.filter(unit_id__in=stats_unit_ids(unit), issued_on__range=(start, end))
        .select_related("unit")
        .order_by("issued_on", "pk")
    )
    return DOCUMENT_HEADERS, [
        [actions_model.citation(d), d.number, fmt_date(d.issued_on), kinds.get(d.kind, d.kind)] for d in docs
    ]


ACTIVITY_HEADERS = ["Ngày", "Loại hoạt động", "Nội dung", "Số người dự", "Cơ quan báo chí, kênh"]


def activities_listing(unit: Unit, start: dt.date, end: dt.date) -> tuple[list[str], list[list[Any]]]:
    kinds = _labels(ActivityKind)
    rows = (
        Activity.objects.filter(unit_id__in=stats_unit_ids(unit), held_on__range=(start, end))
        .order_by("held_on", "pk")
        .values_list("held_on", "kind", "title", "attendees", "outlet")
    )
    return ACTIVITY_HEADERS, [
        [fmt_date(day), kinds.get(kind, kind), title, attendees, outlet] for day, kind, title, attendees, outlet in rows
    ]


INSPECTION_HEADERS = [
    "Ngày",
    "Hình thức",
    "Đơn vị kiểm tra",
    "Đối tượng",
    "Có phát hiện hạn chế",
    "Nội dung phải khắc phục",
    "Đã khắc phục đến hết kỳ",
]


def inspections_listing(unit: Unit, start: dt.date, end: dt.date) -> tuple[list[str], list[list[Any]]]:
    """The inspections held in the period (inspections.total) with their points to remedy and those remedied by
    the last day (their sums are inspections.remedies and .remedied)."""
    kinds = _labels(InspectorKind)
    rows = (
        Inspection.objects.filter(unit_id__in=stats_unit_ids(unit), held_on__range=(start, end))
        .annotate(remedy_count=Count("remedies"), remedied=Count("remedies", filter=Q(remedies__done_on__lte=end)))
        .order_by("held_on", "pk")
        .values_list("held_on", "is_supervision", "by_kind", "target", "findings", "remedy_count", "remedied")
    )
    return INSPECTION_HEADERS, [
        [
            fmt_date(day),
            "Giám sát" if supervision else "Kiểm tra",
            kinds.get(by_kind, by_kind),
            target or "Toàn xã",
            "Có" if findings else "Không",
            remedies,
            remedied,
        ]
        for day, supervision, by_kind, target, findings, remedies, remedied in rows
    ]


PROFILE_HEADERS = [
    "Số hộ",
    "Số nhân khẩu",
    "Số đảng viên",
    "Số chi bộ",
    "Số thôn, tổ dân phố",
    "Đặc điểm khác",
    "Số liệu tính đến ngày",
]
PROFILE_FIELDS = ("households", "population", "party_members", "party_cells", "villages", "note", "as_of")


def profile_listing(unit: Unit, start: dt.date, end: dt.date) -> tuple[list[str], list[list[Any]]]:
    """The commune's general profile as a report of the last day states it: its latest one as of that day; for a
    district or province, one row per commune under it on that day that has one (with the commune's name)."""
    ids = stats.commune_ids(unit, end)
    profiles = (
        CommuneProfile.objects.filter(unit_id__in=ids, as_of__lte=end)
        .order_by("unit__name", "unit_id", "-as_of", "-pk")
        .values_list("unit_id", "unit__name", *PROFILE_FIELDS)
    )
    latest: dict[int, list[Any]] = {}
    for unit_id, name, *values in profiles:
        if unit_id not in latest:
            *counts, note, as_of = values
            latest[unit_id] = [*([] if unit.is_commune_level else [name]), *counts, note, fmt_date(as_of)]
    headers = PROFILE_HEADERS if unit.is_commune_level else ["Xã, phường", *PROFILE_HEADERS]
    return headers, list(latest.values())


def register() -> None:
    register_records("programme", records_url)
    register_listing("programme.documents", "Danh sách văn bản ban hành trong kỳ", documents_listing)
    register_listing("programme.activities", "Danh sách hoạt động tuyên truyền, tập huấn", activities_listing)
    register_listing("programme.inspections", "Danh sách cuộc kiểm tra, giám sát", inspections_listing)
    register_listing("programme.profile", "Thông tin chung của xã, phường", profile_listing)
