"""Which published convention an accepted answer is written in.

A correct answer in another convention gets a note naming it (DESIGN.md): the
learner should know that ``W_if xₜ + b_if + W_hf hₜ₋₁ + b_hf`` is PyTorch's way
of writing what Olah writes ``W_f·[hₜ₋₁, xₜ] + b_f``. The notes are read off the
answer's AST and the products the lowering resolved; nothing here decides
correctness.
"""

from __future__ import annotations

from ..base.language import N_, _
from ..notation import Concat, Name
from ..notation.symbols import UnknownName, resolve


def _nodes(node):
    from ..notation import Node

    yield node
    if isinstance(node, Node):
        for name in node.FIELDS:
            v = getattr(node, name)
            if isinstance(v, tuple):
                for x in v:
                    yield from _nodes(x)
            elif isinstance(v, Node):
                yield from _nodes(v)


# (words of a note, the convention they point to, whether the note only repeats that name)
LABELS = (
    ("PyTorch's cell docs", N_("PyTorch (cell docs notation)"), False),
    ("two biases", N_("PyTorch (two biases per gate)"), False),
    ("row vectors", N_("d2l (row vectors)"), True),
    ("concatenated", N_("Olah / Wikipedia (concatenated weights)"), True),
    ("separate input", N_("PyTorch / d2l / Wikipedia (separate weights)"), True),
)


def name_convention(problem, reading, matched: str, extra_note: str = "") -> tuple[str, tuple]:
    """(the convention to report, the notes to show) for a correct answer.

    A problem with named variants reports the variant matched; otherwise the
    answer's notation names it (most telling note first), and a note that only
    repeats that name is dropped.
    """
    notes = describe(problem, reading) + ([extra_note] if extra_note else [])
    if problem.variants:
        return matched, tuple(_(n) for n in notes)
    for needle, name, repeats in LABELS:  # matched on the English notes, shown in the chosen language
        if any(needle in n for n in notes):
            return _(name), tuple(_(n) for n in notes if not (repeats and needle in n))
    return matched, tuple(_(n) for n in notes)


def describe(problem, reading) -> list[str]:
    """Notes on the notation of a correct answer (may be empty)."""
    if problem.kind == "derivation":
        return []
    nodes = [n for eq in reading.equations for n in _nodes(eq)]
    notes = []
    names = [n for n in nodes if isinstance(n, Name)]
    if any(n.primes for n in names) or any(
        not n.sub and n.base in ("h", "c", "x") and not n.deco for n in names
    ):
        notes.append(N_("PyTorch's cell docs notation: bare h, c, x are the inputs, h′ and c′ the new states"))
    if any(isinstance(n, Concat) for n in nodes):
        notes.append(N_("concatenated weights W·[hₜ₋₁, xₜ] (Olah, Wikipedia)"))
    if any(v == "matmul-row" for v in reading.ops.values()):
        notes.append(N_("row vectors, xₜ W (d2l)"))
    elif any(v == "matmul" for v in reading.ops.values()) and not any(isinstance(n, Concat) for n in nodes):
        notes.append(N_("separate input and recurrent weights (PyTorch, d2l)"))
    for eq in reading.equations:
        biases = set()
        for n in _nodes(eq.rhs):
            if isinstance(n, Name):
                try:
                    if resolve(n, problem.scope).kind == "bias":
                        biases.add(n.raw)
                except UnknownName:
                    pass
        if len(biases) >= 2:
            notes.append(N_("two biases summed (PyTorch's b_i… + b_h…), which is one bias"))
            break
    return notes
