"""The drill's terminal: line editing, history kept across sessions, pasted blocks, Ctrl-C and Ctrl-D.

On a terminal, ``input()`` with readline gives arrow keys and recall; the
history is read from and written to ``history`` in the data folder (beside
the progress store), so yesterday's answers come back with the up arrow.

A pasted block is one answer: with bracketed paste, readline hands back the
lines joined by newlines; without it, the pasted lines arrive faster than
anyone types, so after each line the terminal looks whether more input is
already waiting and takes those lines too. From a pipe every line is read on
its own (a script is not a paste), and echoed, so a scripted drill reads like
a session.

Ctrl-C and Ctrl-D end the line first, so whatever is printed next (the
summary) starts on a line of its own.
"""

from __future__ import annotations

import sys

PASTE_GAP = 0.03  # seconds: lines arriving closer than this after Enter are one paste
HISTORY_LINES = 1000


class Terminal:
    """``read(prompt)`` and ``show(renderable)`` for :class:`tutor.teaching.drill.Drill`."""

    def __init__(self, console, history: bool = True):
        self.console = console
        self.tty = sys.stdin.isatty()
        self.readline = None
        self.history_file = None
        if self.tty:
            try:
                import readline

                self.readline = readline
            except ImportError:
                pass
        if self.readline is not None and history:
            self._load_history()

    # -- history ---------------------------------------------------------------------

    def _load_history(self) -> None:
        from ..store.progress import home

        path = home() / "history"
        self.history_file = path
        try:
            self.readline.set_history_length(HISTORY_LINES)
            if path.exists():
                self.readline.read_history_file(str(path))
        except OSError:
            self.history_file = None

    def close(self) -> None:
        """Save the history (best effort: a read-only data folder only loses the history)."""
        if self.readline is None or self.history_file is None:
            return
        try:
            self.history_file.parent.mkdir(parents=True, exist_ok=True)
            self.readline.write_history_file(str(self.history_file))
        except OSError:
            pass

    # -- reading ---------------------------------------------------------------------

    def read(self, prompt: str) -> str:
        if not self.tty:
            return self._read_pipe(prompt)
        try:
            first = input(prompt)
        except (KeyboardInterrupt, EOFError):
            sys.stdout.write("\n")
            sys.stdout.flush()
            raise
        lines = first.split("\n")
        while self._waiting():
            try:
                more = input("")
            except (KeyboardInterrupt, EOFError):
                break
            lines.extend(more.split("\n"))
        while len(lines) > 1 and not lines[-1].strip():
            lines.pop()
        return "\n".join(lines)

    def _waiting(self) -> bool:
        import select

        try:
            ready, _, _ = select.select([sys.stdin], [], [], PASTE_GAP)
        except (OSError, ValueError):
            return False
        return bool(ready)

    def _read_pipe(self, prompt: str) -> str:
        sys.stdout.write(prompt)
        sys.stdout.flush()
        line = sys.stdin.readline()
        if not line:
            sys.stdout.write("\n")
            raise EOFError
        line = line.rstrip("\n")
        sys.stdout.write(line + "\n")
        return line

    def show(self, renderable) -> None:
        self.console.print(renderable)
