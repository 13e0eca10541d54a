"""One statistics endpoint for every registered subject, read by name, with the same figures as the command
line; unknown subjects and other units are "not found"; the catalogue lists identities and indicators."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from tests.conftest import Personas
from tests.onestop.factories import make_dossier, vn

pytestmark = pytest.mark.django_db

PERIOD = {"from": "2024-10-01", "to": "2024-10-31"}


@pytest.mark.parametrize("prefix", ["/api/v1", "/api"])
@pytest.mark.parametrize("subject", ["dossiers", "letters", "civil"])
def test_every_subject_answers_like_the_command(
    personas: Personas, capsys: pytest.CaptureFixture[str], prefix: str, subject: str
) -> None:
    make_dossier(personas.commune_a, received_at=vn(2024, 10, 7, 9, 0), due_at=vn(2024, 10, 10, 17, 0))
    client = personas.client(personas.officer_a)
    response = client.get(f"{prefix}/stats/{subject}", {"unit_code": "X16012", **PERIOD})
    assert response.status_code == 200, response.content
    call_command("stats", subject, "--unit", "X16012", "--from", PERIOD["from"], "--to", PERIOD["to"], "--json")
    assert response.json() == json.loads(capsys.readouterr().out)


def test_the_catalogue_names_identities_and_indicators(personas: Personas) -> None:
    body = personas.client(personas.leader_a).get("/api/v1/stats").json()
    by_name = {item["subject"]: item for item in body}
    assert {"dossiers", "letters", "civil"} <= set(by_name)
    assert any("carried_over" in text for text in by_name["dossiers"]["identities"])
    assert "dossiers.on_time_rate" in {i["name"] for i in by_name["dossiers"]["indicators"]}


def test_unknown_subject_other_unit_and_bad_names(personas: Personas) -> None:
    client = personas.client(personas.officer_a)
    unknown = client.get("/api/v1/stats/khong-co", {"unit_code": "X16012", **PERIOD})
    assert unknown.status_code == 404
    assert "Không có loại số liệu" in unknown.json()["detail"]
    assert client.get("/api/v1/stats/dossiers", {"unit_code": "P05956", **PERIOD}).status_code == 404
    assert client.get("/api/v1/stats/DROP%20TABLE", {"unit_code": "X16012", **PERIOD}).status_code == 422


def test_a_supervisor_reads_the_communes_under_them(personas: Personas) -> None:
    make_dossier(personas.commune_a, received_at=vn(2024, 10, 7, 9, 0), due_at=vn(2024, 10, 10, 17, 0))
    make_dossier(personas.commune_b, received_at=vn(2024, 10, 8, 9, 0), due_at=vn(2024, 10, 11, 17, 0))
    client = personas.client(personas.supervisor)
    body = client.get("/api/v1/stats/dossiers", {"unit_code": "H399", **PERIOD}).json()
    assert body["received"]["total"] == 2
    assert (
        personas.client(personas.other_supervisor)
        .get("/api/v1/stats/dossiers", {"unit_code": "H399", **PERIOD})
        .status_code
        == 404
    )
