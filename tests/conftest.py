"""Shared fixtures: the public corpus and a fresh progress home per test."""

import io
import json
import os
import shutil
import sys
from pathlib import Path

import pytest
from rich.console import Console

# The suite is English unless a test asks for Chinese, whatever the machine's locale: set before
# collection too, since some tables of cases are built from the bank when the test files are imported.
os.environ["RNN_TUTOR_LANG"] = "en"

# Property tests: CI (.ci/run) draws the same examples on every run, so that a red build is a change's
# fault and not a new draw; anywhere else each run draws new examples, which is how they keep finding cases.
from hypothesis import settings  # noqa: E402

settings.register_profile("ci", derandomize=True, print_blob=True)

HERE = Path(__file__).parent
CORPUS = [json.loads(line) for line in (HERE / "corpus" / "public.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    monkeypatch.setenv("RNN_TUTOR_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "80")
    # English unless a test asks for Chinese: the machine's locale must not change the golden text
    from tutor.base import language

    monkeypatch.setenv("RNN_TUTOR_LANG", "en")
    language.reset()


GOLDEN = HERE / "golden"
REGEN = os.environ.get("RNN_TUTOR_REGEN_GOLDEN") == "1"


def assert_golden(name: str, output: str) -> None:
    """Compare with ``golden/<name>.txt``; RNN_TUTOR_REGEN_GOLDEN=1 rewrites it (then review the diff)."""
    path = GOLDEN / f"{name}.txt"
    if REGEN:
        path.write_text(output, encoding="utf-8")
    assert path.exists(), f"no golden file {path.name}: run with RNN_TUTOR_REGEN_GOLDEN=1 and review it"
    assert output == path.read_text(encoding="utf-8")


def installed_command() -> list[str]:
    """The installed console script when there is one (as in CI), else the same entry point via -m."""
    here = Path(sys.executable).parent / "rnn-tutor"
    found = str(here) if here.exists() else shutil.which("rnn-tutor")
    return [found] if found else [sys.executable, "-m", "tutor"]


class Script:
    """A drill's I/O from a list of lines: Ctrl-D when they run out, KeyboardInterrupt for the line '^C'."""

    def __init__(self, lines):
        self.lines = list(lines)
        self.out = io.StringIO()
        self.console = Console(file=self.out, width=80, no_color=True)

    def read(self, prompt):
        self.console.print(prompt, end="")
        if not self.lines:
            raise EOFError
        line = self.lines.pop(0)
        if line == "^C":
            raise KeyboardInterrupt
        self.console.print(line)
        return line

    def show(self, renderable):
        self.console.print(renderable)

    @property
    def text(self):
        return self.out.getvalue()
