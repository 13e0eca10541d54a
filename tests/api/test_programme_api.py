"""The model's API: documents, activities, inspections with remedies, recognitions, scorings with scores, targets —
read-only, scoped (another commune's record is 404), paged, filtered, refused without a caller or a role."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from tests.conftest import Personas
from thanthien.org.actions import create_user
from thanthien.programme.models import (
    Activity,
    CriteriaSet,
    Criterion,
    Inspection,
    IssuedDocument,
    Recognition,
    Remedy,
    RolloutTarget,
    Score,
    Scoring,
)

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def records(personas: Personas) -> dict[str, Any]:
    a, b = personas.commune_a, personas.commune_b
    out: dict[str, Any] = {}
    out["doc_a"] = IssuedDocument.objects.create(
        unit=a, kind="decision", number="59-QĐ/ĐU", issued_on=D(2023, 3, 3), issuer="party_committee",
        summary="Về việc thành lập Ban chỉ đạo",
    )  # fmt: skip
    IssuedDocument.objects.create(
        unit=a, kind="plan", number="20/KH-UBND", issued_on=D(2023, 4, 20), issuer="peoples_committee",
        summary="Kế hoạch xây dựng mô hình",
    )  # fmt: skip
    out["doc_b"] = IssuedDocument.objects.create(
        unit=b, kind="notice", number="05/TB-UBND", issued_on=D(2024, 1, 5), issuer="peoples_committee", summary="B"
    )
    out["activity_a"] = Activity.objects.create(
        unit=a, kind="meeting", held_on=D(2023, 4, 15), title="Hội nghị", attendees=120
    )
    Activity.objects.create(unit=b, kind="training", held_on=D(2023, 5, 1), title="Tập huấn B", attendees=30)
    out["inspection_a"] = inspection = Inspection.objects.create(
        unit=a, by_kind="supervisor", by_unit=personas.district, held_on=D(2024, 9, 20), content="Kiểm tra",
        findings="Chưa niêm yết",
    )  # fmt: skip
    Remedy.objects.create(inspection=inspection, text="Niêm yết", done_on=D(2024, 10, 1))
    Remedy.objects.create(inspection=inspection, text="Bổ sung sổ", due_on=D(2024, 12, 31))
    out["recognition_a"] = Recognition.objects.create(
        unit=a, level="province", decided_on=D(2024, 12, 15), decision_number="1234/QĐ-UBND", review_on=D(2027, 12, 15)
    )
    Recognition.objects.create(
        unit=b, level="district", decided_on=D(2022, 1, 1), decision_number="12/QĐ-UBND", review_on=D(2024, 1, 1)
    )
    criteria = CriteriaSet.objects.create(
        unit=personas.province, code="CQTT", name="Bộ tiêu chí", valid_from=D(2021, 1, 1)
    )
    tc1 = Criterion.objects.create(criteria_set=criteria, code="TC1", title="Dân chủ", max_points=Decimal(20), order=1)
    sub = Criterion.objects.create(
        criteria_set=criteria, parent=tc1, code="TC1.1", title="Quy chế", max_points=Decimal(10), order=2
    )
    out["scoring_a"] = scoring = Scoring.objects.create(
        unit=a, year=2024, criteria_set=criteria, status="published", self_total=Decimal("18.5"),
        verified_total=Decimal("17"), score_class="chua_dat", published_on=D(2025, 1, 10),
    )  # fmt: skip
    Score.objects.create(scoring=scoring, criterion=tc1, self_score=Decimal("18.5"), verified_score=Decimal("17"))
    Score.objects.create(scoring=scoring, criterion=sub, self_score=Decimal("9"), verified_score=Decimal("8.5"))
    Scoring.objects.create(unit=b, year=2024, criteria_set=criteria)
    out["target"] = RolloutTarget.objects.create(unit=personas.province, by_date=D(2025, 12, 31), share=Decimal("0.5"))
    return out


def get(client: Client, url: str, **params: Any) -> Any:
    return client.get(f"/api/v1/programme/{url}", params)


def test_each_list_holds_only_the_callers_communes(personas: Personas, records: dict[str, Any]) -> None:
    leader = personas.client(personas.leader_a)
    for url, count in (("documents", 2), ("activities", 1), ("inspections", 1), ("recognitions", 1), ("scorings", 1)):
        body = get(leader, url).json()
        assert body["count"] == count, url
        assert {i["unit_code"] for i in body["items"]} == {"X16012"}, url
    assert get(leader, "targets").json()["count"] == 0  # the province's target is not the commune's record
    supervisor = personas.client(personas.supervisor)
    assert get(supervisor, "documents").json()["count"] == 3
    assert get(supervisor, "targets").json()["items"][0] == {
        "id": records["target"].pk,
        "unit_code": "T38",
        "by_date": "2025-12-31",
        "share": 0.5,
        "note": "",
    }
    elsewhere = personas.client(personas.other_supervisor)
    assert all(get(elsewhere, url).json()["count"] == 0 for url in ("documents", "scorings", "targets"))


def test_another_communes_record_is_not_found(personas: Personas, records: dict[str, Any]) -> None:
    other = personas.client(personas.officer_b)
    for url, key in (
        ("documents", "doc_a"),
        ("activities", "activity_a"),
        ("inspections", "inspection_a"),
        ("recognitions", "recognition_a"),
        ("scorings", "scoring_a"),
    ):
        assert get(other, f"{url}/{records[key].pk}").status_code == 404, url
        assert get(personas.client(personas.front_a), f"{url}/{records[key].pk}").status_code == 200, url
    assert get(other, f"documents/{records['doc_b'].pk}").json()["number"] == "05/TB-UBND"
    assert get(other, f"targets/{records['target'].pk}").status_code == 404
    assert get(other, "documents/999999").status_code == 404


def test_inspections_carry_their_remedies_and_scorings_their_scores(
    personas: Personas, records: dict[str, Any]
) -> None:
    leader = personas.client(personas.leader_a)
    inspection = get(leader, f"inspections/{records['inspection_a'].pk}").json()
    assert inspection["by_unit_code"] == "H399" and inspection["by_kind"] == "supervisor"
    assert [(r["text"], r["done_on"], r["due_on"]) for r in inspection["remedies"]] == [
        ("Niêm yết", "2024-10-01", None),
        ("Bổ sung sổ", None, "2024-12-31"),
    ]
    scoring = get(leader, f"scorings/{records['scoring_a'].pk}").json()
    assert (scoring["status"], scoring["score_class"], scoring["verified_total"]) == ("published", "chua_dat", 17.0)
    assert scoring["criteria_set_code"] == "CQTT"
    assert [
        (s["criterion_code"], s["parent_code"], s["max_points"], s["verified_score"]) for s in scoring["scores"]
    ] == [
        ("TC1", None, 20.0, 17.0),
        ("TC1.1", "TC1", 10.0, 8.5),
    ]
    document = get(leader, f"documents/{records['doc_a'].pk}").json()
    assert document["kind_label"] == "Quyết định" and document["has_file"] is False


def test_filters_and_pages(personas: Personas, records: dict[str, Any]) -> None:
    supervisor = personas.client(personas.supervisor)
    assert [i["number"] for i in get(supervisor, "documents", kind="plan").json()["items"]] == ["20/KH-UBND"]
    assert [i["number"] for i in get(supervisor, "documents", q="ban chỉ đạo").json()["items"]] == ["59-QĐ/ĐU"]
    dated = get(supervisor, "documents", **{"from": "2024-01-01", "to": "2024-12-31"}).json()["items"]
    assert [i["number"] for i in dated] == ["05/TB-UBND"]
    assert get(supervisor, "documents", unit_code="X16015").json()["count"] == 1
    valid = get(supervisor, "recognitions", valid_on="2025-06-01").json()["items"]
    assert [i["unit_code"] for i in valid] == ["X16012"]
    assert get(supervisor, "recognitions", valid_on="2023-06-01").json()["count"] == 1
    assert get(supervisor, "scorings", status="published").json()["count"] == 1
    assert get(supervisor, "scorings", year=2024).json()["count"] == 2
    assert get(supervisor, "activities", kind="training").json()["items"][0]["attendees"] == 30
    page = get(supervisor, "documents", limit=1, offset=1).json()
    assert page["count"] == 3 and len(page["items"]) == 1
    assert get(supervisor, "documents", limit=0).status_code == 422
    assert get(supervisor, "documents", limit=201).status_code == 422
    assert get(supervisor, "documents", kind="memo").status_code == 422
    assert get(supervisor, "scorings", year=1999).status_code == 422
    assert get(supervisor, "inspections/0").status_code == 422


def test_callers_without_an_account_or_a_role_are_refused(personas: Personas, records: dict[str, Any]) -> None:
    assert get(Client(), "documents").status_code == 401
    nobody = create_user("khong_vai_tro", "Mat-khau-thu-2026", "Không Vai Trò")
    refused = get(personas.client(nobody), "scorings")
    assert refused.status_code == 403 and "chấm điểm" in refused.json()["detail"]
