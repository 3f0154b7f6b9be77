"""What the learner has done: per topic and per problem, from the progress store.

Attempts, accuracy, the current streak of correct answers, when a problem was
last seen and when it is due next. Plain dicts, so ``stats --json`` is a dump.
"""

from __future__ import annotations

from datetime import datetime

from ..bank.problems import load
from ..store.progress import Store
from ..store.schedule import status


def report(store: Store, when: datetime) -> dict:
    cards = store.cards()
    by_problem: dict = {}
    for a in store.attempts():
        by_problem.setdefault(a.problem, []).append(a)
    topics = {}
    for topic in load().values():
        rows = {p.id: _row(by_problem.get(p.id, []), cards.get(p.id), when) for p in topic.problems}
        topics[topic.name] = {
            "totals": _totals(rows),
            "problems": rows,
        }
    from .quiz import load as load_quiz

    for name, (title, qs) in load_quiz().items():
        rows = {q.card: _row(by_problem.get(q.card, []), cards.get(q.card), when) for q in qs}
        topics[f"quiz.{name}"] = {
            "totals": _totals(rows),
            "problems": rows,
        }
    from .interview import CELLS, script

    for cell in CELLS:
        rows = {q.card: _row(by_problem.get(q.card, []), cards.get(q.card), when) for q in script(cell).followups}
        topics[f"interview.{cell}"] = {"totals": _totals(rows), "problems": rows}
    data = {"now": when.isoformat(), "topics": topics}
    data["summary"] = summary(data)
    return data


def _totals(rows: dict) -> dict:
    total = sum(r["attempts"] for r in rows.values())
    right = sum(r["correct"] for r in rows.values())
    states = [r["state"] for r in rows.values()]
    return {"attempts": total, "correct": right, "accuracy": right / total if total else None,
            "problems": len(rows), "due": states.count("due"), "done": states.count("done"),
            "learning": states.count("learning"), "new": states.count("new")}


def summary(data: dict) -> dict:
    """Totals over every topic: the one line that opens ``rnn-tutor stats``."""
    rows = {f"{t}/{k}": v for t, topic in data["topics"].items() for k, v in topic["problems"].items()}
    return _totals(rows)


def _row(attempts_all: list, card, when: datetime) -> dict:
    attempts = [a for a in attempts_all if a.verdict in ("correct", "incorrect", "revealed")]
    correct = sum(a.verdict == "correct" for a in attempts)
    streak = 0
    for a in reversed(attempts):
        if a.verdict != "correct":
            break
        streak += 1
    return {
        "attempts": len(attempts),
        "correct": correct,
        "accuracy": correct / len(attempts) if attempts else None,  # no attempts: no accuracy, not 0
        "streak": streak,
        "last_seen": attempts_all[-1].at if attempts_all else None,
        "next_due": card.due if card else None,
        "state": status(card, when),
    }
