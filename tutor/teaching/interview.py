"""A mock interview: the whole cell from memory, timed, graded per line at the end, then follow-up questions.

Unlike a drill, nothing is checked while the learner writes and there are no
hints: the cell is written line by line (or pasted) until an empty line, the
clock runs from the prompt to that empty line, and only then is every line
marked with the diagnosis of its mistake. The follow-ups are the questions
an interviewer asks next (why σ on the gates, what a gate's bias does, the
parameter count); they live in ``problems/interview/<cell>.toml`` in the
quiz's format and are graded like quiz questions.

Everything is recorded like any item: the cell as an attempt and a review of
its bank problem (``lstm``), each follow-up under its card
``quiz.interview.<id>``, so ``stats`` and ``drill due`` include them.
Like the drill, the session owns no terminal: ``io`` reads and shows,
``view`` builds what is shown.
"""

from __future__ import annotations

import time
import tomllib
import uuid
from dataclasses import dataclass, field
from functools import lru_cache

from ..base.location import bank_dir
from ..bank.problems import all_problems
from ..store.progress import Attempt, Store
from .prompt import command

CELLS = ("lstm", "gru", "rnn")


class InterviewError(ValueError):
    """Not a cell that can be interviewed on; the CLI prints it and exits 2."""


@dataclass(frozen=True)
class Script:
    """One interview's data: the cell problem, the time an interviewer would give, the follow-ups."""

    cell: str
    title: str
    minutes: float
    followups: tuple  # quiz Questions


@dataclass
class Outcome:
    cell: str
    verdict: str = ""  # correct | incorrect | invalid, or "" when the learner left before answering
    seconds: float = 0.0
    target: float = 0.0
    lines_right: int = 0
    lines: int = 0
    followups_right: int = 0
    followups: int = 0
    quit_early: bool = False
    interrupted: bool = False
    marks: list = field(default_factory=list)


def script(cell: str) -> Script:
    """The interview on ``cell`` (lstm, gru or rnn; case does not matter), in the chosen language."""
    from ..base.language import current

    name = cell.strip().lower()
    if name not in CELLS:
        from .prompt import suggestion

        from ..base.language import _

        raise InterviewError(_("no interview on {cell}{suggestion} (choose one of: {cells})").format(
            cell=repr(cell), suggestion=suggestion(name, CELLS), cells=", ".join(CELLS)))
    return _script(name, current())


@lru_cache(maxsize=None)
def _script(name: str, lang: str) -> Script:
    """An interview file, its prose overlaid in ``lang`` (``problems/zh/interview/<cell>.toml``)."""
    from ..base.overlay import overlaid
    from .quiz import KINDS, Question

    with (bank_dir() / "interview" / f"{name}.toml").open("rb") as fh:
        data = overlaid(tomllib.load(fh), bank_dir(), f"interview/{name}.toml", lang)
    questions = []
    for raw in data.get("question", ()):
        if raw.get("kind") not in KINDS:
            raise InterviewError(f"interview/{name}.toml: question {raw.get('id')!r} has kind {raw.get('kind')!r}")
        questions.append(Question(
            id=f"interview.{raw['id']}", topic="interview", kind=raw["kind"], text=raw["text"].strip(),
            explanation=raw.get("explanation", "").strip(), options=tuple(raw.get("options", ())),
            answer=tuple(raw.get("answer", ())), left=tuple(raw.get("left", ())), right=tuple(raw.get("right", ())),
            items=tuple(raw.get("items", ())), problem=raw.get("problem", ""), reference=raw.get("reference", ""),
        ))
    return Script(data["cell"], data.get("title", name), float(data.get("minutes", 5)), tuple(questions))


def followups() -> list:
    """Every follow-up question of every interview (for ``stats`` and ``drill due``)."""
    return [q for cell in CELLS for q in script(cell).followups]


def by_card(card: str):
    return next((q for q in followups() if q.card == card), None)


class Interview:
    """One mock interview on a cell; ``io`` provides read(prompt) and show(renderable)."""

    def __init__(self, cell: str, store: Store, io, seed: int = 0, *, view):
        self.script = script(cell)
        self.problem = all_problems()[self.script.cell]
        self.store, self.io, self.view, self.seed = store, io, view, seed
        self.session = "interview-" + uuid.uuid4().hex[:8]
        self.outcome = Outcome(self.script.cell, target=self.script.minutes * 60)

    def run(self) -> Outcome:
        try:
            answer = self._write()
            if answer is None:
                self.outcome.quit_early = True
                return self.outcome
            self._grade(answer)
            for n, question in enumerate(self.script.followups, 1):
                if not self._follow_up(n, question):
                    self.outcome.quit_early = True
                    break
        except KeyboardInterrupt:
            self.outcome.quit_early = self.outcome.interrupted = True
        except EOFError:
            self.outcome.quit_early = True
        return self.outcome

    # -- the cell --------------------------------------------------------------------

    def _write(self) -> str | None:
        """The cell, from memory: lines until an empty line (or one pasted block); None when the learner leaves."""
        self.io.show(self.view.interview_intro(self.problem, self.script.title, self.script.minutes))
        start = time.monotonic()
        lines: list[str] = []
        while True:
            line = self.io.read("> " if not lines else self.view.continuation())
            word = command(line) if "\n" not in line else None
            if word == "quit":
                return None
            if word in ("hint", "show", "help", "unknown"):
                self.io.show(self.view.note("No hints in an interview: write what you remember; "
                                            "an empty line ends the cell, :quit leaves."))
                continue
            if word == "skip":
                return None
            if not line.strip():
                if lines:
                    break
                continue
            lines.extend(part for part in line.split("\n") if part.strip())
            if "\n" in line and len(lines) > 1:
                break  # a pasted block is the whole cell
        self.outcome.seconds = time.monotonic() - start
        return "\n".join(lines)

    def _grade(self, answer: str) -> None:
        from dataclasses import replace

        from ..grading.checking import beside_marks, check, mark_lines
        from ..store.schedule import now, review

        verdict = check(self.problem.id, answer)
        marks = mark_lines(self.problem.id, answer) if verdict.verdict != "invalid" else []
        self.outcome.verdict = verdict.verdict
        self.outcome.marks = marks
        self.outcome.lines = len(marks)
        self.outcome.lines_right = sum(v.verdict == "correct" for _, v in marks)
        self.store.record(Attempt(self.problem.id, answer, verdict.verdict, now().isoformat(), 0,
                                  self.outcome.seconds, self.session))
        if verdict.verdict != "invalid":
            review(self.store, self.problem.id, "Good" if verdict.verdict == "correct" else "Again")
        self.io.show(self.view.interview_time(self.outcome.seconds, self.outcome.target))
        self.io.show(self.view.verdict_panel(replace(verdict, feedback=beside_marks(verdict.feedback, marks))))
        if marks:
            self.io.show(self.view.line_marks(marks, every=True))

    # -- the follow-ups ----------------------------------------------------------------

    def _follow_up(self, n: int, question) -> bool:
        """One follow-up: a single graded answer (no hints), then the explanation; False when the learner leaves."""
        from .quiz import grade, present
        from ..store.schedule import now, review

        shown = present(question, self.seed)
        self.io.show(self.view.quiz_prompt(n, len(self.script.followups), shown))
        asked = time.monotonic()
        while True:
            text = " ".join(self.io.read("> ").split())
            if not text:
                continue
            word = command(text)
            if word == "quit":
                return False
            if word == "skip":
                return True
            if word in ("hint", "show", "help", "unknown"):
                self.io.show(self.view.note("No hints in an interview; :skip moves on, :quit leaves."))
                continue
            graded = grade(shown, text)
            if not graded.valid:
                self.io.show(self.view.quiz_result(graded, shown, graded.message))
                continue
            self.outcome.followups += 1
            self.outcome.followups_right += graded.correct
            self.store.record(Attempt(question.card, text, "correct" if graded.correct else "incorrect",
                                      now().isoformat(), 0, time.monotonic() - asked, self.session))
            review(self.store, question.card, "Good" if graded.correct else "Again")
            self.io.show(self.view.quiz_result(graded, shown, graded.message))
            return True
