"""The concept quiz: questions from ``problems/quiz/*.toml``, answered, explained, scheduled.

Six kinds of question: ``single`` (one option), ``multi`` (choose all that
apply), ``match`` (a letter for each item on the left), ``order`` (the
letters in order), ``symbolic`` (a number or an expression, checked by the
notation engine: against a bank problem named by ``problem``, or against the
question's own ``reference``) and ``value`` (one or more whole numbers, such
as a tensor's shape, compared by value). Every option of a choice question
carries a ``why`` line: why it is right, or the misconception behind it,
shown when the learner picks it (or misses it). A question with a ``draw``
table is a template: its sizes (``{H}``, ``{X}``, …) are drawn per attempt
from the seed, and its answer is a formula over them. Options are shuffled by
a seed, per question, so that a seed reproduces a quiz exactly. Attempts go to the same store as
drills, under ``quiz.<id>``, and each answered question is a review of its
card, so ``stats`` and ``drill due`` include the quiz.
"""

from __future__ import annotations

import random
import re
import tomllib
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache

from ..base.language import _, current
from ..base.overlay import overlaid
from ..base.location import bank_dir

KINDS = ("single", "multi", "match", "order", "symbolic", "value")
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
    reference: str = ""  # symbolic: an expression of numbers (of drawn sizes in a template)
    why: tuple = ()  # single, multi: one line per option, why it is right or what is wrong with it
    value: tuple = ()  # value: the expected numbers, as formulas of the drawn sizes
    sizes: tuple = ()  # (name, number) pairs the question gives; drawn ones once presented
    draw: tuple = ()  # template: (name, allowed values) pairs
    torch: tuple = ()  # how CI measures the answer with torch.nn ((key, value) pairs)

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
                raise QuizError(_("{file}: question {question} has kind {kind}").format(
                    file=path.name, question=repr(raw.get("id")), kind=repr(raw.get("kind"))))
            qs.append(Question(
                id=raw["id"], topic=topic, kind=raw["kind"], text=raw["text"].strip(),
                explanation=raw.get("explanation", "").strip(), options=tuple(raw.get("options", ())),
                answer=tuple(raw.get("answer", ())), left=tuple(raw.get("left", ())), right=tuple(raw.get("right", ())),
                items=tuple(raw.get("items", ())), problem=raw.get("problem", ""), reference=raw.get("reference", ""),
                why=tuple(raw.get("why", ())), value=tuple(str(v) for v in raw.get("value", ())),
                sizes=tuple(raw.get("sizes", {}).items()), draw=tuple((k, tuple(v)) for k, v in raw.get("draw", {}).items()),
                torch=tuple(raw.get("torch", {}).items()),
            ))
        out[topic] = (data.get("title", topic), tuple(qs))
    return out


def questions(topic: str | None = None) -> list[Question]:
    topics = load()
    if topic in (None, "all"):
        return [q for _, qs in topics.values() for q in qs]
    if topic not in topics:
        raise QuizError(_("unknown quiz topic {topic}; choose one of: {topics}, all").format(
            topic=repr(topic), topics=", ".join(topics)))
    return list(topics[topic][1])


def by_card(card: str) -> Question | None:
    for q in questions():
        if q.card == card:
            return q
    return None


_SLOT = re.compile(r"\{([A-Z])\}")


def instantiate(q: Question, values: dict) -> Question:
    """A template with its sizes filled in: ``{H}`` in every text becomes the drawn number."""

    def fill(text: str) -> str:
        return _SLOT.sub(lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), text)

    return replace(q, text=fill(q.text), explanation=fill(q.explanation), reference=fill(q.reference),
                   options=tuple(fill(o) for o in q.options), why=tuple(fill(w) for w in q.why),
                   sizes=tuple(values.items()), draw=())


def draw(q: Question, seed: int) -> Question:
    """The question as asked for ``seed``: a template gets its sizes drawn, any other is returned as is."""
    if not q.draw:
        return q
    rng = random.Random(f"{seed}:{q.id}:sizes")
    return instantiate(q, {name: rng.choice(choices) for name, choices in q.draw})


def expected_values(q: Question) -> tuple:
    """The numbers a ``value`` question expects (its formulas at the question's sizes)."""
    from ..notation import parse
    from .explanation import arith

    env = dict(q.sizes)
    return tuple(int(round(arith(parse(f)[0].rhs, env))) for f in q.value)


def present(q: Question, seed: int) -> Presented:
    """Draw a template's sizes and shuffle the choices of ``q``, reproducibly for ``seed``."""
    q = draw(q, seed)
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
    if q.kind == "value":
        return Presented(q, (), tuple(str(v) for v in expected_values(q)))
    return Presented(q, (), ())


def _letters(response: str) -> list[str]:
    """'b, a c' / 'bac' / '1b 2a 3c' / 'B A' → ['b', 'a', 'c'] (item numbers dropped).

    Typed with a Chinese input method, full-width ｃ, １ｂ and words around the
    letters (选c, 答案：c) read the same: NFKC folds the full-width forms and
    only Latin letters count.
    """
    text = re.sub(r"\d+\s*[:.)=-]?\s*", " ", unicodedata.normalize("NFKC", response).lower())
    return [ch for ch in text if ch in LETTERS]


_ANSWER_WORD = re.compile(r"^\s*(?:答案|答|选)\s*[:：]?\s*")


def _halfwidth(text: str) -> str:
    """Full-width ASCII (an input method's ４、Ｈ, （）) as ASCII, and a leading 答案： dropped; ₜ and ² kept."""
    text = _ANSWER_WORD.sub("", text)
    return "".join(chr(ord(c) - 0xFEE0) if 0xFF01 <= ord(c) <= 0xFF5E else (" " if c == "\u3000" else c) for c in text)


def _given_names(q: Question, response: str) -> list[str]:
    """The sizes the question gives (H, X, …) that a response still writes as letters."""
    from ..notation import Name, Node, ParseError, parse

    sizes = dict(q.sizes)
    if not sizes:
        return []
    try:
        eqs = parse(response)
    except ParseError:
        return []
    found: list[str] = []

    def visit(node):
        if isinstance(node, Name) and node.base in sizes and not node.sub and node.base not in found:
            found.append(node.base)
        for field in node.FIELDS:
            child = getattr(node, field)
            for item in child if isinstance(child, tuple) else (child,):
                if isinstance(item, Node):
                    visit(item)

    for eq in eqs:
        visit(eq.rhs)
    return found


@dataclass(frozen=True)
class Graded:
    correct: bool
    valid: bool
    message: str  # what was wrong, or how the answer was read
    expected: str  # the right answer, shown after answering
    notes: tuple = ()  # (letter, option, why) for each option picked wrongly or missed


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
    if q.kind == "value":
        return _grade_value(p, response)
    if q.kind == "symbolic":
        from ..grading.checking import check

        response = _halfwidth(response)
        problem = symbolic_problem(q)
        letters = _given_names(q, response)
        if letters:
            given = _(", ").join(f"{k} = {v}" for k, v in q.sizes)
            return Graded(False, False, _("use the numbers: {given} here, not the letters {letters}").format(
                given=given, letters=_(", ").join(letters)), _shown_reference(problem))
        verdict = check(problem, response)
        expected = _shown_reference(problem)
        if verdict.verdict == "invalid":
            return Graded(False, False, verdict.feedback[0] if verdict.feedback else _("not understood"), expected)
        reason = "" if verdict.verdict == "correct" else (verdict.feedback[0] if verdict.feedback else "")
        return Graded(verdict.verdict == "correct", True, reason, expected)
    letters = _letters(response)
    n = len(p.choices)
    shown = " ".join(p.expected)
    if not letters or any(LETTERS.index(ch) >= n for ch in letters if ch in LETTERS[:26]):
        return Graded(False, False, _("answer with the letters a–{last}").format(last=LETTERS[n - 1]), shown)
    if q.kind == "single":
        if len(letters) != 1:
            return Graded(False, False, _("choose one letter"), shown)
        right = tuple(letters) == p.expected
        return Graded(right, True, "", shown, () if right else _why(p, letters))
    if q.kind == "multi":
        picked = tuple(sorted(set(letters)))
        missing = sorted(set(p.expected) - set(picked))
        extra = sorted(set(picked) - set(p.expected))
        if missing and extra:
            why = _("missing {missing}, not {extra}").format(missing=" ".join(missing), extra=" ".join(extra))
        elif missing or extra:
            why = (_("missing {letters}") if missing else _("not {letters}")).format(letters=" ".join(missing or extra))
        else:
            why = ""
        return Graded(picked == p.expected, True, why, shown, _why(p, extra + missing))
    want = len(p.expected)
    if len(letters) != want:
        return Graded(False, False, _("give {count} letters, one for each item").format(count=want), shown)
    wrong = [str(i + 1) for i, (a, b) in enumerate(zip(letters, p.expected)) if a != b]
    return Graded(tuple(letters) == p.expected, True,
                  _("wrong at {positions}").format(positions=_(", ").join(wrong)) if wrong else "", shown)


def _why(p: Presented, letters) -> tuple:
    """The why-line of each lettered option: what is wrong with a wrong pick, why a missed key belongs."""
    q = p.question
    out = []
    for letter in letters:
        option = p.choices[LETTERS.index(letter)]
        i = q.options.index(option)
        if i < len(q.why):
            out.append((letter, option, q.why[i]))
    return tuple(out)


def _grade_value(p: Presented, response: str) -> Graded:
    """Whole numbers compared by value: '(4, 9, 32)', 'torch.Size([4, 9, 32])', '4 9 32', '４，９，３２',
    and, in an answer with no digits, numbers in Chinese characters ('三十二', '四、九、三十二')."""
    text = unicodedata.normalize("NFKC", response)
    if not re.search(r"\d", text):
        from ..base.numerals import as_digits

        text = as_digits(text)
    found = re.findall(r"-?\d+", text)
    if any(len(n) > 12 for n in found):
        return Graded(False, False, _("number too large"), "")
    numbers = tuple(str(int(n)) for n in found)
    shown = ", ".join(p.expected)
    if len(p.expected) > 1:
        shown = f"({shown})"
    want = len(p.expected)
    if not numbers:
        message = (_("answer with a whole number") if want == 1
                   else _("answer with {count} whole numbers, e.g. (2, 3, 4)").format(count=want))
        return Graded(False, False, message, shown)
    if len(numbers) != want:
        message = (_("give {count} number") if want == 1
                   else _("give {count} numbers, one per dimension")).format(count=want)
        return Graded(False, False, message, shown)
    wrong = [str(i + 1) for i, (a, b) in enumerate(zip(numbers, p.expected)) if a != b]
    message = "" if not wrong or want == 1 else _("wrong at position {positions}").format(positions=_(", ").join(wrong))
    return Graded(not wrong, True, message, shown)


def _shown_reference(problem) -> str:
    """The reference as typeset; a count written as arithmetic also shows its value (4·4·(4 + 3 + 1) = 128)."""
    from ..notation import parse
    from ..notation.typeset import show
    from .explanation import ExplainError, arith

    shown = show(problem.reference, problem.scope)
    if problem.id.startswith("quiz.") and not re.fullmatch(r"\s*\d+\s*", problem.reference):
        try:
            value = arith(parse(problem.reference)[0].rhs, {})
        except (ExplainError, KeyError, ValueError, TypeError, ArithmeticError):
            return shown
        if float(value).is_integer():
            shown += f" = {int(value)}"
    return shown


def pick(topic: str | None, count: int | None, seed: int) -> list[Question]:
    qs = questions(topic)
    rng = random.Random(seed)
    rng.shuffle(qs)
    return qs[:count] if count else qs
