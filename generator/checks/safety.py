"""Content safety: nothing in content/ or docs/ may turn a page into an attack page.

MkDocs renders its templates without autoescaping and Python-Markdown passes raw HTML through, so a `<script>`,
an `<img onerror=...>`, a `javascript:` link or an attr_list `{ onclick=... }` written in a content file reaches
the built site as it was written. This check rejects them at their line and column, before anything is built:

- in Markdown (case story bodies, hand-written pages under docs/): raw script, frame, embedded object, form,
  head-only (`<base>`, `<meta>`, `<link>`, `<style>`), `<svg>` and `<math>` tags; any `on*` or `style`
  attribute, in an HTML tag or an attr_list; `[`, `]`, `<` or `>` inside a tag's attribute value (Markdown makes
  links of it there, or ends the tag, and its quotes turn the rest of the value into attributes); `javascript:`,
  `vbscript:` and `data:` link targets (inline links, reference definitions, autolinks, HTML attributes and
  attr_list values);
- anywhere: images, audio and video loaded from another site (`![x](https://...)`, `<img src>`, `<audio>`,
  `<video>`, `<source>`, `srcset`, any `src`; a URL with a scheme or starting with two of `/` and `\\` in any
  mix, entities decoded); plain outbound links `[text](https://...)` are fine;
- in every YAML string field (a hand-written page's front matter too): all of the above, any HTML tag at all
  (fields are plain text), and a straight double quote with an `=` anywhere after it, which could end the
  attribute the theme writes the field into (`<meta name="description" content="...">`) and start another.

Code spans and fenced code are scanned too, on purpose: telling them apart from raw HTML exactly as
Python-Markdown does is subtle (a backtick inside an HTML block is not a code span), and a check that guesses
wrong lets a script through. Write `&lt;script&gt;` to show a tag in prose.
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Iterator
from dataclasses import dataclass

from markdown.extensions.attr_list import AttrListTreeprocessor
from markdown.inlinepatterns import (
    AUTOLINK_RE,
    AUTOMAIL_RE,
    IMAGE_LINK_RE,
    LinkInlineProcessor,
    ReferenceInlineProcessor,
)

from ..config.options import Options
from ..load.files import REFUSED, refused_message
from ..load.strict_yaml import split_front_matter
from ..problems import Problems
from ..structure.content import Site
from .text import front_matter_texts, item_texts, markdown_files

# Tags that run code, load other documents or change how the page resolves links and submits data; and SVG and
# MathML, which content has no use for: inside them `<image href>`, `<feImage>`, `<style>` and animation (which can
# set a link's href to a `javascript:` URL after the page has loaded) load and act in ways no list here could
# keep up with. Animation tags stay listed on their own.
BANNED_TAGS = frozenset({
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "portal",
    "base", "form", "meta", "link", "style", "svg", "math",
    "animate", "set", "animatemotion", "animatetransform",
})
# Attributes content may not use at all: inline styles can load images from other sites (`url()`, `image-set()`,
# each with CSS escapes and entities to hide them), and content has no use for them.
BANNED_ATTRIBUTES = frozenset({"style"})
BANNED_SCHEMES = ("javascript", "vbscript", "data")

# `<name` starting an HTML tag (or `</name` ending one); `<!--`, `<!DOCTYPE` and `<?` are markup too.
TAG_START = re.compile(r"<(/?)([A-Za-z][^\s/>]*)|<[!?]")
# An autolink `<scheme:...>`: Python-Markdown makes links of the http(s)/ftp ones; a browser may parse others
# as tags. Either way its scheme is checked.
AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.\-]*):")
# What Python-Markdown itself makes a link of, `<https://...>` or `<someone@example.org>`, by its own patterns. Any
# other `<name` with a colon or an `@` (`<x:y onmouseover=...>`) is a tag to a browser, and its attributes count.
MARKDOWN_AUTOLINK = re.compile(f"{AUTOLINK_RE}|{AUTOMAIL_RE}")
# Where a Markdown link target begins: after `](` or `](<` (inline links and images), or after the colon of a
# reference definition `[id]: url`.
INLINE_TARGET = re.compile(r"\]\([ \t]*\n?[ \t]*<?")
# What may come before a reference definition on its line: a blockquote's `>`, a list item's marker, and any
# indent (the body of an admonition or a list item), nested in any order; on the next line, a blockquote's `>`.
CONTAINER = r"(?:[ \t>]|[-*+][ \t]|\d{1,9}[.)][ \t])*"
REFERENCE_TARGET = re.compile(rf"^{CONTAINER}\[[^\[\]\n]*\]:[ \t]*\n?[ \t>]*<?", re.MULTILINE)
# In a raw tag's attribute value, what Markdown may make markup of: Python-Markdown reads links, images and autolinks
# before inline HTML, so `<img alt="x [a](https://x/onerror=alert(1)//)">` becomes `<img alt="x <a href="...">`,
# whose quotes end the value and make attributes of the address; and its inline HTML pattern ends a tag at the
# first '>', quoted or not, and reads the rest of the value as Markdown.
MARKDOWN_IN_VALUE = re.compile(r"[\[\]<>]")
# attr_list: `{ #id .class key=value }`, after a heading, a paragraph or an inline element. Each `{...}` on its
# own, and as the attr_list extension reads it, to the last `}` on the line (a quoted value may hold a `}`:
# `{: title="}" onclick=... }`).
ATTR_LISTS = (re.compile(r"\{:?([^}\n]*)\}"), re.compile(AttrListTreeprocessor.BASE_RE))
# Browsers ignore these anywhere in a URL ("java\tscript:" is "javascript:"), and leading spaces and controls;
# Python-Markdown strips any Unicode whitespace (a no-break space too) from around a link target. Both are
# dropped before the scheme is read.
URL_IGNORED = re.compile(r"[\t\n\r]")
URL_LEADING = re.compile(r"^[\s\x00-\x20\x7f-\x9f]+")
# What may come between `](` (or a reference's colon) and the target: whitespace, controls, an opening `<`.
TARGET_LEADING = re.compile(r"[\s\x00-\x20\x7f-\x9f]*<?[\s\x00-\x20\x7f-\x9f]*")
WHITESPACE = " \t\n\r\f"
# Third-party subresources: a page that loads an image, a sound or a style from another site tells that site
# who reads it, and the preview has no Content-Security-Policy to stop it. Plain outbound links are fine.
# A scheme, or two of `/` and `\` in any mix: browsers read `\` as `/` in a web address, so `/\host` is `//host`.
REMOTE = re.compile(r"^(?![Dd][Aa][Tt][Aa]:)(?:[A-Za-z][A-Za-z0-9+.\-]*:|[/\\]{2})")
# Images as Python-Markdown reads them, with its own patterns: `![` starts one; its text runs to the matching `]`,
# brackets nested and balanced (LinkInlineProcessor.getText), across line breaks but not a blank line; after it,
# `(` starts the target of an inline image (LinkInlineProcessor.RE_LINK), and `[id]`, ` [id]` or `[]` names a
# reference (ReferenceInlineProcessor.RE_LINK); with neither, the text itself is the reference (`![logo]`).
IMAGE_START = re.compile(IMAGE_LINK_RE)
INLINE_LINK = LinkInlineProcessor.RE_LINK
REFERENCE_ID = ReferenceInlineProcessor.RE_LINK
IMAGE_TARGET = re.compile(r"[^\s)>]{1,2048}")  # enough to read a scheme; not to the end of a file of unclosed images
BLANK_LINE = re.compile(r"\n[ \t]*(?:\n|$)")
# Python-Markdown reads a blockquote's lines with their `>` markers removed, so a link's text or target goes on
# past the `>` at the start of the next line; the markers are read as spaces (offsets stay the same).
QUOTE_MARKERS = re.compile(r"^[ \t>]*>", re.MULTILINE)
# A code span (BacktickInlineProcessor): its brackets are not a link's. Text is read both with and without them.
CODE_SPAN = re.compile(r"(?<![\\`])(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)
REFERENCE_DEFINITION = re.compile(rf"^{CONTAINER}\[([^\[\]\n]*)\]:[ \t]*\n?[ \t>]*<?([^\s>]+)", re.MULTILINE)
# Attributes whose URL a browser loads, on any element; `href` too, except on a link, where it is a link.
LOADING_ATTRIBUTES = frozenset({"src", "srcset", "poster", "data", "background", "href", "xlink:href", "imagesrcset",
                                "lowsrc", "dynsrc", "ping"})
LINK_TAGS = frozenset({"a", "area"})
# What every pattern above needs somewhere in the text: '<' (tags, autolinks), ']' (link targets, images,
# reference definitions), '{' (attr_list) or '"' (attribute breakout). Most strings hold none of them, and then
# there is nothing to scan for.
TRIGGER = re.compile(r'[<\]{"]')
# A character reference, read as html.unescape reads it (the `;` may be left off); and the characters refused in a
# content file (load.files.REFUSED), which reach the page when a reference or a YAML escape (`"\u202e"`) is decoded.
CHARACTER_REFERENCE = re.compile(r"&(?:#[xX]([0-9A-Fa-f]{1,8})|#([0-9]{1,10})|[A-Za-z][A-Za-z0-9]{1,31});?")


@dataclass(frozen=True)
class Attribute:
    name: str
    value: str | None
    start: int  # offset of the name in the scanned text
    value_start: int


def check_safety(site: Site, problems: Problems, options: Options) -> None:
    """Add a problem for every unsafe construct in every content string and hand-written page."""
    for item in site.all():
        for text in item_texts(item):
            for start, end, message in _scan_once(text.text, None if text.markdown else text.field):
                problems.add(text.path, *text.place(start, end), message)
    if options.docs_dir is not None and options.docs_dir.is_dir():
        for text in markdown_files(options.docs_dir):
            # A page's front matter is data, like a YAML field: its description is written into an attribute. Each
            # of its strings is scanned as it loads; front matter that does not load is scanned as written.
            front = split_front_matter(text.text)
            split = front.body_start if front else 0
            fields = front_matter_texts(text.path, text.text) if front else []
            for field in fields or []:
                for start, end, message in _scan_once(field.text, field.field):
                    problems.add(text.path, *field.place(start, end), message)
            found = [*(scan(text.text[:split], yaml_field="front matter") if fields is None else []),
                     *((start + split, end + split, message) for start, end, message in scan(text.text[split:]))]
            for start, end, message in found:
                problems.add(text.path, *text.place(start, end), message)


@functools.lru_cache(maxsize=1 << 16)
def _scan_once(text: str, yaml_field: str | None) -> tuple[tuple[int, int, str], ...]:
    """`scan`, remembered: a preview session builds again after every edit, and scans only the strings it changed."""
    return tuple(scan(text, yaml_field))


def scan(text: str, yaml_field: str | None = None) -> Iterator[tuple[int, int, str]]:
    """Every unsafe construct in `text` as (start, end, message), in order of position.

    `yaml_field` names the YAML field `text` came from; there, any HTML tag is a finding. Without it, `text` is
    Markdown, where harmless HTML is allowed.
    """
    decoded = [*_decoded_characters(text, yaml_field)] if "&" in text or yaml_field is not None else []
    if TRIGGER.search(text) is None:
        yield from decoded
        return
    where = f" in field '{yaml_field}'" if yaml_field is not None else ""
    found = [*_scan_tags(text, yaml_field, where)]
    for match in AUTOLINK.finditer(text):
        found.extend(_check_target(text, match.start() + 1, where))
    unquoted = _unquoted(text)
    for pattern in (INLINE_TARGET, REFERENCE_TARGET):
        for match in pattern.finditer(unquoted):
            found.extend(_check_target(unquoted, match.end(), where))
    if yaml_field is not None:
        for quote in _breakout_quotes(text):
            found.append((quote, quote + 1, f"safety (attribute-breakout): field '{yaml_field}' "
                          "has a straight double quote '\"' with an '=' after it, which could end the HTML attribute "
                          "the theme writes this field into and start another; use curly quotes \u201c \u201d"))
    for pattern in ATTR_LISTS:
        for match in pattern.finditer(text):
            for attr in _attr_list(match.group(1), match.start(1)):
                found.extend(_check_attribute(attr, where, attr_list=True))
    found.extend(_remote_resources(text, unquoted, where))
    yield from sorted({*found, *decoded})


def _decoded_characters(text: str, yaml_field: str | None) -> Iterator[tuple[int, int, str]]:
    """Characters refused in a content file that reach the page only once decoded: in a YAML string as loaded
    (written as an escape, `"\u202e"`), and as a character reference (`&#x202E;`, `&rlm;`) in any text."""
    if yaml_field is not None:
        for match in REFUSED.finditer(text):
            yield match.start(), match.end(), f"{refused_message(ord(match.group()))} (written as a YAML escape)"
    for match in CHARACTER_REFERENCE.finditer(text):
        hexadecimal, decimal = match.group(1), match.group(2)
        if hexadecimal or decimal:
            code = int(hexadecimal, 16) if hexadecimal else int(decimal)
            codes = [code] if code <= 0x10FFFF else []
        else:
            codes = [ord(c) for c in html.unescape(match.group())]
        for code in codes:
            if REFUSED.match(chr(code)):
                yield (match.start(), match.end(),
                       f"{refused_message(code)} (written as the character reference '{match.group()}')")
                break


def _unquoted(text: str) -> str:
    """`text` with each blockquote marker at the start of a line made a space."""
    if ">" not in text:
        return text
    return QUOTE_MARKERS.sub(lambda m: m.group().replace(">", " "), text)


def _without_code_spans(text: str) -> str:
    """`text` with the inside of each code span made spaces (line breaks kept)."""
    return CODE_SPAN.sub(lambda m: m.group(1) + re.sub(r"[^\n]", " ", m.group(2)) + m.group(1), text)


def _brackets(text: str) -> dict[int, int]:
    """The offset of the `]` that closes each `[`, as LinkInlineProcessor.getText counts them (nested ones
    balanced), an escaped bracket not counted, and none closing across a blank line. One pass, so a run of
    unclosed `[` costs no more than any other text."""
    pairs: dict[int, int] = {}
    opened: list[int] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "\\" and i + 1 < n and text[i + 1] in "\\[]":
            i += 2
            continue
        if c == "[":
            opened.append(i)
        elif c == "]" and opened:
            pairs[opened.pop()] = i
        elif c == "\n" and opened and BLANK_LINE.match(text, i):
            opened.clear()
        i += 1
    return pairs


def _label(label: str) -> str:
    """A reference's id as Python-Markdown compares them: case and runs of whitespace do not count."""
    return " ".join(label.split()).lower()


def _remote_resources(text: str, unquoted: str, where: str) -> Iterator[tuple[int, int, str]]:
    """Images and media loaded from another site: Markdown images (inline and by reference, in every form), and a
    URL in any HTML tag's src, srcset, poster and the like (href too, except on a link). `unquoted` is `text` with
    its blockquote markers made spaces."""
    yield from _markdown_images(unquoted, where)
    yield from _tag_resources(text, where)


def _markdown_images(unquoted: str, where: str) -> Iterator[tuple[int, int, str]]:
    """Markdown images from another site: inline, and by reference in every form Python-Markdown reads."""
    labels: set[str] = set()
    for reading in dict.fromkeys((unquoted, _without_code_spans(unquoted))):
        if "![" not in reading:
            continue
        pairs = _brackets(reading)
        for bang in IMAGE_START.finditer(reading):
            close = pairs.get(bang.end() - 1)
            if close is None:
                continue
            alt = reading[bang.end():close]
            labels.add(_label(alt))  # `![logo]` and `![logo][]`, and what Markdown tries when the rest fails
            if INLINE_LINK.match(reading, close + 1):
                leading = TARGET_LEADING.match(reading, close + 2)
                target = IMAGE_TARGET.match(reading, leading.end() if leading else close + 2)
                if target and _remote(target.group()):
                    yield target.start(), target.end(), _remote_message("image", target.group(), where)
            reference = REFERENCE_ID.match(reading, close + 1)
            if reference and reference.group(1):
                labels.add(_label(reference.group(1)))
    for match in REFERENCE_DEFINITION.finditer(unquoted) if labels else ():
        if _label(match.group(1)) in labels and _remote(match.group(2)):
            yield match.start(2), match.end(2), _remote_message("image", match.group(2), where)


def _tag_resources(text: str, where: str) -> Iterator[tuple[int, int, str]]:
    """A URL from another site in any HTML tag's src, srcset, poster and the like (href too, except on a link)."""
    for tag, attrs in start_tags(text):
        name = (tag.group(2) or "").lower()
        if tag.group(1) or not name or name in BANNED_TAGS:
            continue  # a banned tag is refused whole
        for attr in attrs:
            attribute = attr.name.lower()
            if attr.value is None or attribute not in LOADING_ATTRIBUTES or (attribute == "href" and name in LINK_TAGS):
                continue
            urls = [u.strip().split(" ")[0] for u in attr.value.split(",")] if "srcset" in attribute else [attr.value]
            if any(_remote(u) for u in urls):
                yield (attr.value_start, attr.value_start + len(attr.value),
                       _remote_message(f"<{name} {attribute}>", attr.value, where))


def _remote(url: str) -> bool:
    """True for a URL on another site, as a browser reads it: entities decoded, tabs and line breaks dropped,
    leading spaces and controls skipped."""
    return REMOTE.match(URL_LEADING.sub("", URL_IGNORED.sub("", html.unescape(url)))) is not None


def _remote_message(what: str, url: str, where: str) -> str:
    shown = url if len(url) <= 60 else url[:57] + "..."
    return (f"safety (remote-resource): {what} '{shown}'{where} is loaded from another site, which would tell that "
            "site who reads the page; save the file in the site (docs/assets/) and use a relative path, or link to "
            "it with [text](url) instead")


def _scan_tags(text: str, yaml_field: str | None, where: str) -> Iterator[tuple[int, int, str]]:
    """HTML tags: any tag in a YAML field; in Markdown, banned tags and unsafe attributes."""
    opened: set[str] = set()
    for match, attrs in start_tags(text):
        name = (match.group(2) or "").lower()
        if MARKDOWN_AUTOLINK.match(text, match.start()):
            # A link, whose scheme is checked with the link targets; but inside a raw HTML block, where Markdown
            # makes no links, a browser reads `<https://onclick=alert(1)>` as a tag with a handler.
            for attr in attrs:
                if attr.value is not None and attr.name.lower().startswith("on"):
                    yield from _check_attribute(attr, where)
            continue
        closing = bool(match.group(1))
        if yaml_field is not None:
            if not (closing and name in opened):  # <b>x</b> is one finding, not two
                opened.add(name)
                shown = f"<{match.group(1)}{name}>" if name else f"{match.group(0)}...>"
                yield (match.start(), match.end(), f"safety (html-in-yaml): field '{yaml_field}' holds the "
                       f"HTML {shown}; YAML fields are plain text (Markdown emphasis and links are fine)")
            continue
        if not name:
            continue  # a comment or declaration: inert
        if name in BANNED_TAGS and not closing:
            yield (match.start(), match.end(), f"safety (raw-html): raw <{name}> is not allowed in content "
                   "(no scripts, frames, embedded objects, forms, <base>, <meta>, <link>, <style>, <svg> or <math>)")
        for attr in attrs:
            yield from _check_attribute(attr, where)
            markup = MARKDOWN_IN_VALUE.search(attr.value or "")
            if markup:
                at = attr.value_start + markup.start()
                yield (at, at + 1, f"safety (markdown-in-attribute): '{markup.group()}' in the value of the "
                       f"'{attr.name}' attribute of <{name}>; Markdown may end the tag there, or make a link, an "
                       "image or an autolink of it, whose quotes end the value early and turn the rest into "
                       "attributes; write &#91; for [, &#93; for ], &lt; for < and &gt; for >")


def start_tags(text: str) -> Iterator[tuple[re.Match[str], list[Attribute]]]:
    """Each tag a browser would read in `text`, with its attributes: a '<' inside an earlier tag (in one of its
    quoted values, or before its '>') is text there, not a tag, and is not read again. So a run of unclosed tags
    (`<a title='<a title='...`) is read once, not once per '<'."""
    inside_until = 0
    for match in TAG_START.finditer(text):
        if match.start() < inside_until:
            continue
        attrs, inside_until = parse_attributes(text, match.end()) if match.group(2) else ([], match.end())
        yield match, attrs


def parse_attributes(text: str, i: int) -> tuple[list[Attribute], int]:
    """The attributes of the start tag whose name ends at offset `i`, tokenised as a browser does (HTML5
    "before attribute name" to "after attribute value" states): names end at whitespace, `/`, `=` or `>`;
    values are quoted or end at whitespace or `>`. And the offset just after the tag (its '>', or the end)."""
    attrs: list[Attribute] = []
    n = len(text)
    while i < n:
        c = text[i]
        if c in WHITESPACE or c == "/":
            i += 1
            continue
        if c == ">":
            return attrs, i + 1
        start = i
        i += 1  # a name may begin with "=" (a parse error browsers accept)
        while i < n and text[i] not in WHITESPACE and text[i] not in "/>=":
            i += 1
        name = text[start:i]
        while i < n and text[i] in WHITESPACE:
            i += 1
        if i >= n or text[i] != "=":
            attrs.append(Attribute(name, None, start, i))
            continue
        i += 1
        while i < n and text[i] in WHITESPACE:
            i += 1
        if i < n and text[i] in "\"'":
            quote, value_start = text[i], i + 1
            close = text.find(quote, value_start)
            close = n if close < 0 else close
            attrs.append(Attribute(name, text[value_start:close], start, value_start))
            i = close + 1
        else:
            value_start = i
            while i < n and text[i] not in WHITESPACE and text[i] != ">":
                i += 1
            attrs.append(Attribute(name, text[value_start:i], start, value_start))
    return attrs, n


def _attr_list(inner: str, offset: int) -> Iterator[Attribute]:
    """The key=value pairs of an attr_list, as Python-Markdown's attr_list extension reads them."""
    for match in re.finditer(r"([^\s={}]+)(?:=(\"[^\"]*\"|'[^']*'|[^\s=}]+))?", inner):
        raw = match.group(2)
        value = raw[1:-1] if raw and raw[0] in "\"'" else raw
        value_start = match.start(2) + (1 if raw and raw[0] in "\"'" else 0) if raw else match.end()
        yield Attribute(match.group(1), value, offset + match.start(), offset + value_start)


def _check_attribute(attr: Attribute, where: str, *, attr_list: bool = False) -> Iterator[tuple[int, int, str]]:
    name = attr.name.lower()
    if name.startswith("on") and len(name) > 2:
        how = "an attr_list" if attr_list else "an HTML tag"
        yield (attr.start, attr.start + len(attr.name),
               f"safety (event-handler): '{attr.name}' attribute in {how}{where}; on* event handlers are not "
               "allowed in content")
    if name in BANNED_ATTRIBUTES:
        how = "an attr_list" if attr_list else "an HTML tag"
        yield (attr.start, attr.start + len(attr.name),
               f"safety (style-attribute): '{attr.name}' attribute in {how}{where}; inline styles are not allowed "
               "in content (a style can load images from other sites)")
    if attr.value is not None:
        scheme = _banned_scheme(html.unescape(attr.value))
        if scheme:
            yield (attr.value_start, attr.value_start + len(attr.value), _scheme_message(scheme, where))


# A link target, to its end or for as long as its scheme could be hidden (controls and spaces before it, entities in
# it): not to the end of the file, which for a run of unclosed links ('[a]([a]([a](...') was read once per link.
TARGET_TEXT = re.compile(r"[^ \n)>]{0,2048}")


def _breakout_quotes(text: str) -> Iterator[int]:
    """Each straight double quote with an `=` anywhere after it (the first of any run of them before that `=`), in
    one pass. Where the theme writes a field into an attribute unescaped (a page's description goes into
    <meta name="description" content="...">), the quote ends the attribute and what follows is read as more
    attributes, with or without spaces and other attributes between (`" x'y http-equiv=refresh`). A quote with no
    `=` after it ("also consider") can add only attributes without a value. Curly quotes end nothing."""
    at = 0
    while (quote := text.find('"', at)) >= 0 and (equals := text.find("=", quote)) >= 0:
        yield quote
        at = equals + 1


def _check_target(text: str, start: int, where: str) -> Iterator[tuple[int, int, str]]:
    leading = TARGET_LEADING.match(text, start)
    start = leading.end() if leading else start
    target = TARGET_TEXT.match(text, start)
    end = target.end() if target else start
    scheme = _banned_scheme(html.unescape(text[start:end]))
    if scheme:
        yield start, end, _scheme_message(scheme, where)


def _banned_scheme(url: str) -> str | None:
    url = URL_LEADING.sub("", URL_IGNORED.sub("", url)).lower()
    for scheme in BANNED_SCHEMES:
        if url.startswith(scheme + ":"):
            return scheme
    return None


def _scheme_message(scheme: str, where: str) -> str:
    return (f"safety (link-scheme): '{scheme}:' link target{where} is not allowed; link with https:, mailto: "
            "or a relative path")
