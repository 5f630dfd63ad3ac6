"""Checks that need the whole site: run after every file has loaded and every reference resolved."""

from __future__ import annotations

from ..config.options import Options
from ..problems import Problems
from ..structure.content import FLOW, Site
from .addresses import check_addresses
from .anonymise import check_anonymisation
from .flows import validate_flow
from .nations import check_nations
from .needs import check_flow_needs, check_flow_urgency
from .review import check_reviews
from .safety import check_safety


def run_checks(site: Site, problems: Problems, options: Options) -> None:
    """Add every problem the whole-site checks find. Each check reports with path:line:col."""
    for flow in site.of(FLOW):
        if validate_flow(flow, problems, options):
            check_flow_needs(site, flow, problems)
            check_flow_urgency(site, flow, problems)
            check_addresses(site, flow, problems, options)
    check_safety(site, problems, options)
    check_anonymisation(site, problems)
    check_reviews(site, problems, options)
    check_nations(site, problems)
