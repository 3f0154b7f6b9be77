"""Published notations, verbatim: every case gets its expected verdict, each reported by id.

``corpus/notations.jsonl`` holds equations as PyTorch's docs, Wikipedia's raw
LaTeX, d2l (English and Chinese), Olah, Goodfellow et al., Graves, Greff et al.,
deeplearning.ai, MLX, CS224n/CS231n and from-scratch NumPy code write them,
with realistic mistakes in the same notations. ``corpus/sources.jsonl``, when
present, is a second, independent transcription of the same kind.
"""

import json

import pytest

from tutor.grading import check

from .conftest import HERE

FILES = ("notations.jsonl", "sources.jsonl")
CASES = [
    dict(json.loads(line), file=name)
    for name in FILES
    if (HERE / "corpus" / name).exists()
    for line in (HERE / "corpus" / name).read_text(encoding="utf-8").splitlines()
    if line.strip()
]
# cases the tutor cannot read or judge yet: the honest to-do
TODO: dict = {}


def _param(case):
    key = f"{case['file'].split('.')[0]}:{case['id']}"
    marks = [pytest.mark.xfail(strict=True, reason=TODO[key])] if key in TODO else []
    return pytest.param(case, id=key, marks=marks)


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_published(case):
    verdict = check(case["problem"], case["answer"])
    assert verdict.verdict == case["expect"], verdict.feedback
    if verdict.verdict == "incorrect":
        assert verdict.feedback and verdict.feedback[0], "an incorrect answer needs a reason"
