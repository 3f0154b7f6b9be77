"""Median wall times of commands run round-robin, so that a noisy machine slows all of them alike."""

from __future__ import annotations

import statistics
import subprocess
import time


def median_times(commands: dict, runs: int) -> dict:
    """``{name: median seconds}`` over ``runs`` rounds; each round runs every command once."""
    times = {k: [] for k in commands}
    for _ in range(runs):
        for name, cmd in commands.items():
            start = time.perf_counter()
            subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
            times[name].append(time.perf_counter() - start)
    return {k: statistics.median(v) for k, v in times.items()}


def instructions(cmd: list) -> int | None:
    """Instructions executed by ``cmd`` under callgrind: the same count whatever else the machine does.

    None when valgrind is not installed.
    """
    import re
    import shutil

    if not shutil.which("valgrind"):
        return None
    import os

    env = dict(os.environ, PYTHONHASHSEED="0")  # string hashing decides dict layouts, and so the count
    res = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null"] + cmd,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False, env=env)
    m = re.search(r"Collected : (\d+)", res.stderr)
    return int(m.group(1)) if m else None
