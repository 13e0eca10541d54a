from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from thanthien.lib.registry import NAV
from thanthien.org.models import Role
from thanthien.org.scoping import is_system_admin, memberships, primary_unit


def staff_context(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    held = {m.role for m in memberships(user)}
    admin = is_system_admin(user)
    nav: list[dict[str, Any]] = [
        {"label": item.label, "url": reverse(item.url_name), "active": False}
        for item in NAV
        if admin or (held and (not item.roles or held & item.roles))
    ]
    # One item is highlighted: the one whose address is the longest start of this page's (/mot-cua/tiep-nhan/
    # is "Tiếp nhận", not also "Hồ sơ một cửa" at /mot-cua/).
    matching = [entry for entry in nav if request.path.startswith(entry["url"])]
    if matching:
        max(matching, key=lambda entry: len(entry["url"]))["active"] = True
    role_labels = sorted({str(Role(r).label) for r in held})
    return {
        "nav": nav,
        "current_unit": primary_unit(user),
        "role_labels": role_labels,
        "is_system_admin": admin,
    }
