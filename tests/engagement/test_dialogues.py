"""Dialogues and the opinions register (issue 9 items 5 and 6): recorded through their actions on the record
pattern, answered on the spot or later, the answered / received rate, roles and an audit trail without names."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from tests.conftest import Personas
from thanthien.audit.models import AuditEntry
from thanthien.engagement import dialogue_actions as actions
from thanthien.engagement.dialogues import AnswerKind, Dialogue, Opinion, OpinionSource

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
HELD = TODAY - dt.timedelta(days=20)
DIALOGUE = {
    "held_on": HELD,
    "topic": "Giải phóng mặt bằng mở rộng đường liên thôn",
    "place": "Hội trường UBND xã",
    "chaired_by": "Bí thư Đảng ủy Nguyễn Văn An; Chủ tịch UBND Trần Văn Dũng",
    "party_head_chaired": True,
    "committee_head_chaired": True,
    "front_participants": 3,
    "organisation_participants": 5,
    "people_participants": 42,
}


def make_dialogue(personas: Personas, **extra: object) -> Dialogue:
    return actions.record_dialogue(personas.leader_a, personas.commune_a, {**DIALOGUE, **extra})


def test_a_dialogue_with_participants_and_opinions_answered_on_the_spot_and_later(personas: Personas) -> None:
    dialogue = make_dialogue(personas)
    assert dialogue.participants == 50
    spot = actions.record_opinion(
        personas.front_a,
        personas.commune_a,
        {
            "dialogue": dialogue,
            "raised_by": "Lê Văn Bình",
            "content": "Mức bồi thường đất vườn",
            "answer": "Theo QĐ 12",
        },
    )
    assert (spot.source, spot.raised_on, spot.answer_kind, spot.answered_on) == (
        OpinionSource.DIALOGUE,
        HELD,
        AnswerKind.ON_THE_SPOT,
        HELD,
    )
    later = actions.record_opinion(
        personas.front_a, personas.commune_a, {"dialogue": dialogue, "content": "Thời gian chi trả"}
    )
    assert not later.is_answered
    assert actions.answer_rate(Opinion.objects.filter(dialogue=dialogue)) == actions.AnswerRate(2, 1)
    answered = actions.answer_opinion(
        personas.admin_a,
        later,
        {"answer": "Chi trả trong quý IV", "answer_kind": AnswerKind.LATER, "answered_on": HELD + dt.timedelta(days=5)},
    )
    assert (answered.answer_kind, answered.answered_on) == (AnswerKind.LATER, HELD + dt.timedelta(days=5))
    rate = actions.answer_rate(Opinion.objects.filter(dialogue=dialogue))
    assert (rate.received, rate.answered, rate.rate) == (2, 2, 1.0)


def test_the_rate_counts_every_source_and_is_none_without_opinions(personas: Personas) -> None:
    assert actions.answer_rate(Opinion.objects.all()).rate is None
    for source in (OpinionSource.RECEPTION, OpinionSource.MEETING, OpinionSource.ONLINE):
        actions.record_opinion(
            personas.leader_a,
            personas.commune_a,
            {"source": source, "raised_on": HELD, "content": "Đèn đường thôn Đông", "source_ref": "12"},
        )
    (first, *_) = Opinion.objects.order_by("pk")
    actions.answer_opinion(personas.leader_a, first, {"answer": "Đã sửa", "answered_on": TODAY})
    rate = actions.answer_rate(Opinion.objects.all())
    assert (rate.received, rate.answered) == (3, 1)
    assert rate.rate == pytest.approx(1 / 3)


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"topic": "  "}, "topic"),
        ({"chaired_by": ""}, "chaired_by"),
        ({"held_on": TODAY + dt.timedelta(days=1)}, "held_on"),
        ({"held_on": dt.date(1890, 1, 1)}, "held_on"),
    ],
)
def test_a_bad_dialogue_is_refused_and_nothing_saved(personas: Personas, data: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as exc:
        make_dialogue(personas, **data)
    assert field in exc.value.message_dict
    assert not Dialogue.objects.exists() and not AuditEntry.objects.filter(action__startswith="engagement.").exists()


def test_bad_answers_are_refused(personas: Personas) -> None:
    dialogue = make_dialogue(personas)
    opinion = actions.record_opinion(personas.leader_a, personas.commune_a, {"dialogue": dialogue, "content": "Ý kiến"})
    for data, field in (
        ({"answer": ""}, "answer"),
        ({"answer": "Trả lời", "answer_kind": AnswerKind.LATER}, "answered_on"),
        ({"answer": "Trả lời", "answered_on": HELD - dt.timedelta(days=1)}, "answered_on"),
        ({"answer": "Trả lời", "answered_on": TODAY + dt.timedelta(days=1)}, "answered_on"),
    ):
        with pytest.raises(ValidationError) as exc:
            actions.answer_opinion(personas.leader_a, opinion, data)
        assert field in exc.value.message_dict, data
    opinion.refresh_from_db()
    assert not opinion.is_answered


def test_an_opinion_cannot_point_to_another_communes_dialogue_nor_claim_a_dialogue_without_one(
    personas: Personas,
) -> None:
    dialogue = make_dialogue(personas)
    with pytest.raises(ValidationError) as exc:
        actions.record_opinion(None, personas.commune_b, {"dialogue": dialogue, "content": "Ý kiến"})
    assert "dialogue" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        actions.record_opinion(
            personas.leader_a,
            personas.commune_a,
            {"source": OpinionSource.DIALOGUE, "raised_on": HELD, "content": "Ý kiến"},
        )
    assert "dialogue" in exc.value.message_dict
    with pytest.raises(ValidationError):
        actions.record_opinion(
            personas.leader_a,
            personas.commune_a,
            {"dialogue": dialogue, "raised_on": HELD - dt.timedelta(days=1), "content": "Ý kiến"},
        )
    assert not Opinion.objects.exists()


@pytest.mark.parametrize("who", ["leader_a", "admin_a", "front_a"])
def test_writers_record_dialogues(personas: Personas, who: str) -> None:
    actions.record_dialogue(getattr(personas, who), personas.commune_a, DIALOGUE)
    assert Dialogue.objects.count() == 1


@pytest.mark.parametrize("who", ["officer_a", "supervisor", "officer_b"])
def test_others_may_not_record_dialogues_nor_opinions(personas: Personas, who: str) -> None:
    with pytest.raises(PermissionDenied):
        actions.record_dialogue(getattr(personas, who), personas.commune_a, DIALOGUE)
    with pytest.raises(PermissionDenied):
        actions.record_opinion(
            getattr(personas, who),
            personas.commune_a,
            {"source": OpinionSource.ONLINE, "raised_on": HELD, "content": "Ý kiến"},
        )
    assert not Dialogue.objects.exists() and not Opinion.objects.exists()


def test_the_audit_trail_never_holds_who_raised_an_opinion(personas: Personas) -> None:
    dialogue = make_dialogue(personas)
    opinion = actions.record_opinion(
        personas.front_a, personas.commune_a, {"dialogue": dialogue, "raised_by": "Lê Văn Bình", "content": "Ý kiến"}
    )
    actions.answer_opinion(personas.leader_a, opinion, {"answer": "Đã trả lời", "answered_on": TODAY})
    rows = AuditEntry.objects.filter(action__startswith="engagement.")
    assert {r.action for r in rows} == {
        "engagement.dialogue.create",
        "engagement.opinion.create",
        "engagement.opinion.answer",
    }
    for row in rows:
        assert "Lê Văn Bình" not in str(row.changes) + row.object_repr + row.note


def _complaint(personas: Personas, *, accept: bool = True) -> object:
    from thanthien.engagement import actions as petitions

    data = {
        "source": "hand",
        "kind": "complaint",
        "content": "Khiếu nại quyết định xử phạt",
        "petitioner_name": "Lê Văn An",
        "received_on": dt.date(2025, 3, 3),
    }
    petition = petitions.receive_petition(personas.leader_a, personas.commune_a, data)
    return petitions.accept(personas.leader_a, petition, on=dt.date(2025, 3, 5)) if accept else petition


def test_a_dialogue_held_while_resolving_an_accepted_complaint_names_it(personas: Personas) -> None:
    complaint = _complaint(personas)
    dialogue = make_dialogue(personas, petition="1/2025")
    assert dialogue.petition == complaint
    again = actions.update_dialogue(personas.leader_a, dialogue, {"petition": ""})
    assert again.petition is None


@pytest.mark.parametrize(
    ("number", "message"),
    [
        ("9/2025", "Không tìm thấy đơn số này của xã, phường (ghi theo dạng 12/2026)."),
        ("abc", "Không tìm thấy đơn số này của xã, phường (ghi theo dạng 12/2026)."),
        ("1/2025", "Đơn số 1/2025 không phải đơn khiếu nại đã thụ lý giải quyết."),
    ],
)
def test_a_dialogue_names_only_an_accepted_complaint_of_its_commune(
    personas: Personas, number: str, message: str
) -> None:
    _complaint(personas, accept=False)
    with pytest.raises(ValidationError) as caught:
        make_dialogue(personas, petition=number)
    assert caught.value.message_dict["petition"] == [message]
    assert not Dialogue.objects.exists()


def test_mttq_records_dialogues_but_links_no_petition(personas: Personas) -> None:
    _complaint(personas)
    with pytest.raises(ValidationError) as caught:
        actions.record_dialogue(personas.front_a, personas.commune_a, {**DIALOGUE, "petition": "1/2025"})
    assert "Chỉ lãnh đạo" in caught.value.message_dict["petition"][0]


def test_a_complaints_dialogue_is_read_by_the_handlers_not_by_mttq(personas: Personas) -> None:
    from django.urls import reverse

    _complaint(personas)
    private = make_dialogue(personas, petition="1/2025", topic="Đối thoại với người khiếu nại Lê Văn An")
    public = make_dialogue(personas, topic="Đối thoại về đường liên thôn")
    actions.record_opinion(personas.leader_a, personas.commune_a, {"dialogue": private, "content": "Xin xem lại"})
    front, leader = personas.client(personas.front_a), personas.client(personas.leader_a)
    listing = front.get(reverse("engagement:dialogue_list")).content.decode()
    assert public.topic in listing and private.topic not in listing
    assert front.get(reverse("engagement:dialogue_detail", args=[private.pk])).status_code == 404
    assert "Xin xem lại" not in front.get(reverse("engagement:opinion_list")).content.decode()
    assert front.get("/api/v1/dialogues").json()["count"] == 1
    assert private.topic in leader.get(reverse("engagement:dialogue_list")).content.decode()
    assert leader.get(reverse("engagement:dialogue_detail", args=[private.pk])).status_code == 200
    supervisor = personas.client(personas.supervisor)
    assert supervisor.get(reverse("engagement:dialogue_detail", args=[private.pk])).status_code == 200


def test_mttq_edits_a_complaints_dialogue_without_seeing_or_changing_its_complaint(personas: Personas) -> None:
    from django.urls import reverse

    _complaint(personas)
    dialogue = make_dialogue(personas, petition="1/2025")
    edited = actions.update_dialogue(personas.front_a, dialogue, {"petition": "", "topic": "Chủ đề đã sửa"})
    assert edited.petition is not None and edited.topic == "Chủ đề đã sửa"
    public = make_dialogue(personas)
    form = personas.client(personas.front_a).get(reverse("engagement:dialogue_edit", args=[public.pk]))
    assert form.status_code == 200 and "khiếu nại: số đơn" not in form.content.decode()
    assert (
        "khiếu nại: số đơn"
        in personas.client(personas.leader_a)
        .get(reverse("engagement:dialogue_edit", args=[public.pk]))
        .content.decode()
    )
