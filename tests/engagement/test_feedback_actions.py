"""Public feedback's actions: sending (validation, nothing saved on error, the PIN kept only as its digest), triage
into the opinions and petitions registers, decline, answer, publication, who may do each, and an audit trail that
never holds the sender's contact details or text."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.conftest import Personas
from thanthien.audit.models import AuditEntry
from thanthien.engagement import feedback_actions as actions
from thanthien.engagement.dialogues import Opinion, OpinionSource
from thanthien.engagement.feedback import Feedback, FeedbackStatus
from thanthien.engagement.models import Petition, PetitionKind, Source

pytestmark = pytest.mark.django_db

NAME = "Nguyễn Thị Phượng"
PHONE = "0912345678"
ADDRESS = "Số 12 thôn Đông Hải"
CONTENT = "Đoạn đường từ cổng làng đến trường tiểu học có ổ gà lớn, trời mưa rất trơn."

SEND = {
    "kind": "feedback",
    "category": "infrastructure",
    "content": CONTENT,
    "place": "Đường vào trường tiểu học",
    "contact_name": NAME,
    "contact_phone": "+84 912 345 678",
    "contact_email": "phuong@example.vn",
    "contact_address": ADDRESS,
    "consent_publish": True,
}


def send(personas: Personas, **changes: object) -> tuple[Feedback, str]:
    return actions.submit_feedback(personas.commune_a, {**SEND, **changes}, client="203.0.113.5")


def test_send_gives_a_random_code_and_a_pin_kept_only_as_its_digest(personas: Personas) -> None:
    feedback, pin = send(personas)
    assert re.fullmatch(r"PA-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}", feedback.code)
    assert re.fullmatch(r"\d{6}", pin)
    stored = Feedback.objects.get(pk=feedback.pk)
    assert stored.pin_digest == Feedback.hash_pin(pin) and pin not in stored.pin_digest
    assert stored.pin_matches(pin) and not stored.pin_matches("000000" if pin != "000000" else "111111")
    assert stored.contact_phone == PHONE  # normalised by lib.vn.clean_phone
    assert stored.status == FeedbackStatus.RECEIVED and stored.received_on == timezone.localdate()
    assert stored.unit == personas.commune_a and stored.created_by is None


def test_two_sends_get_different_codes_and_pins(personas: Personas) -> None:
    (a, pin_a), (b, pin_b) = send(personas), send(personas)
    assert a.code != b.code
    assert a.pin_digest != b.pin_digest or pin_a == pin_b


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"content": "   "}, "content"),
        ({"content": "x" * 4001}, "content"),
        ({"category": ""}, "category"),
        ({"category": "weather"}, "category"),
        ({"kind": "complaint"}, "kind"),
        ({"contact_phone": "12345"}, "contact_phone"),
        ({"contact_email": "not-an-address"}, "contact_email"),
        ({"place": "p" * 301}, "place"),
    ],
)
def test_bad_sends_are_refused_with_a_message_and_save_nothing(
    personas: Personas, changes: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationError) as exc:
        send(personas, **changes)
    assert field in exc.value.message_dict
    assert all(m and m[0].isupper() for m in exc.value.message_dict[field])
    assert not Feedback.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="engagement.").exists()


def test_an_anonymous_send_is_accepted(personas: Personas) -> None:
    feedback, _ = actions.submit_feedback(personas.commune_a, {"category": "environment", "content": "Rác ở chợ"})
    assert feedback.contact_name == "" and not feedback.consent_publish


def test_a_send_to_a_unit_that_is_not_a_commune_is_refused(personas: Personas) -> None:
    with pytest.raises(ValidationError):
        actions.submit_feedback(personas.district, SEND)
    assert not Feedback.objects.exists()


def _audit_text() -> str:
    rows = AuditEntry.objects.filter(action__startswith="engagement.")
    return json.dumps([[r.object_repr, r.changes, r.note] for r in rows], ensure_ascii=False)


def test_the_audit_trail_never_holds_the_contact_details_the_text_or_the_pin(personas: Personas) -> None:
    feedback, pin = send(personas)
    actions.triage_to_opinion(personas.leader_a, feedback)
    actions.answer(personas.leader_a, feedback, "Xã đã giao thôn vá đường trong tuần.")
    actions.publish(personas.leader_a, feedback, "Đoạn đường vào trường có ổ gà.")
    (created,) = AuditEntry.objects.filter(action="engagement.feedback.create")
    assert created.changes["status"] == [None, "received"] and created.unit_id == personas.commune_a.pk
    assert AuditEntry.objects.filter(action="engagement.feedback.answer").exists()
    assert AuditEntry.objects.filter(action="engagement.feedback.publish").exists()
    trail = _audit_text()
    feedback_rows = json.dumps(
        [r.changes for r in AuditEntry.objects.filter(action__startswith="engagement.feedback.")], ensure_ascii=False
    )
    for secret in (NAME, PHONE, "phuong@example.vn", ADDRESS, feedback.pin_digest, pin):
        assert secret not in trail
    assert CONTENT not in feedback_rows


def test_triage_into_an_opinion_links_an_online_opinion(personas: Personas) -> None:
    feedback, _ = send(personas)
    # The official in charge of reception triages, though the opinions register's own writers do not include them.
    triaged = actions.triage_to_opinion(personas.reception_a, feedback)
    opinion = Opinion.objects.get()
    assert triaged.status == FeedbackStatus.TRIAGED and triaged.triaged_on == timezone.localdate()
    assert triaged.opinion == opinion and opinion.feedback == triaged
    assert opinion.source == OpinionSource.ONLINE and opinion.source_ref == feedback.code
    assert opinion.content == CONTENT and opinion.raised_by == NAME and opinion.raised_on == feedback.received_on
    assert AuditEntry.objects.filter(action="engagement.feedback.triage").exists()


def test_the_answer_of_a_triaged_opinion_answers_the_opinion_too(personas: Personas) -> None:
    feedback, _ = send(personas)
    actions.triage_to_opinion(personas.leader_a, feedback)
    actions.answer(personas.leader_a, feedback, "Đã vá xong.", timezone.localdate())
    opinion = Opinion.objects.get()
    assert opinion.answer == "Đã vá xong." and opinion.answered_on == timezone.localdate()


def test_triage_into_a_petition_receives_an_online_petition(personas: Personas) -> None:
    feedback, _ = send(personas, kind="recommendation")
    triaged = actions.triage_to_petition(personas.reception_a, feedback)
    petition = Petition.objects.get()
    assert triaged.petition == petition and triaged.status == FeedbackStatus.TRIAGED
    assert petition.source == Source.ONLINE and petition.kind == PetitionKind.RECOMMENDATION
    assert petition.petitioner_name == NAME and not petition.anonymous
    assert petition.received_on == feedback.received_on and petition.number == 1
    assert feedback.code in petition.note


def test_anonymous_feedback_becomes_an_anonymous_petition(personas: Personas) -> None:
    feedback, _ = send(personas, contact_name="", contact_phone="", contact_email="", contact_address="")
    actions.triage_to_petition(personas.leader_a, feedback, PetitionKind.COMPLAINT)
    petition = Petition.objects.get()
    assert petition.anonymous and petition.kind == PetitionKind.COMPLAINT


def test_feedback_is_triaged_once(personas: Personas) -> None:
    feedback, _ = send(personas)
    actions.triage_to_opinion(personas.leader_a, feedback)
    with pytest.raises(ValidationError):
        actions.triage_to_petition(personas.leader_a, feedback)
    with pytest.raises(ValidationError):
        actions.decline(personas.leader_a, feedback, "Trùng lặp")
    assert not Petition.objects.exists() and Opinion.objects.count() == 1


def test_an_unknown_petition_kind_is_refused(personas: Personas) -> None:
    feedback, _ = send(personas)
    with pytest.raises(ValidationError):
        actions.triage_to_petition(personas.leader_a, feedback, "gossip")
    assert Feedback.objects.get().status == FeedbackStatus.RECEIVED


def test_decline_needs_a_reason_and_then_cannot_be_answered(personas: Personas) -> None:
    feedback, _ = send(personas)
    with pytest.raises(ValidationError):
        actions.decline(personas.leader_a, feedback, "  ")
    declined = actions.decline(personas.leader_a, feedback, "Nội dung trùng với phản ánh PA-2222-3333.")
    assert declined.status == FeedbackStatus.DECLINED
    with pytest.raises(ValidationError):
        actions.answer(personas.leader_a, feedback, "Trả lời")


@pytest.mark.parametrize("day", [dt.date(2000, 1, 1), "08/10/2024", None])
def test_an_answer_day_before_receipt_or_unreadable_is_refused(personas: Personas, day: object) -> None:
    feedback, _ = send(personas)
    if day is None:
        day = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError):
        actions.answer(personas.leader_a, feedback, "Trả lời", day)
    assert Feedback.objects.get().answered_on is None


def test_an_empty_answer_is_refused(personas: Personas) -> None:
    feedback, _ = send(personas)
    with pytest.raises(ValidationError):
        actions.answer(personas.leader_a, feedback, " ")


def test_publish_needs_consent_and_an_answer(personas: Personas) -> None:
    feedback, _ = send(personas, consent_publish=False)
    actions.answer(personas.leader_a, feedback, "Đã xử lý.")
    with pytest.raises(ValidationError):
        actions.publish(personas.leader_a, feedback)
    other, _ = send(personas)
    with pytest.raises(ValidationError):
        actions.publish(personas.leader_a, other)  # not answered yet
    assert not Feedback.objects.filter(published_on__isnull=False).exists()


def test_publish_with_edited_text_then_unpublish(personas: Personas) -> None:
    feedback, _ = send(personas)
    actions.answer(personas.leader_a, feedback, "Đã xử lý.")
    published = actions.publish(personas.admin_a, feedback, "Đường vào trường có ổ gà.")
    assert published.published_on == timezone.localdate() and published.public_content == "Đường vào trường có ổ gà."
    assert not actions.unpublish(personas.admin_a, feedback).is_published
    with pytest.raises(ValidationError):
        actions.unpublish(personas.admin_a, feedback)


@pytest.mark.parametrize("who", ["front_a", "officer_a", "supervisor", "officer_b"])
def test_only_the_communes_feedback_writers_act(personas: Personas, who: str) -> None:
    feedback, _ = send(personas)
    actor = getattr(personas, who)
    for act in (
        lambda: actions.triage_to_opinion(actor, feedback),
        lambda: actions.triage_to_petition(actor, feedback),
        lambda: actions.decline(actor, feedback, "Lý do"),
        lambda: actions.answer(actor, feedback, "Trả lời"),
    ):
        with pytest.raises(PermissionDenied):
            act()
    assert Feedback.objects.get().status == FeedbackStatus.RECEIVED
    assert not Opinion.objects.exists() and not Petition.objects.exists()


def test_codes_are_read_as_citizens_type_them() -> None:
    assert actions.normalise_code(" pa 7k3m-q9xr ") == "PA-7K3M-Q9XR"
    assert actions.normalise_code("PA7K3MQ9XR") == "PA-7K3M-Q9XR"
    assert actions.normalise_code("'; DROP") == "DROP"


TODAY = timezone.localdate()


def test_an_answer_given_in_the_opinions_register_reaches_the_citizen(personas: Personas) -> None:
    from thanthien.engagement import dialogue_actions
    from thanthien.letters.subjects.feedback import FeedbackSubject

    feedback, _ = send(personas)
    actions.triage_to_opinion(personas.leader_a, feedback)
    opinion = Opinion.objects.get(feedback=feedback)
    dialogue_actions.answer_opinion(
        personas.front_a, opinion, {"answer": "Xã đã sửa đèn", "answer_kind": "later", "answered_on": TODAY}
    )
    feedback.refresh_from_db()
    assert (feedback.status, feedback.answer, feedback.answered_on) == (FeedbackStatus.ANSWERED, "Xã đã sửa đèn", TODAY)
    owed = [o for o in FeedbackSubject().owed(TODAY) if o.subject_id == str(feedback.pk)]
    assert len(owed) == (1 if feedback.contact_name else 0)


def test_a_changed_answer_leaves_the_public_list_until_published_again(personas: Personas) -> None:
    feedback, _ = send(personas, consent_publish=True)
    actions.answer(personas.leader_a, feedback, "Đã sửa")
    actions.publish(personas.leader_a, Feedback.objects.get(pk=feedback.pk))
    assert Feedback.objects.get(pk=feedback.pk).published_on is not None
    actions.answer(personas.leader_a, Feedback.objects.get(pk=feedback.pk), "Đã sửa, ông Lê Văn Gửi gọi 0912345678")
    assert Feedback.objects.get(pk=feedback.pk).published_on is None
