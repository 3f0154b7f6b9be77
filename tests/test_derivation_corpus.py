"""A corpus of derivations (chains and backward-pass lines): each case gets its verdict and, when wrong, its reason."""

import json
from pathlib import Path

import pytest

from tutor.grading import check

CASES = [json.loads(line) for line in (Path(__file__).parent / "corpus" / "derivations.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("case", CASES, ids=[f"{c['id']}-{c['problem']}-{c['family']}" for c in CASES])
def test_derivation_corpus(case):
    verdict = check(case["problem"], case["answer"])
    assert verdict.verdict == case["expect"], verdict.feedback
    if case["reason"]:
        assert case["reason"] in " ".join(verdict.feedback), verdict.feedback


def test_the_corpus_holds_both_kinds_for_every_backprop_problem():
    from tutor.bank.problems import load

    ids = {p.id for p in load()["backprop"].problems}
    seen = {(c["problem"], c["expect"]) for c in CASES}
    assert all((pid, "correct") in seen for pid in ids)
    assert sum(1 for pid in ids if (pid, "incorrect") in seen) >= len(ids) - 4
