"""Derivations as chains: every link must equal the one before, and the last must be the answer.

A derivation is typed as ``a = b = c`` on one line or over several lines (a
line may open with ``=``). Each side of each ``=`` is a *link*; nothing is
ignored, except a first (or else a last) link that is exactly the name of
what is asked (``σ'(x)``, ``∂h_T/∂h_k``, ``δc_t``: the problem's ``labels``). The checker
decides the last link like any answer; this module decides the links between,
in order, and locates the first that does not follow from the one before: its
line, a caret under it, and what changed (a sign, a constant factor, a square,
σ for tanh, a transposition).

How two links are compared depends on the problem, so a *judge* does it:
:class:`SymbolicJudge` (SymPy, with ``d/dx`` and ``σ′`` understood; numbers
first, a proof second) here, and the gradient judge of :mod:`tutor.grading.backward`
(numbers from automatic differentiation of the forward equations). Steps
that skip algebra are fine: only equality counts.
"""

from __future__ import annotations

from fractions import Fraction
from typing import NamedTuple

import sympy

from ..base.language import _
from ..notation import BinOp, Call, Equation, Name, Num, ParseError, caret_lines, parse_chain
from ..notation.symbols import spelling
from ..notation.typeset import typeset
from ..notation.programs import map_tree as walk_tree
from .derivatives import DerivativeLowerer, walk
from .matrices import ExplicitLowerer

FN_SWAP = {"sigmoid": "tanh", "tanh": "sigmoid"}
FN_SHOWN = {"sigmoid": "σ", "tanh": "tanh"}


class Link(NamedTuple):
    node: object
    line: int  # 1-based line of the source


class Chain(NamedTuple):
    """The links of a derivation after its label (``label`` is the dropped first link, or None)."""

    links: tuple
    label: object
    source: str
    lines: int
    label_last: bool = False  # the name written at the end (… = σ'(x)) rather than at the start


class Break(NamedTuple):
    """The first link that does not follow from the one before it."""

    index: int  # position in Chain.links
    message: str
    caret: str


def read_chain(problem, answer: str, names_target=None) -> Chain:
    """Parse a derivation into links; drop a first (or else a last) link that is exactly the target's name.

    ``names_target(problem, node)`` may widen "exactly the target's name" to
    every spelling that means the target (a gradient problem's ``dc`` for δcₜ).
    """
    nodes = _dummy_variable([_plain(n, problem) for n in parse_chain(answer)], problem)
    links = tuple(Link(n, answer.count("\n", 0, n.span.start) + 1) for n in nodes)
    label = None
    named = names_target or is_label
    if len(links) > 1 and named(problem, links[0].node):
        label, links = links[0].node, links[1:]
    elif len(links) > 1 and getattr(problem, "min_links", 1) <= 1 and named(problem, links[-1].node):
        # … = σ(x)(1 − σ(x)) = σ'(x): the name last (not in a "show that", where the start is given)
        label, links = links[-1].node, links[:-1]
        return Chain(links, label, answer, answer.strip().count("\n") + 1, label_last=True)
    return Chain(links, label, answer, answer.strip().count("\n") + 1)


def _plain(node, problem):
    """A link in the tutor's own names: a source's spellings (min(1, θ/‖g‖), num_units) read as for any answer.

    Gradient lines keep their own vocabulary (y is a label there, not a source's hidden state).
    """
    if problem.kind != "derivation":
        return node
    from ..notation.dialects import resolve_dialects

    eqs, _notes = resolve_dialects((Equation(node.span, None, node),), problem.scope.topic)
    return eqs[0].rhs if len(eqs) == 1 and eqs[0].lhs is None else node


def _dummy_variable(nodes: list, problem) -> list:
    """d/dz tanh(z) = 1 − tanh²(z): the variable of differentiation is a dummy, so z is the problem's x.

    Only where the answer differentiates with respect to a one-letter name the
    problem does not know, the problem has exactly one scalar variable, and the
    answer never writes that variable.
    """
    scalars = [key for key, m in problem.scope.fixed.items() if m.kind == "scalar" and len(key) == 1]
    if len(scalars) != 1:
        return nodes
    x = scalars[0]
    found: set = set()
    used: set = set()

    def look(n):
        if isinstance(n, BinOp) and n.op == "/" and isinstance(n.left, Name) and n.left.raw == "d" \
                and isinstance(n.right, Name) and len(n.right.base) == 2 and n.right.base[0] == "d" and not n.right.sub:
            found.add(n.right.base[1])
        elif isinstance(n, Name):
            used.add(n.base)
        return n

    for n in nodes:
        walk_tree(n, look)
    if len(found) != 1:
        return nodes
    z = found.pop()
    if not z.isalpha() or z == x or z in problem.scope.fixed or x in used:
        return nodes

    def rename(n):
        if isinstance(n, Name) and not n.sub and not n.deco and not n.primes and n.base in (z, "d" + z):
            return n.replace(base=n.base[:-1] + x, raw=n.raw[:-1] + x)
        return n

    return [walk_tree(n, rename) for n in nodes]


def is_label(problem, node) -> bool:
    """Whether ``node`` is exactly one of the problem's names for its target.

    In a ∂-label a capital state is the state (Olah writes ∂C_t/∂C_{t-1} for the cell).
    """
    for text in getattr(problem, "labels", ()):
        try:
            label = parse_chain(text)
        except ParseError:
            continue
        if len(label) == 1 and (same_node(label[0], node) or _same_derivative_label(label[0], node)):
            return True
    return False


def _same_derivative_label(label, node) -> bool:
    if not (isinstance(label, Name) and isinstance(node, Name) and "∂" in node.base):
        return False
    fold = str.maketrans({"C": "c", "H": "h"})
    return spelling(label) == spelling(node).translate(fold)


def same_node(a, b) -> bool:
    """Structural equality of two expressions, ignoring spans and spellings of one name."""
    if type(a) is not type(b):
        return False
    if isinstance(a, Name):
        return spelling(a) == spelling(b)
    if not hasattr(a, "FIELDS"):
        return a == b
    for field in a.FIELDS:
        x, y = getattr(a, field), getattr(b, field)
        if isinstance(x, tuple) and isinstance(y, tuple):
            if len(x) != len(y) or not all(same_node(p, q) for p, q in zip(x, y)):
                return False
        elif hasattr(x, "FIELDS") or hasattr(y, "FIELDS"):
            if not same_node(x, y):
                return False
        elif x != y:
            return False
    return True


def first_break(chain: Chain, judge) -> Break | None:
    """Decide each link against the one before; the first that is not equal, located and explained.

    A label at the start names what is asked, so the first link after it must equal that.
    """
    values = [judge.value(link.node) for link in chain.links]
    labelled = chain.label is not None and not chain.label_last
    steps = [(chain.links[k - 1].node, values[k - 1], k) for k in range(1, len(chain.links))]  # (before, its value, after)
    if labelled:
        start = _label_value(chain.label, judge)
        if start is not None:
            steps.insert(0, (chain.label, start, 0))
    for before, value, k in steps:
        after = chain.links[k]
        equal = judge.equal(value, values[k])
        if equal or (equal is None and k == 0):  # the label's step is reported only when surely unequal
            continue
        if equal is None:
            what = _("the numbers agree, but SymPy could not prove the step in its time budget; split it into smaller steps")
        else:
            try:
                what = judge.changed(before, after.node, value, values[k]) or _("the two sides differ")
            except ParseError:
                if k:
                    raise
                what = _("the two sides differ")  # a label's edits may name nothing the judge can evaluate
        shown_a, shown_b = judge.shown(before), judge.shown(after.node)
        if chain.lines > 1:
            message = _("line {line}: {after} does not follow from {before}: {what}").format(
                line=after.line, after=shown_b, before=shown_a, what=what)
        else:
            message = _("step {step}: {after} does not follow from {before}: {what}").format(
                step=k + 1 + labelled, after=shown_b, before=shown_a, what=what)
        return Break(k, message, caret_lines(chain.source, after.node.span))
    return None


def _label_value(label, judge):
    """The value of what a label names: the label itself where it can be evaluated (σ'(x), δc_t),
    else the problem's reference (a Jacobian's name), else None."""
    from ..base.limits import OutOfTime

    for node in (label, None):
        try:
            return judge.value(label if node is not None else parse_chain(judge.problem.reference)[-1])
        except OutOfTime:
            raise
        except (ParseError, ValueError, TypeError, ArithmeticError):
            continue
    return None


def interpretation(chain: Chain, judge, ascii: bool = False) -> str:
    """The chain as read: links of one source line joined by '=', later lines opening with '='."""
    rows: list = []
    line = None
    items = list(chain.links)
    if chain.label is not None and chain.label_last:
        items.append(Link(chain.label, chain.links[-1].line))
    elif chain.label is not None:
        items.insert(0, Link(chain.label, chain.links[0].line))
    for link in items:
        text = judge.shown(link.node, ascii)
        if link.line == line:
            rows[-1] += " = " + text
        else:
            rows.append(("= " if rows else "") + text)
            line = link.line
    return "\n".join(rows)


# ---------------------------------------------------------------- symbolic judge


class SymbolicJudge:
    """Links lowered by SymPy (derivative operators understood), compared at numbers, then proved."""

    def __init__(self, problem, source: str):
        self.problem = problem
        self.src = source
        scope = problem.scope
        self.matrix = problem.mode == "matrix"
        self.low = ExplicitLowerer(scope, source) if self.matrix else DerivativeLowerer(scope, source, prefix="L")

    def value(self, node):
        from .reading import read

        reading = read(self.problem, self.src, eqs=(Equation(node.span, None, node),), lowerer=self.low)
        return reading.outputs["value"].expr

    def shown(self, node, ascii: bool = False) -> str:
        return typeset(node, self.low, ascii=ascii)

    def equal(self, a, b) -> bool | None:
        from .equivalence import proven_equal

        same = _numbers_agree(a, b)
        if same is False:
            return False
        return proven_equal(a, b)

    def changed(self, a_node, b_node, a, b) -> str:
        """What turned link a into link b: a sign, a factor, a constant, a square, σ for tanh, a transposition."""
        ratio = _constant(lambda x, y: x / y, a, b)
        if ratio is not None:
            return _factor_message(ratio)
        diff = _constant(lambda x, y: x - y, a, b)
        if diff is not None and diff != 0:
            return (_("a term {term} was lost").format(term=_fmt(diff)) if diff > 0
                    else _("a term {term} appeared").format(term=_fmt(-diff)))
        if isinstance(a, sympy.MatrixBase) and isinstance(b, sympy.MatrixBase) and a.shape[::-1] == b.shape:
            if _numbers_agree(a.T, b):
                return _("the matrix was transposed (a product's order was reversed)")
        return explain_edit(self, a_node, b_node, a, b)


def explain_edit(judge, a_node, b_node, a, b) -> str:
    """An edit of one link that makes it the other: a square dropped or added, σ for tanh."""
    for mutated, what, of_a in _mutants(a_node, b_node):
        try:
            v = judge.value(mutated)
        except ParseError:
            continue
        if judge.equal(v, b if of_a else a):
            return what
    return ""


def _mutants(a_node, b_node):
    """Edits of link a (a square dropped, σ ↔ tanh) and of link b (a square added) that explain the step."""
    for n in walk(a_node):
        if _is_square(n):
            yield _replace_node(a_node, n, _unsquare(n)), _("the square was dropped"), True
    for n in walk(a_node):
        if isinstance(n, Call) and n.func == "tanh'":
            yield _replace_node(a_node, n, n.replace(func="tanh", power=None)), _("tanh′ became tanh"), True
            one_minus = BinOp(n.span, "-", Num(n.span, "1"), n.replace(func="tanh"))
            yield _replace_node(a_node, n, one_minus), _("the square was dropped"), True
        if isinstance(n, Call) and n.func in FN_SWAP:
            other = FN_SWAP[n.func]
            yield _replace_node(a_node, n, n.replace(func=other)), _("{before} became {after}").format(
                before=FN_SHOWN[n.func], after=FN_SHOWN[other]), True
    for n in walk(b_node):
        if _is_square(n):
            yield _replace_node(b_node, n, _unsquare(n)), _("a square appeared"), False


def _is_square(n) -> bool:
    if isinstance(n, BinOp) and n.op == "^" and isinstance(n.right, Num) and n.right.text == "2":
        return True
    return isinstance(n, Call) and isinstance(n.power, Num) and n.power.text == "2"


def _unsquare(n):
    return n.left if isinstance(n, BinOp) else n.replace(power=None)


def _replace_node(root, target, new):
    if root is target:
        return new
    if not hasattr(root, "FIELDS"):
        return root
    changes = {}
    for field in root.FIELDS:
        value = getattr(root, field)
        if isinstance(value, tuple):
            items = tuple(_replace_node(v, target, new) for v in value)
            if any(x is not y for x, y in zip(items, value)):
                changes[field] = items
        elif hasattr(value, "FIELDS"):
            out = _replace_node(value, target, new)
            if out is not value:
                changes[field] = out
    return root.replace(**changes) if changes else root


def _entries(e):
    return list(e) if isinstance(e, sympy.MatrixBase) else [e]


def _pairs(a, b):
    """Values of a and b at the comparison points, entry by entry (None where undefined)."""
    from ..numeric.evaluation import Point, Undefined, evaluate
    from .equivalence import POINTS

    ea, eb = _entries(a), _entries(b)
    if len(ea) != len(eb):
        return None
    out = []
    for seed in POINTS:
        pt = Point(seed)
        for x, y in zip(ea, eb):
            try:
                out.append((evaluate(x, pt), evaluate(y, pt)))
            except Undefined:
                continue
    return out


def _numbers_agree(a, b) -> bool | None:
    from ..numeric.evaluation import close

    if isinstance(a, sympy.MatrixBase) != isinstance(b, sympy.MatrixBase):
        return False
    if isinstance(a, sympy.MatrixBase) and a.shape != b.shape:
        return False
    pairs = _pairs(a, b)
    if pairs is None:
        return False
    if not pairs:
        return None
    return all(close(x, y) for x, y in pairs)


def _constant(op, a, b):
    """op(a, b) when it is the same number at every point (a sign, a factor), else None."""
    from ..numeric.evaluation import close

    pairs = _pairs(a, b)
    if not pairs:
        return None
    seen = None
    for x, y in pairs:
        if abs(y) < 1e-12 and abs(x) < 1e-12:
            continue
        try:
            r = op(x, y)
        except ZeroDivisionError:
            return None
        if seen is None:
            seen = r
        elif not close(r, seen):
            return None
    if seen is None:
        return None
    frac = Fraction(seen).limit_denominator(24)
    if frac == 0:  # a vanishing ratio (a tiny value at far-out numbers) is no constant factor
        return None
    return frac if abs(float(frac) - seen) < 1e-9 * max(1.0, abs(seen)) else None


def _factor_message(r: Fraction) -> str:
    if r == -1:
        return _("a sign flipped")
    if r < 0:
        lost, appeared = _("the sign flipped and a factor {factor} was lost"), _("the sign flipped and a factor {factor} appeared")
    else:
        lost, appeared = _("a factor {factor} was lost"), _("a factor {factor} appeared")
    r = abs(r)
    if r > 1:
        return lost.format(factor=_fmt(r))
    return appeared.format(factor=_fmt(1 / r))


def _fmt(r) -> str:
    r = Fraction(r)
    return str(r.numerator) if r.denominator == 1 else f"{r.numerator}/{r.denominator}"
