"""Checking one answer to one problem: the :class:`Verdict`.

This is the library entry point behind ``rnn-tutor check`` and the drill:
read the answer (parse, type, lower), compare it with the reference and each
named variant up to parameter renaming, and when nothing matches ask
:mod:`tutor.diagnosis` why. Invalid input is an ordinary outcome here (a
verdict of ``invalid`` with the message and a caret), never an exception, and
the whole check runs under a time budget.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..base.limits import OutOfTime, deadline, uncharged
from ..notation import MAX_CHARS, ParseError, caret_lines
from ..bank.problems import Problem, UnknownProblem, get
from .reference import prepared_reference

CHECK_BUDGET = 1.5


@dataclass(frozen=True)
class Verdict:
    """The outcome of one check."""

    problem: str
    verdict: str  # correct | incorrect | invalid
    convention: str | None = None
    interpreted: str | None = None
    interpreted_ascii: str | None = None
    feedback: tuple = ()
    caret: str = ""

    def to_json(self) -> dict:
        return {
            "problem": self.problem,
            "verdict": self.verdict,
            "convention": self.convention,
            "interpreted": self.interpreted,
            "feedback": list(self.feedback),
        }

    @property
    def exit_code(self) -> int:
        return {"correct": 0, "incorrect": 1}.get(self.verdict, 2)


def check(pid: "str | Problem", answer: str) -> Verdict:
    """Check ``answer`` against problem ``pid`` (an id, or a Problem such as a quiz question's).

    Example:
        >>> check("lstm.cell", "c_t = f_t * c_{t-1} + i_t * g_t").verdict
        'correct'
    """
    if isinstance(pid, Problem):
        problem, pid = pid, pid.id
    else:
        try:
            problem = get(pid)
        except UnknownProblem as exc:
            return Verdict(pid, "invalid", feedback=(str(exc),))
    if not isinstance(answer, str) or not answer.strip():
        return Verdict(pid, "invalid", feedback=("the answer is empty",))
    if len(answer) > MAX_CHARS:
        return Verdict(pid, "invalid", feedback=(f"answer too long ({len(answer)} characters; the limit is {MAX_CHARS})",))
    from . import conventions, diagnosis, equivalence, reading  # noqa: F401  (SymPy's import is not the answer's cost)

    try:
        with deadline(CHECK_BUDGET):
            return _check(problem, answer)
    except ParseError as exc:
        return Verdict(pid, "invalid", feedback=(exc.message,), caret=caret_lines(answer, exc.span))
    except (OutOfTime, RecursionError, MemoryError):
        return Verdict(pid, "invalid", feedback=("the answer is too complex to check in time; write it more simply",))
    except Exception as exc:  # a checker bug must still end in a verdict, not a traceback
        return Verdict(pid, "invalid", feedback=(f"internal error while checking this answer ({type(exc).__name__}); please report it",))


def _check(problem: Problem, answer: str) -> Verdict:
    from .diagnosis import diagnose
    from .equivalence import compare, prepare
    from .reading import read

    reading = read(problem, answer, prefix="L")
    base = dict(problem=problem.id, interpreted=reading.interpreted, interpreted_ascii=reading.interpreted_ascii)
    if reading.lhs_problem:
        return Verdict(verdict="incorrect", feedback=(reading.lhs_problem,), **base)
    if reading.missing:
        from .reading import display

        names = ", ".join(display(k) for k in reading.missing)
        return Verdict(verdict="incorrect", feedback=(f"the cell never gives {names}: define it on a line of its own",), **base)
    learner = prepare(reading.outputs, reading.registry, problem.mode == "matrix")
    undecided = None
    for index, ref in enumerate(problem.all_references()):
        prepared, _ = prepared_reference(problem, index)
        outcome = compare(learner, prepared)
        if outcome.equal:
            if reading.unused:
                unused = ", ".join(reading.unused)
                return Verdict(verdict="incorrect", feedback=(f"{unused} is defined but never used: every gate of the cell must take part",), **base)
            from .conventions import name_convention

            convention, notes = name_convention(problem, reading, ref.name, ref.note)
            return Verdict(verdict="correct", convention=convention, feedback=notes, **base)
        if outcome.equal is None and undecided is None:
            undecided = ref.name
    written_out = _check_written_out(problem, answer, reading)
    if written_out is not None:
        name, notes = written_out
        return Verdict(verdict="correct", convention=name, feedback=notes, **base)
    if undecided is not None:
        return Verdict(
            verdict="incorrect",
            feedback=(
                f"on random numbers this agrees with the reference ({undecided}), but SymPy could not prove "
                "it within its time budget; write it in a more standard form",
            ),
            **base,
        )
    reasons = _cell_reasons(problem, reading) if problem.kind == "cell" else diagnose(problem, reading, learner)
    return Verdict(verdict="incorrect", feedback=tuple(reasons), **base)


@lru_cache(maxsize=64)
@uncharged()  # the reference cell's forms are the tutor's own work, not the answer's
def _expanded_references(problem: Problem) -> tuple:
    from .equivalence import prepare
    from ..bank.problems import load
    from .reading import expansions

    cells = [p for p in load()[problem.topic].problems if p.kind == "cell"] if problem.topic in load() else []
    if problem.kind != "equation" or not cells:
        return ()
    out = []
    for name, reading, values, shared in expansions(problem, cells[0]):
        out.append((name, prepare(reading.outputs, reading.registry, shared=shared), values, shared))
    return tuple(out)


def _check_written_out(problem: Problem, answer: str, reading):
    """Gates (or cₜ) written out in full: compare with each cell form, the other lines substituted."""
    from .equivalence import compare, prepare
    from .reading import read

    for name, ref, values, shared in _expanded_references(problem):
        learner = read(problem, answer, prefix="L", expand=values)
        outcome = compare(prepare(learner.outputs, learner.registry, shared=shared), ref)
        if outcome.equal:
            return name, ("the gates written out in full are the cell's own",)
    return None


def _cell_reasons(problem: Problem, reading) -> list[str]:
    """Why a whole cell is wrong: unused gates, shared parameters, and each line checked against its own problem."""
    from ..notation.typeset import typeset
    from .diagnosis import reuse_message, reused_parameters

    reasons = [f"{name} is defined but never used" for name in reading.unused]
    reused = reused_parameters(problem, reading)
    if reused:
        reasons.append(reuse_message(reused))
    lines = dict(problem.lines)
    for role, eq in reading.definitions.items():
        pid = lines.get(role)
        if pid is None:
            continue
        text = reading.source[eq.span.start : eq.span.end]
        verdict = check(pid, text)
        if verdict.verdict == "incorrect":
            shown = typeset(eq.lhs, None)
            reasons.extend(f"{shown}: {why}" for why in verdict.feedback)
    if not reasons:
        reasons.append("each line may look right on its own, but together they are not the same cell as any accepted form")
    return reasons


def mark_lines(pid: str, answer: str) -> list:
    """A whole cell, line by line: (line text, Verdict of that line against its own problem).

    Lines whose left side is the learner's own name are not marked (there is
    no problem to mark them against); an unparseable cell gives no marks.
    """
    from .reading import read

    problem = get(pid)
    if problem.kind != "cell":
        return []
    try:
        with deadline(CHECK_BUDGET):
            reading = read(problem, answer, prefix="L")
    except (ParseError, OutOfTime, RecursionError):
        return []
    lines = dict(problem.lines)
    marks = []
    for role, eq in reading.definitions.items():
        text = answer[eq.span.start : eq.span.end]
        if role in lines:
            marks.append((text, check(lines[role], text)))
    return marks
