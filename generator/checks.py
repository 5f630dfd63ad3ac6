"""Checks that need the whole site: run after every file has loaded and every reference resolved."""

from __future__ import annotations

from .content import Site
from .problems import Problems


def run_checks(site: Site, problems: Problems) -> None:
    """Add every problem the whole-site checks find. Each check reports with path:line:col."""
