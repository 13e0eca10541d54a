"""The printed notices of a petition: each in the state it speaks of (PDF in the NĐ 30 layout, quoting the number,
the day received and the content), printed only by the unit's own staff, 404 in another state."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from tests.conftest import Personas
from thanthien.engagement import actions, notices
from thanthien.engagement.models import Petition

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
RECEIVED = TODAY - dt.timedelta(days=4)


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def receive(p: Personas, **extra: Any) -> Petition:
    data = {
        "received_on": RECEIVED,
        "source": "direct",
        "kind": "complaint",
        "petitioner_name": "Lê Văn Tám",
        "petitioner_address": "Thôn Đông",
        "content": "Khiếu nại việc cấp giấy chứng nhận quyền sử dụng đất",
    }
    return actions.receive_petition(p.leader_a, p.commune_a, {**data, **extra})


def url(petition: Petition, slug: str) -> str:
    return reverse("engagement:petition_notice", args=[petition.pk, slug])


def pdf_text(response: Any) -> str:
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    return " ".join((page.extract_text() or "") for page in reader.pages)


def squash(text: str) -> str:
    return " ".join(text.split())


def test_acceptance_notice_quotes_the_petition_and_its_resolution_deadline(personas: Personas) -> None:
    petition = actions.accept(personas.leader_a, receive(personas), on=TODAY)
    assert [n.slug for n in notices.available(petition)] == ["thu-ly"]
    text = squash(pdf_text(client_for(personas.reception_a).get(url(petition, "thu-ly"))))
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "UBND XÃ HOẰNG HỢP",
        "THÔNG BÁO",
        "thụ lý giải quyết khiếu nại",
        petition.display_number,
        RECEIVED.strftime("%d/%m/%Y"),
        "Lê Văn Tám",
        "cấp giấy chứng nhận",
        "Thời hạn giải quyết",
        "CHỦ TỊCH",
        "Nơi nhận",
        f"tháng {TODAY.month:02d}" if TODAY.month < 3 else f"tháng {TODAY.month}",
    ):
        assert expected in text, expected


def test_refusal_forwarding_guide_and_reply(personas: Personas) -> None:
    client = client_for(personas.leader_a)
    refused = actions.classify(
        personas.leader_a,
        receive(personas),
        eligible=False,
        within_competence=True,
        direction="refuse",
        ineligible_reason="Đã hết thời hiệu khiếu nại",
    )
    text = squash(pdf_text(client.get(url(refused, "khong-thu-ly"))))
    assert "không thụ lý" in text and "Đã hết thời hiệu khiếu nại" in text

    forwarded = actions.classify(
        personas.leader_a,
        receive(personas, kind="recommendation"),
        eligible=True,
        within_competence=False,
        direction="forward",
        forwarded_to="Chi cục Thuế khu vực",
    )
    text = squash(pdf_text(client.get(url(forwarded, "chuyen-don"))))
    assert "PHIẾU CHUYỂN ĐƠN" in text and "Chi cục Thuế khu vực" in text

    guided = actions.classify(
        personas.leader_a,
        receive(personas, kind="feedback"),
        eligible=True,
        within_competence=False,
        direction="guide",
        direction_reason="Gửi đơn đến Tòa án nhân dân khu vực",
    )
    text = squash(pdf_text(client.get(url(guided, "huong-dan"))))
    assert "V/v Hướng dẫn người gửi đơn" in text and "Tòa án nhân dân khu vực" in text

    answered = actions.accept(personas.leader_a, receive(personas, kind="recommendation"), on=TODAY)
    answered = actions.resolve(personas.leader_a, answered, outcome="answered", on=TODAY, decision_number="45/UBND")
    text = squash(pdf_text(client.get(url(answered, "tra-loi"))))
    assert "Trả lời đơn kiến nghị" in text and "45/UBND" in text

    founded = actions.accept(personas.leader_a, receive(personas), on=TODAY)
    founded = actions.resolve(personas.leader_a, founded, outcome="partly_founded", on=TODAY)
    text = squash(pdf_text(client.get(url(founded, "tra-loi"))))
    assert "Kết quả giải quyết khiếu nại" in text and "đúng một phần" in text


def test_a_notice_the_state_does_not_call_for_is_not_found(personas: Personas) -> None:
    petition = receive(personas)
    client = client_for(personas.leader_a)
    for slug in ("thu-ly", "khong-thu-ly", "chuyen-don", "huong-dan", "tra-loi", "xyz"):
        assert client.get(url(petition, slug)).status_code == 404
    page = client.get(reverse("engagement:petition_detail", args=[petition.pk])).content.decode()
    assert url(petition, "thu-ly").rsplit("/van-ban/", 1)[0] + "/van-ban/" not in page  # no notice offered


def test_only_the_units_own_staff_print(personas: Personas) -> None:
    petition = actions.accept(personas.leader_a, receive(personas), on=TODAY)
    assert client_for(personas.supervisor).get(url(petition, "thu-ly")).status_code == 403
    assert client_for(personas.front_a).get(url(petition, "thu-ly")).status_code == 403
    assert client_for(personas.officer_b).get(url(petition, "thu-ly")).status_code == 403
    page = client_for(personas.supervisor).get(reverse("engagement:petition_detail", args=[petition.pk]))
    assert url(petition, "thu-ly").rsplit("/van-ban/", 1)[0] + "/van-ban/" not in page.content.decode()


def test_an_anonymous_petitions_notice_names_nobody(personas: Personas) -> None:
    petition = receive(personas, kind="feedback", anonymous=True, petitioner_name="")
    petition = actions.classify(
        personas.leader_a, petition, eligible=True, within_competence=False, direction="forward", forwarded_to="Sở Y tế"
    )
    text = squash(pdf_text(client_for(personas.leader_a).get(url(petition, "chuyen-don"))))
    assert "không ghi họ tên" in text and "Ông/Bà" not in text


def test_a_forwarded_denunciation_does_not_name_the_denouncer(personas: Personas) -> None:
    client = client_for(personas.leader_a)
    recommendation = actions.classify(
        personas.leader_a,
        receive(personas, kind="recommendation"),
        eligible=True,
        within_competence=False,
        direction="forward",
        forwarded_to="Chi cục Thuế khu vực",
    )
    assert "Lê Văn Tám" in squash(pdf_text(client.get(url(recommendation, "chuyen-don"))))
    denunciation = actions.classify(
        personas.leader_a,
        receive(personas, kind="denunciation", content="Tố cáo cán bộ địa chính nhận tiền"),
        eligible=True,
        within_competence=False,
        direction="forward",
        forwarded_to="Thanh tra huyện",
    )
    text = squash(pdf_text(client.get(url(denunciation, "chuyen-don"))))
    # Luật Tố cáo 2018, Art. 47.2.b: the denouncer's name and address are removed when forwarding.
    assert "Thanh tra huyện" in text and "Tố cáo cán bộ địa chính nhận tiền" in text
    assert "Lê Văn Tám" not in text and "Thôn Đông" not in text
