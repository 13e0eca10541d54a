"""The petition's actions (issue 9 item 3): numbering per unit and year, who may write, validation in Vietnamese
that saves nothing, and an audit row per action without the petitioner's personal data."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError

from tests.conftest import Personas
from thanthien.audit.models import AuditEntry
from thanthien.engagement import actions
from thanthien.engagement.models import Petition, PetitionExtension
from thanthien.lib.privacy import HIDDEN, mask_object, name_fields, personal_fields

pytestmark = pytest.mark.django_db

D = dt.date
MARCH_3 = dt.date(2025, 3, 3)
PERSONAL = {"petitioner_name": "Nguyễn Thị Mận", "petitioner_address": "Thôn Tây, xã Hoằng Hợp"}
DATA = {"source": "hand", "kind": "denunciation", "content": "Tố cáo việc lấn chiếm đất công", **PERSONAL}


def receive(p: Personas, day: dt.date = MARCH_3, **extra: Any) -> Petition:
    data: dict[str, Any] = {**DATA, "received_on": day, "petitioner_id_number": "038190001234", **extra}
    return actions.receive_petition(p.leader_a, p.commune_a, data)


def test_numbers_run_per_unit_and_restart_each_year(personas: Personas) -> None:
    first, second = receive(personas), receive(personas, D(2025, 12, 31))
    next_year = receive(personas, D(2026, 1, 2))
    other = actions.receive_petition(personas.sysadmin, personas.commune_b, {**DATA, "received_on": D(2025, 3, 3)})
    assert [first.display_number, second.display_number, next_year.display_number] == ["1/2025", "2/2025", "1/2026"]
    assert other.display_number == "1/2025"
    assert str(first) == "Đơn số 1/2025"


def test_a_refused_petition_saves_nothing_and_gives_its_number_back(personas: Personas) -> None:
    with pytest.raises(ValidationError) as caught:
        receive(personas, petitioner_name="", petitioner_id_number="")
    assert caught.value.message_dict["petitioner_name"] == [
        "Vui lòng nhập họ tên người gửi đơn (hoặc đánh dấu đơn nặc danh)."
    ]
    assert not Petition.objects.exists()
    assert receive(personas).display_number == "1/2025"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"content": "  "}, "content", "Vui lòng ghi nội dung đơn."),
        ({"content": "x" * 4001}, "content", "Nội dung đơn dài quá 4000 ký tự."),
        ({"received_on": D(2999, 1, 1)}, "received_on", "Ngày nhận đơn không được ở tương lai."),
        ({"received_on": "2025-03-03"}, "received_on", "Ngày nhận đơn không hợp lệ."),
        ({"kind": "petition"}, "kind", "Giá trị 'petition' không phải là lựa chọn hợp lệ."),
        ({"anonymous": True}, "anonymous", "Đơn nặc danh không ghi họ tên, số CCCD người gửi."),
    ],
)
def test_bad_input_is_refused_in_vietnamese(
    personas: Personas, change: dict[str, Any], field: str, message: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        receive(personas, **change)
    assert caught.value.message_dict[field] == [message]
    assert not Petition.objects.exists()


def test_only_the_communes_leaders_and_administrator_write_petitions(personas: Personas) -> None:
    for user in (personas.supervisor, personas.officer_b, personas.officer_a, personas.front_a):
        with pytest.raises(PermissionDenied):
            receive_as(personas, user)
    petition = receive_as(personas, personas.admin_a)
    for user in (personas.supervisor, personas.officer_b, personas.other_supervisor):
        with pytest.raises(PermissionDenied):
            actions.accept(user, petition, D(2025, 3, 4))
        with pytest.raises(PermissionDenied):
            actions.withdraw(user, petition, on=D(2025, 3, 4))
    assert Petition.objects.get().accepted_on is None
    assert list(AuditEntry.objects.filter(action__startswith="engagement.").values_list("action", flat=True)) == [
        "engagement.petition.create"
    ]


def receive_as(p: Personas, user: Any) -> Petition:
    return actions.receive_petition(user, p.commune_a, {**DATA, "received_on": D(2025, 3, 3)})


def test_classification_needs_its_reasons(personas: Personas) -> None:
    petition = receive(personas)
    cases = [
        ({"eligible": False, "within_competence": None, "direction": "refuse"}, "ineligible_reason"),
        ({"eligible": True, "within_competence": True, "direction": "archive"}, "direction_reason"),
        ({"eligible": True, "within_competence": False, "direction": "forward"}, "forwarded_to"),
    ]
    for kwargs, field in cases:
        with pytest.raises(ValidationError) as caught:
            actions.classify(personas.leader_a, petition, on=D(2025, 3, 4), **kwargs)
        assert field in caught.value.message_dict
    refused = actions.classify(
        personas.leader_a, petition, eligible=False, within_competence=None, direction="refuse",
        ineligible_reason="Đơn không có chữ ký", on=D(2025, 3, 4),
    )  # fmt: skip
    assert (refused.status, refused.handled_on, refused.direction_reason) == (
        "closed",
        D(2025, 3, 4),
        "Đơn không có chữ ký",
    )
    with pytest.raises(ValidationError, match="đã kết thúc xử lý"):
        actions.accept(personas.leader_a, refused, D(2025, 3, 5))


def test_accept_then_resolve_with_an_outcome_valid_for_the_kind(personas: Personas) -> None:
    petition = actions.accept(personas.leader_a, receive(personas), D(2025, 3, 5))
    assert (petition.status, petition.direction, petition.eligible, petition.handled_on) == (
        "accepted",
        "accept",
        True,
        D(2025, 3, 5),
    )
    with pytest.raises(ValidationError) as caught:
        actions.resolve(personas.leader_a, petition, outcome="answered", on=D(2025, 3, 20))
    assert caught.value.message_dict["outcome"] == ["Kết quả không hợp lệ cho đơn tố cáo."]
    with pytest.raises(ValidationError, match="không được trước ngày 05/03/2025"):
        actions.resolve(personas.leader_a, petition, outcome="founded", on=D(2025, 3, 4))
    done = actions.resolve(
        personas.leader_a, petition, outcome="partly_founded", on=D(2025, 3, 20), decision_number="8/KL-UBND"
    )
    assert (done.status, done.resolved_on, done.decision_number) == ("resolved", D(2025, 3, 20), "8/KL-UBND")


def test_an_anonymous_denunciation_is_not_accepted(personas: Personas) -> None:
    petition = receive(personas, anonymous=True, petitioner_name="", petitioner_id_number="", petitioner_address="")
    with pytest.raises(ValidationError, match="Tố cáo nặc danh"):
        actions.accept(personas.leader_a, petition, D(2025, 3, 4))


def test_a_recommendation_is_answered_and_a_complaint_withdrawn(personas: Personas) -> None:
    recommendation = actions.accept(personas.leader_a, receive(personas, kind="recommendation"), D(2025, 3, 4))
    answered = actions.resolve(personas.leader_a, recommendation, outcome="answered", on=D(2025, 3, 10))
    assert answered.get_outcome_display() == "Đã trả lời"
    complaint = actions.accept(personas.leader_a, receive(personas, kind="complaint"), D(2025, 3, 4))
    withdrawn = actions.withdraw(personas.leader_a, complaint, on=D(2025, 3, 6), note="Đã được giải thích")
    assert (withdrawn.status, withdrawn.resolved_on) == ("withdrawn", D(2025, 3, 6))
    assert "Rút đơn ngày 06/03/2025: Đã được giải thích" in withdrawn.note
    with pytest.raises(ValidationError, match="đã kết thúc xử lý"):
        actions.resolve(personas.leader_a, withdrawn, outcome="founded", on=D(2025, 3, 7))


def test_the_petitioner_is_personal_data_and_never_in_the_audit_trail(personas: Personas) -> None:
    assert set(personal_fields(Petition)) == {"petitioner_name", "petitioner_address", "petitioner_id_number"}
    assert name_fields(Petition) == ("petitioner_name",)
    petition = actions.accept(personas.leader_a, receive(personas), D(2025, 3, 5))
    actions.extend(
        personas.leader_a, petition, days=20, reason="Cần xác minh", decision="QĐ 3/QĐ-UBND", decided_on=D(2025, 3, 6)
    )
    actions.resolve(personas.leader_a, Petition.objects.get(), outcome="founded", on=D(2025, 3, 30))
    rows = list(AuditEntry.objects.filter(action__startswith="engagement.").order_by("pk"))
    assert [r.action for r in rows] == [
        "engagement.petition.create",
        "engagement.petition.accept",
        "engagement.petition_extension.create",
        "engagement.petition.resolve",
    ]
    trail = " ".join(f"{r.changes} {r.object_repr} {r.note}" for r in rows)
    for value in (*PERSONAL.values(), "038190001234", "Mận"):
        assert value not in trail
    assert "Đơn thư số 1/2025" in trail
    assert rows[0].changes["petitioner_name"] == "(dữ liệu cá nhân)"
    assert PetitionExtension.objects.get().unit == personas.commune_a


def test_the_admin_lists_petitions_read_only_without_the_petitioner(personas: Personas) -> None:
    receive(personas)
    root = get_user_model().objects.create_superuser("root", "root@example.org", "Mk-dai-1234567")
    client = personas.client(root)
    page = client.get("/quan-tri/engagement/petition/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "1/2025" in html and "Nguyễn Thị Mận" not in html
    assert client.get("/quan-tri/engagement/petition/add/").status_code == 403
    assert client.get("/quan-tri/engagement/limitrule/").status_code == 200


def test_a_petition_with_two_contents_is_split_into_two_numbered_records(personas: Personas) -> None:
    petition = receive(personas, kind="complaint", source="reception", remote_area=True)
    first, second = actions.split_petition(
        personas.leader_a,
        petition,
        [("complaint", "Khiếu nại quyết định thu hồi đất"), ("denunciation", "Tố cáo cán bộ địa chính")],
    )
    assert (first.display_number, first.kind, first.content) == (
        "1/2025",
        "complaint",
        "Khiếu nại quyết định thu hồi đất",
    )
    assert (second.display_number, second.kind, second.note) == ("2/2025", "denunciation", "Tách từ đơn số 1/2025.")
    assert (second.received_on, second.source, second.remote_area) == (MARCH_3, "reception", True)
    assert second.petitioner_name == PERSONAL["petitioner_name"]
    actions.accept(personas.leader_a, first, D(2025, 3, 4))
    with pytest.raises(ValidationError, match="trước khi phân loại"):
        actions.split_petition(
            personas.leader_a, Petition.objects.get(pk=first.pk), [("complaint", "a"), ("complaint", "b")]
        )
    with pytest.raises(ValidationError, match="ít nhất hai nội dung"):
        actions.split_petition(personas.leader_a, second, [("denunciation", "a"), ("complaint", " ")])
    with pytest.raises(ValidationError):  # a bad second part undoes the change of the first
        actions.split_petition(personas.leader_a, second, [("complaint", "a"), ("petition", "b")])
    assert Petition.objects.get(pk=second.pk).kind == "denunciation"
    with pytest.raises(PermissionDenied):
        actions.split_petition(personas.supervisor, second, [("denunciation", "a"), ("complaint", "b")])
    assert Petition.objects.count() == 2
    trail = str(list(AuditEntry.objects.filter(action__startswith="engagement.").values_list("changes", flat=True)))
    assert "Nguyễn Thị Mận" not in trail and "038190001234" not in trail


def test_an_action_reads_the_petition_as_it_stands_not_a_stale_copy(personas: Personas) -> None:
    stale = receive(personas)
    actions.accept(personas.leader_a, stale, D(2025, 3, 4))
    with pytest.raises(ValidationError, match="Đơn đã được thụ lý ngày 04/03/2025"):
        actions.accept(personas.admin_a, stale, D(2025, 3, 6))
    actions.withdraw(personas.leader_a, stale, on=D(2025, 3, 7))
    with pytest.raises(ValidationError, match="đã kết thúc xử lý \\(Đã rút đơn\\)"):
        actions.resolve(personas.leader_a, stale, outcome="founded", on=D(2025, 3, 8))
    assert Petition.objects.get().accepted_on == D(2025, 3, 4)


def test_a_masked_petition_shows_initials_and_hides_the_address_and_id(personas: Personas) -> None:
    petition = receive(personas)
    mask_object(petition)
    assert (petition.petitioner_name, petition.petitioner_address, petition.petitioner_id_number) == (
        "Nguyễn T. M.",
        HIDDEN,
        HIDDEN,
    )
    assert Petition.objects.get().petitioner_name == "Nguyễn Thị Mận"  # masking is never saved
