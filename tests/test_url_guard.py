"""Every view of the project is declared public or protected (org.access); every API operation needs
a caller unless declared public. A new view without a declaration fails here."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver

from thanthien.org.access import access_of

# Django's admin checks is_staff itself; only system administrators are staff.
ADMIN_PREFIX = "quan-tri/"
API_PREFIX = "api/"
# Ninja operations that citizens may call without an account: (path, method).
PUBLIC_API: set[tuple[str, str]] = {
    # The online channel of a survey: the open campaign's questions, and a form submitted to it (api/surveys.py).
    ("api/v1/surveys/public/<unit_code>/<form_id>", "GET"),
    ("api/v1/surveys/public/<unit_code>/<form_id>", "POST"),
}
# The OpenAPI schema and its viewer describe the API; they hold no data.
API_DOCS = {"api/", "api/openapi.json", "api/docs"}


def walk(patterns: list[Any], prefix: str = "") -> Iterator[tuple[str, Any]]:
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p.callback


def test_every_view_declares_access() -> None:
    undeclared = []
    for route, view in walk(get_resolver().url_patterns):
        if route.startswith((ADMIN_PREFIX, API_PREFIX)):
            continue
        if access_of(view) is None:
            undeclared.append(f"{route} → {getattr(view, '__module__', '?')}.{getattr(view, '__name__', view)}")
    assert not undeclared, "Các view chưa khai báo @public hoặc @protected:\n" + "\n".join(undeclared)


def test_admin_is_only_for_staff() -> None:
    assert all(
        route.startswith(ADMIN_PREFIX)
        for route, view in walk(get_resolver().url_patterns)
        if getattr(view, "admin_site", None)
    )
    assert admin.site.has_permission.__func__ is admin.AdminSite.has_permission  # type: ignore[attr-defined]


def ninja_operations(view: Any) -> list[Any] | None:
    """The operations behind a django-ninja route (its view closes over the PathView)."""
    for cell in getattr(view, "__closure__", None) or []:
        if hasattr(cell.cell_contents, "operations"):
            return list(cell.cell_contents.operations)
    return None


def test_every_api_operation_requires_a_caller_unless_declared_public() -> None:
    open_ops, public, seen = [], set(), 0
    for route, view in walk(get_resolver().url_patterns):
        if not route.startswith(API_PREFIX) or route in API_DOCS:
            continue
        operations = ninja_operations(view)
        assert operations is not None, f"{route} không phải là thao tác API django-ninja"
        for op in operations:
            for method in op.methods:
                seen += 1
                if op.auth_callbacks:
                    continue
                if (route, method) in PUBLIC_API:
                    public.add((route, method))
                else:
                    open_ops.append(f"{method} {route}")
    assert seen >= 2
    assert not open_ops, "API mở mà chưa khai báo công khai: " + ", ".join(open_ops)
    # A declaration whose operation is gone or needs a caller again is taken out of the list.
    assert public == PUBLIC_API, "Khai báo công khai thừa: " + ", ".join(f"{m} {r}" for r, m in PUBLIC_API - public)


@pytest.mark.django_db
def test_protected_views_send_anonymous_visitors_to_login(client: Any) -> None:
    """Walk the concrete (argument-free) protected routes as an anonymous visitor."""
    checked = 0
    for route, view in walk(get_resolver().url_patterns):
        access = access_of(view)
        if access is None or access.public or "<" in route or route.startswith((ADMIN_PREFIX, API_PREFIX)):
            continue
        response = client.get("/" + route)
        assert response.status_code in (302, 405), route
        if response.status_code == 302:
            assert response["Location"].startswith("/dang-nhap/"), route
        checked += 1
    assert checked >= 3


@pytest.mark.django_db
def test_api_refuses_anonymous_callers(client: Any) -> None:
    assert client.get("/api/v1/me").status_code == 401
    assert client.get("/api/v1/units").status_code == 401
