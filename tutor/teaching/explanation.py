"""What ``rnn-tutor explain`` shows: prose from ``problems/explain/*.toml``, a worked example from :mod:`tutor.cells`.

The prose is data. The equations are written in the answer language (with the
parameter names :mod:`tutor.cells` uses) and a test checks each against the
problem bank's whole-cell problem, so the equations on screen are the ones
the checker accepts. Every number comes from the cells; the parameter count
is the bank's formula evaluated at the chosen sizes. SymPy is not imported:
this path must start as fast as NumPy allows.
"""

from __future__ import annotations

import tomllib
from typing import NamedTuple
from functools import lru_cache

from ..notation import BinOp, Call, Name, Neg, Num, parse
from ..base.language import _, current, unwrap
from ..base.overlay import overlaid
from ..base.location import bank_dir

TOPICS = ("rnn", "lstm", "gru")
PAGES = ("pytorch", "training", "seq2seq")  # prose pages: no cell, no worked example
MAX_HIDDEN = 8
MAX_INPUT = 8
MAX_STEPS = 12


class ExplainError(ValueError):
    """A bad topic, size or convention: the CLI prints it and exits 2."""


class Row(NamedTuple):
    """One line of the worked example: what is computed, how, and its value."""

    name: str  # key in the cell's step dict
    label: str  # hₜ, a_f, …
    how: str  # the formula, from the equations
    ascii_how: str


class Explanation(NamedTuple):
    topic: str
    title: str
    intuition: str
    why_title: str
    why_activations: str
    extra_title: str
    extra: str
    roles: tuple
    conventions: tuple
    comparison: tuple
    equations_name: str
    equations: str
    params_formula: str
    params_value: int
    convention: str
    params_note: str = ""  # which parameters the count counts, for these equations
    stored_formula: str = ""  # what PyTorch stores, when that differs
    stored_value: int = 0


class BackRow(NamedTuple):
    """One line of the worked backward step: the gradient's name, how it is computed (prose), its value."""

    label: str
    how: str
    value: object


class Example(NamedTuple):
    """A seeded worked example: parameters, inputs, and every step's intermediates."""

    kind: str
    hidden: int
    inputs: int
    seed: int
    params: dict
    xs: list
    h0: object
    c0: object
    steps: list
    rows: tuple
    backward: tuple = ()  # BackRow of the backward pass through step 1
    backward_text: str = ""
    backward_equations: str = ""


def _data(topic: str) -> dict:
    return _data_in(topic, current())


@lru_cache(maxsize=None)
def _data_in(topic: str, lang: str) -> dict:
    """A topic's explanation file, its prose overlaid in ``lang`` (``problems/zh/explain/<topic>.toml``)."""
    with (bank_dir() / "explain" / f"{topic}.toml").open("rb") as fh:
        return overlaid(tomllib.load(fh), bank_dir(), f"explain/{topic}.toml", lang)


def equations_for(topic: str, convention: str | None, variant: str | None = None) -> tuple[str, str, str]:
    """(convention key, its name, its equations text) for a topic.

    GRU's forms are conventions of one cell (``--convention``); the LSTM's
    peephole and CIFG forms are other cells, variants (``--variant``). Both
    are keys of the topic's ``equations`` table.
    """
    eqs = _data(topic)["equations"]
    if convention and topic != "gru" and convention != "default":
        if topic == "lstm":
            raise ExplainError(_("--convention is for GRU only; {topic} has one form; its variants are "
                                 "--variant peephole or cifg").format(topic=topic))
        raise ExplainError(_("--convention is for GRU only; {topic} has one form").format(topic=topic))
    if variant and topic != "lstm":
        raise ExplainError(_("--variant is for LSTM only (peephole, cifg); {topic} has none").format(topic=topic))
    key = variant or convention or ("pytorch" if "pytorch" in eqs else "default")
    if key not in eqs or (variant and key == "default"):
        others = [k for k in eqs if k != "default"]
        message = (_("unknown variant {key}; choose one of: {choices}") if variant
                   else _("unknown convention {key}; choose one of: {choices}"))
        raise ExplainError(message.format(key=repr(key), choices=", ".join(others)))
    return key, eqs[key]["name"], eqs[key]["text"].strip()


@lru_cache(maxsize=None)
def _params_formula(pid: str) -> str:
    """The bank's reference for a parameter count, read from ``params.toml`` alone (start-up matters here)."""
    with (bank_dir() / "params.toml").open("rb") as fh:
        for raw in tomllib.load(fh)["problem"]:
            if raw["id"] == pid:
                return raw["reference"].strip()
    raise ExplainError(_("the problem bank has no {problem}").format(problem=pid))


def arith(node, env: dict) -> float:
    """Evaluate a parameter-count formula's AST (numbers, H, X, + − × ^)."""
    if isinstance(node, Num):
        return float(node.text)
    if isinstance(node, Name):
        return float(env[node.base])
    if isinstance(node, Neg):
        return -arith(node.operand, env)
    if isinstance(node, BinOp):
        a, b = arith(node.left, env), arith(node.right, env)
        if node.op == "^":  # only when asked for: a**b of two large counts overflows
            return a**b
        return {"+": a + b, "-": a - b, "*": a * b, "juxt": a * b, "@": a * b, "/": a / b if b else float("nan")}[node.op]
    raise ExplainError(_("the parameter formula is not plain arithmetic"))


def explain(topic: str | None, hidden: int = 2, inputs: int = 3, convention: str | None = None,
            variant: str | None = None) -> Explanation:
    """The prose, equations and parameter count of a topic."""
    if topic not in TOPICS:
        raise ExplainError(_("unknown topic {topic}; choose one of: {topics}").format(topic=repr(topic),
                                                                                     topics=", ".join(TOPICS)))
    _check_sizes(hidden, inputs, 1)
    data = _data(topic)
    key, name, text = equations_for(topic, convention, variant)
    form = data["equations"][key]
    # a form whose biases cannot all merge (GRU's reset-after) or that has more or fewer parameters
    # (peephole, CIFG) writes its own count; the others use the bank's formula
    formula = form.get("params_formula") or _params_formula(data["params"])
    sizes = {"H": hidden, "X": inputs}
    value = arith(parse(formula)[0].rhs, sizes)
    stored = form.get("params_stored", data.get("params_stored", ""))
    extra_title, extra = (_("What the LSTM fixes"), data.get("fixes", "")) if topic == "lstm" else (
        (_("Why the plain RNN struggles"), data.get("limits", "")) if topic == "rnn" else ("", ""))
    return Explanation(
        topic=topic,
        title=data["title"],
        intuition=data["intuition"].strip(),
        why_title=data.get("why_title") or _("Why σ on gates and tanh on states"),
        why_activations=data["why_activations"].strip(),
        extra_title=extra_title,
        extra=unwrap(extra),
        roles=tuple((r["name"], r["role"]) for r in data.get("roles", ())),
        conventions=tuple(form["notes"]) if "notes" in form else tuple(c["text"] for c in data.get("conventions", ())),
        comparison=tuple((c["aspect"], c["gru"], c["lstm"]) for c in data.get("comparison", ())),
        equations_name=name,
        equations=text,
        params_formula=formula,
        params_value=int(round(value)),
        convention=key,
        params_note=unwrap(form.get("params_note", data.get("params_note", ""))),
        stored_formula=stored,
        stored_value=int(round(arith(parse(stored)[0].rhs, sizes))) if stored else 0,
    )


def _check_sizes(hidden: int, inputs: int, steps: int):
    if not 1 <= hidden <= MAX_HIDDEN:
        raise ExplainError(_("--hidden must be between 1 and {most} (a worked example is read by a person)").format(
            most=MAX_HIDDEN))
    if not 1 <= inputs <= MAX_INPUT:
        raise ExplainError(_("--input must be between 1 and {most}").format(most=MAX_INPUT))
    if not 1 <= steps <= MAX_STEPS:
        raise ExplainError(_("--steps must be between 1 and {most}").format(most=MAX_STEPS))


@lru_cache(maxsize=16)
def parsed(text: str) -> tuple:
    """The equations of a text, parsed once (the view and the rows both need them)."""
    return parse(text)


def _rows(equations: str) -> tuple:
    """The rows of a worked example, in the order of the equations: pre-activation, then gate."""
    from ..notation.symbols import Scope
    from ..notation.typeset import Names, typeset

    _Names = Names(Scope("lstm"))  # shows states as hₜ₋₁ rather than as typed

    rows = []
    for eq in parsed(equations):
        role = eq.lhs.base.lower() if eq.lhs.base.lower() in "fignorzhc" else eq.lhs.base
        label = typeset(eq.lhs, _Names)
        rhs = eq.rhs
        if isinstance(rhs, Call) and rhs.func in ("sigmoid", "tanh") and role not in ("h", "c"):
            a = rhs.args[0]
            rows.append(Row(f"a_{role}", f"a_{role}", typeset(a, _Names), typeset(a, _Names, ascii=True)))
            fn = "σ" if rhs.func == "sigmoid" else "tanh"
            rows.append(Row(role, label, f"{fn}(a_{role})", f"{rhs.func}(a_{role})"))
        elif isinstance(rhs, Call) and rhs.func == "tanh" and role == "h":  # the plain RNN
            rows.append(Row("a", "a", typeset(rhs.args[0], _Names), typeset(rhs.args[0], _Names, ascii=True)))
            rows.append(Row("h", label, "tanh(a)", "tanh(a)"))
        else:
            rows.append(Row(role, label, typeset(rhs, _Names), typeset(rhs, _Names, ascii=True)))
    return tuple(rows)


def example(topic: str, hidden: int = 2, inputs: int = 3, steps: int = 1, seed: int = 0,
            convention: str | None = None, variant: str | None = None) -> Example:
    """A seeded worked example computed by the numeric cells."""
    from ..numeric import cells

    if topic not in TOPICS:
        raise ExplainError(_("unknown topic {topic}; choose one of: {topics}").format(topic=repr(topic),
                                                                                     topics=", ".join(TOPICS)))
    _check_sizes(hidden, inputs, steps)
    key, _name, text = equations_for(topic, convention, variant)
    form = key if topic == "lstm" else "default"
    p, xs, h0, c0 = cells.random_example(topic, hidden, inputs, steps, seed, variant=form)
    conv = cells.GRU_CONVENTIONS.get(key, cells.GRUConvention())
    run = cells.unroll(topic, p, xs, h0, c0 if topic == "lstm" else None, conv, variant=form)
    if variant is not None:  # the backward pass is worked for the standard cells only
        return Example(topic, hidden, inputs, seed, p, xs, h0, c0 if topic == "lstm" else None, run, _rows(text))
    back = _backward(topic, p, xs[0], h0, c0, seed, conv)
    data = _data(topic)["backward"]
    return Example(topic, hidden, inputs, seed, p, xs, h0, c0 if topic == "lstm" else None, run, _rows(text),
                   back, unwrap(data["text"]), data["equations"].strip())


def _backward(topic: str, p: dict, x, h0, c0, seed: int, conv) -> tuple:
    """The backward pass through step 1 with seeded upstream gradients (one decimal), computed on the tape."""
    import random

    from ..numeric import cells
    from ..numeric.backprop import backward_step

    rng = random.Random(seed + 7919)  # its own stream: the forward example is unchanged
    dh = cells.one_decimal(rng, (len(h0),))
    dc = cells.one_decimal(rng, (len(h0),)) if topic == "lstm" else None
    grads = backward_step(topic, p, x, h0, c0 if topic == "lstm" else None, dh, dc, conv.reset, conv.update)
    data = _data(topic)["backward"]
    override = {}
    if topic == "gru" and conv.update == "take":
        override.update(data.get("update_take", {}))
    if topic == "gru" and conv.reset == "before":
        override.update(data.get("reset_before", {}))
    return tuple(BackRow(label, override.get(key, how), grads[key]) for key, label, how in data["rows"])


class Page(NamedTuple):
    """A prose page of ``explain`` (``problems/explain/<topic>.toml``): titled sections, in order."""

    topic: str
    title: str
    sections: tuple  # (heading, text) pairs


def page(topic: str) -> Page:
    """The page of a topic without a cell (pytorch, training, seq2seq)."""
    if topic not in PAGES:
        raise ExplainError(_("unknown topic {topic}; choose one of: {topics}").format(topic=repr(topic),
                                                                                     topics=", ".join(TOPICS + PAGES)))
    data = _data(topic)
    return Page(topic, data["title"], tuple((s["title"], s["text"].strip()) for s in data["section"]))


def fmt(v) -> str:
    """A vector to 4 places, as the tutor prints it."""
    return "[" + ", ".join(f"{float(x): .4f}" for x in v) + "]"
