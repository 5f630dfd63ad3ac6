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

from ..render.review import LABELS
from ..render.wording import PHRASES
from ..structure.content import TYPES
from ..structure.model import AgeGroup, Audience
from ..structure.review import ReviewState
from ..tools.format import WIDTH
from .config import config_yaml, editor_config, file_types

FOLDER = "admin"
PAGE = f"{FOLDER}/index.html"
BUNDLE = Path("node_modules/@sveltia/cms/dist/sveltia-cms.js")
# Site-relative paths of the scripts the editor page loads: the pinned bundle, our save formatter, and the guard
# that keeps the page out of other sites' frames (loaded first, before anything is drawn).
SCRIPTS = (f"{FOLDER}/sveltia-cms.js", f"{FOLDER}/editor.js", f"{FOLDER}/frame-guard.js", f"{FOLDER}/preview.js")

# The editor page's own Content-Security-Policy (the reader pages' is in generator/postbuild/csp.py). Scripts
# come only from the site. Its styles are injected at run time, hence 'unsafe-inline' for styles, as on the
# reader pages. It reads and writes the repository through the GitHub API and nowhere else: its optional
# add-ons (code highlighting, maps, stock photos, translation) would load from other origins and stay blocked.
# blob: images are the previews of files chosen for upload. The page preview is drawn in a frame the editor makes
# from a blob: address (with the site's stylesheets); no other frame, no worker, plugin or form post is allowed.
POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "font-src 'self'; connect-src 'self' https://api.github.com; worker-src 'none'; frame-src blob:; "
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


# The title of the note at the top of a case story, by where the story comes from (templates/_macros.md.j2).
ORIGIN_TITLES = {"own-client": "About this story", "publication": "Where this story comes from",
                 "service-example": "A published service example", "composite": "A composite story"}


# What the editor loads only when it draws a page preview: React's DOM renderer, which it looks for beside its
# bundle before trying a CDN, and Immutable (the entry as preview templates read it), which it would fetch from a
# CDN. Both are served from admin/, pinned in package-lock.json; the bundle is pointed at the local Immutable.
PREVIEW_MODULES = {
    f"{FOLDER}/chunks/react-dom.js": "@sveltia/cms/dist/chunks/react-dom.js",
    f"{FOLDER}/immutable.es.js": "immutable/dist/immutable.es.js",
}
IMMUTABLE_CDN = "YW(`immutable`,`dist/immutable.es.js`)"
IMMUTABLE_LOCAL = 'import("./immutable.es.js")'


# The line at the foot of a page whose latest edit is not reviewed (generator/render/review.py, review_text).
REVIEW_LINES = {"draft": "Draft: not yet reviewed by a clinician.",
                "changed": "Changed since its clinical review on {date}; this version is not yet reviewed."}


class EditorBundleMissing(FileNotFoundError):
    """The pinned editor bundle is not installed (node_modules/ is made by `npm ci`)."""


@dataclass(frozen=True)
class EditorSettings:
    repo_url: str | None  # https://github.com/ORG/REPO: where saves open pull requests
    branch: str = "main"  # the branch pull requests are opened against
    bundle: Path = BUNDLE  # the installed Sveltia CMS bundle
    site_url: str | None = None  # the published address, for the editor's logo
    practice_name: str = ""  # shown on the sign-in screen
    styles: tuple[str, ...] = ()  # the reader pages' stylesheets by site path, for the editor's page preview

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


def preview_script(styles: tuple[str, ...] = ()) -> str:
    """The page previews (static/preview.js) with what they share with the page templates."""
    shared = {
        "styles": [f"../{path}" for path in styles],  # site paths, from admin/
        "phrases": {str(value.value): words for value, words in PHRASES.items()},
        "ageGroups": [group.value for group in AgeGroup],
        "plurals": {audience.value: audience.plural for audience in Audience},
        "labels": {state.value: list(LABELS[state]) for state in (ReviewState.draft, ReviewState.changed)},
        "lines": REVIEW_LINES,
        "collections": {ctype.folder: ctype.label for ctype in TYPES},
        "origins": ORIGIN_TITLES,
    }
    return _static("preview.js").replace("__PREVIEW__", json.dumps(shared, indent=2))


def editor_files(settings: EditorSettings, backend: dict[str, Any] | None = None) -> dict[str, bytes]:
    """Every file of admin/, by site path. `backend` replaces the GitHub backend (tests use 'test-repo')."""
    from .config import github_backend

    needed = [settings.bundle, *(settings.node_modules / path for path in (*FONTS.values(),
                                                                           *PREVIEW_MODULES.values()))]
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
        SCRIPTS[3]: preview_script(settings.styles).encode("utf-8"),
    }
    for path in FONTS.values():
        out[f"{FOLDER}/fonts/{Path(path).name}"] = (settings.node_modules / path).read_bytes()
    for site_path, path in PREVIEW_MODULES.items():
        out[site_path] = (settings.node_modules / path).read_bytes()
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
    if bundle.count(IMMUTABLE_CDN) != 1:
        raise EditorBundleMissing(f"the editor bundle no longer loads Immutable with '{IMMUTABLE_CDN}'; update "
                                  "IMMUTABLE_CDN in generator/editor/site.py to how it loads it now")
    # A dynamic import in a script resolves against the script's own address: admin/immutable.es.js.
    return bundle.replace(IMMUTABLE_CDN, IMMUTABLE_LOCAL)


def _logo(site_url: str | None) -> str | None:
    """The site's logo by absolute path, as the editor wants it: '/knowledge-base/assets/images/logo.svg'."""
    if not site_url:
        return None
    return urlsplit(site_url).path.rstrip("/") + "/assets/images/logo.svg"
