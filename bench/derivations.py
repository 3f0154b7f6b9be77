"""Time to grade one line of a derivation, as `rnn-tutor check --batch` grades it.

    python bench/derivations.py

Target: median per derivation line ≤ 50 ms. The answers are every
reference, variant and known mistake of the derivation and backprop
problems, plus worked chains of several links; a chain's time is divided by
its number of links (label included). The grading runs in a fresh process, as
the CLI runs it (cold caches: the first answer to a problem pays for its
recorded forward passes, its reference and its mistakes). Times are also
printed as a ratio of a baseline measured in the same process: one SymPy
`expand` of a fixed small expression, so a slow machine shows as such.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys

CHAINS = [
    ("deriv.sigmoid", "σ'(x) = d/dx (1+e^{-x})^{-1} = e^{-x}/(1+e^{-x})^2 = σ(x)(1-σ(x))"),
    ("deriv.sigmoid", "σ'(x) = d/dx (1+e^{-x})^{-1} = -e^{-x}/(1+e^{-x})^2 = σ(x)(1-σ(x))"),
    ("deriv.tanh", "tanh'(x) = d/dx tanh(x)\n= sech(x)^2\n= 1 - tanh(x)^2"),
    ("deriv.tanh_sigmoid", "tanh(x) = (1 - e^{-2x})/(1 + e^{-2x}) = 2/(1 + e^{-2x}) - 1 = 2σ(2x) - 1"),
    ("lstm.back.cell", "δc_t = δh_t ⊙ o_t ⊙ tanh'(c_t) + δc_{t+1} ⊙ f_{t+1}\n= δh_t ⊙ o_t ⊙ (1 - tanh(c_t)^2) + δc_{t+1} ⊙ f_{t+1}"),
    ("lstm.back.cell", "δc_t = δh_t ⊙ o_t ⊙ tanh'(c_t) + δc_{t+1} ⊙ f_{t+1}\n= δh_t ⊙ o_t ⊙ (1 - tanh(c_t)) + δc_{t+1} ⊙ f_{t+1}"),
    ("rnn.grad_whh", "∂L/∂W_hh = Σ_t diag(1 - h_t^2) δh_t h_{t-1}^T = Σ_t ((1 - h_t^2) ⊙ δh_t) h_{t-1}^T"),
    ("rnn.bptt_product", "∂h_T/∂h_k = ∏_{j=k+1}^{T} diag(1 - h_j^2) W_hh"),
]

CHILD = r"""
import json, sys, time
import sympy
base = []
for i in range(50):
    x, y = sympy.symbols(f"x{i} y{i}")  # fresh names each time: SymPy's cache must not answer
    s = time.perf_counter(); sympy.expand((x + y + 1) ** 4 * sympy.tanh(x + y)); base.append(time.perf_counter() - s)
from tutor.bank.problems import load
from tutor.grading import check
from tutor.notation import parse_chain
rows = []
for topic in ("deriv", "backprop"):
    for p in load()[topic].problems:
        rows += [(p.id, r.answer) for r in p.all_references()] + [(p.id, m.answer) for m in p.mistakes]
rows += [tuple(r) for r in json.loads(sys.argv[1])]
out = []
for pid, answer in rows:
    links = len(parse_chain(answer))
    s = time.perf_counter(); v = check(pid, answer); t = time.perf_counter() - s
    out.append((pid, links, t / links, v.verdict))
print(json.dumps({"baseline": sorted(base)[len(base) // 2], "lines": out}))
"""


def main() -> int:
    res = subprocess.run([sys.executable, "-c", CHILD, json.dumps(CHAINS)], capture_output=True, text=True, check=True)
    data = json.loads(res.stdout)
    per_line = [t for _, _, t, _ in data["lines"]]
    base = data["baseline"]
    med, mx = statistics.median(per_line), max(per_line)
    slowest = sorted(data["lines"], key=lambda r: -r[2])[:5]
    print(f"answers: {len(per_line)} ({sum(n for _, n, _, _ in data['lines'])} lines)   "
          f"baseline (one sympy.expand): {base * 1000:.2f} ms")
    print(f"median per line: {med * 1000:6.1f} ms  ({med / base:5.1f}x baseline)  target ≤ 50 ms {'ok' if med <= 0.050 else 'OVER'}")
    print(f"max per line:    {mx * 1000:6.1f} ms  ({mx / base:5.1f}x baseline)")
    print("slowest:", ", ".join(f"{p} {t * 1000:.0f} ms/line" for p, _, t, _ in slowest))
    return 0 if med <= 0.050 else 1


if __name__ == "__main__":
    sys.exit(main())
