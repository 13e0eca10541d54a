"""The engagement API: petitions, reception sessions with visits, dialogues and opinions — scoped to the caller's
communes, citizens' details masked for anyone but the commune's staff, the petition shape of the export."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Personas, make_user
from tests.engagement.test_exports import FILES
from thanthien.engagement.dialogues import Dialogue, Opinion
from thanthien.engagement.exports import petition_records
from thanthien.engagement.models import Petition
from thanthien.engagement.reception import ReceptionSession
from thanthien.lib.importing import get_importer, run
from thanthien.org.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def registers(personas: Personas, tmp_path: Path) -> Personas:
    for kind, (columns, body) in FILES.items():
        path = tmp_path / f"{kind}.csv"
        path.write_bytes((",".join(c.name for c in columns) + "\n" + body).encode())
        assert run(get_importer(kind), None, personas.commune_a, path).ok
    # One petition in commune B, which A's staff must never see.
    b_file = tmp_path / "b.csv"
    columns = FILES["petitions"][0]
    b_file.write_bytes(
        (
            ",".join(c.name for c in columns) + "\n1,2024-10-08,post,complaint,Bé Văn Bê,,,1,no,,Nội dung B,,,,,,,,,\n"
        ).encode()
    )
    assert run(get_importer("petitions"), None, personas.commune_b, b_file).ok
    return personas


def get(personas: Personas, user: Any, url: str, **params: Any) -> Any:
    return personas.client(user).get(f"/api/v1/{url}", params)


def test_petitions_are_listed_in_scope_with_the_export_shape(registers: Personas) -> None:
    body = get(registers, registers.reception_a, "petitions").json()
    assert body["count"] == 4 and {i["unit_code"] for i in body["items"]} == {"X16012"}
    exported = {(r["year"], r["number"]): r for r in petition_records(None, registers.commune_a)}
    for item in body["items"]:
        record = exported[(item["year"], item["number"])]
        for key in ("kind", "received_on", "handled_on", "status", "deadlines"):
            assert item[key] == record[key], key
    first = next(i for i in body["items"] if i["number"] == 12)
    assert first["petitioner_name"] == "Lê Văn Năm" and first["petitioner_id_number"] == "038090001234"
    assert first["display_number"] == "12/2024"


def test_petition_filters(registers: Personas) -> None:
    user = registers.leader_a
    assert [i["number"] for i in get(registers, user, "petitions", status="resolved").json()["items"]] == [12]
    assert [i["number"] for i in get(registers, user, "petitions", status="closed").json()["items"]] == [2, 13]
    assert [i["number"] for i in get(registers, user, "petitions", status="received").json()["items"]] == [14]
    assert get(registers, user, "petitions", status="accepted").json()["count"] == 0
    assert [i["number"] for i in get(registers, user, "petitions", kind="denunciation").json()["items"]] == [13]
    dated = get(registers, user, "petitions", received_from="2025-01-01").json()["items"]
    assert [(i["number"], i["year"]) for i in dated] == [(2, 2025)]
    assert get(registers, user, "petitions", limit=1, offset=1).json()["count"] == 4
    assert get(registers, user, "petitions", limit=0).status_code == 422
    assert get(registers, user, "petitions", limit=201).status_code == 422
    assert get(registers, user, "petitions", status="lost").status_code == 422


def test_a_petition_shows_each_step_with_its_explanation(registers: Personas) -> None:
    p = Petition.objects.get(unit=registers.commune_a, year=2024, number=12)
    body = get(registers, registers.leader_a, f"petitions/{p.pk}").json()
    assert set(body["deadlines"]) == {"acceptance", "resolution"}
    steps = {s["step"]: s for s in body["steps"]}
    assert steps["acceptance"]["due_on"] == body["deadlines"]["acceptance"]
    assert steps["acceptance"]["done_on"] == "2024-10-15"
    assert any("Căn cứ" in line for line in steps["resolution"]["explanation"])


def test_another_communes_petition_is_not_found_and_a_supervisor_sees_it_masked(registers: Personas) -> None:
    theirs = Petition.objects.get(unit=registers.commune_b)
    assert get(registers, registers.leader_a, f"petitions/{theirs.pk}").status_code == 404
    body = get(registers, registers.supervisor, "petitions").json()
    assert body["count"] == 5
    for item in body["items"]:
        assert item["petitioner_name"] not in ("Lê Văn Năm", "Bé Văn Bê", "Trần Thị Hoa", "Đỗ Văn Bảy")
        assert item["petitioner_id_number"] != "038090001234"
    detail = get(registers, registers.supervisor, f"petitions/{theirs.pk}").json()
    assert detail["petitioner_name"] != "Bé Văn Bê" and detail["content"] == "Nội dung B"
    assert get(registers, registers.other_supervisor, "petitions").json()["count"] == 0
    assert get(registers, registers.front_a, "petitions").status_code == 403  # MTTQ reads no petitions
    assert get(registers, registers.officer_a, "petitions").status_code == 403
    assert registers.client(None).get("/api/v1/petitions").status_code == 401


def test_reception_sessions_with_their_visits(registers: Personas) -> None:
    body = get(registers, registers.front_a, "reception-sessions").json()
    assert body["count"] == 1
    (session,) = body["items"]
    assert session["held_on"] == "2024-06-10" and session["receiver"] == "chairman" and session["head_in_person"]
    (visit,) = session["visits"]
    # MTTQ reads the register, not who came (personal_readers: the reception's writers).
    assert visit["register_number"] == "12" and visit["citizen_name"] == "Trần V. B."
    official = get(registers, registers.reception_a, f"reception-sessions/{session['id']}").json()
    assert official["visits"][0]["citizen_name"] == "Trần Văn Ba"
    masked = get(registers, registers.supervisor, f"reception-sessions/{session['id']}").json()
    assert masked["visits"][0]["citizen_name"] != "Trần Văn Ba" and masked["visits"][0]["content"] == "Xin cấp sổ đỏ"
    leader_b = make_user("leader_b", Role.LEADER, registers.commune_b)
    assert get(registers, leader_b, f"reception-sessions/{session['id']}").status_code == 404
    assert get(registers, leader_b, "reception-sessions").json()["count"] == 0
    assert get(registers, registers.officer_a, "reception-sessions").status_code == 403


def test_dialogues_and_opinions(registers: Personas) -> None:
    body = get(registers, registers.front_a, "dialogues").json()
    assert body["count"] == 3
    first = next(i for i in body["items"] if i["ref"] == "ĐT-01/2024")
    assert first["participants"] == 120 and first["opinions"] == 1 and first["opinions_answered"] == 1
    dialogue = Dialogue.objects.get(ref="ĐT-01/2024")
    opinions = get(registers, registers.front_a, "opinions", dialogue_id=dialogue.pk).json()["items"]
    assert [o["raised_by"] for o in opinions] == ["Ông Lê Văn Tư"] and opinions[0]["answer_kind"] == "on_the_spot"
    assert get(registers, registers.front_a, "opinions", answered="false").json()["count"] == 2
    assert get(registers, registers.front_a, "opinions", source="reception").json()["items"][0]["visit_id"]
    masked = get(registers, registers.supervisor, f"opinions/{Opinion.objects.get(dialogue=dialogue).pk}").json()
    assert masked["raised_by"] != "Ông Lê Văn Tư" and masked["content"] == "Đề nghị sửa cống thôn 3"
    assert get(registers, registers.other_supervisor, f"dialogues/{dialogue.pk}").status_code == 404
    assert get(registers, registers.front_a, "dialogues/99999999999").status_code == 422


def test_lists_do_not_query_per_row(registers: Personas, django_assert_max_num_queries: Any) -> None:
    client = registers.client(registers.supervisor)
    for url in ("petitions", "reception-sessions", "dialogues", "opinions"):
        client.get(f"/api/v1/{url}")  # warm the caller's caches
        with django_assert_max_num_queries(12):
            assert client.get(f"/api/v1/{url}").status_code == 200
    assert ReceptionSession.objects.count() == 1
