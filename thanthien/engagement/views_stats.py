"""The page "Thống kê tiếp công dân, đơn thư": the `engagement` figures of one unit and period (the one period form,
org.periods), the inspectorate's forms 01/TCD (reception) and 01/XLD (handling of petitions) drawn from the same
figures, an XLSX of them, and behind every number the list of the records it counts (`stats.records`, the
figure's own queryset), paginated, with personal data masked for anyone but the unit's own staff.

Readers: the commune's staff who read engagement (leaders, administrator, reception official, MTTQ) and
supervisors above it. A list opens only for those who read its records elsewhere: MTTQ reads no petitions, the
reception official no dialogues."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from thanthien.documents.xlsx import xlsx_response
from thanthien.lib import vn
from thanthien.lib.stats import value_at
from thanthien.org.access import protected, user_has_role
from thanthien.org.models import Unit
from thanthien.org.periods import period_form_context, read_period
from thanthien.org.privacy import hide_personal
from thanthien.org.queries import communes_under, current_successors, stats_unit_ids
from thanthien.org.scoping import scoped

from . import stats as figures
from .dialogues import DIALOGUE_READERS
from .feedback import FEEDBACK_READERS
from .models import PETITION_READERS
from .reception import RECEPTION_READERS

STATS_READERS = RECEPTION_READERS | DIALOGUE_READERS | FEEDBACK_READERS
# Who opens the list of each source's records: the same roles as its own register.
SOURCE_READERS: dict[str, frozenset[str]] = {
    "sessions": frozenset(RECEPTION_READERS),
    "visits": frozenset(RECEPTION_READERS),
    "opinions": frozenset(DIALOGUE_READERS),
    "dialogues": frozenset(DIALOGUE_READERS),
    "petitions": frozenset(PETITION_READERS),
    "feedback": frozenset(FEEDBACK_READERS),
}
PAGE_SIZE = 30
YES_NO = {True: "Có", False: "Không", None: "–"}

# The figures each section of the summary shows, in order (labels from stats.LABELS; rates have no list).
SECTIONS = (
    ("tiep-cong-dan", "Tiếp công dân", "receptions"),
    ("y-kien", "Ý kiến, kiến nghị", "opinions"),
    ("doi-thoai", "Đối thoại", "dialogues"),
    ("don-thu", "Đơn thư", "petitions"),
    ("phan-anh", "Phản ánh, kiến nghị trực tuyến", "feedback"),
)
RATES = {"opinions.answer_rate", "petitions.resolution_rate"}

# Form 01/TCD: the rows (how citizens were received) and the columns (group, own header, figure column).
TCD_COLUMNS = (
    ("", "Số buổi tiếp", "sessions"),
    ("", "Số lượt", "visits"),
    ("", "Số người", "people"),
    ("Vụ việc", "Đến lần đầu", "first_time"),
    ("Vụ việc", "Đến nhiều lần", "repeated"),
    ("Đoàn đông người", "Số đoàn", "groups"),
    ("Đoàn đông người", "Số người", "group_people"),
)
# The total row is the published figure where there is one: one number, never counted twice.
TCD_TOTALS = {
    "sessions": "receptions.sessions",
    "visits": "receptions.visits",
    "people": "receptions.people",
    "groups": "receptions.groups",
}
KIND_HEADERS = (
    ("complaint", "Khiếu nại"),
    ("denunciation", "Tố cáo"),
    ("recommendation", "Kiến nghị"),
    ("feedback", "Phản ánh"),
)
XLD_INTAKE = (
    ("", "Tổng số đơn", "xld.total"),
    ("", "Kỳ trước chuyển sang", "petitions.carried_over"),
    ("", "Tiếp nhận trong kỳ", "petitions.received"),
    ("", "Đã xử lý", "xld.handled"),
    ("", "Chưa xử lý", "xld.not_handled"),
    ("", "Đủ điều kiện xử lý", "petitions.eligible"),
    *(("Phân loại theo nội dung", label, f"petitions.by_kind.{kind}") for kind, label in KIND_HEADERS),
    ("Thuộc thẩm quyền", "Tổng", "petitions.within_competence"),
    *(("Thuộc thẩm quyền", label, f"xld.within.{kind}") for kind, label in KIND_HEADERS),
    ("Không thuộc thẩm quyền", "Hướng dẫn", "petitions.guided"),
    ("Không thuộc thẩm quyền", "Chuyển đơn", "petitions.forwarded"),
)
XLD_RESULTS = (
    ("", "Thụ lý trong kỳ", "xld.accepted"),
    ("Đã giải quyết, trả lời", "Tổng", "petitions.resolved"),
    ("Đã giải quyết, trả lời", "Đúng hạn", "petitions.resolved_on_time"),
    ("Đã giải quyết, trả lời", "Quá hạn", "petitions.resolved_late"),
    ("", "Rút đơn", "petitions.withdrawn"),
    ("", "Trả lại, lưu đơn, không thụ lý", "petitions.returned_archived_or_refused"),
    ("Đang xử lý cuối kỳ", "Tổng", "petitions.open_at_end"),
    ("Đang xử lý cuối kỳ", "Quá hạn", "petitions.overdue_at_end"),
)


def _period_query(unit: Unit, start: dt.date, end: dt.date) -> dict[str, str]:
    return {"unit": unit.code, "from": vn.fmt_date(start), "to": vn.fmt_date(end)}


class Links:
    """The list link of each figure: its key, the unit (a commune's row links to that commune's records) and the
    period, for those who read the records it counts."""

    def __init__(self, request: HttpRequest, unit: Unit, start: dt.date, end: dt.date) -> None:
        self.unit, self.start, self.end = unit, start, end
        self.list_url = reverse("engagement:stats_records")
        self.sources = {source for source, roles in SOURCE_READERS.items() if user_has_role(request, roles)}
        self.declared = figures.figures(start, end)

    def url(self, key: str, value: int, unit: Unit | None = None) -> str | None:
        if not value or self.declared[key].source not in self.sources:
            return None
        query = _period_query(unit or self.unit, self.start, self.end)
        return f"{self.list_url}?{urlencode({'key': key, **query})}"


def _cell(flat: dict[str, int], links: Links, key: str, unit: Unit | None = None) -> dict[str, Any]:
    return {"value": flat[key], "url": links.url(key, flat[key], unit), "key": key}


def _head(columns: tuple[tuple[str, str, str], ...], first: str) -> list[list[dict[str, Any]]]:
    """Two header rows: the groups over their columns, the single columns spanning both rows."""
    top: list[dict[str, Any]] = [{"text": first, "rowspan": 2, "scope": "col"}]
    bottom: list[dict[str, Any]] = []
    for group, own, _ in columns:
        if not group:
            top.append({"text": own, "rowspan": 2, "scope": "col"})
            continue
        if top[-1].get("group") != group:
            top.append({"text": group, "colspan": 0, "group": group, "scope": "colgroup"})
        top[-1]["colspan"] += 1
        bottom.append({"text": own, "scope": "col"})
    return [top, bottom]


@dataclass
class FormTable:
    id: str
    title: str
    note: str
    head: list[list[dict[str, Any]]]
    rows: list[dict[str, Any]]

    def sheet(self) -> tuple[str, list[str], list[list[Any]]]:
        headers = [self.head[0][0]["text"]]
        bottom = iter(self.head[1])
        for cell in self.head[0][1:]:
            if "group" in cell:
                headers += [f"{cell['text']} – {next(bottom)['text']}" for _ in range(cell["colspan"])]
            else:
                headers.append(cell["text"])
        rows = [[row["label"], *(c["value"] for c in row["cells"])] for row in self.rows]
        return self.title.split(" (")[0], headers, rows  # the workbook cuts a sheet name at a word


def tcd_table(flat: dict[str, int], links: Links) -> FormTable:
    rows = []
    for row in (*figures.TCD_ROWS, "total"):
        keys = [
            TCD_TOTALS.get(col, f"tcd.total.{col}") if row == "total" else f"tcd.{row}.{col}" for *_, col in TCD_COLUMNS
        ]
        rows.append(
            {
                "label": figures.FORM_LABELS[f"tcd.{row}"],
                "total": row == "total",
                "cells": [_cell(flat, links, k) for k in keys],
            }
        )
    note = (
        "Buổi tiếp của người đứng đầu: định kỳ hoặc đột xuất; “trực tiếp” khi người đứng đầu tiếp, “ủy quyền” khi "
        "người được ủy quyền tiếp. Đoàn đông người: từ 5 người trở lên cùng một nội dung (Luật Tiếp công dân 2013)."
    )
    return FormTable(
        "mau-01-tcd", "Mẫu 01/TCD – Kết quả tiếp công dân", note, _head(TCD_COLUMNS, "Hình thức tiếp"), rows
    )


def tcd_kinds_table(flat: dict[str, int], links: Links) -> FormTable:
    columns = tuple(("Phân loại nội dung (số lượt)", label, f"tcd.kind.{kind}") for kind, label in KIND_HEADERS)
    row = {"label": "Tổng cộng", "total": True, "cells": [_cell(flat, links, key) for *_, key in columns]}
    return FormTable("mau-01-tcd-noi-dung", "Mẫu 01/TCD – Nội dung tiếp", "", _head(columns, "Kỳ báo cáo"), [row])


def _one_row_table(id_: str, title: str, note: str, columns: Any, flat: dict[str, int], links: Links) -> FormTable:
    row = {"label": "Tổng cộng", "total": True, "cells": [_cell(flat, links, key) for *_, key in columns]}
    return FormTable(id_, title, note, _head(columns, "Kỳ báo cáo"), [row])


def xld_tables(flat: dict[str, int], links: Links) -> list[FormTable]:
    intake_note = (
        "Phân loại, đủ điều kiện và thẩm quyền tính trên đơn tiếp nhận trong kỳ. Đã xử lý: đã quyết định hướng xử lý "
        "(thụ lý, hướng dẫn, chuyển, trả lại, lưu, không thụ lý) hoặc đã rút đơn đến hết kỳ."
    )
    results_note = (
        "Đúng hạn / quá hạn so với hạn giải quyết (khiếu nại, tố cáo) hoặc hạn trả lời (kiến nghị, phản ánh) đã tính "
        "cho đơn; đơn chưa có hạn được tính là đúng hạn. Quá hạn cuối kỳ: còn một bước quá hạn vào ngày cuối kỳ."
    )
    return [
        _one_row_table("mau-01-xld", "Mẫu 01/XLD – Tiếp nhận, phân loại đơn", intake_note, XLD_INTAKE, flat, links),
        _one_row_table("mau-01-xld-ket-qua", "Mẫu 01/XLD – Kết quả xử lý đơn", results_note, XLD_RESULTS, flat, links),
    ]


# The by-commune table of a district or province: the lines a supervisor compares first.
COMMUNE_COLUMNS = (
    ("Tiếp công dân", "Số buổi", "receptions.sessions"),
    ("Tiếp công dân", "Số lượt", "receptions.visits"),
    ("Tiếp công dân", "Số người", "receptions.people"),
    ("Ý kiến, kiến nghị", "Nhận được", "opinions.received"),
    ("Ý kiến, kiến nghị", "Đã trả lời", "opinions.answered"),
    ("", "Cuộc đối thoại", "dialogues.held"),
    ("Đơn thư", "Kỳ trước chuyển sang", "petitions.carried_over"),
    ("Đơn thư", "Tiếp nhận", "petitions.received"),
    ("Đơn thư", "Đã giải quyết", "petitions.resolved"),
    ("Đơn thư", "Đang xử lý cuối kỳ", "petitions.open_at_end"),
    ("Đơn thư", "Quá hạn cuối kỳ", "petitions.overdue_at_end"),
    ("", "Phản ánh trực tuyến", "feedback.received"),
)


def communes_table(unit: Unit, flat: dict[str, int], links: Links) -> FormTable:
    """One row per commune under `unit` on the last day; a merged unit's figures roll up into the commune that
    carries its records on that day. Records of a unit outside that list keep a row of their own, so the rows
    always add up to the total row (the unit's own figures)."""
    start, end = links.start, links.end
    per_unit = figures.flat_figures_by_unit(stats_unit_ids(unit), start, end)
    communes = list(communes_under(unit, at=end))
    successors = current_successors(set(per_unit), end)
    targets: dict[int, Unit] = {c.pk: c for c in communes}
    totals: dict[int, dict[str, int]] = {c.pk: dict.fromkeys(flat, 0) for c in communes}
    for unit_id, counts in per_unit.items():
        target = successors[unit_id]
        targets.setdefault(target.pk, target)
        row = totals.setdefault(target.pk, dict.fromkeys(flat, 0))
        for key, value in counts.items():
            row[key] += value
    listed = {c.pk for c in communes}
    ordered = sorted(totals, key=lambda pk: (pk not in listed, vn.sort_key(targets[pk].name)))
    rows: list[dict[str, Any]] = [
        {
            "label": targets[pk].name + ("" if pk in listed else " (ngoài danh sách xã, phường hiện có)"),
            "cells": [_cell(totals[pk], links, key, targets[pk]) for *_, key in COMMUNE_COLUMNS],
        }
        for pk in ordered
    ]
    rows.append({"label": "Tổng cộng", "total": True, "cells": [_cell(flat, links, k) for *_, k in COMMUNE_COLUMNS]})
    note = "Số liệu của đơn vị đã sáp nhập được cộng vào đơn vị kế thừa."
    return FormTable("theo-xa", "Theo xã, phường", note, _head(COMMUNE_COLUMNS, "Đơn vị"), rows)


def summary(flat: dict[str, int], result: dict[str, Any], links: Links) -> list[dict[str, Any]]:
    sections = []
    for anchor, title, prefix in SECTIONS:
        lines = []
        for key, label in figures.LABELS.items():
            if not key.startswith(f"{prefix}."):
                continue
            if key in RATES:
                lines.append({"label": label, "rate": value_at(result, key), "sub": False})
                continue
            lines.append({"label": label, **_cell(flat, links, key), "sub": not label[0].isupper()})
        sections.append({"id": anchor, "title": title, "lines": lines})
    return sections


def build(request: HttpRequest, unit: Unit, start: dt.date, end: dt.date) -> dict[str, Any]:
    flat, result = figures.period_figures(unit, start, end)
    links = Links(request, unit, start, end)
    petitions = result["petitions"]
    incoming = petitions["carried_over"] + petitions["received"]
    outgoing = sum(
        petitions[k]
        for k in ("resolved", "forwarded", "guided", "returned_archived_or_refused", "withdrawn", "open_at_end")
    )
    tables = [tcd_table(flat, links), tcd_kinds_table(flat, links), *xld_tables(flat, links)]
    if not unit.is_commune_level:
        tables.insert(0, communes_table(unit, flat, links))
    return {
        "stats": result,
        "start": start,
        "end": end,
        "sections": summary(flat, result, links),
        "tables": tables,
        "incoming": incoming,
        "outgoing": outgoing,
        "balanced": incoming == outgoing,
        "linked": bool(links.sources),
    }


@protected(*STATS_READERS)
def stats_page(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    period = read_period(request)
    unit = period.unit
    context: dict[str, Any] = period_form_context(request, period, today)
    if period.ok:
        assert unit is not None and period.start is not None and period.end is not None
        context.update(build(request, unit, period.start, period.end))
        context["export_query"] = urlencode(_period_query(unit, period.start, period.end))
    return render(request, "engagement/stats/stats.html", context)


@protected(*STATS_READERS)
def stats_xlsx(request: HttpRequest) -> HttpResponse:
    period = read_period(request)
    if not period.ok:
        return render(request, "engagement/stats/refused.html", {"errors": period.errors}, status=400)
    unit, start, end = period.unit, period.start, period.end
    assert unit is not None and start is not None and end is not None
    data = build(request, unit, start, end)
    lines: list[list[Any]] = []
    for section in data["sections"]:
        lines.append([section["title"], None])
        for line in section["lines"]:
            value = vn.fmt_percent(line["rate"]) if "rate" in line else line["value"]
            lines.append([("    " if line["sub"] else "") + line["label"], value])
    lines += [[], [f"{unit.name} ({unit.code})"], [f"Từ ngày {vn.fmt_date(start)} đến ngày {vn.fmt_date(end)}"]]
    sheets = [("Tổng hợp", ["Chỉ tiêu", "Số liệu"], lines), *(table.sheet() for table in data["tables"])]
    filename = f"Thống kê tiếp công dân, đơn thư {unit.name} {start:%d-%m-%Y} đến {end:%d-%m-%Y}.xlsx"
    return xlsx_response(filename, sheets)


# --- the records behind a figure ----------------------------------------------------------------------------------


def _detail(name: str, pk: int) -> str | None:
    """The record's own page, where the app has one (a page another module serves may not be installed)."""
    try:
        return reverse(f"engagement:{name}", args=[pk])
    except NoReverseMatch:
        return None


def _day(value: dt.date | None) -> str:
    return vn.fmt_date(value) or "–"


def _short(text: str, limit: int = 120) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


Row = tuple[list[str], str | None]
COLUMNS: dict[str, tuple[list[str], Callable[[Any], Row]]] = {
    "sessions": (
        ["Ngày tiếp", "Loại buổi", "Người tiếp", "Người đứng đầu trực tiếp", "Không có công dân đến", "Đơn vị"],
        lambda o: (
            [_day(o.held_on), o.get_kind_display(), f"{o.get_receiver_display()}: {o.receiver_name}",
             YES_NO[o.head_in_person], YES_NO[o.nobody_came], o.unit.name],
            _detail("session", o.pk),
        ),
    ),
    "visits": (
        ["Ngày tiếp", "Số thứ tự", "Công dân", "Số người", "Phân loại", "Đến", "Kết quả tiếp", "Đơn vị"],
        lambda o: (
            [_day(o.session.held_on), o.register_number or "–", o.citizen_name, vn.fmt_number(o.people),
             o.get_subject_kind_display(), "lần đầu" if o.first_time else "nhiều lần", o.get_outcome_display(),
             o.unit.name],
            _detail("session", o.session_id),
        ),
    ),
    "opinions": (
        ["Ngày nêu", "Nguồn", "Người nêu", "Nội dung", "Ngày trả lời", "Đơn vị"],
        lambda o: (
            [_day(o.raised_on), o.get_source_display(), o.raised_by or "–", _short(o.content),
             _day(o.answered_on) if o.answered_on else "Chưa trả lời", o.unit.name],
            _detail("dialogue_detail", o.dialogue_id) if o.dialogue_id else None,
        ),
    ),
    "dialogues": (
        ["Ngày đối thoại", "Chủ đề", "Người chủ trì", "Số người tham dự", "Đơn vị"],
        lambda o: (
            [_day(o.held_on), _short(o.topic), o.chaired_by, vn.fmt_number(o.participants), o.unit.name],
            _detail("dialogue_detail", o.pk),
        ),
    ),
    "petitions": (
        ["Số đơn", "Ngày nhận", "Loại đơn", "Người gửi", "Hướng xử lý", "Ngày xử lý", "Ngày giải quyết, rút đơn",
         "Tình trạng", "Đơn vị"],
        lambda o: (
            [o.display_number, _day(o.received_on), o.get_kind_display(),
             "Nặc danh" if o.anonymous else o.petitioner_name, o.get_direction_display() or "–", _day(o.handled_on),
             _day(o.resolved_on), o.status_label, o.unit.name],
            _detail("petition_detail", o.pk),
        ),
    ),
    "feedback": (
        ["Mã theo dõi", "Ngày nhận", "Lĩnh vực", "Tình trạng", "Ngày trả lời", "Ngày công khai", "Đơn vị"],
        lambda o: (
            [o.code, _day(o.received_on), o.get_category_display(), o.get_status_display(), _day(o.answered_on),
             _day(o.published_on), o.unit.name],
            _detail("feedback_detail", o.pk),
        ),
    ),
}  # fmt: skip
RELATED = {"visits": ("unit", "session"), "opinions": ("unit", "dialogue")}
ORDER = {
    "sessions": ("-held_on", "-pk"),
    "visits": ("-session__held_on", "-pk"),
    "opinions": ("-raised_on", "-pk"),
    "dialogues": ("-held_on", "-pk"),
    "petitions": ("-received_on", "-pk"),
    "feedback": ("-received_on", "-pk"),
}


def _listed(request: HttpRequest, source: str, records: QuerySet[Any]) -> QuerySet[Any]:
    if not user_has_role(request, SOURCE_READERS[source]):
        raise PermissionDenied("Tài khoản của bạn không được xem danh sách này.")
    # The unit scope came from a unit the user may read; scoped() is the rule every request goes through.
    return scoped(records, request.user).select_related(*RELATED.get(source, ("unit",))).order_by(*ORDER[source])


@protected(*STATS_READERS)
def stats_records(request: HttpRequest) -> HttpResponse:
    period = read_period(request)
    key = (request.GET.get("key") or "").strip()[:80]
    errors = list(period.errors)
    declared = figures.figures(period.start, period.end) if period.start and period.end else {}
    if declared and key not in declared:
        errors.append(f"Không có số liệu “{key}” để xem danh sách.")
    context: dict[str, Any] = {"errors": errors, "key": key, "label": figures.label_of(key) if key in declared else ""}
    if errors:
        return render(request, "engagement/stats/records.html", context, status=400)
    unit, start, end = period.unit, period.start, period.end
    assert unit is not None and start is not None and end is not None
    source = declared[key].source
    records = _listed(request, source, figures.records(stats_unit_ids(unit), start, end, key))
    page = Paginator(records, PAGE_SIZE).get_page(request.GET.get("page"))
    objects = list(page.object_list)
    hide_personal(request.user, objects)
    header, render_row = COLUMNS[source]
    summed = declared[key].summed is not None
    context.update(
        {
            "unit": unit,
            "start": start,
            "end": end,
            "page_obj": page,
            "header": header,
            "rows": [render_row(obj) for obj in objects],
            "summed": summed,
            "back": reverse("engagement:stats") + "?" + urlencode(_period_query(unit, start, end)),
        }
    )
    return render(request, "engagement/stats/records.html", context)
