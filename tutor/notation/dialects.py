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

from .ast import BinOp, Call, Concat, Equation, Name, Node, Norm, Num, Transpose
from .errors import ParseError

STATE_BASES = ("h", "c")
# TensorFlow's LSTMBlockCell (cs the cell state, ci the cell input), deeplearning.ai's cct (c̃ₜ)
CODE_STATES = {"cs": ("c", ""), "ci": ("c", "tilde"), "cct": ("c", "tilde")}
PARAM_WORDS = {"weight": "W", "weights": "W", "bias": "b", "biases": "b"}
LOWER_MATRIX = re.compile(r"w_?([ihx][ihx])")
# code's names for the concatenated [h_{t-1}, x_t] (deeplearning.ai's concat, TensorFlow's xh)
CONCAT_NAMES = {"concat", "xh", "hx", "x_h", "h_x"}
# sizes and the clipping threshold as code and papers spell them out
SIZE_WORDS = {
    "H": {"num_units", "units", "hidden_size", "hidden_dim", "size_of_output", "d_h", "n_h", "n_hidden", "hidden_units"},
    "X": {"input_dim", "input_size", "num_features", "input_feature", "input_features", "size_of_input", "d_x", "n_x",
          "n_input", "num_inputs"},
    "theta": {"threshold", "clip_norm", "clipnorm", "max_norm", "max_grad_norm", "grad_clip_val", "clip_value"},
}
# letters sources use for the hidden state, and who uses them
HIDDEN_ALIASES = {"s": "WildML, Goodfellow et al.", "a": "deeplearning.ai", "y": "Greff et al."}
TIMES = {"t", "t-1", "t+1"}
NEW_WORDS = {"next", "new"}
OLD_WORDS = {"prev", "old", "last"}


def _map(node, fn):
    """A copy of ``node`` with ``fn`` applied to every node, children first."""
    if not isinstance(node, Node):
        return node
    changes = {}
    for field in node.FIELDS:
        value = getattr(node, field)
        if isinstance(value, Node):
            new = _map(value, fn)
            if new is not value:
                changes[field] = new
        elif isinstance(value, tuple) and any(isinstance(v, Node) for v in value):
            new = tuple(_map(v, fn) for v in value)
            if any(a is not b for a, b in zip(new, value)):
                changes[field] = new
    out = node.replace(**changes) if changes else node
    return fn(out)


def _names(eqs):
    seen = []

    def collect(n):
        if isinstance(n, Name):
            seen.append(n)
        return n

    for eq in eqs:
        _map(eq, collect)
    return seen


def _apply(eqs, fn):
    return tuple(_map(eq, fn) for eq in eqs)


def resolve_dialects(eqs: tuple, topic: str) -> tuple[tuple, list]:
    """(equations in the tutor's names, notes saying what was read) for one answer.

    Example:
        >>> from tutor.notation import parse
        >>> eqs, notes = resolve_dialects(parse("s_t = tanh(U x_t + W s_{t-1} + b)"), "rnn")
        >>> eqs[0].lhs.base, eqs[0].lhs.sub
        ('h', 't')
    """
    notes: list = []
    eqs = _clipping(eqs, notes)
    eqs = _norms(eqs, notes)
    eqs = _activations(eqs, notes)
    eqs = _code_names(eqs, notes)
    eqs = _hidden_aliases(eqs, topic, notes)
    eqs = _block_input(eqs, topic, notes)
    eqs = _gate_names(eqs, topic, notes)
    eqs = _versions(eqs, notes)
    eqs = _chunks(eqs, notes)
    eqs = _time_shift(eqs, notes)
    eqs = _assignments(eqs, notes)
    eqs = _inline_concatenations(eqs, notes)
    eqs = _concatenations(eqs, notes)
    eqs = _weights_on_concatenations(eqs)
    if len(eqs) > 1:  # a = c, when both name the hidden state (deeplearning.ai's GRU), says nothing
        eqs = tuple(eq for eq in eqs if not (isinstance(eq.lhs, Name) and isinstance(eq.rhs, Name)
                                             and _same(eq.lhs, eq.rhs))) or eqs
    return eqs, notes


def _same(a: Name, b: Name) -> bool:
    return (a.base.lower(), a.sub, a.deco, a.primes) == (b.base.lower(), b.sub, b.deco, b.primes)


def _clipping(eqs, notes):
    """min(1, θ/‖g‖): the clipping factor, which is θ/‖g‖ in the case that clips (‖g‖ > θ)."""
    found = []

    def factor(n):
        if isinstance(n, Call) and n.func in ("min", "max"):
            ones = [a for a in n.args if isinstance(a, Num) and float(a.text) == 1]
            rest = [a for a in n.args if not any(a is o for o in ones)]
            if n.func == "min" and len(n.args) == 2 and len(ones) == 1 and isinstance(rest[0], BinOp) and rest[0].op == "/":
                found.append(n)
                return rest[0]
            raise ParseError("min and max are read only as the clipping factor min(1, θ/‖g‖)", n.span)
        return n

    eqs = _apply(eqs, factor)
    if found:
        notes.append("min(1, θ/‖g‖) read as θ/‖g‖, its value when the gradient is clipped (‖g‖ > θ)")
    return eqs


def _norms(eqs, notes):
    """sqrt(gᵀg), sqrt(g·g), sqrt(np.dot(g, g)): the Euclidean norm ‖g‖ written out."""

    def bare(node):
        return node.operand if isinstance(node, Transpose) else node

    def norm(n):
        if isinstance(n, Call) and n.func == "sqrt" and len(n.args) == 1 and n.power is None:
            arg = n.args[0]
            if isinstance(arg, BinOp) and arg.op in ("juxt", "@", "*", "⊙"):
                a, b = bare(arg.left), bare(arg.right)
                if isinstance(a, Name) and isinstance(b, Name) and _same(a, b) and a.base not in ("x", "h", "c"):
                    return Norm(n.span, a)
        return n

    out = _apply(eqs, norm)
    if out != eqs:
        notes.append("the square root of gᵀg read as the norm ‖g‖")
    return out


def _activations(eqs, notes):
    found = []

    def phi(n):
        if isinstance(n, Call) and n.func == "phi":
            found.append(n)
            return n.replace(func="tanh")
        return n

    eqs = _apply(eqs, phi)
    if found:
        notes.append("φ read as tanh (as d2l and Wikipedia write it); a gate still needs σ")
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

    eqs = _apply(eqs, rename)
    if read:
        shown = ", ".join(sorted(set(read)))
        notes.append(f"{shown} read as code's names for the new and the previous states")
    return eqs


def _timed(n: Name) -> bool:
    return n.sub in TIMES or (not n.sub and bool(n.deco))


def _hidden_aliases(eqs, topic, notes):
    names = _names(eqs)
    if topic == "gru" and all(not n.sub and not n.deco for n in names if n.base.lower() == "h") and any(
            n.base == "s" and _timed(n) for n in names) and any(n.base == "h" for n in names):
        # WildML's GRU: s_t is the state, a bare h the candidate
        notes.append("s read as the hidden state and h as the candidate (WildML)")

        def state_and_candidate(n):
            if isinstance(n, Name) and n.base == "h" and not n.sub and not n.deco:
                return n.replace(deco="tilde", sub="t")
            if isinstance(n, Name) and n.base == "s" and _timed(n):
                return n.replace(base="h")
            return n

        return _apply(eqs, state_and_candidate)
    if topic == "lstm" and not any(n.base.lower() == "c" for n in names) and any(n.base == "s" and _timed(n) for n in names):
        # Goodfellow et al.'s LSTM: s the cell state, q the output gate
        notes.append("s read as the cell state, g as the input gate and q as the output gate (Goodfellow et al.)")
        return _apply(eqs, lambda n: n.replace(base={"s": "c", "q": "o", "g": "i"}[n.base])
                      if isinstance(n, Name) and n.base in ("s", "q", "g") and _timed(n) else n)
    if any(n.base.lower() == "h" for n in names):
        return eqs
    aliases = {n.base for n in names if n.base.lower() in HIDDEN_ALIASES and _timed(n)}
    if topic == "gru":
        aliases |= {n.base for n in names if n.base.lower() == "c"}  # deeplearning.ai's GRU: c = a
    if not aliases:
        return eqs
    for a in sorted(aliases):
        who = HIDDEN_ALIASES.get(a.lower(), "deeplearning.ai's GRU")
        notes.append(f"{a} read as the hidden state h ({who})")

    def rename(n):
        if isinstance(n, Name) and n.base in aliases and (_timed(n) or n.base.lower() == "c"):
            return n.replace(base="H" if n.base.isupper() else "h")
        return n

    return _apply(eqs, rename)


def _block_input(eqs, topic, notes):
    """Greff et al. call the LSTM's candidate the block input z^t."""
    if topic != "lstm":
        return eqs
    names = _names(eqs)
    if any(n.base.lower() == "g" or (n.base.lower() == "c" and n.deco) for n in names):
        return eqs
    if not any(n.base == "z" and _timed(n) for n in names):
        return eqs
    notes.append("z read as the block input, the candidate gₜ (Greff et al.)")
    return _apply(eqs, lambda n: n.replace(base="g") if isinstance(n, Name) and n.base == "z" and _timed(n) else n)


def _gate_names(eqs, topic, notes):
    """Bare capitals R, Z (d2l's code), Keras' c for the GRU candidate, u for the LSTM's input gate."""
    names = _names(eqs)

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
        notes.append("i read as the update gate zₜ (as PyTorch's early GRU docs write it)")
    if topic == "gru" and h_t_defined and any(n.base == "h" and n.primes == 1 for n in names):
        notes.append("h′ beside hₜ read as the candidate")
    has_i = any(n.base in ("i", "I") and not n.deco for n in names)
    if topic == "gru" and has_h and any(n.base.lower() == "c" and not n.sub and not n.deco for n in names):
        notes.append("c read as the candidate state (Keras writes c for it)")
    if topic == "lstm" and not has_i and any(n.base == "u" and not n.deco for n in names):
        notes.append("u read as the input gate iₜ (deeplearning.ai calls it the update gate)")
    return _apply(eqs, rename)


def _inline_concatenations(eqs, notes):
    """concat = np.concatenate([h_prev, x]) on a line of its own: used where it is named."""
    defs = {}
    for eq in eqs:
        rhs = eq.rhs
        if isinstance(rhs, Call) and rhs.func == "concat":
            rhs = rhs.args[0] if len(rhs.args) == 1 and isinstance(rhs.args[0], Concat) else Concat(rhs.span, rhs.args)
        if isinstance(eq.lhs, Name) and isinstance(rhs, Concat):
            defs[(eq.lhs.base, eq.lhs.sub)] = rhs
    if not defs or len(defs) == len(eqs):
        return eqs

    def inline(n):
        if isinstance(n, Name) and (n.base, n.sub) in defs:
            return defs[(n.base, n.sub)].replace(span=n.span)
        return n

    kept = tuple(eq for eq in eqs if not (isinstance(eq.lhs, Name) and (eq.lhs.base, eq.lhs.sub) in defs))
    return _apply(kept, inline)


def _concatenations(eqs, notes):
    """concat, xh: code's name for [h_{t-1}, x_t], when the answer does not define it."""
    defined = {eq.lhs.base for eq in eqs if isinstance(eq.lhs, Name)}
    found = []

    def expand(n):
        if isinstance(n, Name) and not n.sub and n.base in CONCAT_NAMES and n.base not in defined:
            found.append(n.raw)
            return Concat(n.span, (Name(n.span, "h_{t-1}", "h", "", "t-1"), Name(n.span, "x_t", "x", "", "t")))
        return n

    eqs = _apply(eqs, expand)
    if found:
        notes.append(f"{found[0]} read as the concatenation [hₜ₋₁, xₜ]")
    return eqs


def _key(n: Name) -> tuple:
    return (n.base, n.sub, n.deco, n.primes)


def _versions(eqs, notes):
    """f = A[:, :H] then f = sigmoid(f): code gives one name to successive values; each gets its own."""
    from collections import Counter

    counts = Counter(_key(eq.lhs) for eq in eqs if isinstance(eq.lhs, Name))
    multi = {k for k, c in counts.items() if c > 1}
    for k in list(multi):
        # only a value computed from the one before it (f = sigmoid(f)); two unrelated
        # definitions of one name stay an error
        later = [eq for eq in eqs if isinstance(eq.lhs, Name) and _key(eq.lhs) == k][1:]
        if not all(any(_key(n) == k for n in _names((eq.rhs,))) for eq in later):
            multi.discard(k)
    if not multi:
        return eqs
    seen: Counter = Counter()
    current: dict = {}
    out = []
    for eq in eqs:
        rhs = _map(eq.rhs, lambda n: n.replace(sub=current[_key(n)]) if isinstance(n, Name) and _key(n) in current else n)
        lhs = eq.lhs
        if isinstance(lhs, Name) and _key(lhs) in multi:
            k = _key(lhs)
            seen[k] += 1
            if seen[k] < counts[k]:  # an earlier value: a name of its own
                current[k] = f"{lhs.sub}v{seen[k]}"
                lhs = lhs.replace(sub=current[k])
            else:
                current.pop(k, None)
        out.append(Equation(eq.span, lhs, rhs))
    notes.append("a name given successive values (code's style) is read one value at a time")
    return tuple(out)


def _chunks(eqs, notes):
    """chunk(A, k), block k of one fused affine map: the map with weights and biases of block k's own."""
    defs = {_key(eq.lhs): eq.rhs for eq in eqs if isinstance(eq.lhs, Name)}
    cut = set()

    def block(n):
        if not (isinstance(n, Call) and n.func == "chunk" and len(n.args) == 2 and isinstance(n.args[1], Num)):
            return n
        source, k = n.args[0], n.args[1].text
        if isinstance(source, Name) and _key(source) in defs:
            cut.add(_key(source))
            source = defs[_key(source)]

        def relabel(p):
            if isinstance(p, Name) and p.base[:1] in "WURVbw" and not p.deco and not p.primes:
                return p.replace(base=p.base[0].upper() + p.base[1:] if p.base[0] == "w" else p.base, sub=f"{p.sub}{k}")
            return p

        return _map(source, relabel)

    out = _apply(eqs, block)
    if out == eqs:
        return eqs
    notes.append("one fused affine map cut into blocks: each block has weights and a bias of its own")
    used = {_key(n) for eq in out for n in _names((eq.rhs,))}
    return tuple(eq for eq in out if not (isinstance(eq.lhs, Name) and _key(eq.lhs) in cut and _key(eq.lhs) not in used))


def _weights_on_concatenations(eqs):
    """xh * w_c (TensorFlow's docs): a lower-case w applied to a concatenation can only be a matrix."""

    def upper(n):
        if isinstance(n, BinOp) and n.op in ("*", "juxt", "@"):
            for side, other in (("left", n.right), ("right", n.left)):
                w = getattr(n, side)
                if isinstance(other, Concat) and isinstance(w, Name) and w.base[:1] == "w" and not w.deco:
                    return n.replace(**{side: w.replace(base="W" + w.base[1:])})
        return n

    return _apply(eqs, upper)


def _time_shift(eqs, notes):
    """h_{t+1} computed from h_t (MLX, Keras): the same cell, its index shifted by one."""
    ahead = [eq.lhs for eq in eqs if isinstance(eq.lhs, Name) and eq.lhs.base.lower() in STATE_BASES
             and eq.lhs.sub == "t+1" and not eq.lhs.deco]
    if not ahead:
        return eqs
    notes.append(f"{ahead[0].raw} computed from the states at t: read with the time index shifted by one "
                 "(as MLX's and Keras' docs write it)")
    shift = {"t+1": "t", "t": "t-1"}

    def rename(n):
        if isinstance(n, Name) and n.base.lower() in STATE_BASES and not n.deco and n.sub in shift:
            return n.replace(sub=shift[n.sub])
        return n

    return _apply(eqs, rename)


def _bare_state(n) -> bool:
    return isinstance(n, Name) and n.base.lower() in STATE_BASES and not n.sub and not n.primes and not n.deco and not n.time


def _assignments(eqs, notes):
    """h = np.tanh(… h …): the left side is the new value, the right side (until then) the old one."""
    if not any(_bare_state(eq.lhs) for eq in eqs):
        return eqs
    assigned: set = set()
    out = []
    for eq in eqs:
        done = set(assigned)

        def rename(n, done=done):
            if _bare_state(n) and n.base.lower() in done:
                return n.replace(sub="t")
            return n

        rhs = _map(eq.rhs, rename)
        lhs = eq.lhs
        if _bare_state(lhs):
            assigned.add(lhs.base.lower())
            lhs = lhs.replace(sub="t")
        out.append(Equation(eq.span, lhs, rhs) if (lhs is not eq.lhs or rhs is not eq.rhs) else eq)
    notes.append("code's assignment style: a state on the left is the new value; on the right, "
                 "until it is assigned, the previous one")
    return tuple(out)
