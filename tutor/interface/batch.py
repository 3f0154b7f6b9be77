"""Grading a file of JSON lines: one record out per line in, in order, always.

A class's answers come as ``{"problem": …, "answer": …, …}`` lines. Whatever
a line holds — not JSON, JSON nested 100,000 deep, a lone surrogate, a BOM,
a bare carriage return, only spaces, NaN — it gets exactly one record, in its
place, and the batch goes on to the end:

* lines are split on ``\\n`` alone (a ``\\r\\n`` ending is one ending; a bare
  ``\\r`` is part of its line), each decoded as UTF-8 on its own, a BOM at
  the start of the file dropped;
* a line longer than MAX_LINE bytes is not held in memory: it is skipped to
  its end and recorded as too long;
* records are standard JSON: lone surrogates become U+FFFD, and numbers JSON
  cannot carry (NaN, Infinity, 1e999) are echoed as their text.

With ``jobs`` > 1 the lines are graded by worker processes in chunks, with a
bounded number of chunks in flight (memory stays flat however long the
file), and written in input order. A worker that dies takes no line with it:
its chunk is graded again line by line, and a line that kills a worker
again is recorded as invalid.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections import deque
from typing import BinaryIO, Callable, Iterator

from ..base import language
from ..base.language import N_, _

MAX_LINE = 1 << 20
CHUNK = 16
IN_FLIGHT = 4  # chunks per worker

_SURROGATE = re.compile("[\ud800-\udfff]")


def default_jobs() -> int:
    """The machine's cores available to this process."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def lines(stream: BinaryIO) -> Iterator[tuple[int, bytes | None]]:
    """``(number, bytes)`` per line, split on ``\\n`` only; ``None`` for a line over MAX_LINE bytes."""
    number = 0
    while True:
        raw = stream.readline(MAX_LINE + 1)
        if not raw:
            return
        number += 1
        if len(raw) > MAX_LINE and not raw.endswith(b"\n"):
            while raw and not raw.endswith(b"\n"):  # skip the rest of the line without keeping it
                raw = stream.readline(MAX_LINE)
            yield number, None
            continue
        if number == 1 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if raw.endswith(b"\n"):
            raw = raw[:-1]
            if raw.endswith(b"\r"):
                raw = raw[:-1]
        yield number, raw


def _clean(value):
    """``value`` as standard JSON can carry it: no lone surrogates, no NaN or infinities."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {_clean(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


class _Unrepresentable(str):
    """A number JSON cannot carry (NaN, 1e999), kept as its text."""


def _number(text: str):
    value = float(text)
    return value if math.isfinite(value) else _Unrepresentable(text)


def _integer(text: str):
    return int(text) if len(text) <= 4000 else _Unrepresentable(text)  # Python reads no longer ones


def _invalid(number: int, why: str, problem=None, **fields) -> dict:
    """An invalid record; ``why`` is a message (marked with N_) about line ``{number}``, filled with ``fields``."""
    return {"problem": problem, "verdict": "invalid", "convention": None, "interpreted": None,
            "feedback": [_(why).format(number=number, **fields)]}


# the json module's reasons for a text that is not JSON (JSONDecodeError.msg, up to its variable part)
JSON_REASONS = (N_("Expecting value"), N_("Expecting property name enclosed in double quotes"),
                N_("Expecting ':' delimiter"), N_("Expecting ',' delimiter"), N_("Unterminated string starting at"),
                N_("Invalid control character"), N_("Invalid \\uXXXX escape"), N_("Invalid \\escape"),
                N_("Extra data"), N_("Illegal trailing comma"), N_("Unexpected UTF-8 BOM"))


def _json_reason(exc: ValueError) -> str:
    """Why a line is not JSON: Python's words in English; in another language the reason's translation
    (or "cannot be read" for a reason of a newer Python) and where."""
    msg = getattr(exc, "msg", None)
    if language.current() == language.DEFAULT or not isinstance(msg, str):
        return str(exc)[:80]
    reason = next((_(r) for r in JSON_REASONS if msg.startswith(r)), _("cannot be read"))
    return _("{reason} at column {column}").format(reason=reason, column=exc.colno)  # a record is one line


def grade(number: int, raw: bytes | None, check: Callable) -> dict:
    """The record for one line: the line's own fields, then the verdict's."""
    if raw is None:
        return _invalid(number, N_("line {number} is too long (more than {most} bytes)"), most=MAX_LINE)
    text = raw.decode("utf-8", "replace")
    if not text.strip():
        return _invalid(number, N_("line {number} is empty"))
    try:
        data = json.loads(text, strict=False, parse_float=_number, parse_int=_integer,
                          parse_constant=_Unrepresentable)
    except RecursionError:
        return _invalid(number, N_("line {number} is nested too deeply to read"))
    except ValueError as exc:
        return _invalid(number, N_("line {number} is not a JSON object ({error})"), error=_json_reason(exc))
    if not isinstance(data, dict):
        return _invalid(number, N_("line {number} is not a JSON object"))
    data = _clean(data)
    problem, answer = data.get("problem"), data.get("answer")
    if not isinstance(problem, str) or not isinstance(answer, str):
        missing = "problem" if not isinstance(problem, str) else "answer"
        return {**data, **_invalid(number, N_("line {number} has no text field {field}"),
                                   problem if isinstance(problem, str) else None, field=repr(missing))}
    return {**data, **check(problem, answer).to_json()}


def record_text(number: int, raw: bytes | None, ascii_only: bool) -> str:
    """One line of output for one line of input; never raises."""
    from ..grading.checking import check

    try:
        record = grade(number, raw, check)
        return json.dumps(record, ensure_ascii=ascii_only, allow_nan=False)
    except Exception as exc:  # a record must come out whatever happened inside
        return json.dumps(_invalid(number, N_("line {number} could not be graded ({error})"), error=type(exc).__name__),
                          ensure_ascii=ascii_only)


def _grade_chunk(chunk: list, ascii_only: bool) -> list[str]:
    return [record_text(n, raw, ascii_only) for n, raw in chunk]


def _chunks(items: Iterator, size: int) -> Iterator[list]:
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def run(stream: BinaryIO, write: Callable[[str], bool], jobs: int, ascii_only: bool) -> None:
    """Grade every line of ``stream`` and ``write`` each record in order; stop when ``write`` returns False."""
    if jobs <= 1:
        for n, raw in lines(stream):
            if not write(record_text(n, raw, ascii_only)):
                return
        return
    _run_parallel(stream, write, jobs, ascii_only)


def _pool(jobs: int):
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from ..grading import checking  # noqa: F401  (imported once, before the workers fork)

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    return ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_worker_start,
                               initargs=(language.current(),))


def _worker_start(lang: str = language.DEFAULT) -> None:
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: workers leave no tracebacks
    language.choose(lang)  # a spawned worker (no fork) would otherwise know only the environment's, not --lang


def _run_parallel(stream: BinaryIO, write: Callable[[str], bool], jobs: int, ascii_only: bool) -> None:
    from concurrent.futures.process import BrokenProcessPool

    pool = _pool(jobs)
    pending: deque = deque()  # (chunk, future), in input order
    chunks = _chunks(lines(stream), CHUNK)
    try:
        while True:
            while len(pending) < jobs * IN_FLIGHT:
                chunk = next(chunks, None)
                if chunk is None:
                    break
                pending.append((chunk, pool.submit(_grade_chunk, chunk, ascii_only)))
            if not pending:
                return
            chunk, future = pending.popleft()
            try:
                texts = future.result()
            except BrokenProcessPool:
                _retire(pool)
                pool = _pool(jobs)
                texts, pool = _one_by_one(chunk, pool, jobs, ascii_only)
                pending = deque((c, pool.submit(_grade_chunk, c, ascii_only)) for c, _ in pending)
            for text in texts:
                if not write(text):
                    return
    except KeyboardInterrupt:
        _stop_workers(pool)  # a worker caught mid-start would keep the interpreter's exit waiting
        raise
    finally:
        pool.shutdown(wait=not pending, cancel_futures=True)  # all done: let its thread end before exit


def _retire(pool) -> None:
    """Shut a broken pool down and wait for its thread: its workers are gone already, and its thread left
    running past a dead worker can fail at the interpreter's exit (CPython gh-132969, fixed in later versions)."""
    pool.shutdown(wait=True, cancel_futures=True)


def _stop_workers(pool) -> None:
    """End the pool's worker processes now (Ctrl-C): their results are no longer wanted."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.terminate()


def _one_by_one(chunk: list, pool, jobs: int, ascii_only: bool):
    """A chunk whose worker died, graded a line at a time: the line that kills a worker again is invalid."""
    from concurrent.futures.process import BrokenProcessPool

    texts = []
    for n, raw in chunk:
        try:
            texts.append(pool.submit(_grade_chunk, [(n, raw)], ascii_only).result()[0])
        except BrokenProcessPool:
            texts.append(json.dumps(_invalid(n, N_("line {number} stopped the process checking it")), ensure_ascii=ascii_only))
            _retire(pool)
            pool = _pool(jobs)
    return texts, pool
