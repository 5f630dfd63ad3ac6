"""How long `make test` takes once set up: what every pull request waits for."""

from __future__ import annotations

import os
import re
import subprocess
import time
from typing import Any

from common import ROOT, BenchError


def time_test_suite() -> dict[str, Any]:
    """Wall time of `make test` (lint, type check and every test) in this checkout, whose setup is done.

    The slowest tests, from pytest's own durations report, say where the time goes.
    """
    start = time.perf_counter()
    proc = subprocess.run(["make", "--no-print-directory", "test"], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "PYTEST_ADDOPTS": "--durations=15 -p no:cacheprovider"}, check=False)
    wall = time.perf_counter() - start
    output = proc.stdout + proc.stderr
    if proc.returncode != 0:
        raise BenchError("make test failed, so its time means nothing:\n" + output[-3000:])
    summary = re.search(r"=+ (\d+) passed.* in ([\d.]+)s", output)
    slowest = re.findall(r"^([\d.]+)s (call|setup) +(\S+)$", output, flags=re.M)
    return {
        "make_test_s": wall,
        "tests_passed": int(summary.group(1)) if summary else None,
        "pytest_s": float(summary.group(2)) if summary else None,
        "slowest": [{"seconds": float(s), "test": name, "phase": phase} for s, phase, name in slowest[:15]],
        "cpus": os.cpu_count(),
    }
