"""Issue #24: every remaining class of bad content is caught by `generator check` at its file, line and column,
all at once, in words an editor can act on, and never as a traceback."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import typing
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, run_check
from test_check import edit, shown

from generator import generate
from generator.load.strict_yaml import split_front_matter
from generator.structure.content import TYPES, ContentType

SEATING = "specialisms/seating.yml"
STORY = "case-studies/sam.md"
GUIDE = "guides/who-pays.md"
BODY_LINE = "Sam was injured a year before the referral."  # line 28 of the story
GUIDE_LINE = "An insurer may pay for therapy while a claim goes on."  # line 17 of the guide
TITLE = "title: Seating and postural management"  # line 2 of seating.yml
INVOLVEMENT = "involvement: one-off\n"  # line 13 of seating.yml


def crlf(path: Path) -> None:
    """Save `path` as a Windows editor would: every line ending CR LF."""
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))


def clean(content: Path) -> None:
    run = run_check(content)
    assert "Traceback" not in run.stderr
    assert (run.returncode, run.stderr) == (0, ""), run.stderr


# 1. Windows line endings are the same content: no carriage return reaches a page, and lines are counted right.


@pytest.mark.parametrize("name", [STORY, GUIDE, SEATING, "referral/test-flow.yml"])
def test_a_file_saved_with_windows_line_endings_is_the_same_content(content: Path, name: str) -> None:
    crlf(content / name)
    clean(content)  # its review's fingerprint still matches: nothing changed but the line endings


@pytest.mark.parametrize(("name", "page", "line"), [(STORY, "case-studies/sam.md", BODY_LINE),
                                                     (GUIDE, "guides/who-pays.md", GUIDE_LINE)])
def test_no_carriage_return_reaches_a_page(content: Path, name: str, page: str, line: str) -> None:
    edit(content / name, line, line + "\nA second line.\n\nA second paragraph.")
    crlf(content / name)
    result = generate(content)
    assert not result.problems.errors, result.problems.errors
    assert line + "\nA second line.\n\nA second paragraph." in result.pages[page].text
    assert all("\r" not in p.text for p in result.pages.values())


@pytest.mark.parametrize(
    ("name", "old", "new", "expected"),
    [
        pytest.param(STORY, BODY_LINE, BODY_LINE + "\n\nHis NHS number is 943 476 5919.",
                     "case-studies/sam.md:30:19: anonymisation (nhs-number): '943 *** ***9' looks like a valid NHS "
                     "number; remove it: content never carries NHS, CHI or hospital numbers", id="story-body"),
        pytest.param(GUIDE, GUIDE_LINE, GUIDE_LINE + "\n\nSee [x](../specialisms/houses.md).",
                     "guides/who-pays.md:19:9: link to '../specialisms/houses.md': there is no page "
                     "specialisms/houses.md; link to a page the site has, relative to this page (guides/who-pays.md), "
                     "e.g. '../specialisms/hand-therapy.md'", id="guide-body"),
        pytest.param(STORY, "  - Sit comfortably all day", "  - Sit comfortably all day, as Mrs Evans asked",
                     "case-studies/sam.md:15:33: anonymisation (title-and-name): 'Mrs E****' in field 'goals[0]' looks "
                     "like a title and a name; call the client by the declared pseudonym ('Sam'), without a title, and "
                     "anyone else by their role", id="story-front-matter"),
        pytest.param(SEATING, "involvement: one-off", "involvement: sometimes",
                     "specialisms/seating.yml:13:14: field 'involvement': input should be 'one-off', 'ongoing' or "
                     "'one-off or ongoing'; found 'sometimes'", id="yaml-value"),
    ],
)
def test_lines_and_columns_stay_right_with_windows_line_endings(
    content: Path, name: str, old: str, new: str, expected: str
) -> None:
    edit(content / name, old, new)
    crlf(content / name)
    assert shown(content) == [expected]


@pytest.mark.parametrize(
    ("name", "old", "new", "expected"),
    [
        pytest.param(SEATING, TITLE, "title: Seating and\rpostural management", f"{SEATING}:2:19", id="yaml-value"),
        pytest.param(STORY, BODY_LINE, "Sam was injured\ra year before the referral.", f"{STORY}:28:16",
                     id="story-body"),
        pytest.param(GUIDE, GUIDE_LINE, "An insurer may pay\r for therapy while a claim goes on.", f"{GUIDE}:17:19",
                     id="guide-body-in-a-crlf-file"),
    ],
)
def test_a_lone_carriage_return_is_an_error_at_its_place(
    content: Path, name: str, old: str, new: str, expected: str
) -> None:
    edit(content / name, old, new)
    if name == GUIDE:
        crlf(content / name)
    assert shown(content) == [
        f"{expected}: the character U+000D (CARRIAGE RETURN) on its own, not before a line feed, is not allowed (an "
        "old Mac line ending, or pasted from another program): delete it, or save the file with ordinary line endings"
    ]


# 6. Size limits: a file, a list, a title, a value or a nesting beyond them is an error at its line.


def test_a_file_over_the_size_limit_is_refused_unread(content: Path) -> None:
    edit(content / STORY, BODY_LINE, BODY_LINE + "\n\n" + "Sam sat. " * 60_000)
    assert shown(content) == [f"{STORY}:1:1: this file is 528 KB; a content file may be at most 512 KB: split it "
                              "into several files, or shorten it"]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param("keywords:\n  - wheelchair\n", "keywords:\n" + "".join(f"  - word {i}\n" for i in range(200)),
                     "27:3: this list has 201 items; a list may hold at most 200: shorten it, or split the file into "
                     "several", id="block-list"),
        pytest.param("keywords:\n  - wheelchair\n  - cushion\n",
                     f"keywords: [{', '.join(f'w{i}' for i in range(250))}]\n",
                     "26:11: this list has 250 items; a list may hold at most 200: shorten it, or split the file "
                     "into several", id="flow-list"),
        pytest.param(TITLE, "title: " + "Seating " * 26, "2:8: this title is 207 characters long; a title may be at "
                     "most 200: shorten it, and say the rest in the summary", id="title"),
        pytest.param("summary: Assessment", "summary: " + "Assessment " * 1900 + "Assessment",
                     "3:10: this value is 20,980 characters long; a value may be at most 20,000: shorten it, or split "
                     "it into several", id="any-value"),
        pytest.param("  - Posture in sitting and lying", "  - Posture in sitting and lying\n  - >-\n"
                     + "    Posture and seating\n" * 1100, "9:5: this value is 21,999 characters long; a value may be "
                     "at most 20,000: shorten it, or split it into several", id="folded-value"),
    ],
)
def test_size_limits_are_errors_at_the_value(content: Path, old: str, new: str, expected: str) -> None:
    edit(content / SEATING, old, new)
    assert shown(content) == [f"{SEATING}:{expected}"]


@pytest.mark.parametrize(
    ("new", "expected"),
    [
        pytest.param("title: " + "[" * 13 + "x" + "]" * 13, "2:20", id="flow-style"),
        pytest.param("title:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 13)) + "  " * 13 + "k13: x",
                     "15:27", id="block-style"),
    ],
)
def test_nesting_deeper_than_the_limit_is_an_error_at_its_line(content: Path, new: str, expected: str) -> None:
    edit(content / SEATING, TITLE, new)
    found = shown(content)
    assert (f"{SEATING}:{expected}: values are nested more than 12 levels deep here; content files need only a few "
            "levels: move this value up, or split it into separate fields") in found, found


# 7. Unicode safety: invisible reordering controls and other control characters are refused, named, at their place.

BIDI = ("is not allowed in content: it changes the order in which text is displayed, so the page would read "
        "differently from the file; delete it")
CONTROL = "is not allowed in content (a control character, often pasted from another program); delete it"


@pytest.mark.parametrize(
    ("name", "old", "new", "expected"),
    [
        pytest.param(SEATING, TITLE, "title: Seating \u202eand postural management",
                     f"2:16: the invisible character U+202E (RIGHT-TO-LEFT OVERRIDE) {BIDI}", id="rlo-in-a-value"),
        pytest.param(SEATING, "keywords:", "key\u200fwords:",
                     f"26:4: the invisible character U+200F (RIGHT-TO-LEFT MARK) {BIDI}", id="rlm-in-a-key"),
        pytest.param(STORY, BODY_LINE, "Sam was \u061cinjured a year before the referral.",
                     f"28:9: the invisible character U+061C (ARABIC LETTER MARK) {BIDI}", id="alm-in-a-body"),
        pytest.param(STORY, BODY_LINE, "Sam was\u200e injured a year before the referral.",
                     f"28:8: the invisible character U+200E (LEFT-TO-RIGHT MARK) {BIDI}", id="lrm-in-a-body"),
        pytest.param(STORY, BODY_LINE, "Sam was injured\x1b a year before the referral.",
                     f"28:16: the character U+001B {CONTROL}", id="c0-in-a-body"),
        pytest.param(SEATING, TITLE, "title: Seating\x85 and postural management",
                     f"2:15: the character U+0085 (NEXT LINE) {CONTROL}", id="c1-next-line"),
        pytest.param(SEATING, TITLE, "title: Seating\x9b and postural management",
                     f"2:15: the character U+009B {CONTROL}", id="c1-csi"),
        pytest.param(SEATING, TITLE, "title: Seating\ufeff and postural management",
                     "2:15: the invisible character U+FEFF (ZERO WIDTH NO-BREAK SPACE) is not allowed inside the text "
                     "(a byte-order mark, often pasted from another program); delete it", id="bom-inside-text"),
        pytest.param(SEATING, TITLE, "title: Seating\u2028and postural management",
                     "2:15: the character U+2028 (LINE SEPARATOR) is not allowed in content: YAML reads it as a line "
                     "break; delete it, or use an ordinary line break", id="line-separator"),
    ],
)
def test_a_refused_character_is_named_at_its_place(
    content: Path, name: str, old: str, new: str, expected: str
) -> None:
    edit(content / name, old, new)
    assert shown(content) == [f"{name}:{expected}"]


def test_bidi_controls_around_a_word_are_each_reported(content: Path) -> None:
    edit(content / SEATING, INVOLVEMENT, "involvement: one-off\n# note \u2066x\u2069\n")
    assert shown(content) == [f"{SEATING}:14:8: the invisible character U+2066 (LEFT-TO-RIGHT ISOLATE) {BIDI}",
                              f"{SEATING}:14:10: the invisible character U+2069 (POP DIRECTIONAL ISOLATE) {BIDI}"]


def test_every_refused_character_is_reported_and_the_rest_of_the_file_still_checked(content: Path) -> None:
    edit(content / SEATING, TITLE, "title: \u202eSeating\u202c and postural management")
    edit(content / SEATING, "involvement: one-off", "involvement: sometimes")
    assert shown(content) == [
        f"{SEATING}:2:8: the invisible character U+202E (RIGHT-TO-LEFT OVERRIDE) {BIDI}",
        f"{SEATING}:2:16: the invisible character U+202C (POP DIRECTIONAL FORMATTING) {BIDI}",
        f"{SEATING}:13:14: field 'involvement': input should be 'one-off', 'ongoing' or 'one-off or ongoing'; found "
        "'sometimes'",
    ]


# 8. Field names YAML reads as something other than text: at the key's own line and column.


@pytest.mark.parametrize(
    ("added", "expected"),
    [
        pytest.param("~: x", "14:1: a field name must be text; `~` reads as an empty value: write the field's name",
                     id="tilde"),
        pytest.param("null: x", "14:1: a field name must be text; `null` reads as an empty value: write the field's "
                     "name", id="null"),
        pytest.param(".nan: x", "14:1: a field name must be text; `.nan` reads as a number: write the field's name",
                     id="nan"),
        pytest.param("12: x", "14:1: a field name must be text; `12` reads as a number: write the field's name",
                     id="number"),
        pytest.param("2026-01-01: x", "14:1: a field name must be text; `2026-01-01` reads as a date: write the "
                     "field's name", id="date"),
        pytest.param("true: x", "14:1: a field name must be text; `true` reads as true or false: write the field's "
                     "name", id="boolean"),
        pytest.param("[a, b]: x", "14:1: a field name must be text, not a list or mapping: write the field's name",
                     id="list"),
        pytest.param("? {a: b}\n: x", "14:3: a field name must be text, not a list or mapping: write the field's name",
                     id="mapping"),
    ],
)
def test_a_field_name_that_is_not_text_is_reported_at_its_line(content: Path, added: str, expected: str) -> None:
    edit(content / SEATING, INVOLVEMENT, INVOLVEMENT + added + "\n")
    assert shown(content) == [f"{SEATING}:{expected}"]


def test_a_bad_field_name_in_a_nested_mapping_and_in_front_matter(content: Path) -> None:
    edit(content / "checklists/before.yml", "    guidance: Goals", "    ~: x\n    guidance: Goals")
    edit(content / STORY, "setting: home", "setting: home\n2026-01-01: the day")
    assert shown(content) == [
        "case-studies/sam.md:14:1: a field name must be text; `2026-01-01` reads as a date: write the field's name",
        "checklists/before.yml:8:5: a field name must be text; `~` reads as an empty value: write the field's name",
    ]


# 2 and 3. Referral flows: a question that offers no choice, and a result that leads nowhere, are warnings.

FLOW = "referral/test-flow.yml"


def warnings_of(content: Path) -> list[str]:
    run = run_check(content)
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
    return [line.replace(f"{content}/", "") for line in run.stderr.splitlines()
            if ": warning: " in line and "changed since review" not in line]


SINGLE = ("is not a choice: add the other answers, or drop the question and point to its answer's next step "
          "directly")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        pytest.param('      - {label: "no | not #1 `safely` <5 _steps_", slug: "no", needs: [seating],\n'
                     "         next: seating-outcome}\n", "", id="block-list-of-one"),
        pytest.param('    options:\n      - label: "yes"\n        slug: "yes"\n        next: housing-outcome\n'
                     '      - {label: "no | not #1 `safely` <5 _steps_", slug: "no", needs: [seating],\n'
                     "         next: seating-outcome}\n",
                     "    options: [{label: 'yes', slug: 'yes', next: housing-outcome}]\n", id="flow-list-of-one"),
    ],
)
def test_a_question_with_a_single_answer_is_a_warning_at_the_question(content: Path, old: str, new: str) -> None:
    edit(content / FLOW, old, new)
    assert warnings_of(content) == [f"{FLOW}:24:5: warning: question 'stairs' has a single answer, so it {SINGLE}"]


DEAD_END = ("is a dead end: it recommends nothing and has no also_consider, no instead and no ask_for; recommend a "
            "specialism, list some under also_consider, or say what to do under instead or ask_for")


HOUSING_NEED = "        needs:\n          - housing\n"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param("    recommend:\n      - housing\n", "",
                     f"{FLOW}:44:5: warning: outcome 'housing-outcome' {DEAD_END}", id="nothing-recommended"),
        pytest.param("    recommend:\n      - housing\n", "    recommend: []\n    also_consider: []\n",
                     f"{FLOW}:44:5: warning: outcome 'housing-outcome' {DEAD_END}", id="empty-lists"),
    ],
)
def test_a_result_that_leads_nowhere_is_a_warning_at_the_outcome(
    content: Path, old: str, new: str, expected: str
) -> None:
    edit(content / FLOW, HOUSING_NEED, "")  # else the need on the route to it is unmet, an error
    edit(content / FLOW, old, new)
    assert warnings_of(content) == [expected]


@pytest.mark.parametrize(
    "instead",
    ["    also_consider:\n      - seating\n", "    instead: Ask the GP first.\n",
     "    ask_for:\n      - An assessment of the whole home\n"],
)
def test_a_result_with_somewhere_to_go_is_not_a_dead_end(content: Path, instead: str) -> None:
    edit(content / FLOW, HOUSING_NEED, "")
    edit(content / FLOW, "    recommend:\n      - housing\n", instead)
    assert warnings_of(content) == []


def test_the_shipped_flows_have_no_single_answer_or_dead_end() -> None:
    from conftest import run_cli

    run = run_cli("check")
    assert run.returncode == 0, run.stderr
    assert "single answer" not in run.stderr and "dead end" not in run.stderr


# 4. Identifiers in case stories: a named employer, and an NHS-layout number whatever its check digit.

NUMBER = "remove it: content never carries NHS, CHI or hospital numbers"
WRONG = "an NHS number with a wrong check digit (a mistyped number still identifies someone)"
EMPLOYER = ("looks like a named employer; describe it instead: 'a large retailer', 'a local engineering firm', "
            "'her employer'")


@pytest.mark.parametrize(
    ("added", "expected"),
    [
        pytest.param(" NHS 943 476 5919.", f"28:49: anonymisation (nhs-number): '943 *** ***9' looks like a valid NHS "
                     f"number; {NUMBER}", id="valid-spaced"),
        pytest.param(" NHS 943 476 5918.", f"28:49: anonymisation (nhs-number): '943 *** ***8' looks like {WRONG}; "
                     f"{NUMBER}", id="invalid-spaced"),
        pytest.param(" NHS 943-476-5918.", f"28:49: anonymisation (nhs-number): '943-***-***8' looks like {WRONG}; "
                     f"{NUMBER}", id="invalid-dashed"),
        pytest.param(" NHS 9434765918.", f"28:49: anonymisation (nhs-number): '943******8' looks like {WRONG}; "
                     f"{NUMBER}", id="invalid-unspaced"),
        pytest.param(" NHS 943\u00a0476\u00a05918.", f"28:49: anonymisation (nhs-number): '943\u00a0***\u00a0***8' "
                     f"looks like {WRONG}; {NUMBER}", id="invalid-non-breaking-spaces"),
        pytest.param(" NHS 943\u00a0476\u00a05919.", f"28:49: anonymisation (nhs-number): '943\u00a0***\u00a0***9' "
                     f"looks like a valid NHS number; {NUMBER}", id="valid-non-breaking-spaces"),
        pytest.param(" She worked at Harwood Logistics for years.", f"28:59: anonymisation (employer): "
                     f"'H****** *********' {EMPLOYER}", id="worked-at"),
        pytest.param(" He was employed by Bank of Wales.", f"28:64: anonymisation (employer): 'B*** ** *****' "
                     f"{EMPLOYER}", id="employed-by"),
        pytest.param(" Her employer, Greystone Group, agreed.", f"28:59: anonymisation (employer): "
                     f"'G******** *****' {EMPLOYER}", id="her-employer-group"),
    ],
)
def test_identifiers_in_a_story_body_are_errors_at_their_place(content: Path, added: str, expected: str) -> None:
    edit(content / STORY, BODY_LINE, BODY_LINE + added)
    assert shown(content) == [f"{STORY}:{expected}"]


def test_an_nhs_layout_number_in_story_front_matter(content: Path) -> None:
    edit(content / STORY, "  - Sit comfortably all day", "  - Sit comfortably all day (ref 401 023 2138)")
    assert shown(content) == [f"{STORY}:15:34: anonymisation (nhs-number): '401 *** ***8' in field 'goals[0]' looks "
                              f"like {WRONG}; {NUMBER}"]


@pytest.mark.parametrize(
    "added",
    [" Call 07700 900123 or 01632 960 001.", " Between 2019-2023 and 1999 - 2001.", " She worked at home at weekends.",
     " She works for the NHS and worked at Christmas.", " Her employer agreed."],
)
def test_what_is_clearly_not_an_identifier_passes(content: Path, added: str) -> None:
    edit(content / STORY, BODY_LINE, BODY_LINE + added)
    assert run_check(content).returncode == 0


# 5. A link from the site root passes nowhere: it breaks when the site is published in a folder.

ROOT_LINK = ("starts at the site root, which breaks when the site is published in a folder (as on GitHub Pages); use "
             "a relative link, e.g.")


@pytest.mark.parametrize(
    ("name", "old", "new", "expected"),
    [
        pytest.param(STORY, BODY_LINE, BODY_LINE + " See [housing](/specialisms/housing/).",
                     f"{STORY}:28:59: link to '/specialisms/housing/' {ROOT_LINK} '../specialisms/housing.md'",
                     id="story-body-page"),
        pytest.param(GUIDE, GUIDE_LINE, GUIDE_LINE + " See [all](/specialisms/#top).",
                     f"{GUIDE}:17:65: link to '/specialisms/#top' {ROOT_LINK} '../specialisms/index.md#top'",
                     id="guide-body-folder"),
        pytest.param(SEATING, "summary: Assessment for", "summary: See [who pays](/guides/who-pays.md). Assessment for",
                     f"{SEATING}:3:25: link to '/guides/who-pays.md' {ROOT_LINK} '../guides/who-pays.md'",
                     id="yaml-field-md"),
        pytest.param(STORY, BODY_LINE, BODY_LINE + ' <a href="/checklists/before/">x</a>',
                     f"{STORY}:28:54: link to '/checklists/before/' {ROOT_LINK} '../checklists/before.md'",
                     id="html-href"),
    ],
)
def test_a_site_absolute_link_is_an_error_at_the_link(
    content: Path, name: str, old: str, new: str, expected: str
) -> None:
    edit(content / name, old, new)
    assert shown(content) == [expected]


# 9. JSON Schemas: valid for the metaschema in ECMAScript's Unicode regex dialect (as editors run them) and in
# Python's, and every shipped content file valid against its schema, checked by check-jsonschema offline.

CHECK_JSONSCHEMA = Path(sys.executable).parent / "check-jsonschema"
OFFLINE = {"HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9", "NO_PROXY": "",
           "http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9", "no_proxy": ""}
SCHEMAS = sorted((ROOT / "schemas").glob("*.schema.json"))


def check_jsonschema(*args: str | Path) -> subprocess.CompletedProcess[str]:
    assert CHECK_JSONSCHEMA.exists(), f"{CHECK_JSONSCHEMA} is missing: install the test extra"
    return subprocess.run([str(CHECK_JSONSCHEMA), *map(str, args)], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, **OFFLINE}, timeout=120)


@pytest.mark.parametrize("variant", ["default", "python"])
def test_every_schema_passes_the_metaschema(variant: str) -> None:
    assert len(SCHEMAS) == len(TYPES)
    proc = check_jsonschema("--check-metaschema", "--regex-variant", variant, *SCHEMAS)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_metaschema_check_catches_an_escape_ecmascript_refuses(tmp_path: Path) -> None:
    schema = tmp_path / "bad.schema.json"
    schema.write_text(json.dumps({"$schema": "https://json-schema.org/draft/2020-12/schema", "type": "string",
                                  "pattern": '^https://[^\\s<>\\"]+$'}))
    proc = check_jsonschema("--check-metaschema", schema)
    assert proc.returncode == 1 and "is not a 'regex'" in proc.stdout, proc.stdout + proc.stderr


def test_a_web_address_pattern_reads_the_same_in_python() -> None:
    from generator.structure.provenance import WebAddress

    pattern = re.compile(typing.get_args(WebAddress)[1].pattern)
    assert pattern.match("https://www.rcot.co.uk/a?b=c")
    assert not any(pattern.match(u) for u in ('https://a.b/"x', "https://a.b/<x>", "https://a b", "http://a.b"))


@pytest.mark.parametrize("ctype", TYPES, ids=lambda t: t.name)
def test_every_shipped_file_validates_against_its_schema(ctype: ContentType[Any], tmp_path: Path) -> None:
    files = sorted(p for p in (ROOT / "content" / ctype.folder).glob("*") if p.suffix in ctype.suffixes)
    if ctype.markdown:
        # The front matter is the part the schema describes: validate it on its own.
        fronts = []
        for path in files:
            front = split_front_matter(path.read_text(encoding="utf-8"))
            assert front is not None, path
            fronts.append(tmp_path / f"{path.stem}.yaml")
            fronts[-1].write_text(front.yaml, encoding="utf-8")
        files = fronts
    if not files:
        pytest.skip(f"no shipped {ctype.folder}/ files")
    proc = check_jsonschema("--schemafile", ROOT / "schemas" / f"{ctype.name}.schema.json", *files)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "ok -- validation done" in proc.stdout


# 10. Licences: the code is GPL-3.0-or-later (gender-guesser, a dependency, is GPLv3), so every dependency the
# build installs must be under a licence GPL-3.0 accepts. pip-licenses reads each installed distribution's metadata
# (License-Expression, else License and the licence classifiers); a licence not known to be compatible fails, so a
# new dependency's licence is looked at when it is added.

# SPDX identifiers, and the words older metadata uses for them, that GPL-3.0-or-later code may combine with.
COMPATIBLE = frozenset({
    "mit", "mit license", "bsd", "bsd license", "bsd-2-clause", "bsd-3-clause", "isc", "isc license (iscl)",
    "apache-2.0", "apache software license", "apache license 2.0", "mpl-2.0", "mozilla public license 2.0 (mpl 2.0)",
    "psf-2.0", "python software foundation license", "zlib", "unlicense", "the unlicense (unlicense)", "cc0-1.0",
    "gplv3", "gpl-3.0", "gpl-3.0-only", "gpl-3.0-or-later", "gplv3+", "lgpl-3.0-or-later", "lgpl-2.1-or-later",
    "gnu general public license v3 (gplv3)", "gnu general public license v3 or later (gplv3+)",
    "gnu lesser general public license v3 (lgplv3)", "gnu lesser general public license v2 or later (lgplv2+)",
})
# What no GPL-3.0 program may include, named outright so the failure says so.
INCOMPATIBLE = re.compile(r"proprietary|all rights reserved|sspl|server side public|cc-by-nc|noncommercial|"
                          r"non-commercial|commons[ -]clause|busl|business source|elastic license|gpl-2\.0-only|"
                          r"gplv2 only|\(gplv2\)$", re.IGNORECASE)


def licence_problem(expression: str | None, licence: str | None, classifiers: list[str]) -> str | None:
    """Why a distribution's licence metadata does not show a GPL-3.0-compatible licence, or None when it does."""
    named = [n for n in (expression, (licence or "").strip(), *classifiers) if n and n.upper() != "UNKNOWN"]
    for name in named:
        if INCOMPATIBLE.search(name):
            return f"'{name}' is not compatible with GPL-3.0-or-later"
    if expression:
        # An SPDX expression: one alternative (OR) whose every part (AND) is compatible is enough.
        alternatives = [re.split(r"\s+AND\s+", a.strip("() ")) for a in re.split(r"\s+OR\s+", expression)]
        if any(all(p.strip("() ").lower() in COMPATIBLE for p in parts) for parts in alternatives):
            return None
        return f"'{expression}' is not known to be compatible with GPL-3.0-or-later"
    if any(n.lower() in COMPATIBLE for n in named):
        return None
    return f"no licence known to be compatible with GPL-3.0-or-later in its metadata ({named or 'none'})"


def locked(lock: str) -> list[str]:
    return re.findall(r"^([A-Za-z0-9][A-Za-z0-9_.\-]*)==", (ROOT / "requirements" / lock).read_text(), re.MULTILINE)


def test_every_build_dependency_has_a_licence_compatible_with_the_code() -> None:
    """pip-licenses reads each locked build dependency's licence (its metadata, else its classifiers)."""
    names = locked("build.txt")
    proc = subprocess.run([str(Path(sys.executable).parent / "pip-licenses"), "--from=mixed", "--format=json",
                           "--with-system", "--packages", *names], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    found = {row["Name"].lower().replace("_", "-"): row["License"] for row in json.loads(proc.stdout)}
    problems = []
    for name in names:
        licence = found.get(name.lower().replace("_", "-"))
        if licence is None:
            problems.append(f"{name}: not installed, so its licence cannot be read")
            continue
        if " OR " in licence or " AND " in licence:
            problem = licence_problem(licence, None, [])
        else:
            problem = licence_problem(None, None, licence.split("; "))
        if problem:
            problems.append(f"{name}: {problem}")
    assert problems == []
    assert "gender-guesser" in names  # the reason the code is GPL-3.0-or-later


@pytest.mark.parametrize(
    ("expression", "licence", "classifiers", "allowed"),
    [
        ("MIT", None, [], True),
        ("Apache-2.0 OR BSD-2-Clause", None, [], True),
        (None, "GPLv3", [], True),
        (None, "UNKNOWN", ["MIT License"], True),
        (None, None, ["Mozilla Public License 2.0 (MPL 2.0)"], True),
        (None, "Proprietary", [], False),
        (None, "Copyright 2026 Acme. All rights reserved.", [], False),
        ("SSPL-1.0", None, [], False),
        ("CC-BY-NC-4.0", None, [], False),
        ("MIT AND LicenseRef-Commons-Clause", None, [], False),
        ("GPL-2.0-only", None, [], False),
        (None, None, ["Other/Proprietary License"], False),
        (None, None, [], False),
    ],
)
def test_the_licence_check_tells_compatible_from_incompatible(
    expression: str | None, licence: str | None, classifiers: list[str], allowed: bool
) -> None:
    assert (licence_problem(expression, licence, classifiers) is None) is allowed


def test_the_licence_files_say_what_readme_says() -> None:
    assert "GNU GENERAL PUBLIC LICENSE" in (ROOT / "LICENSE").read_text()
    content = (ROOT / "LICENSE-content").read_text()
    assert "CC BY 4.0" in content and "https://creativecommons.org/licenses/by/4.0/legalcode" in content
    readme = (ROOT / "README.md").read_text()
    assert "## Licence" in readme and "GPL-3.0-or-later" in readme and "CC BY 4.0" in readme
