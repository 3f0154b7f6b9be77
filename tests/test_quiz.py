"""The quiz: its data, its grading, and rounds driven in-process and through a pseudo-terminal."""

import os
import subprocess

import pytest

from tutor.interface import render
from tutor.teaching.drill import Drill, items_for
from tutor.grading import check
from tutor.store.progress import Store
from tutor.teaching.quiz import LETTERS, grade, load, pick, present, questions, symbolic_problem
from tutor.teaching.report import report
from tutor.store.schedule import now

from .conftest import Script, installed_command

QUESTIONS = questions()
CONTENT = {"basics", "gradients", "remedies", "shapes", "lengths", "cells", "pytorch", "params", "training", "seq2seq"}


def test_enough_questions_over_every_point():
    assert len(QUESTIONS) >= 100
    assert set(load()) == CONTENT
    assert all(len(qs) >= 6 for _, qs in load().values())
    assert len({q.id for q in QUESTIONS}) == len(QUESTIONS)
    assert {q.kind for q in QUESTIONS} == {"single", "multi", "match", "order", "symbolic", "value"}


@pytest.mark.parametrize("q", QUESTIONS, ids=[q.id for q in QUESTIONS])
def test_question_is_well_formed(q):
    assert q.topic in CONTENT and q.id.startswith(q.topic + ".")
    assert q.text and q.explanation
    if q.kind in ("single", "multi"):
        assert q.answer and all(0 <= i < len(q.options) for i in q.answer)
        assert len(set(q.options)) == len(q.options)
        assert q.kind == "multi" or len(q.answer) == 1
    elif q.kind == "match":
        assert len(q.left) == len(q.right) >= 2
    elif q.kind == "order":
        assert len(q.items) >= 3
    elif q.kind == "value":
        assert q.value and present(q, 0).expected
    else:
        problem = symbolic_problem(present(q, 0).question)
        assert check(problem, problem.reference).verdict == "correct"


@pytest.mark.parametrize("q", QUESTIONS, ids=[q.id for q in QUESTIONS])
def test_expected_answer_grades_correct_and_a_wrong_one_does_not(q):
    shown = present(q, seed=5)
    if q.kind == "symbolic":
        problem = symbolic_problem(shown.question)
        assert grade(shown, problem.reference).correct
        assert not grade(shown, "12345").correct
        return
    if q.kind == "value":
        assert grade(shown, " ".join(shown.expected)).correct
        assert not grade(shown, " ".join(str(int(v) + 1) for v in shown.expected)).correct
        return
    right = " ".join(shown.expected)
    assert grade(shown, right).correct
    wrong = list(shown.expected)
    wrong[0] = next(l for l in LETTERS[: len(shown.choices)] if l != wrong[0])
    assert not grade(shown, " ".join(wrong)).correct


def test_shuffling_is_seeded():
    q = next(q for q in QUESTIONS if q.kind == "single")
    assert present(q, 1) == present(q, 1)
    assert len({present(q, s).choices for s in range(8)}) > 1
    assert [x.id for x in pick("cells", 3, 4)] == [x.id for x in pick("cells", 3, 4)]


RESPONSES = [
    ("letters-with-numbers", "1b 2a 3c", ["b", "a", "c"]),
    ("commas", "b, a, c", ["b", "a", "c"]),
    ("run", "BAC", ["b", "a", "c"]),
]


@pytest.mark.parametrize("text,letters", [r[1:] for r in RESPONSES], ids=[r[0] for r in RESPONSES])
def test_response_forms(text, letters):
    from tutor.teaching.quiz import _letters

    assert _letters(text) == letters


def test_symbolic_answers_use_the_notation_engine():
    q = next(q for q in QUESTIONS if q.id == "cells.lstm-params")
    shown = present(q, 0)
    assert grade(shown, "128").correct
    assert grade(shown, "4*4*(4+3+1)").correct
    assert not grade(shown, "144").correct
    bad = grade(shown, "4*(")
    assert not bad.valid and bad.message


def test_quiz_round_is_recorded_scheduled_and_in_stats(tmp_path, monkeypatch):
    store = Store.open(tmp_path / "p.sqlite3")
    items = pick("shapes", 2, seed=1)
    answers = [" ".join(present(items[0], 1).expected), "zz", "a", ":quit"]
    script = Script(answers)
    summary = Drill(items, store, script, seed=1, view=render).run()
    text = script.text
    assert "✔ correct" in text and "answer with the letters" in text
    assert summary.items == 2 and summary.right >= 1
    assert [a.problem for a in store.attempts()] == [items[0].card, items[1].card]
    data = report(store, now())
    assert data["topics"]["quiz.shapes"]["totals"]["attempts"] == 2
    monkeypatch.setenv("RNN_TUTOR_NOW", "2026-12-30T00:00")
    due = items_for("due", store)
    assert {getattr(i, "card", None) for i in due} >= {items[0].card}


def test_quiz_in_a_pseudo_terminal(tmp_path):
    pexpect = pytest.importorskip("pexpect", reason="pexpect is a test extra")
    env = dict(os.environ, RNN_TUTOR_HOME=str(tmp_path), NO_COLOR="1", COLUMNS="80", TERM="dumb")
    q = pick("gradients", 1, 3)[0]
    cmd = installed_command()
    child = pexpect.spawn(cmd[0], cmd[1:] + ["quiz", "gradients", "--seed", "3", "-n", "2"], env=env,
                          encoding="utf-8", timeout=30, dimensions=(40, 80))
    child.expect(r"\[1/2\]")
    child.expect("> ")
    shown = present(q, 3)
    child.sendline(" ".join(shown.expected) if q.kind != "symbolic" else symbolic_problem(shown.question).reference)
    child.expect("correct")
    child.expect("answer: ")
    child.expect(r"\[2/2\]")
    child.expect("> ")
    child.sendline(":show")
    child.expect("answer: ")
    child.expect(r"\[3/3\] \(again\)")  # a revealed question comes back later in the quiz
    child.expect("> ")
    child.sendline(":skip")
    child.expect("Quiz summary")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    verdicts = [a.verdict for a in Store.open(tmp_path / "progress.sqlite3").attempts()]
    assert verdicts == ["correct", "revealed"]


def test_quiz_from_a_pipe(tmp_path):
    env = dict(os.environ, RNN_TUTOR_HOME=str(tmp_path), NO_COLOR="1", COLUMNS="80")
    result = subprocess.run(installed_command() + ["quiz", "basics", "-n", "2", "--seed", "2"], env=env, input="a\nb\n",
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert result.stdout.count("answer: ") == 2
    assert len(Store.open(tmp_path / "progress.sqlite3").attempts()) == 2


def test_unknown_quiz_topic_exits_2(tmp_path):
    env = dict(os.environ, RNN_TUTOR_HOME=str(tmp_path))
    result = subprocess.run(installed_command() + ["quiz", "astrology"], env=env, capture_output=True, text=True)
    assert result.returncode == 2 and "unknown quiz topic" in result.stderr
