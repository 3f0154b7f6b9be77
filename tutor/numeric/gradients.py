"""Backpropagation through time in NumPy, for the vanishing-gradient demo.

For a seeded vanilla RNN the demo follows ‖∂h_T/∂h_t‖ as t goes back from T
to 0: the backward pass multiplies one Jacobian diag(1 − hₖ²) W_hh per step,
so its norm shrinks or grows geometrically with the distance. For an LSTM it
follows ‖∂c_T/∂c_t‖ along the cell path (hₜ₋₁ held fixed), where each step
multiplies only by diag(fₖ). Both are computed by an explicit backward pass
over the stored forward states (no autograd), and the tests check them
against finite differences and against torch.autograd.

The RNN's W_hh is an orthogonal matrix times ``scale``, so all its singular
values equal ``scale``: below 1 the product vanishes, above 1 it explodes
(while the tanh units stay out of saturation, hence small inputs).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..base.language import _
from . import cells

MAX_HIDDEN = 64
MAX_LENGTH = 200


@dataclass(frozen=True)
class Curves:
    """Norms indexed by t = 0 … T (the value at T is 1: ∂h_T/∂h_T = I)."""

    rnn: tuple
    lstm: tuple
    length: int
    scale: float
    forget_bias: float = 3.0


def rnn_model(hidden: int, inputs: int, length: int, scale: float, seed: int, input_scale: float = 0.01):
    """A seeded RNN: W_hh = scale · Q (Q orthogonal), small random inputs, h₀ = 0."""
    rng = np.random.default_rng(seed)
    q, _ = np.linalg.qr(rng.normal(size=(hidden, hidden)))
    p = {"W_hh": scale * q, "W_xh": rng.normal(0, 1 / np.sqrt(inputs), (hidden, inputs)), "b_h": np.zeros(hidden)}
    xs = [rng.normal(0, input_scale, inputs) for _ in range(length)]
    return p, xs, np.zeros(hidden)


def lstm_model(hidden: int, inputs: int, length: int, seed: int, forget_bias: float = 3.0):
    """A seeded LSTM with Glorot-like weights and a forget-gate bias (+3: gates near 0.95, as a
    trained LSTM sets them where it must remember)."""
    rng = np.random.default_rng(seed + 1)
    shapes = cells.param_shapes("lstm", hidden, inputs)
    p = {k: rng.normal(0, 1 / np.sqrt(hidden + inputs), s) for k, s in shapes.items()}
    p["b_f"] = p["b_f"] + forget_bias
    xs = [rng.normal(0, 1, inputs) for _ in range(length)]
    return p, xs, np.zeros(hidden), np.zeros(hidden)


def rnn_jacobians(p: dict, xs, h0) -> list:
    """Forward pass, then ∂hₖ/∂hₖ₋₁ = diag(1 − hₖ²) W_hh for k = 1 … T."""
    steps = cells.unroll("rnn", p, xs, h0)
    return [np.diag(1 - s["h"] ** 2) @ p["W_hh"] for s in steps]


def backward(jacobians: list) -> list:
    """∂h_T/∂h_t for t = T, T−1, …, 0 by accumulating G ← G · Jₜ₊₁ backwards; returns them in t order."""
    n = jacobians[0].shape[0]
    g = np.eye(n)
    out = [g]
    for j in reversed(jacobians):
        g = g @ j
        out.append(g)
    return out[::-1]


def lstm_cell_jacobians(p: dict, xs, h0, c0) -> list:
    """∂cₖ/∂cₖ₋₁ along the cell path: diag(fₖ), k = 1 … T."""
    steps = cells.unroll("lstm", p, xs, h0, c0)
    return [np.diag(s["f"]) for s in steps]


def curves(hidden: int = 8, inputs: int = 4, length: int = 30, scale: float = 0.8, seed: int = 0,
           forget_bias: float = 3.0) -> Curves:
    """The two curves of the demo (spectral norms)."""
    if not 1 <= hidden <= MAX_HIDDEN:
        raise ValueError(_("--hidden must be between 1 and {limit}").format(limit=MAX_HIDDEN))
    if not 1 <= inputs <= MAX_HIDDEN:
        raise ValueError(_("--input must be between 1 and {limit}").format(limit=MAX_HIDDEN))
    if not 2 <= length <= MAX_LENGTH:
        raise ValueError(_("--length must be between 2 and {limit}").format(limit=MAX_LENGTH))
    if not 0 < scale <= 10:
        raise ValueError(_("--scale must be above 0 and at most 10"))
    p, xs, h0 = rnn_model(hidden, inputs, length, scale, seed)
    rnn = [float(np.linalg.norm(g, 2)) for g in backward(rnn_jacobians(p, xs, h0))]
    lp, lxs, lh0, lc0 = lstm_model(hidden, inputs, length, seed, forget_bias)
    lstm = [float(np.linalg.norm(g, 2)) for g in backward(lstm_cell_jacobians(lp, lxs, lh0, lc0))]
    return Curves(tuple(rnn), tuple(lstm), length, scale, forget_bias)


def reading(c: Curves) -> list[str]:
    """A few sentences that say what the plot shows, from its numbers."""
    def verdict(v: float) -> str:
        if v < 1e-2:
            return _("vanishes")
        if v > 1e2:
            return _("explodes")
        return _("keeps its order of magnitude")

    r0, l0 = c.rnn[0], c.lstm[0]
    lines = [
        _("RNN (W_hh = {scale:g} × orthogonal): ‖∂h_T/∂h_0‖ = {norm:.1e} after {length} steps: the gradient {verdict}.")
        .format(scale=c.scale, norm=r0, length=c.length, verdict=verdict(r0)),
        _("LSTM cell path (forget-gate bias {bias:+g}): ‖∂c_T/∂c_0‖ = {norm:.1e}, a product of forget gates only: "
          "it {verdict}.").format(bias=c.forget_bias, norm=l0, verdict=verdict(l0)),
    ]
    if c.scale < 1:
        lines.append(_("Each RNN step multiplies by diag(1 − hₜ²) W_hh, whose norm is below 1 here: the product shrinks geometrically."))
    elif c.scale > 1:
        lines.append(_("With W_hh's norm above 1 and tanh unsaturated, each step multiplies the norm up: the product grows "
                       "geometrically; clipping tames it."))
    lines.append(_("The LSTM's cell path has no W_hh and no tanh′: it shrinks only as fast as the forget gates are below 1, "
                   "and it can never explode."))
    return lines


def clip_by_norm(g: np.ndarray, theta: float) -> np.ndarray:
    """θ·g/‖g‖ when ‖g‖ > θ, else g unchanged."""
    n = float(np.linalg.norm(g))
    return g * (theta / n) if n > theta else g.copy()


def clip_by_value(g: np.ndarray, v: float) -> np.ndarray:
    """Each component limited to [−v, v]."""
    return np.clip(g, -v, v)


def clipping_example(size: int = 6, theta: float = 1.0, value: float = 0.5, seed: int = 0):
    """A seeded gradient and its two clippings, with norms and the cosine to the original."""
    if not 1 <= size <= 20:
        raise ValueError(_("--size must be between 1 and 20"))
    if theta <= 0 or value <= 0:
        raise ValueError(_("--theta and --value must be positive"))
    rng = np.random.default_rng(seed)
    g = np.round(rng.normal(0, 1.5, size), 2)
    by_norm, by_value = clip_by_norm(g, theta), clip_by_value(g, value)

    def cos(a, b):
        return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b))) if np.linalg.norm(b) else 1.0

    return {"g": g, "by_norm": by_norm, "by_value": by_value, "theta": theta, "value": value,
            "norms": {k: float(np.linalg.norm(x)) for k, x in (("g", g), ("by_norm", by_norm), ("by_value", by_value))},
            "cos": {"by_norm": cos(g, by_norm), "by_value": cos(g, by_value)}}
