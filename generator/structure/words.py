"""Whole words and phrases from a vocabulary, found in text: the glossary's tooltips and its "Words used" lists.

A word is found where it is not part of a longer word: no letter, digit, '_' or '-' touches it on either side.
Where several words start at one place the longest wins, and the text is read left to right without overlaps:
what `re.finditer` gives for `(?<![\\w-])(longest|...|shortest)(?![\\w-])`. That pattern tries every word at every
character of every page; here each word is looked for with `str.find`, which skips text in C, so a page costs
a few fast scans rather than one slow one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

# What may not touch a found word: a character `\w` matches, or a hyphen.
WORD_CHAR = re.compile(r"[\w-]")


class Words:
    """Finds the given words in text: `Words(["AMHP", "OT"]).find("An AMHP or OT.")` gives (start, end, word)."""

    def __init__(self, words: Iterable[str]):
        # Longest first, as in the alternation this stands for; words of one length cannot start at one place.
        self.words = sorted(set(words), key=len, reverse=True)
        if "" in self.words:
            raise ValueError("an empty word cannot be found")

    def __bool__(self) -> bool:
        return bool(self.words)

    def find(self, text: str) -> Iterator[tuple[int, int, str]]:
        """Every whole-word use in `text`, in order, as (start, end, word)."""
        found: dict[int, str] = {}  # start -> the longest word found there
        for word in self.words:
            size = len(word)
            at = text.find(word)
            while at >= 0:
                end = at + size
                # A longer word found here already wins: the words are tried longest first.
                if at not in found and not WORD_CHAR.match(text, end) and not (at and WORD_CHAR.match(text, at - 1)):
                    found[at] = word
                at = text.find(word, at + 1)
        stop = 0
        for start in sorted(found):
            if start >= stop:
                word = found[start]
                stop = start + len(word)
                yield start, stop, word
