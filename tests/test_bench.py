"""A smoke run of the build benchmark: it runs end to end and records every metric. Timings are never asserted."""

from __future__ import annotations

import json
import subprocess
import sys
from numbers import Real
from pathlib import Path

import pytest
from conftest import ROOT

SIZE_METRICS = (
    "items", "generated_pages", "html_pages", "check_s", "generator_s", "generator_cpu_s", "load_s", "checks_s",
    "render_s", "markdown_floor_s", "markdown_floor_cpu_s", "build_s", "build_cpu_s", "build_ms_per_item",
    "build_ms_per_page", "generator_share", "generator_share_cpu", "build_to_floor", "build_to_floor_cpu",
    "html_bytes_per_page", "search_index_bytes", "search_index_bytes_per_page", "peak_memory_mb", "site_mb",
    "sitecheck_s", "sitecheck_cpu_s", "post_build_s", "post_build_cpu_s", "make_build_s", "make_build_cpu_s",
    "make_build_to_floor_cpu",
)


def test_smoke_run_records_every_metric(tmp_path: Path) -> None:
    results_dir = tmp_path / "results"
    proc = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "bench.py"), "--smoke", "--results", str(results_dir)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    results = json.loads((results_dir / "results.json").read_text())

    assert results["smoke"] is True
    assert results["serve"] is None  # the smoke run skips the serve timing
    assert not (results_dir / "results.png").exists()  # and the plot
    (row,) = results["sizes"]
    for name in SIZE_METRICS:
        value = row[name]
        assert isinstance(value, Real) and not isinstance(value, bool), (name, value)
        assert float(value) > 0, (name, value)
    assert row["counts"] and all(isinstance(n, int) and n > 0 for n in row["counts"].values())
    assert sum(row["counts"].values()) == row["items"]
    assert row["html_pages"] >= row["generated_pages"]
    assert row["search_index_pages"] > 0

    # The whole of `make build` is the engine build and more.
    assert row["make_build_cpu_s"] > row["build_cpu_s"] and row["make_build_s"] > row["build_s"]
    assert row["make_build_to_floor_cpu"] > row["build_to_floor_cpu"]
    # The ratios are the medians of the rounds, each timed with its own floor (of two, the mean).
    assert len(row["rounds"]) == 2
    for name in ("build_to_floor_cpu", "make_build_to_floor_cpu"):
        assert row[name] == pytest.approx(sum(r[name] for r in row["rounds"]) / 2)

    assert {t["id"] for t in results["targets"]} >= {"build", "make-build", "generator", "memory"}
    (make_build,) = [t for t in results["targets"] if t["id"] == "make-build"]
    assert make_build["limit"] == 3.0 and make_build["measured"] == row["make_build_to_floor_cpu"]
    assert "`make build` at" in make_build["target"]
    for target in results["targets"]:
        assert isinstance(target["measured"], Real) and float(target["measured"]) > 0, target
        assert isinstance(target["met"], bool)
    assert "| items |" in proc.stdout  # the Markdown table
    assert "`make build` ÷ floor (CPU)" in proc.stdout
    assert make_build["target"] in proc.stdout  # in the targets table
