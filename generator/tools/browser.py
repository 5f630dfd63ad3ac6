"""Which Chromium the browser tests, the benchmark and the screenshots drive, wherever they run.

In order: the one `CHROMIUM_PATH` names; Debian's (`apt-get install chromium`, what `.ci/run` installs); then
Playwright's own (`python -m playwright install chromium`, what the pull-request workflow installs on GitHub's
hosted Ubuntu runners, which have no Debian Chromium). Nothing here downloads a browser.
"""

from __future__ import annotations

import os
from pathlib import Path

DEBIAN_CHROMIUM = Path("/usr/lib/chromium/chromium")
# Chromium refuses to start as root without it; harmless otherwise.
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run"]


class NoBrowser(Exception):
    """No Chromium was found; the message says which places were looked in and how to install one."""


def find_chromium() -> Path:
    named = os.environ.get("CHROMIUM_PATH", "").strip()
    if named:
        if Path(named).is_file():
            return Path(named)
        raise NoBrowser(f"CHROMIUM_PATH names {named}, which is not a file")
    if DEBIAN_CHROMIUM.is_file():
        return DEBIAN_CHROMIUM
    own = _playwright_chromium()
    if own is not None:
        return own
    raise NoBrowser(f"no Chromium found: set CHROMIUM_PATH, install Debian's ({DEBIAN_CHROMIUM}: apt-get install "
                    "chromium) or Playwright's own (python -m playwright install chromium)")


def _playwright_chromium() -> Path | None:
    """Playwright's own Chromium when it has been installed, without starting a browser."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    with sync_playwright() as playwright:
        path = Path(playwright.chromium.executable_path)
    return path if path.is_file() else None
