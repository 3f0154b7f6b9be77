"""The panels of ``rnn-tutor explain``: prose, gates, equations, parameter count, a worked example. Builds, never prints.

The worked example's numbers are aligned text columns (nested Rich tables
cost more than all the rest) that wrap at the commas of a vector, or put one
value per line, when the terminal is narrower than the numbers.
"""

from __future__ import annotations

from ..base.language import _, unwrap
from .columns import prose
from .layout import Columns, TitledPanel, to_ascii


def _matrix_lines(m) -> list[str]:
    import numpy as np

    m = np.atleast_2d(m)
    return ["[" + ", ".join(f"{float(x): .1f}" for x in row) + "]" for row in m]


def _columns(rows, header: bool = False, ascii: bool = False) -> list:
    """Rows of cells in aligned columns that wrap (never cut) when the terminal is too narrow."""
    return [Columns(rows, header, ascii)]


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

    plain = to_ascii if ascii else (lambda s: s)
    frame = box.ASCII if ascii else box.ROUNDED
    bullet = "-" if ascii else "•"

    def para(text: str, style: str = ""):
        return prose(plain(unwrap(text)), style)

    def panel(body, title: str):
        return TitledPanel(body, plain(title), ascii, box=frame)

    _Names = Names(Scope(expl.topic))

    out = [panel(para(expl.intuition), expl.title)]
    roles = Group(*(para(f"{bullet} " + _("{name}: {role}").format(name=name, role=role)) for name, role in expl.roles))
    out.append(panel(roles, _("Gates and states")))
    out.append(panel(para(expl.why_activations), expl.why_title))
    if expl.extra:
        out.append(panel(para(expl.extra), expl.extra_title))
    if expl.comparison:
        from rich.table import Table

        table = Table(box=frame, show_header=True, expand=False)
        table.add_column("", overflow="fold")  # fold, not "…": a Chinese cell has no spaces to wrap at
        table.add_column("GRU", overflow="fold")
        table.add_column("LSTM", overflow="fold")
        for aspect, gru, lstm in expl.comparison:
            table.add_row(plain(aspect), plain(gru), plain(lstm))
        out.append(panel(table, _("GRU vs LSTM")))
    eq_lines = Text("\n".join(typeset(eq, _Names, ascii=ascii) for eq in parsed(expl.equations)) + "\n")
    notes = Group(*(para(f"{bullet} {c}", "dim") for c in expl.conventions))
    out.append(panel(Group(eq_lines, notes), _("Equations: {name}").format(name=expl.equations_name)))
    formula = show(expl.params_formula, None, ascii=ascii)
    count = _("{formula} with H = {hidden}, X = {inputs}: {count} parameters ({note}).").format(
        formula=formula, hidden=ex.hidden, inputs=ex.inputs, count=expl.params_value, note=expl.params_note)
    if expl.stored_formula:
        stored = show(expl.stored_formula, None, ascii=ascii)
        count += " " + _("PyTorch stores {stored} = {value}: it keeps two bias vectors, bias_ih and bias_hh.").format(
            stored=stored, value=expl.stored_value)
    out.append(panel(prose(plain(count)), _("Parameter count")))

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
    step = [("", _("how"), _("value (t = 1)"))]
    step += [(plain(row.label), row.ascii_how if ascii else row.how, fmt(first[row.name])) for row in ex.rows]
    body = [prose(plain(_("seed {seed}, H = {hidden}, X = {inputs}: inputs, initial state and weights, one decimal each")
                        .format(seed=ex.seed, hidden=ex.hidden, inputs=ex.inputs))),
            *_columns(given), Text(""),
            prose(plain(_("Step t = 1, in the order a person computes it (values to 4 places):"))),
            *_columns(step, header=True, ascii=ascii)]
    out.append(panel(Group(*body), _("Worked example")))
    if ex.backward:
        back = [("", _("how"), _("value (t = 1)"))]
        back += [(plain(r.label), plain(r.how), fmt(r.value)) for r in ex.backward]
        body = [para(ex.backward_text), Text(""), Text(plain(ex.backward_equations)), Text(""),
                prose(plain(_("Step t = 1 backwards, upstream gradients seeded, one decimal each (values to 4 places):"))),
                *_columns(back, header=True, ascii=ascii)]
        out.append(panel(Group(*body), _("Backward pass")))
    if len(ex.steps) > 1:
        head = ("t", plain("xₜ"), plain("hₜ")) + ((plain("cₜ"),) if ex.c0 is not None else ())
        rows = [head]
        for t, (x, s) in enumerate(zip(ex.xs, ex.steps), 1):
            rows.append((str(t), one(x), fmt(s["h"])) + ((fmt(s["c"]),) if ex.c0 is not None else ()))
        out.append(panel(Group(*_columns(rows, header=True, ascii=ascii)), _("States over {count} steps").format(count=len(ex.steps))))
    return Group(*out)


def page_view(page, ascii: bool = False):
    """A prose page of ``rnn-tutor explain``: one panel per section, blank lines kept as paragraphs."""
    from rich import box
    from rich.console import Group
    from rich.text import Text

    plain = to_ascii if ascii else (lambda s: s)
    frame = box.ASCII if ascii else box.ROUNDED
    out = []
    for i, (heading, text) in enumerate(page.sections):
        body = Group(*(prose(plain(unwrap(par))) for par in text.split("\n\n")))
        title = _("{title}: {heading}").format(title=page.title, heading=heading) if i == 0 else heading
        out.append(TitledPanel(body, plain(title), ascii, box=frame))
    return Group(*out)
