"""The QR link on a 360 px phone: the conditional question appears when its answer is chosen, a required question
left blank is said beside it, the form is sent and thanked; every page passes axe-core (browser_page)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.conftest import Personas, assert_accessible
from thanthien.surveys.models import Answer, Response

from .helpers import campaign, questionnaire

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_qr_form_on_a_phone(personas: Personas, live_server: object, browser_page: object) -> None:
    page: object = browser_page
    imported = questionnaire(personas.commune_a)
    today = timezone.localdate()
    campaign(
        personas.commune_a, imported.version, starts_on=today - dt.timedelta(days=1), ends_on=today, channels=["qr"]
    )
    page.set_viewport_size({"width": 360, "height": 740})  # type: ignore[attr-defined]
    page.goto(f"{live_server.url}/khao-sat/X16012/phieu_thu/?kenh=qr")  # type: ignore[attr-defined]
    conditional = page.locator('[data-question="q3"]')  # type: ignore[attr-defined]
    assert conditional.is_hidden()
    page.get_by_role("button", name="Gửi phiếu khảo sát").click()  # type: ignore[attr-defined]
    page.get_by_text("Vui lòng trả lời câu hỏi này.").wait_for()  # type: ignore[attr-defined]
    assert_accessible(page)
    group = page.get_by_role("group", name="Nơi tiếp nhận thuận tiện")  # type: ignore[attr-defined]
    group.get_by_text("Rất hài lòng").click()
    page.get_by_role("group", name="Ông/Bà đã góp ý chưa?").get_by_text("Có", exact=True).click()  # type: ignore[attr-defined]
    conditional.wait_for(state="visible")
    conditional.get_by_text("Hài lòng", exact=True).click()
    width = page.evaluate("document.documentElement.scrollWidth")  # type: ignore[attr-defined]
    wide = page.evaluate(  # type: ignore[attr-defined]
        "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > 360)"
        ".map(e => e.tagName + '.' + e.className + ' ' + e.getBoundingClientRect().right)"
    )
    assert width <= 360, wide  # nothing wider than the phone
    page.get_by_role("button", name="Gửi phiếu khảo sát").click()  # type: ignore[attr-defined]
    page.get_by_text("Xin cảm ơn Ông/Bà!").wait_for()  # type: ignore[attr-defined]
    response = Response.objects.get()
    assert response.channel == "qr"
    answers = dict(Answer.objects.filter(response=response).values_list("question__name", "value"))
    assert answers == {"q1": "rhl", "gop_y": "co", "q3": "hl"}
