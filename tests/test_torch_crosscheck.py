"""The numeric cells agree with torch.nn to 1e-6 (skipped with a reason where torch is missing)."""

import numpy as np
import pytest

from tutor.numeric import cells

torch = pytest.importorskip("torch", reason="torch is not installed (pip install torch==2.13.0); CI installs it")


def _t(a):
    return a.detach().numpy().astype(float)


@pytest.mark.parametrize("seed", range(5))
def test_rnn_cell_matches_torch(seed):
    torch.manual_seed(seed)
    cell = torch.nn.RNNCell(3, 4).double()
    x, h = torch.randn(1, 3, dtype=torch.float64), torch.randn(1, 4, dtype=torch.float64)
    p = cells.from_torch_rnn(_t(cell.weight_ih), _t(cell.weight_hh), _t(cell.bias_ih), _t(cell.bias_hh))
    ours = cells.rnn_step(p, _t(x)[0], _t(h)[0])
    np.testing.assert_allclose(ours["h"], _t(cell(x, h))[0], atol=1e-6)


@pytest.mark.parametrize("seed", range(5))
def test_lstm_cell_matches_torch(seed):
    torch.manual_seed(seed)
    cell = torch.nn.LSTMCell(3, 4).double()
    x = torch.randn(1, 3, dtype=torch.float64)
    h, c = torch.randn(1, 4, dtype=torch.float64), torch.randn(1, 4, dtype=torch.float64)
    p = cells.from_torch_lstm(_t(cell.weight_ih), _t(cell.weight_hh), _t(cell.bias_ih), _t(cell.bias_hh))
    ours = cells.lstm_step(p, _t(x)[0], _t(h)[0], _t(c)[0])
    h2, c2 = cell(x, (h, c))
    np.testing.assert_allclose(ours["h"], _t(h2)[0], atol=1e-6)
    np.testing.assert_allclose(ours["c"], _t(c2)[0], atol=1e-6)


@pytest.mark.parametrize("seed", range(5))
def test_gru_cell_matches_torch(seed):
    torch.manual_seed(seed)
    cell = torch.nn.GRUCell(3, 4).double()
    x, h = torch.randn(1, 3, dtype=torch.float64), torch.randn(1, 4, dtype=torch.float64)
    p = cells.from_torch_gru(_t(cell.weight_ih), _t(cell.weight_hh), _t(cell.bias_ih), _t(cell.bias_hh))
    ours = cells.gru_step(p, _t(x)[0], _t(h)[0], cells.GRU_CONVENTIONS["pytorch"])
    np.testing.assert_allclose(ours["h"], _t(cell(x, h))[0], atol=1e-6)


@pytest.mark.parametrize("seed", range(3))
def test_lstm_unroll_matches_nn_lstm(seed):
    torch.manual_seed(seed)
    net = torch.nn.LSTM(3, 4).double()
    xs = torch.randn(6, 1, 3, dtype=torch.float64)
    h0, c0 = torch.randn(1, 1, 4, dtype=torch.float64), torch.randn(1, 1, 4, dtype=torch.float64)
    out, (hn, cn) = net(xs, (h0, c0))
    p = cells.from_torch_lstm(_t(net.weight_ih_l0), _t(net.weight_hh_l0), _t(net.bias_ih_l0), _t(net.bias_hh_l0))
    steps = cells.unroll("lstm", p, [_t(x)[0] for x in xs], _t(h0)[0, 0], _t(c0)[0, 0])
    np.testing.assert_allclose(np.stack([s["h"] for s in steps]), _t(out)[:, 0], atol=1e-6)
    np.testing.assert_allclose(steps[-1]["c"], _t(cn)[0, 0], atol=1e-6)


@pytest.mark.parametrize("seed", range(3))
def test_gru_unroll_matches_nn_gru(seed):
    torch.manual_seed(seed)
    net = torch.nn.GRU(3, 4).double()
    xs = torch.randn(6, 1, 3, dtype=torch.float64)
    h0 = torch.randn(1, 1, 4, dtype=torch.float64)
    out, _ = net(xs, h0)
    p = cells.from_torch_gru(_t(net.weight_ih_l0), _t(net.weight_hh_l0), _t(net.bias_ih_l0), _t(net.bias_hh_l0))
    steps = cells.unroll("gru", p, [_t(x)[0] for x in xs], _t(h0)[0, 0])
    np.testing.assert_allclose(np.stack([s["h"] for s in steps]), _t(out)[:, 0], atol=1e-6)


def test_worked_example_numbers_match_torch():
    """The seeded one-decimal example, pushed through torch.nn.LSTMCell, gives the printed states."""
    p, xs, h0, c0 = cells.random_example("lstm", 2, 3, 3, seed=4)
    cell = torch.nn.LSTMCell(3, 2).double()
    with torch.no_grad():
        order = cells.TORCH_LSTM_ORDER
        cell.weight_ih.copy_(torch.tensor(np.concatenate([p[f"W_x{g}"] for g in order])))
        cell.weight_hh.copy_(torch.tensor(np.concatenate([p[f"W_h{g}"] for g in order])))
        cell.bias_ih.copy_(torch.tensor(np.concatenate([p[f"b_{g}"] for g in order])))
        cell.bias_hh.zero_()
    h, c = torch.tensor(h0)[None], torch.tensor(c0)[None]
    steps = cells.unroll("lstm", p, xs, h0, c0)
    for x, s in zip(xs, steps):
        h, c = cell(torch.tensor(x)[None], (h, c))
        np.testing.assert_allclose(s["h"], _t(h)[0], atol=1e-6)


@pytest.mark.parametrize("scale", [0.8, 1.5])
def test_demo_backprop_matches_autograd(scale):
    from tutor.numeric import gradients

    p, xs, h0 = gradients.rnn_model(4, 3, 10, scale, seed=1, input_scale=0.3)
    steps = cells.unroll("rnn", p, xs, h0)
    back = gradients.backward(gradients.rnn_jacobians(p, xs, h0))
    W_hh, W_xh, b = (torch.tensor(p[k]) for k in ("W_hh", "W_xh", "b_h"))
    t = 4
    h_t = torch.tensor(steps[t - 1]["h"])

    def forward(h):
        for x in xs[t:]:
            h = torch.tanh(W_hh @ h + W_xh @ torch.tensor(x) + b)
        return h

    jac = torch.autograd.functional.jacobian(forward, h_t)
    np.testing.assert_allclose(back[t], jac.numpy(), atol=1e-6)


def test_demo_lstm_cell_path_matches_autograd():
    """∂c_T/∂c_t along the cell path, with the gates computed from the forward pass held fixed."""
    from tutor.numeric import gradients

    p, xs, h0, c0 = gradients.lstm_model(4, 3, 8, seed=2)
    steps = cells.unroll("lstm", p, xs, h0, c0)
    back = gradients.backward(gradients.lstm_cell_jacobians(p, xs, h0, c0))
    t = 3
    f = [torch.tensor(s["f"]) for s in steps]
    ig = [torch.tensor(s["i"] * s["g"]) for s in steps]

    def cell_path(c):
        for k in range(t, len(steps)):
            c = f[k] * c + ig[k]
        return c

    jac = torch.autograd.functional.jacobian(cell_path, torch.tensor(steps[t - 1]["c"]))
    np.testing.assert_allclose(back[t], jac.numpy(), atol=1e-12)
