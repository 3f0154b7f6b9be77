"""Text by terminal columns: Chinese characters are two columns wide and have no spaces between words.

Python's :mod:`textwrap` counts characters and breaks only at spaces, and
Rich breaks only at spaces too, so a Chinese paragraph would overflow or
break ragged. These helpers measure columns and break between Chinese
characters (never before closing punctuation). English text, which has no
wide characters, takes the ordinary paths unchanged, and the measure uses no
:mod:`unicodedata`, so ``rnn-tutor list`` pays nothing for it.
"""

from __future__ import annotations

from ..base.language import has_wide, wide

CLOSING = "，。、；：！？）》」』”’,.;:!?)]"


def columns(text: str) -> int:
    """Terminal columns of ``text``: two for each wide (CJK) character, none for a combining mark (the ˜ of C̃)."""
    return sum(2 if wide(c) else 0 if "\u0300" <= c <= "\u036f" or "\u20d0" <= c <= "\u20ff" else 1 for c in text)


class _Prose:
    """A paragraph wrapped by terminal columns at render time, breaking between Chinese characters too."""

    def __init__(self, text: str, style: str = ""):
        self.text, self.style = text, style

    def __rich_console__(self, console, options):
        from rich.text import Text

        for line in wrap_columns(self.text, max(1, options.max_width)) or [""]:
            yield Text(line, style=self.style, no_wrap=True, overflow="fold")

    def __rich_measure__(self, console, options):
        from rich.measure import Measurement

        return Measurement(min(options.max_width, 2), min(options.max_width, columns(self.text)))


def prose(text: str, style: str = ""):
    """A paragraph: Rich's own wrapping for text with spaces between words, :class:`_Prose` for Chinese."""
    from rich.text import Text

    if not has_wide(text):
        return Text(text, style=style)
    return _Prose(text, style)


def pad_columns(text: str, width: int) -> str:
    return text + " " * max(0, width - columns(text))


def wrap_columns(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` columns (textwrap counts characters, and CJK ones are two wide).

    Lines break at spaces, or between two Chinese characters, but never
    before closing punctuation.
    """
    import re

    if not has_wide(text):
        import textwrap

        return textwrap.wrap(text, width)

    atoms = []  # (text, space before it)
    for space, word in re.findall(r"(\s*)(\S+)", text):
        for piece in re.findall(r"[^\s]", word) if any(wide(c) for c in word) else [word]:
            if atoms and (piece in CLOSING or not space and not (wide(piece[0]) or wide(atoms[-1][0][-1]))):
                # glue: no break inside a Latin run, nor before a closing mark (a space before one is dropped)
                atoms[-1] = (atoms[-1][0] + piece, atoms[-1][1])
            else:
                atoms.append((piece, bool(space) and bool(atoms)))
            space = ""
    lines, line, used = [], "", 0
    for piece, spaced in atoms:
        gap = " " if spaced and line else ""
        size = columns(piece)
        if line and used + len(gap) + size > width:
            lines.append(line)
            line, used = piece, size
        else:
            line, used = line + gap + piece, used + len(gap) + size
    if line:
        lines.append(line)
    return lines
