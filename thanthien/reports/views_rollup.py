"""The roll-up pages of a supervisor, /bao-cao/tong-hop/ (issue 12 item 4): pick one of the units they supervise
and a period (the one period form), then the table with every figure opening its records, the ranking, the
communes below the threshold, the summary and the files. A unit with more communes than a page should wait for
(tasks.inline_limit()) is computed in the background, with a progress bar.

Scope: only a supervisor of the unit (or of a unit above it) and a system administrator; a commune's officials
are refused (403), and a unit or a run outside the supervisor's units does not exist for them (404)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from thanthien.documents.http import file_response
from thanthien.lib import stats
from thanthien.lib.vn import fmt_date, fmt_datetime
from thanthien.org.access import protected, staff_user
from thanthien.org.models import COMMUNE_KINDS, Role, Unit
from thanthien.org.periods import Period, period_form_context, period_query, read_days, read_period
from thanthien.org.queries import communes_under, valid_on
from thanthien.org.scoping import can_see_unit, holds_role, visible_units

from . import outputs, rollup, rollup_outputs, tasks
from .actions import check_period
from .models import RollupRun, RunStatus

SUPERVISOR = Role.SUPERVISOR
MAX_UNITS = 500
# Each figure of a row and the registry's (subject, key) it opens.
LINKED = tuple(c for c in rollup.COLUMNS)


def supervising_units(request: HttpRequest, day: dt.date) -> list[Unit]:
    """The units above communes the user supervises on `day` (those they see, valid that day), by the tree."""
    units = visible_units(request.user).exclude(kind__in=COMMUNE_KINDS).filter(valid_on(day)).order_by("path")
    return [u for u in units[:MAX_UNITS] if holds_role(request.user, u, frozenset({SUPERVISOR}))]


def _choices(units: list[Unit]) -> list[tuple[Unit, str]]:
    top = min((u.path.count("/") for u in units), default=0)
    return [(u, "\u00a0\u00a0" * (u.path.count("/") - top) + u.name) for u in units]


def _visible_unit(request: HttpRequest, unit: Unit) -> None:
    """404 for a unit the user does not see; 403 for one they see but do not supervise (their own commune)."""
    if not can_see_unit(request.user, unit):
        raise Http404("Không tìm thấy đơn vị này trong phạm vi bạn được xem.")
    tasks.require_supervisor(request.user, unit)


def _linked_rows(result: Mapping[str, Any]) -> dict[str, Any]:
    """The result's rows for the page: each figure with its records link (None: no link)."""
    start, end = rollup_outputs.period_of(result)
    sections = result["sections"]
    codes = [row["code"] for row in sections["communes"] if row["code"]]
    units = {u.code: u for u in Unit.objects.filter(code__in=[*codes, result["unit"]])}

    def cells(row: Mapping[str, Any], unit: Unit | None) -> list[dict[str, Any]]:
        out = []
        for column in LINKED:
            value = row[column.key]
            url = None
            if unit is not None and value not in (None, 0):
                url = stats.records_url(column.subject, column.figure, unit, start, end)
            out.append({"key": column.key, "kind": column.kind, "value": value, "url": url, "label": column.label})
        return out

    rows = []
    for i, row in enumerate(sections["communes"], start=1):
        unit = units.get(row["code"]) if row["code"] else None
        rows.append({"stt": i, "row": row, "cells": cells(row, unit), "shown": rollup_outputs.shown_row(row, i)})
    totals = sections["totals"]
    return {
        "rows": rows,
        "totals": {
            "row": totals,
            "cells": cells(totals, units.get(result["unit"])),
            "shown": rollup_outputs.shown_totals(totals),
        },
        "columns": LINKED,
    }


def _result_context(result: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "result": result,
        "sections": result["sections"],
        "table": _linked_rows(result),
        "ranking_rule": rollup.RANKING_RULE,
        "threshold_rule": rollup.threshold_rule(result["sections"].get("threshold", {})),
        "title": rollup_outputs.title(result),
    }


def _page_context(request: HttpRequest, period: Period, today: dt.date, units: list[Unit]) -> dict[str, Any]:
    form = period_form_context(request, period, today)
    form["units"] = _choices(units if period.unit is None or period.unit in units else [*units, period.unit])
    return {"period": form, "unit": period.unit}


def _read_period(request: HttpRequest) -> Period:
    """The one period form, with the reports' rules (ended by today, at most ten years) as its errors."""
    period = read_period(request)
    if period.start is not None and period.end is not None and not period.errors:
        try:
            check_period(period.start, period.end)
        except ValidationError as exc:
            period.errors.extend(exc.messages)
    return period


@protected(SUPERVISOR)
def rollup_page(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    units = supervising_units(request, today)
    if not units:
        raise PermissionDenied("Bạn không giám sát đơn vị cấp trên nào.")
    period = _read_period(request)
    if not (request.GET.get("unit") or "").strip() and period.unit not in units:
        period.unit = units[0]
    if period.unit is not None:
        _visible_unit(request, period.unit)
    context = _page_context(request, period, today, units)
    if period.ok and period.unit is not None and period.start is not None and period.end is not None:
        count = communes_under(period.unit, at=period.end).count()
        query = period_query(period.unit, period.start, period.end)
        context |= {"communes": count, "query": query, "start": period.start, "end": period.end}
        if count <= tasks.inline_limit():
            result = rollup.build_rollup(period.unit, period.start, period.end)
            context |= _result_context(result)
            context["files"] = [(fmt, reverse("reports:rollup_file", args=[fmt]) + query) for fmt in FILES]
        else:
            context["background"] = True
            context["last_run"] = (
                RollupRun.objects.filter(
                    unit=period.unit, period_start=period.start, period_end=period.end, status=RunStatus.DONE
                )
                .order_by("-finished_at")
                .first()
            )
    return render(request, "reports/rollup.html", context)


FILES = ("docx", "pdf", "xlsx")
FILE_LABELS = {"docx": "Word (.docx)", "pdf": "PDF", "xlsx": "Excel (.xlsx)"}


@protected(SUPERVISOR)
@require_POST
def rollup_start(request: HttpRequest) -> HttpResponse:
    days = read_days(request.POST)
    code = (request.POST.get("unit") or "").strip()[:40]
    unit = Unit.objects.filter(code=code).first() if code else None
    if unit is None:
        raise Http404("Không tìm thấy đơn vị này trong phạm vi bạn được xem.")
    _visible_unit(request, unit)
    if days.errors or days.start is None or days.end is None:
        return redirect(reverse("reports:rollup") + f"?unit={unit.code}")
    try:
        check_period(days.start, days.end)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect(reverse("reports:rollup") + f"?unit={unit.code}")
    run = tasks.start_rollup(staff_user(request), unit, days.start, days.end)
    return redirect("reports:rollup_run", pk=run.pk)


def _run_or_404(request: HttpRequest, pk: int) -> RollupRun:
    run = RollupRun.objects.select_related("unit").filter(pk=pk).first()
    if run is None or not can_see_unit(request.user, run.unit):
        raise Http404("Không tìm thấy lượt tính này.")
    if not holds_role(request.user, run.unit, frozenset({SUPERVISOR})):
        raise Http404("Không tìm thấy lượt tính này.")
    return run


def progress_of(run: RollupRun) -> dict[str, Any]:
    percent = round(100 * run.done / run.total) if run.total else 0
    return {
        "status": run.status,
        "status_label": str(RunStatus(run.status).label),
        "done": run.done,
        "total": run.total,
        "percent": 100 if run.status == RunStatus.DONE else percent,
        "finished": run.status in (RunStatus.DONE, RunStatus.FAILED),
        "error": run.error,
    }


@protected(SUPERVISOR)
def rollup_run(request: HttpRequest, pk: int) -> HttpResponse:
    run = _run_or_404(request, pk)
    context: dict[str, Any] = {
        "run": run,
        "progress": progress_of(run),
        "status_url": reverse("reports:rollup_run_status", args=[run.pk]),
        "back_url": reverse("reports:rollup") + period_query(run.unit, run.period_start, run.period_end),
        "period_text": f"{fmt_date(run.period_start)} – {fmt_date(run.period_end)}",
        "finished_text": fmt_datetime(run.finished_at),
    }
    if run.status == RunStatus.DONE and run.result:
        context |= _result_context(run.result)
        context["files"] = [(fmt, reverse("reports:rollup_run_file", args=[run.pk, fmt])) for fmt in FILES]
    return render(request, "reports/rollup_run.html", context)


@protected(SUPERVISOR)
def rollup_run_status(request: HttpRequest, pk: int) -> JsonResponse:
    return JsonResponse(progress_of(_run_or_404(request, pk)))


def _file(result: Mapping[str, Any], fmt: str) -> HttpResponse:
    if fmt not in FILES:
        raise Http404("Không có định dạng tệp này.")
    data = rollup_outputs.render_rollup(result, fmt)
    return file_response(data, rollup_outputs.filename(result, fmt), outputs.CONTENT_TYPES[fmt])


@protected(SUPERVISOR)
def rollup_file(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in FILES:
        raise Http404("Không có định dạng tệp này.")
    period = _read_period(request)
    if not period.ok or period.unit is None or period.start is None or period.end is None:
        raise Http404("Vui lòng chọn đơn vị và kỳ báo cáo hợp lệ.")
    _visible_unit(request, period.unit)
    if communes_under(period.unit, at=period.end).count() > tasks.inline_limit():
        # A large unit's files come from its background run.
        return redirect(reverse("reports:rollup") + period_query(period.unit, period.start, period.end))
    return _file(rollup.build_rollup(period.unit, period.start, period.end), fmt)


@protected(SUPERVISOR)
def rollup_run_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    run = _run_or_404(request, pk)
    if run.status != RunStatus.DONE or not run.result:
        raise Http404("Lượt tính chưa xong.")
    return _file(run.result, fmt)
