"""Equations written as programs, and written-out forms, read on the AST.

Code states a cell as a sequence of assignments: ``h = np.tanh(… h …)`` (one
name, the new value on the left and the old one on the right), ``f = A[:, :H]``
then ``f = sigmoid(f)`` (one name, successive values), one affine map for all
gates cut into blocks (``np.split``), ``concat`` for ``[h_{t-1}, x_t]`` defined
on a line of its own or not at all. Papers write a few quantities out:
``min(1, θ/‖g‖)`` for the clipping factor, ``sqrt(gᵀg)`` for ‖g‖. Each
function here rewrites the parsed equations of one answer into the tutor's
own forms and adds a note saying what it read; :mod:`tutor.notation.dialects`
runs them with the rules for sources' names. The tree helpers (``map_tree``,
``names_in``) are shared with it.
"""

from __future__ import annotations

from .ast import BinOp, Call, Concat, Equation, Name, Node, Norm, Num, Transpose
from ..base.language import _
from .errors import ParseError

STATE_BASES = ("h", "c")
# code's names for the concatenated [h_{t-1}, x_t] (deeplearning.ai's concat, TensorFlow's xh)
CONCAT_NAMES = {"concat", "xh", "hx", "x_h", "h_x"}


def map_tree(node, fn):
    """A copy of ``node`` with ``fn`` applied to every node, children first."""
    if not isinstance(node, Node):
        return node
    changes = {}
    for field in node.FIELDS:
        value = getattr(node, field)
        if isinstance(value, Node):
            new = map_tree(value, fn)
            if new is not value:
                changes[field] = new
        elif isinstance(value, tuple) and any(isinstance(v, Node) for v in value):
            new = tuple(map_tree(v, fn) for v in value)
            if any(a is not b for a, b in zip(new, value)):
                changes[field] = new
    out = node.replace(**changes) if changes else node
    return fn(out)


def names_in(eqs):
    seen = []

    def collect(n):
        if isinstance(n, Name):
            seen.append(n)
        return n

    for eq in eqs:
        map_tree(eq, collect)
    return seen


def apply_to(eqs, fn):
    return tuple(map_tree(eq, fn) for eq in eqs)


def apply_noting(eqs, fn, notes: list, note: str):
    """:func:`apply_to`, adding ``note`` (how the answer was read) when ``fn`` rewrote any node."""
    rewrote = False

    def watched(n):
        nonlocal rewrote
        out = fn(n)
        rewrote = rewrote or out is not n
        return out

    eqs = apply_to(eqs, watched)
    if rewrote:
        notes.append(note)
    return eqs


def same_name(a: Name, b: Name) -> bool:
    return (a.base.lower(), a.sub, a.deco, a.primes) == (b.base.lower(), b.sub, b.deco, b.primes)


def clipping_factor(eqs, notes):
    """min(1, θ/‖g‖): the clipping factor, which is θ/‖g‖ in the case that clips (‖g‖ > θ)."""

    def factor(n):
        if isinstance(n, Call) and n.func in ("min", "max"):
            ones = [a for a in n.args if isinstance(a, Num) and float(a.text) == 1]
            rest = [a for a in n.args if not any(a is o for o in ones)]
            if n.func == "min" and len(n.args) == 2 and len(ones) == 1 and isinstance(rest[0], BinOp) and rest[0].op == "/":
                return rest[0]
            raise ParseError(_("min and max are read only as the clipping factor min(1, θ/‖g‖)"), n.span)
        return n

    return apply_noting(eqs, factor, notes,
                        _("min(1, θ/‖g‖) read as θ/‖g‖, its value when the gradient is clipped (‖g‖ > θ)"))


def norms(eqs, notes):
    """sqrt(gᵀg), sqrt(g·g), sqrt(np.dot(g, g)): the Euclidean norm ‖g‖ written out."""

    def bare(node):
        return node.operand if isinstance(node, Transpose) else node

    def norm(n):
        if isinstance(n, Call) and n.func == "sqrt" and len(n.args) == 1 and n.power is None:
            arg = n.args[0]
            if isinstance(arg, BinOp) and arg.op in ("juxt", "@", "*", "⊙"):
                a, b = bare(arg.left), bare(arg.right)
                if isinstance(a, Name) and isinstance(b, Name) and same_name(a, b) and a.base not in ("x", "h", "c"):
                    return Norm(n.span, a)
        return n

    out = apply_to(eqs, norm)
    if out != eqs:
        notes.append(_("the square root of gᵀg read as the norm ‖g‖"))
    return out


def inline_concatenations(eqs, notes):
    """concat = np.concatenate([h_prev, x]) on a line of its own: used where it is named."""
    defs = {}
    for eq in eqs:
        rhs = eq.rhs
        if isinstance(rhs, Call) and rhs.func == "concat":
            rhs = rhs.args[0] if len(rhs.args) == 1 and isinstance(rhs.args[0], Concat) else Concat(rhs.span, rhs.args)
        if isinstance(eq.lhs, Name) and isinstance(rhs, Concat):
            defs[(eq.lhs.base, eq.lhs.sub)] = rhs
    if not defs or len(defs) == len(eqs):
        return eqs

    def inline(n):
        if isinstance(n, Name) and (n.base, n.sub) in defs:
            return defs[(n.base, n.sub)].replace(span=n.span)
        return n

    kept = tuple(eq for eq in eqs if not (isinstance(eq.lhs, Name) and (eq.lhs.base, eq.lhs.sub) in defs))
    return apply_to(kept, inline)


def concatenations(eqs, notes):
    """concat, xh: code's name for [h_{t-1}, x_t], when the answer does not define it."""
    defined = {eq.lhs.base for eq in eqs if isinstance(eq.lhs, Name)}
    found = []

    def expand(n):
        if isinstance(n, Name) and not n.sub and n.base in CONCAT_NAMES and n.base not in defined:
            found.append(n.raw)
            return Concat(n.span, (Name(n.span, "h_{t-1}", "h", "", "t-1"), Name(n.span, "x_t", "x", "", "t")))
        return n

    eqs = apply_to(eqs, expand)
    if found:
        notes.append(_("{name} read as the concatenation [hₜ₋₁, xₜ]").format(name=found[0]))
    return eqs


def name_key(n: Name) -> tuple:
    return (n.base, n.sub, n.deco, n.primes)


def versions(eqs, notes):
    """f = A[:, :H] then f = sigmoid(f): code gives one name to successive values; each gets its own."""
    from collections import Counter

    counts = Counter(name_key(eq.lhs) for eq in eqs if isinstance(eq.lhs, Name))
    multi = {k for k, c in counts.items() if c > 1}
    for k in list(multi):
        # only a value computed from the one before it (f = sigmoid(f)); two unrelated
        # definitions of one name stay an error
        later = [eq for eq in eqs if isinstance(eq.lhs, Name) and name_key(eq.lhs) == k][1:]
        if not all(any(name_key(n) == k for n in names_in((eq.rhs,))) for eq in later):
            multi.discard(k)
    if not multi:
        return eqs
    seen: Counter = Counter()
    current: dict = {}
    out = []
    for eq in eqs:
        rhs = map_tree(eq.rhs, lambda n: n.replace(sub=current[name_key(n)]) if isinstance(n, Name) and name_key(n) in current else n)
        lhs = eq.lhs
        if isinstance(lhs, Name) and name_key(lhs) in multi:
            k = name_key(lhs)
            seen[k] += 1
            if seen[k] < counts[k]:  # an earlier value: a name of its own
                current[k] = f"{lhs.sub}v{seen[k]}"
                lhs = lhs.replace(sub=current[k])
            else:
                current.pop(k, None)
        out.append(Equation(eq.span, lhs, rhs))
    notes.append(_("a name given successive values (code's style) is read one value at a time"))
    return tuple(out)


def chunks(eqs, notes):
    """chunk(A, k), block k of one fused affine map: the map with weights and biases of block k's own."""
    defs = {name_key(eq.lhs): eq.rhs for eq in eqs if isinstance(eq.lhs, Name)}
    cut = set()

    def block(n):
        if not (isinstance(n, Call) and n.func == "chunk" and len(n.args) == 2 and isinstance(n.args[1], Num)):
            return n
        source, k = n.args[0], n.args[1].text
        if isinstance(source, Name) and name_key(source) in defs:
            cut.add(name_key(source))
            source = defs[name_key(source)]

        def relabel(p):
            if isinstance(p, Name) and p.base[:1] in "WURVbw" and not p.deco and not p.primes:
                return p.replace(base=p.base[0].upper() + p.base[1:] if p.base[0] == "w" else p.base, sub=f"{p.sub}{k}")
            return p

        return map_tree(source, relabel)

    out = apply_to(eqs, block)
    if out == eqs:
        return eqs
    notes.append(_("one fused affine map cut into blocks: each block has weights and a bias of its own"))
    used = {name_key(n) for eq in out for n in names_in((eq.rhs,))}
    return tuple(eq for eq in out if not (isinstance(eq.lhs, Name) and name_key(eq.lhs) in cut and name_key(eq.lhs) not in used))


def weights_on_concatenations(eqs):
    """xh * w_c (TensorFlow's docs): a lower-case w applied to a concatenation can only be a matrix."""

    def upper(n):
        if isinstance(n, BinOp) and n.op in ("*", "juxt", "@"):
            for side, other in (("left", n.right), ("right", n.left)):
                w = getattr(n, side)
                if isinstance(other, Concat) and isinstance(w, Name) and w.base[:1] == "w" and not w.deco:
                    return n.replace(**{side: w.replace(base="W" + w.base[1:])})
        return n

    return apply_to(eqs, upper)


def _bare_state(n) -> bool:
    return isinstance(n, Name) and n.base.lower() in STATE_BASES and not n.sub and not n.primes and not n.deco and not n.time


def assignments(eqs, notes):
    """h = np.tanh(… h …): the left side is the new value, the right side (until then) the old one.

    A state the answer never assigns (the c of ``h = o * tanh(c)`` on its own) has
    no older value in view: it is the current one, as at that point of a cell's code.
    """
    if not any(_bare_state(eq.lhs) for eq in eqs):
        return eqs
    assigned: set = set()
    never = {n.base.lower() for n in names_in(tuple(eq.rhs for eq in eqs)) if _bare_state(n)} - {
        eq.lhs.base.lower() for eq in eqs if _bare_state(eq.lhs)}
    out = []
    for eq in eqs:
        done = set(assigned)

        def rename(n, done=done):
            if _bare_state(n) and (n.base.lower() in done or n.base.lower() in never):
                return n.replace(sub="t")
            return n

        rhs = map_tree(eq.rhs, rename)
        lhs = eq.lhs
        if _bare_state(lhs):
            assigned.add(lhs.base.lower())
            lhs = lhs.replace(sub="t")
        out.append(Equation(eq.span, lhs, rhs) if (lhs is not eq.lhs or rhs is not eq.rhs) else eq)
    if never:
        notes.append(_("code's assignment style: a state on the left is the new value; on the right, "
                       "until it is assigned, the previous one (one never assigned, the current one)"))
    else:
        notes.append(_("code's assignment style: a state on the left is the new value; on the right, "
                       "until it is assigned, the previous one"))
    return tuple(out)
