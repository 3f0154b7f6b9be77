"""Derivations typed as chains: every side of every '=' is checked, the first broken link is located."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.grading.checking import check
from tutor.notation import BigOp, Name, ParseError, parse_chain

CHAINS = [
    # (id, problem, answer, verdict, words expected in the feedback)
    ("wrong-left-side", "deriv.sigmoid", "-(1+e^{-x})^{-2} · e^{-x} = σ(x)(1 − σ(x))", "incorrect", "a sign flipped"),
    ("right-left-side", "deriv.sigmoid", "e^{-x}/(1+e^{-x})^2 = σ(x)(1 − σ(x))", "correct", ""),
    ("label-then-answer", "deriv.sigmoid", "σ'(x) = σ(x)(1-σ(x))", "correct", ""),
    ("latex-label", "deriv.sigmoid", "\\sigma'(x) = \\sigma(x)(1 - \\sigma(x))", "correct", ""),
    ("d/dx-chain", "deriv.sigmoid", "σ'(x) = d/dx (1+e^{-x})^{-1} = e^{-x}/(1+e^{-x})^2 = σ(x)(1-σ(x))", "correct", ""),
    ("frac-d-dx", "deriv.sigmoid", "\\frac{d}{dx} \\frac{1}{1+e^{-x}} = \\frac{e^{-x}}{(1+e^{-x})^2} = σ(x)(1-σ(x))", "correct", ""),
    ("skipped-steps", "deriv.sigmoid", "d/dx (1+e^{-x})^{-1} = σ(x)(1-σ(x))", "correct", ""),
    ("factor-2", "deriv.sigmoid", "σ'(x) = d/dx (1+e^{-x})^{-1} = 2e^{-x}/(1+e^{-x})^2 = σ(x)(1-σ(x))", "incorrect", "a factor 2 appeared"),
    ("factor-lost", "deriv.sigmoid", "2 σ(x)(1-σ(x)) = σ(x)(1-σ(x))", "incorrect", "a factor 2 was lost"),
    ("square-dropped", "deriv.tanh", "tanh'(x) = 1 - tanh(x)^2\n= 1 - tanh(x)", "incorrect", "the square was dropped"),
    ("square-dropped-mid", "deriv.tanh", "tanh'(x) = sech(x)^2\n= 1 - tanh(x)\n= 1 - tanh(x)^2", "incorrect", "line 2"),
    ("lines-with-equals", "deriv.tanh", "tanh'(x) = d/dx tanh(x)\n= sech(x)^2\n= 1 - tanh(x)^2", "correct", ""),
    ("tanh-for-sigma", "deriv.sigmoid", "σ'(x) = σ(x)(1-σ(x)) = tanh(x)(1-σ(x))", "incorrect", "σ became tanh"),
    ("derivative-left-in", "deriv.sigmoid", "σ'(x) = d/dx σ(x)", "incorrect", "still holds a derivative"),
    ("tautology", "deriv.tanh", "tanh'(x) = tanh'(x)", "invalid", "should work out"),
    ("not-a-label", "deriv.sigmoid", "σ(x) = σ(x)(1-σ(x))", "incorrect", "does not follow"),
    ("wrong-label", "deriv.sigmoid", "tanh'(x) = σ(x)(1-σ(x))", "incorrect", "does not follow"),
    ("wrong-result", "deriv.sigmoid", "σ'(x) = e^{-x}/(1+e^{-x})^2 = σ(x)(1+σ(x))", "incorrect", "does not follow"),
    ("jacobian-label", "rnn.jacobian", "∂h_t/∂h_{t-1} = diag(1 - h_t^2) W_hh", "correct", ""),
    ("jacobian-frac-label", "rnn.jacobian", "\\frac{\\partial h_t}{\\partial h_{t-1}} = diag(1 - h_t^2) W_hh", "correct", ""),
    ("jacobian-transposed", "rnn.jacobian", "diag(1 - h_t^2) W_hh = W_hh^T diag(1 - h_t^2)", "incorrect", "transposed"),
    ("cell-grad-label", "lstm.cell_grad", "∂c_t/∂c_{t-1} = diag(f_t) = f_t", "correct", ""),
    ("clip-assign", "clip.norm", "g := θ g / ‖g‖", "correct", ""),
    ("dummy-variable", "deriv.tanh", "d/dz tanh(z) = 1 - tanh(z)^2", "correct", ""),
    ("dummy-variable-wrong", "deriv.tanh", "d/dz tanh(z) = 1 + tanh(z)^2", "incorrect", "does not follow"),
    ("dummy-beside-x", "deriv.tanh", "d/dz tanh(z) = 1 - tanh(x)^2", "invalid", "unknown name 'z'"),
    ("no-derivative-no-dummy", "deriv.tanh", "1 - tanh(z)^2", "invalid", "unknown name 'z'"),
    ("capital-cell-label", "lstm.cell_grad", "∂C_t/∂C_{t-1} = f_t", "correct", ""),
    ("capital-cell-label-wrong", "lstm.cell_grad", "∂C_t/∂C_{t-1} = i_t", "incorrect", ""),
    ("clip-in-place", "clip.norm", "p.grad[:] *= max_norm / total_norm", "correct", ""),
    ("clip-max-kept-only-with-norm", "clip.norm", "g θ / max(g, θ)", "invalid", "clipping factor"),
]


@pytest.mark.parametrize("pid,answer,verdict,words", [c[1:] for c in CHAINS], ids=[c[0] for c in CHAINS])
def test_chain(pid, answer, verdict, words):
    v = check(pid, answer)
    assert v.verdict == verdict, v
    assert words in " ".join(v.feedback)


def test_broken_link_has_a_caret_under_it():
    v = check("deriv.tanh", "tanh'(x) = sech(x)^2\n= 1 - tanh(x)\n= 1 - tanh(x)^2")
    line, marks = v.caret.splitlines()
    assert line == "= 1 - tanh(x)"
    assert marks.strip() == "^" * len("1 - tanh(x)")
    assert marks.index("^") == 2


GRADIENT_NAMES = [
    ("partial", "∂L/∂h_t"), ("latex-frac", "\\frac{\\partial L}{\\partial h_t}"), ("d-frac", "dL/dh_t"),
    ("latex-d-frac", "\\frac{dL}{dh_t}"), ("delta", "δh_t"), ("latex-delta", "\\delta h_t"), ("code", "dh_t"),
]


@pytest.mark.parametrize("text", [t for _, t in GRADIENT_NAMES], ids=[i for i, _ in GRADIENT_NAMES])
def test_gradient_spellings_are_one_name(text):
    (node,) = parse_chain(text)
    assert isinstance(node, Name) and (node.base, node.sub) == ("δh", "t")


BIGOPS = [
    ("sigma-t", "Σ_t δh_t", ("sum", "t", None, None)),
    ("latex-sum", "\\sum_{t=1}^{T} δh_t", ("sum", "t", "1", "T")),
    ("prod", "∏_{j=k+1}^{T} diag(f_j)", ("prod", "j", "k+1", "T")),
    ("latex-prod", "\\prod_{j=k+1}^T W_hh", ("prod", "j", "k+1", "T")),
    ("ascii-sum", "sum_t dh_t", ("sum", "t", None, None)),
]


@pytest.mark.parametrize("text,parts", [b[1:] for b in BIGOPS], ids=[b[0] for b in BIGOPS])
def test_big_operators(text, parts):
    (node,) = parse_chain(text)
    assert isinstance(node, BigOp)
    assert (node.op, node.index, node.lower, node.upper) == parts


def test_sum_takes_the_whole_product():
    (node,) = parse_chain("Σ_t ((1 - h_t^2) ⊙ δh_t) h_{t-1}^T + b")
    assert node.op == "+" and isinstance(node.left, BigOp)


@pytest.mark.parametrize("text", ["Σ_{tt} x", "Σ_{t=1}^{T!} x", "Σ_t", "= a = b"], ids=["long-index", "bad-bound", "empty", "leading-eq"])
def test_bad_chains_are_parse_errors(text):
    with pytest.raises(ParseError):
        parse_chain(text)


FRAGMENTS = ["δ", "∂", "L", "/", "h_t", "c_{t+1}", "f_{t+1}", "d", "dh_t", "dx", "=", "\n", "Σ_t", "∏_{j=k+1}^{T}",
             "\\sum_{t=1}^{T}", "\\frac{\\partial L}{\\partial h_t}", "(", ")", "⊙", "ᵀ", "^T", "W_hh", "diag(", "1 -",
             "σ'(x)", "tanh'(", "d/dx", "x", "+", "[h_{t-1}, x_t]", "2", "^2", " "]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=14))
def test_parse_chain_reads_or_refuses(parts):
    text = "".join(parts)
    try:
        links = parse_chain(text)
    except ParseError:
        return
    assert links and all(hasattr(link, "span") for link in links)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=10), st.sampled_from(["lstm.back.cell", "rnn.grad_whh", "deriv.sigmoid"]))
def test_check_never_fails_inside(parts, pid):
    v = check(pid, "".join(parts))
    assert v.verdict in ("correct", "incorrect", "invalid")
    assert not any("internal error" in f for f in v.feedback), ("".join(parts), v.feedback)


def test_chains_in_batch():
    import json

    from typer.testing import CliRunner

    from tutor.interface.cli import app

    rows = [
        {"id": 1, "problem": "deriv.tanh", "answer": "tanh'(x) = sech(x)^2\n= 1 - tanh(x)^2"},
        {"id": 2, "problem": "deriv.sigmoid", "answer": "-(1+e^{-x})^{-2} · e^{-x} = σ(x)(1 − σ(x))"},
        {"id": 3, "problem": "lstm.back.cell", "answer": "δc_t = δh_t ⊙ o_t ⊙ (1 - tanh(c_t)^2) + δc_{t+1} ⊙ f_t"},
    ]
    result = CliRunner().invoke(app, ["check", "--batch", "-"], input="\n".join(json.dumps(r) for r in rows) + "\n")
    out = [json.loads(line) for line in result.output.splitlines()]
    assert [o["verdict"] for o in out] == ["correct", "incorrect", "incorrect"]
    assert "a sign flipped" in out[1]["feedback"][0]
    assert "fₜ where fₜ₊₁" in out[2]["feedback"][0]


def test_chain_in_a_piped_drill(tmp_path):
    import os
    import subprocess

    from .conftest import installed_command

    env = dict(os.environ, RNN_TUTOR_HOME=str(tmp_path), NO_COLOR="1", COLUMNS="80")
    answers = "-(1+e^{-x})^{-2} e^{-x} = σ(x)(1 - σ(x))\nσ'(x) = e^{-x}/(1+e^{-x})^2 = σ(x)(1 - σ(x))\n:quit\n"
    run = subprocess.run(installed_command() + ["drill", "deriv.sigmoid"], env=env, capture_output=True, text=True, input=answers)
    assert "sign flipped" in run.stdout
    assert "✔ correct" in run.stdout


def test_every_backprop_answer_can_be_revealed(tmp_path):
    import os
    import subprocess

    from .conftest import installed_command

    env = dict(os.environ, RNN_TUTOR_HOME=str(tmp_path), NO_COLOR="1", COLUMNS="80")
    run = subprocess.run(installed_command() + ["drill", "backprop"], env=env, capture_output=True, text=True,
                         input=":show\n" * 16)
    assert run.returncode == 0, run.stderr[-500:]
    assert run.stdout.count("the answer") == 16


def test_a_chain_of_lines_through_stdin():
    from typer.testing import CliRunner

    from tutor.interface.cli import app

    answer = "tanh'(x) = sech(x)^2\n= 1 - tanh(x)\n= 1 - tanh(x)^2\n"
    result = CliRunner().invoke(app, ["check", "deriv.tanh", "-", "--ascii"], input=answer,
                                env={"COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb"})
    assert result.exit_code == 1
    assert "line 2:" in result.output
    assert "^" * len("1 - tanh(x)") in result.output  # the caret under the broken link
