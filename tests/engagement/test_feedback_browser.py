"""A citizen on a 360 px phone sends feedback with a photo, gets the code and PIN, staff answer and publish it, and
the citizen follows it with the code and PIN and sees the answer; the published list shows it without the
sender's name. Every page passes axe-core and has no horizontal scroll."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import Personas
from thanthien.engagement import feedback_actions as actions
from thanthien.engagement.feedback import Feedback, FeedbackStatus

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAME = "Đinh Thị Hảo"
PHONE = "0356789123"


def no_scroll(page: object) -> None:
    width = page.evaluate("() => document.documentElement.scrollWidth")  # type: ignore[attr-defined]
    assert width <= 360, f"trang rộng {width} px trên màn hình 360 px"


def test_a_citizen_sends_follows_and_reads_the_published_answer(
    personas: Personas, live_server: object, browser_page: object, tmp_path: Path, settings: object
) -> None:
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    photo = tmp_path / "o-ga.jpg"
    Image.new("RGB", (120, 90), (90, 90, 90)).save(photo, format="JPEG")
    page: object = browser_page
    url = live_server.url  # type: ignore[attr-defined]
    page.set_viewport_size({"width": 360, "height": 740})  # type: ignore[attr-defined]

    page.goto(f"{url}/phan-anh/")  # type: ignore[attr-defined]
    page.get_by_role("link", name=personas.commune_a.name, exact=True).click()  # type: ignore[attr-defined]
    page.get_by_role("heading", name=f"Gửi phản ánh, kiến nghị đến {personas.commune_a.name}").wait_for()  # type: ignore[attr-defined]
    no_scroll(page)
    # An empty form is refused with a message beside the text.
    page.get_by_role("button", name="Gửi phản ánh, kiến nghị").click()  # type: ignore[attr-defined]
    page.get_by_text("Vui lòng nhập nội dung.").wait_for()  # type: ignore[attr-defined]
    assert not Feedback.objects.exists()

    page.get_by_role("radio", name="Kiến nghị").check()  # type: ignore[attr-defined]
    page.get_by_label("Lĩnh vực").select_option("infrastructure")  # type: ignore[attr-defined]
    page.get_by_role("textbox", name="Nội dung").fill("Đề nghị vá ổ gà trên đường liên thôn trước chợ.")  # type: ignore[attr-defined]
    page.get_by_label("Địa điểm được phản ánh (thôn, xóm, đường…)").fill("Trước chợ Hợp")  # type: ignore[attr-defined]
    page.get_by_label("Ảnh kèm theo (không bắt buộc)").set_input_files(str(photo))  # type: ignore[attr-defined]
    page.get_by_label("Họ và tên").fill(NAME)  # type: ignore[attr-defined]
    page.get_by_label("Số điện thoại").fill(PHONE)  # type: ignore[attr-defined]
    page.get_by_label("Tôi đồng ý để xã, phường công khai", exact=False).check()  # type: ignore[attr-defined]
    no_scroll(page)
    page.get_by_role("button", name="Gửi phản ánh, kiến nghị").click()  # type: ignore[attr-defined]

    code = page.get_by_test_id("code").inner_text().strip()  # type: ignore[attr-defined]
    pin = page.get_by_test_id("pin").inner_text().strip()  # type: ignore[attr-defined]
    no_scroll(page)
    feedback = Feedback.objects.get()
    assert feedback.code == code and feedback.pin_matches(pin) and feedback.photo
    assert feedback.kind == "recommendation" and feedback.contact_name == NAME and feedback.consent_publish

    # Staff answer and publish it, with the sender's details taken out of the published text.
    actions.triage_to_opinion(personas.reception_a, feedback)
    actions.answer(personas.reception_a, feedback, "Xã đã giao thôn vá đường, xong trước ngày 15.")
    actions.publish(personas.reception_a, feedback, "Đề nghị vá ổ gà trên đường liên thôn.")
    assert Feedback.objects.get().status == FeedbackStatus.ANSWERED

    page.get_by_role("link", name=f"Theo dõi phản ánh của {personas.commune_a.name}").click()  # type: ignore[attr-defined]
    page.get_by_label("Mã theo dõi").fill(code.lower())  # type: ignore[attr-defined]
    page.get_by_label("Mã PIN").fill(pin)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Xem").click()  # type: ignore[attr-defined]
    page.get_by_test_id("answer").get_by_text("Xã đã giao thôn vá đường").wait_for()  # type: ignore[attr-defined]
    no_scroll(page)
    assert NAME not in page.content() and PHONE not in page.content()  # type: ignore[attr-defined]

    page.goto(f"{url}/phan-anh/{personas.commune_a.code}/da-tra-loi/")  # type: ignore[attr-defined]
    page.get_by_text("Đề nghị vá ổ gà trên đường liên thôn.").wait_for()  # type: ignore[attr-defined]
    page.get_by_text("Xã đã giao thôn vá đường, xong trước ngày 15.").wait_for()  # type: ignore[attr-defined]
    no_scroll(page)
    html = page.content()  # type: ignore[attr-defined]
    assert NAME not in html and PHONE not in html and "trước chợ." not in html
