"""Command line: `python -m generator check|build|schemas|new|diff|sitecheck|search`."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from .output.writer import OutputFolderError, check_site_folder, delete_site_folder, mark
from .postbuild.csp import add_csp_to_site
from .postbuild.search import OUTPUT as SEARCH_OUTPUT
from .postbuild.search import SearchIndexError, index_site
from .postbuild.sitecheck import ParsedPage, check_site, html_pages
from .problems import Problems, display_path

if TYPE_CHECKING:
    from .config.options import Options

# The commands run on a built site. They need neither the content model nor the templates, so they are set up
# without importing either: `make build` runs three of them after every build.
POST_BUILD = ("sitecheck", "site-folder", "search")

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


def _options(args: argparse.Namespace) -> Options:
    """Options for the content commands: the review interval from mkdocs.yml when there is one, `--today`."""
    from .config.options import Options
    from .config.settings import SettingsError, read_settings

    interval = Options.review_interval_months
    config = Path(os.environ.get("OT_MKDOCS_CONFIG", "mkdocs.yml"))
    if config.is_file():
        try:
            interval = read_settings(config).review_interval_months
        except (SettingsError, ValueError):
            pass  # `build` reports an unreadable mkdocs.yml; the content commands keep the default
    return Options(review_interval_months=interval, **({"today": args.today} if args.today else {}))


def _docs_dir(docs: Path | None) -> Path | None:
    """The hand-written pages to scan: --docs, or docs/ when there is one."""
    if docs is not None:
        return docs
    return Path("docs") if Path("docs").is_dir() else None


def cmd_check(args: argparse.Namespace) -> int:
    from .pipeline import generate

    result = generate(args.content, dataclasses.replace(_options(args), docs_dir=_docs_dir(args.docs)))
    _print_problems(result.problems)
    if result.problems.errors:
        return 1
    if args.strict and result.problems.warnings:
        print("--strict: warnings fail the check", file=sys.stderr)
        return 1
    counts = ", ".join(f"{len(v)} {k}" for k, v in result.site.items.items())
    print(f"content OK: {counts}; {len(result.pages)} pages")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from .output import build

    return build.cmd_build(args, _print_problems)


def cmd_schemas(args: argparse.Namespace) -> int:
    from .tools.schemas import check_schemas, write_schemas

    if args.check:
        stale = check_schemas(args.out)
        for name in stale:
            print(f"{name}: stale; run 'python -m generator schemas' and commit the result", file=sys.stderr)
        return 1 if stale else 0
    for path in write_schemas(args.out):
        print(f"wrote {path}")
    return 0


def cmd_new(args: argparse.Namespace) -> int:
    from .tools.new import NewItemError, create

    try:
        path = create(args.type, args.id, args.content, source=args.source, specialism=args.specialism,
                      consent_recorded=args.consent_recorded)
    except NewItemError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"wrote {display_path(path)}")
    print("Replace every value in it, then run: python -m generator check")
    if args.type == "case-study" and not args.consent_recorded:
        print("written_consent_on_file is false, so the check fails on it until the client's written consent to "
              "publish is on file; then set it to true (a story retold from a publication or a composite claims "
              "no consent: change its origin instead)")
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from .tools.prdiff import summary

    for folder in (args.base, args.head):
        if not folder.is_dir():
            print(f"{display_path(folder)}: folder not found; expected pages written by "
                  "'python -m generator build --out'", file=sys.stderr)
            return 1
    print(summary(args.base, args.head, args.base_snapshots, args.head_snapshots))
    return 0


def cmd_sitecheck(args: argparse.Namespace) -> int:
    site: Path = args.site
    parsed: dict[Path, ParsedPage] = {}
    problems = check_site(site, args.base_path, parsed if args.csp else None)
    _print_problems(problems)
    if problems.errors:
        print(f"sitecheck: {display_path(site)} has unsafe output; nothing changed", file=sys.stderr)
        return 1
    pages = len(html_pages(site))
    if args.csp:
        failed = add_csp_to_site(site, parsed)
        for path, reason in failed:
            print(f"{display_path(path)}:1:1: {reason}", file=sys.stderr)
        if failed:
            return 1
        print(f"site OK: {pages} pages checked; Content-Security-Policy added to each")
    else:
        print(f"site OK: {pages} pages checked")
    return 0


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date written YYYY-MM-DD; found '{text}'") from None


def _today(sub: argparse.ArgumentParser) -> None:
    sub.add_argument("--today", type=_day, default=os.environ.get("OT_TODAY") or None, metavar="YYYY-MM-DD",
                     help="count review ages to this day (default: $OT_TODAY, else the day the check runs)")


def cmd_review(args: argparse.Namespace) -> int:
    return int(args.review_func(args, _options(args)))


def cmd_site_folder(args: argparse.Namespace) -> int:
    """`make build` and `make clean` ask here before they replace, delete or mark an output folder."""
    try:
        for folder in args.folders:
            if args.action == "delete":
                if delete_site_folder(folder, Path.cwd()):
                    print(f"deleted {display_path(folder)}")
            elif args.action == "mark":
                mark(folder)  # the folder the build has just written, before it takes the site's place
            else:
                check_site_folder(folder, Path.cwd())
    except OutputFolderError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    try:
        count = index_site(args.site)
    except SearchIndexError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"search index: {count} pages indexed into {args.site / SEARCH_OUTPUT}/")
    return 0


def parser(post_build_only: bool = False) -> argparse.ArgumentParser:
    """Every command; with `post_build_only`, those in POST_BUILD alone, set up without the content model."""
    ap = argparse.ArgumentParser(prog="python -m generator", description="OT knowledge base generator")
    sub = ap.add_subparsers(dest="command", required=True)
    if not post_build_only:
        _content_commands(sub)
    _post_build_commands(sub)
    return ap


def _content_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from .output import build
    from .tools import addresses, review
    from .tools import format as content_format
    from .tools.new import TYPE_NAMES

    check = sub.add_parser("check", help="validate content; exit 1 when there are problems")
    check.add_argument("--content", type=Path, default=DEFAULT_CONTENT, help="content folder (default: content)")
    _today(check)
    check.add_argument("--docs", type=Path, default=None,
                       help="hand-written Markdown pages to scan for unsafe HTML (default: docs, if it exists)")
    check.add_argument("--strict", action="store_true",
                       help="exit 1 on warnings too, such as a page changed since its review")
    check.set_defaults(func=cmd_check)

    build_cmd = build.add_parser(sub, DEFAULT_CONTENT)
    _today(build_cmd)
    build_cmd.set_defaults(func=cmd_build)

    review.add_parser(sub, DEFAULT_CONTENT, _today, _day)
    content_format.add_parser(sub, DEFAULT_CONTENT)
    addresses.add_parser(sub, DEFAULT_CONTENT)
    sub.choices["review"].set_defaults(func=cmd_review)

    schemas = sub.add_parser("schemas", help="write the JSON Schemas editors use, from the content model")
    schemas.add_argument("--out", type=Path, default=Path("schemas"))
    schemas.add_argument("--check", action="store_true", help="exit 1 if the committed schemas are stale")
    schemas.set_defaults(func=cmd_schemas)

    new = sub.add_parser("new", help="start a content file from a skeleton that passes the check")
    new.add_argument("type", choices=TYPE_NAMES, help="the kind of content")
    new.add_argument("id", help="the new item's id: its file name and web address, e.g. hand-therapy")
    new.add_argument("--content", type=Path, default=DEFAULT_CONTENT, help="content folder (default: content)")
    new.add_argument("--source", metavar="ID", help="the source the new item cites (default: the first there is)")
    new.add_argument("--specialism", metavar="ID",
                     help="for a case story or flow: the specialism it names (default: the first there is)")
    new.add_argument("--consent-recorded", action="store_true",
                     help="for a case story: the client's written consent to publish is on file")
    new.set_defaults(func=cmd_new)

    diff = sub.add_parser("diff", help="Markdown summary of the pages and routing two builds differ in")
    diff.add_argument("--base", type=Path, required=True, help="pages built from the base branch")
    diff.add_argument("--head", type=Path, required=True, help="pages built from the pull request")
    diff.add_argument("--base-snapshots", type=Path, help="routing snapshots of the base branch (tests/snapshots)")
    diff.add_argument("--head-snapshots", type=Path, help="routing snapshots of the pull request")
    diff.set_defaults(func=cmd_diff)


def _post_build_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    sitecheck = sub.add_parser("sitecheck", help="scan a built site for scripts not on the allow-list, on* "
                               "attributes and javascript: URLs; exit 1 on any")
    sitecheck.add_argument("site", type=Path, help="the built site, e.g. site")
    sitecheck.add_argument("--csp", action="store_true",
                           help="when the scan passes, add a Content-Security-Policy meta tag to every page")
    sitecheck.add_argument("--base-path", metavar="PATH",
                           help="the path the site is served under (default: read from sitemap.xml, else /)")
    sitecheck.set_defaults(func=cmd_sitecheck)

    folder = sub.add_parser("site-folder", help="check, mark or delete a site folder: only one the build made, never "
                            "docs/, content/, overrides/ or the repository")
    folder.add_argument("action", choices=("check", "mark", "delete"))
    folder.add_argument("folders", nargs="+", type=Path, metavar="DIR")
    folder.set_defaults(func=cmd_site_folder)

    search = sub.add_parser("search", help="index a built site for search (what the MkDocs plugin does as it "
                            "builds), for an engine that runs no plugins")
    search.add_argument("site", type=Path, help="the built site, e.g. site")
    search.set_defaults(func=cmd_search)


def main(argv: list[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else argv
    args = parser(post_build_only=bool(words) and words[0] in POST_BUILD).parse_args(argv)
    return int(args.func(args))
