"""Published spellings made plain (normalisation) and names resolved (dialects), as tables; normalising never fails."""

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tutor.notation import ParseError, parse
from tutor.notation.dialects import resolve_dialects
from tutor.notation.normalisation import normalise

PLAIN = [
    ("displaystyle", r"{\displaystyle f_{t}=\sigma _{g}(x_{t})}", r"f_{t}=\sigma_{g}(x_{t})"),
    ("aligned-in-braces", r"{\begin{aligned}a&=b\\c&=d\end{aligned}}", r"\begin{aligned}a&=b\\c&=d\end{aligned}"),
    ("array-colspec", r"\begin{array}{ll} a = b \end{array}", r"\begin{array} a = b\end{array}"),
    ("wrapped-accent", r"{\tilde {c}}_{t}", r"\tilde{c}_{t}"),
    ("unbraced-accent", r"\tilde h_t", r"\tilde{h}_t"),
    ("accent-over-subscript", r"\hat{h_t}", r"\hat{h}_t"),
    ("font-around-command", r"\mathbf{\Gamma}_f", r"Γ_f"),
    ("angle-time", r"a^{\langle t-1 \rangle}", r"a^{<t-1>}"),
    ("null-delimiter", r"\sigma \left. (x) \right.", r"\sigma  (x)"),
    ("trailing-full-stop", "h_t = o_t * tanh(c_t).", "h_t = o_t * tanh(c_t)"),
    ("trailing-comma-spacing", r"c_t = a\,,", "c_t = a"),
    ("trailing-before-break", r"a = b, \\ c = d.", r"a = b\\ c = d"),
    ("tag", r"a = b \tag{1}", "a = b"),
    ("cjk-label", r"a = b \quad \text{（输入门）}", "a = b"),
    ("cjk-prose", "h_t = tanh(a)，其中 W 是输入权重", "h_t = tanh(a)"),
    ("english-prose", r"h_t = \tanh(a), where W is the input weight", r"h_t = \tanh(a)"),
    ("full-width", "h＝tanh（x）。", "h=tanh(x)"),
    ("superscripts-kept", "h_t² ᵀ", "h_t² ᵀ"),
    ("code-comment", "h = np.tanh(x)  # hidden state", "h = np.tanh(x)"),
    ("self", "self.W_hh", "W_hh"),
    ("method-dot", "x.dot(Wx)", "x @ (Wx)"),
    ("library-dot-kept", "np.dot(W, x)", "np.dot(W, x)"),
    ("method-tanh", "C.tanh()", "tanh(C)"),
    ("float-one", "1. - x", "1.0 - x"),
    ("plural-states", "hs[t-1]", "h[t-1]"),
    ("time-argument", "h(t-1) + x(t)", "h_{t-1} + x_{t}"),
    ("tanh-not-time", "tanh(t)", "tanh(t)"),
    ("markdown-underscore", r"h\_{t-1}", "h_{t-1}"),
    ("return", "return x * (1 - x)", "x * (1 - x)"),
    ("keyword-argument", "np.concatenate((h, x), axis=1)", "np.concatenate((h, x))"),
    ("unit-form", r"f_i^{(t)} = \sigma(b_i^f + \sum_j U_{i,j}^f x_j^{(t)})", r"f^{(t)} = \sigma(b^f + U^f x^{(t)})"),
    ("input-gate-kept", r"W_i x_t", r"W_i x_t"),
    ("accented-label", r"W^{(\tilde{h})}_{xh}", r"W^{(h)}_{xh}"),
    ("slices", "f = A[:, :H]\ni = A[:, 2*H:3*H]", "f = chunk(A, 0)\ni = chunk(A, 2)"),
    ("split", "ai, af = np.split(a, 2)", "ai = chunk(a, 0)\naf = chunk(a, 1)"),
    ("tuple-assignment", "i, f = sigmoid(ai), sigmoid(af)", "i = sigmoid(ai)\nf = sigmoid(af)"),
    ("matlab-list", "[x h_prev]", "[x, h_prev]"),
    ("bracketed-product-kept", "[W x]", "[W x]"),
    ("bracket-lhs", "[i, f] = xh * w + b", "i = chunk(xh * w + b, 0)\nf = chunk(xh * w + b, 1)"),
    ("in-place-scale", "p.grad[:] *= c / norm", "grad_{p} ← grad_{p} * (c / total_norm)"),
    ("in-place-divide", "g /= n", "g ← g / (n)"),
    ("norm-call-kept", "c / norm(g)", "c / norm(g)"),
    ("list-element", "t_list[i] * c", "t_list * c"),
    ("index-kept", "W[i]", "W[i]"),
]


@pytest.mark.parametrize("text,plain", [p[1:] for p in PLAIN], ids=[p[0] for p in PLAIN])
def test_normalise(text, plain):
    assert normalise(text) == plain
    assert normalise(plain) == plain


READ = [
    ("wildml-s", "rnn", "s_t = tanh(U x_t + W s_{t-1})", [("h", "t"), ("x", "t"), ("h", "t-1")], "s read as the hidden state"),
    ("dlai-a", "rnn", "a^{<t>} = tanh(W a^{<t-1>})", [("h", "t"), ("h", "t-1")], "a read as the hidden state"),
    ("goodfellow-a-kept", "rnn", "a^{(t)} = W h^{(t-1)}", [("a", "t"), ("h", "t-1")], None),
    ("gru-c-state", "gru", "c^{<t>} = c^{<t-1>}", [("h", "t"), ("h", "t-1")], "c read as the hidden state"),
    ("keras-c-candidate", "gru", "h = u * h_prev + c", [("h", "t"), ("u", ""), ("h", "t-1"), ("h", "t")], "c read as the candidate"),
    ("mlx-shift", "rnn", "h_{t+1} = tanh(W h_t + U x_t)", [("h", "t"), ("h", "t-1"), ("x", "t")], "shifted by one"),
    ("code-names", "lstm", "c_next = f * c_prev", [("c", "t"), ("f", ""), ("c", "t-1")], "code's names"),
    ("assignment", "rnn", "h = tanh(W h)", [("h", "t"), ("h", "")], "assignment style"),
    ("assignment-later-use", "lstm", "c = f * c\nh = o * tanh(c)", [("c", "t"), ("f", ""), ("c", ""), ("h", "t"), ("o", ""), ("c", "t")], "assignment"),
    ("pytorch-bare-kept", "lstm", "c' = f * c", [("c", ""), ("f", ""), ("c", "")], None),
    ("lower-w", "rnn", "h_t = tanh(w_{ih} x_t)", [("h", "t"), ("x", "t")], None),
    ("greff-z", "lstm", "c^t = z^t * i^t", [("c", "t"), ("g", "t"), ("i", "t")], "block input"),
    ("goodfellow-lstm", "lstm", "h^{(t)} = tanh(s^{(t)}) q^{(t)}", [("h", "t"), ("c", "t"), ("o", "t")], "Goodfellow"),
    ("wildml-gru", "gru", "s_t = (1 - z) * h + z * s_{t-1}", [("h", "t"), ("z", ""), ("h", "t"), ("z", ""), ("h", "t-1")], "WildML"),
    ("early-pytorch-gru", "gru", "h' = (1 - i) * n + i * h", [("h", ""), ("z", ""), ("n", ""), ("z", ""), ("h", "")], "update gate"),
    ("candidate-prime", "gru", "h_t = z * h_{t-1} + (1 - z) * h'", [("h", "t"), ("z", ""), ("h", "t-1"), ("z", ""), ("h", "t")], "candidate"),
    ("code-concat", "lstm", "f = sigmoid(concat @ W + b)", [("f", ""), ("h", "t-1"), ("x", "t")], "concatenation"),
    ("versions", "lstm", "f = a\nf = sigmoid(f)", [("f", "v1"), ("a", ""), ("f", ""), ("f", "v1")], "one value at a time"),
    ("fused-blocks", "lstm", "f = chunk(a, 0)", [("f", ""), ("a", "")], "fused affine map"),
    ("clip-factor", "deriv", "min(1, θ/‖g‖) g", [("theta", ""), ("g", ""), ("g", "")], "min(1, θ/‖g‖)"),
    ("norm-written-out", "deriv", "θ g / sqrt(g^T g)", [("theta", ""), ("g", ""), ("g", "")], "norm ‖g‖"),
    ("clip-normed-name", "clip", "t * c / l2norm(t)", [("g", ""), ("c", ""), ("g", "")], "t read as the gradient"),
    ("clip-hat", "clip", "threshold / ‖\\hat{g}‖ \\hat{g}", [("theta", ""), ("g", ""), ("g", "")], "read as the gradient"),
    ("clip-goodfellow-v", "clip", "g v / ‖g‖", [("g", ""), ("theta", ""), ("g", "")], "Goodfellow"),
    ("clip-v-beside-theta", "clip", "g v θ / ‖g‖", [("g", ""), ("v", ""), ("theta", ""), ("g", "")], None),
    ("clip-norm-variable", "clip", "t * clip_norm / max(global_norm, clip_norm)", [("g", ""), ("theta", ""), ("g", "")], "max(‖g‖, θ)"),
    ("clip-grad-attribute", "clip", "p.grad * c / norm", [("g", ""), ("c", ""), ("g", "")], "gradient"),
    ("clip-g-kept", "clip", "g * c / ‖x‖", [("g", ""), ("c", ""), ("x", "")], None),
    ("clip-only-its-problem", "deriv", "t * c / ‖t‖", [("t", ""), ("c", ""), ("t", "")], None),
    ("count-times-letter", "count", "(X + 1) x H", [("X", ""), ("H", "")], "multiplication sign"),
    ("times-letter-only-in-counts", "rnn", "(X + 1) x H", [("X", ""), ("x", ""), ("H", "")], None),
    ("greff-activation", "lstm", "y^t = h(c^t) * o^t", [("h", "t"), ("c", "t"), ("o", "t")], "Greff"),
    ("greff-activation-needs-y", "lstm", "h^t = h(c^t) * o^t", [("h", "t"), ("h", ""), ("c", "t"), ("o", "t")], None),
    ("numpy-third-cell", "lstm", "c_next = c_prev * f + u * c_current", [("c", "t"), ("c", "t-1"), ("f", ""), ("i", ""), ("c", "t")], "candidate"),
    ("never-assigned-state", "lstm", "h = o * tanh(c)", [("h", "t"), ("o", ""), ("c", "t")], "never assigned"),
    ("gru-g-names", "gru", "h = (1 - g_u) * h_prev + g_u * c", [("h", "t"), ("z", "t"), ("h", "t-1"), ("z", "t"), ("h", "t")], "candidate"),
]


def _names(node, out):
    from tutor.notation import Name, Node

    if isinstance(node, Name):
        if node.base[0] not in "WUVRb":  # parameters are renamable: only states and gates are compared
            out.append((node.base, node.sub))
    elif isinstance(node, Node):
        for field in node.FIELDS:
            value = getattr(node, field)
            for child in value if isinstance(value, tuple) else (value,):
                _names(child, out)
    return out


def test_min_is_only_the_clipping_factor():
    with pytest.raises(ParseError, match="clipping factor"):
        resolve_dialects(parse("max(g, θ)"), "deriv")


@pytest.mark.parametrize("topic,text,names,note", [r[1:] for r in READ], ids=[r[0] for r in READ])
def test_dialects(topic, text, names, note):
    eqs, notes = resolve_dialects(parse(normalise(text)), topic)
    seen = []
    for eq in eqs:
        _names(eq, seen)
    assert seen == names
    if note is None:
        assert notes == []
    else:
        assert any(note in n for n in notes), notes


PIECES = list("hcxtWb_^{}()[]<>\\.,;:#=+-*/ 1（）＝。") + [
    "\\tilde", "\\sum_j", "\\displaystyle", "\\begin{array}{ll}", "\\left.", "\\langle", ".dot(", "np.", "\\\\", "\\end{array}"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
@example("\\begin{array}{ll}{}")  # a column spec followed by braces that looked like another spec
def test_normalise_is_idempotent_and_never_fails(text):
    once = normalise(text)
    assert normalise(once) == once
    try:
        eqs = parse(once)
    except ParseError:
        return
    resolve_dialects(eqs, "lstm")


# published layout, repeated by a hostile hand: refused as invalid (or read), never a hang or an internal error
HOSTILE_LAYOUT = {
    "trailing-dots": " ." * 1990 + "x",
    "trailing-spacing": "x" + "\\, " * 1300,
    "displaystyle-nest": "{\\displaystyle " * 250 + "x" + "}" * 250,
    "method-chain": "a" + ".tanh()" * 500,
    "unit-form": "_i^{(t" * 600,
    "superscript-times": "h^{(t)}" * 500,
    "code-names": "h_prev_next_old " * 250,
    "in-place": "g *= " * 400 + "c",
    "list-elements": "t_list[i] " * 300,
    "norm-variables": "norm / " * 400 + "norm",
}


@pytest.mark.parametrize("name", list(HOSTILE_LAYOUT))
def test_hostile_layout(name):
    import time

    from tutor.grading import check

    start = time.monotonic()
    verdict = check("lstm", HOSTILE_LAYOUT[name][:3999])
    assert time.monotonic() - start < 2.0
    assert verdict.verdict == "invalid"
    assert not any("internal error" in f for f in verdict.feedback)
