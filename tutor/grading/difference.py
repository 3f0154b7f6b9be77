"""Where a wrong answer differs from the reference, said without showing the reference.

When no known mistake and no generic mutant explains a wrong answer, the
learner still deserves to know where to look: which quantity the answer
leaves out or adds, which activation is extra or missing, which coefficient
differs. :func:`locate` compares the two lowered expressions by the things
whose names do not depend on the learner's choice (states, gates, the
problem's fixed names, the activations, the count of biases); parameters are
renamable, so they are only counted, never named. The message names the
kind of difference and the place, never the whole reference (the learner can
ask for it with ``:show``).
"""

from __future__ import annotations

from collections import Counter

import sympy

from ..notation.symbols import GATE_DISPLAY, STATE_DISPLAY
from ..numeric.functions import relu, sigmoid
from ..base.language import N_, gettext, ngettext

HEAD = N_("not equivalent to the reference")
FUNCTIONS = {sigmoid: "σ", sympy.tanh: "tanh", relu: "relu", sympy.exp: "exp", sympy.log: "log"}


def locate(problem, reading, ref_reading) -> str:
    """One sentence: the kind of difference and where it is (never the reference itself)."""
    for key, ref_value in ref_reading.outputs.items():
        mine = reading.outputs.get(key)
        if mine is None:
            continue
        a, b = mine.expr, ref_value.expr
        if not isinstance(a, sympy.Expr) or not isinstance(b, sympy.Expr):
            continue
        found = _difference(a, b, reading.registry.kinds, ref_reading.registry.kinds)
        if found:
            return gettext("{head}: {detail}").format(head=gettext(HEAD), detail=found)
    return gettext("{head}: {detail}").format(
        head=gettext(HEAD), detail=gettext("the pieces are all there but put together differently; check each term and factor"))


def _shown(sym) -> str:
    name = sym.name
    if name.startswith("gate_"):
        return GATE_DISPLAY.get(name[5:], name[5:])
    return STATE_DISPLAY.get(name, {"theta": "θ"}.get(name, name))


def _named(e, kinds) -> set:
    return {s for s in e.free_symbols if s not in kinds and not s.name.startswith("‖")}


def _functions(e) -> Counter:
    out: Counter = Counter()
    for node in sympy.preorder_traversal(e):
        for fn, shown in FUNCTIONS.items():
            if isinstance(node, fn):
                out[shown] += 1
    return out


def _difference(a, b, kinds_a, kinds_b) -> str | None:
    """Every difference found, most telling first, joined; None when none is found."""
    names_a, names_b = _named(a, kinds_a), _named(b, kinds_b)
    seen_a, seen_b = {s.name for s in names_a}, {s.name for s in names_b}
    missing = sorted(_shown(s) for s in names_b if s.name not in seen_a)
    extra = sorted(_shown(s) for s in names_a if s.name not in seen_b)
    found = []
    if missing:
        found.append(ngettext("{names} does not appear in the answer, but this quantity depends on it",
                              "{names} do not appear in the answer, but this quantity depends on them",
                              len(missing)).format(names=gettext(", ").join(missing)))
    if extra:
        found.append(gettext("the answer uses {names}, which this quantity does not depend on").format(names=gettext(", ").join(extra)))
    fa, fb = _functions(a), _functions(b)
    more = [f for f in sorted(set(fa) | set(fb)) if fa[f] > fb[f]]
    fewer = [f for f in sorted(set(fa) | set(fb)) if fa[f] < fb[f]]
    if len(more) == 1 and len(fewer) == 1 and fa[more[0]] - fb[more[0]] == fb[fewer[0]] - fa[fewer[0]]:
        found.append(gettext("{wrong} where {right} belongs").format(wrong=more[0], right=fewer[0]))
    else:
        found += ([gettext("an extra {function}").format(function=f) for f in more]
                  + [gettext("a {function} is missing").format(function=f) for f in fewer])
    biases_a = sum(1 for k in kinds_a.values() if k == "bias")
    biases_b = sum(1 for k in kinds_b.values() if k == "bias")
    if biases_b and not biases_a:
        found.append(gettext("no bias: every pre-activation needs one"))
    if found:
        return gettext("; ").join(found)
    if not kinds_a and not kinds_b and not fa:
        return _polynomial(a, b)
    return _coefficients(a, b, kinds_a, kinds_b)


def _polynomial(a, b) -> str | None:
    """A count or a rational expression: which power of which size has the wrong coefficient."""
    gens = sorted(a.free_symbols | b.free_symbols, key=lambda s: s.name)
    if not gens:
        return gettext("the number differs")
    try:
        diff = sympy.Poly(sympy.expand(a - b), *gens)
    except sympy.PolynomialError:
        return None
    monomials = []
    for powers, _ in diff.terms():
        mono = "·".join(_shown(g) + (f"^{p}" if p > 1 else "") for g, p in zip(gens, powers) if p)
        monomials.append(gettext("the {monomial} term").format(monomial=mono) if mono else gettext("the constant"))
    if not monomials:
        return None
    return ngettext("{terms} differs", "{terms} differ", len(monomials)).format(terms=gettext(" and ").join(sorted(monomials)))


def _coefficients(a, b, kinds_a, kinds_b) -> str | None:
    """The first state or gate whose coefficient differs (when the coefficients hold no parameters)."""
    ea, eb = sympy.expand(a), sympy.expand(b)
    by_name = {s.name: s for s in _named(b, kinds_b)}
    mine = {s.name: s for s in _named(a, kinds_a)}
    for name in sorted(by_name):
        ca, cb = ea.coeff(mine[name]), eb.coeff(by_name[name])
        if (ca.free_symbols & set(kinds_a)) or (cb.free_symbols & set(kinds_b)):
            continue
        ca = ca.subs({mine[n]: by_name[n] for n in mine if n in by_name})
        if sympy.simplify(ca - cb) != 0:
            return gettext("the coefficient of {name} differs").format(name=_shown(by_name[name]))
    return None
