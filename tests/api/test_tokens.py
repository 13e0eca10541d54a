"""Bearer tokens: issued by an administrator (admin form or CLI) with the secret shown once, tried before the
session so that a token writes without CSRF, revoked at once; a second token never fails."""

from __future__ import annotations

import io
import json
import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from tests.conftest import PASSWORD, Personas
from thanthien.audit.models import AuditEntry
from thanthien.onestop.models import Dossier
from thanthien.org.models import ApiToken
from thanthien.org.tokens import issue_token, revoke_token

pytestmark = pytest.mark.django_db

DOSSIER = {
    "unit_code": "X16012",
    "procedure_code": "1.004873",
    "applicant_name": "Lê Văn Cường",
    "received_at": "2026-11-30T10:00:00+07:00",
}


def cli(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("api_token", *args, stdout=out, stderr=err)
    return out.getvalue().strip(), err.getvalue()


def bearer(secret: str, **extra: Any) -> Client:
    return Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {secret}"}, **extra)


def test_cli_issues_a_token_that_writes_without_csrf(personas: Personas) -> None:
    secret, note = cli("create", "officer_a", "--name", "Cổng dịch vụ công")
    assert secret.startswith("tt_") and len(secret) > 40 and "lần duy nhất" in note
    token = ApiToken.objects.get()
    assert token.digest == ApiToken.hash(secret) and token.digest and secret not in token.digest
    client = bearer(secret)
    response = client.post("/api/v1/dossiers", json.dumps(DOSSIER), content_type="application/json")
    assert response.status_code == 201, response.content
    assert Dossier.objects.get().received_by == personas.officer_a
    assert ApiToken.objects.get().last_used_at is not None


def test_a_token_wins_over_a_session_cookie_and_its_csrf(personas: Personas) -> None:
    """A browser signed in as someone else, calling with a token: the token decides, no CSRF asked."""
    _, secret = issue_token(personas.sysadmin, personas.officer_a, "tích hợp")
    client = bearer(secret)
    client.force_login(personas.officer_b)
    response = client.post("/api/v1/dossiers", json.dumps(DOSSIER), content_type="application/json")
    assert response.status_code == 201, response.content
    wrong = bearer("tt_sai")
    wrong.force_login(personas.officer_a)
    response = wrong.post("/api/v1/dossiers", json.dumps(DOSSIER), content_type="application/json")
    assert response.status_code == 401  # a wrong token is not rescued by the session
    assert Dossier.objects.count() == 1


def test_the_session_still_needs_csrf(personas: Personas) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.officer_a)
    response = client.post("/api/v1/dossiers", json.dumps(DOSSIER), content_type="application/json")
    assert response.status_code == 403 and "CSRF" in response.json()["detail"]
    assert "X-CSRFToken" in response.json()["detail"]  # says what to do, in Vietnamese
    assert Dossier.objects.count() == 0


def test_a_second_token_and_revocation(personas: Personas) -> None:
    first, _ = cli("create", "leader_a")
    second, _ = cli("create", "leader_a", "--name", "báo cáo")
    assert first != second and ApiToken.objects.count() == 2
    listing, _ = cli("list")
    assert "leader_a" in listing and first not in listing and second not in listing
    pk = ApiToken.objects.get(name="api").pk
    out, _ = cli("revoke", str(pk))
    assert f"Đã thu hồi mã số {pk}" in out
    assert bearer(first).get("/api/v1/me").status_code == 401
    assert bearer(second).get("/api/v1/me").json()["username"] == "leader_a"
    actions = list(AuditEntry.objects.values_list("action", flat=True).order_by("pk"))
    assert actions[-3:] == ["org.api_token_issued", "org.api_token_issued", "org.api_token_revoked"]


def test_cli_refuses_with_messages(personas: Personas) -> None:
    with pytest.raises(CommandError, match="Không có tài khoản"):
        cli("create", "khong_ai")
    with pytest.raises(CommandError, match="Không có mã thông báo số 99"):
        cli("revoke", "99")
    with pytest.raises(CommandError, match="dài quá 100"):
        cli("create", "officer_a", "--name", "x" * 101)


def test_only_a_system_administrator_issues_or_revokes(personas: Personas) -> None:
    with pytest.raises(PermissionDenied):
        issue_token(personas.admin_a, personas.officer_a, "tự cấp")
    token, _ = issue_token(personas.sysadmin, personas.officer_a, "tích hợp")
    with pytest.raises(PermissionDenied):
        revoke_token(personas.supervisor, token)
    assert ApiToken.objects.count() == 1


@pytest.fixture
def admin_client(personas: Personas) -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser("quantri", "qt@example.vn", PASSWORD))
    return client


def test_admin_issues_a_token_and_shows_the_secret_once(personas: Personas, admin_client: Client) -> None:
    for name in ("Cổng DVC", "Cổng DVC 2"):  # a second token used to fail with a 500 (empty digest twice)
        response = admin_client.post(
            "/quan-tri/org/apitoken/add/", {"user": personas.officer_a.pk, "name": name}, follow=False
        )
        assert response.status_code == 200, response.content
        page = response.content.decode()
        assert "lần duy nhất" in page and "no-store" in response["Cache-Control"]
        found = re.search(r'value="(tt_[^"]+)" size="60" data-testid="token-secret"', page)
        assert found, page
        assert bearer(found.group(1)).get("/api/v1/me").json()["username"] == "officer_a"
    assert ApiToken.objects.exclude(digest="").count() == 2
    listing = admin_client.get("/quan-tri/org/apitoken/").content.decode()
    assert "Cổng DVC" in listing and "tt_" not in listing


def test_admin_revokes(personas: Personas, admin_client: Client) -> None:
    token, secret = issue_token(None, personas.officer_a, "tích hợp")
    response = admin_client.post(
        "/quan-tri/org/apitoken/", {"action": "revoke", "_selected_action": [token.pk]}, follow=True
    )
    assert "Đã thu hồi 1 mã thông báo" in response.content.decode()
    assert not ApiToken.objects.exists()
    assert bearer(secret).get("/api/v1/me").status_code == 401
    assert AuditEntry.objects.filter(action="org.api_token_revoked").count() == 1


def test_a_token_without_a_digest_cannot_be_stored(personas: Personas) -> None:
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ApiToken.objects.create(user=personas.officer_a, name="rỗng", digest="")
