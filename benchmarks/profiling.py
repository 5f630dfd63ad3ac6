"""cProfile of the generator and of the build at one size."""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import tempfile
from pathlib import Path

from common import CHILD_ENV, BenchError
from measure import content_env, mkdocs_config
from synth import synthesise

import generator
from plugins.ot_knowledge_base import options_from_config

# -- profiling -------------------------------------------------------------------------------------------

def _stats_text(profile: cProfile.Profile, limit: int) -> str:
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    stats.strip_dirs()
    for key in ("tottime", "cumulative"):
        out.write(f"\n==== top {limit} by {key} ====\n")
        stats.sort_stats(key).print_stats(limit)
    return out.getvalue()


def profile(items: int, paths: int, out_dir: Path, limit: int = 40) -> list[Path]:
    """cProfile the generator and the in-process MkDocs build at one size; write the top functions as text."""
    from mkdocs.commands.build import build

    written = []
    with tempfile.TemporaryDirectory(prefix="ot-bench-profile-") as tmp:
        content_dir, site_dir = Path(tmp) / "content", Path(tmp) / "site"
        synthesise(content_dir, items, paths)
        config = mkdocs_config(content_dir)
        prof = cProfile.Profile()
        prof.enable()
        generator.generate(content_dir, options_from_config(config))
        prof.disable()
        written.append(out_dir / f"profile-generator-{items}.txt")
        written[-1].write_text(_stats_text(prof, limit), encoding="utf-8")

        config = mkdocs_config(content_dir, site_dir=str(site_dir), strict=True)
        os.environ.update(CHILD_ENV)
        prof = cProfile.Profile()
        with content_env(content_dir):
            prof.enable()
            try:
                config.plugins.on_startup(command="build", dirty=False)
                build(config)
                config.plugins.on_shutdown()
            except SystemExit as exc:  # MkDocs' Abort, e.g. a warning in strict mode
                raise BenchError(f"mkdocs build failed: {exc}") from None
            finally:
                prof.disable()
        written.append(out_dir / f"profile-build-{items}.txt")
        written[-1].write_text(_stats_text(prof, limit), encoding="utf-8")
    return written
