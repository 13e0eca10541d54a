"""A dossier code is a path segment of its pages: only letters, digits, ".", "-", "_" (reviewer finding 2)."""

from __future__ import annotations

import pytest

from tests.conftest import Personas
from tests.onestop.factories import make_dossier
from thanthien.onestop import codes
from thanthien.onestop.models import Dossier


@pytest.mark.parametrize(
    "pattern",
    ["{unit}-{yymmdd}-{seq:4}/../", "{unit}/{yyyy}/{seq:5}", "{unit}?{seq:4}", "{unit}#{seq}", "{unit} {seq}"],
)
def test_a_pattern_with_characters_unfit_for_a_code_is_refused(pattern: str) -> None:
    with pytest.raises(codes.PatternError, match="ký tự không dùng được trong mã"):
        codes.validate_pattern(pattern)


def test_safe_patterns_still_pass() -> None:
    for pattern in (codes.DEFAULT_PATTERN, "HS.{unit}.{yyyy}.{seq:5}", "{unit}_{yy}{mm}{dd}_{seq:3}"):
        codes.validate_pattern(pattern)


@pytest.mark.django_db
def test_the_settings_page_refuses_it_and_keeps_the_old_pattern(personas: Personas) -> None:
    client = personas.client(personas.admin_a)
    response = client.post("/mot-cua/thiet-lap/", {"code_pattern": "{unit}-{yymmdd}-{seq:4}/../", "at_risk_hours": 8})
    assert response.status_code == 200 and "ký tự không dùng được trong mã" in response.content.decode()
    from thanthien.onestop.actions import desk_setting

    assert desk_setting(personas.commune_a).code_pattern == codes.DEFAULT_PATTERN


@pytest.mark.django_db
def test_the_list_survives_a_stored_code_it_cannot_link(personas: Personas) -> None:
    good = make_dossier(personas.commune_a, "1.004873")
    odd = make_dossier(personas.commune_a, "1.004873")
    Dossier.objects.filter(pk=odd.pk).update(code="99/HS-LVT")  # stored before the rule, e.g. by an old import
    for persona in (personas.officer_a, personas.leader_a, personas.supervisor):
        response = personas.client(persona).get("/mot-cua/")
        page = response.content.decode()
        assert response.status_code == 200, persona
        assert "99/HS-LVT" in page and f"/mot-cua/ho-so/{good.code}/" in page
        assert "/mot-cua/ho-so/99/" not in page


@pytest.mark.django_db
def test_a_calendar_change_moving_an_odd_stored_code_still_saves_and_shows(personas: Personas) -> None:
    import datetime as dt

    from tests.onestop.factories import vn
    from thanthien.workdays import actions as calendar_actions
    from thanthien.workdays.models import ExceptionKind

    odd = make_dossier(personas.commune_a, "1.004873", received_at=vn(2030, 10, 7, 9, 0), due_at=vn(2030, 10, 10, 9, 0))
    Dossier.objects.filter(pk=odd.pk).update(code="99/HS-LVT")
    change = calendar_actions.save(
        lambda: calendar_actions.add_exception(
            personas.admin_a, personas.commune_a, dt.date(2030, 10, 8), ExceptionKind.DAY_OFF, "Bão"
        )
    )
    assert change is not None and [m["label"] for m in change.moves] == ["99/HS-LVT"]
    response = personas.client(personas.officer_a).get(f"/lich-lam-viec/thay-doi/{change.pk}/")
    page = response.content.decode()
    assert response.status_code == 200 and "99/HS-LVT" in page and "/mot-cua/ho-so/99/" not in page
