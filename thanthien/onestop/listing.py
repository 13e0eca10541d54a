"""The dossier list's filters and sort order, shared by the list page, its exports and the statistics' links.

Every figure of the statistics page links here with `figure=<name>` and its period, unit scope and breakdown,
and the list applies the very Q that counted it (`stats.figure_conditions`), so the list shows exactly the
dossiers the figure counts. A filter that cannot be read is reported in Vietnamese and the list stays empty,
rather than silently showing more than was asked for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, Q, QuerySet
from django.db.models.functions import TruncDate
from django.db.models.lookups import Exact, LessThan
from django.utils import timezone

from thanthien.lib.vn import fmt_date, read_int
from thanthien.org.models import Unit
from thanthien.org.periods import DAYS_IN_ORDER, read_day
from thanthien.org.queries import current_successors, predecessor_ids, stats_unit_ids
from thanthien.org.scoping import personal_unit_ids, primary_unit, visible_unit_ids
from thanthien.workdays.queries import calendar_for

from . import stats
from .actions import desk_setting
from .models import DONE_STATUSES, ENDED_STATUSES, OPEN_STATUSES, Channel, Dossier, Procedure, Status
from .queries import QUEUES, TIMELINESS_LABELS, queue_bounds, queue_filter
from .search import clean_query, search_filter

VN_TZ = stats.VN_TZ

GROUPS = {
    "open": ("đang giải quyết", Q(status__in=OPEN_STATUSES)),
    "supplement": ("chờ bổ sung giấy tờ", Q(status=Status.SUPPLEMENT)),
    "done": ("đã có kết quả hoặc đã trả", Q(status__in=DONE_STATUSES)),
    "ended": ("rút, không tiếp nhận hoặc dừng", Q(status__in=ENDED_STATUSES)),
}
DATES = {
    "received": ("tiếp nhận", "received_at"),
    "resolved": ("có kết quả", "resolved_at"),
    "due": ("hạn trả", "due_at"),
    "ended": ("rút, không tiếp nhận hoặc dừng", "ended_at"),
}
FIGURE_LABELS = {
    "carried_over": "tồn kỳ trước chuyển sang",
    "received_total": "tiếp nhận trong kỳ",
    "received_direct": "tiếp nhận trực tiếp",
    "received_postal": "tiếp nhận qua bưu chính công ích",
    "received_online_partial": "tiếp nhận trực tuyến một phần",
    "received_online_full": "tiếp nhận trực tuyến toàn trình",
    "resolved_total": "đã giải quyết",
    "resolved_early": "giải quyết trước hạn",
    "resolved_on_time": "giải quyết đúng hạn",
    "resolved_late": "giải quyết quá hạn",
    "open_total": "đang giải quyết cuối kỳ",
    "open_not_due": "đang giải quyết, chưa đến hạn",
    "open_overdue": "đang giải quyết, quá hạn",
    "awaiting_supplement": "chờ bổ sung cuối kỳ",
    "withdrawn_or_rejected": "rút / không tiếp nhận / dừng trong kỳ",
}
NO_OFFICER = "none"

# Column key → (header, model ordering). The applicant's name sorts only for those who may read it.
SORTS: dict[str, tuple[str, str]] = {
    "code": ("Mã hồ sơ", "code"),
    "procedure": ("Thủ tục", "procedure__name"),
    "applicant": ("Người nộp", "applicant_name"),
    "unit": ("Đơn vị", "unit__name"),
    "channel": ("Kênh", "channel"),
    "received": ("Tiếp nhận", "received_at"),
    "due": ("Hạn trả", "due_at"),
    "status": ("Trạng thái", "status"),
}
DEFAULT_SORT = "-received"


def timeliness_filter(name: str) -> Q:
    """early / on_time / late in SQL, the same rule as `queries.timeliness` and the statistics."""
    resolved_day = TruncDate("resolved_at", tzinfo=VN_TZ)
    due_day = TruncDate("due_at", tzinfo=VN_TZ)
    in_time = Q(resolved_at__isnull=False, resolved_at__lte=F("due_at"))
    return {
        "early": in_time & Q(LessThan(resolved_day, due_day)),
        "on_time": in_time & Q(Exact(resolved_day, due_day)),
        "late": Q(resolved_at__gt=F("due_at")),
    }[name]


@dataclass
class Filtered:
    qs: QuerySet[Dossier]
    parts: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def description(self) -> str:
        return ("Đang lọc: " + "; ".join(self.parts) + ".") if self.parts else ""


def _start_of(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=VN_TZ)


def _day(params: Mapping[str, str], key: str, label: str, out: Filtered) -> dt.date | None:
    """One day of the filter, read by the one period form's rule (org.periods.read_day)."""
    raw = (params.get(key) or "").strip()
    if not raw:
        return None
    day, error = read_day(raw, label)
    if error:
        out.errors.append(error)
    return day


def _unit(params: Mapping[str, str], key: str, out: Filtered) -> Unit | None:
    code = (params.get(key) or "").strip()
    if not code:
        return None
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        out.errors.append(f"Không tìm thấy đơn vị có mã “{code[:40]}”.")
    return unit


def filter_dossiers(user: Any, params: Mapping[str, str], qs: QuerySet[Dossier]) -> Filtered:
    """Apply the list's GET filters to an already scoped queryset."""
    out = Filtered(qs)
    _search(user, params, out)
    _choices(params, out)
    _units(params, out)
    if (params.get("figure") or "").strip():
        _figure(params, out)
    else:
        _dates(params, out)
    if (queue := params.get("queue", "")) in QUEUES:
        out.qs = out.qs.filter(queue_filter(queue, _bounds(user)))
        out.parts.append(f"hàng đợi: {QUEUES[queue]}")
    if out.errors:
        out.qs = out.qs.none()
    return out


def _search(user: Any, params: Mapping[str, str], out: Filtered) -> None:
    if q := clean_query(params.get("q", "")):
        out.qs = out.qs.filter(search_filter(user, q))
        out.parts.append(f"tìm “{q}”")


def _choices(params: Mapping[str, str], out: Filtered) -> None:
    if (status := read_int(params.get("status"))) is not None and status in Status.values:
        out.qs = out.qs.filter(status=status)
        out.parts.append(f"trạng thái: {Status(status).label}")
    if (group := params.get("group", "").strip()) in GROUPS:
        out.qs = out.qs.filter(GROUPS[group][1])
        out.parts.append(f"nhóm trạng thái: {GROUPS[group][0]}")
    if (channel := params.get("channel", "").strip()) in Channel.values:
        out.qs = out.qs.filter(channel=channel)
        out.parts.append(f"kênh: {Channel(channel).label}")
    if code := params.get("procedure", "").strip():
        procedure = Procedure.objects.filter(code=code).first()
        out.qs = out.qs.filter(procedure__code=code)
        out.parts.append(f"thủ tục: {procedure.name if procedure else code}")
    if "field" in params:
        name = params.get("field", "").strip()
        out.qs = out.qs.filter(procedure__field=name)
        out.parts.append(f"lĩnh vực: {name or 'chưa phân lĩnh vực'}")
    if officer := params.get("officer", "").strip():
        _officer(officer, out)
    if (kind := params.get("timeliness", "").strip()) in TIMELINESS_LABELS:
        out.qs = out.qs.filter(timeliness_filter(kind))
        out.parts.append(f"kết quả: {TIMELINESS_LABELS[kind].lower()}")


def _officer(officer: str, out: Filtered) -> None:
    if officer == NO_OFFICER:
        out.qs = out.qs.filter(received_by__isnull=True)
        out.parts.append("không ghi người tiếp nhận")
    elif (officer_id := read_int(officer)) is not None:
        out.qs = out.qs.filter(received_by_id=officer_id)
        out.parts.append("theo người tiếp nhận")
    else:
        out.errors.append("Người tiếp nhận không hợp lệ.")


def _units(params: Mapping[str, str], out: Filtered) -> None:
    """`scope`: the units a unit's statistics cover; `unit`: one unit with the units merged into it, as carried
    on day `on` (today by default), the way the by-commune table rolls merged units into their successor."""
    if scope := _unit(params, "scope", out):
        out.qs = out.qs.filter(unit_id__in=stats_unit_ids(scope))
        out.parts.append(f"phạm vi thống kê của {scope.name}")
    if unit := _unit(params, "unit", out):
        on = _day(params, "on", "Ngày tính đơn vị kế thừa", out) or timezone.localdate()
        candidates = {unit.pk} | predecessor_ids({unit.pk})
        carried = {pk for pk, target in current_successors(candidates, on).items() if target.pk == unit.pk}
        out.qs = out.qs.filter(unit_id__in=carried)
        merged = " (gồm đơn vị đã sáp nhập vào)" if len(carried) > 1 else ""
        out.parts.append(f"đơn vị: {unit.name}{merged}")


def _dates(params: Mapping[str, str], out: Filtered) -> None:
    kind = params.get("date", "").strip() or "received"
    if kind not in DATES:
        out.errors.append("Loại ngày lọc không hợp lệ.")
        return
    label, column = DATES[kind]
    start = _day(params, "from", "Từ ngày", out)
    end = _day(params, "to", "Đến ngày", out)
    if start and end and start > end:
        out.errors.append(DAYS_IN_ORDER)
        return
    if start:
        out.qs = out.qs.filter(**{f"{column}__gte": _start_of(start)})
    if end:
        out.qs = out.qs.filter(**{f"{column}__lt": _start_of(end + dt.timedelta(days=1))})
    if start or end:
        out.parts.append(label + (f" từ {fmt_date(start)}" if start else "") + (f" đến {fmt_date(end)}" if end else ""))


def _figure(params: Mapping[str, str], out: Filtered) -> None:
    name = params.get("figure", "").strip()
    start = _day(params, "from", "Từ ngày", out)
    end = _day(params, "to", "Đến ngày", out)
    if name not in FIGURE_LABELS:
        out.errors.append("Chỉ tiêu thống kê không hợp lệ.")
    elif not (start and end):
        if not out.errors:
            out.errors.append("Chỉ tiêu thống kê cần cả “Từ ngày” và “Đến ngày” của kỳ.")
    elif start > end:
        out.errors.append(DAYS_IN_ORDER)
    else:
        begin, finish = stats.period_moments(start, end)
        moment = _overdue_moment(params, finish, out)
        condition = stats.figure_conditions(begin, finish, moment)[name]
        out.qs = out.qs.filter(stats.in_population(begin, finish)).filter(condition)
        out.parts.append(f"chỉ tiêu “{FIGURE_LABELS[name]}”, kỳ từ {fmt_date(start)} đến {fmt_date(end)}")


def _overdue_moment(params: Mapping[str, str], finish: dt.datetime, out: Filtered) -> dt.datetime:
    """A running period judges "overdue" at the moment the statistics were computed (`at`, a timestamp the
    statistics page puts in its links), so the list counts what the figure counted."""
    raw = (params.get("at") or "").strip()
    if (stamp := read_int(raw, 0, 10**11)) is not None:
        return min(finish, dt.datetime.fromtimestamp(stamp, tz=dt.UTC))
    return stats.overdue_moment(finish, None)


def _bounds(user: Any) -> Any:
    unit = primary_unit(user)
    hours = desk_setting(unit).at_risk_hours if unit else 8
    return queue_bounds(calendar_for(unit), hours)


# --- sorting ---------------------------------------------------------------------------------------------------


def sort_keys(user: Any) -> list[str]:
    """The columns this user may sort by: the applicant's name only where every visible name is readable."""
    allowed, visible = personal_unit_ids(user), visible_unit_ids(user)
    names_readable = allowed is None or (visible is not None and visible <= allowed)
    return [key for key in SORTS if key != "applicant" or names_readable]


def ordering(user: Any, raw: str) -> tuple[str, list[str]]:
    """(the sort actually applied, the order_by arguments); newest received first by default."""
    key = raw.strip()
    name = key.removeprefix("-")
    if name not in sort_keys(user):
        key, name = DEFAULT_SORT, DEFAULT_SORT.removeprefix("-")
    sign = "-" if key.startswith("-") else ""
    return key, [f"{sign}{SORTS[name][1]}", f"{sign}pk"]
