"""Time budgets for SymPy work.

SymPy has no timeout of its own, and a learner can type something whose
simplification never ends. ``deadline`` arms a real-time timer (SIGALRM) that
raises :class:`OutOfTime` inside whatever Python code is running, which is
where SymPy spends its time. Signals only reach the main thread; elsewhere the
budget is not enforced, and callers must rely on the input-size limits, which
apply everywhere.
"""

from __future__ import annotations

import signal
import threading
import time
from contextlib import contextmanager


class OutOfTime(Exception):
    """A budgeted computation did not finish in time."""


def _can_alarm() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def deadline(seconds: float):
    """Raise :class:`OutOfTime` in the block once ``seconds`` have passed.

    Nested deadlines keep the earlier expiry.

    Example:
        >>> with deadline(0.5):
        ...     pass
    """
    if not _can_alarm():
        yield
        return
    now = time.monotonic()
    previous_handler = signal.getsignal(signal.SIGALRM)
    remaining, _ = signal.getitimer(signal.ITIMER_REAL)
    outer_expiry = now + remaining if remaining > 0 else None
    expiry = now + seconds
    if outer_expiry is not None and outer_expiry < expiry:
        expiry = outer_expiry

    def _raise(signum, frame):
        raise OutOfTime()

    signal.signal(signal.SIGALRM, _raise)
    signal.setitimer(signal.ITIMER_REAL, max(expiry - now, 1e-4))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous_handler)
        if outer_expiry is not None:
            left = outer_expiry - time.monotonic()
            if left <= 0:
                # the outer budget ran out while we were inside: let it fire now
                signal.setitimer(signal.ITIMER_REAL, 1e-4)
            else:
                signal.setitimer(signal.ITIMER_REAL, left)
