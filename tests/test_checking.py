"""Verdicts beyond the public corpus: other spellings and mistakes of the same families.

``answers.jsonl`` is a table (problem, answer, expect); each row is its own case.
"""

import json
from pathlib import Path

import pytest

from tutor.grading import check

ROWS = [json.loads(line) for line in (Path(__file__).parent / "answers.jsonl").read_text(encoding="utf-8").splitlines()]


@pytest.mark.parametrize("row", ROWS, ids=[f"{i}-{r['problem']}-{r['expect']}" for i, r in enumerate(ROWS)])
def test_verdict(row):
    verdict = check(row["problem"], row["answer"])
    assert verdict.verdict == row["expect"], verdict.feedback
    assert not any("internal error" in f for f in verdict.feedback)


CONVENTIONS = [
    ("gru.hidden", "h_t = (1 - z_t) ⊙ h_{t-1} + z_t ⊙ h̃_t", "Wikipedia"),
    ("gru.hidden", "h_t = (1 - z_t) ⊙ n_t + z_t ⊙ h_{t-1}", "PyTorch"),
    ("gru.candidate", "h̃_t = tanh(W x_t + U (r_t ⊙ h_{t-1}) + b)", "reset before"),
    ("gru.candidate", "n_t = tanh(W_in x_t + b_in + r_t ⊙ (W_hn h_{t-1} + b_hn))", "reset after"),
    ("gru", "r_t = σ(W_r [h_{t-1}, x_t] + b_r)\nz_t = σ(W_z [h_{t-1}, x_t] + b_z)\nh̃_t = tanh(W x_t + U (r_t ⊙ h_{t-1}) + b)\nh_t = (1 - z_t) ⊙ h_{t-1} + z_t ⊙ h̃_t", "Wikipedia / Olah"),
]


@pytest.mark.parametrize("pid,answer,named", CONVENTIONS, ids=[c[2] for c in CONVENTIONS])
def test_named_variants_are_reported(pid, answer, named):
    verdict = check(pid, answer)
    assert verdict.verdict == "correct"
    assert named in verdict.convention


NOTES = [
    ("lstm.forget", "f_t = sigma(W_if x_t + b_if + W_hf h_{t-1} + b_hf)", "two biases"),
    ("lstm.forget", "F_t = σ(X_t W_xf + H_{t-1} W_hf + b_f)", "row vectors"),
    ("lstm.cell", "c' = f ⊙ c + i ⊙ g", "PyTorch's cell docs"),
    ("lstm.forget", "f_t = σ(W_f [h_{t-1}, x_t] + b_f)", "concatenated"),
]


@pytest.mark.parametrize("pid,answer,note", NOTES, ids=[n[2] for n in NOTES])
def test_convention_notes(pid, answer, note):
    verdict = check(pid, answer)
    assert verdict.verdict == "correct"
    assert note in verdict.convention or any(note in f for f in verdict.feedback)


def test_interpretation_echo():
    v = check("lstm.forget", "f = sigmoid(W_f*[h, x] + b_f)")
    assert v.interpreted == "f = σ(W_f·[hₜ₋₁, xₜ] + b_f)"
    assert v.interpreted_ascii == "f = sigmoid(W_f @ [h_{t-1}, x_t] + b_f)"


@pytest.mark.parametrize("row", [r for r in ROWS if r["expect"] != "invalid"],
                         ids=[f"{i}-{r['problem']}" for i, r in enumerate(ROWS) if r["expect"] != "invalid"])
def test_echo_reads_back_with_the_same_verdict(row):
    """The 'interpreted as' line, typed back in (Unicode or ASCII), gets the same verdict."""
    verdict = check(row["problem"], row["answer"])
    for shown in (verdict.interpreted, verdict.interpreted_ascii):
        assert check(row["problem"], shown).verdict == verdict.verdict, shown
