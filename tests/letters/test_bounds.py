"""Texts have maximum lengths, dates a lower bound, new appointments are never in the past, and the thank-you
page refuses another unit's code and never fails for a system administrator (issue 7, item 3)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from tests.conftest import Personas
from tests.letters.test_approval import apology
from tests.letters.test_delivery import approved_apology
from tests.onestop.factories import vn
from thanthien.engagement.models import Contribution
from thanthien.letters import actions
from thanthien.letters.models import Letter, LetterStatus

pytestmark = pytest.mark.django_db


def test_megabytes_of_text_are_refused_everywhere(personas: Personas) -> None:
    letter = apology(personas.commune_a)
    page = personas.client(personas.officer_a).post(
        f"/thu/{letter.pk}/sua/", {"honorific": "Ông", "recipient_name": "Nguyễn Văn Án", "body": "x" * 1_000_000}
    )
    assert page.status_code == 200 and "Nội dung dài quá 10000 ký tự" in page.content.decode()
    for field in ("body", "reason"):
        with pytest.raises(ValidationError, match="dài quá"):
            actions.edit_draft(None, letter, **{field: "x" * 20_000})
    with pytest.raises(ValidationError, match="dài quá"):
        actions.cancel(None, letter, "x" * 20_000)
    letter.refresh_from_db()
    assert (letter.body, letter.reason, letter.status) == ("", "", LetterStatus.DRAFT)
    with pytest.raises(ValidationError, match="dài quá"):
        actions.record_contribution(
            personas.officer_a, personas.commune_a, contributor_name="An", summary="x" * 1_000_000
        )
    assert not Contribution.objects.exists()


def test_a_new_appointment_in_the_past_is_refused(personas: Personas) -> None:
    letter = apology(personas.commune_a)
    with pytest.raises(ValidationError, match="không được ở quá khứ"):
        actions.edit_draft(None, letter, new_appointment_at=vn(2026, 11, 17, 16, 0))
    assert Letter.objects.get(pk=letter.pk).new_appointment_at is None


def test_a_delivery_before_the_signing_day_or_in_year_2_is_refused(personas: Personas) -> None:
    letter = approved_apology(personas)
    for moment in (
        dt.datetime(2, 1, 1, 9, 0, tzinfo=dt.UTC),
        timezone.now() - dt.timedelta(days=2),
    ):
        with pytest.raises(ValidationError, match="trước ngày ký thư"):
            actions.record_delivery(None, letter, "handed", at=moment)
    page = personas.client(personas.officer_a).post(
        f"/thu/{letter.pk}/gui/", {"method": "handed", "at": "01/01/0002 09:00"}
    )
    assert page.status_code == 200
    assert Letter.objects.get(pk=letter.pk).status == LetterStatus.APPROVED


def test_contributions_dated_before_1900_or_in_the_future_are_refused(personas: Personas) -> None:
    for day in (dt.date(1, 1, 1), timezone.localdate() + dt.timedelta(days=2)):
        with pytest.raises(ValidationError):
            actions.record_contribution(
                personas.officer_a, personas.commune_a, contributor_name="An", summary="Ý kiến", received_on=day
            )
    assert not Contribution.objects.exists()


def test_the_thank_you_page_refuses_another_units_code(personas: Personas) -> None:
    data = {"contributor_name": "Trần Văn Nam", "summary": "Đề nghị sửa đèn đường"}
    client = personas.client(personas.front_a)
    assert client.post("/thu/cam-on/", {**data, "unit": personas.commune_b.code}).status_code == 403
    assert not Contribution.objects.exists()
    assert client.post("/thu/cam-on/", {**data, "unit": personas.commune_a.code}).status_code == 302
    assert Contribution.objects.get().unit == personas.commune_a


def test_the_thank_you_page_for_a_system_administrator(personas: Personas) -> None:
    data = {"contributor_name": "Trần Văn Nam", "summary": "Đề nghị sửa đèn đường"}
    client = personas.client(personas.sysadmin)
    page = client.get("/thu/cam-on/")
    assert page.status_code == 200 and "nhập mã đơn vị" in page.content.decode()
    page = client.post("/thu/cam-on/", data)
    assert page.status_code == 200 and "Vui lòng chọn xã, phường" in page.content.decode()
    page = client.post("/thu/cam-on/", {**data, "unit": "X00000"})
    assert page.status_code == 200 and "Không có xã, phường nào mã “X00000”" in page.content.decode()
    assert not Contribution.objects.exists()
    assert client.post("/thu/cam-on/", {**data, "unit": personas.commune_b.code}).status_code == 302
    assert Contribution.objects.get().unit == personas.commune_b
