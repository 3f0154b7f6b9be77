"""Stage 4, grading: is an answer the same mathematics as the reference, and if not, why.

Modules, in pipeline order: ``semantics`` (shapes, lowering to SymPy with
slots; ``matrices`` for matrix answers), ``reading`` (whole cells,
substitution), ``equivalence`` (renaming search, SymPy decision),
``reference`` (a problem's prepared references), ``diagnosis`` (why it is
wrong), ``conventions`` (naming a correct answer's convention) and
``checking`` (the :class:`Verdict`, the entry point). May import
:mod:`tutor.base`, :mod:`tutor.notation`, :mod:`tutor.bank` and
:mod:`tutor.numeric`.

``check``, ``Verdict`` and ``mark_lines`` are re-exported here: importing them
costs no SymPy (the checker imports it when it first checks).
"""

from .checking import Verdict, check, mark_lines

__all__ = ["Verdict", "check", "mark_lines"]
