"""Who sees which unit: a commune sees itself (and what was merged into it), never the other commune;
a supervisor sees everything under them and nothing beyond."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.conftest import Personas, make_unit
from thanthien.audit.models import AuditEntry
from thanthien.org.models import Unit, UnitKind
from thanthien.org.scoping import can_see_unit, scoped, visible_unit_ids

pytestmark = pytest.mark.django_db


def ids(*units: Unit) -> set[int]:
    return {u.pk for u in units}


def test_a_commune_sees_only_itself(personas: Personas) -> None:
    assert visible_unit_ids(personas.officer_a) == ids(personas.commune_a)
    assert not can_see_unit(personas.officer_a, personas.commune_b)
    assert not can_see_unit(personas.officer_b, personas.commune_a)


def test_supervisor_sees_every_unit_under_them_and_nothing_else(personas: Personas) -> None:
    visible = visible_unit_ids(personas.supervisor)
    assert visible is not None
    assert ids(personas.province, personas.district, personas.commune_a, personas.commune_b) <= visible
    assert personas.commune_c.pk not in visible
    assert personas.commune_a.pk not in (visible_unit_ids(personas.other_supervisor) or set())


def test_system_admin_sees_all(personas: Personas) -> None:
    assert visible_unit_ids(personas.sysadmin) is None


def test_merged_units_are_visible_to_the_successor(personas: Personas) -> None:
    merged = make_unit(
        "X9",
        "Xã Cũ",
        UnitKind.COMMUNE,
        personas.district,
        valid_to=dt.date(2025, 6, 30),
        successor=personas.commune_a,
    )
    older = make_unit(
        "X8", "Xã Rất Cũ", UnitKind.COMMUNE, personas.district, valid_to=dt.date(2020, 1, 1), successor=merged
    )
    assert {merged.pk, older.pk} <= (visible_unit_ids(personas.officer_a) or set())
    assert not can_see_unit(personas.officer_b, merged)


def test_scoped_filters_rows_by_unit(personas: Personas) -> None:
    AuditEntry.objects.create(unit=personas.commune_a, action="x")
    AuditEntry.objects.create(unit=personas.commune_b, action="y")
    AuditEntry.objects.create(unit=personas.commune_c, action="z")
    rows = AuditEntry.objects.filter(action__in=["x", "y", "z"])
    seen_a = set(scoped(rows, personas.officer_a).values_list("action", flat=True))
    seen_sup = set(scoped(rows, personas.supervisor).values_list("action", flat=True))
    assert seen_a == {"x"}
    assert {"x", "y"} <= seen_sup and "z" not in seen_sup


def test_anonymous_sees_nothing(personas: Personas) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert scoped(AuditEntry.objects.all(), AnonymousUser()).count() == 0


def test_audit_trail_page_is_scoped(personas: Personas) -> None:
    AuditEntry.objects.create(unit=personas.commune_a, action="org.login", object_repr="Của xã A")
    AuditEntry.objects.create(unit=personas.commune_b, action="org.login", object_repr="Của xã B")
    page_a = personas.client(personas.admin_a).get("/nhat-ky/").content.decode()
    assert "Của xã A" in page_a and "Của xã B" not in page_a
    page_sup = personas.client(personas.supervisor).get("/nhat-ky/").content.decode()
    assert "Của xã A" in page_sup and "Của xã B" in page_sup
    assert personas.client(personas.officer_a).get("/nhat-ky/").status_code == 403


def test_api_units_are_scoped(personas: Personas) -> None:
    codes = {u["code"] for u in personas.client(personas.officer_a).get("/api/v1/units").json()["items"]}
    assert codes == {"X16012"}
    codes = {u["code"] for u in personas.client(personas.supervisor).get("/api/v1/units").json()["items"]}
    assert {"T38", "H399", "X16012", "X16015"} <= codes and "P05956" not in codes


def test_the_trail_never_keeps_citizens_personal_data(personas: Personas) -> None:
    from thanthien.audit.log import record

    entry = record(
        personas.officer_a,
        "x.changed",
        personas.commune_a,
        unit=personas.commune_a,
        changes={
            "applicant_phone": ["0912345678", "0987654321"],
            "status": [2, 4],
            "": [None, {"contact_name": "Lê Văn A"}],
        },
    )
    assert entry.changes["applicant_phone"] == "(dữ liệu cá nhân)"
    assert entry.changes["status"] == [2, 4]
    assert "Lê Văn A" not in str(entry.changes)
