"""The period statistics page: the figures of `stats.py` for one unit and period, with their breakdowns, a chart,
exports (XLSX, PDF in the official layout) and, for every figure, a link to the list of the dossiers it counts."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, reverse
from django.utils import timezone

from thanthien.lib import vn
from thanthien.org.access import protected, user_has_role
from thanthien.org.models import Role, Unit
from thanthien.org.periods import period_form_context, period_query, read_period
from thanthien.org.queries import stats_unit_ids

from . import stats as figures
from .actions import DESK_ROLES
from .models import Channel
from .stats_export import stats_pdf_response, stats_xlsx_response

STATS_ROLES = (
    Role.ONESTOP_OFFICER,
    Role.CIVIL_REGISTRAR,
    Role.COMMUNE_ADMIN,
    Role.LEADER,
    Role.SUPERVISOR,
    Role.FRONT,
)

# The table columns, in the order of the report: (figure, header of its group, header of its own).
COLUMNS = [
    ("carried_over", "", "Tồn kỳ trước"),
    ("received_total", "", "Tiếp nhận"),
    ("resolved_total", "Đã giải quyết", "Tổng"),
    ("resolved_early", "Đã giải quyết", "Trước hạn"),
    ("resolved_on_time", "Đã giải quyết", "Đúng hạn"),
    ("resolved_late", "Đã giải quyết", "Quá hạn"),
    ("open_total", "Đang giải quyết cuối kỳ", "Tổng"),
    ("open_not_due", "Đang giải quyết cuối kỳ", "Chưa đến hạn"),
    ("open_overdue", "Đang giải quyết cuối kỳ", "Quá hạn"),
    ("awaiting_supplement", "", "Chờ bổ sung"),
    ("withdrawn_or_rejected", "", "Rút / không tiếp nhận / dừng"),
]
RATE_HEADER = "Tỷ lệ trước hạn và đúng hạn"
SUMMARY = [
    ("carried_over", "Tồn kỳ trước chuyển sang", False),
    ("received_total", "Tiếp nhận trong kỳ", False),
    ("received_direct", "trực tiếp", True),
    ("received_postal", "bưu chính công ích", True),
    ("received_online_partial", "trực tuyến một phần", True),
    ("received_online_full", "trực tuyến toàn trình", True),
    ("resolved_total", "Đã giải quyết", False),
    ("resolved_early", "trước hạn", True),
    ("resolved_on_time", "đúng hạn", True),
    ("resolved_late", "quá hạn", True),
    ("open_total", "Đang giải quyết cuối kỳ", False),
    ("open_not_due", "chưa đến hạn", True),
    ("open_overdue", "quá hạn", True),
    ("awaiting_supplement", "Chờ bổ sung", False),
    ("withdrawn_or_rejected", "Rút / không tiếp nhận / dừng", False),
]
LIST_ROLES = DESK_ROLES | {Role.LEADER, Role.SUPERVISOR}  # who opens the dossier list (views_list)
COMMUNE_SORTS = {"label", "rate", *(name for name, _, _ in COLUMNS)}


@protected(*STATS_ROLES)
def stats(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    period = read_period(request)
    unit = period.unit
    context: dict[str, Any] = period_form_context(request, period, today)
    if period.ok:
        assert unit is not None and period.start is not None and period.end is not None
        linked = user_has_role(request, frozenset(LIST_ROLES))
        context.update(build(unit, period.start, period.end, request.GET.get("csort", ""), linked=linked))
        context["linked"] = linked
        context["export_query"] = urlencode({"unit": unit.code, "from": period.start_text, "to": period.end_text})
    return render(request, "onestop/stats.html", context)


@protected(*STATS_ROLES)
def stats_export(request: HttpRequest, fmt: str) -> HttpResponse:
    period = read_period(request)
    if not period.ok:
        return render(request, "onestop/export_refused.html", {"errors": period.errors}, status=400)
    assert period.unit is not None and period.start is not None and period.end is not None
    data = build(period.unit, period.start, period.end, request.GET.get("csort", ""))
    if fmt == "pdf":
        return stats_pdf_response(period.unit, data)
    return stats_xlsx_response(period.unit, data)


# --- the figures, their links and their order --------------------------------------------------------------


class Links:
    """The dossier-list link of each figure: the figure's own condition, its period, the unit scope and the
    breakdown row's filter, plus the moment "overdue" was judged at."""

    def __init__(self, unit: Unit, start: dt.date, end: dt.date, now: dt.datetime, enabled: bool = True) -> None:
        self.enabled = enabled  # only for those who may open the dossier list (not the Front's readers)
        self.base = {
            "scope": unit.code,
            "from": vn.fmt_date(start),
            "to": vn.fmt_date(end),
            "at": str(int(now.timestamp())),
        }
        self.list_url = reverse("onestop:queue")

    def url(self, figure: str, **row: str) -> str | None:
        if not self.enabled:
            return None
        return f"{self.list_url}?{urlencode({'figure': figure, **self.base, **row})}"


def _cells(stats: dict[str, Any], links: Links, row_filter: dict[str, str] | None) -> list[tuple[int, str | None]]:
    flat = figures.flatten(stats)
    return [
        (flat[name], links.url(name, **row_filter) if row_filter is not None and flat[name] else None)
        for name, _, _ in COLUMNS
    ]


def _table(table_id: str, title: str, key_header: str, rows: list[dict[str, Any]], links: Links, key: str) -> Any:
    for row in rows:
        row["filter"] = _row_filter(key, row)
        row["cells"] = _cells(row["stats"], links, row["filter"])
    return {"id": table_id, "title": title, "key_header": key_header, "rows": rows, "head": _head(key_header, [])}


def _head(key_header: str, sorts: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """The two header rows (groups "Đã giải quyết", "Đang giải quyết cuối kỳ" over their columns); with `sorts`
    (one per column: label, the figures, the rate) every column header is a sort link."""
    names = [key_header, *(own for _, _, own in COLUMNS), RATE_HEADER]
    groups = [""] + [group for _, group, _ in COLUMNS] + [""]
    top: list[dict[str, Any]] = []
    bottom: list[dict[str, Any]] = []
    for index, (name, group) in enumerate(zip(names, groups, strict=True)):
        cell = {"text": name, "scope": "col", **(sorts[index] if sorts else {}), "end": index > 0}
        if not group:
            top.append({**cell, "rowspan": 2})
            continue
        if not top or top[-1].get("group") != group:
            top.append({"text": group, "scope": "colgroup", "colspan": 0, "group": group, "center": True})
        top[-1]["colspan"] += 1
        bottom.append(cell)
    return [top, bottom]


def _row_filter(key: str, row: dict[str, Any]) -> dict[str, str] | None:
    """The list filter that selects a breakdown row's dossiers; None where the list has no such filter."""
    value = row["key"]
    if key == "channel":
        return {"channel": value} if value in Channel.values else None
    if key == "field":
        return {"field": value or ""}
    if key == "procedure":
        return {"procedure": value}
    if key == "officer":
        return {"officer": str(value) if value is not None else "none"}
    return {"unit": row["unit"].code, "on": row["on"]}


def _sort_communes(rows: list[dict[str, Any]], raw: str) -> tuple[list[dict[str, Any]], str]:
    key = raw.strip()
    name = key.removeprefix("-")
    if name not in COMMUNE_SORTS:
        key = name = "label"
    reverse_ = key.startswith("-")

    def value(row: dict[str, Any]) -> Any:
        if name == "label":
            return vn.sort_key(row["label"])
        if name == "rate":
            rate = row["stats"]["on_time_rate"]
            return -1.0 if rate is None else rate
        return figures.flatten(row["stats"])[name]

    listed = sorted((r for r in rows if not r["extra"]), key=value, reverse=reverse_)
    extra = sorted((r for r in rows if r["extra"]), key=value, reverse=reverse_)
    return listed + extra, key


def _sort_headers(current: str, unit: Unit, start: dt.date, end: dt.date) -> list[dict[str, Any]]:
    """Header links of the by-commune table: sort by each column, toggling the direction, with aria-sort."""
    base = {"unit": unit.code, "from": vn.fmt_date(start), "to": vn.fmt_date(end)}
    out = []
    for name in ["label", *(n for n, _, _ in COLUMNS), "rate"]:
        active = current.removeprefix("-") == name
        descending = current.startswith("-")
        nxt = (name if descending else f"-{name}") if active else (name if name == "label" else f"-{name}")
        out.append(
            {
                "url": "?" + urlencode({**base, "csort": nxt}) + "#theo-xa",
                "aria_sort": ("descending" if descending else "ascending") if active else None,
            }
        )
    return out


def build(unit: Unit, start: dt.date, end: dt.date, commune_sort: str = "", linked: bool = True) -> dict[str, Any]:
    # Whole seconds: the links carry the moment as a timestamp, and the list must judge "overdue" at it.
    now = timezone.now().replace(microsecond=0)
    ids = stats_unit_ids(unit)
    links = Links(unit, start, end, now, enabled=linked)
    total = figures.period_stats(ids, start, end, unit=unit, now=now)
    flat_total = figures.flatten(total)

    def breakdown(compute: Any) -> list[dict[str, Any]]:
        return list(compute(ids, start, end, unit=unit, now=now))

    tables = [
        _table("theo-kenh", "Theo kênh tiếp nhận", "Kênh", breakdown(figures.stats_by_channel), links, "channel"),
        _table("theo-linh-vuc", "Theo lĩnh vực", "Lĩnh vực", breakdown(figures.stats_by_field), links, "field"),
        _table("theo-thu-tuc", "Theo thủ tục", "Thủ tục", breakdown(figures.stats_by_procedure), links, "procedure"),
        _table(
            "theo-can-bo",
            "Theo người tiếp nhận",
            "Người tiếp nhận",
            breakdown(figures.stats_by_officer),
            links,
            "officer",
        ),
    ]
    commune_sort_key = ""
    if not unit.is_commune_level:
        communes = figures.stats_by_commune(unit, start, end, now=now)
        for row in communes:
            row["url"] = period_query(row["unit"], start, end)
            row["on"] = vn.fmt_date(end)
        communes, commune_sort_key = _sort_communes(communes, commune_sort)
        title = "Theo xã, phường (số liệu đơn vị đã sáp nhập cộng vào đơn vị kế thừa)"
        # A supervisor compares communes first: their table leads the page.
        commune_table = _table("theo-xa", title, "Đơn vị", communes, links, "commune")
        commune_table["head"] = _head("Đơn vị", _sort_headers(commune_sort_key, unit, start, end))
        tables.insert(0, commune_table)
    finish = figures.period_moments(start, end)[1]
    return {
        "stats": total,
        "start": start,
        "end": end,
        "incoming": total["carried_over"] + total["received"]["total"],
        "outgoing": figures.outgoing(total),
        "balanced": figures.identity_holds(total),
        "period_running": finish > now,
        "now": now,
        "summary": [
            (label, flat_total[name], links.url(name) if flat_total[name] else None, sub)
            for name, label, sub in SUMMARY
        ],
        "total_cells": _cells(total, links, {}),
        "columns": COLUMNS,
        "rate_header": RATE_HEADER,
        "tables": tables,
        "commune_sort": commune_sort_key,
        "chart": chart_data(tables[0]),
    }


def chart_data(table: dict[str, Any]) -> dict[str, Any]:
    """The first table's outcomes per row, for the chart (the same numbers are in the table under it)."""
    rows = table["rows"]
    return {
        "title": table["title"].split(" (")[0],
        "labels": [row["label"] for row in rows],
        "series": [
            {"label": "Giải quyết trước hạn", "data": [row["stats"]["resolved"]["early"] for row in rows]},
            {"label": "Giải quyết đúng hạn", "data": [row["stats"]["resolved"]["on_time"] for row in rows]},
            {"label": "Giải quyết quá hạn", "data": [row["stats"]["resolved"]["late"] for row in rows]},
            {"label": "Đang giải quyết, quá hạn", "data": [row["stats"]["open_at_end"]["overdue"] for row in rows]},
        ],
    }


urlpatterns = [
    path("thong-ke/", stats, name="stats"),
    path("thong-ke/xuat.xlsx", stats_export, {"fmt": "xlsx"}, name="stats_xlsx"),
    path("thong-ke/xuat.pdf", stats_export, {"fmt": "pdf"}, name="stats_pdf"),
]
