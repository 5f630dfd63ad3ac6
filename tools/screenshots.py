"""Refresh the visual record under screenshots/: the main kinds of page at desktop and phone widths, in the
light and dark colour schemes, as a reader sees them. Not compared pixel by pixel: look at them.

    python tools/screenshots.py            # build with the sample practice details, then shoot
    python tools/screenshots.py --site DIR  # shoot an already built site

Uses Debian's Chromium (/usr/lib/chromium/chromium); never downloads a browser.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from generator.tools.browser import LAUNCH_ARGS, find_chromium
from generator.tools.devserver import serve_folder

ROOT = Path(__file__).resolve().parent.parent
# A made-up practice, so the pictures show the site as a published one looks. The number is from Ofcom's range
# kept for drama; the .test domain can never be registered.
SAMPLE = {"PRACTICE_NAME": "Northway Occupational Therapy", "PRACTICE_PHONE": "0161 496 0123",
          "PRACTICE_EMAIL": "referrals@northway-ot.test", "PRACTICE_HOURS": "Monday to Friday, 9am to 5pm",
          "SITE_URL": "https://kb.northway-ot.test/", "EDIT_URI": "https://github.com/northway-ot/kb/edit/main/docs/"}
PAGES = {
    "home": "",
    "specialism": "specialisms/hand-therapy/",
    "case-story": "case-studies/back-pain-return-to-work/",
    "question": "referral/case-manager-referral/step/",
    "outcome": "referral/case-manager-referral/step/getting-around-sitting-comfortably-or/uses-or-needs-a-wheelchair/",
}
WIDTHS = {"desktop": (1280, 800), "phone": (390, 844)}
SCHEMES = ("light", "dark")


def build(site: Path) -> None:
    engine = Path(sys.executable).parent / "properdocs"  # the engine `make build` uses
    subprocess.run([str(engine), "build", "--strict", "--config-file", "mkdocs.yml", "--site-dir", str(site)],
                   cwd=ROOT, check=True, capture_output=True, env={**os.environ, **SAMPLE})


def shoot(site: Path, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with serve_folder(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(find_chromium()), args=LAUNCH_ARGS)
        for scheme in SCHEMES:
            for width_name, (width, height) in WIDTHS.items():
                context = browser.new_context(viewport={"width": width, "height": height},
                                              color_scheme="dark" if scheme == "dark" else "light")
                page = context.new_page()
                for name, path in PAGES.items():
                    page.goto(base + path)
                    page.wait_for_load_state("networkidle")
                    target = out / f"{name}-{width_name}-{scheme}.png"
                    page.screenshot(path=str(target))
                    written.append(target)
                context.close()
        browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--site", type=Path, help="an already built site (default: build one)")
    ap.add_argument("--out", type=Path, default=ROOT / "screenshots")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site or Path(tmp) / "site"
        if args.site is None:
            build(site)
        for path in shoot(site, args.out):
            print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
