"""/api/docs: Swagger UI from this server's own static files (no CDN: communes run on closed networks), working
under the Content-Security-Policy (no inline script)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.conftest import Personas


def test_docs_page_loads_swagger_from_our_static_files() -> None:
    page = Client().get("/api/docs").content.decode()
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', page)
    styles = re.findall(r'<link[^>]*href="([^"]+)"', page)
    assert any(src.endswith("ninja/swagger-ui-bundle.js") for src in scripts), scripts
    assert all(url.startswith("/static/") for url in scripts + styles), scripts + styles
    assert "cdn" not in page.lower()
    # the only inline <script> is the JSON settings block, which a browser never runs
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", page)
    assert inline and all('type="application/json"' in attrs for attrs in inline), inline


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_docs_render_under_the_csp(personas: Personas, live_server: object, browser_page: object) -> None:
    page = browser_page
    refused: list[str] = []
    foreign: list[str] = []
    base = live_server.url  # type: ignore[attr-defined]
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)  # type: ignore[attr-defined]
    page.on("request", lambda r: foreign.append(r.url) if not r.url.startswith((base, "data:")) else None)  # type: ignore[attr-defined]
    page.goto(f"{base}/api/docs")  # type: ignore[attr-defined]
    page.locator(".opblock-summary-path", has_text="/api/v1/dossiers").first.wait_for()  # type: ignore[attr-defined]
    assert page.locator(".opblock").count() >= 15  # type: ignore[attr-defined]
    assert not refused, refused
    assert not foreign, foreign
