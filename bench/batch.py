"""Per-answer time of `rnn-tutor check --batch` over the public corpus.

    python bench/batch.py [corpus.jsonl]

Targets: median per answer ≤ 20 ms, maximum ≤ 500 ms, whole cells included.
The batch runs in a fresh process exactly as the CLI runs it (cold caches:
each problem's reference and diagnosis mutants are built on first use and
that cost lands on the first answer of the problem). Each answer's time is
also printed as a ratio of a baseline measured in the same process: one
SymPy `expand` of a fixed small expression, so a slow machine shows as such.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from pathlib import Path

DEFAULT = Path(__file__).resolve().parent.parent / "tests" / "corpus" / "public.jsonl"

CHILD = r"""
import json, sys, time
t0 = time.perf_counter()
import sympy
base = []
for i in range(50):
    x, y = sympy.symbols(f"x{i} y{i}")  # fresh names each time: SymPy's cache must not answer
    s = time.perf_counter(); sympy.expand((x + y + 1) ** 4 * sympy.tanh(x + y)); base.append(time.perf_counter() - s)
from tutor.grading import check
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8") if l.strip()]
out = []
for r in rows:
    s = time.perf_counter(); v = check(r["problem"], r["answer"]); out.append((r["id"], r["problem"], time.perf_counter() - s, v.verdict))
print(json.dumps({"baseline": sorted(base)[len(base) // 2], "times": out}))
"""


def main() -> int:
    corpus = sys.argv[1] if len(sys.argv) > 1 else str(DEFAULT)
    res = subprocess.run([sys.executable, "-c", CHILD, corpus], capture_output=True, text=True, check=True)
    data = json.loads(res.stdout)
    times = [t for _, _, t, _ in data["times"]]
    base = data["baseline"]
    med, mx = statistics.median(times), max(times)
    slowest = sorted(data["times"], key=lambda r: -r[2])[:5]
    print(f"answers: {len(times)}   baseline (one sympy.expand): {base * 1000:.2f} ms")
    print(f"median per answer: {med * 1000:6.1f} ms  ({med / base:5.1f}x baseline)  target ≤ 20 ms {'ok' if med <= 0.020 else 'OVER'}")
    print(f"max per answer:    {mx * 1000:6.1f} ms  ({mx / base:5.1f}x baseline)  target ≤ 500 ms {'ok' if mx <= 0.5 else 'OVER'}")
    print("slowest:", ", ".join(f"#{i} {p} {t * 1000:.0f} ms" for i, p, t, _ in slowest))
    return 0 if med <= 0.020 and mx <= 0.5 else 1


if __name__ == "__main__":
    sys.exit(main())
