"""Rich renderables for verdicts and problem lists. Builds, never prints.

The CLI owns the Console; tests render these objects into a fixed-width
``Console(file=StringIO())`` and compare the text with golden files.
"""

from __future__ import annotations

from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

STYLE = {"correct": "bold green", "incorrect": "bold red", "invalid": "bold yellow"}
MARK = {"correct": "✔ correct", "incorrect": "✘ incorrect", "invalid": "⚠ invalid answer"}
MARK_ASCII = {"correct": "correct", "incorrect": "incorrect", "invalid": "invalid answer"}


def verdict_panel(verdict, ascii: bool = False) -> Panel:
    """A panel: how the answer was read, the verdict, the convention, the feedback."""
    parts = []
    shown = verdict.interpreted_ascii if ascii else verdict.interpreted
    if shown:
        parts.append(Text("interpreted as:", style="dim"))
        for line in shown.splitlines():
            parts.append(Text("  " + line))
    if verdict.caret:
        parts.append(Text(verdict.caret))
    parts.append(Text((MARK_ASCII if ascii else MARK)[verdict.verdict], style=STYLE[verdict.verdict]))
    if verdict.convention:
        parts.append(Text.assemble(("convention: ", "dim"), verdict.convention))
    bullet = "-" if ascii else "•"
    for line in verdict.feedback:
        parts.append(Text(f"{bullet} {line}"))
    return Panel(Group(*parts), title=verdict.problem, title_align="left", border_style=STYLE[verdict.verdict].split()[-1])


def problem_table(topics: dict) -> Group:
    """Problems grouped by topic, with ids and prompts."""
    blocks = []
    for topic in topics.values():
        table = Table(title=f"{topic.title} ({topic.name})", title_justify="left", show_header=True, expand=False)
        table.add_column("id", style="bold cyan", no_wrap=True)
        table.add_column("prompt")
        for p in topic.problems:
            table.add_row(p.id, p.prompt)
        blocks.append(table)
    return Group(*blocks)
