"""The practice loop through the installed program in a real pseudo-terminal.

A shuffled session repeated by its seed, a failed item relearned, a block
pasted at a one-equation prompt, hints chosen for the mistake, words at the
prompt, Ctrl-C, and the input history kept across sessions.
"""

import os
import re
from pathlib import Path

import pytest

pexpect = pytest.importorskip("pexpect", reason="pexpect is a test extra: pip install '.[test]'")

from tutor.store.progress import Store  # noqa: E402

from .conftest import installed_command  # noqa: E402

GRU = {
    "gru.reset": "r_t = σ(W_r [h_{t-1}, x_t] + b_r)",
    "gru.update": "z_t = σ(W_z [h_{t-1}, x_t] + b_z)",
    "gru.candidate": "n_t = tanh(W_in x_t + b_in + r_t ⊙ (W_hn h_{t-1} + b_hn))",
    "gru.hidden": "h_t = (1 - z_t) ⊙ n_t + z_t ⊙ h_{t-1}",
}
PROMPT = re.compile(r"\[(\d+)/(\d+)\] (\S+)( \(again\))?")


def spawn(home, *args, term="dumb"):
    env = dict(os.environ, RNN_TUTOR_HOME=str(home), NO_COLOR="1", COLUMNS="80", LINES="40", TERM=term)
    cmd = installed_command()
    return pexpect.spawn(cmd[0], cmd[1:] + list(args), env=env, encoding="utf-8", timeout=30, dimensions=(40, 80))


def attempts(home):
    return Store.open(Path(home) / "progress.sqlite3").attempts()


def next_item(child):
    child.expect(PROMPT)
    pid, again = child.match.group(3), bool(child.match.group(4))
    child.expect("> ")
    return pid, again


def test_a_shuffled_session_repeats_by_its_seed_and_relearns_a_failed_item(tmp_path):
    orders = []
    for run in range(2):
        child = spawn(tmp_path / str(run), "drill", "gru", "--seed", "11")
        child.expect(r"4 items, shuffled \(seed 11; --seed 11 repeats this order\)")
        asked = []
        failed = None
        while True:
            index = child.expect([PROMPT, "Drill summary"])
            if index == 1:
                break
            pid, again = child.match.group(3), bool(child.match.group(4))
            child.expect("> ")
            asked.append((pid, again))
            if failed is None:  # the first item: wrong, then right, so it comes back
                failed = pid
                child.sendline(GRU[pid].replace("σ", "tanh", 1) if "σ" in GRU[pid] else GRU[pid].replace("tanh", "σ", 1))
                child.expect("incorrect")
                child.expect("> ")
            child.sendline(GRU[pid])
            child.expect("correct")
        child.expect("relearned: 1")
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 0
        orders.append(asked)
        assert [p for p, again in asked if again] == [failed]
        assert sorted({p for p, _ in asked}) == sorted(GRU)
    assert orders[0] == orders[1]


PASTES = [
    # (case, TERM, how the terminal delivers a pasted cell)
    ("lines-at-once", "dumb", "".join(line + "\n" for line in GRU.values())),
    ("bracketed-paste", "xterm-256color", "\x1b[200~" + "".join(line + "\n" for line in GRU.values()) + "\x1b[201~\r"),
]


@pytest.mark.parametrize("term,keys", [p[1:] for p in PASTES], ids=[p[0] for p in PASTES])
def test_a_block_pasted_at_a_one_equation_prompt_stays_in_its_item(tmp_path, term, keys):
    child = spawn(tmp_path, "drill", "gru.candidate", "gru.hidden", "--in-order", term=term)
    child.expect("> ")
    child.send(keys)  # the whole cell at once, as a paste
    child.expect("correct")
    child.expect("4 lines pasted: graded as one answer to gru.candidate")
    child.expect("Write the new hidden state hₜ of a GRU")  # the next item, shown and not answered
    child.expect("> ")
    assert [(a.problem, a.verdict) for a in attempts(tmp_path)] == [("gru.candidate", "correct")]
    child.sendline("quit")
    child.expect("Drill summary")
    child.expect(pexpect.EOF)
    assert [a.problem for a in attempts(tmp_path)] == ["gru.candidate"]


def test_a_whole_cell_line_by_line_and_pasted(tmp_path):
    child = spawn(tmp_path, "drill", "gru", "--whole")
    child.expect("an empty line ends the answer")
    child.expect("> ")
    for line in GRU.values():
        child.sendline(line)
        child.expect("… ")
    child.sendline("")
    child.expect("✔ correct")
    child.expect(pexpect.EOF)
    assert [(a.problem, a.verdict) for a in attempts(tmp_path)] == [("gru", "correct")]


def test_hints_follow_the_mistake_and_show_is_the_only_reveal(tmp_path):
    child = spawn(tmp_path, "drill", "lstm.input")
    child.expect("> ")
    child.sendline("i_t = tanh(W_i [h_{t-1}, x_t] + b_i)")
    child.expect("tanh where σ belongs")
    child.expect("> ")
    child.sendline("hint")
    child.expect(r"hint 1/3: A gate scales something elementwise")
    child.expect(r"for your last mistake")
    for _ in range(2):
        child.expect("> ")
        child.sendline("?")
    child.expect(r"that was the\s+last hint")
    child.expect("> ")
    child.sendline("?")
    child.expect("No more hints; :show reveals the answer.")
    assert "σ(W_i·[hₜ₋₁, xₜ] + b_i)" not in child.before
    child.expect("> ")
    child.sendline(":show")
    child.expect("lstm.input: the answer")
    child.expect(r"\[2/2\] lstm.input \(again\)")
    child.expect("> ")
    child.sendline("exit")
    child.expect("Drill summary")
    child.expect(pexpect.EOF)
    assert [(a.verdict, a.hints) for a in attempts(tmp_path)] == [("incorrect", 0), ("revealed", 3)]


def test_ctrl_c_mid_answer_exits_130_after_the_summary(tmp_path):
    child = spawn(tmp_path, "drill", "gru", "--in-order")
    child.expect("> ")
    child.sendline(GRU["gru.reset"])
    child.expect("correct")
    child.expect("> ")
    child.send("z_t = σ(W_z")
    child.expect("W_z")  # the line editor has the half-typed answer before Ctrl-C arrives
    child.sendintr()
    child.expect("\r\n╭─ Drill summary")
    child.expect("items: 1 ")
    child.expect(pexpect.EOF)
    assert "Traceback" not in child.before
    child.close()
    assert child.exitstatus == 130


def test_input_history_is_kept_across_sessions(tmp_path):
    child = spawn(tmp_path, "drill", "rnn")
    child.expect("> ")
    child.sendline("h_t = tanh(W_xh x_t + W_hh h_{t-1} + b)")
    child.expect(pexpect.EOF)
    assert (tmp_path / "history").exists()
    child = spawn(tmp_path, "drill", "rnn")
    child.expect("> ")
    child.send("\x1b[A")  # up: yesterday's answer
    child.sendline("")
    child.expect("correct")
    child.expect(pexpect.EOF)
    assert [a.answer for a in attempts(tmp_path)] == ["h_t = tanh(W_xh x_t + W_hh h_{t-1} + b)"] * 2


LSTM_WRONG = ["f_t = σ(W_f [h_{t-1}, x_t] + b_f)", "i_t = tanh(W_i [h_{t-1}, x_t] + b_i)",
              "g_t = tanh(W_g [h_{t-1}, x_t] + b_g)", "o_t = σ(W_o [h_{t-1}, x_t] + b_o)",
              "c_t = f_t ⊙ c_{t-1} + i_t ⊙ g_t", "h_t = o_t ⊙ tanh(c_{t-1})"]


def test_a_mock_interview(tmp_path):
    from tutor.teaching.interview import script
    from tutor.teaching.quiz import present

    child = spawn(tmp_path, "interview", "lstm", "--seed", "5")
    child.expect("Mock interview: the LSTM cell, from memory.")
    child.expect("> ")
    child.sendline(LSTM_WRONG[0])
    child.expect("… ")
    child.sendline("hint")
    child.expect("No hints in an interview")
    for line in LSTM_WRONG[1:]:
        child.expect("… ")
        child.sendline(line)
    child.expect("… ")
    assert "incorrect" not in child.before  # nothing is graded while the cell is written
    child.sendline("")
    child.expect(r"time: 0:\d\d \(about 5:00 expected\)")
    child.expect("✘ incorrect")
    child.expect(r"✘ i_t = tanh\(W_i \[h_\{t-1\}, x_t\] \+ b_i\)\s+tanh where σ belongs")
    child.expect(r"✘ h_t = o_t ⊙ tanh\(c_\{t-1\}\)\s+cₜ₋₁ where cₜ belongs")
    followups = script("lstm").followups
    for n, question in enumerate(followups, 1):
        child.expect(rf"\[{n}/{len(followups)}\]")
        child.expect("> ")
        if question.kind == "symbolic":
            child.sendline("4 H (H + X + 1)")
        else:
            child.sendline(" ".join(present(question, 5).expected))
        child.expect("✔ correct")
    child.expect("Interview summary: lstm")
    child.expect(r"cell: incorrect\s+lines right: 4/6")
    child.expect(r"follow-up questions right: 3/3")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    recorded = attempts(tmp_path)
    assert [(a.problem, a.verdict) for a in recorded] == [("lstm", "incorrect")] + [(q.card, "correct") for q in followups]
    assert recorded[0].answer == "\n".join(LSTM_WRONG)
    cards = Store.open(Path(tmp_path) / "progress.sqlite3").cards()
    assert {"lstm"} | {q.card for q in followups} <= set(cards)


def test_ctrl_c_in_an_interview_exits_130_after_the_summary(tmp_path):
    child = spawn(tmp_path, "interview", "gru")
    child.expect("> ")
    child.sendline("r_t = σ(W_r [h_{t-1}, x_t] + b_r)")
    child.expect("… ")
    child.sendintr()
    child.expect("\r\n╭─ Interview summary: gru")
    child.expect("no cell written")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert attempts(tmp_path) == []
