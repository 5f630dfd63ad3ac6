"""The site's settings, read from mkdocs.yml without MkDocs: what `python -m generator build` needs to write the
same pages the plugin adds, for an engine that runs no MkDocs plugins.

Values set with `!ENV [NAME, default]` honour the environment as MkDocs does (SITE_URL, REFERRAL_EMAIL,
REPO_URL, OT_CONTENT_DIR), so `SITE_URL=... python -m generator build` and `SITE_URL=... make build` agree.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import yaml

from .practice import Practice

PLUGIN = "ot-knowledge-base"


@dataclass(frozen=True)
class EditLinks:
    """Where "edit this page" leads for a generated page: its source file under content/, not a docs/ file.

    `base` is the edit address of the docs folder (repo_url joined with edit_uri), so a source's path relative to
    `docs_dir` joins onto it exactly as MkDocs joins a page's `edit_uri`:

        >>> EditLinks("https://github.com/org/repo/edit/main/docs/", Path("docs")).url(Path("content/a/x.yml"))
        'https://github.com/org/repo/edit/main/content/a/x.yml'
    """

    base: str
    docs_dir: Path

    @classmethod
    def from_config(cls, repo_url: str | None, edit_uri: str | None, docs_dir: Path) -> EditLinks | None:
        """None when the site has no edit links (no edit_uri)."""
        if not edit_uri:
            return None
        if repo_url and not repo_url.endswith("/"):
            repo_url += "/"
        base = urljoin(repo_url or "", edit_uri)
        return cls(base if base.endswith("/") else base + "/", docs_dir)

    def url(self, source: Path) -> str:
        # relpath makes both paths absolute itself; called for every generated page, so no Path is made here.
        return urljoin(self.base, os.path.relpath(source, self.docs_dir).replace(os.sep, "/"))


@dataclass(frozen=True)
class SiteSettings:
    docs_dir: Path
    content_dir: Path
    site_url: str | None = None
    repo_url: str | None = None
    edit_uri: str | None = None
    referral_email: str | None = None
    max_questions: int = 8
    max_paths: int = 150
    review_interval_months: int = 12
    practice: Practice = Practice()

    @property
    def edit_links(self) -> EditLinks | None:
        return EditLinks.from_config(self.repo_url, self.edit_uri, self.docs_dir)


class SettingsError(Exception):
    """mkdocs.yml cannot be read; the message names the file and what is wrong."""


class _Loader(yaml.SafeLoader):
    """mkdocs.yml's YAML: `!ENV` resolved from the environment; other tags (Python names) read as plain values."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    # `!ENV NAME` or `!ENV [NAME, OTHER, default]`: the first variable that is set, else the last item.
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        items = loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else []
        names, default = items[:-1], items[-1] if items else None
    for name in names:
        if isinstance(name, str) and name in os.environ:
            return os.environ[name]
    return default


def _other(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)  # type: ignore[arg-type]


_Loader.add_constructor("!ENV", _env)
_Loader.add_multi_constructor("!", _other)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _other)


def _plugin_options(plugins: Any) -> dict[str, Any]:
    """This project's plugin block, from the list or mapping form of `plugins:`."""
    entries = plugins.items() if isinstance(plugins, dict) else (
        next(iter(p.items())) if isinstance(p, dict) else (p, None) for p in plugins or [])
    for name, options in entries:
        if name == PLUGIN:
            return options if isinstance(options, dict) else {}
    return {}


def read_settings(config_file: Path) -> SiteSettings:
    """The settings in `config_file`; folders in it are relative to the file's folder, as MkDocs reads them."""
    try:
        config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506 - a SafeLoader
    except (OSError, yaml.YAMLError) as exc:
        raise SettingsError(f"{config_file}: cannot read the site configuration: {exc}") from None
    if not isinstance(config, dict):
        raise SettingsError(f"{config_file}: expected a mapping of settings; found {type(config).__name__}")
    root = config_file.parent
    plugin = _plugin_options(config.get("plugins"))
    return SiteSettings(
        docs_dir=root / str(config.get("docs_dir") or "docs"),
        content_dir=root / str(plugin.get("content_dir") or "content"),
        site_url=config.get("site_url") or None,
        repo_url=config.get("repo_url") or None,
        edit_uri=config.get("edit_uri"),
        referral_email=plugin.get("referral_email") or None,
        max_questions=int(plugin.get("max_questions", 8)),
        max_paths=int(plugin.get("max_paths", 150)),
        review_interval_months=int(plugin.get("review_interval_months", 12)),
        practice=Practice.from_settings(plugin.get("practice") if isinstance(plugin.get("practice"), dict) else None),
    )

