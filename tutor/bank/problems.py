"""The problem bank: ``problems/*.toml``, one file per topic, loaded into immutable records.

The bank is data so that prompts, references, hints and known mistakes can be
edited without touching code, and so that one test can validate all of it.
References and variants are written in the answer language itself and go
through the same parser and checker as learners' answers.

Loading uses only :mod:`tomllib`, so ``rnn-tutor list`` starts without SymPy; the
records are NamedTuples, which cost a sixth of a dataclass to define at start-up.
"""

from __future__ import annotations

import tomllib
from typing import NamedTuple
from functools import lru_cache
from pathlib import Path

from ..base.language import current
from ..base.overlay import overlaid
from ..base.location import bank_dir

FORMAT_VERSION = 1
TOPIC_ORDER = ("rnn", "lstm", "gru", "deriv", "backprop")
OTHER_FILES = ("glossary.toml",)  # data beside the topic files that is not a topic


class Variant(NamedTuple):
    name: str
    answer: str
    note: str = ""


class Mistake(NamedTuple):
    answer: str
    message: str
    kind: str = "known"  # which hints help (a hint's ``for``), like the diagnosis's kinds


class Problem(NamedTuple):
    id: str
    topic: str
    kind: str  # equation | cell | derivation
    prompt: str
    target: str
    reference: str
    convention: str
    hints: tuple
    explanation: str
    variants: tuple = ()
    mistakes: tuple = ()
    outputs: tuple = ()
    given: tuple = ()
    mode: str = "elementwise"
    scope_table: tuple = ()  # frozen form of the [scope] table
    lines: tuple = ()  # (role, problem id) for whole cells
    symbols: str = ""  # what the learner may use, for prompts
    steps: tuple = ()  # whole cells: the problems of a step-by-step drill, in order
    hint_for: tuple = ()  # per hint: the kinds of mistake it helps with (empty: any)
    labels: tuple = ()  # derivations: names of the target a chain may open with (σ'(x), δc_t)
    model: str = ""  # gradient problems: the forward model whose backward pass is asked (rnn, lstm, gru, softmax)
    truth: str = ""  # gradient problems: what autodiff computes for it ("grad o t", "grad W_hh", "jacobian h T k")
    vocabulary: tuple = ()  # gradient problems: the quantities the result may use (δh, c, o …; parameters always)
    forbid: tuple = ()  # derivations: functions the result may not use (tanh, when tanh is to be shown as σ)
    min_links: int = 1  # derivations that ask to show a step: the least number of links, label included

    @property
    def scope(self):

        return _scope(self.id, self.scope_table, self.topic)

    def all_references(self) -> tuple:
        """The reference and the named variants, as Variant records (reference first)."""
        return (Variant(self.convention, self.reference),) + self.variants


@lru_cache(maxsize=None)
def _scope(pid, table, topic):
    from ..notation.symbols import scope_for

    data = _thaw(table)
    data.setdefault("topic", topic)
    return scope_for(data)


def _freeze(obj):
    if isinstance(obj, dict):
        return tuple(sorted((k, _freeze(v)) for k, v in obj.items()))
    if isinstance(obj, list):
        return ("__list__",) + tuple(_freeze(v) for v in obj)
    return obj


def _thaw(obj):
    if isinstance(obj, tuple) and obj and obj[0] == "__list__":
        return [_thaw(v) for v in obj[1:]]
    if isinstance(obj, tuple):
        return {k: _thaw(v) for k, v in obj}
    return obj


class Topic(NamedTuple):
    name: str
    title: str
    problems: tuple = ()


class BankError(ValueError):
    """A problem file is malformed."""


def _problem(raw: dict, topic: str, path: Path) -> Problem:
    try:
        return Problem(
            id=raw["id"],
            topic=topic,
            kind=raw.get("kind", "equation"),
            prompt=raw["prompt"].strip(),
            target=raw.get("target", "value"),
            reference=raw["reference"].strip(),
            convention=raw.get("convention", "reference"),
            hints=tuple(h["text"] if isinstance(h, dict) else h for h in raw.get("hints", ())),
            explanation=raw.get("explanation", "").strip(),
            variants=tuple(Variant(v["name"], v["answer"].strip(), v.get("note", "")) for v in raw.get("variants", ())),
            mistakes=tuple(Mistake(m["answer"].strip(), m["message"], m.get("kind", "known"))
                           for m in raw.get("mistakes", ())),
            outputs=tuple(raw.get("outputs", ())),
            given=tuple(raw.get("given", ())),
            mode=raw.get("mode", "elementwise"),
            scope_table=_freeze(raw.get("scope", {})),
            lines=tuple(sorted(raw.get("lines", {}).items())),
            symbols=raw.get("symbols", ""),
            steps=tuple(raw.get("steps", ())),
            hint_for=tuple(tuple(h.get("for", ())) if isinstance(h, dict) else () for h in raw.get("hints", ())),
            labels=tuple(raw.get("labels", ())),
            model=raw.get("model", ""),
            truth=raw.get("truth", ""),
            vocabulary=tuple(raw.get("vocabulary", ())),
            forbid=tuple(raw.get("forbid", ())),
            min_links=raw.get("min_links", 1),
        )
    except KeyError as exc:
        raise BankError(f"{path.name}: problem {raw.get('id', '?')!r} lacks {exc}") from None


def load_file(path: Path) -> Topic:
    """One topic file (``problems/<topic>.toml``), its prose in the chosen language."""
    return _load_file(path, current())


@lru_cache(maxsize=16)
def _load_file(path: Path, lang: str) -> Topic:
    with path.open("rb") as fh:
        data = overlaid(tomllib.load(fh), path.parent, path.name, lang)
    if data.get("format_version") != FORMAT_VERSION:
        raise BankError(f"{path.name}: format_version must be {FORMAT_VERSION}")
    name = data["topic"]
    problems = tuple(_problem(p, name, path) for p in data.get("problem", ()))
    return Topic(name, data.get("title", name), problems)


def load(directory: str | None = None) -> dict:
    """Load every topic file; return ``{topic name: Topic}`` in teaching order, prose in the chosen language."""
    return _load(directory, current())


@lru_cache(maxsize=4)
def _load(directory: str | None, lang: str) -> dict:
    folder = Path(directory) if directory else bank_dir()
    topics = {}
    for path in sorted(folder.glob("*.toml")):
        if path.name in OTHER_FILES:
            continue
        topic = _load_file(path, lang)
        if topic.name in topics:  # a topic may span files (deriv.toml, params.toml)
            before = topics[topic.name]
            topic = Topic(topic.name, before.title, before.problems + topic.problems)
        topics[topic.name] = topic
    ordered = {t: topics[t] for t in TOPIC_ORDER if t in topics}
    ordered.update({k: v for k, v in topics.items() if k not in ordered})
    return ordered


def all_problems(directory: str | None = None) -> dict:
    """``{problem id: Problem}`` across topics."""
    return {p.id: p for t in load(directory).values() for p in t.problems}


class UnknownProblem(KeyError):
    def __init__(self, pid: str, known):
        super().__init__(pid)
        self.pid = pid
        self.known = list(known)

    def __str__(self):
        import difflib

        from ..base.language import _

        close = difflib.get_close_matches(str(self.pid).lower(), self.known, n=1, cutoff=0.6)
        if close:
            return _("unknown problem {problem}; did you mean {close}? (rnn-tutor list shows every id)").format(
                problem=repr(self.pid), close=repr(close[0]))
        return _("unknown problem {problem}; (rnn-tutor list shows every id)").format(problem=repr(self.pid))


def get_from(filename: str, pid: str) -> Problem:
    """A problem from one bank file only: cheaper than :func:`get` when the file is known."""
    problems = load_file(bank_dir() / f"{filename}.toml").problems
    for p in problems:
        if p.id == pid:
            return p
    raise UnknownProblem(pid, [p.id for p in problems])


def get(pid: str) -> Problem:
    """A problem by id; case does not matter (``LSTM.Forget`` is ``lstm.forget``)."""
    problems = all_problems()
    if pid not in problems and isinstance(pid, str) and pid.lower() in problems:
        pid = pid.lower()
    if pid not in problems:
        raise UnknownProblem(pid, problems)
    return problems[pid]
