"""Period statistics: exact figures for a hand-built month, boundaries in Vietnam time, roll-up of merged
communes, one SQL query, indexes, and the statistics page's scoping."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import Personas, make_unit
from thanthien.onestop import stats as s
from thanthien.onestop.models import Channel, Dossier, Procedure, Status
from thanthien.org.models import Unit, UnitKind
from thanthien.org.queries import stats_unit_ids

pytestmark = pytest.mark.django_db

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
_codes = itertools.count(1)
MARCH = (dt.date(2026, 3, 1), dt.date(2026, 3, 31))
AFTER_MARCH = dt.datetime(2026, 4, 10, 9, 0, tzinfo=TZ)


def vn(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=TZ)


def dossier(unit: Unit, received: dt.datetime, due: dt.datetime, **fields: Any) -> Dossier:
    values: dict[str, Any] = {
        "unit": unit,
        "procedure": Procedure.objects.get(code=fields.pop("procedure", "1.001193")),
        "code": f"{unit.code}-S-{next(_codes):06d}",
        "pin": "AB23",
        "applicant_name": "Nguyễn Văn Án",
        "received_at": received,
        "due_at": due,
        "status": Status.PROCESSING,
    }
    values.update(fields)
    return Dossier.objects.create(**values)


def march_scenario(unit: Unit, other: Unit) -> None:
    # Not in March at all: finished before it, or received after it.
    dossier(unit, vn(2026, 2, 10, 9), vn(2026, 2, 12, 17), resolved_at=vn(2026, 2, 15, 9), status=Status.RETURNED)
    dossier(unit, vn(2026, 2, 1, 9), vn(2026, 2, 5, 17), ended_at=vn(2026, 2, 2, 9), status=Status.WITHDRAWN)
    dossier(unit, vn(2026, 4, 1, 0, 0), vn(2026, 4, 3, 17))  # 00:00 the day after the period
    dossier(other, vn(2026, 3, 5, 9), vn(2026, 3, 6, 17))  # another commune
    # Carried over from February.
    dossier(unit, vn(2026, 2, 20, 10), vn(2026, 2, 25, 17))  # still open: overdue
    dossier(  # resolved exactly at the due minute: on time
        unit, vn(2026, 2, 27, 9), vn(2026, 3, 3, 17), resolved_at=vn(2026, 3, 3, 17), status=Status.RESOLVED
    )
    dossier(unit, vn(2026, 2, 28, 23, 59, 59), vn(2026, 4, 6, 17))  # a second before the period; not yet due
    # Received in March.
    dossier(unit, vn(2026, 3, 1, 0, 0), vn(2026, 4, 5, 17))  # the first moment of the period; not yet due
    dossier(  # resolved the due day, half an hour after the due moment: late
        unit,
        vn(2026, 3, 5, 9),
        vn(2026, 3, 10, 10),
        resolved_at=vn(2026, 3, 10, 10, 30),
        channel=Channel.POSTAL,
        status=Status.RETURNED,
    )
    dossier(  # resolved a day before the due date: early
        unit,
        vn(2026, 3, 5, 9),
        vn(2026, 3, 12, 17),
        resolved_at=vn(2026, 3, 11, 16),
        channel=Channel.ONLINE_FULL,
        status=Status.RESOLVED,
    )
    # Resolved 06:00 on the due day (still the day before in UTC): on time, not early.
    dossier(unit, vn(2026, 3, 13, 8), vn(2026, 3, 16, 10), resolved_at=vn(2026, 3, 16, 6), status=Status.RESOLVED)
    dossier(  # 23:59 on the last day: received in the period; due in April
        unit, vn(2026, 3, 31, 23, 59), vn(2026, 4, 20, 17), channel=Channel.ONLINE_PARTIAL, status=Status.ACCEPTED
    )
    dossier(unit, vn(2026, 3, 2, 9), vn(2026, 3, 5, 17), ended_at=vn(2026, 3, 4, 9), status=Status.WITHDRAWN)
    dossier(  # asked for papers, none came back
        unit, vn(2026, 3, 10, 9), vn(2026, 3, 13, 17), supplement_requested_at=vn(2026, 3, 12, 9), status=5
    )
    dossier(  # papers came back in April: still awaiting at the end of March
        unit,
        vn(2026, 3, 10, 9),
        vn(2026, 4, 8, 17),
        supplement_requested_at=vn(2026, 3, 11, 9),
        supplement_received_at=vn(2026, 4, 3, 9),
    )
    dossier(  # papers came back in March, then it stayed open past its new due date
        unit,
        vn(2026, 3, 10, 9),
        vn(2026, 3, 20, 17),
        supplement_requested_at=vn(2026, 3, 11, 9),
        supplement_received_at=vn(2026, 3, 16, 9),
    )
    # Resolved in April: open and overdue at the end of March.
    dossier(unit, vn(2026, 3, 20, 9), vn(2026, 3, 25, 17), resolved_at=vn(2026, 4, 2, 9), status=Status.RESOLVED)


EXPECTED_MARCH = {
    "unit": "X16012",
    "from": "2026-03-01",
    "to": "2026-03-31",
    "carried_over": 3,
    "received": {"total": 10, "direct": 7, "postal": 1, "online_partial": 1, "online_full": 1},
    "resolved": {"total": 4, "early": 1, "on_time": 2, "late": 1},
    "open_at_end": {"total": 6, "not_due": 3, "overdue": 3},
    "awaiting_supplement_at_end": 2,
    "withdrawn_or_rejected": 1,
    "on_time_rate": 0.75,
}


def test_exact_figures_for_a_month_with_every_boundary(personas: Personas) -> None:
    march_scenario(personas.commune_a, personas.commune_b)
    result = s.period_stats([personas.commune_a.pk], *MARCH, unit=personas.commune_a, now=AFTER_MARCH)
    assert result == EXPECTED_MARCH
    assert s.identity_holds(result)


def test_overdue_is_judged_at_now_while_the_period_runs(personas: Personas) -> None:
    march_scenario(personas.commune_a, personas.commune_b)
    result = s.period_stats([personas.commune_a.pk], *MARCH, now=vn(2026, 3, 18, 12))
    # Only the February dossier due 25/02 is past due on 18/03; 20/03, 25/03 and April dues are not yet.
    assert result["open_at_end"] == {"total": 6, "not_due": 5, "overdue": 1}
    assert result["unit"] is None


def test_single_days_and_empty_periods(personas: Personas) -> None:
    march_scenario(personas.commune_a, personas.commune_b)
    last_day = s.period_stats([personas.commune_a.pk], dt.date(2026, 3, 31), dt.date(2026, 3, 31), now=AFTER_MARCH)
    assert last_day["received"]["total"] == 1  # 23:59 on 31/03, not 00:00 on 01/04
    first_of_april = s.period_stats([personas.commune_a.pk], dt.date(2026, 4, 1), dt.date(2026, 4, 1), now=AFTER_MARCH)
    assert first_of_april["received"]["total"] == 1
    assert first_of_april["carried_over"] == EXPECTED_MARCH["open_at_end"]["total"] + 2  # type: ignore[index]
    nothing = s.period_stats([personas.commune_c.pk], *MARCH)
    assert nothing["on_time_rate"] is None
    assert s.period_stats([], *MARCH)["received"]["total"] == 0


def test_period_stats_is_one_query(personas: Personas, django_assert_num_queries: Any) -> None:
    march_scenario(personas.commune_a, personas.commune_b)
    ids = stats_unit_ids(personas.district)
    with django_assert_num_queries(1):
        s.period_stats(ids, *MARCH, unit=personas.district, now=AFTER_MARCH)


def test_breakdowns_add_up_to_the_total(personas: Personas) -> None:
    march_scenario(personas.commune_a, personas.commune_b)
    officer = personas.officer_a
    Dossier.objects.filter(unit=personas.commune_a, channel=Channel.DIRECT).update(received_by=officer)
    dossier(
        personas.commune_a, vn(2026, 3, 9, 9), vn(2026, 3, 9, 17), procedure="2.000927"
    )  # another field (Chứng thực)
    ids = [personas.commune_a.pk]
    total = s.flatten(s.period_stats(ids, *MARCH, now=AFTER_MARCH))
    for by in (s.stats_by_channel, s.stats_by_field, s.stats_by_procedure, s.stats_by_officer):
        rows = by(ids, *MARCH, now=AFTER_MARCH)
        assert s.sum_rows(rows) == total, by.__name__
    channels = s.stats_by_channel(ids, *MARCH, now=AFTER_MARCH)
    assert [r["label"] for r in channels] == [
        "Trực tiếp",
        "Bưu chính công ích",
        "Trực tuyến một phần",
        "Trực tuyến toàn trình",
    ]
    assert channels[1]["stats"]["resolved"] == {"total": 1, "early": 0, "on_time": 0, "late": 1}
    officers = s.stats_by_officer(ids, *MARCH, now=AFTER_MARCH)
    assert officers[0]["label"] == "Lê Thị Hoa" and officers[-1]["key"] is None
    fields = {r["label"] for r in s.stats_by_field(ids, *MARCH, now=AFTER_MARCH)}
    assert "Hộ tịch" in fields and len(fields) == 2


def test_units_for_stats_follow_merges_and_the_tree(personas: Personas) -> None:
    merged = make_unit(
        "X9", "Xã Cũ", UnitKind.COMMUNE, personas.district, valid_to=dt.date(2025, 6, 30), successor=personas.commune_a
    )
    older = make_unit("X8", "Xã Rất Cũ", UnitKind.COMMUNE, None, valid_to=dt.date(2020, 1, 1), successor=merged)
    assert stats_unit_ids(personas.commune_a) == {personas.commune_a.pk, merged.pk, older.pk}
    assert stats_unit_ids(personas.commune_b) == {personas.commune_b.pk}
    assert stats_unit_ids(personas.province) == {
        personas.province.pk,
        personas.district.pk,
        personas.commune_a.pk,
        personas.commune_b.pk,
        merged.pk,
        older.pk,  # outside the tree, but merged into a commune of it
    }


def test_merged_commune_rolls_up_into_its_successor(personas: Personas) -> None:
    merged = make_unit(
        "X9", "Xã Cũ", UnitKind.COMMUNE, personas.district, valid_to=dt.date(2026, 2, 28), successor=personas.commune_a
    )
    dossier(merged, vn(2026, 2, 20, 9), vn(2026, 2, 27, 17))  # carried over into March, open and overdue
    dossier(merged, vn(2026, 2, 21, 9), vn(2026, 3, 2, 17), resolved_at=vn(2026, 3, 2, 9), status=Status.RESOLVED)
    dossier(personas.commune_a, vn(2026, 3, 3, 9), vn(2026, 3, 5, 17))
    dossier(personas.commune_b, vn(2026, 3, 3, 9), vn(2026, 3, 5, 17), resolved_at=vn(2026, 3, 4, 9), status=9)

    rows = s.stats_by_commune(personas.district, *MARCH, now=AFTER_MARCH)
    by_code = {r["key"]: r for r in rows}
    assert set(by_code) == {"X16012", "X16015"}  # the merged commune is no longer a row of its own
    a = by_code["X16012"]["stats"]
    assert (a["carried_over"], a["received"]["total"], a["resolved"]["total"], a["open_at_end"]["overdue"]) == (
        2,
        1,
        1,
        2,
    )
    assert s.identity_holds(a)
    assert by_code["X16015"]["stats"]["resolved"]["early"] == 1
    district = s.period_stats(stats_unit_ids(personas.district), *MARCH, now=AFTER_MARCH)
    assert s.sum_rows(rows) == s.flatten(district)
    # The commune's own figures include what was merged into it.
    assert s.dossier_stats(personas.commune_a, *MARCH)["carried_over"] == 2

    # For a period before the merger, the old commune still has its own row.
    february = s.stats_by_commune(personas.district, dt.date(2026, 2, 1), dt.date(2026, 2, 28), now=AFTER_MARCH)
    assert {r["key"] for r in february} == {"X16012", "X16015", "X9"}
    assert next(r for r in february if r["key"] == "X9")["stats"]["received"]["total"] == 2


def test_stats_registered_for_the_cli() -> None:
    from thanthien.lib.stats import STATS

    assert STATS["dossiers"].compute is s.dossier_stats


def _plan(sql: str) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")  # a tiny test table would be read whole anyway
            cursor.execute("EXPLAIN " + sql)
            return "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("EXPLAIN QUERY PLAN " + sql)
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


def test_the_aggregate_reads_through_the_unit_received_index(personas: Personas) -> None:
    march_scenario(personas.commune_a, personas.commune_b)
    with CaptureQueriesContext(connection) as ctx:
        s.period_stats([personas.commune_a.pk, personas.commune_b.pk], *MARCH, now=AFTER_MARCH)
    assert "dossier_unit_received" in _plan(ctx.captured_queries[0]["sql"])


# --- the page -------------------------------------------------------------------------------------------

URL = "/mot-cua/thong-ke/"


def test_page_defaults_to_the_users_commune_and_this_year(personas: Personas) -> None:
    response = personas.client(personas.officer_a).get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Xã Hoằng Hợp (X16012)" in html
    assert "Tồn kỳ trước chuyển sang" in html and "Kiểm tra cân đối" in html and "✓" in html
    for label in ("Tháng này", "Quý này", "Năm nay", "6 tháng đầu năm"):
        assert label in html
    assert "Theo xã, phường" not in html  # a commune has no commune breakdown


def test_page_shows_figures_in_vietnamese_format(personas: Personas) -> None:
    march_scenario(personas.commune_a, personas.commune_b)
    response = personas.client(personas.leader_a).get(URL, {"unit": "X16012", "from": "01/03/2026", "to": "31/03/2026"})
    assert response.status_code == 200
    assert response.context["stats"]["carried_over"] == 3
    html = response.content.decode()
    assert "75,00 %" in html
    assert "Tồn + Tiếp nhận = 3 + 10 = 13" in html


def test_other_commune_is_not_found(personas: Personas) -> None:
    march_scenario(personas.commune_a, personas.commune_b)
    response = personas.client(personas.officer_a).get(URL, {"unit": "X16015"})
    assert response.status_code == 404
    assert personas.client(personas.other_supervisor).get(URL, {"unit": "X16012"}).status_code == 404


def test_supervisor_sees_both_communes_rolled_up(personas: Personas) -> None:
    march_scenario(personas.commune_a, personas.commune_b)
    response = personas.client(personas.supervisor).get(URL, {"from": "01/03/2026", "to": "31/03/2026"})
    assert response.status_code == 200
    assert response.context["unit"] == personas.province
    html = response.content.decode()
    assert "Theo xã, phường" in html and "Xã Hoằng Hợp" in html and "Xã Hoằng Quý" in html
    assert response.context["stats"]["received"]["total"] == 11
    district = personas.client(personas.supervisor).get(URL, {"unit": "H399", "from": "01/03/2026", "to": "31/03/2026"})
    assert district.status_code == 200


def test_bad_dates_give_a_vietnamese_message(personas: Personas) -> None:
    client = personas.client(personas.officer_a)
    response = client.get(URL, {"from": "31/02/2026", "to": "abc"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "không hợp lệ" in html and "stats-summary" not in html
    reversed_ = client.get(URL, {"from": "31/03/2026", "to": "01/03/2026"})
    assert "phải trước hoặc trùng" in reversed_.content.decode()
    unknown = client.get(URL, {"unit": "KHONG-CO"})
    assert unknown.status_code == 200 and "Không tìm thấy đơn vị" in unknown.content.decode()


def test_page_needs_a_role(personas: Personas) -> None:
    assert personas.client(None).get(URL).status_code == 302
    assert personas.client(personas.sysadmin).get(URL).status_code == 200
