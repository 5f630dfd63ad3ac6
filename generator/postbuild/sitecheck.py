"""The built site, checked after every build: only the scripts we know of, no inline handlers, no `javascript:`.

The content check stops unsafe HTML at its source; this scan is the second line, over what MkDocs and the theme
actually wrote. It fails on:

- a `<script src>` that is not on the allow-list: the theme's bundle, our referral script and our search script,
  all served from the site itself (the search script imports Pagefind's, from the site too);
- an inline script that is not one of the theme's own (compared by the sha256 of its text, with the page's base
  path taken out, since Material writes `new URL("../..",location)` with each page's depth);
- any `on*` event-handler attribute, any `javascript:` or `vbscript:` URL (each item of a list: `srcset`, SVG
  animation `values`), a `data:` URL in an attribute that
  navigates, loads or submits (href, src, action, formaction, xlink:href, ...), and any frame, embedded object or
  `<base>` element;
- an address a page would fetch from another site as it loads (an image, a style, an icon, a ping): the site
  serves all its own files;
- a `<meta http-equiv>` other than the two the site writes: a refresh to a page of this site (a moved step's
  old address, overrides/main.html) and a Content-Security-Policy. A refresh to another site (a scheme, `//`,
  a backslash) would send every reader of the page there.

Every finding is reported as `path:line:col` at the offending tag. `generator.csp` then hashes the inline scripts
that passed into each page's Content-Security-Policy.

Each page is read first by lexbor (through selectolax), an HTML parser written in C that follows the HTML standard
as browsers do, and about four times faster than the standard library's. It keeps no positions, so a page on
which it finds anything to report, or anything it reads differently (a `<template>`, a policy already in place, a
`<head>` not at the top), is parsed again with `html.parser` to say where.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

from selectolax.lexbor import LexborHTMLParser

from ..editor import policy as editor
from ..problems import Problems, display_path

# Site-relative paths of the scripts a page may load.
ALLOWED_SCRIPTS = (
    re.compile(r"assets/javascripts/bundle\.[0-9a-f]{8}\.min\.js"),  # Material's bundle
    re.compile(r"assets/javascripts/referral\.js"),  # docs/assets/javascripts/referral.js
    re.compile(r"assets/javascripts/search\.js"),  # docs/assets/javascripts/search.js, on the search page
)
ALLOWED_LIST = ("the theme's bundle under assets/javascripts/, assets/javascripts/referral.js and "
                "assets/javascripts/search.js")
# The editor page (admin/index.html) is not a reader page: it loads the editor's own scripts and nothing else,
# and has its own policy (generator/editor/policy.py). Only these scripts, only on that page.
EDITOR_SCRIPTS = {editor.PAGE: frozenset(editor.SCRIPTS)}

# Material's inline scripts (mkdocs-material 9.x), by the sha256 of their text after BASE_PATH_LITERAL is
# normalised. A theme upgrade that changes one fails the build with the new digest in the message: review the
# script, then add its digest here.
THEME_INLINE_SCRIPTS = {
    "89614d6b864bbe7884f6ad1ab21aa2216e6686af528a97cd15075dda2fe14374": "__md_scope and local storage helpers",
    "0eb10c249dbdb0beef225a10ce5cbe55418cc4a7014cc208f8e7d6ed8f00906e": "colour palette restore",
    "ffcc0f7735fdab434d257c80e65cec2e88d716991e69757185b7e450e41a5b2f": "open the content tab named in the URL",
    # Zensical's theme (0.0.73): the same helpers, and it marks the reader's platform on <html>.
    "7dc4db85fdbdb896fee9dceef9efd837d5b973f4409360bae98e017a5326d230": "__md_scope, local storage, data-platform",
}
BASE_PATH_LITERAL = re.compile(r'new URL\("[^"\\]*",location\)')
# Non-executable script blocks (data) the theme writes: Material's configuration, by element id.
THEME_DATA_BLOCKS = {"__config": "application/json"}

FORBIDDEN_ELEMENTS = frozenset({"iframe", "frame", "frameset", "object", "embed", "applet", "portal", "base"})
SCRIPT_URL = re.compile(r"^(javascript|vbscript|data):")
# Where a `data:` URL is refused: attributes a browser navigates to, loads or submits to. The shipped site writes
# none (the theme's data: icons are in its CSS, which this scan does not read), and the content check refuses them
# all, images too; elsewhere (a title, a policy's text) "data:" is just words.
URL_ATTRIBUTES = frozenset({
    "href", "xlink:href", "src", "srcset", "imagesrcset", "lowsrc", "dynsrc", "poster", "background", "action",
    "formaction", "data", "codebase", "archive", "classid", "cite", "longdesc", "manifest", "ping", "icon",
    "values", "to", "from", "by",  # SVG <animate>/<set>: the values they give the attribute they animate
})
# Attributes that hold a list of URLs, and what separates the items: each item is checked.
URL_LISTS = {"srcset": ",", "imagesrcset": ",", "values": ";"}
# Browsers drop these from URLs before reading the scheme ("java\tscript:" is "javascript:").
URL_IGNORED = re.compile(r"[\t\n\r]")
URL_LEADING = re.compile(r"^[\x00-\x20]+")
# The `http-equiv` values the site writes: the theme's refresh on a moved step's old address, and the policy.
ALLOWED_HTTP_EQUIV = frozenset({"refresh", "content-security-policy"})
# A refresh's `content`, as browsers read it: a delay, then `;` or `,`, then an optional `url=` and the URL, in
# quotes or not.
REFRESH_URL = re.compile(r"""^[\s\d.]*[;,]?\s*(?:url\s*=\s*)?["']?([^"']*)""", re.IGNORECASE)
# A URL that leaves the site: a scheme, or two slashes or backslashes in any mix (browsers read `\` as `/`).
OTHER_SITE = re.compile(r"^(?:[a-z][a-z0-9+.\-]*:|[/\\]{2})", re.IGNORECASE)


@dataclass
class Script:
    line: int
    col: int
    attrs: dict[str, str | None]
    text: str = ""

    @property
    def src(self) -> str | None:
        return self.attrs.get("src")

    @property
    def executable(self) -> bool:
        """True unless the type makes it a data block (JSON, templates), which browsers never run."""
        kind = (self.attrs.get("type") or "").strip().lower()
        return kind in ("", "module") or any(w in kind for w in ("javascript", "ecmascript", "jscript", "livescript"))


@dataclass
class ParsedPage:
    """What the checks need from one HTML page; positions are 1-based (line, col)."""

    scripts: list[Script] = field(default_factory=list)
    findings: list[tuple[int, int, str]] = field(default_factory=list)
    head: tuple[int, int, str] | None = None  # the <head> start tag: place, text
    csp_metas: list[tuple[int, int, str]] = field(default_factory=list)  # existing CSP <meta> tags: place, text


# Attributes whose address a browser fetches as the page loads, not one the reader chooses to follow: another
# site's address in one tells that site who reads the page, which no page of this site may do (its images, styles,
# fonts and scripts are all its own).
LOADED = frozenset({"src", "srcset", "imagesrcset", "poster", "background", "lowsrc", "dynsrc", "data", "ping",
                    "codebase", "archive", "manifest", "icon"})
# `href` is fetched on these elements (an SVG image, a reused SVG shape), and on a <link> of one of FETCHED_RELS.
LOADED_HREF = frozenset({"image", "use", "feimage"})
FETCHED_RELS = frozenset({"stylesheet", "icon", "shortcut", "apple-touch-icon", "mask-icon", "manifest", "preload",
                          "prefetch", "modulepreload", "preconnect", "dns-prefetch", "prerender"})


def _remote_loads(tag: str, attrs: list[tuple[str, str | None]]) -> list[str]:
    """Each address in `attrs` that the browser would fetch from another site as the page loads."""
    rels = set((dict(attrs).get("rel") or "").lower().split()) if tag == "link" else set()
    findings = []
    for name, value in attrs:
        fetched = name in LOADED or (name in ("href", "xlink:href") and (tag in LOADED_HREF or rels & FETCHED_RELS))
        if not fetched or value is None:
            continue
        for url in value.split(URL_LISTS[name]) if name in URL_LISTS else [value]:
            address = URL_LEADING.sub("", URL_IGNORED.sub("", url)).split(" ")[0]
            if OTHER_SITE.match(address) and not SCRIPT_URL.match(address.lower()):
                findings.append(f"<{tag} {name}> loads '{address[:60]}' from another site, which would tell it who "
                                "reads the page; serve the file from this site")
                break
    return findings


def tag_findings(tag: str, attrs: Iterable[tuple[str, str | None]]) -> list[str]:
    """What is not allowed in one start tag: an event handler, a script URL, a forbidden element, a load from another
    site."""
    attrs = list(attrs)
    # A script's address is for the allow-list to judge, and a forbidden element is refused whatever it loads.
    findings = _remote_loads(tag, attrs) if tag != "script" and tag not in FORBIDDEN_ELEMENTS else []
    for name, value in attrs:
        if name.startswith("on") and len(name) > 2:
            findings.append(f"'{name}' event-handler attribute on <{tag}>; inline handlers are not allowed (the "
                            "Content-Security-Policy would block them)")
        if value is not None:
            for url in value.split(URL_LISTS[name]) if name in URL_LISTS else [value]:
                scheme = SCRIPT_URL.match(URL_LEADING.sub("", URL_IGNORED.sub("", url)).lower())
                if scheme and (scheme.group(1) != "data" or name in URL_ATTRIBUTES):
                    findings.append(f"'{scheme.group(1)}:' URL in the '{name}' attribute of <{tag}>")
                    break
    if tag in FORBIDDEN_ELEMENTS:
        findings.append(f"<{tag}> is not allowed in the built site")
    if tag == "meta":
        findings += _http_equiv_findings(dict(attrs))
    return findings


def _http_equiv_findings(attrs: dict[str, str | None]) -> list[str]:
    """A `<meta http-equiv>` the site does not write, or a refresh that leads to another site."""
    equiv = attrs.get("http-equiv")
    if equiv is None:
        return []
    if equiv.strip().lower() not in ALLOWED_HTTP_EQUIV:
        return [f"<meta http-equiv=\"{equiv}\"> is not one the site writes (only a refresh to a page of this site "
                "and a Content-Security-Policy)"]
    refresh = REFRESH_URL.match(attrs.get("content") or "")
    url = URL_LEADING.sub("", URL_IGNORED.sub("", refresh.group(1) if refresh else ""))
    if equiv.strip().lower() == "refresh" and OTHER_SITE.match(url):
        return [f"<meta http-equiv=\"refresh\"> leads to another site ('{url[:60]}'); a refresh may only lead to "
                "a page of this site, by a relative address"]
    return []


class _PageParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = ParsedPage()
        self._script: Script | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line, offset = self.getpos()
        col = offset + 1
        self.page.findings += [(line, col, message) for message in tag_findings(tag, attrs)]
        if tag == "head" and self.page.head is None:
            self.page.head = (line, col, self.get_starttag_text() or "")
        if tag == "meta" and (dict(attrs).get("http-equiv") or "").lower() == "content-security-policy":
            self.page.csp_metas.append((line, col, self.get_starttag_text() or ""))
        if tag == "script":
            self._script = Script(line, col, dict(attrs))
            self.page.scripts.append(self._script)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None


def parse_page(text: str) -> ParsedPage:
    """Every tag of the page with its place, through the standard library's tokenizer."""
    parser = _PageParser()
    parser.feed(text)
    parser.close()
    return parser.page


# The document's start as the theme writes it: a doctype, the <html> tag, then the <head> tag.
_ATTRS = r"""(?:\s+[a-zA-Z][\w:.-]*(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>=`]+))?)*\s*"""
HEAD_AT_TOP = re.compile(rf"\A\ufeff?\s*(?:<!doctype[^<>]*>\s*)?(?:<html{_ATTRS}>\s*)?(<head{_ATTRS}>)", re.I)
UNPLACED = "where browsers read the markup differently from the tokenizer that finds places: search the page"
# Elements whose contents a browser reads differently from the tokenizer, or that lexbor keeps out of its tree.
REREAD_ELEMENTS = frozenset({"template", "noscript", "meta"})


def quick_parse(text: str) -> ParsedPage | None:
    """The page as `parse_page` reads it, by lexbor, but with findings and scripts at (0, 0); None for a page lexbor
    reads differently (a `<template>`, whose contents it keeps out of its tree, a `<noscript>`, an `http-equiv`
    `<meta>`) or that does not start as the theme's pages do."""
    page, alone = _lexbor_parse(text)
    return page if alone else None


def _lexbor_parse(text: str) -> tuple[ParsedPage | None, bool]:
    """`quick_parse`'s reading, and whether lexbor reads the page alone. A page it does not read alone is still read
    whole: what lexbor finds there, browsers find too."""
    head = HEAD_AT_TOP.match(text)
    if head is None:
        return None, False
    start = head.start(1)
    page = ParsedPage(head=(text.count("\n", 0, start) + 1, start - text.rfind("\n", 0, start), head.group(1)))
    alone = True
    for node in LexborHTMLParser(text).css("*"):
        tag, attrs = node.tag or "", node.attributes
        if tag in REREAD_ELEMENTS and (tag != "meta" or "http-equiv" in attrs):
            alone = False
        # Only a forbidden element, an "on" attribute, a value with a colon (a scheme) or a start of two slashes or
        # backslashes (another site), or a <meta> can hold a finding.
        if tag in FORBIDDEN_ELEMENTS or tag == "meta" or any(
                name.startswith("on") or (value is not None and (":" in value or OTHER_SITE.match(value.strip())))
                for name, value in attrs.items()):
            page.findings += [(0, 0, message) for message in tag_findings(tag, attrs.items())]
        if tag == "script":
            page.scripts.append(Script(0, 0, dict(attrs), node.text(deep=True)))
    return page, alone


def read_page(text: str) -> ParsedPage:
    """The page's <head> and scripts, by lexbor where it reads the page alone, else by the tokenizer."""
    return quick_parse(text) or parse_page(text)


def script_text(script: Script) -> str:
    """The text a browser hashes for CSP: its input stream turns every CR LF and lone CR into LF."""
    return script.text.replace("\r\n", "\n").replace("\r", "\n")


def inline_digest(text: str) -> str:
    """The allow-list key of an inline script: sha256 (hex) of its text with the page's base path normalised."""
    return hashlib.sha256(BASE_PATH_LITERAL.sub("new URL(BASE,location)", text).encode("utf-8")).hexdigest()


def site_base_path(site: Path) -> str:
    """The path the site is served under ('/knowledge-base/'), from the first address in sitemap.xml.

    MkDocs writes 404.html with root-relative links (it may be served at any depth), so that page's script
    addresses start with this path. Without a sitemap (no site_url), the site is taken to be served at '/'.
    """
    try:
        root = ElementTree.parse(site / "sitemap.xml").getroot()
    except (OSError, ElementTree.ParseError):
        return "/"
    loc = next((el.text for el in root.iter() if el.tag.endswith("}loc") or el.tag == "loc"), None)
    path = urlsplit((loc or "").strip()).path or "/"
    return path if path.endswith("/") else posixpath.dirname(path) + "/"


def check_page(text: str, page: str, base_path: str = "/") -> ParsedPage:
    """Parse one page (`page` is its path in the site, e.g. 'specialisms/index.html') and add script findings."""
    quick, alone = _lexbor_parse(text)
    if quick is not None and alone and not _check_scripts(quick, page, base_path):
        return quick
    # Something to report, or a page lexbor does not read alone: the standard library's parser says where.
    parsed = parse_page(text)
    _check_scripts(parsed, page, base_path)
    if quick is not None and not parsed.findings:
        # Markup a browser reads as a tag and the tokenizer does not (`<!-->` ends a comment in a browser): lexbor
        # reads as browsers do, so its findings stand, at the page's start.
        parsed.findings = [(1, 1, f"{message} ({UNPLACED})") for _, _, message in quick.findings]
    parsed.findings.sort()
    return parsed


def _check_scripts(parsed: ParsedPage, page: str, base_path: str) -> list[tuple[int, int, str]]:
    """Add a finding to `parsed` for each script not allowed; returns all its findings."""
    for script in parsed.scripts:
        where = (script.line, script.col)
        if script.src is not None:
            if page in EDITOR_SCRIPTS:
                if _resolve(script.src, page, base_path) not in EDITOR_SCRIPTS[page]:
                    parsed.findings.append((*where, f"script '{script.src}' is not one of the editor's "
                                            f"({', '.join(sorted(EDITOR_SCRIPTS[page]))})"))
            elif not _allowed_src(script.src, page, base_path):
                parsed.findings.append((*where, f"script '{script.src}' is not on the allow-list ({ALLOWED_LIST})"))
        elif not script.executable:
            block_id = script.attrs.get("id") or ""
            kind = (script.attrs.get("type") or "").strip().lower()
            if THEME_DATA_BLOCKS.get(block_id) != kind:
                parsed.findings.append((*where, f"script data block (type '{kind}', id '{block_id}') is not one the "
                                        "theme writes"))
        else:
            text_ = script_text(script)
            digest = inline_digest(text_)
            if digest not in THEME_INLINE_SCRIPTS:
                snippet = " ".join(text_.split())[:60]
                parsed.findings.append((*where, f"inline script is not on the allow-list: '{snippet}'; if it is the "
                                        f"theme's own after an upgrade, review it and add '{digest}' to "
                                        "THEME_INLINE_SCRIPTS in generator/postbuild/sitecheck.py"))
    return parsed.findings


def _resolve(src: str, page: str, base_path: str) -> str | None:
    """The site-relative path a script address names, or None when it is not a file of this site."""
    parts = urlsplit(src.strip())
    if parts.scheme or parts.netloc:
        return None  # another origin, or a data: / blob: script
    path = unquote(parts.path)
    if path.startswith("/"):
        if not path.startswith(base_path):
            return None
        resolved = posixpath.normpath(path[len(base_path):])
    else:
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), path))
    if resolved == ".." or resolved.startswith("../"):
        return None
    return resolved


def _allowed_src(src: str, page: str, base_path: str) -> bool:
    resolved = _resolve(src, page, base_path)
    return resolved is not None and any(pattern.fullmatch(resolved) for pattern in ALLOWED_SCRIPTS)


def html_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if p.is_file())


def check_site(site: Path, base_path: str | None = None, keep: dict[Path, ParsedPage] | None = None) -> Problems:
    """Scan every HTML page under `site`. Returns every finding, each at path:line:col. Each parsed page is put in
    `keep` when given, for the Content-Security-Policy step to use rather than parse the page again."""
    problems = Problems()
    if not site.is_dir():
        problems.add(display_path(site), 1, 1, "site folder not found")
        return problems
    base = base_path if base_path is not None else site_base_path(site)
    for path in html_pages(site):
        page = path.relative_to(site).as_posix()
        try:
            text = path.read_bytes().decode("utf-8")
        except UnicodeDecodeError as exc:
            problems.add(display_path(path), 1, 1, f"page is not UTF-8 ({exc.reason} at byte {exc.start})")
            continue
        parsed = check_page(text, page, base)
        if keep is not None:
            keep[path] = parsed
        for line, col, message in parsed.findings:
            problems.add(display_path(path), line, col, message)
    return problems
