"""`python -m generator build --out`: the engine-neutral output, complete without the plugin."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import GOOD, ROOT

from generator.config.settings import EditLinks, read_settings
from generator.output.writer import MARKER


def build(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", "build", *args], cwd=cwd, capture_output=True,
                          text=True, env=env)


def front_matter(path: Path) -> str:
    return path.read_text(encoding="utf-8").split("\n---\n", 1)[0]


def test_settings_come_from_mkdocs_yml_with_the_environment_on_top(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SITE_URL", raising=False)
    monkeypatch.setenv("REFERRAL_EMAIL", "intake@practice.example")
    settings = read_settings(ROOT / "mkdocs.yml")
    assert settings.site_url == "https://ot-practice.github.io/knowledge-base/"
    assert settings.referral_email == "intake@practice.example"
    assert (settings.max_questions, settings.max_paths) == (8, 150)
    assert settings.docs_dir == ROOT / "docs"
    assert settings.edit_links == EditLinks("https://github.com/ot-practice/knowledge-base/edit/main/docs/",
                                            ROOT / "docs")


def test_edit_links_join_like_mkdocs() -> None:
    links = EditLinks.from_config("https://github.com/org/repo", "edit/main/docs/", Path("/r/docs"))
    assert links is not None
    assert links.url(Path("/r/content/specialisms/x.yml")) == "https://github.com/org/repo/edit/main/content/specialisms/x.yml"
    assert EditLinks.from_config("https://github.com/org/repo", None, Path("/r/docs")) is None


def test_pages_carry_edit_urls_the_site_url_and_the_referral_email(tmp_path: Path) -> None:
    out = tmp_path / "pages"
    proc = build("--out", str(out), "--site-url", "https://example.org/kb/", "--referral-email", "a@example.org")
    assert proc.returncode == 0, proc.stderr
    assert ("edit_url: https://github.com/ot-practice/knowledge-base/edit/main/content/specialisms/hand-therapy.yml"
            in front_matter(out / "specialisms" / "hand-therapy.md"))
    # A page made from many files has no single source to edit: no link, rather than one to a missing docs/ file.
    assert "edit_url: null" in front_matter(out / "specialisms" / "index.md")
    outcomes = [p.read_text(encoding="utf-8") for p in (out / "referral").rglob("*.md")
                if "mailto:" in p.read_text(encoding="utf-8")]
    assert outcomes and all("mailto:a@example.org?" in text for text in outcomes)
    assert any("https://example.org/kb/referral/" in text for text in outcomes)
    assert not (out / "index.md").exists(), "hand-written pages are copied only with --merge-docs"


def test_merge_docs_writes_a_whole_docs_folder(tmp_path: Path) -> None:
    out = tmp_path / "docs-merged"
    proc = build("--out", str(out), "--merge-docs")
    assert proc.returncode == 0, proc.stderr
    for hand_written in (ROOT / "docs").rglob("*"):
        if hand_written.is_file():
            merged = out / hand_written.relative_to(ROOT / "docs")
            if hand_written.suffix != ".md":
                assert merged.read_bytes() == hand_written.read_bytes()
                continue
            # A page as the plugin serves it: its edit address in front matter, the practice's details filled in.
            text = merged.read_text(encoding="utf-8")
            assert text.startswith("---\nedit_url: https://"), merged
            assert "{{ practice." not in text, merged
    assert (out / "specialisms" / "hand-therapy.md").is_file()
    assert (out / MARKER).is_file()
    # Run again: the folder is ours to replace.
    assert build("--out", str(out), "--merge-docs").returncode == 0


def test_a_hand_written_page_at_a_generated_path_is_refused_at_its_file(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    (docs / "specialisms").mkdir()
    (docs / "specialisms" / "hand-therapy.md").write_text("# Hand therapy, by hand\n", encoding="utf-8")
    out = tmp_path / "out"
    proc = build("--out", str(out), "--docs", str(docs), "--merge-docs")
    assert proc.returncode == 1
    assert (f"{docs / 'specialisms' / 'hand-therapy.md'}:1:1: a hand-written page has the same path as a "
            "generated one (content/specialisms/hand-therapy.yml); rename or remove it") in proc.stderr
    assert not out.exists()


def test_without_settings_the_options_still_apply(tmp_path: Path) -> None:
    # Run where there is no mkdocs.yml: nothing is read, and the command line is enough.
    out = tmp_path / "out"
    proc = build("--content", str(GOOD), "--out", str(out), "--referral-email", "b@example.org", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "edit_url" not in front_matter(out / "specialisms" / "seating.md")
    assert any("mailto:b@example.org?" in p.read_text(encoding="utf-8") for p in (out / "referral").rglob("*.md"))


def test_an_unreadable_config_is_reported(tmp_path: Path) -> None:
    config = tmp_path / "site.yml"
    config.write_text("site_name: [unclosed\n", encoding="utf-8")
    proc = build("--out", str(tmp_path / "out"), "--config", str(config))
    assert proc.returncode == 1
    assert f"{config}: cannot read the site configuration" in proc.stderr
