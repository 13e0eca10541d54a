"""The record pattern's lookup and picker: another commune's record is a 404, a malformed or huge id is a 404
(never a 500), and "which commune?" never silently falls back to a commune the user did not ask for."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import RequestFactory

from tests.conftest import Personas
from tests.onestop.factories import make_dossier
from thanthien.onestop.models import Dossier
from thanthien.org.models import Role
from thanthien.org.records import acting_unit, get_scoped_or_404

pytestmark = pytest.mark.django_db


def _request(user: object, **params: str) -> object:
    request = RequestFactory().get("/", params)
    request.user = user
    return request


def test_the_own_commune_and_its_supervisor_find_the_record(personas: Personas) -> None:
    dossier = make_dossier(personas.commune_a)
    for user in (personas.officer_a, personas.supervisor, personas.sysadmin):
        assert get_scoped_or_404(_request(user), Dossier.objects.all(), dossier.pk) == dossier


@pytest.mark.parametrize("who", ["officer_b", "other_supervisor"])
def test_another_commune_gets_not_found(personas: Personas, who: str) -> None:
    dossier = make_dossier(personas.commune_a)
    with pytest.raises(Http404):
        get_scoped_or_404(_request(getattr(personas, who)), Dossier.objects.all(), dossier.pk)


@pytest.mark.parametrize("pk", ["abc", "", None, "9223372036854775808", "-1", "0", "1\x00"])
def test_malformed_ids_are_not_found(personas: Personas, pk: object) -> None:
    with pytest.raises(Http404):
        get_scoped_or_404(_request(personas.officer_a), Dossier.objects.all(), pk)


def test_an_official_acts_for_their_own_commune(personas: Personas) -> None:
    choice = acting_unit(_request(personas.officer_a), {Role.ONESTOP_OFFICER})
    assert choice.unit == personas.commune_a
    assert choice.choices == [personas.commune_a]


def test_asking_for_another_commune_is_refused_not_redirected(personas: Personas) -> None:
    with pytest.raises(PermissionDenied):
        acting_unit(_request(personas.officer_a, unit=personas.commune_b.code), {Role.ONESTOP_OFFICER})


def test_a_supervisor_acts_for_no_commune(personas: Personas) -> None:
    choice = acting_unit(_request(personas.supervisor), {Role.ONESTOP_OFFICER})
    assert choice.unit is None
    assert choice.choices == []


def test_a_system_administrator_chooses_by_code(personas: Personas) -> None:
    assert acting_unit(_request(personas.sysadmin), {Role.ONESTOP_OFFICER}).unit is None
    chosen = acting_unit(_request(personas.sysadmin, unit=personas.commune_b.code), {Role.ONESTOP_OFFICER})
    assert chosen.unit == personas.commune_b
    with pytest.raises(PermissionDenied):
        acting_unit(_request(personas.sysadmin, unit="KHONG-CO"), {Role.ONESTOP_OFFICER})
