"""Prompt-to-verdict time in a drill, after the first answer.

    python bench/drill.py

Runs a scripted LSTM + GRU + derivations drill (right and wrong answers, a
hint) in a fresh process, through the same Drill loop the terminal uses, and
times each answer from the moment it is read to the moment its verdict has
been rendered. Target: median ≤ 50 ms after the first answer. The figures are
also printed as a ratio of a baseline timed in the same process (one SymPy
expand with fresh symbols).
"""

from __future__ import annotations

import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

ANSWERS = {
    "lstm": ["f_t = σ(W_f [h_{t-1}, x_t] + b_f)", "i_t = tanh(W_i [h_{t-1}, x_t] + b_i)", "?",
             "i_t = σ(W_i [h_{t-1}, x_t] + b_i)", "g_t = tanh(W_g [h_{t-1}, x_t] + b_g)",
             "c_t = f_t ⊙ c_{t-1} + i_t ⊙ g_t", "o_t = σ(W_o x_t + U_o h_{t-1} + b_o)", "h_t = o_t ⊙ tanh(c_{t-1})",
             "h_t = o_t ⊙ tanh(c_t)"],
    "gru": ["r_t = σ(W_r [h_{t-1}, x_t] + b_r)", "z_t = σ(W_z [h_{t-1}, x_t] + b_z)",
            "n_t = tanh(W_in x_t + b_in + r_t ⊙ (W_hn h_{t-1} + b_hn))", "h_t = z_t ⊙ n_t + z_t ⊙ h_{t-1}",
            "h_t = (1 - z_t) ⊙ n_t + z_t ⊙ h_{t-1}"],
}


def main() -> int:
    import sympy
    from rich.console import Console

    from tutor.interface import render
    from tutor.teaching.drill import Drill, items_for
    from tutor.store.progress import Store

    base = []
    for i in range(30):
        x, y = sympy.symbols(f"bx{i} by{i}")
        s = time.perf_counter()
        sympy.expand((x + y + 1) ** 4 * sympy.tanh(x + y))
        base.append(time.perf_counter() - s)
    baseline = statistics.median(base)

    class TimedIO:
        def __init__(self, lines):
            self.lines = list(lines)
            self.console = Console(file=io.StringIO(), width=80)
            self.pending = None
            self.times = []

        def read(self, prompt):
            if not self.lines:
                raise EOFError
            line = self.lines.pop(0)
            if not line.startswith(("?", ":")):
                self.pending = time.perf_counter()
            return line

        def show(self, renderable):
            self.console.print(renderable)
            if self.pending is not None and type(renderable).__name__ == "Panel":
                self.times.append(time.perf_counter() - self.pending)
                self.pending = None

    times = []
    with tempfile.TemporaryDirectory() as home:
        store = Store.open(Path(home) / "p.sqlite3")
        for topic, lines in ANSWERS.items():
            io_ = TimedIO(lines)
            Drill(items_for(topic, store), store, io_, view=render).run()
            times.extend(io_.times)
    first, rest = times[0], times[1:]
    med = statistics.median(rest)
    print(f"answers: {len(times)}   baseline (one sympy.expand): {baseline * 1000:.2f} ms")
    print(f"first answer: {first * 1000:.1f} ms (cold: references and diagnoses are built on first use)")
    print(f"prompt to verdict, median after the first: {med * 1000:.1f} ms ({med / baseline:.1f}x baseline)"
          f"  target ≤ 50 ms {'ok' if med <= 0.05 else 'OVER'}")
    print(f"max after the first: {max(rest) * 1000:.1f} ms")
    return 0 if med <= 0.05 else 1


if __name__ == "__main__":
    sys.exit(main())
