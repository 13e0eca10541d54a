"""The per-dossier rating from the public lookup (issue 10 item 3): offered once the result is returned, one per
dossier, only to a lookup that found the dossier by code and PIN; recorded with its procedure, field and receiving
officer and counted under channel "dossier". The demo rates a share of the returned demo dossiers (item 8)."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from tests.conftest import Personas, assert_accessible
from thanthien.lib.stats import compute
from thanthien.onestop import receipt
from thanthien.onestop.lookup import MAX_CODE_FAILURES
from thanthien.onestop.models import Dossier, Status
from thanthien.org.models import Unit
from thanthien.portal import demo, rating
from thanthien.portal.views import NOT_FOUND, TOO_MANY
from thanthien.surveys import actions
from thanthien.surveys.models import Answer, Campaign, Response

from .test_lookup import CCCD, CODE, FULL_NAME, PHONE, PIN, make_dossier

LOOKUP = "/tra-cuu/"
RATE = "/tra-cuu/danh-gia/"
IP = "203.0.113.9"
GOOD = {"hl_ho_so": "rat_hai_long", "dung_hen": "co", "gop_y": "Cán bộ hướng dẫn rất tận tình."}


def dossier_campaign(unit: Unit, **extra: object) -> Campaign:
    imported = actions.copy_template(None, unit, actions.DOSSIER_FORM)
    today = timezone.localdate()
    data = {
        "name": f"Đánh giá theo hồ sơ năm {today.year}",
        "version": imported.version,
        "starts_on": today - dt.timedelta(days=30),
        "ends_on": today + dt.timedelta(days=30),
        "channels": ["dossier"],
        "target": 0,
        **extra,
    }
    return actions.create_campaign(None, unit, data)


def returned_dossier(unit: Unit, officer: object, code: str = CODE, pin: str = PIN, **extra: object) -> Dossier:
    now = timezone.now()
    values: dict[str, object] = {
        "status": Status.RETURNED,
        "received_at": now - dt.timedelta(days=3),
        "due_at": now - dt.timedelta(days=1),
        "resolved_at": now - dt.timedelta(days=2),
        "returned_at": now - dt.timedelta(days=1, hours=20),
        "received_by": officer,
        **extra,
    }
    return make_dossier(unit, code=code, pin=pin, **values)


def look_up(client: Client, code: str = CODE, pin: str = PIN) -> tuple[int, str]:
    response = client.get(LOOKUP, {"ma": code, "pin": pin}, REMOTE_ADDR=IP)
    return response.status_code, response.content.decode()


def rate(client: Client, answers: dict[str, str], code: str = CODE, pin: str = PIN) -> tuple[int, str, object]:
    response = client.post(RATE, {"ma": code, "pin": pin, **answers}, REMOTE_ADDR=IP)
    return response.status_code, response.content.decode(), response


@pytest.fixture
def campaign(personas: Personas) -> Campaign:
    return dossier_campaign(personas.commune_a)


@pytest.fixture
def dossier(personas: Personas, campaign: Campaign) -> Dossier:
    return returned_dossier(personas.commune_a, personas.officer_a)


@pytest.mark.django_db
def test_a_returned_dossier_found_by_code_and_pin_offers_the_form(dossier: Dossier) -> None:
    status, html = look_up(Client())
    assert status == 200
    assert f'action="{RATE}"' in html and 'name="csrfmiddlewaretoken"' in html
    assert "Ông/Bà hài lòng thế nào về việc giải quyết hồ sơ này?" in html
    assert "Rất hài lòng" in html and 'name="hl_ho_so"' in html
    assert "Gửi đánh giá" in html
    for personal in [FULL_NAME, CCCD, PHONE]:  # the form adds nothing personal to the result
        assert personal not in html
    assert not Response.objects.exists()  # showing the form writes nothing


@pytest.mark.django_db
def test_the_pages_stay_out_of_caches_search_engines_and_other_sites(dossier: Dossier) -> None:
    with_form = Client().get(LOOKUP, {"ma": CODE, "pin": PIN}, REMOTE_ADDR=IP)
    assert with_form["Cache-Control"] == "no-store" and with_form["X-Robots-Tag"] == "noindex"
    # "same-origin" where the page holds the form: under "no-referrer" the browser posts "Origin: null", which
    # the CSRF check refuses; other sites still get no referrer.
    assert with_form["Referrer-Policy"] == "same-origin"
    rate(Client(), GOOD)
    rated = Client().get(LOOKUP, {"ma": CODE, "pin": PIN}, REMOTE_ADDR=IP)
    assert rated["Referrer-Policy"] == "no-referrer" and rated["Cache-Control"] == "no-store"
    _, _, refused = rate(Client(), GOOD)
    assert refused["Referrer-Policy"] == "no-referrer" and refused["X-Robots-Tag"] == "noindex"  # type: ignore[index]


@pytest.mark.django_db
def test_a_dossier_not_yet_returned_has_no_form_and_cannot_be_rated(personas: Personas, campaign: Campaign) -> None:
    make_dossier(personas.commune_a, received_by=personas.officer_a)  # still being processed
    status, html = look_up(Client())
    assert status == 200 and f'action="{RATE}"' not in html and 'name="hl_ho_so"' not in html
    assert 'data-testid="rating-later"' in html  # says it can be rated once the result is returned
    status, html, _ = rate(Client(), GOOD)
    assert status == 400 and rating.NOT_RETURNED in html and 'name="hl_ho_so"' not in html
    assert not Response.objects.exists()


@pytest.mark.django_db
def test_without_an_open_dossier_campaign_nothing_is_offered(personas: Personas) -> None:
    returned_dossier(personas.commune_a, personas.officer_a)
    dossier_campaign(personas.commune_b)  # another commune's campaign does not open this one's
    status, html = look_up(Client())
    assert status == 200 and 'name="hl_ho_so"' not in html and "rating-later" not in html
    status, html, _ = rate(Client(), GOOD)
    assert status == 400 and rating.NOT_OPEN in html
    assert not Response.objects.exists()


@pytest.mark.django_db
def test_a_wrong_pin_cannot_rate_and_counts_on_the_lookup_brake(dossier: Dossier) -> None:
    status, html, _ = rate(Client(), GOOD, pin="ZZZZ")
    assert status == 403 and NOT_FOUND in html and 'name="hl_ho_so"' not in html
    status, html, _ = rate(Client(), GOOD, code="X16012-000000-0000")
    assert status == 403 and NOT_FOUND in html
    assert not Response.objects.exists()
    for _ in range(MAX_CODE_FAILURES):
        rate(Client(), GOOD, pin="ZZZZ")
    status, html, _ = rate(Client(), GOOD)  # the code is locked, for the rating as for the lookup
    assert status == 429 and TOO_MANY[next(iter(TOO_MANY))][:40] in html
    assert not Response.objects.exists()


@pytest.mark.django_db
def test_one_rating_per_dossier(dossier: Dossier) -> None:
    status, html, response = rate(Client(), GOOD)
    assert status == 200 and "Xin cảm ơn Ông/Bà!" in html and CODE in html
    for header, value in [
        ("Cache-Control", "no-store"),
        ("X-Robots-Tag", "noindex"),
        ("Referrer-Policy", "no-referrer"),
    ]:
        assert response[header] == value  # type: ignore[index]
    status, html, _ = rate(Client(), {"hl_ho_so": "rat_khong_hai_long", "dung_hen": "khong"})
    assert status == 400 and "Hồ sơ này đã được đánh giá" in html and 'name="hl_ho_so"' not in html
    status, html = look_up(Client())  # the lookup says so too, and shows no form
    assert status == 200 and "Hồ sơ này đã được đánh giá" in html and 'name="hl_ho_so"' not in html
    assert Response.objects.count() == 1
    assert Answer.objects.get(question__name="hl_ho_so").value == "rat_hai_long"  # the first rating stands


@pytest.mark.django_db
def test_an_empty_or_incomplete_form_is_refused(dossier: Dossier) -> None:
    status, html, _ = rate(Client(), {})
    assert status == 400 and actions.EMPTY_FORM in html
    assert 'name="hl_ho_so"' in html  # the form again, to answer
    status, html, _ = rate(Client(), {"gop_y": "   "})
    assert status == 400 and actions.EMPTY_FORM in html
    status, html, _ = rate(Client(), {"dung_hen": "co"})  # the required satisfaction question left blank
    assert status == 400 and rating.CHECK_MARKED in html
    assert re.search(r'id="err-hl_ho_so">Vui lòng trả lời câu hỏi này.<', html)
    assert 'value="co" checked' in html  # what was chosen stays chosen
    status, html, _ = rate(Client(), {"hl_ho_so": "tuyet_voi", "dung_hen": "co"})
    assert status == 400 and "không có trong câu hỏi này" in html
    assert not Response.objects.exists()


@pytest.mark.django_db
def test_the_rating_records_the_dossier_facts_and_counts_under_dossier(
    personas: Personas, dossier: Dossier, campaign: Campaign
) -> None:
    status, _, _ = rate(Client(), GOOD)
    assert status == 200
    saved = Response.objects.get()
    assert (saved.channel, saved.campaign_id, saved.unit_id) == ("dossier", campaign.pk, personas.commune_a.pk)
    assert (saved.dossier_code, saved.procedure_code, saved.procedure_field, saved.officer_id) == (
        CODE,
        dossier.procedure.code,
        dossier.procedure.field,
        str(personas.officer_a.pk),
    )
    assert saved.procedure_code == "1.001193" and saved.procedure_field
    today = timezone.localdate()
    result = compute("surveys", personas.commune_a, today - dt.timedelta(days=1), today)
    assert result["by_channel"]["dossier"] == 1 and result["forms"] == 1
    assert result["satisfaction_rate"] == 1.0


@pytest.mark.django_db
def test_the_rating_form_needs_the_csrf_token(dossier: Dossier) -> None:
    client = Client(enforce_csrf_checks=True)
    assert client.post(RATE, {"ma": CODE, "pin": PIN, **GOOD}, REMOTE_ADDR=IP).status_code == 403
    page = client.get(LOOKUP, {"ma": CODE, "pin": PIN}, REMOTE_ADDR=IP).content.decode()
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert found
    data = {"ma": CODE, "pin": PIN, "csrfmiddlewaretoken": found.group(1), **GOOD}
    assert client.post(RATE, data, REMOTE_ADDR=IP).status_code == 200
    assert Response.objects.count() == 1
    assert client.get(RATE).status_code == 405  # only the form's POST


@pytest.mark.django_db
def test_the_receipt_says_the_qr_rates_the_service(personas: Personas) -> None:
    dossier = make_dossier(personas.commune_a, received_by=personas.officer_a)
    text = " ".join(PdfReader(io.BytesIO(receipt.receipt_pdf(dossier))).pages[0].extract_text().split())
    assert "Sau khi nhận kết quả, Ông/Bà quét lại mã QR để đánh giá sự phục vụ." in text


@pytest.mark.django_db
def test_the_demo_rates_a_share_of_returned_dossiers_once(personas: Personas, campaign: Campaign) -> None:
    now = timezone.now()
    eligible = [
        returned_dossier(
            personas.commune_a, personas.officer_a, code=f"X16012-D-{n:03}", returned_at=now - dt.timedelta(hours=n)
        )
        for n in range(1, 61)
    ]
    old_codes = (c for c in (f"X16012-OLD-{n:03}" for n in range(100)) if demo.is_chosen(c))

    def returned_days_ago(days: int) -> Dossier:
        return returned_dossier(
            personas.commune_a,
            personas.officer_a,
            code=next(old_codes),
            received_at=now - dt.timedelta(days=days + 15),
            due_at=now - dt.timedelta(days=days + 13),
            resolved_at=now - dt.timedelta(days=days + 1),
            returned_at=now - dt.timedelta(days=days),
        )

    before = returned_days_ago(45)  # between the two campaigns: no rating open that day
    earlier = returned_days_ago(100)  # in an earlier campaign: rated on its day, there
    last_year = dossier_campaign(
        personas.commune_a,
        name="Đánh giá theo hồ sơ đợt trước",
        starts_on=timezone.localdate() - dt.timedelta(days=120),
        ends_on=timezone.localdate() - dt.timedelta(days=60),
    )
    make_dossier(personas.commune_a, code="X16012-OPEN-001")  # not returned
    for n in range(1, 21):  # commune_b runs no per-dossier campaign
        returned_dossier(personas.commune_b, personas.officer_b, code=f"X16015-D-{n:03}")
    chosen = {d.code for d in eligible if demo.is_chosen(d.code)} | {earlier.code}
    assert any(demo.is_chosen(f"X16015-D-{n:03}") for n in range(1, 21))  # commune_b has dossiers it would rate
    assert 0 < len(chosen) < len(eligible)
    demo.build(timezone.localdate())
    rated = set(Response.objects.values_list("dossier_code", flat=True))
    assert rated == chosen and before.code not in rated
    assert set(Response.objects.values_list("channel", "unit_id").distinct()) == {("dossier", personas.commune_a.pk)}
    assert all(r.officer_id == str(personas.officer_a.pk) and r.procedure_code for r in Response.objects.all())
    for response in Response.objects.all():  # each dated the day its dossier was returned, in that day's campaign
        dossier = Dossier.objects.get(code=response.dossier_code)
        assert response.submitted_on == timezone.localdate(dossier.returned_at)
        assert response.campaign == (last_year if dossier == earlier else campaign)
    result = compute("surveys", personas.commune_a, campaign.starts_on, timezone.localdate())
    assert result["by_channel"]["dossier"] == len(chosen) - 1
    demo.build(timezone.localdate())  # again: nothing more
    assert Response.objects.count() == len(chosen)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_rating_a_returned_dossier_on_a_phone(personas: Personas, live_server: object, browser_page: object) -> None:
    page: object = browser_page
    dossier_campaign(personas.commune_a)
    returned_dossier(personas.commune_a, personas.officer_a)
    qr = f"{live_server.url}{LOOKUP}?ma={CODE}&pin={PIN}"  # type: ignore[attr-defined]
    page.set_viewport_size({"width": 360, "height": 740})  # type: ignore[attr-defined]
    # A second tab opened on the same QR before the rating is sent: its form must be refused afterwards.
    other = page.context.new_page()  # type: ignore[attr-defined]
    other.set_viewport_size({"width": 360, "height": 740})
    other.goto(qr)
    page.goto(qr)  # type: ignore[attr-defined]
    form = page.get_by_role("form", name="Đánh giá sự hài lòng về việc giải quyết hồ sơ")  # type: ignore[attr-defined]
    form.get_by_role("button", name="Gửi đánh giá").click()
    page.get_by_text(actions.EMPTY_FORM).wait_for()  # type: ignore[attr-defined]
    assert_accessible(page)
    satisfaction = page.get_by_role("group", name=re.compile("hài lòng thế nào"))  # type: ignore[attr-defined]
    choice = satisfaction.get_by_text("Rất hài lòng", exact=True)
    box = choice.bounding_box()
    assert box is not None and box["height"] >= 44 and box["width"] >= 300  # large touch targets
    choice.click()
    page.get_by_role("group", name=re.compile("đúng hẹn")).get_by_text("Có", exact=True).click()  # type: ignore[attr-defined]
    page.get_by_label(re.compile("góp ý")).fill("Cán bộ hướng dẫn tận tình.")  # type: ignore[attr-defined]
    width = page.evaluate("document.documentElement.scrollWidth")  # type: ignore[attr-defined]
    assert width <= 360  # nothing wider than the phone
    page.get_by_role("button", name="Gửi đánh giá").click()  # type: ignore[attr-defined]
    page.get_by_text("Xin cảm ơn Ông/Bà!").wait_for()  # type: ignore[attr-defined]
    assert_accessible(page)
    saved = Response.objects.get()
    assert (saved.channel, saved.dossier_code, saved.officer_id) == ("dossier", CODE, str(personas.officer_a.pk))
    answers = dict(Answer.objects.filter(response=saved).values_list("question__name", "value"))
    assert answers == {"hl_ho_so": "rat_hai_long", "dung_hen": "co", "gop_y": "Cán bộ hướng dẫn tận tình."}
    # Again from the other tab, whose form was opened before: refused, and no form any more.
    other_satisfaction = other.get_by_role("group", name=re.compile("hài lòng thế nào"))
    other_satisfaction.get_by_text("Không hài lòng", exact=True).click()
    other.get_by_role("button", name="Gửi đánh giá").click()
    other.get_by_text("Hồ sơ này đã được đánh giá").wait_for()
    assert other.get_by_role("button", name="Gửi đánh giá").count() == 0
    other.close()
    # And scanning the QR again: the lookup says it was rated and offers no form.
    page.goto(qr)  # type: ignore[attr-defined]
    page.get_by_text("Hồ sơ này đã được đánh giá").wait_for()  # type: ignore[attr-defined]
    assert page.get_by_role("button", name="Gửi đánh giá").count() == 0  # type: ignore[attr-defined]
    assert Response.objects.count() == 1
