"""Spaced repetition: the clock, the rating of an item, and the review cards.

Scheduling is the FSRS algorithm of the maintained ``fsrs`` package (one card
per problem id), not code of our own. An item's outcome becomes a rating:
wrong or revealed → Again, right after hints or retries → Hard, right the first
time → Good. Fuzzing is off so that "due tomorrow" is the same on every run.

The clock is the only reader of ``RNN_TUTOR_NOW`` (an ISO time, e.g.
``2026-11-29T09:00``): tests and curious learners set it to see what is due
"tomorrow" without waiting.
"""

from __future__ import annotations

import os
from datetime import datetime, timezone

from .progress import CardRow, Store, StoreError

STATE_NAMES = {1: "learning", 2: "review", 3: "relearning"}


def now() -> datetime:
    """The current time, or ``$RNN_TUTOR_NOW`` when set (naive times are UTC)."""
    text = os.environ.get("RNN_TUTOR_NOW")
    if text:
        try:
            t = datetime.fromisoformat(text)
        except ValueError:
            from ..base.language import _

            raise ValueError(_("RNN_TUTOR_NOW={value} is not an ISO time such as 2026-11-29T09:00").format(
                value=repr(text))) from None
        return t if t.tzinfo else t.replace(tzinfo=timezone.utc)
    return datetime.now(timezone.utc)


def rating_name(correct: bool, first_try: bool, hints: int, revealed: bool) -> str:
    """The review rating of a finished item: Again, Hard or Good."""
    if revealed or not correct:
        return "Again"
    if hints or not first_try:
        return "Hard"
    return "Good"


SAME_REVIEW_SECONDS = 60


def review(store: Store, problem: str, rating: str, when: datetime | None = None) -> CardRow:
    """Apply a rating to the problem's card and save it; returns the new row.

    Two reviews of one card within a minute count once (two drills open at
    once, or an item relearned at once): the later one is dropped, unless it
    is a failure, which always counts, so that a lapse is never lost.
    """
    from fsrs import Card, Rating, Scheduler

    when = when or now()
    existing = store.cards().get(problem)
    try:
        card = Card.from_json(existing.card) if existing else Card()
    except (ValueError, KeyError, TypeError) as exc:  # a row the scheduler cannot read: the store's message
        from ..base.language import gettext

        raise StoreError(store.path, gettext("has a card that is not readable (problem {problem}: {error})").format(
            problem=repr(problem), error=f"{exc!r:.60}")) from None
    last = card.last_review if existing else None
    if last is not None and rating != "Again" and abs((when - last).total_seconds()) < SAME_REVIEW_SECONDS:
        return existing
    if not existing:
        card.due = when
    scheduler = Scheduler(enable_fuzzing=False)
    card, _ = scheduler.review_card(card, Rating[rating], review_datetime=when)
    row = CardRow(problem, STATE_NAMES.get(int(card.state), "learning"), card.due.isoformat(),
                  (existing.reviews if existing else 0) + 1, card.to_json())
    store.save_card(row)
    return row


def status(row: CardRow | None, when: datetime) -> str:
    """new, due, learning or done: what ``rnn-tutor list`` shows for a problem."""
    if row is None:
        return "new"
    if datetime.fromisoformat(row.due) <= when:
        return "due"
    return "done" if row.state == "review" else "learning"


def due_problems(store: Store, when: datetime | None = None) -> list[str]:
    """Problems whose card is due, most overdue first."""
    when = when or now()
    rows = [r for r in store.cards().values() if datetime.fromisoformat(r.due) <= when]
    return [r.problem for r in sorted(rows, key=lambda r: r.due)]


def humanize(delta_seconds: float) -> str:
    """'in 10 min', 'in 2 days', 'now'."""
    from ..base.language import _, ngettext

    s = int(delta_seconds)
    if s <= 0:
        return _("now")
    if s >= 86400:
        n = round(s / 86400)
        return ngettext("in {n} day", "in {n} days", n).format(n=n)
    if s >= 3600:
        return _("in {n} h").format(n=round(s / 3600))
    if s >= 60:
        return _("in {n} min").format(n=round(s / 60))
    return _("in under a minute")
