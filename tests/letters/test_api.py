"""Letters API: scoped list and detail, approve / cancel / delivery through the actions, period figures."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tests.conftest import Personas
from tests.onestop.factories import make_dossier, vn
from thanthien.letters.models import Letter, LetterKind, LetterStatus, SubjectType
from thanthien.org.models import ApiToken, Unit

pytestmark = pytest.mark.django_db


def post(client: Client, url: str, data: dict[str, Any] | None = None) -> Any:
    return client.post(url, json.dumps(data or {}), content_type="application/json")


def apology(unit: Unit, **fields: Any) -> Letter:
    dossier = make_dossier(unit, received_at=vn(2026, 11, 16, 9, 0), due_at=vn(2026, 11, 18, 17, 0))
    values: dict[str, Any] = {
        "unit": unit,
        "kind": LetterKind.APOLOGY,
        "subject_type": SubjectType.DOSSIER,
        "subject_id": str(dossier.pk),
        "dossier": dossier,
        "owed_on": dt.date(2026, 11, 18),
        "honorific": "Ông",
        "recipient_name": "Nguyễn Văn Án",
        "recipient_phone": "0912345678",
    }
    return Letter.objects.create(**(values | fields))


def test_list_is_scoped_and_filtered(personas: Personas) -> None:
    mine = apology(personas.commune_a)
    thanks = Letter.objects.create(
        unit=personas.commune_a,
        kind=LetterKind.THANKS,
        subject_type=SubjectType.CONTRIBUTION,
        subject_id="1",
        owed_on=dt.date(2026, 10, 1),
        recipient_name="Bà Hương",
    )
    theirs = apology(personas.commune_b)
    officer = personas.client(personas.officer_a)
    body = officer.get("/api/v1/letters").json()
    assert body["count"] == 2 and {i["id"] for i in body["items"]} == {mine.pk, thanks.pk}
    item = next(i for i in body["items"] if i["id"] == mine.pk)
    assert item["dossier_code"] == mine.dossier.code and item["status"] == "draft"  # type: ignore[union-attr]
    assert item["delivery_status_text"] == "Dự thảo, chưa duyệt ký" and item["number_text"] == ""
    assert [i["id"] for i in officer.get("/api/v1/letters", {"kind": "thanks"}).json()["items"]] == [thanks.pk]
    assert [i["id"] for i in officer.get("/api/v1/letters", {"from": "2026-11-01"}).json()["items"]] == [mine.pk]
    assert [i["id"] for i in officer.get("/api/v1/letters", {"to": "2026-10-31"}).json()["items"]] == [thanks.pk]
    assert officer.get("/api/v1/letters", {"kind": "postcard"}).status_code == 422
    assert officer.get(f"/api/v1/letters/{theirs.pk}").status_code == 404
    supervisor = personas.client(personas.supervisor).get("/api/v1/letters").json()
    assert {i["id"] for i in supervisor["items"]} == {mine.pk, thanks.pk, theirs.pk}
    assert personas.client(personas.other_supervisor).get("/api/v1/letters").json()["count"] == 0
    assert Client().get("/api/v1/letters").status_code == 401


def test_detail_has_the_text(personas: Personas) -> None:
    letter = apology(personas.commune_a)
    body = personas.client(personas.officer_a).get(f"/api/v1/letters/{letter.pk}").json()
    assert body["title"] == "THƯ XIN LỖI" and "Ủy ban nhân dân xã Hoằng Hợp" in body["body"]
    assert personas.client(personas.officer_a).get("/api/v1/letters/999999").status_code == 404


def test_approve_cancel_and_deliver(personas: Personas, django_capture_on_commit_callbacks: Any) -> None:
    letter = apology(personas.commune_a)
    url = f"/api/v1/letters/{letter.pk}"
    response = post(personas.client(personas.officer_a), f"{url}/approve")
    assert response.status_code == 403
    leader = personas.client(personas.leader_a)
    response = post(leader, f"{url}/approve")
    assert response.status_code == 422 and "lý do" in response.json()["detail"]
    assert post(personas.client(personas.officer_b), f"{url}/approve").status_code == 404
    Letter.objects.filter(pk=letter.pk).update(reason="phải xác minh", new_appointment_at=vn(2026, 11, 20, 16, 0))
    response = post(leader, f"{url}/approve")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["number_text"], body["letter_date"]) == (
        "approved",
        "1/TXL-UBND",
        timezone.localdate().isoformat(),
    )
    assert body["new_appointment_at"] == "2026-11-20T16:00:00+07:00"

    officer = personas.client(personas.officer_a)
    response = post(officer, f"{url}/delivery", {"method": "pigeon"})
    assert response.status_code == 422
    future = (timezone.now() + dt.timedelta(days=1)).isoformat()
    assert post(officer, f"{url}/delivery", {"method": "handed", "at": future}).status_code == 422
    # The gateway is called once the request's transaction commits; the letter then reads as the answer says.
    with django_capture_on_commit_callbacks(execute=True):
        response = post(officer, f"{url}/delivery", {"method": "sms"})  # no gateway: only logged, not delivered
    assert response.status_code == 200 and response.json()["delivery_status"] == "sending"
    response = officer.get(url)
    assert response.status_code == 200 and response.json()["status"] == "approved"
    assert "chưa cấu hình cổng SMS" in response.json()["delivery_status_text"]
    response = post(officer, f"{url}/delivery", {"method": "handed"})
    assert response.status_code == 200 and response.json()["status"] == "delivered"
    response = post(officer, f"{url}/cancel", {"reason": "nhầm"})
    assert response.status_code == 422 and "không thể hủy" in response.json()["detail"]


def test_cancel_needs_a_reason(personas: Personas) -> None:
    letter = apology(personas.commune_a)
    client = personas.client(personas.officer_a)
    url = f"/api/v1/letters/{letter.pk}/cancel"
    assert post(client, url, {"reason": " "}).status_code == 422
    assert post(client, url).status_code == 422
    response = post(client, url, {"reason": "Công dân đã rút hồ sơ"})
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    assert response.json()["cancel_reason"] == "Công dân đã rút hồ sơ"
    assert Letter.objects.get(pk=letter.pk).status == LetterStatus.CANCELLED


def test_with_a_token(personas: Personas) -> None:
    ApiToken.objects.create(user=personas.leader_a, name="tích hợp", digest=ApiToken.hash("bi-mat-thu"))
    letter = apology(personas.commune_a, reason="phải xác minh", new_appointment_at=vn(2026, 11, 20, 16, 0))
    client = Client(headers={"Authorization": "Bearer bi-mat-thu"})
    assert post(client, f"/api/v1/letters/{letter.pk}/approve").json()["number"] == 1


def test_period_figures(personas: Personas) -> None:
    apology(personas.commune_a)
    client = personas.client(personas.officer_a)
    response = client.get("/api/v1/stats/letters", {"unit_code": "X16012", "from": "2026-11-01", "to": "2026-11-30"})
    assert response.status_code == 200
    body = response.json()
    assert list(body) == [
        "unit",
        "from",
        "to",
        "total",
        "apology",
        "thanks",
        "congratulation",
        "condolence",
        "by_status",
        "late_dossiers_without_apology",
    ]
    assert (body["unit"], body["from"], body["total"], body["apology"]) == ("X16012", "2026-11-01", 1, 1)
    assert body["by_status"] == {"draft": 1, "approved": 0, "delivered": 0, "cancelled": 0, "withdrawn": 0}
    assert body["late_dossiers_without_apology"] == 1
    params = {"unit_code": "X16015", "from": "2026-11-01", "to": "2026-11-30"}
    assert client.get("/api/v1/stats/letters", params).status_code == 404
    params = {"unit_code": "X16012", "from": "2026-12-01", "to": "2026-11-30"}
    assert client.get("/api/v1/stats/letters", params).status_code == 422
    assert client.get("/api/v1/stats/letters", {"unit_code": "X16012"}).status_code == 422
