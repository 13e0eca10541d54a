from __future__ import annotations

import json

import pytest

from tests.conftest import Personas
from tests.onestop.factories import make_dossier, vn
from thanthien.onestop.models import Dossier
from thanthien.org.models import ApiToken

pytestmark = pytest.mark.django_db


def post(client, url: str, data: dict) -> object:  # type: ignore[no-untyped-def]
    return client.post(url, json.dumps(data), content_type="application/json")


def test_procedures_are_listed(personas: Personas) -> None:
    body = personas.client(personas.officer_a).get("/api/v1/procedures").json()
    assert any(p["code"] == "1.001193" and p["processing_kind"] == "same_day" for p in body)


def test_dossier_list_is_scoped_and_filtered(personas: Personas) -> None:
    mine = make_dossier(personas.commune_a, channel="postal")
    theirs = make_dossier(personas.commune_b)
    items = personas.client(personas.officer_a).get("/api/v1/dossiers").json()["items"]
    assert [i["code"] for i in items] == [mine.code]
    items = personas.client(personas.supervisor).get("/api/v1/dossiers", {"channel": "postal"}).json()["items"]
    assert [i["code"] for i in items] == [mine.code]
    assert personas.client(personas.officer_a).get(f"/api/v1/dossiers/{theirs.code}").status_code == 404


def test_create_and_change_status_with_a_token(personas: Personas) -> None:
    from django.test import Client

    ApiToken.objects.create(user=personas.officer_a, name="tích hợp", digest=ApiToken.hash("bi-mat-123"))
    client = Client(headers={"Authorization": "Bearer bi-mat-123"})
    response = post(
        client,
        "/api/v1/dossiers",
        {
            "unit_code": "X16012",
            "procedure_code": "1.004873",
            "applicant_name": "Lê Văn Cường",
            "applicant_id_number": "038090001234",
            "received_at": "2024-02-07T10:00:00+07:00",
            "channel": "online_full",
        },
    )
    assert response.status_code == 201, response.content  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert body["due_at"].startswith("2024-02-19T10:00:00") and body["status"] == 2
    code = body["code"]
    response = post(client, f"/api/v1/dossiers/{code}/status", {"status": 9, "at": "2024-02-16T09:00:00+07:00"})
    assert response.status_code == 200 and response.json()["timeliness"] == "early"  # type: ignore[attr-defined]
    response = post(client, f"/api/v1/dossiers/{code}/status", {"status": 4})
    assert response.status_code == 422 and "Không thể chuyển" in response.json()["detail"]  # type: ignore[attr-defined]


def test_bad_input_changes_nothing(personas: Personas) -> None:
    client = personas.client(personas.officer_a)
    response = post(
        client,
        "/api/v1/dossiers",
        {"unit_code": "X16012", "procedure_code": "1.001193", "applicant_name": "A", "applicant_id_number": "12"},
    )
    assert response.status_code == 422 and "12 chữ số" in response.json()["detail"]  # type: ignore[attr-defined]
    response = post(
        client, "/api/v1/dossiers", {"unit_code": "X16015", "procedure_code": "1.001193", "applicant_name": "A"}
    )
    assert response.status_code == 404  # another commune is invisible, not forbidden
    assert Dossier.objects.count() == 0


def test_period_statistics(personas: Personas) -> None:
    make_dossier(
        personas.commune_a,
        received_at=vn(2024, 10, 7, 9, 0),
        due_at=vn(2024, 10, 10, 9, 0),
        status=9,
        resolved_at=vn(2024, 10, 8, 9, 0),
    )
    client = personas.client(personas.officer_a)
    body = client.get(
        "/api/v1/stats/dossiers", {"unit_code": "X16012", "from": "2024-10-01", "to": "2024-10-31"}
    ).json()
    assert body["from"] == "2024-10-01" and body["received"]["total"] == 1 and body["resolved"]["early"] == 1
    assert body["on_time_rate"] == 1.0
    other = client.get("/api/v1/stats/dossiers", {"unit_code": "X16015", "from": "2024-10-01", "to": "2024-10-31"})
    assert other.status_code == 404


def test_openapi_schema_declares_errors(personas: Personas) -> None:
    schema = personas.client(None).get("/api/openapi.json").json()
    assert set(schema["paths"]["/api/v1/dossiers"]["post"]["responses"]) >= {"201", "401", "422"}


def test_the_list_reads_one_page_without_a_query_per_dossier(personas: Personas, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    for _ in range(30):
        make_dossier(personas.commune_a)
    client = personas.client(personas.officer_a)
    with django_assert_max_num_queries(8):
        body = client.get("/api/v1/dossiers", {"limit": 10}).json()
    assert body["count"] == 30 and len(body["items"]) == 10
