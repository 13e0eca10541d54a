"""Dossier lists out, in two layouts.

- For people (the default): Vietnamese headers, status and channel names, moments as dd/mm/yyyy HH:MM.
- "Định dạng nhập lại" (`layout=import`): the import's columns first (code, procedure_code, channel, received_at …,
  ISO times), then readable extras the importer ignores, so importing the file again changes nothing.

Both are streamed (StreamingHttpResponse): CSV row by row, XLSX by documents.xlsx_stream, which writes the zip
as the rows are read, so the download starts at once and a province's list never sits in memory. Exports hold citizens'
personal data (masked for those outside the unit, DOMAIN.md §10), so each one is written to the audit trail of
every commune whose dossiers it holds, before the first byte leaves.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone

from thanthien.documents.http import content_disposition
from thanthien.documents.xlsx import XLSX_CONTENT_TYPE, csv_text
from thanthien.documents.xlsx_stream import stream_xlsx
from thanthien.org.privacy import hide_personal

from . import actions
from .importing import COLUMNS
from .models import ENDED_STATUSES, OPEN_STATUSES, Channel, Dossier, Status
from .queries import TIMELINESS_LABELS, timeliness

EXTRA_COLUMNS = ["Tên thủ tục", "Trạng thái", "Kênh tiếp nhận", "Kết quả giải quyết", "Đơn vị"]
HUMAN_COLUMNS = [
    "Mã hồ sơ",
    "Mã thủ tục",
    "Tên thủ tục",
    "Lĩnh vực",
    "Đơn vị",
    "Kênh tiếp nhận",
    "Trạng thái",
    "Tiếp nhận lúc",
    "Hạn trả kết quả",
    "Có kết quả lúc",
    "Trả kết quả lúc",
    "Rút / không tiếp nhận / dừng lúc",
    "Kết quả giải quyết",
    "Họ và tên người nộp",
    "Số CCCD",
    "Số điện thoại",
    "Địa chỉ",
]
FORMATS = ("csv", "xlsx")
LAYOUTS = {"human": "", "import": " (định dạng nhập lại)"}
CHUNK = 2000


def iso(moment: dt.datetime | None) -> str:
    """ISO 8601 in Vietnam time, to the second ("2024-10-08T14:30:00+07:00"): a moment saved through the API
    carries microseconds, which a person re-editing the file has no use for (the importer reads times within
    a second as the same)."""
    return timezone.localtime(moment).isoformat(timespec="seconds") if moment else ""


def outcome(d: Dossier, now: dt.datetime) -> str:
    label = TIMELINESS_LABELS.get(timeliness(d) or "")
    if label:
        return label
    if d.status in OPEN_STATUSES:
        return "Đang quá hạn" if d.due_at < now else "Trong hạn"
    return ""


def _minute(moment: dt.datetime | None) -> dt.datetime | None:
    # People read minutes: seconds and microseconds would only be noise in a human export.
    return timezone.localtime(moment).replace(second=0, microsecond=0) if moment else None


def human_row(d: Dossier, now: dt.datetime) -> list[Any]:
    return [
        d.code,
        d.procedure.code,
        d.procedure.name,
        d.procedure.field,
        d.unit.name,
        Channel(d.channel).label if d.channel in Channel.values else d.channel,
        Status(d.status).label,
        _minute(d.received_at),
        _minute(d.due_at),
        _minute(d.resolved_at),
        _minute(d.returned_at),
        _minute(d.ended_at),
        outcome(d, now),
        d.applicant_name,
        d.applicant_id_number,
        d.applicant_phone,
        d.applicant_address,
    ]


def export_row(d: Dossier, now: dt.datetime, as_text: bool) -> list[Any]:
    """The import's columns, then the extras. A refused, withdrawn or stopped dossier has no result:
    its end moment goes in resolved_at, which is where the importer reads it back from."""
    resolved = d.ended_at if d.status in ENDED_STATUSES else d.resolved_at

    def moment(value: dt.datetime | None) -> Any:
        return iso(value) if as_text else (value.replace(microsecond=0) if value else value)

    return [
        d.code,
        d.procedure.code,
        d.channel,
        moment(d.received_at),
        moment(d.due_at),
        moment(resolved),
        moment(d.returned_at),
        d.status,
        d.applicant_name,
        d.applicant_id_number,
        d.applicant_phone,
        d.applicant_address,
        d.procedure.name,
        Status(d.status).label,
        Channel(d.channel).label if d.channel in Channel.values else d.channel,
        outcome(d, now),
        d.unit.name,
    ]


class _Echo:
    """A file-like object whose write returns what it was given, for csv.writer in a streamed response."""

    def write(self, value: str) -> str:
        return value


def _csv_stream(header: list[str], rows: Iterator[list[Any]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    # The BOM is what makes Excel read the file as UTF-8 instead of the Windows code page.
    yield "\ufeff" + writer.writerow([csv_text(h) for h in header])
    for row in rows:
        yield writer.writerow([csv_text(v) for v in row])


def export_dossiers(
    actor: User | None, queryset: QuerySet[Dossier], fmt: str, description: str = "", layout: str = "human"
) -> StreamingHttpResponse:
    """The dossiers of `queryset` (already scoped and filtered) as CSV or XLSX, newest received first."""
    if fmt not in FORMATS or layout not in LAYOUTS:
        raise ValueError(fmt if fmt not in FORMATS else layout)
    now = timezone.now()
    actions.record_export(actor, queryset, f"{fmt.upper()}{LAYOUTS[layout]}", description)
    qs = queryset.select_related("procedure", "unit").order_by("-received_at", "-pk")
    header = HUMAN_COLUMNS if layout == "human" else [*COLUMNS, *EXTRA_COLUMNS]

    def rows() -> Iterator[list[Any]]:
        for d in qs.iterator(chunk_size=CHUNK):
            hide_personal(actor, [d])  # a supervisor's export carries no citizen's personal data
            yield human_row(d, now) if layout == "human" else export_row(d, now, as_text=fmt == "csv")

    stamp = f"{timezone.localtime(now):%d-%m-%Y %H%M}"
    filename = f"Hồ sơ một cửa{LAYOUTS[layout]} {stamp}.{fmt}"
    if fmt == "csv":
        response = StreamingHttpResponse(_csv_stream(header, rows()), content_type="text/csv; charset=utf-8")
    else:
        response = StreamingHttpResponse(stream_xlsx("Hồ sơ", header, rows()), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition(filename)
    # Exports carry names and phone numbers: keep them out of shared proxies and browser caches.
    response["Cache-Control"] = "private, no-store"
    return response
