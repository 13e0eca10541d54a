"""Every figure of the statistics page opens the list of exactly the dossiers it counts; the by-commune table
comes first for a supervisor and sorts; the statistics export to XLSX and PDF; a chart with its table."""

from __future__ import annotations

import datetime as dt
import html as html_lib
import io
import re

import pytest
from openpyxl import load_workbook

from tests.conftest import Personas, make_unit
from tests.onestop.test_stats import dossier, march_scenario, vn
from thanthien.onestop.models import Status
from thanthien.org.models import UnitKind

pytestmark = pytest.mark.django_db
URL = "/mot-cua/thong-ke/"
PERIOD = {"from": "01/03/2026", "to": "31/03/2026"}
FIGURE_LINK = re.compile(r'<a href="([^"]+)" data-figure>([\d.]+)</a>')


def figure_links(html: str) -> list[tuple[str, int]]:
    return [(html_lib.unescape(url), int(n.replace(".", ""))) for url, n in FIGURE_LINK.findall(html)]


def with_merger(personas: Personas) -> None:
    """March with every kind of dossier in commune A, one in B, and a commune merged into A on 28/02/2026."""
    march_scenario(personas.commune_a, personas.commune_b)
    merged = make_unit(
        "X9", "Xã Cũ", UnitKind.COMMUNE, personas.district, valid_to=dt.date(2026, 2, 28), successor=personas.commune_a
    )
    dossier(merged, vn(2026, 2, 20, 9), vn(2026, 2, 27, 17))
    dossier(merged, vn(2026, 2, 21, 9), vn(2026, 3, 2, 17), resolved_at=vn(2026, 3, 2, 9), status=Status.RESOLVED)
    dossier(personas.commune_b, vn(2026, 3, 3, 9), vn(2026, 3, 5, 17), resolved_at=vn(2026, 3, 4, 9), status=9)


@pytest.mark.parametrize("who", ["supervisor", "leader_a"])
def test_every_figure_opens_the_list_of_its_dossiers(personas: Personas, who: str) -> None:
    with_merger(personas)
    client = personas.client(getattr(personas, who))
    page = client.get(URL, PERIOD)
    assert page.status_code == 200
    links = figure_links(page.content.decode())
    # Summary (15), five tables for a supervisor / four for a commune, and their totals: many links.
    assert len(links) > (60 if who == "supervisor" else 40)
    for url, figure in links:
        listed = client.get(url)
        assert listed.status_code == 200, url
        assert not listed.context["errors"], (url, listed.context["errors"])
        assert listed.context["page_obj"].paginator.count == figure, url


def test_the_list_says_which_figure_it_shows(personas: Personas) -> None:
    with_merger(personas)
    client = personas.client(personas.supervisor)
    links = dict(figure_links(client.get(URL, PERIOD).content.decode()))
    url = next(u for u in links if "figure=resolved_late" in u and "unit=X16012" in u)
    html = client.get(url).content.decode()
    assert "chỉ tiêu “giải quyết quá hạn”, kỳ từ 01/03/2026 đến 31/03/2026" in html
    assert "đơn vị: Xã Hoằng Hợp (gồm đơn vị đã sáp nhập vào)" in html


def test_the_by_commune_table_comes_first_for_a_supervisor_and_sorts(personas: Personas) -> None:
    with_merger(personas)
    client = personas.client(personas.supervisor)
    response = client.get(URL, PERIOD)
    html = response.content.decode()
    assert html.index('id="theo-xa"') < html.index('id="summary-h"') < html.index('id="theo-kenh"')
    assert [r["key"] for r in response.context["tables"][0]["rows"]] == ["X16012", "X16015"]  # A before Q
    by_received = client.get(URL, {**PERIOD, "csort": "received_total"})
    assert [r["key"] for r in by_received.context["tables"][0]["rows"]] == ["X16015", "X16012"]
    descending = client.get(URL, {**PERIOD, "csort": "-received_total"})
    assert [r["key"] for r in descending.context["tables"][0]["rows"]] == ["X16012", "X16015"]
    cells = re.findall(r'<th scope="col"[^>]*aria-sort="(\w+)"[^>]*><a href="([^"]+)"', descending.content.decode())
    assert [(sort, "csort=received_total" in url) for sort, url in cells] == [("descending", True)]
    # A commune's page keeps its summary first and has no commune table.
    commune = personas.client(personas.officer_a).get(URL, PERIOD).content.decode()
    assert 'id="theo-xa"' not in commune and commune.index('id="summary-h"') < commune.index('id="theo-kenh"')


def test_the_chart_reads_its_data_from_json_and_has_a_table(personas: Personas) -> None:
    with_merger(personas)
    response = personas.client(personas.supervisor).get(URL, PERIOD)
    html = response.content.decode()
    assert '<script id="stats-chart-data" type="application/json">' in html
    assert "vendor/chart.js/chart.umd.js" in html and "onestop/stats-chart.js" in html
    assert re.search(r'<canvas id="stats-chart" role="img" aria-label="[^"]+bảng', html)
    assert 'href="#theo-xa"' in html  # the accessible alternative: the table behind the chart
    assert not re.search(r"<script(?![^>]*(src=|application/json))[^>]*>", html)  # no inline script
    chart = response.context["chart"]
    assert chart["labels"] == ["Xã Hoằng Hợp", "Xã Hoằng Quý"]
    assert chart["series"][2]["data"] == [1, 0]  # resolved late


def test_statistics_export_to_xlsx(personas: Personas) -> None:
    with_merger(personas)
    response = personas.client(personas.supervisor).get(f"{URL}xuat.xlsx", PERIOD)
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames[:2] == ["Tổng hợp", "Theo xã, phường"]
    summary = {row[0]: row[1] for row in book["Tổng hợp"].iter_rows(min_row=2, values_only=True) if row and row[0]}
    page = personas.client(personas.supervisor).get(URL, PERIOD).context["stats"]
    assert summary["Tiếp nhận trong kỳ"] == page["received"]["total"]
    communes = list(book["Theo xã, phường"].iter_rows(values_only=True))
    assert communes[0][:3] == ("Đơn vị", "Tồn kỳ trước", "Tiếp nhận")
    assert communes[0][3] == "Đã giải quyết – Tổng"
    assert communes[-1][0] == "Tổng cộng" and communes[-1][2] == page["received"]["total"]


def test_statistics_export_to_pdf_in_the_official_layout(personas: Personas) -> None:
    from pypdf import PdfReader

    with_merger(personas)
    response = personas.client(personas.supervisor).get(f"{URL}xuat.pdf", PERIOD)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "BÁO CÁO" in text
    assert "UBND TỈNH THANH HÓA" in text and "từ ngày 01/03/2026 đến ngày 31/03/2026" in text
    assert "Xã Hoằng Hợp" in text and "Tổng cộng" in text


def test_statistics_exports_refuse_bad_dates(personas: Personas) -> None:
    response = personas.client(personas.officer_a).get(f"{URL}xuat.xlsx", {"from": "99/99/2026"})
    assert response.status_code == 400 and "Từ ngày “99/99/2026” không hợp lệ" in response.content.decode()
    assert personas.client(personas.officer_a).get(f"{URL}xuat.pdf", {"unit": "X16015"}).status_code == 404


def test_figures_without_a_period_are_refused(personas: Personas) -> None:
    response = personas.client(personas.officer_a).get("/mot-cua/", {"figure": "resolved_total", "from": "01/03/2026"})
    assert response.context["errors"] == ["Chỉ tiêu thống kê cần cả “Từ ngày” và “Đến ngày” của kỳ."]


def test_a_running_period_is_judged_at_the_moment_of_the_figures(personas: Personas) -> None:
    from django.utils import timezone

    now = timezone.now()
    dossier(personas.commune_a, now - dt.timedelta(days=1), now + dt.timedelta(hours=1))
    client = personas.client(personas.officer_a)
    today = timezone.localdate()
    week = today + dt.timedelta(days=7)  # a period still running well after the moments below
    links = figure_links(client.get(URL, {"from": f"{today:%d/%m/%Y}", "to": f"{week:%d/%m/%Y}"}).content.decode())
    url = next(u for u, n in links if "figure=open_not_due" in u and n == 1)
    assert client.get(url).context["page_obj"].paginator.count == 1
    # Two hours later the same dossier is overdue: the link still shows what the figure counted then.
    later = str(int((now + dt.timedelta(hours=2)).timestamp()))
    moved = re.sub(r"at=\d+", f"at={later}", url)
    assert client.get(moved).context["page_obj"].paginator.count == 0
    assert client.get(moved.replace("open_not_due", "open_overdue")).context["page_obj"].paginator.count == 1


def test_the_fronts_readers_see_figures_without_links_to_dossiers(personas: Personas) -> None:
    with_merger(personas)
    html = personas.client(personas.front_a).get(URL, PERIOD).content.decode()
    assert "Tồn kỳ trước chuyển sang" in html and figure_links(html) == []
    assert personas.client(personas.front_a).get("/mot-cua/").status_code == 403
