"""The reports' API (issue 12 item 9), read-only and scoped: the report JSON of a unit for a period (a commune's
periodic report, or a district's or province's roll-up — the JSON of `thanthien report --format json`), and the
issued reports with the figures they were issued with. Roles: those who open the report pages."""

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from thanthien.org.scoping import scoped
from thanthien.reports.models import REPORT_READERS, Report, ReportStatus

from .common import Page, PeriodQuery, RecordId, answers, require_reader, visible_unit

router = Router(tags=["Báo cáo"])
MAX_DAYS = 10 * 366


@router.get(
    "/reports/report",
    response=answers({200: dict[str, Any]}),
    summary="Báo cáo của một đơn vị trong kỳ [from, to]: của xã, hoặc tổng hợp của huyện, tỉnh (như thanthien report)",
    by_alias=True,
)
def report_json(request: HttpRequest, params: Query[PeriodQuery]) -> dict[str, Any]:
    require_reader(request, REPORT_READERS, "báo cáo")
    unit = visible_unit(request, params.unit_code)
    if (params.date_to - params.date_from).days > MAX_DAYS:
        raise HttpError(422, "Một báo cáo tổng hợp tối đa 10 năm.")
    if unit.is_commune_level:
        from thanthien.reports import periodic
        from thanthien.reports.outputs import narratives_of

        narratives = narratives_of(unit, params.date_from, params.date_to)
        return periodic.build(unit, params.date_from, params.date_to, narratives).json()
    from thanthien.org.queries import communes_under
    from thanthien.reports import rollup, tasks

    communes = communes_under(unit, at=params.date_to).count()
    if communes > tasks.inline_limit():
        raise HttpError(
            422,
            f"{unit.name} có {communes} xã, phường: báo cáo tổng hợp được tính nền trên trang Báo cáo tổng hợp "
            "hoặc bằng lệnh thanthien report, không tính trong một yêu cầu API.",
        )

    result: dict[str, Any] = rollup.build_rollup(unit, params.date_from, params.date_to)
    return result


class IssuedOut(Schema):
    id: int
    unit_code: str
    kind: str
    title: str
    period_from: dt.date
    period_to: dt.date
    version: int
    number: str = Field(..., examples=["15/BC-UBND"])
    issued_on: dt.date
    pdf_url: str
    docx_url: str

    @staticmethod
    def resolve_unit_code(r: Report) -> str:
        return r.unit.code

    @staticmethod
    def resolve_period_from(r: Report) -> dt.date:
        return r.period_start

    @staticmethod
    def resolve_period_to(r: Report) -> dt.date:
        return r.period_end

    @staticmethod
    def resolve_pdf_url(r: Report) -> str:
        return reverse("reports:file", args=[r.pk, "pdf"])

    @staticmethod
    def resolve_docx_url(r: Report) -> str:
        return reverse("reports:file", args=[r.pk, "docx"])


class IssuedDetailOut(IssuedOut):
    figures: dict[str, Any] = Field(..., description="Số liệu khi ban hành, theo từng loại số liệu thống kê")


class IssuedFilter(Schema):
    unit_code: str | None = Field(None, max_length=20)


def _issued(request: HttpRequest) -> QuerySet[Report]:
    require_reader(request, REPORT_READERS, "báo cáo")
    return scoped(Report.objects.filter(status=ReportStatus.ISSUED).select_related("unit"), request.user)


@router.get(
    "/reports/issued",
    response=answers({200: list[IssuedOut]}),
    summary="Các báo cáo đã ban hành (trong phạm vi), mới nhất trước",
)
@paginate(Page)
def list_issued(request: HttpRequest, filters: Query[IssuedFilter]) -> QuerySet[Report]:
    qs = _issued(request).order_by("-issued_on", "-pk")
    if filters.unit_code:
        qs = qs.filter(unit__code=filters.unit_code)
    return qs


@router.get("/reports/issued/{report_id}", response=answers({200: IssuedDetailOut}), summary="Một báo cáo đã ban hành")
def get_issued(request: HttpRequest, report_id: RecordId) -> Report:
    return get_object_or_404(_issued(request), pk=report_id)
