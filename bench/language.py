"""Start-up in Chinese against English, as ratios of the same commands timed in the same run.

    python bench/language.py [--runs N]

Target: each command with --lang zh within 1.10x of the same command with
--lang en. Chinese pays for opening the compiled catalogue
(stdlib gettext) and for reading the overlays of the data files it uses;
English pays for neither. Commands are interleaved round by round and the
median taken (see timing.py); where valgrind is installed the ratios of
instructions executed are printed too.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import instructions, median_times  # noqa: E402

CLI = shutil.which("rnn-tutor") or sys.exit("rnn-tutor is not installed (pip install .)")
LIMIT = 1.10

COMMANDS = {
    "--help": ["--help"],
    "list": ["list"],
    "check (one answer)": ["check", "lstm.forget", "f_t = σ(W_f [h_{t-1}, x_t] + W_cf c_{t-1} + b_f)"],
    "explain lstm": ["explain", "lstm"],
}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=15)
    args = ap.parse_args()
    runs = {f"{lang} {name}": [CLI, "--lang", lang, *argv] for name, argv in COMMANDS.items() for lang in ("en", "zh")}
    med = median_times(runs, args.runs)
    ok = True
    for name in COMMANDS:
        en, zh = med[f"en {name}"], med[f"zh {name}"]
        ratio = zh / en
        ok &= ratio <= LIMIT
        print(f"{name:22s} en {en * 1000:7.1f} ms  zh {zh * 1000:7.1f} ms  {ratio:5.2f}x "
              f"(target ≤ {LIMIT}x) {'ok' if ratio <= LIMIT else 'OVER'}")
    counts = {name: instructions(cmd) for name, cmd in runs.items()}
    if all(counts.values()):
        for name in COMMANDS:
            print(f"{name:22s} {counts[f'zh {name}'] / counts[f'en {name}']:5.2f}x in instructions under callgrind")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
