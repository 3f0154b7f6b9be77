"""The CLI in-process: exit codes, --json, --batch, stdin, list, help, golden panels at 80 columns."""

import json

import pytest
from typer.testing import CliRunner

from tutor.interface.cli import app

from .conftest import assert_golden

runner = CliRunner()


def run(*args, input=None):
    return runner.invoke(app, list(args), input=input, env={"COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb"})


EXITS = [
    ("correct", ["check", "lstm.cell", "c_t = f_t ⊙ c_{t-1} + i_t ⊙ g_t"], 0),
    ("incorrect", ["check", "lstm.cell", "c_t = o_t ⊙ c_{t-1} + i_t ⊙ g_t"], 1),
    ("invalid-parse", ["check", "lstm.cell", "c_t = (f_t"], 2),
    ("invalid-shape", ["check", "lstm.cell", "c_t = f_t @ c_{t-1}"], 2),
    ("unknown-problem", ["check", "nope", "x"], 2),
    ("missing-answer", ["check", "lstm.cell"], 2),
]


@pytest.mark.parametrize("args,code", [e[1:] for e in EXITS], ids=[e[0] for e in EXITS])
def test_exit_codes(args, code):
    assert run(*args).exit_code == code


def test_unknown_problem_lists_the_ids():
    result = run("check", "lstm.forgett", "x")
    assert "unknown problem 'lstm.forgett'" in result.output
    assert "lstm.forget" in result.output.replace("\n", " ")


def test_json_output():
    result = run("check", "--json", "gru.hidden", "h_t = (1 - z_t) * h_{t-1} + z_t * h~_t")
    data = json.loads(result.output)
    assert set(data) == {"problem", "verdict", "convention", "interpreted", "feedback"}
    assert data["verdict"] == "correct"
    assert "Wikipedia" in data["convention"]
    assert data["interpreted"] == "hₜ = (1 − zₜ) ⊙ hₜ₋₁ + zₜ ⊙ h̃ₜ"


def test_json_invalid_has_null_interpretation():
    data = json.loads(run("check", "--json", "lstm.forget", "f_t = (").output)
    assert data["verdict"] == "invalid" and data["interpreted"] is None and data["feedback"]


def test_stdin_answer_for_a_whole_cell():
    cell = "r_t = σ(W_ir x_t + W_hr h_{t-1} + b_r)\nz_t = σ(W_iz x_t + W_hz h_{t-1} + b_z)\n" \
           "n_t = tanh(W_in x_t + b_in + r_t ⊙ (W_hn h_{t-1} + b_hn))\nh_t = (1 - z_t) ⊙ n_t + z_t ⊙ h_{t-1}\n"
    assert run("check", "gru", "-", input=cell).exit_code == 0


def test_batch_echoes_fields_in_order(tmp_path):
    rows = [
        {"id": "a", "problem": "lstm.cell", "answer": "c_t = f_t ⊙ c_{t-1} + i_t ⊙ g_t", "student": "ann"},
        {"id": "b", "problem": "lstm.cell", "answer": "c_t = f_t ⊙ c_{t-1}"},
        {"id": "c", "problem": "lstm.cell"},
        {"id": "d", "problem": "nope", "answer": "x"},
    ]
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\nnot json\n", encoding="utf-8")
    result = run("check", "--batch", str(path))
    assert result.exit_code == 0
    out = [json.loads(line) for line in result.output.splitlines()]
    assert [o.get("id") for o in out] == ["a", "b", "c", "d", None]
    assert [o["verdict"] for o in out] == ["correct", "incorrect", "invalid", "invalid", "invalid"]
    assert out[0]["student"] == "ann"
    assert "answer" in out[2]["feedback"][0]


def test_batch_missing_file():
    result = run("check", "--batch", "/nonexistent/file.jsonl")
    assert result.exit_code == 2
    assert "cannot read" in result.output


def test_list_groups_problems_by_topic():
    result = run("list")
    assert result.exit_code == 0
    for title in ("Vanilla RNN", "LSTM", "GRU", "Derivations"):
        assert title in result.output
    assert "lstm.cell_grad" in result.output


@pytest.mark.parametrize("command", ["list", "check"])
def test_every_command_has_help_with_an_example(command):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.output


ARGUMENT_HELP = [  # (command, words of its arguments' help): Click 8.5 with Typer 0.25 dropped them
    ("check", "Problem id, e.g. lstm.forget"),
    ("explain", "or a page: pytorch, training, seq2seq"),
    ("quiz", "basics, gradients, remedies"),
]


@pytest.mark.parametrize("command,words", ARGUMENT_HELP, ids=[a[0] for a in ARGUMENT_HELP])
def test_help_describes_the_arguments(command, words):
    result = run(command, "--help")
    assert result.exit_code == 0
    assert words in " ".join(result.output.split()), result.output


GOLDEN_CASES = [
    ("check_incorrect", ["check", "lstm.forget", "f_t = tanh(W_f*[h_{t-1}, x_t] + b_f)"]),
    ("check_correct_variant", ["check", "gru.hidden", "h' = (1 - z) ⊙ n + z ⊙ h"]),
    ("check_invalid_caret", ["check", "lstm.forget", "f_t = sigmoid((W_f [h_{t-1}, x_t] + b_f)"]),
    ("check_shape_clash", ["check", "lstm.cell", "c_t = f_t @ c_{t-1} + i_t * g_t"]),
    ("check_ascii", ["check", "--ascii", "lstm.hidden", "h_t = f_t * tanh(c_t)"]),
]


@pytest.mark.parametrize("name,args", GOLDEN_CASES, ids=[g[0] for g in GOLDEN_CASES])
def test_golden_panels(name, args):
    output = run(*args).output
    assert_golden(name, output)


def test_batch_survives_bytes_that_are_not_utf8():
    data = b'{"problem": "lstm.cell", "answer": "c_t = f_t \xff"}\n{"problem": "lstm.cell", "answer": "c_t = f_t * c_{t-1} + i_t * g_t"}\n'
    result = runner.invoke(app, ["check", "--batch", "-"], input=data)
    assert result.exit_code == 0
    verdicts = [json.loads(line)["verdict"] for line in result.output.splitlines()]
    assert verdicts == ["invalid", "correct"]
