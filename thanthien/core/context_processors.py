from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from thanthien.lib.registry import NAV
from thanthien.org.models import Role
from thanthien.org.scoping import is_system_admin, memberships, primary_unit


def _grouped(links: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The menu's entries: a plain link, or a group {"label", "children", "active"} where its first item stands
    (not "items": a template would read a dict's own items() method)."""
    entries: list[dict[str, Any]] = []
    groups: dict[str, dict[str, Any]] = {}
    for link in links:
        name = link["group"]
        if not name:
            entries.append(link)
            continue
        if name not in groups:
            groups[name] = {"label": name, "children": [], "active": False, "id": f"nav-group-{len(groups) + 1}"}
            entries.append(groups[name])
        groups[name]["children"].append(link)
        groups[name]["active"] = groups[name]["active"] or link["active"]
    return entries


def staff_context(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    held = {m.role for m in memberships(user)}
    admin = is_system_admin(user)
    links: list[dict[str, Any]] = [
        {"label": item.label, "url": reverse(item.url_name), "active": False, "group": item.group}
        for item in NAV
        if admin or (held and (not item.roles or held & item.roles))
    ]
    # One item is highlighted: the one whose address is the longest start of this page's (/mot-cua/tiep-nhan/
    # is "Tiếp nhận", not also "Hồ sơ một cửa" at /mot-cua/).
    matching = [entry for entry in links if request.path.startswith(entry["url"])]
    if matching:
        max(matching, key=lambda entry: len(entry["url"]))["active"] = True
    role_labels = sorted({str(Role(r).label) for r in held})
    return {
        "nav": _grouped(links),
        "current_unit": primary_unit(user),
        "role_labels": role_labels,
        "is_system_admin": admin,
    }
