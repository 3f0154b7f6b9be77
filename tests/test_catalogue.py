"""The message catalogue: the committed ``.mo`` is its ``.po`` compiled, and every message of the code
and of ``--help`` is in it, translated, with the same placeholders and no English left.

Needs Babel (a test extra), which ``tools/catalogue.py`` uses to extract and compile.
"""

import re
import sys
from pathlib import Path

import pytest

from tutor.base import language

from .test_translation import english_words

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tools"))
catalogue = pytest.importorskip("catalogue", reason="the catalogue checks need Babel: pip install '.[test]'")


def _messages():
    return [m for m in catalogue.template() if m.id]


MESSAGES = _messages()
PO = {m.id: m for m in catalogue.read("zh") if m.id}


def _key(message_id) -> str:
    text = message_id[0] if isinstance(message_id, tuple) else message_id
    return text.splitlines()[0][:50]


def test_the_mo_is_the_po_compiled():
    po = catalogue.po_path("zh")
    with po.open("rb") as fh:
        compiled = catalogue.mo_bytes(catalogue.read_po(fh, locale="zh"))
    assert po.with_suffix(".mo").read_bytes() == compiled, "run python tools/catalogue.py"


def test_the_po_has_no_stale_messages():
    wanted = {m.id for m in MESSAGES}
    assert sorted(str(k) for k in set(PO) - wanted) == [], "run python tools/catalogue.py"


PLACEHOLDER = re.compile(r"\{[^{}]*\}")


@pytest.mark.parametrize("message", MESSAGES, ids=[_key(m.id) for m in MESSAGES])
def test_every_message_is_translated(message):
    assert message.id in PO, "not in the .po: run python tools/catalogue.py and translate it"
    translated = PO[message.id].string
    ids = message.id if isinstance(message.id, tuple) else (message.id,)
    strings = translated if isinstance(translated, tuple) else (translated,)
    assert all(strings), "no translation"
    for s in strings:
        # a language with one plural form (Chinese) says every count with one string: it may follow the plural's
        assert sorted(PLACEHOLDER.findall(s)) in [sorted(PLACEHOLDER.findall(i)) for i in ids], "placeholders differ"
        if english_words(ids[0]):
            assert s != ids[0], "left identical to the English"
        assert not english_words(s), f"English left in the translation: {english_words(s)}"


def _click_messages():
    """Every message the Click and Typer modules that the CLI translates mark with ``_``/``ngettext``."""
    import gettext
    import sys

    from babel.messages.extract import extract_from_file

    import tutor.interface.cli  # noqa: F401  (loads the modules the CLI uses)

    out = set()
    for name, module in sorted(sys.modules.items()):
        if module is None or name.partition(".")[0] not in ("click", "typer"):
            continue
        marks = (gettext.gettext, gettext.ngettext, language.gettext, language.ngettext)  # before or after translate_click
        if getattr(module, "_", None) not in marks and getattr(module, "ngettext", None) not in marks:
            continue
        for _, message, _, _ in extract_from_file("python", module.__file__, keywords={"_": None, "ngettext": (1, 2)}):
            out.add(message)
    return out


def test_click_and_typer_messages_are_in_the_catalogue():
    """Click's own words ("Usage:", "No such command …") follow the tutor's language through the catalogue:
    a newer Click's new message must be added to ``tutor/interface/localization.py`` and translated."""
    found = _click_messages()
    assert "Usage:" in found and "Show this message and exit." in found
    assert sorted(map(str, found - set(PO))) == []


def test_gettext_reads_the_compiled_catalogue():
    language.choose("zh")
    assert language.gettext("interpreted as:") == PO["interpreted as:"].string
    assert language.ngettext("{count} item{order}.", "{count} items{order}.", 3) == PO[("{count} item{order}.", "{count} items{order}.")].string[0]
    language.choose("en")
    assert language.gettext("interpreted as:") == "interpreted as:"
