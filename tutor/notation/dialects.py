"""Names as published sources use them, resolved to the tutor's own before anything is graded.

Sources agree on the mathematics and disagree on the names: WildML writes the
hidden state ``s_t``, deeplearning.ai ``a^{⟨t⟩}`` (and ``c^{⟨t⟩}`` for a GRU's
state), Greff et al. ``y^t``; MLX and Keras compute ``h_{t+1}`` from ``h_t``;
code writes ``next_h``, ``h_prev`` and ``h = np.tanh(… h …)``, where one name is
the new value on the left and the old one on the right; d2l's activation is
``φ``. :func:`resolve_dialects` rewrites the parsed equations of one answer into
the tutor's names (``h_t``, ``h_{t-1}``, tanh) and says, in a note for the
learner, what it read. Two written-out forms are read here too, as they need
the tree: ``min(1, θ/‖g‖)`` (the clipping factor) and ``sqrt(gᵀg)`` (‖g‖).
The clipping problem (topic ``clip``) and the counts (topic ``count``) have
readings of their own: the gradient under a source's name, ``x`` as ×.

Every rule needs evidence in the answer itself (an ``s`` is the hidden state
only where no ``h`` is written; a shift only when a left side is at ``t+1``;
Goodfellow's ``g`` is the input gate only beside his ``s`` for the cell), so an
answer in the tutor's own notation is never touched. A rule decides which
quantity a name denotes, never whether the answer is right; where a letter
could mean two things and nothing in the answer tells which (``n`` and ``m``
for the sizes of a count), no rule fires and the name stays unknown.

Spellings of single tokens (full-width characters, LaTeX layout, ``x.dot(W)``)
are not here: :mod:`tutor.notation.normalisation` makes them plain before the
tokenizer runs.
"""

from __future__ import annotations

import re

from .ast import BinOp, Call, Name, Norm
from ..base.language import N_, _
from .programs import (STATE_BASES, apply_noting, apply_to, assignments, chunks, clipping_factor, concatenations,
                       inline_concatenations, name_key, names_in, norms, same_name, versions, weights_on_concatenations)

# TensorFlow's LSTMBlockCell (cs the cell state, ci the cell input), deeplearning.ai's cct (c̃ₜ)
CODE_STATES = {"cs": ("c", ""), "ci": ("c", "tilde"), "cct": ("c", "tilde")}
PARAM_WORDS = {"weight": "W", "weights": "W", "bias": "b", "biases": "b"}
LOWER_MATRIX = re.compile(r"w_?([ihx][ihx])")
# sizes and the clipping threshold as code and papers spell them out
SIZE_WORDS = {
    "H": {"num_units", "units", "hidden_size", "hidden_dim", "size_of_output", "d_h", "n_h", "n_hidden", "hidden_units"},
    "X": {"input_dim", "input_size", "num_features", "input_feature", "input_features", "size_of_input", "d_x", "n_x",
          "n_input", "num_inputs"},
    "theta": {"threshold", "clip_norm", "clipnorm", "max_norm", "max_grad_norm", "grad_clip_val", "clip_value"},
}
# letters sources use for the hidden state, and who uses them
HIDDEN_ALIASES = {"s": N_("WildML, Goodfellow et al."), "a": "deeplearning.ai", "y": N_("Greff et al.")}
DL_GRU = N_("deeplearning.ai's GRU")  # c read as the hidden state
# the gradient's norm held in a variable (d2l's norm, PyTorch's total_norm, TensorFlow's global_norm)
NORM_NAMES = {"total_norm", "global_norm", "grad_norm", "gnorm"}
# letters sources use for the clipping threshold where the tutor writes θ
THRESHOLD_LETTERS = {"v": N_("Goodfellow et al.")}
TIMES = {"t", "t-1", "t+1"}
NEW_WORDS = {"next", "new"}
OLD_WORDS = {"prev", "old", "last"}


def resolve_dialects(eqs: tuple, topic: str) -> tuple[tuple, list]:
    """(equations in the tutor's names, notes saying what was read) for one answer.

    Example:
        >>> from tutor.notation import parse
        >>> eqs, notes = resolve_dialects(parse("s_t = tanh(U x_t + W s_{t-1} + b)"), "rnn")
        >>> eqs[0].lhs.base, eqs[0].lhs.sub
        ('h', 't')
    """
    notes: list = []
    eqs = _clipping(eqs, topic, notes)
    eqs = _times_letter(eqs, topic, notes)
    eqs = clipping_factor(eqs, notes)
    eqs = norms(eqs, notes)
    eqs = _activations(eqs, notes)
    eqs = _greff_activations(eqs, topic, notes)
    eqs = _code_names(eqs, notes)
    eqs = _third_cell(eqs, topic, notes)
    eqs = _hidden_aliases(eqs, topic, notes)
    eqs = _block_input(eqs, topic, notes)
    eqs = _gate_names(eqs, topic, notes)
    eqs = versions(eqs, notes)
    eqs = chunks(eqs, notes)
    eqs = _time_shift(eqs, notes)
    eqs = assignments(eqs, notes)
    eqs = inline_concatenations(eqs, notes)
    eqs = concatenations(eqs, notes)
    eqs = weights_on_concatenations(eqs)
    if len(eqs) > 1:  # a = c, when both name the hidden state (deeplearning.ai's GRU), says nothing
        eqs = tuple(eq for eq in eqs if not (isinstance(eq.lhs, Name) and isinstance(eq.rhs, Name)
                                             and same_name(eq.lhs, eq.rhs))) or eqs
    return eqs, notes


def _spelled(n: Name) -> str:
    return n.raw.replace("{", "").replace("}", "").replace("\\", "")


def _clipping(eqs, topic, notes):
    """Clipping by norm as sources write it: the gradient under its source's name, the norm in a variable.

    The gradient is what the answer takes the norm of (``t`` in ``t·c/l2norm(t)``,
    Pascanu et al.'s ``ĝ``) or code's ``p.grad``; a variable named for the norm
    (``total_norm``, ``global_norm``) is ‖g‖; ``max(‖g‖, θ)`` is ‖g‖ where clipping
    happens (‖g‖ > θ); Goodfellow et al.'s threshold is ``v``. Each reading needs
    the clipping problem and an answer without the tutor's own name for the thing.
    """
    if topic != "clip":
        return eqs
    names = names_in(eqs)
    thresholds = SIZE_WORDS["theta"]
    read: list = []
    if not any(n.base == "g" and not n.sub and not n.deco for n in names):
        normed = []

        def collect(n):
            if isinstance(n, Norm) and isinstance(n.operand, Name):
                normed.append(n.operand)
            elif isinstance(n, Call) and n.func == "norm" and len(n.args) == 1 and isinstance(n.args[0], Name):
                normed.append(n.args[0])
            return n

        apply_to(eqs, collect)
        normed += [n for n in names if n.base == "grad" and _spelled(n) not in thresholds]
        if not normed and any(_spelled(n) in NORM_NAMES for n in names):
            # t * clip_norm / global_norm: the norm in a variable, the one name left is the gradient
            normed = [n for n in names if n.base != "theta" and n.base not in THRESHOLD_LETTERS
                      and _spelled(n) not in thresholds | NORM_NAMES]
        keys = {name_key(n) for n in normed}
        if len(keys) == 1:
            key = keys.pop()
            read.append(_("{name} read as the gradient g").format(name=normed[0].raw))
            eqs = apply_to(eqs, lambda n: n.replace(raw="g", base="g", sub="", deco="", primes=0)
                           if isinstance(n, Name) and name_key(n) == key else n)
    names = names_in(eqs)
    if not any(n.base == "theta" or _spelled(n) in thresholds for n in names):
        letters = {n.base for n in names if n.base in THRESHOLD_LETTERS and not n.sub and not n.deco}
        if len(letters) == 1:
            letter = letters.pop()
            read.append(_("{letter} read as the threshold θ ({source})").format(letter=letter, source=_(THRESHOLD_LETTERS[letter])))
            eqs = apply_to(eqs, lambda n: n.replace(raw="θ", base="theta") if isinstance(n, Name) and n.base == letter
                           and not n.sub and not n.deco else n)
    if any(_spelled(n) in NORM_NAMES for n in names_in(eqs)):
        read.append(_("a variable named for the norm read as ‖g‖"))
        eqs = apply_to(eqs, lambda n: Norm(n.span, Name(n.span, "g", "g"))
                       if isinstance(n, Name) and _spelled(n) in NORM_NAMES else n)

    def threshold(a) -> bool:
        return isinstance(a, Name) and (a.base == "theta" or _spelled(a) in thresholds)

    def normal(a) -> bool:
        return isinstance(a, Norm) or (isinstance(a, Call) and a.func == "norm" and len(a.args) == 1)

    def larger(n):
        if (isinstance(n, Call) and n.func == "max" and len(n.args) == 2 and n.power is None
                and any(normal(a) for a in n.args) and any(threshold(a) for a in n.args)):
            return next(a for a in n.args if normal(a))
        return n

    out = apply_to(eqs, larger)
    if out != eqs:
        read.append(_("max(‖g‖, θ) read as ‖g‖, its value when the gradient is clipped (‖g‖ > θ)"))
    notes.extend(read)
    return out


def _times_letter(eqs, topic, notes):
    """(input_feature + 1) x units: in a count, a lone x between two factors is the multiplication sign."""
    if topic != "count":
        return eqs

    def times(n):
        if (isinstance(n, BinOp) and n.op == "juxt" and isinstance(n.left, BinOp) and n.left.op == "juxt"
                and isinstance(n.left.right, Name) and n.left.right.raw == "x"):
            return BinOp(n.span, "*", n.left.left, n.right)
        return n

    return apply_noting(eqs, times, notes, _("x between two factors read as the multiplication sign ×"))


def _activations(eqs, notes):
    def phi(n):
        return n.replace(func="tanh") if isinstance(n, Call) and n.func == "phi" else n

    return apply_noting(eqs, phi, notes, _("φ read as tanh (as d2l and Wikipedia write it); a gate still needs σ"))


def _greff_activations(eqs, topic, notes):
    """Greff et al.'s LSTM: y^t the state, g(·) and h(·) the block input's and output's activations (tanh)."""
    if topic != "lstm":
        return eqs
    names = names_in(eqs)
    if not any(n.base == "y" and _timed(n) for n in names) or any(n.base.lower() == "h" and _timed(n) for n in names):
        return eqs
    found = []

    def activation(n):
        if (isinstance(n, BinOp) and n.op == "juxt" and isinstance(n.left, Name) and n.left.base in ("g", "h")
                and not n.left.sub and not n.left.deco and not n.left.primes and not n.left.time):
            found.append(n.left.base)
            return Call(n.span, "tanh", (n.right,))
        return n

    eqs = apply_to(eqs, activation)
    if found:
        names = sorted(set(found))  # g, h or both
        shown = _("{first} and {second}").format(first=names[0], second=names[1]) if len(names) == 2 else names[0]
        notes.append(_("{functions} applied beside y^t read as the activation tanh (Greff et al.)").format(functions=shown))
    return eqs


def _code_names(eqs, notes):
    """next_h, h_next, prev_c, c_old: code's names for the new and the previous state."""
    read = []

    def rename(n):
        if not isinstance(n, Name) or n.primes or n.time:
            return n
        base, sub = n.base, n.sub
        if base.lower() in PARAM_WORDS:  # weight_ih, bias_hh: code's parameter names
            return n.replace(base=PARAM_WORDS[base.lower()])
        if sub.lower() == "bias" and base.isalpha() and not n.deco:  # forget_bias: one more bias
            return n.replace(base="b", sub=base)
        spelled = n.raw.replace("{", "").replace("}", "").replace("\\", "")
        for short, words in SIZE_WORDS.items():
            if spelled in words:
                read.append(n.raw)
                return n.replace(base=short, sub="", raw=n.raw)
        m = LOWER_MATRIX.fullmatch(base + sub)
        if m and not n.deco:  # w_{ih}, whh: PyTorch's and Karpathy's lower-case weight matrices
            return n.replace(base="W", sub=m.group(1))
        if base in CODE_STATES:
            base, deco = CODE_STATES[base]
            if deco:
                return n.replace(base=base, deco=deco, sub=sub or "t")
            n = n.replace(base=base)
        if base == "state" and not sub:
            read.append(n.raw)
            return n.replace(base="h")
        if len(base) == 2 and base[1] == "t" and base[0] in "xhcafiogrzn" and not sub and not n.deco:
            return n.replace(base=base[0], sub="t")  # xt, ht, ft: the time index without its underscore
        if base.lower() in NEW_WORDS | OLD_WORDS and sub.lower() in ("h", "c", "x", "a", "state"):
            word, base = base.lower(), sub  # next_h, prev_c, new_state
        elif base.lower() in ("h", "c", "x", "a") and sub.lower() in NEW_WORDS | OLD_WORDS:
            word = sub.lower()  # h_next, c_prev, a_prev
        else:
            return n
        if base.lower() in ("a", "state"):
            base = "H" if base[0].isupper() else "h"
        read.append(n.raw)
        return n.replace(base=base, sub="t" if word in NEW_WORDS else "t-1")

    eqs = apply_to(eqs, rename)
    if read:
        shown = _(", ").join(sorted(set(read)))
        notes.append(_("{names} read as code's names for the new and the previous states").format(names=shown))
    return eqs


def _third_cell(eqs, topic, notes):
    """c_next from c_prev and c_current (NumPy code): a third cell value beside the new and the old is the candidate."""
    if topic != "lstm":
        return eqs
    names = names_in(eqs)
    cells = {n.sub for n in names if n.base == "c" and not n.deco and not n.primes}
    if not {"t", "t-1"} <= cells:
        return eqs
    third = {n.raw for n in names if n.base == "c" and not n.deco and not n.primes and len(n.sub) > 1
             and n.sub.isalpha() and n.sub.lower() not in NEW_WORDS | OLD_WORDS}
    if len(third) != 1:
        return eqs
    raw = third.pop()
    notes.append(_("{name}, beside the new and the previous cell state, read as the candidate c̃ₜ").format(name=raw))
    return apply_to(eqs, lambda n: n.replace(deco="tilde", sub="t") if isinstance(n, Name) and n.raw == raw else n)


def _timed(n: Name) -> bool:
    return n.sub in TIMES or (not n.sub and bool(n.deco))


def _hidden_aliases(eqs, topic, notes):
    names = names_in(eqs)
    if topic == "gru" and all(not n.sub and not n.deco for n in names if n.base.lower() == "h") and any(
            n.base == "s" and _timed(n) for n in names) and any(n.base == "h" for n in names):
        # WildML's GRU: s_t is the state, a bare h the candidate
        notes.append(_("s read as the hidden state and h as the candidate (WildML)"))

        def state_and_candidate(n):
            if isinstance(n, Name) and n.base == "h" and not n.sub and not n.deco:
                return n.replace(deco="tilde", sub="t")
            if isinstance(n, Name) and n.base == "s" and _timed(n):
                return n.replace(base="h")
            return n

        return apply_to(eqs, state_and_candidate)
    if topic == "lstm" and not any(n.base.lower() == "c" for n in names) and any(n.base == "s" and _timed(n) for n in names):
        # Goodfellow et al.'s LSTM: s the cell state, q the output gate
        notes.append(_("s read as the cell state, g as the input gate and q as the output gate (Goodfellow et al.)"))
        return apply_to(eqs, lambda n: n.replace(base={"s": "c", "q": "o", "g": "i"}[n.base])
                      if isinstance(n, Name) and n.base in ("s", "q", "g") and _timed(n) else n)
    if any(n.base.lower() == "h" for n in names):
        return eqs
    aliases = {n.base for n in names if n.base.lower() in HIDDEN_ALIASES and _timed(n)}
    if topic == "gru":
        aliases |= {n.base for n in names if n.base.lower() == "c"}  # deeplearning.ai's GRU: c = a
    if not aliases:
        return eqs
    for a in sorted(aliases):
        who = _(HIDDEN_ALIASES.get(a.lower(), DL_GRU))
        notes.append(_("{letter} read as the hidden state h ({source})").format(letter=a, source=who))

    def rename(n):
        if isinstance(n, Name) and n.base in aliases and (_timed(n) or n.base.lower() == "c"):
            return n.replace(base="H" if n.base.isupper() else "h")
        return n

    return apply_to(eqs, rename)


def _block_input(eqs, topic, notes):
    """Greff et al. call the LSTM's candidate the block input z^t."""
    if topic != "lstm":
        return eqs
    names = names_in(eqs)
    if any(n.base.lower() == "g" or (n.base.lower() == "c" and n.deco) for n in names):
        return eqs
    if not any(n.base == "z" and _timed(n) for n in names):
        return eqs
    notes.append(_("z read as the block input, the candidate gₜ (Greff et al.)"))
    return apply_to(eqs, lambda n: n.replace(base="g") if isinstance(n, Name) and n.base == "z" and _timed(n) else n)


def _gate_names(eqs, topic, notes):
    """Bare capitals R, Z (d2l's code), Keras' c for the GRU candidate, u for the LSTM's input gate."""
    names = names_in(eqs)

    def rename(n):
        if isinstance(n, Name) and topic == "gru" and n.primes == 1 and n.base == "h" and not n.sub and h_t_defined:
            return n.replace(deco="tilde", sub="t", primes=0)  # h' beside an explicit h_t: the candidate
        if isinstance(n, Name) and topic == "lstm" and n.base == "q" and _timed(n):
            return n.replace(base="o")  # Goodfellow et al.'s output gate
        if isinstance(n, Name) and topic == "gru" and n.base == "g" and n.sub in ("r", "u", "z") and not n.deco:
            return n.replace(base="r" if n.sub == "r" else "z", sub="t")  # g_r, g_u: the gates as some notes name them
        if not isinstance(n, Name) or n.sub or n.deco or n.primes or n.time:
            return n
        if topic == "gru" and n.base == "i" and not has_z:
            return n.replace(base="z")  # the update gate as PyTorch's early GRU docs name it
        if topic == "gru" and n.base in ("R", "Z"):
            return n.replace(sub="t")
        if topic == "gru" and n.base.lower() == "c" and has_h:
            return n.replace(base="h", deco="tilde", sub="t")
        if topic == "lstm" and n.base == "u" and not has_i:
            return n.replace(base="i")
        return n

    has_h = any(n.base.lower() == "h" for n in names)
    has_z = any(n.base.lower() in ("z", "u") or n.base == "Γ" for n in names)
    h_t_defined = any(isinstance(eq.lhs, Name) and eq.lhs.base == "h" and eq.lhs.sub == "t" for eq in eqs)
    if topic == "gru" and not has_z and any(n.base == "i" and not n.sub for n in names):
        notes.append(_("i read as the update gate zₜ (as PyTorch's early GRU docs write it)"))
    if topic == "gru" and h_t_defined and any(n.base == "h" and n.primes == 1 for n in names):
        notes.append(_("h′ beside hₜ read as the candidate"))
    has_i = any(n.base in ("i", "I") and not n.deco for n in names)
    if topic == "gru" and has_h and any(n.base.lower() == "c" and not n.sub and not n.deco for n in names):
        notes.append(_("c read as the candidate state (Keras writes c for it)"))
    if topic == "lstm" and not has_i and any(n.base == "u" and not n.deco for n in names):
        notes.append(_("u read as the input gate iₜ (deeplearning.ai calls it the update gate)"))
    return apply_to(eqs, rename)


def _time_shift(eqs, notes):
    """h_{t+1} computed from h_t (MLX, Keras): the same cell, its index shifted by one."""
    ahead = [eq.lhs for eq in eqs if isinstance(eq.lhs, Name) and eq.lhs.base.lower() in STATE_BASES
             and eq.lhs.sub == "t+1" and not eq.lhs.deco]
    if not ahead:
        return eqs
    notes.append(_("{name} computed from the states at t: read with the time index shifted by one "
                   "(as MLX's and Keras' docs write it)").format(name=ahead[0].raw))
    shift = {"t+1": "t", "t": "t-1"}

    def rename(n):
        if isinstance(n, Name) and n.base.lower() in STATE_BASES and not n.deco and n.sub in shift:
            return n.replace(sub=shift[n.sub])
        return n

    return apply_to(eqs, rename)


