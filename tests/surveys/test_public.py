"""The public form (QR and online channels): open only while a campaign is, server-side conditions and required
answers, an empty form refused, the brakes per device and address, the thank-you page."""

from __future__ import annotations

import pytest
from django.test import Client

from thanthien.surveys import brakes
from thanthien.surveys.models import Answer, Response

from .helpers import open_today

pytestmark = pytest.mark.django_db
URL = "/khao-sat/X16012/phieu_thu/"


@pytest.fixture
def open_campaign(personas):
    return open_today(personas.commune_a, channels=["qr", "online"], fields=["Hộ tịch", "Đất đai"])


def test_the_form_shows_questions_by_aspect_without_asking_who_answers(open_campaign) -> None:
    page = Client().get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Tiếp cận dịch vụ" in html and "Nơi tiếp nhận thuận tiện" in html
    assert 'data-relevant-name="gop_y" data-relevant-value="co"' in html
    assert "form.js" in html and "<script>" not in html
    for personal in ("Họ tên", "Số điện thoại", "CCCD", "Địa chỉ"):
        assert personal not in html


def test_qr_channel_and_online_channel_are_recorded(open_campaign) -> None:
    c = Client()
    done = c.post(URL + "?kenh=qr", {"kenh": "qr", "q1": "hl", "linh_vuc": "Hộ tịch"})
    assert done.status_code == 302 and done["Location"].endswith("/khao-sat/X16012/phieu_thu/cam-on/")
    assert "Xin cảm ơn" in c.get(done["Location"]).content.decode()
    Client().post(URL, {"q1": "bt"})
    assert sorted(Response.objects.values_list("channel", "field")) == [("online", ""), ("qr", "Hộ tịch")]


def test_an_empty_form_is_refused(open_campaign) -> None:
    page = Client().post(URL, {"q1": "", "y_kien": "  "})
    assert page.status_code == 400
    assert "Vui lòng trả lời câu hỏi này." in page.content.decode()  # q1 is required
    open_campaign.version.questions.filter(name="q1").update(required=False)
    page = Client().post(URL, {})
    assert page.status_code == 400 and "Phiếu chưa có câu trả lời nào" in page.content.decode()
    assert Response.objects.count() == 0


def test_the_server_checks_conditions_and_choices_again(open_campaign) -> None:
    Client().post(URL, {"q1": "hl", "gop_y": "khong", "q3": "rhl"})
    assert not Answer.objects.filter(question__name="q3").exists()  # hidden by its condition: dropped
    page = Client().post(URL, {"q1": "xyz"})
    assert page.status_code == 400 and "không có trong câu hỏi này" in page.content.decode()
    page = Client().post(URL, {"q1": "hl", "so_lan": "nhiều"})
    assert page.status_code == 400 and "số nguyên" in page.content.decode()
    assert Response.objects.count() == 1


def test_closed_outside_the_campaign_or_channel(personas, open_campaign) -> None:
    open_campaign.channels = ["paper"]
    open_campaign.save()
    assert Client().get(URL).status_code == 404
    assert "không mở" in Client().get(URL).content.decode()
    assert Client().get("/khao-sat/X16012/khong_co/").status_code == 404
    assert Client().get("/khao-sat/KHONGCO/phieu_thu/").status_code == 404


def test_rate_limited_per_device(open_campaign) -> None:
    c = Client()
    for _ in range(brakes.MAX_PER_DEVICE):
        assert c.post(URL, {"q1": "hl"}, REMOTE_ADDR="10.0.0.1").status_code == 302
    refused = c.post(URL, {"q1": "hl"}, REMOTE_ADDR="10.0.0.2")
    assert refused.status_code == 429 and "Máy này đã gửi nhiều phiếu" in refused.content.decode()
    assert Response.objects.count() == brakes.MAX_PER_DEVICE
    assert Client().post(URL, {"q1": "hl"}, REMOTE_ADDR="10.0.0.2").status_code == 302  # another phone


def test_rate_limited_per_address(open_campaign, monkeypatch) -> None:
    monkeypatch.setattr(brakes, "MAX_PER_ADDRESS", 3)
    for _ in range(3):
        assert Client().post(URL, {"q1": "hl"}, REMOTE_ADDR="10.0.0.9").status_code == 302
    refused = Client().post(URL, {"q1": "hl"}, REMOTE_ADDR="10.0.0.9")
    assert refused.status_code == 429 and "Từ mạng của Ông/Bà" in refused.content.decode()
    assert Response.objects.count() == 3


def test_a_refused_form_counts_nothing(open_campaign) -> None:
    c = Client()
    for _ in range(brakes.MAX_PER_DEVICE + 2):
        assert c.post(URL, {}).status_code == 400
    assert c.post(URL, {"q1": "hl"}).status_code == 302
