"""The answer checker's own messages in Chinese: parse errors, reading, shapes, derivations, gradients and
the notes on published notations, through ``rnn-tutor check`` (panel, ``--json``, ``--batch``).

Each message family is provoked by one answer of the tables below (collected from the places that raise
it); under ``RNN_TUTOR_LANG=zh`` the reason must be Chinese with nothing English left but names, code and
math, and the learner's own answer, which the panel echoes. English stays as it was (the English tests and
goldens check it byte for byte).
"""

from __future__ import annotations

import json
import random
import subprocess
from pathlib import Path

import pytest

from tutor.base import language
from tutor.base.language import has_wide

from .conftest import installed_command
from .test_translation import _zh, english_words

HERE = Path(__file__).parent


def _foreign(text: str, answer: str) -> list[str]:
    """English words of ``text`` that are not the learner's own (the answer echoed or quoted)."""
    return [w for w in english_words(text) if w not in answer]


# (id, problem, answer): each answer provokes one message family, exit 2 (invalid)
INVALID = [
    # the answer as text
    ("answer too long", "lstm.forget", "f_t = " + "x + " * 1100 + "x"),
    ("too many symbols", "lstm.forget", "f_t = " + "x+" * 800 + "x"),
    ("empty answer", "lstm.forget", "   ;  "),
    # tokens
    ("superscript minus", "lstm.forget", "f_t = σ(W_f x_t⁻ + b_f)"),
    ("prime after a parenthesis", "deriv.sigmoid", "(1 + e^{-x})'"),
    ("unexpected character", "lstm.forget", "f_t = σ(W_f x_t + b_f) ?"),
    ("only the 2-norm", "clip.norm", "θ g / ‖g‖_1"),
    ("unclosed subscript", "lstm.forget", "f_t = σ(W_{f x_t + b_f)"),
    ("empty subscript", "lstm.forget", "f_t = σ(W_{} x_t + b_f)"),
    ("unexpected in a subscript", "lstm.forget", "f_t = σ(W_{f!} x_t + b_f)"),
    ("bare backslash", "lstm.forget", "f_t = σ(W_f x_t + b_f) \\"),
    ("decoration needs braces", "lstm.candidate", "\\tilde 1 = tanh(W_C x_t + b_C)"),
    ("decoration holds a name", "lstm.candidate", "\\tilde{} = tanh(W_C x_t + b_C)"),
    ("unclosed brace", "lstm.forget", "f_t = σ(\\mathrm{W x_t + b_f)"),
    ("unknown LaTeX command", "lstm.forget", "f_t = \\sigmoidd(W_f x_t + b_f)"),
    ("index of a sum", "rnn.grad_whh", "Σ_{tt} δh_t h_{t-1}^T"),
    ("index of a product", "rnn.bptt_product", "∏_{jj=k+1}^{T} diag(1 - h_j^2) W_hh"),
    ("bound of a product", "rnn.bptt_product", "∏_{j=k+1}^{T/2} diag(1 - h_j^2) W_hh"),
    ("script expected", "rnn.grad_whh", "Σ_ δh_t h_{t-1}^T"),
    # grammar
    ("expected a closing parenthesis", "lstm.forget", "f_t = sigmoid((W_f [h_{t-1}, x_t] + b_f)"),
    ("expected a closing bracket", "lstm.forget", "f_t = σ(W_f [h_{t-1}, x_t + b_f)"),
    ("expected a closing norm", "clip.norm", "θ g / ‖g"),
    ("frac needs a brace", "deriv.sigmoid", "\\frac 1 {1 + e^{-x}}"),
    ("nested too deeply", "lstm.forget", "f_t = " + "(" * 70 + "x" + ")" * 70),
    ("unbalanced parenthesis", "lstm.forget", "f_t = σ(W x + b))"),
    ("second equals", "lstm.forget", "f_t = σ(W x) = b"),
    ("unexpected token", "lstm.forget", "f_t = σ(W_f x_t + b_f), b_f"),
    ("derivation opens with equals", "deriv.sigmoid", "= σ(x)(1 - σ(x))"),
    ("nothing after equals", "lstm.forget", "f_t = "),
    ("operator needs an operand", "lstm.forget", "f_t = σ(W_f x_t + )"),
    ("sum needs a summand", "rnn.grad_whh", "Σ_t"),
    ("answer ends where a value was expected", "lstm.forget", "f_t = x^"),
    ("empty parentheses", "lstm.forget", "f_t = σ()"),
    ("equals where a value was expected", "lstm.forget", "f_t = σ(= W_f x_t)"),
    ("unexpected where a value was expected", "lstm.forget", "f_t = (, x)"),
    ("function without its argument", "lstm.forget", "f_t = tanh + x"),
    ("code product arguments", "lstm.forget", "f_t = σ(np.dot(W_f, x_t, h) + b_f)"),
    ("np.maximum", "rnn.hidden", "h_t = np.maximum(1, W x_t + U h_{t-1} + b)"),
    ("min and max", "clip.norm", "g max(1, θ/‖g‖)"),
    # names
    ("unknown name with a suggestion", "lstm.forget", "f_t = sigmoidd(W_f [h_{t-1}, x_t] + b_f)"),
    ("unknown name", "lstm.forget", "f_t = σ(W_f [h_{t-1}, x_t] + b_f + qq)"),
    ("unknown name where the names are fixed", "deriv.tanh", "1 - tanh(z)^2"),
    # reading: left sides, definitions
    ("left side not a name", "lstm.forget", "f_t + 1 = σ(W_f x_t + b_f)"),
    ("an input defined", "lstm", "x_t = σ(W x_t + b)"),
    ("a parameter on the left", "lstm.forget", "W_f = σ(W x_t + b)"),
    ("line without a left side", "lstm", "f_t = σ(W_f x_t + b_f)\nσ(W_i x_t + b_i)"),
    ("defined twice", "lstm", "f_t = σ(W_f x_t + b_f)\nf_t = σ(W_i x_t + b_i)"),
    ("defined in terms of itself", "lstm",
     "f_t = σ(W_f [h_{t-1}, x_t] + f_t)\nc_t = f_t ⊙ c_{t-1}\nh_t = tanh(c_t)"),
    ("right side a matrix", "lstm.forget", "f_t = W_f"),
    ("bare concatenation", "lstm.forget", "f_t = [h_{t-1}, x_t]"),
    ("gate used but not defined", "lstm", "f_t = σ(W_f x_t + b_f)\nc_t = f_t * c_{t-1} + i_t * g_t\nh_t = o_t * tanh(c_t)"),
    ("gate under another spelling", "lstm",
     "f_t = σ(W_f x_t + b_f)\ni_t = σ(W_i x_t + b_i)\nĈ_t = tanh(W_g x_t + b_g)\no_t = σ(W_o x_t + b_o)\n"
     "c_t = f_t * c_{t-1} + i_t * g_t\nh_t = o_t * tanh(c_t)"),
    ("state used but not defined", "gru",
     "r_t = σ(W_r x_t + b_r)\nz_t = σ(W_z x_t + b_z)\nn_t = tanh(W_n x_t + r_t * (U h_{t-1}) + b_n + c_t)\n"
     "h_t = (1 - z_t) * n_t + z_t * h_{t-1}"),
    # values and shapes
    ("number too long", "lstm.forget", "f_t = σ(W_f x_t + 1234567890123456)"),
    ("negating a matrix", "lstm.forget", "f_t = σ(-W_f x_t + b_f)"),
    ("a scalar in a concatenation", "lstm.forget", "f_t = σ(W_f [h_{t-1}, 2] + b_f)"),
    ("no value", "lstm.forget", "f_t = σ(W_f x_t + b_f + 0/0)"),
    ("too large to check", "lstm.forget", "f_t = σ(W_f x_t + b_f + exp(5000))"),
    ("concatenation not multiplied", "lstm.forget", "f_t = σ([h_{t-1}, x_t] + b_f)"),
    ("adding a matrix", "lstm.forget", "f_t = σ(W_f + b_f)"),
    ("adding different sizes", "lstm.forget", "f_t = σ(x_t + h_{t-1})"),
    ("dividing by a matrix", "lstm.forget", "f_t = σ(x_t / W_f)"),
    ("dividing different sizes", "lstm.forget", "f_t = σ(x_t / h_{t-1})"),
    ("elementwise product with a matrix", "lstm.forget", "f_t = σ(W_f ⊙ x_t + b_f)"),
    ("matrix product of two vectors", "lstm.forget", "f_t = σ(h_{t-1} @ h_{t-1} + b_f)"),
    ("elementwise product of sizes", "lstm.forget", "f_t = σ(W_f h_{t-1} + x_t ⊙ h_{t-1} + b_f)"),
    ("power of a matrix", "lstm.forget", "f_t = σ(W_f^2 x_t + b_f)"),
    ("exponent a vector", "lstm.forget", "f_t = σ(2^{x_t} + b_f)"),
    ("exponent too large", "lstm.forget", "f_t = σ(W_f x_t + b_f)^20"),
    ("number too large", "lstm.forget", "f_t = σ(W_f x_t + 9999999^2)"),
    ("nested powers", "clip.norm", "θ^{θ^2} g"),
    ("one matrix, two input sizes", "lstm.forget", "f_t = σ(W h_{t-1} + W x_t + b_f)"),
    ("norm of a matrix", "lstm.forget", "f_t = σ(‖W_f‖ x_t + b_f)"),
    ("a derivative left in", "lstm.forget", "f_t = σ'(W_f x_t + b_f)"),
    ("function with two arguments", "lstm.forget", "f_t = σ(W_f x_t, b_f)"),
    ("diag of a scalar", "lstm.forget", "f_t = σ(diag(2) x_t + b_f)"),
    ("function not expected", "lstm.forget", "f_t = softmax(W_f x_t + b_f)"),
    ("function of a matrix", "lstm.forget", "f_t = σ(tanh(W_f) x_t + b_f)"),
    # derivations and matrices
    ("differentiating by a constant", "deriv.sigmoid", "d/de (1 + e^{-x})^{-1} = σ(x)(1 - σ(x))"),
    ("derivative with two arguments", "deriv.sigmoid", "σ'(x, x) = σ(x)(1 - σ(x))"),
    ("matrix exponent", "rnn.jacobian", "diag(1 - h_t^2) W_hh^{1/2}"),
    ("matrix plus vector", "rnn.jacobian", "diag(1 - h_t^2) + h_t"),
    ("matrix product shapes", "rnn.jacobian", "W_hh diag(1 - h_t^2) W_xh W_xh"),
    # gradients on the arrays of a forward pass
    ("not a quantity of the network", "lstm.back.output", "δh_t ⊙ tanh(q_t)"),
    ("the asked quantity in the answer", "lstm.back.output", "δo_t"),
    ("before the first step", "rnn.grad_whh", "Σ_t ((1 - h_t^2) ⊙ δh_t) h_{t-5}^T"),
    ("too many decimals", "lstm.back.output", "δh_t ⊙ tanh(c_t) * 1.0000001"),
    ("elementwise shapes in a gradient", "rnn.grad_wxh", "Σ_t ((1 - h_t^2) ⊙ x_t)"),
    ("bound in a gradient", "rnn.grad_whh", "Σ_{t=1}^{q} ((1 - h_t^2) ⊙ δh_t) h_{t-1}^T"),
    ("too many terms", "rnn.grad_whh", "Σ_{t=1}^{100} ((1 - h_t^2) ⊙ δh_t) h_{t-1}^T"),
    ("a sum without terms", "rnn.grad_whh", "Σ_{t=5}^{1} ((1 - h_t^2) ⊙ δh_t) h_{t-1}^T"),
    ("power of a matrix in a gradient", "rnn.grad_whh", "Σ_t (δh_t h_{t-1}^T)^2"),
    ("dividing by a matrix in a gradient", "rnn.grad_whh", "Σ_t δh_t / (δh_t h_{t-1}^T)"),
    ("matrix product in a gradient", "rnn.grad_whh", "Σ_t (δh_t h_{t-1}^T)(x_t h_t^T)"),
    ("outer of a matrix", "rnn.grad_whh", "Σ_t np.outer(δh_t h_{t-1}^T, h_t)"),
    ("two arguments in a gradient", "rnn.grad_whh", "Σ_t tanh(h_t, h_t) h_{t-1}^T"),
    ("diag of a matrix", "rnn.grad_whh", "Σ_t diag(δh_t h_{t-1}^T)"),
    ("tanh of a matrix", "rnn.grad_whh", "Σ_t tanh(δh_t h_{t-1}^T)"),
    ("vector exponent in a gradient", "rnn.grad_whh", "Σ_t δh_t^{h_t} h_{t-1}^T"),
    ("a matrix in a concatenation", "rnn.grad_whh", "Σ_t [δh_t h_{t-1}^T, h_t]"),
]

# (id, problem, answer): exit 1 (incorrect), the reason made by the checker itself (not a problem's own mistakes)
INCORRECT = [
    ("a step that does not follow", "deriv.sigmoid", "σ'(x) = e^{-x}/(1+e^{-x})^2\n= σ(x)(1 + σ(x))"),
    ("a factor in a step", "deriv.sigmoid", "σ'(x) = e^{-x}/(1+e^{-x})^2\n= 2 σ(x)(1 - σ(x))"),
    ("a sign in a step", "deriv.tanh", "tanh'(x) = 1 - tanh(x)^2\n= tanh(x)^2 - 1"),
    ("a term in a step", "deriv.tanh", "tanh'(x) = 1 - tanh(x)^2\n= 2 - tanh(x)^2"),
    ("a square in a step", "deriv.tanh", "tanh'(x) = 1 - tanh(x)^2\n= 1 - tanh(x)"),
    ("the last line holds a derivative", "deriv.sigmoid", "σ'(x) = σ'(x) * 1"),
    ("the result uses what it must not", "deriv.tanh_sigmoid", "tanh(x) = 2σ(2x) - 1 + tanh(x) - tanh(x)"),
    ("the work not shown", "deriv.tanh_sigmoid", "2σ(2x) - 1"),
    ("the cell never gives a state", "lstm",
     "f_t = σ(W_f x_t + U_f h_{t-1} + b_f)\ni_t = σ(W_i x_t + U_i h_{t-1} + b_i)\ng_t = tanh(W_g x_t + U_g h_{t-1} + b_g)\n"
     "o_t = σ(W_o x_t + U_o h_{t-1} + b_o)\nc_t = f_t * c_{t-1} + i_t * g_t"),
    ("lines right alone, not together", "rnn", "a_t = W x_t + U h_{t-1} + b\nh_t = tanh(a_t) + b"),
    ("left side names another quantity", "lstm.forget", "i_t = σ(W_f [h_{t-1}, x_t] + b_f)"),
    ("another time step", "lstm.forget", "f_t = σ(W_f [h_{t-2}, x_t] + b_f)"),
    ("no activation", "lstm.forget", "f_t = W_f [h_{t-1}, x_t] + b_f"),
    ("parameters shared by two gates", "lstm",
     "f_t = σ(W x_t + U h_{t-1} + b)\ni_t = σ(W x_t + U h_{t-1} + b)\ng_t = tanh(W_g x_t + U_g h_{t-1} + b_g)\n"
     "o_t = σ(W_o x_t + U_o h_{t-1} + b_o)\nc_t = f_t * c_{t-1} + i_t * g_t\nh_t = o_t * tanh(c_t)"),
    ("one gate on both sides", "gru.hidden", "h_t = z_t * h_{t-1} + z_t * n_t"),
    ("the input term missing", "lstm.forget", "f_t = σ(W_f h_{t-1} + b_f)"),
    ("a sum over time missing", "rnn.grad_whh", "((1 - h_t^2) ⊙ δh_t) h_{t-1}^T"),
    ("a gradient of the wrong shape", "rnn.grad_whh", "Σ_t ((1 - h_t^2) ⊙ δh_t)"),
    ("a gradient with its sign flipped", "lstm.back.output", "δh_t ⊙ tanh(c_t) ⊙ (0 - 1)"),
    ("a gradient off by a factor", "lstm.back.output", "2 δh_t ⊙ tanh(c_t)"),
    ("a gradient not equal", "lstm.back.output", "δh_t ⊙ tanh(c_t) ⊙ o_t ⊙ o_t + δh_t"),
]

# (id, problem, answer, exit code): a published notation read, with a note saying how
NOTES = [
    ("φ read as tanh", "lstm.forget", "f_t = φ(W_f [h_{t-1}, x_t] + b_f)", 1),
    ("a time shift", "rnn", "h_{t+1} = tanh(W x_t + U h_t + b)", 0),
    ("code's assignments", "lstm.cell", "c = f * c + i * g", 0),
    ("code's names", "rnn.hidden", "h_next = np.tanh(W_xh x + W_hh h_prev + b)", 0),
    ("a source's letter for the state", "rnn.hidden", "s_t = tanh(U x_t + W s_{t-1} + b)", 0),
    ("code's name for the concatenation", "lstm.forget", "f_t = σ(W_f xh + b_f)", 0),
    ("a name given successive values", "lstm.hidden", "h_t = o_t * tanh(c_t)\nh_t = h_t", 0),
    ("Greff et al.'s cell", "lstm", "i^t = σ(W_i x^t + R_i y^{t-1} + b_i)\nf^t = σ(W_f x^t + R_f y^{t-1} + b_f)\n"
     "z^t = g(W_z x^t + R_z y^{t-1} + b_z)\no^t = σ(W_o x^t + R_o y^{t-1} + b_o)\nc^t = z^t ⊙ i^t + c^{t-1} ⊙ f^t\n"
     "y^t = h(c^t) ⊙ o^t", 0),
]


@pytest.mark.parametrize("pid,answer", [c[1:] for c in INVALID], ids=[c[0] for c in INVALID])
def test_invalid_answers_are_refused_in_chinese(pid, answer):
    result = _zh("check", pid, answer)
    assert result.exit_code == 2, result.output
    assert "无效的答案" in result.output
    assert _foreign(result.output, answer) == []
    record = json.loads(_zh("check", "--json", pid, answer).output)
    assert record["verdict"] == "invalid" and len(record["feedback"]) == 1
    reason = record["feedback"][0]
    assert "\n" not in reason and has_wide(reason), reason
    assert _foreign(reason, answer) == [], reason


@pytest.mark.parametrize("pid,answer", [c[1:] for c in INCORRECT], ids=[c[0] for c in INCORRECT])
def test_the_checkers_reasons_in_chinese(pid, answer):
    result = _zh("check", pid, answer)
    assert result.exit_code == 1, result.output
    assert "✘ 错误" in result.output
    assert _foreign(result.output, answer) == []


@pytest.mark.parametrize("pid,answer,code", [c[1:] for c in NOTES], ids=[c[0] for c in NOTES])
def test_notes_on_published_notations_in_chinese(pid, answer, code):
    result = _zh("check", pid, answer)
    assert result.exit_code == code, result.output
    assert "理解为" in result.output
    assert _foreign(result.output, answer) == []
    record = json.loads(_zh("check", "--json", pid, answer).output)
    assert record["feedback"] and all(has_wide(f) for f in record["feedback"]), record


@pytest.mark.parametrize("pid,answer", [c[1:] for c in INVALID[::7]], ids=[c[0] for c in INVALID[::7]])
def test_english_is_left_english(pid, answer):
    from tutor.grading.checking import check

    language.choose("en")
    english = check(pid, answer)
    language.choose("zh")
    chinese = check(pid, answer)
    language.choose("en")
    assert english.verdict == chinese.verdict == "invalid"
    assert not has_wide(english.feedback[0]) and english.feedback[0] != chinese.feedback[0]
    assert english.caret == chinese.caret


# ------------------------------------------------------------------ every invalid answer of the corpora


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _invalid_corpus() -> list[tuple[str, str, str]]:
    from .test_diagnosis import INVALID as DIAGNOSIS
    from .test_notation import ERRORS
    from .test_safety import CHAIN_HOSTILE, HOSTILE

    out = []
    for path in sorted((HERE / "corpus").glob("*.jsonl")) + [HERE / "answers.jsonl"]:
        out += [(f"{path.stem}:{i}", row["problem"], row["answer"]) for i, row in enumerate(_jsonl(path))
                if row.get("expect") == "invalid"]
    out += [(f"diagnosis:{name}", pid, answer) for name, pid, answer, _ in DIAGNOSIS if pid != "lstm.nope"]
    out += [(f"notation:{i}", "lstm.forget", text) for i, (text, _, _) in enumerate(ERRORS)]
    out += [(f"hostile:{name}:{pid}", pid, text) for name, text in HOSTILE.items() for pid in ("lstm.forget", "deriv.sigmoid")]
    out += [(f"chain-hostile:{name}", "rnn.delta", text) for name, text in CHAIN_HOSTILE.items()]
    return out + [(f"table:{name}", pid, answer) for name, pid, answer in INVALID]


def test_every_invalid_answer_of_the_corpora_is_refused_in_chinese():
    from tutor.grading.checking import check

    language.choose("zh")
    try:
        refused = 0
        for where, pid, answer in _invalid_corpus():
            verdict = check(pid, answer)
            if verdict.verdict != "invalid":
                continue
            refused += 1
            reason = verdict.feedback[0]
            assert has_wide(reason) and _foreign(reason, answer) == [], (where, reason)
    finally:
        language.choose("en")
    assert refused >= 120


def test_every_answer_of_the_corpora_is_judged_in_chinese():
    """Published notations (their notes), right and wrong answers: the checker's words are Chinese.

    The problems of a file still untranslated (``UNTRANSLATED`` in test_translation) keep their English
    mistakes and form names, which are the bank's, not the checker's: they are left out.
    """
    from tutor.bank.problems import load_file
    from tutor.base.location import bank_dir
    from tutor.grading.checking import check

    from .test_translation import UNTRANSLATED

    untranslated = {p.id for name in UNTRANSLATED if "/" not in name for p in load_file(bank_dir() / name).problems}
    rows = [row for path in sorted((HERE / "corpus").glob("*.jsonl")) + [HERE / "answers.jsonl"] for row in _jsonl(path)
            if row["problem"] not in untranslated]
    language.choose("zh")
    try:
        notes = 0
        for row in rows:
            verdict = check(row["problem"], row["answer"])
            said = verdict.feedback + ((verdict.convention,) if verdict.convention else ())
            assert all(_foreign(text, row["answer"]) == [] for text in said), (row, said)
            notes += sum("理解为" in text for text in verdict.feedback)
    finally:
        language.choose("en")
    assert len(rows) >= 600 and notes >= 100


def _random_texts(pieces: list[str], count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 16))) for _ in range(count)]


def test_every_parse_error_is_in_chinese():
    """Texts made of the answer language's pieces, read as answers and as derivations: every refusal is Chinese."""
    from tutor.notation import ParseError, parse, parse_chain

    from .test_chains import FRAGMENTS
    from .test_notation import ALPHABET

    extra = ["\\tilde", "\\hat{", "\\frob", "\\mathrm{", "⁻", "‖", "‖_3", "_{", "_{}", "_!", "Σ_{ab}", "∏_{j=1}^{T/2}",
             "Σ_", "np.dot(", "np.maximum(", "max(", "min(1, θ/‖g‖)", "?", "\x00", "'", ")'", "\\"]
    language.choose("zh")
    try:
        refused = set()
        for text in _random_texts(ALPHABET + FRAGMENTS + extra, 4000, seed=13):
            for read in (parse, parse_chain):
                try:
                    read(text)
                except ParseError as exc:
                    assert has_wide(exc.message) and _foreign(exc.message, text) == [], (text, exc.message)
                    refused.add(exc.message.split("'")[0][:6])
    finally:
        language.choose("en")
    assert len(refused) >= 20  # many kinds of refusal were met, not one over and over


# ------------------------------------------------------------------ --batch records


BATCH = [
    {"problem": "lstm.forget", "answer": "f_t = sigmoid((W_f [h_{t-1}, x_t] + b_f)"},
    {"problem": "lstm.forget", "answer": "f_t = φ(W_f [h_{t-1}, x_t] + b_f)"},
    {"problem": "rnn.grad_whh", "answer": "Σ_t ((1 - h_t^2) ⊙ δh_t)"},
]
LINES = [json.dumps(r, ensure_ascii=False) for r in BATCH] + ["", "[1]", "{\"problem\": 1}", "{nope"]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_batch_records_in_the_chosen_language(jobs):
    data = ("\n".join(LINES) + "\n").encode()

    def run(lang):
        out = subprocess.run(installed_command() + ["check", "--batch", "-", "--jobs", jobs], input=data,
                             capture_output=True, timeout=120, env={"PATH": "/usr/bin:/bin", "RNN_TUTOR_LANG": lang})
        assert out.returncode == 0, out.stderr
        return [json.loads(line) for line in out.stdout.decode().splitlines()]

    chinese, english = run("zh"), run("en")
    assert [r["verdict"] for r in chinese] == [r["verdict"] for r in english]
    for zh, en, line in zip(chinese, english, LINES):
        assert zh["feedback"] and all(has_wide(f) and not _foreign(f, line) for f in zh["feedback"]), zh
        assert not any(has_wide(f) for f in en["feedback"]), en
    assert english[3]["feedback"] == ["line 4 is empty"]
    assert english[5]["feedback"] == ["line 6 has no text field 'problem'"]
    assert chinese[3]["feedback"] == ["第 4 行是空的"]
