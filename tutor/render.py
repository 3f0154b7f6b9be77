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


def _matrix_lines(m) -> list[str]:
    import numpy as np

    m = np.atleast_2d(m)
    return ["[" + ", ".join(f"{float(x): .1f}" for x in row) + "]" for row in m]


def _columns(rows, header: bool = False, ascii: bool = False) -> list:
    """Rows of cells as aligned Text lines; the first row bold with a rule under it when ``header``."""
    from rich.cells import cell_len
    from rich.text import Text

    widths = [max(cell_len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c + " " * (w - cell_len(c)) for c, w in zip(r, widths)).rstrip() for r in rows]
    if not header:
        return [Text("\n".join(lines), no_wrap=True)]
    rule = ("-" if ascii else "─") * sum(w + 2 for w in widths)
    return [Text(lines[0], style="bold"), Text("\n".join([rule] + lines[1:]), no_wrap=True)]


def explain_view(expl, ex, ascii: bool = False):
    """The panels of ``rnn-tutor explain``: prose, equations, parameter count, worked example."""
    from rich import box
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    from .explanation import fmt, parsed
    from .notation import parse
    from .symbols import Scope
    from .typeset import asciify, typeset

    plain = asciify if ascii else (lambda s: s)
    frame = box.ASCII if ascii else box.ROUNDED
    bullet = "-" if ascii else "•"

    def para(text: str) -> Text:
        return Text(plain(" ".join(text.split())))

    def panel(body, title: str):
        return Panel(body, title=Text(plain(title)), title_align="left", box=frame)

    class _Names:
        scope = Scope(expl.topic if expl.topic != "rnn" else "rnn")
        ops: dict = {}

    out = [panel(para(expl.intuition), expl.title)]
    roles = Text(plain("\n".join(f"{bullet} {name}: {role}" for name, role in expl.roles)))
    out.append(panel(roles, "Gates and states"))
    out.append(panel(para(expl.why_activations), "Why σ on gates and tanh on states"))
    if expl.extra:
        out.append(panel(para(expl.extra), expl.extra_title))
    if expl.comparison:
        from rich.table import Table

        table = Table(box=frame, show_header=True, expand=False)
        table.add_column("")
        table.add_column("GRU")
        table.add_column("LSTM")
        for aspect, gru, lstm in expl.comparison:
            table.add_row(plain(aspect), plain(gru), plain(lstm))
        out.append(panel(table, "GRU vs LSTM"))
    eq_lines = Text("\n".join(typeset(eq, _Names, ascii=ascii) for eq in parsed(expl.equations)) + "\n")
    notes = Text(plain("\n".join(f"{bullet} {c}" for c in expl.conventions)), style="dim")
    out.append(panel(Group(eq_lines, notes), f"Equations: {expl.equations_name}"))
    formula = typeset(parse(expl.params_formula)[0].rhs, None, ascii=ascii)
    out.append(panel(Text(plain(f"{formula} with H = {ex.hidden}, X = {ex.inputs}: {expl.params_value} parameters "
                                f"(one bias vector per gate)")), "Parameter count"))

    # worked example: aligned text columns (nested Rich tables cost more than all the rest)
    sub = (lambda k: f"_{k}") if ascii else (lambda k: str(k).translate(str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")))

    def one(v) -> str:
        return "[" + ", ".join(f"{float(x): .1f}" for x in v) + "]"

    given = [(f"x{sub(t)}", one(x)) for t, x in enumerate(ex.xs, 1)]
    given.append((f"h{sub(0)}", one(ex.h0)))
    if ex.c0 is not None:
        given.append((f"c{sub(0)}", one(ex.c0)))
    for name, value in ex.params.items():
        lines = _matrix_lines(value) if getattr(value, "ndim", 1) == 2 else [one(value)]
        given.append((name, lines[0]))
        given.extend(("", more) for more in lines[1:])
    first = ex.steps[0]
    step = [("", "how", "value (t = 1)")]
    step += [(plain(row.label), row.ascii_how if ascii else row.how, fmt(first[row.name])) for row in ex.rows]
    body = [Text(plain(f"seed {ex.seed}, H = {ex.hidden}, X = {ex.inputs}: inputs, initial state and weights, one decimal each")),
            *_columns(given), Text(""),
            Text(plain("Step t = 1, in the order a person computes it (values to 4 places):")),
            *_columns(step, header=True, ascii=ascii)]
    out.append(panel(Group(*body), "Worked example"))
    if len(ex.steps) > 1:
        head = ("t", plain("xₜ"), plain("hₜ")) + ((plain("cₜ"),) if ex.c0 is not None else ())
        rows = [head]
        for t, (x, s) in enumerate(zip(ex.xs, ex.steps), 1):
            rows.append((str(t), one(x), fmt(s["h"])) + ((fmt(s["c"]),) if ex.c0 is not None else ()))
        out.append(panel(Group(*_columns(rows, header=True, ascii=ascii)), f"States over {len(ex.steps)} steps"))
    return Group(*out)
