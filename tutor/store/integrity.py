"""What a progress file may hold, and what went wrong with one: layout, rows, failures, moving aside.

The store (:mod:`tutor.store.progress`) must tell apart a file it must not
touch (another layout, garbage rows: :class:`StoreError`, whose message
names the file and the learner's choices), a file that is not a database at
all (moved aside under a name no other file has), and a write the machine
refused (disk full, read-only: a reason in the learner's words, never a
reason to move the store aside). Those decisions live here.
"""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

from ..base.language import N_, _

# The layout this version reads and writes: table -> columns (with the Python types of their values).
LAYOUT = {
    "attempts": {"id": int, "problem": str, "answer": str, "verdict": str, "at": str, "hints": int,
                 "duration": (int, float), "session": str},
    "cards": {"problem": str, "state": str, "due": str, "reviews": int, "card": str},
}
CHOICES = N_("{keep}; `rnn-tutor reset` to move it aside and start a new one; or move it away yourself")
CORRUPT = ("SQLITE_CORRUPT", "SQLITE_NOTADB")


class StoreError(Exception):
    """A store that must not be used or replaced without the learner's say: the message names the choices."""

    def __init__(self, path, why: str, upgrade: bool = False):
        self.path = path
        keep = (_("keep it and upgrade rnn-tutor (pip install -U rnn-tutor)") if upgrade
                else _("keep it and open it with the program that wrote it"))
        choices = _(CHOICES).format(keep=keep)
        super().__init__(_("the progress store {path} {why}. Your choices: {choices}.").format(
            path=path, why=why, choices=choices))


def check_layout(conn: sqlite3.Connection, path) -> None:
    """Raise :class:`StoreError` unless every table and column of LAYOUT is there."""
    for table, columns in LAYOUT.items():
        have = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        if not have:
            raise StoreError(path, _("is not laid out as this rnn-tutor expects (it has no table {table})").format(
                table=table))
        missing = [c for c in columns if c not in have]
        if missing:
            raise StoreError(path, _("is not laid out as this rnn-tutor expects (table {table} has no column {column})")
                             .format(table=table, column=missing[0]))


def check_rows(conn: sqlite3.Connection, path) -> None:
    """Raise :class:`StoreError` for a row this version cannot read (a wrong type, a due time that is not one)."""
    types = {str: ("text",), int: ("integer",), (int, float): ("integer", "real")}
    for table, columns in LAYOUT.items():
        tests = [f"typeof({c}) NOT IN ({','.join(repr(t) for t in types[k])})" for c, k in columns.items()]
        bad = conn.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE {' OR '.join(tests)} LIMIT 1").fetchone()
        if bad:  # one query per table; only a bad row is looked at column by column
            for (column, kind), value in zip(columns.items(), bad):
                if not isinstance(value, kind):
                    raise StoreError(path, _("has a row in table {table} whose {column} is {value}, not {kind}").format(
                        table=table, column=column, value=f"{value!r:.40}", kind=_kind_name(kind)))
    import json  # here, not at the top: `list` imports this module and must start fast
    from datetime import datetime

    for problem, due, card in conn.execute("SELECT problem, due, card FROM cards"):
        try:
            datetime.fromisoformat(due)
            if not isinstance(json.loads(card), dict):
                raise ValueError(card)
        except ValueError:
            raise StoreError(path, _("has a card that is not readable (problem {problem})").format(
                problem=repr(problem))) from None


def _kind_name(kind) -> str:
    return _({str: N_("text"), int: N_("a whole number")}.get(kind, N_("a number")))


def _errorname(exc: Exception) -> str:
    return getattr(exc, "sqlite_errorname", "") or ""


def _reason(exc: Exception, path: Path | None) -> str:
    """A write or open failure in the learner's words: disk full, read-only, or the error itself."""
    name = _errorname(exc)
    if name == "SQLITE_FULL" or _disk_full(path):
        return _("disk full")
    if name.startswith(("SQLITE_READONLY", "SQLITE_PERM", "SQLITE_CANTOPEN", "SQLITE_AUTH")):
        return _("the store is read-only")
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "locked" in str(exc):
        return _("the store is locked by another program")
    return _("the disk refused the write ({error})").format(error=exc)


def _disk_full(path: Path | None) -> bool:
    if path is None:
        return False
    try:
        st = os.statvfs(path.parent)
    except OSError:
        return False
    return st.f_bavail == 0


def _remove_if_empty(path: Path) -> None:
    """A store this open created and could not write (disk full): leave no empty file behind."""
    for name in (path.name, path.name + "-wal", path.name + "-shm"):
        try:
            side = path.with_name(name)
            if side.stat().st_size == 0:
                side.unlink()
        except OSError:
            pass


def move_aside(path: Path, label: str = "corrupt") -> Path | None:
    """Rename ``path`` (and its -wal, -shm) to a name no other file has; None when that fails."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for n in range(1, 1000):
        aside = path.with_name(f"{path.name}.{label}-{stamp}" + (f"-{n}" if n > 1 else ""))
        try:
            os.link(path, aside)  # fails if the name is taken: two at once never overwrite each other
        except FileExistsError:
            continue
        except OSError:
            if aside.exists():
                continue
            try:
                path.rename(aside)
            except OSError:
                return None
        else:
            try:
                path.unlink()
            except OSError:
                return None
        for extra in ("-wal", "-shm"):
            side = path.with_name(path.name + extra)
            try:
                if side.exists():
                    side.rename(aside.with_name(aside.name + extra))
            except OSError:
                pass
        return aside
    return None
