"""--batch: exactly one standard-JSON record per input line, in order, whatever the line; --jobs gives the same."""

import json
import subprocess

import pytest

from .conftest import installed_command

GOOD = '{"id": "good", "problem": "deriv.tanh", "answer": "1 - tanh(x)^2"}'
WRONG = '{"id": "wrong", "problem": "deriv.tanh", "answer": "1 - tanh(x)"}'

# (input line as bytes, what its record must say): each row is one line of one file
LINES = {
    "bom-first": (b"\xef\xbb\xbf" + GOOD.encode(), "correct"),
    "plain": (GOOD.encode(), "correct"),
    "lone-surrogate": (b'{"id": 3, "problem": "deriv.tanh", "answer": "\\ud800"}', "invalid"),
    "surrogate-in-other-field": (b'{"id": "\\udc00", "problem": "deriv.tanh", "answer": "1 - tanh(x)^2"}', "correct"),
    "deep-json": (b"[" * 100_000 + b"]" * 100_000, "invalid"),
    "deep-object": (b'{"a":' * 100_000 + b"1" + b"}" * 100_000, "invalid"),
    "bare-cr": (b'{"id": "cr", "problem": "deriv.tanh",\r"answer": "1 - tanh(x)^2"}', "correct"),
    "cr-in-string": (b'{"id": "cr2", "problem": "deriv.tanh", "answer": "1 - \rtanh(x)^2"}', "correct"),
    "crlf-ending": (GOOD.encode() + b"\r", "correct"),
    "empty": (b"", "invalid"),
    "spaces": (b"   \t ", "invalid"),
    "nan-field": (b'{"id": "n", "score": NaN, "big": 1e999, "neg": -Infinity, "problem": "deriv.tanh", "answer": "1 - tanh(x)"}', "incorrect"),
    "huge-int-field": (b'{"id": "i", "n": ' + b"9" * 5000 + b', "problem": "deriv.tanh", "answer": "1 - tanh(x)^2"}', "correct"),
    "not-utf8": (b'{"id": "latin1", "problem": "deriv.tanh", "answer": "1 - tanh(x)^2 \xe9"}', "invalid"),
    "unicode-separators": ('{"id": "sep", "problem": "deriv.tanh", "answer": "1 - tanh(x)^2", "note": "a\u2028b\x85c\x0cd"}'.encode(), "correct"),
    "array": (b"[1, 2]", "invalid"),
    "not-json": (b"this is not json", "invalid"),
    "no-answer": (b'{"problem": "deriv.tanh"}', "invalid"),
    "nan-answer": (b'{"problem": "deriv.tanh", "answer": "(0/0)^2"}', "invalid"),
    "huge-answer": ('{"problem": "deriv.tanh", "answer": "σ(exp(9999999999))"}'.encode(), "invalid"),
    "wrong": (WRONG.encode(), "incorrect"),
    "last-without-newline": (GOOD.encode(), "correct"),
}


def _batch(data: bytes, *args, env=None):
    return subprocess.run(installed_command() + ["check", "--batch", "-", *args], input=data, capture_output=True,
                          timeout=300, env=env)


def _strictly_standard(text: str):
    def refuse(name):
        raise ValueError(f"non-standard constant {name}")

    return json.loads(text, parse_constant=refuse)


@pytest.fixture(scope="module")
def hostile_file() -> bytes:
    rows = list(LINES.values())
    return b"\n".join(raw for raw, _ in rows)  # the last line has no newline


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_one_record_per_line_in_order(hostile_file, jobs):
    run = _batch(hostile_file, "--jobs", jobs)
    assert run.returncode == 0, run.stderr.decode()[-1000:]
    assert b"Traceback" not in run.stderr
    out = run.stdout.decode("utf-8").split("\n")
    assert out[-1] == ""
    records = [_strictly_standard(line) for line in out[:-1]]
    assert len(records) == len(LINES)
    for (name, (_, expected)), record in zip(LINES.items(), records):
        assert record["verdict"] == expected, (name, record)
        assert record["feedback"] or expected == "correct", name
        assert all("\n" not in f for f in record["feedback"]), name


def test_fields_that_json_cannot_carry_are_echoed_as_text(hostile_file):
    records = [json.loads(line) for line in _batch(hostile_file, "--jobs", "1").stdout.decode().split("\n")[:-1]]
    names = list(LINES)
    nan = records[names.index("nan-field")]
    assert (nan["score"], nan["big"], nan["neg"]) == ("NaN", "1e999", "-Infinity")
    assert records[names.index("huge-int-field")]["n"] == "9" * 5000
    assert records[names.index("surrogate-in-other-field")]["id"] == "\ufffd"
    assert records[names.index("unicode-separators")]["note"] == "a\u2028b\x85c\x0cd"
    assert records[names.index("empty")]["feedback"] == [f"line {names.index('empty') + 1} is empty"]


def test_jobs_give_the_same_records_in_the_same_order():
    lines = [GOOD, WRONG, "{", '{"problem": "lstm.forget", "answer": "f_t = σ(W_f [h_{t-1}, x_t] + b_f)"}'] * 40
    data = ("\n".join(f'{{"n": {i}, ' + line[1:] if line.startswith('{"') else line for i, line in enumerate(lines)) + "\n").encode()
    outs = {jobs: _batch(data, "--jobs", jobs) for jobs in ("1", "2", "3")}
    assert all(run.returncode == 0 for run in outs.values())
    assert outs["1"].stdout == outs["2"].stdout == outs["3"].stdout
    assert len(outs["1"].stdout.splitlines()) == len(lines)


def test_a_line_too_long_is_one_record_and_not_kept():
    data = GOOD.encode() + b"\n" + b"x" * (3 << 20) + b"\n" + WRONG.encode() + b"\n"
    run = _batch(data, "--jobs", "1")
    records = [json.loads(line) for line in run.stdout.splitlines()]
    assert [r["verdict"] for r in records] == ["correct", "invalid", "incorrect"]
    assert "too long" in records[1]["feedback"][0]


def test_jobs_must_be_positive():
    run = _batch(GOOD.encode(), "--jobs", "0")
    assert run.returncode == 2 and b"--jobs" in run.stderr


def _dies_on_marker(chunk, ascii_only):
    import os

    from tutor.interface import batch

    if any(raw and b"DIE" in raw for _, raw in chunk):
        os._exit(1)
    return [batch.record_text(n, raw, ascii_only) for n, raw in chunk]


def test_a_worker_that_dies_loses_no_line(monkeypatch):
    import io

    from tutor.interface import batch

    monkeypatch.setattr(batch, "_grade_chunk", _dies_on_marker)  # the forked workers inherit it
    lines = [GOOD, WRONG] * 20
    lines[17] = '{"problem": "deriv.tanh", "answer": "DIE"}'
    out = []
    batch.run(io.BytesIO("\n".join(lines).encode()), lambda text: out.append(text) or True, jobs=2, ascii_only=False)
    records = [json.loads(t) for t in out]
    assert len(records) == len(lines)
    assert [r.get("id") for r in records] == [json.loads(line).get("id") for line in lines]
    assert records[17]["verdict"] == "invalid" and "stopped the process" in records[17]["feedback"][0]
    expected = {GOOD: "correct", WRONG: "incorrect"}
    assert [r["verdict"] for i, r in enumerate(records) if i != 17] == [expected[x] for i, x in enumerate(lines) if i != 17]


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_LINE_PIECES = [b'{"problem": "deriv.tanh", "answer": "x"}', b"\r", b"\xef\xbb\xbf", b"\xff", b" ", b"{", b"[", b"]",
                b'"\\ud800"', b"NaN", b"1e999", b'{"a": 1}', b"\x00", b"\xe2\x80\xa8", b"\x85", b"\x0c", b"}"]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_LINE_PIECES) | st.binary(max_size=8), max_size=6).map(b"".join)
                .map(lambda b: b.replace(b"\n", b"")), min_size=1, max_size=12), st.booleans())
def test_any_bytes_give_one_standard_record_per_line(lines, final_newline):
    import io

    from tutor.interface import batch

    data = b"\n".join(lines) + (b"\n" if final_newline else b"")
    out = []
    batch.run(io.BytesIO(data), lambda text: out.append(text) or True, jobs=1, ascii_only=True)
    expected = len(lines) - (1 if not final_newline and lines[-1] == b"" else 0)
    assert len(out) == expected
    for text in out:
        assert text.isascii() and "\n" not in text
        assert _strictly_standard(text)["verdict"] in ("correct", "incorrect", "invalid")


def test_ctrl_c_during_a_parallel_batch_leaves_no_traceback(tmp_path):
    import os
    import signal

    path = tmp_path / "many.jsonl"
    path.write_text("\n".join([GOOD, WRONG] * 400) + "\n", encoding="utf-8")
    child = subprocess.Popen(installed_command() + ["check", "--batch", str(path), "--jobs", "2"], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, start_new_session=True)
    assert child.stdout.readline()  # grading has started
    os.killpg(child.pid, signal.SIGINT)  # as a terminal's Ctrl-C: the whole process group
    _, err = child.communicate(timeout=120)
    assert child.returncode == 130
    assert b"Traceback" not in err
