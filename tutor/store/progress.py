"""The learner's progress: one SQLite file, one row per attempt, one card per problem.

Why SQLite: every attempt is written as it happens (a killed drill loses
nothing already answered), two drills in two terminals must not corrupt each
other (WAL journal, a busy timeout, short ``BEGIN IMMEDIATE`` transactions),
and ``stats`` wants queries, not parsing.

The file lives in the user data directory (platformdirs), or under
``$RNN_TUTOR_HOME`` when set. The schema is versioned with ``PRAGMA
user_version`` and migrated step by step.

Nothing the learner saved is ever lost, so each kind of trouble has its own
answer:

* a file that is not a database at all is moved aside under a unique name
  (``progress.sqlite3.corrupt-<time>[-n]``) with a warning, and a new store
  starts;
* a database in another layout (a missing table or column, garbage rows) or
  from a newer rnn-tutor is refused with :class:`StoreError`: one message
  naming the file and the choices (keep it and use or upgrade the rnn-tutor
  that wrote it, ``rnn-tutor reset`` to move it aside, or move it yourself);
* a store that cannot be written (read-only file or folder, a home owned by
  someone else) is read into memory: everything reads, and each write is
  reported as not saved;
* a write that fails (disk full, I/O error) is reported through
  ``on_unsaved`` and rolled back; the store is never moved aside for it, and
  what was saved before stays.

What counts as which lives in :mod:`tutor.store.integrity`.

Cards hold the scheduler's state as JSON plus the two columns the tutor
queries (``state`` and ``due``), so ``rnn-tutor list`` can show what is due
without importing the scheduler.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import time
from pathlib import Path
from typing import Callable, NamedTuple

from ..base.language import _, os_reason
from .integrity import (CORRUPT, StoreError, _errorname, _reason, _remove_if_empty, check_layout, check_rows,
                        move_aside)

__all__ = ["Attempt", "CardRow", "FILENAME", "SCHEMA_VERSION", "Store", "StoreError", "home", "migrate", "move_aside"]

SCHEMA_VERSION = 2
FILENAME = "progress.sqlite3"

# Each entry takes the schema from version i to i + 1.
MIGRATIONS = (
    # 0 -> 1: the first release kept attempts only
    """
    CREATE TABLE attempts (
        id INTEGER PRIMARY KEY,
        problem TEXT NOT NULL,
        answer TEXT NOT NULL,
        verdict TEXT NOT NULL,
        at TEXT NOT NULL
    );
    """,
    # 1 -> 2: hints, durations and sessions on attempts; review cards for the scheduler
    """
    ALTER TABLE attempts ADD COLUMN hints INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE attempts ADD COLUMN duration REAL NOT NULL DEFAULT 0;
    ALTER TABLE attempts ADD COLUMN session TEXT NOT NULL DEFAULT '';
    CREATE INDEX attempts_problem ON attempts(problem, at);
    CREATE TABLE cards (
        problem TEXT PRIMARY KEY,
        state TEXT NOT NULL,
        due TEXT NOT NULL,
        reviews INTEGER NOT NULL DEFAULT 0,
        card TEXT NOT NULL
    );
    """,
)


class Attempt(NamedTuple):
    """One answer typed at a prompt (or one reveal)."""

    problem: str
    answer: str
    verdict: str  # correct | incorrect | invalid | revealed
    at: str  # ISO time from the clock
    hints: int = 0
    duration: float = 0.0
    session: str = ""


class CardRow(NamedTuple):
    problem: str
    state: str  # learning | review | relearning
    due: str  # ISO time
    reviews: int
    card: str  # the scheduler's JSON


def home() -> Path:
    """Where the store lives: ``$RNN_TUTOR_HOME`` or the user data directory."""
    env = os.environ.get("RNN_TUTOR_HOME")
    if env:
        return Path(env)
    from platformdirs import user_data_dir

    return Path(user_data_dir("rnn-tutor", appauthor=False))


def _warn(message: str) -> None:
    sys.stderr.write(_("warning: {message}").format(message=message) + "\n")


class Store:
    """The progress database. Open with :meth:`open`; every write is its own short transaction.

    ``readonly`` says why nothing can be saved (None when writes work): such a
    store is a copy in memory, so the session still sees its own answers;
    ``on_unsaved(reason)`` is called when an attempt could not be saved.
    """

    def __init__(self, conn: sqlite3.Connection, path: Path | None, readonly: str | None = None):
        self.conn = conn
        self.path = path
        self.readonly = readonly
        self.on_unsaved: Callable[[str], None] = lambda reason: _warn(
            _("this answer was not saved: {reason}").format(reason=reason))
        self._last_failed = False

    # -- opening -----------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | None = None, create: bool = True) -> "Store":
        """The store at ``path`` (default: in :func:`home`); raises :class:`StoreError` for one it must not touch."""
        path = Path(path) if path else home() / FILENAME
        if not create and not path.exists():
            return cls(_memory(), None)
        existed = path.exists()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = _connect(path)
        except NewerSchema as exc:
            raise StoreError(path, str(exc), upgrade=True) from None
        except StoreError:
            raise
        except sqlite3.DatabaseError as exc:
            if _errorname(exc) in CORRUPT or "integrity check" in str(exc):
                return cls._moved_aside(path, exc)
            if not existed:
                _remove_if_empty(path)
            return cls._read_only(path, _reason(exc, path), create)
        except OSError as exc:
            return cls._read_only(path, os_reason(exc), create)
        return cls(conn, path)

    @classmethod
    def _moved_aside(cls, path: Path, exc: Exception) -> "Store":
        aside = move_aside(path)
        if aside is None:
            _warn(_("the progress store {path} is unreadable ({error}) and could not be moved aside; "
                    "progress will not be kept this time").format(path=path, error=exc))
            return cls(_memory(), None, readonly=_("the store {path} is unreadable").format(path=path))
        _warn(_("the progress store {path} was unreadable ({error}); it was moved to {aside} and a new one started")
              .format(path=path, error=exc, aside=aside))
        return cls.open(path)

    @classmethod
    def _read_only(cls, path: Path, reason: str, warn: bool = True) -> "Store":
        """Everything the store holds, read into memory; writes are refused with ``reason``."""
        conn = _memory(migrated=False)
        if path.exists():
            try:
                uri = path.resolve().as_uri()  # percent-encoded: a name with ? or # stays one name
                source = sqlite3.connect(f"{uri}?mode=ro", uri=True)
                try:
                    source.execute("SELECT count(*) FROM sqlite_master").fetchone()
                except sqlite3.DatabaseError:
                    source.close()
                    source = sqlite3.connect(f"{uri}?immutable=1", uri=True)  # a WAL store in a read-only folder
                with source:
                    source.backup(conn)
                source.close()
            except sqlite3.DatabaseError as exc:
                if _errorname(exc) in CORRUPT:
                    raise StoreError(path, _("is unreadable ({error}) and cannot be moved aside ({reason})").format(
                        error=exc, reason=reason)) from None
                conn = _memory(migrated=False)  # nothing readable: an empty store
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(path, _newer(version), upgrade=True)
        migrate(conn)
        check_layout(conn, path)
        check_rows(conn, path)
        if warn:
            _warn(_("answers can't be saved: {reason} ({path}); progress will not be kept this time").format(
                reason=reason, path=path))
        return cls(conn, path, readonly=reason)

    def close(self) -> None:
        self.conn.close()

    # -- writing -----------------------------------------------------------------

    def record(self, attempt: Attempt) -> bool:
        """Save one attempt; False (and ``on_unsaved`` told why) when it could not be written."""
        self._last_failed = not self._try(
            "INSERT INTO attempts (problem, answer, verdict, at, hints, duration, session) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (attempt.problem, attempt.answer, attempt.verdict, attempt.at, attempt.hints, attempt.duration, attempt.session),
        )
        return not self._last_failed

    def save_card(self, row: CardRow) -> bool:
        """Save a review card; a failure is reported unless the attempt just before it already was."""
        ok = self._try(
            "INSERT INTO cards (problem, state, due, reviews, card) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(problem) DO UPDATE SET state = excluded.state, due = excluded.due, "
            "reviews = excluded.reviews, card = excluded.card",
            (row.problem, row.state, row.due, row.reviews, row.card),
            report=not self._last_failed,
        )
        self._last_failed = False
        return ok

    def _try(self, sql: str, args: tuple, report: bool = True) -> bool:
        if self.readonly is not None:  # kept in memory for this session, but not saved
            with _write(self.conn):
                self.conn.execute(sql, args)
            reason = self.readonly
        else:
            try:
                with _write(self.conn):
                    self.conn.execute(sql, args)
                return True
            except sqlite3.DatabaseError as exc:
                reason = _reason(exc, self.path)
        if report:
            self.on_unsaved(reason)
        return False

    def reset(self, problems: list[str] | None = None) -> int:
        """Forget attempts and cards (of ``problems``, or all); returns the attempts removed."""
        if self.readonly is not None:
            raise StoreError(self.path, _("cannot be changed: {reason}").format(reason=self.readonly))
        with _write(self.conn):
            if problems is None:
                n = self.conn.execute("DELETE FROM attempts").rowcount
                self.conn.execute("DELETE FROM cards")
            else:
                marks = ",".join("?" * len(problems))
                n = self.conn.execute(f"DELETE FROM attempts WHERE problem IN ({marks})", problems).rowcount
                self.conn.execute(f"DELETE FROM cards WHERE problem IN ({marks})", problems)
        return n

    # -- reading -----------------------------------------------------------------

    def cards(self) -> dict:
        rows = self.conn.execute("SELECT problem, state, due, reviews, card FROM cards").fetchall()
        return {r[0]: CardRow(*r) for r in rows}

    def attempts(self, problem: str | None = None) -> list[Attempt]:
        sql = "SELECT problem, answer, verdict, at, hints, duration, session FROM attempts"
        args: tuple = ()
        if problem is not None:
            sql += " WHERE problem = ?"
            args = (problem,)
        return [Attempt(*r) for r in self.conn.execute(sql + " ORDER BY id", args).fetchall()]

    def version(self) -> int:
        return self.conn.execute("PRAGMA user_version").fetchone()[0]


class _write:
    """A short immediate transaction, retried while another writer holds the lock."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def __enter__(self):
        for attempt in range(50):
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                return self
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    raise
                time.sleep(0.02 * (attempt + 1))
        raise sqlite3.OperationalError("the progress store stayed locked")

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            try:
                self.conn.execute("COMMIT")
            except sqlite3.DatabaseError:
                self._rollback()
                raise
        else:
            self._rollback()
        return False

    def _rollback(self):
        try:
            self.conn.execute("ROLLBACK")
        except sqlite3.DatabaseError:
            pass  # SQLite already rolled back (a full disk does that)


def _connect(path: Path) -> sqlite3.Connection:
    """Open, check and migrate; a store this version must not touch is refused before anything is written."""
    conn = sqlite3.connect(str(path), timeout=10, isolation_level=None)
    try:
        conn.execute("PRAGMA busy_timeout = 10000")
        ok = conn.execute("PRAGMA quick_check").fetchone()[0]
        if ok != "ok":
            raise sqlite3.DatabaseError(f"integrity check failed: {ok}")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise NewerSchema(version)
        if version == SCHEMA_VERSION:
            check_layout(conn, path)
            check_rows(conn, path)
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode.lower() != "wal":
            conn.execute("PRAGMA journal_mode = DELETE")
        try:
            migrate(conn)
        except sqlite3.DatabaseError as exc:
            if _errorname(exc) != "SQLITE_ERROR":
                raise  # an I/O failure, not the store's fault
            raise StoreError(path, _("could not be brought to this version's layout ({error})").format(error=exc)) from None
        check_layout(conn, path)
        check_rows(conn, path)
    except (sqlite3.DatabaseError, StoreError):
        conn.close()
        raise
    return conn


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> None:
    """Bring the schema from its ``user_version`` up to ``target``, one step per transaction."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise NewerSchema(version)
    while version < target:
        with _write(conn):
            current = conn.execute("PRAGMA user_version").fetchone()[0]
            if current == version:  # another process may have migrated meanwhile
                for statement in MIGRATIONS[version].split(";"):
                    if statement.strip():
                        conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {version + 1}")
        version = conn.execute("PRAGMA user_version").fetchone()[0]


class NewerSchema(sqlite3.DatabaseError):
    """The store's schema is newer than this version knows."""

    def __init__(self, version: int):
        super().__init__(_newer(version))
        self.version = version


def _newer(version: int) -> str:
    return _("was written by a newer rnn-tutor (schema {version}; this one reads up to {supported})").format(
        version=version, supported=SCHEMA_VERSION)


def _memory(migrated: bool = True) -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    if migrated:
        migrate(conn)
    return conn


