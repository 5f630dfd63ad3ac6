"""The editor's pinned files: Sveltia CMS's bundle, its fonts and what it loads to draw a page preview, copied from
node_modules (installed by `npm ci` from package-lock.json, with integrity hashes) into the site's `admin/`, and
the bundle's addresses on other origins pointed at those copies. Nothing is fetched from a CDN by the editor's
browser; a bundle upgrade that loads something new stops the build with what to update here.
"""

from __future__ import annotations

from pathlib import Path

BUNDLE = Path("node_modules/@sveltia/cms/dist/sveltia-cms.js")


class EditorBundleMissing(FileNotFoundError):
    """The pinned editor bundle is not installed (node_modules/ is made by `npm ci`)."""


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


# What the editor loads only when it draws a page preview: React's DOM renderer, which it looks for beside its
# bundle before trying a CDN, and Immutable (the entry as preview templates read it), which it would fetch from a
# CDN. Both are served from admin/, pinned in package-lock.json; the bundle is pointed at the local Immutable.
PREVIEW_MODULES = {
    "chunks/react-dom.js": "@sveltia/cms/dist/chunks/react-dom.js",
    "immutable.es.js": "immutable/dist/immutable.es.js",
}
IMMUTABLE_CDN = "YW(`immutable`,`dist/immutable.es.js`)"
IMMUTABLE_LOCAL = 'import("./immutable.es.js")'


def installed_files(bundle: Path, folder: str) -> dict[str, bytes]:
    """The bundle (as `folder`/sveltia-cms.js, pointed at local copies), its fonts and preview modules, by site
    path under `folder`. Raises EditorBundleMissing, naming every missing file, when the install is incomplete."""
    node_modules = bundle.parents[3]
    needed = [bundle, *(node_modules / path for path in (*FONTS.values(), *PREVIEW_MODULES.values()))]
    missing = [str(path) for path in needed if not path.is_file()]
    if missing:
        raise EditorBundleMissing(f"{', '.join(missing)}: not installed; run 'make setup' (or 'npm ci') in the "
                                  "repository folder")
    out = {f"{folder}/sveltia-cms.js": _local(bundle.read_text(encoding="utf-8")).encode("utf-8")}
    for path in FONTS.values():
        out[f"{folder}/fonts/{Path(path).name}"] = (node_modules / path).read_bytes()
    for site_path, path in PREVIEW_MODULES.items():
        out[f"{folder}/{site_path}"] = (node_modules / path).read_bytes()
    return out


def _local(bundle: str) -> str:
    """The bundle with its font addresses pointing at admin/fonts/ (CSS resolves them against the page), and
    Immutable loaded from beside it."""
    for address, path in FONTS.items():
        if bundle.count(FONT_CDN + address) != 1:
            raise EditorBundleMissing(f"the editor bundle no longer loads '{FONT_CDN + address}'; update FONTS in "
                                      "generator/editor/bundle.py to the fonts it loads now")
        bundle = bundle.replace(FONT_CDN + address, f"fonts/{Path(path).name}")
    if FONT_CDN in bundle:
        raise EditorBundleMissing(f"the editor bundle loads a font from {FONT_CDN} that FONTS does not list")
    if bundle.count(IMMUTABLE_CDN) != 1:
        raise EditorBundleMissing(f"the editor bundle no longer loads Immutable with '{IMMUTABLE_CDN}'; update "
                                  "IMMUTABLE_CDN in generator/editor/bundle.py to how it loads it now")
    # A dynamic import in a script resolves against the script's own address: admin/immutable.es.js.
    return bundle.replace(IMMUTABLE_CDN, IMMUTABLE_LOCAL)
