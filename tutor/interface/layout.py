"""Fitting output to the terminal: columns that wrap instead of being cut, titles that wrap, pure ASCII.

Rich cuts a ``no_wrap`` line and a panel title at the edge without a sign.
The pieces here decide at render time, from the width they are given: aligned
columns print as they are when they fit, and otherwise wrap their wide
values (at the commas of a vector) under their own column, or move them
onto lines of their own; a title too long for its frame becomes the first
line inside the panel. ``to_ascii`` spells any text in plain ASCII.
"""

from __future__ import annotations

_SYMBOLS = {
    "←": "<-", "⇐": "<=", "⇒": "=>", "↔": "<->", "≈": "~", "≥": ">=", "≠": "!=", "∈": "in", "±": "+/-",
    "✔": "ok", "✘": "x", "⚠": "!", "•": "-", "—": "--", "“": '"', "”": '"', "‘": "'", "’": "'", "◆": "*",
    "●": "o", "▲": "+", "∞": "inf", "√": "sqrt", "∑": "sum", "∏": "prod", "∇": "grad", "⋯": "...", "⁻": "^-",
    "∘": "o", "∗": "*", "│": "|", "─": "-", "└": "+", "┌": "+", "┐": "+", "┘": "+", "ℓ": "l",
}


def to_ascii(text: str) -> str:
    """Pure ASCII for ``--ascii``: the notation's spellings first (σ → sigmoid, hₜ₋₁ → h_{t-1}), then
    any other letter by its Unicode name (φ → phi, gᵢ → g_i, x² → x^2), symbols by a small table."""
    from ..notation.typeset import asciify

    text = asciify(text)
    if text.isascii():
        return text
    import unicodedata

    out = []
    for ch in text:
        if ch.isascii():
            out.append(ch)
            continue
        if ch in _SYMBOLS:
            out.append(_SYMBOLS[ch])
            continue
        name = unicodedata.name(ch, "")
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if c.isascii())
        if "SUBSCRIPT" in name and base:
            out.append("_" + base)
        elif "SUPERSCRIPT" in name and base:
            out.append("^" + base)
        elif name.startswith("GREEK") and "LETTER" in name:
            word = name.split("LETTER ")[-1].split()[0].lower()
            out.append(word.capitalize() if "CAPITAL" in name else word)
        elif base:
            out.append(base)
        elif unicodedata.category(ch).startswith("Z"):
            out.append(" ")
        else:
            out.append("?")
    return "".join(out)


def wrap_value(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` cells, broken after the commas of a vector (or anywhere, if it must)."""
    from rich.cells import cell_len

    width = max(4, width)
    if cell_len(text) <= width:
        return [text]
    pieces = [p + "," for p in text.split(",")]
    pieces[-1] = pieces[-1][:-1]
    lines, line = [], ""
    for piece in pieces:
        if line and cell_len(line + piece) > width:
            lines.append(line.rstrip())
            line = piece  # the space after the comma keeps the values under the first one
        else:
            line += piece
        while cell_len(line) > width:  # one piece longer than the width: fold it
            lines.append(line[:width])
            line = line[width:]
    if line:
        lines.append(line)
    return lines


class Columns:
    """Rows of cells aligned in columns; the first row a bold header with a rule under it when ``header``."""

    GAP = 2

    def __init__(self, rows, header: bool = False, ascii: bool = False):
        self.rows = [tuple(r) for r in rows]
        self.header = header
        self.ascii = ascii

    def __rich_console__(self, console, options):
        from rich.cells import cell_len
        from rich.text import Text

        rows, room = self.rows, options.max_width
        n = len(rows[0])
        widths = [max(cell_len(r[i]) for r in rows) for i in range(n)]

        def pad(cells, ws, strip=True):
            line = (" " * self.GAP).join(c + " " * (w - cell_len(c)) for c, w in zip(cells, ws))
            return line.rstrip() if strip else line

        def span(k):
            return sum(widths[:k]) + self.GAP * (k - 1)

        rule = "-" if self.ascii else "─"
        if span(n) <= room:
            yield from self._emit([pad(r, widths) for r in rows], sum(widths) + self.GAP * n, rule)
            return
        lead = span(n - 1) + self.GAP if n > 1 else 0
        if room - lead >= 20:  # the last column wraps under itself
            lines = []
            for r in rows:
                parts = wrap_value(r[-1], room - lead)
                lines.append((pad(r[:-1], widths[:-1], strip=False) + " " * self.GAP + parts[0]).rstrip()
                             if n > 1 else parts[0])
                lines.extend(" " * lead + more for more in parts[1:])
            yield from self._emit(lines, room, rule)
            return
        inline = n - 1
        while inline > 1 and span(inline) > room:
            inline -= 1
        # several wide columns: the first ones stay in line, each other one on lines of its own, named by its header
        names = rows[0] if self.header else ("",) * n
        label = max(cell_len(names[j]) for j in range(inline, n)) + self.GAP
        lines = []
        for k, r in enumerate(rows):
            if self.header and k == 0:
                lines.append(pad(r[:inline], widths[:inline]))
                continue
            lines.append(pad(r[:inline], widths[:inline]))
            for j in range(inline, n):
                parts = wrap_value(r[j], room - 2 - label)
                name = names[j] + " " * (label - cell_len(names[j]))
                lines.append("  " + name + parts[0])
                lines.extend(" " * (2 + label) + more for more in parts[1:])
        yield from self._emit(lines, min(room, sum(widths[:inline]) + self.GAP * inline), rule)

    def _emit(self, lines, rule_width, rule):
        from rich.text import Text

        if not self.header:
            yield Text("\n".join(lines), no_wrap=True)
            return
        yield Text(lines[0], style="bold", no_wrap=True)
        yield Text("\n".join([rule * rule_width] + lines[1:]), no_wrap=True)


class TitledPanel:
    """A panel whose title, when too long for the frame, becomes the panel's first line (never cut)."""

    def __init__(self, body, title: str, ascii: bool = False, **panel):
        self.body, self.title, self.ascii, self.panel = body, title, ascii, panel

    def __rich_console__(self, console, options):
        from rich import box
        from rich.cells import cell_len
        from rich.console import Group
        from rich.panel import Panel
        from rich.text import Text

        rest = dict(self.panel)
        frame = box.ASCII if self.ascii else rest.pop("box", box.ROUNDED)
        rest.pop("box", None)
        if cell_len(self.title) + 5 <= options.max_width:  # what Rich shows without cutting
            yield Panel(self.body, title=Text(self.title), title_align="left", box=frame, **rest)
        else:
            yield Panel(Group(Text(self.title, style="bold"), self.body), box=frame, **rest)
