"""The supervisor's roll-up on a known district (tests/reports/rollup_data.py): one row per commune on the last day
with the merged commune rolled into its successor, counts that add up exactly to the district's own figures, the
ranking and the threshold, the summary's numbers, and the DOCX, PDF and XLSX files."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pytest
from django.test import override_settings
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.conftest import Personas
from tests.programme.test_stats import records  # noqa: F401 (a fixture: the programme's known district)
from thanthien.lib import stats
from thanthien.reports import rollup, rollup_outputs

from .rollup_data import END, START, build

pytestmark = pytest.mark.django_db


def _rows(result: dict[str, Any]) -> dict[str | None, dict[str, Any]]:
    return {row["code"]: row for row in result["sections"]["communes"]}


def test_rows_totals_and_the_extra_row_add_up_to_the_units_own_figures(personas: Personas) -> None:
    build(personas)
    result = rollup.build_rollup(personas.district, START, END)
    json.dumps(result)  # plain JSON
    assert set(result) == {"unit", "from", "to", "sections", "figures"}
    assert (result["unit"], result["from"], result["to"]) == ("H399", "2026-01-01", "2026-03-31")
    assert set(result["figures"]) == {"dossiers", "letters", "engagement", "surveys", "programme"}
    for name, figures in result["figures"].items():
        assert figures == stats.compute(name, personas.district, START, END)
    rows = _rows(result)
    # The communes under the district on the last day, by name; the moved commune's records are the extra row.
    assert [r["code"] for r in result["sections"]["communes"]] == ["X16012", "X16015", None]
    a, b, extra = rows["X16012"], rows["X16015"], rows[None]
    assert extra["extra"] and extra["name"] == rollup.EXTRA_NAME
    # A carries the merged commune's dossier (resolved late) and letter.
    assert (a["dossiers_received"], a["dossiers_resolved_late"], a["dossiers_resolved"]) == (3, 2, 4)
    assert a["on_time_rate"] == pytest.approx(0.5)
    assert (a["letters"], a["receptions"], a["petitions_resolved"]) == (3, 2, 1)
    assert a["satisfaction_rate"] == pytest.approx(0.5)
    assert (a["score"], a["score_year"], a["score_class"]) == (78.5, 2026, "Khá")
    assert (a["recognition"], a["recognition_label"]) == ("district", "Cấp huyện")
    assert (b["dossiers_received"], b["dossiers_resolved_late"], b["on_time_rate"]) == (2, 0, 1.0)
    assert (b["letters"], b["receptions"], b["petitions_resolved"], b["satisfaction_rate"]) == (1, 1, 2, 1.0)
    assert (b["score"], b["score_class"], b["recognition"]) == (None, "", "province")  # a draft score is no score
    assert (extra["dossiers_received"], extra["letters"], extra["on_time_rate"]) == (1, 1, None)
    # Totals are the district's own figures; every count column adds up to them exactly.
    totals = result["sections"]["totals"]
    own = result["figures"]
    assert totals["dossiers_received"] == own["dossiers"]["received"]["total"] == 6
    assert totals["dossiers_resolved_late"] == own["dossiers"]["resolved"]["late"] == 2
    assert totals["letters"] == own["letters"]["total"] == 5
    assert totals["receptions"] == own["engagement"]["receptions"]["sessions"] == 3
    assert totals["petitions_resolved"] == own["engagement"]["petitions"]["resolved"] == 3
    assert totals["on_time_rate"] == own["dossiers"]["on_time_rate"] == pytest.approx(5 / 7)
    assert totals["satisfaction_rate"] == own["surveys"]["satisfaction_rate"] == pytest.approx(4 / 5)
    assert (totals["recognised"], totals["recognised_province"], totals["recognised_district"]) == (2, 1, 1)
    for column in rollup.SUMMED:
        assert sum(row[column.key] for row in rows.values()) == totals[column.key], column.key
    # No personal data: the rows hold codes, names of units, counts and rates only.
    text = json.dumps(result, ensure_ascii=False)
    assert "Nguyễn Văn Án" not in text and "038090001234" not in text and "Lê Văn An" not in text


def test_a_province_rolls_up_the_same_communes(personas: Personas) -> None:
    build(personas)
    district = rollup.build_rollup(personas.district, START, END)
    province = rollup.build_rollup(personas.province, START, END)
    assert [r["code"] for r in province["sections"]["communes"]] == ["X16012", "X16015", None]
    assert province["sections"]["totals"]["dossiers_received"] == district["sections"]["totals"]["dossiers_received"]
    assert "toàn tỉnh đã xây dựng được 2 mô hình" in province["sections"]["summary"]


def test_ranking_and_threshold(personas: Personas) -> None:
    build(personas)
    result = rollup.build_rollup(personas.district, START, END)
    ranking = result["sections"]["ranking"]
    assert [(r["rank"], r["code"]) for r in ranking] == [(1, "X16015"), (2, "X16012")]
    assert [b["code"] for b in result["sections"]["below_threshold"]] == ["X16012"]
    reasons = result["sections"]["below_threshold"][0]["reasons"]
    assert reasons == [
        "tỷ lệ hồ sơ trước hạn và đúng hạn 50 % (ngưỡng 90 %)",
        "tỷ lệ hài lòng 50 % (ngưỡng 90 %)",
    ]
    assert _rows(result)["X16012"]["below_threshold"] and not _rows(result)["X16015"]["below_threshold"]
    with override_settings(REPORTS_ROLLUP_THRESHOLD=0.4):
        assert rollup.build_rollup(personas.district, START, END)["sections"]["below_threshold"] == []
    with override_settings(REPORTS_ROLLUP_THRESHOLD={"satisfaction_rate": 0.6}):
        low = rollup.build_rollup(personas.district, START, END)["sections"]["below_threshold"]
        assert [(b["code"], list(b["rates"])) for b in low] == [("X16012", ["satisfaction_rate"])]


def test_ranking_rule_ties_and_missing_rates() -> None:
    def row(code: str, name: str, on_time: float | None, satisfaction: float | None) -> dict[str, Any]:
        return {"code": code, "name": name, "extra": False, "on_time_rate": on_time, "satisfaction_rate": satisfaction}

    rows = [
        row("A", "Xã Bắc", 0.9, 0.8),
        row("B", "Xã An", 0.9, 0.8),  # ties with A: same rank, listed by name
        row("C", "Xã Cát", 0.9, 0.95),  # same on-time rate, higher satisfaction: ranks first
        row("D", "Xã Đông", None, 1.0),  # nothing resolved: after every commune with a rate
        row("E", "Xã Ê", 0.95, None),
        {**row("X", "Khác", 1.0, 1.0), "extra": True},  # the extra row is never ranked
    ]
    assert [(r["rank"], r["code"]) for r in rollup.ranking(rows)] == [(1, "E"), (2, "C"), (3, "B"), (3, "A"), (5, "D")]
    low = rollup.below_threshold(rows, {"on_time_rate": 0.92, "satisfaction_rate": 0.9})
    assert [b["code"] for b in low] == ["A", "B", "C"]  # D's unknown on-time rate is not judged; E is above


def test_the_summary_says_the_right_numbers_in_vietnamese(personas: Personas) -> None:
    build(personas)
    summary = rollup.build_rollup(personas.district, START, END)["sections"]["summary"]
    assert summary.startswith(
        "Đến ngày 31/03/2026, toàn huyện đã xây dựng được 2 mô hình, trong đó 1 mô hình cấp tỉnh, 1 mô hình cấp huyện"
        " (trên tổng số 2 xã, phường, thị trấn)."
    )
    assert "đã tiếp nhận 6 hồ sơ" in summary
    assert (
        "tỷ lệ hồ sơ giải quyết trước hạn và đúng hạn đạt 71,4 % (7 hồ sơ đã giải quyết, trong đó 2 hồ sơ quá hạn)"
        in summary
    )
    assert "đã lập 5 thư gửi công dân; tổ chức 3 buổi tiếp công dân; giải quyết xong 3 đơn thư." in summary
    assert (
        "mức độ hài lòng của người dân đạt 80 %; một số địa phương có tỷ lệ hài lòng cao như: Hoằng Quý 100 %,"
        " Hoằng Hợp 50 %." in summary
    )
    assert (
        "Có 1 xã, phường, thị trấn có tỷ lệ hồ sơ trước hạn và đúng hạn dưới 90 % hoặc tỷ lệ hài lòng dưới 90 %:"
        " Hoằng Hợp." in summary
    )


def test_numbers_are_written_the_vietnamese_way() -> None:
    assert rollup.percent(0.98765) == "98,8 %"
    assert rollup.percent(1.0) == "100 %"
    assert rollup.percent(None) == "–"
    assert rollup.number(2449) == "2.449"
    assert rollup_outputs.score_text(78.5) == "78,5"
    assert rollup_outputs.score_text(80.0) == "80"


def _docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def test_docx_pdf_and_xlsx_hold_the_rows(personas: Personas) -> None:
    build(personas)
    result = rollup.build_rollup(personas.district, START, END)
    docx = _docx_text(rollup_outputs.render_rollup(result, "docx"))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in docx and "Số: ……/BC-UBND" in docx
    assert "UBND HUYỆN HOẰNG HÓA" in docx and "Hoằng Hóa, ngày" in docx
    assert "1 | Xã Hoằng Hợp | 3 | 2 | 50 % | 3 | 2 | 1 | 50 % | 78,5 | Khá | Cấp huyện" in docx
    assert "2 | Xã Hoằng Quý | 2 | 0 | 100 % | 1 | 1 | 2 | 100 % | – | – | Cấp tỉnh" in docx
    assert "Tổng cộng | 6 | 2 | 71,4 % | 5 | 3 | 3 | 80 %" in docx
    assert result["sections"]["summary"] in docx
    assert "Nơi nhận:" in docx and "TM. ỦY BAN NHÂN DÂN" in docx
    assert "1. Xã Hoằng Quý: tỷ lệ hồ sơ trước hạn và đúng hạn 100 %, tỷ lệ hài lòng 100 %." in docx

    pdf = " ".join(_pdf_text(rollup_outputs.render_rollup(result, "pdf")).split())
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in pdf and "Độc lập - Tự do - Hạnh phúc" in pdf
    assert "Số: ……/BC-UBND" in pdf and "BÁO CÁO" in pdf and "Nơi nhận:" in pdf
    # the PDF's table gives each commune's rank after its name (Hoằng Quý first: every rate 100 %)
    assert "Xã Hoằng Hợp 2 3 2 50 % 3 2 1 50 % 78,5 Khá Cấp huyện" in pdf
    assert "Xã Hoằng Quý 1 2 0 100 % 1 1 2 100 %" in pdf
    assert "Tổng cộng 6 2 71,4 % 5 3 3 80 %" in pdf

    book = load_workbook(io.BytesIO(rollup_outputs.render_rollup(result, "xlsx")))
    table = [list(r) for r in book["Tổng hợp"].iter_rows(min_row=2, values_only=True)]
    assert table[0][:10] == [1, "X16012", "Xã Hoằng Hợp", 3, 2, 50, 3, 2, 1, 50]
    assert table[1][:10] == [2, "X16015", "Xã Hoằng Quý", 2, 0, 100, 1, 1, 2, 100]
    assert table[-1][2:5] == ["Tổng cộng", 6, 2]
    figures = {r[3]: r[2] for r in book["Số liệu"].iter_rows(min_row=2, values_only=True)}
    assert figures["dossiers.received.total"] == 6 and figures["letters.total"] == 5
    assert figures["engagement.receptions.sessions"] == 3 and figures["programme.models.recognised"] == 2
    assert json.loads(rollup_outputs.render_rollup(result, "json")) == json.loads(json.dumps(result))


def test_compute_many_equals_compute_for_each_unit(personas: Personas) -> None:
    data = build(personas)
    units = [personas.commune_a, personas.commune_b, personas.commune_c, data.moved]
    for name in rollup.SUBJECTS:
        assert stats.compute_many(name, units, START, END) == [stats.compute(name, u, START, END) for u in units], name
    # A listed unit merged into another listed one, or a unit above communes: computed one by one, still equal.
    mixed = [personas.commune_a, data.merged, personas.district]
    assert stats.compute_many("dossiers", mixed, START, END) == [
        stats.compute("dossiers", u, START, END) for u in mixed
    ]
    assert stats.compute_many("dossiers", [], START, END) == []


def test_compute_many_equals_compute_on_the_apps_own_known_records(
    records: Personas,  # noqa: F811
    django_capture_on_commit_callbacks: Any,
) -> None:
    from tests.engagement.test_stats import build_march
    from tests.programme import test_stats as programme
    from thanthien.org.queries import communes_under

    build_march(records, django_capture_on_commit_callbacks)
    for start, end in ((programme.START, programme.END), (dt.date(2025, 3, 1), dt.date(2025, 3, 31))):
        units = [*communes_under(records.district, at=end), records.commune_c]
        for name in rollup.SUBJECTS:
            many = stats.compute_many(name, units, start, end)
            assert many == [stats.compute(name, u, start, end) for u in units], name


def test_a_long_ranking_prints_its_ends_in_the_pdf_and_every_rank_in_the_table(personas: Personas) -> None:
    import copy

    build(personas)
    result = copy.deepcopy(rollup.build_rollup(personas.district, START, END))
    row = next(r for r in result["sections"]["communes"] if not r["extra"])
    many = [dict(row, code=f"X9{i:04d}", name=f"Xã Thử {i:02d}") for i in range(40)]
    result["sections"]["communes"] = many
    result["sections"]["ranking"] = [dict(r, rank=i + 1) for i, r in enumerate(many)]
    pdf = " ".join(_pdf_text(rollup_outputs.render_rollup(result, "pdf")).split())
    assert "1. Xã Thử 00:" in pdf and "10. Xã Thử 09:" in pdf and "40. Xã Thử 39:" in pdf
    assert "11. Xã Thử 10:" not in pdf and "(20 xã, phường, thị trấn ở giữa" in pdf
    assert "Xã Thử 25 26 " in pdf  # the 26th's rank, in its row of the table
    docx = _docx_text(rollup_outputs.render_rollup(result, "docx"))
    assert "11. Xã Thử 10:" in docx  # the editable Word file keeps the whole ranking
