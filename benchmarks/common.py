"""What every part of the benchmark shares: paths, sizes, the child environment."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # so the benchmark runs from any folder
    sys.path.insert(0, str(ROOT))

BIN = Path(sys.executable).parent
MKDOCS = BIN / "properdocs"  # the engine `make build` uses
CONFIG_FILE = ROOT / "mkdocs.yml"
DEFAULT_SIZES = (100, 500, 2000)
SMOKE_SIZE = 40  # the least that still has every item docs/ links to
SMOKE_PATHS = 6
DEFAULT_PATHS = 24
MARKERS = ("<!-- bench:start -->", "<!-- bench:end -->")
CHILD_ENV = {"NO_MKDOCS_2_WARNING": "1"}

# Share of the items of each type. Flows are 1 in 100; the rest of the rounding goes to case stories.
MIX = {"source": 0.05, "specialism": 0.15, "qualification": 0.10, "checklist": 0.10, "flow": 0.01}


class BenchError(Exception):
    pass
