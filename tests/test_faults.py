"""A hostile machine: full disks, damaged, foreign and newer stores, read-only stores; nothing crashes, nothing is lost.

Faults are injected, not waited for: a file-size limit (RLIMIT_FSIZE, which works for root too) or a tiny
tmpfs for a full disk; a tmpfs remounted read-only for a read-only store when the tests run as root (root
ignores file modes), file modes otherwise.
"""

import os
import resource
import sqlite3
import subprocess
from pathlib import Path

import pytest

from tutor.store.progress import SCHEMA_VERSION, Attempt, Store, StoreError, move_aside

from .conftest import installed_command

FORGET = "f_t = σ(W_f [h_{t-1}, x_t] + b_f)"
INPUT = "i_t = σ(W_i [h_{t-1}, x_t] + b_i)"


def _run(home, *args, stdin="", preexec=None, env_extra=None):
    env = dict(os.environ, RNN_TUTOR_HOME=str(home), NO_COLOR="1", COLUMNS="80", **(env_extra or {}))
    return subprocess.run(installed_command() + list(args), input=stdin, capture_output=True, text=True,
                          timeout=300, env=env, preexec_fn=preexec)


def _seeded(home: Path, n: int = 3) -> Path:
    home.mkdir(parents=True, exist_ok=True)
    store = Store.open(home / "progress.sqlite3")
    for i in range(n):
        store.record(Attempt("lstm.forget", f"earlier {i}", "correct", "2026-11-27T09:00:00+00:00"))
    store.close()
    return home / "progress.sqlite3"


def _attempts(path: Path) -> list:
    conn = sqlite3.connect(f"file:{path}?immutable=1", uri=True)  # readable on a read-only mount too
    try:
        return [r[0] for r in conn.execute("SELECT answer FROM attempts ORDER BY id")]
    finally:
        conn.close()


# -- disk full -------------------------------------------------------------------------------------

def _file_size_limit(limit):
    return lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


def test_disk_full_mid_drill_reports_each_unsaved_answer_and_goes_on(tmp_path):
    path = _seeded(tmp_path / "home")
    answers = "\n".join([FORGET, INPUT, ":skip", ":skip", ":show", "h_t = x"]) + "\n"
    run = _run(tmp_path / "home", "drill", "lstm", "--in-order", stdin=answers, preexec=_file_size_limit(32768))
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stdout + run.stderr
    assert "this answer was not saved" in run.stdout
    assert "[6/" in run.stdout and "Drill summary" in run.stdout  # the drill went on to the end
    assert not [p for p in path.parent.iterdir() if ".corrupt-" in p.name]
    assert _attempts(path)[:3] == ["earlier 0", "earlier 1", "earlier 2"]  # nothing saved before is gone
    again = _run(tmp_path / "home", "drill", "lstm", "--in-order", stdin=FORGET + "\n:quit\n")  # space is back: saved again
    assert "not saved" not in again.stdout
    assert _attempts(path)[-1] == FORGET


@pytest.fixture
def tiny_disk(tmp_path):
    """A 200 KB tmpfs (root only): a real ENOSPC."""
    where = tmp_path / "disk"
    where.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=200k", "tmpfs", str(where)],
                                           capture_output=True).returncode != 0:
        pytest.skip("mounting a tmpfs needs root (the file-size-limit test covers the rest)")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def _fill(where: Path) -> Path:
    filler = where / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        while os.write(fd, b"\0" * 512):
            pass
    except OSError:
        pass
    finally:
        os.close(fd)
    return filler


def test_disk_full_says_disk_full_and_keeps_the_store(tiny_disk):
    path = _seeded(tiny_disk / "home")
    filler = _fill(tiny_disk)
    run = _run(tiny_disk / "home", "drill", "lstm", "--in-order", stdin=FORGET + "\n" + INPUT + "\n:quit\n")
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stdout + run.stderr
    assert "this answer was not saved: disk full" in run.stdout
    assert "[2/6]" in run.stdout
    assert path.exists() and not [p for p in path.parent.iterdir() if "corrupt" in p.name]
    filler.unlink()
    _run(tiny_disk / "home", "drill", "lstm", "--in-order", stdin=FORGET + "\n:quit\n")
    assert _attempts(path)[:3] == ["earlier 0", "earlier 1", "earlier 2"] and _attempts(path)[-1] == FORGET


def test_new_store_on_a_full_disk_leaves_no_empty_file(tiny_disk):
    _fill(tiny_disk)
    home = tiny_disk / "fresh"
    home.mkdir()
    run = _run(home, "drill", "lstm", "--in-order", stdin=FORGET + "\n:quit\n")
    assert run.returncode == 0 and "Traceback" not in run.stderr
    assert "not saved" in run.stdout + run.stderr
    assert not any(p.stat().st_size == 0 for p in home.iterdir())


# -- damaged, foreign, newer -----------------------------------------------------------------------

def _build(path: Path, script: str, version: int = SCHEMA_VERSION):
    conn = sqlite3.connect(path)
    conn.executescript(script)
    conn.execute(f"PRAGMA user_version = {version}")
    conn.commit()
    conn.close()


GOOD_TABLES = ("CREATE TABLE attempts (id INTEGER PRIMARY KEY, problem TEXT, answer TEXT, verdict TEXT, at TEXT, "
               "hints INTEGER, duration REAL, session TEXT); "
               "CREATE TABLE cards (problem TEXT PRIMARY KEY, state TEXT, due TEXT, reviews INTEGER, card TEXT);")
DAMAGED = {
    "missing-table": ("CREATE TABLE attempts (id INTEGER PRIMARY KEY, problem TEXT, answer TEXT, verdict TEXT, at TEXT, "
                      "hints INTEGER, duration REAL, session TEXT);", SCHEMA_VERSION, "no table cards"),
    "missing-column": (GOOD_TABLES.replace("due TEXT, ", ""), SCHEMA_VERSION, "no column due"),
    "foreign-layout": ("CREATE TABLE notes (title TEXT, body TEXT);", SCHEMA_VERSION, "no table attempts"),
    "garbage-card": (GOOD_TABLES + "INSERT INTO cards VALUES ('lstm.forget', 'review', 'someday', 1, '{}');",
                     SCHEMA_VERSION, "card that is not readable"),
    "garbage-attempt": (GOOD_TABLES + "INSERT INTO attempts VALUES (1, 'lstm.forget', 'x', 'correct', X'00ff', 0, 0, '');",
                        SCHEMA_VERSION, "table attempts"),
    "null-attempt": (GOOD_TABLES + "INSERT INTO attempts VALUES (1, NULL, 'x', 'correct', '2026-01-01', 0, 0, '');",
                     SCHEMA_VERSION, "table attempts"),
    "newer": (GOOD_TABLES, SCHEMA_VERSION + 5, "newer rnn-tutor"),
}
COMMANDS = {"stats": (["stats"], ""), "list": (["list"], ""), "drill": (["drill", "lstm", "--in-order"], FORGET + "\n:quit\n"),
            "quiz": (["quiz", "-n", "1"], ":quit\n"), "reset-topic": (["reset", "lstm", "--yes"], "")}
# every kind through the drill (the command that writes); every command on two kinds
CASES = [(kind, "drill") for kind in DAMAGED] + [(kind, c) for kind in ("missing-column", "garbage-card")
                                                 for c in COMMANDS if c != "drill"]


@pytest.mark.parametrize("kind,command", CASES, ids=[f"{k}-{c}" for k, c in CASES])
def test_damaged_store_gets_one_clear_message_and_is_left_alone(tmp_path, kind, command):
    home = tmp_path / "home"
    home.mkdir()
    path = home / "progress.sqlite3"
    script, version, why = DAMAGED[kind]
    _build(path, script, version)
    before = _dump(path)
    args, stdin = COMMANDS[command]
    run = _run(home, *args, stdin=stdin)
    assert run.returncode == 2, run.stdout + run.stderr
    assert "Traceback" not in run.stderr
    [line] = [x for x in run.stderr.splitlines() if x.startswith("error:")]
    assert "upgrade" in line or kind != "newer"
    assert str(path) in line and why in line and "rnn-tutor reset" in line
    assert len(run.stderr.strip().splitlines()) == 1
    assert sorted(p.name for p in home.iterdir()) == ["progress.sqlite3"]  # nothing moved, nothing added
    assert _dump(path) == before


def _dump(path: Path) -> list:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump()) + [conn.execute("PRAGMA user_version").fetchone()[0]]
    finally:
        conn.close()


def test_card_the_scheduler_cannot_read_stops_the_drill_with_the_message(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    path = home / "progress.sqlite3"
    _build(path, GOOD_TABLES + "INSERT INTO cards VALUES ('lstm.forget', 'review', '2026-01-01T00:00:00', 1, '{\"x\": 1}');")
    run = _run(home, "drill", "lstm", "--in-order", stdin=FORGET + "\n:quit\n")
    assert run.returncode == 2 and "Traceback" not in run.stderr
    [line] = run.stderr.strip().splitlines()
    assert line.startswith("error:") and str(path) in line and "card that is not readable" in line and "reset" in line
    assert sorted(p.name for p in home.iterdir() if not p.name.endswith(("-wal", "-shm"))) == ["progress.sqlite3"]


@pytest.mark.parametrize("kind", list(DAMAGED))
def test_damaged_store_is_refused_in_process(tmp_path, kind):
    path = tmp_path / "progress.sqlite3"
    script, version, why = DAMAGED[kind]
    _build(path, script, version)
    before = _dump(path)
    with pytest.raises(StoreError, match=why) as caught:
        Store.open(path)
    assert str(path) in str(caught.value)
    assert _dump(path) == before and sorted(p.name for p in tmp_path.iterdir()) == ["progress.sqlite3"]


@pytest.mark.parametrize("kind", ["missing-table", "garbage-card", "newer"])
def test_reset_moves_a_damaged_store_aside_and_starts_afresh(tmp_path, kind):
    home = tmp_path / "home"
    home.mkdir()
    path = home / "progress.sqlite3"
    script, version, _ = DAMAGED[kind]
    _build(path, script, version)
    before = _dump(path)
    run = _run(home, "reset", "--yes")
    assert run.returncode == 0, run.stderr
    [aside] = [p for p in home.iterdir() if p.name != "progress.sqlite3"]
    assert _dump(aside) == before and str(aside) in run.stdout
    assert _run(home, "stats").returncode == 0


def test_moved_aside_names_are_unique(tmp_path):
    names = set()
    for i in range(3):  # three in the same second
        path = tmp_path / "progress.sqlite3"
        path.write_bytes(f"not a database {i}".encode())
        aside = move_aside(path)
        names.add(aside.name)
        assert aside.read_bytes() == f"not a database {i}".encode()
    assert len(names) == 3 and len(list(tmp_path.iterdir())) == 3


def test_corrupt_file_is_moved_aside_by_the_cli_without_traceback(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    (home / "progress.sqlite3").write_bytes(b"garbage" * 100)
    run = _run(home, "drill", "lstm", "--in-order", stdin=FORGET + "\n:quit\n")
    assert run.returncode == 0 and "Traceback" not in run.stderr
    assert "moved to" in run.stderr
    [aside] = [p for p in home.iterdir() if ".corrupt-" in p.name]
    assert aside.read_bytes() == b"garbage" * 100


# -- permissions -----------------------------------------------------------------------------------

@pytest.fixture(params=["file", "folder"])
def read_only_store(request, tmp_path):
    """A store with three attempts that cannot be written: a read-only mount as root, file modes otherwise."""
    home = tmp_path / "home"
    if os.geteuid() == 0:
        home.mkdir()
        if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(home)], capture_output=True).returncode:
            pytest.skip("root ignores file modes, and no tmpfs could be mounted to make a read-only store")
        try:
            _seeded(home)
            subprocess.run(["mount", "-o", "remount,ro", str(home)], check=True, capture_output=True)
            yield home
        finally:
            subprocess.run(["umount", "-l", str(home)], capture_output=True)
        return
    path = _seeded(home)
    if request.param == "file":
        path.chmod(0o444)
    else:
        home.chmod(0o555)
    try:
        yield home
    finally:
        home.chmod(0o755)
        path.chmod(0o644)


def test_drill_on_a_read_only_store_runs_and_says_answers_are_not_saved(read_only_store):
    run = _run(read_only_store, "drill", "lstm", "--in-order", stdin=FORGET + "\n" + INPUT + "\n:quit\n")
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    assert "can't be saved" in run.stderr
    assert "this answer was not saved" in run.stdout and "[2/6]" in run.stdout
    assert _attempts(read_only_store / "progress.sqlite3") == ["earlier 0", "earlier 1", "earlier 2"]


def test_stats_reads_a_read_only_store(read_only_store):
    run = _run(read_only_store, "stats", "--json")
    assert run.returncode == 0, run.stderr
    assert "unreadable" not in run.stderr and "Traceback" not in run.stderr
    import json

    assert json.loads(run.stdout)["topics"]["lstm"]["problems"]["lstm.forget"]["attempts"] == 3


def test_unwritable_store_in_process_keeps_the_session_and_reports(tmp_path):
    path = _seeded(tmp_path / "home")
    reasons = []
    store = Store._read_only(path, "the store is read-only", warn=False)
    store.on_unsaved = reasons.append
    assert len(store.attempts()) == 3
    assert store.record(Attempt("lstm.input", "x", "incorrect", "2026-11-28T09:00:00+00:00")) is False
    assert reasons == ["the store is read-only"] and len(store.attempts()) == 4
    assert len(_attempts(path)) == 3
    with pytest.raises(StoreError):
        store.reset()
