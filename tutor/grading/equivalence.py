"""Are two lowered answers the same mathematics, up to a renaming of parameters?

A learner's parameter names mean nothing: ``W_f`` here may be ``W_if`` and
``W_hf`` there. So a comparison searches for an injective renaming of the
learner's parameters (slot functions, biases) onto the reference's under which
the expressions are equal.

The search does not try every permutation. Parameters live in *groups*: the
terms of one sum that carry a parameter at top level (a pre-activation
``W_f(h) + W_f'(x) + b_f`` is a group). Each member has a key, the term with
all parameter names blanked (``P(h)``, ``B``, ``gate_r*P(h)``); a learner group
can only pair with a reference group of the same keys, and pairing groups fixes
the renaming of their members. Cells have at most five groups, so this is a
handful of candidates. Before pairing, biases (or slots of one state) that
share a group and are used nowhere else are merged: ``b_ih + b_hh`` is one bias.

Each candidate is first evaluated at random points (a renaming under which the
sides differ at a point is wrong, certainly); a candidate that survives is
decided by SymPy: expansion, then ``simplify``, then ``simplify`` after
rewriting σ and tanh into exponentials, all under a time budget. When numbers
agree but SymPy can't finish, the outcome says so rather than guess.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import sympy
from sympy import Add, Mul
from sympy.core.function import AppliedUndef

from ..base.limits import OutOfTime, deadline
from ..numeric.evaluation import Point, Undefined, close, evaluate

POINTS = (11, 23, 37)
SIMPLIFY_BUDGET = 0.6


def expand(e):
    return sympy.expand(e, deep=True, mul=True, multinomial=True, power_exp=False, power_base=False, log=False)


@dataclass
class Prepared:
    """One side of a comparison, made ready once: expanded, merged, grouped."""

    exprs: dict  # output key -> expanded expression (or Matrix)
    kinds: dict  # param object -> kind
    names: dict
    groups: list = field(default_factory=list)  # list of list of (key, params tuple)
    uses: dict = field(default_factory=dict)  # param -> number of groups it is in
    pinned: frozenset = frozenset()  # parameters shared by both sides, which may only map to themselves

    @property
    def params(self):
        return set(self.kinds)


def _param_of(f, kinds):
    base = f.base if f.is_Pow else f
    if base.is_Symbol and base in kinds:
        return base
    if isinstance(base, AppliedUndef) and base.func in kinds:
        return base.func
    return None


def _top_params(term, kinds):
    out = []
    for f in Mul.make_args(term):
        p = _param_of(f, kinds)
        if p is not None:
            out.append(p)
    return out


def blank(e, kinds) -> str:
    """A name-free key for ``e``: parameters become P (matrix), B (bias) or V."""
    if e.is_Symbol:
        k = kinds.get(e)
        return {"bias": "B", "vecparam": "V"}.get(k, e.name) if k else e.name
    if e.is_Number:
        return str(e)
    if isinstance(e, AppliedUndef):
        head = "P" if e.func in kinds else e.func.__name__
        return f"{head}({','.join(blank(a, kinds) for a in e.args)})"
    if e.is_Add:
        return "(" + "+".join(sorted(blank(a, kinds) for a in e.args)) + ")"
    if e.is_Mul:
        return "*".join(sorted(blank(a, kinds) for a in e.args))
    if e.is_Pow:
        return f"{blank(e.args[0], kinds)}^{blank(e.args[1], kinds)}"
    if e.args:
        return f"{type(e).__name__}({','.join(blank(a, kinds) for a in e.args)})"
    return str(e)


def _member_key(term, kinds) -> str:
    coeff, rest = term.as_coeff_Mul()
    return blank(rest, kinds)


def find_groups(exprs, kinds) -> list:
    """Distinct groups: the same pre-activation met twice (fₜ in cₜ and in hₜ) is one group."""
    groups = []
    seen = set()

    def visit(e):
        if e in seen:
            return
        seen.add(e)
        terms = Add.make_args(e)
        members = [t for t in terms if _top_params(t, kinds)]
        if members:
            groups.append(members)
        for t in terms:
            for f in Mul.make_args(t):
                base = f.base if f.is_Pow else f
                if base.is_Add:
                    visit(base)
                elif base.args and not base.is_Atom:
                    for a in base.args:
                        if not a.is_Number:
                            visit(a)

    for e in exprs:
        if isinstance(e, sympy.MatrixBase):
            for x in e:
                visit(x)
        else:
            visit(e)
    return groups


def _use_counts(groups: list, kinds: dict) -> dict:
    """How many group members each parameter is a top-level part of."""
    counts: dict = {}
    for g in groups:
        for t in g:
            for p in _top_params(t, kinds):
                counts[p] = counts.get(p, 0) + 1
    return counts


def _merge(exprs: dict, kinds: dict) -> dict:
    """Merge bare same-key members of one group that are used nowhere else."""
    changed = True
    rounds = 0
    while changed and rounds < 4:
        changed = False
        rounds += 1
        groups = find_groups(list(exprs.values()), kinds)
        counts = _use_counts(groups, kinds)
        for g in groups:
            by_key: dict = {}
            for t in g:
                ps = _top_params(t, kinds)
                coeff, rest = t.as_coeff_Mul()
                if len(ps) == 1 and counts.get(ps[0]) == 1 and coeff == 1 and len(Mul.make_args(rest)) == 1:
                    by_key.setdefault(_member_key(t, kinds), []).append(t)
            for key, terms in by_key.items():
                if len(terms) > 1:
                    drop = {t: sympy.Integer(0) for t in terms[1:]}
                    exprs = {k: v.xreplace(drop) for k, v in exprs.items()}
                    changed = True
                    break
            if changed:
                break
    return exprs


def _absorb_coefficients(exprs: dict, kinds: dict) -> dict:
    """``σ(W x − b)`` is ``σ(W x + b')`` and ``2 W x`` is ``W' x``: a renaming.

    Only in groups whose members carry different numeric coefficients: a
    uniform factor (``σ(−(W x + b))``, ``σ(2(W x + b))``) is structure that
    identities such as 2σ(2a) − 1 = tanh(a) rely on, so it is left alone.
    Absorbing is always sound (it is a bijective renaming); it only helps the
    search find the renaming.
    """
    groups = find_groups(list(exprs.values()), kinds)
    counts = _use_counts(groups, kinds)
    swaps = {}
    for g in groups:
        if len({t.as_coeff_Mul()[0] for t in g}) < 2:
            continue
        for t in g:
            ps = _top_params(t, kinds)
            coeff, rest = t.as_coeff_Mul()
            if len(ps) == 1 and counts.get(ps[0]) == 1 and coeff != 1 and len(Mul.make_args(rest)) == 1:
                swaps[t] = rest
    if not swaps:
        return exprs
    return {k: v.xreplace(swaps) for k, v in exprs.items()}


def _absorb_constants(exprs: dict, kinds: dict) -> dict:
    """``σ(W x + b + 1)`` (TensorFlow's forget-gate bias) is ``σ(W x + b')``: a renaming of the bias.

    A number added to a sum that holds a bias used nowhere else is that bias
    renamed (b' = b + 1), a bijection; other constants (``1 − z``) are kept.
    """
    groups = find_groups(list(exprs.values()), kinds)
    counts = _use_counts(groups, kinds)
    swaps = {}
    for e in exprs.values():
        if isinstance(e, sympy.MatrixBase):
            continue
        for node in sympy.preorder_traversal(e):
            if not node.is_Add:
                continue
            numbers = [t for t in node.args if t.is_Number]
            free_bias = [t for t in node.args if t.is_Symbol and kinds.get(t) == "bias" and counts.get(t) == 1]
            if numbers and free_bias:
                swaps[node] = Add(*[t for t in node.args if not t.is_Number])
    if not swaps:
        return exprs
    return {k: v.xreplace(swaps) for k, v in exprs.items()}


def prepare(values: dict, registry, matrix: bool = False, shared: dict | None = None) -> Prepared:
    """Expand and merge the output expressions of a reading; find their groups.

    ``shared`` are parameters (object -> kind) that both sides take from one
    place (written-out gates): they take part in grouping but are pinned.
    """
    kinds = dict(registry.kinds)
    kinds.update(shared or {})
    exprs = {}
    for k, v in values.items():
        e = v.expr
        exprs[k] = e.applyfunc(expand) if isinstance(e, sympy.MatrixBase) else expand(e)
    if kinds and not matrix:
        exprs = _absorb_constants(_absorb_coefficients(_merge(exprs, kinds), kinds), kinds)
    prepared = Prepared(exprs, kinds, registry.names, pinned=frozenset(shared or ()))
    if kinds:
        raw = find_groups(list(exprs.values()), kinds)
        for g in raw:
            members = []
            for t in g:
                members.append((_member_key(t, kinds), tuple(sorted(_top_params(t, kinds), key=str))))
            prepared.groups.append(sorted(members, key=lambda m: m[0]))
        for g in prepared.groups:
            for _, ps in g:
                for p in ps:
                    prepared.uses[p] = prepared.uses.get(p, 0) + 1
    return prepared


def renamings(learner: Prepared, ref: Prepared, limit: int = 400):
    """Yield candidate renamings (dict learner param -> reference param)."""
    if not learner.kinds and not ref.kinds:
        yield {}
        return
    lg, rg = learner.groups, ref.groups
    if len(lg) != len(rg):
        return
    sig_l = [tuple(k for k, _ in g) for g in lg]
    sig_r = [tuple(k for k, _ in g) for g in rg]
    if sorted(sig_l) != sorted(sig_r):
        return
    count = 0

    def assign(i, used, mapping):
        nonlocal count
        if count >= limit:
            return
        if i == len(lg):
            count += 1
            yield dict(mapping)
            return
        for j in range(len(rg)):
            if j in used or sig_r[j] != sig_l[i]:
                continue
            for pairs in _member_pairings(lg[i], rg[j]):
                new = dict(mapping)
                ok = True
                for lp, rp in pairs:
                    if new.get(lp, rp) != rp or learner.kinds[lp] != ref.kinds[rp] or (lp in learner.pinned and lp != rp):
                        ok = False
                        break
                    new[lp] = rp
                if ok and len(set(new.values())) == len(new):
                    yield from assign(i + 1, used | {j}, new)

    yield from assign(0, frozenset(), {})


def _member_pairings(lgroup, rgroup):
    """Pair members with equal keys; members sharing a key are tried in every order."""
    by_l: dict = {}
    by_r: dict = {}
    for k, ps in lgroup:
        by_l.setdefault(k, []).append(ps)
    for k, ps in rgroup:
        by_r.setdefault(k, []).append(ps)
    options = []
    for k, lps in by_l.items():
        rps = by_r[k]
        choices = []
        for perm in itertools.islice(itertools.permutations(rps), 24):
            pairs = []
            for a, b in zip(lps, perm):
                if len(a) != len(b):
                    break
                pairs.extend(zip(a, b))
            else:
                choices.append(pairs)
        options.append(choices)
    for combo in itertools.product(*options):
        yield [p for part in combo for p in part]


def _entries(e):
    if isinstance(e, sympy.MatrixBase):
        return list(e)
    return [e]


def numerically_equal(learner: Prepared, ref: Prepared, mapping: dict) -> bool | None:
    """False if some point tells them apart; True if all points agree; None if no point could be evaluated."""
    agreed = 0
    for seed in POINTS:
        pt = Point(seed)
        for key, rexpr in ref.exprs.items():
            lexpr = learner.exprs.get(key)
            if lexpr is None:
                return False
            le, re_ = _entries(lexpr), _entries(rexpr)
            if len(le) != len(re_) or (isinstance(lexpr, sympy.MatrixBase) and lexpr.shape != rexpr.shape):
                return False
            for a, b in zip(le, re_):
                try:
                    va = evaluate(a, pt, mapping)
                    vb = evaluate(b, pt, {})
                except Undefined:
                    continue
                if not close(va, vb):
                    return False
                agreed += 1
    return True if agreed else None


def rename(e, mapping: dict):
    if not mapping:
        return e
    if isinstance(e, sympy.MatrixBase):
        return e.applyfunc(lambda x: rename(x, mapping))
    if e.is_Symbol:
        return mapping.get(e, e)
    if isinstance(e, AppliedUndef):
        fn = mapping.get(e.func, e.func)
        return fn(*[rename(a, mapping) for a in e.args])
    if not e.args:
        return e
    return e.func(*[rename(a, mapping) for a in e.args])


def _to_exp(e):
    return e.rewrite(sympy.exp)


def atomize(d):
    """Replace each function argument that is a sum by a fresh symbol (up to a rational factor).

    Sound for proving d == 0: an identity in free symbols stays one after
    substituting anything for them. It makes σ/tanh identities cheap for
    SymPy, because tanh(u) is much simpler than tanh(W(h) + W(x) + b).
    """
    table: dict = {}
    subs: dict = {}
    for f in d.atoms(sympy.Function):
        for arg in f.args:
            if not arg.is_Add or arg in subs:
                continue
            content, prim = arg.primitive()
            if prim.could_extract_minus_sign():
                content, prim = -content, -prim
            if prim not in table:
                table[prim] = sympy.Dummy(f"u{len(table)}", real=True)
            subs[arg] = content * table[prim]
    return d.xreplace(subs) if subs else d


def rational_in_exp(d) -> bool:
    """A fast proof that d = 0 for the usual σ/tanh steps: with u = eˣ, d is a rational function of u.

    σ, tanh, sech and cosh are rewritten into exponentials, every e^(c·x) with a
    rational c becomes u^c, and SymPy's ``cancel`` decides the rational
    identity (sound: an identity in u holds for u = eˣ). False means "not shown
    this way", and the general proof is tried next.
    """
    free = d.free_symbols
    if len(free) != 1:
        return False
    (x,) = free
    u = sympy.Dummy("u", positive=True)
    try:
        with deadline(0.3):
            e = d.rewrite(sympy.exp)

            def as_power(arg):
                c = sympy.simplify(arg / x)
                if c.is_Rational:
                    return u**c
                raise ValueError("not a multiple of x")

            e = e.replace(lambda n: isinstance(n, sympy.exp), lambda n: as_power(n.args[0]))
            if e.has(x):
                return False
            return sympy.cancel(sympy.together(e)) == 0
    except (OutOfTime, ValueError, RecursionError, TypeError):
        return False


def proven_equal(a, b, budget: float = SIMPLIFY_BUDGET) -> bool | None:
    """True if SymPy shows a == b; None if it could not within ``budget`` seconds."""
    for x, y in zip(_entries(a), _entries(b)):
        d = expand(x - y)
        if d == 0 or rational_in_exp(d):
            continue
        try:
            with deadline(budget):
                small = atomize(d)
                if small is not d:
                    small = expand(_to_exp(small))
                    if small == 0 or sympy.simplify(small) == 0:
                        continue
                if sympy.simplify(d) == 0:
                    continue
                d2 = expand(_to_exp(d))
                if d2 == 0 or sympy.simplify(d2) == 0:
                    continue
                if sympy.simplify(sympy.together(d2)) == 0:
                    continue
        except (OutOfTime, RecursionError):
            return None
        return None
    return True


@dataclass
class Outcome:
    """``equal`` is True (proven), False (different) or None (numbers agree, SymPy could not finish)."""

    equal: bool | None
    mapping: dict = field(default_factory=dict)


def compare(learner: Prepared, ref: Prepared) -> Outcome:
    """Search the renamings; return the first that SymPy proves, or why none did."""
    undecided = None
    if set(learner.exprs) != set(ref.exprs):
        return Outcome(False)
    for mapping in renamings(learner, ref):
        agree = numerically_equal(learner, ref, mapping)
        if agree is False:
            continue
        for key, rexpr in ref.exprs.items():
            verdict = proven_equal(rename(learner.exprs[key], mapping), rexpr)
            if verdict is not True:
                break
        else:
            return Outcome(True, mapping)
        if agree:  # numbers agreed at some point; only then is "undecided" honest
            undecided = Outcome(None, mapping)
    return undecided or Outcome(False)


def quick_match(learner: Prepared, ref: Prepared) -> dict | None:
    """A renaming under which the two agree numerically (no SymPy); used to test diagnoses."""
    if set(learner.exprs) != set(ref.exprs):
        return None
    for mapping in renamings(learner, ref, limit=150):
        if numerically_equal(learner, ref, mapping):
            return mapping
    return None
