"""A drill session: a shuffled queue of items, checking, hints, reveal, relearning, and the record of it all.

The session works like a flash-card deck (Anki): the items come in a random
order (a seed repeats it), and an item that was failed (a wrong answer before
the right one) or revealed goes back into the queue a few items later, until
it is answered right without help or skipped. Whole cells take lines until an
empty line, and a block pasted at any prompt is one answer.

The session owns no terminal: it reads through ``io.read(prompt)`` (which may
return a pasted block, lines joined by newlines) and shows what ``view``
builds (the interface's renderer) through ``io.show``, so the CLI gives it a
terminal and tests give it a script; the teaching stage never imports the
interface. Every answer is written to the store the moment it is checked,
and each pass over an item becomes one review of the problem's card, so
quitting at any point (``:quit``, Ctrl-D, Ctrl-C) loses nothing already answered.
"""

from __future__ import annotations

import random
import time
import uuid
from dataclasses import dataclass, field

from ..base.language import N_, _, ngettext
from ..bank.problems import Problem, all_problems, load
from ..store.progress import Attempt, Store
from .prompt import command, suggestion  # noqa: F401  (command is part of the drill's interface)

COMMANDS_HELP = N_("? or hint for a hint, :show (counts as failed), :skip, :quit or Ctrl-D, help")
QUIZ_HELP = N_("Answer with letters, a number or an expression; :show, :skip, :quit or Ctrl-D")
DRILL_TOPICS = ("rnn", "lstm", "gru", "deriv", "backprop", "params", "all", "due")
RELEARN_GAP = 3  # a failed item comes back after this many other items (or at the end)

class DrillError(ValueError):
    """A topic or id that is not drillable; the CLI prints it and exits 2."""


@dataclass
class Summary:
    items: int = 0
    right_first_time: int = 0
    right: int = 0
    hints: int = 0
    revealed: int = 0
    skipped: int = 0
    relearned: int = 0  # items that came back after a failure and were then answered right
    seconds: float = 0.0
    quit_early: bool = False
    interrupted: bool = False  # Ctrl-C: the CLI exits 130
    seed: int | None = None
    outcomes: list = field(default_factory=list)  # (problem id, rating or None)


def items_for(topic, store: Store, whole: bool = False) -> list[Problem]:
    """The problems of a drill, in the order a person writes them.

    ``topic`` is a topic (rnn, lstm, gru, deriv, all, due), a problem id, or a
    list of them; case does not matter. A cell's topic means its steps (or
    the whole cell with ``whole``); a cell's id alone is the whole cell.
    """
    names = [topic] if isinstance(topic, str) else list(topic)
    if not names:
        raise DrillError(_("give a topic or a problem id; topics: {topics}").format(topics=", ".join(DRILL_TOPICS)))
    problems = all_problems()
    out: list[Problem] = []
    for name in names:
        key = name.strip().lower()
        if key in DRILL_TOPICS:
            chosen = _topic_items(key, store, whole, problems)
        elif key in problems:
            chosen = [problems[key]]
        else:
            raise DrillError(_("unknown topic or problem {name}{suggestion} (topics: {topics}; ids: rnn-tutor list)").format(
                name=repr(name), suggestion=suggestion(key, list(DRILL_TOPICS) + list(problems)),
                topics=", ".join(DRILL_TOPICS)))
        out.extend(p for p in chosen if p not in out)
    return out


def _topic_items(topic: str, store: Store, whole: bool, problems: dict) -> list:
    from ..store.schedule import due_problems

    topics = load()
    if topic == "params":  # parameter counts of stacked, bidirectional and two-bias layers, sizes drawn per attempt
        from .quiz import questions

        return questions("params")
    if topic == "due":
        from .quiz import by_card

        due = []
        for pid in due_problems(store):
            item = problems.get(pid) or (by_card(pid) if pid.startswith("quiz.") else None)
            if item is None and pid.startswith("quiz.interview."):
                from .interview import by_card as followup

                item = followup(pid)
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
                    raise DrillError(_("--whole is for the cells: rnn, lstm, gru"))
                continue
            out.extend(topics[name].problems)
        elif whole:
            out.append(cell_of(name))
        else:
            out.extend(problems[pid] for pid in cell_of(name).steps)
    return out


def shuffled(items: list, seed: int) -> list:
    """``items`` in a random order that ``seed`` repeats."""
    out = list(items)
    random.Random(seed).shuffle(out)
    return out


def choose_hint(problem: Problem, used: set, kinds: set) -> int | None:
    """The next hint: one written for the last mistake's kind if there is an unused one, else the next on the ladder."""
    fors = problem.hint_for or ((),) * len(problem.hints)
    if kinds:
        for i, helps in enumerate(fors):
            if i not in used and kinds & set(helps):
                return i
    for i in range(len(problem.hints)):
        if i not in used:
            return i
    return None


class Drill:
    """One session over ``items``; ``io`` provides read(prompt) and show(renderable)."""

    def __init__(self, items: list, store: Store, io, whole: bool = False, seed: int | None = None, *, view):
        self.items = items  # Problems, or quiz Questions, in the order they are asked
        self.store = store
        self.io = io
        self.view = view
        self.whole = whole
        self.seed = seed
        self.session = uuid.uuid4().hex[:12]
        self.summary = Summary(seed=seed)

    def run(self) -> Summary:
        start = time.monotonic()
        quiz_only = all(not isinstance(i, Problem) for i in self.items)
        self.io.show(self.view.drill_intro(len(self.items), QUIZ_HELP if quiz_only else COMMANDS_HELP, self.seed))
        queue = list(self.items)
        again: set = set()  # items on their second (or later) pass
        seen: set = set()
        n = 0
        try:
            while queue:
                item = queue.pop(0)
                n += 1
                key = id(item)
                outcome = self._item(n, n + len(queue), item, key in again)
                if key not in seen and outcome != "quit-untouched":
                    seen.add(key)
                    self.summary.items += 1
                if outcome.startswith("quit"):
                    self.summary.quit_early = True
                    break
                if outcome == "relearn":
                    again.add(key)
                    queue.insert(min(RELEARN_GAP, len(queue)), item)
                elif outcome == "right" and key in again:
                    self.summary.relearned += 1
        except KeyboardInterrupt:  # outside a prompt (while checking): the same as at a prompt
            self.summary.quit_early = self.summary.interrupted = True
        self.summary.seconds = time.monotonic() - start
        return self.summary

    # -- reading -----------------------------------------------------------------

    def _read(self, multiline: bool) -> str:
        """One answer: a line, a pasted block, or (for a whole cell) lines until an empty line."""
        first = self.io.read("> ")
        if "\n" in first or not multiline or not first.strip() or command(first):
            return first
        lines = [first]
        while True:
            line = self.io.read(self.view.continuation())
            if not line.strip():
                return "\n".join(lines)
            if "\n" not in line and command(line):  # a command ends the cell unchecked
                self.io.show(self.view.note(ngettext("(the {count} line typed was not checked)",
                                                     "(the {count} lines typed were not checked)",
                                                     len(lines)).format(count=len(lines))))
                return line
            lines.append(line)

    # -- one item ------------------------------------------------------------------

    def _item(self, n: int, total: int, problem, again: bool) -> str:
        """Run one pass over an item: right, relearn, skipped, untouched or quit."""
        if not isinstance(problem, Problem):
            return self._question(n, total, problem, again)
        from ..grading.checking import check
        from ..store.schedule import now, rating_name, review

        multiline = self.whole or problem.kind == "cell"
        self.io.show(self.view.drill_prompt(n, total, problem, multiline, again))
        used: set = set()
        kinds: set = set()
        tries = 0
        wrong = 0
        shown_at = time.monotonic()
        while True:
            try:
                raw = self._read(multiline)
            except (EOFError, KeyboardInterrupt) as exc:
                self.summary.interrupted = isinstance(exc, KeyboardInterrupt)
                return self._unfinished(problem, tries, used, quit=True)
            text = raw.strip()
            if not text:
                continue
            word = command(text) if "\n" not in text else None
            if word == "hint":
                index = choose_hint(problem, used, kinds)
                if index is None:
                    self.io.show(self.view.no_more_hints(problem))
                    continue
                targeted = bool(kinds & set((problem.hint_for or ((),) * len(problem.hints))[index]))
                used.add(index)
                self.summary.hints += 1
                self.io.show(self.view.hint_text(problem, index, len(used), targeted))
                continue
            if word == "quit":
                return self._unfinished(problem, tries, used, quit=True)
            if word == "skip":
                self.summary.skipped += 1
                self._unfinished(problem, tries, used)
                return "skipped"
            if word == "show":
                self.store.record(Attempt(problem.id, "", "revealed", now().isoformat(), len(used),
                                          time.monotonic() - shown_at, self.session))
                review(self.store, problem.id, "Again")
                self.summary.revealed += 1
                self.summary.outcomes.append((problem.id, "Again"))
                self.io.show(self.view.reveal_panel(problem))
                return "relearn"
            if word in ("help", "unknown"):
                self.io.show(self.view.commands_help())
                continue
            answer = raw if (multiline or "\n" in raw) else text
            verdict = check(problem.id, answer)
            self.store.record(Attempt(problem.id, answer, verdict.verdict, now().isoformat(), len(used),
                                      time.monotonic() - shown_at, self.session))
            self._show_verdict(problem, answer, verdict, multiline)
            if verdict.verdict == "invalid":
                continue  # not an attempt at the mathematics; no try is counted
            tries += 1
            if verdict.verdict != "correct":
                wrong += 1
                kinds = {getattr(f, "kind", "") for f in verdict.feedback} - {""}
                continue
            rating = rating_name(True, tries == 1, len(used), False)
            review(self.store, problem.id, rating)
            self.summary.right += 1
            self.summary.right_first_time += tries == 1 and not used and not again
            self.summary.outcomes.append((problem.id, rating))
            return "relearn" if wrong else "right"

    def _show_verdict(self, problem: Problem, answer: str, verdict, multiline: bool) -> None:
        from dataclasses import replace

        lines = [line for line in answer.splitlines() if line.strip()]
        if multiline and verdict.verdict != "invalid":
            from ..grading.checking import beside_marks, mark_lines

            marks = mark_lines(problem.id, answer)
            self.io.show(self.view.verdict_panel(replace(verdict, feedback=beside_marks(verdict.feedback, marks))))
            if marks:
                self.io.show(self.view.line_marks(marks))
            return
        self.io.show(self.view.verdict_panel(verdict))
        if len(lines) > 1:
            self.io.show(self.view.note(_block_note(problem, lines)))

    def _unfinished(self, problem: Problem, tries: int, used: set, quit: bool = False) -> str:
        """Leaving an item: after wrong answers it is a failed review; untouched, it never happened."""
        from ..store.schedule import review

        if tries:
            review(self.store, problem.id, "Again")
            self.summary.outcomes.append((problem.id, "Again"))
        else:
            self.summary.outcomes.append((problem.id, None))
        if quit:
            return "quit" if (tries or used) else "quit-untouched"
        return "skipped"

    def _question(self, n: int, total: int, question, again: bool) -> str:
        """One quiz question: a single graded answer, then the explanation."""
        from .quiz import grade, present
        from ..store.schedule import now, review

        shown = present(question, self.seed or 0)
        self.io.show(self.view.quiz_prompt(n, total, shown, again))
        shown_at = time.monotonic()
        while True:
            try:
                raw = self.io.read("> ")
            except (EOFError, KeyboardInterrupt) as exc:
                self.summary.interrupted = isinstance(exc, KeyboardInterrupt)
                return "quit-untouched"
            text = " ".join(raw.split())
            if not text:
                continue
            word = command(text)
            if word == "quit":
                return "quit-untouched"
            if word == "skip":
                self.summary.skipped += 1
                self.summary.outcomes.append((question.card, None))
                return "skipped"
            if word == "hint":
                self.io.show(self.view.quiz_result(None, shown, _("No hints in the quiz; :show reveals the answer.")))
                continue
            if word in ("help", "unknown"):
                self.io.show(self.view.note(QUIZ_HELP))
                continue
            if word == "show":
                self.store.record(Attempt(question.card, "", "revealed", now().isoformat(), 0,
                                          time.monotonic() - shown_at, self.session))
                review(self.store, question.card, "Again")
                self.summary.revealed += 1
                self.summary.outcomes.append((question.card, "Again"))
                self.io.show(self.view.quiz_result(None, shown, ""))
                return "relearn"
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
            self.summary.right_first_time += graded.correct and not again
            self.summary.outcomes.append((question.card, rating))
            self.io.show(self.view.quiz_result(graded, shown, graded.message))
            return "right" if graded.correct else "relearn"


def _block_note(problem: Problem, lines: list[str]) -> str:
    """What a block pasted at a one-equation prompt was: which line answers this item, which lines are extra."""
    from ..notation import ParseError, parse
    from ..notation.symbols import UnknownName, resolve
    from ..notation.typeset import typeset

    extra = []
    for line in lines:
        try:
            eqs = parse(line)
        except ParseError:
            extra.append(line.strip()[:20])
            continue
        for eq in eqs:
            lhs = getattr(eq, "lhs", None)
            if lhs is None:
                continue
            try:
                key = resolve(lhs, problem.scope).key
            except (UnknownName, ParseError, AttributeError):
                key = None
            if key != problem.target:
                extra.append(typeset(lhs, None))
    named = ", ".join(extra) if extra else _("none")
    return _("{count} lines pasted: graded as one answer to {problem}. Lines for other items ({named}) are not "
             "answers here; only their definitions were used.").format(count=len(lines), problem=problem.id, named=named)
