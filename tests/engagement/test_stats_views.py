"""The page "Thống kê tiếp công dân, đơn thư": the figures and the 01/TCD and 01/XLD tables of a period, a list
behind every number holding exactly what it counts, masked for supervisors; who may open what; bad input."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.urls import reverse

from tests.conftest import Personas
from tests.engagement.test_stats import build_march

pytestmark = pytest.mark.django_db

PAGE = reverse("engagement:stats")
LIST = reverse("engagement:stats_records")
MARCH = {"unit": "X16012", "from": "01/03/2025", "to": "31/03/2025"}


@pytest.fixture
def march(personas: Personas, django_capture_on_commit_callbacks: Any) -> Personas:
    build_march(personas, django_capture_on_commit_callbacks)
    return personas


def figure_links(html: str) -> dict[str, str]:
    return {key: href.replace("&amp;", "&") for href, key in re.findall(r'href="([^"]+)" data-figure="([^"]+)"', html)}


def test_the_page_shows_the_figures_and_both_forms(march: Personas, django_assert_max_num_queries: Any) -> None:
    client = march.client(march.leader_a)
    with django_assert_max_num_queries(25):
        response = client.get(PAGE, MARCH)
    html = response.content.decode()
    assert response.status_code == 200
    for text in (
        "Thống kê tiếp công dân, đơn thư",
        "Mẫu 01/TCD – Kết quả tiếp công dân",
        "Mẫu 01/XLD – Tiếp nhận, phân loại đơn",
        "Mẫu 01/XLD – Kết quả xử lý đơn",
        "Đơn kỳ trước chuyển sang",
        "66,67 %",  # resolution rate 6/9
        "50,00 %",  # opinions answered 2/4
        "Tiếp thường xuyên",
        "Đoàn đông người",
    ):
        assert text in html, text
    assert "= 9;" in html and "khớp" in html
    links = figure_links(html)
    # Every non-zero count is a link, the form cells included; zeros and rates are not.
    assert {"petitions.open_at_end", "tcd.regular.group_people", "xld.total", "receptions.people"} <= set(links)
    assert "petitions.by_kind.denunciation" not in links


def test_each_number_opens_exactly_its_records(march: Personas) -> None:
    client = march.client(march.leader_a)
    links = figure_links(client.get(PAGE, MARCH).content.decode())
    response = client.get(links["petitions.open_at_end"])
    html = response.content.decode()
    assert response.status_code == 200
    assert "Đơn thư: Đang xử lý cuối kỳ" in html and "3 bản ghi" in html
    assert html.count("Lê Văn An") == 3  # the unit's own staff see the petitioner
    visits = client.get(links["tcd.regular.visits"]).content.decode()
    assert "2 bản ghi" in visits and "Nguyễn Văn Án" in visits and "Hoàng Văn Bình" not in visits


def test_a_supervisor_reads_the_district_with_names_masked(march: Personas) -> None:
    client = march.client(march.supervisor)
    page = client.get(PAGE, {**MARCH, "unit": "H399"}).content.decode()
    assert "cộng số liệu các xã, phường trực thuộc" in page
    links = figure_links(page)
    visits = client.get(links["receptions.visits"]).content.decode()
    assert "4 bản ghi" in visits  # A's three and B's one
    assert "Nguyễn Văn Án" not in visits and "Nguyễn V. Á." in visits
    assert "Hoàng Văn Bình" not in visits


def test_another_commune_is_not_found_and_a_desk_officer_is_refused(march: Personas) -> None:
    assert march.client(march.officer_b).get(PAGE, MARCH).status_code == 403  # no engagement role at all
    front_b_like = march.client(march.other_supervisor)
    assert front_b_like.get(PAGE, MARCH).status_code == 404
    assert front_b_like.get(LIST, {**MARCH, "key": "petitions.received"}).status_code == 404


def test_mttq_sees_the_figures_but_opens_no_petition_list(march: Personas) -> None:
    client = march.client(march.front_a)
    page = client.get(PAGE, MARCH)
    assert page.status_code == 200
    links = figure_links(page.content.decode())
    assert "petitions.received" not in links and "dialogues.held" in links
    assert client.get(LIST, {**MARCH, "key": "petitions.received"}).status_code == 403
    assert client.get(links["dialogues.held"]).status_code == 200


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"key": "petitions.khong_co"}, "Không có số liệu “petitions.khong_co”"),
        ({"key": "petitions.received", "from": "31/02/2025"}, "Từ ngày “31/02/2025” không hợp lệ"),
        ({"key": "petitions.received", "from": "01/04/2025"}, "“Từ ngày” phải trước hoặc trùng “Đến ngày”."),
        ({"key": "petitions.received", "unit": "KHONG"}, "Không tìm thấy đơn vị có mã “KHONG”"),
    ],
)
def test_bad_input_gets_a_vietnamese_message(march: Personas, params: dict[str, str], message: str) -> None:
    response = march.client(march.leader_a).get(LIST, {**MARCH, **params})
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_bad_day_on_the_page_is_said_not_ignored(march: Personas) -> None:
    response = march.client(march.leader_a).get(PAGE, {**MARCH, "to": "99/99/2025"})
    assert response.status_code == 200
    assert "Đến ngày “99/99/2025” không hợp lệ" in response.content.decode()


def test_lists_paginate_and_an_odd_page_number_is_no_error(march: Personas) -> None:
    client = march.client(march.leader_a)
    for page in ("2", "x", "²", "-1", "99999999999999999999"):
        assert client.get(LIST, {**MARCH, "key": "petitions.received", "page": page}).status_code == 200


def test_the_figures_as_xlsx(march: Personas) -> None:
    response = march.client(march.reception_a).get(reverse("engagement:stats_xlsx"), MARCH)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    refused = march.client(march.reception_a).get(reverse("engagement:stats_xlsx"), {**MARCH, "from": "x"})
    assert refused.status_code == 400 and "Từ ngày “x” không hợp lệ" in refused.content.decode()


def test_a_district_page_compares_its_communes_and_their_rows_add_up(
    march: Personas, django_assert_max_num_queries: Any
) -> None:
    client = march.client(march.supervisor)
    client.get(PAGE, MARCH)  # the session and the user's memberships, once
    with django_assert_max_num_queries(30):  # the totals (6), the same grouped by unit (6), units, memberships
        html = client.get(PAGE, {**MARCH, "unit": "H399"}).content.decode()
    table = html[html.index('data-testid="theo-xa"') : html.index("</table>", html.index('data-testid="theo-xa"'))]
    assert "Xã Hoằng Hợp" in table and "Xã Hoằng Quý" in table and "Tổng cộng" in table
    b_received = re.search(r'href="([^"]*unit=X16015[^"]*)" data-figure="petitions.received">1<', table)
    assert b_received is not None
    listed = client.get(b_received.group(1).replace("&amp;", "&")).content.decode()
    assert "1 bản ghi" in listed and "Tố cáo" in listed
    # A's 6 and B's 1 received petitions: the total row is the district's own figure.
    assert re.search(r'unit=H399[^"]*" data-figure="petitions.received">7<', table)


def test_by_unit_figures_add_up_to_the_total(march: Personas) -> None:
    from thanthien.engagement import stats as s

    ids = s.stats_unit_ids(march.district)
    per_unit = s.flat_figures_by_unit(ids, dt.date(2025, 3, 1), dt.date(2025, 3, 31))
    total = s.flat_figures(ids, dt.date(2025, 3, 1), dt.date(2025, 3, 31))
    assert {k: sum(row[k] for row in per_unit.values()) for k in total} == total
