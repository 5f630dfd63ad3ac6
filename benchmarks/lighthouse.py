"""Lighthouse scores of the main kinds of page, at mobile and desktop, against the site's targets.

    .venv/bin/python benchmarks/lighthouse.py                   # build with a made-up practice's details, then audit
    .venv/bin/python benchmarks/lighthouse.py --site site       # audit an already built site
    .venv/bin/python benchmarks/lighthouse.py --readme README.md  # and write the table between the markers

`make lighthouse` installs Lighthouse first (the exact version in benchmarks/lighthouse/package-lock.json, into
benchmarks/lighthouse/node_modules, apart from the editor's packages) and runs this.

The site is served from 127.0.0.1 as its host serves it: text (HTML, CSS, JavaScript, SVG, JSON, XML) gzipped
when the browser asks for it, everything else as it is. Lighthouse drives Chromium (Debian's, or the one
CHROMIUM_PATH names; never a downloaded one) with background networking off, on each page at its mobile
settings (a mid-range phone on a slow 4G connection, simulated) and its desktop preset. Each page is audited
`--runs` times and the run with the median performance score is kept, as Lighthouse's own guidance suggests;
the four category scores are printed as a table, and the exit status is 1 when any is below its target:
100 for accessibility, best practices and SEO, at least 95 for performance.

One audit is not counted: `is-crawlable` on pages that ask search engines to leave them out
(`<meta name="robots" content="noindex">`, the referral tools' questions and results, on purpose). Their SEO score
is shown without it, marked, with the score Lighthouse gives beside it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from common import CHILD_ENV, MKDOCS, ROOT, BenchError

from generator.tools.browser import LAUNCH_ARGS, NoBrowser, find_chromium
from generator.tools.devserver import serve_folder

LIGHTHOUSE_DIR = ROOT / "benchmarks" / "lighthouse"
LIGHTHOUSE_CLI = LIGHTHOUSE_DIR / "node_modules" / "lighthouse" / "cli" / "index.js"
MARKERS = ("<!-- lighthouse:start -->", "<!-- lighthouse:end -->")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}
FORM_FACTORS = ("mobile", "desktop")
# Audited on pages that carry `noindex` on purpose; every other page must pass it.
NOINDEX_AUDIT = "is-crawlable"
# What the pages are audited at: one of each kind a reader meets first.
PAGES = {
    "home": "",
    "specialism": "specialisms/hand-therapy/",
    "case story": "case-studies/back-pain-return-to-work/",
    "referral question": "referral/case-manager-referral/step/",
    "referral result": "referral/case-manager-referral/step/getting-around-sitting-comfortably-or/"
                       "uses-or-needs-a-wheelchair/",
    "search": "search/",
}
# A made-up practice, so the site is audited as a published one looks (as tools/screenshots.py builds it).
SAMPLE = {"PRACTICE_NAME": "Northway Occupational Therapy", "PRACTICE_PHONE": "0161 496 0123",
          "PRACTICE_EMAIL": "referrals@northway-ot.test", "PRACTICE_HOURS": "Monday to Friday, 9am to 5pm",
          "SITE_URL": "https://kb.northway-ot.test/", "EDIT_URI": "https://github.com/northway-ot/kb/edit/main/docs/"}
# Off: anything that would reach past this machine, and what a fresh profile would otherwise set up.
CHROME_FLAGS = ("--headless=new", *LAUNCH_ARGS, "--disable-default-apps", "--disable-extensions")


# -- building and auditing -------------------------------------------------------------------------------------

def build(site: Path) -> None:
    """What `make build` does to a site, with the made-up practice's details: strict build, scan and CSP."""
    env = {**os.environ, **CHILD_ENV, **SAMPLE}
    for cmd in ([str(MKDOCS), "build", "--strict", "--config-file", "mkdocs.yml", "--site-dir", str(site)],
                [sys.executable, "-m", "generator", "sitecheck", "--csp", str(site)]):
        proc = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
        if proc.returncode != 0:
            shown = "\n".join(line for line in (proc.stdout + proc.stderr).splitlines()
                              if not line.startswith("INFO"))[-4000:]
            raise BenchError(f"{' '.join(cmd[:2])} failed ({proc.returncode}):\n{shown}")


@dataclass
class Audit:
    """One page at one form factor: its category scores (0 to 100) and the audits that lost it points."""

    page: str
    form_factor: str
    scores: dict[str, int]
    lighthouse_seo: int | None = None  # Lighthouse's own SEO score, when is-crawlable was left out
    benchmark_index: float | None = None  # Lighthouse's measure of the machine's speed during the run
    lost_points: list[str] = field(default_factory=list)

    def below(self) -> list[str]:
        return [c for c in CATEGORIES if self.scores[c] < TARGETS[c]]


def _score(value: float | None) -> int:
    return round((value or 0) * 100)


def _category_without(report: dict[str, Any], category: str, left_out: str) -> float | None:
    """A category's score as Lighthouse computes it (weighted mean of scored audits), without one audit."""
    total = weight = 0.0
    for ref in report["categories"][category]["auditRefs"]:
        score = report["audits"][ref["id"]].get("score")
        if ref["id"] == left_out or not ref["weight"] or score is None:
            continue
        total += ref["weight"] * score
        weight += ref["weight"]
    return total / weight if weight else None


def summarise(page: str, form_factor: str, report: dict[str, Any], noindex: bool) -> Audit:
    if report.get("runtimeError"):
        raise BenchError(f"{page} ({form_factor}): Lighthouse: {report['runtimeError'].get('message')}")
    scores = {c: _score(report["categories"][c]["score"]) for c in CATEGORIES}
    audit = Audit(page, form_factor, scores, benchmark_index=report.get("environment", {}).get("benchmarkIndex"))
    if noindex:
        audit.lighthouse_seo = scores["seo"]
        scores["seo"] = _score(_category_without(report, "seo", NOINDEX_AUDIT))
    for category in CATEGORIES:
        for ref in report["categories"][category]["auditRefs"]:
            result = report["audits"][ref["id"]]
            if ref["weight"] and result.get("score") is not None and result["score"] < 1:
                if noindex and ref["id"] == NOINDEX_AUDIT:
                    continue
                shown = f" ({result['displayValue']})" if result.get("displayValue") else ""
                audit.lost_points.append(f"{category}: {ref['id']} {_score(result['score'])}{shown}")
    return audit


def run_lighthouse(url: str, form_factor: str, chromium: Path, out: Path) -> dict[str, Any]:
    cmd = ["node", str(LIGHTHOUSE_CLI), url, "--quiet", "--output=json", f"--output-path={out}",
           f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={' '.join(CHROME_FLAGS)}"]
    if form_factor == "desktop":
        cmd.append("--preset=desktop")
    env = {**os.environ, "CHROME_PATH": str(chromium)}
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    if proc.returncode != 0 or not out.is_file():
        raise BenchError(f"lighthouse {url} ({form_factor}) failed ({proc.returncode}):\n{proc.stderr[-4000:]}")
    report: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return report


def audit_site(site: Path, runs: int, pages: dict[str, str]) -> list[Audit]:
    chromium = find_chromium()
    audits = []
    with serve_folder(site, gzip_text=True) as base, tempfile.TemporaryDirectory() as tmp:
        for name, path in pages.items():
            html = site / path / "index.html"
            if not html.is_file():
                raise BenchError(f"{name}: {path or '/'} is not in {site}")
            noindex = '<meta name="robots" content="noindex' in html.read_text(encoding="utf-8")
            for form_factor in FORM_FACTORS:
                tried = [summarise(name, form_factor, run_lighthouse(base + path, form_factor, chromium,
                                                                     Path(tmp) / f"run-{i}.json"), noindex)
                         for i in range(runs)]
                tried.sort(key=lambda a: a.scores["performance"])
                kept = tried[(len(tried) - 1) // 2]
                if runs > 1:
                    kept.scores["performance"] = round(statistics.median(a.scores["performance"] for a in tried))
                print(f"  {name} ({form_factor}): " + ", ".join(f"{c} {kept.scores[c]}" for c in CATEGORIES)
                      + f" (benchmark index {kept.benchmark_index or 0:.0f})", file=sys.stderr, flush=True)
                audits.append(kept)
    return audits


# -- reporting -------------------------------------------------------------------------------------------------

def markdown_table(audits: list[Audit], pages: dict[str, str]) -> str:
    names = {"performance": "performance", "accessibility": "accessibility", "best-practices": "best practices",
             "seo": "SEO"}
    lines = ["| page | form factor | " + " | ".join(names[c] for c in CATEGORIES) + " |",
             "|---|---|" + "---:|" * len(CATEGORIES),
             "| target | | " + " | ".join(("\u2265 " if TARGETS[c] < 100 else "") + str(TARGETS[c])
                                           for c in CATEGORIES) + " |"]
    marked = False
    for name in pages:
        for form_factor in FORM_FACTORS:
            audit = next(a for a in audits if a.page == name and a.form_factor == form_factor)
            cells = [name, form_factor]
            for category in CATEGORIES:
                cell = str(audit.scores[category])
                if category == "seo" and audit.lighthouse_seo is not None:
                    cell += f"\\* ({audit.lighthouse_seo})"
                    marked = True
                cells.append(f"**{cell}**" if audit.scores[category] < TARGETS[category] else cell)
            lines.append("| " + " | ".join(cells) + " |")
    if marked:
        lines += ["", f"\\* Without `{NOINDEX_AUDIT}`, which a page that asks search engines to leave it out "
                      "(`noindex`, on purpose) always fails; Lighthouse's own score in brackets."]
    return "\n".join(lines)


def lighthouse_version() -> str:
    package = LIGHTHOUSE_DIR / "node_modules" / "lighthouse" / "package.json"
    return str(json.loads(package.read_text(encoding="utf-8"))["version"])


def chromium_version(chromium: Path) -> str:
    proc = subprocess.run([str(chromium), "--version"], capture_output=True, text=True, check=False)
    return proc.stdout.strip() or "Chromium"


def update_readme(readme: Path, section: str) -> None:
    text = readme.read_text(encoding="utf-8")
    start, end = MARKERS
    if start not in text or end not in text:
        raise BenchError(f"{readme}: the markers {start} and {end} are missing")
    before, rest = text.split(start, 1)
    _, after = rest.split(end, 1)
    readme.write_text(f"{before}{start}\n{section}\n{end}{after}", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--site", type=Path, help="an already built site (default: build one into a temporary folder)")
    ap.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page and form factor; the median "
                    "performance is kept (default: 3)")
    ap.add_argument("--results", type=Path, default=ROOT / "benchmarks" / "results" / "lighthouse.json",
                    help="where to write every score (default: benchmarks/results/lighthouse.json)")
    ap.add_argument("--readme", type=Path, help="write the table into this file between the lighthouse markers")
    args = ap.parse_args(argv)
    args.runs = max(1, args.runs)
    if not LIGHTHOUSE_CLI.is_file():
        print(f"lighthouse: {LIGHTHOUSE_CLI.relative_to(ROOT)} is missing: run `make lighthouse`, which installs "
              "it", file=sys.stderr)
        return 2
    if shutil.which("node") is None:
        print("lighthouse: Node.js is needed (Debian: apt-get install nodejs)", file=sys.stderr)
        return 2
    load = os.getloadavg()[0]
    try:
        chromium = find_chromium()
        with tempfile.TemporaryDirectory() as tmp:
            site = args.site.resolve() if args.site else Path(tmp) / "site"
            if args.site is None:
                print("building the site...", file=sys.stderr, flush=True)
                build(site)
            audits = audit_site(site, args.runs, PAGES)
    except (BenchError, NoBrowser) as exc:
        print(f"lighthouse: {exc}", file=sys.stderr)
        return 2
    table = markdown_table(audits, PAGES)
    when = dt.date.today().isoformat()
    runs = f"the median of {args.runs} runs" if args.runs > 1 else "one run"
    note = (f"Measured {when} with Lighthouse {lighthouse_version()} in {chromium_version(chromium)} on "
            f"{os.cpu_count()} CPUs (load average {load:.1f} at the start), {runs} per page and form factor; the "
            "site served from 127.0.0.1 with text gzipped, as its host serves it.")
    print(table + "\n\n" + note)
    args.results.parent.mkdir(parents=True, exist_ok=True)
    rows = [{"page": a.page, "path": PAGES[a.page], "form_factor": a.form_factor, "scores": a.scores,
             "lighthouse_seo": a.lighthouse_seo, "benchmark_index": a.benchmark_index, "lost_points": a.lost_points}
            for a in audits]
    results = {"measured": when, "runs": args.runs, "targets": TARGETS, "audits": rows}
    args.results.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    if args.readme:
        update_readme(args.readme, table + "\n\n" + note)
    below = [a for a in audits if a.below()]
    for audit in below:
        print(f"below target: {audit.page} ({audit.form_factor}): {', '.join(audit.below())}; "
              f"{'; '.join(audit.lost_points) or 'no single audit failed'}", file=sys.stderr)
    if not below:
        for audit in audits:
            for lost_points in audit.lost_points:
                print(f"note: {audit.page} ({audit.form_factor}): {lost_points}", file=sys.stderr)
    return 1 if below else 0


if __name__ == "__main__":
    raise SystemExit(main())
