"""Equations as text: Unicode math (σ, ⊙, hₜ₋₁) or plain ASCII.

Used to echo how an answer was interpreted and to show references from the
problem bank, so that every equation on screen comes from one place. Products
are printed by what they turned out to be (``·`` for a matrix product, ``⊙``
for an elementwise one), which is the point of echoing the interpretation.
"""

from __future__ import annotations

from .ast import BigOp, BinOp, Call, Concat, Equation, Name, Neg, Norm, Num, Transpose
from .symbols import lookup

SUBSCRIPTS = str.maketrans("0123456789+-taehijklmnoprsuvx", "₀₁₂₃₄₅₆₇₈₉₊₋ₜₐₑₕᵢⱼₖₗₘₙₒₚᵣₛᵤᵥₓ")
FUNC_UNICODE = {"sigmoid": "σ"}
PREC = {"+": 1, "-": 1, "*": 2, "/": 2, "@": 2, "⊙": 2, "juxt": 2, "neg": 3, "^": 4}
COMBINE = {"tilde": "\u0303", "hat": "\u0302", "bar": "\u0304"}


def _name(node: Name, low, ascii: bool) -> str:
    meaning = lookup(node, low.scope) if low is not None else None
    if meaning is not None and meaning.kind == "state":
        return meaning.ascii if ascii else meaning.display
    base = node.base
    if base == "theta":
        base = "theta" if ascii else "θ"
    sub = node.sub
    primes = "'" * node.primes
    if ascii:
        if base.startswith(("δ", "∂")):  # gradients in code style: dh_t, dl_t/dy_t
            base = base.replace("δ", "d").replace("∂", "d").replace("ℓ", "l")
        deco = {"tilde": "~", "hat": "_hat", "bar": "_bar"}.get(node.deco, "")
        if sub in ("t", "t-1") or "-" in sub:
            return f"{base}{deco}_{{{sub}}}{primes}" if "-" in sub else f"{base}{deco}_{sub}{primes}"
        return f"{base}{deco}" + (f"_{sub}" if sub else "") + primes
    deco = COMBINE.get(node.deco, "")
    if sub and all(ch in "0123456789+-t" for ch in sub) and (meaning is None or meaning.kind in ("gate", "state", "local")):
        return f"{base}{deco}{sub.translate(SUBSCRIPTS)}{primes}"
    if len(sub) > 1 and ("-" in sub or "+" in sub):
        return f"{base}{deco}_{{{sub}}}{primes}"  # h_{j-1}: braces keep the step in the subscript
    return f"{base}{deco}" + (f"_{sub}" if sub else "") + primes


class Names:
    """What :func:`typeset` needs to read names without a lowering: a scope (and no resolved products)."""

    def __init__(self, scope):
        self.scope = scope
        self.ops: dict = {}


def show(text: str, scope, ascii: bool = False) -> str:
    """Typeset an answer-language text (the first equation, or its right side when it has no left side)."""
    from . import parse

    return typeset(parse(text)[0], Names(scope) if scope is not None else None, ascii=ascii)


def typeset(node, low=None, ascii: bool = False) -> str:
    """Render an AST node (or an Equation) as text.

    Example:
        >>> from tutor.notation import parse
        >>> typeset(parse("h_t = o_t*tanh(c_t)")[0])
        'hₜ = oₜ * tanh(cₜ)'
    """
    return _Typesetter(low, ascii).render(node)


class _Typesetter:
    def __init__(self, low, ascii: bool):
        self.low = low
        self.ascii = ascii
        self.ops = getattr(low, "ops", {}) if low is not None else {}

    def render(self, node) -> str:
        if isinstance(node, Equation):
            rhs = self.expr(node.rhs)
            if node.lhs is None:
                return rhs
            return f"{self.expr(node.lhs)} = {rhs}"
        return self.expr(node)

    def prec(self, node) -> int:
        if isinstance(node, BinOp):
            return PREC[node.op]
        if isinstance(node, Neg):
            return PREC["neg"]
        return 9

    def wrap(self, child, parent_prec: int, right: bool = False, op: str = "") -> str:
        text = self.expr(child)
        p = self.prec(child)
        if op in ("juxt", "/") and isinstance(child, BinOp) and child.op in ("⊙", "*", "@"):
            return f"({text})"  # explicit products bind looser than juxtaposition: (a ⊙ b) c
        if p < parent_prec or (right and p == parent_prec and op in ("-", "/", "@", "juxt", "*", "⊙")):
            if not (right and op in ("*", "⊙", "juxt", "@") and isinstance(child, BinOp) and child.op == op and p == parent_prec and op in ("⊙",)):
                return f"({text})"
        return text

    def op_text(self, node: BinOp) -> str:
        kind = self.ops.get((node.span.start, node.span.end))
        if node.op in ("+", "-"):
            return f" {node.op if self.ascii or node.op == '+' else '−'} "
        if node.op == "/":
            return "/"
        if (kind or "").startswith("matmul") or node.op == "@":
            return " @ " if self.ascii else "·"
        if kind == "hadamard" or node.op == "⊙":
            return " * " if self.ascii else " ⊙ "
        if node.op == "juxt":
            left = node.left
            if isinstance(left, BinOp) and left.op == "/" and isinstance(left.left, Name) and left.left.base == "d":
                return " "  # d/dx (…): an operator applied, not a product
            return "*" if self.ascii else "·"
        return "*" if self.ascii else "·"

    def expr(self, node) -> str:
        if isinstance(node, Num):
            return node.text
        if isinstance(node, Name):
            return _name(node, self.low, self.ascii)
        if isinstance(node, Neg):
            return ("-" if self.ascii else "−") + self.wrap(node.operand, PREC["neg"])
        if isinstance(node, BinOp):
            p = PREC[node.op]
            if node.op == "^":
                base = self.wrap(node.left, p + 1)
                exp = self.expr(node.right)
                if not self.ascii and exp.isdigit():
                    return base + exp.translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))
                if self.prec(node.right) < 9 or " " in exp:
                    exp = f"({exp})"
                return f"{base}^{exp}"
            left = self.wrap(node.left, p, op=node.op)
            right = self.wrap(node.right, p, right=True, op=node.op)
            return f"{left}{self.op_text(node)}{right}"
        if isinstance(node, Call):
            bare = node.func.rstrip("'")
            name = node.func if self.ascii else FUNC_UNICODE.get(bare, bare) + "′" * (len(node.func) - len(bare))
            args = ", ".join(self.expr(a) for a in node.args)
            if node.func == "norm":
                args = self.expr(node.args[0])  # norm(g, 2) is ‖g‖
                return f"||{args}||" if self.ascii else f"‖{args}‖"
            if node.power is not None:
                power = self.expr(node.power)
                return f"{name}({args})^{power}" if self.ascii or not power.isdigit() else f"{name}({args})" + power.translate(str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹"))
            return f"{name}({args})"
        if isinstance(node, Concat):
            return "[" + ", ".join(self.expr(i) for i in node.items) + "]"
        if isinstance(node, Norm):
            inner = self.expr(node.operand)
            return f"||{inner}||" if self.ascii else f"‖{inner}‖"
        if isinstance(node, Transpose):
            return self.wrap(node.operand, 5) + ("^T" if self.ascii else "ᵀ")
        if isinstance(node, BigOp):
            return self.bigop(node)
        return "?"

    def bigop(self, node: BigOp) -> str:
        sym = {"sum": ("sum", "Σ"), "prod": ("prod", "∏")}[node.op][0 if self.ascii else 1]
        index = node.index or ""
        if node.lower is not None:
            index = f"{{{index}={node.lower}}}"
        text = sym + (f"_{index}" if index else "") + (f"^{node.upper}" if node.upper else "")
        return f"{text} {self.wrap(node.operand, PREC['+'] + 1)}"


_ASCII = [
    ("ₜ₋₁", "_{t-1}"), ("ₜ₊₁", "_{t+1}"), ("ₜ", "_t"), ("δ", "d"), ("Σ", "sum"), ("∏", "prod"), ("σ", "sigmoid"), ("⊙", "*"), ("·", "@"), ("−", "-"),
    ("θ", "theta"), ("‖", "||"), ("²", "^2"), ("′", "'"), ("ᵀ", "^T"), ("\u0303", "~"), ("\u0302", "^"),
    ("∂", "d"), ("…", "..."), ("≤", "<="), ("–", "-"), ("→", "->"), ("×", "x"),
]


def asciify(text: str) -> str:
    """Plain-ASCII spelling of a Unicode message (for ``--ascii`` and dumb terminals)."""
    for a, b in _ASCII:
        text = text.replace(a, b)
    return text
