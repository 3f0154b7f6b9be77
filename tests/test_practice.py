"""The practice loop, in-process: shuffled order, relearning, whole cells, pasted blocks, hints, words at the prompt."""

from datetime import datetime, timedelta, timezone

from rich.cells import cell_len

import pytest

from tutor.bank.problems import all_problems
from tutor.interface import render
from tutor.notation import parse, parse_chain
from tutor.notation.typeset import Names, typeset
from tutor.store import schedule
from tutor.store.progress import Store
from tutor.teaching.drill import Drill, DrillError, choose_hint, command, items_for, shuffled

from .conftest import Script

F = "f_t = σ(W_f [h_{t-1}, x_t] + b_f)"
I_WRONG = "i_t = tanh(W_i [h_{t-1}, x_t] + b_i)"
I_RIGHT = "i_t = σ(W_i [h_{t-1}, x_t] + b_i)"
GRU = ["r_t = σ(W_r [h_{t-1}, x_t] + b_r)", "z_t = σ(W_z [h_{t-1}, x_t] + b_z)",
       "n_t = tanh(W_in x_t + b_in + r_t ⊙ (W_hn h_{t-1} + b_hn))", "h_t = (1 - z_t) ⊙ n_t + z_t ⊙ h_{t-1}"]


@pytest.fixture
def store(tmp_path):
    return Store.open(tmp_path / "p.sqlite3")


def run(store, names, lines, seed=None):
    """A drill over topics or ids, or over problems given by id (whole cells as the due list gives them)."""
    script = Script(lines)
    problems = all_problems()
    items = [problems[n] for n in names] if all(n in problems for n in names) else items_for(names, store)
    summary = Drill(items, store, script, seed=seed, view=render).run()
    return summary, script.text


# ---------------------------------------------------------------- choosing items

ITEMS = [
    ("topic", ["gru"], ["gru.reset", "gru.update", "gru.candidate", "gru.hidden"]),
    ("topic-upper-case", ["LSTM"], ["lstm.forget", "lstm.input", "lstm.candidate", "lstm.cell", "lstm.output", "lstm.hidden"]),
    ("one-id", ["lstm.forget"], ["lstm.forget"]),
    ("ids-mixed-case", ["GRU.Reset", "lstm.CELL"], ["gru.reset", "lstm.cell"]),
    ("a-cell-name-is-its-topic", ["rnn.hidden", "gru"], ["rnn.hidden", "gru.reset", "gru.update", "gru.candidate", "gru.hidden"]),
    ("repeats-once", ["gru.reset", "gru"], ["gru.reset", "gru.update", "gru.candidate", "gru.hidden"]),
]


@pytest.mark.parametrize("names,ids", [i[1:] for i in ITEMS], ids=[i[0] for i in ITEMS])
def test_topics_and_ids(store, names, ids):
    assert [p.id for p in items_for(names, store)] == ids


MISSPELT = [("id", "lstm.forgt", "lstm.forget"), ("topic", "lstn", "lstm"), ("cell-step", "gru.updte", "gru.update")]


@pytest.mark.parametrize("word,meant", [m[1:] for m in MISSPELT], ids=[m[0] for m in MISSPELT])
def test_one_suggestion_for_a_misspelt_name(store, word, meant):
    with pytest.raises(DrillError) as err:
        items_for([word], store)
    message = str(err.value)
    assert f"did you mean {meant!r}?" in message and message.count("did you mean") == 1
    assert "lstm.hidden" not in message  # one suggestion, not the list of every id


def test_shuffled_order_repeats_with_its_seed(store):
    items = items_for("all", store)
    orders = {seed: [p.id for p in shuffled(items, seed)] for seed in range(6)}
    assert orders[3] == [p.id for p in shuffled(items, 3)]
    assert len({tuple(o) for o in orders.values()}) > 1
    assert all(sorted(o) == sorted(p.id for p in items) for o in orders.values())


# ---------------------------------------------------------------- relearning

RELEARN = [
    # (case, lines for lstm.forget then lstm.input, the ids asked in order)
    ("right-first-time-does-not-return", [F, I_RIGHT], ["lstm.forget", "lstm.input"]),
    ("wrong-then-right-returns", [F, I_WRONG, I_RIGHT, I_RIGHT], ["lstm.forget", "lstm.input", "lstm.input"]),
    ("revealed-returns", [":show", I_RIGHT, F], ["lstm.forget", "lstm.input", "lstm.forget"]),
    ("skipped-does-not-return", [F, I_WRONG, ":skip"], ["lstm.forget", "lstm.input"]),
    ("returns-until-right", [F, ":show", ":show", I_RIGHT], ["lstm.forget", "lstm.input", "lstm.input", "lstm.input"]),
]


@pytest.mark.parametrize("lines,asked", [r[1:] for r in RELEARN], ids=[r[0] for r in RELEARN])
def test_failed_or_revealed_items_come_back(store, lines, asked):
    summary, text = run(store, ["lstm.forget", "lstm.input"], lines)
    shown = [line.split()[1] for line in text.splitlines() if line.startswith("[")]
    assert shown == asked
    assert text.count("(again)") == len(asked) - 2
    assert not summary.quit_early or lines[-1] == ":skip"


def test_a_relearned_item_is_counted_once_and_as_relearned(store):
    summary, text = run(store, ["lstm.input"], [I_WRONG, I_RIGHT, I_RIGHT])
    assert (summary.items, summary.right, summary.right_first_time, summary.relearned) == (1, 2, 0, 1)
    assert "[2/2] lstm.input (again)" in text


# ---------------------------------------------------------------- whole cells and pasted blocks


def test_a_whole_cell_takes_lines_until_an_empty_line_in_any_drill(store):
    summary, text = run(store, ["lstm.forget", "gru"], [F] + GRU + [""])
    assert sum(line.startswith("… ") for line in text.splitlines()) == 4  # lines 2-4 and the empty line ending it
    assert [a.problem for a in store.attempts()] == ["lstm.forget", "gru"]
    assert store.attempts()[1].answer == "\n".join(GRU)
    assert summary.right == 2


def test_a_block_pasted_at_a_one_equation_prompt_is_one_answer(store):
    summary, text = run(store, ["gru.candidate", "gru.hidden"], ["\n".join(GRU), ":quit"])
    attempts = store.attempts()
    assert [(a.problem, a.verdict) for a in attempts] == [("gru.candidate", "correct")]
    assert "4 lines pasted: graded as one answer to gru.candidate" in text
    assert "(rₜ, zₜ, hₜ)" in text  # the extra lines are named
    assert "[2/2] gru.hidden" in text and summary.items == 1  # the next item was shown, not answered


def test_a_block_pasted_at_a_whole_cell_prompt_needs_no_empty_line(store):
    run(store, ["gru"], ["\n".join(GRU), ":quit"])
    assert [(a.problem, a.verdict) for a in store.attempts()] == [("gru", "correct")]


# ---------------------------------------------------------------- hints

BANK = sorted(all_problems().values(), key=lambda p: p.id)


@pytest.mark.parametrize("problem", BANK, ids=[p.id for p in BANK])
def test_no_hint_gives_the_answer_away(problem):
    from tutor.grading.checking import check

    names = Names(problem.scope)
    shown = set()
    for ref in problem.all_references():
        chain = problem.kind in ("derivation", "gradient") and "=" in ref.answer  # a worked chain: each link
        for eq in (parse_chain(ref.answer) if chain else parse(ref.answer)):
            full = typeset(eq, names)
            # the equation, and its right side when long enough to be the answer on its own
            # (a one-symbol answer such as fₜ is checked by the verdict below instead)
            shown.update(s for s in (full, full.split(" = ", 1)[-1]) if len(s) > 6)
    for hint in problem.hints:
        assert not any(s in hint for s in shown), hint
        assert check(problem.id, hint).verdict != "correct", hint


@pytest.mark.parametrize("problem", BANK, ids=[p.id for p in BANK])
def test_hint_kinds_are_known(problem):
    kinds = {"activation", "state", "gate", "term", "product", "matrix", "known"}
    assert len(problem.hint_for) == len(problem.hints)
    assert all(set(f) <= kinds for f in problem.hint_for)
    assert all(m.kind in kinds for m in problem.mistakes)


CHOSEN = [
    # (case, problem, wrong answer or None, the hint index expected first)
    ("no-mistake-ladder-order", "lstm.input", None, 0),
    ("activation-mistake", "lstm.input", I_WRONG, 1),
    ("state-mistake", "rnn.hidden", "h_t = tanh(W_xh x_t + W_hh h_t + b_h)", 1),
    ("known-mistake", "gru.hidden", "h_t = z_t ⊙ h_{t-1} + n_t", 2),
    ("missing-gate", "gru.candidate", "n_t = tanh(W_in x_t + W_hn h_{t-1} + b_n)", 2),
]


@pytest.mark.parametrize("pid,wrong,index", [c[1:] for c in CHOSEN], ids=[c[0] for c in CHOSEN])
def test_the_hint_is_chosen_from_the_last_mistake(pid, wrong, index):
    from tutor.grading.checking import check

    problem = all_problems()[pid]
    kinds = set()
    if wrong:
        verdict = check(pid, wrong)
        assert verdict.verdict == "incorrect"
        kinds = {f.kind for f in verdict.feedback}
    assert choose_hint(problem, set(), kinds) == index
    used = set(range(len(problem.hints))) - {0}
    assert choose_hint(problem, used, kinds) == 0  # the rest of the ladder is still there
    assert choose_hint(problem, set(range(len(problem.hints))), kinds) is None


def test_hints_then_show_is_the_only_reveal(store):
    n = len(all_problems()["lstm.input"].hints)
    summary, text = run(store, ["lstm.input"], ["?"] * (n + 1) + [":show", ":skip"])
    assert sum(line.startswith("hint ") for line in text.splitlines()) == n and "No more hints; :show reveals the answer." in text
    assert "lstm.input: the answer" in text and text.count("lstm.input: the answer") == 1
    assert [a.verdict for a in store.attempts()] == ["revealed"]
    assert store.attempts()[0].hints == n
    assert summary.revealed == 1


# ---------------------------------------------------------------- words at the prompt

WORDS = [("?", "hint"), ("hint", "hint"), ("HINT", "hint"), (":h", "hint"), ("help", "help"), (":help", "help"),
         ("quit", "quit"), ("exit", "quit"), (":q", "quit"), ("skip", "skip"), (":show", "show"), (":nope", "unknown"),
         ("h_t = x", None), ("σ(x)", None)]


@pytest.mark.parametrize("text,meaning", WORDS, ids=[w[0] for w in WORDS])
def test_words_at_the_prompt(text, meaning):
    assert command(text) == meaning


def test_help_and_exit_are_not_read_as_equations(store):
    summary, text = run(store, ["rnn.hidden"], ["help", "exit"])
    assert "Commands:" in text and "invalid" not in text
    assert store.attempts() == [] and summary.quit_early


# ---------------------------------------------------------------- quitting


def test_ctrl_c_and_ctrl_d_count_the_same(store):
    by_c, _ = run(store, ["lstm.forget", "lstm.input"], [F, "^C"])
    by_d, _ = run(store, ["lstm.forget", "lstm.input"], [F])
    assert by_c.items == by_d.items == 1
    assert by_c.interrupted and not by_d.interrupted


# ---------------------------------------------------------------- scheduling

T0 = datetime(2026, 11, 28, 9, 0, tzinfo=timezone.utc)
TWICE = [
    ("same-second", "Good", 1, 1),
    ("within-a-minute", "Good", 59, 1),
    ("a-minute-later", "Good", 60, 2),
    ("a-failure-always-counts", "Again", 5, 2),
]


@pytest.mark.parametrize("second,after,reviews", [t[1:] for t in TWICE], ids=[t[0] for t in TWICE])
def test_two_reviews_within_a_minute_count_once(store, second, after, reviews):
    first = schedule.review(store, "lstm.forget", "Good", T0)
    again = schedule.review(store, "lstm.forget", second, T0 + timedelta(seconds=after))
    assert store.cards()["lstm.forget"].reviews == reviews
    if reviews == 1:
        assert again == first


# ---------------------------------------------------------------- the quiz's format example


def _quiz_cases():
    from tutor.teaching.quiz import questions

    return [(q, seed) for q in questions() if q.kind in ("multi", "match", "order") for seed in range(4)]


@pytest.mark.parametrize("question,seed", _quiz_cases(), ids=[f"{q.id}-{s}" for q, s in _quiz_cases()])
def test_the_format_example_has_the_right_length_and_is_never_the_answer(question, seed):
    import io
    import re

    from rich.console import Console

    from tutor.teaching.quiz import present

    shown = present(question, seed)
    out = io.StringIO()
    Console(file=out, width=200, no_color=True).print(render.quiz_prompt(1, 1, shown))
    example = re.search(r"e\.g\. ([a-z ]+)$", out.getvalue().strip()).group(1).split()
    assert example != list(shown.expected)
    if question.kind != "multi":
        assert len(example) == len(shown.expected)


# ---------------------------------------------------------------- the interviews' data

from tutor.teaching.interview import CELLS, Interview, script  # noqa: E402

FOLLOWUPS = [(cell, q) for cell in CELLS for q in script(cell).followups]


@pytest.mark.parametrize("cell,question", FOLLOWUPS, ids=[q.id for _, q in FOLLOWUPS])
def test_every_follow_up_is_well_formed(cell, question):
    from tutor.teaching.quiz import grade, present, symbolic_problem

    assert question.explanation and question.text
    assert len({q.id for _, q in FOLLOWUPS}) == len(FOLLOWUPS)
    shown = present(question, 0)
    if question.kind == "symbolic":
        assert grade(shown, symbolic_problem(question).reference).correct
    else:
        assert grade(shown, " ".join(shown.expected)).correct
    assert all(0 <= i < len(question.options) for i in question.answer)


def test_an_interview_pasted_at_once_grades_every_line(store):
    cell = "\n".join(["f_t = σ(W_f [h_{t-1}, x_t] + b_f)", "i_t = σ(W_i [h_{t-1}, x_t] + b_i)",
                      "g_t = tanh(W_g [h_{t-1}, x_t] + b_g)", "o_t = σ(W_o [h_{t-1}, x_t] + b_o)",
                      "c_t = f_t ⊙ c_{t-1} + i_t ⊙ g_t", "h_t = o_t ⊙ tanh(c_t)"])
    script_io = Script([cell, ":skip", ":skip", ":quit"])
    outcome = Interview("LSTM", store, script_io, view=render).run()
    assert (outcome.verdict, outcome.lines_right, outcome.lines, outcome.followups) == ("correct", 6, 6, 0)
    assert outcome.quit_early and [a.problem for a in store.attempts()] == ["lstm"]
    assert script_io.text.count("  ✔ ") == 6


# ---------------------------------------------------------------- invariants

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tutor.interface.layout import to_ascii, wrap_value  # noqa: E402


@given(st.lists(st.integers(), max_size=30), st.integers(0, 10**6))
def test_a_shuffle_is_a_permutation_that_its_seed_repeats(items, seed):
    once = shuffled(items, seed)
    assert sorted(once) == sorted(items) and once == shuffled(items, seed)


@given(st.text(max_size=200))
def test_ascii_spelling_is_always_ascii(text):
    assert to_ascii(text).isascii()


@settings(max_examples=200)
@given(st.lists(st.floats(-99, 99, allow_nan=False), min_size=1, max_size=20), st.integers(4, 60))
def test_a_wrapped_vector_fits_and_loses_nothing(values, width):
    text = "[" + ", ".join(f"{v: .4f}" for v in values) + "]"
    lines = wrap_value(text, width)
    assert all(cell_len(line) <= max(4, width) for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


def test_a_command_on_a_cell_line_is_a_command(store):
    summary, text = run(store, ["gru"], ["r_t = σ(W_r [h_{t-1}, x_t] + b_r)", "?", "quit"])
    assert "(the 1 line typed was not checked)" in text and "hint 1/" in text
    assert store.attempts() == [] and summary.quit_early
