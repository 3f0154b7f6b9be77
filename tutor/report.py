"""What the learner has done: per topic and per problem, from the progress store.

Attempts, accuracy, the current streak of correct answers, when a problem was
last seen and when it is due next. Plain dicts, so ``stats --json`` is a dump.
"""

from __future__ import annotations

from datetime import datetime

from .problems import load
from .progress import Store
from .schedule import status


def report(store: Store, when: datetime) -> dict:
    cards = store.cards()
    by_problem: dict = {}
    for a in store.attempts():
        by_problem.setdefault(a.problem, []).append(a)
    topics = {}
    for topic in load().values():
        rows = {}
        for p in topic.problems:
            attempts = [a for a in by_problem.get(p.id, []) if a.verdict in ("correct", "incorrect", "revealed")]
            correct = sum(a.verdict == "correct" for a in attempts)
            streak = 0
            for a in reversed(attempts):
                if a.verdict != "correct":
                    break
                streak += 1
            card = cards.get(p.id)
            rows[p.id] = {
                "attempts": len(attempts),
                "correct": correct,
                "accuracy": correct / len(attempts) if attempts else 0.0,
                "streak": streak,
                "last_seen": by_problem[p.id][-1].at if p.id in by_problem else None,
                "next_due": card.due if card else None,
                "state": status(card, when),
            }
        total = sum(r["attempts"] for r in rows.values())
        right = sum(r["correct"] for r in rows.values())
        topics[topic.name] = {
            "totals": {"attempts": total, "accuracy": right / total if total else 0.0,
                       "due": sum(r["state"] == "due" for r in rows.values())},
            "problems": rows,
        }
    return {"now": when.isoformat(), "topics": topics}
