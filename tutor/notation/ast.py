"""The AST of the answer language: nodes, each with the span of text it came from.

Plain classes with ``__slots__`` rather than dataclasses: defining a dataclass
costs a third of a millisecond at import, and these ten are imported on every
start of ``explain`` and ``check``. Nodes are never mutated; ``replace`` makes
a changed copy (the diagnosis builds its mutants that way) and ``FIELDS``
lists the children in order. Nodes compare by identity.
"""

from __future__ import annotations

from .errors import Span


class Node:
    FIELDS: tuple = ()
    __slots__ = ("span",)

    def __init__(self, span: Span):
        self.span = span

    def replace(self, **changes) -> "Node":
        """A copy with some fields changed."""
        values = {name: getattr(self, name) for name in ("span",) + self.FIELDS}
        values.update(changes)
        return type(self)(**values)

    def __repr__(self) -> str:
        parts = ", ".join(f"{f}={getattr(self, f)!r}" for f in self.FIELDS)
        return f"{type(self).__name__}({parts})"


class Num(Node):
    FIELDS = ("text",)
    __slots__ = FIELDS

    def __init__(self, span: Span, text: str):
        self.span, self.text = span, text


class Name(Node):
    """An identifier, decomposed: ``\\tilde{C}_{t-1}'`` is base C, deco tilde, sub t-1, one prime.

    ``deco`` is "tilde", "hat", "bar" or ""; ``sub`` the normalised subscript ("t-1", "hf", "prev");
    ``time`` a time index written apart from a label subscript (deeplearning.ai's ``Γ_f^{⟨t⟩}``),
    else "" (a time alone, ``h^{(t)}``, is read as the subscript).
    """

    FIELDS = ("raw", "base", "deco", "sub", "primes", "time")
    __slots__ = FIELDS

    def __init__(self, span: Span, raw: str, base: str, deco: str = "", sub: str = "", primes: int = 0, time: str = ""):
        self.span, self.raw, self.base, self.deco, self.sub, self.primes = span, raw, base, deco, sub, primes
        self.time = time


class Call(Node):
    """``func`` is the canonical function name (sigmoid, tanh, diag, norm, …); ``power`` the n of tanh^n(x)."""

    FIELDS = ("func", "args", "power")
    __slots__ = FIELDS

    def __init__(self, span: Span, func: str, args: tuple, power=None):
        self.span, self.func, self.args, self.power = span, func, args, power


class BinOp(Node):
    """``op`` is one of + - * / ^ @ ⊙ juxt."""

    FIELDS = ("op", "left", "right")
    __slots__ = FIELDS

    def __init__(self, span: Span, op: str, left, right):
        self.span, self.op, self.left, self.right = span, op, left, right


class Neg(Node):
    FIELDS = ("operand",)
    __slots__ = FIELDS

    def __init__(self, span: Span, operand):
        self.span, self.operand = span, operand


class Concat(Node):
    FIELDS = ("items",)
    __slots__ = FIELDS

    def __init__(self, span: Span, items: tuple):
        self.span, self.items = span, items


class Norm(Node):
    FIELDS = ("operand",)
    __slots__ = FIELDS

    def __init__(self, span: Span, operand):
        self.span, self.operand = span, operand


class Transpose(Node):
    FIELDS = ("operand",)
    __slots__ = FIELDS

    def __init__(self, span: Span, operand):
        self.span, self.operand = span, operand


class BigOp(Node):
    """A sum or product over an index: ``op`` is "sum" or "prod"; ``lower``/``upper`` are bound texts or None.

    ``∏_{j=k+1}^{T} M_j`` keeps the order of a product of matrices: later
    steps on the left, ``M_T ⋯ M_{k+1}``.
    """

    FIELDS = ("op", "index", "lower", "upper", "operand")
    __slots__ = FIELDS

    def __init__(self, span: Span, op: str, index, lower, upper, operand):
        self.span, self.op, self.index, self.lower, self.upper, self.operand = span, op, index, lower, upper, operand


class Equation(Node):
    """``lhs`` is None when the answer is just a right-hand side."""

    FIELDS = ("lhs", "rhs")
    __slots__ = FIELDS

    def __init__(self, span: Span, lhs, rhs):
        self.span, self.lhs, self.rhs = span, lhs, rhs
