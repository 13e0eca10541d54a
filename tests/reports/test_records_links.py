"""Every number opens its records (issue #12 item 6): for the subjects dossiers, engagement, surveys and programme,
on known records, every count of `lib.stats.compute` that has a link (`lib.stats.records_url`) opens a list, as
the commune's staff and as a supervisor, whose count is that figure; commune B's records never show for commune A;
a filter the list cannot read is said in Vietnamese, never a server error."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.test import Client

from tests.conftest import Personas
from tests.engagement.test_stats import build_march
from tests.onestop.test_stats import march_scenario
from tests.programme.test_stats import END as P_END
from tests.programme.test_stats import START as P_START
from tests.programme.test_stats import records  # noqa: F401 (the programme's known records, a fixture)
from tests.surveys.helpers import campaign, questionnaire
from thanthien.engagement import stats as engagement_stats
from thanthien.lib import stats as registry
from thanthien.surveys import actions as survey_actions
from thanthien.surveys.records_links import counts_answers

pytestmark = pytest.mark.django_db


def count_keys(result: Any, prefix: str = "") -> Iterator[str]:
    """The dotted keys of every whole number in a result (the counts; rates are floats or None)."""
    if isinstance(result, dict):
        for key, value in result.items():
            yield from count_keys(value, f"{prefix}{key}.")
    elif isinstance(result, int) and not isinstance(result, bool):
        yield prefix.rstrip(".")


def listed_count(subject: str, key: str, response: Any) -> int:
    """What the list says it holds: the paginator's count (the page shows it), or for a figure of answers the
    number of those answers its forms hold (the surveys' list states it beside the forms)."""
    context = response.context
    if subject == "surveys" and counts_answers(key):
        return int(context["drill"].answer_count())
    return int(context["page_obj"].paginator.count)


def summed(subject: str, key: str, start: dt.date, end: dt.date) -> bool:
    if subject == "engagement":
        return engagement_stats.figures(start, end)[key].summed is not None
    return subject == "programme" and key in {"activities.attendees", "activities.trainees"}


def check_every_link(client: Client, subject: str, unit: Any, start: dt.date, end: dt.date) -> int:
    """Open every count's link; its list's count is the figure. Returns how many links were opened."""
    result = registry.compute(subject, unit, start, end)
    opened = 0
    for key in count_keys(result):
        url = registry.records_url(subject, key, unit, start, end)
        if url is None:
            continue
        response = client.get(url)
        assert response.status_code == 200, (key, url, response.status_code)
        errors = response.context.get("errors") or getattr(response.context.get("figure"), "errors", None)
        assert not errors, (key, url, errors)
        if not summed(subject, key, start, end):
            assert listed_count(subject, key, response) == registry.value_at(result, key), (key, url)
        opened += 1
    return opened


def link(subject: str, key: str, unit: Any, start: dt.date, end: dt.date) -> str:
    url = registry.records_url(subject, key, unit, start, end)
    assert url is not None, (subject, key)
    return url


# --- dossiers ----------------------------------------------------------------------------------------------------

MARCH_2026 = (dt.date(2026, 3, 1), dt.date(2026, 3, 31))


@pytest.mark.parametrize("who", ["leader_a", "supervisor"])
def test_every_dossier_figure_opens_exactly_its_dossiers(personas: Personas, who: str) -> None:
    march_scenario(personas.commune_a, personas.commune_b)
    client = personas.client(getattr(personas, who))
    assert check_every_link(client, "dossiers", personas.commune_a, *MARCH_2026) == 15
    if who == "supervisor":
        assert check_every_link(client, "dossiers", personas.district, *MARCH_2026) == 15
    # The rate opens nothing; the received list of A never holds B's dossier.
    assert registry.records_url("dossiers", "on_time_rate", personas.commune_a, *MARCH_2026) is None
    page = client.get(link("dossiers", "received.total", personas.commune_a, *MARCH_2026))
    assert all(d.unit_id == personas.commune_a.pk for d in page.context["page_obj"].paginator.object_list)


def test_a_commune_does_not_open_another_communes_dossier_figures(personas: Personas) -> None:
    march_scenario(personas.commune_a, personas.commune_b)
    url = link("dossiers", "received.total", personas.commune_b, *MARCH_2026)
    page = personas.client(personas.leader_a).get(url)
    assert page.status_code in (200, 404)
    if page.status_code == 200:
        assert page.context["page_obj"].paginator.count == 0


# --- engagement --------------------------------------------------------------------------------------------------

MARCH_2025 = (dt.date(2025, 3, 1), dt.date(2025, 3, 31))


@pytest.mark.parametrize("who", ["leader_a", "supervisor"])
def test_every_engagement_figure_opens_exactly_its_records(
    personas: Personas, django_capture_on_commit_callbacks: Any, who: str
) -> None:
    build_march(personas, django_capture_on_commit_callbacks)
    client = personas.client(getattr(personas, who))
    assert check_every_link(client, "engagement", personas.commune_a, *MARCH_2025) > 30
    if who == "supervisor":
        check_every_link(client, "engagement", personas.district, *MARCH_2025)
    for rate in ("opinions.answer_rate", "petitions.resolution_rate", "unit", "nothing.at_all"):
        assert registry.records_url("engagement", rate, personas.commune_a, *MARCH_2025) is None


def test_another_commune_engagement_list_is_not_found(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    build_march(personas, django_capture_on_commit_callbacks)
    url = link("engagement", "petitions.received", personas.commune_b, *MARCH_2025)
    assert personas.client(personas.leader_a).get(url).status_code == 404


# --- surveys -----------------------------------------------------------------------------------------------------

YEAR_2026 = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))


def _surveys(personas: Personas) -> None:
    imported = questionnaire(personas.commune_a)
    c = campaign(personas.commune_a, imported.version, starts_on=dt.date(2025, 12, 1))
    parts = survey_actions.version_parts(imported.version)
    given = [
        ("qr", dt.date(2026, 3, 2), {"q1": ["hl"], "q2": ["bt"], "gop_y": ["co"], "q3": ["rhl"], "mong_muon": ["gon"]}),
        ("paper", dt.date(2026, 4, 5), {"q1": ["khl"], "gop_y": ["khong"], "mong_muon": ["nhanh", "gon"]}),
        ("online", dt.date(2026, 5, 9), {"q1": ["rhl"], "q2": ["hl"]}),
        ("qr", dt.date(2025, 12, 31), {"q1": ["hl"]}),  # before the period
    ]
    for channel, day, answers in given:
        survey_actions.submit_response(c, channel, answers, day=day, parts=parts)
    other = questionnaire(personas.commune_b)
    survey_actions.submit_response(
        campaign(personas.commune_b, other.version), "qr", {"q1": ["rkhl"]}, day=dt.date(2026, 3, 3)
    )


@pytest.mark.parametrize("who", ["leader_a", "supervisor"])
def test_every_survey_count_opens_exactly_its_forms_or_answers(personas: Personas, who: str) -> None:
    _surveys(personas)
    client = personas.client(getattr(personas, who))
    result = registry.compute("surveys", personas.commune_a, *YEAR_2026)
    assert result["forms"] == 3
    assert check_every_link(client, "surveys", personas.commune_a, *YEAR_2026) > 15
    if who == "supervisor":
        assert registry.compute("surveys", personas.district, *YEAR_2026)["forms"] == 4
        check_every_link(client, "surveys", personas.district, *YEAR_2026)
    for rate in ("satisfaction_rate", "aspects.tiep_can.rate", "questions.q1.rate"):
        assert registry.records_url("surveys", rate, personas.commune_a, *YEAR_2026) is None


# --- programme ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["leader_a", "supervisor"])
def test_every_programme_count_opens_exactly_its_records(records: Personas, who: str) -> None:  # noqa: F811
    client = records.client(getattr(records, who))
    opened = check_every_link(client, "programme", records.commune_a, P_START, P_END)
    assert opened >= 20
    if who == "supervisor":
        assert check_every_link(client, "programme", records.district, P_START, P_END) >= 20
    for none in ("models.share", "models.communes", "inspections.remedies", "inspections.remedied", "unit"):
        assert registry.records_url("programme", none, records.commune_a, P_START, P_END) is None


def test_a_programme_list_of_commune_a_never_holds_commune_b(records: Personas) -> None:  # noqa: F811
    client = records.client(records.supervisor)
    for key in ("documents.total", "activities.meetings", "commitments.officials", "scores.scored"):
        url = registry.records_url("programme", key, records.commune_a, P_START, P_END)
        assert url is not None
        rows = client.get(url).context["page_obj"].paginator.object_list
        assert records.commune_b.pk not in {row.unit_id for row in rows}, key


def test_commune_staff_cannot_open_another_communes_programme_figures(records: Personas) -> None:  # noqa: F811
    client = records.client(records.leader_a)
    url = registry.records_url("programme", "documents.total", records.commune_b, P_START, P_END)
    assert url is not None
    response = client.get(url)
    # The commune B page itself is not found; without it, the scope is refused and nothing is listed.
    assert response.status_code == 404
    only_scope = url.replace("unit=X16015&", "")
    response = client.get(only_scope)
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 0
    assert "Không tìm thấy đơn vị có mã “X16015”" in response.content.decode()


# --- strange filters ---------------------------------------------------------------------------------------------


def _with(url: str, **changes: str) -> str:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    query.update(changes)
    return f"{parts.path}?{urlencode(query)}"


STRANGE_PROGRAMME = [
    ("documents.total", {"from": "32/13/2025"}, "Từ ngày"),
    ("documents.total", {"kind": "<script>"}, "Loại văn bản “<script>” không có"),
    ("documents.total", {"from": "31/12/2025", "to": "01/01/2024"}, "“Từ ngày” phải trước"),
    ("activities.meetings", {"kind": "picnic"}, "Loại hoạt động “picnic” không có"),
    ("activities.meetings", {"scope": "NOPE"}, "Không tìm thấy đơn vị có mã “NOPE”"),
    ("inspections.findings", {"phat_hien": "maybe"}, "phát hiện hạn chế"),
    ("commitments.signed", {"da_ky": "2"}, "đã ký cam kết"),
    ("commitments.signed", {"ngay": "hôm qua"}, "Ngày tính cam kết"),
    ("scores.scored", {"tu_nam": "abc"}, "Khoảng năm"),
    ("scores.by_class.tot", {"class": "xuat_sac"}, "Xếp loại “xuat_sac” không có"),
    ("models.recognised", {"hieu_luc": "99/99/9999"}, "Ngày còn hiệu lực"),
    ("models.by_level.province", {"cap": "world"}, "Cấp công nhận “world” không có"),
]


@pytest.mark.parametrize(("key", "changes", "message"), STRANGE_PROGRAMME)
def test_a_strange_programme_filter_is_said_and_lists_nothing(
    records: Personas,  # noqa: F811
    key: str,
    changes: dict[str, str],
    message: str,
) -> None:
    url = registry.records_url("programme", key, records.commune_a, P_START, P_END)
    assert url is not None
    response = records.client(records.leader_a).get(_with(url, **changes))
    assert response.status_code == 200
    assert message in _decoded(response)
    assert "<script>" not in response.content.decode().split("</header>")[-1].split("<script src")[0]
    assert response.context["page_obj"].paginator.count == 0


def _decoded(response: Any) -> str:
    return html.unescape(response.content.decode())


def test_strange_filters_of_the_other_lists_are_said_not_a_server_error(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    march_scenario(personas.commune_a, personas.commune_b)
    build_march(personas, django_capture_on_commit_callbacks)
    _surveys(personas)
    client = personas.client(personas.leader_a)
    dossiers = registry.records_url("dossiers", "resolved.late", personas.commune_a, *MARCH_2026)
    engagement = registry.records_url("engagement", "petitions.received", personas.commune_a, *MARCH_2025)
    surveys = registry.records_url("surveys", "by_channel.qr", personas.commune_a, *YEAR_2026)
    assert dossiers and engagement and surveys
    cases = [
        (_with(dossiers, figure="everything"), "Chỉ tiêu thống kê không hợp lệ"),
        (_with(dossiers, to="30/02/2026"), "Đến ngày"),
        (_with(dossiers, scope="ZZZ"), "Không tìm thấy đơn vị có mã “ZZZ”"),
        (_with(engagement, key="petitions.everything"), "Không có số liệu “petitions.everything”"),
        (_with(engagement, **{"from": "hôm nay"}), "Từ ngày"),
        (_with(surveys, kenh="fax"), "Kênh “fax” không có"),
        (_with(surveys, thang="2026-13"), "Tháng “2026-13” không hợp lệ"),
    ]
    for url, message in cases:
        response = client.get(url)
        assert response.status_code in (200, 400), url  # the list's own answer to a bad filter: never a 500
        assert message in _decoded(response), (url, message)


def test_a_districts_list_names_each_records_commune_and_its_own_commitment(records: Personas) -> None:  # noqa: F811
    client = records.client(records.supervisor)
    page = client.get(link("programme", "documents.total", records.district, P_START, P_END))
    text = _decoded(page)
    assert "phạm vi thống kê của Huyện Hoằng Hóa" in text
    assert "Văn bản đã ban hành – Huyện Hoằng Hóa</h1>" in text  # the unit the figure counts, not one commune
    assert '<th scope="col">Xã, phường</th>' in text and "Xã Hoằng Quý" in text
    result = registry.compute("programme", records.district, P_START, P_END)
    page = client.get(link("programme", "commitments.officials", records.district, P_START, P_END))
    rows = page.context["rows"]
    # Each official's commitment by their own commune's text in force on the last day (B has its own).
    assert sum(row["signed"] for row in rows) == result["commitments"]["signed"]
    assert len(rows) == result["commitments"]["officials"]
