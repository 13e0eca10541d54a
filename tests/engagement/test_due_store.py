"""The stored due days (PetitionDeadline): written after each action commits, equal to what limits.deadlines()
computes, changed by the sweep when the calendar moves a day, and never duplicated by running the sweep again."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import Personas
from thanthien.engagement import actions
from thanthien.engagement.due import sweep_deadlines
from thanthien.engagement.limits import deadlines
from thanthien.engagement.models import Petition, PetitionDeadline

pytestmark = pytest.mark.django_db

DATA = {
    "source": "hand",
    "kind": "complaint",
    "content": "Khiếu nại quyết định thu hồi đất",
    "petitioner_name": "Lê Văn An",
}


def stored(petition: Petition) -> dict[str, tuple[dt.date, dt.date | None]]:
    return {r.step: (r.due_on, r.done_on) for r in PetitionDeadline.objects.filter(petition=petition)}


def computed(petition: Petition) -> dict[str, tuple[dt.date, dt.date | None]]:
    petition = Petition.objects.get(pk=petition.pk)
    return {step: (d.due, d.done_on) for step, d in deadlines(petition).items()}


def test_each_action_leaves_the_stored_steps_equal_to_the_computed_ones(
    personas: Personas, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        petition = actions.receive_petition(
            personas.leader_a, personas.commune_a, {**DATA, "received_on": dt.date(2025, 1, 20)}
        )
    assert stored(petition) == computed(petition) and set(stored(petition)) == {"acceptance"}
    assert stored(petition)["acceptance"][1] is None
    with django_capture_on_commit_callbacks(execute=True):
        actions.accept(personas.leader_a, petition, on=dt.date(2025, 1, 24))
    assert set(stored(petition)) == {"acceptance", "resolution"} and stored(petition) == computed(petition)
    assert stored(petition)["acceptance"][1] == dt.date(2025, 1, 24)
    with django_capture_on_commit_callbacks(execute=True):
        actions.resolve(personas.leader_a, petition, outcome="unfounded", on=dt.date(2025, 2, 20))
    assert stored(petition)["resolution"][1] == dt.date(2025, 2, 20) and stored(petition) == computed(petition)


def test_the_sweep_stores_what_is_missing_once_and_is_then_a_no_op(personas: Personas) -> None:
    petition = actions.receive_petition(
        personas.leader_a, personas.commune_a, {**DATA, "received_on": dt.date(2025, 1, 20)}
    )
    PetitionDeadline.objects.all().delete()  # as if imported, or received before the store existed
    assert sweep_deadlines() == 1
    assert stored(petition) == computed(petition)
    assert sweep_deadlines() == 0
    assert PetitionDeadline.objects.count() == 1


def test_the_sweep_mends_a_stale_due_day(personas: Personas) -> None:
    petition = actions.receive_petition(
        personas.leader_a, personas.commune_a, {**DATA, "received_on": dt.date(2025, 1, 20)}
    )
    sweep_deadlines()
    PetitionDeadline.objects.update(due_on=dt.date(2025, 1, 21))
    assert sweep_deadlines() == 1
    assert stored(petition) == computed(petition)
