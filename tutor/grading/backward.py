"""Grading a backward-pass line: shapes first, then numbers against automatic differentiation.

A gradient problem (``kind = "gradient"`` in ``problems/backprop.toml``) names
a model and the truth it asks for (``grad o t``: ∂L/∂oₜ; ``grad W_hh``;
``jacobian h T k``: ∂h_T/∂h_k). The learner's line is evaluated by
:mod:`tutor.numeric.arrays` on several random instances of the model (sizes
H ≠ X ≠ Y, T ≥ 4, every step t, every k < T) and compared with what
:mod:`tutor.numeric.autodiff` gets from the forward equations alone. An
algebraic slip cannot agree with the truth at every step of three random
networks of different sizes, and one that agrees everywhere *is* the
gradient, whatever form it takes (``δhₜ ⊙ hₜ / oₜ`` is ``δhₜ ⊙ tanh(cₜ)``
on this network).

A wrong line gets a reason, most specific first: the shape (a transposed
outer product is a shape fact when H ≠ X), a free step index (a sum over time
left out), the problem's known mistakes, edits of the reference (a term left
out, a step shifted, a transpose added or dropped, a product reversed, a
factor left out), and a sign, a constant factor or a transposition.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

import numpy as np

from ..base.language import N_, _
from ..notation import BigOp, BinOp, Name, Neg, ParseError, Transpose, caret_lines, parse_chain
from ..notation.typeset import typeset
from ..numeric.arrays import Evaluator, FreeIndex, OutOfTerms, describe, quantity
from ..numeric.backprop import Trace

SEEDS = (101, 202, 303)
RTOL, ATOL = 1e-11, 1e-13  # float64 rewritings agree to ~1e-15; a slip is off by far more


@lru_cache(maxsize=32)
def trace(model: str, seed: int) -> Trace:
    return Trace(model, seed)


def _spec(problem) -> tuple:
    """``truth = "grad o t"`` → ("grad", "o", "t"); ``jacobian h T k`` → ("jacobian", "h", "T k")."""
    parts = problem.truth.split()
    return parts[0], parts[1], " ".join(parts[2:])


def envs(problem, tr: Trace) -> list:
    """The steps at which a line is evaluated on one trace."""
    kind, _, steps = _spec(problem)
    if kind == "jacobian":
        return [{"T": tr.T, "k": k} for k in range(0, tr.T)]
    if steps == "t" and problem.model != "softmax":
        return [{"t": t, "T": tr.T} for t in range(1, tr.T + 1)]
    return [{"T": tr.T}]  # a weight's gradient: no step is free, a sum binds it


def truth(problem, tr: Trace, env: dict):
    kind, key, steps = _spec(problem)
    if kind == "jacobian":
        return tr.jacobian(key, env["T"], env["k"])
    if problem.model == "softmax":
        return tr.grad(key, 1)
    if steps == "t":
        return tr.grad(key, env["t"])
    return tr.grad(key)


def points(problem):
    """(trace, env) pairs: every step of every random instance."""
    out = []
    for seed in SEEDS:
        tr = trace(problem.model, seed)
        out.extend((tr, env) for env in envs(problem, tr))
    return out


def values(problem, source: str, node, final: bool, ops: dict | None = None) -> list:
    """The line's value at every point; ``final`` restricts names to the problem's vocabulary.

    ``ops``, when given, receives how each product was read (elementwise or matrix), for the echo.
    """
    vocabulary = set(problem.vocabulary) if final and problem.vocabulary else None
    forbidden = _target_quantity(problem) if final else None
    # a link between may name Jacobians: ∂h_t/∂h_{t-1} through the whole step, ∂c_t/∂c_{t-1} = diag(fₜ) along
    # the cell path (the hidden path is δh's term, as every LSTM derivation writes it)
    jacobians = None if final else {"h": "h", "c": "c_cell"}
    out = []
    for tr, env in points(problem):
        ev = Evaluator(tr, source, env, vocabulary, forbidden, jacobians)
        try:
            with np.errstate(all="ignore"):
                out.append(np.asarray(ev.value(node), dtype=float))
        except (OverflowError, ZeroDivisionError, ValueError, np.linalg.LinAlgError) as exc:
            if isinstance(exc, ParseError):
                raise
            raise ParseError(_("this cannot be evaluated (an overflow or a division by zero)"), node.span, source) from None
        if ops is not None:
            ops.update(ev.ops)
    return out


class _Echo:
    """What typesetting needs to echo a gradient line: names read as in cells, products as they were read."""

    def __init__(self, problem, ops: dict):
        from ..notation.symbols import Scope

        # nothing resolved as a cell's state: in backprop a bare c is this step's, not PyTorch's previous one
        self.scope = Scope("rnn", states=False, renamable=False, gates=False)
        self.ops = ops


def echo(problem, node, ops: dict, ascii: bool = False) -> str:
    return typeset(node, _Echo(problem, ops), ascii=ascii)


@lru_cache(maxsize=64)
def _target_quantity(problem) -> tuple | None:
    """The target as (key, gradient?, step variable, offset), when the problem has a name for it."""
    for label in problem.labels:
        node = parse_chain(label)[0]
        q = quantity(node, problem.model, trace(problem.model, SEEDS[0]).keys()) if isinstance(node, Name) else None
        if q is not None:
            return (q.key, q.grad, q.var, q.offset)
    return None


def agree(xs: list, ys: list) -> bool:
    for x, y in zip(xs, ys):
        if np.shape(x) != np.shape(y) or not np.all(np.isfinite(x)) or not np.allclose(x, y, rtol=RTOL, atol=ATOL):
            return False
    return len(xs) == len(ys)


@lru_cache(maxsize=64)
def truths(problem) -> tuple:
    return tuple(np.asarray(truth(problem, tr, env), dtype=float) for tr, env in points(problem))


# ---------------------------------------------------------------- the verdict


def check_gradient(problem, source: str, node) -> dict:
    """Grade the last line of a gradient derivation: fields of a Verdict (verdict, feedback, interpreted…)."""
    ops: dict = {}
    try:
        got = values(problem, source, node, final=True, ops=ops)
    except FreeIndex as exc:
        shown = {"interpreted": typeset(node), "interpreted_ascii": typeset(node, ascii=True)}
        what = (_("{target} gathers every step: the sum over time is missing").format(target=problem.target)
                if exc.index == "t" else exc.message)
        return dict(verdict="incorrect", feedback=(what,), caret=caret_lines(source, exc.span), **shown)
    except OutOfTerms as exc:
        shown = {"interpreted": typeset(node), "interpreted_ascii": typeset(node, ascii=True)}
        return dict(verdict="incorrect", caret=caret_lines(source, exc.span),
                    feedback=(_("write {target} with {symbols}; {name} is not one of them").format(
                        target=problem.target, symbols=problem.symbols, name=exc.raw),), **shown)
    shown = {"interpreted": echo(problem, node, ops), "interpreted_ascii": echo(problem, node, ops, ascii=True)}
    want = truths(problem)
    if _spec(problem)[0] == "jacobian" and all(np.ndim(g) == 2 and g.shape[1] == 1 for g in got):
        got = [np.diagflat(g) for g in got]  # an elementwise answer (∏ f_j) stands for its diagonal matrix
    if agree(got, want):
        note = ()
        if _spec(problem)[0] == "grad" and problem.model != "softmax":  # elementwise steps: compare as algebra too
            from .elementwise import algebra_note

            note = algebra_note(problem, node, trace(problem.model, SEEDS[0]).keys())
        return dict(verdict="correct", convention=_form(problem, node), feedback=note, **shown)
    return dict(verdict="incorrect", feedback=tuple(diagnose(problem, node, got, want)), **shown)


def _form(problem, node) -> str:
    """Which written form a correct answer is in: a variant's name when it is that variant, else the reference's."""
    from .chains import same_node

    for ref in problem.variants:
        if same_node(parse_chain(ref.answer)[-1], node):
            return ref.name
    return problem.convention


def diagnose(problem, node, got: list, want: list) -> list:
    """Why a gradient line is wrong, most specific first; never empty."""
    if np.shape(got[0]) != np.shape(want[0]):
        sizes = trace(problem.model, SEEDS[0]).sizes
        if np.shape(got[0]) == np.shape(want[0])[::-1]:
            msg = _("{target} is {wanted}, but this is {got}: the outer product is transposed "
                    "(δ·vᵀ has the shape of the weight, v·δᵀ its transpose)")
        else:
            msg = _("{target} is {wanted}, but this is {got}")
        return [msg.format(target=problem.target, wanted=describe(np.shape(want[0]), sizes),
                           got=describe(np.shape(got[0]), sizes))]
    for message, mistake in _mistakes(problem):
        if agree(got, mistake):
            return [message]
    for message, mutant in _mutants(problem):
        if agree(got, mutant):
            return [message.text()]
    relation = _relation(got, want)
    if relation:
        return [relation]
    return [_("not equal to {target} (checked against automatic differentiation of the forward pass at every step)").format(
        target=problem.target)]


def _relation(got: list, want: list, of_the_line_before: bool = False) -> str:
    if agree([-g for g in got], want):
        return _("the sign is flipped")
    if all(np.ndim(g) == 2 and g.shape[0] == g.shape[1] for g in got) and agree([g.T for g in got], want):
        return _("this is the transpose of the line before") if of_the_line_before else _("this is the transpose of the gradient")
    ratios = [g[np.abs(w) > 1e-8] / w[np.abs(w) > 1e-8] for g, w in zip(got, want)]
    flat = np.concatenate([r.ravel() for r in ratios]) if ratios else np.array([])
    if flat.size and np.allclose(flat, flat[0], rtol=1e-7) and abs(flat[0]) > 1e-9:
        return _("off by a constant factor {factor:.4g}").format(factor=flat[0])
    return ""


@lru_cache(maxsize=64)
def _mistakes(problem) -> tuple:
    out = []
    for m in problem.mistakes:
        try:
            out.append((m.message, values(problem, m.answer, parse_chain(m.answer)[-1], final=False)))
        except ParseError:
            continue
    return tuple(out)


@lru_cache(maxsize=64)
def _mutants(problem) -> tuple:
    out, seen = [], set()
    for ref in problem.all_references():
        root = parse_chain(ref.answer)[-1]
        for message, mutated in mutations(root, problem):
            try:
                v = values(problem, ref.answer, mutated, final=False)
            except ParseError:
                continue
            key = (message, tuple(np.round(v[0].ravel()[:4], 9)))
            if key not in seen and not agree(v, truths(problem)):
                seen.add(key)
                out.append((message, v))
    return tuple(out)


class Said(NamedTuple):
    """What a slip says, kept as its English template and values (the mutants are cached beyond one language)
    and put in the chosen language when shown."""

    template: str
    values: tuple = ()

    def text(self) -> str:
        return _(self.template).format(**dict(self.values))


def mutations(root, problem):
    """Generic slips of a backward equation, as edits of the reference's tree, with what each says (a :class:`Said`)."""
    from .chains import _replace_node
    from .derivatives import walk

    for n in walk(root):
        if isinstance(n, BinOp) and n.op in ("+", "-"):
            for kept, gone in ((n.left, n.right), (n.right, n.left)):
                yield (Said(N_("the term {term} is missing"), (("term", typeset(gone)),)),
                       _replace_node(root, n, kept if kept is n.left or n.op == "+" else Neg(n.span, kept)))
        if isinstance(n, BinOp) and n.op in ("⊙", "juxt", "*", "@"):
            for kept, gone in ((n.left, n.right), (n.right, n.left)):
                yield Said(N_("the factor {factor} is missing"), (("factor", typeset(gone)),)), _replace_node(root, n, kept)
            yield Said(N_("the product is in the wrong order")), _replace_node(root, n, n.replace(left=n.right, right=n.left))
        if isinstance(n, Transpose):
            yield (Said(N_("{wrong} where {right} belongs"), (("wrong", typeset(n.operand)), ("right", typeset(n)))),
                   _replace_node(root, n, n.operand))
        if isinstance(n, Name) and n.base[:1] in "WUV" and not n.base.startswith("δ"):
            yield (Said(N_("{wrong} where {right} belongs"), (("wrong", f"{typeset(n)}ᵀ"), ("right", typeset(n)))),
                   _replace_node(root, n, Transpose(n.span, n)))
        if isinstance(n, Name) and n.sub and not n.base[:1] in "WUVb":
            for new in _shifted(n.sub):
                moved = n.replace(sub=new)
                yield (Said(N_("{wrong} where {right} belongs"), (("wrong", typeset(moved)), ("right", typeset(n)))),
                       _replace_node(root, n, moved))
        if isinstance(n, BigOp) and n.op == "prod":
            grown = n.replace(lower=_shift_text(n.lower or "1", -1))
            yield Said(N_("the product has one factor too many")), _replace_node(root, n, grown)


def _shifted(sub: str) -> list:
    import re

    m = re.fullmatch(r"([a-zA-Z])(?:([+-])(\d+))?", sub)
    if not m:
        return []
    off = int(m.group(3) or 0) * (-1 if m.group(2) == "-" else 1)
    return [_step_text(m.group(1), o) for o in (off - 1, off + 1)]


def _step_text(var: str, off: int) -> str:
    return var if off == 0 else f"{var}{'+' if off > 0 else '-'}{abs(off)}"


def _shift_text(text: str, delta: int) -> str:
    import re

    m = re.fullmatch(r"([a-zA-Z])(?:([+-])(\d+))?", text)
    if m:
        off = int(m.group(3) or 0) * (-1 if m.group(2) == "-" else 1)
        return _step_text(m.group(1), off + delta)
    return str(int(text) + delta) if text.isdigit() else text


# ---------------------------------------------------------------- chains


class GradientJudge:
    """Links of a backward derivation, compared on the arrays of the recorded forward passes."""

    def __init__(self, problem, source: str):
        self.problem = problem
        self.src = source
        self.ops: dict = {}

    def value(self, node):
        if names_target(self.problem, node):
            return truths(self.problem)
        return values(self.problem, self.src, node, final=False, ops=self.ops)

    def shown(self, node, ascii: bool = False) -> str:
        return echo(self.problem, node, self.ops, ascii)

    def equal(self, a, b) -> bool:
        return agree(a, b)

    def changed(self, a_node, b_node, a, b) -> str:
        from .chains import explain_edit

        if all(np.shape(x) == np.shape(y)[::-1] for x, y in zip(a, b)) and np.shape(a[0]) != np.shape(b[0]):
            return _("the shape turned over: an outer product was transposed")
        relation = _relation(b, a, of_the_line_before=True)
        if relation:
            return relation
        for message, mutated in mutations(a_node, self.problem):  # a slip of the line before that gives this one
            try:
                if agree(values(self.problem, self.src, mutated, final=False), b):
                    return message.text()
            except ParseError:
                continue
        return explain_edit(self, a_node, b_node, a, b)


def names_target(problem, node) -> bool:
    """A label of the problem, or any name that means the target (``dc`` in code for δcₜ)."""
    from .chains import is_label

    if is_label(problem, node):
        return True
    if not isinstance(node, Name) or _target_quantity(problem) is None:
        return False
    q = quantity(node, problem.model, trace(problem.model, SEEDS[0]).keys())
    return q is not None and (q.key, q.grad, q.var, q.offset) == _target_quantity(problem)
