"""The answer language's own elementwise functions as SymPy functions: σ and relu.

SymPy has tanh, exp and the rest; σ and relu are defined here, below both the
grading stage that lowers answers onto them and the evaluation that computes
them at numbers, so neither has to import the other.
"""

from __future__ import annotations

import sympy
from sympy import Function, Rational


class sigmoid(Function):
    """σ(a) = 1 / (1 + e^(−a)), kept whole so that σ and tanh stay visible."""

    @classmethod
    def eval(cls, arg):
        if arg == 0:
            return Rational(1, 2)
        return None

    def _eval_rewrite_as_exp(self, arg, **kwargs):
        return 1 / (1 + sympy.exp(-arg))

    def fdiff(self, argindex=1):
        s = sigmoid(self.args[0])
        return s * (1 - s)

    def _eval_is_real(self):
        return self.args[0].is_real


class relu(Function):
    """max(0, a), opaque: equal only to itself."""

    def _eval_rewrite_as_Max(self, arg, **kwargs):
        return sympy.Max(0, arg)
