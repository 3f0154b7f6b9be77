"""A gradient line evaluated on the arrays of a recorded forward pass.

A backward equation (``δcₜ = δhₜ ⊙ oₜ ⊙ (1 − tanh²(cₜ)) + δcₜ₊₁ ⊙ fₜ₊₁``) mixes
vectors, matrices, transposes, outer products, sums over time and ordered
products of Jacobians. Slots cannot hold that, so a gradient line is not
lowered to SymPy: it is evaluated on the actual arrays of a
:class:`~tutor.numeric.backprop.Trace`, at chosen steps, and compared with
what automatic differentiation says. Shapes come first, from real sizes that
differ (H ≠ X ≠ Y), so a transposed outer product or a matrix applied to the
wrong vector is a shape fact before it is a numeric one.

Names carry their step in the subscript (``h_{t-1}``, ``f_{t+1}``, ``h_j``,
``h_T``); the step variables are bound by the check (t, T, k) or by a big
operator (Σ_t, ∏_j). Vectors are columns; ``vᵀ`` is a row; a column times a
row is an outer product; two columns side by side multiply elementwise, as
everywhere in the answer language.
"""

from __future__ import annotations

import re

import numpy as np

from ..base.language import _
from ..notation import BigOp, BinOp, Call, Concat, Name, Neg, Norm, Num, ParseError, Transpose

ALIASES = {
    "lstm": {"f": "f", "i": "i", "o": "o", "g": "g", "c~": "g", "C~": "g", "c^": "g", "C^": "g", "C": "c"},
    "gru": {"r": "r", "z": "z", "u": "z", "n": "n", "h~": "n", "h^": "n"},
    "rnn": {"a": "a"},
    "softmax": {"o": "o", "y": "y", "y^": "yhat", "p": "yhat"},  # p: the predicted probabilities (CS231n)
}
COMMON = {"x": "x", "h": "h", "c": "c", "y": "y", "y^": "yhat", "H": "h", "X": "x"}
STEP = re.compile(r"^([a-zA-Z])(?:([+-])(\d+))?$")
JACOBIAN = re.compile(r"∂([a-z])_([A-Za-z](?:[+-]\d+)?|\d+)/∂\1")  # a Name's base: ∂h_t/∂h, its sub the step below
FUNCS = {
    "sigmoid": lambda a: 1.0 / (1.0 + np.exp(-a)), "tanh": np.tanh, "exp": np.exp, "log": np.log,
    "sech": lambda a: 1.0 / np.cosh(a), "cosh": np.cosh, "sinh": np.sinh, "sqrt": np.sqrt, "abs": np.abs,
    "relu": lambda a: np.maximum(a, 0.0),
    "sigmoid'": lambda a: FUNCS["sigmoid"](a) * (1.0 - FUNCS["sigmoid"](a)), "tanh'": lambda a: 1.0 - np.tanh(a) ** 2,
}


MAX_WORK = 20_000  # node evaluations per line and point: nested sums multiply


class ArrayShapeError(ParseError):
    """Operands whose shapes clash, found on real arrays."""


class FreeIndex(ParseError):
    """A step index that nothing binds (h_t in a sum-free ∂L/∂W)."""

    def __init__(self, message, span, source, index):
        super().__init__(message, span, source)
        self.index = index


class Quantity:
    """What a name denotes in a model: ``key`` (h, c, f, W_hh, yhat…), gradient or value, and its step."""

    __slots__ = ("key", "grad", "var", "offset", "param")

    def __init__(self, key, grad=False, var=None, offset=0, param=False):
        self.key, self.grad, self.var, self.offset, self.param = key, grad, var, offset, param

    @property
    def spelled(self) -> str:
        return ("δ" if self.grad else "") + self.key


def quantity(name: Name, model: str, keys: set) -> Quantity | None:
    """What ``name`` means in ``model`` (None when it means nothing there)."""
    base, grad = name.base, False
    if base.startswith("∂"):  # ∂ℓ_t/∂y_t: the loss at t reaches y_t only, so it is δyₜ
        m = re.fullmatch(r"∂(?:ℓ|l)(?:_(\w+))?/∂(\w+)", base)
        if m and model == "softmax" and m.group(1) is None and m.group(2) in ("o", "y"):
            base, grad = m.group(2), True  # ∂ℓ/∂o, ∂ℓ/∂o_i (one component): the one loss's gradient
        elif not m or m.group(1) != (name.sub or None) or m.group(2) != "y" or model == "softmax":
            return None
        else:
            base, grad = "y", True
    elif base.startswith("δ") and len(base) > 1:
        base, grad = base[1:], True
    if base[0] in "WUVb" and (len(base) > 1 or name.sub):
        key = base + ("_" + name.sub if name.sub else "")
        if key not in keys and not name.sub and "_" not in base:  # code's Whh, Wxh, bh (Karpathy): W_hh, W_xh, b_h
            key = base[0] + "_" + base[1:]
        return Quantity(key, grad, param=True) if key in keys and not name.primes else None
    deco = {"tilde": "~", "hat": "^"}.get(name.deco, "")
    sub = name.sub.replace(" ", "")
    if model == "lstm" and not deco and not grad and base in ("da", "dz"):  # code: da_f
        base, grad = base[1:], True
    gate = re.fullmatch(r"([fiog]),?(.*)", sub) if model == "lstm" and base in ("a", "z") and not deco else None
    if gate and "a" + gate.group(1) in keys and not name.primes:  # a gate's pre-activation: a_f, a_{f,t}, z_{i,t-1}
        return _at_step(Quantity("a" + gate.group(1), grad), gate.group(2) or "t")
    key = ALIASES.get(model, {}).get(base + deco) or COMMON.get(base + deco)
    if key is None and not grad and len(base) > 1 and base[0] == "d":  # code: dh, do, dc (bare, this step)
        key = ALIASES.get(model, {}).get(base[1:] + deco) or COMMON.get(base[1:] + deco)
        grad = key is not None
    if key is None or key not in keys or name.primes:
        return None
    if model == "softmax":  # one step; a component index (ŷ_i − y_i) states the vector's every component
        return Quantity(key, grad, None, 1) if not sub or sub in ("i", "j", "k") else None
    return _at_step(Quantity(key, grad), sub or "t")  # backprop code writes the current step bare: dh, c, o


def _at_step(q: Quantity, sub: str) -> Quantity | None:
    """``q`` at the step its subscript names (t-1, prev, next, 3), or None for a subscript that is no step."""
    if sub in ("prev", "tm1"):
        sub = "t-1"
    elif sub == "next":
        sub = "t+1"
    if sub.isdigit():
        return Quantity(q.key, q.grad, None, int(sub))
    m = STEP.match(sub)
    if not m:
        return None
    offset = int(m.group(3) or 0) * (-1 if m.group(2) == "-" else 1)
    return Quantity(q.key, q.grad, m.group(1), offset)


def describe(shape: tuple, sizes: dict) -> str:
    """``a vector of size H``, ``an H×X matrix``: shapes named by the model's sizes."""
    names = {v: k for k, v in sizes.items()}
    names.update({sizes["H"] + sizes["X"]: "(H+X)"} if "X" in sizes else {})

    def n(k):
        return names.get(k, str(k))

    if len(shape) == 0 or shape == (1, 1):
        return _("a scalar")
    rows, cols = shape
    if cols == 1:
        return _("a vector of size {size}").format(size=n(rows).strip("()"))
    if rows == 1:
        return _("a row vector of size {size} (a transposed vector)").format(size=n(cols).strip("()"))
    return _("an {rows}×{cols} matrix").format(rows=n(rows), cols=n(cols))


class Evaluator:
    """Evaluates one answer's expressions on a trace, at the steps given in ``env`` (t, T, k)."""

    def __init__(self, trace, source: str, env: dict, vocabulary=None, forbidden: tuple | None = None,
                 jacobians: dict | None = None):
        self.trace = trace
        # a one-step Jacobian by name (∂h_t/∂h_{t-1}) in a link between: the trace key of each state letter
        self.jacobians = jacobians
        self.src = source
        self.env = dict(env)
        self.keys = trace.keys()
        self.vocabulary = vocabulary  # quantity keys (with δ) allowed, or None for any
        self.forbidden = forbidden  # (key, grad, var, offset) of the target itself, which must not appear
        self.work = 0
        self.ops: dict = {}  # (start, end) -> "hadamard" | "matmul": how each product was read, for the echo

    def clash(self, msg: str, node) -> ArrayShapeError:
        return ArrayShapeError(msg, node.span, self.src)

    def shown(self, node) -> str:
        text = self.src[node.span.start : node.span.end].strip()
        return text if len(text) <= 40 else text[:37] + "…"

    def size(self, value, node=None) -> str:
        return describe(np.shape(value) if np.ndim(value) else (), self.trace.sizes)

    # -- leaves ------------------------------------------------------------------

    def name(self, node: Name):
        if node.base in ("I",) and not node.sub:
            return np.eye(self.trace.H)
        if node.base == "e" and not node.sub:
            return np.e
        jacobian = JACOBIAN.fullmatch(node.base) if node.sub else None
        if jacobian and jacobian.group(1) in ("h", "c") and jacobian.group(1) in self.keys:
            if self.jacobians is None:
                raise ParseError(_("{name} is a Jacobian still to be worked out: the result must write it in the "
                                   "quantities of the network").format(name=node.raw), node.span, self.src)
            last, first = self._step(jacobian.group(2), node), self._step(node.sub, node)
            if min(last, first) < 0:
                raise ParseError(_("{name} is before the first step").format(name=node.raw), node.span, self.src)
            if last < first or last > self.trace.T:  # a later state does not move an earlier one; past T, no step
                return np.zeros((self.trace.H, self.trace.H))
            return self.trace.jacobian(self.jacobians[jacobian.group(1)], last, first)
        q = quantity(node, self.trace.model, self.keys)
        if q is None:
            raise ParseError(_("{name} is not a quantity of this network").format(name=node.raw), node.span, self.src)
        if self.forbidden is not None and (q.key, q.grad, q.var, q.offset) == self.forbidden:
            raise ParseError(_("{name} is what is asked; the answer must give it in other terms").format(name=node.raw),
                             node.span, self.src)
        if self.vocabulary is not None and (not q.param or q.grad) and q.spelled not in self.vocabulary:
            raise OutOfTerms(node.raw, node.span, self.src)
        if q.param:
            out = self.trace.grad(q.key) if q.grad else self.trace.value(q.key)
            return out
        if q.var is None:
            step = q.offset
        else:
            if q.var not in self.env:
                raise FreeIndex(_("the step {step} of {name} is free here").format(step=q.var, name=node.raw), node.span, self.src,
                                q.var)
            step = self.env[q.var] + q.offset
        if step < 0:
            raise ParseError(_("{name} is before the first step").format(name=node.raw), node.span, self.src)
        return self.trace.grad(q.key, step) if q.grad else self.trace.value(q.key, step)

    def _step(self, text: str, node) -> int:
        """The step a subscript names (t-1, j, T, 3), with the step variables bound here."""
        text = text.replace(" ", "")
        if text.isdigit():
            return int(text)
        m = STEP.match(text)
        if not m:
            raise ParseError(_("{name} is not a quantity of this network").format(name=node.raw), node.span, self.src)
        if m.group(1) not in self.env:
            raise FreeIndex(_("the step {step} of {name} is free here").format(step=m.group(1), name=node.raw), node.span,
                            self.src, m.group(1))
        return self.env[m.group(1)] + int(m.group(3) or 0) * (-1 if m.group(2) == "-" else 1)

    # -- walking -----------------------------------------------------------------

    def value(self, node):
        self.work += 1
        if self.work > MAX_WORK:
            raise self.clash(_("this expression takes too many steps to evaluate (nested sums or products)"), node)
        if isinstance(node, Num):
            if "." in node.text and len(node.text.split(".")[1]) > 6:
                raise self.clash(_("a number with more than 6 decimals is not expected in a gradient"), node)
            return float(node.text)
        if isinstance(node, Name):
            return self.name(node)
        if isinstance(node, Neg):
            return -self.value(node.operand)
        if isinstance(node, Transpose):
            v = self.value(node.operand)
            return v.T if np.ndim(v) else v
        if isinstance(node, BinOp):
            return self.binop(node)
        if isinstance(node, Call):
            return self.call(node)
        if isinstance(node, Concat):
            parts = [self.value(i) for i in node.items]
            for item, p in zip(node.items, parts):
                if np.ndim(p) != 2 or p.shape[1] != 1:
                    raise self.clash(_("{item} in a concatenation is {size}; only vectors stack").format(
                        item=self.shown(item), size=self.size(p)), item)
            return np.vstack(parts)
        if isinstance(node, Norm):
            return float(np.linalg.norm(self.value(node.operand)))
        if isinstance(node, BigOp):
            return self.bigop(node)
        raise self.clash(_("this is not understood in a gradient"), node)

    def binop(self, node: BinOp):
        a, b = self.value(node.left), self.value(node.right)
        op = node.op
        sa, sb = np.ndim(a) == 0, np.ndim(b) == 0
        if op == "^":
            if not sb:
                raise self.clash(_("an exponent must be a number"), node.right)
            if abs(b) > 16:
                raise self.clash(_("exponent too large (the limit is {limit})").format(limit=16), node.right)
            if not sa and a.shape[1] != 1:
                raise self.clash(_("powers of {size} are not taken elementwise here; square a vector").format(size=self.size(a)), node)
            return a**b
        if op in ("+", "-"):
            if not sa and not sb and a.shape != b.shape:
                message = (_("cannot add {left} ({left_size}) and {right} ({right_size})") if op == "+"
                           else _("cannot subtract {left} ({left_size}) and {right} ({right_size})"))
                raise self.clash(message.format(left=self.shown(node.left), left_size=self.size(a),
                                                right=self.shown(node.right), right_size=self.size(b)), node)
            for v, side in ((a, node.left), (b, node.right)):
                if np.ndim(v) and v.shape[1] != 1 and (sa or sb):
                    raise self.clash(_("a number plus {size} ({operand}) is not defined").format(
                        size=self.size(v), operand=self.shown(side)), node)
            return a + b if op == "+" else a - b
        if op == "/":
            if not sb and (sa or a.shape != b.shape or b.shape[1] != 1):
                raise self.clash(_("cannot divide {left} by {right} ({right_size})").format(
                    left=self.shown(node.left), right=self.shown(node.right), right_size=self.size(b)), node)
            return a / b
        if sa or sb:
            return a * b
        where = (node.span.start, node.span.end)
        if op == "⊙":
            if a.shape != b.shape:
                raise self.clash(_("⊙ needs equal shapes: {left} is {left_size}, {right} is {right_size}").format(
                    left=self.shown(node.left), left_size=self.size(a), right=self.shown(node.right),
                    right_size=self.size(b)), node)
            self.ops[where] = "hadamard"
            return a * b
        if a.shape == b.shape and a.shape[1] == 1 and op != "@":
            self.ops[where] = "hadamard"
            return a * b  # two vectors side by side: elementwise
        self.ops[where] = "matmul"
        if a.shape[1] != b.shape[0]:
            raise self.clash(_("{left} ({left_size}) and {right} ({right_size}) do not fit in a matrix product").format(
                left=self.shown(node.left), left_size=self.size(a), right=self.shown(node.right),
                right_size=self.size(b)), node)
        return a @ b

    def call(self, node: Call):
        f = node.func
        if f in ("dot", "outer") and len(node.args) == 2:  # np.dot(W.T, dh), np.outer(da, h_prev)
            a, b = (self.value(arg) for arg in node.args)
            if np.ndim(a) != 2 or np.ndim(b) != 2:
                raise self.clash(_("{function} takes two vectors or matrices").format(function=f), node)
            b = b.T if f == "outer" else b
            if f == "outer" and (a.shape[1] != 1 or b.shape[0] != 1):
                raise self.clash(_("outer takes two vectors"), node)
            if a.shape[1] != b.shape[0]:
                raise self.clash(_("the operands of {function} do not fit").format(function=f), node)
            return a @ b
        if f in ("concat",):
            items = node.args[0].items if len(node.args) == 1 and isinstance(node.args[0], Concat) else node.args
            return self.value(Concat(node.span, items))
        if len(node.args) != 1:
            raise self.clash(_("{function} takes one argument").format(function=f), node)
        v = self.value(node.args[0])
        if f == "diag":
            if np.ndim(v) != 2 or v.shape[1] != 1:
                raise self.clash(_("diag takes a vector, not {size}").format(size=self.size(v)), node)
            out = np.diagflat(v)
        elif f == "norm":
            out = float(np.linalg.norm(v))
        elif f == "softmax":
            e = np.exp(v - np.max(v))
            out = e / e.sum()
        elif f in FUNCS:
            if np.ndim(v) and v.shape[1] != 1:
                raise self.clash(_("{function} applies elementwise to vectors, but {argument} is {size}").format(
                    function=f.rstrip(chr(39)), argument=self.shown(node.args[0]), size=self.size(v)), node)
            with np.errstate(all="ignore"):
                out = FUNCS[f](v)
        else:
            raise self.clash(_("{function} is not understood in a gradient").format(function=f), node)
        if node.power is not None:
            p = self.value(node.power)
            if np.ndim(p) or (np.ndim(out) == 2 and out.shape[1] != 1 and out.shape[0] != out.shape[1]):
                raise self.clash(_("an exponent must be a number"), node.power)
            if np.ndim(out) == 2 and out.shape[1] != 1:
                if float(p) != int(p) or not 0 <= p <= 16:
                    raise self.clash(_("a matrix power must be a whole number from 0 to 16"), node.power)
                out = np.linalg.matrix_power(out, int(p))
            else:
                out = out**p
        return out

    def bound(self, text, default, node) -> int:
        if text is None:
            return default
        m = STEP.match(text) if not text.isdigit() else None
        if text.isdigit():
            return int(text)
        if not m or m.group(1) not in self.env:
            raise self.clash(_("the bound {bound} is not understood here").format(bound=text), node)
        return self.env[m.group(1)] + int(m.group(3) or 0) * (-1 if m.group(2) == "-" else 1)

    def bigop(self, node: BigOp):
        index = node.index or ("t" if node.op == "sum" else "j")
        lo = self.bound(node.lower, 1, node)
        hi = self.bound(node.upper, self.trace.T, node)
        if hi - lo > 64:
            raise self.clash(_("too many terms"), node)
        saved = self.env.get(index)
        terms = []
        try:
            for step in range(lo, hi + 1):
                self.env[index] = step
                terms.append(self.value(node.operand))
        finally:
            if saved is None:
                self.env.pop(index, None)
            else:
                self.env[index] = saved
        if not terms:
            raise self.clash(_("this sum or product has no terms"), node)
        if node.op == "sum":
            for term in terms[1:]:
                if np.shape(term) != np.shape(terms[0]):
                    raise self.clash(_("the terms of the sum have different shapes"), node)
            return sum(terms[1:], terms[0])
        out = terms[-1]  # ∏_{j=lo}^{hi} M_j = M_hi ⋯ M_lo: later steps on the left
        for term in reversed(terms[:-1]):
            if np.ndim(out) == 2 and np.ndim(term) == 2 and out.shape[1] == 1 and term.shape == out.shape:
                out = out * term  # a product of vectors is elementwise
            elif np.ndim(out) == 2 and np.ndim(term) == 2:
                if out.shape[1] != term.shape[0]:
                    raise self.clash(_("the factors of the product do not fit"), node)
                out = out @ term
            else:
                out = out * term
        return out


class OutOfTerms(ParseError):
    """A quantity outside what the answer is asked to be written in."""

    def __init__(self, raw, span, source):
        super().__init__(_("{name} is not among the quantities this answer is to be written with").format(name=raw), span, source)
        self.raw = raw
