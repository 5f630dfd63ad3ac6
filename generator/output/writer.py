"""Write generated pages to a folder, for any engine: the folder writer behind `python -m generator build`.

With the hand-written docs merged in, the folder is a complete docs folder for any engine that reads mkdocs.yml
(a generated page never replaces a hand-written one: `docs_collisions` refuses that first, at the docs file).
The folder is replaced as a whole, so it must be one this writer made: it holds a marker file. Any other folder
that already has something in it (the hand-written docs, the content, the working folder) is refused, never
emptied. Pages are written beside the target and swapped in, so a failure never leaves a half-written folder.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ..problems import Problems, display_path

if TYPE_CHECKING:
    from ..structure.addresses import Page

MARKER = ".generated-by-ot-knowledge-base"


class OutputFolderError(Exception):
    """The output folder cannot be used; the message says why and what to do."""


def check_output_folder(out: Path, protected: Iterable[Path] = (), example: str = "--out build/pages") -> None:
    """Refuse any `out` that is not ours to replace. `protected` folders (content, docs) may not hold it either."""
    resolved = out.resolve()
    for folder in protected:
        folder = folder.resolve()
        if resolved == folder or folder.is_relative_to(resolved) or resolved.is_relative_to(folder):
            raise OutputFolderError(
                f"{out}: refusing to write here: it is or contains {folder.name}/, which the build reads from; "
                f"choose a new folder, e.g. {example}")
    if out.is_symlink():
        raise OutputFolderError(f"{out}: refusing to write here: it is a symbolic link; name the folder itself, "
                                f"e.g. {example}")
    if not out.exists():
        above = next((p for p in out.parents if p.exists()), None)
        if above is not None and not above.is_dir():
            raise OutputFolderError(f"{out}: refusing to write here: {above} is a file, not a folder")
        return
    if not out.is_dir():
        raise OutputFolderError(f"{out}: refusing to write here: it is a file, not a folder")
    if (out / MARKER).is_file() or not any(out.iterdir()):
        return
    raise OutputFolderError(
        f"{out}: refusing to replace a folder this command did not create (it has no {MARKER} file); "
        "choose a new or empty folder, or delete this one yourself")


def docs_collisions(pages: Iterable[Page], docs_dir: Path) -> Problems:
    """A problem at each hand-written page in `docs_dir` that has the path of a generated page."""
    problems = Problems()
    for page in pages:
        if (docs_dir / page.path).is_file():
            problems.add(display_path(docs_dir / page.path), 1, 1,
                         "a hand-written page has the same path as a generated one "
                         f"({page.source or 'made by the generator'}); rename or remove it")
    return problems


def write_pages(pages: Iterable[Page], out: Path, docs_dir: Path | None = None,
                prepare: Callable[[Path, str], str] | None = None) -> int:
    """Write every page under `out`, replacing what a previous run wrote there. Returns how many were written.

    With `docs_dir`, its files (the hand-written pages and assets) are copied in first, each Markdown page passed
    through `prepare(path, text)` when given (what the plugin would do to it: fill in the practice's details, say
    where to edit it). Call `check_output_folder` and `docs_collisions` first; raises OSError when the disk
    refuses, and whatever `prepare` raises.
    """
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    count = 0
    try:
        if docs_dir is not None:
            shutil.copytree(docs_dir, staging, dirs_exist_ok=True)
            if prepare is not None:
                for page_file in sorted(docs_dir.rglob("*.md")):
                    text = prepare(page_file, page_file.read_text(encoding="utf-8"))
                    (staging / page_file.relative_to(docs_dir)).write_text(text, encoding="utf-8")
        for page in pages:
            target = staging / page.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page.text, encoding="utf-8")
            count += 1
        (staging / MARKER).write_text("Written by 'python -m generator build'; replaced on every run.\n",
                                      encoding="utf-8")
        if out.exists():
            shutil.rmtree(out)
        staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return count


def check_site_folder(out: Path, root: Path) -> None:
    """Refuse a folder `make build` or `make clean` may not replace or delete: the repository itself or a folder
    holding it, a folder the build reads (docs/, content/, overrides/) or one inside or around them, and any
    existing folder that has something in it and no marker of ours."""
    resolved, root = out.resolve(), root.resolve()
    if resolved == root or root.is_relative_to(resolved):
        raise OutputFolderError(f"{out}: refusing to replace the repository's own folder, or one that holds it; "
                                "choose a new folder, e.g. SITE_DIR=site or SITE_DIR=/tmp/site")
    check_output_folder(out, [root / name for name in READ_BY_THE_BUILD], example="SITE_DIR=site")


# What the build reads: an output folder may not be, hold or sit inside any of them.
READ_BY_THE_BUILD = ("docs", "content", "overrides")


def mark(folder: Path) -> None:
    """Mark `folder` as made by this project, so a later build or clean may replace or delete it."""
    (folder / MARKER).write_text("Made by the build; replaced or deleted by the next `make build` or `make clean`.\n",
                                 encoding="utf-8")


def delete_site_folder(out: Path, root: Path) -> bool:
    """Delete `out` if it is ours (see check_site_folder); False when there was nothing to delete."""
    check_site_folder(out, root)
    if not out.exists():
        return False
    shutil.rmtree(out)
    return True
