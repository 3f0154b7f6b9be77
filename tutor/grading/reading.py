"""How an answer is read: equations → named outputs as SymPy expressions.

A problem asks for one quantity (``lstm.forget``), a whole cell (``lstm``) or a
derivation (``deriv.sigmoid``). This module turns the parsed equations into the
outputs the problem asks for, substituting the learner's own definitions
(``u_t = tanh(…)`` then ``c_t = … + i_t ⊙ u_t``), and records what the grader
needs to know besides the expressions: a left side naming the wrong quantity,
definitions never used, outputs never given.

The rules for whole cells (NOTATION.md): gates and candidates used must be
defined in the cell under the spelling used (``g_t`` where ``Ĉ_t`` was defined
is an error suggesting ``Ĉ_t``); states are matched by meaning (``C_t`` and
``c_t`` are the same); a definition nobody uses makes the cell incorrect.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..base.language import _
from ..notation import Equation, Name, ParseError, parse
from ..notation.dialects import resolve_dialects
from .matrices import ExplicitLowerer
from .semantics import Lowerer, Registry, ShapeError, Value
from ..notation.symbols import GATE_DISPLAY, STATE_DISPLAY, Scope, UnknownName, resolve, spelling
from ..notation.typeset import typeset


@dataclass
class Reading:
    outputs: dict  # output key -> Value
    registry: Registry
    interpreted: str
    interpreted_ascii: str
    lhs_problem: str | None = None
    unused: list = field(default_factory=list)
    missing: list = field(default_factory=list)
    definitions: dict = field(default_factory=dict)  # role -> Equation (for line-by-line diagnosis)
    equations: tuple = ()
    ops: dict = field(default_factory=dict)
    source: str = ""
    notes: list = field(default_factory=list)  # what a published notation was read as


def _lhs_meaning(eq: Equation, scope: Scope, src: str):
    lhs = eq.lhs
    if not isinstance(lhs, Name):
        raise ParseError(_("the left side must be a single name, such as f_t or h'"), lhs.span, src)
    try:
        m = resolve(lhs, scope)
    except UnknownName:
        return None
    if m.kind == "state" and m.key in ("h_prev", "c_prev", "x", "x_prev"):
        raise ParseError(_("{name} is an input of the cell; it cannot be defined here").format(name=lhs.raw), lhs.span, src)
    if m.kind in ("matrix", "bias", "vecparam"):
        raise ParseError(_("{name} reads as a parameter; the left side should name what is computed").format(name=lhs.raw),
                         lhs.span, src)
    return m


def read(problem, text: str, prefix: str = "", eqs: tuple | None = None, expand: dict | None = None,
         lowerer=None) -> Reading:
    """Parse and lower ``text`` as an answer to ``problem``.

    ``lowerer`` replaces the default lowering (a derivation's links use one
    that understands derivative operators).

    Raises:
        ParseError (and its subclasses ShapeError, UnknownName): the answer is invalid.
    """
    notes: list = []
    if eqs is None:
        eqs, notes = resolve_dialects(parse(text), problem.scope.topic)
    scope = problem.scope
    matrix_mode = problem.mode == "matrix"
    if lowerer is not None:
        low = lowerer
    else:
        low = ExplicitLowerer(scope, text) if matrix_mode else Lowerer(scope, text, prefix=prefix)
    for given in problem.given:
        _define_given(low, given, scope)

    if problem.kind == "derivation":
        if len(eqs) > 1:
            raise ParseError(_("one expression is expected here, not several lines"), eqs[1].span, text)
        value = low.lower(eqs[0].rhs)
        if value.shape[0] == "m" and not matrix_mode:
            if len(value.factors) == 1 and value.factors[0][0] == "diag":
                value = Value(("v", value.shape[1]), value.factors[0][1])  # diag(fₜ) is fₜ, elementwise
            else:
                raise ShapeError(_("the answer is a matrix; an elementwise (vector) answer is expected"), eqs[0].rhs.span, text)
        if value.parts:
            raise ShapeError(_("a bare concatenation is not an answer here"), eqs[0].rhs.span, text)
        shown = typeset(eqs[0].rhs, low, ascii=False)
        return Reading({"value": value}, low.reg, shown, typeset(eqs[0].rhs, low, ascii=True),
                       equations=eqs, ops=low.ops, source=text, notes=notes)

    whole = problem.kind == "cell"
    defs: dict = {}  # lookup key (spelling for gates/locals, state key for states) -> (eq, role, raw)
    for eq in eqs:
        if eq.lhs is None:
            if whole or len(eqs) > 1:
                raise ParseError(_("each line needs a left side, as in f_t = …"), eq.span, text)
            defs["__target__"] = (eq, problem.target, problem.target)
            continue
        m = _lhs_meaning(eq, scope, text)
        if m is not None and m.kind == "state":
            key, role = "state:" + m.key, m.key
        else:
            key, role = spelling(eq.lhs), (m.key if m is not None else None)
        if key in defs:
            raise ParseError(_("{name} is defined twice").format(name=eq.lhs.raw), eq.lhs.span, text)
        defs[key] = (eq, role, eq.lhs.raw)

    cell = _Substitution(low, defs, whole, text, expand or {})
    outputs = {}
    lhs_problem = None
    wanted = problem.outputs if whole else [problem.target]
    missing = []
    for out in wanted:
        found = [k for k, (eq, role, raw) in defs.items() if role == out]
        if not found:
            if whole:
                missing.append(out)
                continue
            # a single equation whose left side names something else
            k = next(iter(defs))
            other = defs[k][2]
            lhs_problem = _("the left side is {name}, but this problem asks for {target}").format(name=other, target=display(out))
            found = [k]
        outputs[out] = cell.value(found[0])
    unused = []
    for k, (eq, role, raw) in defs.items():
        if k not in cell.done and k != "__target__":
            cell.value(k)  # still validate it
        if whole and k not in cell.used and role not in wanted:
            unused.append(raw)
    lines_u = [typeset(eq, low, ascii=False) for eq in eqs]
    lines_a = [typeset(eq, low, ascii=True) for eq in eqs]
    definitions = {role: eq for k, (eq, role, raw) in defs.items() if role}
    return Reading(outputs, low.reg, "\n".join(lines_u), "\n".join(lines_a), lhs_problem, unused, missing,
                   definitions, eqs, low.ops, text, notes)


def display(key: str) -> str:
    """hₜ, cₜ, fₜ …: how a problem's target or a cell's output is shown."""
    return GATE_DISPLAY.get(key) or STATE_DISPLAY.get(key, key)


def _define_given(low, given: str, scope: Scope):
    eq = parse(given)[0]
    m = resolve(eq.lhs, scope)
    src_before = low.src
    low.src = given
    low.locals[m.key] = low.lower(eq.rhs)
    low.src = src_before


class _Substitution:
    """Lowers definitions on demand so that later lines can use earlier (or later) ones."""

    def __init__(self, low, defs: dict, whole: bool, src: str, expand: dict):
        self.expand = expand  # role -> Value: gates (and cₜ) written out, for single equations
        self.low = low
        self.defs = defs
        self.whole = whole
        self.src = src
        self.done: dict = {}
        self.active: list = []
        self.used: set = set()
        low.name = self._name  # route name lookups through the definitions

    def value(self, key) -> Value:
        if key in self.done:
            return self.done[key]
        if key in self.active:
            eq = self.defs[key][0]
            raise ParseError(_("{name} is defined in terms of itself").format(name=eq.lhs.raw), eq.lhs.span, self.src)
        self.active.append(key)
        eq = self.defs[key][0]
        v = self.low.lower(eq.rhs)
        if v.shape[0] == "m":
            message = (_("the right side of {name} is a matrix; a vector is expected").format(name=eq.lhs.raw) if eq.lhs
                       else _("the right side of the answer is a matrix; a vector is expected"))
            raise ShapeError(message, eq.rhs.span, self.src)
        if v.parts:
            raise ShapeError(_("a bare concatenation must be multiplied by a matrix"), eq.rhs.span, self.src)
        self.active.pop()
        self.done[key] = v
        return v

    def _name(self, node: Name) -> Value:
        low = self.low
        sp = spelling(node)
        if sp in self.defs and (self.whole or self.defs[sp][1] is None):
            self.used.add(sp)
            return self.value(sp)
        m = low.meaning_or_value(node)
        if isinstance(m, Value):
            return m
        skey = "state:" + m.key
        if m.kind == "state" and skey in self.defs and self.whole:
            if skey in self.active:
                # a state on its own right side (h_t = tanh(W h_t …)) stays the plain symbol:
                # that is the classic time mistake, graded rather than refused
                return low.symbol_for(m)
            self.used.add(skey)
            return self.value(skey)
        if m.kind == "state" and m.key in low.locals:
            return low.locals[m.key]
        if m.key in self.expand and (m.kind == "gate" or (m.kind == "state" and m.key in ("c", "h"))):
            return self.expand[m.key]
        if self.whole and m.kind == "gate":
            same = [raw for k, (eq, role, raw) in self.defs.items() if role == m.key]
            message = (_("{name} is used but not defined in this cell; did you mean {defined}, defined in this cell?")
                       if same else _("{name} is used but not defined in this cell; define it first, as in {name} = …"))
            raise UnknownName(message.format(name=node.raw, defined=same[0] if same else ""), node.span, self.src)
        if self.whole and m.kind == "state" and m.key in ("h", "c"):
            raise UnknownName(_("{name} is used but not defined in this cell").format(name=node.raw), node.span, self.src)
        return low.symbol_for(m)


def expansions(problem, cell) -> list:
    """Written-out forms of a single-equation problem, one per accepted form of its cell.

    A learner may write a gate out in full (Wikipedia's cₜ = fₜ ∘ cₜ₋₁ + iₜ ∘ σ_c(W_c xₜ + …)).
    For each reference of the whole cell, the other lines are lowered once, with
    shared parameters, and the problem's own line is read with them substituted.
    Returns [(name, reference Reading, role -> Value, shared kinds)].
    """
    role = next((r for r, pid in cell.lines if pid == problem.id), None)
    if role is None:
        return []
    out = []
    for ref in cell.all_references():
        low = Lowerer(cell.scope, ref.answer, prefix="G")
        eqs = parse(ref.answer)
        defs = {}
        target = None
        for eq in eqs:
            m = _lhs_meaning(eq, cell.scope, ref.answer)
            key = "state:" + m.key if m.kind == "state" else spelling(eq.lhs)
            defs[key] = (eq, m.key, eq.lhs.raw)
            if m.key == role:
                target = eq
        sub = _Substitution(low, defs, True, ref.answer, {})
        values = {m_role: sub.value(k) for k, (eq, m_role, raw) in defs.items() if m_role != role}
        if target is None:
            continue
        reading = read(problem, ref.answer[target.span.start : target.span.end], prefix="R", expand=values)
        out.append((ref.name, reading, values, dict(low.reg.kinds)))
    return out
