"""Misplacements: the classic mistakes that keep every piece of an equation but put one in the wrong place.

:mod:`tutor.grading.diagnosis` makes mutants that change one piece (σ for tanh,
a term dropped, one gate for another). The mistakes learners make most often
with published formulas keep all the pieces and move one: the bias added
outside σ, a tanh around the whole ``oₜ ⊙ cₜ``, the reset gate multiplying the
whole tanh, fₜ and iₜ exchanged in the cell update, an extra tanh around the
GRU's interpolation, the sign of a derivative flipped, ‖g‖ squared in
clipping, the biases left out as Olah's figures leave them out. Each generator
here yields ``(priority, message, new right side)`` from a reference's right
side; the diagnosis reads each mutant like an answer and names the one the
learner's answer matches. Messages say what is misplaced, never the whole
reference.

The AST surgery helpers (walk a tree with paths, replace the node at a path)
live here too, as the diagnosis's mutations share them.
"""

from __future__ import annotations

from ..notation import BinOp, Call, Name, Neg, Node, Norm, Num, ParseError
from ..notation.symbols import GATE_DISPLAY, UnknownName, resolve
from ..notation.typeset import typeset
from ..base.language import N_, gettext, ngettext

FN_SHOWN = {"sigmoid": "σ", "tanh": "tanh", "relu": "relu"}
PRODUCTS = ("⊙", "*", "juxt", "@")
OLAH_BIASES = N_("no biases: Olah's figures leave the biases out; the model has them")


# ---------------------------------------------------------------- AST surgery


def children(node):
    if not isinstance(node, Node):
        return
    for name in node.FIELDS:
        value = getattr(node, name)
        if isinstance(value, Node):
            yield (name, None), value
        elif isinstance(value, tuple):
            for i, v in enumerate(value):
                if isinstance(v, Node):
                    yield (name, i), v


def walk(node, path=()):
    yield path, node
    for step, child in children(node):
        yield from walk(child, path + (step,))


def replace(node, path, new):
    if not path:
        return new
    (field, index), rest = path[0], path[1:]
    child = getattr(node, field)
    if index is None:
        return node.replace(**{field: replace(child, rest, new)})
    items = list(child)
    items[index] = replace(items[index], rest, new)
    return node.replace(**{field: tuple(items)})


def meaning(node, scope):
    if not isinstance(node, Name):
        return None
    try:
        return resolve(node, scope)
    except (UnknownName, ParseError):
        return None


def _terms(node) -> list:
    """The top-level terms of a sum (only through +, so that a subtraction stays whole)."""
    if isinstance(node, BinOp) and node.op == "+":
        return _terms(node.left) + _terms(node.right)
    return [node]


def _sum(terms: list, span):
    out = terms[0]
    for t in terms[1:]:
        out = BinOp(span, "+", out, t)
    return out


# ---------------------------------------------------------------- generators


def misplacements(rhs, scope, derivation: bool):
    """Yield (priority, message, new rhs) for the misplacement mistakes of one right side."""
    span = rhs.span
    yield (1, gettext("the sign is wrong: the answer is the negative of the right expression"), Neg(span, rhs))
    if not derivation:
        for fn in ("tanh", "sigmoid"):
            yield (1, gettext("an extra {function} around the whole right side").format(function=FN_SHOWN[fn]), Call(span, fn, (rhs,)))
        no_bias = _without_biases(rhs, scope)
        if no_bias is not None:
            yield (0, gettext(OLAH_BIASES), no_bias)
        yield from _exchanged_gates(rhs, scope)
    for path, node in walk(rhs):

        def make(new, path=path):
            return replace(rhs, path, new)

        if isinstance(node, Call) and node.func in FN_SHOWN and len(node.args) == 1:
            f = FN_SHOWN[node.func]
            terms = _terms(node.args[0])
            if len(terms) > 2:
                plain = [t for t in terms if not _is_bias(t, scope)]
                biases = [t for t in terms if _is_bias(t, scope)]
                for keep in plain:
                    outside = [t for t in plain if t is not keep]
                    for inside in ([keep] + biases, [keep]):
                        rest = [t for t in terms if not any(t is i for i in inside)]
                        moved = _sum([node.replace(args=(_sum(inside, node.span),))] + rest, node.span)
                        shown = gettext(", ").join(typeset(t, None) for t in outside)
                        yield (1, ngettext("{terms} is added outside {function}; the whole pre-activation belongs inside",
                                           "{terms} are added outside {function}; the whole pre-activation belongs inside",
                                           len(outside)).format(terms=shown, function=f), make(moved))
            if len(terms) > 1:
                for i, t in enumerate(terms):
                    rest = _sum(terms[:i] + terms[i + 1 :], node.span)
                    m = meaning(t, scope)
                    what = (gettext("the bias {bias}").format(bias=typeset(t, None)) if m is not None and m.kind == "bias"
                            else typeset(t, None))
                    yield (1, gettext("{term} is added outside {function}; it belongs inside the activation").format(term=what, function=f),
                           make(BinOp(node.span, "+", node.replace(args=(rest,)), t)))
            for gate_path, inner in walk(node.args[0]):
                if isinstance(inner, BinOp) and inner.op in PRODUCTS:
                    for gate, other in ((inner.left, inner.right), (inner.right, inner.left)):
                        m = meaning(gate, scope)
                        if m is not None and m.kind == "gate":
                            arg = replace(node.args[0], gate_path, other)
                            moved = BinOp(node.span, "⊙", gate, node.replace(args=(arg,)))
                            yield (1, gettext("{gate} multiplies the whole {function}(…); in this equation it belongs inside the {function}")
                                   .format(gate=m.display, function=f),
                                   make(moved))
        elif isinstance(node, BinOp) and node.op in ("+", "-"):
            flipped = "-" if node.op == "+" else "+"
            sign = (gettext("a sign is wrong: {term} is subtracted where it should be added") if flipped == "-" else
                    gettext("a sign is wrong: {term} is added where it should be subtracted"))
            yield (1, sign.format(term=typeset(node.right, None)), make(node.replace(op=flipped)))
            if not derivation and node.op == "+" and not isinstance(node.left, Num) and not isinstance(node.right, Num):
                yield (2, gettext("⊙ where + belongs: two terms are multiplied that should be added"), make(node.replace(op="⊙")))
        elif isinstance(node, BinOp) and node.op in PRODUCTS:
            for call, other in ((node.left, node.right), (node.right, node.left)):
                if isinstance(call, Call) and call.func in FN_SHOWN and len(call.args) == 1:
                    f = FN_SHOWN[call.func]
                    wrapped = Call(node.span, call.func, (BinOp(node.span, node.op, other, call.args[0]),))
                    yield (1, gettext("the {function} is around the whole product, {factor} included; "
                                      "{factor} scales the {function}, it is not squashed with it").format(
                        function=f, factor=typeset(other, None)), make(wrapped))
        elif derivation and isinstance(node, (Norm, Call)) and not (isinstance(node, Call) and node.power is not None):
            shown = typeset(node, None)
            yield (1, gettext("{term} is squared where {term} itself belongs").format(term=shown), make(BinOp(node.span, "^", node, Num(node.span, "2"))))


def _is_bias(node, scope) -> bool:
    m = meaning(node, scope)
    return m is not None and m.kind == "bias"


def _without_biases(rhs, scope):
    """The right side with every bias term removed (None when it has none)."""
    found = False

    def strip(node):
        nonlocal found
        if isinstance(node, BinOp) and node.op in ("+", "-"):
            left, right = strip(node.left), strip(node.right)
            if right is None:
                return left
            if left is None:
                return right if node.op == "+" else Neg(node.span, right)
            return node.replace(left=left, right=right)
        m = meaning(node, scope)
        if m is not None and m.kind == "bias":
            found = True
            return None
        new = {}
        for (field, index), child in children(node):
            if index is None:
                kept = strip(child)
                if kept is not None and kept is not child:
                    new[field] = kept
            else:
                items = list(getattr(node, field))
                items[index] = strip(child) or child
                if any(a is not b for a, b in zip(items, getattr(node, field))):
                    new[field] = tuple(items)
        return node.replace(**new) if new else node

    out = strip(rhs)
    return out if found and out is not None else None


def _exchanged_gates(rhs, scope):
    """Two gates exchanged everywhere (fₜ and iₜ in the cell update)."""
    spots: dict = {}
    for path, node in walk(rhs):
        m = meaning(node, scope)
        if m is not None and m.kind == "gate":
            spots.setdefault(m.key, []).append((path, node))
    keys = sorted(spots)
    for i, a in enumerate(keys):
        for b in keys[i + 1 :]:
            out = rhs
            for key, other in ((a, spots[b][0][1]), (b, spots[a][0][1])):
                for path, node in spots[key]:
                    out = replace(out, path, other.replace(span=node.span))
            yield (1, gettext("{first} and {second} are exchanged").format(first=GATE_DISPLAY[a], second=GATE_DISPLAY[b]), out)
