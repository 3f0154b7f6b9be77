"""The demo's gradients: backpropagation checked against finite differences; the clipping rules."""

import numpy as np
import pytest
from typer.testing import CliRunner

from tutor.numeric import cells
from tutor.numeric import gradients
from tutor.interface.cli import app


def _rnn_h_T(p, xs, h_t, t):
    h = h_t
    for x in xs[t:]:
        h = cells.rnn_step(p, x, h)["h"]
    return h


@pytest.mark.parametrize("scale", [0.7, 1.0, 1.6])
def test_rnn_backprop_matches_finite_differences(scale):
    p, xs, h0 = gradients.rnn_model(5, 3, 8, scale, seed=2, input_scale=0.5)
    steps = cells.unroll("rnn", p, xs, h0)
    hs = [h0] + [s["h"] for s in steps]
    back = gradients.backward(gradients.rnn_jacobians(p, xs, h0))
    eps = 1e-6
    for t in (0, 3, 7):
        fd = np.zeros((5, 5))
        for j in range(5):
            d = np.zeros(5)
            d[j] = eps
            fd[:, j] = (_rnn_h_T(p, xs, hs[t] + d, t) - _rnn_h_T(p, xs, hs[t] - d, t)) / (2 * eps)
        np.testing.assert_allclose(back[t], fd, atol=1e-7)


def test_lstm_cell_path_matches_finite_differences():
    p, xs, h0, c0 = gradients.lstm_model(4, 3, 6, seed=1)
    steps = cells.unroll("lstm", p, xs, h0, c0)
    back = gradients.backward(gradients.lstm_cell_jacobians(p, xs, h0, c0))
    fs = [s["f"] for s in steps]
    gates = [(s["i"], s["g"]) for s in steps]
    cs = [c0] + [s["c"] for s in steps]

    def c_T(c, t):  # the cell path with the gates as they were (hₜ₋₁ held fixed)
        for k in range(t, len(fs)):
            c = fs[k] * c + gates[k][0] * gates[k][1]
        return c

    eps = 1e-6
    for t in (0, 2, 5):
        fd = np.stack([(c_T(cs[t] + e * eps, t) - c_T(cs[t] - e * eps, t)) / (2 * eps) for e in np.eye(4)], axis=1)
        np.testing.assert_allclose(back[t], fd, atol=1e-8)


def test_scale_below_one_vanishes_above_one_explodes():
    low = gradients.curves(scale=0.8)
    high = gradients.curves(scale=1.5)
    assert low.rnn[0] < 1e-2 < 1e2 < high.rnn[0]
    assert low.rnn[-1] == pytest.approx(1.0) and high.lstm[-1] == pytest.approx(1.0)
    assert all(v <= 1 + 1e-12 for v in low.lstm)  # forget gates can only shrink the cell path
    assert "vanishes" in gradients.reading(low)[0] and "explodes" in gradients.reading(high)[0]


def test_clipping():
    g = np.array([3.0, 4.0])
    np.testing.assert_allclose(gradients.clip_by_norm(g, 1.0), [0.6, 0.8])
    np.testing.assert_allclose(gradients.clip_by_norm(g, 10.0), g)
    np.testing.assert_allclose(gradients.clip_by_value(g, 3.5), [3.0, 3.5])
    ex = gradients.clipping_example(theta=1.0, seed=0)
    assert ex["norms"]["by_norm"] == pytest.approx(min(1.0, ex["norms"]["g"]))
    assert ex["cos"]["by_norm"] == pytest.approx(1.0)


runner = CliRunner()


def run(*args):
    return runner.invoke(app, list(args), env={"COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb"})


def test_demo_vanishing_prints_the_curve_values():
    out = run("demo", "vanishing").output
    c = gradients.curves()
    assert f"{c.rnn[0]:.1e}" in out and f"{c.lstm[0]:.1e}" in out
    assert "vanishes" in out


ERRORS = [
    (["demo", "vanishing", "--length", "1"], "--length must be between 2 and 200"),
    (["demo", "vanishing", "--scale", "0"], "--scale must be above 0"),
    (["demo", "clipping", "--theta", "-1"], "must be positive"),
]


@pytest.mark.parametrize("args,message", ERRORS, ids=[e[1][:20] for e in ERRORS])
def test_demo_errors(args, message):
    result = run(*args)
    assert result.exit_code == 2 and message in result.output


def test_save_needs_matplotlib(tmp_path):
    target = tmp_path / "plot.png"
    result = run("demo", "vanishing", "--save", str(target))
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        assert result.exit_code == 2 and "pip install 'rnn-tutor[plot]'" in result.output
    else:
        assert result.exit_code == 0 and target.stat().st_size > 1000
