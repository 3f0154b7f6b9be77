"""The problem bank validates: ids, references, variants, hints, known mistakes."""

import re
from pathlib import Path

import pytest

from tutor.grading import check
from tutor.bank.problems import all_problems, load

PROBLEMS = list(all_problems().values())
NOTATION_IDS = [
    "rnn.hidden", "lstm.forget", "lstm.input", "lstm.candidate", "lstm.cell", "lstm.output", "lstm.hidden",
    "gru.reset", "gru.update", "gru.candidate", "gru.hidden", "rnn", "lstm", "gru", "deriv.sigmoid",
    "deriv.tanh", "rnn.jacobian", "lstm.cell_grad", "lstm.params", "gru.params", "rnn.params", "clip.norm",
]


BACKPROP_IDS = [
    "deriv.tanh_sigmoid", "rnn.bptt_product", "rnn.delta", "rnn.grad_whh", "rnn.grad_wxh", "softmax.ce_grad",
    "lstm.back.output", "lstm.back.cell", "lstm.back.forget", "lstm.back.input", "lstm.back.candidate",
    "lstm.back.forget_preact", "lstm.back.weights", "lstm.cell_path", "gru.back.update", "gru.back.direct",
]


def test_every_notation_id_is_in_the_bank():
    assert sorted(all_problems()) == sorted(NOTATION_IDS + BACKPROP_IDS)


def test_backprop_topic_holds_exactly_the_backprop_problems():
    assert sorted(p.id for p in load()["backprop"].problems) == sorted(BACKPROP_IDS)


def test_ids_unique():
    ids = [p.id for t in load().values() for p in t.problems]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("problem", PROBLEMS, ids=[p.id for p in PROBLEMS])
def test_reference_and_variants_check_correct(problem):
    for ref in problem.all_references():
        verdict = check(problem.id, ref.answer)
        assert verdict.verdict == "correct", (ref.name, verdict.feedback)
        if problem.variants:
            assert verdict.convention == ref.name  # a named variant is reported by its name
        else:
            assert verdict.convention


@pytest.mark.parametrize("problem", PROBLEMS, ids=[p.id for p in PROBLEMS])
def test_hints_are_a_ladder(problem):
    assert len(problem.hints) >= 2
    assert all(h.strip() for h in problem.hints)
    assert problem.prompt and problem.explanation
    assert problem.symbols, "a drill prompt says which symbols are available"


MISTAKES = [(p, m) for p in PROBLEMS for m in p.mistakes]


@pytest.mark.parametrize("problem,mistake", MISTAKES, ids=[f"{p.id}:{m.answer[:25]}" for p, m in MISTAKES])
def test_known_mistakes_are_incorrect_with_their_message(problem, mistake):
    verdict = check(problem.id, mistake.answer)
    assert verdict.verdict == "incorrect"
    assert verdict.feedback[0] == mistake.message


@pytest.mark.parametrize("problem", [p for p in PROBLEMS if p.kind == "cell"], ids=lambda p: p.id)
def test_cell_lines_name_real_problems(problem):
    ids = all_problems()
    for role, pid in problem.lines:
        assert pid in ids


def test_no_learner_text_reaches_an_evaluator():
    source = "\n".join(p.read_text(encoding="utf-8") for p in Path("tutor").rglob("*.py")) if Path("tutor").is_dir() else ""
    if not source:
        import tutor

        source = "\n".join(p.read_text(encoding="utf-8") for p in Path(tutor.__file__).parent.rglob("*.py"))
    # SymPy's Function API names a classmethod ``eval``; defining it is not calling it
    for forbidden in (r"(?<!def )(?<![\w.])eval\(", r"\bexec\(", r"\bsympify\(", r"\bparse_expr\(", r"\blambdify\(", r"\bS\("):
        assert not re.search(forbidden, source), forbidden


@pytest.mark.parametrize("problem", PROBLEMS, ids=[p.id for p in PROBLEMS])
def test_the_tutors_own_echo_reads_back(problem):
    """What `check` prints as 'interpreted as' (Unicode and ASCII) is itself a correct answer."""
    for ref in problem.all_references():
        verdict = check(problem.id, ref.answer)
        for shown in (verdict.interpreted, verdict.interpreted_ascii):
            again = check(problem.id, shown)
            assert again.verdict == "correct", (shown, again.feedback)
