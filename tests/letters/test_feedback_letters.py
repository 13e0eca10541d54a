"""Public feedback that was answered owes its sender a thank-you letter: the letters sweep drafts exactly one for
each answered feedback with a contact name, none for anonymous or unanswered feedback, and never twice."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.conftest import Personas
from thanthien.engagement import feedback_actions
from thanthien.engagement.feedback import Feedback
from thanthien.letters import actions, subjects
from thanthien.letters.models import Letter, LetterKind, LetterStatus
from thanthien.letters.subjects.feedback import FEEDBACK

pytestmark = pytest.mark.django_db

NAME = "Hà Thị Xuân"
CONTENT = "Đề nghị lắp thêm đèn chiếu sáng ở ngõ 5 thôn Tây."
SEND = {
    "category": "infrastructure",
    "content": CONTENT,
    "contact_name": NAME,
    "contact_phone": "0978123456",
    "contact_address": "Ngõ 5 thôn Tây",
}


def sent(personas: Personas, **changes: object) -> Feedback:
    feedback, _ = feedback_actions.submit_feedback(personas.commune_a, {**SEND, **changes})
    return feedback


def answered(personas: Personas, **changes: object) -> Feedback:
    feedback = sent(personas, **changes)
    return feedback_actions.answer(personas.leader_a, feedback, "Xã sẽ lắp đèn trong quý I.")


def sweep() -> int:
    return actions.sweep(timezone.localdate(), timezone.now())


def test_the_feedback_subject_is_registered() -> None:
    assert subjects.adapter_for(FEEDBACK) is not None


def test_the_sweep_drafts_one_thank_you_letter_per_answered_named_feedback(personas: Personas) -> None:
    feedback = answered(personas)
    answered(personas, contact_name="", contact_phone="", contact_address="")  # anonymous: no one to address
    sent(personas)  # not answered yet
    assert sweep() == 1
    letter = Letter.objects.get(subject_type=FEEDBACK)
    assert letter.kind == LetterKind.THANKS and letter.status == LetterStatus.DRAFT
    assert letter.subject_id == str(feedback.pk) and letter.unit_id == personas.commune_a.pk
    assert letter.recipient_name == NAME and letter.recipient_phone == "0978123456"
    assert letter.owed_on == feedback.answered_on
    assert sweep() == 0
    assert Letter.objects.filter(subject_type=FEEDBACK).count() == 1


def test_the_letter_thanks_for_the_feedback_by_its_text(personas: Personas) -> None:
    feedback = answered(personas)
    sweep()
    letter = Letter.objects.get(subject_type=FEEDBACK)
    body = actions.render_body(letter)
    assert CONTENT in body and NAME in body
    assert feedback.code in subjects.describe(letter)


def test_a_feedback_answered_later_is_drafted_by_the_next_sweep(personas: Personas) -> None:
    feedback = sent(personas)
    assert sweep() == 0
    feedback_actions.answer(personas.leader_a, feedback, "Đã xem xét.")
    assert actions.sweep_one(FEEDBACK, feedback.pk) == 1
    assert sweep() == 0


def test_a_sweep_for_another_commune_drafts_nothing_here(personas: Personas) -> None:
    answered(personas)
    assert actions.sweep(timezone.localdate(), timezone.now(), unit_ids=[personas.commune_b.pk]) == 0
    assert not Letter.objects.filter(subject_type=FEEDBACK).exists()
