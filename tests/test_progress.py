"""The progress store (migration, corrupt file, concurrent writers) and the scheduling rules."""

import multiprocessing
import sqlite3
from datetime import datetime, timedelta, timezone

import pytest

from tutor.store import schedule
from tutor.store.progress import MIGRATIONS, SCHEMA_VERSION, Attempt, Store, StoreError

T0 = datetime(2026, 11, 28, 9, 0, tzinfo=timezone.utc)


def test_fresh_store_has_the_current_schema(tmp_path):
    store = Store.open(tmp_path / "p.sqlite3")
    assert store.version() == SCHEMA_VERSION
    store.record(Attempt("lstm.forget", "f_t = x", "incorrect", T0.isoformat(), 1, 2.5, "s1"))
    assert store.attempts("lstm.forget")[0].hints == 1


def test_version_1_store_is_migrated_keeping_its_rows(tmp_path):
    path = tmp_path / "old.sqlite3"
    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[0])
    conn.execute("INSERT INTO attempts (problem, answer, verdict, at) VALUES ('gru.reset', 'r_t = x', 'incorrect', '2026-01-01T00:00:00')")
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()
    store = Store.open(path)
    assert store.version() == SCHEMA_VERSION
    [old] = store.attempts()
    assert (old.problem, old.answer, old.hints, old.duration) == ("gru.reset", "r_t = x", 0, 0.0)
    schedule.review(store, "gru.reset", "Good", T0)
    assert "gru.reset" in store.cards()


@pytest.mark.parametrize("content", [b"this is not a database", b"SQLite format 3\x00" + b"\xff" * 400])
def test_corrupt_store_is_moved_aside_with_a_warning(tmp_path, capsys, content):
    path = tmp_path / "progress.sqlite3"
    path.write_bytes(content)
    store = Store.open(path)
    err = capsys.readouterr().err
    assert "moved to" in err and "corrupt" in err
    aside = list(tmp_path.glob("progress.sqlite3.corrupt-*"))
    assert aside and aside[0].read_bytes() == content  # nothing lost
    store.record(Attempt("rnn.hidden", "h_t = x", "incorrect", T0.isoformat()))
    assert len(Store.open(path).attempts()) == 1


def test_store_from_a_newer_version_is_refused_not_moved(tmp_path):
    path = tmp_path / "progress.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="newer rnn-tutor"):
        Store.open(path)
    assert not list(tmp_path.glob("progress.sqlite3.*-*"))


def test_unwritable_location_falls_back_to_memory(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    store = Store.open(blocker / "sub" / "progress.sqlite3")
    assert "will not be kept" in capsys.readouterr().err
    store.record(Attempt("rnn.hidden", "h", "incorrect", T0.isoformat()))
    assert len(store.attempts()) == 1


def _writer(path, name, n):
    store = Store.open(path)
    for i in range(n):
        store.record(Attempt("lstm.cell", f"{name}-{i}", "incorrect", T0.isoformat(), session=name))
        schedule.review(store, f"lstm.{name}", "Good", T0 + timedelta(minutes=i))


def test_two_writers_at_once(tmp_path):
    path = tmp_path / "progress.sqlite3"
    Store.open(path).close()
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(path, name, 40)) for name in ("a", "b")]
    for p in procs:
        p.start()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    store = Store.open(path)
    assert len(store.attempts()) == 80
    assert {a.session for a in store.attempts()} == {"a", "b"}
    assert store.cards()["lstm.a"].reviews == 40
    assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


RATINGS = [
    ("right-first-time", dict(correct=True, first_try=True, hints=0, revealed=False), "Good"),
    ("right-after-hint", dict(correct=True, first_try=True, hints=1, revealed=False), "Hard"),
    ("right-after-retry", dict(correct=True, first_try=False, hints=0, revealed=False), "Hard"),
    ("wrong", dict(correct=False, first_try=True, hints=0, revealed=False), "Again"),
    ("revealed", dict(correct=False, first_try=True, hints=2, revealed=True), "Again"),
]


@pytest.mark.parametrize("kwargs,rating", [r[1:] for r in RATINGS], ids=[r[0] for r in RATINGS])
def test_rating_mapping(kwargs, rating):
    assert schedule.rating_name(**kwargs) == rating


def test_good_is_due_later_than_again(tmp_path):
    store = Store.open(tmp_path / "p.sqlite3")
    good = schedule.review(store, "lstm.forget", "Good", T0)
    again = schedule.review(store, "lstm.input", "Again", T0)
    assert datetime.fromisoformat(good.due) > datetime.fromisoformat(again.due) >= T0
    assert schedule.status(store.cards()["lstm.forget"], T0) == "learning"
    assert schedule.status(store.cards()["lstm.forget"], T0 + timedelta(days=1)) == "due"
    assert schedule.status(None, T0) == "new"
    assert schedule.due_problems(store, T0 + timedelta(days=1)) == ["lstm.input", "lstm.forget"]


def test_clock_reads_the_environment(monkeypatch):
    monkeypatch.setenv("RNN_TUTOR_NOW", "2026-11-29T09:30")
    assert schedule.now() == datetime(2026, 11, 29, 9, 30, tzinfo=timezone.utc)
    monkeypatch.setenv("RNN_TUTOR_NOW", "tomorrow")
    with pytest.raises(ValueError, match="not an ISO time"):
        schedule.now()
