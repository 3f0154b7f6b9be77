"""What each name in an answer means.

The same quantity has many spellings (``h_{t-1}``, ``h_prev``, ``H_{t-1}``, bare
``h`` in PyTorch's docs), and the same spelling means different things in
different problems (``g`` is the LSTM candidate in a cell but the gradient in
``clip.norm``; ``H`` is the hidden state in d2l's cell but the hidden size in a
parameter count). So resolution takes a :class:`Scope`, built from the problem,
and returns a :class:`Meaning`: a kind, a canonical key and a shape.

Shapes are symbolic: ``H`` (hidden) and ``X`` (input) are different sizes on
purpose, so that a matrix applied to both ``h`` and ``x`` is caught.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from .ast import Name
from ..base.language import _
from .errors import ParseError

SCALAR = ("s",)
VEC_H = ("v", "H")
VEC_X = ("v", "X")

PREV = {"t-1", "tm1", "prev", "t-1)", "(t-1"}
NOW = {"t", ""}

GATES = {
    "lstm": {"f": "f", "i": "i", "o": "o", "g": "g"},
    "gru": {"r": "r", "z": "z", "u": "z", "n": "n"},
    "rnn": {},
}
GATE_DISPLAY = {"f": "fₜ", "i": "iₜ", "o": "oₜ", "g": "gₜ", "r": "rₜ", "z": "zₜ", "n": "nₜ"}
GATE_ASCII = {k: f"{k}_t" for k in GATE_DISPLAY}
STATE_DISPLAY = {
    "x": "xₜ", "x_prev": "xₜ₋₁", "h_prev": "hₜ₋₁", "c_prev": "cₜ₋₁", "h": "hₜ", "c": "cₜ",
}
STATE_ASCII = {"x": "x_t", "x_prev": "x_{t-1}", "h_prev": "h_{t-1}", "c_prev": "c_{t-1}", "h": "h_t", "c": "c_t"}
STATE_SIZE = {"x": "X", "x_prev": "X", "h_prev": "H", "c_prev": "H", "h": "H", "c": "H"}


class Meaning(NamedTuple):
    """What a name denotes.

    kind: state | gate | matrix | bias | vecparam | scalar | vector | identity | const | local
    key: canonical identity (``h_prev``, ``f``, ``W_hf``, ``theta``)
    shape: ("s",), ("v", size) or ("m", rows, cols)
    """

    kind: str
    key: str
    shape: tuple
    display: str
    ascii: str


class UnknownName(ParseError):
    """A name this problem does not know."""


class Scope(NamedTuple):
    """The names a problem admits.

    ``topic`` picks the gate set (lstm, gru, rnn) for cell problems; ``fixed``
    maps canonical spellings to meanings for derivations, whose prompts fix
    the names; ``renamable`` says whether W…/U…/b… names are the learner's own.
    """

    topic: str = "rnn"
    fixed: dict = {}  # never mutated: a shared empty default is safe
    states: bool = True
    renamable: bool = True
    gates: bool = True


def spelling(name: Name) -> str:
    """A canonical spelling for comparisons: ``W_{hf}`` and ``W_hf`` are the same name."""
    deco = {"tilde": "~", "hat": "^", "bar": "-"}.get(name.deco, "")
    sub = name.sub.replace("−", "-")
    time = f"^({name.time})" if name.time not in ("", "t") else ""
    return f"{name.base}{deco}" + (f"_{sub}" if sub else "") + time + "'" * name.primes


def time_of(name: Name) -> str | None:
    if name.time:
        return None  # a time written apart from a label (Γ_f^{⟨t⟩}) belongs to a labelled gate
    sub = name.sub.replace(" ", "")
    if name.primes == 1 and sub == "":
        return "new"
    if name.primes:
        return None
    if sub in PREV:
        return "prev"
    if sub == "t":
        return "now"
    if sub == "":
        return "bare"
    return None


def _state(name: Name) -> Meaning | None:
    if name.deco:
        return None
    base = name.base.lower()
    when = time_of(name)
    key = None
    if base == "x":
        key = {"now": "x", "bare": "x", "prev": "x_prev"}.get(when)
    elif base == "h":
        key = {"now": "h", "new": "h", "prev": "h_prev", "bare": "h_prev"}.get(when)
    elif base == "c":
        key = {"now": "c", "new": "c", "prev": "c_prev", "bare": "c_prev"}.get(when)
    if key is None:
        sub = name.sub.replace(" ", "").replace("−", "-")
        if base in ("x", "h", "c") and not name.primes and re.fullmatch(r"t[-+][2-9]|t[-+]\d\d|t\+1", sub):
            # h_{t-2}, x_{t+1}: states of other steps; valid, and never what a cell equation wants
            size = "X" if base == "x" else "H"
            shown = f"{base}_{{{sub}}}"
            return Meaning("state", f"{base}[{sub}]", ("v", size), shown, shown)
        return None
    return Meaning("state", key, ("v", STATE_SIZE[key]), STATE_DISPLAY[key], STATE_ASCII[key])


# deeplearning.ai's gates: Γ_f, Γ_o, Γ_r; Γ_u is the LSTM's input gate and the GRU's update gate
GAMMA = {"lstm": {"f": "f", "i": "i", "u": "i", "o": "o"}, "gru": {"r": "r", "u": "z", "z": "z"}}


def _gate(name: Name, topic: str) -> Meaning | None:
    if time_of(name) == "prev" and not name.deco and name.base in GATES.get(topic, {}):
        # a gate of the previous step (Goodfellow's erratum u^{(t-1)}): valid, and never what a cell wants
        key = GATES[topic][name.base]
        return Meaning("gate", f"{key}[t-1]", VEC_H, f"{key}ₜ₋₁", f"{key}_{{t-1}}")
    if name.base == "Γ":
        key = GAMMA.get(topic, {}).get(name.sub)
        if key is None or name.deco or name.primes or name.time not in ("", "t"):
            return None
        return Meaning("gate", key, VEC_H, GATE_DISPLAY[key], GATE_ASCII[key])
    when = time_of(name)
    if when not in ("now", "bare"):
        return None
    gates = GATES.get(topic, {})
    key = None
    if name.deco in ("tilde", "hat", "bar"):
        if name.base.lower() == "c" and topic == "lstm":
            key = "g"
        elif name.base.lower() == "h" and topic == "gru":
            key = "n"
    elif not name.deco:
        b = name.base
        if b in gates:
            key = gates[b]
        elif b in ("F", "I", "O", "G", "R", "Z", "N") and b.lower() in gates and (name.sub == "t" or b in "FIOG"):
            key = gates[b.lower()]  # d2l writes gates in capitals: F_t, I_t, R_t, Z_t
    if key is None:
        return None
    return Meaning("gate", key, VEC_H, GATE_DISPLAY[key], GATE_ASCII[key])


def _param(name: Name) -> Meaning | None:
    b = name.base
    if name.primes or name.deco:
        return None
    raw = spelling(name)
    shown = raw
    if b[0] in "WURV":
        return Meaning("matrix", raw, ("m", "H", None), shown, shown)
    if b[0] == "b":
        return Meaning("bias", raw, VEC_H, shown, shown)
    if b[0] in "wp" and len(b) + len(name.sub) > 1:  # peephole weights w_cf ⊙ c
        return Meaning("vecparam", raw, VEC_H, shown, shown)
    return None


def lookup(name: Name, scope: Scope) -> Meaning | None:
    """Like :func:`resolve`, but None for an unknown name (no message is built)."""
    try:
        return _resolve(name, scope)
    except KeyError:
        return None


def resolve(name: Name, scope: Scope) -> Meaning:
    """Return what ``name`` means in ``scope``.

    Example:
        >>> from tutor.notation import parse
        >>> resolve(parse("h_{t-1}")[0].rhs, Scope("lstm")).key
        'h_prev'

    Raises:
        UnknownName: with a suggestion when a close spelling is known.
    """
    try:
        return _resolve(name, scope)
    except KeyError:
        raise UnknownName(_unknown_message(name, scope), name.span) from None


def _resolve(name: Name, scope: Scope) -> Meaning:
    sp = spelling(name)
    if sp in scope.fixed:
        return scope.fixed[sp]
    if scope.states:
        m = _state(name)
        if m is not None:
            return m
    if scope.gates:
        m = _gate(name, scope.topic)
        if m is not None:
            return m
    if scope.renamable:
        m = _param(name)
        if m is not None:
            return m
    if name.base == "e" and not name.sub and not name.primes:
        return Meaning("const", "e", SCALAR, "e", "e")
    raise KeyError(sp)


def _unknown_message(name: Name, scope: Scope) -> str:
    known = list(scope.fixed)
    if scope.gates:
        known += [f"{g}_t" for g in GATES.get(scope.topic, {})]
    if scope.states:
        known += ["x_t", "h_{t-1}", "c_{t-1}", "h_t", "c_t"]
    known += ["sigmoid", "tanh", "relu", "exp", "diag", "norm"]
    import difflib  # only on the error path: it is slow to import

    close = difflib.get_close_matches(name.raw, known, n=1, cutoff=0.6)
    if close:
        return _("unknown name {name!r}; did you mean {suggestion!r}?").format(name=name.raw, suggestion=close[0])
    if scope.fixed and not scope.renamable:
        return _("unknown name {name!r}; this problem uses {names}").format(
            name=name.raw, names=_(", ").join(sorted(scope.fixed)))
    return _("unknown name {name!r}").format(name=name.raw)


def scope_for(problem_scope: dict) -> Scope:
    """Build a :class:`Scope` from a problem's ``[scope]`` table (see problems/*.toml)."""
    from . import parse

    topic = problem_scope.get("topic", "rnn")
    fixed = {}
    for text, kind in problem_scope.get("names", {}).items():
        node = parse(text)[0].rhs
        parts = kind.split()
        if parts[0] == "scalar":
            shape = SCALAR
        elif parts[0] in ("vector", "state", "gate", "bias"):
            shape = ("v", parts[1] if len(parts) > 1 else "H")
        elif parts[0] in ("matrix", "identity"):
            shape = ("m", parts[1], parts[2]) if len(parts) > 2 else ("m", "H", "H")
        else:
            raise ValueError(f"unknown kind {kind!r} for {text!r}")
        key = problem_scope.get("keys", {}).get(text, spelling(node))
        display = _pretty(node)
        fixed[spelling(node)] = Meaning(parts[0], key, shape, display, text)
    return Scope(
        topic=topic,
        fixed=fixed,
        states=problem_scope.get("states", True),
        renamable=problem_scope.get("renamable", True),
        gates=problem_scope.get("gates", True),
    )


def _pretty(name: Name) -> str:
    if name.base == "theta":
        return "θ"
    m = _state(name)
    if m is not None:
        return m.display
    return spelling(name)
