"""Paper forms typed in fast by MTTQ: a batch header, a number per choice, Enter saves and opens the next form."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from tests.conftest import Personas, login
from thanthien.surveys import actions
from thanthien.surveys.models import Answer, Response

from .helpers import campaign, open_today


def _campaign(personas: Personas):
    return open_today(personas.commune_a, 30, fields=["Hộ tịch", "Đất đai"])


@pytest.mark.django_db
def test_batch_then_forms_by_number(personas) -> None:
    c = _campaign(personas)
    url = f"/khao-sat/quan-ly/dot/{c.pk}/phieu-giay/"
    client = personas.client(personas.front_a)
    assert "Người thu phiếu" in client.get(url).content.decode()
    day = timezone.localdate() - dt.timedelta(days=2)
    client.post(url, {"action": "batch", "collector": "Phạm Thị Lan", "collected_on": f"{day:%d/%m/%Y}"})
    done = client.post(url, {"action": "form", "linh_vuc": "2", "q1": "4", "gop_y": "1", "q3": "5", "mong_muon": "1 2"})
    assert done.status_code == 302
    response = Response.objects.get()
    assert (response.channel, response.field, response.collector, response.collected_on, response.submitted_on) == (
        "paper",
        "Đất đai",
        "Phạm Thị Lan",
        day,
        day,
    )
    assert sorted(Answer.objects.values_list("question__name", "value")) == [
        ("gop_y", "co"),
        ("mong_muon", "gon"),
        ("mong_muon", "nhanh"),
        ("q1", "hl"),
        ("q3", "rhl"),
    ]
    bad = client.post(url, {"action": "form", "q1": "9"})
    assert bad.status_code == 400 and "Gõ số từ 1 đến 5" in bad.content.decode()
    hidden = client.post(url, {"action": "form", "q1": "4", "gop_y": "2", "q3": "4"})
    assert hidden.status_code == 400 and "chỉ trả lời khi" in hidden.content.decode()
    assert client.post(url, {"action": "form"}).status_code == 400
    assert Response.objects.count() == 1
    assert personas.client(personas.supervisor).get(url).status_code == 403
    assert personas.client(personas.officer_b).get(url).status_code == 403


@pytest.mark.django_db
def test_no_batch_of_tomorrow_and_no_paper_into_a_campaign_without_paper(personas) -> None:
    c = _campaign(personas)
    url = f"/khao-sat/quan-ly/dot/{c.pk}/phieu-giay/"
    client = personas.client(personas.front_a)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    page = client.post(url, {"action": "batch", "collector": "Lan", "collected_on": f"{tomorrow:%d/%m/%Y}"})
    assert page.status_code == 400 and "Ngày thu phiếu chưa đến." in page.content.decode()
    sipas = actions.copy_template(None, personas.commune_a, "sipas")
    online = campaign(personas.commune_a, sipas.version, name="Chỉ trực tuyến", channels=["online"])
    assert client.get(f"/khao-sat/quan-ly/dot/{online.pk}/phieu-giay/").status_code == 403
    assert client.get(f"/khao-sat/quan-ly/dot/{online.pk}/ma-qr.pdf").status_code == 404
    detail = client.get(f"/khao-sat/quan-ly/dot/{online.pk}/").content.decode()
    assert "Nhập phiếu giấy" not in detail and "In mã QR" not in detail and "Kênh mở: Trực tuyến." in detail
    assert not Response.objects.exists()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_three_paper_forms_by_keyboard_only(personas: Personas, live_server: object, browser_page: object) -> None:
    page: object = browser_page
    url = live_server.url  # type: ignore[attr-defined]
    c = _campaign(personas)
    login(page, url, "front_a")
    page.goto(f"{url}/khao-sat/quan-ly/dot/{c.pk}/phieu-giay/")  # type: ignore[attr-defined]
    keyboard = page.keyboard  # type: ignore[attr-defined]
    keyboard.type("Phạm Thị Lan")  # the collector field has the focus
    keyboard.press("Tab")
    keyboard.type(f"{timezone.localdate():%d/%m/%Y}")
    keyboard.press("Enter")
    page.get_by_text("đã nhập 0 phiếu").wait_for()  # type: ignore[attr-defined]
    for number, answers in enumerate((["1", "4"], ["2", "5", "3"], ["", "1"]), start=1):
        page.wait_for_function("document.activeElement.id === 'linh_vuc'")  # type: ignore[attr-defined]
        for value in answers:
            keyboard.type(value)
            keyboard.press("Tab")
        keyboard.press("Enter")
        page.get_by_text(f"Đã lưu phiếu thứ {number} của lô").wait_for()  # type: ignore[attr-defined]
    assert Response.objects.filter(channel="paper").count() == 3
    assert sorted(Answer.objects.filter(question__name="q1").values_list("value", flat=True)) == ["hl", "rhl", "rkhl"]
