"""Backward-pass lines: correct ones in every notation accepted, the classic mistakes named, nothing wrong accepted."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.grading.checking import check
from tutor.numeric import autodiff as ad
from tutor.numeric.backprop import MODELS, Trace

CORRECT = [
    ("output-unicode", "lstm.back.output", "δoₜ = δhₜ ⊙ tanh(cₜ)"),
    ("output-partial", "lstm.back.output", "∂L/∂o_t = ∂L/∂h_t ⊙ tanh(c_t)"),
    ("output-latex", "lstm.back.output", "\\frac{\\partial L}{\\partial o_t} = \\frac{\\partial L}{\\partial h_t} \\odot \\tanh(c_t)"),
    ("output-code", "lstm.back.output", "do_t = dh_t * np.tanh(c_t)"),
    ("output-model-identity", "lstm.back.output", "δh_t ⊙ h_t / o_t"),
    ("cell-tanh-prime", "lstm.back.cell", "δc_t = δh_t ⊙ o_t ⊙ tanh'(c_t) + δc_{t+1} ⊙ f_{t+1}"),
    ("cell-latex", "lstm.back.cell", "\\delta c_t = \\delta h_t \\odot o_t \\odot (1 - \\tanh^2(c_t)) + \\delta c_{t+1} \\odot f_{t+1}"),
    ("cell-sech", "lstm.back.cell", "δh_t ⊙ o_t ⊙ sech(c_t)^2 + f_{t+1} ⊙ δc_{t+1}"),
    ("cell-chain", "lstm.back.cell", "δc_t = δh_t ⊙ o_t ⊙ tanh'(c_t) + δc_{t+1} ⊙ f_{t+1}\n= δh_t ⊙ o_t ⊙ (1 - tanh(c_t)^2) + δc_{t+1} ⊙ f_{t+1}"),
    ("delta-dL-dy", "rnn.delta", "dL/dh_t = W_hy^T dl_t/dy_t + W_hh^T (dh_{t+1} * (1 - h_{t+1}**2))"),
    ("delta-diag", "rnn.delta", "W_hh^T diag(1 - h_{t+1}^2) δh_{t+1} + W_hy^T ∂ℓ_t/∂y_t"),
    ("whh-sum-bounds", "rnn.grad_whh", "∂L/∂W_hh = \\sum_{t=1}^{T} ((1 - h_t^2) ⊙ δh_t) h_{t-1}^T"),
    ("whh-ascii-sum", "rnn.grad_whh", "dW_hh = sum_t ((1 - h_t^2) * dh_t) @ h_{t-1}.T"),
    ("wxh-split-sum", "rnn.grad_wxh", "Σ_t (δh_t ⊙ (1 - h_t^2)) x_t^T"),
    ("bptt-latex", "rnn.bptt_product", "\\frac{\\partial h_T}{\\partial h_k} = \\prod_{j=k+1}^{T} \\mathrm{diag}(1 - h_j^2) W_{hh}"),
    ("cell-path-elementwise", "lstm.cell_path", "∏_{j=k+1}^{T} f_j"),
    ("softmax-code", "softmax.ce_grad", "y_hat - y"),
    ("weights-semicolon", "lstm.back.weights", "Σ_t (δf_t ⊙ f_t ⊙ (1 - f_t)) [h_{t-1}; x_t]^T"),
    ("preact-written-out", "lstm.back.forget_preact", "δc_t ⊙ c_{t-1} ⊙ σ'(W_f [h_{t-1}, x_t] + b_f)"),
    ("gru-update-code", "gru.back.update", "dz_t = dh_t * (h_{t-1} - n_t)"),
    ("gru-direct", "gru.back.direct", "z_t ⊙ δh_t"),
    ("code-bare-names", "lstm.back.cell", "dc = dh * o * (1 - np.tanh(c)**2) + dc_next * f_next"),
    ("code-dot", "rnn.delta", "np.dot(W_hy.T, dl_t/dy_t) + np.dot(W_hh.T, (1 - h_{t+1}**2) * dh_next)"),
    ("code-outer", "rnn.grad_whh", "sum_t np.outer((1 - h_t**2) * dh_t, h_{t-1})"),
    ("preactivation-name", "rnn.bptt_product", "∏_{j=k+1}^{T} diag(tanh'(a_j)) W_hh"),
    ("tanh-sigmoid-chain", "deriv.tanh_sigmoid", "tanh(x) = (e^x - e^{-x})/(e^x + e^{-x}) = (1 - e^{-2x})/(1 + e^{-2x}) = 2/(1+e^{-2x}) - 1 = 2σ(2x) - 1"),
]


@pytest.mark.parametrize("pid,answer", [c[1:] for c in CORRECT], ids=[c[0] for c in CORRECT])
def test_correct(pid, answer):
    v = check(pid, answer)
    assert v.verdict == "correct", v


# the classic mistakes of the issue, each with words its reason must hold
WRONG = [
    ("carried-term-missing", "lstm.back.cell", "δh_t ⊙ o_t ⊙ (1 - tanh(c_t)^2)", "carried term"),
    ("f_t-for-f_t+1", "lstm.back.cell", "δh_t ⊙ o_t ⊙ (1 - tanh(c_t)^2) + δc_{t+1} ⊙ f_t", "fₜ where fₜ₊₁ belongs"),
    ("sigma-prime-for-tanh-prime", "lstm.back.cell", "δh_t ⊙ o_t ⊙ σ(c_t)(1 - σ(c_t)) + δc_{t+1} ⊙ f_{t+1}", "σ′ where tanh′"),
    ("tanh-prime-for-sigma-prime", "lstm.back.forget_preact", "δf_t ⊙ (1 - f_t^2)", "tanh′ where σ′"),
    ("tanh-for-its-derivative", "lstm.back.cell", "δh_t ⊙ o_t ⊙ tanh(c_t) + δc_{t+1} ⊙ f_{t+1}", "1 − tanh²"),
    ("value-for-preact", "lstm.back.forget_preact", "δf_t", "pre-activation"),
    ("preact-for-value", "lstm.back.output", "δh_t ⊙ tanh(c_t) ⊙ o_t ⊙ (1 - o_t)", "pre-activation"),
    ("h_t-for-h_t-1-outer", "rnn.grad_whh", "Σ_t ((1 - h_t^2) ⊙ δh_t) h_t^T", "hₜ where hₜ₋₁"),
    ("transposed-outer-square", "rnn.grad_whh", "Σ_t h_{t-1} ((1 - h_t^2) ⊙ δh_t)^T", "transposed"),
    ("transposed-outer-shape", "rnn.grad_wxh", "Σ_t x_t ((1 - h_t^2) ⊙ δh_t)^T", "X×H"),
    ("sum-missing", "rnn.grad_wxh", "((1 - h_t^2) ⊙ δh_t) x_t^T", "sum over time is missing"),
    ("sum-missing-lstm", "lstm.back.weights", "(δf_t ⊙ f_t ⊙ (1 - f_t)) [h_{t-1}, x_t]^T", "sum over time is missing"),
    ("product-order", "rnn.bptt_product", "∏_{j=k+1}^{T} W_hh diag(1 - h_j^2)", "order"),
    ("product-extra-factor", "rnn.bptt_product", "∏_{j=k}^{T} diag(1 - h_j^2) W_hh", "one factor too many"),
    ("cell-path-extra-factor", "lstm.cell_path", "∏_{j=k}^{T} diag(f_j)", "one factor too many"),
    ("W-for-W-transpose", "rnn.delta", "W_hy^T ∂ℓ_t/∂y_t + W_hh ((1 - h_{t+1}^2) ⊙ δh_{t+1})", "W_hhᵀ"),
    ("one-path-missing", "rnn.delta", "W_hy^T ∂ℓ_t/∂y_t", "two paths"),
    ("other-path-missing", "rnn.delta", "W_hh^T ((1 - h_{t+1}^2) ⊙ δh_{t+1})", "two paths"),
    ("other-direction-sign", "gru.back.update", "δh_t ⊙ (n_t - h_{t-1})", "Chung et al."),
    ("other-direction-direct", "gru.back.direct", "δh_t ⊙ (1 - z_t)", "Chung et al."),
    ("softmax-sign", "softmax.ce_grad", "y - ŷ", "sign"),
    ("wrong-step", "lstm.back.forget", "δc_t ⊙ c_t", "where cₜ₋₁ belongs"),
    ("tautology", "lstm.back.output", "δo_t = ∂L/∂o_t", "what is asked"),
    ("out-of-terms", "rnn.delta", "W_hy^T ∂ℓ_t/∂y_t + W_hh^T δa_{t+1}", "not one of them"),
    ("factor-half", "gru.back.direct", "0.5 δh_t ⊙ z_t", "factor"),
    ("chain-wrong-link", "lstm.back.cell", "δc_t = δh_t ⊙ o_t ⊙ tanh'(c_t) + δc_{t+1} ⊙ f_{t+1}\n= δh_t ⊙ o_t ⊙ (1 - tanh(c_t)) + δc_{t+1} ⊙ f_{t+1}", "line 2"),
    ("chain-right-end-wrong-start", "lstm.back.output", "δo_t = δh_t ⊙ (1 - tanh(c_t)^2) = δh_t ⊙ tanh(c_t)", "does not follow"),
    ("code-bare-wrong", "lstm.back.cell", "dc = dh * o * (1 - np.tanh(c)**2) + dc_next * f", "where fₜ₊₁ belongs"),
    ("outer-reversed", "rnn.grad_wxh", "sum_t np.outer(x_t, (1 - h_t**2) * dh_t)", "X×H"),
    ("show-with-a-repeated-link", "deriv.tanh_sigmoid", "tanh(x) = tanh(x) = 2σ(2x) - 1", "show the work"),
    ("show-from-the-result", "deriv.tanh_sigmoid", "σ(2x) + σ(2x) - 1 = 2σ(2x) - 1 + 0 = 2σ(2x) - 1", "must start from tanh"),
    ("show-from-elsewhere", "deriv.tanh_sigmoid", "σ(x) = 2σ(2x)/2 = 2σ(2x) - 1", "does not follow"),
    ("show-without-steps", "deriv.tanh_sigmoid", "tanh(x) = 2σ(2x) - 1", "show the work"),
    ("show-ends-in-tanh", "deriv.tanh_sigmoid", "2σ(2x) - 1 = (1 - e^{-2x})/(1 + e^{-2x}) = tanh(x)", "still uses tanh"),
]


@pytest.mark.parametrize("pid,answer,words", [w[1:] for w in WRONG], ids=[w[0] for w in WRONG])
def test_wrong_is_never_accepted_and_says_why(pid, answer, words):
    v = check(pid, answer)
    assert v.verdict in ("incorrect", "invalid"), v
    assert words in " ".join(v.feedback), v.feedback


def test_a_wrong_link_in_a_gradient_chain_is_located():
    answer = "δc_t = δh_t ⊙ o_t ⊙ tanh'(c_t) + δc_{t+1} ⊙ f_{t+1}\n= δh_t ⊙ o_t ⊙ (1 - tanh(c_t)) + δc_{t+1} ⊙ f_{t+1}"
    v = check("lstm.back.cell", answer)
    assert v.feedback[0].startswith("line 2:") and "the square was dropped" in v.feedback[0]
    assert v.caret.splitlines()[0].startswith("= δh_t")


@pytest.mark.parametrize("model", MODELS)
def test_sizes_differ_and_sequences_are_long_enough(model):
    for seed in range(5):
        tr = Trace(model, seed)
        assert len({tr.H, tr.X, tr.Y}) == 3
        assert model == "softmax" or tr.T >= 4


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 10_000), st.sampled_from(["tanh", "sigmoid", "exp", "matmul", "divide", "concat"]))
def test_tape_matches_finite_differences(seed, op):
    rng = np.random.default_rng(seed)
    a0, b0 = rng.normal(size=(3, 1)), rng.normal(size=(3, 1))
    M = rng.normal(size=(2, 3))

    def f(a_value):
        a = ad.Var(a_value)
        if op == "tanh":
            y = ad.tanh(ad.mul(a, ad.const(b0)))
        elif op == "sigmoid":
            y = ad.sigmoid(ad.add(a, ad.const(b0)))
        elif op == "exp":
            y = ad.log(ad.total(ad.exp(a)))
        elif op == "matmul":
            y = ad.tanh(ad.matmul(ad.const(M), a))
        elif op == "divide":
            e = ad.exp(a)
            y = ad.divide(e, ad.total(e))
        else:
            y = ad.matmul(ad.const(rng.normal(size=(2, 6))), ad.concat([a, ad.const(b0)]))
        return a, ad.total(ad.mul(y, ad.const(np.arange(1, y.shape[0] + 1).reshape(-1, 1))))

    a, out = f(a0)
    grad = ad.backward(out)[a]
    eps = 1e-6
    for i in range(3):
        step = np.zeros((3, 1))
        step[i, 0] = eps
        rng = np.random.default_rng(seed)  # the same matrices on every call
        rng.normal(size=(3, 1)), rng.normal(size=(3, 1)), rng.normal(size=(2, 3))
        up = f(a0 + step)[1].value[0, 0]
        rng = np.random.default_rng(seed)
        rng.normal(size=(3, 1)), rng.normal(size=(3, 1)), rng.normal(size=(2, 3))
        down = f(a0 - step)[1].value[0, 0]
        assert abs((up - down) / (2 * eps) - grad[i, 0]) < 1e-5


def test_a_line_right_only_through_the_forward_equations_gets_a_note():
    v = check("gru.back.direct", "δh_t ⊙ (h_t - (1 - z_t) ⊙ n_t) / h_{t-1}")
    assert v.verdict == "correct"
    assert "forward equations" in v.feedback[0]
    assert check("gru.back.direct", "z_t ⊙ δh_t").feedback == ()
