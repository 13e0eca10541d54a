"""The `engagement` statistics subject on a March 2025 with known numbers: every published figure, the report
forms' figures, the scope (a district sums its communes; commune B's records never count in A), the queries it
takes, and `thanthien stats engagement ... --json` with exactly the published keys."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.management import call_command

from tests.conftest import Personas
from thanthien.engagement import actions
from thanthien.engagement import stats as s
from thanthien.engagement.dialogues import Dialogue, Opinion
from thanthien.engagement.feedback import Feedback
from thanthien.engagement.models import Petition
from thanthien.engagement.reception import ReceptionSession, ReceptionVisit
from thanthien.lib import stats as registry
from thanthien.org.models import Unit

pytestmark = pytest.mark.django_db

START, END = dt.date(2025, 3, 1), dt.date(2025, 3, 31)
D = dt.date


def _petition(
    user: Any, unit: Unit, received: dt.date, kind: str, then: Callable[[Petition], Any] | None = None
) -> Petition:
    data = {
        "received_on": received,
        "source": "hand",
        "kind": kind,
        "content": "Nội dung",
        "petitioner_name": "Lê Văn An",
    }
    petition = actions.receive_petition(user, unit, data)
    if then is not None:
        then(petition)
    return Petition.objects.get(pk=petition.pk)


def _session(unit: Unit, held: dt.date, kind: str, head: bool = False, nobody: bool = False) -> ReceptionSession:
    return ReceptionSession.objects.create(
        unit=unit, held_on=held, kind=kind, receiver="chairman" if head else "authorised",
        receiver_name="Trần Văn Dũng", head_in_person=head, nobody_came=nobody,
    )  # fmt: skip


def _visit(session: ReceptionSession, people: int, kind: str, first: bool = True, name: str = "Nguyễn Văn Án") -> Any:
    return ReceptionVisit.objects.create(
        unit=session.unit, session=session, citizen_name=name, people=people, content="Đường làng",
        subject_kind=kind, first_time=first, outcome="answered",
    )  # fmt: skip


def build_march(personas: Personas, capture: Any) -> dict[str, Any]:
    """Records of commune A (and a few of B) around March 2025, with the figures they must give."""
    a, b, leader = personas.commune_a, personas.commune_b, personas.leader_a
    with capture(execute=True):
        p1 = _petition(leader, a, D(2025, 2, 10), "complaint")  # carried over, resolved on time (due 17/03)
        actions.accept(leader, p1, on=D(2025, 2, 14))
        actions.resolve(leader, p1, outcome="unfounded", on=D(2025, 3, 10))
        p2 = _petition(leader, a, D(2025, 1, 6), "complaint")  # carried over, resolved late (due 10/02)
        actions.accept(leader, p2, on=D(2025, 1, 10))
        actions.resolve(leader, p2, outcome="founded", on=D(2025, 3, 20))
        _petition(leader, a, D(2025, 2, 20), "denunciation")  # carried over, open, initial handling overdue
        p4 = _petition(leader, a, D(2025, 3, 5), "recommendation")
        actions.classify(
            leader, p4, eligible=True, within_competence=False, direction="forward",
            on=D(2025, 3, 7), forwarded_to="UBND huyện Hoằng Hóa",
        )  # fmt: skip
        p5 = _petition(leader, a, D(2025, 3, 12), "feedback")
        actions.classify(leader, p5, eligible=True, within_competence=False, direction="guide", on=D(2025, 3, 13))
        p6 = _petition(leader, a, D(2025, 3, 15), "complaint")
        actions.classify(
            leader, p6, eligible=False, within_competence=None, direction="refuse",
            on=D(2025, 3, 18), ineligible_reason="Đơn không ký tên",
        )  # fmt: skip
        p7 = _petition(leader, a, D(2025, 3, 20), "recommendation")
        actions.withdraw(leader, p7, on=D(2025, 3, 25))  # withdrawn before acceptance
        _petition(leader, a, D(2025, 3, 28), "complaint")  # open, acceptance due in April
        p9 = _petition(leader, a, D(2025, 2, 1), "complaint")  # closed in February: outside
        actions.classify(
            leader, p9, eligible=True, within_competence=True, direction="archive",
            on=D(2025, 2, 5), direction_reason="Đơn trùng",
        )  # fmt: skip
        p12 = _petition(leader, a, D(2025, 3, 2), "complaint")  # accepted: open (acceptance closes nothing)
        actions.accept(leader, p12, on=D(2025, 3, 4))
        _petition(None, b, D(2025, 3, 10), "denunciation")  # commune B
    # A petition received after the period: outside it (receive_petition refuses no past day).
    with capture(execute=True):
        _petition(leader, a, D(2025, 4, 2), "complaint")

    s1 = _session(a, D(2025, 3, 10), "regular")
    v1 = _visit(s1, 1, "complaint")
    _visit(s1, 6, "recommendation", first=False)
    s2 = _session(a, D(2025, 3, 20), "periodic", head=True)
    _visit(s2, 2, "feedback")
    _session(a, D(2025, 3, 25), "periodic", nobody=True)
    _visit(_session(a, D(2025, 2, 28), "regular"), 3, "complaint")  # outside
    _visit(_session(b, D(2025, 3, 10), "regular"), 4, "complaint", name="Hoàng Văn Bình")  # commune B

    d1 = Dialogue.objects.create(
        unit=a, held_on=D(2025, 3, 15), topic="Dồn điền đổi thửa", chaired_by="Chủ tịch UBND",
        front_participants=2, organisation_participants=3, people_participants=40,
    )  # fmt: skip
    d2 = Dialogue.objects.create(unit=a, held_on=D(2025, 2, 25), topic="Giao thông", chaired_by="Bí thư")
    Dialogue.objects.create(
        unit=b, held_on=D(2025, 3, 15), topic="Nước sạch", chaired_by="Chủ tịch", people_participants=9
    )

    def opinion(raised: dt.date, source: str, answered: dt.date | None = None, **more: Any) -> None:
        Opinion.objects.create(
            unit=more.pop("unit", a), source=source, raised_on=raised, answered_on=answered, content="Ý kiến", **more
        )

    opinion(D(2025, 3, 10), "reception", D(2025, 3, 12), visit=v1)
    opinion(D(2025, 3, 15), "dialogue", D(2025, 3, 15), dialogue=d1)
    opinion(D(2025, 3, 15), "dialogue", dialogue=d1)
    opinion(D(2025, 3, 30), "meeting", D(2025, 4, 5))  # answered after the period: received, not answered
    opinion(D(2025, 2, 20), "online", D(2025, 3, 2))  # raised before: not counted
    opinion(D(2025, 2, 25), "dialogue", dialogue=d2)
    opinion(D(2025, 3, 5), "online", unit=b)

    def feedback(
        code: str, received: dt.date, answered: dt.date | None = None, published: dt.date | None = None
    ) -> None:
        Feedback.objects.create(
            unit=a, code=code, pin_digest="x", category="other", content="Đèn đường hỏng",
            received_on=received, answered_on=answered, published_on=published,
        )  # fmt: skip

    feedback("PA-1", D(2025, 3, 5), D(2025, 3, 10), D(2025, 3, 11))
    feedback("PA-2", D(2025, 2, 25), D(2025, 3, 3))
    feedback("PA-3", D(2025, 3, 30))
    return {}


EXPECTED_A = {
    "unit": "X16012",
    "from": "2025-03-01",
    "to": "2025-03-31",
    "receptions": {"sessions": 3, "sessions_nobody_came": 1, "head_sessions": 1, "visits": 3, "people": 9, "groups": 1},
    "opinions": {
        "received": 4,
        "answered": 2,
        "answer_rate": 0.5,
        "by_source": {"reception": 1, "dialogue": 2, "meeting": 1, "online": 0},
    },
    "dialogues": {"held": 1, "participants": 45, "opinions_raised": 2, "opinions_answered": 1},
    "petitions": {
        "carried_over": 3,
        "received": 6,
        "by_kind": {"complaint": 3, "denunciation": 0, "recommendation": 2, "feedback": 1},
        "eligible": 3,
        "within_competence": 1,
        "resolved": 2,
        "forwarded": 1,
        "guided": 1,
        "returned_archived_or_refused": 1,
        "withdrawn": 1,
        "open_at_end": 3,
        "overdue_at_end": 1,
        "resolved_on_time": 1,
        "resolved_late": 1,
        "resolution_rate": pytest.approx(6 / 9),
    },
    "feedback": {"received": 2, "answered": 2, "published": 1},
}


def test_every_figure_of_a_known_month(personas: Personas, django_capture_on_commit_callbacks: Any) -> None:
    build_march(personas, django_capture_on_commit_callbacks)
    result = s.engagement_stats(personas.commune_a, START, END)
    assert result == EXPECTED_A
    subject = registry.subject("engagement")
    assert subject.check(result) == [] and subject.check_shape(result) == []


def test_the_report_forms_rows_add_up_to_the_published_totals(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    build_march(personas, django_capture_on_commit_callbacks)
    flat, _ = s.period_figures(personas.commune_a, START, END)
    assert {c: flat[f"tcd.regular.{c}"] for c in s.TCD_COLUMNS} == {
        "sessions": 1, "visits": 2, "people": 7, "first_time": 1, "repeated": 1, "groups": 1, "group_people": 6,
    }  # fmt: skip
    assert (flat["tcd.head_in_person.sessions"], flat["tcd.head_in_person.people"]) == (1, 2)
    assert (flat["tcd.head_authorised.sessions"], flat["tcd.head_authorised.visits"]) == (1, 0)
    for column, total in (("sessions", "receptions.sessions"), ("visits", "receptions.visits")):
        assert sum(flat[f"tcd.{row}.{column}"] for row in s.TCD_ROWS) == flat[total]
    assert sum(flat[f"tcd.kind.{k}"] for k in ("complaint", "denunciation", "recommendation", "feedback")) == 3
    assert flat["tcd.total.first_time"] + flat["tcd.total.repeated"] == flat["receptions.visits"]
    assert flat["xld.total"] == flat["petitions.carried_over"] + flat["petitions.received"] == 9
    assert (flat["xld.handled"], flat["xld.not_handled"], flat["xld.accepted"]) == (7, 2, 1)
    assert flat["xld.within.complaint"] == 1


def test_a_district_sums_its_communes_and_b_never_counts_in_a(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    build_march(personas, django_capture_on_commit_callbacks)
    a = s.engagement_stats(personas.commune_a, START, END)
    b = s.engagement_stats(personas.commune_b, START, END)
    district = s.engagement_stats(personas.district, START, END)
    province = s.engagement_stats(personas.province, START, END)
    assert b["petitions"]["received"] == 1 and b["receptions"]["people"] == 4 and b["opinions"]["received"] == 1
    assert b["dialogues"] == {"held": 1, "participants": 9, "opinions_raised": 0, "opinions_answered": 0}

    def counts(result: dict[str, Any], prefix: str = "") -> dict[str, int]:
        out: dict[str, int] = {}
        for key, value in result.items():
            if isinstance(value, dict):
                out |= counts(value, f"{prefix}{key}.")
            elif isinstance(value, int):
                out[f"{prefix}{key}"] = value
        return out

    summed = {k: v + counts(b)[k] for k, v in counts(a).items()}
    assert counts(district) == summed == counts(province)
    assert s.engagement_stats(personas.other_province, START, END)["petitions"]["received"] == 0


def test_a_merged_commune_counts_in_its_successor(personas: Personas, django_capture_on_commit_callbacks: Any) -> None:
    build_march(personas, django_capture_on_commit_callbacks)
    b = personas.commune_b
    Unit.objects.filter(pk=b.pk).update(valid_to=D(2025, 6, 30), successor=personas.commune_a)
    merged = s.engagement_stats(Unit.objects.get(pk=personas.commune_a.pk), START, END)
    assert merged["petitions"]["received"] == 7 and merged["receptions"]["sessions"] == 4


def test_a_handful_of_queries_whatever_the_number_of_records(
    personas: Personas, django_capture_on_commit_callbacks: Any, django_assert_max_num_queries: Any
) -> None:
    build_march(personas, django_capture_on_commit_callbacks)
    with django_assert_max_num_queries(8):  # the unit scope (1-2) and one aggregate per source (6)
        s.engagement_stats(personas.district, START, END)


def test_the_drill_down_lists_exactly_what_each_figure_counts(
    personas: Personas, django_capture_on_commit_callbacks: Any
) -> None:
    build_march(personas, django_capture_on_commit_callbacks)
    ids = s.stats_unit_ids(personas.commune_a)
    flat = s.flat_figures(ids, START, END)
    for key, figure in s.figures(START, END).items():
        listed = s.records(ids, START, END, key)
        if figure.summed is None:
            assert listed.count() == flat[key], key
    people = sum(v.people for v in s.records(ids, START, END, "receptions.people"))
    assert people == flat["receptions.people"] == 9
    overdue = s.records(ids, START, END, "petitions.overdue_at_end").get()
    assert overdue.kind == "denunciation" and overdue.received_on == D(2025, 2, 20)
    with pytest.raises(KeyError):
        s.records(ids, START, END, "petitions.khong_co")


def _keys(value: Any) -> Any:
    return {k: _keys(v) for k, v in value.items()} if isinstance(value, dict) else None


def test_the_command_prints_exactly_the_published_keys(
    personas: Personas, capsys: pytest.CaptureFixture[str], django_capture_on_commit_callbacks: Any
) -> None:
    build_march(personas, django_capture_on_commit_callbacks)
    call_command("stats", "engagement", "--unit", "X16012", "--from", "2025-03-01", "--to", "2025-03-31", "--json")
    printed = json.loads(capsys.readouterr().out)
    expected = {
        "unit": None, "from": None, "to": None,
        "receptions": dict.fromkeys(
            ["sessions", "sessions_nobody_came", "head_sessions", "visits", "people", "groups"]),
        "opinions": {"received": None, "answered": None, "answer_rate": None,
                     "by_source": dict.fromkeys(["reception", "dialogue", "meeting", "online"])},
        "dialogues": dict.fromkeys(["held", "participants", "opinions_raised", "opinions_answered"]),
        "petitions": {
            "carried_over": None, "received": None,
            "by_kind": dict.fromkeys(["complaint", "denunciation", "recommendation", "feedback"]),
            **dict.fromkeys([
                "eligible", "within_competence", "resolved", "forwarded", "guided", "returned_archived_or_refused",
                "withdrawn", "open_at_end", "overdue_at_end", "resolved_on_time", "resolved_late", "resolution_rate",
            ]),
        },
        "feedback": dict.fromkeys(["received", "answered", "published"]),
    }  # fmt: skip
    assert _keys(printed) == expected
    assert printed == EXPECTED_A


def test_the_readable_table_is_in_vietnamese(personas: Personas, capsys: pytest.CaptureFixture[str]) -> None:
    call_command("stats", "engagement", "--unit", "X16012", "--from", "01/03/2025", "--to", "31/03/2025")
    out = capsys.readouterr().out
    assert "Tiếp công dân, đơn thư, đối thoại, ý kiến – Xã Hoằng Hợp" in out
    assert "Đơn kỳ trước chuyển sang" in out and "Tỷ lệ đơn đã xử lý xong" in out


def test_the_api_serves_the_same_figures(personas: Personas, django_capture_on_commit_callbacks: Any) -> None:
    build_march(personas, django_capture_on_commit_callbacks)
    client = personas.client(personas.leader_a)
    response = client.get("/api/v1/stats/engagement", {"unit_code": "X16012", "from": "2025-03-01", "to": "2025-03-31"})
    assert response.status_code == 200, response.content
    assert response.json() == EXPECTED_A
    # The reception official reads engagement's figures (the subject's own readers), not the one-stop desk's.
    official = personas.client(personas.reception_a)
    period = {"unit_code": "X16012", "from": "2025-03-01", "to": "2025-03-31"}
    assert official.get("/api/v1/stats/engagement", period).json() == EXPECTED_A
    assert official.get("/api/v1/stats/dossiers", period).status_code == 403
    other = personas.client(personas.officer_b)
    assert other.get(
        "/api/v1/stats/engagement", {"unit_code": "X16012", "from": "2025-03-01", "to": "2025-03-31"}
    ).status_code in (403, 404)


def test_indicators_are_read_by_name(personas: Personas, django_capture_on_commit_callbacks: Any) -> None:
    build_march(personas, django_capture_on_commit_callbacks)
    value = registry.indicator_value("engagement.petition_resolution_rate", personas.commune_a, START, END)
    assert value == pytest.approx(6 / 9)
    assert registry.indicator("engagement.opinion_answer_rate").kind == "rate"
    assert registry.indicator_value("engagement.petitions_overdue_at_end", personas.commune_a, START, END) == 1
