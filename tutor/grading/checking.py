"""Checking one answer to one problem: the :class:`Verdict`.

This is the library entry point behind ``rnn-tutor check`` and the drill:
read the answer (parse, type, lower), compare it with the reference and each
named variant up to parameter renaming, and when nothing matches ask
:mod:`tutor.diagnosis` why. Invalid input is an ordinary outcome here (a
verdict of ``invalid`` with the message and a caret), never an exception, and
the whole check runs under a time budget.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from ..base.limits import OutOfTime, deadline, uncharged
from ..base.language import _
from ..notation import MAX_CHARS, ParseError, caret_lines
from ..notation.normalisation import normalise
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
        return Verdict(pid, "invalid", feedback=(_("the answer is empty"),))
    if len(answer) > MAX_CHARS:
        return Verdict(pid, "invalid", feedback=(_("answer too long ({length} characters; the limit is {limit})").format(
            length=len(answer), limit=MAX_CHARS),))
    from . import conventions, diagnosis, equivalence, reading  # noqa: F401  (SymPy's import is not the answer's cost)

    try:
        with deadline(CHECK_BUDGET):
            answer = normalise(answer)
            return _check(problem, answer)
    except ParseError as exc:
        return Verdict(pid, "invalid", feedback=(exc.message,), caret=caret_lines(answer, exc.span))
    except (OutOfTime, RecursionError, MemoryError):
        return Verdict(pid, "invalid", feedback=(_("the answer is too complex to check in time; write it more simply"),))
    except Exception as exc:  # a checker bug must still end in a verdict, not a traceback
        return Verdict(pid, "invalid", feedback=(_("internal error while checking this answer ({error}); please report it").format(
            error=type(exc).__name__),))


def _check(problem: Problem, answer: str) -> Verdict:
    if problem.kind in ("derivation", "gradient"):
        return _check_chain(problem, answer)
    return _check_answer(problem, answer)


def _check_chain(problem: Problem, answer: str) -> Verdict:
    """A derivation: the last link is graded as the answer; every link before must equal the next."""
    from ..notation import Equation
    from .chains import SymbolicJudge, first_break, interpretation, is_label, read_chain
    from .derivatives import holds_derivative

    if problem.kind == "gradient":
        from .backward import names_target

        chain = read_chain(problem, answer, names_target)
    else:
        chain = read_chain(problem, answer)
    last = chain.links[-1].node
    if problem.kind == "gradient":
        from .backward import GradientJudge, check_gradient

        judge = GradientJudge(problem, answer)
        final = Verdict(problem.id, **check_gradient(problem, answer, last))
    else:
        judge = SymbolicJudge(problem, answer)
        if _uses(last, problem.forbid):  # checked first: it needs no proof
            final = Verdict(problem.id, "incorrect", feedback=(
                _("the result still uses {functions}: the chain must end in the form asked for").format(
                    functions=_(", ").join(problem.forbid)),))
        elif holds_derivative(last) and not (len(chain.links) == 1 and is_label(problem, last)):
            final = Verdict(problem.id, "incorrect", feedback=(
                _("the last line still holds a derivative (d/dx, σ′, tanh′): work it out"),),
                caret=caret_lines(answer, last.span))
        else:
            final = _check_answer(problem, answer, eqs=(Equation(last.span, None, last),))
    if final.verdict == "correct" and problem.min_links > 1:
        final = _shown_from_the_start(problem, chain, judge, final)
    if len(chain.links) == 1:
        return final
    broken = first_break(chain, judge)
    if final.verdict == "invalid":
        return final
    shown = {ascii: interpretation(chain, judge, ascii) for ascii in (False, True)}
    if broken is None:
        return replace(final, interpreted=shown[False], interpreted_ascii=shown[True])
    feedback = (broken.message,) + tuple(_("the result: {why}").format(why=why) for why in final.feedback
                                         if final.verdict == "incorrect")
    return Verdict(problem.id, "incorrect", interpreted=shown[False], interpreted_ascii=shown[True], feedback=feedback,
                   caret=broken.caret)


def _shown_from_the_start(problem, chain, judge, final: Verdict) -> Verdict:
    """A "show that" problem: the chain must start at the label's value and take steps of its own."""
    from ..notation import Call, parse_chain
    from .chains import same_node

    distinct = []
    for link in ([chain.label] if chain.label is not None else []) + [link.node for link in chain.links]:
        if not any(same_node(link, seen) for seen in distinct):
            distinct.append(link)
    if len(distinct) < problem.min_links:
        return replace(final, verdict="incorrect", convention=None, feedback=(
            _("show the work: write the steps between the start and the result as a chain a = b = c"),))
    if chain.label is None or chain.label_last:
        # the start must be the label's value, written without what the result introduces (σ, to show tanh as σ)
        from .derivatives import walk

        start = parse_chain(problem.labels[0])[0]
        result = parse_chain(problem.reference)[-1]
        new = {n.func for n in walk(result) if isinstance(n, Call)} - {n.func for n in walk(start) if isinstance(n, Call)}
        first = chain.links[0].node
        if _uses(first, tuple(new)) or not judge.equal(judge.value(start), judge.value(first)):
            return replace(final, verdict="incorrect", convention=None, feedback=(
                _("the chain must start from {start} (or its definition) and reach the result step by step").format(
                    start=judge.shown(start)),))
    return final


def _uses(node, functions: tuple) -> bool:
    from ..notation import Call
    from .derivatives import walk

    return any(isinstance(n, Call) and n.func.rstrip("'") in functions for n in walk(node))


def _check_answer(problem: Problem, answer: str, eqs: tuple | None = None) -> Verdict:
    from .equivalence import compare, prepare
    from .reading import read

    reading = read(problem, answer, prefix="L", eqs=eqs)
    base = dict(problem=problem.id, interpreted=reading.interpreted, interpreted_ascii=reading.interpreted_ascii)
    if reading.lhs_problem:
        return Verdict(verdict="incorrect", feedback=(reading.lhs_problem,), **base)
    if reading.missing:
        from .reading import display

        names = _(", ").join(display(k) for k in reading.missing)
        return Verdict(verdict="incorrect", feedback=(
            _("the cell never gives {names}: define it on a line of its own").format(names=names),), **base)
    learner = prepare(reading.outputs, reading.registry, problem.mode == "matrix")
    undecided = None
    for index, ref in enumerate(problem.all_references()):
        prepared, _reading = prepared_reference(problem, index)
        outcome = compare(learner, prepared)
        if outcome.equal:
            if reading.unused:
                unused = _(", ").join(reading.unused)
                return Verdict(verdict="incorrect", feedback=(
                    _("{names} is defined but never used: every gate of the cell must take part").format(names=unused),), **base)
            from .conventions import name_convention

            convention, notes = name_convention(problem, reading, ref.name, ref.note)
            return Verdict(verdict="correct", convention=convention, feedback=tuple(reading.notes) + notes, **base)
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
                _("on random numbers this agrees with the reference ({form}), but SymPy could not prove "
                  "it within its time budget; write it in a more standard form").format(form=undecided),
            ),
            **base,
        )
    from .diagnosis import diagnose  # only a wrong answer needs it

    reasons = _cell_reasons(problem, reading) if problem.kind == "cell" else diagnose(problem, reading, learner)
    # what a published notation was read as, so that a reading that does not fit is visible
    return Verdict(verdict="incorrect", feedback=tuple(reasons) + tuple(reading.notes), **base)


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
            return name, (_("the gates written out in full are the cell's own"),)
    return None


def _cell_reasons(problem: Problem, reading) -> list[str]:
    """Why a whole cell is wrong: unused gates, shared parameters, and each line checked against its own problem."""
    from ..notation.typeset import typeset
    from .diagnosis import Reason, reuse_message, reused_parameters

    reasons = [_("{name} is defined but never used").format(name=name) for name in reading.unused]
    reused = reused_parameters(problem, reading)
    if reused:
        reasons.append(reuse_message(reused))
    lines = dict(problem.lines)
    for role, eq in reading.definitions.items():
        pid = lines.get(role)
        if pid is None:
            continue
        verdict = check(pid, line_text(reading, eq))
        if verdict.verdict == "incorrect":
            shown = typeset(eq.lhs, None)
            reasons.extend(Reason(_line_reason(shown, why), getattr(why, "kind", "")) for why in verdict.feedback)
    if not reasons:
        reasons.append(_("each line may look right on its own, but together they are not the same cell as any accepted form"))
    return reasons


def _line_reason(line: str, reason: str) -> str:
    """A whole cell's reason about one of its lines: "fₜ: …" (the line's own verdict gives the "…")."""
    return _("{line}: {reason}").format(line=line, reason=reason)


def beside_marks(feedback: tuple, marks: list) -> tuple:
    """A whole cell's feedback without the reasons its line marks already give (shown beside each line)."""
    covered = {why for _text, verdict in marks for why in verdict.feedback}
    return tuple(f for f in feedback if not any(f.endswith(_line_reason("", why)) for why in covered))


def mark_lines(pid: str, answer: str) -> list:
    """A whole cell, line by line: (line text, Verdict of that line against its own problem).

    Lines whose left side is the learner's own name are not marked (there is
    no problem to mark them against); an unparseable cell gives no marks.
    """
    from .reading import read

    problem = get(pid)
    if problem.kind != "cell":
        return []
    answer = normalise(answer)
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
            marks.append((text, check(lines[role], line_text(reading, eq))))
    return marks


def line_text(reading, eq) -> str:
    """One line of a cell as it was read, to check on its own.

    Where a published notation was resolved across the cell (a time shift, code's
    assignments, a source's name for the state) the line alone would lose that
    context, so the line is written back out in the tutor's own names.
    """
    if not reading.notes:
        return reading.source[eq.span.start : eq.span.end]
    from ..notation.typeset import typeset

    return typeset(eq, None, ascii=True)
