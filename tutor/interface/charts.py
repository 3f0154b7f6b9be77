"""Figures: the progress tables of ``stats`` and the demos' plots (terminal and PNG). Builds, never prints.

Apart from :mod:`tutor.interface.render` because these are charts of numbers,
not verdicts and prompts; Rich and matplotlib are imported inside the functions.
"""

from __future__ import annotations

from ..base.language import N_, _, ngettext
from .columns import prose
from .layout import Columns, TitledPanel, to_ascii
from .render import STATES


def _short_time(iso: str | None) -> str:
    """'11-29 09:10' (month-day hour:minute, UTC) or '-'."""
    return iso[5:16].replace("T", " ") if iso else "-"


def _percent(value) -> str:
    return "-" if value is None else f"{value:.0%}"


def stats_view(report: dict, every: bool = False, where: str = "", ascii: bool = False):
    """``rnn-tutor stats``: a one-line summary, a table of topics, and with ``every`` a table of each topic's problems.

    Columns wrap rather than run past the terminal's width; no figure is cut.
    """
    from rich import box
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    frame = box.ASCII if ascii else box.SIMPLE_HEAD
    s = report["summary"]
    blocks = []
    if not s["attempts"]:
        blocks.append(Text(_("No progress yet: try rnn-tutor drill lstm")))
    else:
        blocks.append(prose(ngettext("{attempts} attempt, accuracy {accuracy}; {done} done, {learning} learning, {due} due, "
                                     "{new} new of {problems} items",
                                     "{attempts} attempts, accuracy {accuracy}; {done} done, {learning} learning, {due} due, "
                                     "{new} new of {problems} items", s["attempts"]).format(
            attempts=s["attempts"], accuracy=_percent(s["accuracy"]), done=s["done"], learning=s["learning"], due=s["due"],
            new=s["new"], problems=s["problems"]), style="bold"))
    table = Table(box=frame, expand=False, pad_edge=False)
    for col in (N_("topic"), N_("items"), N_("tries"), N_("right"), N_("done"), N_("learning"), N_("due"), N_("new")):
        table.add_column(_(col), justify="left" if col == "topic" else "right", overflow="fold")
    for topic, data in report["topics"].items():
        t = data["totals"]
        table.add_row(topic, str(t["problems"]), str(t["attempts"]), _percent(t["accuracy"]), str(t["done"]),
                      str(t["learning"]), str(t["due"]), str(t["new"]))
    blocks.append(table)
    if every:
        for topic, data in report["topics"].items():
            t = data["totals"]
            rows = Table(title=_("{topic}: {attempts} attempts, accuracy {accuracy}, {due} due").format(
                             topic=topic, attempts=t["attempts"], accuracy=_percent(t["accuracy"]), due=t["due"]),
                         title_justify="left", box=frame, expand=False, pad_edge=False)
            for col in (N_("problem"), N_("tries"), N_("right"), N_("streak"), N_("last seen"), N_("next due"), N_("state")):
                rows.add_column(_(col), justify="right" if col in ("tries", "right", "streak") else "left", overflow="fold")
            for pid, row in data["problems"].items():
                rows.add_row(pid.removeprefix("quiz."), str(row["attempts"]), _percent(row["accuracy"]), str(row["streak"]),
                             _short_time(row["last_seen"]), _short_time(row["next_due"]), _(STATES.get(row["state"], row["state"])))
            blocks.append(rows)
    else:
        blocks.append(Text(_("every problem: rnn-tutor stats --all"), style="dim"))
    if where:
        blocks.append(Text(_("progress is kept in {where}").format(where=where), style="dim"))
    return Group(*blocks)


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


INSTALL_PLOT = "pip install 'rnn-tutor[plot]'"  # the same line as in the README


def save_vanishing_png(c, path: str) -> None:
    """The demo's two curves as a PNG for slides: axis labels, subscripts, the end values, 150 dpi."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        from ..base.language import _

        raise PlotError(_("--save needs matplotlib: {install}").format(install=INSTALL_PLOT)) from None
    fig, ax = plt.subplots(figsize=(10, 5.6))
    series = ((c.rnn, "o-", r"RNN $\|\partial h_T / \partial h_t\|$"),
              (c.lstm, "^-", r"LSTM cell path $\|\partial c_T / \partial c_t\|$"))
    for (values, style, label), below in zip(series, (True, False)):
        (line,) = ax.semilogy(range(len(values)), values, style, label=label, markersize=4)
        if values[0] > 0:  # the far end, all the way back to t = 0 (at t = T both norms are 1)
            ax.annotate(f"{values[0]:.2e} at t = 0", (0, values[0]), textcoords="offset points",
                        xytext=(10, -14 if below else 8), fontsize=10, color=line.get_color(),
                        bbox={"boxstyle": "round,pad=0.2", "fc": "white", "ec": "none", "alpha": 0.8})
    ax.set_xlabel(r"time step $t$ (the gradient flows from $T$ back to $0$)")
    ax.set_ylabel("gradient norm (log scale)")
    ax.set_title(f"Gradient norms back through time (RNN weight scale {c.scale:g}, T = {c.length})")
    ax.grid(True, which="major", alpha=0.3)
    ax.legend()
    try:
        fig.savefig(path, dpi=160, bbox_inches="tight")
    except OSError as exc:
        from ..base.language import _, os_reason

        raise PlotError(_("cannot write {path}: {reason}").format(path=path, reason=os_reason(exc))) from None
    finally:
        plt.close(fig)


def vanishing_view(c, reading_lines: list, ascii: bool = False):
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    plain = to_ascii if ascii else (lambda s: s)
    rnn_mark, lstm_mark, both = ("o", "+", "*") if ascii else ("●", "▲", "◆")
    lines = log_plot([("rnn", rnn_mark, c.rnn), ("lstm", lstm_mark, c.lstm)], ascii=ascii)
    legend = plain(_("{rnn} RNN ‖∂h_T/∂h_t‖   {lstm} LSTM cell path ‖∂c_T/∂c_t‖   {both} both   (log scale, T = {length})")
                   .format(rnn=rnn_mark, lstm=lstm_mark, both=both, length=c.length))
    body = Group(Text("\n".join(lines), no_wrap=True), prose(legend, style="dim"), Text(""),
                 *(prose(plain(line)) for line in reading_lines))
    from rich import box

    return TitledPanel(body, plain(_("Gradient norms back through time (RNN weight scale {scale:g})").format(scale=c.scale)),
                       ascii)


def clipping_view(ex: dict, formula: str, ascii: bool = False):
    from rich import box
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    plain = to_ascii if ascii else (lambda s: s)
    rows = [("i", "g", _("by norm"), _("by value"))]
    for i, (a, b, v) in enumerate(zip(ex["g"], ex["by_norm"], ex["by_value"]), 1):
        rows.append((str(i), f"{a: .4f}", f"{b: .4f}", f"{v: .4f}"))
    n = ex["norms"]
    rows.append(("‖·‖" if not ascii else "norm", f"{n['g']: .4f}", f"{n['by_norm']: .4f}", f"{n['by_value']: .4f}"))
    rows.append(("cos" , " 1.0000", f"{ex['cos']['by_norm']: .4f}", f"{ex['cos']['by_value']: .4f}"))
    table = [Columns(rows, header=True, ascii=ascii)]
    clipped = n["g"] > ex["theta"]
    by_norm = (_("by norm (θ = {theta:g}): g ← {formula} when ‖g‖ > θ; here ‖g‖ = {norm:.4f} > θ, so g is rescaled to norm θ.")
               if clipped else
               _("by norm (θ = {theta:g}): g ← {formula} when ‖g‖ > θ; here ‖g‖ = {norm:.4f} ≤ θ, so g is unchanged."))
    text = [
        prose(plain(by_norm.format(theta=ex["theta"], formula=formula, norm=n["g"]))),
        prose(plain(_("by value (v = {value:g}): each gᵢ ← min(max(gᵢ, −v), v).").format(value=ex["value"]))),
        Text(""), *table, Text(""),
        prose(plain(_("Clipping by norm keeps the direction (cos = 1); clipping by value can turn it. "
                      "Both cap exploding gradients; neither helps vanishing ones."))),
    ]
    return TitledPanel(Group(*text), plain(_("Gradient clipping")), ascii)
