"""The parser: what it reads, the errors it gives (with carets), and that it never crashes."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.notation import BinOp, Call, Concat, Name, Norm, ParseError, Transpose, parse

NAMES = [
    ("h_{t-1}", ("h", "", "t-1", 0)),
    ("h_{t−1}", ("h", "", "t-1", 0)),
    ("h_(t-1)", ("h", "", "t-1", 0)),
    ("h_prev", ("h", "", "prev", 0)),
    ("h_tm1", ("h", "", "tm1", 0)),
    ("hₜ₋₁", ("h", "", "t-1", 0)),
    ("h'", ("h", "", "", 1)),
    ("C̃_t", ("C", "tilde", "t", 0)),
    ("\\tilde{C}_t", ("C", "tilde", "t", 0)),
    ("C~_t", ("C", "tilde", "t", 0)),
    ("ĉ_t", ("c", "hat", "t", 0)),
    ("\\hat{c}_t", ("c", "hat", "t", 0)),
    ("c_hat_t", ("c", "hat", "t", 0)),
    ("h̃_t", ("h", "tilde", "t", 0)),
    ("W_{hf}", ("W", "", "hf", 0)),
    ("b_ih", ("b", "", "ih", 0)),
    ("\\theta", ("theta", "", "", 0)),
    ("θ", ("theta", "", "", 0)),
]


@pytest.mark.parametrize("text,parts", NAMES, ids=[n for n, _ in NAMES])
def test_names(text, parts):
    node = parse(text)[0].rhs
    assert isinstance(node, Name)
    assert (node.base, node.deco, node.sub, node.primes) == parts


SHAPES = [
    ("W x_t", lambda n: isinstance(n, BinOp) and n.op == "juxt"),
    ("4H(H+X+1)", lambda n: n.op == "juxt" and n.left.op == "juxt"),
    ("σ(x)(1−σ(x))", lambda n: n.op == "juxt" and isinstance(n.left, Call) and n.left.func == "sigmoid"),
    ("[h_{t-1}; x_t]", lambda n: isinstance(n, Concat) and len(n.items) == 2),
    ("concat(h, x)", lambda n: isinstance(n, Call) and n.func == "concat"),
    ("\\left[h_{t-1}, x_t\\right]", lambda n: isinstance(n, Concat)),
    ("‖g‖", lambda n: isinstance(n, Norm)),
    ("||g||", lambda n: isinstance(n, Norm)),
    ("\\|g\\|", lambda n: isinstance(n, Norm)),
    ("W^T", lambda n: isinstance(n, Transpose)),
    ("W^\\top", lambda n: isinstance(n, Transpose)),
    ("tanh^2(x)", lambda n: isinstance(n, Call) and n.power is not None),
    ("tanh x", lambda n: isinstance(n, Call) and n.func == "tanh"),
    ("1/cosh^2 x", lambda n: n.op == "/" and isinstance(n.right, Call) and n.right.func == "cosh"),
    ("\\frac{a}{b}", lambda n: n.op == "/"),
    ("a .* b", lambda n: n.op == "⊙"),
    ("a (.) b", lambda n: n.op == "⊙"),
    ("a \\odot b", lambda n: n.op == "⊙"),
    ("a ∘ b", lambda n: n.op == "⊙"),
    ("a ∗ b", lambda n: n.op == "⊙"),
    ("W · x", lambda n: n.op == "@"),
    ("W \\cdot x", lambda n: n.op == "@"),
    ("x**2", lambda n: n.op == "^"),
    ("r ⊙ W h", lambda n: n.op == "⊙" and n.right.op == "juxt"),
    ("θ/‖g‖ g", lambda n: n.op == "juxt" and n.left.op == "/"),
    ("-x^2", lambda n: type(n).__name__ == "Neg" and n.operand.op == "^"),
    ("2^3^2", lambda n: n.op == "^" and n.right.op == "^"),
]


@pytest.mark.parametrize("text,check", SHAPES, ids=[s for s, _ in SHAPES])
def test_structure(text, check):
    assert check(parse(text)[0].rhs)


def test_equations_split_on_newlines_and_semicolons():
    assert len(parse("a = x\nb = y; c = z")) == 3
    assert len(parse("f = σ(W [h;\n x] + b)")) == 1  # a newline inside brackets is white space


ERRORS = [
    ("f_t = sigmoid((W_f [h_{t-1}, x_t] + b_f)",
     "expected ')' but found the end of the answer (to close the '(' at column 14)",
     "f_t = sigmoid((W_f [h_{t-1}, x_t] + b_f)\n                                        ^"),
    ("f_t = σ(W x + b))", "unbalanced ')': there is no '(' to match it", "f_t = σ(W x + b))\n                ^"),
    ("x + ", "'+' needs something after it", "x + \n    ^"),
    ("a = b = c", "a second '=' in one equation; put each equation on its own line", "a = b = c\n      ^"),
    ("__import__('os')", "unexpected character '_'", "__import__('os')\n^"),
    ("\\frobnicate{x}", "unknown LaTeX command \\frobnicate", "\\frobnicate{x}\n^^^^^^^^^^^"),
    ("tanh + x", "tanh must be followed by '(' and its argument", "tanh + x\n     ^"),
    ("  \n ", "the answer is empty", None),
]


@pytest.mark.parametrize("text,message,caret", ERRORS, ids=[e[1][:30] for e in ERRORS])
def test_errors_with_caret(text, message, caret):
    with pytest.raises(ParseError) as info:
        parse(text)
    assert info.value.message == message
    if caret is not None:
        assert info.value.caret() == caret


def test_caret_on_the_right_line_of_a_cell():
    with pytest.raises(ParseError) as info:
        parse("f_t = σ(W x + b)\ni_t = σ(W x + b")
    assert info.value.caret().splitlines()[0] == "i_t = σ(W x + b"


def test_limits():
    with pytest.raises(ParseError, match="too long"):
        parse("+x" * 50000)
    with pytest.raises(ParseError, match="nested too deeply"):
        parse("(" * 100 + "x" + ")" * 100)


@settings(max_examples=400, deadline=None)
@given(st.text(max_size=80))
def test_parser_raises_only_parse_error(text):
    try:
        parse(text)
    except ParseError:
        pass


ALPHABET = list("hxcWbfiogrzn_t{}()[]-+*/^=,;.'σ⊙∘·@ 0123456789\\\n") + ["tanh", "sigma", "\\tilde", "\\frac", "‖", "||", "_{t-1}"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(ALPHABET), max_size=40).map("".join))
def test_parser_on_answer_like_text(text):
    try:
        parse(text)
    except ParseError:
        pass
