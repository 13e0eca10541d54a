"""The one statistics endpoint: every subject of the registry (thanthien.lib.stats) by name, in the same JSON
as `thanthien stats SUBJECT --json`, for one visible unit and a period [from, to] (both days included)."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Field, Path, Query, Router, Schema
from ninja.errors import HttpError

from thanthien.lib import stats

from .common import PeriodQuery, answers, period_figures

router = Router(tags=["Thống kê"])

SubjectName = Annotated[str, Path(..., pattern=r"^[a-z][a-z_-]{0,39}$", examples=["dossiers"])]


class IndicatorOut(Schema):
    name: str = Field(..., examples=["dossiers.on_time_rate"])
    label: str
    key: str = Field(..., description="mục trong kết quả, viết bằng dấu chấm")
    kind: str = Field(..., description="count (số lượng) hoặc rate (tỷ lệ 0–1)")


class SubjectOut(Schema):
    subject: str
    label: str
    identities: list[str] = Field(..., description="các đẳng thức mà số liệu luôn thỏa mãn")
    indicators: list[IndicatorOut]


def _subject(name: str) -> stats.StatsSubject:
    try:
        return stats.subject(name)
    except stats.StatsError as error:
        raise HttpError(404, str(error)) from None


@router.get("/stats", response=answers({200: list[SubjectOut]}), summary="Các loại số liệu thống kê và chỉ số")
def subjects(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "subject": s.subject,
            "label": s.label,
            "identities": [i.text for i in s.identities],
            "indicators": [{"name": i.name, "label": i.label, "key": i.key, "kind": i.kind} for i in s.indicators],
        }
        for s in stats.load_all().values()
    ]


@router.get(
    "/stats/{subject}",
    response=answers({200: dict[str, Any]}),
    summary="Số liệu của một loại (dossiers, letters, civil, …) trong kỳ [from, to], như lệnh thanthien stats",
    by_alias=True,
)
def subject_figures(request: HttpRequest, subject: SubjectName, params: Query[PeriodQuery]) -> dict[str, Any]:
    entry = _subject(subject)
    return period_figures(request, params, entry.compute, entry.readers)


# The same two operations without the version prefix (`/api/stats/{subject}`), as DESIGN.md names them; left out
# of the schema so that integrators see one operation each.
unversioned = Router(tags=["Thống kê"])
unversioned.get(
    "/stats", response=answers({200: list[SubjectOut]}), include_in_schema=False, operation_id="stats_list"
)(subjects)
unversioned.get(
    "/stats/{subject}",
    response=answers({200: dict[str, Any]}),
    include_in_schema=False,
    by_alias=True,
    operation_id="stats_figures",
)(subject_figures)
