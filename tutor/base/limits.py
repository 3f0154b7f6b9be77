"""Time budgets for SymPy work, in CPU time.

SymPy has no timeout of its own, and a learner can type something whose
simplification never ends. ``deadline`` arms a CPU-time timer (``ITIMER_PROF``,
the process's user and system time) that raises :class:`OutOfTime` inside
whatever Python code is running, which is where SymPy spends its time.

CPU time, not wall time: on a busy machine (other programs, other graders
in parallel) an answer gets the same work as on an idle one, so a correct
answer is never refused because the machine was slow. And only the learner's
answer is charged: work that belongs to the tutor (importing SymPy, preparing
a reference) runs under :func:`uncharged`, which stops the clock.

Signals only reach the main thread; elsewhere the budget is not enforced, and
callers must rely on the input-size limits, which apply everywhere. Numbers
are bounded before SymPy sees them (``grading.semantics``), because SymPy's
numeric code spends its time in C calls that no signal interrupts.
"""

from __future__ import annotations

import signal
import threading
import time
from contextlib import contextmanager

_TIMER = getattr(signal, "ITIMER_PROF", None)
_SIGNAL = getattr(signal, "SIGPROF", None)
# After the budget runs out the signal repeats at this interval: an OutOfTime raised where Python
# swallows exceptions (a garbage-collector callback, a __del__) is raised again a moment later.
REPEAT = 0.05


class OutOfTime(Exception):
    """A budgeted computation did not finish in time."""


class _State:
    armed = False  # a budget is running: the signal raises OutOfTime


def _can_alarm() -> bool:
    return _TIMER is not None and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def _clock() -> float:
    return time.process_time()


def _raise(signum, frame):
    if _State.armed:
        raise OutOfTime()


def _settle(step) -> None:
    """Run ``step`` to its end even if a late OutOfTime arrives while it runs."""
    while True:
        try:
            step()
            return
        except OutOfTime:
            continue


@contextmanager
def deadline(seconds: float):
    """Raise :class:`OutOfTime` in the block once it has used ``seconds`` of CPU time.

    Nested deadlines keep the earlier expiry.

    Example:
        >>> with deadline(0.5):
        ...     pass
    """
    if not _can_alarm():
        yield
        return
    now = _clock()
    previous_handler = signal.getsignal(_SIGNAL)
    previous_armed = _State.armed
    remaining, _ = signal.getitimer(_TIMER)
    outer_expiry = now + remaining if remaining > 0 else None
    expiry = now + seconds
    if outer_expiry is not None and outer_expiry < expiry:
        expiry = outer_expiry
    signal.signal(_SIGNAL, _raise)
    _State.armed = True
    signal.setitimer(_TIMER, max(expiry - now, 1e-4), REPEAT)
    try:
        yield
    finally:
        def restore():
            _State.armed = False
            signal.setitimer(_TIMER, 0)
            signal.signal(_SIGNAL, previous_handler)
            if outer_expiry is not None and previous_armed:
                # an outer budget that ran out while we were inside fires at once
                _State.armed = True
                signal.setitimer(_TIMER, max(outer_expiry - _clock(), 1e-4), REPEAT)

        _settle(restore)


@contextmanager
def uncharged():
    """Stop the budget's clock for the block: the tutor's own work is not the learner's.

    Example:
        >>> with deadline(0.5), uncharged():
        ...     pass
    """
    if not _can_alarm():
        yield
        return
    remaining, interval = signal.getitimer(_TIMER)
    if remaining <= 0 or not _State.armed:
        yield
        return

    def pause():
        _State.armed = False
        signal.setitimer(_TIMER, 0)

    def resume():
        signal.setitimer(_TIMER, max(remaining, 1e-4), interval)
        _State.armed = True

    _settle(pause)
    try:
        yield
    finally:
        _settle(resume)
