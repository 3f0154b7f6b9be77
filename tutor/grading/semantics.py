"""Typing and lowering: from an AST to SymPy expressions.

The key idea (see DESIGN.md): every product of a parameter matrix with a
state-like vector becomes one opaque *slot*, written here as an undefined
SymPy function applied to the vector (``M0(h_prev)``). Linear maps are
distributed over sums and numeric factors are pulled out, so ``W(h + 2x)`` is
``W(h) + 2 W(x)``; once that is done, everything left in a cell is
elementwise, and a cell equation is an ordinary commutative scalar SymPy
expression in which SymPy's equality is exact and fast. A concatenation
``W [h, x]`` gives one slot per block (``W#0(h) + W#1(x)``), so it compares
equal to ``W_h h + W_x x``.

Shapes are checked on the way (``H`` ≠ ``X``): a matrix applied to vectors of
two sizes, an elementwise product with a matrix, or a matrix product of two
vectors is a :class:`ShapeError`, which names the clashing operands.

Derivations whose answer is a matrix (``rnn.jacobian``) can't be elementwise:
:mod:`tutor.matrices` lowers them onto explicit matrices instead.

Numbers are bounded here, before SymPy sees them: a value with no meaning
(``0/0``, a division by zero, ``log 0``) is refused, and so is a constant
argument of exp, tanh, σ… beyond ±MAX_ARGUMENT. SymPy's numeric code (mpmath,
reached from ``simplify``) works on such numbers with integers of billions of
bits, in C calls that no time limit can interrupt and that take gigabytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy
from sympy import Add, Function, Integer, Rational, Symbol
from sympy.core.function import AppliedUndef

from ..base.language import _
from ..notation import BinOp, Call, Concat, Name, Neg, Norm, Num, ParseError, Span, Transpose
from ..notation.symbols import Meaning, Scope, UnknownName, resolve, spelling
from ..numeric.evaluation import Point, Undefined, evaluate
from ..numeric.functions import relu, sigmoid

MAX_EXPONENT = 16
MAX_NUMBER_DIGITS = 12
MAX_ARGUMENT = 1000  # |constant| inside exp, tanh, σ…: e^1000 is already beyond double range
GROWING = ("sigmoid", "tanh", "exp", "log", "sech", "cosh", "sinh")  # the functions MAX_ARGUMENT bounds
UNDEFINED = (sympy.nan, sympy.zoo, sympy.oo, -sympy.oo)


class ShapeError(ParseError):
    """Operands whose shapes or kinds clash."""


ELEMENTWISE = {
    "sigmoid": sigmoid,
    "tanh": sympy.tanh,
    "relu": relu,
    "exp": sympy.exp,
    "log": sympy.log,
    "sech": sympy.sech,
    "cosh": sympy.cosh,
    "sinh": sympy.sinh,
    "sqrt": sympy.sqrt,
    "abs": sympy.Abs,
}


@dataclass
class Value:
    """A typed value: shape ("s",) / ("v", size) / ("m", rows, cols) and its lowering.

    For a vector, ``expr`` is its elementwise SymPy expression and ``parts``
    the blocks of a concatenation. For a matrix in elementwise lowering,
    ``factors`` lists what is multiplied, left to right: ("param", key) or
    ("diag", expr) or ("identity", None).
    """

    shape: tuple
    expr: object = None
    parts: tuple = ()
    factors: tuple = ()
    text: str = ""


@dataclass
class Registry:
    """SymPy objects made for one answer, with their learner-facing names."""

    names: dict = field(default_factory=dict)  # sympy object -> display name
    kinds: dict = field(default_factory=dict)  # sympy object -> matrix | bias | vecparam
    params: dict = field(default_factory=dict)  # (key, block) -> sympy object
    cols: dict = field(default_factory=dict)  # matrix key -> (size, text)
    norms: dict = field(default_factory=dict)


def size_text(shape: tuple) -> str:
    if shape[0] == "s":
        return _("a scalar")
    if shape[0] == "v":
        return _("a vector of size {size}").format(size=shape[1])
    return _("a matrix")


def _source(node, src: str) -> str:
    text = src[node.span.start : node.span.end].strip()
    return text if len(text) <= 40 else text[:37] + "…"


class Lowerer:
    """Elementwise lowering with slots; one instance per answer (it owns the registry)."""

    def __init__(self, scope: Scope, source: str, registry: Registry | None = None, prefix: str = ""):
        self.scope = scope
        self.src = source
        self.reg = registry or Registry()
        self.prefix = prefix
        self.ops: dict = {}  # span -> "matmul" | "hadamard" | "times"
        self.locals: dict = {}  # spelling or state key -> Value, for whole cells
        self.used: set = set()

    # -- errors ------------------------------------------------------------------

    def clash(self, msg: str, node) -> ShapeError:
        return ShapeError(msg, node.span, self.src)

    # -- leaves ------------------------------------------------------------------

    def symbol_for(self, m: Meaning) -> Value:
        if m.kind == "state":
            return Value(m.shape, Symbol(m.key, real=True), text=m.display)
        if m.kind == "gate":
            return Value(m.shape, Symbol("gate_" + m.key, real=True), text=m.display)
        if m.kind in ("scalar", "vector", "bias", "vecparam") and not self.scope.renamable:
            positive = m.kind == "scalar"
            return Value(m.shape, Symbol(m.key, positive=positive) if positive else Symbol(m.key, real=True), text=m.display)
        if m.kind in ("bias", "vecparam"):
            obj = self.param(m.key, None, m.kind)
            return Value(m.shape, obj, text=m.display)
        if m.kind == "matrix":
            return Value(("m", "H", None), factors=(("param", m.key),), text=m.display)
        if m.kind == "identity":
            return Value(("m", "H", "H"), factors=(("identity", None),), text="I")
        if m.kind == "const":
            return Value(m.shape, sympy.E, text="e")
        raise AssertionError(m.kind)

    def param(self, key: str, block, kind: str):
        k = (key, block)
        if k not in self.reg.params:
            n = len(self.reg.params)
            if kind == "matrix":
                obj = Function(f"{self.prefix}M{n}")
            else:
                obj = Symbol(f"{self.prefix}B{n}" if kind == "bias" else f"{self.prefix}V{n}", real=True)
            self.reg.params[k] = obj
            self.reg.names[obj] = key if block is None else f"{key}[{block}]"
            self.reg.kinds[obj] = kind
        return self.reg.params[k]

    def name(self, node: Name) -> Value:
        sp = spelling(node)
        if sp in self.locals:
            self.used.add(sp)
            return self.locals[sp]
        m = self.meaning_or_value(node)
        if isinstance(m, Value):
            return m
        if m.kind == "state" and m.key in self.locals:
            self.used.add(m.key)
            return self.locals[m.key]
        if m.kind == "local":
            raise self.clash(_("{name} is used before it is defined").format(name=node.raw), node)
        return self.symbol_for(m)

    def meaning_or_value(self, node: Name):
        """What a name means, or, for a run of one-letter names (``HX``), the value of their product."""
        try:
            return resolve(node, self.scope)
        except UnknownName:
            split = split_letters(node, self.scope)
            if split is None:
                raise
            return self.lower(split)

    def number(self, node: Num) -> Value:
        digits = node.text.replace(".", "")
        if len(digits) > MAX_NUMBER_DIGITS:
            raise self.clash(_("number too long ({number}…)").format(number=node.text[:20]), node)
        return Value(("s",), Rational(node.text), text=node.text)

    # -- walking -----------------------------------------------------------------

    def lower(self, node) -> Value:
        if isinstance(node, Num):
            return self.number(node)
        if isinstance(node, Name):
            return self.name(node)
        if isinstance(node, Neg):
            v = self.lower(node.operand)
            if v.shape[0] == "m":
                raise self.clash(_("negating a matrix is not supported here"), node)
            return Value(v.shape, -self.vector_expr(v, node.operand))
        if isinstance(node, BinOp):
            return self.defined(self.binop(node), node) if node.op in ("/", "^") else self.binop(node)
        if isinstance(node, Call):
            return self.defined(self.call(node), node)
        if isinstance(node, Concat):
            parts = tuple(self.lower(item) for item in node.items)
            for item, p in zip(node.items, parts):
                if p.shape[0] != "v":
                    raise self.clash(_("{item} in a concatenation is {size}; only vectors can be stacked").format(
                        item=_source(item, self.src), size=size_text(p.shape)), item)
            size = "+".join(p.shape[1] for p in parts)
            return Value(("v", size), parts=parts)
        if isinstance(node, Norm):
            v = self.lower(node.operand)
            return self.norm(v, node)
        if isinstance(node, Transpose):
            # x W^T (PyTorch's nn.RNN docs) is W x: in a slot, which side a matrix acts from is immaterial
            return self.lower(node.operand)
        raise self.clash(_("this is not understood here"), node)

    def defined(self, v: Value, node) -> Value:
        """``v`` unless it has no value (0/0, a division by zero, log 0): those are refused here."""
        exprs = [v.expr] + [p.expr for p in v.parts] + [f[1] for f in v.factors if f[0] in ("diag", "scale")]
        if any(e is not None and e.has(*UNDEFINED) for e in exprs):
            raise self.clash(_("{expression} has no value (an undefined number such as 0/0 or 1/0)").format(
                expression=_source(node, self.src)), node)
        return v

    def bounded(self, arg, node):
        """``arg`` unless it is a constant too large for exp, tanh, σ… (see the module's docstring)."""
        for e in (arg if isinstance(arg, sympy.MatrixBase) else (arg,)):
            if e.free_symbols or e.atoms(AppliedUndef):
                continue
            try:
                size = abs(evaluate(e, Point(0)))
            except Undefined:
                size = float("inf")
            if not size <= MAX_ARGUMENT:
                raise self.clash(
                    _("{expression} is too large to check: a number inside exp, tanh, σ… "
                      "must stay within ±{limit}").format(expression=_source(node, self.src), limit=MAX_ARGUMENT), node)
        return arg

    def vector_expr(self, v: Value, node):
        if v.parts:
            raise self.clash(_("the concatenation {expression} must be multiplied by a matrix").format(
                expression=_source(node, self.src)), node)
        return v.expr

    def binop(self, node: BinOp) -> Value:
        op = node.op
        a = self.lower(node.left)
        b = self.lower(node.right)
        la, lb = _source(node.left, self.src), _source(node.right, self.src)
        sa, sb = a.shape[0], b.shape[0]
        if op == "^":
            return self.power(a, b, node)
        if op in ("+", "-"):
            if sa == "m" or sb == "m":
                if sa == "m" and sb == "m" and all(f[0] == "diag" for f in a.factors + b.factors) and len(a.factors) == len(b.factors) == 1:
                    ea, eb = a.factors[0][1], b.factors[0][1]
                    return Value(a.shape, factors=(("diag", ea + eb if op == "+" else ea - eb),))
                message = (_("cannot add {left} ({left_size}) and {right} ({right_size})") if op == "+"
                           else _("cannot subtract {left} ({left_size}) and {right} ({right_size})"))
                raise self.clash(message.format(left=la, left_size=size_text(a.shape), right=lb,
                                                right_size=size_text(b.shape)), node)
            ea, eb = self.vector_expr(a, node.left), self.vector_expr(b, node.right)
            if sa == "v" and sb == "v" and a.shape[1] != b.shape[1]:
                message = (_("cannot add {left} (size {left_size}) and {right} (size {right_size})") if op == "+"
                           else _("cannot subtract {left} (size {left_size}) and {right} (size {right_size})"))
                raise self.clash(message.format(left=la, left_size=a.shape[1], right=lb, right_size=b.shape[1]), node)
            shape = a.shape if sa == "v" else b.shape
            return Value(shape, ea + eb if op == "+" else ea - eb)
        if op == "/":
            if sb == "m" or sa == "m":
                raise self.clash(_("cannot divide {left} by {right}: division by or of a matrix").format(left=la, right=lb), node)
            ea, eb = self.vector_expr(a, node.left), self.vector_expr(b, node.right)
            if sa == "v" and sb == "v" and a.shape[1] != b.shape[1]:
                raise self.clash(_("cannot divide {left} (size {left_size}) by {right} (size {right_size})").format(
                    left=la, left_size=a.shape[1], right=lb, right_size=b.shape[1]), node)
            return Value(a.shape if sa == "v" else b.shape, ea / eb)
        # products
        if op == "⊙":
            if sa == "m" or sb == "m":
                which = la if sa == "m" else lb
                raise self.clash(_("⊙ is an elementwise product, but {operand} is a matrix; use a matrix product (W x) there").format(
                    operand=which), node)
            return self.hadamard(a, b, node, la, lb)
        if isinstance(node.left, Transpose) and sa == "v" and sb == "v":
            return self.inner(a, b, node)
        if op == "@" and sa == "v" and sb == "v":
            raise self.clash(_("a matrix product of two vectors: {left} and {right} are both vectors; use ⊙ for an elementwise product").format(
                left=la, right=lb), node)
        if sa == "m" and sb == "m":
            self.ops[(node.span.start, node.span.end)] = "matmul"
            return Value(("m", a.shape[1], b.shape[2]), factors=a.factors + b.factors)
        if sa == "m" and sb == "v":
            self.ops[(node.span.start, node.span.end)] = "matmul"
            return self.apply(a, b, node.left, node.right)
        if sa == "v" and sb == "m":
            self.ops[(node.span.start, node.span.end)] = "matmul-row"
            return self.apply(b, a, node.right, node.left)
        if (sa == "m" and sb == "s") or (sa == "s" and sb == "m"):
            mat, k = (a, b.expr) if sa == "m" else (b, a.expr)
            return Value(mat.shape, factors=(("scale", k),) + mat.factors)
        if sa == "m" or sb == "m":
            raise self.clash(_("cannot multiply {left} ({left_size}) and {right} ({right_size}) here").format(
                left=la, left_size=size_text(a.shape), right=lb, right_size=size_text(b.shape)), node)
        return self.hadamard(a, b, node, la, lb)

    def hadamard(self, a: Value, b: Value, node, la, lb) -> Value:
        if a.shape[0] == "v" and b.shape[0] == "v" and a.shape[1] != b.shape[1]:
            raise self.clash(_("an elementwise product of {left} (size {left_size}) and {right} (size {right_size})").format(
                left=la, left_size=a.shape[1], right=lb, right_size=b.shape[1]), node)
        ea, eb = self.vector_expr(a, node.left), self.vector_expr(b, node.right)
        if a.shape[0] == "v" and b.shape[0] == "v":
            self.ops[(node.span.start, node.span.end)] = "hadamard"
        shape = a.shape if a.shape[0] == "v" else b.shape
        return Value(shape, ea * eb)

    def power(self, a: Value, b: Value, node) -> Value:
        if a.shape[0] == "m" or b.shape[0] == "m":
            raise self.clash(_("powers of matrices are not supported"), node)
        if a.expr == sympy.E and a.shape[0] == "s" and b.shape[0] == "v":  # e^{-(W x + b)}, elementwise
            return Value(b.shape, sympy.exp(self.bounded(self.vector_expr(b, node.right), node.right)))
        if b.shape[0] != "s":
            raise self.clash(_("an exponent must be a scalar"), node.right)
        base, exp = self.vector_expr(a, node.left), b.expr
        if exp.is_Number:
            if abs(exp) > MAX_EXPONENT:
                raise self.clash(_("exponent too large (the limit is {limit})").format(limit=MAX_EXPONENT), node.right)
            if base.is_Number and base != 0 and abs(base) > 10**6:
                raise self.clash(_("number too large"), node)
        elif exp.has(sympy.Pow) and not base == sympy.E:
            # towers like x**(9**9**9) are refused before SymPy tries them
            raise self.clash(_("nested powers are not supported"), node.right)
        if base == sympy.E:
            return Value(a.shape if a.shape[0] == "v" else b.shape, sympy.exp(self.bounded(exp, node.right)))
        return Value(a.shape, base**exp)

    def apply(self, mat: Value, vec: Value, mnode, vnode) -> Value:
        """A matrix times a vector: rightmost factor first; parameters become slots."""
        current = vec
        for kind, payload in reversed(mat.factors):
            if kind == "identity":
                continue
            if kind == "scale":
                current = Value(("v", current.shape[1]), self.vector_expr(current, vnode) * payload) if not current.parts else Value(
                    current.shape, parts=tuple(Value(p.shape, p.expr * payload) for p in current.parts))
                continue
            if kind == "diag":
                current = Value(("v", "H"), self.vector_expr(current, vnode) * payload)
                continue
            key = payload
            size = current.shape[1]
            seen = self.reg.cols.get(key)
            here = _source(vnode, self.src)
            if seen is None:
                self.reg.cols[key] = (size, here)
            elif seen[0] != size:
                raise self.clash(
                    _("{matrix} is applied to {first} (size {first_size}) and to {second} (size {second_size}); "
                      "a matrix takes one size of input").format(matrix=key, first=seen[1], first_size=seen[0],
                                                                 second=here, second_size=size),
                    mnode,
                )
            blocks = current.parts if current.parts else (current,)
            total = Integer(0)
            for i, part in enumerate(blocks):
                fn = self.param(key, i if current.parts else None, "matrix")
                total += slot(fn, part.expr)
            current = Value(("v", "H"), total)
        return current

    def inner(self, a: Value, b: Value, node) -> Value:
        """``gᵀ g``, a row vector times a column: the squared norm ‖g‖² (the one inner product answers need)."""
        ea, eb = self.vector_expr(a, node.left), self.vector_expr(b, node.right)
        if sympy.expand(ea - eb) != 0:
            raise self.clash(_("an inner product of two different vectors is not supported here"), node)
        return Value(("s",), self.norm(b, node.right).expr ** 2)

    def norm(self, v: Value, node) -> Value:
        if v.shape[0] == "m":
            raise self.clash(_("the norm of a matrix is not expected here"), node)
        e = self.vector_expr(v, node)
        if v.shape[0] == "s":
            return Value(("s",), sympy.Abs(e))
        # named by its argument, so that ‖g‖ in the answer and in the reference are one symbol
        return Value(("s",), Symbol(f"‖{e}‖", positive=True))

    def call(self, node: Call) -> Value:
        f = node.func
        if f.endswith("'"):
            raise self.clash(_("a derivative like σ'(x) is what the answer should work out"), node)
        if f == "concat":
            items = node.args[0].items if len(node.args) == 1 and isinstance(node.args[0], Concat) else node.args
            return self.lower(Concat(node.span, items))
        if f == "norm" and len(node.args) == 2 and isinstance(node.args[1], Num) and node.args[1].text == "2":
            node = Call(node.span, f, node.args[:1], node.power)  # norm(g, 2) is the 2-norm
        if len(node.args) != 1:
            raise self.clash(_("{function} takes one argument, not {count}").format(function=f, count=len(node.args)), node)
        v = self.lower(node.args[0])
        if f == "norm":
            out = self.norm(v, node.args[0])
        elif f == "diag":
            if v.shape[0] != "v":
                raise self.clash(_("diag takes a vector, not {size}").format(size=size_text(v.shape)), node)
            out = Value(("m", v.shape[1], v.shape[1]), factors=(("diag", self.vector_expr(v, node.args[0])),))
        elif f not in ELEMENTWISE:
            raise self.clash(_("{function} is not expected in this answer").format(function=f), node)
        else:
            if v.shape[0] == "m":
                raise self.clash(_("{function} is applied elementwise to vectors, but {argument} is a matrix").format(
                    function=f, argument=_source(node.args[0], self.src)), node)
            arg = self.vector_expr(v, node.args[0])
            if f in GROWING:
                self.bounded(arg, node.args[0])
            out = Value(v.shape, ELEMENTWISE[f](arg))
        if node.power is not None:
            p = self.lower(node.power)
            out = self.power(out, p, BinOp(node.span, "^", node, node.power))
        return out


def split_letters(node: Name, scope: Scope):
    """``HX`` typed for ``H·X``: a run of letters each of which is a known name, as a product."""
    if node.sub or node.deco or node.primes or len(node.base) < 2 or not node.base.isalpha():
        return None
    parts = []
    for i, ch in enumerate(node.base):
        letter = Name(Span(node.span.start + i, node.span.start + i + 1), ch, ch)
        try:
            resolve(letter, scope)
        except UnknownName:
            return None
        parts.append(letter)
    out = parts[0]
    for p in parts[1:]:
        out = BinOp(out.span.join(p.span), "juxt", out, p)
    return out


def slot(fn, expr):
    """``fn`` applied linearly to ``expr``: distributed over sums, numbers pulled out."""
    total = Integer(0)
    for term in Add.make_args(sympy.expand(expr)):
        coeff, rest = term.as_coeff_Mul()
        total += coeff * fn(rest)
    return total
