"""Rich renderables for verdicts and problem lists. Builds, never prints.

The CLI owns the Console; tests render these objects into a fixed-width
``Console(file=StringIO())`` and compare the text with golden files. Rich is
imported inside the functions that use it, so that ``rnn-tutor list`` does
not pay for Rich's Console at start-up.
"""

from __future__ import annotations

STYLE = {"correct": "bold green", "incorrect": "bold red", "invalid": "bold yellow"}
MARK = {"correct": "✔ correct", "incorrect": "✘ incorrect", "invalid": "⚠ invalid answer"}
MARK_ASCII = {"correct": "correct", "incorrect": "incorrect", "invalid": "invalid answer"}


def verdict_panel(verdict, ascii: bool = False):
    """A panel: how the answer was read, the verdict, the convention, the feedback."""
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    parts = []
    shown = verdict.interpreted_ascii if ascii else verdict.interpreted
    if shown:
        parts.append(Text("interpreted as:", style="dim"))
        for line in shown.splitlines():
            parts.append(Text("  " + line))
    if verdict.caret:
        parts.append(Text(verdict.caret))
    parts.append(Text((MARK_ASCII if ascii else MARK)[verdict.verdict], style=STYLE[verdict.verdict]))
    from .typeset import asciify

    plain = asciify if ascii else (lambda text: text)
    if verdict.convention:
        parts.append(Text.assemble(("convention: ", "dim"), plain(verdict.convention)))
    bullet = "-" if ascii else "•"
    for line in verdict.feedback:
        parts.append(Text(f"{bullet} {plain(line)}"))
    from rich import box

    return Panel(Group(*parts), title=verdict.problem, title_align="left",
                 border_style=STYLE[verdict.verdict].split()[-1], box=box.ASCII if ascii else box.ROUNDED)


def problem_lines(topics: dict, width: int = 80) -> list[str]:
    """Problems grouped by topic, with ids and prompts, as plain wrapped lines.

    Plain text on purpose: ``rnn-tutor list`` must start as fast as Typer
    itself, and importing Rich's Console alone costs a quarter of that.
    The CLI adds colour to the ids when the terminal wants it.
    """
    import textwrap

    idw = max((len(p.id) for t in topics.values() for p in t.problems), default=10) + 2
    lines = []
    for topic in topics.values():
        lines.append(f"{topic.title} ({topic.name})")
        for p in topic.problems:
            wrapped = textwrap.wrap(p.prompt, max(20, width - idw - 2)) or [""]
            lines.append("  " + p.id.ljust(idw) + wrapped[0])
            lines.extend(" " * (idw + 2) + more for more in wrapped[1:])
        lines.append("")
    return lines
