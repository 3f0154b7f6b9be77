"""Start-up time of the CLI, as ratios against baselines timed in the same run.

    python bench/startup.py [--runs N]

Targets: `--help` and `list` within 1.25x of `python -c "import typer, rich.panel"`;
`check` of one answer within 1.25x of `python -c "import typer, rich.panel, sympy, numpy"`.
Commands are interleaved round by round and the median is taken, because this
machine is shared and noisy; where valgrind is installed the ratios of
instructions executed are printed too, which do not depend on the noise.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import instructions, median_times  # noqa: E402

CLI = shutil.which("rnn-tutor") or sys.exit("rnn-tutor is not installed (pip install .)")
PY = sys.executable

COMMANDS = {
    "base: import typer, rich.panel": [PY, "-c", "import typer, rich.panel"],
    "base: + sympy, numpy": [PY, "-c", "import typer, rich.panel, sympy, numpy"],
    "rnn-tutor --help": [CLI, "--help"],
    "rnn-tutor list": [CLI, "list"],
    "rnn-tutor check (one answer)": [CLI, "check", "lstm.forget", "f_t = σ(W_f [h_{t-1}, x_t] + b_f)"],
}
TARGETS = [
    ("rnn-tutor --help", "base: import typer, rich.panel", 1.25),
    ("rnn-tutor list", "base: import typer, rich.panel", 1.25),
    ("rnn-tutor check (one answer)", "base: + sympy, numpy", 1.25),
]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=15)
    args = ap.parse_args()
    med = median_times(COMMANDS, args.runs)
    for name, t in med.items():
        print(f"{name:34s} median {t * 1000:7.1f} ms")
    ok = True
    for name, base, limit in TARGETS:
        ratio = med[name] / med[base]
        ok &= ratio <= limit
        print(f"{name:34s} {ratio:5.2f}x of '{base}' (target ≤ {limit}x) {'ok' if ratio <= limit else 'OVER'}")
    # wall time on a shared machine is noisy; instructions executed (callgrind) are not
    counts = {name: instructions(COMMANDS[name]) for name in COMMANDS}
    if all(counts.values()):
        for name, base, _ in TARGETS:
            print(f"{name:34s} {counts[name] / counts[base]:5.2f}x of '{base}' in instructions under callgrind")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
