"""The search index made as a build writes its pages (generator/postbuild/search.py, IndexAsWritten): the same
index as Pagefind makes of the finished site, started as soon as the last page it holds is written."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.postbuild.search import OUTPUT, IndexAsWritten, index_site


def _page(title: str, words: str, *, indexed: bool = True) -> bytes:
    body = f"<h1>{title}</h1><p>{words}</p>"
    if indexed:
        body = f"<div data-pagefind-body>{body}</div>"
    return f'<!doctype html><html lang="en"><head><title>{title}</title></head><body>{body}</body></html>'.encode()


PAGES = {
    "hoists/index.html": _page("Hoists", "A hoist lifts a person who cannot stand."),
    "splints/index.html": _page("Splints", "A splint supports the hand after surgery."),
    "tool/step/index.html": _page("A step", "Not searched.", indexed=False),
}


def _site(root: Path, pages: dict[str, bytes]) -> Path:
    for path, html in pages.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(html)
    return root


def _index(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site / OUTPUT).as_posix(): p.read_bytes() for p in (site / OUTPUT).rglob("*") if p.is_file()}


def _whole_site_index(tmp_path: Path, pages: dict[str, bytes]) -> dict[str, bytes]:
    site = _site(tmp_path / "whole" / "site", pages)
    index_site(site)
    return _index(site)


def _written(index: IndexAsWritten, site: Path, path: str, html: bytes) -> None:
    """What a build does with each page: hands it over, then writes it."""
    index.written(path, html)
    (site / path).parent.mkdir(parents=True, exist_ok=True)
    (site / path).write_bytes(html)


def test_the_index_starts_with_the_last_page_it_holds_and_is_the_index_of_the_whole_site(tmp_path: Path) -> None:
    site = tmp_path / "build" / "site"
    site.mkdir(parents=True)
    index = IndexAsWritten(site, set(PAGES), {"hoists/index.html", "splints/index.html"})
    _written(index, site, "hoists/index.html", PAGES["hoists/index.html"])
    assert index.proc is None
    _written(index, site, "splints/index.html", PAGES["splints/index.html"])
    assert index.proc is not None  # indexing while the build goes on to write the step page
    _written(index, site, "tool/step/index.html", PAGES["tool/step/index.html"])
    assert index.finish() == 2
    assert _index(site) == _whole_site_index(tmp_path, PAGES)
    assert not (site / OUTPUT / "pagefind-ui.js").exists()  # what the site never fetches is removed
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"]  # the pages handed to Pagefind are gone


def test_a_preview_rebuild_indexes_the_pages_it_does_not_write_as_they_stand(tmp_path: Path) -> None:
    site = _site(tmp_path / "build" / "site", PAGES)
    index_site(site)  # the previous build's
    edited = {**PAGES, "splints/index.html": _page("Splints", "A splint rests a painful wrist.")}
    index = IndexAsWritten(site, {"splints/index.html"}, {"splints/index.html"})
    _written(index, site, "splints/index.html", edited["splints/index.html"])
    assert index.finish() == 2
    assert _index(site) == _whole_site_index(tmp_path, edited)


def test_a_page_other_than_expected_falls_back_to_indexing_the_finished_site(tmp_path: Path) -> None:
    site = tmp_path / "build" / "site"
    site.mkdir(parents=True)
    now_indexed = {**PAGES, "tool/step/index.html": _page("A step", "Now searched.")}
    index = IndexAsWritten(site, set(PAGES), {"hoists/index.html", "splints/index.html"})
    for path, html in now_indexed.items():
        _written(index, site, path, html)
    assert index.wrong and index.proc is None
    assert index.finish() == 3
    assert _index(site) == _whole_site_index(tmp_path, now_indexed)


def test_a_failed_build_stops_pagefind_and_leaves_nothing_beside_the_site(tmp_path: Path) -> None:
    site = _site(tmp_path / "build" / "site", PAGES)
    index = IndexAsWritten(site, set(), set())  # nothing to write: it starts at once
    assert index.proc is not None
    index.stop()
    assert index.proc is None and sorted(p.name for p in site.parent.iterdir()) == ["site"]
    shutil.rmtree(site)
