"""The `programme` statistics equal a count by hand over records made here: a district of four communes (one merged
into commune A before the period), recognitions valid or expired at both levels, targets met and not, remedies done
before and after the period, commitments of two text versions (one a commune's own), published and unpublished
scorings — the exact published keys, the identities, the indicators and the command line."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from tests.conftest import Personas, make_unit
from thanthien.lib import stats as registry
from thanthien.org.models import Unit, UnitKind
from thanthien.programme import stats
from thanthien.programme.models import (
    Activity,
    CommitmentSignature,
    CommitmentText,
    CriteriaSet,
    Inspection,
    IssuedDocument,
    Official,
    Recognition,
    Remedy,
    RolloutTarget,
    Scoring,
)

pytestmark = pytest.mark.django_db

START, END = dt.date(2024, 7, 1), dt.date(2025, 12, 31)
D = dt.date


def _units(p: Personas) -> tuple[Unit, Unit]:
    merged = make_unit(
        "X16099", "Xã Hoằng Cũ", UnitKind.COMMUNE, p.district, valid_to=D(2024, 12, 31), successor=p.commune_a
    )
    third = make_unit("X16020", "Xã Hoằng Đạt", UnitKind.COMMUNE, p.district)
    return merged, third


def _recognitions(p: Personas, merged: Unit, third: Unit) -> None:
    def rec(unit: Unit, level: str, day: dt.date, number: str, review: dt.date | None = None) -> None:
        Recognition.objects.create(unit=unit, level=level, decided_on=day, decision_number=number, review_on=review)

    rec(p.commune_a, "district", D(2024, 5, 1), "10/QĐ-UBND")
    rec(p.commune_a, "province", D(2025, 6, 1), "20/QĐ-UBND")  # A counts once, at province level
    rec(p.commune_b, "district", D(2023, 1, 1), "30/QĐ-UBND", D(2025, 6, 30))  # expired before the last day
    rec(p.commune_b, "province", D(2026, 1, 10), "31/QĐ-UBND")  # after the last day
    rec(third, "district", D(2025, 3, 1), "40/QĐ-UBND", END)  # valid up to and including its review day
    rec(merged, "province", D(2023, 3, 1), "50/QĐ-UBND")  # the merged commune's: not a model of its successor
    rec(p.commune_c, "province", D(2024, 1, 1), "60/QĐ-UBND")  # elsewhere
    for day, share, note in ((D(2025, 12, 31), "0.5", ""), (D(2027, 12, 31), "0.7", ""), (D(2030, 12, 31), "1", "")):
        RolloutTarget.objects.create(unit=p.district, by_date=day, share=Decimal(share), note=note)


def _activities(p: Personas, merged: Unit) -> None:
    def act(unit: Unit, kind: str, day: dt.date, attendees: int | None = None) -> None:
        Activity.objects.create(unit=unit, kind=kind, held_on=day, title=f"{kind} {day}", attendees=attendees)

    act(p.commune_a, "meeting", D(2025, 2, 1), 100)
    act(p.commune_a, "meeting", D(2025, 3, 1))  # attendees not recorded
    act(p.commune_a, "meeting", D(2024, 6, 30), 999)  # the day before the period
    act(p.commune_a, "training", D(2025, 4, 1), 40)
    act(p.commune_a, "broadcast", D(2025, 4, 2))
    act(p.commune_a, "article", D(2025, 4, 3))
    act(p.commune_a, "website_post", D(2025, 12, 31))
    act(p.commune_a, "launch", D(2024, 7, 1), 300)  # not one of the published counts
    act(merged, "meeting", D(2024, 10, 1), 50)  # the merged commune's, before the merger
    act(merged, "training", D(2024, 11, 1), 20)
    act(p.commune_b, "meeting", D(2025, 5, 5), 30)
    act(p.commune_c, "meeting", D(2025, 5, 5), 7000)


def _inspections(p: Personas) -> None:
    first = Inspection.objects.create(
        unit=p.commune_a,
        by_kind="supervisor",
        by_unit=p.district,
        held_on=D(2025, 5, 1),
        content="Kiểm tra",
        findings="Chưa niêm yết",
    )
    Remedy.objects.create(inspection=first, text="Niêm yết", done_on=D(2025, 6, 1))
    Remedy.objects.create(inspection=first, text="Sửa quy chế", done_on=D(2026, 2, 1))  # after the period
    Remedy.objects.create(inspection=first, text="Bổ sung sổ")
    Inspection.objects.create(unit=p.commune_a, by_kind="front", held_on=D(2025, 8, 1), content="Giám sát")
    old = Inspection.objects.create(
        unit=p.commune_a, by_kind="party", held_on=D(2024, 1, 1), content="Kiểm tra", findings="Có"
    )
    Remedy.objects.create(inspection=old, text="Cũ", done_on=D(2024, 2, 1))
    second = Inspection.objects.create(
        unit=p.commune_b, by_kind="commune", held_on=D(2024, 9, 1), content="Tự kiểm tra", findings="Hạn chế"
    )
    Remedy.objects.create(inspection=second, text="Khắc phục", done_on=D(2024, 9, 20))


def _documents(p: Personas) -> None:
    def doc(unit: Unit, kind: str, number: str, day: dt.date) -> None:
        IssuedDocument.objects.create(
            unit=unit, kind=kind, number=number, issued_on=day, issuer="peoples_committee", summary="Về mô hình"
        )

    doc(p.commune_a, "decision", "59-QĐ/ĐU", D(2025, 1, 5))
    doc(p.commune_a, "plan", "20/KH-UBND", D(2025, 2, 1))
    doc(p.commune_a, "plan", "21/KH-UBND", D(2024, 8, 1))
    doc(p.commune_a, "regulation", "01/QC-UBND", D(2023, 3, 1))  # before the period
    doc(p.commune_b, "notice", "05/TB-UBND", D(2025, 3, 1))


def _commitments(p: Personas) -> None:
    v1 = CommitmentText.objects.create(version=1, body="Bản 1", valid_from=D(2023, 1, 1))
    v2 = CommitmentText.objects.create(version=2, body="Bản 2", valid_from=D(2025, 6, 1))
    CommitmentText.objects.create(version=3, body="Bản 3", valid_from=D(2026, 6, 1))  # not yet in force
    own_b = CommitmentText.objects.create(unit=p.commune_b, version=1, body="Bản của xã B", valid_from=D(2025, 9, 1))

    def official(unit: Unit, name: str, *signed: tuple[CommitmentText, dt.date], active: bool = True) -> None:
        o = Official.objects.create(unit=unit, full_name=name, position="Công chức", active=active)
        for text, day in signed:
            CommitmentSignature.objects.create(official=o, text=text, signed_on=day)

    official(p.commune_a, "A1", (v1, D(2023, 2, 1)), (v2, D(2025, 7, 1)))  # signed the current text
    official(p.commune_a, "A2", (v1, D(2023, 2, 1)))  # only the old one
    official(p.commune_a, "A3", (v2, D(2026, 1, 5)))  # after the last day
    official(p.commune_a, "A4", (v2, D(2025, 7, 1)), active=False)  # no longer in office
    official(p.commune_b, "B1", (v2, D(2025, 7, 1)))  # B's own text replaced it for B
    official(p.commune_b, "B2", (own_b, D(2025, 9, 15)))
    official(p.commune_c, "C1", (v2, D(2025, 7, 1)))


def _scorings(p: Personas, merged: Unit, third: Unit) -> None:
    criteria = CriteriaSet.objects.create(
        unit=p.province, code="mac_dinh", name="Bộ tiêu chí", valid_from=D(2023, 1, 1), thresholds={"tot": 80}
    )

    def scoring(unit: Unit, year: int, status: str, klass: str = "") -> None:
        Scoring.objects.create(unit=unit, year=year, criteria_set=criteria, status=status, score_class=klass)

    scoring(p.commune_a, 2024, "published", "kha")
    scoring(p.commune_a, 2025, "published", "tot")  # A's latest year in the period: counted once, as tốt
    scoring(p.commune_a, 2023, "published", "chua_dat")  # a year before the period
    scoring(p.commune_b, 2025, "published", "dat")
    scoring(third, 2025, "verified", "tot")  # not published
    scoring(merged, 2024, "published", "chua_dat")
    scoring(p.commune_c, 2025, "published", "tot")


@pytest.fixture
def records(personas: Personas) -> Personas:
    merged, third = _units(personas)
    _recognitions(personas, merged, third)
    _activities(personas, merged)
    _inspections(personas)
    _documents(personas)
    _commitments(personas)
    _scorings(personas, merged, third)
    return personas


KINDS = ("decision", "resolution", "plan", "notice", "official_letter", "report", "regulation")


def _kinds(**given: int) -> dict[str, int]:
    return {k: given.get(k, 0) for k in KINDS}


def test_the_district_figures_equal_a_count_by_hand(records: Personas) -> None:
    result = registry.compute("programme", records.district, START, END)
    assert result == {
        "unit": "H399",
        "from": "2024-07-01",
        "to": "2025-12-31",
        "models": {
            "communes": 3,  # A, B and the third: the merged one is gone on the last day
            "recognised": 2,
            "by_level": {"province": 1, "district": 1},
            "share": pytest.approx(2 / 3),
            "targets": [
                {"by": "2025-12-31", "share": 0.5, "met": True, "missing": 0},
                {"by": "2027-12-31", "share": 0.7, "met": False, "missing": 1},  # ⌈0.7 × 3⌉ − 2
                {"by": "2030-12-31", "share": 1.0, "met": False, "missing": 1},
            ],
        },
        "activities": {
            "meetings": 4,
            "attendees": 180,
            "broadcasts": 1,
            "articles": 1,
            "website_posts": 1,
            "trainings": 2,
            "trainees": 60,
        },
        "inspections": {"total": 3, "findings": 2, "remedies": 4, "remedied": 2},
        "documents": {"total": 4, "by_kind": _kinds(decision=1, plan=2, notice=1)},
        "commitments": {"officials": 5, "signed": 2},
        "scores": {"scored": 3, "by_class": {"tot": 1, "kha": 0, "dat": 1, "chua_dat": 1}},
    }
    subject = registry.subject("programme")
    assert subject.check(result) == [] and subject.check_shape(result) == []


def test_a_commune_counts_itself_and_what_was_merged_into_it(records: Personas) -> None:
    result = stats.programme_stats(records.commune_a, START, END)
    assert result["models"] == {
        "communes": 1,
        "recognised": 1,
        "by_level": {"province": 1, "district": 0},
        "share": 1.0,
        "targets": [],
    }
    assert result["activities"] == {
        "meetings": 3,
        "attendees": 150,
        "broadcasts": 1,
        "articles": 1,
        "website_posts": 1,
        "trainings": 2,
        "trainees": 60,
    }
    assert result["inspections"] == {"total": 2, "findings": 1, "remedies": 3, "remedied": 1}
    assert result["documents"] == {"total": 3, "by_kind": _kinds(decision=1, plan=2)}
    assert result["commitments"] == {"officials": 3, "signed": 1}
    assert result["scores"] == {"scored": 2, "by_class": {"tot": 1, "kha": 0, "dat": 0, "chua_dat": 1}}
    # The merged commune on its own: recognised on a day it was still valid, gone on the last day.
    merged = Unit.objects.get(code="X16099")
    assert stats.programme_stats(merged, START, D(2024, 12, 31))["models"]["recognised"] == 1


def test_on_another_day_the_models_are_those_valid_then(records: Personas) -> None:
    earlier = stats.programme_stats(records.district, START, D(2024, 12, 31))["models"]
    # On 31/12/2024 the merged commune still stood, with its own province-level recognition; B's held too.
    assert (earlier["communes"], earlier["recognised"]) == (4, 3)
    assert earlier["by_level"] == {"province": 1, "district": 2}
    assert [t["met"] for t in earlier["targets"]] == [True, True, False]
    assert [t["missing"] for t in earlier["targets"]] == [0, 0, 1]


def test_a_unit_without_communes_has_no_share_and_meets_no_target(personas: Personas) -> None:
    empty = make_unit("H999", "Huyện Trống", UnitKind.DISTRICT, personas.province)
    RolloutTarget.objects.create(unit=empty, by_date=D(2025, 12, 31), share=Decimal("0.5"))
    result = stats.programme_stats(empty, START, END)
    assert result["models"]["share"] is None
    assert result["models"]["targets"] == [{"by": "2025-12-31", "share": 0.5, "met": False, "missing": 0}]
    assert stats.commitment_rate(empty, START, END) is None
    assert registry.subject("programme").check_shape(result) == []


def test_indicators_are_read_by_name(records: Personas) -> None:
    district = records.district
    assert registry.indicator_value("programme.share", district, START, END) == pytest.approx(2 / 3)
    assert registry.indicator_value("programme.recognised", district, START, END) == 2
    assert registry.indicator_value("programme.commitments_signed", district, START, END) == 2
    assert registry.indicator_value("programme.officials", district, START, END) == 5
    assert registry.indicator_value("programme.commitment_rate", district, START, END) == pytest.approx(0.4)
    assert registry.indicator_value("programme.commitment_rate", records.commune_a, START, END) == pytest.approx(1 / 3)
    kinds = {i.name: i.kind for i in registry.subject("programme").indicators}
    assert kinds == {
        "programme.share": "rate",
        "programme.recognised": "count",
        "programme.commitments_signed": "count",
        "programme.officials": "count",
        "programme.commitment_rate": "rate",
    }


def test_a_broken_figure_breaks_an_identity(records: Personas) -> None:
    result = stats.programme_stats(records.district, START, END)
    result["models"]["by_level"]["district"] += 1
    result["scores"]["by_class"]["kha"] += 1
    assert len(registry.subject("programme").check(result)) == 2


def test_the_command_prints_exactly_the_published_json(records: Personas) -> None:
    out = StringIO()
    call_command(
        "stats", "programme", "--unit", "H399", "--from", "2024-07-01", "--to", "2025-12-31", "--json", stdout=out
    )
    printed = json.loads(out.getvalue())
    assert printed == json.loads(json.dumps(stats.programme_stats(records.district, START, END)))
    assert list(printed) == [
        "unit",
        "from",
        "to",
        "models",
        "activities",
        "inspections",
        "documents",
        "commitments",
        "scores",
    ]
    assert set(printed["models"]) == {"communes", "recognised", "by_level", "share", "targets"}
    assert set(printed["models"]["targets"][0]) == {"by", "share", "met", "missing"}
    assert set(printed["documents"]["by_kind"]) == set(KINDS)
    table = StringIO()
    call_command("stats", "programme", "--unit", "H399", "--from", "2024-07-01", "--to", "2025-12-31", stdout=table)
    assert "Số xã, phường được công nhận mô hình (còn hiệu lực)" in table.getvalue()
