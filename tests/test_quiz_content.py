"""The quiz's content holds up: every question validates, choice questions are fair, the
corrections of the common interview answers are taught, short answers are read generously,
and every number a question states agrees with PyTorch."""

import io
import re

import pytest
from rich.console import Console

from tutor.grading import check
from tutor.interface import render
from tutor.notation import parse
from tutor.teaching.explanation import arith
from tutor.teaching.quiz import (LETTERS, _letters, draw, expected_values, grade, present, questions,
                                 symbolic_problem)

QUESTIONS = questions()
CHOICE = [q for q in QUESTIONS if q.kind in ("single", "multi")]
TEMPLATES = [q for q in QUESTIONS if q.draw]
SEEDS = range(6)


def sentences(text: str) -> int:
    """Sentences of an explanation: a full stop, ? or ! followed by a space or the end."""
    return len(re.findall(r"[.!?](?:\s|$)", text.strip()))


def rendered(graded, shown) -> str:
    out = io.StringIO()
    Console(file=out, width=80, color_system=None).print(render.quiz_result(graded, shown, graded.message))
    return out.getvalue()


# ----------------------------------------------------------------- every question validates


@pytest.mark.parametrize("q", QUESTIONS, ids=[q.id for q in QUESTIONS])
def test_every_question_validates(q):
    """A key among the options, the key grading right and a changed answer wrong, explanations
    of two sentences or more, and a why-line for every option of a choice question."""
    assert sentences(q.explanation) >= 2, q.explanation
    for seed in SEEDS if q.draw else (0,):
        shown = present(q, seed)
        asked = shown.question
        assert not re.search(r"\{[A-Z]\}", asked.text + asked.explanation + asked.reference), "an undrawn size"
        if q.kind in ("single", "multi"):
            assert q.answer and all(0 <= i < len(q.options) for i in q.answer)
            assert len(q.why) == len(q.options) and all(w.strip() for w in q.why)
            assert len(set(q.options)) == len(q.options)
        if q.kind == "symbolic":
            reference = symbolic_problem(asked).reference
            assert grade(shown, reference).correct
            assert not grade(shown, f"({reference}) + 1").correct
        elif q.kind == "value":
            assert grade(shown, "(" + ", ".join(shown.expected) + ")").correct
            changed = list(shown.expected)
            changed[-1] = str(int(changed[-1]) + 1)
            assert not grade(shown, ", ".join(changed)).correct
        else:
            assert grade(shown, " ".join(shown.expected)).correct
            changed = list(shown.expected)
            changed[0] = next(l for l in LETTERS[: len(shown.choices)] if l != changed[0])
            assert not grade(shown, " ".join(changed)).correct


def test_templates_draw_their_sizes_per_attempt():
    assert len(TEMPLATES) >= 15
    for q in TEMPLATES:
        texts = {draw(q, seed).text for seed in range(12)}
        assert len(texts) > 1, q.id
        assert draw(q, 3) == draw(q, 3)


# ----------------------------------------------------------------- fair choice questions


def test_keys_are_not_systematically_the_longest_option():
    singles = [q for q in CHOICE if q.kind == "single"]
    longest = [q.id for q in singles
               if sorted(map(len, q.options))[-1] > sorted(map(len, q.options))[-2]
               and len(q.options[q.answer[0]]) == max(map(len, q.options))]
    assert len(longest) <= 0.35 * len(singles), longest


def test_multi_choice_keys_vary_from_one_to_all():
    multis = [q for q in CHOICE if q.kind == "multi"]
    counts = {len(q.answer) for q in multis}
    assert 1 in counts and any(len(q.answer) == len(q.options) for q in multis)
    assert len(counts) >= 3, counts


def test_a_wrong_single_choice_shows_why_the_chosen_option_is_wrong():
    for q in (q for q in CHOICE if q.kind == "single"):
        shown = present(q, 1)
        wrong = next(l for l in LETTERS[: len(shown.choices)] if l not in shown.expected)
        graded = grade(shown, wrong)
        option = shown.choices[LETTERS.index(wrong)]
        assert not graded.correct and graded.notes == ((wrong, option, q.why[q.options.index(option)]),)
        text = " ".join(rendered(graded, shown).split())
        assert " ".join(q.why[q.options.index(option)].split())[:40] in text, q.id
        right = grade(shown, shown.expected[0])
        assert right.correct and not right.notes


def test_a_multi_choice_shows_why_for_wrong_picks_and_missed_keys():
    q = next(q for q in CHOICE if q.id == "remedies.exploding")
    shown = present(q, 2)
    distractor = next(l for l in LETTERS[: len(shown.choices)] if l not in shown.expected)
    graded = grade(shown, f"{shown.expected[0]} {distractor}")  # one key missed, one distractor picked
    assert not graded.correct
    assert {n[0] for n in graded.notes} == {distractor, shown.expected[1]}
    text = rendered(graded, shown)
    assert f"✘ {distractor})" in text and f"✔ {shown.expected[1]})" in text


def test_golden_quiz_result_with_why_lines():
    from .conftest import assert_golden

    q = next(q for q in CHOICE if q.id == "remedies.exploding")
    shown = present(q, 2)
    distractor = next(l for l in LETTERS[: len(shown.choices)] if l not in shown.expected)
    assert_golden("quiz_result_why", rendered(grade(shown, f"{shown.expected[0]} {distractor}"), shown))


# ----------------------------------------------------------------- the corrections are taught

MYTHS = [
    ("no-padding", "lengths.padding-myth", "packing"),
    ("lstm-cures-explosion", "remedies.lstm-explode-myth", "clip"),
    ("input-gate-selects-x", "cells.input-gate-myth", "candidate"),
    ("batch-norm", "remedies.exploding", "layer norm"),
    ("norms-above-1-explode", "gradients.explode", "upper bound"),
    ("bucketing-for-long", "lengths.truncation", "bucketing"),
    ("extractive-qa", "shapes.encoder-decoder", "extractive"),
]


@pytest.mark.parametrize("qid,correction", [m[1:] for m in MYTHS], ids=[m[0] for m in MYTHS])
def test_each_myth_has_a_question_that_corrects_it(qid, correction):
    q = next(q for q in QUESTIONS if q.id == qid)
    assert correction in q.explanation.lower()
    if q.kind in ("single", "multi"):  # the myth is a distractor, whose why-line corrects it
        assert any(i not in q.answer for i in range(len(q.options)))


def test_gru_count_follows_the_convention_the_prompt_states():
    cho = next(q for q in QUESTIONS if q.id == "cells.gru-params")
    stored = next(q for q in QUESTIONS if q.id == "cells.gru-params-pytorch")
    assert grade(present(cho, 0), "36").correct and not grade(present(cho, 0), "38").correct
    assert grade(present(stored, 0), "42").correct and not grade(present(stored, 0), "36").correct
    assert check("gru.params", "3 H (H + X + 1)").verdict == "correct"
    assert "PyTorch's form" in check("gru.params", "3 H (H + X + 1) + H").feedback[0]


# ----------------------------------------------------------------- short answers, read generously

def _short(name, qid, answer, verdict, message="", xfail=""):
    marks = pytest.mark.xfail(strict=True, reason=xfail) if xfail else ()
    return pytest.param(qid, answer, verdict, message, id=name, marks=marks)


SHORT = [
    _short("letters-for-numbers", "basics.params-rnn", "H(H+X+1)", "invalid", "use the numbers"),
    _short("numbers", "basics.params-rnn", "4*(4+3+1)", "correct"),
    _short("percent", "gradients.sigmoid-max", "25%", "correct"),
    _short("vulgar-fraction", "gradients.sigmoid-max", "¼", "correct"),
    _short("wrong-percent", "gradients.sigmoid-max", "50%", "incorrect"),
    _short("root-of-inner-product", "remedies.clip-formula", "θ g / sqrt(g^T g)", "correct"),
    _short("tensorflow-forget-bias", "training.tf-forget-bias", "f_t = σ(W_f [h_{t-1}, x_t] + b_f + 1)", "correct"),
    _short("forget-bias-without-b", "training.tf-forget-bias", "f_t = σ(W_f [h_{t-1}, x_t] + 1)", "incorrect"),
    _short("full-width-digits", "cells.gru-params", "３６", "correct"),
    _short("answer-word", "cells.gru-params", "答案：３６", "correct"),
    _short("answer-word-expression", "cells.gru-params", "答：3·2·(2+3+1)", "correct"),
    _short("min-form", "remedies.clip-formula", "min(1, θ/‖g‖) g", "correct"),
]


@pytest.mark.parametrize("qid,answer,verdict,message", SHORT)
def test_short_answers(qid, answer, verdict, message):
    q = next(q for q in QUESTIONS if q.id == qid)
    graded = grade(present(q, 0), answer)
    got = "invalid" if not graded.valid else ("correct" if graded.correct else "incorrect")
    assert got == verdict, graded.message
    assert message in graded.message


def test_drawn_sizes_written_as_letters_ask_for_the_numbers():
    q = next(q for q in QUESTIONS if q.id == "params.lstm-stored")
    shown = present(q, 4)
    graded = grade(shown, "4 H (H + X + 2)")
    sizes = dict(shown.question.sizes)
    assert not graded.valid and f"H = {sizes['H']}" in graded.message


# ----------------------------------------------------------------- a Chinese input method

LETTER_FORMS = [
    ("full-width", "ｃ", ["c"]),
    ("full-width-upper", "Ｃ", ["c"]),
    ("xuan", "选c", ["c"]),
    ("daan", "答案：c", ["c"]),
    ("daan-full-width", "答案：Ｂ，Ｄ", ["b", "d"]),
    ("numbered-full-width", "１ｂ ２ａ ３ｃ", ["b", "a", "c"]),
]


@pytest.mark.parametrize("text,letters", [f[1:] for f in LETTER_FORMS], ids=[f[0] for f in LETTER_FORMS])
def test_letters_typed_with_an_input_method(text, letters):
    assert _letters(text) == letters


def test_an_input_method_answer_grades_like_ascii():
    q = next(q for q in CHOICE if q.kind == "single")
    shown = present(q, 0)
    key = shown.expected[0]
    assert grade(shown, f"选{key}").correct and grade(shown, f"答案：{chr(ord(key.upper()) + 0xFEE0)}").correct
    v = next(q for q in QUESTIONS if q.kind == "value")
    shown = present(v, 0)
    wide = "（" + "，".join("".join(chr(ord(d) + 0xFEE0) for d in n) for n in shown.expected) + "）"
    assert grade(shown, wide).correct
    assert grade(shown, f"torch.Size([{', '.join(shown.expected)}])").correct


# ----------------------------------------------------------------- PyTorch agrees

torch = pytest.importorskip("torch", reason="PyTorch cross-checks need torch (CI installs it)")
MEASURED = [q for q in QUESTIONS if q.torch]


def _size(spec, sizes: dict) -> int:
    return spec if isinstance(spec, int) else int(arith(parse(str(spec))[0].rhs, sizes))


def measure(spec: dict, sizes: dict):
    """Build the module the question describes and measure what it asks about."""
    torch.manual_seed(0)
    kwargs = {k: (_size(v, sizes) if k in ("input_size", "hidden_size", "num_layers") else v)
              for k, v in spec.items() if k in ("input_size", "hidden_size", "num_layers", "bidirectional", "batch_first")}
    module = getattr(torch.nn, spec["module"])(**kwargs)
    what = spec["measure"]
    params = dict(module.named_parameters())
    if what == "params":
        head = spec.get("head", 0) and torch.nn.Linear(kwargs["hidden_size"], spec["head"])
        return (sum(p.numel() for p in params.values()) + (sum(p.numel() for p in head.parameters()) if head else 0),)
    if what in ("one_bias", "independent"):
        stored = sum(p.numel() for p in params.values())
        # bias_hh duplicates bias_ih wherever the two are only summed: everywhere in RNN and LSTM;
        # in the GRU, for r and z but not n (rₜ multiplies b_hn)
        share = {"RNN": 1, "LSTM": 1, "GRU": 2 / 3}[spec["module"]] if what == "independent" else 1
        return (stored - int(sum(p.numel() for n, p in params.items() if n.startswith("bias_hh")) * share),)
    if what.startswith("weight_") or what.startswith("bias_"):
        return tuple(params[what].shape)
    shape = [_size(s, sizes) for s in spec["input"]]
    x = torch.randn(*shape)
    if what == "unpacked":
        n, t = (shape[0], shape[1]) if kwargs.get("batch_first") else (shape[1], shape[0])
        lengths = [t] + [1 + (7 * i) % t for i in range(1, n)]  # the longest is t, the others shorter
        packed = torch.nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=kwargs.get("batch_first", False),
                                                         enforce_sorted=False)
        out, _ = module(packed)
        return tuple(torch.nn.utils.rnn.pad_packed_sequence(out, batch_first=kwargs.get("batch_first", False))[0].shape)
    output, state = module(x)
    if what == "output":
        return tuple(output.shape)
    h_n, c_n = state if isinstance(state, tuple) else (state, None)
    return tuple({"h_n": h_n, "c_n": c_n}[what].shape)


@pytest.mark.parametrize("q", MEASURED, ids=[q.id for q in MEASURED])
def test_every_number_agrees_with_pytorch(q):
    for seed in SEEDS if q.draw else (0,):
        asked = present(q, seed).question
        sizes = dict(asked.sizes)
        spec = dict(q.torch)
        got = measure(spec, sizes)
        if q.kind == "value":
            assert got == expected_values(asked), (seed, sizes)
        else:
            assert got == (int(arith(parse(asked.reference)[0].rhs, {})),), (seed, sizes, asked.reference)


def test_every_pytorch_number_is_measured():
    """Every template, and every question about what torch.nn stores, is cross-checked."""
    for q in TEMPLATES:
        assert q.torch, q.id
    stated = [q for q in QUESTIONS if q.kind in ("symbolic", "value") and ("nn." in q.text or "PyTorch" in q.text)]
    assert all(q.torch for q in stated), [q.id for q in stated if not q.torch]


def test_the_claims_about_bidirectional_outputs_hold():
    """pytorch.output-vs-h-n: the backward direction's last state is output[:, 0, H:]."""
    torch.manual_seed(1)
    gru = torch.nn.GRU(3, 4, num_layers=2, bidirectional=True, batch_first=True)
    out, h_n = gru(torch.randn(2, 5, 3))
    assert torch.allclose(out[:, -1, :4], h_n[-2]) and torch.allclose(out[:, 0, 4:], h_n[-1])
    assert not torch.allclose(out[:, -1, 4:], h_n[-1])
    with pytest.raises(RuntimeError):
        torch.nn.utils.rnn.pack_padded_sequence(torch.randn(3, 5, 2), [3, 5, 2], batch_first=True)


# ----------------------------------------------------------------- properties of the answer readers

from hypothesis import given, strategies as st  # noqa: E402

WIDE = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)})


@given(st.lists(st.sampled_from("abcdef"), min_size=1, max_size=6), st.sampled_from(["", "选", "答案：", "答："]))
def test_full_width_letters_read_as_ascii(letters, prefix):
    typed = " ".join(letters)
    assert _letters(prefix + typed.translate(WIDE)) == _letters(typed) == letters


@given(st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=4))
def test_value_answers_read_the_same_in_every_spelling(numbers):
    q = next(q for q in QUESTIONS if q.id == "pytorch.output-batch-first")
    shown = present(q, 0)
    spellings = ["(" + ", ".join(map(str, numbers)) + ")", " ".join(map(str, numbers)),
                 f"torch.Size([{', '.join(map(str, numbers))}])", ("(" + ", ".join(map(str, numbers)) + ")").translate(WIDE)]
    verdicts = {(g.valid, g.correct) for g in (grade(shown, s) for s in spellings)}
    assert len(verdicts) == 1


def test_hostile_value_answers_are_refused_in_one_line():
    q = next(q for q in QUESTIONS if q.id == "pytorch.output-batch-first")
    for text in ["9" * 5000, "", "абв", "\x00"]:
        graded = grade(present(q, 0), text)
        assert not graded.valid and "\n" not in graded.message


def test_parameter_counts_are_a_drill_topic_with_drawn_sizes(tmp_path, monkeypatch):
    """`rnn-tutor drill params`: the stacked, bidirectional and two-bias counts, practised like any drill."""
    from typer.testing import CliRunner

    from tutor.interface.cli import app
    from tutor.store.progress import Store

    monkeypatch.setenv("RNN_TUTOR_HOME", str(tmp_path))
    count = len(questions("params"))
    result = CliRunner().invoke(app, ["drill", "params", "--seed", "3"], input=":show\n:quit\n",
                                env={"COLUMNS": "80", "NO_COLOR": "1"})
    assert result.exit_code == 0, result.output
    assert f"[1/{count}]" in result.output and "answer:" in result.output
    cards = Store.open(create=False).cards()
    assert any(card.startswith("quiz.params.") for card in cards)  # the revealed count is scheduled for review
