"""Reverse-mode automatic differentiation over NumPy arrays: the truth a backward pass is checked against.

A learner's backward equation is decided by comparing its value with the
gradient that automatic differentiation gets from the *forward* equations
alone, so nothing hand-derived stands between the forward cell and the
verdict. The tape is deliberately small: the operations the forward cells
and their losses use (sums, ⊙, matrix products, σ, tanh, exp, log,
concatenation, a sum to a scalar and a division by one), each with its
vector–Jacobian product. Vectors are NumPy columns ``(n, 1)``.

Example:
    >>> import numpy as np
    >>> x = Var(np.array([[0.5]]))
    >>> y = tanh(x)
    >>> g = backward(y)
    >>> round(float(g[x][0, 0]), 6) == round(1 - float(np.tanh(0.5)) ** 2, 6)
    True
"""

from __future__ import annotations

import numpy as np


class Var:
    """A value on the tape: its array and, for each input, the input with its vector–Jacobian product."""

    __slots__ = ("value", "parents", "__weakref__")

    def __init__(self, value, parents: tuple = ()):
        self.value = np.asarray(value, dtype=float)
        self.parents = parents  # ((Var, g -> contribution to that Var's gradient), ...)

    @property
    def shape(self):
        return self.value.shape


def const(value) -> Var:
    return Var(value)


def add(a: Var, b: Var) -> Var:
    return Var(a.value + b.value, ((a, lambda g: g), (b, lambda g: g)))


def sub(a: Var, b: Var) -> Var:
    return Var(a.value - b.value, ((a, lambda g: g), (b, lambda g: -g)))


def mul(a: Var, b: Var) -> Var:
    """Elementwise product (⊙)."""
    return Var(a.value * b.value, ((a, lambda g: g * b.value), (b, lambda g: g * a.value)))


def one_minus(a: Var) -> Var:
    return Var(1.0 - a.value, ((a, lambda g: -g),))


def matmul(a: Var, b: Var) -> Var:
    return Var(a.value @ b.value, ((a, lambda g: g @ b.value.T), (b, lambda g: a.value.T @ g)))


def sigmoid(a: Var) -> Var:
    s = 1.0 / (1.0 + np.exp(-a.value))
    return Var(s, ((a, lambda g: g * s * (1.0 - s)),))


def tanh(a: Var) -> Var:
    t = np.tanh(a.value)
    return Var(t, ((a, lambda g: g * (1.0 - t * t)),))


def exp(a: Var) -> Var:
    e = np.exp(a.value)
    return Var(e, ((a, lambda g: g * e),))


def log(a: Var) -> Var:
    return Var(np.log(a.value), ((a, lambda g: g / a.value),))


def total(a: Var) -> Var:
    """The sum of all entries, as a 1×1 value."""
    return Var(np.array([[a.value.sum()]]), ((a, lambda g: np.full(a.shape, g[0, 0])),))


def divide(a: Var, s: Var) -> Var:
    """Every entry of ``a`` divided by the 1×1 value ``s``."""
    k = s.value[0, 0]
    return Var(a.value / k, ((a, lambda g: g / k), (s, lambda g: np.array([[-(g * a.value).sum() / k**2]]))))


def concat(parts: list) -> Var:
    """Stack column vectors: ``[h; x]``."""
    sizes = [p.shape[0] for p in parts]
    starts = np.cumsum([0] + sizes)
    parents = tuple((p, (lambda g, lo=lo, hi=hi: g[lo:hi])) for p, lo, hi in zip(parts, starts[:-1], starts[1:]))
    return Var(np.vstack([p.value for p in parts]), parents)


def same(a: Var) -> Var:
    """The same value as a new node: gives one use of ``a`` its own gradient (one path of several)."""
    return Var(a.value.copy(), ((a, lambda g: g),))


def backward(output: Var, seed=None) -> dict:
    """Gradients of ``output`` (seeded with ``seed``, ones by default) with respect to every Var it depends on."""
    order: list = []
    seen: set = set()
    stack = [(output, False)]
    while stack:  # iterative post-order: tapes of long sequences are deep
        node, done = stack.pop()
        if done:
            order.append(node)
            continue
        if id(node) in seen:
            continue
        seen.add(id(node))
        stack.append((node, True))
        for parent, _ in node.parents:
            if id(parent) not in seen:
                stack.append((parent, False))
    grads = {output: np.ones(output.shape) if seed is None else np.asarray(seed, dtype=float)}
    for node in reversed(order):
        g = grads.get(node)
        if g is None:
            continue
        for parent, vjp in node.parents:
            contribution = vjp(g)
            grads[parent] = grads[parent] + contribution if parent in grads else contribution
    return grads
