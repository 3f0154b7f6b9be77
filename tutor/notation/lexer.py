"""Tokens of the answer language: ASCII, Unicode and LaTeX spellings read into one vocabulary.

Names are decomposed as they are read (``\\tilde{C}_{t-1}'`` is base C, decoration
tilde, subscript t-1, one prime), so that the rest of the tutor never looks at
spellings again. Nothing is evaluated.
"""

from __future__ import annotations

import re
import unicodedata

from .ast import Name
from ..base.language import _
from .calculus import read_bigop
from .errors import ParseError, Span

MAX_TOKENS = 1500

# ---------------------------------------------------------------------- vocabulary

FUNCTIONS = {
    "sigma": "sigmoid", "sigmoid": "sigmoid", "σ": "sigmoid", "sig": "sigmoid",
    "tanh": "tanh", "relu": "relu", "exp": "exp", "log": "log", "ln": "log",
    "diag": "diag", "norm": "norm", "sech": "sech", "cosh": "cosh", "sinh": "sinh",
    "concat": "concat", "cat": "concat", "concatenate": "concat", "hstack": "concat", "vstack": "concat",
    "sqrt": "sqrt", "abs": "abs", "logistic": "sigmoid", "expit": "sigmoid", "softmax": "softmax",
    "dot": "dot", "outer": "outer",
    "chunk": "chunk",  # block k of a fused affine map (see normalisation)
    "phi": "phi", "φ": "phi", "l2norm": "norm", "l2_norm": "norm", "min": "min", "max": "max",  # d2l's activation; read as tanh (with a note) by dialects
}
# code's spellings of products, known only after a library prefix (np.dot, torch.mm) so
# that a learner's own name ``mm`` stays a name
CODE_FUNCS = {"dot": "matmul", "matmul": "matmul", "mm": "matmul", "mv": "matmul", "multiply": "multiply",
              "mul": "multiply", "maximum": "maximum"}
# a time index written as a superscript: h^{(t)} (Goodfellow), c^{<t>} (deeplearning.ai), c^t (Greff)
_TIME = r"(t(?:\s*[-+−]\s*1)?)"
TIME_SUPERSCRIPT = (r"\^(?:\{\s*[(<]?\s*" + _TIME + r"\s*[)>]?\s*\}|[(<]\s*" + _TIME + r"\s*[)>]|(t)(?![A-Za-z0-9]))")
# a label written as a superscript on a parameter: W^{(hh)}, U^{(z)}, U^i, b^f (never ^T, a transpose)
LABEL_SUPERSCRIPT = (r"\^(?:\{\s*\(?\s*([A-Za-z][A-Za-z0-9]*)\s*\)?\s*\}|\(\s*([A-Za-z][A-Za-z0-9]*)\s*\)|([A-SU-Za-z]))")
# (patterns compiled on first use: most answers never need them, and start-up counts)
DECO_WORDS = {"hat": "hat", "tilde": "tilde", "tilda": "tilde", "bar": "bar"}
# Words that look like names but mean nothing in this language; a clear error beats
# reading them as a product of one-letter names.
LATEX_FUNCS = {"sigma": "sigmoid", "tanh": "tanh", "exp": "exp", "log": "log", "ln": "log",
               "cosh": "cosh", "sinh": "sinh", "sqrt": "sqrt", "operatorname": None, "min": "min", "max": "max"}
LATEX_OPS = {"odot": "⊙", "circ": "⊙", "cdot": "@", "times": "*", "ast": "*", "otimes": "⊙", "bullet": "⊙"}
LATEX_SYMBOLS = {"theta": "θ", "top": "T", "alpha": "α", "partial": "∂", "phi": "φ", "delta": "δ", "ell": "ℓ"}
# sums and products over time: Σ_t, \sum_{t=1}^{T}, ∏_{j=k+1}^{T}, prod_j (read by notation.calculus)
BIGOPS = {"Σ": "sum", "∑": "sum", "Π": "prod", "∏": "prod", "sum": "sum", "prod": "prod"}
LATEX_IGNORED = {"left", "right", "big", "Big", "bigg", "Bigg", "mathrm", "mathbf", "boldsymbol",
                 "mathit", "bm", "text", "displaystyle", "quad", "qquad"}
MUL_OPS = {"*": "*", "@": "@", "·": "@", "⋅": "@", "⊙": "⊙", "∘": "⊙", "∗": "⊙", "°": "⊙",
           "×": "*", "/": "/"}
MINUS = {"-", "−", "–", "—"}
DIGITS = "0123456789"
SUPERSCRIPTS = {"⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4", "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8", "⁹": "9", "⁻": "-"}
SUBSCRIPT_DIGITS = str.maketrans("₀₁₂₃₄₅₆₇₈₉₋₊ₜₐₑₕᵢⱼₖₗₘₙₒₚᵣₛᵤᵥₓ", "0123456789-+taehijklmnoprsuvx")
COMBINING = {"\u0303": "tilde", "\u0302": "hat", "\u0304": "bar"}
GREEK_NAMES = {"θ": "theta", "α": "alpha"}
# library prefixes of code-style answers (torch.sigmoid, np.tanh, F.relu, np.linalg.norm)
MODULES = {"torch", "np", "numpy", "F", "math", "jnp", "tf", "nn", "functional", "linalg", "special", "scipy",
           "d2l", "nd", "mx", "paddle", "K", "backend", "keras", "ops", "mlx", "core"}
# functions that are only ever called with parentheses: without them the word is a name (code's ``concat``)
CALLED_ONLY = {"concat", "cat", "concatenate", "hstack", "vstack"}
# Wikipedia's LSTM and GRU name their activations σ_g (sigmoid), σ_c, σ_h and φ_h (tanh)
WIKI_ACTIVATIONS = {"g": "sigmoid", "c": "tanh", "h": "tanh"}


class Token:
    """kind: NUM NAME FUNC OP LP RP LB RB LC RC COMMA SEMI EQ NL NORM POW T FRAC EOF; name: the decomposed NAME."""

    __slots__ = ("kind", "text", "span", "name")

    def __init__(self, kind: str, text: str, span: Span, name: Name | None = None):
        self.kind, self.text, self.span, self.name = kind, text, span, name


class _Lexer:
    def __init__(self, src: str):
        self.src = src
        self.pos = 0
        self.depth = 0  # bracket depth: a newline inside brackets is only white space
        self.tokens: list[Token] = []

    def error(self, msg: str, start: int, end: int | None = None):
        raise ParseError(msg, Span(start, end if end is not None else start + 1), self.src)

    def peek(self, k: int = 0) -> str:
        p = self.pos + k
        return self.src[p] if p < len(self.src) else ""

    def add(self, kind, text, start, name=None):
        self.tokens.append(Token(kind, text, Span(start, self.pos), name))
        if len(self.tokens) > MAX_TOKENS:
            self.error(_("answer too long (more than {limit} symbols)").format(limit=MAX_TOKENS), start)

    def run(self) -> list[Token]:
        src = self.src
        while self.pos < len(src):
            c = src[self.pos]
            start = self.pos
            if c == "\n":
                self.pos += 1
                if self.depth <= 0:
                    self.add("NL", c, start)
            elif c in " \t\r\u00a0\u2009\u200b$&":  # $…$ math delimiters and & alignment marks are layout
                self.pos += 1
            elif c == "\\":
                self.latex(start)
            elif c in DIGITS or (c == "." and self.peek(1) in DIGITS and self.peek(1)):
                while self.peek() and self.peek() in DIGITS:
                    self.pos += 1
                if self.peek() == "." and self.peek(1) and self.peek(1) in DIGITS:
                    self.pos += 1
                    while self.peek() and self.peek() in DIGITS:
                        self.pos += 1
                self.add("NUM", src[start : self.pos], start)
            elif c == "%" and self.tokens and self.tokens[-1].kind == "NUM":  # 25%: a number over 100
                self.pos += 1
                num = self.tokens.pop()
                for kind, text in (("LP", "("), ("NUM", num.text), ("OP", "/"), ("NUM", "100"), ("RP", ")")):
                    self.tokens.append(Token(kind, text, Span(num.span.start, self.pos)))
            elif re.fullmatch(r"\d+\u2044\d+", unicodedata.normalize("NFKC", c)):
                self.pos += 1  # ¼, ½, ¾: a vulgar fraction is a bracketed division
                top, bottom = unicodedata.normalize("NFKC", c).split("\u2044")
                for kind, text in (("LP", "("), ("NUM", top), ("OP", "/"), ("NUM", bottom), ("RP", ")")):
                    self.add(kind, text, start)
            elif c in ("ᵀ", "⊤"):  # Wᵀ: the transpose as a superscript
                self.pos += 1
                self.add("POW", "^", start)
                self.add("T", "T", start)
            elif c in SUPERSCRIPTS:  # hₜ², tanh²(x): a power written as a superscript
                self.pos += 1
                self.add("POW", "^", start)
                digits_start = self.pos - 1
                text = SUPERSCRIPTS[c]
                while self.peek() and self.peek() in SUPERSCRIPTS and SUPERSCRIPTS[self.peek()] != "-":
                    text += SUPERSCRIPTS[self.peek()]
                    self.pos += 1
                if text == "-":
                    self.error(_("a superscript minus needs a digit after it"), start)
                if text.startswith("-"):
                    self.tokens[-1] = Token("POW", "^", Span(start, start + 1))
                    self.add("OP", "-", digits_start)
                    text = text[1:]
                self.add("NUM", text, digits_start)
            elif c == "." and self.peek(1) == "*":
                self.pos += 2
                self.add("OP", "⊙", start)
            elif c == "." and self.peek(1) == "T" and not self.peek(2).isalnum():
                self.pos += 2  # W.T: NumPy's transpose
                self.add("POW", "^", start)
                self.add("T", "T", start)
            elif c == ".":
                self.pos += 1
                self.add("OP", "*", start)  # a product, read by the types: W.x a matrix product, z.h elementwise
            elif c == ":" and self.peek(1) == "=":
                self.pos += 2
                self.add("EQ", "=", start)
            elif c in ("←", "≔"):
                self.pos += 1
                self.add("EQ", "=", start)
            elif c == "(" and self.peek(1) == "." and self.peek(2) == ")":
                self.pos += 3
                self.add("OP", "⊙", start)
            elif c == "*" and self.peek(1) == "*":
                self.pos += 2
                self.add("POW", "^", start)
            elif c == "^":
                self.pos += 1
                self.add("POW", "^", start)
            elif c in MUL_OPS:
                self.pos += 1
                self.add("OP", MUL_OPS[c], start)
            elif c == "+":
                self.pos += 1
                self.add("OP", "+", start)
            elif c in MINUS:
                self.pos += 1
                self.add("OP", "-", start)
            elif c in "()[]{}":
                self.pos += 1
                self.depth += 1 if c in "([{" else -1
                self.add({"(": "LP", ")": "RP", "[": "LB", "]": "RB", "{": "LC", "}": "RC"}[c], c, start)
            elif c == ",":
                self.pos += 1
                self.add("COMMA", c, start)
            elif c == ";":
                self.pos += 1
                self.add("SEMI", c, start)
            elif c == "=":
                self.pos += 1
                self.add("EQ", c, start)
            elif c == "‖":
                self.pos += 1
                self.add("NORM", c, start)
            elif c == "_" and self.tokens and self.tokens[-1].kind == "NORM":
                self.subscript_after_norm(start)
            elif c == "₂" and self.tokens and self.tokens[-1].kind == "NORM":
                self.pos += 1  # ‖g‖₂: the 2-norm, the norm meant anyway
            elif c == "∂":
                self.pos += 1
                self.finish_name(start, "∂", "")
            elif c == "|":
                self.pos += 2 if self.peek(1) == "|" else 1
                self.add("NORM", "‖", start)
            elif c in ("'", "’") and self.tokens and self.tokens[-1].kind == "RP":
                self.error(_("a prime here is not understood; write the derivative out"), start)
            elif c in BIGOPS:
                self.pos += 1
                read_bigop(self, start, BIGOPS[c])
            elif _is_letter(c):
                self.word(start)
            else:
                shown = c if c.isprintable() else repr(c)
                self.error(_("unexpected character {character!r}").format(character=shown), start)
        self.add("EOF", "", self.pos)
        return self.tokens

    def subscript_after_norm(self, start: int):
        """‖g‖_2: the 2-norm is the norm meant anyway, so the subscript is read and dropped."""
        self.pos += 1
        text = self.subscript()
        if text != "2":
            self.error(_("only the 2-norm ‖g‖ (or ‖g‖_2) is understood"), start, self.pos)

    # -- words -----------------------------------------------------------------

    def word(self, start: int):
        src = self.src
        c = src[self.pos]
        decomposed = unicodedata.normalize("NFD", c)
        deco = ""
        if len(decomposed) > 1 and decomposed[1] in COMBINING:
            base = decomposed[0]
            deco = COMBINING[decomposed[1]]
            self.pos += 1
        elif c in GREEK_NAMES or c == "σ" or not c.isascii():
            base = c
            self.pos += 1
        else:
            while self.pos < len(src) and src[self.pos].isascii() and (src[self.pos].isalnum()):
                self.pos += 1
            base = src[start : self.pos]
            if base in MODULES and self.peek() == ".":
                # torch.sigmoid, np.tanh, F.relu, np.linalg.norm: a library's name for a known function
                j = self.pos
                while self.src[j : j + 1] == ".":
                    k = j + 1
                    while k < len(src) and src[k].isascii() and src[k].isalnum():
                        k += 1
                    word = src[j + 1 : k]
                    if word in FUNCTIONS or word in CODE_FUNCS:
                        self.pos = k
                        self.add("FUNC", CODE_FUNCS.get(word) or FUNCTIONS[word], start)
                        return
                    if word not in MODULES:
                        break
                    j = k
        if base in ("sum", "prod") and self.peek() in ("_", "^") and self.peek():
            read_bigop(self, start, BIGOPS[base])
            return
        while self.peek() in COMBINING:
            deco = COMBINING[self.peek()]
            self.pos += 1
        if base in ("σ", "sigma", "φ", "phi") and not deco and self.peek() == "_":
            after = self.src[self.pos + 1 : self.pos + 4]
            letter = after[1] if after.startswith("{") and after[2:3] == "}" else after[:1]
            width = 3 if after.startswith("{") else 1
            nxt = self.src[self.pos + 1 + width : self.pos + 2 + width]
            if letter in WIKI_ACTIVATIONS and not nxt.isalnum():
                self.pos += 1 + width
                self.add("FUNC", WIKI_ACTIVATIONS[letter] if base in ("σ", "sigma") or letter != "g" else "sigmoid", start)
                return
        if base in FUNCTIONS and not deco and self.peek() != "_" and not (
                base in CALLED_ONLY and self.src[self.pos :].lstrip()[:1] not in ("(", "[")):
            self.add("FUNC", FUNCTIONS[base] + self.primes(), start)
            return
        if self.peek() == "~":
            deco = "tilde"
            self.pos += 1
        self.finish_name(start, GREEK_NAMES.get(base, base), deco)

    def primes(self) -> str:
        out = ""
        while self.peek() in ("'", "’", "′") and self.peek():
            out += "'"
            self.pos += 1
        return out

    def finish_name(self, start: int, base: str, deco: str):
        parts: list[str] = []
        while True:
            if self.peek() == "_":
                self.pos += 1
                parts.append(self.subscript())
            elif self.peek() and self.peek() in "₀₁₂₃₄₅₆₇₈₉₋₊ₜₐₑₕᵢⱼₖₗₘₙₒₚᵣₛᵤᵥₓ":
                run = ""
                while self.peek() and self.peek() in "₀₁₂₃₄₅₆₇₈₉₋₊ₜₐₑₕᵢⱼₖₗₘₙₒₚᵣₛᵤᵥₓ":
                    run += self.peek()
                    self.pos += 1
                parts.append(run.translate(SUBSCRIPT_DIGITS))
            else:
                break
        time = ""
        up = self.peek() == "^"
        m = re.compile(TIME_SUPERSCRIPT).match(self.src, self.pos) if up and base[:1] not in "WURVb" else None
        if m:
            time = next(g for g in m.groups() if g).replace(" ", "").replace("−", "-")
            self.pos = m.end()
            if not parts:
                parts, time = [time], ""
        elif up and base[:1] in "WURVb" and not deco:
            m = re.compile(LABEL_SUPERSCRIPT).match(self.src, self.pos)
            if m and (m.group(1) or m.group(2) or m.group(3)) not in ("T", "top"):
                parts.append(next(g for g in m.groups() if g))  # a label: W^{(hh)} is W_hh
                self.pos = m.end()
                while self.peek() == "_":  # W^{(f)}_{x}: the subscript written after the label
                    self.pos += 1
                    parts.append(self.subscript())
        if parts and parts[-1] == "t":
            m = self.src[self.pos : self.pos + 3]
            if len(m) >= 2 and m[0] in "-−+" and m[1] == "1" and not m[2:3].isalnum():
                parts[-1] = "t" + ("+" if m[0] == "+" else "-") + "1"  # h_t-1 means h_{t-1}
                self.pos += 2
        if not parts and self.peek() == "[":
            close = self.src.find("]", self.pos)
            inner = self.src[self.pos + 1 : close].replace(" ", "").replace("−", "-") if close != -1 else ""
            if inner in ("t", "t-1", "t+1"):  # h[t-1], x[t]: pseudo-code indexing
                parts.append(inner)
                self.pos = close + 1
        # c_hat_t, C_tilde_t, h_tilde: decorations spelled as subscript words
        words = [p for p in parts if p not in DECO_WORDS]
        for p in parts:
            if p in DECO_WORDS:
                deco = deco or DECO_WORDS[p]
        primes = 0
        while self.peek() in ("'", "’", "′"):
            primes += 1
            self.pos += 1
        sub = "".join(words)
        raw = self.src[start : self.pos]
        self.add("NAME", raw, start, Name(Span(start, self.pos), raw, base, deco, sub, primes, time))

    def subscript(self) -> str:
        src = self.src
        start = self.pos
        c = self.peek()
        if c in "{(":
            close = "}" if c == "{" else ")"
            depth = 0
            while self.pos < len(src):
                ch = src[self.pos]
                if ch in "{(":
                    depth += 1
                elif ch in "})":
                    depth -= 1
                    if depth == 0:
                        break
                elif ch == "\n":
                    break
                self.pos += 1
            if self.peek() != close:
                self.error(_("unclosed subscript"), start)
            self.pos += 1
            text = src[start + 1 : self.pos - 1]
        elif c == "\\":  # _\text{...} or _\mathrm{...}
            self.pos += 1
            while self.peek().isalpha():
                self.pos += 1
            return self.subscript()
        else:
            while self.pos < len(src) and src[self.pos].isascii() and src[self.pos].isalnum():
                self.pos += 1
            text = src[start : self.pos]
            if len(text) == 2 and text[0] == "t" and text[1].isalpha() and (self.peek() == "_" or re.compile(TIME_SUPERSCRIPT).match(src, self.pos)):
                # f_tc_{t-1} (Graves): as in LaTeX, the run ends where the next subscripted name begins
                self.pos -= 1
                text = text[:-1]
        if not text.strip():
            self.error(_("empty subscript"), start - 1, self.pos)
        for ch in text:
            if not (ch.isalnum() or ch in " +-−(){},\\_"):
                self.error(_("unexpected {character!r} in a subscript").format(character=ch), start, self.pos)
        text = text.replace("−", "-").replace(" ", "").replace("\\", "")
        for junk in ("mathrm", "text", "{", "}", "(", ")"):
            text = text.replace(junk, "")
        return text

    # -- LaTeX -----------------------------------------------------------------

    def latex(self, start: int):
        self.pos += 1
        c = self.peek()
        if c in ("|",):
            self.pos += 1
            self.add("NORM", "‖", start)
            return
        if c in (",", ";", "!", " ", ":"):
            self.pos += 1
            return
        if c in ("{", "}"):  # \{ \} as brackets
            self.pos += 1
            self.add("LP" if c == "{" else "RP", c, start)
            return
        if c in ("(", ")", "[", "]"):  # \( … \) and \[ … \]: math delimiters around the answer
            self.pos += 1
            return
        if c == "\\":  # \\ ends a line of an align environment
            self.pos += 1
            if self.depth <= 0:
                self.add("NL", "\n", start)
            return
        while self.peek().isalpha():
            self.pos += 1
        word = self.src[start + 1 : self.pos]
        if not word:
            self.error(_("a backslash must start a LaTeX command"), start)
        if word in ("begin", "end"):  # \begin{align} … \end{align}: only the equations matter
            if self.peek() == "{":
                close = self.src.find("}", self.pos)
                if close != -1:
                    self.pos = close + 1
            return
        if word in ("lVert", "rVert", "Vert"):
            self.add("NORM", "‖", start)
        elif word in ("lbrack",):
            self.add("LB", "[", start)
        elif word in ("rbrack",):
            self.add("RB", "]", start)
        elif word in LATEX_OPS:
            self.add("OP", LATEX_OPS[word], start)
        elif word in ("sum", "prod"):
            read_bigop(self, start, word)
        elif word == "frac":
            self.add("FRAC", word, start)
        elif word in ("tilde", "widetilde", "hat", "widehat", "bar", "overline"):
            deco = "tilde" if "tilde" in word else "hat" if "hat" in word else "bar"
            if self.peek() != "{":
                self.error(_("\\{command} needs a braced name, as in \\{command}{{C}}_t").format(command=word), start, self.pos)
            inner_start = self.pos + 1
            self.pos += 1
            while self.peek().isspace():
                self.pos += 1
            if self.peek() == "\\":  # \tilde{\mathbf{C}}
                self.pos += 1
                while self.peek().isalpha():
                    self.pos += 1
                if self.peek() == "{":
                    self.pos += 1
            j = self.pos
            while self.peek().isalpha():
                self.pos += 1
            base = self.src[j : self.pos]
            while self.peek() == "}":
                self.pos += 1
            if not base:
                self.error(_("\\{command}{{…}} must hold a name").format(command=word), inner_start)
            self.finish_name(start, base, deco)
        elif word in ("mathrm", "operatorname", "text", "mathbf", "boldsymbol", "bm", "mathit"):
            if self.peek() != "{":
                return
            close = self.src.find("}", self.pos)
            if close == -1:
                self.error(_("unclosed {"), self.pos)
            inner = self.src[self.pos + 1 : close].strip()
            if inner in FUNCTIONS:
                self.pos = close + 1
                self.add("FUNC", FUNCTIONS[inner], start)
            elif inner.isalpha() or (inner and all(ch.isalnum() for ch in inner)):
                self.pos = close + 1
                self.finish_name(start, inner, "")
            else:
                self.pos += 1  # read the braces as grouping
                self.add("LC", "{", self.pos - 1)
        elif word in ("sigma", "phi") and self.peek() == "_" and self.src[self.pos + 1 : self.pos + 4].strip("{}")[:1] in WIKI_ACTIVATIONS:
            after = self.src[self.pos + 1 : self.pos + 4]
            letter = after[1] if after.startswith("{") else after[0]
            self.pos += 1 + (3 if after.startswith("{") else 1)
            self.add("FUNC", WIKI_ACTIVATIONS[letter] if word == "sigma" or letter != "g" else "sigmoid", start)
        elif word in ("phi", "varphi") and self.src[self.pos : self.pos + 1] != "_" and self.src[self.pos :].lstrip()[:1] in ("(", "\\"):
            self.add("FUNC", "phi", start)
        elif word in LATEX_FUNCS and LATEX_FUNCS[word]:
            self.add("FUNC", LATEX_FUNCS[word] + self.primes(), start)
        elif word in ("leftarrow", "gets", "coloneqq"):
            self.add("EQ", "=", start)
        elif word in LATEX_SYMBOLS:
            sym = LATEX_SYMBOLS[word]
            if sym == "T":
                self.add("T", "T", start)
            else:
                self.finish_name(start, GREEK_NAMES.get(sym, sym), "")
        elif word in LATEX_IGNORED:
            return
        else:
            self.error(_("unknown LaTeX command \\{command}").format(command=word), start, self.pos)


def _is_letter(c: str) -> bool:
    return c.isalpha() or unicodedata.category(c).startswith("L")
