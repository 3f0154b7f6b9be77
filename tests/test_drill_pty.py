"""End to end: the installed program in a real pseudo-terminal, and from a pipe.

Each case drives `rnn-tutor drill` the way a person does (typing, Ctrl-C, Ctrl-D),
then opens the progress store to see that what was answered was kept.
"""

import os
import subprocess
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect", reason="pexpect is a test extra: pip install '.[test]'")

from tutor.store.progress import Store  # noqa: E402

from .conftest import installed_command  # noqa: E402


def spawn(home, *args, now=None):
    env = dict(os.environ, RNN_TUTOR_HOME=str(home), NO_COLOR="1", COLUMNS="80", LINES="40", TERM="dumb")
    if now:
        env["RNN_TUTOR_NOW"] = now
    cmd = installed_command()
    child = pexpect.spawn(cmd[0], cmd[1:] + list(args), env=env, encoding="utf-8", timeout=30, dimensions=(40, 80))
    return child


def store(home):
    return Store.open(Path(home) / "progress.sqlite3")


F = "f_t = σ(W_f [h_{t-1}, x_t] + b_f)"
I_WRONG = "i_t = tanh(W_i [h_{t-1}, x_t] + b_i)"
I_RIGHT = "i_t = σ(W_i [h_{t-1}, x_t] + b_i)"


def test_correct_wrong_hint_reveal_skip_quit(tmp_path):
    child = spawn(tmp_path, "drill", "lstm", "--in-order")
    child.expect(r"\[1/6\] lstm.forget")
    child.expect("> ")
    child.sendline(F)
    child.expect("correct")
    assert [a.verdict for a in store(tmp_path).attempts()] == ["correct"]

    child.expect(r"\[2/6\] lstm.input")
    child.expect("> ")
    child.sendline(I_WRONG)
    child.expect("incorrect")
    child.expect("tanh where σ belongs")
    assert [a.verdict for a in store(tmp_path).attempts()] == ["correct", "incorrect"]
    child.expect("> ")
    child.sendline("?")
    child.expect("hint 1/3")
    child.expect("> ")
    child.sendline(I_RIGHT)
    child.expect("correct")

    child.expect(r"\[3/7\] lstm.candidate")  # lstm.input, failed once, comes back later: 7 items
    child.expect("> ")
    child.sendline(":show")
    child.expect("the answer")
    child.expect(r"gₜ = tanh\(W_g·\[hₜ₋₁, xₜ\] \+ b_g\)")
    child.expect(r"\[4/8\] lstm.cell")  # and so does the revealed lstm.candidate
    child.expect("> ")
    child.sendline(":skip")
    child.expect(r"\[5/8\] lstm.output")
    child.expect("> ")
    child.sendline(":quit")
    child.expect("Drill summary")
    child.expect("revealed: 1")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    attempts = store(tmp_path).attempts()
    assert [a.verdict for a in attempts] == ["correct", "incorrect", "correct", "revealed"]
    assert attempts[2].hints == 1
    assert set(store(tmp_path).cards()) == {"lstm.forget", "lstm.input", "lstm.candidate"}


def test_ctrl_c_quits_cleanly_keeping_answers(tmp_path):
    child = spawn(tmp_path, "drill", "gru", "--in-order")
    child.expect("> ")
    child.sendline("r_t = σ(W_r [h_{t-1}, x_t] + b_r)")
    child.expect("correct")
    child.expect("> ")
    child.sendintr()
    child.expect("\r\n╭─ Drill summary")  # the summary starts on a line of its own
    child.expect("items: 1 ")  # the untouched item does not count, as with Ctrl-D
    child.expect(pexpect.EOF)
    assert "Traceback" not in child.before
    child.close()
    assert child.exitstatus == 130
    assert [a.problem for a in store(tmp_path).attempts()] == ["gru.reset"]


def test_ctrl_d_quits_like_quit(tmp_path):
    child = spawn(tmp_path, "drill", "rnn")
    child.expect("> ")
    child.sendline("h_t = tanh(W_hh h_t + W_xh x_t + b)")
    child.expect("hₜ where hₜ₋₁ belongs")
    child.expect("> ")
    child.sendeof()
    child.expect("Drill summary")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    assert [a.verdict for a in store(tmp_path).attempts()] == ["incorrect"]


def test_line_editing_with_arrow_keys(tmp_path):
    child = spawn(tmp_path, "drill", "rnn")
    child.expect("> ")
    child.send("h_t = tanh(W_xh x_t + W_hh h_{t-1} + b)X")
    child.send("\x7f")  # backspace
    child.send("\x1b[D\x1b[C")  # left, right
    child.sendline("")
    child.expect("correct")
    child.expect(pexpect.EOF)
    child.close()
    assert store(tmp_path).attempts()[0].answer == "h_t = tanh(W_xh x_t + W_hh h_{t-1} + b)"


def test_come_back_tomorrow(tmp_path):
    child = spawn(tmp_path, "drill", "rnn", now="2026-11-28T09:00")
    child.expect("> ")
    child.sendline("h_t = tanh(W_xh x_t + W_hh h_{t-1} + b)")
    child.expect(pexpect.EOF)
    child.close()
    env = dict(os.environ, RNN_TUTOR_HOME=str(tmp_path), NO_COLOR="1", RNN_TUTOR_NOW="2026-11-28T09:01")
    today = subprocess.run(installed_command() + ["drill", "due"], env=env, capture_output=True, text=True, input="")
    assert "Nothing is due now" in today.stdout
    env["RNN_TUTOR_NOW"] = "2026-11-29T09:00"
    stats = subprocess.run(installed_command() + ["stats", "--json"], env=env, capture_output=True, text=True)
    import json

    data = json.loads(stats.stdout)
    assert data["topics"]["rnn"]["problems"]["rnn.hidden"]["state"] == "due"
    due = subprocess.run(installed_command() + ["drill", "due"], env=env, capture_output=True, text=True,
                         input="h_t = tanh(W_xh x_t + W_hh h_{t-1} + b)\n")
    assert "[1/1] rnn.hidden" in due.stdout and "correct" in due.stdout
    listing = subprocess.run(installed_command() + ["list"], env=env, capture_output=True, text=True)
    assert "rnn.hidden      learning" in listing.stdout or "rnn.hidden      done" in listing.stdout


def test_scripted_from_a_pipe(tmp_path):
    env = dict(os.environ, RNN_TUTOR_HOME=str(tmp_path), NO_COLOR="1", COLUMNS="80")
    script = "r_t = σ(W_r [h_{t-1}, x_t] + b_r)\n?\nz_t = σ(W_z [h_{t-1}, x_t] + b_z)\n:quit\n"
    result = subprocess.run(installed_command() + ["drill", "gru", "--in-order"], env=env, capture_output=True, text=True, input=script, timeout=60)
    assert result.returncode == 0
    assert result.stdout.count("✔ correct") == 2 and "hint 1/3" in result.stdout
    assert "Traceback" not in result.stderr
    assert len(store(tmp_path).attempts()) == 2


def test_reset_asks_first(tmp_path):
    env = dict(os.environ, RNN_TUTOR_HOME=str(tmp_path), NO_COLOR="1")
    subprocess.run(installed_command() + ["drill", "rnn"], env=env, capture_output=True, text=True,
                   input="h_t = tanh(W_xh x_t + W_hh h_{t-1} + b)\n")
    no = subprocess.run(installed_command() + ["reset", "rnn"], env=env, capture_output=True, text=True, input="n\n")
    assert no.returncode == 1 and len(store(tmp_path).attempts()) == 1
    yes = subprocess.run(installed_command() + ["reset", "rnn", "--yes"], env=env, capture_output=True, text=True)
    assert yes.returncode == 0 and "Forgot" in yes.stdout
    assert store(tmp_path).attempts() == []
