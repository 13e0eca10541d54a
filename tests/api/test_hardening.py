"""The API as an attacker probes it: bounded numbers and dates, NUL bytes refused with a message, errors mapped in
one place (Vietnamese 422 field messages, 403, 404, 401), moments always at +07:00, every error declared."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

import pytest
from django.test import Client

from tests.civil.factories import make_event
from tests.conftest import Personas
from tests.onestop.factories import make_dossier, vn
from thanthien.civil.models import CivilEvent
from thanthien.onestop.models import Dossier

pytestmark = pytest.mark.django_db

LISTS = ("/api/v1/dossiers", "/api/v1/civil-events", "/api/v1/letters", "/api/v1/units")
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?\+07:00$")


def post(client: Client, url: str, data: Any) -> Any:
    return client.post(url, json.dumps(data), content_type="application/json")


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize(
    ("params", "field", "words"),
    [
        ({"limit": 2**63}, "limit", "nhỏ hơn hoặc bằng 200"),
        ({"limit": 0}, "limit", "lớn hơn hoặc bằng 1"),
        ({"limit": 1000000}, "limit", "nhỏ hơn hoặc bằng 200"),
        ({"offset": 2**63}, "offset", "nhỏ hơn hoặc bằng 10000000"),
        ({"offset": -1}, "offset", "lớn hơn hoặc bằng 0"),
        ({"limit": "mười"}, "limit", "số nguyên"),
    ],
)
def test_pages_are_bounded(personas: Personas, url: str, params: dict[str, Any], field: str, words: str) -> None:
    response = personas.client(personas.officer_a).get(url, params)
    assert response.status_code == 422, response.content
    body = response.json()
    assert any(e["field"] == field and words in e["msg"] for e in body["errors"]), body
    assert words in body["detail"]


def test_a_page_is_at_most_two_hundred(personas: Personas) -> None:
    for _ in range(3):
        make_dossier(personas.commune_a)
    body = personas.client(personas.officer_a).get("/api/v1/dossiers", {"limit": 200}).json()
    assert body["count"] == 3 and len(body["items"]) == 3
    assert len(personas.client(personas.officer_a).get("/api/v1/dossiers", {"limit": 2}).json()["items"]) == 2


@pytest.mark.parametrize("url", ["/api/v1/letters/99999999999999999999", "/api/v1/civil-events/9223372036854775808"])
def test_huge_ids_are_a_message_not_a_server_error(personas: Personas, url: str) -> None:
    response = personas.client(personas.officer_a).get(url)
    assert response.status_code == 422 and "nhỏ hơn hoặc bằng" in response.json()["detail"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/dossiers?q=%00",
        "/api/v1/dossiers?unit_code=X%00",
        "/api/v1/dossiers/X%00",
        "/api/v1/civil-events?kind=birth%00",
    ],
)
def test_nul_in_the_query_or_path_is_refused(personas: Personas, url: str) -> None:
    response = personas.client(personas.officer_a).get(url)
    assert response.status_code == 422 and "ký tự NUL" in response.json()["detail"]


def test_nul_in_a_json_body_is_refused_and_changes_nothing(personas: Personas) -> None:
    client = personas.client(personas.officer_a)
    data = {"unit_code": "X16012", "procedure_code": "1.001193", "applicant_name": "Lê\u0000Văn"}
    response = post(client, "/api/v1/dossiers", data)
    assert response.status_code == 422 and "ký tự NUL" in response.json()["detail"]
    raw = '{"unit_code": "X16012", "procedure_code": "1.001193", "applicant_name": "L\\U0000"}'.replace("U", "u")
    assert client.post("/api/v1/dossiers", raw, content_type="application/json").status_code == 422
    assert Dossier.objects.count() == 0


def test_nul_in_web_forms_and_queries_is_refused(personas: Personas) -> None:
    client = personas.client(personas.officer_a)
    response = client.get("/mot-cua/", {"q": "Lan\x00"})
    assert response.status_code == 400 and "ký tự NUL" in response.content.decode()
    response = client.post("/ho-tich/them/", {"kind": "birth", "person_name": "Bé\x00"})
    assert response.status_code == 400 and "ký tự NUL" in response.content.decode()
    assert CivilEvent.objects.count() == 0
    assert client.get("/mot-cua/", {"q": "Lan"}).status_code == 200  # the same request without it works


@pytest.mark.parametrize(
    ("payload", "words"),
    [
        ({"received_at": "0135-01-01T08:00:00+07:00"}, "trong khoảng 01/01/2000"),
        ({"received_at": "9999-12-31T23:59:59-12:00"}, "trong khoảng 01/01/2000"),
        ({"received_at": "hôm qua"}, "ISO 8601"),
        ({"channel": "pigeon"}, "một trong các giá trị"),
        ({"applicant_name": ""}, "ít nhất 1 ký tự"),
        ({"applicant_address": "x" * 301}, "Dài quá 300 ký tự"),
    ],
)
def test_intake_fields_are_bounded(personas: Personas, payload: dict[str, Any], words: str) -> None:
    data = {"unit_code": "X16012", "procedure_code": "1.001193", "applicant_name": "Lê Văn Cường", **payload}
    response = post(personas.client(personas.officer_a), "/api/v1/dossiers", data)
    assert response.status_code == 422 and words in response.json()["detail"], response.json()
    assert Dossier.objects.count() == 0


def test_civil_dates_have_a_lower_bound(personas: Personas) -> None:
    data = {
        "unit_code": "X16012",
        "kind": "birth",
        "registered_on": "2026-11-20",
        "event_date": "0100-01-01",
        "person_name": "Nguyễn Gia Huy",
        "contact_name": "Nguyễn Văn An",
    }
    response = post(personas.client(personas.registrar_a), "/api/v1/civil-events", data)
    assert response.status_code == 422 and "01/01/1900" in response.json()["detail"]
    assert CivilEvent.objects.count() == 0


def test_stats_period_is_checked_in_one_place(personas: Personas) -> None:
    client = personas.client(personas.officer_a)
    for subject in ("dossiers", "civil", "letters"):
        url = f"/api/v1/stats/{subject}"
        response = client.get(url, {"unit_code": "X16012", "from": "2026-02-01", "to": "2026-01-01"})
        assert response.status_code == 422 and "Ngày bắt đầu phải trước" in response.json()["detail"], subject
        response = client.get(url, {"unit_code": "X16012", "from": "0002-01-01", "to": "2026-01-01"})
        assert response.status_code == 422 and "01/01/2000" in response.json()["detail"], subject
        response = client.get(url, {"unit_code": "X16015", "from": "2026-01-01", "to": "2026-01-31"})
        assert response.status_code == 404 and response.json()["detail"] == "Không tìm thấy đơn vị.", subject
        response = client.get(url, {"from": "2026-01-01", "to": "2026-01-31"})
        assert response.status_code == 422 and "Thiếu giá trị bắt buộc" in response.json()["detail"], subject


def test_errors_speak_vietnamese(personas: Personas) -> None:
    assert Client().get("/api/v1/dossiers").json()["detail"].startswith("Cần đăng nhập")
    client = personas.client(personas.officer_a)
    assert client.get("/api/v1/dossiers/KHONG-CO").json() == {"detail": "Không tìm thấy.", "errors": []}
    response = client.post("/api/v1/dossiers", "{không phải json", content_type="application/json")
    assert response.status_code == 422 and "JSON" in response.json()["detail"]


def test_old_moments_still_answer_at_plus_seven(personas: Personas) -> None:
    """The zone database gives Vietnam +08:00 in 1960 and +07:06:30 before 1906: the API always says +07:00."""
    make_dossier(personas.commune_a, received_at=vn(2024, 10, 7, 9, 0))
    make_dossier(personas.commune_a, received_at=dt.datetime(1960, 5, 1, 1, 0, tzinfo=dt.UTC))
    items = personas.client(personas.officer_a).get("/api/v1/dossiers").json()["items"]
    for item in items:
        for key in ("received_at", "due_at"):
            assert RFC3339.match(item[key]), item[key]
    assert "1960-05-01T08:00:00+07:00" in {i["received_at"] for i in items}


def test_every_operation_declares_its_errors() -> None:
    schema = Client().get("/api/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            declared = set(operation["responses"])
            assert {"401", "403", "404", "422"} <= declared, (method, path, declared)


def test_civil_event_moment_free_dates_are_plain_dates(personas: Personas) -> None:
    make_event(personas.commune_a)
    item = personas.client(personas.registrar_a).get("/api/v1/civil-events").json()["items"][0]
    assert item["registered_on"] == "2024-10-08"


@pytest.mark.parametrize("kind", ["multipart/form-data; boundary=xx", "multipart/form-data", "text/plain"])
def test_a_body_that_is_not_json_is_a_message(personas: Personas, kind: str) -> None:
    client = personas.client(personas.officer_a)
    response = client.generic("POST", "/api/v1/dossiers", "--xx--", content_type=kind)
    assert response.status_code == 422 and "JSON" in response.json()["detail"]
