"""The OT knowledge base generator: content/ in, Markdown pages out. Knows nothing of MkDocs.

    >>> from pathlib import Path
    >>> from generator import generate
    >>> result = generate(Path("content"))
    >>> result.problems.errors      # every problem, each with path:line:col
    []
    >>> result.pages["specialisms/hand-therapy.md"].source    # page path -> Page(path, text, source)
    PosixPath('content/specialisms/hand-therapy.yml')
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .config.options import Options
    from .load.site import LoadCache
    from .pipeline import Result, generate
    from .problems import ContentError, Problem, Problems
    from .structure.addresses import Page
    from .structure.content import Site

__all__ = ["ContentError", "LoadCache", "Options", "Page", "Problem", "Problems", "Result", "Site", "generate"]

# Where each public name lives. They are imported when first used, so that a command that needs none of them
# (the post-build scan, the site-folder checks) starts without loading the content model and the templates.
_HOMES = {"ContentError": ".problems", "LoadCache": ".load.site", "Options": ".config.options",
          "Page": ".structure.addresses", "Problem": ".problems", "Problems": ".problems", "Result": ".pipeline",
          "Site": ".structure.content", "generate": ".pipeline"}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(_HOMES[name], __name__), name)
    globals()[name] = value
    return value
