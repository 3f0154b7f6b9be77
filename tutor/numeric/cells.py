"""Numeric RNN, LSTM and GRU cells in NumPy that return every intermediate.

These are the source of every number the tutor prints: a worked example shows
the pre-activation of each gate, the gate, the candidate and the new states in
the order a person computes them, so each step returns an ordered dict of all
of them. Vectors are 1-D arrays used as columns (``W @ x``, W of shape H×X).

Parameters are named as the problem bank writes them, one weight matrix per
gate for the input (``W_xf``) and one for the state (``W_hf``), one bias per
gate (``b_f``), except GRU's reset-after candidate, which needs the recurrent
bias ``b_hn`` inside the reset product (PyTorch's layout). ``from_torch_*``
convert PyTorch's packed tensors (LSTM ``weight_ih_l0`` = W_ii|W_if|W_ig|W_io,
GRU W_ir|W_iz|W_in, two biases) into these names, which is how the tests
cross-check every step against ``torch.nn``.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

LSTM_GATES = ("f", "i", "g", "o")  # the order a person computes them
GRU_GATES = ("r", "z")
TORCH_LSTM_ORDER = ("i", "f", "g", "o")
TORCH_GRU_ORDER = ("r", "z", "n")


def sigmoid(a: np.ndarray) -> np.ndarray:
    """σ(a), stable for large |a|."""
    out = np.empty_like(a, dtype=float)
    pos = a >= 0
    out[pos] = 1.0 / (1.0 + np.exp(-a[pos]))
    e = np.exp(a[~pos])
    out[~pos] = e / (1.0 + e)
    return out


class GRUConvention(NamedTuple):
    """Where the reset gate goes and which way the update gate points."""

    reset: str = "after"  # after: r ⊙ (W_hn h + b_hn) (PyTorch); before: W_hn (r ⊙ h) (Cho, d2l, Wikipedia)
    update: str = "keep"  # keep: z keeps h (PyTorch, d2l); take: z takes the candidate (Wikipedia, Olah)


GRU_CONVENTIONS = {
    "pytorch": GRUConvention("after", "keep"),
    "d2l": GRUConvention("before", "keep"),
    "wikipedia": GRUConvention("before", "take"),
}


def rnn_step(p: dict, x: np.ndarray, h: np.ndarray) -> dict:
    """One Elman step: a = W_xh x + W_hh h + b_h; h' = tanh(a)."""
    a = p["W_xh"] @ x + p["W_hh"] @ h + p["b_h"]
    return {"a": a, "h": np.tanh(a)}


LSTM_VARIANTS = ("default", "peephole", "cifg")


def lstm_step(p: dict, x: np.ndarray, h: np.ndarray, c: np.ndarray, variant: str = "default") -> dict:
    """One LSTM step; returns a_f, f, a_i, i, a_g, g, a_o, o, c, tanh_c, h in that order.

    ``peephole`` (Gers & Schmidhuber): f and i also read cₜ₋₁ and o reads the
    new cₜ, through vectors w_cf, w_ci, w_co (elementwise). ``cifg`` couples the
    input gate to the forget gate, iₜ = 1 − fₜ, and has no input-gate weights.
    """
    out: dict = {}
    for gate in LSTM_GATES:
        if gate == "i" and variant == "cifg":
            out["i"] = 1 - out["f"]
            continue
        a = p[f"W_x{gate}"] @ x + p[f"W_h{gate}"] @ h + p[f"b_{gate}"]
        if variant == "peephole" and gate in ("f", "i"):
            a = a + p[f"w_c{gate}"] * c
        out[f"a_{gate}"] = a
        out[gate] = np.tanh(a) if gate == "g" else sigmoid(a)
    out["c"] = out["f"] * c + out["i"] * out["g"]
    if variant == "peephole":  # the output gate looks at the new cell
        out["a_o"] = out["a_o"] + p["w_co"] * out["c"]
        out["o"] = sigmoid(out["a_o"])
    out["tanh_c"] = np.tanh(out["c"])
    out["h"] = out["o"] * out["tanh_c"]
    return out


def gru_step(p: dict, x: np.ndarray, h: np.ndarray, convention: GRUConvention = GRUConvention()) -> dict:
    """One GRU step in the given convention; returns a_r, r, a_z, z, a_n, n, h."""
    out: dict = {}
    for gate in GRU_GATES:
        a = p[f"W_x{gate}"] @ x + p[f"W_h{gate}"] @ h + p[f"b_{gate}"]
        out[f"a_{gate}"] = a
        out[gate] = sigmoid(a)
    r, z = out["r"], out["z"]
    if convention.reset == "after":
        a_n = p["W_xn"] @ x + p["b_xn"] + r * (p["W_hn"] @ h + p["b_hn"])
    else:
        a_n = p["W_xn"] @ x + p["W_hn"] @ (r * h) + p["b_xn"] + p["b_hn"]
    out["a_n"] = a_n
    out["n"] = np.tanh(a_n)
    if convention.update == "keep":
        out["h"] = (1 - z) * out["n"] + z * h
    else:
        out["h"] = (1 - z) * h + z * out["n"]
    return out


def unroll(kind: str, p: dict, xs, h0: np.ndarray, c0: np.ndarray | None = None,
           convention: GRUConvention = GRUConvention(), variant: str = "default") -> list[dict]:
    """Run ``kind`` (rnn, lstm, gru) over the inputs ``xs``; one dict of intermediates per step."""
    steps = []
    h, c = h0, c0
    for x in xs:
        if kind == "rnn":
            s = rnn_step(p, x, h)
        elif kind == "lstm":
            s = lstm_step(p, x, h, c, variant)
            c = s["c"]
        elif kind == "gru":
            s = gru_step(p, x, h, convention)
        else:
            raise ValueError(f"unknown cell {kind!r}")
        h = s["h"]
        steps.append(s)
    return steps


def param_shapes(kind: str, hidden: int, inputs: int, variant: str = "default") -> dict:
    """Name → shape of every parameter of a cell (an LSTM ``variant``: default, peephole, cifg)."""
    gates = {"rnn": ("h",), "lstm": LSTM_GATES, "gru": ("r", "z", "n")}[kind]
    if kind == "lstm" and variant == "cifg":
        gates = tuple(g for g in gates if g != "i")
    shapes = {}
    for g in gates:
        shapes[f"W_x{g}"] = (hidden, inputs)
        shapes[f"W_h{g}"] = (hidden, hidden)
    if kind == "gru":
        shapes.update({"b_r": (hidden,), "b_z": (hidden,), "b_xn": (hidden,), "b_hn": (hidden,)})
    else:
        shapes.update({f"b_{g}": (hidden,) for g in gates})
    if kind == "lstm" and variant == "peephole":
        shapes.update({f"w_c{g}": (hidden,) for g in ("f", "i", "o")})
    return shapes


def one_decimal(rng, shape) -> np.ndarray:
    """Numbers a person can multiply by hand: −0.9 … 0.9 in steps of 0.1."""
    count = math.prod(shape)  # not np.prod: its first call costs more than the whole example
    return np.array([rng.randint(-9, 9) / 10.0 for _ in range(count)]).reshape(shape)


def random_example(kind: str, hidden: int, inputs: int, steps: int, seed: int,
                   variant: str = "default") -> tuple[dict, list, np.ndarray, np.ndarray]:
    """Seeded parameters, inputs and initial states, all with one decimal.

    Python's own seeded generator: numpy.random would double the start-up of ``explain``.
    """
    import random

    rng = random.Random(seed)
    p = {name: one_decimal(rng, shape) for name, shape in param_shapes(kind, hidden, inputs, variant).items()}
    h0 = one_decimal(rng, (hidden,))
    c0 = one_decimal(rng, (hidden,))
    xs = [one_decimal(rng, (inputs,)) for _ in range(steps)]  # drawn last: --steps keeps step 1 as it was
    return p, xs, h0, c0


# ---------------------------------------------------------------- PyTorch layouts


def _blocks(t, n: int) -> list:
    a = np.asarray(t, dtype=float)
    return np.split(a, n, axis=0)


def from_torch_rnn(weight_ih, weight_hh, bias_ih, bias_hh) -> dict:
    return {"W_xh": np.asarray(weight_ih, float), "W_hh": np.asarray(weight_hh, float),
            "b_h": np.asarray(bias_ih, float) + np.asarray(bias_hh, float)}


def from_torch_lstm(weight_ih, weight_hh, bias_ih, bias_hh) -> dict:
    """PyTorch packs the gates as i|f|g|o along the rows, with two biases."""
    wi, wh, bi, bh = (_blocks(t, 4) for t in (weight_ih, weight_hh, bias_ih, bias_hh))
    p = {}
    for k, gate in enumerate(TORCH_LSTM_ORDER):
        p[f"W_x{gate}"], p[f"W_h{gate}"], p[f"b_{gate}"] = wi[k], wh[k], bi[k] + bh[k]
    return p


def from_torch_gru(weight_ih, weight_hh, bias_ih, bias_hh) -> dict:
    """PyTorch packs r|z|n; n keeps its two biases apart (b_in outside, b_hn inside the reset)."""
    wi, wh, bi, bh = (_blocks(t, 3) for t in (weight_ih, weight_hh, bias_ih, bias_hh))
    p = {}
    for k, gate in enumerate(TORCH_GRU_ORDER):
        p[f"W_x{gate}"], p[f"W_h{gate}"] = wi[k], wh[k]
    p["b_r"], p["b_z"] = bi[0] + bh[0], bi[1] + bh[1]
    p["b_xn"], p["b_hn"] = bi[2], bh[2]
    return p
