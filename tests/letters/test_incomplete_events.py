"""No congratulation or condolence from a civil event whose names are incomplete (issue 7, item 7): the applicant
of a returned khai sinh dossier is never named as the newborn, and the registrar is shown what to complete."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.conftest import Personas
from tests.onestop.factories import make_dossier
from thanthien.civil import actions as civil
from thanthien.civil.models import CivilEvent
from thanthien.letters import actions
from thanthien.letters.models import Letter, LetterKind, SubjectType
from thanthien.onestop.actions import change_status
from thanthien.onestop.models import Status

pytestmark = pytest.mark.django_db

APPLICANT = "Nguyễn Văn Án"


def returned_birth(personas: Personas, capture) -> CivilEvent:  # type: ignore[no-untyped-def]
    now = timezone.now()
    dossier = make_dossier(
        personas.commune_a,
        "1.001193",
        applicant_name=APPLICANT,
        received_at=now - dt.timedelta(hours=3),
        due_at=now + dt.timedelta(hours=3),
    )
    with capture(execute=True):
        change_status(personas.officer_a, dossier, Status.RESOLVED)
        change_status(personas.officer_a, dossier, Status.RETURNED)
    return CivilEvent.objects.get(dossier=dossier)


def test_no_letter_from_an_incomplete_event_and_the_right_name_once_completed(
    personas: Personas,
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    event = returned_birth(personas, django_capture_on_commit_callbacks)
    assert civil.needs_completion(event)
    actions.sweep()
    assert not Letter.objects.filter(civil_event=event).exists()
    # Nowhere is the applicant shown as the child.
    assert APPLICANT not in str(event) and "cần bổ sung" in str(event)

    registry = personas.client(personas.registrar_a).get("/thu/").content.decode()
    block = registry.split('data-warning="incomplete_events"')[1].split("</div>")[0]
    assert 'data-testid="warning-count">1<' in block
    assert "/ho-tich/?incomplete=1" in registry.split('data-warning="incomplete_events"')[1].split("</section>")[0]

    with django_capture_on_commit_callbacks(execute=True):
        civil.complete_from_dossier(personas.registrar_a, event, person_name="Nguyễn Gia Huy")
    letter = Letter.objects.get(civil_event=event)  # drafted as soon as the registrar completed it
    assert letter.kind == LetterKind.CONGRATULATION and letter.recipient_name == APPLICANT
    text = actions.render_body(letter)
    assert "cháu Nguyễn Gia Huy" in text and f"cháu {APPLICANT}" not in text
    assert "Nguyễn Gia Huy" in str(letter.civil_event)


def test_a_draft_made_before_from_an_incomplete_event_cannot_be_signed(personas: Personas) -> None:
    event = CivilEvent.objects.create(
        unit=personas.commune_a, kind="birth", registered_on=timezone.localdate(), contact_name=APPLICANT
    )
    letter = Letter.objects.create(
        unit=personas.commune_a,
        kind=LetterKind.CONGRATULATION,
        subject_type=SubjectType.CIVIL_EVENT,
        subject_id=str(event.pk),
        civil_event=event,
        owed_on=timezone.localdate(),
        recipient_name=APPLICANT,
    )
    with pytest.raises(Exception, match="chưa đủ họ tên"):
        actions.approve(personas.leader_a, letter)
