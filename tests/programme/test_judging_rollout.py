"""Roll-out (issue 11 item 9): targets per supervising unit entered as a percent by that unit's supervisors,
progress on any day over the communes under it that day — share, met or not, communes still missing — against a
hand count, and the rankings read through the statistics registry with a bounded number of queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from tests.conftest import Personas, make_unit
from thanthien.org.models import UnitKind
from thanthien.programme import actions_judging as actions
from thanthien.programme.models import CriteriaSet, Recognition, RolloutTarget, Scoring
from thanthien.programme.rollout_judging import progress, rankings

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _recognise(unit: object, level: str, day: dt.date, number: str, review_on: dt.date | None = None) -> None:
    Recognition.objects.create(unit=unit, level=level, decided_on=day, decision_number=number, review_on=review_on)


@pytest.fixture
def seven(personas: Personas) -> list[object]:
    """Seven communes under the province: the two personas' and five more under the district."""
    extra = [make_unit(f"X5000{i}", f"Xã Thử {i}", UnitKind.COMMUNE, personas.district) for i in range(5)]
    return [personas.commune_a, personas.commune_b, *extra]


def test_share_met_and_missing_against_a_hand_count(personas: Personas, seven: list[object]) -> None:
    a, b, c, d, *_ = seven
    day = dt.date(2026, 3, 1)
    _recognise(a, "district", dt.date(2023, 1, 5), "1/QĐ-UBND")
    _recognise(a, "province", dt.date(2024, 1, 5), "2/QĐ-UBND")  # a: once, at the province level
    _recognise(b, "district", dt.date(2024, 6, 5), "3/QĐ-UBND")
    _recognise(c, "district", dt.date(2022, 6, 5), "4/QĐ-UBND", review_on=dt.date(2025, 6, 5))  # lapsed by the day
    _recognise(d, "province", dt.date(2026, 3, 2), "5/QĐ-UBND")  # decided after the day
    _recognise(personas.commune_c, "province", dt.date(2024, 1, 1), "6/QĐ-UBND")  # another province's
    for by, share in ((dt.date(2025, 12, 31), "0.5"), (dt.date(2030, 12, 31), "1"), (dt.date(2024, 12, 31), "0.25")):
        actions.record_target(personas.supervisor, personas.province, {"by_date": by, "share": Decimal(share)})
    result = progress(personas.province, day)
    # by hand: 7 communes, a (province) and b (district) recognised on 01/03/2026 → 2/7
    assert len(result.communes) == 7 and result.recognised == 2
    assert result.by_level == {"province": 1, "district": 1}
    assert result.share == pytest.approx(2 / 7)
    rows = [(t.target.by_date.year, t.needed, t.met, t.missing) for t in result.targets]
    # 25 % of 7 → 2 communes (met), 50 % → 4 (2 missing), 100 % → 7 (5 missing)
    assert rows == [(2024, 2, True, 0), (2025, 4, False, 2), (2030, 7, False, 5)]
    assert sorted(u.code for u in result.missing_communes) == sorted(u.code for u in seven[2:])  # type: ignore[attr-defined]
    page = personas.client(personas.supervisor).get(reverse("programme:rollout"), {"unit": "T38", "ngay": "01/03/2026"})
    html = page.content.decode()
    assert "2/7 xã, phường được công nhận" in html and "28,6 %" in html
    assert html.count("Chưa đạt") == 2 and html.count("Đã đạt") == 1
    # the next day d's decision counts too
    assert progress(personas.province, dt.date(2026, 3, 2)).recognised == 3


def test_progress_follows_the_units_valid_on_the_day(personas: Personas) -> None:
    merged = make_unit("X60001", "Xã Cũ", UnitKind.COMMUNE, personas.district, valid_to=dt.date(2025, 6, 30))
    new = make_unit("X60002", "Xã Mới", UnitKind.COMMUNE, personas.province, valid_from=dt.date(2025, 7, 1))
    _recognise(merged, "district", dt.date(2024, 2, 2), "1/QĐ-UBND")
    before = progress(personas.province, dt.date(2025, 6, 30))
    after = progress(personas.province, dt.date(2025, 7, 1))
    assert merged in before.communes and new not in before.communes and before.recognised == 1
    assert merged not in after.communes and new in after.communes and after.recognised == 0


def test_targets_are_set_as_a_percent_by_the_units_own_supervisors(personas: Personas) -> None:
    client = personas.client(personas.supervisor)
    url = reverse("programme:rollout_target_create")
    bad = client.post(url, {"unit": "T38", "by_date": "31/12/2025", "share_percent": "150"})
    assert "không quá 100 %" in bad.content.decode()
    long = client.post(url, {"unit": "T38", "by_date": "31/12/2025", "share_percent": "9" * 30})
    assert long.status_code < 500 and "(%) dài quá" in long.content.decode()  # a "%" in the label is no format
    old = client.post(url, {"unit": "T38", "by_date": "31/12/1800", "share_percent": "50"})
    assert "năm phải trong khoảng 2000–2100" in old.content.decode()
    assert client.post(url, {"unit": "T38", "by_date": "31/12/2025", "share_percent": "12,5"}).status_code == 302
    target = RolloutTarget.objects.get()
    assert target.share == Decimal("0.125") and target.unit == personas.province
    twice = client.post(url, {"unit": "T38", "by_date": "31/12/2025", "share_percent": "50"})
    assert "Đã có chỉ tiêu đến ngày 31/12/2025" in twice.content.decode()
    edit = reverse("programme:rollout_target_edit", args=[target.pk])
    assert client.post(edit, {"by_date": "31/12/2025", "share_percent": "50 %"}).status_code == 302
    target.refresh_from_db()
    assert target.share == Decimal("0.5")
    # the province's supervisor sets the province's targets, not a district's; another province's none
    assert client.get(url, {"unit": "H399"}).status_code == 403
    with pytest.raises(PermissionDenied):
        actions.record_target(personas.supervisor, personas.district, {"by_date": TODAY, "share": Decimal("0.5")})
    other = personas.client(personas.other_supervisor)
    assert other.get(edit).status_code == 404
    assert other.get(url, {"unit": "T38"}).status_code == 404
    assert other.get(reverse("programme:rollout"), {"unit": "T38"}).status_code == 404
    assert personas.client(personas.leader_a).get(reverse("programme:rollout")).status_code == 403


def test_rankings_by_score_and_the_registry_indicators(personas: Personas, seven: list[object]) -> None:
    criteria = CriteriaSet.objects.create(unit=personas.province, code="BG", name="Bộ", valid_from=dt.date(2023, 1, 1))
    for unit, year, total in ((seven[0], 2025, "71"), (seven[1], 2025, "88.5"), (seven[2], 2024, "99")):
        Scoring.objects.create(
            unit=unit, year=year, criteria_set=criteria, status="published", verified_total=Decimal(total)
        )
    ranked = rankings(progress(personas.province, TODAY).communes, TODAY)
    score = ranked[0]
    assert score.title == "Điểm thẩm định năm 2025"
    assert [(u.code, v) for u, v in score.rows[:2]] == [("X16015", Decimal("88.5")), ("X16012", Decimal("71"))]
    assert all(v is None for _, v in score.rows[2:])  # 2024's score is not the latest year
    assert [r.key for r in ranked[1:]] == [
        "dossiers.on_time_rate",
        "surveys.satisfaction_rate",
        "engagement.petition_resolution_rate",
    ]
    assert all(len(r.rows) == 7 for r in ranked)


def test_the_roll_out_page_keeps_its_queries_bounded(
    personas: Personas,
    seven: list[object],
    django_assert_max_num_queries,  # type: ignore[no-untyped-def]
) -> None:
    """One indicator_value per commune and indicator (measured: about 17 queries per commune for the three, whatever
    its records; 46 queries for 2 communes, 131 for 7), plus a dozen for the page itself: a province of ~100
    communes is some 1,700 queries. The bound pins the per-commune cost."""
    client = personas.client(personas.supervisor)
    client.get(reverse("programme:rollout"), {"unit": "T38"})  # warm the session and caches
    with django_assert_max_num_queries(15 + 7 * 18):
        response = client.get(reverse("programme:rollout"), {"unit": "T38"})
    assert response.status_code == 200
    main = response.content.decode().split('<main id="main"', 1)[1].split("</main>", 1)[0]
    assert "<svg" in main and "<script" not in main  # server-side charts, no inline script
