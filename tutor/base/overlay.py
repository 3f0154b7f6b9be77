"""Data in another language: overlays of the English files of ``problems/``, and their fingerprints.

The English files are the source; ``problems/<lang>/<same path>`` repeats
only their prose, keyed by problem and question ids and by field, so that
the English can be edited (and new problems added) without touching the
translations, and a test can find what lacks its translation. Each
translated entry records the fingerprint of the English it translates, so a
translation of an older English is noticed (by the tests) and not shown (the
learner sees the English instead).
"""

from __future__ import annotations

from pathlib import Path

from .language import DEFAULT, current

def overlay_path(base: Path, relative: str, lang: str | None = None) -> Path | None:
    """The overlay of a data file for ``lang`` (default: the chosen one), ``problems/<lang>/<relative>``; None in English."""
    lang = lang or current()
    if lang == DEFAULT:
        return None
    return base / lang / relative


SOURCE = "source"  # an overlay's fingerprint of the English it translates


def fingerprint(english) -> str:
    """A short hash of an English entry (a problem, a question, a whole explanation file).

    An overlay entry records the fingerprint of the English it was translated
    from (``source = "…"``); when the English changes, the translation is
    stale: :func:`overlaid` then shows the English, and the tests name it.
    """
    import zlib  # cheaper to import than hashlib (OpenSSL) or json, and this runs at start-up

    return f"{zlib.crc32(repr(english).encode('utf-8')):08x}"  # tomllib keeps the file's order: repr is stable


def overlaid(data: dict, base: Path, relative: str, lang: str | None = None) -> dict:
    """``data`` (a parsed English file under ``base``) with its overlay for ``lang`` laid over it.

    An overlay repeats only the prose: a table is merged key by key, a list of
    tables (roles, a problem's mistakes) element by element, a list of tables
    with ``id``s (problems, questions) by id through a table keyed by id
    (``[problem."lstm.forget"]``), and anything else is replaced. An entry
    whose ``source`` fingerprint is not that of the English (the English
    changed since it was translated) is left out, as is a whole file whose
    top-level ``source`` does not match: better English than a translation of
    something else (a quiz whose options no longer match its answer). A file
    without overlay is returned as it is: missing translations are the tests'
    to find, not the learner's to crash on.
    """
    path = overlay_path(base, relative, lang)
    if path is None or not path.is_file():
        return data
    import tomllib

    with path.open("rb") as fh:
        over = tomllib.load(fh)
    over.pop("format_version", None)
    source = over.pop(SOURCE, None)
    if source is not None and source != fingerprint(data):
        return data
    return merge(data, over)


def current_entry(english: dict, over: dict) -> bool:
    """True when an overlay entry translates this English entry (no fingerprint, or the right one)."""
    return SOURCE not in over or over[SOURCE] == fingerprint(english)


def merge(base, over):
    """``over`` laid over ``base`` (see :func:`overlaid`); neither is changed."""
    if isinstance(base, dict) and isinstance(over, dict):
        out = dict(base)
        for key, value in over.items():
            if key != SOURCE:
                out[key] = merge(base[key], value) if key in base else value
        return out
    if isinstance(base, list) and base and all(isinstance(x, dict) for x in base):
        if isinstance(over, dict) and all("id" in x for x in base):
            return [merge(x, over[x["id"]]) if x["id"] in over and current_entry(x, over[x["id"]]) else x
                    for x in base]
        if isinstance(over, list) and all(isinstance(x, dict) for x in over):
            if len(over) != len(base):
                return base  # a list that changed length in English: the translation is stale
            return [merge(x, y) for x, y in zip(base, over)]
    if isinstance(base, list) and isinstance(over, list) and any(isinstance(x, dict) for x in base):
        # strings and tables mixed (hints: some with the mistakes they are ``for``): element by element
        if len(over) != len(base):
            return base
        return [merge(x, y) if isinstance(x, dict) and isinstance(y, dict) else y for x, y in zip(base, over)]
    return over
