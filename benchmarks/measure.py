"""Measuring one size: the check, the generator phase by phase, the Markdown floor, the engine build and the
whole of `make build` around it."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from common import CHILD_ENV, CONFIG_FILE, MKDOCS, ROOT, BenchError
from synth import flow_paths, synthesise
from transfer import measure_transfer

import generator
from generator import pipeline
from generator.load.strict_yaml import split_front_matter
from plugins.ot_knowledge_base import options_from_config

# -- measuring -------------------------------------------------------------------------------------------

@contextmanager
def content_env(content_dir: Path) -> Iterator[None]:
    """OT_CONTENT_DIR set for this process while MkDocs' configuration is loaded."""
    saved = os.environ.get("OT_CONTENT_DIR")
    os.environ["OT_CONTENT_DIR"] = str(content_dir)
    try:
        yield
    finally:
        if saved is None:
            os.environ.pop("OT_CONTENT_DIR", None)
        else:
            os.environ["OT_CONTENT_DIR"] = saved


def mkdocs_config(content_dir: Path, **overrides: Any) -> Any:
    from mkdocs.config import load_config

    with content_env(content_dir):
        return load_config(config_file=str(CONFIG_FILE), **overrides)


def time_generator(content_dir: Path, options: generator.Options) -> tuple[generator.Result, dict[str, float]]:
    """Run `generate()` once, timing it whole and each phase it calls (load, checks, render)."""
    phases: dict[str, float] = {}
    names = {"load_site": "load_s", "run_checks": "checks_s", "render_site": "render_s"}
    saved = {name: getattr(pipeline, name) for name in names if hasattr(pipeline, name)}

    def timed(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                phases[names[name]] = phases.get(names[name], 0.0) + time.perf_counter() - start
        return wrapper

    for name, func in saved.items():
        setattr(pipeline, name, timed(name, func))
    try:
        start, cpu = time.perf_counter(), time.process_time()
        result = generator.generate(content_dir, options)
        total, cpu = time.perf_counter() - start, time.process_time() - cpu
    finally:
        for name, func in saved.items():
            setattr(pipeline, name, func)
    if result.problems.items:
        shown = "\n".join(str(p) for p in result.problems.sorted()[:20])
        raise BenchError(f"the synthetic content has problems:\n{shown}")
    return result, {"generator_s": total, "generator_cpu_s": cpu, **phases}


def _body(text: str) -> str:
    front = split_front_matter(text)
    return text[front.body_start:] if front else text


def markdown_floor(pages: list[str], config: Any) -> dict[str, float]:
    """Wall and CPU seconds for Python-Markdown alone to convert `pages` with the site's extensions and settings."""
    import markdown

    bodies = [_body(text) for text in pages]
    md = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
    start, cpu = time.perf_counter(), time.process_time()
    for body in bodies:
        md.reset()
        md.convert(body)
    return {"markdown_floor_s": time.perf_counter() - start, "markdown_floor_cpu_s": time.process_time() - cpu}


def _maxrss_mb(maxrss: int) -> float:
    # Linux reports kilobytes; macOS reports bytes.
    return maxrss / (1024 * 1024) if sys.platform == "darwin" else maxrss / 1024


def run_build(content_dir: Path, site_dir: Path) -> dict[str, float]:
    """`mkdocs build --strict` in a child process; wall and CPU time, and peak memory.

    Not `--quiet`: in MkDocs 1.6 it drops warnings before strict mode counts them, so the build would pass with
    broken links. The log goes to a file, and is shown when the build fails.
    """
    env = {**os.environ, **CHILD_ENV, "OT_CONTENT_DIR": str(content_dir)}
    cmd = [str(MKDOCS), "build", "--strict", "--site-dir", str(site_dir)]
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        # wait4 gives this child's own resource use, peak memory included.
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            log.seek(0)
            lines = log.read().decode(errors="replace").splitlines()
            shown = "\n".join(line for line in lines if not line.startswith("INFO"))[-4000:]
            raise BenchError(f"mkdocs build --strict failed ({proc.returncode}):\n{shown}")
    return {"build_s": wall, "build_cpu_s": usage.ru_utime + usage.ru_stime,
            "peak_memory_mb": _maxrss_mb(usage.ru_maxrss)}


def _child(cmd: list[str], what: str) -> tuple[float, float]:
    """Run `cmd` from the repository root; its wall and CPU seconds (its own resource use, through wait4)."""
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=ROOT, env={**os.environ, **CHILD_ENV}, stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            log.seek(0)
            raise BenchError(f"{what} failed:\n{log.read().decode(errors='replace')[-4000:]}")
    return wall, usage.ru_utime + usage.ru_stime


def check_site_folder(site_dir: Path) -> tuple[float, float]:
    """What `make build` runs before the engine: the check that the site folder may be built into."""
    return _child([sys.executable, "-m", "generator", "site-folder", "check", str(site_dir), f"{site_dir}.tmp",
                   f"{site_dir}.old"], "python -m generator site-folder check")


def run_post_build(site_dir: Path, before: tuple[float, float] = (0.0, 0.0)) -> dict[str, float]:
    """What `make build` runs after the engine (the Makefile's `build`): the scan of the built site that adds each
    page's Content-Security-Policy (`python -m generator sitecheck --csp`), then the folder's marker; wall and CPU
    seconds, with `before` (the folder check) added. The folder moves around them cost next to nothing."""
    scan = _child([sys.executable, "-m", "generator", "sitecheck", "--csp", str(site_dir)],
                  "python -m generator sitecheck --csp")
    mark = _child([sys.executable, "-m", "generator", "site-folder", "mark", str(site_dir)],
                  "python -m generator site-folder mark")
    return {"sitecheck_s": scan[0], "sitecheck_cpu_s": scan[1],
            "post_build_s": before[0] + scan[0] + mark[0], "post_build_cpu_s": before[1] + scan[1] + mark[1]}


def run_check(content_dir: Path) -> float:
    """Seconds for `python -m generator check` on the content, which must pass."""
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "generator", "check", "--content", str(content_dir)],
                          cwd=ROOT, capture_output=True, text=True, env={**os.environ, **CHILD_ENV})
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise BenchError(f"python -m generator check failed on the synthetic content:\n{proc.stderr[-4000:]}")
    return elapsed


def site_metrics(site_dir: Path) -> dict[str, float]:
    """Bytes of HTML and of the whole Pagefind index (which no reader downloads whole) per HTML page."""
    html = [p for p in site_dir.rglob("*.html")]
    html_bytes = sum(p.stat().st_size for p in html)
    index = [p for p in (site_dir / "pagefind").rglob("*") if p.is_file()]
    search_bytes = sum(p.stat().st_size for p in index)
    total = sum(p.stat().st_size for p in site_dir.rglob("*") if p.is_file())
    return {
        "html_pages": len(html),
        "html_bytes_per_page": html_bytes / len(html),
        "search_index_bytes": search_bytes,
        "search_index_bytes_per_page": search_bytes / len(html),
        "search_index_pages": sum(1 for p in index if p.suffix == ".pf_fragment"),
        "site_mb": total / 1e6,
    }


def measure_size(items: int, paths: int, work: Path, *, transfer: bool = True, rounds: int = 1) -> dict[str, Any]:
    """Every metric at one size. With `rounds` above 1, the Markdown floor, the engine build and what `make build`
    runs after it are timed that many times in turn, and the ratios to the floor are the medians of the rounds':
    a machine whose speed drifts over a minute moves the floor and the build of one round together, not apart."""
    content_dir = work / f"content-{items}"
    site_dir = work / f"site-{items}"
    counts = synthesise(content_dir, items, paths)
    row: dict[str, Any] = {"items": sum(counts.values()), "counts": counts,
                           "paths_per_flow": flow_paths(items, paths, counts["flow"])}
    row["check_s"] = run_check(content_dir)
    config = mkdocs_config(content_dir)
    result, timing = time_generator(content_dir, options_from_config(config))
    row.update(timing)
    markdown_pages = [p.text for p in result.pages.values() if p.path.endswith(".md")]
    row["generated_pages"] = len(markdown_pages)
    del result
    row.update(markdown_floor(markdown_pages, config))
    folder_check = check_site_folder(site_dir)
    row.update(run_build(content_dir, site_dir))
    row.update(site_metrics(site_dir))
    row["transfer"] = measure_transfer(site_dir) if transfer else None
    # After the page metrics, which stay those of the engine's output: the scan adds a policy to every page.
    row.update(run_post_build(site_dir, folder_check))
    # The whole of `make build`: the engine build and what runs around it.
    row["make_build_s"] = row["build_s"] + row["post_build_s"]
    row["make_build_cpu_s"] = row["build_cpu_s"] + row["post_build_cpu_s"]
    row["build_ms_per_item"] = 1000 * row["build_s"] / items
    row["build_ms_per_page"] = 1000 * row["build_s"] / row["html_pages"]
    row["generator_share"] = row["generator_s"] / row["build_s"]
    row["build_to_floor"] = row["build_s"] / row["markdown_floor_s"]
    # The same ratios in CPU time, which a busy machine disturbs less than wall time.
    row["build_to_floor_cpu"] = row["build_cpu_s"] / row["markdown_floor_cpu_s"]
    row["generator_share_cpu"] = row["generator_cpu_s"] / row["build_cpu_s"]
    row["make_build_to_floor_cpu"] = row["make_build_cpu_s"] / row["markdown_floor_cpu_s"]
    if rounds > 1:
        ratios = [(row["build_to_floor_cpu"], row["make_build_to_floor_cpu"])]
        for _ in range(rounds - 1):
            shutil.rmtree(site_dir, ignore_errors=True)
            floor = markdown_floor(markdown_pages, config)["markdown_floor_cpu_s"]
            before = check_site_folder(site_dir)
            build = run_build(content_dir, site_dir)["build_cpu_s"]
            after = run_post_build(site_dir, before)["post_build_cpu_s"]
            ratios.append((build / floor, (build + after) / floor))
        row["rounds"] = [{"build_to_floor_cpu": b, "make_build_to_floor_cpu": m} for b, m in ratios]
        row["build_to_floor_cpu"] = statistics.median(b for b, _ in ratios)
        row["make_build_to_floor_cpu"] = statistics.median(m for _, m in ratios)
    shutil.rmtree(site_dir, ignore_errors=True)
    shutil.rmtree(content_dir, ignore_errors=True)
    return row
