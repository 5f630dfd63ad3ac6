"""Targets, the Markdown table, the plot and the README section."""

from __future__ import annotations

import os
import platform
from importlib import metadata
from pathlib import Path
from typing import Any

from common import MARKERS, BenchError

# What stands in the way of a target, from the profile (`bench.py --profile 2000`), and what was tried; shown
# under the table when the target is not met.
NOTES = {
    "build": (
        "in the profile at 2,000 items (`bench.py --profile 2000`), Python-Markdown is about half of the build and "
        "is the floor itself; the build now converts every page with one converter too (plugins/engine.py), and "
        "builds each page's table of contents (4%). The rest: Material's page templates (19%, the "
        "navigation 4% of it since it is rendered once per folder), the generator (about 14%: loading, checks and "
        "rendering every item) and Pagefind's indexing in its own process, which now starts with the last page it "
        "indexes and runs while the referral tools' steps are written. Tried: Material's search plugin off (it "
        "re-parsed every page), the navigation rendered once per folder instead of on every page, Pagefind fed "
        "page by page during the build (slower: its Python API reads one answer per 0.1 s), and Pagefind's command "
        "line handed only the pages it indexes (the referral tools' step pages, most of the site, are not)."
    ),
    "make-build": (
        "the engine build is most of it (see the build target above). The post-build scan (`python -m generator "
        "sitecheck --csp`) used to spend about 85% of its time in the standard library's HTML tokenizer; it now "
        "reads each page with lexbor (selectolax), about four times faster, and parses again only a page with "
        "something to report, for its places. The three post-build commands start without loading the content "
        "model (0.45 s to 0.12 s of CPU each)."
    ),
    "generator": (
        "its own time is loading and validating every file with line positions, the checks (every string of every "
        "item scanned for safety, anonymisation, links and nation wording) and rendering every page's Markdown. "
        "Done: YAML read from the parser's events straight into values, each distinct string scanned once, "
        "patterns skipped on strings that cannot match them, each item's texts made once, templates looked up once "
        "(at 2,000 items about 6.5-7.0 s of CPU to 3.9-5.0 s); then the cycle collector paused while generating "
        "(it scanned the whole growing heap five times and freed almost nothing) and the macros imported without "
        "each page's context (about 4.2 s to 3.5 s). Measured but not taken: first names read from "
        "gender-guesser's data file rather than through its Detector (0.1-0.15 s) and front matter written "
        "without the YAML dumper (0.1 s), since both copy a library's behaviour by hand. What is left is mostly "
        "loading (the YAML parser), the checks' scans and Jinja rendering the templates themselves."
    ),
    "html": (
        "the navigation now names at most eight referral tools (with more it links to the referral tools page "
        "alone), so it no longer grows with the content; what is left is each page's own content."
    ),
    "serve": (
        "the edit renames a specialism. Measured in the preview's own process: the generator loads the changed "
        "file, checks and renders all the content again (about 0.3 s: any file may name any other), the Markdown of "
        "the 24 pages that changed (about 0.25 s) and their templates, then Pagefind indexes the 72 searchable "
        "pages (0.25-0.3 s, after the last of them is written). Done: only the pages an edit changed are rendered "
        "(plugins/incremental.py), only the files whose text changed are parsed again (generator.LoadCache), the "
        "safety and anonymisation scans remember each string's findings for the session, the editor's files are "
        "made and the theme's files listed once per session, Pagefind starts as soon as the last indexed page is "
        "written and runs while the tools' steps are written, the server waits 0.03 s (not 0.1 s) for a save to "
        "settle, and it hears of edits through the operating system's change notifications. Tried: handing "
        "Pagefind the pages cut to their indexed part (the same index, no faster). What is left needs the "
        "generator made incremental per page, or Pagefind's index updated rather than made again."
    ),
    "tests": (
        "the browser tests, slowest listed below: the every-page axe sweep in four parts (about 0.5 s of CPU a "
        "page: loading it and axe), the serve test, the template matrix and print. The suite is CPU-bound: measured "
        "over the whole process tree (Chromium included, which `time` misses) it used about 590 CPU-seconds, so two "
        "CPUs cannot finish it in much under 300 s. Done: the sweep in one tab without colour contrast (the matrix "
        "checks it) and axe without selectors unless something fails, the template matrix in one tab per cell, the "
        "JavaScript-off routes walked through the built HTML, print checked by laid-out height, one edit per way "
        "the preview rebuilds in the serve test (the rest in-process), the ProperDocs re-run on the engine seam's "
        "tests alone, the session's site reused for the integrity check, and pytest-xdist on every CPU with the "
        "site built once (pytest about 580 s to about 300 s). Measured test by test on one CPU (2026-12-03): 550 "
        "CPU-seconds in all, the sweep 128 of them and the template matrix 55. A swept page costs about 0.2 s of "
        "CPU to load and 0.24 s for axe; leaving the shared header, navigation and footer out of axe's run saves "
        "under 15% of it, and Chromium's process flags (one process, one renderer) change nothing. 180 s needs "
        "about 210 fewer CPU-seconds, which no measured change gives without dropping pages or rules."
    ),
}

# -- targets, table, plot --------------------------------------------------------------------------------

def targets(rows: list[dict[str, Any]], serve: dict[str, Any] | None,
            shipped: dict[str, Any] | None = None, tests: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """The issue's targets, each with the measured value, its limit and whether it holds."""
    small, large = rows[0], rows[-1]
    n0, n1 = f"{small['items']:,}", f"{large['items']:,}"
    out: list[tuple[str, str, float, float, str]] = []
    for ident, label, transfer in (("first-load-shipped", "on the shipped site", (shipped or {}).get("transfer")),
                                   ("first-load", f"at {n1} items", large.get("transfer"))):
        if transfer:  # None where Chromium is missing
            out.append((ident, f"First load of any page {label} <= 100 KB gzipped (heaviest: "
                        f"{transfer['first_load_max_page']})", transfer["first_load_max_kb"], 100.0, "KB"))
    if large.get("transfer"):
        out.append(("first-query", f"First search query at {n1} items <= 150 KB gzipped",
                    large["transfer"]["first_query_kb"], 150.0, "KB"))
        if "first_search_kb" in large["transfer"]:
            out.append(("first-search", f"First search from a content page at {n1} items, search page included, "
                        "<= 150 KB gzipped", large["transfer"]["first_search_kb"], 150.0, "KB"))
    out += [
        # CPU time: the build and the floor are timed at different moments, and on a shared machine wall time
        # mostly measures the other jobs. The wall-time ratio is in the table above.
        ("build", f"Build time at {n1} items <= 2.0x the Markdown floor (CPU time)", large["build_to_floor_cpu"],
         2.0, "x"),
        ("make-build", f"Whole `make build` at {n1} items (engine build and the post-build site scan) <= 3.0x the "
         "Markdown floor (CPU time)", large["make_build_to_floor_cpu"], 3.0, "x"),
        ("generator", f"Generator time <= 10% of build time at {n1} items", large["generator_share"], 0.10, "%"),
        ("memory", f"Peak memory at {n1} items <= 500 MB", large["peak_memory_mb"], 500.0, "MB"),
    ]
    if len(rows) > 1:
        out[len(out) - 2:len(out) - 2] = [
            ("linear", f"Build time per item at {n1} within 1.5x of that at {n0}",
             large["build_ms_per_item"] / small["build_ms_per_item"], 1.5, "x"),
        ]
        out += [
            ("html", f"HTML bytes per page at {n1} within 1.2x of {n0}",
             large["html_bytes_per_page"] / small["html_bytes_per_page"], 1.2, "x"),
            ("search", f"Search-index bytes per page at {n1} within 1.2x of {n0}",
             large["search_index_bytes_per_page"] / small["search_index_bytes_per_page"], 1.2, "x"),
        ]
    if serve is not None:
        out.append(("serve", "Edit to served preview of the shipped site, search index included <= 1 s",
                    serve["edit_to_served_s"], 1.0, "s"))
    if tests is not None:
        out.append(("tests", f"`make test` once set up, on {tests['cpus']} CPUs <= 180 s", tests["make_test_s"],
                    180.0, "s"))
    return [{"id": i, "target": t, "measured": v, "limit": lim, "unit": u, "met": v <= lim} for i, t, v, lim, u in out]


def _fmt(value: float, unit: str) -> str:
    if unit == "%":
        return f"{100 * value:.1f}%"
    if unit == "MB":
        return f"{value:.0f} MB"
    if unit == "KB":
        return f"{value:.0f} KB"
    if unit == "s":
        return f"{value:.0f} s" if value >= 100 else f"{value:.2f} s"
    return f"{value:.2f}x"


def markdown_table(results: dict[str, Any]) -> str:
    lines = [
        "| items | HTML pages | build | per item | generator (share) | Markdown floor | build ÷ floor "
        "| build ÷ floor (CPU) | `make build` ÷ floor (CPU) | HTML per page | search index per page | peak memory |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results["sizes"]:
        lines.append(
            f"| {r['items']:,} | {r['html_pages']:,} | {r['build_s']:.1f} s | {r['build_ms_per_item']:.1f} ms "
            f"| {r['generator_s']:.2f} s ({100 * r['generator_share']:.0f}%) | {r['markdown_floor_s']:.2f} s "
            f"| {r['build_to_floor']:.2f}x | {r['build_to_floor_cpu']:.2f}x | {r['make_build_to_floor_cpu']:.2f}x "
            f"| {r['html_bytes_per_page'] / 1024:.1f} KB "
            f"| {r['search_index_bytes_per_page'] / 1024:.2f} KB | {r['peak_memory_mb']:.0f} MB |"
        )
    serve = results.get("serve")
    if serve:
        page = serve.get("edit_to_page_s", serve["edit_to_served_s"])
        lines += ["", f"Edit to served on the shipped site (`{serve['command']}`, one specialism's title edited, "
                  f"median of {len(serve['samples'])}): the whole rebuild, search index included, served at "
                  f"{serve['edit_to_served_s']:.2f} s (the edited page at {page:.2f} s)."]
    tests = results.get("tests")
    if tests:
        lines += ["", f"`make test` once set up: {tests['make_test_s']:.0f} s ({tests['tests_passed']} tests, pytest "
                  f"{tests['pytest_s']:.0f} s, on {tests.get('cpus') or '?'} CPUs). The slowest "
                  f"{len(tests['slowest'])}:", ""]
        lines += [f"- {t['seconds']:.1f} s `{t['test']}`" + (f" ({t['phase']})" if t.get("phase") == "setup" else "")
                  for t in tests["slowest"]]
    lines += _transfer_lines(results)
    lines += ["", "| target | measured | met |", "|---|---:|:---:|"]
    for t in results["targets"]:
        lines.append(f"| {t['target']} | {_fmt(t['measured'], t['unit'])} | {'yes' if t['met'] else '**no**'} |")
    unmet = [t for t in results["targets"] if not t["met"] and t["id"] in NOTES]
    if unmet:
        lines += ["", "Targets not met, what stands in the way and what was tried:", ""]
        lines += [f"- {t['target'].split(' <=')[0].split(' within')[0]}: {NOTES[t['id']]}" for t in unmet]
    machine = results["machine"]
    lines += ["", f"Measured {results['date']} on {machine['cpus']} CPUs, Python {machine['python']}, "
              f"ProperDocs {machine.get('properdocs', '?')}, Material {machine['mkdocs-material']}; load average "
              f"{machine['load_average']:.1f} at the start.",
              f"One referral flow per 100 items, with {results['paths_per_flow']} paths each (spread over more "
              "flows where docs/ links to more)."]
    rounds = next((row["rounds"] for row in reversed(results["sizes"]) if row.get("rounds")), None)
    if rounds:
        each = "; ".join(f"{r['build_to_floor_cpu']:.2f}x and {r['make_build_to_floor_cpu']:.2f}x" for r in rounds)
        lines.append(f"The largest size's ratios to the floor (CPU) are the medians of {len(rounds)} rounds, each "
                     f"with its own floor. The engine build and the whole `make build` in each round: {each}.")
    return "\n".join(lines)


def _transfer_lines(results: dict[str, Any]) -> list[str]:
    """What a reader downloads, page by page, in gzipped KB (benchmarks/transfer.py)."""
    lines = []
    shipped = (results.get("shipped") or {}).get("transfer")
    large = results["sizes"][-1]
    for label, transfer in (("the shipped site", shipped), (f"{large['items']:,} items", large.get("transfer"))):
        if not transfer:
            continue
        pages = ", ".join(f"{kind} {kb:.0f} KB" for kind, kb in transfer["first_load_kb"].items())
        lines += ["", f"First load in Chromium (empty cache, everything fetched until the network is idle, gzipped), "
                  f"{label}: {pages}. First search query (\"wheelchair\" on the search page): "
                  f"{transfer['first_query_kb']:.0f} KB more in {transfer['first_query_requests']} requests, "
                  f"{transfer['first_query_results']} results shown."]
        if "first_search_kb" in transfer:
            lines[-1] += (f" From a content page ({transfer['first_search_from']}), through the header's search form, "
                          f"as GitHub Pages serves it (theme files cached): {transfer['first_search_kb']:.0f} KB in "
                          f"{transfer['first_search_requests']} requests, search page included, "
                          f"{transfer['first_search_results']} results shown.")
    return lines


def plot(results: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = results["sizes"]
    x = [r["items"] for r in rows]
    fig, axes = plt.subplots(2, 2, figsize=(11, 8))
    ax = axes[0][0]
    ax.plot(x, [r["build_s"] for r in rows], "o-", label="properdocs build")
    ax.plot(x, [r["markdown_floor_s"] for r in rows], "s--", label="Python-Markdown floor")
    ax.plot(x, [r["generator_s"] for r in rows], "^-", label="generator")
    ax.set(title="Time", xlabel="content items", ylabel="seconds")
    ax.legend()
    ax = axes[0][1]
    ax.plot(x, [r["build_ms_per_item"] for r in rows], "o-", label="build")
    ax.plot(x, [1000 * r["markdown_floor_s"] / r["items"] for r in rows], "s--", label="Markdown floor")
    ax.set(title="Time per item", xlabel="content items", ylabel="milliseconds", ylim=(0, None))
    ax.legend()
    ax = axes[1][0]
    ax.plot(x, [r["html_bytes_per_page"] / 1024 for r in rows], "o-", label="HTML")
    ax.plot(x, [r["search_index_bytes_per_page"] / 1024 for r in rows], "s-", label="search index")
    ax.set(title="Bytes per HTML page", xlabel="content items", ylabel="KB", ylim=(0, None))
    ax.legend()
    ax = axes[1][1]
    ax.plot(x, [r["peak_memory_mb"] for r in rows], "o-")
    ax.axhline(500, color="grey", linestyle=":", label="500 MB target")
    ax.set(title="Peak memory of the build", xlabel="content items", ylabel="MB", ylim=(0, None))
    ax.legend()
    fig.suptitle(f"Build cost by size ({results['date']}, {results['machine']['cpus']} CPUs)")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def update_readme(readme: Path, table: str) -> None:
    text = readme.read_text(encoding="utf-8")
    start, end = (text.find(marker) for marker in MARKERS)
    if start < 0 or end < start:
        raise BenchError(f"{readme}: add the markers {MARKERS[0]} and {MARKERS[1]} where the table goes")
    readme.write_text(text[: start + len(MARKERS[0])] + "\n" + table + "\n" + text[end:], encoding="utf-8")


def machine() -> dict[str, Any]:
    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "?"

    return {
        "cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform(),
        "properdocs": version("properdocs"), "mkdocs-material": version("mkdocs-material"),
        "markdown": version("markdown"), "pymdown-extensions": version("pymdown-extensions"),
        "load_average": os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0,
    }
