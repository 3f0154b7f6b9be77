"""The drill session, scripted in-process: each command does what it says and the store keeps it."""

import pytest

from tutor.interface import render
from tutor.teaching.drill import Drill, DrillError, items_for
from tutor.store.progress import Store

from .conftest import Script


@pytest.fixture
def store(tmp_path):
    return Store.open(tmp_path / "p.sqlite3")


def drill(store, topic, lines, whole=False):
    script = Script(lines)
    summary = Drill(items_for(topic, store, whole), store, script, whole, view=render).run()
    return summary, script.text


LSTM = [
    "f_t = σ(W_f [h_{t-1}, x_t] + b_f)",
    "i_t = σ(W_i [h_{t-1}, x_t] + b_i)",
    "g_t = tanh(W_g [h_{t-1}, x_t] + b_g)",
    "c_t = f_t ⊙ c_{t-1} + i_t ⊙ g_t",
    "o_t = σ(W_o [h_{t-1}, x_t] + b_o)",
    "h_t = o_t ⊙ tanh(c_t)",
]


def test_step_order_of_the_cells(store):
    assert [p.id for p in items_for("lstm", store)] == [
        "lstm.forget", "lstm.input", "lstm.candidate", "lstm.cell", "lstm.output", "lstm.hidden"]
    assert [p.id for p in items_for("gru", store)] == ["gru.reset", "gru.update", "gru.candidate", "gru.hidden"]
    assert "clip.norm" in [p.id for p in items_for("deriv", store)]
    assert [p.id for p in items_for("lstm", store, whole=True)] == ["lstm"]
    with pytest.raises(DrillError):
        items_for("transformers", store)
    with pytest.raises(DrillError):
        items_for("deriv", store, whole=True)


def test_a_clean_run(store):
    summary, text = drill(store, "lstm", LSTM)
    assert (summary.items, summary.right_first_time, summary.hints, summary.revealed) == (6, 6, 0, 0)
    assert text.count("✔ correct") == 6
    assert len(store.attempts()) == 6 and all(a.verdict == "correct" for a in store.attempts())
    assert len(store.cards()) == 6


def test_wrong_then_hint_then_right_is_hard(store):
    summary, text = drill(store, "gru", ["r_t = tanh(W_r [h_{t-1}, x_t] + b_r)", "?", "r_t = σ(W_r [h_{t-1}, x_t] + b_r)", ":quit"])
    assert "tanh where σ belongs" in text and "hint 1/3" in text
    assert [a.verdict for a in store.attempts()] == ["incorrect", "correct"]
    assert store.attempts()[1].hints == 1
    assert summary.outcomes[0] == ("gru.reset", "Hard")
    assert summary.items == 1  # the untouched second item does not count


def test_show_counts_as_failed_and_skip_moves_on(store):
    summary, text = drill(store, "gru", [":show", ":skip", ":quit"])
    assert "gru.reset: the answer" in text and "rₜ = σ(W_r·[hₜ₋₁, xₜ] + b_r)" in text
    assert [a.verdict for a in store.attempts()] == ["revealed"]
    assert summary.revealed == 1 and summary.skipped == 1
    assert summary.outcomes[:2] == [("gru.reset", "Again"), ("gru.update", None)]


def test_invalid_answers_are_recorded_but_not_counted_as_tries(store):
    summary, text = drill(store, "rnn", ["h_t = tanh((W x", "h_t = tanh(W_xh x_t + W_hh h_{t-1} + b)"])
    assert "invalid" in text and "^" in text
    assert [a.verdict for a in store.attempts()] == ["invalid", "correct"]
    assert summary.right_first_time == 1


def test_ctrl_c_and_ctrl_d_end_the_drill_keeping_answers(store):
    summary, _ = drill(store, "lstm", [LSTM[0], "^C"])
    assert summary.quit_early and len(store.attempts()) == 1
    summary, _ = drill(store, "lstm", [LSTM[0]])  # the script ends: Ctrl-D
    assert summary.quit_early and len(store.attempts()) == 2


def test_wrong_then_quit_is_a_failed_review(store):
    summary, _ = drill(store, "rnn", ["h_t = σ(W_xh x_t + W_hh h_{t-1} + b)", ":quit"])
    assert summary.outcomes == [("rnn.hidden", "Again")]
    assert store.cards()["rnn.hidden"].reviews == 1


def test_whole_cell_marks_each_line(store):
    cell = LSTM[:2] + ["g_t = σ(W_g [h_{t-1}, x_t] + b_g)"] + LSTM[3:]
    summary, text = drill(store, "lstm", cell + [""] + [":quit"], whole=True)
    assert "✘ incorrect" in text
    assert "✘ g_t = σ(W_g [h_{t-1}, x_t] + b_g)   σ where tanh belongs" in text
    assert text.count("  ✔ ") == 5
    assert store.attempts()[0].answer == "\n".join(cell)


def test_unknown_command_shows_the_commands(store):
    _, text = drill(store, "rnn", [":help", ":quit"])
    assert "Commands: ? or :hint, :show, :skip, :quit" in text
