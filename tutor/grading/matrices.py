"""Lowering onto explicit matrices, for answers that are matrices (``rnn.jacobian``).

Slots make cells elementwise, but a Jacobian is a matrix in which the order of
products matters, so these answers are lowered onto small explicit SymPy
matrices of symbols instead (H = 2, X = 3: different sizes, so a shape slip
still shows). Names are fixed by the prompt and nothing is renamed.
"""

from __future__ import annotations

import sympy
from sympy import Symbol

from ..base.language import _
from ..notation import BinOp, Call, Concat, Neg, Transpose
from .semantics import ELEMENTWISE, GROWING, MAX_EXPONENT, Lowerer, Value, _source, size_text
from .derivatives import DERIVATIVES
from ..notation.symbols import Meaning, Scope

EXPLICIT_SIZES = {"H": 2, "X": 3}


class ExplicitLowerer(Lowerer):
    """Lowering onto explicit SymPy matrices, for answers that are matrices.

    Vectors are columns of symbols, parameters matrices of symbols; names are
    fixed by the prompt, so nothing is renamed. Products keep their order.
    """

    def __init__(self, scope: Scope, source: str):
        super().__init__(scope, source)
        self.cache: dict = {}

    def dims(self, size) -> int:
        if size is None:
            return EXPLICIT_SIZES["H"]
        return sum(EXPLICIT_SIZES[s] for s in str(size).split("+"))

    def symbol_for(self, m: Meaning) -> Value:
        if m.kind == "const":
            return Value(("s",), sympy.E)
        if m.shape[0] == "s":
            return Value(("s",), Symbol(m.key, positive=True))
        if m.kind == "identity":
            return Value(("m", "H", "H"), sympy.eye(EXPLICIT_SIZES["H"]))
        if m.key not in self.cache:
            if m.shape[0] == "v":
                n = self.dims(m.shape[1])
                self.cache[m.key] = sympy.Matrix(n, 1, lambda i, j: Symbol(f"{m.key}_{i}", real=True))
            else:
                r, c = self.dims(m.shape[1]), self.dims(m.shape[2])
                self.cache[m.key] = sympy.Matrix(r, c, lambda i, j: Symbol(f"{m.key}_{i}{j}", real=True))
        return Value(m.shape, self.cache[m.key])

    def binop(self, node: BinOp) -> Value:
        op = node.op
        a = self.lower(node.left)
        b = self.lower(node.right)
        la, lb = _source(node.left, self.src), _source(node.right, self.src)
        sa, sb = a.shape[0], b.shape[0]
        if op == "^":
            if sa == "s" and sb == "s":
                return super().power(a, b, node)
            if sb != "s" or not b.expr.is_Integer or abs(b.expr) > MAX_EXPONENT:
                raise self.clash(_("an exponent must be a small whole number"), node.right)
            if sa == "v":
                return Value(a.shape, a.expr.applyfunc(lambda e: e ** b.expr))
            if a.expr.shape[0] != a.expr.shape[1]:
                raise self.clash(_("{matrix} is not square, so it has no power").format(matrix=la), node)
            return Value(a.shape, a.expr ** int(b.expr))
        if op in ("+", "-"):
            if sa == "s" and sb == "s":
                return Value(("s",), a.expr + b.expr if op == "+" else a.expr - b.expr)
            if sa != sb and "m" in (sa, sb):
                message = (_("cannot add {left} ({left_size}) and {right} ({right_size})") if op == "+"
                           else _("cannot subtract {left} ({left_size}) and {right} ({right_size})"))
                raise self.clash(message.format(left=la, left_size=size_text(a.shape), right=lb,
                                                right_size=size_text(b.shape)), node)
            if sa == "s" or sb == "s":  # a number broadcast over a vector
                vec, sc = (b, a) if sa == "s" else (a, b)
                ones = sympy.ones(*vec.expr.shape)
                ea = a.expr if sa != "s" else ones * a.expr
                eb = b.expr if sb != "s" else ones * b.expr
                return Value(vec.shape, ea + eb if op == "+" else ea - eb)
            if a.expr.shape != b.expr.shape:
                message = (_("cannot add {left} and {right}: their sizes differ") if op == "+"
                           else _("cannot subtract {left} and {right}: their sizes differ"))
                raise self.clash(message.format(left=la, right=lb), node)
            return Value(a.shape, a.expr + b.expr if op == "+" else a.expr - b.expr)
        if op == "/":
            if sb == "s":
                return Value(a.shape, a.expr / b.expr)
            if sa != "m" and sb == "v" and (sa == "s" or a.expr.shape == b.expr.shape):
                if sa == "s":
                    return Value(b.shape, b.expr.applyfunc(lambda e: a.expr / e))
                return Value(a.shape, a.expr.multiply_elementwise(b.expr.applyfunc(lambda e: 1 / e)))
            raise self.clash(_("cannot divide {left} by {right}").format(left=la, right=lb), node)
        if sa == "s" or sb == "s":
            return Value(b.shape if sa == "s" else a.shape, a.expr * b.expr)
        if op == "⊙" or (op in ("*", "juxt") and sa == "v" and sb == "v"):
            if sa == "m" or sb == "m":
                which = la if sa == "m" else lb
                raise self.clash(_("⊙ is an elementwise product, but {operand} is a matrix").format(operand=which), node)
            if a.expr.shape != b.expr.shape:
                raise self.clash(_("an elementwise product of {left} (size {left_size}) and {right} (size {right_size})").format(
                    left=la, left_size=a.shape[1], right=lb, right_size=b.shape[1]), node)
            self.ops[(node.span.start, node.span.end)] = "hadamard"
            return Value(a.shape, a.expr.multiply_elementwise(b.expr))
        if sa == "v" and sb == "v":
            raise self.clash(_("a matrix product of two vectors: {left} and {right} are both vectors").format(left=la, right=lb), node)
        self.ops[(node.span.start, node.span.end)] = "matmul"
        if sa == "v" and sb == "m":  # row-vector use: xᵀ W
            left = a.expr.T
            if left.shape[1] != b.expr.shape[0]:
                raise self.clash(_("{left} (size {left_size}) does not fit the rows of {right}").format(
                    left=la, left_size=a.shape[1], right=lb), node)
            return Value(("row", b.shape[2]), (left * b.expr))
        if a.expr.shape[1] != b.expr.shape[0]:
            raise self.clash(_("{left} and {right} do not fit: the columns of the first must match the rows of the second").format(
                left=la, right=lb), node)
        out = a.expr * b.expr
        if sb == "v":
            return Value(("v", a.shape[1]), out)
        return Value(("m", a.shape[1], b.shape[2]), out)

    def lower(self, node) -> Value:
        if isinstance(node, Neg):
            v = self.lower(node.operand)
            return Value(v.shape, -v.expr)
        if isinstance(node, Transpose):
            v = self.lower(node.operand)
            if v.shape[0] == "m":
                return Value(("m", v.shape[2], v.shape[1]), v.expr.T)
            return v
        if isinstance(node, Concat):
            parts = [self.lower(i) for i in node.items]
            return Value(("v", "+".join(p.shape[1] for p in parts)), sympy.Matrix.vstack(*[p.expr for p in parts]))
        return super().lower(node)

    def norm(self, v: Value, node) -> Value:
        if v.shape[0] == "s":
            return Value(("s",), sympy.Abs(v.expr))
        return Value(("s",), sympy.sqrt(sum(e**2 for e in v.expr)))

    def call(self, node: Call) -> Value:
        f = node.func
        if f == "concat":
            items = node.args[0].items if len(node.args) == 1 and isinstance(node.args[0], Concat) else node.args
            return self.lower(Concat(node.span, items))
        if f in DERIVATIVES and len(node.args) == 1:  # tanh′(a), σ′(a) in a link of a chain: elementwise
            v = self.lower(node.args[0])
            if v.shape[0] == "m":
                raise self.clash(_("{function} is applied elementwise, not to a matrix").format(function=f), node)
            out = Value(v.shape, DERIVATIVES[f](v.expr) if v.shape[0] == "s" else v.expr.applyfunc(DERIVATIVES[f]))
            if node.power is not None:
                out = self.binop_power(out, self.lower(node.power), node)
            return out
        if f in ("diag", "norm") or f.endswith("'") or len(node.args) != 1:
            if f == "diag" and len(node.args) == 1:
                v = self.lower(node.args[0])
                if v.shape[0] != "v":
                    raise self.clash(_("diag takes a vector, not {size}").format(size=size_text(v.shape)), node)
                out = Value(("m", v.shape[1], v.shape[1]), sympy.diag(*list(v.expr)))
                if node.power is not None:
                    p = self.lower(node.power)
                    out = self.binop_power(out, p, node)
                return out
            return super().call(node)
        v = self.lower(node.args[0])
        if v.shape[0] == "m":
            raise self.clash(_("{function} is applied elementwise to vectors, but {argument} is a matrix").format(
                function=f, argument=_source(node.args[0], self.src)), node)
        fn = ELEMENTWISE.get(f)
        if fn is None:
            raise self.clash(_("{function} is not expected in this answer").format(function=f), node)
        if f in GROWING:
            self.bounded(v.expr, node.args[0])
        out = Value(v.shape, fn(v.expr) if v.shape[0] == "s" else v.expr.applyfunc(fn))
        if node.power is not None:
            p = self.lower(node.power)
            out = self.binop_power(out, p, node)
        return out

    def binop_power(self, out: Value, p: Value, node) -> Value:
        if p.shape[0] != "s" or not p.expr.is_Integer or abs(p.expr) > MAX_EXPONENT:
            raise self.clash(_("an exponent must be a small whole number"), node)
        if out.shape[0] == "s":
            return Value(out.shape, out.expr ** p.expr)
        if out.shape[0] == "m":
            return Value(out.shape, out.expr ** int(p.expr))
        return Value(out.shape, out.expr.applyfunc(lambda e: e ** p.expr))
