"""The notation of gradients and of sums and products over time, read into ordinary tokens.

Backpropagation is written many ways: ``∂L/∂h_t``, ``\\frac{\\partial L}{\\partial h_t}``,
``dL/dh_t``, ``δh_t``, ``\\delta h_t`` and, in code, ``dh_t``. All of them mean
one quantity, the total gradient of the loss L with respect to hₜ, so they are
read here into *one* name token, spelled ``δh_t`` (base ``δh``, subscript
``t``): every later stage sees a plain name and never a spelling again. A
derivative of something other than the loss (``∂ℓ_t/∂y_t``, ``∂h_T/∂h_k``)
becomes a name too, spelled with its numerator (``∂ℓ_t/∂y_t``), so that a
problem can admit it, or name it as its target.

Big operators (``Σ_t``, ``\\sum_{t=1}^{T}``, ``∏_{j=k+1}^{T}``, ``prod_j``) are read
by :func:`read_bigop` into one ``BIGOP`` token carrying the index and its
bounds; the parser gives the operator the product that follows it.

This runs between the lexer and the parser, on tokens, and evaluates nothing.
``d/dx`` and ``\\frac{d}{dx}`` are left alone: they are a derivative operator,
which the grading stage applies.
"""

from __future__ import annotations

from .ast import Name
from .errors import Span
from ..base.language import _

LOSS = {"L", "ℒ"}
# what a code-style d-name may be the gradient of: dh_t, dc_next, dW_hh, do_t, df_t
GRADIENT_OF = set("hcxyofigznraWUVbℓl")
SUBSCRIPT_MAP = str.maketrans("₀₁₂₃₄₅₆₇₈₉₋₊ₜₐₑₕᵢⱼₖₗₘₙₒₚᵣₛᵤᵥₓ", "0123456789-+taehijklmnoprsuvx")


def gradient_name(num: Name | None, den: Name, span: Span, raw: str) -> Name:
    """The name of ∂num/∂den: ``δ<den>`` when num is the loss (or None), else ``∂<num>/∂<den>``."""
    if num is None or (num.base in LOSS and not num.sub):
        base = "δ" + den.base
    else:
        base = "ℓ" if num.base == "l" else num.base  # dl_t/dy_t in code is ∂ℓ_t/∂y_t
        shown = base + ("_" + num.sub if num.sub else "") + "'" * num.primes
        base = f"∂{shown}/∂{den.base}"
    return Name(span, raw, base, den.deco, den.sub, den.primes)


def _strip_d(name: Name) -> Name | None:
    """``dL`` → L, ``dh_t`` → h_t: the name after a d, or None when it is not a differential."""
    if len(name.base) < 2 or name.base[0] != "d" or name.base[1] not in GRADIENT_OF | LOSS:
        return None
    rest = name.base[1:]
    return Name(name.span, name.raw, rest, name.deco, name.sub, name.primes)


class _Reader:
    def __init__(self, tokens: list, src: str):
        self.toks = tokens
        self.src = src

    def kind(self, i: int) -> str:
        return self.toks[i].kind if i < len(self.toks) else "EOF"

    def differential(self, i: int):
        """``∂X``, ``d X`` or ``dX`` at token i: (X, index after it) or None."""
        t = self.toks[i] if i < len(self.toks) else None
        if t is None or t.kind != "NAME":
            return None
        n = t.name
        if n.base in ("∂", "d") and not n.sub and not n.primes and self.kind(i + 1) == "NAME":
            inner = self.toks[i + 1].name
            if inner.base not in ("∂", "d", "δ"):
                return inner, i + 2
            return None
        stripped = _strip_d(n)
        if stripped is not None:
            return stripped, i + 1
        return None

    def run(self) -> list:
        out = []
        toks = self.toks
        i = 0
        while i < len(toks):
            t = toks[i]
            made = None
            if t.kind == "NAME":
                made = self.fraction(i)
                if made is None and t.name.base == "δ" and not t.name.sub and self.kind(i + 1) == "NAME":
                    den = toks[i + 1].name
                    span = Span(t.span.start, toks[i + 1].span.end)
                    made = (gradient_name(None, den, span, self.src[span.start : span.end]), i + 2)
                if made is None and self.code_style(i):
                    den = _strip_d(t.name)
                    made = (gradient_name(None, den, t.span, t.text), i + 1)
            elif t.kind == "FRAC":
                made = self.latex_fraction(i)
            if made is None:
                out.append(t)
                i += 1
                continue
            name, i = made
            out.append(type(t)("NAME", name.raw, name.span, name))
        return out

    def fraction(self, i: int):
        """``∂L/∂h_t``, ``dL/dh_t``, ``∂ℓ_t/∂y_t`` at token i."""
        first = self.differential(i)
        if first is None:
            return None
        num, j = first
        if self.kind(j) != "OP" or self.toks[j].text != "/":
            return None
        second = self.differential(j + 1)
        if second is None:
            return None
        den, k = second
        span = Span(self.toks[i].span.start, self.toks[k - 1].span.end)
        return gradient_name(num, den, span, self.src[span.start : span.end]), k

    def latex_fraction(self, i: int):
        """``\\frac{\\partial L}{\\partial h_t}`` and ``\\frac{dL}{dh_t}`` at token i."""
        if self.kind(i + 1) != "LC":
            return None
        first = self.differential(i + 2)
        if first is None or self.kind(first[1]) != "RC" or self.kind(first[1] + 1) != "LC":
            return None
        second = self.differential(first[1] + 2)
        if second is None or self.kind(second[1]) != "RC":
            return None
        end = second[1]
        span = Span(self.toks[i].span.start, self.toks[end].span.end)
        return gradient_name(first[0], second[0], span, self.src[span.start : span.end]), end + 1

    def code_style(self, i: int) -> bool:
        """``dh_t``, ``dW_hh`` standing alone (code); not the dx of d/dx."""
        n = self.toks[i].name
        stripped = _strip_d(n)
        if stripped is None or stripped.base in LOSS or not (n.sub or stripped.base[0] in "WUV"):
            return False
        before = self.toks[i - 1] if i else None
        return not (before is not None and ((before.kind == "OP" and before.text == "/") or before.kind == "LC"))


def read_gradients(tokens: list, src: str) -> list:
    """Rewrite the gradient spellings of a token list into single name tokens."""
    if not any(t.kind in ("NAME", "FRAC") and (t.kind == "FRAC" or t.name.base[:1] in ("∂", "d", "δ")) for t in tokens):
        return tokens
    return _Reader(tokens, src).run()


def read_bigop(lexer, start: int, op: str) -> None:
    """Σ / ∏ / \\sum / \\prod at ``start``, its symbol already consumed: read ``_{t=1}^{T}`` into a BIGOP token."""
    index = lower = upper = None
    for _pass in range(2):
        c = lexer.peek()
        if c == "_":
            lexer.pos += 1
            text = _script(lexer)
            name, _equals, low = text.partition("=")
            index, lower = name.strip() or None, low.strip() or None
        elif c == "^":
            lexer.pos += 1
            upper = _script(lexer).strip() or None
        elif c and c in "ₜⱼₖᵢ":
            lexer.pos += 1
            index = c.translate(SUBSCRIPT_MAP)
        else:
            break
    if index is not None and not (index.isascii() and index.isalpha() and len(index) == 1):
        lexer.error(_("the index of a sum must be one letter, as in Σ_t") if op == "sum"
                    else _("the index of a product must be one letter, as in ∏_t"), start, lexer.pos)
    for bound in (lower, upper):
        if bound is not None and not all(ch.isalnum() or ch in "+-" for ch in bound):
            lexer.error(_("the bound {bound!r} is not understood; write it as 1, T, k+1 …").format(bound=bound), start, lexer.pos)
    lexer.add("BIGOP", op, start)
    lexer.tokens[-1].name = (index, lower, upper)


def _script(lexer) -> str:
    """One sub- or superscript: ``{…}`` (no nesting) or a run of letters and digits, or one character."""
    src = lexer.src
    if lexer.peek() == "{":
        close = src.find("}", lexer.pos)
        if close == -1:
            lexer.error(_("unclosed {"), lexer.pos)
        text = src[lexer.pos + 1 : close]
        lexer.pos = close + 1
        return text.replace(" ", "").replace("−", "-")
    begin = lexer.pos
    while lexer.peek() and lexer.peek().isascii() and lexer.peek().isalnum():
        lexer.pos += 1
    if lexer.pos == begin:
        lexer.error(_("a sub- or superscript was expected here"), begin)
    return src[begin : lexer.pos]
