"""Hostile input is refused quickly with exit 2 and a one-line reason, in check and in --batch."""

import json
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tutor.interface.cli import app
from tutor.grading import check

HOSTILE = {
    "import": "__import__('os').system('echo pwned')",
    "nesting": "(" * 5000 + "x" + ")" * 5000,
    "tower": "x**(9**9**9)",
    "plus-x": "+x" * 50000,
    "long-sum": "x" + "+x" * 1500,
    "big-number": "9" * 400,
    "lambda": "lambda: 0",
    "nul": "x\x00",
    "deep-60": "(" * 61 + "x" + ")" * 61,
}


CHAIN_HOSTILE = {
    "many-links": " = ".join(["x"] * 1200),
    "nested-sums": "Σ_t " * 12 + "δh_t",
    "huge-bound": "∏_{j=1}^{" + "9" * 400 + "} W_hh",
    "far-step": "h_{t-99999999}",
    "derivative-tower": "d/dx " * 40 + "σ(x)",
    "negative-matrix-power": "diag(h_t)^{-1}",
}


@pytest.mark.parametrize("pid", ["deriv.sigmoid", "rnn.delta", "rnn.bptt_product"])
@pytest.mark.parametrize("name", list(CHAIN_HOSTILE) + list(HOSTILE))
def test_hostile_chains_and_gradients(pid, name):
    start = time.monotonic()
    verdict = check(pid, {**HOSTILE, **CHAIN_HOSTILE}[name])
    assert time.monotonic() - start < 2.0
    assert verdict.verdict in ("invalid", "incorrect")
    assert verdict.feedback and "\n" not in verdict.feedback[0]
    assert not any("internal error" in f for f in verdict.feedback)


@pytest.mark.parametrize("pid", ["deriv.sigmoid", "lstm.forget", "lstm"])
@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_check(pid, name):
    start = time.monotonic()
    verdict = check(pid, HOSTILE[name])
    assert time.monotonic() - start < 2.0
    assert verdict.verdict == "invalid"
    assert verdict.feedback and "\n" not in verdict.feedback[0]
    assert not any("internal error" in f for f in verdict.feedback)


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_cli_exit_2(name):
    result = CliRunner().invoke(app, ["check", "deriv.sigmoid", HOSTILE[name]])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_hostile_batch_goes_on():
    lines = [json.dumps({"id": k, "problem": "lstm.forget", "answer": v}) for k, v in HOSTILE.items()]
    lines.insert(3, "this is not json")
    lines.append(json.dumps({"id": "last", "problem": "lstm.forget", "answer": "f_t = σ(W_f [h_{t-1}, x_t] + b_f)"}))
    start = time.monotonic()
    result = CliRunner().invoke(app, ["check", "--batch", "-"], input="\n".join(lines) + "\n")
    assert time.monotonic() - start < 2.0 * len(lines)
    assert result.exit_code == 0
    out = [json.loads(line) for line in result.output.splitlines()]
    assert len(out) == len(lines)
    assert out[-1]["verdict"] == "correct" and out[-1]["id"] == "last"
    assert out[3]["verdict"] == "invalid"


HEAVY = ["exp(exp(exp(exp(exp(exp(exp(exp(x))))))))", "(x+1)^16*(x+2)^16*(x+3)^16", "tanh(x)^16 - σ(x)^16"]


@pytest.mark.parametrize("text", HEAVY)
def test_heavy_but_legal_is_bounded(text):
    start = time.monotonic()
    verdict = check("deriv.sigmoid", text)
    assert time.monotonic() - start < 2.0
    assert verdict.verdict == "incorrect"


PIDS = ["lstm.forget", "gru.candidate", "lstm", "deriv.sigmoid", "rnn.jacobian", "clip.norm", "lstm.params"]
PIECES = ["x_t", "h_{t-1}", "W", "W_f", "b", "[h, x]", "σ(", "tanh(", ")", "(", "+", "-", "*", "⊙", "@", "/",
          "^2", "1", "=", "f_t", "c_{t-1}", "\n", "diag(", "‖g‖", "θ", "z_t", "r_t", "H", "X", "e^{", "}",
          "^T", "W_hh", "W_xh", "h_t", "I", "·", "[", "]", ",", "h'", "C̃_t", "- [h, x]"]


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(PIDS), st.lists(st.sampled_from(PIECES), min_size=1, max_size=25).map(" ".join))
def test_check_always_ends_in_a_verdict(pid, text):
    verdict = check(pid, text)
    assert verdict.verdict in ("correct", "incorrect", "invalid")
    assert not any("internal error" in f for f in verdict.feedback), (text, verdict.feedback)
