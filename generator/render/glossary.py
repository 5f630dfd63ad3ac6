"""The glossary: a page of every term in `vocabulary/glossary.yml`, and a tooltip wherever a page uses one.

Tooltips use Python-Markdown's `abbr` extension (enabled in mkdocs.yml): a page that mentions "AMHP" gets the line
`*[AMHP]: Approved Mental Health Professional: ...` appended, and the built page wraps each use in
`<abbr title="...">`. Only the terms a page uses are appended.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..structure.content import Site
from ..structure.words import Words

if TYPE_CHECKING:  # pages.py uses Glossary for every page it adds
    from .pages import PageSet

VOCABULARY = "glossary"
PAGE = "glossary/index.md"


class Glossary:
    def __init__(self, site: Site):
        terms = site.terms(VOCABULARY)
        self.definitions: dict[str, str] = {}
        for term in terms.values():
            for word in (term.name, *term.synonyms):
                self.definitions.setdefault(word, " ".join((term.definition or "").split()))
        self.words = Words(self.definitions)
        self.terms = sorted(terms.values(), key=lambda t: t.name.lower())

    def abbreviations(self, body: str) -> str:
        """The abbreviation lines for the glossary words `body` uses; empty when it uses none."""
        used = dict.fromkeys(word for _, _, word in self.words.find(body))
        return "".join(f"*[{word}]: {self.definitions[word]}\n" for word in used)

    def words_used(self, body: str) -> str:
        """A "Words used on this page" list of the glossary words `body` uses, for pages whose words sit inside
        answer buttons and links, where a tooltip would break the control; empty when it uses none."""
        used = dict.fromkeys(word for _, _, word in self.words.find(body))
        if not used:
            return ""
        lines = "".join(f"- **{word}**: {self.definitions[word]}\n" for word in used)
        return f"## Words used on this page {{ .referral-words }}\n\n{lines}"


def render_glossary(pages: PageSet) -> None:
    glossary = Glossary(pages.site)
    if not glossary.terms:
        return
    entries: list[dict[str, Any]] = [
        {"name": t.name, "also": ", ".join(t.synonyms), "definition": " ".join((t.definition or "").split())}
        for t in glossary.terms
    ]
    pages.add(PAGE, "glossary.md.j2",
              {"title": "Glossary", "description": "Technical terms and abbreviations, in plain English."},
              owner="the glossary page", entries=entries)
