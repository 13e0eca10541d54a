"""Accounts change only through actions: creating an account checks who asks, changing a password checks whose it
is and the password rules, and both write the audit trail."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError

from tests.conftest import PASSWORD, Personas
from thanthien.audit.models import AuditEntry
from thanthien.org.actions import change_password, create_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["officer_a", "supervisor", "leader_a"])
def test_only_administrators_create_accounts(personas: Personas, who: str) -> None:
    with pytest.raises(PermissionDenied):
        create_user("moi", "Hoa-Sen-Trang-2026", "Cán Bộ Mới", actor=getattr(personas, who))
    assert not User.objects.filter(username="moi").exists()


@pytest.mark.parametrize("who", ["admin_a", "sysadmin"])
def test_administrators_create_accounts_and_it_is_audited(personas: Personas, who: str) -> None:
    user = create_user("moi", "Hoa-Sen-Trang-2026", "Cán Bộ Mới", actor=getattr(personas, who))
    assert user.check_password("Hoa-Sen-Trang-2026")
    assert AuditEntry.objects.filter(action="org.user_created", object_id=str(user.pk)).exists()


def test_a_password_is_changed_by_its_owner_with_the_rules(personas: Personas) -> None:
    with pytest.raises(ValidationError):
        change_password(personas.officer_a, personas.officer_a, "matkhau123")
    assert personas.officer_a.check_password(PASSWORD)
    change_password(personas.officer_a, personas.officer_a, "Mat-khau-moi-2026")
    assert personas.officer_a.check_password("Mat-khau-moi-2026")
    assert AuditEntry.objects.filter(action="org.password_changed", actor=personas.officer_a).count() == 1


def test_nobody_else_changes_a_password_but_the_system_administrator(personas: Personas) -> None:
    with pytest.raises(PermissionDenied):
        change_password(personas.admin_a, personas.officer_a, "Mat-khau-moi-2026")
    change_password(personas.sysadmin, personas.officer_a, "Mat-khau-moi-2026")
    assert personas.officer_a.check_password("Mat-khau-moi-2026")
