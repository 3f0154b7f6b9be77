"""A drill session: prompts, checking, hints, reveal, skip, and the record of it all.

The session is a loop over items (problems). It owns no terminal: it reads
through ``io.read(prompt)`` and shows what ``view`` builds (the interface's
renderer: intro, prompt, verdict, hint, reveal, quiz panels) through
``io.show``, so the CLI gives it a terminal (with readline editing) and tests
give it a script; the teaching stage never imports the interface.
Every answer is written to the store the moment it is checked, and a
finished item becomes one review of the problem's card, so quitting at any
point (``:quit``, Ctrl-D, Ctrl-C) loses nothing already answered.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field

from ..bank.problems import Problem, all_problems, load
from ..store.progress import Attempt, Store

COMMANDS_HELP = "Type your answer. ? or :hint for a hint, :show to reveal, :skip, :quit (or Ctrl-D)."
QUIZ_HELP = "Answer with letters (or a number or an expression). :show to reveal, :skip, :quit (or Ctrl-D)."
DRILL_TOPICS = ("rnn", "lstm", "gru", "deriv", "backprop", "all", "due")


class DrillError(ValueError):
    """A topic that is not drillable; the CLI prints it and exits 2."""


@dataclass
class Summary:
    items: int = 0
    right_first_time: int = 0
    right: int = 0
    hints: int = 0
    revealed: int = 0
    skipped: int = 0
    seconds: float = 0.0
    quit_early: bool = False
    outcomes: list = field(default_factory=list)  # (problem id, rating or None)


def items_for(topic: str, store: Store, whole: bool = False) -> list[Problem]:
    """The problems of a drill on ``topic``, in the order a person writes them."""
    from ..store.schedule import due_problems

    problems = all_problems()
    topics = load()
    if topic not in DRILL_TOPICS:
        raise DrillError(f"unknown topic {topic!r}; choose one of: {', '.join(DRILL_TOPICS)}")
    if topic == "due":
        from .quiz import by_card

        due = []
        for pid in due_problems(store):
            item = problems.get(pid) or (by_card(pid) if pid.startswith("quiz.") else None)
            if item is not None:
                due.append(item)
        return due

    def cell_of(name: str) -> Problem:
        return next(p for p in topics[name].problems if p.kind == "cell")

    chosen = ("rnn", "lstm", "gru", "deriv", "backprop") if topic == "all" else (topic,)
    out: list[Problem] = []
    for name in chosen:
        if name in ("deriv", "backprop"):
            if whole:
                if topic == name:
                    raise DrillError("--whole is for the cells: rnn, lstm, gru")
                continue
            out.extend(topics[name].problems)
        elif whole:
            out.append(cell_of(name))
        else:
            out.extend(problems[pid] for pid in cell_of(name).steps)
    return out


class Drill:
    """One session over ``items``; ``io`` provides read(prompt) and show(renderable)."""

    def __init__(self, items: list, store: Store, io, whole: bool = False, seed: int = 0, *, view):
        self.items = items  # Problems, or quiz Questions
        self.store = store
        self.io = io
        self.view = view
        self.whole = whole
        self.seed = seed
        self.session = uuid.uuid4().hex[:12]
        self.summary = Summary()

    def run(self) -> Summary:

        start = time.monotonic()
        quiz_only = all(not isinstance(i, Problem) for i in self.items)
        self.io.show(self.view.drill_intro(len(self.items), QUIZ_HELP if quiz_only else COMMANDS_HELP))
        try:
            for n, problem in enumerate(self.items, 1):
                if not self._item(n, problem):
                    self.summary.quit_early = True
                    break
        except (KeyboardInterrupt, EOFError):
            self.summary.quit_early = True
        self.summary.seconds = time.monotonic() - start
        return self.summary

    # -- one item ------------------------------------------------------------------

    def _read(self, prompt: str) -> str:
        if not self.whole:
            return self.io.read(prompt)
        lines = []
        while True:
            line = self.io.read(prompt if not lines else "… ")
            if not line.strip():
                if lines:
                    return "\n".join(lines)
                continue
            if line.strip() in ("?", ":hint", ":show", ":skip", ":quit") and not lines:
                return line
            lines.append(line)

    def _item(self, n: int, problem) -> bool:
        """Run one item; False when the learner quits."""
        if not isinstance(problem, Problem):
            return self._question(n, problem)
        from ..grading.checking import check
        from ..store.schedule import now, rating_name, review

        self.summary.items += 1
        self.io.show(self.view.drill_prompt(n, len(self.items), problem, self.whole))
        hints = 0
        tries = 0
        shown_at = time.monotonic()
        while True:
            try:
                raw = self._read("> ")
            except EOFError:
                self._unfinished(problem, tries, hints)
                return False
            text = raw.strip()
            if not text:
                continue
            if text in ("?", ":hint", ":h"):
                if hints < len(problem.hints):
                    hints += 1
                    self.summary.hints += 1
                self.io.show(self.view.hint_text(problem, hints))
                continue
            if text in (":quit", ":q", ":exit"):
                self._unfinished(problem, tries, hints)
                return False
            if text in (":skip", ":s"):
                self.summary.skipped += 1
                self._unfinished(problem, tries, hints, count=False)
                return True
            if text in (":show", ":reveal"):
                self.store.record(Attempt(problem.id, "", "revealed", now().isoformat(), hints,
                                          time.monotonic() - shown_at, self.session))
                review(self.store, problem.id, "Again")
                self.summary.revealed += 1
                self.summary.outcomes.append((problem.id, "Again"))
                self.io.show(self.view.reveal_panel(problem))
                return True
            if text.startswith(":"):
                self.io.show(self.view.hint_text(problem, -1))
                continue
            answer = raw if self.whole else text
            verdict = check(problem.id, answer)
            self.store.record(Attempt(problem.id, answer, verdict.verdict, now().isoformat(), hints,
                                      time.monotonic() - shown_at, self.session))
            self.io.show(self.view.verdict_panel(verdict))
            if self.whole and verdict.verdict != "invalid":
                from ..grading.checking import mark_lines

                self.io.show(self.view.line_marks(mark_lines(problem.id, answer)))
            if verdict.verdict == "invalid":
                continue  # not an attempt at the mathematics; no try is counted
            tries += 1
            if verdict.verdict == "correct":
                rating = rating_name(True, tries == 1, hints, False)
                review(self.store, problem.id, rating)
                self.summary.right += 1
                self.summary.right_first_time += tries == 1 and hints == 0
                self.summary.outcomes.append((problem.id, rating))
                return True

    def _unfinished(self, problem: Problem, tries: int, hints: int, count: bool = True) -> None:
        """Leaving an item: after wrong answers it is a failed review; untouched, it never happened."""
        from ..store.schedule import review

        if tries:
            review(self.store, problem.id, "Again")
            self.summary.outcomes.append((problem.id, "Again"))
        else:
            self.summary.outcomes.append((problem.id, None))
            if count and not hints:
                self.summary.items -= 1

    def _question(self, n: int, question) -> bool:
        """One quiz question: a single graded answer, then the explanation."""
        from .quiz import grade, present
        from ..store.schedule import now, review

        self.summary.items += 1
        shown = present(question, self.seed)
        self.io.show(self.view.quiz_prompt(n, len(self.items), shown))
        shown_at = time.monotonic()
        while True:
            try:
                raw = self.io.read("> ")
            except EOFError:
                self.summary.items -= 1
                return False
            text = raw.strip()
            if not text:
                continue
            if text in (":quit", ":q", ":exit"):
                self.summary.items -= 1
                return False
            if text in (":skip", ":s"):
                self.summary.skipped += 1
                self.summary.outcomes.append((question.card, None))
                return True
            if text in ("?", ":hint", ":h"):
                self.io.show(self.view.quiz_result(None, shown, "No hints in the quiz; :show reveals the answer."))
                continue
            if text in (":show", ":reveal"):
                self.store.record(Attempt(question.card, "", "revealed", now().isoformat(), 0,
                                          time.monotonic() - shown_at, self.session))
                review(self.store, question.card, "Again")
                self.summary.revealed += 1
                self.summary.outcomes.append((question.card, "Again"))
                self.io.show(self.view.quiz_result(None, shown, ""))
                return True
            graded = grade(shown, text)
            if not graded.valid:
                self.io.show(self.view.quiz_result(graded, shown, graded.message))
                continue
            verdict = "correct" if graded.correct else "incorrect"
            self.store.record(Attempt(question.card, text, verdict, now().isoformat(), 0,
                                      time.monotonic() - shown_at, self.session))
            rating = "Good" if graded.correct else "Again"
            review(self.store, question.card, rating)
            self.summary.right += graded.correct
            self.summary.right_first_time += graded.correct
            self.summary.outcomes.append((question.card, rating))
            self.io.show(self.view.quiz_result(graded, shown, graded.message))
            return True
