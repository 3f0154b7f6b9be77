"""The concept quiz: questions from ``problems/quiz/*.toml``, answered, explained, scheduled.

Five kinds of question: ``single`` (one option), ``multi`` (choose all that
apply), ``match`` (a letter for each item on the left), ``order`` (the
letters in order) and ``symbolic`` (a number or an expression, checked by the
notation engine: against a bank problem named by ``problem``, or against the
question's own ``reference``). Options are shuffled by a seed, per question,
so that a seed reproduces a quiz exactly. Attempts go to the same store as
drills, under ``quiz.<id>``, and each answered question is a review of its
card, so ``stats`` and ``drill due`` include the quiz.
"""

from __future__ import annotations

import random
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache

from ..base.language import current
from ..base.overlay import overlaid
from ..base.location import bank_dir

KINDS = ("single", "multi", "match", "order", "symbolic")
LETTERS = "abcdefghijklmnopqrstuvwxyz"


class QuizError(ValueError):
    """A bad topic or a malformed question file."""


@dataclass(frozen=True)
class Question:
    id: str  # "topic.name"
    topic: str
    kind: str
    text: str
    explanation: str
    options: tuple = ()  # single, multi
    answer: tuple = ()  # indices into options
    left: tuple = ()  # match
    right: tuple = ()  # match: the right-hand side for each left item, in order
    items: tuple = ()  # order: in the right order
    problem: str = ""  # symbolic: a bank problem id
    reference: str = ""  # symbolic: an expression of numbers

    @property
    def card(self) -> str:
        return f"quiz.{self.id}"


@dataclass(frozen=True)
class Presented:
    """A question as shown: its choices in shuffled order and the expected letters."""

    question: Question
    choices: tuple  # the lettered lines
    expected: tuple  # letters (single/multi: a set as a sorted tuple; match/order: a sequence)


def load() -> dict:
    """``{topic: (title, questions)}`` in file order, prose in the chosen language."""
    return _load(current())


@lru_cache(maxsize=2)
def _load(lang: str) -> dict:
    out = {}
    for path in sorted((bank_dir() / "quiz").glob("*.toml")):
        with path.open("rb") as fh:
            data = overlaid(tomllib.load(fh), bank_dir(), f"quiz/{path.name}", lang)
        topic = data["topic"]
        qs = []
        for raw in data.get("question", ()):
            if raw.get("kind") not in KINDS:
                raise QuizError(f"{path.name}: question {raw.get('id')!r} has kind {raw.get('kind')!r}")
            qs.append(Question(
                id=raw["id"], topic=topic, kind=raw["kind"], text=raw["text"].strip(),
                explanation=raw.get("explanation", "").strip(), options=tuple(raw.get("options", ())),
                answer=tuple(raw.get("answer", ())), left=tuple(raw.get("left", ())), right=tuple(raw.get("right", ())),
                items=tuple(raw.get("items", ())), problem=raw.get("problem", ""), reference=raw.get("reference", ""),
            ))
        out[topic] = (data.get("title", topic), tuple(qs))
    return out


def questions(topic: str | None = None) -> list[Question]:
    topics = load()
    if topic in (None, "all"):
        return [q for _, qs in topics.values() for q in qs]
    if topic not in topics:
        raise QuizError(f"unknown quiz topic {topic!r}; choose one of: {', '.join(topics)}, all")
    return list(topics[topic][1])


def by_card(card: str) -> Question | None:
    for q in questions():
        if q.card == card:
            return q
    return None


def present(q: Question, seed: int) -> Presented:
    """Shuffle the choices of ``q`` reproducibly for ``seed``."""
    rng = random.Random(f"{seed}:{q.id}")
    if q.kind in ("single", "multi"):
        order = list(range(len(q.options)))
        rng.shuffle(order)
        choices = tuple(q.options[i] for i in order)
        expected = tuple(sorted(LETTERS[order.index(i)] for i in q.answer))
        return Presented(q, choices, expected)
    if q.kind == "match":
        distinct = list(dict.fromkeys(q.right))
        rng.shuffle(distinct)
        expected = tuple(LETTERS[distinct.index(r)] for r in q.right)
        return Presented(q, tuple(distinct), expected)
    if q.kind == "order":
        order = list(range(len(q.items)))
        rng.shuffle(order)
        choices = tuple(q.items[i] for i in order)
        expected = tuple(LETTERS[order.index(i)] for i in range(len(q.items)))
        return Presented(q, choices, expected)
    return Presented(q, (), ())


def _letters(response: str) -> list[str]:
    """'b, a c' / 'bac' / '1b 2a 3c' / 'B A' → ['b', 'a', 'c'] (item numbers dropped)."""
    text = re.sub(r"\d+\s*[:.)=-]?\s*", " ", response.lower())
    return [ch for ch in text if ch.isalpha()]


@dataclass(frozen=True)
class Graded:
    correct: bool
    valid: bool
    message: str  # what was wrong, or how the answer was read
    expected: str  # the right answer, shown after answering


def symbolic_problem(q: Question):
    """The Problem a symbolic question is checked against."""
    from ..bank.problems import Problem, _freeze, get

    if q.problem:
        return get(q.problem)
    scope = {"states": False, "gates": False, "renamable": False, "names": {"H": "scalar", "X": "scalar"}}
    return Problem(id=q.card, topic="quiz", kind="derivation", prompt=q.text, target="value",
                   reference=q.reference, convention=q.reference, hints=(), explanation=q.explanation,
                   scope_table=_freeze(scope))


def grade(p: Presented, response: str) -> Graded:
    """Grade a response to a presented question."""
    q = p.question
    if q.kind == "symbolic":
        from ..grading.checking import check

        problem = symbolic_problem(q)
        verdict = check(problem, response)
        expected = _shown_reference(problem)
        if verdict.verdict == "invalid":
            return Graded(False, False, verdict.feedback[0] if verdict.feedback else "not understood", expected)
        reason = "" if verdict.verdict == "correct" else (verdict.feedback[0] if verdict.feedback else "")
        return Graded(verdict.verdict == "correct", True, reason, expected)
    letters = _letters(response)
    n = len(p.choices)
    shown = " ".join(p.expected)
    if not letters or any(LETTERS.index(ch) >= n for ch in letters if ch in LETTERS[:26]):
        return Graded(False, False, f"answer with the letters a–{LETTERS[n - 1]}", shown)
    if q.kind == "single":
        if len(letters) != 1:
            return Graded(False, False, "choose one letter", shown)
        return Graded(tuple(letters) == p.expected, True, "", shown)
    if q.kind == "multi":
        picked = tuple(sorted(set(letters)))
        missing = sorted(set(p.expected) - set(picked))
        extra = sorted(set(picked) - set(p.expected))
        why = ", ".join(filter(None, [f"missing {' '.join(missing)}" if missing else "", f"not {' '.join(extra)}" if extra else ""]))
        return Graded(picked == p.expected, True, why, shown)
    want = len(p.expected)
    if len(letters) != want:
        return Graded(False, False, f"give {want} letters, one for each item", shown)
    wrong = [str(i + 1) for i, (a, b) in enumerate(zip(letters, p.expected)) if a != b]
    return Graded(tuple(letters) == p.expected, True, f"wrong at {', '.join(wrong)}" if wrong else "", shown)


def _shown_reference(problem) -> str:
    from ..notation.typeset import show

    return show(problem.reference, problem.scope)


def pick(topic: str | None, count: int | None, seed: int) -> list[Question]:
    qs = questions(topic)
    rng = random.Random(seed)
    rng.shuffle(qs)
    return qs[:count] if count else qs
