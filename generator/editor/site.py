"""The editor's files in the built site (`admin/`); its guide for OTs is docs/about/editing.md.

The editor is Sveltia CMS, pinned in package-lock.json and installed by `npm ci` (generator/editor/bundle.py
copies what it needs from node_modules). This module makes the rest: the editor's page and its policy, its
configuration from the content model, the save formatter and the page previews. `editor_files()` returns every
file of `admin/` by its path in the site.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..render.review import LABELS, LINES
from ..render.wording import ORIGIN_TITLES, PHRASES
from ..structure.content import TYPES
from ..structure.model import AgeGroup, Audience
from ..structure.review import ReviewState
from ..tools.format import WIDTH
from .bundle import BUNDLE, installed_files
from .config import config_yaml, editor_config, file_types
from .policy import FOLDER, PAGE, POLICY, SCRIPTS


@dataclass(frozen=True)
class EditorSettings:
    repo_url: str | None  # https://github.com/ORG/REPO: where saves open pull requests
    branch: str = "main"  # the branch pull requests are opened against
    bundle: Path = BUNDLE  # the installed Sveltia CMS bundle
    site_url: str | None = None  # the published address, for the editor's logo
    practice_name: str = ""  # shown on the sign-in screen
    styles: tuple[str, ...] = ()  # the reader pages' stylesheets by site path, for the editor's page preview


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
        "lines": {state.value: LINES[state] for state in LINES},
        "collections": {ctype.folder: ctype.label for ctype in TYPES},
        "origins": ORIGIN_TITLES,
    }
    return _static("preview.js").replace("__PREVIEW__", json.dumps(shared, indent=2))


def editor_files(settings: EditorSettings, backend: dict[str, Any] | None = None) -> dict[str, bytes]:
    """Every file of admin/, by site path. `backend` replaces the GitHub backend (tests use 'test-repo')."""
    from .config import github_backend

    installed = installed_files(settings.bundle, FOLDER)  # first: a missing install stops the build here
    config = editor_config(backend or github_backend(settings.repo_url, settings.branch), _logo(settings.site_url),
                           settings.practice_name)
    out = {
        PAGE: editor_page().encode("utf-8"),
        f"{FOLDER}/config.yml": config_yaml(config).encode("utf-8"),
        SCRIPTS[1]: editor_script().encode("utf-8"),
        SCRIPTS[0]: installed.pop(SCRIPTS[0]),
        SCRIPTS[2]: _static("frame-guard.js").encode("utf-8"),
        SCRIPTS[3]: preview_script(settings.styles).encode("utf-8"),
    }
    return {**out, **installed}


def _logo(site_url: str | None) -> str | None:
    """The site's logo by absolute path, as the editor wants it: '/knowledge-base/assets/images/logo.svg'."""
    if not site_url:
        return None
    return urlsplit(site_url).path.rstrip("/") + "/assets/images/logo.svg"
