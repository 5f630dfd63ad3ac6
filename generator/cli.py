"""Command line: `python -m generator check|build|schemas`."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from . import generate
from .problems import Problems
from .schemas import check_schemas, write_schemas

DEFAULT_CONTENT = Path(os.environ.get("OT_CONTENT_DIR", "content"))


def _print_problems(problems: Problems) -> None:
    """Every problem, one per line; as GitHub annotations too when running in GitHub Actions."""
    annotate = os.environ.get("GITHUB_ACTIONS") == "true"
    for problem in problems.sorted():
        print(str(problem), file=sys.stderr)
        if annotate:
            print(problem.github_annotation())
    errors, warnings = len(problems.errors), len(problems.warnings)
    if errors or warnings:
        print(f"{errors} error(s), {warnings} warning(s)", file=sys.stderr)


def cmd_check(args: argparse.Namespace) -> int:
    result = generate(args.content)
    _print_problems(result.problems)
    if result.problems.errors:
        return 1
    counts = ", ".join(f"{len(v)} {k}" for k, v in result.site.items.items())
    print(f"content OK: {counts}; {len(result.pages)} pages")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    result = generate(args.content)
    _print_problems(result.problems)
    if result.problems.errors:
        print(f"nothing written to {args.out}", file=sys.stderr)
        return 1
    out: Path = args.out
    # Write beside the target and swap, so a failure never leaves a half-written folder.
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        for page in result.pages.values():
            target = staging / page.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page.text, encoding="utf-8")
        if out.exists():
            shutil.rmtree(out)
        staging.rename(out)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"{out}: could not write pages: {exc.strerror}", file=sys.stderr)
        return 1
    print(f"wrote {len(result.pages)} pages to {out}")
    return 0


def cmd_schemas(args: argparse.Namespace) -> int:
    if args.check:
        stale = check_schemas(args.out)
        for name in stale:
            print(f"{name}: stale; run 'python -m generator schemas' and commit the result", file=sys.stderr)
        return 1 if stale else 0
    for path in write_schemas(args.out):
        print(f"wrote {path}")
    return 0


def parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="python -m generator", description="OT knowledge base generator")
    sub = ap.add_subparsers(dest="command", required=True)

    check = sub.add_parser("check", help="validate content; exit 1 when there are problems")
    check.add_argument("--content", type=Path, default=DEFAULT_CONTENT, help="content folder (default: content)")
    check.set_defaults(func=cmd_check)

    build = sub.add_parser("build", help="write the generated Markdown pages to a folder")
    build.add_argument("--content", type=Path, default=DEFAULT_CONTENT, help="content folder (default: content)")
    build.add_argument("--out", type=Path, required=True, help="folder to write pages into (replaced)")
    build.set_defaults(func=cmd_build)

    schemas = sub.add_parser("schemas", help="write the JSON Schemas editors use, from the content model")
    schemas.add_argument("--out", type=Path, default=Path("schemas"))
    schemas.add_argument("--check", action="store_true", help="exit 1 if the committed schemas are stale")
    schemas.set_defaults(func=cmd_schemas)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return int(args.func(args))
