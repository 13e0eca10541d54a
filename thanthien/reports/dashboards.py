"""The dashboards (issue 12 item 5): a commune's day and month, a supervisor's communes and months — assembled only
from the statistics registry (`lib.stats.compute`), never from another app's records, so every number here is the
registry's number and opens the list behind it (`lib.stats.records_url`).

A commune's dashboard reads each subject a handful of times (today, this month, the same days of last month, the
last twelve months, this year): a fixed number of aggregate queries, whatever the number of records. A
supervisor's reads the per-commune table from the roll-up (`reports.rollup.build_rollup`) and its own unit's
figures once per month of the trend, never once per commune.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse

from thanthien.lib import stats
from thanthien.lib.vn import fmt_date, fmt_number, fmt_percent
from thanthien.org.models import Unit
from thanthien.org.periods import period_query
from thanthien.org.queries import communes_under

from .models import RollupRun, RunStatus
from .rollup import build_rollup, published_scores
from .tasks import inline_limit

# --- one figure, and one figure against another --------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """A number of a subject's result with the list it opens (None: shown as plain text; rates never link)."""

    label: str
    value: int | float | None
    url: str | None = None
    rate: bool = False
    key: str = ""

    @property
    def text(self) -> str:
        if self.rate:
            return fmt_percent(self.value) if self.value is not None else "–"
        return fmt_number(self.value) if self.value is not None else "–"


@dataclass(frozen=True)
class Change:
    """This period's figure against the other's: the difference (a count) or the points (a rate)."""

    current: Figure
    previous: Figure
    higher_is_better: bool = True

    @property
    def delta(self) -> float | None:
        if self.current.value is None or self.previous.value is None:
            return None
        return float(self.current.value) - float(self.previous.value)

    @property
    def text(self) -> str:
        delta = self.delta
        if delta is None:
            return "không so sánh được"
        if delta == 0:
            return "không đổi"
        sign = "+" if delta > 0 else "−"
        if self.current.rate:
            return f"{sign}{fmt_number(abs(delta) * 100, 2)} điểm %"
        return f"{sign}{fmt_number(abs(delta))}"

    @property
    def trend(self) -> str:
        """ "up", "down" or "same" (or "" when nothing compares)."""
        delta = self.delta
        if delta is None:
            return ""
        return "same" if delta == 0 else ("up" if delta > 0 else "down")

    @property
    def good(self) -> bool | None:
        delta = self.delta
        if not delta:
            return None
        return (delta > 0) == self.higher_is_better

    @property
    def spoken(self) -> str:
        """The change as a screen reader says it (an arrow says nothing)."""
        trend = {"up": "tăng", "down": "giảm", "same": "không đổi", "": "không so sánh được"}[self.trend]
        return trend if self.trend in ("same", "") else f"{trend} {self.text.lstrip('+−')}"


@dataclass(frozen=True)
class Span:
    start: dt.date
    end: dt.date

    @property
    def text(self) -> str:
        if self.start == self.end:
            return fmt_date(self.start)
        return f"{fmt_date(self.start)} – {fmt_date(self.end)}"


class Reader:
    """The registry's results for one unit, each subject and span computed once, and figures read from them."""

    def __init__(self, unit: Any) -> None:
        self.unit = unit
        self._results: dict[tuple[str, dt.date, dt.date], dict[str, Any]] = {}

    def result(self, subject: str, span: Span) -> dict[str, Any]:
        key = (subject, span.start, span.end)
        if key not in self._results:
            self._results[key] = stats.compute(subject, self.unit, span.start, span.end)
        return self._results[key]

    def seed(self, subject: str, span: Span, result: dict[str, Any]) -> None:
        """A result already computed elsewhere (the roll-up's totals) for the same unit and days."""
        self._results[(subject, span.start, span.end)] = result

    def figure(self, subject: str, key: str, span: Span, label: str, *, link: bool = True) -> Figure:
        try:
            value = stats.value_at(self.result(subject, span), key)
        except stats.StatsError:
            value = None  # a breakdown the period has no row for (an aspect nobody answered)
        if isinstance(value, bool) or not isinstance(value, (int, float, type(None))):
            value = None
        rate = key.endswith("rate") or key.endswith("share") or isinstance(value, float)
        url = None
        if link and not rate and value is not None:
            url = stats.records_url(subject, key, self.unit, span.start, span.end)
        return Figure(label, value, url, rate, f"{subject}.{key}")

    def indicator(self, name: str, span: Span, label: str) -> Figure:
        """A count the published result does not hold (an indicator with its own reader, e.g. dossiers.due_open),
        linked by its short name; an indicator no app registers is shown as not known."""
        subject, short = name.split(".", 1)
        try:
            value = stats.indicator_value(name, self.unit, span.start, span.end)
        except stats.StatsError:
            return Figure(label, None, None, False, name)
        count = value if isinstance(value, int) and not isinstance(value, bool) else None
        url = stats.records_url(subject, short, self.unit, span.start, span.end) if count is not None else None
        return Figure(label, count, url, False, name)

    def change(self, subject: str, key: str, now: Span, before: Span, label: str, *, higher: bool = True) -> Change:
        return Change(self.figure(subject, key, now, label), self.figure(subject, key, before, label), higher)


# --- periods -------------------------------------------------------------------------------------------------------


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def shift_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` months away, clipped to the month's last day (31/03 − 1 month = 28/02)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


def month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def same_days_last_month(today: dt.date) -> Span:
    """The first days of last month as many as this month has run: 01/11–15/11 beside 01/12–15/12."""
    start = shift_months(month_start(today), -1)
    return Span(start, min(shift_months(today, -1), month_end(start)))


def same_period_last_year(span: Span) -> Span:
    return Span(shift_months(span.start, -12), shift_months(span.end, -12))


def last_months(today: dt.date, count: int = 12) -> list[Span]:
    """The last `count` months, oldest first, the current one up to today."""
    first = month_start(today)
    spans = []
    for back in range(count - 1, -1, -1):
        start = shift_months(first, -back)
        spans.append(Span(start, min(month_end(start), today)))
    return spans


# --- the commune's dashboard ---------------------------------------------------------------------------------------


@dataclass
class CommuneDashboard:
    unit: Any
    today: Span
    month: Span
    last_month: Span
    owed: Span
    year: Span
    queues: list[Figure] = field(default_factory=list)
    comparison: list[Change] = field(default_factory=list)
    letters_owed: list[Figure] = field(default_factory=list)
    petitions_due: list[Figure] = field(default_factory=list)
    survey: list[Figure] = field(default_factory=list)
    survey_channels: list[Figure] = field(default_factory=list)
    score: list[Figure] = field(default_factory=list)
    score_class: str = ""
    score_total: float | None = None
    score_year: int | None = None
    recognition: str = ""
    chart: dict[str, Any] = field(default_factory=dict)


CLASS_LABELS = {"tot": "Tốt", "kha": "Khá", "dat": "Đạt", "chua_dat": "Chưa đạt"}
CHANNEL_LABELS = {
    "qr": "Qua mã QR",
    "kiosk": "Máy tính bảng tại quầy",
    "dossier": "Đánh giá theo hồ sơ",
    "paper": "Phiếu giấy",
    "online": "Trực tuyến",
    "import": "Nhập từ tệp",
}


def commune_dashboard(unit: Any, today: dt.date) -> CommuneDashboard:
    read = Reader(unit)
    board = CommuneDashboard(
        unit=unit,
        today=Span(today, today),
        month=Span(month_start(today), today),
        last_month=same_days_last_month(today),
        # What is owed now: letters and apologies of the last twelve months (an older one is the register's).
        owed=Span(shift_months(today, -12) + dt.timedelta(days=1), today),
        year=Span(dt.date(today.year, 1, 1), today),
    )
    day = board.today
    board.queues = [
        read.figure("dossiers", "open_at_end.total", day, "Hồ sơ đang giải quyết"),
        read.figure("dossiers", "open_at_end.not_due", day, "Chưa đến hạn"),
        read.indicator("dossiers.due_open", day, "Đến hạn trả hôm nay"),
        read.figure("dossiers", "open_at_end.overdue", day, "Đang quá hạn"),
        read.figure("dossiers", "awaiting_supplement_at_end", day, "Chờ bổ sung giấy tờ"),
        read.figure("dossiers", "received.total", day, "Tiếp nhận hôm nay"),
        read.figure("dossiers", "resolved.total", day, "Đã giải quyết hôm nay"),
    ]
    now, before = board.month, board.last_month
    board.comparison = [
        read.change("dossiers", "received.total", now, before, "Hồ sơ tiếp nhận"),
        read.change("dossiers", "resolved.total", now, before, "Hồ sơ đã giải quyết"),
        read.change("dossiers", "resolved.late", now, before, "Hồ sơ giải quyết quá hạn", higher=False),
        read.change("dossiers", "on_time_rate", now, before, "Tỷ lệ trước hạn và đúng hạn"),
        read.change("letters", "total", now, before, "Thư gửi công dân (mọi tình trạng)"),
        read.change("engagement", "petitions.received", now, before, "Đơn thư tiếp nhận"),
        read.change("engagement", "petitions.resolved", now, before, "Đơn thư đã giải quyết"),
        read.change("surveys", "forms", now, before, "Phiếu khảo sát đã thu"),
        read.change("surveys", "satisfaction_rate", now, before, "Tỷ lệ hài lòng"),
    ]
    owed = board.owed
    board.letters_owed = [
        read.figure("letters", "by_status.draft", owed, "Thư dự thảo chưa duyệt, ký"),
        read.figure("letters", "by_status.approved", owed, "Thư đã ký, chưa gửi"),
        read.figure("letters", "late_dossiers_without_apology", owed, "Hồ sơ trễ hẹn chưa có thư xin lỗi đã ký"),
    ]
    # Open and overdue at the end of the month so far: the petitions as they stand today.
    board.petitions_due = [
        read.figure("engagement", "petitions.open_at_end", now, "Đơn thư đang xử lý"),
        read.figure("engagement", "petitions.overdue_at_end", now, "trong đó quá hạn"),
        read.indicator(
            "engagement.steps_due", Span(today, today + dt.timedelta(days=7)), "Bước xử lý đơn đến hạn trong 7 ngày"
        ),
        read.figure("engagement", "petitions.received", now, "Đơn thư tiếp nhận trong tháng"),
        read.figure("engagement", "petitions.resolution_rate", now, "Tỷ lệ đơn thư đã xử lý xong"),
    ]
    year = board.year
    board.survey = [
        read.figure("surveys", "forms", year, "Phiếu đã thu từ đầu năm"),
        read.figure("surveys", "answers", year, "Câu trả lời theo thang đo"),
        read.figure("surveys", "satisfaction_rate", year, "Tỷ lệ hài lòng"),
        read.figure("surveys", "aspects.thai_do.rate", year, "Tỷ lệ đánh giá cán bộ nhiệt tình, rất nhiệt tình"),
    ]
    board.survey_channels = [
        read.figure("surveys", f"by_channel.{name}", year, label) for name, label in CHANNEL_LABELS.items()
    ]
    board.score = [
        read.figure("programme", "scores.scored", year, "Đã có kết quả chấm điểm công bố"),
        read.figure("programme", "commitments.signed", year, "Cán bộ, công chức đã ký cam kết"),
        read.figure("programme", "commitments.officials", year, "Cán bộ, công chức đang công tác"),
        read.figure("programme", "activities.meetings", year, "Hội nghị, buổi tuyên truyền từ đầu năm"),
        read.figure("programme", "activities.trainings", year, "Lớp tập huấn từ đầu năm"),
        read.figure("programme", "inspections.total", year, "Cuộc kiểm tra, giám sát từ đầu năm"),
    ]
    programme = read.result("programme", year)
    latest = _latest_score(unit, year)
    board.score_class = str(latest.get("class_label") or "") or _score_class(programme)
    board.score_total = _number(latest.get("total"))
    board.score_year = latest.get("year") if isinstance(latest.get("year"), int) else None
    board.recognition = _recognition(programme)
    board.chart = _comparison_chart(board)
    return board


def _latest_score(unit: Any, span: Span) -> dict[str, Any]:
    """The commune's own latest published score of the year (the roll-up's reading of the listing
    `programme.scorings`): {"total", "year", "class_label"}, or {} without one."""
    found = published_scores(unit, span.start, span.end).get(unit.code)
    if found is None:
        return {}
    total, year, label = found
    return {"total": total, "year": year, "class_label": label}


def _score_class(programme: Mapping[str, Any]) -> str:
    by_class = programme.get("scores", {}).get("by_class", {})
    found = [name for name, count in by_class.items() if count]
    return CLASS_LABELS.get(found[0], found[0]) if found else ""


def _recognition(programme: Mapping[str, Any]) -> str:
    models = programme.get("models", {})
    levels = models.get("by_level", {})
    if levels.get("province"):
        return "Được công nhận mô hình cấp tỉnh"
    if levels.get("district"):
        return "Được công nhận mô hình cấp huyện"
    return "Chưa được công nhận mô hình"


def _comparison_chart(board: CommuneDashboard) -> dict[str, Any]:
    counts = [c for c in board.comparison if not c.current.rate]
    return {
        "kind": "bars",
        "labels": [c.current.label for c in counts],
        "series": [
            {"label": f"Tháng này ({board.month.text})", "data": [c.current.value or 0 for c in counts]},
            {
                "label": f"Cùng kỳ tháng trước ({board.last_month.text})",
                "data": [c.previous.value or 0 for c in counts],
            },
        ],
        "unit": "",
    }


# --- the supervisor's dashboard -------------------------------------------------------------------------------------


@dataclass
class Standing:
    """One commune's line of the roll-up as the dashboard shows it (`unit` None: the roll-up's "extra" line)."""

    code: str | None
    name: str
    received: Figure
    late: Figure
    on_time_rate: Figure
    letters: Figure
    petitions_resolved: Figure
    satisfaction_rate: Figure
    score: Figure
    score_class: str
    below: bool
    extra: bool


@dataclass
class SupervisorDashboard:
    unit: Any
    period: Span
    previous: Span
    standings: list[Standing] = field(default_factory=list)
    comparison: list[Change] = field(default_factory=list)
    months: list[dict[str, Any]] = field(default_factory=list)
    rankings: list[dict[str, Any]] = field(default_factory=list)
    threshold: dict[str, float] = field(default_factory=dict)
    summary: str = ""
    rollout: dict[str, Any] = field(default_factory=dict)
    rollout_figures: list[Figure] = field(default_factory=list)
    charts: dict[str, Any] = field(default_factory=dict)
    # More communes than a page computes inline: the latest background run of the same period (None: none yet).
    background: bool = False
    run_finished_at: dt.datetime | None = None
    rollup_url: str = ""


def rollup_of(unit: Any, span: Span) -> tuple[dict[str, Any] | None, Any]:
    """(the roll-up, the background run it comes from): computed here for a unit of few communes (the roll-up
    page's own limit, tasks.inline_limit()), else the latest finished background run of the same period, or
    (None, None) when there is none yet — a province's five hundred communes are not computed in a page."""
    if communes_under(unit, at=span.end).count() <= inline_limit():
        return build_rollup(unit, span.start, span.end), None
    run = (
        RollupRun.objects.filter(unit=unit, period_start=span.start, period_end=span.end, status=RunStatus.DONE)
        .order_by("-finished_at")
        .first()
    )
    return (run.result if run is not None and isinstance(run.result, dict) else None), run


def supervisor_dashboard(unit: Any, period: Span, today: dt.date) -> SupervisorDashboard:
    read = Reader(unit)
    board = SupervisorDashboard(unit=unit, period=period, previous=same_period_last_year(period))
    now, before = board.period, board.previous
    built, run = rollup_of(unit, now)
    board.rollup_url = reverse("reports:rollup") + period_query(unit, now.start, now.end)
    if run is None and built is not None:
        # The roll-up's totals are the unit's own figures for the period: read them, do not compute them again.
        for subject, result in (built.get("figures") or {}).items():
            read.seed(subject, now, result)
    if run is not None or built is None:
        board.background = True
        board.run_finished_at = getattr(run, "finished_at", None)
    if built is not None:
        _read_rollup(board, built)
    board.comparison = [
        read.change("dossiers", "received.total", now, before, "Hồ sơ tiếp nhận"),
        read.change("dossiers", "resolved.late", now, before, "Hồ sơ giải quyết quá hạn", higher=False),
        read.change("dossiers", "on_time_rate", now, before, "Tỷ lệ trước hạn và đúng hạn"),
        read.change("letters", "total", now, before, "Thư gửi công dân (mọi tình trạng)"),
        read.change("engagement", "receptions.sessions", now, before, "Buổi tiếp công dân"),
        read.change("engagement", "petitions.received", now, before, "Đơn thư tiếp nhận"),
        read.change("engagement", "petitions.resolved", now, before, "Đơn thư đã giải quyết"),
        read.change("surveys", "forms", now, before, "Phiếu khảo sát đã thu"),
        read.change("surveys", "satisfaction_rate", now, before, "Tỷ lệ hài lòng"),
    ]
    board.months = _months(read, today)
    board.rollout = _rollout(read.result("programme", now).get("models", {}))
    board.rollout_figures = [
        read.figure("programme", "models.communes", now, "Số xã, phường thuộc đơn vị"),
        read.figure("programme", "models.recognised", now, "Được công nhận mô hình (còn hiệu lực)"),
        read.figure("programme", "models.by_level.province", now, "cấp tỉnh công nhận"),
        read.figure("programme", "models.by_level.district", now, "cấp huyện công nhận"),
        read.figure("programme", "models.share", now, "Tỷ lệ được công nhận"),
    ]
    board.charts = _supervisor_charts(board)
    return board


def _read_rollup(board: SupervisorDashboard, built: Mapping[str, Any]) -> None:
    sections = built.get("sections") or {}
    rows = list(sections.get("communes") or [])
    codes = {row.get("code") for row in rows if row.get("code")}
    units = {u.code: u for u in Unit.objects.filter(code__in=codes)}
    span = board.period
    board.standings = [_standing(row, units.get(row.get("code") or ""), span) for row in rows]
    board.threshold = dict(sections.get("threshold") or {})
    board.summary = str(sections.get("summary") or "")
    board.rankings = [dict(item) for item in sections.get("ranking") or []]


def _number(value: Any) -> int | float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return int(value) if isinstance(value, int) else float(value)


def _standing(row: Mapping[str, Any], commune: Any, span: Span) -> Standing:
    def count(label: str, name: str, subject: str, key: str) -> Figure:
        value = _number(row.get(name))
        url = None
        if commune is not None and value is not None:
            url = stats.records_url(subject, key, commune, span.start, span.end)
        return Figure(label, value, url, False, f"{subject}.{key}")

    def rate(label: str, name: str, key: str) -> Figure:
        return Figure(label, _number(row.get(name)), None, True, key)

    score = _number(row.get("score"))
    return Standing(
        code=row.get("code"),
        name=str(row.get("name") or ""),
        received=count("Hồ sơ tiếp nhận", "dossiers_received", "dossiers", "received.total"),
        late=count("Hồ sơ giải quyết quá hạn", "dossiers_resolved_late", "dossiers", "resolved.late"),
        on_time_rate=rate("Tỷ lệ trước hạn và đúng hạn", "on_time_rate", "dossiers.on_time_rate"),
        letters=count("Thư gửi công dân", "letters", "letters", "total"),
        petitions_resolved=count("Đơn thư đã giải quyết", "petitions_resolved", "engagement", "petitions.resolved"),
        satisfaction_rate=rate("Tỷ lệ hài lòng", "satisfaction_rate", "surveys.satisfaction_rate"),
        score=Figure("Điểm", score, None, False, "programme.latest_score"),
        score_class=_class_label(row.get("score_class_label") or row.get("score_class")),
        below=bool(row.get("below_threshold")),
        extra=bool(row.get("extra")),
    )


def _class_label(value: Any) -> str:
    text = str(value or "")
    return CLASS_LABELS.get(text, text)


def _rollout(models: Mapping[str, Any]) -> dict[str, Any]:
    """The unit's roll-out targets as the registry judges them (met, missing), with their days as dates."""
    targets = []
    for target in models.get("targets", []):
        try:
            by_date: dt.date | None = dt.date.fromisoformat(str(target.get("by")))
        except ValueError:
            by_date = None
        targets.append({**target, "by_date": by_date})
    return {**models, "targets": targets}


def _months(read: Reader, today: dt.date) -> list[dict[str, Any]]:
    """One registry compute per month and subject for the unit itself (not per commune)."""
    return [
        {
            "span": span,
            "label": f"{span.start.month:02d}/{span.start.year}",
            "received": read.figure("dossiers", "received.total", span, "Hồ sơ tiếp nhận"),
            "on_time_rate": read.figure("dossiers", "on_time_rate", span, "Tỷ lệ trước hạn và đúng hạn"),
            "satisfaction_rate": read.figure("surveys", "satisfaction_rate", span, "Tỷ lệ hài lòng"),
        }
        for span in last_months(today)
    ]


def _percent(value: int | float | None) -> float | None:
    return None if value is None else round(float(value) * 100, 2)


def _supervisor_charts(board: SupervisorDashboard) -> dict[str, Any]:
    on_time = [_percent(m["on_time_rate"].value) for m in board.months]
    satisfied = [_percent(m["satisfaction_rate"].value) for m in board.months]
    trend = {
        "kind": "trend",
        "labels": [m["label"] for m in board.months],
        "rates": [
            {"label": "Tỷ lệ trước hạn và đúng hạn (%)", "data": on_time},
            {"label": "Tỷ lệ hài lòng (%)", "data": satisfied},
        ],
        "counts": {"label": "Hồ sơ tiếp nhận", "data": [m["received"].value or 0 for m in board.months]},
    }
    ranked = [r for r in board.rankings if r.get("on_time_rate") is not None]
    ranking = {
        "kind": "ranking",
        "labels": [str(r.get("name") or "") for r in ranked],
        "data": [_percent(_number(r.get("on_time_rate"))) for r in ranked],
        "threshold": (_percent(board.threshold.get("on_time_rate")) or 0.0),
        "label": "Tỷ lệ trước hạn và đúng hạn (%)",
    }
    return {"trend": trend, "ranking": ranking}
