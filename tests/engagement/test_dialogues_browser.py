"""A dialogue in a real browser: the MTTQ official records it from the menu, writes down an opinion answered on the
spot and one left for later, answers that one later with its date; the pages pass axe-core on every load."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.conftest import Personas, assert_accessible, login
from thanthien.engagement.dialogues import AnswerKind, Dialogue, Opinion

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_dialogue_with_opinions_answered_on_the_spot_and_later(
    personas: Personas, live_server: object, browser_page: object
) -> None:
    page: object = browser_page
    url = live_server.url  # type: ignore[attr-defined]
    held = timezone.localdate() - dt.timedelta(days=7)
    login(page, url, "front_a")
    page.get_by_role("button", name="Tiếp công dân").click()  # type: ignore[attr-defined]  (the menu's group)
    page.get_by_role("link", name="Đối thoại", exact=True).click()  # type: ignore[attr-defined]
    page.get_by_role("link", name="+ Ghi nhận cuộc đối thoại").click()  # type: ignore[attr-defined]
    page.get_by_label("Ngày đối thoại").fill(f"{held:%d/%m/%Y}")  # type: ignore[attr-defined]
    page.get_by_label("Chủ đề").fill("Dồn điền đổi thửa vụ Đông")  # type: ignore[attr-defined]
    page.get_by_label("Người chủ trì (họ tên, chức vụ)").fill("Chủ tịch UBND Trần Văn Dũng")  # type: ignore[attr-defined]
    page.get_by_label("Chủ tịch / Phó Chủ tịch UBND chủ trì").check()  # type: ignore[attr-defined]
    page.get_by_label("Số người dân").fill("40")  # type: ignore[attr-defined]
    page.get_by_label("Số đại biểu MTTQ").fill("2")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Lưu").click()  # type: ignore[attr-defined]
    page.get_by_text("Đã ghi nhận cuộc đối thoại").wait_for()  # type: ignore[attr-defined]
    assert_accessible(page)

    page.locator("#id_op-content").fill("Bồi thường hoa màu khi đổi thửa")  # type: ignore[attr-defined]
    page.locator("#id_op-raised_by").fill("Lê Văn Bình")  # type: ignore[attr-defined]
    page.locator("#id_op-answer_kind").select_option(AnswerKind.ON_THE_SPOT)  # type: ignore[attr-defined]
    page.locator("#id_op-answer").fill("Hỗ trợ theo nghị quyết của HĐND xã")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Ghi ý kiến").click()  # type: ignore[attr-defined]
    page.get_by_text("Đã ghi ý kiến.").wait_for()  # type: ignore[attr-defined]
    page.locator("#id_op-content").fill("Làm lại đường nội đồng")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Ghi ý kiến").click()  # type: ignore[attr-defined]
    page.get_by_text("2 ý kiến, đã trả lời 1").wait_for()  # type: ignore[attr-defined]
    assert_accessible(page)

    later = Opinion.objects.get(content="Làm lại đường nội đồng")
    page.locator(f"#ans-{later.pk}-on").fill(f"{held + dt.timedelta(days=3):%d/%m/%Y}")  # type: ignore[attr-defined]
    page.locator(f"#ans-{later.pk}-text").fill("Đưa vào kế hoạch năm sau")  # type: ignore[attr-defined]
    page.get_by_role("button", name="Ghi câu trả lời").click()  # type: ignore[attr-defined]
    page.get_by_text("2 ý kiến, đã trả lời 2").wait_for()  # type: ignore[attr-defined]
    later.refresh_from_db()
    assert (later.answer_kind, later.answered_on) == (AnswerKind.LATER, held + dt.timedelta(days=3))
    assert Dialogue.objects.get().participants == 42

    page.goto(f"{url}/tiep-cong-dan/y-kien/")  # type: ignore[attr-defined]
    page.get_by_text("tỷ lệ trả lời 100,00").wait_for()  # type: ignore[attr-defined]
    assert_accessible(page)
