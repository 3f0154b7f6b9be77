"""`rnn-tutor explain`: every printed number comes from the cells; equations are ones the checker accepts."""


import pytest
from typer.testing import CliRunner

from tutor.interface.cli import app

from .conftest import assert_golden
from tutor.teaching.explanation import _data, equations_for, example, explain, fmt
from tutor.grading import check

runner = CliRunner()


def run(*args):
    return runner.invoke(app, list(args), env={"COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb"})


EQUATIONS = [(t, k) for t in ("rnn", "lstm", "gru") for k in _data(t)["equations"]]


@pytest.mark.parametrize("topic,key", EQUATIONS, ids=[f"{t}-{k}" for t, k in EQUATIONS])
def test_shown_equations_are_accepted_by_the_checker(topic, key):
    _, name, text = equations_for(topic, key)
    verdict = check(topic, text)
    assert verdict.verdict == "correct", verdict.feedback
    assert verdict.convention == name or topic != "gru"


@pytest.mark.parametrize("topic", ["rnn", "lstm", "gru"])
@pytest.mark.parametrize("seed", [0, 1, 7])
def test_printed_numbers_come_from_the_cells(topic, seed):
    ex = example(topic, steps=3, seed=seed)
    out = run("explain", topic, "--seed", str(seed), "--steps", "3").output
    for row in ex.rows:  # every intermediate of step 1, gate by gate
        assert fmt(ex.steps[0][row.name]) in out, row.name
    for s in ex.steps:  # the states over time
        assert fmt(s["h"]) in out
        if topic == "lstm":
            assert fmt(s["c"]) in out


@pytest.mark.parametrize("topic,count", [("rnn", 12), ("lstm", 48), ("gru", 36)])
def test_parameter_count(topic, count):
    assert explain(topic, 2, 3).params_value == count
    assert f"{count} parameters" in run("explain", topic).output


@pytest.mark.parametrize("convention", ["pytorch", "d2l", "wikipedia"])
def test_gru_conventions_change_the_numbers(convention):
    ex = example("gru", seed=3, convention=convention)
    out = run("explain", "gru", "--seed", "3", "--convention", convention).output
    assert fmt(ex.steps[0]["h"]) in out
    assert {"pytorch": "Equations: PyTorch", "d2l": "Equations: d2l", "wikipedia": "Equations: Wikipedia"}[convention] in out


def test_more_steps_keep_the_first_step():
    assert fmt(example("lstm", steps=1, seed=2).steps[0]["h"]) == fmt(example("lstm", steps=4, seed=2).steps[0]["h"])


def test_gru_conventions_differ():
    hs = {c: tuple(example("gru", seed=3, convention=c).steps[0]["h"]) for c in ("pytorch", "d2l", "wikipedia")}
    assert len(set(hs.values())) == 3


ERRORS = [
    ("unknown-topic", ["explain", "transformer"], "unknown topic 'transformer'"),
    ("too-big", ["explain", "lstm", "--hidden", "50"], "--hidden must be between 1 and 8"),
    ("bad-steps", ["explain", "rnn", "--steps", "0"], "--steps must be between 1 and 12"),
    ("bad-input", ["explain", "rnn", "--input", "9"], "--input must be between 1 and 8"),
    ("convention-lstm", ["explain", "lstm", "--convention", "d2l"], "GRU only"),
    ("bad-convention", ["explain", "gru", "--convention", "keras"], "unknown convention 'keras'"),
]


@pytest.mark.parametrize("args,message", [e[1:] for e in ERRORS], ids=[e[0] for e in ERRORS])
def test_errors_exit_2(args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.output


def test_no_topic_lists_topics():
    result = run("explain")
    assert result.exit_code == 0
    assert "rnn, lstm, gru" in result.output


GOLDEN_CASES = [
    ("explain_rnn", ["explain", "rnn"]),
    ("explain_lstm", ["explain", "lstm", "--seed", "1"]),
    ("explain_gru_steps3", ["explain", "gru", "--steps", "3"]),
    ("explain_gru_wikipedia_ascii", ["explain", "gru", "--convention", "wikipedia", "--ascii"]),
]


@pytest.mark.parametrize("name,args", GOLDEN_CASES, ids=[g[0] for g in GOLDEN_CASES])
def test_golden_explain(name, args):
    output = run(*args).output
    assert_golden(name, output)
