"""Stage 1, the answer language: reading it (tokenizer, parser, what names mean) and writing it (typesetting).

Modules: ``errors`` (spans, carets), ``ast``, ``lexer``, ``parser``,
``symbols`` (what a name means in a problem's scope: states, gates,
parameters, functions) and ``typeset`` (an AST back to Unicode or ASCII);
for published notations, ``normalisation`` (layout, full-width characters,
code spellings, before the tokenizer), ``dialects`` (sources' names and time
indexes, on the AST) and ``programs`` (code's assignments and fused gates).
May import only :mod:`tutor.base`.

The tokenizer and the precedence-climbing parser:

Learners copy equations from PyTorch's docs, d2l.ai, Wikipedia, Olah's blog or
a LaTeX sheet, so one grammar has to take ASCII, Unicode and LaTeX spellings of
the same thing. The parser is hand-written rather than generated because the
language leans on juxtaposition (``W x_t``, ``4H(H+X+1)``, ``σ(x)(1−σ(x))``),
which is easiest to get right with an explicit "can this token start an
operand?" test. Nothing here evaluates anything: the result is an AST of
immutable nodes, each carrying the span of source text it came from, so that
errors can point at the fault with a caret.

Grammar (lowest precedence first)::

    cell      := equation ((NEWLINE | ';') equation)*
    chain     := expr ('=' expr)* (NEWLINE '='? expr ('=' expr)*)*   -- a derivation, link by link
    equation  := expr ('=' expr)?
    expr      := term (('+' | '-') term)*
    term      := juxt (('*' | '⊙' | '@') juxt)*
    juxt      := unary (('/' unary) | unary)*          -- the bare case is juxtaposition
    unary     := ('-' | '+') unary | BIGOP term | power        -- Σ_t, ∏_{j=k+1}^{T}
    power     := primary (('^' | '**') (TRANSPOSE | unary))?   -- right-associative
    primary   := NUMBER | NAME | FUNC call | '(' expr ')' | '{' expr '}'
               | '[' expr (',' | ';') expr ... ']' | '‖' expr '‖' | '\\frac' {expr}{expr}
    call      := FUNC ('^' unary)? ( '(' expr (',' expr)* ')' | '{' expr '}' )

Public API: :func:`parse` (one answer, possibly several equations),
:class:`ParseError`, and the AST node classes.
"""

from __future__ import annotations

from ..base.language import _
from .ast import BigOp, BinOp, Call, Concat, Equation, Name, Neg, Node, Norm, Num, Transpose
from .calculus import read_gradients
from .errors import ParseError, Span, caret_lines
from .lexer import FUNCTIONS, _Lexer
from .parser import MAX_DEPTH, _Parser

MAX_CHARS = 4000

__all__ = [
    "BigOp", "BinOp", "Call", "Concat", "Equation", "FUNCTIONS", "MAX_CHARS", "MAX_DEPTH", "Name", "Neg", "Node", "Norm",
    "Num", "ParseError", "Span", "Transpose", "caret_lines", "parse", "parse_chain",
]


def parse(text: str) -> tuple[Equation, ...]:
    """Parse an answer (one or more equations) into a tuple of :class:`Equation`.

    Example:
        >>> eqs = parse("f_t = σ(W_f [h_{t-1}, x_t] + b_f)")
        >>> eqs[0].lhs.base, eqs[0].lhs.sub
        ('f', 't')

    Raises:
        ParseError: with a span, for anything outside the answer language.
    """
    return _Parser(text, _tokens(text)).cell()


def parse_chain(text: str) -> list:
    """Parse a derivation: the links of a chain ``a = b = c`` (over one or several lines), as expressions.

    Example:
        >>> [type(link).__name__ for link in parse_chain("σ'(x) = e^{-x}/(1+e^{-x})^2\n= σ(x)(1-σ(x))")]
        ['Call', 'BinOp', 'BinOp']
    """
    return _Parser(text, _tokens(text)).chain()


def _tokens(text: str) -> list:
    if not isinstance(text, str):
        raise ParseError(_("the answer must be text"))
    if len(text) > MAX_CHARS:
        raise ParseError(_("answer too long ({length} characters; the limit is {limit})").format(length=len(text), limit=MAX_CHARS))
    if "\x00" in text:
        raise ParseError(_("the answer contains a NUL character"))
    return read_gradients(_Lexer(text).run(), text)
