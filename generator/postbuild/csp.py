"""A Content-Security-Policy in every built page, with the sha256 hash of each of its inline scripts.

GitHub Pages cannot send response headers, so the policy travels as `<meta http-equiv="Content-Security-Policy">`,
the first element of `<head>` so that it governs every script after it. The theme's inline scripts differ from
page to page (each carries the page's depth), so the hashes are computed per page from the built HTML, after
`generator.sitecheck` has passed it: the policy can only vouch for scripts already known to be the theme's own.

The policy allows nothing from another origin (the site makes no third-party requests), no inline event
handlers, no `eval`, no plugins, and no `<base>` or form target elsewhere. Inline styles stay allowed: the theme
sets `style` attributes, and styles cannot run code. The one page that is not a reader page, the editor at
admin/index.html, carries its own policy (`generator.editor.policy.POLICY`): its own scripts and the GitHub API.
WebAssembly is allowed on the search page alone (the page that loads assets/javascripts/search.js), because
Pagefind's search runs in it.
"""

from __future__ import annotations

import base64
import hashlib
import re
from html import escape
from pathlib import Path

from ..editor import policy as editor
from .sitecheck import ParsedPage, html_pages, read_page, script_text

POLICY = (
    "default-src 'self'; script-src 'self'{hashes}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'"
)


# The search page's script (docs/assets/javascripts/search.js), by the end of its address.
SEARCH_SCRIPT = re.compile(r"(^|/)assets/javascripts/search\.js$")


class NoHead(ValueError):
    """The page has no <head> to hold the policy."""


def script_hash(text: str) -> str:
    """The CSP source for an inline script: 'sha256-' and the base64 digest of its UTF-8 text."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def policy_for(text: str) -> str:
    """The policy for one page: its inline scripts' hashes, sorted so that two builds write the same bytes."""
    return _policy(read_page(text))


def _policy(page: ParsedPage) -> str:
    hashes = sorted({script_hash(script_text(s)) for s in page.scripts if s.src is None and s.executable})
    # Pagefind's search runs in WebAssembly, which CSP treats as eval: allowed only on the page that searches.
    wasm = any(s.src is not None and SEARCH_SCRIPT.search(s.src) for s in page.scripts)
    return POLICY.format(hashes=(" 'wasm-unsafe-eval'" if wasm else "") + "".join(" " + h for h in hashes))


def add_csp(text: str, policy: str | None = None, parsed: ParsedPage | None = None) -> str:
    """`text` with a CSP meta tag as the first element of its <head>, replacing any the page already had: `policy`,
    or by default the reader pages' policy with the hashes of this page's inline scripts.

    >>> add_csp("<html><head><title>x</title></head></html>")[:76]
    '<html><head><meta http-equiv="Content-Security-Policy" content="default-src \\'self\\';'
    """
    page = parsed or read_page(text)  # `parsed`: this very text, already parsed by the site check
    if page.head is None:
        raise NoHead("no <head> to hold the Content-Security-Policy")
    starts = _line_starts(text)
    # Keywords and base64 hashes: the single quotes CSP needs stay readable; nothing else needs escaping.
    meta = f'<meta http-equiv="Content-Security-Policy" content="{escape(policy or _policy(page), quote=False)}">'
    line, col, tag = page.head
    head_end = starts[line - 1] + col - 1 + len(tag)
    # Apply edits from the end of the text backwards so earlier offsets stay valid.
    edits = [(head_end, head_end, meta)]
    for line, col, tag in page.csp_metas:
        start = starts[line - 1] + col - 1
        edits.append((start, start + len(tag), ""))
    for start, end, new in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        text = text[:start] + new + text[end:]
    return text


def _line_starts(text: str) -> list[int]:
    # html.parser counts lines by "\n" alone.
    starts = [0]
    index = text.find("\n")
    while index >= 0:
        starts.append(index + 1)
        index = text.find("\n", index + 1)
    return starts


def add_csp_to_site(site: Path, parsed: dict[Path, ParsedPage] | None = None) -> list[tuple[Path, str]]:
    """Add the policy to every HTML page under `site`. Returns the pages that could not take one.

    The editor page (admin/index.html) gets the editor's own policy instead: its scripts, and the GitHub API.
    `parsed` holds pages the site check has just parsed, by path, so that no page is parsed twice.
    """
    failed: list[tuple[Path, str]] = []
    for path in html_pages(site):
        # Bytes in and out: text mode would turn any CR LF into LF and change the page beyond the policy.
        text = path.read_bytes().decode("utf-8")
        own = editor.POLICY if path.relative_to(site).as_posix() == editor.PAGE else None
        try:
            updated = add_csp(text, own, (parsed or {}).get(path))
        except NoHead as exc:
            failed.append((path, str(exc)))
            continue
        if updated != text:
            path.write_bytes(updated.encode("utf-8"))
    return failed
