"""The editor's files in the built site (`admin/`); its guide for OTs is docs/about/editing.md.

The editor is Sveltia CMS, pinned in package-lock.json with its integrity hash and installed by `npm ci` (the
Makefile's setup). Its bundle is copied from node_modules into the site at build time, never fetched from a CDN
by the reader's or the editor's browser. `editor_files()` returns every file of `admin/` by its path in the site.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..tools.format import WIDTH
from .config import config_yaml, editor_config, file_types

FOLDER = "admin"
PAGE = f"{FOLDER}/index.html"
BUNDLE = Path("node_modules/@sveltia/cms/dist/sveltia-cms.js")
# Site-relative paths of the scripts the editor page loads: the pinned bundle, our save formatter, and the guard
# that keeps the page out of other sites' frames (loaded first, before anything is drawn).
SCRIPTS = (f"{FOLDER}/sveltia-cms.js", f"{FOLDER}/editor.js", f"{FOLDER}/frame-guard.js")

# The editor page's own Content-Security-Policy (the reader pages' is in generator/postbuild/csp.py). Scripts
# come only from the site. Its styles are injected at run time, hence 'unsafe-inline' for styles, as on the
# reader pages. It reads and writes the repository through the GitHub API and nowhere else: its optional
# add-ons (code highlighting, maps, stock photos, translation) would load from other origins and stay blocked.
# blob: images are the previews of files chosen for upload; no worker, frame, plugin or form post is allowed.
POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "font-src 'self'; connect-src 'self' https://api.github.com; worker-src 'none'; frame-src 'none'; "
    "object-src 'none'; base-uri 'self'; form-action 'none'"
)


# The editor's stylesheet loads its three fonts from a CDN. The same files, pinned in package-lock.json, are
# served from admin/fonts/ instead: each address below must appear in the bundle, or the build stops (an
# upgrade that changes one is then seen, not shipped).
FONT_CDN = "https://cdn.jsdelivr.net/fontsource/fonts/"
FONTS = {
    "source-sans-3:vf@5.3.0/latin-wght-normal.woff2":
        "@fontsource-variable/source-sans-3/files/source-sans-3-latin-wght-normal.woff2",
    "noto-mono@5.3.0/latin-400-normal.woff2": "@fontsource/noto-mono/files/noto-mono-latin-400-normal.woff2",
    "material-symbols-outlined:vf@5.3.7/latin-wght-normal.woff2":
        "@fontsource-variable/material-symbols-outlined/files/material-symbols-outlined-latin-wght-normal.woff2",
}


class EditorBundleMissing(FileNotFoundError):
    """The pinned editor bundle is not installed (node_modules/ is made by `npm ci`)."""


@dataclass(frozen=True)
class EditorSettings:
    repo_url: str | None  # https://github.com/ORG/REPO: where saves open pull requests
    branch: str = "main"  # the branch pull requests are opened against
    bundle: Path = BUNDLE  # the installed Sveltia CMS bundle
    site_url: str | None = None  # the published address, for the editor's logo
    practice_name: str = ""  # shown on the sign-in screen

    @property
    def node_modules(self) -> Path:
        return self.bundle.parents[3]


def _static(name: str) -> str:
    return files("generator.editor").joinpath("static", name).read_text(encoding="utf-8")


def editor_page() -> str:
    return _static("index.html").replace("__POLICY__", POLICY)


def editor_script() -> str:
    return (_static("editor.js").replace("__FILE_TYPES__", json.dumps(file_types(), indent=2))
            .replace("__FORMAT__", json.dumps({"width": WIDTH})))


def editor_files(settings: EditorSettings, backend: dict[str, Any] | None = None) -> dict[str, bytes]:
    """Every file of admin/, by site path. `backend` replaces the GitHub backend (tests use 'test-repo')."""
    from .config import github_backend

    needed = [settings.bundle, *(settings.node_modules / path for path in FONTS.values())]
    missing = [str(path) for path in needed if not path.is_file()]
    if missing:
        raise EditorBundleMissing(f"{', '.join(missing)}: not installed; run 'make setup' (or 'npm ci') in the "
                                  "repository folder")
    config = editor_config(backend or github_backend(settings.repo_url, settings.branch), _logo(settings.site_url),
                           settings.practice_name)
    out = {
        PAGE: editor_page().encode("utf-8"),
        f"{FOLDER}/config.yml": config_yaml(config).encode("utf-8"),
        SCRIPTS[1]: editor_script().encode("utf-8"),
        SCRIPTS[0]: _local_fonts(settings.bundle.read_text(encoding="utf-8")).encode("utf-8"),
        SCRIPTS[2]: _static("frame-guard.js").encode("utf-8"),
    }
    for path in FONTS.values():
        out[f"{FOLDER}/fonts/{Path(path).name}"] = (settings.node_modules / path).read_bytes()
    return out


def _local_fonts(bundle: str) -> str:
    """The bundle with its font addresses pointing at admin/fonts/ (CSS resolves them against the page)."""
    for address, path in FONTS.items():
        if bundle.count(FONT_CDN + address) != 1:
            raise EditorBundleMissing(f"the editor bundle no longer loads '{FONT_CDN + address}'; update FONTS in "
                                      "generator/editor/site.py to the fonts it loads now")
        bundle = bundle.replace(FONT_CDN + address, f"fonts/{Path(path).name}")
    if FONT_CDN in bundle:
        raise EditorBundleMissing(f"the editor bundle loads a font from {FONT_CDN} that FONTS does not list")
    return bundle


def _logo(site_url: str | None) -> str | None:
    """The site's logo by absolute path, as the editor wants it: '/knowledge-base/assets/images/logo.svg'."""
    if not site_url:
        return None
    return urlsplit(site_url).path.rstrip("/") + "/assets/images/logo.svg"
