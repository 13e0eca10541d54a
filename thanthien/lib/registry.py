"""Where apps plug in: periodic sweeps (run by `thanthien tick`), demo builders (run by `thanthien demo`), the
staff menu, the home page's panels, and the statistics (thanthien.lib.stats).

Apps register in their AppConfig.ready(), so the site shell and the foundation never import a domain app.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Sweep:
    name: str
    label: str
    run: Callable[[], int]  # returns how many things it created or changed
    every: dt.timedelta


SWEEPS: dict[str, Sweep] = {}
DEMO_BUILDERS: list[tuple[int, str, Callable[..., None]]] = []


def register_sweep(name: str, label: str, run: Callable[[], int], every_minutes: int = 5) -> None:
    SWEEPS[name] = Sweep(name, label, run, dt.timedelta(minutes=every_minutes))


def register_demo(order: int, build: Callable[..., None]) -> None:
    """`build(today)` adds one module's demo records; builders run in `order`."""
    name = f"{build.__module__}.{build.__qualname__}"
    if all(existing != name for _, existing, _ in DEMO_BUILDERS):
        DEMO_BUILDERS.append((order, name, build))
        DEMO_BUILDERS.sort(key=lambda item: item[0])


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[str]  # empty: every official
    order: int
    icon: str = ""
    # Items of one group share one drop-down entry of the menu, placed where its first item would be: a module
    # with many pages keeps the menu on one row.
    group: str = ""


NAV: list[NavItem] = []


def register_nav(
    label: str,
    url_name: str,
    roles: set[str] | frozenset[str] = frozenset(),
    order: int = 50,
    group: str = "",
) -> None:
    """A link in the staff menu, shown to officials holding one of `roles` (in the drop-down `group`, if given)."""
    if all(item.url_name != url_name for item in NAV):
        NAV.append(NavItem(label, url_name, frozenset(roles), order, group=group))
        NAV.sort(key=lambda item: item.order)


# What the staff home page shows: each app adds cards of counts for the roles that need them.
HOME_PANELS: list[tuple[int, Callable[..., dict[str, object] | None]]] = []


def register_home_panel(order: int, build: Callable[..., dict[str, object] | None]) -> None:
    """`build(request)` returns {"title", "items": [(label, count, url)]} or None when not relevant."""
    if build not in [b for _, b in HOME_PANELS]:
        HOME_PANELS.append((order, build))
        HOME_PANELS.sort(key=lambda item: item[0])
