"""The engagement demo (issue 9 item 12): three years of the reception register in every demo commune, petitions in
every state with their stored due days (exactly one overdue, some due this week), numbered so that the next one
received on screen follows on, dialogues with their opinions, published feedback without personal data, every row
valid, and a second run adding nothing."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter

import pytest
from django.core.management import call_command
from django.db.models import Count, Max, Min

from thanthien.documents.numbering import last_issued
from thanthien.engagement import actions
from thanthien.engagement.demo import DEMO_FEEDBACK, build
from thanthien.engagement.dialogues import Dialogue, Opinion
from thanthien.engagement.due import sweep_deadlines
from thanthien.engagement.feedback import Feedback
from thanthien.engagement.feedback_actions import find_for_public, normalise_code
from thanthien.engagement.models import Petition, PetitionDeadline, PetitionExtension
from thanthien.engagement.reception import GROUP_SIZE, ReceptionRule, ReceptionSession, ReceptionVisit
from thanthien.org.demo import build_units_and_people
from thanthien.org.models import COMMUNE_KINDS, Unit
from thanthien.workdays.queries import calendar_for

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 20)
MODELS = (ReceptionRule, ReceptionSession, ReceptionVisit, Petition, PetitionExtension, Dialogue, Opinion, Feedback)


def counts() -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in (*MODELS, PetitionDeadline)}


def test_the_engagement_demo() -> None:
    """One build (it takes seconds), every property checked on it."""
    build_units_and_people(TODAY)
    build(TODAY)
    three_years_of_receptions_in_every_demo_commune()
    petitions_in_every_state_with_their_due_days_and_numbers()
    dialogues_opinions_and_published_feedback()
    every_row_is_valid_and_a_second_run_adds_nothing()


def three_years_of_receptions_in_every_demo_commune() -> None:
    start = dt.date(2023, 11, 20)
    communes = Unit.objects.filter(kind__in=COMMUNE_KINDS)
    for unit in communes:
        bounds = ReceptionSession.objects.filter(unit=unit).aggregate(first=Min("held_on"), last=Max("held_on"))
        assert bounds["first"] is not None, unit
        assert bounds["first"] <= max(unit.valid_from or start, start) + dt.timedelta(days=20), unit
        assert max(unit.valid_from or start, start) <= bounds["first"] and bounds["last"] <= (unit.valid_to or TODAY)
    hop = Unit.objects.get(code="16012")  # Hoằng Hợp, the seeds' commune, for the whole of 2024
    year = ReceptionSession.objects.filter(unit=hop, held_on__year=2024)
    assert 24 <= year.count() <= 40
    assert year.filter(nobody_came=True).exists() and year.filter(kind="unscheduled").exists()
    assert 25 <= ReceptionVisit.objects.filter(unit=hop, session__held_on__year=2024).count() <= 80
    assert ReceptionVisit.objects.filter(people__gte=GROUP_SIZE).exclude(representatives="").exists()
    assert not ReceptionVisit.objects.filter(people__gte=GROUP_SIZE, representatives="").exists()
    assert not ReceptionVisit.objects.filter(session__nobody_came=True).exists()
    # Sessions are held on working days: a rule day off (the 20th on a Sunday) moved and says so.
    for unit in (hop, Unit.objects.get(code="16006")):
        calendar = calendar_for(unit)
        days = ReceptionSession.objects.filter(unit=unit).values_list("held_on", flat=True)
        assert all(calendar.is_working_day(day) for day in days)
    assert ReceptionSession.objects.filter(note__contains="chuyển sang").exists()
    assert ReceptionRule.objects.filter(unit__code="16006", active=True, month_days="10, 20").exists()
    # Every visit with a written petition points to it, received that day from the reception.
    linked = ReceptionVisit.objects.filter(outcome="petition")
    assert linked.count() == linked.filter(petition__source="reception").count() > 100
    assert not linked.filter(petition__isnull=True).exists()


def petitions_in_every_state_with_their_due_days_and_numbers() -> None:
    petitions = list(Petition.objects.all())
    states = Counter(p.status for p in petitions)
    assert set(states) == {"received", "classified", "accepted", "resolved", "withdrawn", "closed"}, states
    assert states["resolved"] > 0.6 * len(petitions)
    assert {p.direction for p in petitions} >= {"accept", "guide", "forward", "return", "archive", "refuse"}
    assert {p.outcome for p in petitions} >= {"founded", "partly_founded", "unfounded", "answered", "withdrawn"}
    assert any(p.anonymous for p in petitions) and {p.source for p in petitions} >= {"reception", "post", "online"}
    # Open petitions exist only where the commune still exists.
    assert not [p for p in petitions if p.is_open and p.unit.valid_to is not None]

    owed = PetitionDeadline.objects.filter(done_on__isnull=True)
    overdue = owed.filter(due_on__lt=TODAY)
    assert overdue.count() == 1 and overdue.get().petition.unit.code == "16006"
    assert owed.filter(unit__code="16006", due_on__range=(TODAY, TODAY + dt.timedelta(days=7))).count() >= 2
    extended = PetitionExtension.objects.get()
    assert extended.petition.kind == "denunciation" and extended.petition.is_open
    due = PetitionDeadline.objects.get(petition=extended.petition, step="resolution").due_on
    assert due > TODAY  # the extension moved the resolution past today
    # Every petition has its steps stored: the sweep finds nothing to change.
    assert sweep_deadlines() == 0

    # Numbers: 1..n per unit and year, and the numbering service's counter at n.
    rows = Petition.objects.values("unit", "year").annotate(n=Count("pk"), top=Max("number"), low=Min("number"))
    for row in rows:
        assert (row["low"], row["top"]) == (1, row["n"]), row
        assert last_issued(row["unit"], actions.petition_series(row["year"])) == row["n"]
    unit = Unit.objects.get(code="16006")
    before = Petition.objects.filter(unit=unit, year=TODAY.year).count()
    data = {"source": "hand", "kind": "recommendation", "content": "Kiến nghị", "petitioner_name": "Lê Văn An"}
    petition = actions.receive_petition(None, unit, {**data, "received_on": TODAY})
    assert petition.number == before + 1


def dialogues_opinions_and_published_feedback() -> None:
    dialogues = Dialogue.objects.filter(petition__isnull=True).annotate(n=Count("opinions"))
    assert dialogues.count() >= 2 * Unit.objects.filter(kind__in=COMMUNE_KINDS).count()
    assert all(8 <= d.n <= 12 for d in dialogues)  # type: ignore[attr-defined]
    # The dialogue held while resolving a complaint, after its acceptance.
    held = Dialogue.objects.select_related("petition").get(petition__isnull=False)
    assert held.petition is not None and held.petition.kind == "complaint" and held.petition.is_open
    assert held.petition.accepted_on is not None and held.petition.accepted_on <= held.held_on <= TODAY
    assert held.opinions.filter(answered_on__isnull=True).exists() and held.opinions.count() == 2
    opinions = Opinion.objects.all()
    by_source = dict(opinions.values_list("source").annotate(n=Count("pk")))
    assert set(by_source) == {"reception", "dialogue", "meeting", "online"}
    answered = opinions.filter(answered_on__isnull=False).count()
    assert 0.85 < answered / opinions.count() < 1  # most answered, a few still open
    assert not opinions.filter(answered_on__isnull=False, answer="").exists()
    visit_opinions = opinions.filter(source="reception")
    assert not visit_opinions.filter(visit__isnull=True).exists()
    for o in visit_opinions.select_related("visit")[:50]:
        assert o.visit is not None and o.source_ref == o.visit.register_number

    feedback = Feedback.objects.all()
    assert {f.status for f in feedback} == {"received", "triaged", "answered", "declined"}
    published = feedback.filter(published_on__isnull=False)
    assert published.count() >= 10
    for f in published:
        assert f.consent_publish and f.status == "answered" and f.public_content
        for value in (f.contact_name, f.contact_phone, f.contact_email, f.contact_address):
            assert not value or value not in f.public_content
    assert feedback.filter(contact_phone__gt="", content__contains="Liên hệ").exists()  # a phone the public text drops
    # Some were triaged into petitions: answered when the petition is, the petition from the online source.
    into_petitions = feedback.filter(petition__isnull=False).select_related("petition")
    assert into_petitions.count() >= 5 and not into_petitions.filter(opinion__isnull=False).exists()
    for f in into_petitions:
        assert f.petition is not None and f.petition.source == "online"
        assert (f.status == "answered") == (f.petition.status == "resolved")
        assert f.answered_on == f.petition.resolved_on
    assert feedback.filter(status="triaged", opinion__isnull=False).exists()
    (shown_code, shown_pin), (waiting_code, waiting_pin) = DEMO_FEEDBACK.items()
    shown, waiting = Feedback.objects.get(code=shown_code), Feedback.objects.get(code=waiting_code)
    assert shown.unit.code == waiting.unit.code == "16006"
    assert shown.pin_matches(shown_pin) and shown.is_published
    assert waiting.pin_matches(waiting_pin) and waiting.status == "received"
    # The public page finds them with what the README prints, typed as a citizen would.
    assert find_for_public(shown.unit, shown_code.lower().replace("-", " "), shown_pin, "203.0.113.5") == shown
    # Every code is one the public page reads back as typed; PINs differ.
    assert all(normalise_code(code) == code for code in feedback.values_list("code", flat=True))
    assert len(set(feedback.values_list("pin_digest", flat=True))) > 0.95 * feedback.count()


def every_row_is_valid_and_a_second_run_adds_nothing() -> None:
    for model in MODELS:
        # Uniqueness is the database's (constraints); the fields' and the model's own rules are checked here.
        for row in model.objects.filter(unit__code__in=["16006", "16012"]).iterator():
            row.full_clean(validate_unique=False, validate_constraints=False)
    first = counts()
    build(TODAY)
    call_command("demo", "--if-empty", stdout=io.StringIO())
    assert counts() == first
