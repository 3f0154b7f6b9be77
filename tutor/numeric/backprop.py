"""Forward passes recorded on the tape, and every gradient of their loss: the numbers a backward equation must match.

Each model is a short sequence (T ≥ 3 steps) with random sizes, H ≠ X ≠ Y,
random parameters and inputs, a nonzero initial state, and a loss
L = Σₜ ℓₜ with ℓₜ the cross-entropy of softmax(yₜ), yₜ = W_hy hₜ + b_y, against
a random one-hot target. The forward equations are the only thing written
here; :mod:`tutor.numeric.autodiff` differentiates them, so δhₜ is the total
gradient reaching hₜ (from the output at t and from step t + 1), δcₜ the one
reaching cₜ, δfₜ the one reaching the gate's value, δa_fₜ its pre-activation's.

- ``rnn``: hₜ = tanh(W_xh xₜ + W_hh hₜ₋₁ + b_h).
- ``lstm``: the concatenated convention, fₜ = σ(W_f [hₜ₋₁, xₜ] + b_f) and so on;
  cₜ = fₜ ⊙ cₜ₋₁ + iₜ ⊙ gₜ, hₜ = oₜ ⊙ tanh(cₜ).
- ``gru``: PyTorch's equations and direction, hₜ = (1 − zₜ) ⊙ nₜ + zₜ ⊙ hₜ₋₁; the
  copy of hₜ₋₁ in the interpolation is its own node (``h_direct``), so the part
  of δhₜ₋₁ that flows straight through it is a gradient of its own.
- ``softmax``: one step, ŷ = softmax(o) and ℓ = −Σᵢ yᵢ log ŷᵢ, y one-hot.

Values outside the sequence (step T + 1, x₀) read as zeros, as the backward
recursion assumes (δh_{T+1} = δc_{T+1} = 0).
"""

from __future__ import annotations

import numpy as np

from . import autodiff as ad

MODELS = ("rnn", "lstm", "gru", "softmax")


class Trace:
    """One random instance of a model: sizes, forward values, gradients, and Jacobians on demand."""

    def __init__(self, model: str, seed: int):
        if model not in MODELS:
            raise ValueError(f"unknown model {model!r}")
        self.model = model
        self.seed = seed
        rng = np.random.default_rng(seed)
        self.rng = rng
        self.H, self.X, self.Y = (int(v) for v in rng.permutation([3, 4, 5, 6])[:3])
        self.T = int(rng.integers(4, 6))
        self.nodes: dict = {}  # (key, t or None) -> Var
        self.params: dict = {}  # key -> Var
        self.loss = None
        getattr(self, "_" + model)()
        self._grads = ad.backward(self.loss)
        self._jacobians: dict = {}

    # -- reading -----------------------------------------------------------------

    @property
    def sizes(self) -> dict:
        return {"H": self.H, "X": self.X, "Y": self.Y}

    def value(self, key: str, t=None):
        """The forward value of ``key`` at step ``t`` (zeros outside the sequence), or None if unknown."""
        node = self.nodes.get((key, t)) if t is not None else self.params.get(key)
        if node is not None:
            return node.value
        if t is not None and any(k == key for k, _ in self.nodes):
            shape = next(n.shape for (k, _), n in self.nodes.items() if k == key)
            return np.zeros(shape)
        return None

    def grad(self, key: str, t=None):
        """∂L/∂``key`` at step ``t`` (zeros outside the sequence), or None if unknown."""
        node = self.nodes.get((key, t)) if t is not None else self.params.get(key)
        if node is not None:
            g = self._grads.get(node)
            return np.zeros(node.shape) if g is None else g
        if t is not None and any(k == key for k, _ in self.nodes):
            return self.value(key, t) * 0.0
        return None

    def keys(self) -> set:
        return {k for k, _ in self.nodes} | set(self.params)

    def jacobian(self, key: str, last: int, first: int):
        """∂key_last/∂key_first as a matrix: ``h`` through the whole step, ``c_cell`` along the cell path alone."""
        memo = (key, last, first)
        if memo not in self._jacobians:
            if key == "c_cell":
                self._jacobians[memo] = self._cell_path(last, first)
            else:
                out, inp = self.nodes[(key, last)], self.nodes[(key, first)]
                rows = []
                for i in range(out.shape[0]):
                    seed = np.zeros(out.shape)
                    seed[i, 0] = 1.0
                    g = ad.backward(out, seed).get(inp)
                    rows.append(np.zeros(inp.shape[0]) if g is None else g[:, 0])
                self._jacobians[memo] = np.array(rows)
        return self._jacobians[memo]

    def _cell_path(self, last: int, first: int):
        """∂c_last/∂c_first with the gates (and so hₜ₋₁) held fixed: only cₜ = fₜ ⊙ cₜ₋₁ + iₜ ⊙ gₜ is differentiated."""
        start = ad.Var(self.value("c", first))
        c = start
        for j in range(first + 1, last + 1):
            c = ad.add(ad.mul(ad.const(self.value("f", j)), c), ad.const(self.value("i", j) * self.value("g", j)))
        rows = []
        for i in range(c.shape[0]):
            seed = np.zeros(c.shape)
            seed[i, 0] = 1.0
            g = ad.backward(c, seed).get(start)
            rows.append(g[:, 0])
        return np.array(rows)

    # -- building ----------------------------------------------------------------

    def _param(self, key: str, rows: int, cols: int, scale: float = 0.6):
        v = ad.Var(self.rng.normal(0.0, scale, (rows, cols)))
        self.params[key] = v
        return v

    def _put(self, key: str, t: int, var):
        self.nodes[(key, t)] = var
        return var

    def _inputs(self):
        for t in range(1, self.T + 1):
            self._put("x", t, ad.Var(self.rng.normal(0.0, 1.0, (self.X, 1))))
        self._put("h", 0, ad.Var(self.rng.normal(0.0, 0.5, (self.H, 1))))

    def _cross_entropy(self, logits, t: int):
        """ℓ = −Σᵢ yᵢ log softmax(logits)ᵢ for a random one-hot y, built from exp, sum, division and log."""
        target = np.zeros(logits.shape)
        target[int(self.rng.integers(0, logits.shape[0])), 0] = 1.0
        self._put("onehot", t, ad.const(target))
        e = ad.exp(logits)
        p = ad.divide(e, ad.total(e))
        self._put("yhat", t, p)
        return ad.total(ad.mul(ad.const(-target), ad.log(p)))

    def _readout(self, h, t: int):
        y = self._put("y", t, ad.add(ad.matmul(self.params["W_hy"], h), self.params["b_y"]))
        return self._cross_entropy(y, t)

    def _sum_losses(self, losses):
        total = losses[0]
        for item in losses[1:]:
            total = ad.add(total, item)
        self.loss = total

    def _rnn(self):
        H, X, Y = self.H, self.X, self.Y
        self._inputs()
        W_xh, W_hh, b_h = self._param("W_xh", H, X), self._param("W_hh", H, H), self._param("b_h", H, 1)
        self._param("W_hy", Y, H)
        self._param("b_y", Y, 1)
        losses = []
        for t in range(1, self.T + 1):
            a = self._put("a", t, ad.add(ad.add(ad.matmul(W_xh, self.nodes[("x", t)]), ad.matmul(W_hh, self.nodes[("h", t - 1)])), b_h))
            h = self._put("h", t, ad.tanh(a))
            losses.append(self._readout(h, t))
        self._sum_losses(losses)

    def _lstm(self):
        H, X, Y = self.H, self.X, self.Y
        self._inputs()
        self._put("c", 0, ad.Var(self.rng.normal(0.0, 0.5, (H, 1))))
        gates = {"f": ad.sigmoid, "i": ad.sigmoid, "g": ad.tanh, "o": ad.sigmoid}
        for k in gates:
            self._param(f"W_{k}", H, H + X)
            self._param(f"b_{k}", H, 1)
        self._param("W_hy", Y, H)
        self._param("b_y", Y, 1)
        losses = []
        for t in range(1, self.T + 1):
            both = ad.concat([self.nodes[("h", t - 1)], self.nodes[("x", t)]])
            for k, act in gates.items():
                a = self._put("a" + k, t, ad.add(ad.matmul(self.params[f"W_{k}"], both), self.params[f"b_{k}"]))
                self._put(k, t, act(a))
            n = self.nodes
            c = self._put("c", t, ad.add(ad.mul(n[("f", t)], n[("c", t - 1)]), ad.mul(n[("i", t)], n[("g", t)])))
            h = self._put("h", t, ad.mul(n[("o", t)], ad.tanh(c)))
            losses.append(self._readout(h, t))
        self._sum_losses(losses)

    def _gru(self):
        H, X, Y = self.H, self.X, self.Y
        self._inputs()
        for k in ("r", "z", "n"):
            self._param(f"W_i{k}", H, X)
            self._param(f"W_h{k}", H, H)
            self._param(f"b_i{k}", H, 1)
            self._param(f"b_h{k}", H, 1)
        self._param("W_hy", Y, H)
        self._param("b_y", Y, 1)
        p = self.params
        losses = []
        for t in range(1, self.T + 1):
            x, h = self.nodes[("x", t)], self.nodes[("h", t - 1)]

            def pre(k, hidden=None):
                inner = ad.add(ad.matmul(p[f"W_h{k}"], h), p[f"b_h{k}"])
                return ad.add(ad.add(ad.matmul(p[f"W_i{k}"], x), p[f"b_i{k}"]), inner if hidden is None else hidden(inner))

            r = self._put("r", t, ad.sigmoid(pre("r")))
            z = self._put("z", t, ad.sigmoid(pre("z")))
            n = self._put("n", t, ad.tanh(pre("n", lambda inner: ad.mul(r, inner))))
            direct = self._put("h_direct", t, ad.same(h))
            new = self._put("h", t, ad.add(ad.mul(ad.one_minus(z), n), ad.mul(z, direct)))
            losses.append(self._readout(new, t))
        self._sum_losses(losses)

    def _softmax(self):
        self.T = 1
        o = self._put("o", 1, ad.Var(self.rng.normal(0.0, 1.0, (self.Y, 1))))
        self.loss = self._cross_entropy(o, 1)
        self.nodes[("y", 1)] = self.nodes[("onehot", 1)]


# ---------------------------------------------------------------- one backward step, for explain


def backward_step(kind: str, p: dict, x, h, c=None, dh=None, dc=None, reset: str = "after", update: str = "keep") -> dict:
    """One cell step (the layout of :mod:`tutor.numeric.cells`) differentiated on the tape.

    The upstream gradients arrive as in the middle of a sequence: ``dh`` at hₜ
    (from the output and from step t + 1) and, for the LSTM, ``dc`` at cₜ from
    step t + 1 (δcₜ₊₁ ⊙ fₜ₊₁). The loss is their inner product with hₜ (and cₜ),
    so the tape's gradients are exactly those of a backward step. Returns
    ``{name: 1-D gradient}`` for every intermediate (δa_f, δf, δc, …) and for
    the step's inputs (h_prev, c_prev, x).
    """
    def col(v):
        return np.asarray(v, dtype=float).reshape(-1, 1)

    P = {k: ad.Var(v if np.ndim(v) == 2 else col(v)) for k, v in p.items()}
    xv, hv = ad.Var(col(x)), ad.Var(col(h))
    nodes = {"x": xv, "h_prev": hv}

    def pre(g, hidden=None):
        return ad.add(ad.add(ad.matmul(P[f"W_x{g}"], xv), ad.matmul(P[f"W_h{g}"], hidden or hv)), P[f"b_{g}"])

    if kind == "rnn":
        nodes["a"] = pre("h")
        nodes["h"] = ad.tanh(nodes["a"])
        loss = ad.total(ad.mul(ad.const(col(dh)), nodes["h"]))
    elif kind == "lstm":
        cv = nodes["c_prev"] = ad.Var(col(c))
        for g in ("f", "i", "g", "o"):
            nodes[f"a_{g}"] = pre(g)
            nodes[g] = (ad.tanh if g == "g" else ad.sigmoid)(nodes[f"a_{g}"])
        nodes["c"] = ad.add(ad.mul(nodes["f"], cv), ad.mul(nodes["i"], nodes["g"]))
        nodes["h"] = ad.mul(nodes["o"], ad.tanh(nodes["c"]))
        loss = ad.add(ad.total(ad.mul(ad.const(col(dh)), nodes["h"])), ad.total(ad.mul(ad.const(col(dc)), nodes["c"])))
    elif kind == "gru":
        for g in ("r", "z"):
            nodes[f"a_{g}"] = pre(g)
            nodes[g] = ad.sigmoid(nodes[f"a_{g}"])
        r, z = nodes["r"], nodes["z"]
        if reset == "after":
            inner = ad.add(ad.matmul(P["W_hn"], hv), P["b_hn"])
            nodes["a_n"] = ad.add(ad.add(ad.matmul(P["W_xn"], xv), P["b_xn"]), ad.mul(r, inner))
        else:
            nodes["a_n"] = ad.add(ad.add(ad.add(ad.matmul(P["W_xn"], xv), ad.matmul(P["W_hn"], ad.mul(r, hv))), P["b_xn"]), P["b_hn"])
        nodes["n"] = ad.tanh(nodes["a_n"])
        keep, take = (z, ad.one_minus(z)) if update == "keep" else (ad.one_minus(z), z)
        nodes["h"] = ad.add(ad.mul(take, nodes["n"]), ad.mul(keep, hv))
        loss = ad.total(ad.mul(ad.const(col(dh)), nodes["h"]))
    else:
        raise ValueError(f"unknown cell {kind!r}")
    grads = ad.backward(loss)
    out = {name: grads.get(node, np.zeros(node.shape))[:, 0] for name, node in nodes.items()}
    out["dh_in"] = col(dh)[:, 0]
    if dc is not None:
        out["dc_in"] = col(dc)[:, 0]
    return out
