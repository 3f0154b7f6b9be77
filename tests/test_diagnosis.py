"""Each kind of mistake gets its own reason (a table: problem, answer, words of the reason)."""

import pytest

from tutor.grading import check

LSTM_OK = [
    "f_t = σ(W_f [h_{t-1}, x_t] + b_f)",
    "i_t = σ(W_i [h_{t-1}, x_t] + b_i)",
    "g_t = tanh(W_g [h_{t-1}, x_t] + b_g)",
    "o_t = σ(W_o [h_{t-1}, x_t] + b_o)",
    "c_t = f_t ⊙ c_{t-1} + i_t ⊙ g_t",
    "h_t = o_t ⊙ tanh(c_t)",
]


def cell(*changes):
    lines = list(LSTM_OK)
    for i, text in changes:
        lines[i] = text
    return "\n".join(line for line in lines if line)


CASES = [
    ("wrong-activation", "lstm.forget", "f_t = tanh(W_f [h_{t-1}, x_t] + b_f)", "tanh where σ belongs"),
    ("wrong-activation-candidate", "lstm.candidate", "g_t = σ(W_g [h_{t-1}, x_t] + b_g)", "σ where tanh belongs"),
    ("h_t-for-h_t-1", "rnn.hidden", "h_t = tanh(W_hh h_t + W_xh x_t + b)", "hₜ where hₜ₋₁ belongs"),
    ("x_t-1", "lstm.forget", "f_t = σ(W_f [h_{t-1}, x_{t-1}] + b_f)", "xₜ₋₁ where xₜ belongs"),
    ("missing-bias", "lstm.input", "i_t = σ(W_i [h_{t-1}, x_t])", "bias"),
    ("missing-input", "rnn.hidden", "h_t = tanh(W_hh h_{t-1} + b)", "input"),
    ("missing-recurrent", "gru.reset", "r_t = σ(W_r x_t + b_r)", "recurrent term"),
    ("gate-swapped", "lstm.cell", "c_t = o_t ⊙ c_{t-1} + i_t ⊙ g_t", "oₜ where fₜ belongs"),
    ("plus-for-odot", "lstm.cell", "c_t = f_t + c_{t-1} + i_t ⊙ g_t", "+ where ⊙ belongs"),
    ("coupled", "lstm.cell", "c_t = f_t ⊙ c_{t-1} + (1 - f_t) ⊙ g_t", "coupled"),
    ("peephole", "lstm.forget", "f_t = σ(W_f [h_{t-1}, x_t] + W_cf c_{t-1} + b_f)", "peephole"),
    ("peephole-vector", "lstm.output", "o_t = σ(W_o [h_{t-1}, x_t] + w_o ⊙ c_t + b_o)", "peephole"),
    ("same-gate-both-sides", "gru.hidden", "h_t = z_t ⊙ n_t + z_t ⊙ h_{t-1}", "same gate"),
    ("same-gate-both-sides-2", "gru.hidden", "h_t = (1 - z_t) ⊙ n_t + (1 - z_t) ⊙ h_{t-1}", "same gate"),
    ("no-reset", "gru.candidate", "n_t = tanh(W_in x_t + W_hn h_{t-1} + b_n)", "reset gate"),
    ("matrix-order", "rnn.jacobian", "W_hh diag(1 - h_t^2)", "wrong order"),
    ("wrong-time-jacobian", "rnn.jacobian", "diag(1 - h_{t-1}^2) W_hh", "hₜ₋₁ where hₜ belongs"),
    ("wrong-matrix", "rnn.jacobian", "diag(1 - h_t^2) W_xh", "W_xh where W_hh belongs"),
    ("old-cell", "lstm.hidden", "h' = o ⊙ tanh(c)", "cₜ₋₁ where cₜ belongs"),
    ("missing-gate", "lstm.hidden", "h_t = tanh(c_t)", "oₜ is missing"),
    ("pytorch-biases", "lstm.params", "4H(H + X + 2)", "two bias"),
    ("no-biases", "gru.params", "3H(H + X)", "biases are missing"),
    ("clip-norm", "clip.norm", "g * theta", "divided by its norm"),
    ("tanh-square", "deriv.tanh", "1 - tanh(x)", "square"),
    ("wrong-lhs", "lstm.forget", "i_t = σ(W_i [h_{t-1}, x_t] + b_i)", "asks for fₜ"),
    ("cell-unused-gate", "lstm", cell((4, "c_t = f_t ⊙ c_{t-1} + g_t")), "iₜ is missing"),
    ("cell-reused", "lstm", cell((1, "i_t = σ(W_f [h_{t-1}, x_t] + b_i)")), "W_f (in fₜ, iₜ)"),
    ("cell-two-lines", "lstm", cell((2, "g_t = σ(W_g [h_{t-1}, x_t] + b_g)"), (3, "o_t = tanh(W_o [h_{t-1}, x_t] + b_o)")), "gₜ: σ where tanh"),
    ("cell-missing-output", "lstm", cell((4, ""), (5, "h_t = o_t ⊙ tanh(f_t ⊙ c_{t-1} + i_t ⊙ g_t)")), "never gives cₜ"),
    ("other-time-step", "lstm.forget", "f_t = σ(W_f [h_{t-2}, x_t] + b_f)", "h_{t-2} belongs to another time step"),
    ("future-input", "rnn.hidden", "h_t = tanh(W h_{t-1} + U x_{t+1} + b)", "x_{t+1} belongs to another time step"),
    ("gate-swapped-everywhere", "gru.hidden", "h_t = (1 - r_t) ⊙ n_t + r_t ⊙ h_{t-1}", "rₜ where zₜ belongs"),
    ("cell-gate-unused-and-wrong", "gru", "r_t = σ(W_r [h_{t-1}, x_t] + b_r)\nz_t = σ(W_z [h_{t-1}, x_t] + b_z)\n"
     "n_t = tanh(W_n x_t + U_n (r_t ⊙ h_{t-1}) + b_n)\nh_t = (1 - r_t) ⊙ n_t + r_t ⊙ h_{t-1}", "z_t is defined but never used"),
    ("cell-defined-unused", "rnn", "h_t = tanh(W_hh h_{t-1} + W_xh x_t + b)\ny_t = W_hy h_t + b_y", "never used"),
]


@pytest.mark.parametrize("pid,answer,words", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_reason(pid, answer, words):
    verdict = check(pid, answer)
    assert verdict.verdict == "incorrect"
    assert any(words in f for f in verdict.feedback), verdict.feedback


INVALID = [
    ("matmul-of-vectors", "lstm.cell", "c_t = f_t @ c_{t-1} + i_t ⊙ g_t", "a matrix product of two vectors: f_t and c_{t-1} are both vectors"),
    ("odot-with-matrix", "lstm.forget", "f_t = σ(W_f ⊙ [h_{t-1}, x_t] + b_f)", "W_f is a matrix"),
    ("two-sizes", "lstm.forget", "f_t = σ(W_f h_{t-1} + W_f x_t + b_f)", "W_f is applied to h_{t-1} (size H) and to x_t (size X)"),
    ("add-sizes", "rnn.hidden", "h_t = tanh(W (h_{t-1} + x_t) + b)", "cannot add h_{t-1} (size H) and x_t (size X)"),
    ("undefined-alias", "lstm", cell((2, "Ĉ_t = tanh(W_g [h_{t-1}, x_t] + b_g)")), "g_t is used but not defined in this cell; did you mean Ĉ_t"),
    ("unknown-function", "lstm.forget", "f_t = sigmoidd(W_f [h_{t-1}, x_t] + b_f)", "did you mean 'sigmoid'"),
    ("unknown-problem", "lstm.nope", "f_t = x", "unknown problem 'lstm.nope'"),
    ("self-defined", "lstm", "f_t = σ(W_f [h_{t-1}, x_t] + f_t)\nc_t = f_t ⊙ c_{t-1}\nh_t = tanh(c_t)", "defined in terms of itself"),
]


@pytest.mark.parametrize("pid,answer,message", [c[1:] for c in INVALID], ids=[c[0] for c in INVALID])
def test_invalid_message(pid, answer, message):
    verdict = check(pid, answer)
    assert verdict.verdict == "invalid"
    assert message in verdict.feedback[0]


# The classic mistakes of issue #8, each with its own reason (and never the reference itself).
CLASSICS = [
    ("f-i-exchanged", "lstm.cell", "c_t = i_t ⊙ c_{t-1} + f_t ⊙ g_t", "fₜ and iₜ are exchanged"),
    ("tanh-around-product", "lstm.hidden", "h_t = tanh(o_t ⊙ c_t)", "around the whole product"),
    ("bias-outside-sigma", "lstm.forget", "f_t = σ(W_f [h_{t-1}, x_t]) + b_f", "outside σ"),
    ("extra-tanh-gru", "gru.hidden", "h_t = tanh((1 - z_t) ⊙ n_t + z_t ⊙ h_{t-1})", "an extra tanh"),
    ("reset-outside-tanh", "gru.candidate", "n_t = r_t ⊙ tanh(W_in x_t + b_in + W_hn h_{t-1} + b_hn)", "rₜ multiplies the whole tanh"),
    ("peephole-output", "lstm.output", "o_t = σ(W_o [h_{t-1}, x_t] + W_co c_t + b_o)", "peephole"),
    ("sign-sigmoid", "deriv.sigmoid", "σ(x)(σ(x) - 1)", "sign is wrong"),
    ("sign-tanh", "deriv.tanh", "tanh(x)^2 - 1", "sign is wrong"),
    ("sign-jacobian", "rnn.jacobian", "-diag(1 - h_t^2) W_hh", "sign is wrong"),
    ("clip-squared", "clip.norm", "θ g / ‖g‖^2", "squared"),
    ("count-no-recurrent", "rnn.params", "H (X + 1)", "recurrent weights"),
    ("count-no-input", "lstm.params", "4 H (H + 1)", "input weights"),
    ("jacobian-no-whh", "rnn.jacobian", "diag(1 - h_t^2)", "W_hh is missing"),
    ("bias-wrong-size", "rnn.params", "H (H + X) + X", "wrong size"),
    ("no-activation", "rnn.hidden", "h_t = W_xh x_t + W_hh h_{t-1} + b_h", "no activation"),
    ("no-activation-gate", "lstm.forget", "f_t = W_f [h_{t-1}, x_t] + b_f", "no activation"),
    ("olah-no-bias", "gru.update", "z_t = σ(W_z · [h_{t-1}, x_t])", "Olah's figures leave the biases out"),
    ("olah-gru-cell", "gru", "z_t = σ(W_z · [h_{t-1}, x_t])\nr_t = σ(W_r · [h_{t-1}, x_t])\n"
     "h̃_t = tanh(W · [r_t ⊙ h_{t-1}, x_t])\nh_t = (1 - z_t) ⊙ h_{t-1} + z_t ⊙ h̃_t", "Olah's figures leave the biases out"),
    ("state-for-candidate", "lstm.cell", "c_t = f_t ⊙ c_{t-1} + i_t ⊙ c_{t-1}", "cₜ₋₁ where gₜ belongs"),
    ("located-difference", "lstm.cell", "c_t = f_t ⊙ c_{t-1} + i_t ⊙ g_t ⊙ o_t", "the answer uses oₜ"),
    ("located-two-mistakes", "rnn.hidden", "h_t = σ(W_hh h_{t-1} + W_xh x_t)", "σ where tanh belongs; no bias"),
    ("part-outside-tanh", "rnn.hidden", "h_t = tanh(W_xh x_t + b_h) + W_hh h_{t-1}", "added outside tanh"),
    ("jacobian-transposed", "rnn.jacobian", "diag(1 - h_t^2) W_hh^T", "transposed"),
    ("read-as-shown", "rnn.hidden", "s_t = tanh(U x_t + W s_{t-1})", "s read as the hidden state"),
]


@pytest.mark.parametrize("pid,answer,words", [c[1:] for c in CLASSICS], ids=[c[0] for c in CLASSICS])
def test_classic_reason(pid, answer, words):
    from tutor.bank.problems import get
    from tutor.grading.reference import prepared_reference

    verdict = check(pid, answer)
    assert verdict.verdict == "incorrect"
    assert any(words in f for f in verdict.feedback), verdict.feedback
    problem = get(pid)
    for i in range(len(problem.all_references())):
        for line in prepared_reference(problem, i)[1].interpreted.splitlines():
            assert not any(line in f for f in verdict.feedback), f"the feedback shows the reference: {line}"


def test_relu_is_named_only_when_written():
    assert check("rnn.hidden", "h_t = relu(W_xh x_t + W_hh h_{t-1} + b_h)").feedback[0].startswith("relu where tanh")
