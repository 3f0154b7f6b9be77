"""The AST of the answer language: nodes, each with the span of text it came from."""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import Span

@dataclass(eq=False, repr=False)  # nodes compare by identity and are never mutated; plain classes are cheaper to define
class Node:
    span: Span = field(compare=False)

    def __repr__(self) -> str:  # one generic repr: generated ones cost start-up time
        parts = ", ".join(f"{f}={getattr(self, f)!r}" for f in self.__dataclass_fields__ if f != "span")
        return f"{type(self).__name__}({parts})"


@dataclass(eq=False, repr=False)
class Num(Node):
    text: str


@dataclass(eq=False, repr=False)
class Name(Node):
    """An identifier, decomposed: ``\\tilde{C}_{t-1}'`` is base C, deco tilde, sub t-1, one prime."""

    raw: str
    base: str
    deco: str = ""  # "tilde", "hat" or ""
    sub: str = ""  # normalised subscript text: "t-1", "hf", "prev", ...
    primes: int = 0


@dataclass(eq=False, repr=False)
class Call(Node):
    func: str  # canonical function name: sigmoid, tanh, relu, exp, log, diag, norm, ...
    args: tuple
    power: object = None  # tanh^2(x): the exponent node


@dataclass(eq=False, repr=False)
class BinOp(Node):
    op: str  # + - * / ^ @ ⊙ juxt
    left: object
    right: object


@dataclass(eq=False, repr=False)
class Neg(Node):
    operand: object


@dataclass(eq=False, repr=False)
class Concat(Node):
    items: tuple


@dataclass(eq=False, repr=False)
class Norm(Node):
    operand: object


@dataclass(eq=False, repr=False)
class Transpose(Node):
    operand: object


@dataclass(eq=False, repr=False)
class Equation(Node):
    lhs: object  # None when the answer is just a right-hand side
    rhs: object
