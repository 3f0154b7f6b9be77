"""The learner's progress: one SQLite file, one row per attempt, one card per problem.

Why SQLite: every attempt is written as it happens (a killed drill loses
nothing already answered), two drills in two terminals must not corrupt each
other (WAL journal, a busy timeout, short ``BEGIN IMMEDIATE`` transactions),
and ``stats`` wants queries, not parsing.

The file lives in the user data directory (platformdirs), or under
``$RNN_TUTOR_HOME`` when set. The schema is versioned with ``PRAGMA
user_version`` and migrated step by step; a file that is not a readable
database is moved aside (``progress.sqlite3.corrupt-<time>``) with a warning
and a fresh store is started, so a bad file never crashes the tutor and is
never silently lost.

Cards hold the scheduler's state as JSON plus the two columns the tutor
queries (``state`` and ``due``), so ``rnn-tutor list`` can show what is due
without importing the scheduler.
"""

from __future__ import annotations

import os
import sqlite3
import sys
import time
from typing import NamedTuple
from pathlib import Path

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
    sys.stderr.write(f"warning: {message}\n")


class Store:
    """The progress database. Open with :meth:`open`; every write is its own short transaction."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None):
        self.conn = conn
        self.path = path

    # -- opening -----------------------------------------------------------------

    @classmethod
    def open(cls, path: Path | None = None, create: bool = True) -> "Store":
        path = Path(path) if path else home() / FILENAME
        if not create and not path.exists():
            return cls(_memory(), None)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            return cls(_connect(path), path)
        except sqlite3.DatabaseError as exc:
            aside = _move_aside(path)
            if aside is None:
                _warn(f"the progress store {path} is unreadable ({exc}); progress will not be kept this time")
                return cls(_memory(), None)
            _warn(f"the progress store was unreadable ({exc}); it was moved to {aside} and a new one started")
            return cls(_connect(path), path)
        except OSError as exc:
            _warn(f"cannot open the progress store {path} ({exc.strerror}); progress will not be kept this time")
            return cls(_memory(), None)

    def close(self) -> None:
        self.conn.close()

    # -- writing -----------------------------------------------------------------

    def record(self, attempt: Attempt) -> None:
        with _write(self.conn):
            self.conn.execute(
                "INSERT INTO attempts (problem, answer, verdict, at, hints, duration, session) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (attempt.problem, attempt.answer, attempt.verdict, attempt.at, attempt.hints, attempt.duration, attempt.session),
            )

    def save_card(self, row: CardRow) -> None:
        with _write(self.conn):
            self.conn.execute(
                "INSERT INTO cards (problem, state, due, reviews, card) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT(problem) DO UPDATE SET state = excluded.state, due = excluded.due, "
                "reviews = excluded.reviews, card = excluded.card",
                (row.problem, row.state, row.due, row.reviews, row.card),
            )

    def reset(self, problems: list[str] | None = None) -> int:
        """Forget attempts and cards (of ``problems``, or all); returns the attempts removed."""
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
            self.conn.execute("COMMIT")
        else:
            self.conn.execute("ROLLBACK")
        return False


def _connect(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), timeout=10, isolation_level=None)
    try:
        conn.execute("PRAGMA busy_timeout = 10000")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode.lower() != "wal":
            conn.execute("PRAGMA journal_mode = DELETE")
        ok = conn.execute("PRAGMA quick_check").fetchone()[0]
        if ok != "ok":
            raise sqlite3.DatabaseError(f"integrity check failed: {ok}")
        migrate(conn)
    except sqlite3.DatabaseError:
        conn.close()
        raise
    return conn


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> None:
    """Bring the schema from its ``user_version`` up to ``target``, one step per transaction."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise sqlite3.DatabaseError(f"the store was written by a newer rnn-tutor (schema {version})")
    while version < target:
        with _write(conn):
            current = conn.execute("PRAGMA user_version").fetchone()[0]
            if current == version:  # another process may have migrated meanwhile
                for statement in MIGRATIONS[version].split(";"):
                    if statement.strip():
                        conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {version + 1}")
        version = conn.execute("PRAGMA user_version").fetchone()[0]


def _memory() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:", isolation_level=None)
    migrate(conn)
    return conn


def _move_aside(path: Path) -> Path | None:
    stamp = time.strftime("%Y%m%d-%H%M%S")
    aside = path.with_name(f"{path.name}.corrupt-{stamp}")
    try:
        path.rename(aside)
        for extra in ("-wal", "-shm"):
            side = path.with_name(path.name + extra)
            if side.exists():
                side.rename(aside.with_name(aside.name + extra))
    except OSError:
        return None
    return aside
