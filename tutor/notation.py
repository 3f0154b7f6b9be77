"""The answer language: a tokenizer and a precedence-climbing parser.

Learners copy equations from PyTorch's docs, d2l.ai, Wikipedia, Olah's blog or
a LaTeX sheet, so one grammar has to take ASCII, Unicode and LaTeX spellings of
the same thing. The parser is hand-written rather than generated because the
language leans on juxtaposition (``W x_t``, ``4H(H+X+1)``, ``σ(x)(1−σ(x))``),
which is easiest to get right with an explicit "can this token start an
operand?" test. Nothing here evaluates anything: the result is an AST of frozen
dataclasses, each node carrying the span of source text it came from, so that
errors can point at the fault with a caret.

Grammar (lowest precedence first)::

    cell      := equation ((NEWLINE | ';') equation)*
    equation  := expr ('=' expr)?
    expr      := term (('+' | '-') term)*
    term      := juxt (('*' | '⊙' | '@') juxt)*
    juxt      := unary (('/' unary) | unary)*          -- the bare case is juxtaposition
    unary     := ('-' | '+') unary | power
    power     := primary (('^' | '**') (TRANSPOSE | unary))?   -- right-associative
    primary   := NUMBER | NAME | FUNC call | '(' expr ')' | '{' expr '}'
               | '[' expr (',' | ';') expr ... ']' | '‖' expr '‖' | '\\frac' {expr}{expr}
    call      := FUNC ('^' unary)? ( '(' expr (',' expr)* ')' | '{' expr '}' )

Public API: :func:`parse` (one answer, possibly several equations),
:class:`ParseError`, and the AST node classes.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

MAX_CHARS = 4000
MAX_DEPTH = 60
MAX_TOKENS = 1500


@dataclass(frozen=True)
class Span:
    """Half-open character range ``[start, end)`` in the source text."""

    start: int
    end: int

    def join(self, other: "Span") -> "Span":
        return Span(min(self.start, other.start), max(self.end, other.end))


class ParseError(ValueError):
    """The text is not in the answer language; ``span`` points at the fault."""

    def __init__(self, message: str, span: Span | None = None, source: str = ""):
        super().__init__(message)
        self.message = message
        self.span = span
        self.source = source

    def caret(self) -> str:
        """The offending source line with a caret under the fault."""
        return caret_lines(self.source, self.span)


def caret_lines(source: str, span: Span | None) -> str:
    """Return ``line\\n   ^^^`` for the line of ``source`` that holds ``span``."""
    if span is None or not source:
        return ""
    start = min(span.start, len(source))
    line_start = source.rfind("\n", 0, start) + 1
    line_end = source.find("\n", start)
    if line_end == -1:
        line_end = len(source)
    line = source[line_start:line_end]
    col = start - line_start
    width = max(1, min(span.end, line_end) - start)
    if len(line) > 100:  # keep long lines readable around the fault
        lo = max(0, col - 40)
        line = ("…" if lo else "") + line[lo : lo + 80] + ("…" if lo + 80 < len(line) else "")
        col = col - lo + (1 if lo else 0)
        width = min(width, 80)
    return f"{line}\n{' ' * col}{'^' * width}"


# ----------------------------------------------------------------------------- AST


@dataclass(frozen=True, eq=False)  # AST nodes compare by identity: cheaper to define, never compared
class Node:
    span: Span = field(compare=False)


@dataclass(frozen=True, eq=False)
class Num(Node):
    text: str


@dataclass(frozen=True, eq=False)
class Name(Node):
    """An identifier, decomposed: ``\\tilde{C}_{t-1}'`` is base C, deco tilde, sub t-1, one prime."""

    raw: str
    base: str
    deco: str = ""  # "tilde", "hat" or ""
    sub: str = ""  # normalised subscript text: "t-1", "hf", "prev", ...
    primes: int = 0


@dataclass(frozen=True, eq=False)
class Call(Node):
    func: str  # canonical function name: sigmoid, tanh, relu, exp, log, diag, norm, ...
    args: tuple
    power: object = None  # tanh^2(x): the exponent node


@dataclass(frozen=True, eq=False)
class BinOp(Node):
    op: str  # + - * / ^ @ ⊙ juxt
    left: object
    right: object


@dataclass(frozen=True, eq=False)
class Neg(Node):
    operand: object


@dataclass(frozen=True, eq=False)
class Concat(Node):
    items: tuple


@dataclass(frozen=True, eq=False)
class Norm(Node):
    operand: object


@dataclass(frozen=True, eq=False)
class Transpose(Node):
    operand: object


@dataclass(frozen=True, eq=False)
class Equation(Node):
    lhs: object  # None when the answer is just a right-hand side
    rhs: object


# ---------------------------------------------------------------------- vocabulary

FUNCTIONS = {
    "sigma": "sigmoid", "sigmoid": "sigmoid", "σ": "sigmoid", "sig": "sigmoid",
    "tanh": "tanh", "relu": "relu", "exp": "exp", "log": "log", "ln": "log",
    "diag": "diag", "norm": "norm", "sech": "sech", "cosh": "cosh", "sinh": "sinh",
    "concat": "concat", "cat": "concat", "sqrt": "sqrt", "abs": "abs",
}
# Words that look like names but mean nothing in this language; a clear error beats
# reading them as a product of one-letter names.
LATEX_FUNCS = {"sigma": "sigmoid", "tanh": "tanh", "exp": "exp", "log": "log", "ln": "log",
               "cosh": "cosh", "sinh": "sinh", "sqrt": "sqrt", "operatorname": None}
LATEX_OPS = {"odot": "⊙", "circ": "⊙", "cdot": "@", "times": "*", "ast": "*", "otimes": "⊙"}
LATEX_SYMBOLS = {"theta": "θ", "top": "T", "alpha": "α", "partial": "∂", "phi": "φ"}
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
# Wikipedia's LSTM and GRU name their activations σ_g (sigmoid), σ_c, σ_h and φ_h (tanh)
WIKI_ACTIVATIONS = {"g": "sigmoid", "c": "tanh", "h": "tanh"}


@dataclass(frozen=True, eq=False)
class Token:
    kind: str  # NUM NAME FUNC OP LP RP LB RB LC RC COMMA SEMI EQ NL NORM CARET POW T FRAC EOF
    text: str
    span: Span
    name: Name | None = None


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
            self.error(f"answer too long (more than {MAX_TOKENS} symbols)", start)

    def run(self) -> list[Token]:
        src = self.src
        while self.pos < len(src):
            c = src[self.pos]
            start = self.pos
            if c == "\n":
                self.pos += 1
                if self.depth <= 0:
                    self.add("NL", c, start)
            elif c in " \t\r\u00a0\u2009\u200b":
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
                    self.error("a superscript minus needs a digit after it", start)
                if text.startswith("-"):
                    self.tokens[-1] = Token("POW", "^", Span(start, start + 1))
                    self.add("OP", "-", digits_start)
                    text = text[1:]
                self.add("NUM", text, digits_start)
            elif c == "." and self.peek(1) == "*":
                self.pos += 2
                self.add("OP", "⊙", start)
            elif c == ".":
                self.pos += 1
                self.add("OP", "@", start)
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
                self.error("a prime here is not understood; write the derivative out", start)
            elif _is_letter(c):
                self.word(start)
            else:
                shown = c if c.isprintable() else repr(c)
                self.error(f"unexpected character {shown!r}", start)
        self.add("EOF", "", self.pos)
        return self.tokens

    def subscript_after_norm(self, start: int):
        """‖g‖_2: the 2-norm is the norm meant anyway, so the subscript is read and dropped."""
        self.pos += 1
        text = self.subscript()
        if text != "2":
            self.error("only the 2-norm ‖g‖ (or ‖g‖_2) is understood", start, self.pos)

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
        if base in FUNCTIONS and not deco and self.peek() != "_":
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
        words = [p for p in parts if p not in ("hat", "tilde", "bar")]
        for p in parts:
            if p in ("hat", "tilde", "bar"):
                deco = deco or p
        primes = 0
        while self.peek() in ("'", "’", "′"):
            primes += 1
            self.pos += 1
        sub = "".join(words)
        raw = self.src[start : self.pos]
        self.add("NAME", raw, start, Name(Span(start, self.pos), raw, base, deco, sub, primes))

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
                self.error("unclosed subscript", start)
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
        if not text.strip():
            self.error("empty subscript", start - 1, self.pos)
        for ch in text:
            if not (ch.isalnum() or ch in " +-−(){},\\_"):
                self.error(f"unexpected {ch!r} in a subscript", start, self.pos)
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
        while self.peek().isalpha():
            self.pos += 1
        word = self.src[start + 1 : self.pos]
        if not word:
            self.error("a backslash must start a LaTeX command", start)
        if word in ("lVert", "rVert", "Vert"):
            self.add("NORM", "‖", start)
        elif word in ("lbrack",):
            self.add("LB", "[", start)
        elif word in ("rbrack",):
            self.add("RB", "]", start)
        elif word in LATEX_OPS:
            self.add("OP", LATEX_OPS[word], start)
        elif word == "frac":
            self.add("FRAC", word, start)
        elif word in ("tilde", "widetilde", "hat", "widehat", "bar", "overline"):
            deco = "tilde" if "tilde" in word else "hat" if "hat" in word else "bar"
            if self.peek() != "{":
                self.error(f"\\{word} needs a braced name, as in \\{word}{{C}}_t", start, self.pos)
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
                self.error(f"\\{word}{{…}} must hold a name", inner_start)
            self.finish_name(start, base, deco)
        elif word in ("mathrm", "operatorname", "text", "mathbf", "boldsymbol", "bm", "mathit"):
            if self.peek() != "{":
                return
            close = self.src.find("}", self.pos)
            if close == -1:
                self.error("unclosed {", self.pos)
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
            self.error(f"unknown LaTeX command \\{word}", start, self.pos)


def _is_letter(c: str) -> bool:
    return c.isalpha() or unicodedata.category(c).startswith("L")


# -------------------------------------------------------------------------- parser

_OPERAND_START = {"NUM", "NAME", "FUNC", "LP", "LB", "LC", "FRAC"}


class _Parser:
    def __init__(self, src: str, tokens: list[Token]):
        self.src = src
        self.toks = tokens
        self.i = 0
        self.depth = 0
        self.norm_open = 0

    @property
    def tok(self) -> Token:
        return self.toks[self.i]

    def next(self) -> Token:
        t = self.toks[self.i]
        self.i += 1
        return t

    def error(self, msg: str, span: Span):
        raise ParseError(msg, span, self.src)

    def expect(self, kind: str, what: str, opener: Token | None = None) -> Token:
        if self.tok.kind != kind:
            got = "the end of the answer" if self.tok.kind in ("EOF", "NL") else repr(self.tok.text)
            msg = f"expected {what} but found {got}"
            if opener is not None:
                msg += f" (to close the {opener.text!r} at column {self.column(opener.span.start)})"
            self.error(msg, self.tok.span)
        return self.next()

    def column(self, offset: int) -> int:
        return offset - (self.src.rfind("\n", 0, offset) + 1) + 1

    def enter(self, span: Span):
        self.depth += 1
        if self.depth > MAX_DEPTH:
            self.error(f"expression nested too deeply (more than {MAX_DEPTH} levels)", span)

    # -- structure -------------------------------------------------------------

    def cell(self) -> tuple[Equation, ...]:
        eqs = []
        while True:
            while self.tok.kind in ("NL", "SEMI"):
                self.next()
            if self.tok.kind == "EOF":
                break
            eqs.append(self.equation())
            if self.tok.kind not in ("NL", "SEMI", "EOF"):
                self.unexpected()
        if not eqs:
            raise ParseError("the answer is empty", Span(0, max(1, len(self.src))), self.src)
        return tuple(eqs)

    def unexpected(self):
        t = self.tok
        if t.kind == "RP":
            self.error("unbalanced ')': there is no '(' to match it", t.span)
        if t.kind == "RB":
            self.error("unbalanced ']': there is no '[' to match it", t.span)
        if t.kind == "EQ":
            self.error("a second '=' in one equation; put each equation on its own line", t.span)
        self.error(f"unexpected {t.text!r}", t.span)

    def equation(self) -> Equation:
        first = self.expr()
        if self.tok.kind == "EQ":
            self.next()
            if self.tok.kind in ("NL", "SEMI", "EOF"):
                self.error("nothing after '='", self.tok.span)
            rhs = self.expr()
            return Equation(first.span.join(rhs.span), first, rhs)
        return Equation(first.span, None, first)

    # -- expressions -------------------------------------------------------------

    def expr(self):
        self.enter(self.tok.span)
        left = self.term()
        while self.tok.kind == "OP" and self.tok.text in ("+", "-"):
            op = self.next().text
            if self.tok.kind in ("EOF", "NL", "SEMI", "RP", "RB", "RC", "EQ", "COMMA"):
                self.error(f"'{op}' needs something after it", self.tok.span)
            right = self.term()
            left = BinOp(left.span.join(right.span), op, left, right)
        self.depth -= 1
        return left

    def term(self):
        # explicit products bind looser than juxtaposition and '/', so that
        # r ⊙ W h is r ⊙ (W h) and θ/‖g‖ g is (θ/‖g‖)·g, as people mean them
        left = self.juxt()
        while self.tok.kind == "OP" and self.tok.text not in ("+", "-", "/"):
            t = self.next()
            self.need_operand(t)
            right = self.juxt()
            left = BinOp(left.span.join(right.span), t.text, left, right)
        return left

    def juxt(self):
        left = self.unary()
        while True:
            t = self.tok
            if t.kind == "OP" and t.text == "/":
                self.next()
                self.need_operand(t)
                right = self.unary()
                left = BinOp(left.span.join(right.span), "/", left, right)
            elif t.kind in _OPERAND_START or (t.kind == "NORM" and not self.norm_open):
                right = self.unary()
                left = BinOp(left.span.join(right.span), "juxt", left, right)
            else:
                return left

    def need_operand(self, t: Token):
        if self.tok.kind in ("EOF", "NL", "SEMI", "RP", "RB", "RC", "EQ", "COMMA"):
            self.error(f"'{t.text}' needs something after it", self.tok.span)

    def unary(self):
        t = self.tok
        if t.kind == "OP" and t.text in ("+", "-"):
            self.next()
            self.enter(t.span)
            operand = self.unary()
            self.depth -= 1
            return operand if t.text == "+" else Neg(t.span.join(operand.span), operand)
        return self.power()

    def power(self):
        base = self.primary()
        if self.tok.kind == "POW":
            self.next()
            if self.tok.kind == "T" or (self.tok.kind == "NAME" and self.tok.text in ("T", "\\top")):
                t = self.next()
                return Transpose(base.span.join(t.span), base)
            if self.tok.kind == "LC" and self.toks[self.i + 1].kind in ("T",) or (
                self.tok.kind == "LC"
                and self.toks[self.i + 1].kind == "NAME"
                and self.toks[self.i + 1].text == "T"
                and self.toks[self.i + 2].kind == "RC"
            ):
                self.next()
                self.next()
                t = self.expect("RC", "'}'")
                return Transpose(base.span.join(t.span), base)
            self.enter(self.tok.span)
            exp = self.unary()
            self.depth -= 1
            return BinOp(base.span.join(exp.span), "^", base, exp)
        return base

    def primary(self):
        t = self.tok
        k = t.kind
        if k == "NUM":
            self.next()
            return Num(t.span, t.text)
        if k == "NAME":
            self.next()
            return t.name
        if k == "FUNC":
            return self.call()
        if k in ("LP", "LC"):
            self.next()
            self.enter(t.span)
            inner = self.expr()
            if k == "LP" and self.tok.kind == "COMMA":  # (h, x) read as a concatenation
                items = [inner]
                while self.tok.kind == "COMMA":
                    self.next()
                    items.append(self.expr())
                end = self.expect("RP", "')'", t)
                self.depth -= 1
                return Concat(t.span.join(end.span), tuple(items))
            end = self.expect("RP" if k == "LP" else "RC", "')'" if k == "LP" else "'}'", t)
            self.depth -= 1
            return _regroup(inner, t.span.join(end.span))
        if k == "LB":
            self.next()
            self.enter(t.span)
            items = [self.expr()]
            while self.tok.kind in ("COMMA", "SEMI"):
                self.next()
                items.append(self.expr())
            end = self.expect("RB", "']'", t)
            self.depth -= 1
            if len(items) == 1:
                return _regroup(items[0], t.span.join(end.span))
            return Concat(t.span.join(end.span), tuple(items))
        if k == "NORM":
            self.next()
            self.enter(t.span)
            self.norm_open += 1
            inner = self.expr()
            self.norm_open -= 1
            end = self.expect("NORM", "a closing ‖", t)
            self.depth -= 1
            return Norm(t.span.join(end.span), inner)
        if k == "FRAC":
            self.next()
            self.expect("LC", "'{' after \\frac")
            num = self.expr()
            self.expect("RC", "'}'")
            self.expect("LC", "a second '{' after \\frac{…}")
            den = self.expr()
            end = self.expect("RC", "'}'")
            return BinOp(t.span.join(end.span), "/", num, den)
        if k in ("EOF", "NL", "SEMI"):
            self.error("the answer ends where a value was expected", t.span)
        if k == "RP":
            self.error("unbalanced ')' or an empty pair of parentheses", t.span)
        if k == "EQ":
            self.error("'=' where a value was expected", t.span)
        self.error(f"unexpected {t.text!r} where a value was expected", t.span)

    def call(self):
        t = self.next()
        power = None
        if self.tok.kind == "POW":  # tanh^2(x)
            self.next()
            if self.tok.kind == "LC":
                self.next()
                power = self.expr()
                self.expect("RC", "'}'")
            else:
                power = self.primary()
        if self.tok.kind == "LP":
            open_tok = self.next()
            self.enter(open_tok.span)
            args = [self.expr()]
            while self.tok.kind in ("COMMA", "SEMI"):
                self.next()
                args.append(self.expr())
            end = self.expect("RP", "')'", open_tok)
            self.depth -= 1
        elif self.tok.kind in ("LC", "LB"):
            open_tok = self.next()
            self.enter(open_tok.span)
            args = [self.expr()]
            while self.tok.kind in ("COMMA", "SEMI"):
                self.next()
                args.append(self.expr())
            end = self.expect("RC" if open_tok.kind == "LC" else "RB", "a closing bracket", open_tok)
            self.depth -= 1
        elif self.tok.kind in ("NAME", "NUM") and self.src[t.span.start] == "\\":
            arg = self.power()  # \tanh x
            args, end = [arg], arg
        else:
            self.error(f"{t.text} must be followed by '(' and its argument", self.tok.span)
        return Call(t.span.join(end.span), t.text, tuple(args), power)


def _regroup(inner, span):
    """Parentheses only group; keep the inner node but widen nothing (spans stay tight)."""
    return inner


def parse(text: str) -> tuple[Equation, ...]:
    """Parse an answer (one or more equations) into a tuple of :class:`Equation`.

    Example:
        >>> eqs = parse("f_t = σ(W_f [h_{t-1}, x_t] + b_f)")
        >>> eqs[0].lhs.base, eqs[0].lhs.sub
        ('f', 't')

    Raises:
        ParseError: with a span, for anything outside the answer language.
    """
    if not isinstance(text, str):
        raise ParseError("the answer must be text")
    if len(text) > MAX_CHARS:
        raise ParseError(f"answer too long ({len(text)} characters; the limit is {MAX_CHARS})")
    if "\x00" in text:
        raise ParseError("the answer contains a NUL character")
    tokens = _Lexer(text).run()
    return _Parser(text, tokens).cell()
