"""The "Backward pass" panel of `rnn-tutor explain`: its numbers are torch.autograd's, to 1e-6."""

import numpy as np
import pytest
from typer.testing import CliRunner

from tutor.interface.cli import app
from tutor.numeric import cells
from tutor.teaching.explanation import example, fmt

CASES = [("rnn", None), ("lstm", None), ("gru", "pytorch"), ("gru", "d2l"), ("gru", "wikipedia")]


def _run(*args):
    return CliRunner().invoke(app, list(args), env={"COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb"})


@pytest.mark.parametrize("topic,convention", CASES, ids=[f"{t}-{c}" for t, c in CASES])
@pytest.mark.parametrize("seed", [0, 5])
def test_backward_numbers_are_printed(topic, convention, seed):
    ex = example(topic, seed=seed, convention=convention)
    args = ["explain", topic, "--seed", str(seed)] + (["--convention", convention] if convention else [])
    out = _run(*args).output
    assert "Backward pass" in out
    assert len(ex.backward) >= 4
    for row in ex.backward:
        assert fmt(row.value) in out, row.label


@pytest.mark.parametrize("topic,convention", CASES, ids=[f"{t}-{c}" for t, c in CASES])
@pytest.mark.parametrize("seed", [0, 3, 11])
def test_backward_numbers_equal_torch_autograd(topic, convention, seed):
    torch = pytest.importorskip("torch", reason="torch is not installed (pip install torch==2.13.0); CI installs it")
    ex = example(topic, hidden=3, inputs=2, seed=seed, convention=convention)
    conv = cells.GRU_CONVENTIONS.get(convention or "pytorch", cells.GRUConvention())
    T = {k: torch.tensor(v, dtype=torch.float64, requires_grad=True) for k, v in ex.params.items()}
    x = torch.tensor(ex.xs[0], dtype=torch.float64)
    h = torch.tensor(ex.h0, dtype=torch.float64, requires_grad=True)
    given = {r.label: torch.tensor(r.value, dtype=torch.float64) for r in ex.backward if r.how.startswith("given")}
    dh = given["δhₜ"]
    kept = {"h_prev": h}

    def pre(g, hidden=h):
        a = T[f"W_x{g}"] @ x + T[f"W_h{g}"] @ hidden + T[f"b_{g}"]
        return a

    if topic == "rnn":
        kept["a"] = pre("h")
        loss = (dh * torch.tanh(kept["a"])).sum()
    elif topic == "lstm":
        c = kept["c_prev"] = torch.tensor(ex.c0, dtype=torch.float64, requires_grad=True)
        for g in "figo":
            kept[f"a_{g}"] = pre(g)
            kept[g] = torch.tanh(kept[f"a_{g}"]) if g == "g" else torch.sigmoid(kept[f"a_{g}"])
        kept["c"] = kept["f"] * c + kept["i"] * kept["g"]
        loss = (dh * kept["o"] * torch.tanh(kept["c"])).sum() + (given["δcₜ₊₁ ⊙ fₜ₊₁"] * kept["c"]).sum()
    else:
        for g in "rz":
            kept[f"a_{g}"] = pre(g)
            kept[g] = torch.sigmoid(kept[f"a_{g}"])
        if conv.reset == "after":
            kept["a_n"] = T["W_xn"] @ x + T["b_xn"] + kept["r"] * (T["W_hn"] @ h + T["b_hn"])
        else:
            kept["a_n"] = T["W_xn"] @ x + T["W_hn"] @ (kept["r"] * h) + T["b_xn"] + T["b_hn"]
        kept["n"] = torch.tanh(kept["a_n"])
        z = kept["z"]
        new = (1 - z) * kept["n"] + z * h if conv.update == "keep" else (1 - z) * h + z * kept["n"]
        loss = (dh * new).sum()
    for v in kept.values():
        if not v.is_leaf:
            v.retain_grad()
    loss.backward()
    keys = {"δoₜ": "o", "δcₜ": "c", "δfₜ": "f", "δiₜ": "i", "δgₜ": "g", "δa_f": "a_f", "δa_i": "a_i", "δa_g": "a_g",
            "δa_o": "a_o", "δcₜ₋₁": "c_prev", "δhₜ₋₁": "h_prev", "δaₜ": "a", "δzₜ": "z", "δnₜ": "n", "δa_n": "a_n",
            "δrₜ": "r", "δa_z": "a_z", "δa_r": "a_r"}
    compared = 0
    for row in ex.backward:
        if row.label in keys:
            want = kept[keys[row.label]].grad.numpy()
            np.testing.assert_allclose(row.value, want, rtol=0, atol=1e-6, err_msg=row.label)
            compared += 1
    assert compared >= 2
