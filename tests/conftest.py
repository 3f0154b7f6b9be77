"""Shared fixtures: the public corpus and a fresh progress home per test."""

import json
from pathlib import Path

import pytest

HERE = Path(__file__).parent
CORPUS = [json.loads(line) for line in (HERE / "corpus" / "public.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path, monkeypatch):
    monkeypatch.setenv("RNN_TUTOR_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "80")
