"""A busy machine changes nothing: the budget is CPU time, and only the answer's own work is charged."""

import os
import signal
import subprocess
import sys
import time

import pytest

from tutor.base.limits import OutOfTime, deadline, uncharged

from .conftest import installed_command

LSTM = ("f_t = σ(W_f [h_{t-1}, x_t] + b_f)\ni_t = σ(W_i [h_{t-1}, x_t] + b_i)\nC̃_t = tanh(W_C [h_{t-1}, x_t] + b_C)\n"
        "o_t = σ(W_o [h_{t-1}, x_t] + b_o)\nc_t = f_t ⊙ c_{t-1} + i_t ⊙ C̃_t\nh_t = o_t ⊙ tanh(c_t)")
BUSY = 6  # busy loops sharing one core with the check: it gets about a seventh of it


def _on(cpu):
    return lambda: os.sched_setaffinity(0, {cpu})


@pytest.mark.skipif(not hasattr(os, "sched_setaffinity"), reason="needs CPU affinity (Linux)")
@pytest.mark.parametrize("pid,answer", [("lstm", LSTM), ("lstm.forget", "f_t = σ(W_f [h_{t-1}, x_t] + b_f)")],
                         ids=["lstm-cell", "single-gate"])
def test_correct_answer_stays_correct_on_a_busy_core(pid, answer):
    cpu = min(os.sched_getaffinity(0))
    loops = [subprocess.Popen([sys.executable, "-c", "while True: pass"], preexec_fn=_on(cpu)) for _ in range(BUSY)]
    try:
        time.sleep(0.2)
        start = time.monotonic()
        run = subprocess.run(installed_command() + ["check", "--json", pid, answer], capture_output=True,
                             text=True, timeout=300, preexec_fn=_on(cpu))
        wall = time.monotonic() - start
    finally:
        for p in loops:
            p.send_signal(signal.SIGKILL)
            p.wait()
    assert run.returncode == 0, (wall, run.stdout, run.stderr[-500:])
    assert '"verdict": "correct"' in run.stdout


def _spin(seconds):
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass


def test_deadline_counts_cpu_not_sleep():
    with deadline(0.2):
        time.sleep(0.4)  # waiting is not working: no OutOfTime
    with pytest.raises(OutOfTime):
        with deadline(0.2):
            _spin(2.0)


def test_uncharged_work_is_not_counted():
    with deadline(0.3):
        with uncharged():
            _spin(0.5)
        _spin(0.1)
    with pytest.raises(OutOfTime):
        with deadline(0.3):
            with uncharged():
                _spin(0.1)
            _spin(2.0)


def test_nested_deadline_keeps_the_earlier_expiry():
    with pytest.raises(OutOfTime):
        with deadline(0.2):
            with deadline(5.0):
                _spin(2.0)


def test_a_swallowed_out_of_time_comes_again():
    swallowed = 0
    with pytest.raises(OutOfTime):
        with deadline(0.1):
            end = time.process_time() + 3.0
            while time.process_time() < end:
                try:
                    _spin(0.01)
                except OutOfTime:  # as a garbage-collector callback or __del__ would swallow it
                    swallowed += 1
                    if swallowed > 1:
                        raise
    assert swallowed == 2


def test_no_signal_after_the_block():
    with deadline(0.05):
        pass
    _spin(0.3)  # the repeating signal is off: nothing is raised here
    with pytest.raises(OutOfTime):
        with deadline(0.05):
            _spin(1.0)
    _spin(0.3)
