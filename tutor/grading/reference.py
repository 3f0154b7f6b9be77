"""A problem's reference and named variants, read and prepared once for every check that needs them."""

from __future__ import annotations

from functools import lru_cache

from ..base.limits import uncharged
from ..bank.problems import Problem


@lru_cache(maxsize=256)
@uncharged()  # the tutor's own work: not charged to the answer being checked
def prepared_reference(problem: Problem, index: int):
    """The reference (index 0) or a variant of a problem, read and prepared once."""
    from .equivalence import prepare
    from .reading import read

    ref = problem.all_references()[index]
    reading = read(problem, ref.answer, prefix="R", eqs=result_of(problem, ref.answer))
    return prepare(reading.outputs, reading.registry, problem.mode == "matrix"), reading


def result_of(problem: Problem, text: str):
    """A derivation's reference may be a worked chain: its last link is the result (None: read it whole)."""
    if problem.kind != "derivation":
        return None
    from ..notation import Equation, parse_chain

    last = parse_chain(text)[-1]
    return (Equation(last.span, None, last),)
