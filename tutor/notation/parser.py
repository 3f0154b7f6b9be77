"""Precedence climbing over the tokens; the grammar is in the package docstring."""

from __future__ import annotations

from .ast import BigOp, BinOp, Call, Concat, Equation, Neg, Norm, Num, Transpose
from ..base.language import N_, _
from .errors import ParseError, Span
from .lexer import Token

MAX_DEPTH = 60
CODE_PRODUCTS = {"matmul": "@", "multiply": "⊙"}

_OPERAND_START = {"NUM", "NAME", "FUNC", "LP", "LB", "LC", "FRAC", "BIGOP"}


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
            ended = self.tok.kind in ("EOF", "NL")
            if opener is None:
                msg = (_("expected {what} but found the end of the answer") if ended
                       else _("expected {what} but found {found!r}"))
            else:
                msg = (_("expected {what} but found the end of the answer (to close the {opener!r} at column {column})")
                       if ended else _("expected {what} but found {found!r} (to close the {opener!r} at column {column})"))
            self.error(msg.format(what=_(what), found=self.tok.text, opener=opener and opener.text,
                                  column=opener and self.column(opener.span.start)), self.tok.span)
        return self.next()

    def column(self, offset: int) -> int:
        return offset - (self.src.rfind("\n", 0, offset) + 1) + 1

    def enter(self, span: Span):
        self.depth += 1
        if self.depth > MAX_DEPTH:
            self.error(_("expression nested too deeply (more than {limit} levels)").format(limit=MAX_DEPTH), span)

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
            raise ParseError(_("the answer is empty"), Span(0, max(1, len(self.src))), self.src)
        return tuple(eqs)

    def unexpected(self):
        t = self.tok
        if t.kind == "RP":
            self.error(_("unbalanced ')': there is no '(' to match it"), t.span)
        if t.kind == "RB":
            self.error(_("unbalanced ']': there is no '[' to match it"), t.span)
        if t.kind == "EQ":
            self.error(_("a second '=' in one equation; put each equation on its own line"), t.span)
        self.error(_("unexpected {token!r}").format(token=t.text), t.span)

    def chain(self) -> list:
        """A derivation: expressions joined by '=' on a line and from line to line (a line may open with '=')."""
        links = []
        while True:
            while self.tok.kind in ("NL", "SEMI"):
                self.next()
            if self.tok.kind == "EOF":
                break
            if self.tok.kind == "EQ":
                if not links:
                    self.error(_("the derivation opens with '='; start with an expression"), self.tok.span)
                self.next()
            links.append(self.expr())
            while self.tok.kind == "EQ":
                self.next()
                if self.tok.kind in ("NL", "SEMI", "EOF"):
                    break  # a line may end with '=', the next line going on
                links.append(self.expr())
            if self.tok.kind not in ("NL", "SEMI", "EOF"):
                self.unexpected()
        if not links:
            raise ParseError(_("the answer is empty"), Span(0, max(1, len(self.src))), self.src)
        return links

    def equation(self) -> Equation:
        first = self.expr()
        if self.tok.kind == "EQ":
            self.next()
            if self.tok.kind in ("NL", "SEMI", "EOF"):
                self.error(_("nothing after '='"), self.tok.span)
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
                self.error(_("'{operator}' needs something after it").format(operator=op), self.tok.span)
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
            self.error(_("'{operator}' needs something after it").format(operator=t.text), self.tok.span)

    def unary(self):
        t = self.tok
        if t.kind == "BIGOP":  # Σ_t and ∏_j take the product that follows them
            self.next()
            if self.tok.kind not in _OPERAND_START and not (self.tok.kind == "OP" and self.tok.text in "+-"):
                self.error(_("Σ needs something to sum") if t.text == "sum" else _("∏ needs something to multiply"), self.tok.span)
            self.enter(t.span)
            operand = self.term()
            self.depth -= 1
            index, lower, upper = t.name
            return BigOp(t.span.join(operand.span), t.text, index, lower, upper, operand)
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
            self.expect("RP" if k == "LP" else "RC", "')'" if k == "LP" else "'}'", t)
            self.depth -= 1
            return inner  # parentheses only group
        if k == "LB":
            items, end = self.bracketed(self.next(), "RB", "']'")
            if len(items) == 1:
                return items[0]  # brackets around one thing only group
            return Concat(t.span.join(end.span), tuple(items))
        if k == "NORM":
            self.next()
            self.enter(t.span)
            self.norm_open += 1
            inner = self.expr()
            self.norm_open -= 1
            end = self.expect("NORM", N_("a closing ‖"), t)
            self.depth -= 1
            return Norm(t.span.join(end.span), inner)
        if k == "FRAC":
            self.next()
            self.expect("LC", N_("'{' after \\frac"))
            num = self.expr()
            self.expect("RC", "'}'")
            self.expect("LC", N_("a second '{' after \\frac{…}"))
            den = self.expr()
            end = self.expect("RC", "'}'")
            return BinOp(t.span.join(end.span), "/", num, den)
        if k in ("EOF", "NL", "SEMI"):
            self.error(_("the answer ends where a value was expected"), t.span)
        if k == "RP":
            self.error(_("unbalanced ')' or an empty pair of parentheses"), t.span)
        if k == "EQ":
            self.error(_("'=' where a value was expected"), t.span)
        self.error(_("unexpected {token!r} where a value was expected").format(token=t.text), t.span)

    def bracketed(self, open_tok: Token, close: str, what: str):
        """Expressions separated by ',' or ';' up to the closing token; returns (items, closing token)."""
        self.enter(open_tok.span)
        items = [self.expr()]
        while self.tok.kind in ("COMMA", "SEMI"):
            self.next()
            items.append(self.expr())
        end = self.expect(close, what, open_tok)
        self.depth -= 1
        return items, end

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
            args, end = self.bracketed(self.next(), "RP", "')'")
        elif self.tok.kind in ("LC", "LB"):
            open_tok = self.next()
            args, end = self.bracketed(open_tok, "RC" if open_tok.kind == "LC" else "RB", N_("a closing bracket"))
        elif self.tok.kind in ("NAME", "NUM"):
            arg = self.power()  # tanh x, \tanh x: applied to the next factor, as in print
            args, end = [arg], arg
        else:
            self.error(_("{function} must be followed by '(' and its argument").format(function=t.text), self.tok.span)
        span = t.span.join(end.span)
        if t.text in CODE_PRODUCTS and power is None:
            # np.dot(W, x), torch.mm(W, h), np.multiply(a, b): code's spelling of a product
            if len(args) != 2:
                self.error(_("this product takes two arguments, not {count}").format(count=len(args)), span)
            return BinOp(span, CODE_PRODUCTS[t.text], args[0], args[1])
        if t.text == "maximum":
            zero = [a for a in args if isinstance(a, Num) and float(a.text) == 0]
            if len(args) != 2 or not zero:
                self.error(_("np.maximum is read only as maximum(0, z), a relu"), span)
            return Call(span, "relu", tuple(a for a in args if a is not zero[0]), power)
        return Call(span, t.text, tuple(args), power)
