"""The AST of the answer language: frozen nodes, each with the span of text it came from."""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import Span

@dataclass(frozen=True, eq=False)  # AST nodes compare by identity: cheaper to define, never compared
class Node:
    span: Span = field(compare=False)


@dataclass(frozen=True, eq=False)
class Num(Node):
    text: str


@dataclass(frozen=True, eq=False)
class Name(Node):
    """An identifier, decomposed: ``\\tilde{C}_{t-1}'`` is base C, deco tilde, sub t-1, one prime."""

    raw: str
    base: str
    deco: str = ""  # "tilde", "hat" or ""
    sub: str = ""  # normalised subscript text: "t-1", "hf", "prev", ...
    primes: int = 0


@dataclass(frozen=True, eq=False)
class Call(Node):
    func: str  # canonical function name: sigmoid, tanh, relu, exp, log, diag, norm, ...
    args: tuple
    power: object = None  # tanh^2(x): the exponent node


@dataclass(frozen=True, eq=False)
class BinOp(Node):
    op: str  # + - * / ^ @ ⊙ juxt
    left: object
    right: object


@dataclass(frozen=True, eq=False)
class Neg(Node):
    operand: object


@dataclass(frozen=True, eq=False)
class Concat(Node):
    items: tuple


@dataclass(frozen=True, eq=False)
class Norm(Node):
    operand: object


@dataclass(frozen=True, eq=False)
class Transpose(Node):
    operand: object


@dataclass(frozen=True, eq=False)
class Equation(Node):
    lhs: object  # None when the answer is just a right-hand side
    rhs: object
