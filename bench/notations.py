"""How well published notations are read and judged, by corpus and by source family.

For each labelled corpus (tests/corpus/*.jsonl, tests/answers.jsonl) prints:
correct answers accepted, wrong answers judged incorrect (not refused as
invalid), judged-incorrect answers with a specific reason (a known mistake or
a named misplacement, not the located-difference fallback), false accepts, and
feedback that shows a whole reference. A specific reason is a named mistake (a
known mistake, a generic or misplacement mutant) or a located difference that
names what differs ("xₜ does not appear", "σ where tanh belongs; no bias");
the column "named mistake" counts the first kind alone. Targets (issue #8): ≥ 95 % accepted,
≥ 90 % judged, ≥ 90 % of those specific, zero false accepts, zero references shown.

    python bench/notations.py            # summary per corpus and per source
    python bench/notations.py --cases    # also every case that misses its label
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(HERE))

from tutor.bank.problems import get  # noqa: E402
from tutor.grading import check  # noqa: E402
from tutor.grading.reference import prepared_reference  # noqa: E402

CORPORA = [("public", HERE / "tests/corpus/public.jsonl"), ("answers", HERE / "tests/answers.jsonl"),
           ("notations", HERE / "tests/corpus/notations.jsonl"), ("sources", HERE / "tests/corpus/sources.jsonl")]
# a reason that names nothing: the located difference's last resort, or SymPy out of time
GENERIC = ("not equivalent to the reference: the pieces are all there", "on random numbers this agrees")
LOCATED = "not equivalent to the reference:"


def references(pid: str) -> list[str]:
    problem = get(pid)
    out = []
    for i in range(len(problem.all_references())):
        shown = prepared_reference(problem, i)[1].interpreted
        out += [line for line in shown.splitlines() if len(line) > 12]
    return out


def pct(a: int, b: int) -> str:
    return f"{100 * a / b:5.1f}% ({a}/{b})" if b else "    – (0/0)"


def main() -> int:
    show = "--cases" in sys.argv
    overall_ok = True
    for name, path in CORPORA:
        if not path.exists():
            continue
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        stats = defaultdict(lambda: defaultdict(int))
        misses = []
        for row in rows:
            family = row.get("source") or row.get("family") or "-"
            v = check(row["problem"], row["answer"])
            for key in ("all", family):
                s = stats[key]
                if row["expect"] == "correct":
                    s["correct"] += 1
                    s["accepted"] += v.verdict == "correct"
                else:
                    s["wrong"] += 1
                    s["false_accept"] += v.verdict == "correct"
                    if row["expect"] == "incorrect":
                        s["incorrect"] += 1
                        s["judged"] += v.verdict == "incorrect"
                if v.verdict == "incorrect":
                    s["reasons"] += 1
                    s["specific"] += bool(v.feedback) and not v.feedback[0].startswith(GENERIC)
                    s["named"] += bool(v.feedback) and not v.feedback[0].startswith(LOCATED + " ") and not v.feedback[0].startswith(GENERIC)
                    refs = references(row["problem"])
                    s["shows_reference"] += any(r in f for f in v.feedback for r in refs)
            if v.verdict != row["expect"]:
                misses.append((row.get("id", "?"), family, row["expect"], v.verdict, (v.feedback or ("",))[0][:90]))
        print(f"\n== {name} ({len(rows)} cases)")
        print(f"{'source':18s} {'accepted':>17s} {'judged incorrect':>17s} {'specific reason':>17s} {'(named mistake)':>17s} "
              f"{'false acc.':>10s} {'ref. shown':>10s}")
        for key in ["all"] + sorted(k for k in stats if k != "all"):
            s = stats[key]
            print(f"{key[:18]:18s} {pct(s['accepted'], s['correct']):>17s} {pct(s['judged'], s['incorrect']):>17s} "
                  f"{pct(s['specific'], s['reasons']):>17s} {pct(s['named'], s['reasons']):>17s} "
                  f"{s['false_accept']:>10d} {s['shows_reference']:>10d}")
        overall_ok &= stats["all"]["false_accept"] == 0
        if show:
            for m in misses:
                print("   miss:", *m)
    print("\nzero false accepts:", "ok" if overall_ok else "FAILED")
    return 0 if overall_ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
