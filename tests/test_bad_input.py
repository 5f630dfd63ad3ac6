"""Bad input never costs data, time or privacy: each kind of mistake is one clear problem at its place, exit 1,
and never a traceback, a hang or a deleted folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import GOOD, ROOT, Run, run_check, run_cli
from test_check import edit, shown

from generator import generate
from generator.output.writer import MARKER

SEATING = "specialisms/seating.yml"
STORY = "case-studies/sam.md"
BODY_LINE = "Sam was injured a year before the referral."  # line 28 of the story
TITLE = "title: Seating and postural management"
REVIEWED = "date: 2026-11-29"  # the review's date: line 23, its value at column 33
LOL = (  # "billion laughs": 10 lines that expand to 10^9 strings
    "# yaml-language-server: $schema=../../schemas/specialism.schema.json\n"
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{','.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(9))
)


def no_traceback(run: Run) -> Run:
    assert "Traceback" not in run.stderr + run.stdout
    return run


# 1. Data loss: `build --out` refuses any folder it did not make.


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A working folder with content/ and hand-written docs/, as the build sees the project."""
    shutil.copytree(GOOD, tmp_path / "content")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n")
    return tmp_path


def build(project: Path, out: str) -> Run:
    return no_traceback(run_cli("build", "--content", "content", "--out", out, cwd=project))


def tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(
    ("out", "message"),
    [
        ("docs", "docs: refusing to write here: it is or contains docs/, which the build reads from; choose a new "
                 "folder, e.g. --out build/pages"),
        ("content", "content: refusing to write here: it is or contains content/, which the build reads from; "
                    "choose a new folder, e.g. --out build/pages"),
        (".", ".: refusing to write here: it is or contains content/, which the build reads from; choose a new "
              "folder, e.g. --out build/pages"),
        ("notes", f"notes: refusing to replace a folder this command did not create (it has no {MARKER} file); "
                  "choose a new or empty folder, or delete this one yourself"),
        # A link to a folder a build made: replacing it would go through the link.
        ("link", "link: refusing to write here: it is a symbolic link; name the folder itself, e.g. --out "
                 "build/pages"),
        ("notes/mine.txt/pages", "notes/mine.txt/pages: refusing to write here: notes/mine.txt is a file, not a "
                                 "folder"),
    ],
)
def test_build_refuses_a_folder_it_did_not_make_and_deletes_nothing(project: Path, out: str, message: str) -> None:
    (project / "notes").mkdir()
    (project / "notes" / "mine.txt").write_text("keep me")
    (project / "built").mkdir()
    (project / "built" / MARKER).write_text("")
    (project / "link").symlink_to(project / "built")
    before = tree(project)
    run = build(project, out)
    assert (run.returncode, run.stderr) == (1, message + "\n")
    assert tree(project) == before


def test_build_replaces_a_folder_it_wrote_before(project: Path) -> None:
    assert build(project, "pages").returncode == 0
    (project / "pages" / "stale.md").write_text("from an older build")
    run = build(project, "pages")
    assert run.returncode == 0 and run.stdout == "wrote 26 pages to pages\n"
    assert not (project / "pages" / "stale.md").exists()
    assert (project / "pages" / MARKER).is_file() and (project / "pages" / "specialisms" / "seating.md").is_file()


# 2. Denial of service: anchors, aliases and merge keys are refused before anything is expanded.


def test_billion_laughs_is_refused_at_once(content: Path) -> None:
    (content / "specialisms" / "lol.yml").write_text(LOL)
    started = time.perf_counter()
    found = shown(content)
    assert time.perf_counter() - started < 1.0
    assert found[:3] == [
        "specialisms/lol.yml:2:4: YAML anchors ('&a') are not allowed in content; delete the anchor and write each "
        "value out in full",
        "specialisms/lol.yml:3:4: YAML anchors ('&b') are not allowed in content; delete the anchor and write each "
        "value out in full",
        "specialisms/lol.yml:3:8: YAML aliases ('*a') are not allowed in content; write the value out in full",
    ]
    assert all(line.startswith("specialisms/lol.yml:") for line in found)


def test_a_self_referencing_alias_is_refused_in_check_and_build(content: Path) -> None:
    edit(content / SEATING, TITLE, "title: &x [*x]")
    expected = [
        "specialisms/seating.yml:2:8: YAML anchors ('&x') are not allowed in content; delete the anchor and write "
        "each value out in full",
        "specialisms/seating.yml:2:12: YAML aliases ('*x') are not allowed in content; write the value out in full",
    ]
    assert shown(content) == expected
    # The site build (the MkDocs plugin calls generate()) reports the same, without recursing.
    assert [str(p).replace(f"{content}/", "") for p in generate(content).problems.sorted()] == expected


def test_a_merge_key_is_refused_at_its_line(content: Path) -> None:
    edit(content / "checklists/before.yml", "  - text: Check the therapist's registration",
         "  - <<: {text: Check the therapist's registration}")
    assert shown(content) == ["checklists/before.yml:9:5: YAML merge keys ('<<') are not allowed in content; write "
                              "each field out in full"]


def test_deep_nesting_is_refused_without_recursing(content: Path) -> None:
    edit(content / SEATING, TITLE, "title: " + "[" * 5000 + "]" * 5000)
    assert shown(content) == ["specialisms/seating.yml:2:48: values are nested more than 40 levels deep here; "
                              "content files need only a few levels"]


# 3. Crashes: no scalar the YAML resolver may construct gives a traceback.


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (REVIEWED, "date: 2026-13-40",
         "23:33: '2026-13-40' is not a real date; write dates as YYYY-MM-DD, e.g. 2026-11-01"),
        (REVIEWED, "date: 2026-02-30",
         "23:33: '2026-02-30' is not a real date; write dates as YYYY-MM-DD, e.g. 2026-11-01"),
        (REVIEWED, "date: 0000-01-01",
         "23:33: '0000-01-01' is not a real date; write dates as YYYY-MM-DD, e.g. 2026-11-01"),
        (TITLE, "title: !!int ten", "2:8: YAML error: 'ten' cannot be read as int (invalid literal for int() with "
                                    "base 10: 'ten'); put it in quotes to keep it as text"),
        (TITLE, "title: !!binary aGVsbG8=", "2:8: YAML error: unsupported tag '!!binary': content files use no YAML "
                                            "tags; delete it"),
        (TITLE, "title: !!python/name:os.system", "2:8: YAML error: unsupported tag '!!python/name:os.system': "
                                                  "content files use no YAML tags; delete it"),
        (TITLE, "title: !!set {a: 1}", "2:8: YAML error: unsupported tag '!!set': content files use no YAML tags; "
                                       "delete it"),
        (TITLE, "title: .inf", "2:8: field 'title': expected text; found .inf, which YAML reads as a number: put it "
                               "in quotes, '.inf'"),
        (TITLE, "title: ~", "2:8: field 'title': expected text; found ~, which YAML reads as empty: put it in "
                            "quotes, '~'"),
        (TITLE, "title: 2026-11-01", "2:8: field 'title': expected text; found 2026-11-01, which YAML reads as a "
                                     "date: put it in quotes, '2026-11-01'"),
        (TITLE, "title: Seating\x07 and postural management",
         "2:15: the character U+0007 is not allowed in content (a control character, often pasted from another "
         "program); delete it"),
    ],
)
def test_no_value_gives_a_traceback(content: Path, old: str, new: str, expected: str) -> None:
    edit(content / SEATING, old, new)
    assert shown(content) == [f"{SEATING}:{expected}"]


def test_a_pseudonym_with_a_yaml_tag_is_one_problem_at_the_tag(content: Path) -> None:
    """Not also 'missing field pseudonym': the value is there, written in a way that cannot be read."""
    edit(content / STORY, "pseudonym: Sam", "pseudonym: !!binary U2Ft")
    assert [p for p in shown(content) if "warning:" not in p] == [
        f"{STORY}:5:12: YAML error: unsupported tag '!!binary': content files use no YAML tags; delete it"]


def test_an_impossible_date_fails_the_build_without_a_traceback(project: Path) -> None:
    edit(project / "content" / SEATING, REVIEWED, "date: 2026-13-40")
    run = build(project, "pages")
    assert run.returncode == 1
    assert run.stderr.splitlines() == [
        "content/specialisms/seating.yml:23:33: '2026-13-40' is not a real date; write dates as YYYY-MM-DD, e.g. "
        "2026-11-01", "1 error(s), 0 warning(s)", "nothing written to pages",
    ]
    assert not (project / "pages").exists()


def test_smoke_bad_yaml_from_the_command_line(content: Path) -> None:
    """The real command line, once: a billion laughs and an impossible date, reported fast and without traceback."""
    (content / "specialisms" / "lol.yml").write_text(LOL)
    edit(content / SEATING, REVIEWED, "date: 2026-13-40")
    proc = subprocess.run([sys.executable, "-m", "generator", "check", "--content", str(content)], cwd=ROOT,
                          capture_output=True, text=True, timeout=30)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert f"{content}/specialisms/seating.yml:23:33: '2026-13-40' is not a real date" in proc.stderr


# 4. Problems found late or not at all.


def test_one_broken_file_does_not_hide_problems_in_the_others(content: Path) -> None:
    edit(content / SEATING, TITLE, 'title: "Seating')
    edit(content / STORY, BODY_LINE, BODY_LINE + " His NHS number is 999 000 0018. ![x](https://example.org/a.png)"
         " [more](../specialisms/houses.md)")
    found = shown(content)
    assert [line.split(": ")[0] for line in found] == [
        "case-studies/sam.md:28:63", "case-studies/sam.md:28:82", "case-studies/sam.md:28:116",
        "specialisms/seating.yml:2:8",
    ], found
    assert "anonymisation (nhs-number)" in found[0] and "remote-resource" in found[1] and "houses.md" in found[2]


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        pytest.param(STORY, BODY_LINE, BODY_LINE + " See [housing](../specialisms/houses.md).",
                     "case-studies/sam.md:28:59: link to '../specialisms/houses.md': there is no page "
                     "specialisms/houses.md; link to a page the site has, relative to this page (case-studies/sam.md), "
                     "e.g. '../specialisms/hand-therapy.md'", id="missing-page"),
        pytest.param(STORY, BODY_LINE, BODY_LINE + " See [housing](../specialisms/housing.md#nowhere).",
                     "case-studies/sam.md:28:59: link to '../specialisms/housing.md#nowhere': specialisms/housing.md "
                     "has no heading with the anchor '#nowhere'", id="missing-anchor"),
        pytest.param(STORY, BODY_LINE, BODY_LINE + " See [below](#nowhere).",
                     "case-studies/sam.md:28:57: link to '#nowhere': case-studies/sam.md has no heading with the "
                     "anchor '#nowhere'", id="missing-anchor-on-the-same-page"),
        pytest.param(SEATING, "summary: Assessment for", "summary: See [x](missing.md). Assessment for",
                     "specialisms/seating.yml:3:18: link to 'missing.md': there is no page specialisms/missing.md; "
                     "link to a page the site has, relative to this page (specialisms/seating.md), e.g. "
                     "'../specialisms/hand-therapy.md'", id="in-a-yaml-field"),
        pytest.param(STORY, BODY_LINE, BODY_LINE + " See ![p](../../../../etc/passwd).",
                     "case-studies/sam.md:28:54: link to '../../../../etc/passwd' climbs above the site's top folder, "
                     "where the site has nothing; link to a page the site has, relative to this page "
                     "(case-studies/sam.md), e.g. '../specialisms/hand-therapy.md'", id="above-the-site"),
        pytest.param(STORY, BODY_LINE, BODY_LINE + " See [x](\\/evil.example/).",
                     "case-studies/sam.md:28:53: link to '\\/evil.example/' starts with a backslash, which browsers "
                     "read as '/' (and '\\/' as '//', another site): write another site's full address (https://...), "
                     "or a page of this site relative to this page, e.g. '../specialisms/hand-therapy.md'",
                     id="backslash"),
    ],
)
def test_broken_links_in_content_are_reported_at_the_link(
    content: Path, file: str, old: str, new: str, expected: str
) -> None:
    edit(content / file, old, new)
    assert shown(content) == [expected]


def test_links_to_generated_and_hand_written_pages_pass(content: Path, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "about").mkdir(parents=True)
    (docs / "about" / "index.md").write_text("# About\n\n## Who we are\n")
    edit(content / STORY, BODY_LINE, BODY_LINE + " See [housing](../specialisms/housing.md#when-to-instruct), "
         "[background](#background), [us](../about/index.md#who-we-are) and [RCOT](https://www.rcot.co.uk/).")
    run = no_traceback(run_check(content, "--docs", str(docs)))
    assert run.returncode == 0, run.stderr


REMOTE = ("is loaded from another site, which would tell that site who reads the page; save the file in the site "
          "(docs/assets/) and use a relative path, or link to it with [text](url) instead")


@pytest.mark.parametrize(
    ("added", "expected"),
    [
        pytest.param(" ![x](https://example.org/a.png)", f"28:50: safety (remote-resource): image "
                     f"'https://example.org/a.png' {REMOTE}", id="markdown-image"),
        pytest.param(" ![x](\u00a0https://example.org/a.png)", f"28:51: safety (remote-resource): image "
                     f"'https://example.org/a.png' {REMOTE}", id="markdown-image-after-a-no-break-space"),
        pytest.param('\n\n<img src="https://example.org/a.png" alt="">', "30:11: safety (remote-resource): <img src> "
                     f"'https://example.org/a.png' {REMOTE}", id="img"),
        pytest.param('\n\n<audio src="https://example.org/a.mp3"></audio>', "30:13: safety (remote-resource): "
                     f"<audio src> 'https://example.org/a.mp3' {REMOTE}", id="audio"),
        pytest.param('\n\n<video poster="//example.org/a.jpg"></video>', "30:16: safety (remote-resource): "
                     f"<video poster> '//example.org/a.jpg' {REMOTE}", id="video-poster-protocol-relative"),
        pytest.param('\n\n<picture><source srcset="a.png 1x, https://example.org/b.png 2x"></picture>',
                     "30:26: safety (remote-resource): <source srcset> 'a.png 1x, https://example.org/b.png 2x' "
                     f"{REMOTE}", id="srcset"),
        pytest.param("\n\n![a](\\/evil.example/x.png)", f"30:6: safety (remote-resource): image "
                     f"'\\/evil.example/x.png' {REMOTE}", id="markdown-image-slash-backslash"),
        pytest.param("\n\n![a](&#92;/evil.example/x.png)", f"30:6: safety (remote-resource): image "
                     f"'&#92;/evil.example/x.png' {REMOTE}", id="markdown-image-backslash-as-an-entity"),
        pytest.param('\n\n<img src="/\\evil.example/x.png" alt="">', "30:11: safety (remote-resource): <img src> "
                     f"'/\\evil.example/x.png' {REMOTE}", id="img-slash-backslash"),
        pytest.param('\n\n<img alt="" src="/&#92;evil.example/x.png">', "30:18: safety (remote-resource): <img src> "
                     f"'/&#92;evil.example/x.png' {REMOTE}", id="img-backslash-as-an-entity"),
        pytest.param('\n\n<p><image src="https://evil.example/x.png"></p>', "30:16: safety (remote-resource): "
                     f"<image src> 'https://evil.example/x.png' {REMOTE}", id="image-read-as-img"),
        pytest.param('\n\n<a href="https://www.rcot.co.uk/" ping="https://evil.example/p">RCOT</a>',
                     f"30:41: safety (remote-resource): <a ping> 'https://evil.example/p' {REMOTE}", id="link-ping"),
        pytest.param("\n\n![x][pic]\n\n[pic]: https://example.org/a.png",
                     f"32:8: safety (remote-resource): image 'https://example.org/a.png' {REMOTE}",
                     id="image-by-reference"),
        pytest.param(" ![a [b] c](https://evil1.example/x.png)", f"28:56: safety (remote-resource): image "
                     f"'https://evil1.example/x.png' {REMOTE}", id="image-with-brackets-in-its-text"),
        pytest.param(" ![line\nbreak](https://evil2.example/x.png)", f"29:8: safety (remote-resource): image "
                     f"'https://evil2.example/x.png' {REMOTE}", id="image-with-a-line-break-in-its-text"),
        pytest.param(" ![logo3]\n\n[logo3]: https://evil3.example/x.png", f"30:10: safety (remote-resource): "
                     f"image 'https://evil3.example/x.png' {REMOTE}", id="shortcut-reference-image"),
        pytest.param(" ![logo4][]\n\n[LOGO4]: https://evil4.example/x.png", f"30:10: safety (remote-resource): "
                     f"image 'https://evil4.example/x.png' {REMOTE}", id="collapsed-reference-image"),
        pytest.param(" ![x] [logo5]\n\n[logo5]:\n  https://evil5.example/x.png", f"31:3: safety (remote-resource): "
                     f"image 'https://evil5.example/x.png' {REMOTE}",
                     id="spaced-reference-image-defined-on-two-lines"),
        pytest.param("\n\n> A quoted image ![q](\n> https://evil6.example/x.png)", f"31:3: safety "
                     f"(remote-resource): image 'https://evil6.example/x.png' {REMOTE}",
                     id="image-target-on-the-next-quoted-line"),
    ],
)
def test_a_remote_subresource_is_an_error_at_its_place(content: Path, added: str, expected: str) -> None:
    edit(content / STORY, BODY_LINE, BODY_LINE + added)
    assert shown(content) == [f"{STORY}:{expected}"]


RAW = ("is not allowed in content (no scripts, frames, embedded objects, forms, <base>, <meta>, <link>, <style>, "
       "<svg> or <math>)")
STYLE = "attribute in an HTML tag; inline styles are not allowed in content (a style can load images from other sites)"


@pytest.mark.parametrize(
    ("added", "expected"),
    [
        # The <svg> is refused, and the address it would load is found too.
        pytest.param('<svg><image href="https://evil.example/x.png"/></svg>',
                     f"30:1: safety (raw-html): raw <svg> {RAW}|30:19: safety (remote-resource): <image href> "
                     f"'https://evil.example/x.png' {REMOTE}",
                     id="svg-image-href"),
        pytest.param('<svg><image xlink:href="https://evil.example/x.png"/></svg>',
                     f"30:1: safety (raw-html): raw <svg> {RAW}|30:25: safety (remote-resource): <image xlink:href> "
                     f"'https://evil.example/x.png' {REMOTE}", id="svg-image-xlink-href"),
        pytest.param('<svg><filter id="f"><feImage href="https://evil.example/x.png"/></filter></svg>',
                     f"30:1: safety (raw-html): raw <svg> {RAW}|30:36: safety (remote-resource): <feimage href> "
                     f"'https://evil.example/x.png' {REMOTE}", id="svg-feimage"),
        pytest.param("<math><mi>x</mi></math>", f"30:1: safety (raw-html): raw <math> {RAW}", id="math"),
        pytest.param('<span style="background:url(&quot;https://evil.example/x.png&quot;)">x</span>',
                     f"30:7: safety (style-attribute): 'style' {STYLE}", id="style-url-in-entities"),
        pytest.param('<span style="background:url(\\68ttps://evil.example/x.png)">x</span>',
                     f"30:7: safety (style-attribute): 'style' {STYLE}", id="style-url-css-escape-in-the-url"),
        pytest.param('<span style="background:u\\72l(https://evil.example/x.png)">x</span>',
                     f"30:7: safety (style-attribute): 'style' {STYLE}", id="style-css-escape-in-url-function"),
        pytest.param("<span style=\"background-image:image-set('https://evil.example/x.png' 1x)\">x</span>",
                     f"30:7: safety (style-attribute): 'style' {STYLE}", id="style-image-set"),
        pytest.param('<p>x</p>\n\nText { STYLE="background:url(//evil.example/x.png)" }',
                     "32:8: safety (style-attribute): 'STYLE' attribute in an attr_list; inline styles are not allowed "
                     "in content (a style can load images from other sites)", id="style-in-an-attr-list"),
    ],
)
def test_svg_math_and_styles_are_refused_at_their_place(content: Path, added: str, expected: str) -> None:
    """Each can load an image from another site past the URL checks; content uses none of them."""
    edit(content / STORY, BODY_LINE, BODY_LINE + "\n\n" + added)
    assert shown(content) == [f"{STORY}:{line}" for line in expected.split("|")]


def test_an_outbound_link_is_allowed(content: Path) -> None:
    edit(content / STORY, BODY_LINE, BODY_LINE + " [RCOT](https://www.rcot.co.uk/) and <https://www.hcpc-uk.org/>.")
    assert no_traceback(run_check(content)).returncode == 0


def test_a_file_in_a_sub_folder_is_refused(content: Path) -> None:
    (content / "specialisms" / "archive").mkdir()
    shutil.copy(content / SEATING, content / "specialisms" / "archive" / "old.yml")
    assert shown(content) == [
        "specialisms/archive/old.yml:1:1: specialisms/ holds no sub-folders: every file in it is published as a "
        "page. Move this file into specialisms/ to publish it, or out of the content folder to keep it unpublished"
    ]


def test_links_and_special_files_in_the_content_folder_are_reported_never_read(content: Path, tmp_path: Path) -> None:
    """A symbolic link may lead outside the content folder (here to a file elsewhere) or nowhere; a named pipe
    would block a reader for ever. Each is reported at its path; none is read, and the rest is still checked."""
    outside = tmp_path / "elsewhere.yml"
    shutil.copy(content / SEATING, outside)
    (content / "specialisms" / "outside.yml").symlink_to(outside)
    (content / "specialisms" / "nowhere.yml").symlink_to(tmp_path / "missing.yml")
    os.mkfifo(content / "specialisms" / "pipe.yml")
    link = "a symbolic link is not read as content (it may lead outside the content folder, or nowhere): put the " \
        "file itself here"
    assert shown(content) == [
        f"specialisms/nowhere.yml:1:1: {link}", f"specialisms/outside.yml:1:1: {link}",
        "specialisms/pipe.yml:1:1: not an ordinary file (a pipe, socket or device): content files are text files",
    ]


@pytest.mark.parametrize("year", ["2024.5", "-5", "true", "99999999999999999999999"])
def test_a_year_that_is_neither_a_year_nor_a_phrase_is_one_problem_in_the_fields_words(tmp_path: Path,
                                                                                     year: str) -> None:
    """`origin.year` takes a year as a number or a phrase ('undated (2018 or later)'): a value that is neither is
    reported once, in the words of the field's description, not once for each type it was tried as."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    story = "case-studies/cerebral-palsy-mountain-goal.md"
    edit(content / story, "  year: 2024\n", f"  year: {year}\n")
    line = (content / story).read_text().splitlines().index(f"  year: {year}") + 1
    assert shown(content) == [
        f"{story}:{line}:9: field 'origin.year': expected a year of publication from 1900 to 2100 as a number, or a "
        f"phrase, e.g. 'undated (2018 or later)'; found '{year}'"]


# 6. Messages an OT can act on.


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(TITLE, "title: 010", "2:8: field 'title': expected text; found 010, which YAML reads as a "
                     "number: put it in quotes, '010'", id="octal-looking-number"),
        pytest.param(TITLE, "title: 1.10", "2:8: field 'title': expected text; found 1.10, which YAML reads as a "
                     "number: put it in quotes, '1.10'", id="decimal"),
        pytest.param(REVIEWED, "date: 01/11/2026", "23:33: field 'review.date': expected a date written "
                     "YYYY-MM-DD, e.g. 2026-11-01; found '01/11/2026'", id="uk-date"),
        pytest.param(REVIEWED, "date: 2026-11-01 10:30:00", "23:33: field 'review.date': expected a date "
                     "written YYYY-MM-DD, e.g. 2026-11-01; found '2026-11-01 10:30:00'", id="date-and-time"),
        pytest.param("summary: Assessment for", "summary Assessment for",
                     "3:1: missing ':' after the field name on this line", id="missing-colon"),
        pytest.param(TITLE, 'title: "Seating and postural management', "2:8: this quoted value is never closed: add "
                     "the closing quote at the end of the value", id="unclosed-quote"),
        pytest.param("summary: Assessment for wheelchairs", 'summary: "Assessment for wheelchairs',
                     "3:10: this quoted value is never closed: add the closing quote at the end of the value",
                     id="unclosed-quote-closed-by-a-later-one"),
        pytest.param("  - Pressure areas are red after sitting.", " - Pressure areas are red after sitting.",
                     "6:2: this line is indented differently from the lines above it: line it up with the other "
                     "fields or list items at its level, indenting with spaces", id="mis-indented-list-item"),
        pytest.param("assessments:", "  assessments:", "7:3: this line is indented differently from the lines above "
                     "it: line it up with the other fields or list items at its level, indenting with spaces",
                     id="mis-indented-field"),
        pytest.param("  - The client slides down in their chair.", "\t- The client slides down in their chair.",
                     "5:1: a tab character: YAML does not allow tabs for indenting; indent with spaces", id="tab"),
        pytest.param("qualifications:\n  - hcpc", "qualifications:\n  - HCPC Registration",
                     "25:5: field 'qualifications[0]': expected an id: lower-case letters and digits, words joined "
                     "by single hyphens, e.g. 'hand-therapy'; found 'HCPC Registration'", id="id-rule-in-words"),
    ],
)
def test_each_message_says_what_to_do_at_the_right_line(content: Path, old: str, new: str, expected: str) -> None:
    edit(content / SEATING, old, new)
    assert shown(content) == [f"{SEATING}:{expected}"]


def test_a_byte_order_mark_is_accepted(content: Path) -> None:
    for name in (SEATING, STORY):
        path = content / name
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    run = no_traceback(run_check(content))
    assert (run.returncode, run.stderr) == (0, "")


def test_a_windows_1252_byte_is_reported_at_its_line_and_column(content: Path) -> None:
    path = content / SEATING
    path.write_bytes(path.read_bytes().replace(b"Pressure areas are red", b"Pressure \x93areas\x94 are red"))
    assert shown(content) == [
        "specialisms/seating.yml:6:14: byte 0x93 is not UTF-8 text: the file was saved in another encoding (often "
        "Windows-1252, from Word or Excel); save it as UTF-8 and check the character here"
    ]


def test_a_readme_in_a_content_folder_is_ignored(content: Path) -> None:
    (content / "case-studies" / "README.md").write_text("# How to write a case story\n")
    (content / "specialisms" / "README.md").write_text("# Specialisms\n")
    run = no_traceback(run_check(content))
    assert (run.returncode, run.stderr) == (0, "")
    assert "26 pages" in run.stdout


RLO = ("the invisible character U+202E (RIGHT-TO-LEFT OVERRIDE) is not allowed in content: it changes the order in "
       "which text is displayed, so the page would read differently from the file; delete it")
NUL = ("the character U+0000 is not allowed in content (a control character, often pasted from another program); "
       "delete it")
RLM = ("the invisible character U+200F (RIGHT-TO-LEFT MARK) is not allowed in content: it changes the order in which "
       "text is displayed, so the page would read differently from the file; delete it")


def test_a_refused_character_written_as_a_yaml_escape_is_reported_at_the_escape(content: Path) -> None:
    summary = "summary: Assessment for wheelchairs and seating that supports posture over the whole day."
    edit(content / SEATING, summary, 'summary: "Assessment \\u202e for \\0 wheelchairs"')
    assert shown(content) == [f"{SEATING}:3:22: {RLO} (written as a YAML escape)",
                              f"{SEATING}:3:33: {NUL} (written as a YAML escape)"]


def test_a_refused_character_written_as_a_character_reference_is_reported_at_it(content: Path) -> None:
    added = " A &#x202E; B &#8238;\n\nC &rlm; D &#0; and &eacute; &#x41; are fine."
    edit(content / STORY, BODY_LINE, BODY_LINE + added)
    assert shown(content) == [
        f"{STORY}:28:47: {RLO} (written as the character reference '&#x202E;')",
        f"{STORY}:28:58: {RLO} (written as the character reference '&#8238;')",
        f"{STORY}:30:3: {RLM} (written as the character reference '&rlm;')",
        f"{STORY}:30:11: {NUL} (written as the character reference '&#0;')",
    ]
