"""Start-up and run time of `rnn-tutor explain lstm`, as a ratio against a baseline timed in the same run.

    python bench/explain.py [--runs N]

Target: within 1.3x of `python -c "import typer, rich.panel, numpy"`. Where valgrind is
installed it also prints the ratio of instructions executed (callgrind), which,
unlike wall time, does not depend on what else the machine is doing.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import instructions, median_times  # noqa: E402

CLI = shutil.which("rnn-tutor") or sys.exit("rnn-tutor is not installed (pip install .)")
COMMANDS = {
    "base: import typer, rich.panel, numpy": [sys.executable, "-c", "import typer, rich.panel, numpy"],
    "rnn-tutor explain lstm": [CLI, "explain", "lstm"],
}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=15)
    args = ap.parse_args()
    med = median_times(COMMANDS, args.runs)
    for name, t in med.items():
        print(f"{name:40s} median {t * 1000:7.1f} ms")
    ratio = med["rnn-tutor explain lstm"] / med["base: import typer, rich.panel, numpy"]
    print(f"explain lstm: {ratio:.2f}x of the baseline (target ≤ 1.3x) {'ok' if ratio <= 1.3 else 'OVER'}")
    # wall time on a shared machine is noisy; instructions executed are not
    base_i = instructions(COMMANDS["base: import typer, rich.panel, numpy"])
    ours_i = instructions(COMMANDS["rnn-tutor explain lstm"])
    if base_i and ours_i:
        print(f"explain lstm: {ours_i / base_i:.2f}x of the baseline's instructions under callgrind "
              f"({ours_i / 1e6:.0f}M vs {base_i / 1e6:.0f}M)")
    return 0 if ratio <= 1.3 else 1


if __name__ == "__main__":
    sys.exit(main())
