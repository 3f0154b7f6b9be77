"""First contact: the README's two set-up commands, and `rnn-tutor` with no command."""

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tutor.interface.cli import app
from tutor.store.progress import Attempt, Store
from tutor.store.schedule import review

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
runner = CliRunner()


def _setup_command(name: str) -> str:
    text = README.read_text(encoding="utf-8")
    match = re.search(rf"<!-- setup:{name} -->\n```sh\n(.+)\n```", text)
    assert match, f"README.md has no <!-- setup:{name} --> command block"
    return match.group(1)


SETUP = [
    ("run", "rnn-tutor drill lstm"),
    ("test", "pytest"),
]


@pytest.mark.skipif(not README.exists(), reason="README.md is not beside the tests (installed from an sdist without it)")
@pytest.mark.parametrize("name,ends_with", SETUP, ids=[s[0] for s in SETUP])
def test_readme_setup_makes_and_uses_a_virtual_environment(name, ends_with):
    command = _setup_command(name)
    # PEP 668: a system Python refuses a bare pip install, so the command makes its own environment first
    assert command.startswith("python3 -m venv .venv && . .venv/bin/activate && pip install ")
    assert command.endswith(ends_with)


@pytest.mark.skipif(not (ROOT / ".ci" / "run").exists(), reason="no .ci/run beside the tests")
def test_ci_reads_the_setup_commands_from_the_readme():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "<!-- setup:$1 -->" in ci and "readme_command run" in ci and "readme_command test" in ci


def run(*args):
    return runner.invoke(app, list(args), env={"COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb"})


def test_no_command_greets_a_first_time_user():
    result = run()
    assert result.exit_code == 0
    first = result.output.splitlines()[0]
    assert first.startswith("rnn-tutor checks the RNN, LSTM and GRU equations")
    for start in ("rnn-tutor explain", "rnn-tutor drill", "rnn-tutor quiz"):
        assert start in result.output
    assert "Usage: rnn-tutor" in result.output  # then the usual help


@pytest.mark.parametrize(
    "now,expected",
    [("2026-11-28T09:05", "Nothing is due. Next: lstm.forget in"), ("2026-12-30T10:00", "1 due now: lstm.forget")],
    ids=["nothing-due", "one-due"],
)
def test_no_command_shows_a_returning_user_what_is_due(monkeypatch, now, expected):
    monkeypatch.setenv("RNN_TUTOR_NOW", "2026-11-28T09:00")
    store = Store.open()
    store.record(Attempt("lstm.forget", "f_t = σ(W_f [h_{t-1}, x_t] + b_f)", "correct", "2026-11-28T09:00:00", 0, 3.0, "s1"))
    review(store, "lstm.forget", "Good")
    monkeypatch.setenv("RNN_TUTOR_NOW", now)
    result = run()
    assert result.exit_code == 0
    assert result.output.startswith(expected)
    assert "rnn-tutor checks the RNN" not in result.output
    assert "Usage: rnn-tutor" in result.output
