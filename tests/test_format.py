"""One canonical content form: `generator format`, and the editor's save writing the very same bytes."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import GOOD, ROOT, run_cli

from generator.editor.site import editor_script
from generator.load.site import load_site
from generator.structure.review import item_fingerprint
from generator.tools.devserver import serve_folder
from generator.tools.format import WIDTH, content_files, format_text

CONTENT = ROOT / "content"
SHIPPED = content_files(CONTENT, [])


def test_every_shipped_file_is_in_the_canonical_form() -> None:
    run = run_cli("format", "--check")
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == f"{len(SHIPPED)} file(s) in the canonical form"


@pytest.mark.parametrize(("path", "ctype"), SHIPPED, ids=[p.relative_to(CONTENT).as_posix() for p, _ in SHIPPED])
def test_formatting_is_idempotent_and_keeps_every_value(path: Path, ctype: Any) -> None:
    text = path.read_text(encoding="utf-8")
    once = format_text(ctype, text, str(path))
    assert once is not None and format_text(ctype, once, str(path)) == once
    assert max(len(line) for line in once.splitlines()) <= max(WIDTH, *(len(line) for line in text.splitlines()))


def test_a_long_line_fails_the_check_and_format_folds_it(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(GOOD, content)
    path = content / "specialisms" / "seating.yml"
    long = "Assessment for wheelchairs and seating that supports posture over the whole day, " * 3
    path.write_text(path.read_text().replace(
        "summary: Assessment for wheelchairs and seating that supports posture over the whole day.",
        f"summary: {long.strip()}"), encoding="utf-8")
    run_cli("format", "--content", str(content), str(path))  # the rest of the fixture to the canonical form
    text = path.read_text()
    path.write_text(text.replace("summary: >-\n  ", "summary: ", 1).replace("\n  Assessment", " Assessment"))
    check = run_cli("format", "--check", "--content", str(content))
    assert check.returncode == 1
    assert f"{path}:1:1: not in the canonical form; run: python -m generator format {path}" in check.stderr
    fixed = run_cli("format", "--content", str(content), str(path))
    assert fixed.returncode == 0 and fixed.stdout.startswith("formatted 1 of 1")
    assert path.read_text() == text
    assert all(len(line) <= WIDTH for line in text.splitlines())


def test_formatting_keeps_values_and_reviews(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(GOOD, content)
    before, _ = load_site(content)
    assert run_cli("format", "--content", str(content)).returncode == 0
    after, problems = load_site(content)
    assert not problems.errors
    for ctype_name, items in before.items.items():
        for item_id, item in items.items():
            other = after.items[ctype_name][item_id]
            assert item_fingerprint(other) == item_fingerprint(item), item.path
            assert other.data == item.data, item.path


def test_a_file_that_does_not_load_is_left_alone(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(GOOD, content)
    path = content / "specialisms" / "seating.yml"
    path.write_text("title: [unclosed\n", encoding="utf-8")
    run = run_cli("format", "--content", str(content), str(path))
    assert run.returncode == 1 and "not formatted: it does not load" in run.stderr
    assert path.read_text() == "title: [unclosed\n"


def test_a_file_that_does_not_load_is_reported_where_it_first_fails(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(GOOD, content)
    path = content / "specialisms" / "seating.yml"
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[1].startswith("title: ")
    path.write_text("\n".join([lines[0], 'title: "Seating', *lines[2:]]) + "\n", encoding="utf-8")
    run = run_cli("format", "--content", str(content), str(path))
    assert run.returncode == 1
    assert f"{path}:2:8: not formatted: it does not load: this quoted value is never closed" in run.stderr


# The editor's save (editor.js) against the formatter, for every shipped file.

def _json(value: Any) -> Any:
    """Parsed content as the editor holds it: dates as YYYY-MM-DD text."""
    if isinstance(value, dict):
        return {k: _json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@pytest.fixture(scope="module")
def editor_script_url(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The editor's save script as the site serves it, on a page of its own origin (no editor, no site)."""
    folder = tmp_path_factory.mktemp("editor-script")
    (folder / "admin" / "fonts").mkdir(parents=True)
    (folder / "admin" / "editor.js").write_text(editor_script(), encoding="utf-8")
    (folder / "admin" / "fonts" / "index.html").write_text("<!doctype html><title>t</title>", encoding="utf-8")
    with serve_folder(folder) as url:
        yield url + "admin/editor.js"


def test_the_editors_save_writes_every_shipped_file_unchanged(browser: Any, editor_script_url: str) -> None:
    site, _ = load_site(CONTENT)
    entries = []
    for items in site.items.values():
        for item in items.values():
            data = _json(item.doc.data)
            if item.type.markdown:
                data["body"] = item.body
            entries.append((item.path.relative_to(ROOT).as_posix(), item.type.markdown, data,
                            item.path.read_text(encoding="utf-8")))
    context = browser.new_context()
    page = context.new_page()
    page.goto(editor_script_url.rsplit("/", 1)[0] + "/fonts/")
    page.evaluate("""() => { window.__formats = {};
      window.CMS = { registerCustomFormat: (name, ext, f) => { window.__formats[name] = f; } }; }""")
    page.add_script_tag(url=editor_script_url)
    saved = page.evaluate("""(entries) => entries.map(([path, markdown, data]) =>
      window.__formats[markdown ? "yaml-frontmatter" : "yml"].toFile(data))""",
                          [[p, md, d] for p, md, d, _ in entries])
    different = [path for (path, _, _, text), out in zip(entries, saved, strict=True) if out != text]
    assert not different, f"the editor would rewrite {len(different)} file(s): {different[:5]}\n" + json.dumps(
        saved[[e[0] for e in entries].index(different[0])])[:2000]
    context.close()
