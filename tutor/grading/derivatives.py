"""Derivative operators inside a derivation: ``d/dx (…)``, ``\\frac{d}{dx}``, ``σ'(x)``, ``tanh'(x)``.

A learner deriving σ′ writes the operator on the first lines and works it
out on the later ones. The operators are understood here, in the middle of a
chain, by lowering them with SymPy (``diff`` under the check's time budget):
``σ'(a)`` is σ(a)(1 − σ(a)) and ``tanh'(a)`` is 1 − tanh²(a), the derivative
evaluated at a. The chain module refuses them on the last line, where the
answer must be worked out.
"""

from __future__ import annotations

import sympy

from ..base.language import _
from ..notation import BinOp, Call, Name
from .semantics import Lowerer, Value, sigmoid


def operator_var(node) -> Name | None:
    """``d/dx`` (or ``\\frac{d}{dx}``): the variable x, else None."""
    if isinstance(node, BinOp) and node.op == "/" and isinstance(node.left, Name) and isinstance(node.right, Name):
        d, dx = node.left, node.right
        if d.base == "d" and not d.sub and not d.primes and dx.base.startswith("d") and len(dx.base) > 1:
            return dx.replace(base=dx.base[1:], raw=dx.raw[1:])
    return None


def holds_derivative(node) -> bool:
    """Whether an expression still holds a derivative operator (σ′, tanh′, d/dx)."""
    for n in walk(node):
        if isinstance(n, Call) and n.func.endswith("'"):
            return True
        if operator_var(n) is not None:
            return True
    return False


def walk(node):
    """Every node of an expression, the node itself first."""
    yield node
    for field in getattr(node, "FIELDS", ()):
        value = getattr(node, field)
        for child in value if isinstance(value, tuple) else (value,):
            if hasattr(child, "FIELDS"):
                yield from walk(child)


DERIVATIVES = {
    "sigmoid'": lambda a: sigmoid(a) * (1 - sigmoid(a)),
    "tanh'": lambda a: 1 - sympy.tanh(a) ** 2,
}


class DerivativeLowerer(Lowerer):
    """The elementwise lowering, with d/dx and σ′, tanh′ understood."""

    def binop(self, node: BinOp) -> Value:
        if node.op == "/" and isinstance(node.left, BinOp) and node.left.op == "juxt" \
                and operator_var(node.left.left) is not None:
            # d/dx (A)/(B) is read aloud and meant as the derivative of the quotient, not (dA/dx)/B
            quotient = BinOp(node.left.right.span.join(node.right.span), "/", node.left.right, node.right)
            return self.binop(BinOp(node.span, "juxt", node.left.left, quotient))
        if node.op == "juxt":
            var = operator_var(node.left)
            if var is not None:
                x = self.lower(var)
                if x.shape[0] != "s" or not isinstance(x.expr, sympy.Symbol):
                    raise self.clash(_("d/d{variable} differentiates by a scalar variable of the problem").format(variable=var.raw),
                                     node.left)
                f = self.lower(node.right)
                if f.shape[0] == "m" or f.parts:
                    raise self.clash(_("only scalar or elementwise expressions are differentiated here"), node.right)
                return Value(f.shape, sympy.diff(f.expr, x.expr))
        if operator_var(node) is not None:
            raise self.clash(_("d/dx needs something to differentiate after it, as in d/dx (1 + e^{-x})^{-1}"), node)
        return super().binop(node)

    def call(self, node: Call) -> Value:
        if node.func in DERIVATIVES:
            if len(node.args) != 1:
                raise self.clash(_("{function} takes one argument").format(function=node.func), node)
            v = self.lower(node.args[0])
            if v.shape[0] == "m" or v.parts:
                raise self.clash(_("{function} is applied elementwise, not to a matrix").format(function=node.func), node)
            out = Value(v.shape, DERIVATIVES[node.func](v.expr))
            if node.power is not None:
                out = self.power(out, self.lower(node.power), BinOp(node.span, "^", node, node.power))
            return out
        return super().call(node)
