"""The process's streams as a hostile machine hands them over: encodings, closed pipes, odd terminals.

Whatever the locale, a verdict must reach the reader and the exit code must
stay the verdict's, so:

* arguments and standard input are read as UTF-8 (what terminals and files
  send), and bytes that are not UTF-8 become U+FFFD instead of an error;
* on an output that cannot encode Unicode (``PYTHONIOENCODING=ascii``,
  ``LC_ALL=C``), rendering falls back to the ASCII forms, JSON escapes
  non-ASCII, and anything left is replaced rather than raised;
* a reader that leaves (``| head -1``) ends the output quietly: the rest goes
  to ``/dev/null`` and the command still exits with its own code;
* widths have a sane minimum (``COLUMNS=0``), and a dumb terminal or a pipe
  gets no escape codes.
"""

from __future__ import annotations

import os
import sys

MIN_WIDTH = 40


def _fix_text(arg: str) -> str:
    """An argument Python decoded with surrogate escapes: its bytes as UTF-8, or with U+FFFD."""
    try:
        arg.encode("utf-8")
        return arg
    except UnicodeEncodeError:
        raw = arg.encode(sys.getfilesystemencoding(), "surrogateescape")
        return raw.decode("utf-8", "replace")


def prepare() -> None:
    """Make argv, stdin, stdout and stderr safe for the rest of the program (call once, first)."""
    sys.argv = [_fix_text(a) for a in sys.argv]
    stdin = sys.stdin
    if stdin is not None and hasattr(stdin, "reconfigure") and not _is_utf8(stdin):
        stdin.reconfigure(encoding="utf-8", errors="replace")
    for stream in (sys.stdout, sys.stderr):
        if stream is not None and hasattr(stream, "reconfigure") and not _is_utf8(stream):
            stream.reconfigure(errors="replace")


def _is_utf8(stream) -> bool:
    encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
    return encoding in ("utf8", "utf8sig")


def unicode_out() -> bool:
    """Can standard output carry Unicode? If not, render ASCII forms and escape JSON."""
    return _is_utf8(sys.stdout)


def silence_stdout() -> None:
    """The reader has gone: send what is left (and the final flush) to /dev/null."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def emit(text: str) -> bool:
    """Write one line to stdout; False when the reader has gone (then stdout is silenced)."""
    try:
        sys.stdout.write(text + "\n")
        sys.stdout.flush()
        return True
    except BrokenPipeError:
        silence_stdout()
        return False


def width() -> int:
    """The terminal's width (``COLUMNS`` first), never below MIN_WIDTH."""
    import shutil

    return max(MIN_WIDTH, shutil.get_terminal_size((80, 24)).columns)


def colour() -> bool:
    """Escape codes only for a real terminal that is not dumb, and not under NO_COLOR."""
    if "NO_COLOR" in os.environ or os.environ.get("TERM", "").lower() in ("dumb", "unknown"):
        return False
    try:
        return sys.stdout.isatty()
    except (AttributeError, ValueError):
        return False


def console(stderr: bool = False):
    """A Rich console with a minimum width that survives a closed pipe without changing the exit code."""
    from rich.console import Console

    class _Console(Console):
        def on_broken_pipe(self) -> None:
            self.quiet = True
            silence_stdout()

    out = _Console(stderr=stderr, highlight=False, soft_wrap=False)
    if out.width < MIN_WIDTH:
        out.width = MIN_WIDTH
    return out
