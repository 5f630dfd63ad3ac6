"""The content safety check: unsafe HTML in content/ or docs/ fails `python -m generator check` at its place."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_check, run_cli
from test_check import edit, shown

from generator.checks.safety import scan

STORY = "case-studies/sam.md"
BODY_LINE = "Sam was injured a year before the referral."  # line 28 of the story
IN_ATTR_LIST = "attribute in an attr_list; on* event handlers are not allowed in content"
JAVASCRIPT = ("safety (link-scheme): 'javascript:' link target is not allowed; link with https:, mailto: or a "
              "relative path")
IN_VALUE = ("safety (markdown-in-attribute): '{}' in the value of the '{}' attribute of <{}>; Markdown may end the "
            "tag there, or make a link, an image or an autolink of it, whose quotes end the value early and turn the "
            "rest into attributes; write &#91; for [, &#93; for ], &lt; for < and &gt; for >")
BREAKOUT = ("safety (attribute-breakout): field '{}' has a straight double quote '\"' with an '=' after it, which "
            "could end the HTML attribute the theme writes this field into and start another; use curly quotes "
            "\u201c \u201d")


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        pytest.param(
            STORY, BODY_LINE, BODY_LINE + '\n\n<img src="chair.png" alt="" onerror="alert(1)">',
            "case-studies/sam.md:30:29: safety (event-handler): 'onerror' attribute in an HTML tag; on* event "
            "handlers are not allowed in content",
            id="img-onerror-in-body",
        ),
        pytest.param(
            STORY, BODY_LINE, BODY_LINE + ' { onclick="steal()" }',
            "case-studies/sam.md:28:47: safety (event-handler): 'onclick' attribute in an attr_list; on* event "
            "handlers are not allowed in content",
            id="attr-list-onclick-in-body",
        ),
        pytest.param(
            STORY, BODY_LINE, BODY_LINE + "\n\n<script>document.location='https://x.example'</script>",
            "case-studies/sam.md:30:1: safety (raw-html): raw <script> is not allowed in content (no scripts, "
            "frames, embedded objects, forms, <base>, <meta>, <link>, <style>, <svg> or <math>)",
            id="script-in-body",
        ),
        pytest.param(
            STORY, BODY_LINE, BODY_LINE + '\n\n<a><animate attributeName="href" values="https://example.org/;'
            'javascript:alert(1)" dur="1s" fill="freeze"/><text y="20">click</text></a>',
            "case-studies/sam.md:30:4: safety (raw-html): raw <animate> is not allowed in content (no scripts, "
            "frames, embedded objects, forms, <base>, <meta>, <link>, <style>, <svg> or <math>)",
            id="svg-animation-of-a-link-in-body",
        ),
        pytest.param(
            STORY, BODY_LINE, BODY_LINE + "\n\n<x:y onmouseover=alert(3)>hover</x:y>",
            "case-studies/sam.md:30:6: safety (event-handler): 'onmouseover' attribute in an HTML tag; on* event "
            "handlers are not allowed in content",
            id="event-handler-on-a-tag-name-with-a-colon",
        ),
        pytest.param(
            STORY, BODY_LINE, "Sam was [injured](javascript:alert(1)) a year before the referral.",
            "case-studies/sam.md:28:19: safety (link-scheme): 'javascript:' link target is not allowed; link with "
            "https:, mailto: or a relative path",
            id="javascript-link-in-body",
        ),
        pytest.param(
            STORY, BODY_LINE, "Sam was [injured][1] a year before the referral.\n\n[1]: data:text/html;base64,PHN2Zz4=",
            "case-studies/sam.md:30:6: safety (link-scheme): 'data:' link target is not allowed; link with "
            "https:, mailto: or a relative path",
            id="data-reference-definition",
        ),
        pytest.param(
            STORY, BODY_LINE, BODY_LINE + " <VBScript:MsgBox(1)>",
            "case-studies/sam.md:28:46: safety (link-scheme): 'vbscript:' link target is not allowed; link with "
            "https:, mailto: or a relative path",
            id="vbscript-autolink",
        ),
        pytest.param(
            "specialisms/seating.yml", "summary: Assessment for wheelchairs",
            "summary: Assessment for <b>wheelchairs</b>",
            "specialisms/seating.yml:3:25: safety (html-in-yaml): field 'summary' holds the HTML <b>; YAML fields "
            "are plain text (Markdown emphasis and links are fine)",
            id="html-in-yaml-field",
        ),
        pytest.param(
            "specialisms/seating.yml", "summary: Assessment for wheelchairs",
            'summary: Assessment" onmouseover="alert(1)" for wheelchairs',
            f"specialisms/seating.yml:3:20: {BREAKOUT.format('summary')}",
            id="attribute-breakout-from-page-description",
        ),
        pytest.param(
            STORY, "summary: Seating and a move to a ground-floor flat.",
            "summary: '0;url=https://evil.example/\" x''y http-equiv=refresh z=\"'",
            f"case-studies/sam.md:4:38: {BREAKOUT.format('summary')}",
            id="attribute-breakout-to-a-refresh-with-no-space-before-the-name",
        ),
        pytest.param(
            "specialisms/seating.yml", "summary: Assessment for wheelchairs",
            'summary: |-\n  Assessment for wheelchairs"\n  http-equiv=refresh',
            f"specialisms/seating.yml:4:29: {BREAKOUT.format('summary')}",
            id="attribute-breakout-across-lines-of-a-block-scalar",
        ),
        pytest.param(
            "checklists/before.yml", "    guidance: Goals shape the whole assessment.",
            "    guidance: Goals shape the whole assessment. { onclick=alert(1) }",
            "checklists/before.yml:8:51: safety (event-handler): 'onclick' attribute in an attr_list in field "
            "'items[0].guidance'; on* event handlers are not allowed in content",
            id="attr-list-onclick-in-nested-yaml-field",
        ),
        pytest.param(
            "specialisms/seating.yml", "  - The client slides down in their chair.",
            "  - >-\n    The client slides down\n    in their [chair](  JAVA\tSCRIPT:alert(1))",
            "specialisms/seating.yml:7:24: safety (link-scheme): 'javascript:' link target in field "
            "'when_to_instruct[0]' is not allowed; link with https:, mailto: or a relative path",
            id="javascript-link-in-block-scalar",
        ),
        pytest.param(
            STORY, BODY_LINE, "Sam was [injured](\u00a0data:text/html,hi) a year before the referral.",
            "case-studies/sam.md:28:20: safety (link-scheme): 'data:' link target is not allowed; link with "
            "https:, mailto: or a relative path",
            id="data-link-after-a-no-break-space",
        ),
        pytest.param(
            STORY, BODY_LINE, "Sam was [injured](\u00a0javascript:alert(1)) a year before the referral.",
            "case-studies/sam.md:28:20: safety (link-scheme): 'javascript:' link target is not allowed; link with "
            "https:, mailto: or a relative path",
            id="javascript-link-after-a-no-break-space",
        ),
        pytest.param(
            "specialisms/seating.yml", "  - The client slides down in their chair.",
            "  - The client slides down in their [chair](<\u3000javascript:alert(1)>).",
            "specialisms/seating.yml:5:47: safety (link-scheme): 'javascript:' link target in field "
            "'when_to_instruct[0]' is not allowed; link with https:, mailto: or a relative path",
            id="javascript-link-after-an-ideographic-space-in-a-list-item",
        ),
        pytest.param(
            STORY, BODY_LINE, BODY_LINE + '\n\n## Heading A {: title="}" onclick="alert(1)" }',
            f"case-studies/sam.md:30:27: safety (event-handler): 'onclick' {IN_ATTR_LIST}",
            id="attr-list-handler-after-a-brace-in-double-quotes",
        ),
        pytest.param(
            STORY, BODY_LINE, BODY_LINE + "\n{: title='}' onmouseover=alert(5) }",
            f"case-studies/sam.md:29:14: safety (event-handler): 'onmouseover' {IN_ATTR_LIST}",
            id="attr-list-handler-after-a-brace-in-single-quotes",
        ),
        pytest.param(
            STORY, BODY_LINE, BODY_LINE + " [B link][r1]\n\n> Quoted.\n>\n> [r1]: javascript:alert(1)",
            f"case-studies/sam.md:32:9: {JAVASCRIPT}", id="reference-definition-in-a-blockquote",
        ),
        pytest.param(
            STORY, BODY_LINE, BODY_LINE + " [B link][r3]\n\n- An item\n- [r3]: javascript:alert(3)",
            f"case-studies/sam.md:31:9: {JAVASCRIPT}", id="reference-definition-in-a-list-item",
        ),
        pytest.param(
            STORY, BODY_LINE, BODY_LINE + ' [B link][r4]\n\n!!! note "Note"\n\n    [r4]: javascript:alert(4)',
            f"case-studies/sam.md:32:11: {JAVASCRIPT}", id="reference-definition-indented-in-an-admonition",
        ),
        pytest.param(
            STORY, BODY_LINE, BODY_LINE + " [B link][r5]\n\n> 1. [r5]:\n>    javascript:alert(5)",
            f"case-studies/sam.md:31:6: {JAVASCRIPT}", id="reference-definition-target-on-the-next-quoted-line",
        ),
        pytest.param(
            STORY, BODY_LINE, BODY_LINE + "\n\n> [click](\n> javascript:alert(7))",
            f"case-studies/sam.md:31:3: {JAVASCRIPT}", id="link-target-on-the-next-quoted-line",
        ),
        pytest.param(
            STORY, BODY_LINE, BODY_LINE + '\n\nText <img alt="x> [a](https://x.example/onerror=alert(8)//) y">',
            f"case-studies/sam.md:30:17: {IN_VALUE.format('>', 'alt', 'img')}",
            id="markdown-link-after-a-quoted-angle-bracket-in-a-raw-attribute-value",
        ),
        pytest.param(
            STORY, BODY_LINE, BODY_LINE + ' <span title="x [a](https://x.example/onmouseover=alert(8)//) y">z</span>',
            f"case-studies/sam.md:28:60: {IN_VALUE.format('[', 'title', 'span')}",
            id="markdown-link-inside-a-raw-attribute-value",
        ),
    ],
)
def test_unsafe_content_is_reported_at_its_place(content: Path, file: str, old: str, new: str, expected: str) -> None:
    edit(content / file, old, new)
    assert shown(content) == [expected]


def test_every_unsafe_construct_is_reported_in_one_run(content: Path) -> None:
    edit(content / STORY, BODY_LINE, BODY_LINE + '\n<iframe src="https://x.example"></iframe>\n<form action=x>')
    edit(content / "specialisms/seating.yml", "title: Seating", "title: <i>Seating</i>")
    found = shown(content)
    assert [line.split(": ")[0] for line in found] == [
        "case-studies/sam.md:29:1", "case-studies/sam.md:30:1", "specialisms/seating.yml:2:8",
    ], found


def test_hand_written_pages_are_scanned(content: Path, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "about").mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n\nWelcome.\n")
    (docs / "about" / "index.md").write_text("# About\n\n![Team](team.png){ onload=alert(1) }\n")
    proc = run_check(content, "--docs", str(docs))
    assert proc.returncode == 1
    assert proc.stderr.splitlines()[0] == (
        f"{docs}/about/index.md:3:20: safety (event-handler): 'onload' attribute in an attr_list; on* event "
        "handlers are not allowed in content"
    )


def test_the_front_matter_of_a_hand_written_page_is_data(content: Path, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text('---\ndescription: Home" onfocus="alert(1)\n---\n# Home\n\n'
                                   '<a href="https://www.rcot.co.uk/" title="RCOT">RCOT</a>\n')
    proc = run_check(content, "--docs", str(docs))
    assert proc.stderr.splitlines()[:-1] == [f"{docs}/index.md:2:18: {BREAKOUT.format('description')}"]


def test_the_front_matter_of_a_hand_written_page_is_read_as_yaml(content: Path, tmp_path: Path) -> None:
    """A quote YAML writes as an escape is found in the value it makes, at the value; a value quoted in YAML is
    not a double quote in the page."""
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.md").write_text('---\ntitle: "x = y"\ndescription: "Home\\x22 http-equiv=refresh"\n---\n# Home\n')
    proc = run_check(content, "--docs", str(docs))
    assert proc.stderr.splitlines()[:-1] == [f"{docs}/index.md:3:14: {BREAKOUT.format('description')}"]


def test_the_shipped_content_and_pages_are_safe() -> None:
    proc = run_cli("check", "--docs", "docs")
    assert "safety (" not in proc.stderr
    # Absent because the check ran and passed, not because it crashed before scanning anything.
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize(
    "text",
    [
        "<img src=x onerror=alert(1)>",
        "<IMG SRC=x ONERROR=alert(1)>",
        "<img/onerror=alert(1) src=x>",
        "<svg\nonload=alert(1)>",
        '<a href="jav&#x61;script:alert(1)">x</a>',
        '<a href=" java\tscript:alert(1)">x</a>',
        "<object data=x.swf>",
        "<embed src=x>",
        "<base href=https://x.example/>",
        "<meta http-equiv=refresh content='0;url=https://x.example'>",
        "<style>@import url(https://x.example/a.css)</style>",
        "[x](<javascript:alert(1)>)",
        "![x](data:image/svg+xml;base64,PHN2Zz4=)",
        "[x]: vbscript:msgbox",
        "## Heading {: onmouseover='alert(1)' }",
        "[link](https://example.org){ href='javascript:alert(1)' }",
        "[x](\u00a0data:text/html,hi)",
        "[x](\u2003\u00a0<\u00a0javascript:alert(1)>)",
        "[x](\x1fjavascript:alert(1))",
        '<svg><a><SET attributeName="href" to="https://example.org/"/></a></svg>',
        "<svg><animateMotion dur=1s></animateMotion><animateTransform attributeName=transform/></svg>",
        "<x:y onmouseover=alert(3)>hover</x:y>",
        "<https:/onmouseover=alert(1)>x",
        "<a@b onclick=alert(1)>x",
        "<div>\n<https://onclick=alert(1)>x\n</div>",
    ],
)
def test_unsafe_markdown(text: str) -> None:
    assert list(scan(text)), text


@pytest.mark.parametrize(
    "text",
    [
        "Plain text with a < b and 5<6, and under 5 years.",
        "A [relative link](../specialisms/seating.md) and [one elsewhere](https://www.rcot.co.uk/).",
        "An autolink <https://www.hcpc-uk.org/> and a [mail link](mailto:someone@example.org).",
        "<details markdown><summary>More</summary>Text</details>",
        "## Heading { #anchor .class data-level=2 }",
        "Data: what the OT records. Onset = early; one=1.",
        "Links <https://www.ontario.ca/online>, <mailto:someone@onmail.example> and <someone@onmail.example>.",
    ],
)
def test_safe_markdown(text: str) -> None:
    assert list(scan(text)) == []


def test_yaml_fields_take_no_html_at_all() -> None:
    assert [m for _, _, m in scan("A <details> tag")] == []
    assert [m for _, _, m in scan("A <details> tag", yaml_field="summary")] == [
        "safety (html-in-yaml): field 'summary' holds the HTML <details>; YAML fields are plain text "
        "(Markdown emphasis and links are fine)"
    ]
    assert [m for _, _, m in scan("See <https://www.hcpc-uk.org/>", yaml_field="summary")] == []
    assert [m for _, _, m in scan("Hover <x:y onmouseover=alert(3)>", yaml_field="summary")] == [
        "safety (html-in-yaml): field 'summary' holds the HTML <x:y>; YAML fields are plain text "
        "(Markdown emphasis and links are fine)"
    ]


@pytest.mark.parametrize(("text", "findings"), [
    ("<a title='" * 5000, 2500),  # each second '<' is inside the quoted value before it: one finding there
    ("[a](" * 5000, 0),
    ("![a](" * 5000, 0),
    ("![a][" * 5000, 0),
])
def test_a_run_of_unclosed_markup_is_read_once(text: str, findings: int) -> None:
    """A '<' inside an earlier tag is text, not another tag, and a link's or image's target is read only as far as
    its scheme could hide: a file of unclosed tags or links was read once per '<' or '(' to its end (minutes)."""
    assert len(list(scan(text))) == findings


def test_a_field_of_straight_quotes_is_read_once() -> None:
    """The quote rule reports the first quote before each '=' and reads the field once: a pattern from each quote to
    the next '=' read a field of 20,000 quotes once per quote."""
    assert [(start, end) for start, end, _ in scan('"a=" "b=', "summary")] == [(0, 1), (3, 4)]
    assert list(scan('"' * 20000, "summary")) == []
