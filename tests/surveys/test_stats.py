"""The figures of a campaign equal a count done by hand over the same answers; the identities hold."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command

from thanthien.lib.stats import STATS, StatsError, compute, indicator_value
from thanthien.surveys import actions, stats

from .helpers import campaign, questionnaire

pytestmark = pytest.mark.django_db

SCALE_QUESTIONS = {"q1": "tiep_can", "q2": "tiep_can", "q3": "cong_chuc"}
SATISFIED = {"hl", "rhl"}
LEVELS = ["rkhl", "khl", "bt", "hl", "rhl"]


def _random_forms(seed: int, n: int) -> list[tuple[str, dt.date, dict[str, list[str]]]]:
    rnd = random.Random(seed)
    forms = []
    for _ in range(n):
        given: dict[str, list[str]] = {"q1": [rnd.choice(LEVELS)]}
        if rnd.random() < 0.7:
            given["q2"] = [rnd.choice(LEVELS)]
        given["gop_y"] = [rnd.choice(["co", "khong"])]
        if given["gop_y"] == ["co"] and rnd.random() < 0.8:
            given["q3"] = [rnd.choice(LEVELS)]
        elif rnd.random() < 0.3:
            given["q3"] = ["hl"]  # sent for a hidden question: dropped by the server
        given["mong_muon"] = rnd.sample(["nhanh", "gon"], rnd.randint(0, 2))
        forms.append(
            (rnd.choice(["qr", "online", "paper"]), dt.date(2026, rnd.randint(1, 12), rnd.randint(1, 28)), given)
        )
    return forms


def _by_hand(forms: list[tuple[str, dt.date, dict[str, list[str]]]], start: dt.date, end: dt.date) -> dict:
    kept = [(ch, day, g) for ch, day, g in forms if start <= day <= end]
    answers = satisfied = 0
    per_q: dict[str, Counter[str]] = {q: Counter() for q in SCALE_QUESTIONS}
    per_aspect: dict[str, list[int]] = {"tiep_can": [0, 0], "cong_chuc": [0, 0]}
    for _, _, g in kept:
        for q, aspect in SCALE_QUESTIONS.items():
            if q == "q3" and g.get("gop_y") != ["co"]:
                continue
            if q in g:
                answers += 1
                ok = g[q][0] in SATISFIED
                satisfied += ok
                per_q[q][g[q][0]] += 1
                per_aspect[aspect][0] += 1
                per_aspect[aspect][1] += ok
    wishes = Counter(w for _, _, g in kept for w in g["mong_muon"])
    return {
        "forms": len(kept),
        "channels": Counter(ch for ch, _, _ in kept),
        "answers": answers,
        "satisfied": satisfied,
        "per_q": per_q,
        "per_aspect": per_aspect,
        "wishes": wishes,
        "wish_forms": sum(1 for _, _, g in kept if g["mong_muon"]),
    }


@pytest.mark.parametrize("seed", [1, 2])
def test_figures_equal_a_count_by_hand(personas, seed: int) -> None:
    imported = questionnaire(personas.commune_a)
    c = campaign(personas.commune_a, imported.version)
    forms = _random_forms(seed, 60)
    parts = actions.version_parts(imported.version)
    for channel, day, given in forms:
        actions.submit_response(c, channel, given, day=day, parts=parts)
    start, end = dt.date(2026, 2, 1), dt.date(2026, 10, 31)
    result = compute("surveys", personas.commune_a, start, end)
    hand = _by_hand(forms, start, end)
    assert result["forms"] == hand["forms"]
    assert result["by_channel"] == {k: hand["channels"].get(k, 0) for k in result["by_channel"]}
    assert (result["answers"], result["satisfied"]) == (hand["answers"], hand["satisfied"])
    assert result["satisfaction_rate"] == pytest.approx(hand["satisfied"] / hand["answers"])
    for q in SCALE_QUESTIONS:
        got = result["questions"][q]
        assert got["choices"] == dict(hand["per_q"][q])
        assert got["answers"] == sum(hand["per_q"][q].values())
        assert got["satisfied"] == sum(n for k, n in hand["per_q"][q].items() if k in SATISFIED)
    assert result["questions"]["mong_muon"]["choices"] == dict(hand["wishes"])
    assert result["questions"]["mong_muon"]["answers"] == hand["wish_forms"]
    assert result["questions"]["mong_muon"]["rate"] is None
    for aspect, (n, s) in hand["per_aspect"].items():
        assert result["aspects"][aspect] == {"answers": n, "satisfied": s, "rate": pytest.approx(s / n)}
    # The identities: channels add up to forms; aspects and scale questions add up to answers.
    assert STATS["surveys"].check(result) == []
    assert STATS["surveys"].check_shape(result) == []
    assert sum(a["answers"] for a in result["aspects"].values()) == result["answers"]
    assert sum(result["questions"][q]["answers"] for q in SCALE_QUESTIONS) == result["answers"]


def test_blank_answers_do_not_count_and_other_communes_are_not_counted(personas) -> None:
    imported = questionnaire(personas.commune_a)
    c = campaign(personas.commune_a, imported.version)
    actions.submit_response(c, "qr", {"q1": ["hl"], "q2": [""]}, day=dt.date(2026, 5, 5))
    other = questionnaire(personas.commune_b)
    actions.submit_response(campaign(personas.commune_b, other.version), "qr", {"q1": ["khl"]}, day=dt.date(2026, 5, 5))
    a = compute("surveys", personas.commune_a, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert (a["forms"], a["answers"], a["satisfied"], a["satisfaction_rate"]) == (1, 1, 1, 1.0)
    assert a["questions"]["q2"]["answers"] == 0 and a["questions"]["q2"]["rate"] is None
    district = compute("surveys", personas.district, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert district["forms"] == 2 and district["satisfaction_rate"] == 0.5
    assert (
        indicator_value("surveys.satisfaction_rate", personas.commune_a, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
        == 1.0
    )
    assert indicator_value("surveys.forms", personas.district, dt.date(2026, 1, 1), dt.date(2026, 12, 31)) == 2


def test_one_questionnaire_only(personas) -> None:
    imported = questionnaire(personas.commune_a)
    actions.submit_response(
        campaign(personas.commune_a, imported.version), "qr", {"q1": ["hl"]}, day=dt.date(2026, 5, 5)
    )
    sipas = actions.copy_template(None, personas.commune_a, "thai_do_can_bo")
    c2 = campaign(personas.commune_a, sipas.version, name="Thái độ 2026")
    actions.submit_response(
        c2,
        "paper",
        {"td_tiep_don": ["rat_nhiet_tinh"], "td_huong_dan": ["binh_thuong"], "td_trach_nhiem": ["chua_nhiet_tinh"]},
        day=dt.date(2026, 6, 1),
    )
    both = stats.survey_stats(personas.commune_a, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    only = stats.survey_stats(personas.commune_a, dt.date(2026, 1, 1), dt.date(2026, 12, 31), "thai_do_can_bo")
    assert both["forms"] == 2 and only["forms"] == 1
    assert only["answers"] == 3 and only["satisfied"] == 1 and "q1" not in only["questions"]
    assert only["aspects"] == {"thai_do": {"answers": 3, "satisfied": 1, "rate": pytest.approx(1 / 3)}}
    year = (personas.commune_a, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert indicator_value("surveys.attitude_rate", *year) == pytest.approx(1 / 3)
    assert indicator_value("surveys.attitude", *year)["answers"] == 3
    # Per questionnaire, by the subject's option; an option the subject does not take is refused.
    assert indicator_value("surveys.forms", *year, questionnaire="thai_do_can_bo") == 1
    assert indicator_value("surveys.satisfaction_rate", *year, questionnaire="thai_do_can_bo") == pytest.approx(1 / 3)
    assert indicator_value("surveys.attitude", *year, questionnaire="phieu_thu")["answers"] == 0
    with pytest.raises(StatsError, match="không có tùy chọn “campaign”"):
        indicator_value("surveys.forms", *year, campaign="x")


def test_the_stats_command_prints_the_json_keys(personas) -> None:
    imported = questionnaire(personas.commune_a)
    actions.submit_response(
        campaign(personas.commune_a, imported.version), "qr", {"q1": ["rhl"]}, day=dt.date(2026, 5, 5)
    )
    out = StringIO()
    call_command(
        "stats", "surveys", "--unit", "X16012", "--from", "2026-01-01", "--to", "2026-12-31", "--json", stdout=out
    )
    result = json.loads(out.getvalue())
    assert list(result) == [
        "unit",
        "from",
        "to",
        "forms",
        "by_channel",
        "answers",
        "satisfied",
        "satisfaction_rate",
        "questions",
        "aspects",
    ]
    assert set(result["by_channel"]) == {"qr", "kiosk", "dossier", "paper", "online", "import"}
    assert result["questions"]["q1"] == {"answers": 1, "choices": {"rhl": 1}, "satisfied": 1, "rate": 1.0}


def test_progress_against_the_target_per_field(personas) -> None:
    imported = questionnaire(personas.commune_a)
    c = campaign(personas.commune_a, imported.version, target=2, target_per_field=True, fields=["Hộ tịch", "Đất đai"])
    for field in ("Hộ tịch", "Hộ tịch", "Đất đai"):
        actions.submit_response(c, "paper", {"q1": ["hl"]}, day=dt.date(2026, 5, 5), facts={"field": field})
    got = stats.progress(c)
    assert (got["reached"], got["target"]) == (3, 4)
    assert got["fields"] == [
        {"field": "Hộ tịch", "reached": 2, "target": 2},
        {"field": "Đất đai", "reached": 1, "target": 2},
    ]
    months = stats.by_month(c.responses.all())
    assert [m["forms"] for m in months] == [3]
