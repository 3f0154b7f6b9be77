"""Every case of the public corpus gets its expected verdict, each reported by id."""

import pytest

from tutor.grading import check

from .conftest import CORPUS


@pytest.mark.parametrize("case", CORPUS, ids=[f"{c['id']}-{c['problem']}-{c['family']}" for c in CORPUS])
def test_public_corpus(case):
    verdict = check(case["problem"], case["answer"])
    assert verdict.verdict == case["expect"], verdict.feedback
    if verdict.verdict == "incorrect":
        assert verdict.feedback and verdict.feedback[0], "an incorrect answer needs a reason"
    if verdict.verdict != "invalid":
        assert verdict.interpreted
