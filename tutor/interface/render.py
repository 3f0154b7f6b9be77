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
    from ..notation.typeset import asciify

    plain = asciify if ascii else (lambda text: text)
    if verdict.convention:
        parts.append(Text.assemble(("convention: ", "dim"), plain(verdict.convention)))
    bullet = "-" if ascii else "•"
    for line in verdict.feedback:
        parts.append(Text(f"{bullet} {plain(line)}"))
    from rich import box

    return Panel(Group(*parts), title=verdict.problem, title_align="left",
                 border_style=STYLE[verdict.verdict].split()[-1], box=box.ASCII if ascii else box.ROUNDED)


def problem_lines(topics: dict, width: int = 80, states: dict | None = None) -> list[str]:
    """Problems grouped by topic, with ids and prompts, as plain wrapped lines.

    Plain text on purpose: ``rnn-tutor list`` must start as fast as Typer
    itself, and importing Rich's Console alone costs a quarter of that.
    The CLI adds colour to the ids when the terminal wants it.
    """
    import textwrap

    states = states or {}
    # long ids (lstm.back.forget_preact) go on a line of their own rather than widen every row
    idw = min(max((len(p.id) for t in topics.values() for p in t.problems), default=10), 14) + 2
    sw = 10 if states else 0
    lines = []
    for topic in topics.values():
        lines.append(f"{topic.title} ({topic.name})")
        for p in topic.problems:
            wrapped = textwrap.wrap(p.prompt, max(20, width - idw - sw - 2)) or [""]
            state = states.get(p.id, "new").ljust(sw) if states else ""
            if len(p.id) + 2 > idw:
                lines.append("  " + p.id)
                lines.append("  " + " " * idw + state + wrapped[0])
            else:
                lines.append("  " + p.id.ljust(idw) + state + wrapped[0])
            lines.extend(" " * (idw + sw + 2) + more for more in wrapped[1:])
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

    from ..teaching.explanation import fmt, parsed
    from ..notation.typeset import show
    from ..notation.symbols import Scope
    from ..notation.typeset import Names, asciify, typeset

    plain = asciify if ascii else (lambda s: s)
    frame = box.ASCII if ascii else box.ROUNDED
    bullet = "-" if ascii else "•"

    def para(text: str) -> Text:
        return Text(plain(" ".join(text.split())))

    def panel(body, title: str):
        return Panel(body, title=Text(plain(title)), title_align="left", box=frame)

    _Names = Names(Scope(expl.topic))

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
    formula = show(expl.params_formula, None, ascii=ascii)
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
    if ex.backward:
        back = [("", "how", "value (t = 1)")]
        back += [(plain(r.label), plain(r.how), fmt(r.value)) for r in ex.backward]
        body = [para(ex.backward_text), Text(""), Text(plain(ex.backward_equations)), Text(""),
                Text(plain("Step t = 1 backwards, upstream gradients seeded, one decimal each (values to 4 places):")),
                *_columns(back, header=True, ascii=ascii)]
        out.append(panel(Group(*body), "Backward pass"))
    if len(ex.steps) > 1:
        head = ("t", plain("xₜ"), plain("hₜ")) + ((plain("cₜ"),) if ex.c0 is not None else ())
        rows = [head]
        for t, (x, s) in enumerate(zip(ex.xs, ex.steps), 1):
            rows.append((str(t), one(x), fmt(s["h"])) + ((fmt(s["c"]),) if ex.c0 is not None else ()))
        out.append(panel(Group(*_columns(rows, header=True, ascii=ascii)), f"States over {len(ex.steps)} steps"))
    return Group(*out)


# ---------------------------------------------------------------- drill


def drill_intro(count: int, help_text: str):
    from rich.text import Text

    return Text.assemble((f"{count} item{'s' if count != 1 else ''}. ", "bold"), (help_text, "dim"))


def drill_prompt(n: int, total: int, problem, whole: bool):
    from rich.text import Text

    text = Text()
    text.append(f"\n[{n}/{total}] ", style="bold")
    text.append(problem.id, style="bold cyan")
    text.append(f"  {problem.prompt}")
    if problem.symbols:
        text.append(f"\n       you may use: {problem.symbols}", style="dim")
    if whole:
        text.append("\n       one equation per line; an empty line ends the answer", style="dim")
    return text


def hint_text(problem, used: int):
    from rich.text import Text

    if used < 0:
        return Text("Commands: ? or :hint, :show, :skip, :quit", style="yellow")
    if not problem.hints:
        return Text("No hints for this one; :show reveals the answer.", style="yellow")
    if used == 0:
        return Text("No more hints; :show reveals the answer.", style="yellow")
    last = used >= len(problem.hints)
    text = Text(f"hint {used}/{len(problem.hints)}: ", style="bold yellow")
    text.append(problem.hints[used - 1])
    if last:
        text.append("  (that was the last hint; :show reveals the answer)", style="dim")
    return text


def reveal_panel(problem):
    """The reference and its named variants, typeset from the bank."""
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    from ..notation import parse
    from ..notation.typeset import Names, typeset

    _Names = Names(problem.scope)
    parts = []
    for k, ref in enumerate(problem.all_references()):
        if k:
            parts.append(Text(""))
        parts.append(Text(ref.name, style="dim"))
        if problem.kind in ("derivation", "gradient"):  # a reference may be a worked chain
            from ..notation import parse_chain

            parts.append(Text("  " + " = ".join(typeset(link, _Names) for link in parse_chain(ref.answer))))
            continue
        for eq in parse(ref.answer):
            parts.append(Text("  " + typeset(eq, _Names)))
    if problem.explanation:
        parts.append(Text(""))
        parts.append(Text(" ".join(problem.explanation.split())))
    return Panel(Group(*parts), title=f"{problem.id}: the answer", title_align="left", border_style="yellow")


def line_marks(marks: list):
    from rich.console import Group
    from rich.text import Text

    out = []
    for line, verdict in marks:
        ok = verdict.verdict == "correct"
        t = Text("  ✔ " if ok else "  ✘ ", style="green" if ok else "red")
        t.append(line.strip())
        if not ok and verdict.feedback:
            t.append(f"   {verdict.feedback[0]}", style="dim")
        out.append(t)
    return Group(*out)


def drill_summary(summary, upcoming: list, title: str = "Drill summary"):
    """The end of a drill: what was done, and what is due next."""
    from rich.panel import Panel
    from rich.text import Text

    minutes, seconds = divmod(int(summary.seconds), 60)
    text = Text()
    text.append(f"items: {summary.items}   right first time: {summary.right_first_time}   "
                f"right: {summary.right}   hints used: {summary.hints}   revealed: {summary.revealed}   "
                f"skipped: {summary.skipped}   time: {minutes}:{seconds:02d}")
    if upcoming:
        text.append("\nnext due: " + ", ".join(f"{pid} {when}" for pid, when in upcoming[:6]))
    return Panel(text, title=title, title_align="left")


def _short_time(iso: str | None) -> str:
    """'11-29 09:10' (month-day hour:minute, UTC) or '-'."""
    return iso[5:16].replace("T", " ") if iso else "-"


def stats_view(report: dict):
    """``rnn-tutor stats``: one table per topic."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    blocks = []
    for topic, data in report["topics"].items():
        t = data["totals"]
        acc = f"{t['accuracy']:.0%}" if t["attempts"] else "-"
        table = Table(title=f"{topic}: {t['attempts']} attempts, accuracy {acc}, {t['due']} due",
                      title_justify="left", expand=False)
        for col in ("problem", "tries", "right", "streak", "last seen", "next due", "state"):
            table.add_column(col, no_wrap=True)
        for pid, row in data["problems"].items():
            table.add_row(pid, str(row["attempts"]), f"{row['accuracy']:.0%}" if row["attempts"] else "-",
                          str(row["streak"]), _short_time(row["last_seen"]), _short_time(row["next_due"]), row["state"])
        blocks.append(table)
    if not blocks:
        blocks.append(Text("No progress yet: try rnn-tutor drill lstm"))
    return Group(*blocks)


# ---------------------------------------------------------------- quiz


def quiz_prompt(n: int, total: int, shown):
    from rich.text import Text

    from ..teaching.quiz import LETTERS

    q = shown.question
    text = Text()
    text.append(f"\n[{n}/{total}] ", style="bold")
    text.append(q.text)
    how = {"single": "one letter", "multi": "all the letters that apply, e.g. a c",
           "match": "a letter for each numbered item, in order, e.g. b a c",
           "order": "the letters in order, e.g. c a b d", "symbolic": "a number or an expression"}[q.kind]
    if q.kind == "match":
        for i, item in enumerate(q.left, 1):
            text.append(f"\n  {i}. {item}")
        text.append("\n  options:")
    for letter, choice in zip(LETTERS, shown.choices):
        text.append(f"\n  {letter}) {choice}")
    text.append(f"\n  answer with {how}", style="dim")
    return text


def quiz_result(graded, shown, message: str):
    """✔/✘, what was wrong, the right answer and the explanation (or just a note)."""
    from rich.text import Text

    from ..teaching.quiz import LETTERS

    q = shown.question
    if graded is not None and not graded.valid:
        return Text(message, style="yellow")
    if graded is None and message:
        return Text(message, style="yellow")
    text = Text()
    if graded is not None:
        text.append("✔ correct" if graded.correct else "✘ incorrect", style="bold green" if graded.correct else "bold red")
        if message:
            text.append(f"  ({message})", style="dim")
        text.append("\n")
    if q.kind == "symbolic":
        from ..teaching.quiz import _shown_reference, symbolic_problem

        right = _shown_reference(symbolic_problem(q))
    elif q.kind in ("single", "multi"):
        right = ", ".join(f"{l}) {shown.choices[LETTERS.index(l)]}" for l in shown.expected)
    else:
        right = " ".join(shown.expected)
    text.append("answer: ", style="bold")
    text.append(right)
    if q.explanation:
        text.append("\n" + " ".join(q.explanation.split()), style="dim")
    return text


# ---------------------------------------------------------------- demos


def log_plot(series: list, height: int = 12, width: int = 64, ascii: bool = False) -> list[str]:
    """A terminal plot on a log scale: series are (label, marker, values indexed by t)."""
    import math

    values = [v for _, _, vs in series for v in vs if v > 0]
    lo, hi = math.floor(math.log10(min(values))), math.ceil(math.log10(max(values)))
    if hi == lo:
        hi += 1
    n = max(len(vs) for _, _, vs in series)
    step = max(1, (width - 1) // max(1, n - 1))  # spread short series over the width
    cols = min(width, (n - 1) * step + 1)
    grid = [[" "] * cols for _ in range(height)]
    for _, marker, vs in series:
        for t, v in enumerate(vs):
            if v <= 0:
                continue
            x = round(t * (cols - 1) / max(1, n - 1))
            y = round((math.log10(v) - lo) / (hi - lo) * (height - 1))
            row = height - 1 - y
            grid[row][x] = marker if grid[row][x] in (" ", marker) else ("*" if ascii else "◆")
    labels = {}
    for k in range(lo, hi + 1):  # each decade on the row nearest to it
        labels.setdefault(height - 1 - round((k - lo) / (hi - lo) * (height - 1)), f"1e{k:+03d}")
    lines = []
    for r, row in enumerate(grid):
        lines.append(f"{labels.get(r, ''):>6} {'|' if ascii else '│'}{''.join(row)}")
    axis = ("+" if ascii else "└") + ("-" if ascii else "─") * cols
    lines.append(" " * 7 + axis)
    lines.append(" " * 8 + "t = 0" + " " * max(1, cols - 10) + f"{n - 1}")
    return lines


class PlotError(RuntimeError):
    """The image could not be made: matplotlib is missing, or the file cannot be written."""


def save_vanishing_png(c, path: str) -> None:
    """The demo's two curves as a PNG (matplotlib is an optional extra: ``pip install 'rnn-tutor[plot]'``)."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        raise PlotError("--save needs matplotlib: pip install 'rnn-tutor[plot]' (or pip install matplotlib)") from None
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.semilogy(range(len(c.rnn)), c.rnn, "o-", label="RNN ‖∂h_T/∂h_t‖")
    ax.semilogy(range(len(c.lstm)), c.lstm, "^-", label="LSTM cell path ‖∂c_T/∂c_t‖")
    ax.set_xlabel("t")
    ax.set_title(f"Gradient norms back through time (RNN weight scale {c.scale:g})")
    ax.legend()
    try:
        fig.savefig(path, dpi=120, bbox_inches="tight")
    except OSError as exc:
        raise PlotError(f"cannot write {path}: {exc.strerror}") from None
    finally:
        plt.close(fig)


def vanishing_view(c, reading_lines: list, ascii: bool = False):
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    from ..notation.typeset import asciify

    plain = asciify if ascii else (lambda s: s)
    rnn_mark, lstm_mark = ("o", "+") if ascii else ("●", "▲")
    lines = log_plot([("rnn", rnn_mark, c.rnn), ("lstm", lstm_mark, c.lstm)], ascii=ascii)
    legend = plain(f"{rnn_mark} RNN ‖∂h_T/∂h_t‖    {lstm_mark} LSTM cell path ‖∂c_T/∂c_t‖    (log scale, T = {c.length})")
    body = Group(Text("\n".join(lines), no_wrap=True), Text(legend, style="dim"), Text(""),
                 Text(plain("\n".join(reading_lines))))
    from rich import box

    return Panel(body, title=plain(f"Gradient norms back through time (RNN weight scale {c.scale:g})"),
                 title_align="left", box=box.ASCII if ascii else box.ROUNDED)


def clipping_view(ex: dict, formula: str, ascii: bool = False):
    from rich import box
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    from ..notation.typeset import asciify

    plain = asciify if ascii else (lambda s: s)
    rows = [("i", "g", "by norm", "by value")]
    for i, (a, b, v) in enumerate(zip(ex["g"], ex["by_norm"], ex["by_value"]), 1):
        rows.append((str(i), f"{a: .4f}", f"{b: .4f}", f"{v: .4f}"))
    n = ex["norms"]
    rows.append(("‖·‖" if not ascii else "norm", f"{n['g']: .4f}", f"{n['by_norm']: .4f}", f"{n['by_value']: .4f}"))
    rows.append(("cos" , " 1.0000", f"{ex['cos']['by_norm']: .4f}", f"{ex['cos']['by_value']: .4f}"))
    table = _columns(rows, header=True, ascii=ascii)
    clipped = n["g"] > ex["theta"]
    text = [
        Text(plain(f"by norm (θ = {ex['theta']:g}): g ← {formula} when ‖g‖ > θ; here ‖g‖ = {n['g']:.4f}"
                   + (" > θ, so g is rescaled to norm θ." if clipped else " ≤ θ, so g is unchanged."))),
        Text(plain(f"by value (v = {ex['value']:g}): each gᵢ ← min(max(gᵢ, −v), v).")),
        Text(""), *table, Text(""),
        Text(plain("Clipping by norm keeps the direction (cos = 1); clipping by value can turn it. "
                   "Both cap exploding gradients; neither helps vanishing ones.")),
    ]
    return Panel(Group(*text), title="Gradient clipping", title_align="left", box=box.ASCII if ascii else box.ROUNDED)
