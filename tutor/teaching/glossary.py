"""The bilingual glossary: English ↔ 中文 terms of recurrent networks, each with a one-line definition.

The terms are data (``problems/glossary.toml``), written in both languages
side by side, since a glossary is the one place where both are shown at
once: the term in each language, its other spellings, and a definition in
the chosen language. A search matches either language, case-insensitively
and after NFKC (so full-width letters typed with a Chinese input method find
their terms); an exact match of a term or a spelling ranks first.
"""

from __future__ import annotations

import tomllib
import unicodedata
from functools import lru_cache
from typing import NamedTuple

from ..base.location import bank_dir


class Term(NamedTuple):
    en: str
    zh: str
    also: tuple
    definition: dict  # {"en": …, "zh": …}


class GlossaryError(ValueError):
    """The glossary file is malformed."""


@lru_cache(maxsize=1)
def terms() -> tuple:
    """Every term, in the file's order."""
    with (bank_dir() / "glossary.toml").open("rb") as fh:
        data = tomllib.load(fh)
    out = []
    for raw in data.get("term", ()):
        try:
            out.append(Term(raw["en"], raw["zh"], tuple(raw.get("also", ())), dict(raw["definition"])))
        except KeyError as exc:
            raise GlossaryError(f"glossary.toml: term {raw.get('en', '?')!r} lacks {exc}") from None
    return tuple(out)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).casefold().strip()


def search(word: str | None) -> list[Term]:
    """The terms matching ``word`` in either language (all of them for no word); exact matches first."""
    if not word or not word.strip():
        return list(terms())
    needle = _fold(word)
    exact, partial = [], []
    for term in terms():
        names = [_fold(n) for n in (term.en, term.zh, *term.also)]
        if needle in names:
            exact.append(term)
        elif any(needle in n for n in names):
            partial.append(term)
    return exact + partial
