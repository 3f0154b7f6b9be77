"""Published text made plain before it is read: one spelling for what sources typeset differently.

Learners paste equations as their sources write them: Wikipedia's raw LaTeX
(``{\\displaystyle {\\begin{aligned} f_{t}&=\\sigma _{g}(…)\\\\ … \\end{aligned}}}``),
PyTorch's ``\\begin{array}{ll}`` blocks, a book's trailing comma or full stop,
full-width characters from a Chinese input method, NumPy's ``x.dot(W)`` and
``1.``. None of that is mathematics; it is layout. :func:`normalise` rewrites
it into the plain answer language before the tokenizer sees it, so the lexer,
the parser and every later stage see one language (DESIGN.md: published
notations are a reading problem, not a grading one).

Each rule is a small, local rewrite of text that has one meaning; anything
that needs the structure of the equation (time indexes, names that mean
something else in a source) is resolved later, on the AST, by
:mod:`tutor.notation.dialects`. The rewrite is idempotent, so text that went
through it once (a line cut out of a cell) may go through it again.
"""

from __future__ import annotations

import re
import unicodedata

# characters whose compatibility form would lose meaning: superscript and
# subscript digits and letters are powers and indexes to the tokenizer, and a
# vulgar fraction (¼) is one bracketed division there, not 1⁄4 with a fraction slash
_KEEP = set("⁰¹²³⁴⁵⁶⁷⁸⁹⁻₀₁₂₃₄₅₆₇₈₉₋₊ₜₐₑₕᵢⱼₖₗₘₙₒₚᵣₛᵤᵥₓᵀ′″¼½¾⅐⅑⅒⅓⅔⅕⅖⅗⅘⅙⅚⅛⅜⅝⅞")
# CJK punctuation that NFKC leaves alone
_CJK = str.maketrans({"。": ".", "、": ",", "　": " ", "【": "[", "】": "]", "〈": "<", "〉": ">", "⟨": "<", "⟩": ">"})
_LIBRARIES = {"np", "numpy", "torch", "tf", "jnp", "mx", "nd", "d2l", "paddle", "K", "keras", "ops"}
_ACCENTS = r"(?:tilde|widetilde|hat|widehat|bar|overline)"
_FONTS = r"(?:mathbf|boldsymbol|bm|mathrm|mathit|text|operatorname)"

# (what must be in the text for the rule to apply, or None for any non-ASCII character; pattern; replacement)
# patterns are compiled on first use, so an answer without LaTeX or code never pays for them
_RULES = [
    # what surrounds an equation in a source: code comments, equation numbers, labels in prose
    (("#",), r"(?<!\\)#[^\n]*", ""),
    (("\\",), r"\\(?:tag|label)\*?\{[^{}]*\}|\\(?:nonumber|notag)(?![A-Za-z])", ""),
    (("\\",), r"\\(?:text|textrm|mbox)\{[^{}]*[^\x00-\x7f][^{}]*\}", ""),
    (None, r"\([^()]*[\u3400-\u9fff][^()]*\)", ""),
    # prose after the equation: "，其中 W 是…", ", where W is …"
    (("where", "with", "here"), r"[,;:]?[ \t]*(?:\\(?:q?quad|text\{)[ \t]*)?(?:where|with|here)\b[^\n]*", ""),
    (None, r"[,;:]?[ \t]*[\u3400-\u9fff][^\n]*", ""),
    (("\\",), r"\\(?:textrm|textup|mathsf)(?![A-Za-z])", r"\\text"),
    # a font around a command: \mathbf{\tilde{c}}, \mathbf{\Gamma}
    (("\\",), r"\\(?:mathbf|boldsymbol|bm|mathrm|mathit)\{\s*(\\[A-Za-z]+(?:\s*\{[^{}]*\})?)\s*\}", r"\1"),
    # code around an expression: return …, keyword arguments
    (("return",), r"(?m)^\s*return\s+", ""),
    (("axis", "dim", "keepdims", "out"), r",\s*(?:axis|dim|keepdims|out)\s*=\s*[-\w]+", ""),
    # an accented label: W^{(\tilde{h})}
    (("^{",), r"\^\{\s*(\(?)\s*\\" + _ACCENTS + r"\s*\{\s*([A-Za-z])\s*\}\s*(\)?)\s*\}", r"^{\1\2\3}"),
    # a superscript minus as a bar: h^-_t (a blog's candidate)
    (("^-",), r"([A-Za-z])\^-(?=_)", r"\\bar{\1}"),
    # Markdown's escaped underscore: h\_t
    (("\\_",), r"(?<!\\)\\_", "_"),
    # a space between a command and its subscript or argument: \sigma _{g}, \hat {h}
    (("\\",), r"(\\[A-Za-z]+)\s+(?=[_^])", r"\1"),
    (("\\",), r"(\\(?:" + _ACCENTS + "|" + _FONTS + r"))\s+(?=\{)", r"\1"),
    (("}",), r"\}\s+(?=[_^])", "}"),
    # angle brackets around a time index: a^{\langle t \rangle}
    (("\\",), r"\\langle\s*", "<"),
    (("\\",), r"\s*\\rangle", ">"),
    (("<",), r"_\{\s*<\s*(t(?:\s*[-+−]\s*1)?)\s*>\s*\}", r"_{\1}"),
    (("\\",), r"\\Gamma(?![A-Za-z])", "Γ"),
    # Leibniz's notation for the derivative of σ or tanh: dσ/dx, dtanh(x)/dx, \frac{d\sigma(x)}{dx} → d/dx σ(x)
    (("\\frac",), r"\\frac\s*\{\s*d\s*(\\sigma|\\tanh|sigmoid|tanh|σ)\s*(?:\(\s*([A-Za-z])\s*\))?\s*\}\s*\{\s*d\s*([A-Za-z])\s*\}",
     lambda m: f"\\frac{{d}}{{d{m.group(3)}}}{m.group(1)}({m.group(2) or m.group(3)})"),
    (("d",), r"(?<![\w\\])d\s*(σ|sigmoid|tanh)\s*(?:\(\s*([A-Za-z])\s*\))?\s*/\s*d\s*([A-Za-z])(?!\w)",
     lambda m: f"d/d{m.group(3)} {m.group(1)}({m.group(2) or m.group(3)})"),
    # an environment's column spec: \begin{array}{ll}
    (("\\",), r"(\\begin\{(?:array|tabular)\*?\})\s*\{[lcr|@ ]*[lcr][lcr|@ ]*\}", r"\1"),
    # null delimiters and sized-delimiter variants: \left. \right. \bigl( \Bigr)
    (("\\",), r"\\(?:left|right|big|Big|bigg|Bigg)[lr]?\s*\.", ""),
    (("\\",), r"\\(big|Big|bigg|Bigg)[lrm](?![A-Za-z])", r"\\\1"),
    # an accent without braces: \tilde h_t, \hat c_t
    (("\\",), r"\\(" + _ACCENTS + r")\s+([A-Za-z])", r"\\\1{\2}"),
    # an accent over a subscripted name: \hat{h_t}, \tilde{C_{t}}
    (("\\",), r"\\(" + _ACCENTS + r")\{\s*((?:\\" + _FONTS + r"\{)?[A-Za-z]\}?)\s*(_(?:\{[^{}]*\}|[A-Za-z0-9]+))\s*\}", r"\\\1{\2}\3"),
    # NumPy: self.W, x.dot(W), 1. and 0.
    (("self.",), r"\bself\.", ""),
    (("_",), r"(?<![\w.])_+(?=[A-Za-z]\w*\s*\()", ""),
    (("layer", "[l"), r"\[\s*(?:layer|l|layer_idx|i_layer)\s*\]", ""),
    (("minus",), r"_t_?minus_?1\b", "_{t-1}"),
    (("_{[",), r"_\{\s*\[\s*(t(?:\s*[-+−]\s*1)?)\s*\]\s*\}", r"_{\1}"),
    ((".dot",), r"(\b[A-Za-z_]\w*|[)\]])\.dot\s*\(", lambda m: m.group(0) if m.group(1) in _LIBRARIES else m.group(1) + " @ ("),
    ((".",), r"(?<![\w.])(\d+)\.(?![\w(])", r"\1.0"),
    # code's in-place update: g[:] *= c (the whole array, scaled) is g ← g * (c); p.grad is p's gradient
    (("[:]",), r"(?<=\w)\[\s*:\s*\]", ""),
    (("*=", "/="), r"(?m)^([ \t]*)([A-Za-z_][\w.]*)\s*([*/])=\s*([^\n]+)$", r"\1\2 ← \2 \3 (\4)"),
    ((".grad",), r"\b([A-Za-z_]\w*)\.grad\b", r"grad_{\1}"),
    # one tensor of a list of tensors (TensorFlow's t_list[i], grads[i]): the tensor
    (("list[", "s[i]"), r"\b([A-Za-z]\w*_list|(?:[A-Za-z]\w*_)?(?:grads|tensors))\[\s*[ijk]\s*\]", r"\1"),
    # a norm held in a variable (d2l's norm, PyTorch's total_norm), not the function norm(…)
    (("norm",), r"(?<![\w\\])norm(?![\w(]|\s*\()", "total_norm"),
    # MATLAB's list without commas: [x h_prev] (never a parameter inside, which would be a product)
    (("[",), r"\[\s*((?![WUVR])[A-Za-z]\w*)\s+((?![WUVR])[A-Za-z]\w*)\s*\]", r"[\1, \2]"),
    # Karpathy's lists of states: hs[t], xs[t]
    (("s[",), r"\b([hxcsa])s\[(?=\s*t)", r"\1["),
    # time as an argument: h(t-1), x(t)
    (("(t", "( t"), r"(?<![\w\\])([hxcsaHXC])\(\s*(t\s*[-+−]\s*1|t)\s*\)", r"\1_{\2}"),
]
# where a displayed line ends: a newline, LaTeX's \\, the end of an environment
_LINE_END = (r"(\\\\|\\end\{|\n)")
# what may trail a displayed line without meaning anything: punctuation and LaTeX spacing
_SPACING = ("\\qquad", "\\quad", "\\,", "\\;", "\\:", "\\!", "\\ ")
# a braced group made only of one accented or font-changed name: {\tilde{c}}_{t}
_WRAPPED = (r"(?<![A-Za-z])\{\s*(\\(?:" + _ACCENTS + "|" + _FONTS + r")\{(?:\\" + _FONTS + r"\{[A-Za-z]+\}|[A-Za-z]+)\})\s*\}")


def normalise(text: str) -> str:
    """The answer language's plain spelling of ``text`` (layout removed, meaning kept).

    Example:
        >>> normalise("{\\\\displaystyle {\\\\tilde {c}}_{t}=\\\\sigma _{c}(W_{c}x_{t})}")
        '\\\\tilde{c}_{t}=\\\\sigma_{c}(W_{c}x_{t})'
    """
    text = "".join(ch if ch in _KEEP or ch.isascii() else unicodedata.normalize("NFKC", ch) for ch in text)
    text = text.translate(_CJK)
    text = _unwrap_blocks(text)
    if ("_j" in text or "_{j" in text or "_i^" in text or "_{i}^" in text) and re.search(_COMPONENTS, text):
        text = _vector_form(text)
    wide = not text.isascii()
    for needs, pattern, repl in _RULES:
        if (wide if needs is None else any(n in text for n in needs)):
            text = re.sub(pattern, repl, text)
    for _ in range(3 if "{\\" in text else 0):
        text, n = re.subn(_WRAPPED, r"\1", text)
        if not n:
            break
    text = _methods(text)
    text = _fused_blocks(text)
    return "".join(_strip_trailing(p) if i % 2 == 0 else p for i, p in enumerate(re.split(_LINE_END, text)))


_SLICE = (r"\b(\w+)\[\s*:\s*,\s*(\d*)\s*\*?\s*([A-Za-z]\w*)?\s*:[^\]]*\]")
_SPLIT = (r"^(?:np|numpy|torch|tf|jnp)\.(?:split|chunk|array_split)\(\s*(.+?)\s*,\s*(\d)\s*\)$")


def _fused_blocks(text: str) -> str:
    """Code's fused gates: one affine map for all gates, cut into blocks.

    ``f = A[:, :H]``, ``i = A[:, 2*H:3*H]`` (slices), ``ai, af = np.split(a, 2)``
    and ``[i, f, ci, o] = xh * w + b`` become ``chunk(A, k)``, block k of the map;
    :mod:`tutor.notation.dialects` gives each block weights of its own. A tuple
    assignment ``i, f = sigmoid(ai), sigmoid(af)`` becomes one line per name.
    """
    if "[" not in text and "," not in text:
        return text

    def sliced(m):
        k = int(m.group(2)) if m.group(2) else (1 if m.group(3) else 0)
        return f"chunk({m.group(1)}, {k})"

    text = re.sub(_SLICE, sliced, text) if "[:" in text.replace(" ", "") else text
    out = []
    for line in text.split("\n"):
        lhs, eq, rhs = line.partition("=")
        names = [n.strip() for n in re.split(r"[,\s]+", lhs.strip().strip("[]")) if n.strip()]
        if not eq or len(names) < 2 or not all(re.fullmatch(r"[A-Za-z_]\w*", n) for n in names) or rhs.startswith("="):
            out.append(line)
            continue
        values = _top_level(rhs.strip())
        split = re.match(_SPLIT, rhs.strip())
        if len(values) == len(names):
            out += [f"{n} = {v}" for n, v in zip(names, values)]
        elif split and int(split.group(2)) == len(names):
            out += [f"{n} = chunk({split.group(1)}, {k})" for k, n in enumerate(names)]
        elif lhs.strip().startswith("[") and len(values) == 1:
            out += [f"{n} = chunk({values[0]}, {k})" for k, n in enumerate(names)]
        else:
            out.append(line)
    return "\n".join(out)


def _top_level(text: str) -> list[str]:
    """``text`` cut at the commas outside brackets."""
    parts, depth, start = [], 0, 0
    for i, c in enumerate(text):
        depth += (c in "([{") - (c in ")]}")
        if c == "," and depth == 0:
            parts.append(text[start:i].strip())
            start = i + 1
    parts.append(text[start:].strip())
    return parts


def _strip_trailing(line: str) -> str:
    """A line without the full stop, comma or semicolon (and spacing) that ends it in print."""
    while line:
        for space in _SPACING:
            if line.endswith(space) and not line.endswith("\\" + space):
                line = line[: -len(space)]
                break
        else:
            if line[-1] in " \t\r,.;" and not line.endswith("\\" + line[-1]):
                line = line[:-1]
            else:
                return line
    return line


_METHOD = (r"\.(tanh|sigmoid|exp|relu)\(\s*\)")


def _methods(text: str) -> str:
    """x.tanh(), nd.dot(X, W).tanh(): a method call is the function of what precedes it."""
    for _ in range(8):
        m = re.search(_METHOD, text) if "()" in text else None
        if not m:
            return text
        end = m.start()
        if end and text[end - 1] == ")":
            depth, start = 0, end - 1
            while start >= 0:
                depth += {")": 1, "(": -1}.get(text[start], 0)
                if depth == 0:
                    break
                start -= 1
            while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_."):
                start -= 1  # the function whose call it is: nd.dot(…)
        else:
            start = end
            while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "_"):
                start -= 1
        if start < 0 or start == end:
            return text
        text = f"{text[:start]}{m.group(1)}({text[start:end]}){text[m.end():]}"
    return text


_COMPONENTS = (r"\\sum_\{?j\}?|\]\s*_\{?j\}?|_\{?j\}?\^\{?\s*[(<\\]|_\{?i\}?\^\{\s*\(\s*t")


def _vector_form(text: str) -> str:
    """Goodfellow's and Cho's unit-by-unit form, f_i^{(t)} = σ(b_i^f + Σ_j U_{i,j}^f x_j^{(t)} + …), as vectors.

    A sum over j of U_{i,j} x_j is the matrix product U x, and the unit index i
    or j on every other name only says "this entry": dropping both gives the
    same equation for whole vectors.
    """
    text = re.sub(r"\\sum_\{?j\}?\s*", "", text)
    text = re.sub(r"_\{\s*[ij]\s*,\s*[ij]\s*\}", "", text)
    text = re.sub(r"\]\s*_\{?j\}?", "]", text)
    text = re.sub(r"_\{?[ij]\}?(?![A-Za-z0-9])", "", text)
    return text


def _unwrap_blocks(text: str) -> str:
    """Drop ``{\\displaystyle …}`` and braces that hold a whole ``\\begin … \\end`` block."""
    for _ in range(8):
        m = re.search(r"\{\s*(?:\\displaystyle|\\textstyle)?\s*(?=\\displaystyle|\\textstyle|\\begin\{)", text)
        if not m:
            return text
        close = _matching(text, m.start())
        if close is None:
            return text
        inner = text[m.end() : close]
        if not inner.startswith("\\begin") and not inner.startswith("\\displaystyle") and not inner.startswith("\\textstyle"):
            return text
        if inner.startswith("\\begin") and not inner.rstrip().endswith("}"):
            return text
        inner = re.sub(r"^\\(?:displaystyle|textstyle)\s*", "", inner)
        text = text[: m.start()] + inner + text[close + 1 :]
    return text


def _matching(text: str, open_at: int) -> int | None:
    depth = 0
    i = open_at
    while i < len(text):
        c = text[i]
        if c == "\\":  # \\ (a line break) and \{ (an escaped brace) are never a group's braces
            i += 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return None
