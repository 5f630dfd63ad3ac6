"""Strict YAML: YAML 1.2 booleans, duplicate keys refused, positions for every value."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT

from generator import LoadCache, generate
from generator.load import site as site_module
from generator.load.strict_yaml import load_markdown, load_yaml
from generator.problems import Problems


def test_yes_no_on_off_stay_strings_as_keys_and_values() -> None:
    problems = Problems()
    doc = load_yaml("yes: no\non: off\nanswer: Yes\nflag: true\n", "f.yml", problems)
    assert doc is not None
    assert doc.data == {"yes": "no", "on": "off", "answer": "Yes", "flag": True}
    assert not problems.items


def test_duplicate_key_is_reported_at_the_second_key() -> None:
    problems = Problems()
    load_yaml("title: A\nsummary: B\ntitle: C\n", "f.yml", problems)
    assert [str(p) for p in problems.items] == ["f.yml:3:1: duplicate key 'title' (first defined on line 1)"]


def test_positions_of_nested_values_are_one_based() -> None:
    problems = Problems()
    doc = load_yaml("items:\n  - text: a\n    guidance: b\n", "f.yml", problems)
    assert doc is not None
    assert doc.position(("items", 0, "guidance")) == (3, 15)
    assert doc.position(("items", 0, "guidance"), key=True) == (3, 5)
    assert doc.position(("items", 5)) == (2, 3)  # nearest enclosing value that exists


def test_syntax_error_carries_line_and_column() -> None:
    problems = Problems()
    assert load_yaml("a: [1, 2\nb: 3\n", "f.yml", problems) is None
    (problem,) = problems.items
    assert (problem.line, problem.col) == (2, 2)
    assert problem.message.startswith("YAML syntax error: ")


def test_front_matter_lines_count_from_the_top_of_the_file() -> None:
    problems = Problems()
    md = load_markdown("---\n# schema\ntitle: A\ntitle: B\n---\nBody\n", "s.md", problems)
    assert md.body == "Body\n" and md.body_line == 6
    assert [str(p) for p in problems.items] == ["s.md:4:1: duplicate key 'title' (first defined on line 3)"]


def test_unsafe_tags_are_refused_not_executed() -> None:
    problems = Problems()
    load_yaml("a: !!python/object/apply:os.system ['true']\n", "f.yml", problems)
    (problem,) = problems.items
    assert problem.line == 1 and "unsupported tag" in problem.message


def test_front_matter_that_never_closes_or_never_opens_is_reported() -> None:
    problems = Problems()
    load_markdown("---\ntitle: A\nBody\n", "s.md", problems)
    load_markdown("title: A\n---\nBody\n", "t.md", problems)
    assert [str(p) for p in problems.items] == [
        "s.md:1:1: front matter is not closed: add a line '---' after the last field",
        "t.md:1:1: expected front matter: the file must start with a line '---'",
    ]


def test_a_load_cache_gives_what_a_fresh_load_gives_and_parses_only_changed_files(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    spec = sorted((content / "specialisms").glob("*.yml"))[0]
    parsed: list[Path] = []
    parse = site_module._load_text

    def counted(ctype: Any, path: Path, *args: Any) -> Any:
        parsed.append(path)
        return parse(ctype, path, *args)

    monkeypatch.setattr(site_module, "_load_text", counted)
    cache = LoadCache()

    def same_as_fresh() -> list[Path]:
        fresh = generate(content)
        parsed.clear()
        cached = generate(content, cache=cache)
        assert {p: page.text for p, page in cached.pages.items()} == {p: page.text for p, page in fresh.pages.items()}
        assert cached.problems.items == fresh.problems.items
        return list(parsed)

    assert len(same_as_fresh()) > 50  # the first load parses every file
    assert same_as_fresh() == []
    text = spec.read_text(encoding="utf-8")
    spec.write_text(text.replace("\ntitle: ", "\ntitle: Renamed ", 1), encoding="utf-8")
    assert same_as_fresh() == [spec]
    spec.write_text(text.replace("\ntitle: ", "\ntitle: [", 1), encoding="utf-8")  # a syntax error
    assert same_as_fresh() == [spec] and generate(content, cache=cache).problems.errors
    assert same_as_fresh() == []  # still broken, still reported, not parsed again
    spec.write_text(text, encoding="utf-8")
    assert same_as_fresh() == [spec]
    spec.rename(spec.with_name("renamed-file.yml"))  # a new id: its page moves, references to the old one fail
    assert same_as_fresh() == [spec.with_name("renamed-file.yml")]
