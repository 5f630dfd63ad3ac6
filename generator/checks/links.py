"""Links between pages: every relative link in content must reach a page the site has, and its #anchor a heading.

Without this, a mistyped link is found only by `mkdocs build --strict`, far from the line that holds it. A link
in an item's text is relative to the page that item becomes (`specialisms/hand-therapy.md`), as MkDocs reads it.
It may point at a generated page or at a hand-written page under docs/; an anchor must name a heading on that
page, with the ids MkDocs gives headings (Python-Markdown's toc extension, which the site uses).

When the site could not be rendered (other errors), links are checked against the pages the content implies
(one per item and an index per folder), and anchors on generated pages wait for a clean run.
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import markdown

from ..config.options import Options
from ..load.strict_yaml import split_front_matter
from ..problems import Problems
from ..structure.addresses import Page, index_path, item_path
from ..structure.content import FLOW, TYPES, Item, Site
from .text import item_texts

# The target of an inline link or image `](target)`, of a reference definition `[id]: target`, or of an
# HTML href.
TARGETS = (
    re.compile(r"\]\([ \t]*<?([^\s)>]+)"),
    re.compile(r"^[ ]{0,3}\[[^\[\]\n]*\]:[ \t]*<?([^\s>]+)", re.MULTILINE),
    re.compile(r"""\bhref\s*=\s*["']?([^\s"'>]+)""", re.IGNORECASE),
)
# What every target pattern needs: ']' or 'href'. Most strings hold neither.
TRIGGER = re.compile(r"\]|href", re.IGNORECASE)
EXTERNAL = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.\-]*:|//)")  # a scheme, or another site
MARKDOWN_EXTENSIONS = ["attr_list", "toc", "tables", "admonition", "md_in_html"]


def check_links(site: Site, pages: dict[str, Page], problems: Problems, options: Options) -> None:
    """Report every relative link in content that reaches no page, or no heading on it, at the link's place."""
    targets = _Targets(site, pages, options.docs_dir)
    for item in site.all():
        here = _page_of(item)
        for text in item_texts(item):
            for start, end, target in _links(text.text):
                if target.startswith("\\") and _is_image(text.text, start):
                    continue  # an image from another site: the safety check reports it (remote-resource)
                message = targets.problem(here, target)
                if message:
                    problems.add(text.path, *text.place(start, end), message)


def _page_of(item: Item[Any]) -> str:
    # A flow's text appears on many pages at different depths; its start page is the one an editor thinks of.
    return f"{FLOW.folder}/{item.id}/index.md" if item.type is FLOW else item_path(item.type, item.id)


def _is_image(text: str, target_start: int) -> bool:
    """Whether the link whose target starts at `target_start` is an image, `![alt](target)`."""
    close = text.rfind("](", 0, target_start)
    opening = text.rfind("[", 0, close) if close >= 0 else -1
    return opening > 0 and text[opening - 1] == "!"


def _links(text: str) -> Iterator[tuple[int, int, str]]:
    if TRIGGER.search(text) is None:
        return
    for pattern in TARGETS:
        for match in pattern.finditer(text):
            target = match.group(1)
            if not EXTERNAL.match(target):
                yield match.start(1), match.end(1), target


class _Targets:
    """The pages a link may reach and the headings on each, read on first use."""

    def __init__(self, site: Site, pages: dict[str, Page], docs_dir: Path | None):
        self.pages = pages
        self.docs_dir = docs_dir
        self.rendered = bool(pages)
        self.implied = {index_path(t) for t in TYPES}
        for ctype in TYPES:
            self.implied |= {item_path(ctype, i) for i in site.items[ctype.name]}
            self.implied |= {item_path(ctype, i) for name, i in site.broken if name == ctype.name}

    def problem(self, here: str, target: str) -> str | None:
        if target.startswith("\\"):
            return (f"link to '{target}' starts with a backslash, which browsers read as '/' (and '\\/' as '//', "
                    "another site): write another site's full address (https://...), or a page of this site "
                    f"relative to this page, e.g. '../specialisms/hand-therapy.md'")
        if target.startswith("/"):
            return (f"link to '{target}' starts at the site root, which breaks when the site is published in a "
                    f"folder (as on GitHub Pages); use a relative link, e.g. '{self._relative(here, target)}'")
        path, _, anchor = target.partition("#")
        page = posixpath.normpath(posixpath.join(posixpath.dirname(here), path)) if path else here
        if page == ".." or page.startswith("../"):
            return (f"link to '{target}' climbs above the site's top folder, where the site has nothing; link to "
                    f"a page the site has, relative to this page ({here}), e.g. '../specialisms/hand-therapy.md'")
        if not path.endswith(".md") and path:
            return None  # an image or a download: MkDocs checks those when it copies them
        text = self._text(page)
        if text is None:
            if not self.rendered and not self._could_be_generated(page):
                return None
            return (f"link to '{target}': there is no page {page}; link to a page the site has, relative to this "
                    f"page ({here}), e.g. '../specialisms/hand-therapy.md'")
        if anchor and text and anchor not in heading_ids(text):
            return f"link to '{target}': {page} has no heading with the anchor '#{anchor}'"
        return None

    def _relative(self, here: str, target: str) -> str:
        """`target`, a path from the site root, as a link relative to the page `here`: to the page's .md file."""
        path, hash_, anchor = target.partition("#")
        path = path.strip("/")
        if not path:
            candidates = ["index.md"]
        elif path.endswith(".md") or "." in path.rsplit("/", 1)[-1]:
            candidates = [path]  # a page's file, an image or a download
        else:
            candidates = [f"{path}.md", f"{path}/index.md"]
        page = next((c for c in candidates if self._text(c) is not None), candidates[0])
        return posixpath.relpath(page, posixpath.dirname(here) or ".") + hash_ + anchor

    def _text(self, page: str) -> str | None:
        """The Markdown of `page`; '' when the page exists but its headings are not known yet; None if no page."""
        if page in self.pages:
            return self.pages[page].text
        if self.docs_dir is not None and not page.startswith("../"):
            path = self.docs_dir / page
            if path.is_file():
                return _read(path)
        if not self.rendered and page in self.implied:
            return ""
        return None

    def _could_be_generated(self, page: str) -> bool:
        """Whether `page` is where an item's page would be: only those are reported before the site renders."""
        folder = page.split("/", 1)[0]
        return any(folder == t.folder for t in TYPES if t is not FLOW)


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return ""


@functools.lru_cache(maxsize=256)
def heading_ids(text: str) -> frozenset[str]:
    """The ids MkDocs gives the headings of a Markdown page (front matter skipped), explicit `{ #id }` ones too."""
    front = split_front_matter(text)
    md = markdown.Markdown(extensions=MARKDOWN_EXTENSIONS)
    md.convert(text[front.body_start:] if front else text)
    ids: set[str] = set()
    stack = list(getattr(md, "toc_tokens", []))
    while stack:
        token = stack.pop()
        ids.add(token["id"])
        stack.extend(token.get("children", []))
    return frozenset(ids)
