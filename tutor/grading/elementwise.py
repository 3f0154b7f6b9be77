"""Elementwise gradient lines as algebra: each quantity an independent symbol.

The verdict on a gradient line comes from numbers (:mod:`tutor.grading.backward`).
Where the line is elementwise (an LSTM or GRU step), it can also be read as
algebra, with δhₜ, cₜ, oₜ … as independent SymPy symbols, and compared with the
reference there. A correct line that is *not* the reference's algebra holds
only through the network's own forward equations (hₜ/oₜ for tanh(cₜ)); the
learner is told so.
"""

from __future__ import annotations

from ..base.language import _
from ..notation import BinOp, Call, Name, Neg, Num, parse_chain
from ..numeric.arrays import quantity


def algebra_note(problem, node, keys: set) -> tuple:
    """Where the line is elementwise, say when it equals the reference only through the forward equations.

    Each quantity (δhₜ, cₜ, oₜ …) becomes an independent SymPy symbol and both
    lines are evaluated at random values of them: agreement there is agreement
    as algebra; a line that agrees with autodiff but not there uses an identity
    of the network itself (hₜ/oₜ for tanh(cₜ)), which is worth saying.
    """
    learner = symbolic(problem, node, keys)
    if learner is None:
        return ()
    from .chains import _numbers_agree

    for ref in problem.all_references():
        reference = symbolic(problem, parse_chain(ref.answer)[-1], keys)
        # every quantity an independent symbol: equal here means equal as algebra, whatever the network
        if reference is not None and _numbers_agree(learner, reference) is not False:
            return ()
    return (_("equal on the network's numbers through its forward equations (as hₜ = oₜ ⊙ tanh(cₜ)), "
              "though not the reference's form term by term"),)


SYMBOLIC_FUNCS = {"tanh": "tanh", "exp": "exp", "log": "log", "sech": "sech", "cosh": "cosh", "sinh": "sinh"}


def symbolic(problem, node, keys: set):
    """An elementwise gradient line as a SymPy expression in free symbols (one per quantity and step), or None.

    Matrices, transposes, sums and products over steps are not elementwise: those lines are left to the numbers.
    """
    import sympy

    from ..numeric.functions import sigmoid

    def walk(n):
        if isinstance(n, Num):
            return sympy.Rational(n.text)
        if isinstance(n, Name):
            q = quantity(n, problem.model, keys)
            if q is None or q.param:
                return None
            return sympy.Symbol(f"{'δ' if q.grad else ''}{q.key}[{q.var or ''}{q.offset:+d}]", real=True)
        if isinstance(n, Neg):
            inner = walk(n.operand)
            return None if inner is None else -inner
        if isinstance(n, BinOp):
            a, b = walk(n.left), walk(n.right)
            if a is None or b is None:
                return None
            if n.op == "^":
                return a**b if b.is_Number and abs(b) <= 16 else None
            return {"+": a + b, "-": a - b, "/": a / b}.get(n.op, a * b)
        if isinstance(n, Call) and len(n.args) == 1 and n.power is None:
            a = walk(n.args[0])
            if a is None:
                return None
            if n.func == "sigmoid":
                return sigmoid(a)
            if n.func == "sigmoid'":
                return sigmoid(a) * (1 - sigmoid(a))
            if n.func == "tanh'":
                return 1 - sympy.tanh(a) ** 2
            fn = SYMBOLIC_FUNCS.get(n.func)
            return getattr(sympy, fn)(a) if fn else None
        if isinstance(n, Call) and len(n.args) == 1 and isinstance(n.power, Num):
            a = walk(n.replace(power=None))
            return None if a is None else a ** sympy.Rational(n.power.text)
        return None

    return walk(node)


