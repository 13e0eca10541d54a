"""The dashboards (issue 12 item 5): every figure on the page is the registry's figure for its days, counts open
their lists, rates do not; one commune never sees another's; a supervisor sees the communes under them only;
the pages stay within a fixed number of queries; strange query values give a message, never a server error."""

from __future__ import annotations

import datetime as dt
import html as html_lib
import re
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.utils import timezone

from tests.conftest import Personas
from tests.onestop.factories import make_dossier
from thanthien.engagement.models import Petition
from thanthien.letters.models import Letter, LetterKind, LetterStatus, SubjectType
from thanthien.lib import stats
from thanthien.onestop.models import Status
from thanthien.programme.models import RolloutTarget
from thanthien.reports import dashboards
from thanthien.reports.dashboards import Span

pytestmark = pytest.mark.django_db
URL = "/bao-cao/bang-dieu-khien/"
SUPERVISOR_URL = "/bao-cao/bang-dieu-khien/cap-tren/"
FIGURE = re.compile(r'<(a|span) (?:href="([^"]*)" )?data-figure="([^"]+)" data-value="([^"]*)">([^<]*)</')
_seq = iter(range(1, 10**6))


def moment(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


def known_records(p: Personas) -> None:
    """Commune A: today 1 received (not due), 1 open overdue, 1 awaiting a supplement; this month 1 resolved
    early; last month 2 received (1 resolved late); letters (a draft, a delivered one); petitions (one open and
    overdue by no stored step, one resolved). Commune B: a dossier of its own that A must never count."""
    today = timezone.localdate()
    a, b = p.commune_a, p.commune_b
    first = today.replace(day=1)
    last_month = dashboards.shift_months(first, -1)
    now = timezone.now()
    make_dossier(a, received_at=now - dt.timedelta(minutes=5), due_at=now + dt.timedelta(days=3))
    make_dossier(a, received_at=moment(first) - dt.timedelta(days=20), due_at=now - dt.timedelta(hours=1))
    make_dossier(
        a,
        received_at=moment(last_month),
        due_at=now + dt.timedelta(days=1),
        supplement_requested_at=moment(last_month) + dt.timedelta(days=1),
        status=Status.SUPPLEMENT,
    )
    make_dossier(
        a,
        received_at=moment(last_month, 8),
        due_at=moment(last_month, 10),
        resolved_at=moment(last_month, 15),
        status=Status.RESOLVED,
    )
    make_dossier(
        a,
        received_at=moment(first, 8),
        due_at=moment(first) + dt.timedelta(days=5),
        resolved_at=moment(first, 10),
        status=Status.RESOLVED,
    )
    make_dossier(b, received_at=now - dt.timedelta(minutes=10), due_at=now - dt.timedelta(minutes=1))
    for status, day in ((LetterStatus.DRAFT, today), (LetterStatus.DELIVERED, first)):
        Letter.objects.create(
            unit=a, kind=LetterKind.THANKS, status=status, subject_type=SubjectType.CONTRIBUTION,
            subject_id=f"s{next(_seq)}", owed_on=day, letter_date=day if status != LetterStatus.DRAFT else None,
            recipient_name="Người nhận",
        )  # fmt: skip
    for received, resolved in ((first, None), (last_month, first)):
        Petition.objects.create(
            unit=a, number=next(_seq), year=received.year, received_on=received, source="hand",
            kind="recommendation", content="Nội dung", petitioner_name="Lê Văn An", resolved_on=resolved,
            outcome="answered" if resolved else "",
        )  # fmt: skip


def figures_in(html: str, testid: str) -> list[tuple[str | None, str, str, str]]:
    """(link, figure key, value, text) of each figure inside the section `data-testid=testid`."""
    start = html.index(f'data-testid="{testid}"')
    end = html.index("</section>", start)
    return [
        (html_lib.unescape(href) if tag == "a" else None, key, value, html_lib.unescape(text))
        for tag, href, key, value, text in FIGURE.findall(html[start:end])
    ]


def registry_value(subject_key: str, unit: Any, span: Span) -> Any:
    subject, key = subject_key.split(".", 1)
    if subject_key in stats.INDICATORS and stats.INDICATORS[subject_key].read is not None:
        return stats.indicator_value(subject_key, unit, span.start, span.end)  # a count the result does not hold
    try:
        return stats.value_at(stats.compute(subject, unit, span.start, span.end), key)
    except stats.StatsError:
        return None


def same(page_value: str, value: Any) -> bool:
    if value is None:
        return page_value == ""
    return float(page_value) == pytest.approx(float(value))


# --- the commune's dashboard ----------------------------------------------------------------------------------------


def test_the_commune_dashboard_shows_the_registry_figures_of_each_period(personas: Personas) -> None:
    known_records(personas)
    page = personas.client(personas.leader_a).get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    board = page.context["board"]
    unit = personas.commune_a
    sections = {
        "dashboard-queues": [(f.key, board.today) for f in board.queues],
        "dashboard-letters": [(f.key, board.owed) for f in board.letters_owed],
        "dashboard-petitions": [(f.key, board.month) for f in board.petitions_due],
        "dashboard-survey": [(f.key, board.year) for f in [*board.survey, *board.survey_channels]],
        "dashboard-score": [(f.key, board.year) for f in board.score],
    }
    for testid, expected in sections.items():
        shown = figures_in(html, testid)
        assert [key for _, key, _, _ in shown] == [key for key, _ in expected], testid
        for (_, key, value, _), (_, span) in zip(shown, expected, strict=True):
            assert same(value, registry_value(key, unit, span)), (testid, key)
    # This month against the same days of last month: both columns are the registry's.
    shown = figures_in(html, "dashboard-month")
    pairs = list(zip(shown[0::2], shown[1::2], strict=True))
    assert len(pairs) == len(board.comparison)
    for (now, before), change in zip(pairs, board.comparison, strict=True):
        assert now[1] == before[1] == change.current.key
        assert same(now[2], registry_value(now[1], unit, board.month))
        assert same(before[2], registry_value(before[1], unit, board.last_month))
    # The known records, as a person counts them.
    queues = {key: int(value) for _, key, value, _ in figures_in(html, "dashboard-queues")}
    assert queues["dossiers.open_at_end.overdue"] == 1
    assert queues["dossiers.open_at_end.not_due"] == 1
    assert queues["dossiers.awaiting_supplement_at_end"] == 1
    assert queues["dossiers.received.total"] == 1
    owed = {key: int(value) for _, key, value, _ in figures_in(html, "dashboard-letters")}
    assert owed["letters.by_status.draft"] == 1
    petitions = {key: value for _, key, value, _ in figures_in(html, "dashboard-petitions")}
    assert petitions["engagement.petitions.open_at_end"] == "1"


def test_counts_open_their_lists_and_rates_do_not(personas: Personas) -> None:
    known_records(personas)
    client = personas.client(personas.leader_a)
    html = client.get(URL).content.decode()
    shown = [f for testid in ("dashboard-queues", "dashboard-month", "dashboard-letters", "dashboard-petitions")
             for f in figures_in(html, testid)]  # fmt: skip
    rates = [f for f in shown if f[1].endswith("rate")]
    assert rates and all(link is None for link, *_ in rates)
    linked = [f for f in shown if f[0]]
    assert len(linked) >= 15
    board = client.get(URL).context["board"]
    expected = stats.records_url("dossiers", "open_at_end.total", personas.commune_a, *board_span(board))
    assert expected is not None and without_moment(linked[0][0]) == without_moment(expected)
    for link, key, value, _ in linked:
        assert link.startswith("/") and "X16015" not in link
        listed = client.get(link)
        assert listed.status_code == 200, (key, link)
        paginator = listed.context.get("page_obj") if listed.context else None
        if paginator is not None and key.startswith(("dossiers.", "letters.")):
            assert paginator.paginator.count == int(value), (key, link)


def without_moment(url: str) -> tuple[str, list[tuple[str, str]]]:
    """A list's address without the moment "overdue" was judged at (it moves by the second)."""
    parts = urlsplit(url)
    return parts.path, [(k, v) for k, v in parse_qsl(parts.query) if k != "at"]


def board_span(board: Any) -> tuple[dt.date, dt.date]:
    return board.today.start, board.today.end


def test_a_figure_without_a_list_is_plain_text(personas: Personas, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(stats.RECORDS, "dossiers", lambda key, unit, start, end: None)
    html = personas.client(personas.leader_a).get(URL).content.decode()
    assert all(link is None for link, *_ in figures_in(html, "dashboard-queues"))


def test_the_chart_has_its_data_and_a_text_alternative(personas: Personas) -> None:
    known_records(personas)
    html = personas.client(personas.officer_a).get(URL).content.decode()
    assert 'id="chart-month-data"' in html and "<canvas" in html and 'aria-label="Biểu đồ' in html
    assert "vendor/chart.js/chart.umd.js" in html and "reports/dashboard.js" in html
    assert "<script>" not in html  # no inline script under the Content-Security-Policy


def test_the_commune_dashboard_costs_a_fixed_number_of_queries(
    personas: Personas, django_assert_max_num_queries: Any
) -> None:
    """About seventy: fourteen registry computes of five subjects (each asks org.queries.stats_unit_ids for the
    units merged into the commune: fourteen of them are that same small query), whatever the number of records."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    known_records(personas)
    client = personas.client(personas.leader_a)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    known_records(personas)
    known_records(personas)
    with django_assert_max_num_queries(75), CaptureQueriesContext(connection) as many:
        assert client.get(URL).status_code == 200
    assert len(many) == len(few)


# --- scoping ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["officer_a", "leader_a", "front_a"])
def test_one_commune_never_sees_another_communes_dashboard(personas: Personas, who: str) -> None:
    client = personas.client(getattr(personas, who))
    assert client.get(URL, {"unit": "X16015"}).status_code == 404
    assert client.get(URL, {"unit": "P05956"}).status_code == 404
    own = client.get(URL)
    assert own.status_code == 200 and own.context["unit"] == personas.commune_a


def test_commune_b_reads_its_own(personas: Personas) -> None:
    page = personas.client(personas.officer_b).get(URL)
    assert page.context["unit"] == personas.commune_b
    assert personas.client(personas.officer_b).get(URL, {"unit": "X16012"}).status_code == 404


def test_a_supervisor_picks_a_commune_under_them_only(personas: Personas) -> None:
    client = personas.client(personas.supervisor)
    page = client.get(URL, {"unit": "X16015"})
    assert page.status_code == 200 and page.context["unit"] == personas.commune_b
    assert {u.code for u in page.context["choices"]} == {"X16012", "X16015"}
    assert client.get(URL, {"unit": "P05956"}).status_code == 404
    assert personas.client(personas.other_supervisor).get(URL, {"unit": "X16012"}).status_code == 404


def test_commune_staff_do_not_open_the_supervisors_dashboard(personas: Personas) -> None:
    assert personas.client(personas.officer_a).get(SUPERVISOR_URL).status_code == 403
    assert personas.client(None).get(URL).status_code == 302


# --- the supervisor's dashboard -----------------------------------------------------------------------------------


def test_the_supervisor_opens_their_dashboard_at_the_same_address(personas: Personas) -> None:
    known_records(personas)
    page = personas.client(personas.supervisor).get(URL)
    assert page.status_code == 200
    assert page.templates[0].name == "reports/dashboard_supervisor.html"
    assert page.context["unit"] == personas.province


def test_the_supervisor_sees_the_communes_under_them_only(personas: Personas) -> None:
    known_records(personas)
    client = personas.client(personas.supervisor)
    page = client.get(SUPERVISOR_URL)
    assert page.status_code == 200
    board = page.context["board"]
    codes = {s.code for s in board.standings if not s.extra}
    assert codes == {"X16012", "X16015"}
    assert "Phường Vĩnh Trại" not in page.content.decode()
    assert client.get(SUPERVISOR_URL, {"unit": "T20"}).status_code == 404
    assert client.get(SUPERVISOR_URL, {"unit": "H399"}).context["unit"] == personas.district
    other = personas.client(personas.other_supervisor).get(SUPERVISOR_URL, {"unit": "T38"})
    assert other.status_code == 404


def test_the_supervisors_figures_are_the_registrys(personas: Personas) -> None:
    known_records(personas)
    today = timezone.localdate()
    page = personas.client(personas.supervisor).get(SUPERVISOR_URL, {"unit": "H399"})
    board = page.context["board"]
    district = personas.district
    html = page.content.decode()
    shown = figures_in(html, "dashboard-comparison")
    pairs = list(zip(shown[0::2], shown[1::2], strict=True))
    for (now, before), change in zip(pairs, board.comparison, strict=True):
        assert same(now[2], registry_value(change.current.key, district, board.period))
        assert same(before[2], registry_value(change.current.key, district, board.previous))
    # Twelve months, one figure per month and subject, each the registry's for that month.
    assert len(board.months) == 12 and board.months[-1]["span"].end == today
    for month in board.months:
        assert month["received"].value == registry_value("dossiers.received.total", district, month["span"])
        assert month["on_time_rate"].value == registry_value("dossiers.on_time_rate", district, month["span"])
    assert 'id="chart-trend-data"' in html and 'data-chart="trend"' in html


def test_the_roll_out_against_its_targets(personas: Personas) -> None:
    RolloutTarget.objects.create(unit=personas.province, by_date=dt.date(2030, 12, 31), share="1.00")
    page = personas.client(personas.supervisor).get(SUPERVISOR_URL)
    targets = page.context["board"].rollout["targets"]
    assert [(t["by_date"], t["met"], t["missing"]) for t in targets] == [(dt.date(2030, 12, 31), False, 2)]
    assert "Còn thiếu 2 xã, phường" in page.content.decode()


def test_the_supervisors_dashboard_has_a_bounded_cost(personas: Personas, django_assert_max_num_queries: Any) -> None:
    known_records(personas)
    client = personas.client(personas.supervisor)
    with django_assert_max_num_queries(400):
        assert client.get(SUPERVISOR_URL, {"unit": "H399"}).status_code == 200


# --- strange input ------------------------------------------------------------------------------------------------

STRANGE = [
    {"unit": "' OR 1=1 --"},
    {"unit": "x" * 5000},
    {"unit": "X16012\u0301"},
    {"unit": ["X16012", "X16015"]},
    {"from": "99/99/9999"},
    {"from": "31/12/2026", "to": "01/01/2026"},
    {"from": "01/01/1900", "to": "31/12/2100"},
    {"to": "0"},
    {"from": "𝟙/𝟙/𝟚𝟘𝟚𝟞"},
    {"unit": "T38"},
]


@pytest.mark.parametrize("params", STRANGE)
@pytest.mark.parametrize("who,url", [("leader_a", URL), ("supervisor", URL), ("supervisor", SUPERVISOR_URL)])
def test_strange_query_values_never_fail(personas: Personas, params: dict[str, Any], who: str, url: str) -> None:
    response = personas.client(getattr(personas, who)).get(url, params)
    assert response.status_code in (200, 404), response.status_code


def test_a_bad_day_is_said_in_vietnamese(personas: Personas) -> None:
    page = personas.client(personas.supervisor).get(SUPERVISOR_URL, {"from": "99/99/9999"})
    assert page.status_code == 200
    assert "không hợp lệ" in page.content.decode()
    assert "board" not in page.context


def test_a_nul_in_the_query_is_refused_politely(personas: Personas) -> None:
    response = personas.client(personas.leader_a).get(URL, {"unit": "X16012\x00"})
    assert response.status_code in (400, 404)


# --- the periods ----------------------------------------------------------------------------------------------------


def test_the_same_days_of_last_month() -> None:
    assert dashboards.same_days_last_month(dt.date(2026, 3, 31)) == Span(dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    assert dashboards.same_days_last_month(dt.date(2026, 1, 15)) == Span(dt.date(2025, 12, 1), dt.date(2025, 12, 15))
    months = dashboards.last_months(dt.date(2026, 2, 10))
    assert months[0] == Span(dt.date(2025, 3, 1), dt.date(2025, 3, 31)) and months[-1].end == dt.date(2026, 2, 10)
    assert dashboards.same_period_last_year(Span(dt.date(2024, 2, 29), dt.date(2024, 3, 1))) == Span(
        dt.date(2023, 2, 28), dt.date(2023, 3, 1)
    )


# --- the supervisor's table on the roll-up's known district ------------------------------------------------------


def test_each_communes_standing_is_its_registry_figure_and_opens_its_records(personas: Personas) -> None:
    from tests.reports import rollup_data

    rollup_data.build(personas)
    client = personas.client(personas.supervisor)
    period = {"unit": "H399", "from": "01/01/2026", "to": "31/03/2026"}
    page = client.get(SUPERVISOR_URL, period)
    board = page.context["board"]
    span = Span(rollup_data.START, rollup_data.END)
    by_code = {s.code: s for s in board.standings}
    assert set(by_code) == {"X16012", "X16015", None}  # None: the records of the commune moved elsewhere
    for code, commune in (("X16012", personas.commune_a), ("X16015", personas.commune_b)):
        standing = by_code[code]
        for figure in (standing.received, standing.late, standing.letters, standing.petitions_resolved):
            assert figure.value == registry_value(figure.key, commune, span), (code, figure.key)
        assert standing.on_time_rate.value == registry_value("dossiers.on_time_rate", commune, span)
        assert standing.on_time_rate.url is None
    a = by_code["X16012"]
    assert (a.received.value, a.late.value, a.below, a.score_class) == (3, 2, True, "Khá")
    assert not by_code["X16015"].below
    assert a.late.url and f'href="{html_lib.escape(a.late.url)}"' in page.content.decode()
    listed = client.get(a.late.url)
    assert listed.status_code == 200 and listed.context["page_obj"].paginator.count == 2
    # The ranking is the roll-up's: Hoằng Quý (100 %) before Hoằng Hợp (50 %).
    assert [r["code"] for r in board.rankings] == ["X16015", "X16012"]
    # Period against the same period a year before, for the district itself.
    received = board.comparison[0]
    assert received.current.value == registry_value("dossiers.received.total", personas.district, span)
    assert received.previous.value == 0 and received.text == f"+{received.current.value}"


def test_the_commune_sees_its_published_score_so_far(personas: Personas) -> None:
    from tests.reports import rollup_data

    rollup_data.build(personas)
    today = timezone.localdate()
    page = personas.client(personas.leader_a).get(URL)
    text = page.content.decode()
    if today.year == 2026:  # the known scoring is of 2026
        assert "<strong>78,5 điểm</strong>, xếp loại <strong>Khá</strong>" in text
        assert "Được công nhận mô hình cấp huyện" in text
    b = personas.client(personas.officer_b).get(URL).content.decode()
    assert "78,5" not in b and "Được công nhận mô hình cấp tỉnh" in b


def test_a_unit_of_many_communes_reads_its_background_run(personas: Personas, settings: Any) -> None:
    from thanthien.reports.models import RollupRun, RunStatus
    from thanthien.reports.rollup import build_rollup

    settings.REPORTS_ROLLUP_INLINE_LIMIT = 1
    client = personas.client(personas.supervisor)
    period = {"unit": "H399", "from": "01/01/2026", "to": "31/03/2026"}
    page = client.get(SUPERVISOR_URL, period)
    board = page.context["board"]
    assert board.background and not board.standings
    assert "/bao-cao/tong-hop/?unit=H399" in page.content.decode()
    start, end = dt.date(2026, 1, 1), dt.date(2026, 3, 31)
    RollupRun.objects.create(
        unit=personas.district, period_start=start, period_end=end, status=RunStatus.DONE,
        result=build_rollup(personas.district, start, end), finished_at=timezone.now(),
    )  # fmt: skip
    board = client.get(SUPERVISOR_URL, period).context["board"]
    assert board.background and board.run_finished_at is not None
    assert {s.code for s in board.standings} == {"X16012", "X16015"}


def test_a_supervisor_asking_the_commune_address_for_a_district_sees_the_district(personas: Personas) -> None:
    page = personas.client(personas.supervisor).get(URL, {"unit": "H399"})
    assert page.status_code == 200 and page.context["unit"] == personas.district
    assert personas.client(personas.leader_a).get(URL, {"unit": "H399"}).status_code == 404


def test_the_desk_queue_counts_what_is_due_today_and_opens_it(personas: Personas) -> None:
    from django.test import Client
    from django.urls import reverse

    now = timezone.now()
    today_noon = timezone.localtime(now).replace(hour=12, minute=0, second=0, microsecond=0)
    earlier = now - dt.timedelta(days=3)
    make_dossier(personas.commune_a, received_at=earlier, due_at=today_noon, status=Status.PROCESSING)
    make_dossier(personas.commune_a, received_at=earlier, due_at=today_noon, status=Status.RESOLVED,
                 resolved_at=now - dt.timedelta(hours=1))  # fmt: skip
    make_dossier(personas.commune_a, received_at=now, due_at=today_noon + dt.timedelta(days=2))
    make_dossier(personas.commune_b, received_at=earlier, due_at=today_noon, status=Status.PROCESSING)
    client = Client()
    client.force_login(personas.officer_a)
    html = client.get(reverse("reports:dashboard")).content.decode()
    link = re.search(r'<a href="([^"]+)" data-figure="dossiers.due_open" data-value="(\d+)"', html)
    assert link is not None and link.group(2) == "1"
    listed = client.get(link.group(1).replace("&amp;", "&"))
    assert listed.status_code == 200 and listed.context["page_obj"].paginator.count == 1


def test_the_petition_steps_due_this_week_are_counted_and_open_the_queue(personas: Personas, tmp_path: Any) -> None:
    from django.test import Client
    from django.urls import reverse

    from tests.engagement.test_import_registers import PETITIONS
    from thanthien.engagement.importing import PETITION_COLUMNS
    from thanthien.engagement.models import PetitionDeadline
    from thanthien.lib.importing import get_importer, run

    path = tmp_path / "don.csv"
    path.write_bytes((",".join(c.name for c in PETITION_COLUMNS) + "\n" + PETITIONS).encode())
    assert run(get_importer("petitions"), None, personas.commune_a, path).ok
    today = timezone.localdate()
    petitions = list(Petition.objects.filter(unit=personas.commune_a).order_by("pk"))
    PetitionDeadline.objects.filter(petition__unit=personas.commune_a).delete()
    for petition, (days, done) in zip(petitions, ((2, None), (5, None), (3, today), (20, None)), strict=True):
        PetitionDeadline.objects.create(unit=personas.commune_a, petition=petition, step="answer",
                                        due_on=today + dt.timedelta(days=days), done_on=done)  # fmt: skip
    client = Client()
    client.force_login(personas.leader_a)
    html = client.get(reverse("reports:dashboard")).content.decode()
    link = re.search(r'<a href="([^"]+)" data-figure="engagement.steps_due" data-value="(\d+)"', html)
    assert link is not None and link.group(2) == "2"
    listed = client.get(html_lib.unescape(link.group(1)))
    assert listed.status_code == 200 and listed.context["page_obj"].paginator.count == 2
    assert client.get(reverse("engagement:petition_queue"), {"unit": "X16015"}).status_code == 404
