"""Why an answer is wrong.

Two sources of reasons, tried in order:

1. the problem's *known mistakes* (problems/*.toml): pattern answers with a
   message, compared with the learner's answer by the same renaming-aware
   equivalence as the verdict;
2. *generic mutations* of the reference and of each named variant, made on
   the reference's AST: σ ↔ tanh, a missing activation, one state for another
   (``hₜ`` for ``hₜ₋₁``), one gate for another, a term or factor dropped
   (missing bias, input, gate), ``+`` for ``⊙``, ``1 − z`` ↔ ``z`` (the same
   gate on both sides of the interpolation), the order of a matrix product,
   one named matrix for another.

A mutant that matches the answer numerically under some renaming names the
mistake. Mutants depend only on the problem, so they are built once per
problem and cached. For whole cells each line is checked against its own
problem (``lstm.forget`` for ``fₜ`` …), which finds several mistakes at once,
and parameters reused across gates are reported by name.
"""

from __future__ import annotations

from functools import lru_cache

import sympy

from ..base.limits import uncharged
from .equivalence import Prepared, prepare, quick_match
from .mutants import FN_SHOWN, misplacements, replace, walk
from .reference import prepared_reference, result_of
from ..notation import BinOp, Call, Concat, Name, Neg, Num, ParseError, Transpose, parse
from ..bank.problems import Problem
from ..notation.symbols import GATES, GATE_DISPLAY, STATE_ASCII, STATE_DISPLAY, UnknownName, resolve, spelling
from ..notation.typeset import typeset
from ..numeric.functions import relu, sigmoid
from .difference import locate
from ..base.language import N_, gettext

ACTIVATIONS = {"sigmoid": sigmoid, "tanh": sympy.tanh}

FN_WHY = {"sigmoid": N_("a gate must stay in (0, 1)"), "tanh": N_("a value or state needs the range (−1, 1)"),
          "relu": N_("this cell uses relu here")}


class Reason(str):
    """A diagnosis message that also says what kind of mistake it names.

    The kind (activation, state, gate, term, product, matrix, known) lets the
    drill pick the hint that helps with this mistake (a hint's ``for`` in
    problems/*.toml); everywhere else a Reason is just its text.
    """

    kind = ""

    def __new__(cls, text: str, kind: str = ""):
        made = super().__new__(cls, text)
        made.kind = kind
        return made


def diagnose(problem: Problem, reading, learner: Prepared) -> list[str]:
    """Reasons for a wrong single equation or derivation, most specific first; never empty.

    Whole cells are marked line by line by the checker, which calls this for each line.
    """
    for i, mistake in enumerate(problem.mistakes):
        prepared = _mistake(problem, i)
        if prepared is not None and quick_match(learner, prepared) is not None:
            return [Reason(mistake.message, mistake.kind)]
    _, ref_reading = prepared_reference(problem, 0)
    bare = no_activation(reading, ref_reading) if problem.kind != "derivation" else None
    if bare:
        return [Reason(bare, "activation")]
    has_relu = _has(reading, relu)
    for message, prepared, needs_relu in _mutants(problem):
        if needs_relu and not has_relu:
            continue  # relu equals the identity at positive points: only a relu written can be "relu where …"
        if quick_match(learner, prepared) is not None:
            return [message]
    other = _other_times(reading)
    if other:
        return [gettext("{names} belongs to another time step; this cell reads xₜ and the previous states").format(
            names=gettext(", ").join(other))]
    return [locate(problem, reading, ref_reading)]


def _has(reading, fn) -> bool:
    return any(getattr(v.expr, "has", lambda *_: False)(fn) for v in reading.outputs.values())


def no_activation(reading, ref_reading) -> str | None:
    """"no activation" for an answer that applies none where the reference applies one."""
    if any(_has(reading, f) for f in (*ACTIVATIONS.values(), relu)):
        return None
    used = [name for name, f in ACTIVATIONS.items() if _has(ref_reading, f)]
    if not used:
        return None
    shown = gettext(" or ").join(FN_SHOWN[u] for u in used)
    return gettext("no activation: the right side is a plain affine map; it needs {functions} ({why})").format(
        functions=shown, why=gettext(FN_WHY[used[0]]))


def _other_times(reading) -> list[str]:
    """States of steps other than t and t − 1 (h_{t-2}, x_{t+1}) used on the right side."""
    names = set()
    for value in reading.outputs.values():
        expr = value.expr
        for sym in getattr(expr, "free_symbols", ()):
            if "[" in sym.name:
                base, sub = sym.name.rstrip("]").split("[")
                names.add(f"{base.removeprefix('gate_')}_{{{sub}}}")
    return sorted(names)


# ---------------------------------------------------------------- whole cells


def reused_parameters(problem: Problem, reading) -> dict:
    """Parameter names that appear in the definitions of two or more gates or states."""
    where: dict = {}
    for role, eq in reading.definitions.items():
        for _, node in walk(eq.rhs):
            if not isinstance(node, Name):
                continue
            try:
                kind = resolve(node, problem.scope).kind
            except (UnknownName, ParseError):
                continue
            if kind in ("matrix", "bias", "vecparam"):
                where.setdefault(spelling(node), []).append(typeset(eq.lhs, None))
    return {k: sorted(set(v)) for k, v in where.items() if len(set(v)) > 1}


def reuse_message(reused: dict) -> str:
    parts = [gettext("{name} (in {roles})").format(name=name, roles=gettext(", ").join(roles))
             for name, roles in sorted(reused.items())]
    return gettext("the same parameters are used for two different gates: {parts}; each gate needs weights of its own").format(
        parts=gettext("; ").join(parts))


# ---------------------------------------------------------------- AST surgery


def _name_node(text: str, span) -> Name:
    node = parse(text)[0].rhs
    return node.replace(span=span)


def _classify_term(node, scope) -> str:
    names = [n for _, n in walk(node) if isinstance(n, Name)]
    kinds = set()
    for n in names:
        try:
            m = resolve(n, scope)
        except (UnknownName, ParseError):
            continue
        kinds.add((m.kind, m.key))
    shown = typeset(node, None)
    if any(k == "state" and key in ("x", "x_prev") for k, key in kinds):
        return gettext("the input term {term} is missing").format(term=shown)
    if any(k == "state" and key == "h_prev" for k, key in kinds):
        return gettext("the recurrent term {term} is missing").format(term=shown)
    if kinds and all(k == "bias" for k, _ in kinds):
        return gettext("the bias {bias} is missing").format(bias=shown)
    return gettext("the term {term} is missing").format(term=shown)


def mutations(problem: Problem, eq_tuple: tuple):
    """Yield (priority, message, mutated equations) for the generic mistakes of one reference.

    Priority orders the reasons when several mutants match: a missing piece
    (0) explains more than a swapped function (1) or a swapped name (2).
    """
    scope = problem.scope
    topic_gates = sorted(set(GATES.get(scope.topic, {}).values())) if scope.gates else []
    fixed_mats = [m for m in scope.fixed.values() if m.kind == "matrix"]
    for ei, eq in enumerate(eq_tuple):
        for priority, message, rhs in misplacements(eq.rhs, scope, problem.kind == "derivation"):
            eqs = list(eq_tuple)
            eqs[ei] = eq.replace(rhs=rhs)
            yield (priority, message, tuple(eqs))
        yield from _swap_every(problem, eq_tuple, ei, topic_gates)
        for path, node in walk(eq.rhs):
            full = (("rhs", None),) + path

            def make(new, full=full, ei=ei):
                eqs = list(eq_tuple)
                eqs[ei] = replace(eq_tuple[ei], full, new)
                return tuple(eqs)

            if isinstance(node, Call) and node.func in FN_SHOWN:
                for other in FN_SHOWN:
                    if other != node.func:
                        yield (1, Reason(gettext("{wrong} where {right} belongs ({why})").format(
                            wrong=FN_SHOWN[other], right=FN_SHOWN[node.func], why=gettext(FN_WHY[node.func])), "activation"),
                               make(node.replace(func=other)))
                yield (1, Reason(gettext("the {function} is missing: its argument is used without the activation").format(
                    function=FN_SHOWN[node.func]), "activation"),
                       make(node.args[0]))
            elif isinstance(node, Name):
                try:
                    m = resolve(node, scope)
                except (UnknownName, ParseError):
                    continue
                if m.kind == "state":
                    for key, text in STATE_ASCII.items():
                        if key != m.key:
                            yield (2, Reason(gettext("{wrong} where {right} belongs").format(wrong=STATE_DISPLAY[key], right=m.display), "state"),
                                   make(_name_node(text, node.span)))
                elif m.kind == "gate":
                    for g in topic_gates:
                        if g != m.key:
                            yield (2, Reason(gettext("{wrong} where {right} belongs").format(wrong=GATE_DISPLAY[g], right=m.display), "gate"),
                                   make(_name_node(f"{g}_t", node.span)))
                    if scope.states:  # hₜ₋₁ in place of the candidate, cₜ₋₁ twice in the cell update
                        for key in ("h_prev", "c_prev", "x"):
                            if key in STATE_ASCII and (key != "c_prev" or scope.topic == "lstm"):
                                yield (2, Reason(gettext("{wrong} where {right} belongs").format(wrong=STATE_DISPLAY[key], right=m.display), "state"),
                                       make(_name_node(STATE_ASCII[key], node.span)))
                    if m.key == "z":
                        one_minus = BinOp(node.span, "-", Num(node.span, "1"), node)
                        yield (2, Reason(gettext(_SAME_GATE).format(g=m.display), "gate"), make(one_minus))
                elif m.kind == "matrix" and problem.mode == "matrix":
                    yield (2, Reason(gettext("{matrix} is transposed").format(matrix=m.ascii), "matrix"), make(Transpose(node.span, node)))
                    for other in fixed_mats:
                        if other.key != m.key:
                            yield (2, Reason(gettext("{wrong} where {right} belongs").format(wrong=other.ascii, right=m.ascii), "matrix"),
                                   make(_name_node(other.ascii, node.span)))
                elif m.kind == "matrix" and not scope.renamable:
                    for other in fixed_mats:
                        if other.key != m.key:
                            yield (2, Reason(gettext("{wrong} where {right} belongs").format(wrong=other.ascii, right=m.ascii), "matrix"),
                                   make(_name_node(other.ascii, node.span)))
            elif isinstance(node, Concat):
                for i, item in enumerate(node.items):
                    rest = node.items[:i] + node.items[i + 1 :]
                    smaller = rest[0] if len(rest) == 1 else node.replace(items=rest)
                    yield (0, Reason(_classify_term(item, scope), "term"), make(smaller))
            elif isinstance(node, BinOp):
                if node.op in ("+", "-"):
                    left_gone = Neg(node.span, node.right) if node.op == "-" else node.right
                    yield (0, Reason(_classify_term(node.left, scope), "term"), make(left_gone))
                    yield (0, Reason(_classify_term(node.right, scope), "term"), make(node.left))
                    if node.op == "-" and isinstance(node.left, Num) and node.left.text == "1":
                        yield (2, Reason(gettext(_SAME_GATE).format(g=typeset(node.right, None)), "gate"), make(node.right))
                elif node.op in ("⊙", "*", "juxt", "@"):
                    for kept, dropped in ((node.left, node.right), (node.right, node.left)):
                        if problem.mode == "matrix" or not _is_matrix_name(dropped, scope):
                            yield (0, Reason(gettext("the factor {factor} is missing").format(factor=typeset(dropped, None)), "term"), make(kept))
                    if problem.mode == "matrix":
                        yield (1, Reason(gettext("the matrix product is in the wrong order"), "product"),
                               make(BinOp(node.span, node.op, node.right, node.left)))
                    else:
                        yield (1, Reason(gettext("+ where ⊙ belongs ({where})").format(where=typeset(node, None)), "product"),
                               make(BinOp(node.span, "+", node.left, node.right)))


def _swap_every(problem: Problem, eq_tuple: tuple, ei: int, topic_gates: list):
    """One gate for another at every occurrence (rₜ for zₜ on both sides of the interpolation)."""
    scope = problem.scope
    spots: dict = {}
    for path, node in walk(eq_tuple[ei].rhs):
        if isinstance(node, Name):
            try:
                m = resolve(node, scope)
            except (UnknownName, ParseError):
                continue
            if m.kind == "gate":
                spots.setdefault(m.key, []).append((path, node, m))
    for key, places in spots.items():
        if len(places) < 2:
            continue  # a single occurrence is covered by the one-at-a-time swaps
        for other in topic_gates:
            if other == key:
                continue
            eq = eq_tuple[ei]
            for path, node, m in places:
                eq = replace(eq, (("rhs", None),) + path, _name_node(f"{other}_t", node.span))
            eqs = list(eq_tuple)
            eqs[ei] = eq
            yield (2, Reason(gettext("{wrong} where {right} belongs").format(wrong=GATE_DISPLAY[other], right=places[0][2].display), "gate"), tuple(eqs))


_SAME_GATE = N_("the same gate weight on both sides of the interpolation: one side needs {g}, the other 1 − {g}")


def _is_matrix_name(node, scope) -> bool:
    if not isinstance(node, Name):
        return False
    try:
        return resolve(node, scope).kind in ("matrix", "identity")
    except (UnknownName, ParseError):
        return False


@lru_cache(maxsize=64)
@uncharged()  # the reference's mutants are the tutor's own work, not the answer's
def _mutants(problem: Problem) -> tuple:
    from .reading import read

    out = []
    seen = set()
    for ref in problem.all_references():
        eqs = result_of(problem, ref.answer) or parse(ref.answer)
        for priority, message, mutated in sorted(mutations(problem, eqs), key=lambda m: m[0]):
            try:
                reading = read(problem, ref.answer, prefix="R", eqs=mutated)
            except ParseError:
                continue
            key = (message, reading.interpreted)
            if key in seen:
                continue
            seen.add(key)
            # a mutant that writes relu (relu where σ belongs) needs a relu in the answer to match
            out.append((message, prepare(reading.outputs, reading.registry, problem.mode == "matrix"),
                        _relus(mutated) > _relus(eqs)))
    return tuple(out)


def _relus(eqs) -> int:
    return sum(1 for eq in eqs for _, n in walk(eq.rhs) if isinstance(n, Call) and n.func == "relu")


@lru_cache(maxsize=128)
@uncharged()
def _mistake(problem: Problem, index: int):
    from .reading import read

    try:
        reading = read(problem, problem.mistakes[index].answer, prefix="R")
    except ParseError:
        return None
    return prepare(reading.outputs, reading.registry, problem.mode == "matrix")
