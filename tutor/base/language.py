"""The language of the tutor's prose, chosen once at start-up and asked by every loader and the renderer.

Two languages: English (the source text, and the fallback) and Simplified
Chinese. The choice, strongest first: the ``--lang`` option, the
``RNN_TUTOR_LANG`` variable, then the locale as POSIX orders it (``LC_ALL``,
``LC_MESSAGES``, ``LANG``; ``zh_CN.UTF-8`` and the like mean Chinese).

Two kinds of prose follow the choice:

* messages written in code go through :func:`gettext` (``_``), the stdlib's
  GNU gettext with catalogues in ``tutor/locale/<lang>/LC_MESSAGES/`` (the
  ``.po`` is the source, the ``.mo`` beside it is compiled from it with Babel
  and a test checks the two agree);
* prose in ``problems/`` is overlaid by files of its own language
  (``problems/zh/…``, see :mod:`tutor.base.overlay`), keyed by the ids of
  the English files.

English never opens a catalogue: a message's id is its English text, so
the English start-up pays for nothing but this module.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

LANGUAGES = ("en", "zh")
DEFAULT = "en"
ENV = "RNN_TUTOR_LANG"
DOMAIN = "rnn-tutor"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"

_chosen: str | None = None


class LanguageError(ValueError):
    """An explicit choice (``--lang``, ``RNN_TUTOR_LANG``) names no language the tutor has."""


def normalise(tag: str | None) -> str | None:
    """The tutor's language for a tag (``zh``, ``zh_CN.UTF-8``, ``zh-Hans``, ``en_GB``, ``中文``), or None.

    >>> normalise("zh_CN.UTF-8"), normalise("en_US"), normalise("C"), normalise("fr_FR")
    ('zh', 'en', None, None)
    """
    if not tag:
        return None
    tag = tag.strip()
    if tag in ("中文", "汉语", "简体中文"):
        return "zh"
    base = tag.split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    return base if base in LANGUAGES else None


def from_environment(env=None) -> str:
    """The language the environment asks for: ``RNN_TUTOR_LANG``, then the locale; English otherwise.

    Raises :class:`LanguageError` when ``RNN_TUTOR_LANG`` is set to a language the tutor lacks
    (a locale the tutor lacks, such as ``fr_FR``, just falls back to English).
    """
    env = os.environ if env is None else env
    explicit = env.get(ENV, "").strip()
    if explicit:
        lang = normalise(explicit)
        if lang is None:
            raise LanguageError(f"{ENV}={explicit!r}: choose one of {', '.join(LANGUAGES)}")
        return lang
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "").strip()
        if value:  # the first one set decides, as in POSIX, even when it is C or a language we lack
            return normalise(value) or DEFAULT
    return DEFAULT


def choose(option: str | None = None, env=None) -> str:
    """Fix the language for this run: ``option`` (``--lang``) when given, else the environment's."""
    global _chosen
    if option:
        lang = normalise(option)
        if lang is None:
            raise LanguageError(f"--lang {option!r}: choose one of {', '.join(LANGUAGES)}")
    else:
        lang = from_environment(env)
    _chosen = lang
    return lang


def current() -> str:
    """The language chosen at start-up; chosen from the environment on first use if nobody chose."""
    if _chosen is None:
        try:
            return choose()
        except LanguageError:  # reported by the CLI, which chooses explicitly; a library user gets English
            return choose(DEFAULT)
    return _chosen


def reset() -> None:
    """Forget the choice (tests that switch language in one process)."""
    global _chosen
    _chosen = None


@lru_cache(maxsize=None)
def catalogue(lang: str):
    """The compiled message catalogue of ``lang`` (a NullTranslations for English or a missing file)."""
    import gettext as _gettext

    path = LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"
    if not path.is_file():
        return _gettext.NullTranslations()
    with path.open("rb") as fh:  # opened directly: gettext.translation() would search by locale aliases first
        return _gettext.GNUTranslations(fh)


def gettext(message: str) -> str:
    """``message`` (its English text is its id) in the chosen language."""
    lang = current()
    if lang == DEFAULT:
        return message
    return catalogue(lang).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for ``n``, in the chosen language."""
    lang = current()
    if lang == DEFAULT:
        return singular if n == 1 else plural
    return catalogue(lang).ngettext(singular, plural, n)


_ = gettext


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue without translating it yet (a constant, translated where it is shown)."""
    return message


# The system's words for the failures a learner meets (the C library's, in English whatever the locale)
OS_REASONS = (N_("No such file or directory"), N_("Permission denied"), N_("Is a directory"), N_("Not a directory"),
              N_("No space left on device"), N_("Read-only file system"), N_("File name too long"))


def os_reason(exc: OSError) -> str:
    """Why the system refused (``exc.strerror``), in the chosen language when it is one of :data:`OS_REASONS`."""
    reason = exc.strerror or str(exc)
    return gettext(reason) if reason in OS_REASONS else reason


# the blocks of East Asian wide and full-width characters (Hangul Jamo, CJK, full-width forms), for a quick test
_WIDE_BLOCKS = ((0x1100, 0x115F), (0x2E80, 0x303E), (0x3041, 0xA4CF), (0xAC00, 0xD7A3), (0xF900, 0xFAFF),
                (0xFE30, 0xFE4F), (0xFF00, 0xFF60), (0xFFE0, 0xFFE6), (0x20000, 0x3FFFD))


def has_wide(text: str) -> bool:
    """True when ``text`` holds a character of the wide blocks (a quick test: English text has none)."""
    return any(wide(c) for c in text if c >= "\u1100")


def wide(char: str) -> bool:
    """True for a character a terminal shows two columns wide (CJK ideographs, kana, Hangul, full-width forms)."""
    c = ord(char)  # the blocks of _WIDE_BLOCKS, most frequent first, spelt out: this runs per character
    return c >= 0x1100 and (0x3041 <= c <= 0xA4CF or 0xFF00 <= c <= 0xFF60 or 0x2E80 <= c <= 0x303E
                            or 0xAC00 <= c <= 0xD7A3 or c <= 0x115F or 0xF900 <= c <= 0xFAFF
                            or 0xFE30 <= c <= 0xFE4F or 0xFFE0 <= c <= 0xFFE6 or 0x20000 <= c <= 0x3FFFD)


def unwrap(text: str) -> str:
    """Prose as one paragraph: its lines joined by a space, or by nothing where a line meets Chinese.

    Data files break long prose over lines; English joins them with a space,
    Chinese (which has no spaces between words) must not gain one.
    """
    if not has_wide(text):
        return " ".join(text.split())
    out = ""
    for line in text.split("\n"):
        line = " ".join(line.split())
        if not line:
            continue
        if out and not (wide(out[-1]) or wide(line[0])):
            out += " "
        out += line
    return out
