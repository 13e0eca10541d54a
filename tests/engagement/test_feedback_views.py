"""The feedback pages: the public send, receipt, follow and published pages (no account, CSRF on, never a
contact detail, the same bytes for an unknown code and a wrong PIN, the brakes), and the staff pages (scoped to the
commune, supervisors read masked, the photo only for the commune's own staff)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from tests.conftest import Personas, make_user
from thanthien.engagement import feedback_actions as actions
from thanthien.engagement.dialogues import Opinion
from thanthien.engagement.feedback import Feedback, FeedbackStatus
from thanthien.engagement.models import Petition
from thanthien.org.models import Role, Unit

pytestmark = pytest.mark.django_db

NAME = "Trịnh Văn Quyết"
PHONE = "0987654321"
EMAIL = "quyet@example.vn"
ADDRESS = "Xóm 3 thôn Nam Thắng"
CONTENT = "Cống thoát nước trước nhà văn hóa thôn bị tắc, nước tràn ra đường."

FORM = {
    "kind": "feedback",
    "category": "environment",
    "content": CONTENT,
    "place": "Nhà văn hóa thôn",
    "contact_name": NAME,
    "contact_phone": PHONE,
    "contact_email": EMAIL,
    "contact_address": ADDRESS,
    "consent_publish": "on",
}
SECRETS = (NAME, PHONE, EMAIL, ADDRESS)


@pytest.fixture(autouse=True)
def _media(settings: pytest.FixtureRequest, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]


def public_url(name: str, personas: Personas, unit: Unit | None = None) -> str:
    return reverse(f"engagement_feedback:{name}", args=[(unit or personas.commune_a).code])


def no_secret(body: bytes) -> None:
    text = body.decode()
    for secret in SECRETS:
        assert secret not in text


def sent_feedback(personas: Personas, **changes: object) -> tuple[Feedback, str]:
    data = {**FORM, **changes, "consent_publish": True}
    return actions.submit_feedback(personas.commune_a, data)


def answered_and_published(personas: Personas) -> tuple[Feedback, str]:
    feedback, pin = sent_feedback(personas)
    actions.answer(personas.leader_a, feedback, "Xã đã cho nạo vét cống ngày 20/11.")
    actions.publish(personas.leader_a, feedback, "Cống thoát nước trước nhà văn hóa thôn bị tắc.")
    return Feedback.objects.get(pk=feedback.pk), pin


# --- public: sending ---------------------------------------------------------------------------------------------


def test_the_send_page_opens_without_an_account_and_explains_privacy(personas: Personas) -> None:
    response = Client().get(public_url("send", personas))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Nghị định 13/2023/NĐ-CP" in body and "không bắt buộc" in body
    assert 'name="consent_publish"' in body and "checked" not in body.split('name="consent_publish"')[1][:80]
    assert 'enctype="multipart/form-data"' in body and "csrfmiddlewaretoken" in body


def test_the_index_lists_the_communes(personas: Personas) -> None:
    body = Client().get(reverse("engagement_feedback:index")).content.decode()
    assert personas.commune_a.name in body and public_url("send", personas) in body


def test_an_unknown_commune_is_not_found(personas: Personas) -> None:
    assert Client().get(reverse("engagement_feedback:send", args=["NOPE"])).status_code == 404
    assert Client().get(reverse("engagement_feedback:send", args=[personas.district.code])).status_code == 404


def test_an_empty_form_is_refused_and_saves_nothing(personas: Personas) -> None:
    response = Client().post(public_url("send", personas), {})
    assert response.status_code == 400
    assert "Vui lòng nhập nội dung." in response.content.decode()
    assert not Feedback.objects.exists()


def test_csrf_is_checked_on_the_public_form(personas: Personas) -> None:
    response = Client(enforce_csrf_checks=True).post(public_url("send", personas), FORM)
    assert response.status_code == 403 and not Feedback.objects.exists()


def test_sending_shows_the_code_and_pin_once(personas: Personas) -> None:
    client = Client()
    response = client.post(public_url("send", personas), FORM)
    assert response.status_code == 302 and response["Location"] == public_url("sent", personas)
    feedback = Feedback.objects.get()
    page = client.get(public_url("sent", personas))
    body = page.content.decode()
    assert page["Cache-Control"] == "no-store"
    assert feedback.code in body
    pin = body.split('data-testid="pin">')[1].split("<")[0]
    assert feedback.pin_matches(pin)
    no_secret(page.content)
    again = client.get(public_url("sent", personas))
    assert again.status_code == 302 and feedback.code not in again.content.decode()


def test_a_bad_photo_is_refused_beside_its_field(personas: Personas) -> None:
    fake = SimpleUploadedFile("anh.jpg", b"plain text, not a picture", content_type="image/jpeg")
    response = Client().post(public_url("send", personas), {**FORM, "photo": fake})
    assert response.status_code == 400
    assert "Chỉ nhận ảnh JPEG, PNG hoặc WebP" in response.content.decode()
    assert not Feedback.objects.exists()


def test_sends_are_limited_per_address(personas: Personas) -> None:
    client = Client(REMOTE_ADDR="192.0.2.44")
    for _ in range(actions.MAX_SENDS):
        assert client.post(public_url("send", personas), FORM).status_code == 302
    refused = client.post(public_url("send", personas), FORM)
    assert refused.status_code == 429 and "trong một giờ qua" in refused.content.decode()
    assert Feedback.objects.count() == actions.MAX_SENDS
    # Another address is not affected.
    assert Client(REMOTE_ADDR="192.0.2.45").post(public_url("send", personas), FORM).status_code == 302


# --- public: following -------------------------------------------------------------------------------------------


def follow(client: Client, personas: Personas, code: str, pin: str) -> object:
    return client.get(public_url("follow", personas), {"ma": code, "pin": pin})


def test_following_with_code_and_pin_shows_the_state_and_the_answer(personas: Personas) -> None:
    feedback, pin = answered_and_published(personas)
    response = follow(Client(), personas, feedback.code.lower().replace("-", " "), pin)
    body = response.content.decode()  # type: ignore[attr-defined]
    assert response.status_code == 200  # type: ignore[attr-defined]
    assert "Xã đã cho nạo vét cống ngày 20/11." in body
    assert "Xã, phường đã trả lời phản ánh, kiến nghị." in body
    assert timezone.localdate().strftime("%d/%m/%Y") in body
    no_secret(response.content)  # type: ignore[attr-defined]


def test_an_unanswered_feedback_shows_its_state_without_an_answer(personas: Personas) -> None:
    feedback, pin = sent_feedback(personas)
    body = follow(Client(), personas, feedback.code, pin).content.decode()  # type: ignore[attr-defined]
    assert "đang xem xét" in body and 'data-testid="answer"' not in body


def test_a_wrong_pin_and_an_unknown_code_get_the_same_bytes(personas: Personas) -> None:
    feedback, pin = sent_feedback(personas)
    wrong = "000000" if pin != "000000" else "111111"
    a = follow(Client(), personas, feedback.code, wrong)
    b = follow(Client(), personas, "PA-2222-2222", wrong)
    assert a.status_code == b.status_code == 200  # type: ignore[attr-defined]
    assert a.content == b.content  # type: ignore[attr-defined]
    assert "Không tìm thấy phản ánh" in a.content.decode()  # type: ignore[attr-defined]
    assert feedback.code not in a.content.decode()  # type: ignore[attr-defined]


def test_a_code_of_another_commune_is_not_found_here(personas: Personas) -> None:
    feedback, pin = sent_feedback(personas)
    response = Client().get(public_url("follow", personas, personas.commune_b), {"ma": feedback.code, "pin": pin})
    assert "Không tìm thấy phản ánh" in response.content.decode()


def test_wrong_pins_lock_the_code_even_for_its_owner(personas: Personas) -> None:
    feedback, pin = sent_feedback(personas)
    wrong = "000000" if pin != "000000" else "111111"
    for n in range(actions.MAX_CODE_FAILURES):
        assert follow(Client(REMOTE_ADDR=f"10.0.0.{n}"), personas, feedback.code, wrong).status_code == 200  # type: ignore[attr-defined]
    locked = follow(Client(REMOTE_ADDR="10.0.1.1"), personas, feedback.code, pin)
    assert locked.status_code == 429 and "tạm khóa" in locked.content.decode()  # type: ignore[attr-defined]
    # An unknown code is locked the same way: a lock tells nothing about which codes exist.
    for _ in range(actions.MAX_CODE_FAILURES):
        follow(Client(REMOTE_ADDR="10.0.2.1"), personas, "PA-3333-3333", wrong)
    unknown = follow(Client(REMOTE_ADDR="10.0.2.2"), personas, "PA-3333-3333", wrong)
    assert unknown.status_code == 429  # type: ignore[attr-defined]
    assert unknown.content == locked.content  # type: ignore[attr-defined]


def test_the_owner_looking_again_does_not_lock_the_code(personas: Personas) -> None:
    feedback, pin = sent_feedback(personas)
    for _ in range(actions.MAX_CODE_FAILURES + 3):
        assert follow(Client(), personas, feedback.code, pin).status_code == 200  # type: ignore[attr-defined]


def test_an_address_above_its_ceiling_is_refused_but_a_correct_pin_is_answered(
    personas: Personas, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(actions, "MAX_CLIENT_FAILURES", 3)
    feedback, pin = sent_feedback(personas)
    client = Client(REMOTE_ADDR="10.9.9.9")
    for n in range(3):
        assert follow(client, personas, f"PA-2222-{n + 2}{n + 2}{n + 2}{n + 2}", "123456").status_code == 200  # type: ignore[attr-defined]
    refused = follow(client, personas, "PA-4444-4444", "123456")
    assert refused.status_code == 429 and "quá nhiều lần tra cứu sai" in refused.content.decode()  # type: ignore[attr-defined]
    assert follow(client, personas, feedback.code, pin).status_code == 200  # type: ignore[attr-defined]
    # The code that address touched is now locked for everyone.
    assert follow(Client(), personas, "PA-4444-4444", "123456").status_code == 429  # type: ignore[attr-defined]


def test_old_brake_counts_are_purged(personas: Personas) -> None:
    from thanthien.documents.models import NumberCounter

    sent_feedback(personas)
    follow(Client(), personas, "PA-2222-2222", "123456")
    assert NumberCounter.objects.filter(series__startswith=actions.THROTTLE_PREFIX).exists()
    assert actions.purge_brakes() == 0
    later = timezone.now() + 3 * actions.SEND_WINDOW
    assert actions.purge_brakes(later) >= 2
    assert not NumberCounter.objects.filter(series__startswith=actions.THROTTLE_PREFIX).exists()


# --- public: the published list ----------------------------------------------------------------------------------


def test_the_published_list_shows_consented_published_answers_only_and_no_contact(personas: Personas) -> None:
    published, _ = answered_and_published(personas)
    unpublished, _ = sent_feedback(personas, content="Chưa công khai: đèn đường hỏng")
    actions.answer(personas.leader_a, unpublished, "Đã thay bóng.")
    declined, _ = actions.submit_feedback(personas.commune_a, {**FORM, "content": "Không đồng ý công khai"})
    actions.answer(personas.leader_a, declined, "Đã xử lý.")
    response = Client().get(public_url("answered", personas))
    body = response.content.decode()
    assert "Cống thoát nước trước nhà văn hóa thôn bị tắc." in body and "Xã đã cho nạo vét cống" in body
    assert CONTENT not in body  # staff's public text is shown instead of the citizen's own
    assert "Chưa công khai" not in body and "Không đồng ý công khai" not in body
    assert published.code not in body
    no_secret(response.content)
    assert (
        Client()
        .get(public_url("answered", personas, personas.commune_b))
        .content.decode()
        .count('data-testid="published"')
        == 0
    )


def test_the_published_list_pages(personas: Personas) -> None:
    for n in range(23):
        feedback, _ = sent_feedback(personas, content=f"Phản ánh số {n}")
        actions.answer(personas.leader_a, feedback, f"Trả lời {n}")
        actions.publish(personas.leader_a, feedback)
    first = Client().get(public_url("answered", personas)).content.decode()
    second = Client().get(public_url("answered", personas), {"page": "2"}).content.decode()
    assert first.count('data-testid="published"') == 20 and second.count('data-testid="published"') == 3
    for bad in ("²", "1e400", "-1", "99999999999999999999"):
        assert Client().get(public_url("answered", personas), {"page": bad}).status_code == 200


def test_no_public_page_ever_shows_a_contact_detail(personas: Personas) -> None:
    feedback, pin = answered_and_published(personas)
    client = Client()
    pages = [
        client.get(reverse("engagement_feedback:index")),
        client.get(public_url("send", personas)),
        client.get(public_url("follow", personas), {"ma": feedback.code, "pin": pin}),
        client.get(public_url("follow", personas), {"ma": feedback.code, "pin": "x"}),
        client.get(public_url("answered", personas)),
    ]
    for page in pages:
        no_secret(page.content)


# --- staff -------------------------------------------------------------------------------------------------------


def staff(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


def png() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (1, 2, 3)).save(out, format="PNG")
    return SimpleUploadedFile("p.png", out.getvalue(), content_type="image/png")


def test_the_staff_list_and_detail_show_the_contact_to_the_communes_staff(personas: Personas) -> None:
    feedback, _ = sent_feedback(personas)
    listing = staff(personas.reception_a).get(reverse("engagement:feedback_list"))
    assert listing.status_code == 200 and feedback.code in listing.content.decode() and NAME in listing.content.decode()
    detail = staff(personas.reception_a).get(reverse("engagement:feedback_detail", args=[feedback.pk]))
    body = detail.content.decode()
    assert NAME in body and PHONE in body and ADDRESS in body
    assert reverse("engagement:feedback_to_opinion", args=[feedback.pk]) in body


def test_the_staff_list_filters_by_status_and_pages(personas: Personas) -> None:
    first, _ = sent_feedback(personas)
    second, _ = sent_feedback(personas)
    actions.decline(personas.leader_a, second, "Trùng lặp")
    body = staff(personas.leader_a).get(reverse("engagement:feedback_list"), {"status": "declined"}).content.decode()
    assert second.code in body and first.code not in body
    for bad in ("²", "1e400", "zzz"):
        response = staff(personas.leader_a).get(reverse("engagement:feedback_list"), {"page": bad, "status": bad})
        assert response.status_code == 200


def test_the_staff_list_needs_no_query_per_row(personas: Personas, django_assert_max_num_queries: object) -> None:
    for _ in range(12):
        sent_feedback(personas)
    client = staff(personas.leader_a)
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        assert client.get(reverse("engagement:feedback_list")).status_code == 200


def test_another_communes_staff_do_not_find_the_feedback(personas: Personas) -> None:
    leader_b = make_user("leader_b", Role.LEADER, personas.commune_b, "Lương Văn Bảo")
    feedback, _ = actions.submit_feedback(personas.commune_a, FORM, photo=png())
    client = staff(leader_b)
    assert feedback.code not in client.get(reverse("engagement:feedback_list")).content.decode()
    for name in ("feedback_detail", "feedback_photo"):
        assert client.get(reverse(f"engagement:{name}", args=[feedback.pk])).status_code == 404
    for name in ("feedback_to_opinion", "feedback_to_petition", "feedback_decline", "feedback_answer"):
        assert (
            client.post(reverse(f"engagement:{name}", args=[feedback.pk]), {"dec-decline_reason": "x"}).status_code
            == 404
        )
    assert Feedback.objects.get().status == FeedbackStatus.RECEIVED


def test_a_supervisor_reads_masked_and_cannot_act_or_see_the_photo(personas: Personas) -> None:
    feedback, _ = actions.submit_feedback(personas.commune_a, FORM, photo=png())
    client = staff(personas.supervisor)
    body = client.get(reverse("engagement:feedback_detail", args=[feedback.pk])).content.decode()
    assert "Trịnh V. Q." in body
    for secret in SECRETS:
        assert secret not in body
    assert reverse("engagement:feedback_photo", args=[feedback.pk]) not in body
    assert reverse("engagement:feedback_answer", args=[feedback.pk]) not in body
    assert client.get(reverse("engagement:feedback_photo", args=[feedback.pk])).status_code == 404
    listing = client.get(reverse("engagement:feedback_list")).content.decode()
    assert feedback.code in listing and NAME not in listing
    answer = {"ans-answer": "Trả lời", "ans-answered_on": timezone.localdate().strftime("%d/%m/%Y")}
    assert client.post(reverse("engagement:feedback_answer", args=[feedback.pk]), answer).status_code == 403
    assert (
        staff(personas.other_supervisor).get(reverse("engagement:feedback_detail", args=[feedback.pk])).status_code
        == 404
    )


def test_the_photo_is_served_to_the_communes_staff_only(personas: Personas) -> None:
    feedback, _ = actions.submit_feedback(personas.commune_a, FORM, photo=png())
    response = staff(personas.leader_a).get(reverse("engagement:feedback_photo", args=[feedback.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "image/png"
    assert "no-store" in response["Cache-Control"]
    assert Client().get(reverse("engagement:feedback_photo", args=[feedback.pk])).status_code == 302  # to login


def test_staff_triage_answer_and_publish_through_the_pages(personas: Personas) -> None:
    feedback, _ = sent_feedback(personas)
    client = staff(personas.reception_a)
    detail = reverse("engagement:feedback_detail", args=[feedback.pk])
    assert client.post(reverse("engagement:feedback_to_opinion", args=[feedback.pk]))["Location"] == detail
    assert Opinion.objects.get().feedback.pk == feedback.pk
    today = timezone.localdate().strftime("%d/%m/%Y")
    bad = client.post(
        reverse("engagement:feedback_answer", args=[feedback.pk]), {"ans-answer": "", "ans-answered_on": "31/02/2026"}
    )
    assert bad.status_code == 400 and Feedback.objects.get().answered_on is None
    ok = client.post(
        reverse("engagement:feedback_answer", args=[feedback.pk]),
        {"ans-answer": "Đã nạo vét.", "ans-answered_on": today},
    )
    assert ok.status_code == 302 and Feedback.objects.get().status == FeedbackStatus.ANSWERED
    published = client.post(
        reverse("engagement:feedback_publish", args=[feedback.pk]), {"pub-public_content": "Cống bị tắc."}
    )
    assert published.status_code == 302 and Feedback.objects.get().is_published
    assert client.post(reverse("engagement:feedback_unpublish", args=[feedback.pk])).status_code == 302
    assert not Feedback.objects.get().is_published


def test_staff_triage_into_a_petition_and_decline_through_the_pages(personas: Personas) -> None:
    first, _ = sent_feedback(personas)
    second, _ = sent_feedback(personas)
    client = staff(personas.leader_a)
    assert (
        client.post(
            reverse("engagement:feedback_to_petition", args=[first.pk]), {"pet-kind": "recommendation"}
        ).status_code
        == 302
    )
    assert Petition.objects.get().feedback.pk == first.pk
    again = client.post(reverse("engagement:feedback_to_opinion", args=[first.pk]))
    assert again.status_code == 302 and not Opinion.objects.exists()
    empty = client.post(reverse("engagement:feedback_decline", args=[second.pk]), {"dec-decline_reason": ""})
    assert empty.status_code == 400 and Feedback.objects.get(pk=second.pk).status == FeedbackStatus.RECEIVED
    client.post(reverse("engagement:feedback_decline", args=[second.pk]), {"dec-decline_reason": "Trùng lặp"})
    assert Feedback.objects.get(pk=second.pk).status == FeedbackStatus.DECLINED


def test_mttq_reads_but_does_not_act(personas: Personas) -> None:
    feedback, _ = sent_feedback(personas)
    client = staff(personas.front_a)
    assert client.get(reverse("engagement:feedback_detail", args=[feedback.pk])).status_code == 200
    assert client.post(reverse("engagement:feedback_to_opinion", args=[feedback.pk])).status_code == 403
