"""Kept for imports written before the registries moved to thanthien.lib.registry."""

from thanthien.lib.registry import *  # noqa: F403
from thanthien.lib.registry import (  # noqa: F401
    DEMO_BUILDERS,
    HOME_PANELS,
    NAV,
    STATS,
    SWEEPS,
    NavItem,
    StatsSubject,
    Sweep,
)
