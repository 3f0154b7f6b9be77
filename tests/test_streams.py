"""Encodings, closed pipes and terminals: the verdict and its exit code always get through.

Each case runs the installed program in a subprocess with the hostile condition set in its
environment, its arguments or its output, as a user's shell would.
"""

import json
import os
import subprocess

import pytest

from .conftest import installed_command

pexpect = pytest.importorskip("pexpect", reason="pexpect is a test extra: pip install '.[test]'")

RIGHT = "f_t = σ(W_f [h_{t-1}, x_t] + b_f)"
WRONG = "f_t = tanh(W_f [h_{t-1}, x_t] + b_f)"


def _env(home, **extra):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONIOENCODING", "PYTHONUTF8", "LC_ALL", "LANG", "NO_COLOR")}
    env.update({"RNN_TUTOR_HOME": str(home), "COLUMNS": "80", **extra})
    return env


def _run(home, args, stdin=b"", **extra):
    return subprocess.run(installed_command() + args, input=stdin, capture_output=True, timeout=300, env=_env(home, **extra))


# -- encodings -------------------------------------------------------------------------------------

ENCODINGS = {"ioencoding-ascii": {"PYTHONIOENCODING": "ascii"}, "c-locale": {"LC_ALL": "C", "PYTHONUTF8": "0"}}
BATCH = ('{"problem": "lstm.forget", "answer": "' + RIGHT + '"}\n').encode()
COMMANDS = {  # args, stdin, exit code, text that must be in the output
    "check-correct": (["check", "lstm.forget", RIGHT], b"", 0, "correct"),
    "check-incorrect": (["check", "lstm.forget", WRONG], b"", 1, "incorrect"),
    "check-json": (["check", "--json", "lstm.forget", WRONG], b"", 1, '"verdict": "incorrect"'),
    "check-stdin": (["check", "lstm.forget", "-"], RIGHT.encode(), 0, "correct"),
    "batch": (["check", "--batch", "-", "--jobs", "1"], BATCH, 0, '"verdict": "correct"'),
    "stats": (["stats", "--all"], b"", 0, "rnn.hidden"),
    "stats-json": (["stats", "--json"], b"", 0, '"topics"'),
    "explain": (["explain", "lstm"], b"", 0, "LSTM"),
    "demo-clipping": (["demo", "clipping"], b"", 0, "clipping"),
    "demo-vanishing": (["demo", "vanishing"], b"", 0, "RNN"),
    "drill": (["drill", "lstm", "--in-order"], (RIGHT + "\n:quit\n").encode(), 0, "correct"),
    "list": (["list"], b"", 0, "lstm.forget"),
}
CASES = ([("ioencoding-ascii", c) for c in COMMANDS if c not in ("check-incorrect", "stats-json", "demo-vanishing")]
         + [("c-locale", c) for c in ("check-json", "check-stdin", "drill")])


@pytest.mark.parametrize("encoding,command", CASES, ids=[f"{e}-{c}" for e, c in CASES])
def test_ascii_output_keeps_verdict_and_exit_code(tmp_path, encoding, command):
    args, stdin, code, expected = COMMANDS[command]
    run = _run(tmp_path, args, stdin, **ENCODINGS[encoding])
    assert b"Traceback" not in run.stderr, run.stderr.decode()[-1500:]
    assert run.returncode == code, run.stderr.decode()[-800:]
    assert all(b < 128 for b in run.stdout), "non-ASCII on an ASCII output"
    assert expected in run.stdout.decode("ascii")
    if "json" in command or command == "batch":
        record = json.loads(run.stdout if command == "stats-json" else run.stdout.decode().splitlines()[0])
        assert "\\u" in run.stdout.decode() or record.get("verdict") == "correct" or command == "stats-json"


def test_ascii_json_escapes_what_it_cannot_print(tmp_path):
    run = _run(tmp_path, ["check", "--json", "lstm.forget", WRONG], PYTHONIOENCODING="ascii")
    assert json.loads(run.stdout)["interpreted"].startswith("fₜ")  # escaped, not lost
    assert "\\u209c" in run.stdout.decode()


ARGV = {  # bytes on the command line, expected exit code
    "invalid-utf8": (b"f_t = \xff\xfe(W_f x)", 2),
    "lone-continuation": (b"\x80", 2),
    "utf8-sigma": (RIGHT.encode(), 0),
}


MODES = {"utf8-mode": {"PYTHONUTF8": "1"}, "c-locale": {"LC_ALL": "C", "PYTHONUTF8": "0"}, "c-utf8": {"LC_ALL": "C.UTF-8"}}
ARGV_CASES = [("invalid-utf8", m) for m in MODES] + [("lone-continuation", "utf8-mode"), ("utf8-sigma", "c-locale")]


@pytest.mark.parametrize("name,mode", ARGV_CASES, ids=[f"{n}-{m}" for n, m in ARGV_CASES])
def test_undecodable_argv_is_a_verdict_not_a_crash(tmp_path, name, mode):
    raw, code = ARGV[name]
    mode = MODES[mode]
    run = subprocess.run([os.fsencode(a) for a in installed_command()] + [b"check", b"lstm.forget", raw],
                         capture_output=True, timeout=300, env=_env(tmp_path, **mode))
    assert b"Traceback" not in run.stderr, run.stderr.decode(errors="replace")[-1500:]
    assert run.returncode == code


# -- closed pipes ----------------------------------------------------------------------------------

PIPES = {  # args, stdin, exit code
    "check-json-incorrect": (["check", "--json", "lstm.forget", WRONG], b"", 1),
    "check-panel-correct": (["check", "lstm.forget", RIGHT], b"", 0),
    "check-panel-invalid": (["check", "lstm.forget", "f_t = ("], b"", 2),
    "list": (["list"], b"", 0),
    "stats-json": (["stats", "--json"], b"", 0),
    "explain": (["explain", "gru", "--steps", "3"], b"", 0),
    "batch": (["check", "--batch", "-", "--jobs", "2"], BATCH * 200, 0),
}


@pytest.mark.parametrize("name", list(PIPES))
def test_a_reader_that_leaves_ends_quietly_with_the_verdicts_code(tmp_path, name):
    args, stdin, code = PIPES[name]
    child = subprocess.Popen(installed_command() + args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, env=_env(tmp_path, NO_COLOR="1"))
    if name == "batch":
        child.stdin.write(stdin)
        child.stdin.close()
        assert child.stdout.readline()  # head -1: one record read, then the reader goes
    child.stdout.close()
    if name != "batch":
        child.stdin.close()
    err = child.stderr.read()
    assert child.wait(timeout=300) == code, err.decode()[-1500:]
    assert err == b""


# -- terminals -------------------------------------------------------------------------------------

@pytest.mark.parametrize("columns", ["0", "1"])
def test_narrow_or_nonsense_columns_still_show_the_verdict(tmp_path, columns):
    run = _run(tmp_path, ["check", "lstm.forget", WRONG], COLUMNS=columns, NO_COLOR="1")
    out = run.stdout.decode()
    assert run.returncode == 1 and "incorrect" in out and "belongs" in out
    assert min(len(line) for line in out.splitlines()) >= 20
    listing = _run(tmp_path, ["list"], COLUMNS=columns, NO_COLOR="1").stdout.decode()
    assert "lstm.forget" in listing and max(len(line) for line in listing.splitlines()) >= 30


def _pty(home, args, term):
    env = _env(home, TERM=term, LINES="40")
    env.pop("COLUMNS")
    cmd = installed_command()
    child = pexpect.spawn(cmd[0], cmd[1:] + args, env=env, timeout=60, dimensions=(40, 100))
    out = child.read()
    child.close()
    return out


@pytest.mark.parametrize("args", [["list"], ["check", "lstm.forget", WRONG], ["explain", "rnn"], ["stats"]],
                         ids=["list", "check", "explain", "stats"])
def test_dumb_terminal_gets_no_escape_codes(tmp_path, args):
    assert b"\x1b[" not in _pty(tmp_path, args, "dumb")


def test_a_real_terminal_does_get_them(tmp_path):  # so the test above could fail
    assert b"\x1b[" in _pty(tmp_path, ["list"], "xterm-256color")
