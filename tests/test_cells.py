"""The numeric cells: invariants (Hypothesis) and agreement with PyTorch to 1e-6."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from tutor.numeric import cells

SIZES = st.tuples(st.integers(1, 5), st.integers(1, 5), st.integers(0, 2**31 - 1))


def _random(kind, hidden, inputs, seed, scale=1.0):
    rng = np.random.default_rng(seed)
    p = {k: rng.normal(0, scale, s) for k, s in cells.param_shapes(kind, hidden, inputs).items()}
    return p, rng.normal(0, 2, inputs), rng.normal(0, 1, hidden), rng.normal(0, 1, hidden)


@settings(max_examples=60, deadline=None)
@given(SIZES, st.floats(0.1, 10))
def test_gates_in_unit_interval(sizes, scale):
    """σ in [0, 1] and tanh in [−1, 1]: open intervals in exact arithmetic, closed in floating point,
    where a pre-activation beyond about ±19 (many inputs, large weights) rounds tanh to exactly ±1."""
    hidden, inputs, seed = sizes
    p, x, h, c = _random("lstm", hidden, inputs, seed, scale / 10)
    s = cells.lstm_step(p, x, h, c)
    for g in ("f", "i", "o"):
        assert np.all((s[g] >= 0) & (s[g] <= 1))
    assert np.all(np.abs(s["g"]) <= 1)
    p, x, h, _ = _random("gru", hidden, inputs, seed, scale / 10)
    for conv in cells.GRU_CONVENTIONS.values():
        s = cells.gru_step(p, x, h, conv)
        assert np.all((s["r"] >= 0) & (s["r"] <= 1)) and np.all((s["z"] >= 0) & (s["z"] <= 1))


@settings(max_examples=60, deadline=None)
@given(SIZES)
def test_forget_one_input_zero_keeps_the_cell(sizes):
    hidden, inputs, seed = sizes
    p, x, h, c = _random("lstm", hidden, inputs, seed)
    p["b_f"] = np.full(hidden, 1e3)  # σ saturates to exactly 1.0
    p["b_i"] = np.full(hidden, -1e3)  # and to exactly 0.0
    s = cells.lstm_step(p, x, h, c)
    assert np.all(s["f"] == 1.0) and np.all(s["i"] == 0.0)
    np.testing.assert_array_equal(s["c"], c)


@settings(max_examples=60, deadline=None)
@given(SIZES)
def test_pytorch_gru_update_one_keeps_the_state(sizes):
    hidden, inputs, seed = sizes
    p, x, h, _ = _random("gru", hidden, inputs, seed)
    p["b_z"] = np.full(hidden, 1e3)
    s = cells.gru_step(p, x, h, cells.GRU_CONVENTIONS["pytorch"])
    np.testing.assert_array_equal(s["h"], h)


def test_wikipedia_direction_is_the_mirror_image():
    p, x, h, _ = _random("gru", 3, 2, 7)
    keep = cells.gru_step(p, x, h, cells.GRUConvention("before", "keep"))
    take = cells.gru_step(p, x, h, cells.GRUConvention("before", "take"))
    z, n = keep["z"], keep["n"]
    np.testing.assert_allclose(take["h"], (1 - z) * h + z * n)
    np.testing.assert_allclose(keep["h"], (1 - z) * n + z * h)


def test_reset_before_applies_the_gate_to_the_state():
    p, x, h, _ = _random("gru", 3, 2, 8)
    s = cells.gru_step(p, x, h, cells.GRUConvention("before", "keep"))
    expected = np.tanh(p["W_xn"] @ x + p["W_hn"] @ (s["r"] * h) + p["b_xn"] + p["b_hn"])
    np.testing.assert_allclose(s["n"], expected)


def test_random_example_has_one_decimal():
    p, xs, h0, c0 = cells.random_example("lstm", 2, 3, 2, seed=5)
    for v in list(p.values()) + xs + [h0, c0]:
        np.testing.assert_allclose(v * 10, np.round(v * 10))
        assert np.all(np.abs(v) < 1)
