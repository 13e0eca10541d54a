"""The annex listings (lib.stats.listing) of dossiers, engagement, surveys and programme: their rows are the records
the figures count (dossiers.received has received.total rows …), a district's listing covers its communes, no
citizen's personal data leaves in them, and they take a handful of queries whatever the number of records."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.conftest import Personas
from tests.engagement.test_stats import build_march
from tests.onestop.test_stats import dossier, march_scenario, vn
from tests.programme.test_stats import END as P_END
from tests.programme.test_stats import START as P_START
from tests.programme.test_stats import records  # noqa: F401 (the programme's known records, a fixture)
from tests.reports.test_records_links import MARCH_2025, MARCH_2026, YEAR_2026, _surveys
from thanthien.lib import stats as registry
from thanthien.onestop.models import Status
from thanthien.programme import actions_model
from thanthien.programme.models import ActivityKind, CommuneProfile, IssuedDocument

pytestmark = pytest.mark.django_db


def cells(rows: list[list[Any]]) -> str:
    return " | ".join(str(cell) for row in rows for cell in row)


def column(headers: list[str], rows: list[list[Any]], name: str) -> list[Any]:
    index = headers.index(name)
    return [row[index] for row in rows]


def test_every_subject_declares_its_listings() -> None:
    names = {
        entry.name
        for subject in ("dossiers", "engagement", "surveys", "programme")
        for entry in registry.listings(subject)
    }
    assert {
        "dossiers.received",
        "engagement.petitions",
        "engagement.sessions",
        "engagement.opinions",
        "surveys.forms",
        "programme.documents",
        "programme.activities",
        "programme.inspections",
        "programme.profile",
    } <= names
    assert all(registry.LISTINGS[name].label for name in names)


def test_the_dossiers_received_are_the_figure_without_applicants(personas: Personas) -> None:
    march_scenario(personas.commune_a, personas.commune_b)
    a = registry.compute("dossiers", personas.commune_a, *MARCH_2026)
    headers, rows = registry.listing("dossiers.received", personas.commune_a, *MARCH_2026)
    assert headers == ["Mã hồ sơ", "Thủ tục", "Kênh", "Ngày tiếp nhận", "Hạn trả", "Ngày có kết quả", "Kết quả"]
    assert len(rows) == a["received"]["total"]
    assert all(code.startswith("X16012") for code in column(headers, rows, "Mã hồ sơ"))
    assert "Nguyễn Văn Án" not in cells(rows)
    assert all(len(day) == 10 and day[2] == "/" for day in column(headers, rows, "Ngày tiếp nhận"))
    timeliness = column(headers, rows, "Kết quả")
    assert {"Quá hạn", "Trước hạn"} <= set(timeliness)
    # The first moment of the period counts, in Việt Nam time.
    assert "01/03/2026" in column(headers, rows, "Ngày tiếp nhận")
    district = registry.compute("dossiers", personas.district, *MARCH_2026)
    _, district_rows = registry.listing("dossiers.received", personas.district, *MARCH_2026)
    assert len(district_rows) == district["received"]["total"] == a["received"]["total"] + 1  # B's one


def test_the_dossier_listing_takes_one_query(personas: Personas, django_assert_max_num_queries: Any) -> None:
    for day in range(1, 29):
        dossier(personas.commune_a, vn(2026, 3, day, 9), vn(2026, 3, day, 17), resolved_at=vn(2026, 3, day, 10),
                status=Status.RESOLVED)  # fmt: skip
    with django_assert_max_num_queries(4):
        _, rows = registry.listing("dossiers.received", personas.commune_a, *MARCH_2026)
    assert len(rows) == 28


def test_engagement_listings_are_the_figures_without_names(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    build_march(personas, django_capture_on_commit_callbacks)
    for unit in (personas.commune_a, personas.district):
        result = registry.compute("engagement", unit, *MARCH_2025)
        petitions = result["petitions"]
        headers, rows = registry.listing("engagement.petitions", unit, *MARCH_2025)
        assert len(rows) == petitions["carried_over"] + petitions["received"]
        assert column(headers, rows, "Kỳ").count("Tiếp nhận trong kỳ") == petitions["received"]
        assert "Lê Văn An" not in cells(rows) and "Nội dung" not in cells(rows)
        _, sessions = registry.listing("engagement.sessions", unit, *MARCH_2025)
        assert len(sessions) == result["receptions"]["sessions"]
        assert sum(row[-1] for row in sessions) == result["receptions"]["visits"]
        _, opinions = registry.listing("engagement.opinions", unit, *MARCH_2025)
        assert len(opinions) == result["opinions"]["received"]
        assert sum(row[-1] == "Có" for row in opinions) == result["opinions"]["answered"]
        _, dialogues = registry.listing("engagement.dialogues", unit, *MARCH_2025)
        assert len(dialogues) == result["dialogues"]["held"]
        assert sum(sum(row[3:6]) for row in dialogues) == result["dialogues"]["participants"]


def test_the_survey_forms_are_the_figure_without_respondents(personas: Personas) -> None:
    _surveys(personas)
    for unit in (personas.commune_a, personas.district):
        result = registry.compute("surveys", unit, *YEAR_2026)
        headers, rows = registry.listing("surveys.forms", unit, *YEAR_2026)
        assert headers[:3] == ["Ngày trả lời", "Kênh", "Phiếu khảo sát"]
        assert len(rows) == result["forms"]
        assert sum(column(headers, rows, "Câu trả lời theo thang đo")) == result["answers"]
        assert sum(column(headers, rows, "Hài lòng")) == result["satisfied"]
    assert not any("collector" in h.lower() or "hồ sơ" in h.lower() for h in headers)


def test_programme_listings_are_the_figures(records: Personas, django_assert_max_num_queries: Any) -> None:  # noqa: F811
    for unit in (records.commune_a, records.district):
        result = registry.compute("programme", unit, P_START, P_END)
        headers, rows = registry.listing("programme.documents", unit, P_START, P_END)
        assert headers == ["Trích dẫn", "Số, ký hiệu", "Ngày ban hành", "Loại văn bản"]
        assert len(rows) == result["documents"]["total"]
        headers, rows = registry.listing("programme.inspections", unit, P_START, P_END)
        assert len(rows) == result["inspections"]["total"]
        assert sum(column(headers, rows, "Nội dung phải khắc phục")) == result["inspections"]["remedies"]
        assert sum(column(headers, rows, "Đã khắc phục đến hết kỳ")) == result["inspections"]["remedied"]
        assert column(headers, rows, "Có phát hiện hạn chế").count("Có") == result["inspections"]["findings"]
        headers, rows = registry.listing("programme.activities", unit, P_START, P_END)
        meetings = [row for row in rows if row[1] == ActivityKind.MEETING.label]
        assert len(meetings) == result["activities"]["meetings"]
        assert sum(row[3] or 0 for row in meetings) == result["activities"]["attendees"]
    # The citation is the programme's own, one query for the documents and their commune.
    document = IssuedDocument.objects.select_related("unit").get(number="59-QĐ/ĐU")
    with django_assert_max_num_queries(3):
        _, rows = registry.listing("programme.documents", records.commune_a, P_START, P_END)
    assert [actions_model.citation(document), "59-QĐ/ĐU", "05/01/2025", "Quyết định"] in rows


def test_the_profile_is_the_latest_as_of_the_last_day(personas: Personas) -> None:
    a, b = personas.commune_a, personas.commune_b
    CommuneProfile.objects.create(unit=a, as_of=dt.date(2024, 1, 1), households=1000, population=4000, note="Cũ")
    CommuneProfile.objects.create(
        unit=a, as_of=dt.date(2025, 6, 30), households=1100, population=4200, party_members=300, party_cells=12,
        villages=9, note="Thuần nông",
    )  # fmt: skip
    CommuneProfile.objects.create(unit=a, as_of=dt.date(2026, 1, 1), households=1200)  # after the last day
    CommuneProfile.objects.create(unit=b, as_of=dt.date(2025, 1, 1), households=800)
    headers, rows = registry.listing("programme.profile", a, dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert headers == [
        "Số hộ",
        "Số nhân khẩu",
        "Số đảng viên",
        "Số chi bộ",
        "Số thôn, tổ dân phố",
        "Đặc điểm khác",
        "Số liệu tính đến ngày",
    ]
    assert rows == [[1100, 4200, 300, 12, 9, "Thuần nông", "30/06/2025"]]
    _, none = registry.listing("programme.profile", a, dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    assert none == []
    headers, rows = registry.listing("programme.profile", personas.district, dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert headers[0] == "Xã, phường"
    assert sorted((row[0], row[1]) for row in rows) == [("Xã Hoằng Hợp", 1100), ("Xã Hoằng Quý", 800)]


def test_an_unknown_listing_is_said_in_vietnamese(personas: Personas) -> None:
    with pytest.raises(registry.StatsError, match="Không có danh sách"):
        registry.listing("dossiers.everything", personas.commune_a, *MARCH_2026)
