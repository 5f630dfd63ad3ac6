r"""The practice behind the site: who it is and how readers reach it, from one set of settings.

The settings are read once (from mkdocs.yml through the plugin, or from the environment by the CLI) and passed
to the generator in `Options.practice`, to the theme templates, and into hand-written pages, where
`{{ practice.phone }}` and the like are filled in:

    >>> p = Practice(name="Northway OT", phone="0161 496 0123", email="hello@northway.test")
    >>> fill_page("Call {{ practice.phone }}.", p, "contact/index.md")
    'Call 0161 496 0123.'
    >>> p.phone_href
    'tel:+441614960123'
    >>> fill_page("Open {{ practice.hours }}.\nEnd.", p, "contact/index.md")   # an empty setting drops its line
    'End.'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields

# Values shipped in mkdocs.yml so that a preview builds; a release must replace every one of them.
PLACEHOLDER = re.compile(r"example\.(?:org|com|net)|ot-practice|^example\b", re.IGNORECASE)
# The settings a release cannot do without: a reader has to be able to tell who the practice is and reach it.
REQUIRED = ("name", "phone", "email")
# The environment variable that overrides each setting in mkdocs.yml.
ENVIRONMENT = {"name": "PRACTICE_NAME", "phone": "PRACTICE_PHONE", "email": "PRACTICE_EMAIL"}

_TOKEN = re.compile(r"\{\{\s*practice\.(\w+)\s*\}\}")


@dataclass(frozen=True)
class Practice:
    name: str = ""
    phone: str = ""  # as it is read aloud and printed: "0161 496 0123"
    email: str = ""
    hours: str = ""  # "Monday to Friday, 9am to 5pm"; left out where empty
    area: str = ""  # the area the practice serves; left out where empty
    cost_guide_url: str = ""  # an online cost guide for people paying for themselves; left out where empty
    logo: str = ""  # path of the logo image, relative to docs/

    @property
    def phone_href(self) -> str:
        """A `tel:` link in international form, which every phone dials: a UK 0 becomes +44."""
        digits = re.sub(r"[^\d+]", "", self.phone)
        if digits.startswith("0"):
            digits = "+44" + digits[1:]
        return f"tel:{digits}"

    @property
    def email_href(self) -> str:
        return f"mailto:{self.email}"

    @classmethod
    def from_settings(cls, values: Mapping[str, object] | None) -> Practice:
        """The practice from a `practice:` block of settings; an unset or empty value reads as empty."""
        values = values or {}
        return cls(**{f.name: str(values.get(f.name) or "") for f in fields(cls)})

    def as_dict(self) -> dict[str, str]:
        """Every setting and link, for templates: `practice.name`, `practice.phone_href`..."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        return {**values, "phone_href": self.phone_href, "email_href": self.email_href}


def placeholder_problems(practice: Practice, others: dict[str, str | None] | None = None) -> list[str]:
    """One line for each setting still at a placeholder, naming the setting and how to set it.

    `others` holds further site settings that must not be placeholders either ({"site_url": ...}); each is
    reported under its own name.

    >>> placeholder_problems(Practice(name="Northway OT", phone="", email="referrals@example.org"))
    ['practice.phone (PRACTICE_PHONE) is empty', "practice.email (PRACTICE_EMAIL) is 'referrals@example.org'"]
    """
    lines = []
    for f in fields(practice):
        value = getattr(practice, f.name)
        setting = f"practice.{f.name}" + (f" ({ENVIRONMENT[f.name]})" if f.name in ENVIRONMENT else "")
        if f.name in REQUIRED and not value.strip():
            lines.append(f"{setting} is empty")
        elif PLACEHOLDER.search(value):
            lines.append(f"{setting} is '{value}'")
    for name, value in (others or {}).items():
        if value and PLACEHOLDER.search(value):
            lines.append(f"{name} is '{value}'")
    return lines


class UnknownSetting(ValueError):
    """A page names a practice setting that does not exist."""


def fill_page(text: str, practice: Practice, where: str) -> str:
    """`text` with each `{{ practice.x }}` replaced by that setting. A line naming a setting that is empty is
    left out, so "Opening hours: ..." disappears rather than reading "Opening hours: ". An unknown name is an
    error naming the page and line, so a typo never reaches a reader as a blank."""
    values = practice.as_dict()
    lines = []
    for number, line in enumerate(text.split("\n"), start=1):
        names = _TOKEN.findall(line)
        unknown = [n for n in names if n not in values]
        if unknown:
            raise UnknownSetting(f"{where}:{number}: no practice setting '{unknown[0]}' "
                                 f"(there are: {', '.join(values)})")
        if any(not values[n] for n in names):
            continue
        lines.append(_TOKEN.sub(lambda m: values[m.group(1)], line))
    return "\n".join(lines)
