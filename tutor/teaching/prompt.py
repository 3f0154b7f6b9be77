"""What a line typed at a prompt means when it is not an answer, and the one suggestion for a misspelt name.

Shared by the drill and the interview. Bare words are understood as well as
the ``:`` commands: none of them is an equation.
"""

from __future__ import annotations

COMMANDS = {
    "?": "hint", ":hint": "hint", ":h": "hint", "hint": "hint",
    ":show": "show", ":reveal": "show",
    ":skip": "skip", ":s": "skip", "skip": "skip",
    ":quit": "quit", ":q": "quit", ":exit": "quit", "quit": "quit", "exit": "quit",
    ":help": "help", "help": "help",
}


def command(text: str) -> str | None:
    """The command a line names (hint, show, skip, quit, help), an unknown ``:word`` as 'unknown', else None."""
    word = text.strip().lower()
    if word in COMMANDS:
        return COMMANDS[word]
    if word.startswith(":") and " " not in word:
        return "unknown"
    return None


def suggestion(word: str, choices) -> str:
    """' (did you mean 'x'?)' for the one closest choice, or ''."""
    import difflib

    from ..base.language import _

    close = difflib.get_close_matches(word.lower(), list(choices), n=1, cutoff=0.6)
    return _("; did you mean {close}?").format(close=repr(close[0])) if close else ""
