"""Build-speed benchmark: synthesise a valid knowledge base of N items, build it, and record what it costs.

    .venv/bin/python benchmarks/bench.py                     # sizes 100, 500 and 2,000 (what `make bench` runs)
    .venv/bin/python benchmarks/bench.py --sizes 50 200      # other sizes
    .venv/bin/python benchmarks/bench.py --smoke             # one tiny size, no serve timing, no plot (tests)
    .venv/bin/python benchmarks/bench.py --profile 2000      # cProfile the generator and the build at one size

For each size it writes a content folder from templates (every file with its schema line, ids unique, every
cross-reference valid, and an item for every id that docs/ and the nav link to; it must pass
`python -m generator check`), then measures:

- `mkdocs build --strict` of the site with that content, from the repository root so mkdocs.yml and docs/ are
  used, in a child process: wall and CPU time, and the child's peak resident memory. (Not `--quiet`: in
  MkDocs 1.6 it hides warnings from `--strict`, which then passes a site with broken links.)
- the whole of `make build` (the Makefile's `build`): the engine build above, the site-folder check before it and
  after it `python -m generator sitecheck --csp` (the scan of every built page that adds its
  Content-Security-Policy) and the folder's marker, each a child process timed the same way;
- the generator in-process (load, checks, render to Markdown), phase by phase;
- the Python-Markdown floor: the generated pages, front matter stripped, converted by one `markdown.Markdown`
  with the extensions and settings MkDocs uses from mkdocs.yml;
- output bytes per HTML page and search-index bytes per HTML page.

Once per run it also builds the shipped site and measures its first page loads and first search query in
Chromium (gzipped bytes), times an edit to a copy of the shipped content under `properdocs serve --dirty` (what
`make serve` runs; `--serve-full` for a whole rebuild on every edit) until the rebuild, search index included, is
served, and times `make test` in this checkout (`--no-tests` to skip it). Results go to `results.json` and
`results.png` under `benchmarks/results/`, and a Markdown table is printed (and written into README.md between
the bench markers with `--readme README.md`).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import DEFAULT_PATHS, DEFAULT_SIZES, ROOT, SMOKE_PATHS, SMOKE_SIZE, BenchError
from measure import measure_size, run_build
from profiling import profile
from report import machine, markdown_table, plot, targets, update_readme
from serve import edit_to_served
from suite import time_test_suite
from transfer import measure_transfer

# -- main ------------------------------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=list(DEFAULT_SIZES), metavar="N",
                    help="content items per size (default: 100 500 2000)")
    ap.add_argument("--paths", type=int, default=DEFAULT_PATHS, metavar="P",
                    help=f"paths in each synthetic referral flow (default: {DEFAULT_PATHS}; at most the "
                         "max_paths in mkdocs.yml)")
    ap.add_argument("--smoke", action="store_true",
                    help=f"one tiny size ({SMOKE_SIZE} items, flows of at most {SMOKE_PATHS} paths), no serve "
                         "timing, no browser, no plot: for tests")
    ap.add_argument("--results", type=Path, default=ROOT / "benchmarks" / "results",
                    help="folder for results.json and results.png (default: benchmarks/results)")
    ap.add_argument("--readme", type=Path, help="write the table into this file between the bench markers")
    ap.add_argument("--serve-repeats", type=int, default=5, metavar="K", help="edits timed under mkdocs serve")
    ap.add_argument("--rounds", type=int, default=3, metavar="R",
                    help="times the floor and the builds are timed at the largest size (median ratios)")
    ap.add_argument("--no-serve", action="store_true", help="skip the edit-to-served timing")
    ap.add_argument("--serve-full", action="store_true",
                    help="time the edit under `properdocs serve` without --dirty (every page rebuilt)")
    ap.add_argument("--no-tests", action="store_true", help="skip timing `make test`")
    ap.add_argument("--profile", type=int, metavar="N",
                    help="instead of benchmarking, profile the generator and the build at N items")
    args = ap.parse_args(argv)
    if not 1 <= args.paths <= 150:
        ap.error("--paths must be between 1 and 150 (the flows' max_paths)")
    if any(n < 10 for n in args.sizes):
        ap.error("every size must be at least 10 items")
    args.results.mkdir(parents=True, exist_ok=True)
    if args.profile:
        for path in profile(args.profile, args.paths, args.results):
            print(f"wrote {path}")
        return 0

    sizes = [SMOKE_SIZE] if args.smoke else sorted(set(args.sizes))
    if args.smoke:
        args.paths = min(args.paths, SMOKE_PATHS)
    results: dict[str, Any] = {
        "date": dt.date.today().isoformat(), "machine": machine(), "paths_per_flow": args.paths,
        "smoke": args.smoke, "sizes": [], "serve": None, "shipped": None, "tests": None,
    }
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="ot-bench-") as tmp:
        for items in sizes:
            print(f"size {items}: synthesising, checking, building...", file=sys.stderr, flush=True)
            # The targets are set at the largest size: its ratios to the floor are the medians of three rounds
            # (two in a smoke run, which only proves the rounds are recorded).
            rounds = (min(args.rounds, 2) if args.smoke else args.rounds) if items == max(sizes) else 1
            row = measure_size(items, args.paths, Path(tmp), transfer=not args.smoke, rounds=rounds)
            results["sizes"].append(row)
            print(f"size {items}: build {row['build_s']:.1f} s, generator {row['generator_s']:.2f} s, "
                  f"floor {row['markdown_floor_s']:.2f} s, {row['html_pages']} pages, "
                  f"{row['peak_memory_mb']:.0f} MB", file=sys.stderr, flush=True)
        if not args.smoke:
            print("the shipped site: building, measuring first loads and a query...", file=sys.stderr, flush=True)
            site = Path(tmp) / "site-shipped"
            results["shipped"] = {**run_build(ROOT / "content", site), "transfer": measure_transfer(site)}
    if not (args.smoke or args.no_serve):
        print("timing an edit under mkdocs serve...", file=sys.stderr, flush=True)
        results["serve"] = edit_to_served(args.serve_repeats, dirty=not args.serve_full)
    if not (args.smoke or args.no_tests):
        print("timing make test...", file=sys.stderr, flush=True)
        results["tests"] = time_test_suite()
    results["targets"] = targets(results["sizes"], results["serve"], results.get("shipped"), results["tests"])
    results["elapsed_s"] = time.perf_counter() - started
    (args.results / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    if not args.smoke:
        plot(results, args.results / "results.png")
    table = markdown_table(results)
    print(table)
    if args.readme:
        update_readme(args.readme, table)
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as exc:
        print(f"bench: {exc}", file=sys.stderr)
        sys.exit(1)
