"""Where the editor page lives, the scripts it loads and its Content-Security-Policy: what the post-build scan and
the policy step need to know of the editor, without the content model the editor's configuration is made from."""

from __future__ import annotations

__all__ = ["FOLDER", "PAGE", "POLICY", "SCRIPTS"]

FOLDER = "admin"
PAGE = f"{FOLDER}/index.html"
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
