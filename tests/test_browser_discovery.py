"""Which Chromium the browser tests drive: CHROMIUM_PATH, then Debian's, then Playwright's own."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.tools import browser


@pytest.fixture
def places(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, Path]:
    debian, own = tmp_path / "debian-chromium", tmp_path / "playwright-chromium"
    monkeypatch.setattr(browser, "DEBIAN_CHROMIUM", debian)
    monkeypatch.setattr(browser, "_playwright_chromium", lambda: own if own.is_file() else None)
    monkeypatch.delenv("CHROMIUM_PATH", raising=False)
    return {"debian": debian, "own": own, "named": tmp_path / "named-chromium"}


def test_the_named_browser_comes_first(places: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    for path in places.values():
        path.write_text("")
    monkeypatch.setenv("CHROMIUM_PATH", str(places["named"]))
    assert browser.find_chromium() == places["named"]


def test_a_named_browser_that_is_missing_is_an_error(places: dict[str, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    places["debian"].write_text("")
    monkeypatch.setenv("CHROMIUM_PATH", str(places["named"]))
    with pytest.raises(browser.NoBrowser, match="CHROMIUM_PATH names .*named-chromium, which is not a file"):
        browser.find_chromium()


def test_debian_before_playwright_then_playwright(places: dict[str, Path]) -> None:
    places["own"].write_text("")
    assert browser.find_chromium() == places["own"]  # a GitHub-hosted runner: only Playwright's
    places["debian"].write_text("")
    assert browser.find_chromium() == places["debian"]


def test_none_found_says_how_to_install_one(places: dict[str, Path]) -> None:
    with pytest.raises(browser.NoBrowser, match="apt-get install chromium.*python -m playwright install chromium"):
        browser.find_chromium()
