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


# the LSTM's other keys are variants (other cells), tested below against the checker's names for them
EQUATIONS = [(t, k) for t in ("rnn", "lstm", "gru") for k in _data(t)["equations"] if t != "lstm" or k == "default"]


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


@pytest.mark.parametrize("topic,count", [("rnn", 12), ("lstm", 48), ("gru", 38)])
def test_parameter_count(topic, count):
    assert explain(topic, 2, 3).params_value == count
    assert f"{count} parameters" in run("explain", topic).output


FORMS = [("rnn", None, None, 12, 14), ("lstm", None, None, 48, 56), ("gru", "pytorch", None, 38, 42),
         ("gru", "d2l", None, 36, 42), ("gru", "wikipedia", None, 36, 42),
         ("lstm", None, "peephole", 54, 0), ("lstm", None, "cifg", 36, 0)]


@pytest.mark.parametrize("topic,convention,variant,count,stored", FORMS,
                         ids=[f"{f[0]}-{f[1] or f[2] or 'default'}" for f in FORMS])
@pytest.mark.parametrize("hidden,inputs", [(2, 3), (3, 1), (5, 4)], ids=["2x3", "3x1", "5x4"])
def test_count_follows_the_equations_shown(topic, convention, variant, count, stored, hidden, inputs):
    """The count is the number of independent numbers in the worked example: GRU's reset-after form
    keeps b_hn apart (3H(H+X+1)+H), Cho's form merges it (3H(H+X+1)); PyTorch stores two biases per gate."""
    expl = explain(topic, hidden, inputs, convention, variant)
    ex = example(topic, hidden, inputs, convention=convention, variant=variant)
    summed = hidden if convention in ("d2l", "wikipedia") else 0  # b_xn + b_hn, only ever added: one bias
    assert expl.params_value == sum(v.size for v in ex.params.values()) - summed
    if (hidden, inputs) == (2, 3):
        assert (expl.params_value, expl.stored_value) == (count, stored)
        out = run("explain", topic, *(["--convention", convention] if convention else []),
                  *(["--variant", variant] if variant else [])).output
        assert f"{count} parameters" in out and (not stored or f"= {stored}" in out)


def test_rnn_has_no_gate_panel_and_states_explosion_by_the_singular_value():
    out = " ".join(run("explain", "rnn").output.replace("│", " ").split())
    assert "Why σ on gates" not in out and "per gate" not in out
    assert "largest singular value of W_hh" in out and "upper bound" in out


@pytest.mark.parametrize("variant,named", [("peephole", "peephole"), ("cifg", "CIFG")])
def test_lstm_variants_are_the_ones_the_checker_names(variant, named):
    _, name, text = equations_for("lstm", None, variant)
    verdict = check("lstm", text)
    assert verdict.verdict == "incorrect" and any(named in f for f in verdict.feedback)
    ex = example("lstm", steps=2, seed=4, variant=variant)
    out = run("explain", "lstm", "--variant", variant, "--seed", "4", "--steps", "2").output
    assert f"Equations: {name}"[:60] in " ".join(out.split())
    for row in ex.rows:
        assert fmt(ex.steps[0][row.name]) in out, row.name


def test_variant_cells():
    """Peephole with zero peephole weights is the standard LSTM; CIFG writes 1 − f."""
    import numpy as np

    from tutor.numeric import cells

    p, xs, h0, c0 = cells.random_example("lstm", 3, 2, 1, seed=2, variant="peephole")
    zero = dict(p, w_cf=0 * p["w_cf"], w_ci=0 * p["w_ci"], w_co=0 * p["w_co"])
    assert np.allclose(cells.lstm_step(zero, xs[0], h0, c0, "peephole")["h"], cells.lstm_step(p, xs[0], h0, c0)["h"])
    assert not np.allclose(cells.lstm_step(p, xs[0], h0, c0, "peephole")["h"], cells.lstm_step(p, xs[0], h0, c0)["h"])
    q, xs, h0, c0 = cells.random_example("lstm", 3, 2, 1, seed=2, variant="cifg")
    s = cells.lstm_step(q, xs[0], h0, c0, "cifg")
    assert "W_xi" not in q and np.allclose(s["c"], s["f"] * c0 + (1 - s["f"]) * s["g"])


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
    ("variant-gru", ["explain", "gru", "--variant", "peephole"], "--variant is for LSTM only"),
    ("bad-variant", ["explain", "lstm", "--variant", "coupled"], "unknown variant 'coupled'; choose one of: peephole, cifg"),
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
    ("explain_lstm_peephole", ["explain", "lstm", "--variant", "peephole"]),
    ("explain_pytorch", ["explain", "pytorch"]),
]


@pytest.mark.parametrize("name,args", GOLDEN_CASES, ids=[g[0] for g in GOLDEN_CASES])
def test_golden_explain(name, args):
    output = run(*args).output
    assert_golden(name, output)


@pytest.mark.parametrize("topic", ["pytorch", "training", "seq2seq"])
def test_pages_show_every_section(topic):
    from tutor.teaching.explanation import page

    result = run("explain", topic)
    assert result.exit_code == 0
    shown = page(topic)
    assert len(shown.sections) >= 3
    for heading, text in shown.sections:
        assert heading in result.output
        assert " ".join(text.split())[:30] in " ".join(result.output.replace("│", " ").split())
