"""Links: every internal link and fragment in the built site resolves, checked offline by lychee; and MkDocs'
own link and anchor validation makes a strict build fail.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml
from conftest import CONFIG, ENGINE

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "bad-pages"
BIN = Path(sys.executable).parent
LYCHEE = BIN / "lychee"


def published_base(site: Path) -> str:
    """The path the site is published under ("/knowledge-base/"); 404.html links from there."""
    html = (site / "404.html").read_text(encoding="utf-8")
    config = re.search(r'<script id="__config" type="application/json">(.*?)</script>', html, re.S)
    assert config is not None, "404.html has no theme configuration"
    return str(json.loads(config.group(1))["base"])


def lychee(site: Path, work: Path, base: str = "/") -> subprocess.CompletedProcess[str]:
    """Check every link and fragment under `site` offline. Root-relative links (only 404.html has them, under the
    published path) resolve inside `site`, through a folder named like the published path."""
    root = work / "root"
    mount = root / base.strip("/") if base.strip("/") else root
    mount.parent.mkdir(parents=True, exist_ok=True)
    mount.symlink_to(site.resolve(), target_is_directory=True)
    return subprocess.run(
        [str(LYCHEE), "--offline", "--include-fragments", "--no-progress", "--mode", "plain",
         # A link to a folder must find its index.html, as a web server would serve it.
         "--index-files", "index.html", "--root-dir", str(root.resolve()), str(site)],
        cwd=work, capture_output=True, text=True, timeout=120,
    )


def test_every_link_and_fragment_in_the_site_resolves(built_site: Path, tmp_path: Path) -> None:
    proc = lychee(built_site, tmp_path, published_base(built_site))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # It did check the site: thousands of links, none an error.
    assert re.search(r"\b\d{4,} OK\b", proc.stdout), proc.stdout


def test_the_link_check_finds_a_missing_anchor(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(FIXTURES / "missing-anchor", site)
    proc = lychee(site, tmp_path)
    assert proc.returncode != 0, proc.stdout
    errors = [line for line in proc.stdout.splitlines() if "[ERROR]" in line]
    assert len(errors) == 1 and "other#no-such-heading" in errors[0] and "Cannot find fragment" in errors[0], \
        proc.stdout


def project_validation() -> dict[str, Any]:
    """The `validation:` block of the project's mkdocs.yml (its !ENV values are not needed here)."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    return dict(config["validation"])


def test_mkdocs_validates_links_and_anchors_as_warnings() -> None:
    """A warning fails `mkdocs build --strict`, which `make build` and the test build use."""
    validation = project_validation()
    for check in ("anchors", "unrecognized_links", "absolute_links"):
        assert validation.get(check) == "warn", (check, validation)
    assert validation.get("not_found", "warn") == "warn"


def strict_build(tmp_path: Path, link: str) -> subprocess.CompletedProcess[str]:
    """A tiny MkDocs project with the project's validation settings, whose home page links to `link`."""
    docs = tmp_path / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text(f"# Home\n\nSee [the other page]({link}).\n", encoding="utf-8")
    (docs / "other.md").write_text("# Other\n\n## A heading\n\nText.\n", encoding="utf-8")
    # ProperDocs ships no theme of its own: use the site's (with no web fonts).
    config = {"site_name": "Anchor check", "docs_dir": "docs", "theme": {"name": "material", "font": False},
              "validation": project_validation()}
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return subprocess.run(
        # Not --quiet: MkDocs 1.6 then drops the warnings before strict mode counts them.
        [*ENGINE, "build", "--strict", *CONFIG, "--site-dir", str(tmp_path / "site")],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )


def test_a_strict_build_fails_on_a_link_to_a_missing_anchor(tmp_path: Path) -> None:
    good = strict_build(tmp_path / "good", "other.md#a-heading")
    assert good.returncode == 0, good.stdout + good.stderr
    bad = strict_build(tmp_path / "bad", "other.md#no-such-heading")
    assert bad.returncode != 0, bad.stdout + bad.stderr
    assert "no-such-heading" in bad.stderr, bad.stderr


def test_strict_builds_are_neither_quiet_nor_verbose() -> None:
    """MkDocs 1.6 drops warnings before --strict counts them under --quiet, and skips anchor validation under
    --verbose: either would let a broken link or anchor through a "strict" build."""
    workflows = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    places = [ROOT / "Makefile", ROOT / "tests" / "conftest.py", *workflows]
    builds = [(path.name, line.strip()) for path in places if path.exists()
              for line in path.read_text(encoding="utf-8").splitlines()
              if ("properdocs" in line or "*ENGINE" in line) and "build" in line and "strict" in line]
    assert builds, "no strict ProperDocs build found"
    for name, line in builds:
        assert not re.search(r"(--quiet|--verbose|[\s\"']-[qv][\s\"'])", line), f"{name}: {line}"
