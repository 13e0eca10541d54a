"""Security headers, HTTPS settings and the shell's own details (menu, favicon)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from tests.conftest import Personas

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent.parent


def csp_of(response: object) -> dict[str, str]:
    header = response["Content-Security-Policy"]  # type: ignore[index]
    return {part.split()[0]: part.strip() for part in header.split(";") if part.strip()}


def test_every_page_has_a_strict_content_security_policy(personas: Personas) -> None:
    for response in (Client().get("/"), personas.client(personas.officer_a).get("/can-bo/")):
        policy = csp_of(response)
        assert policy["default-src"] == "default-src 'self'"
        script = policy["script-src"]
        assert "'unsafe-inline'" not in script and "'unsafe-eval'" not in script and "http" not in script
        assert "'unsafe-inline'" not in policy["style-src"]
        assert policy["object-src"] == "object-src 'none'"
        assert policy["frame-ancestors"] == "frame-ancestors 'none'"


def test_templates_carry_no_inline_script_without_the_nonce() -> None:
    """An inline <script> or on…= handler would be refused by the browser: the page would silently break."""
    offenders = []
    for path in (ROOT / "thanthien").rglob("templates/**/*.html"):
        text = path.read_text()
        for match in re.finditer(r"<script\b([^>]*)>", text):
            attrs = match.group(1)
            if "src=" not in attrs and 'type="application/json"' not in attrs and "CSP_NONCE" not in attrs:
                offenders.append(f"{path.relative_to(ROOT)}: {match.group(0)}")
        offenders += [f"{path.relative_to(ROOT)}: {m}" for m in re.findall(r"\son[a-z]+=\"", text)]
    assert not offenders, offenders


def test_staff_pages_are_not_cached_public_pages_may_be(personas: Personas) -> None:
    staff = personas.client(personas.officer_a).get("/can-bo/")
    assert staff["Cache-Control"] == "no-store, private"
    # The public home is not personal: nothing forbids caching it.
    assert "no-store" not in Client().get("/").get("Cache-Control", "")
    # A bearer-token call is staff data too, whatever it answers.
    assert Client().get("/api/", HTTP_AUTHORIZATION="Bearer x")["Cache-Control"] == "no-store, private"


def test_one_menu_item_is_highlighted(personas: Personas) -> None:
    page = personas.client(personas.officer_a).get("/mot-cua/tiep-nhan/").content.decode()
    current = re.findall(r'<a class="nav-link active"[^>]*aria-current="page"[^>]*>([^<]+)</a>', page)
    assert current == ["Tiếp nhận"], current
    assert page.count("nav-link active") == 1


def test_favicon_is_served_and_linked(personas: Personas) -> None:
    for page in (Client().get("/"), personas.client(personas.officer_a).get("/can-bo/")):
        assert '<link rel="icon" href="/static/thanthien/favicon.svg"' in page.content.decode()
    response = Client().get("/static/thanthien/favicon.svg")
    assert response.status_code == 200 and b"<svg" in b"".join(response.streaming_content)  # type: ignore[attr-defined]


PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "k" * 20 + "Zq8v-3NnW@x7Lm_R2pT%yB9cHs4Ef6Gj",
    "ALLOWED_HOSTS": "thanthien.example.gov.vn",
    "SECURE_COOKIES": "true",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
    "SECURE_HSTS_PRELOAD": "true",
    "SECURE_PROXY_SSL_HEADER": "true",
}


def deploy_check(tmp_path: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`check --deploy` in a fresh process, so that the environment variables go through settings.py."""
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION_ENV}
    clean.update(env, THANTHIEN_VAR_DIR=str(tmp_path), DATABASE_URL="sqlite:///:memory:")
    clean.pop("DJANGO_SETTINGS_MODULE", None)
    clean.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by tests/conftest.py for Playwright only
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'thanthien.settings'; django.setup();"
        "from django.core.management import call_command;"
        "call_command('check', '--deploy', '--fail-level', 'WARNING')"
    )
    return subprocess.run([sys.executable, "-c", code], env=clean, capture_output=True, text=True, timeout=120)


def test_check_deploy_is_clean_with_production_settings(tmp_path: Path) -> None:
    result = deploy_check(tmp_path, PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout + result.stderr


def test_check_deploy_names_what_is_missing(tmp_path: Path) -> None:
    without_https = {k: v for k, v in PRODUCTION_ENV.items() if not k.startswith("SECURE_")}
    result = deploy_check(tmp_path, without_https)
    assert result.returncode != 0
    for warning in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in result.stderr, result.stderr


def test_https_headers_follow_the_settings(settings: object) -> None:
    settings.SECURE_HSTS_SECONDS = 31536000  # type: ignore[attr-defined]
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True  # type: ignore[attr-defined]
    settings.SECURE_SSL_REDIRECT = True  # type: ignore[attr-defined]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")  # type: ignore[attr-defined]
    assert Client().get("/").status_code == 301  # plain http is sent to https
    response = Client().get("/", HTTP_X_FORWARDED_PROTO="https")
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_pre_blocks_are_keyboard_focusable() -> None:
    """A scrolling <pre> must be reachable by keyboard to be scrolled (axe: scrollable-region-focusable)."""
    unfocusable = [
        f"{path.relative_to(ROOT)}: {tag}"
        for path in (ROOT / "thanthien").rglob("templates/**/*.html")
        for tag in re.findall(r"<pre\b[^>]*>", path.read_text())
        if 'tabindex="0"' not in tag
    ]
    assert not unfocusable, unfocusable


@pytest.mark.django_db
def test_favicon_ico_leads_to_the_one_icon(client: Client) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("thanthien/favicon.svg")
    assert client.get(response["Location"]).status_code == 200
