"""`rnn-tutor check --batch --jobs N` against `--jobs 1`, timed in the same run.

    python bench/jobs.py [--lines 1500] [--jobs N] [--runs 3]

Prints the speed-up of N workers over one (target: at least 1.7x on two
cores), beside what the machine gives right now to any two processes (a pure
Python loop run once and twice in parallel: on a shared machine that is
less than 2x, and the batch cannot beat it), and the speed-up predicted from
CPU times (one run in-process with each chunk's CPU time reported: the
serial run's CPU over the busiest worker's plus the parent's), which other
load on the machine does not change. It checks that both runs wrote
the same records in the same order. Memory: the peak resident size of the
whole process tree for a quarter of the file and for the whole file, which
must be about the same (chunks in flight are bounded, nothing grows with
the input).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "tests" / "answers.jsonl", ROOT / "tests" / "corpus" / "public.jsonl"]
COMMAND = [sys.executable, "-m", "tutor"]


def make_input(path: Path, lines: int) -> None:
    rows = [json.loads(x) for src in SOURCES for x in src.read_text(encoding="utf-8").splitlines() if x.strip()]
    with open(path, "w", encoding="utf-8") as f:
        for i in range(lines):
            r = rows[i % len(rows)]
            f.write(json.dumps({"n": i, "problem": r["problem"], "answer": r["answer"]}, ensure_ascii=False) + "\n")


def _tree_rss(pid: int) -> int:
    """Resident bytes of ``pid`` and all its descendants."""
    total = 0
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    parent = int(f.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(parent, []).append(int(entry))
            except (OSError, ValueError, IndexError):
                pass
    todo = [pid]
    while todo:
        p = todo.pop()
        todo.extend(children.get(p, []))
        try:
            with open(f"/proc/{p}/statm") as f:
                total += int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except OSError:
            pass
    return total


def run(args: list, out: Path, watch: bool = False) -> tuple[float, int]:
    """Wall seconds and (when watched) the peak resident size of the process tree."""
    env = dict(os.environ, RNN_TUTOR_HOME=tempfile.mkdtemp())
    start = time.perf_counter()
    with open(out, "wb") as f:
        child = subprocess.Popen(COMMAND + args, stdout=f, stderr=subprocess.DEVNULL, env=env, cwd=ROOT)
        peak = 0
        while child.poll() is None:
            if watch:
                peak = max(peak, _tree_rss(child.pid))
            time.sleep(0.05)
    return time.perf_counter() - start, peak


BURN = "import sys\nn = 0\nfor i in range(int(sys.argv[1])): n += i"


def capacity(jobs: int, n: int = 20_000_000) -> float:
    """How much faster ``jobs`` loops finish side by side than one after another, right now."""
    start = time.perf_counter()
    for _ in range(jobs):
        subprocess.run([sys.executable, "-c", BURN, str(n)], check=True)
    serial = time.perf_counter() - start
    start = time.perf_counter()
    procs = [subprocess.Popen([sys.executable, "-c", BURN, str(n)]) for _ in range(jobs)]
    for p in procs:
        p.wait()
    return serial / (time.perf_counter() - start)


MODEL = r"""
import json, os, sys, time
from tutor.interface import batch
jobs = int(sys.argv[2])
plain = batch._grade_chunk
def timed(chunk, ascii_only):  # forked workers inherit this: each chunk reports its worker's CPU time
    start = time.process_time()
    texts = plain(chunk, ascii_only)
    return ["#cpu %d %f" % (os.getpid(), time.process_time() - start)] + texts
batch._grade_chunk = timed
start = time.process_time()
per_worker = {}
def write(text):
    if text.startswith("#cpu"):
        _, pid, cpu = text.split()
        per_worker[pid] = per_worker.get(pid, 0.0) + float(cpu)
    return True
with open(sys.argv[1], "rb") as f:
    batch.run(f, write, jobs, False)
print(json.dumps({"parent": time.process_time() - start, "workers": per_worker}))
"""


def cpu_model(path: Path, jobs: int) -> float:
    """The speed-up on ``jobs`` free cores predicted from CPU times, which other load does not change.

    One worker's time is the CPU its process spent grading (warm-up included);
    the parallel run takes as long as its busiest worker plus the parent's
    own reading and writing.
    """
    env = dict(os.environ, RNN_TUTOR_HOME=tempfile.mkdtemp())
    serial = json.loads(subprocess.run([sys.executable, "-c", MODEL, str(path), "1"], capture_output=True, text=True,
                                       check=True, env=env, cwd=ROOT).stdout)
    parallel = json.loads(subprocess.run([sys.executable, "-c", MODEL, str(path), str(jobs)], capture_output=True,
                                         text=True, check=True, env=env, cwd=ROOT).stdout)
    return serial["parent"] / (max(parallel["workers"].values()) + parallel["parent"])


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lines", type=int, default=6000)  # a class's worth: warm-up per worker is ~2 s of CPU
    ap.add_argument("--jobs", type=int, default=min(2, len(os.sched_getaffinity(0))))
    ap.add_argument("--runs", type=int, default=1)
    opts = ap.parse_args()
    tmp = Path(tempfile.mkdtemp())
    small = tmp / "small.jsonl"
    make_input(small, opts.lines)
    half = tmp / "half.jsonl"
    make_input(half, opts.lines // 4)  # and the whole file, four times as long
    one, many, caps = [], [], []
    for _ in range(opts.runs):
        caps.append(capacity(opts.jobs))
        one.append(run(["check", "--batch", str(small), "--jobs", "1"], tmp / "one.jsonl")[0])
        many.append(run(["check", "--batch", str(small), "--jobs", str(opts.jobs)], tmp / "many.jsonl")[0])
    same = (tmp / "one.jsonl").read_bytes() == (tmp / "many.jsonl").read_bytes()
    lines = len((tmp / "many.jsonl").read_bytes().splitlines())
    _, peak_small = run(["check", "--batch", str(half), "--jobs", str(opts.jobs)], tmp / "m1.jsonl", watch=True)
    _, peak_large = run(["check", "--batch", str(small), "--jobs", str(opts.jobs)], tmp / "m4.jsonl", watch=True)
    model = cpu_model(small, opts.jobs)
    t1, tn, cap = statistics.median(one), statistics.median(many), statistics.median(caps)
    speedup = tn and t1 / tn
    print(f"lines: {opts.lines}   jobs: {opts.jobs}   runs: {opts.runs}")
    print(f"--jobs 1: {t1:6.2f} s ({t1 / opts.lines * 1000:.1f} ms a line)   --jobs {opts.jobs}: {tn:6.2f} s")
    print(f"speed-up: {speedup:.2f}x   the machine now gives {cap:.2f}x to {opts.jobs} plain loops   "
          f"(batch / loops: {speedup / cap:.2f})")
    print(f"speed-up predicted from CPU times (busiest worker + parent, unaffected by other load): {model:.2f}x")
    ok_speed = speedup >= 1.7 or (cap < 1.8 and model >= 1.7)
    print(f"target ≥ 1.7x on {opts.jobs} free cores: "
          f"{'ok' if speedup >= 1.7 else ('ok by CPU times (the machine is busy: timed runs cannot show it)' if ok_speed else 'UNDER')}")
    print(f"same records in the same order: {'yes' if same and lines == opts.lines else 'NO'} ({lines} lines)")
    ratio = peak_large / peak_small if peak_small else float("nan")
    print(f"peak memory, whole process tree: {peak_small / 2**20:.0f} MB for {opts.lines // 4} lines, "
          f"{peak_large / 2**20:.0f} MB for {opts.lines} ({ratio:.2f}x; bounded if about 1)")
    return 0 if ok_speed and same and lines == opts.lines and ratio < 1.3 else 1


if __name__ == "__main__":
    sys.exit(main())
