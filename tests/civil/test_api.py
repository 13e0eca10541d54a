from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from tests.civil.factories import make_event
from tests.conftest import Personas
from thanthien.audit.models import AuditEntry
from thanthien.civil.models import CivilEvent
from thanthien.org.models import ApiToken

pytestmark = pytest.mark.django_db

URL = "/api/v1/civil-events"


def post(client, url: str, data: dict) -> object:  # type: ignore[no-untyped-def]
    return client.post(url, json.dumps(data), content_type="application/json")


def test_the_list_is_scoped_filtered_and_paginated(personas: Personas) -> None:
    mine = make_event(personas.commune_a, "birth", dt.date(2024, 10, 8))
    make_event(personas.commune_a, "death", dt.date(2024, 11, 8))
    theirs = make_event(personas.commune_b, "birth", dt.date(2024, 10, 9))
    body = personas.client(personas.registrar_a).get(URL).json()
    assert body["count"] == 2 and {i["unit_code"] for i in body["items"]} == {"X16012"}
    item = next(i for i in body["items"] if i["id"] == mine.pk)
    assert item["kind"] == "birth" and item["kind_label"] == "Khai sinh" and item["registered_on"] == "2024-10-08"
    assert item["needs_completion"] is False and item["dossier_code"] is None
    body = (
        personas.client(personas.supervisor)
        .get(URL, {"kind": "birth", "from": "2024-10-01", "to": "2024-10-31"})
        .json()
    )
    assert sorted(i["id"] for i in body["items"]) == sorted([mine.pk, theirs.pk])
    body = personas.client(personas.supervisor).get(URL, {"unit_code": "X16015"}).json()
    assert [i["id"] for i in body["items"]] == [theirs.pk]
    body = personas.client(personas.supervisor).get(URL, {"limit": 1, "offset": 1}).json()
    assert body["count"] == 3 and len(body["items"]) == 1
    assert personas.client(personas.registrar_a).get(f"{URL}/{theirs.pk}").status_code == 404
    assert personas.client(personas.registrar_a).get(f"{URL}/{mine.pk}").json()["person_name"] == "Nguyễn Gia Huy"
    assert personas.client(personas.other_supervisor).get(URL).json()["count"] == 0
    assert personas.client(None).get(URL).status_code == 401


def test_create_with_a_token(personas: Personas) -> None:
    from django.test import Client

    ApiToken.objects.create(user=personas.registrar_a, name="phần mềm hộ tịch", digest=ApiToken.hash("bi-mat-9"))
    client = Client(headers={"Authorization": "Bearer bi-mat-9"})
    response = post(
        client,
        URL,
        {
            "unit_code": "X16012",
            "kind": "marriage",
            "register_number": "7",
            "registered_on": "2024-10-09",
            "event_date": "2024-10-09",
            "person_name": "Lê Văn Nam",
            "partner_name": "Trần Thị Hoa",
            "contact_name": "Lê Văn Nam và Trần Thị Hoa",
            "contact_phone": "+84 912 345 678",
            "ceremony_on": "2024-10-12",
        },
    )
    assert response.status_code == 201, response.content  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert body["kind"] == "marriage" and body["ceremony_held"] is True and body["ceremony_on"] == "2024-10-12"
    assert body["contact_phone"] == "0912345678"
    event = CivilEvent.objects.get(pk=body["id"])
    assert event.created_by == personas.registrar_a
    assert AuditEntry.objects.filter(action="civil.event_registered", actor=personas.registrar_a).count() == 1


def test_bad_input_changes_nothing(personas: Personas) -> None:
    client = personas.client(personas.registrar_a)
    base = {
        "unit_code": "X16012",
        "kind": "birth",
        "registered_on": "2024-10-08",
        "person_name": "A",
        "contact_name": "B",
    }
    future = (timezone.localdate() + dt.timedelta(days=2)).isoformat()
    response = post(client, URL, {**base, "registered_on": future})
    assert response.status_code == 422 and "ở tương lai" in response.json()["detail"]  # type: ignore[attr-defined]
    response = post(client, URL, {**base, "kind": "marriage"})
    assert response.status_code == 422 and "thiếu họ tên vợ" in response.json()["detail"]  # type: ignore[attr-defined]
    response = post(client, URL, {**base, "contact_phone": "123"})
    assert response.status_code == 422 and "Số điện thoại" in response.json()["detail"]  # type: ignore[attr-defined]
    response = post(client, URL, {**base, "kind": "adoption"})
    assert response.status_code == 422  # type: ignore[attr-defined]
    response = post(client, URL, {**base, "unit_code": "X16015"})
    assert response.status_code == 404  # type: ignore[attr-defined]
    response = post(client, URL, {**base, "unit_code": "NOPE"})
    assert response.status_code == 404  # type: ignore[attr-defined]
    response = post(personas.client(personas.supervisor), URL, base)
    assert response.status_code == 403  # type: ignore[attr-defined]
    assert CivilEvent.objects.count() == 0


def test_period_statistics(personas: Personas) -> None:
    make_event(personas.commune_a, "birth", dt.date(2026, 3, 2))
    make_event(personas.commune_a, "marriage", dt.date(2026, 3, 3), ceremony_held=True, ceremony_on=dt.date(2026, 3, 4))
    make_event(personas.commune_b, "death", dt.date(2026, 3, 3))
    client = personas.client(personas.registrar_a)
    body = client.get("/api/v1/stats/civil", {"unit_code": "X16012", "from": "2026-03-01", "to": "2026-03-31"}).json()
    assert body == {
        "unit": "X16012",
        "from": "2026-03-01",
        "to": "2026-03-31",
        "births": 1,
        "marriages": 1,
        "deaths": 0,
        "ceremonies": 1,
        "total": 2,
    }
    params = {"unit_code": "X16015", "from": "2026-03-01", "to": "2026-03-31"}
    assert client.get("/api/v1/stats/civil", params).status_code == 404
    body = personas.client(personas.supervisor).get("/api/v1/stats/civil", {**params, "unit_code": "H399"}).json()
    assert body["total"] == 3
    params = {"unit_code": "X16012", "from": "2026-03-31", "to": "2026-03-01"}
    assert client.get("/api/v1/stats/civil", params).status_code == 422
