"""Every backprop reference, and the tape's own gradients, agree with torch.autograd (skipped where torch is missing).

The forward passes are written again here in PyTorch, independently of the
tape, from the same parameters and inputs; torch.autograd's gradients are
then compared with the reference answers evaluated on the recorded arrays.
"""

import numpy as np
import pytest

from tutor.bank.problems import load
from tutor.grading import backward
from tutor.notation import parse_chain

torch = pytest.importorskip("torch", reason="torch is not installed (pip install torch==2.13.0); CI installs it")

GRADIENT = [p for p in load()["backprop"].problems if p.kind == "gradient"]


def _t(a):
    return torch.tensor(np.asarray(a), dtype=torch.float64)


class Torch:
    """A trace's model run again in torch: every intermediate kept, gradients by autograd."""

    def __init__(self, tr):
        self.tr = tr
        self.p = {k: _t(v.value).requires_grad_(True) for k, v in tr.params.items()}
        self.nodes = {}
        loss = getattr(self, "_" + tr.model)()
        for v in self.nodes.values():
            if v.requires_grad:
                v.retain_grad()
        loss.backward()

    def keep(self, key, t, v):
        if v.requires_grad:
            v.retain_grad()
        self.nodes[(key, t)] = v
        return v

    def ce(self, logits, t):
        target = _t(self.tr.value("onehot", t))
        return -(target * torch.log_softmax(logits, dim=0)).sum()

    def _rnn(self):
        p, tr = self.p, self.tr
        h = self.keep("h", 0, _t(tr.value("h", 0)).requires_grad_(True))
        loss = 0
        for t in range(1, tr.T + 1):
            x = _t(tr.value("x", t))
            h = self.keep("h", t, torch.tanh(p["W_xh"] @ x + p["W_hh"] @ h + p["b_h"]))
            loss = loss + self.ce(self.keep("y", t, p["W_hy"] @ h + p["b_y"]), t)
        return loss

    def _lstm(self):
        p, tr = self.p, self.tr
        h = self.keep("h", 0, _t(tr.value("h", 0)).requires_grad_(True))
        c = self.keep("c", 0, _t(tr.value("c", 0)).requires_grad_(True))
        loss = 0
        for t in range(1, tr.T + 1):
            z = torch.cat([h, _t(tr.value("x", t))])
            af = self.keep("af", t, p["W_f"] @ z + p["b_f"])
            f = self.keep("f", t, torch.sigmoid(af))
            i = self.keep("i", t, torch.sigmoid(p["W_i"] @ z + p["b_i"]))
            g = self.keep("g", t, torch.tanh(p["W_g"] @ z + p["b_g"]))
            o = self.keep("o", t, torch.sigmoid(p["W_o"] @ z + p["b_o"]))
            c = self.keep("c", t, f * c + i * g)
            h = self.keep("h", t, o * torch.tanh(c))
            loss = loss + self.ce(p["W_hy"] @ h + p["b_y"], t)
        return loss

    def _gru(self):
        p, tr = self.p, self.tr
        h = self.keep("h", 0, _t(tr.value("h", 0)).requires_grad_(True))
        loss = 0
        for t in range(1, tr.T + 1):
            x = _t(tr.value("x", t))
            r = torch.sigmoid(p["W_ir"] @ x + p["b_ir"] + p["W_hr"] @ h + p["b_hr"])
            z = self.keep("z", t, torch.sigmoid(p["W_iz"] @ x + p["b_iz"] + p["W_hz"] @ h + p["b_hz"]))
            n = torch.tanh(p["W_in"] @ x + p["b_in"] + r * (p["W_hn"] @ h + p["b_hn"]))
            direct = self.keep("h_direct", t, h * 1.0)  # the copy of hₜ₋₁ that only the interpolation uses
            h = self.keep("h", t, (1 - z) * n + z * direct)
            loss = loss + self.ce(p["W_hy"] @ h + p["b_y"], t)
        return loss

    def _softmax(self):
        o = self.keep("o", 1, _t(self.tr.value("o", 1)).requires_grad_(True))
        return self.ce(o, 1)

    def truth(self, problem, env):
        kind, key, steps = backward._spec(problem)
        if kind == "jacobian":
            return self.jacobian(key, env["T"], env["k"])
        if problem.model == "softmax":
            return self.nodes[(key, 1)].grad.numpy()
        if steps == "t":
            return self.nodes[(key, env["t"])].grad.numpy()
        return self.p[key].grad.numpy()

    def jacobian(self, key, last, first):
        tr, p = self.tr, self.p
        if key == "h":
            def run(h):
                for j in range(first + 1, last + 1):
                    h = torch.tanh(p["W_xh"] @ _t(tr.value("x", j)) + p["W_hh"] @ h + p["b_h"])
                return h[:, 0]
            start = _t(tr.value("h", first))
        else:  # the cell path alone: the gates are the recorded numbers, held fixed
            def run(c):
                for j in range(first + 1, last + 1):
                    c = _t(tr.value("f", j)) * c + _t(tr.value("i", j)) * _t(tr.value("g", j))
                return c[:, 0]
            start = _t(tr.value("c", first))
        jac = torch.autograd.functional.jacobian(run, start)
        return jac[:, :, 0].detach().numpy()


@pytest.mark.parametrize("problem", GRADIENT, ids=[p.id for p in GRADIENT])
def test_reference_matches_torch_autograd(problem):
    checked = 0
    for seed in backward.SEEDS:
        tr = backward.trace(problem.model, seed)
        torch_model = Torch(tr)
        for env in backward.envs(problem, tr):
            want = torch_model.truth(problem, env)
            ours = np.asarray(backward.truth(problem, tr, env))
            np.testing.assert_allclose(ours, want, rtol=1e-6, atol=1e-9)
            for ref in problem.all_references():
                node = parse_chain(ref.answer)[-1]
                from tutor.numeric.arrays import Evaluator

                got = Evaluator(tr, ref.answer, env).value(node)
                if backward._spec(problem)[0] == "jacobian" and np.shape(got)[1:] == (1,):
                    got = np.diagflat(got)
                np.testing.assert_allclose(got, want, rtol=1e-6, atol=1e-9, err_msg=f"{ref.name} at {env}")
                checked += 1
    assert checked >= 3 * len(problem.all_references())
