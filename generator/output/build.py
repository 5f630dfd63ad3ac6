"""`python -m generator build`: the generated pages as a folder, complete for an engine that runs no plugins.

The pages are the ones the plugin adds, from the same settings: the site URL and referral email (from mkdocs.yml,
where `!ENV` honours SITE_URL and REFERRAL_EMAIL, unless given as options), the flow limits, and each generated
page's `edit_url` pointing at its source under content/. A generated page with the path of a hand-written one is
refused at the hand-written file. With `--merge-docs` the hand-written docs are copied in too, so the folder is
a whole docs folder for any engine that reads mkdocs.yml.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import sys
from collections.abc import Callable
from pathlib import Path

from .. import generate
from ..config.options import Options
from ..config.practice import UnknownSetting, fill_page
from ..config.settings import SettingsError, SiteSettings, read_settings
from ..problems import Problems
from ..render.referral import fill_red_flags
from ..structure.content import Site
from .writer import OutputFolderError, check_output_folder, docs_collisions, write_pages

CONFIG = Path("mkdocs.yml")


def settings(args: argparse.Namespace) -> SiteSettings:
    """mkdocs.yml's settings (--config, or ./mkdocs.yml when there is one), with the command line's on top."""
    config: Path | None = args.config
    if config is None and CONFIG.is_file():
        config = CONFIG
    read = read_settings(config) if config is not None else SiteSettings(docs_dir=Path("docs"),
                                                                          content_dir=args.content)
    return SiteSettings(
        docs_dir=args.docs or read.docs_dir,
        content_dir=args.content,
        site_url=args.site_url or read.site_url,
        repo_url=args.repo_url or read.repo_url,
        edit_uri=read.edit_uri,
        referral_email=args.referral_email or read.referral_email,
        max_questions=read.max_questions,
        max_paths=read.max_paths,
        review_interval_months=read.review_interval_months,
        practice=read.practice,
    )


def options(site: SiteSettings, today: dt.date | None = None, release: bool = False) -> Options:
    """The generator's options from the site's settings: one derivation for the plugin and `build --out` alike
    (the referral email falls back to the practice's, the cost guide is the practice's)."""
    docs = site.docs_dir if site.docs_dir.is_dir() else None
    return Options(max_questions=site.max_questions, max_paths=site.max_paths, practice=site.practice,
                   cost_guide_url=site.practice.cost_guide_url or None,
                   referral_email=site.referral_email or site.practice.email or None,
                   site_url=site.site_url, edit_links=site.edit_links, docs_dir=docs,
                   review_interval_months=site.review_interval_months, release=release,
                   **({"today": today} if today is not None else {}))


def cmd_build(args: argparse.Namespace, print_problems: Callable[[Problems], None]) -> int:
    out: Path = args.out
    try:
        site = settings(args)
        check_output_folder(out, [args.content, *([site.docs_dir] if site.docs_dir.is_dir() else [])])
    except (SettingsError, OutputFolderError) as exc:
        print(exc, file=sys.stderr)
        return 1
    if args.merge_docs and not site.docs_dir.is_dir():
        print(f"{site.docs_dir}: --merge-docs: the hand-written docs folder is not there", file=sys.stderr)
        return 1
    result = generate(args.content, options(site, args.today))
    problems = result.problems
    if not problems.errors and site.docs_dir.is_dir():
        problems.items.extend(docs_collisions(result.pages.values(), site.docs_dir).items)
    print_problems(problems)
    if problems.errors:
        print(f"nothing written to {out}", file=sys.stderr)
        return 1
    try:
        count = write_pages(result.pages.values(), out, site.docs_dir if args.merge_docs else None,
                            prepare=functools.partial(_hand_written, site, result.site))
    except OSError as exc:
        print(f"{out}: could not write pages: {exc.strerror or exc}", file=sys.stderr)
        return 1
    except UnknownSetting as exc:
        print(exc, file=sys.stderr)
        return 1
    merged = f", with the hand-written pages from {site.docs_dir}" if args.merge_docs else ""
    print(f"wrote {count} pages to {out}{merged}")
    return 0


def _hand_written(site: SiteSettings, content: Site, path: Path, text: str) -> str:
    """A hand-written page as the plugin serves it: the practice's details and the referral tools' red-flag list
    filled in, and (in front matter) the address to edit it at, for an engine that runs no plugins."""
    text = fill_page(text, site.practice, str(path))
    text = fill_red_flags(text, content, path.relative_to(site.docs_dir).as_posix())
    links = site.edit_links
    if links is None:
        return text
    entry = f"edit_url: {links.url(path)}\n"
    if text.startswith("---\n"):
        return "---\n" + entry + text[4:]
    return f"---\n{entry}---\n\n{text}"


def add_parser(sub: argparse._SubParsersAction[argparse.ArgumentParser], content: Path) -> argparse.ArgumentParser:
    build = sub.add_parser("build", help="write the generated Markdown pages to a folder, for any engine")
    build.add_argument("--content", type=Path, default=content, help="content folder (default: content)")
    build.add_argument("--out", type=Path, required=True, help="folder to write pages into (replaced)")
    build.add_argument("--config", type=Path, default=None, metavar="FILE",
                       help="site settings to read (default: mkdocs.yml, if it exists)")
    build.add_argument("--site-url", metavar="URL", help="published address (default: site_url in the settings)")
    build.add_argument("--referral-email", metavar="ADDRESS",
                       help="where referral summaries are emailed (default: the plugin's referral_email)")
    build.add_argument("--repo-url", metavar="URL",
                       help="repository for edit links (default: repo_url in the settings)")
    build.add_argument("--docs", type=Path, default=None, metavar="DIR",
                       help="hand-written pages (default: docs_dir in the settings, else docs)")
    build.add_argument("--merge-docs", action="store_true",
                       help="copy the hand-written pages in too: a complete docs folder for any engine")
    return build
