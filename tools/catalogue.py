"""The message catalogue: extract the messages of the code, update the ``.po``, compile the ``.mo``.

    python tools/catalogue.py            # after changing messages in the code, or a translation
    python tools/catalogue.py --check    # exit 1 when the .po lacks a message or the .mo is stale

Messages are the ``_("…")``, ``ngettext("…", "…", n)`` and ``N_("…")`` calls of
``tutor/`` (Babel's Python extractor) and every help text of the CLI (the
commands' docstrings and ``help=`` strings, walked by
:mod:`tutor.interface.localization`). Each language's catalogue is
``tutor/locale/<lang>/LC_MESSAGES/rnn-tutor.po``, edited by hand (or any PO
editor) and compiled here into the ``.mo`` beside it, which is committed so
that a plain ``pip install .`` needs no Babel; ``tests/test_language.py``
checks that the two agree and that no message lacks its translation.
Needs Babel (in the ``test`` extras).
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from babel.messages.catalog import Catalog  # noqa: E402
from babel.messages.extract import extract_from_dir  # noqa: E402
from babel.messages.mofile import write_mo  # noqa: E402
from babel.messages.pofile import read_po, write_po  # noqa: E402

LANGUAGES = ("zh",)
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}


def po_path(lang: str) -> Path:
    return ROOT / "tutor" / "locale" / lang / "LC_MESSAGES" / "rnn-tutor.po"


def template() -> Catalog:
    """Every message of the code and of ``--help``, as a template catalogue."""
    from tutor.interface.cli import app
    from tutor.interface.localization import help_texts

    catalog = Catalog(project="rnn-tutor", fuzzy=False)
    skip = {"tests", "locale", "__pycache__"}
    for filename, lineno, message, comments, _ in extract_from_dir(
        str(ROOT / "tutor"), method_map=[("**.py", "python")], keywords=KEYWORDS,
        callback=None, strip_comment_tags=True,
    ):
        if not set(Path(filename).parts) & skip:
            catalog.add(message, locations=[(f"tutor/{filename}", lineno)], auto_comments=comments)
    for text in help_texts(app):
        catalog.add(text, locations=[("tutor/interface/cli.py", 0)])
    return catalog


def read(lang: str) -> Catalog:
    path = po_path(lang)
    if not path.exists():
        return Catalog(locale=lang, project="rnn-tutor", fuzzy=False)
    with path.open("rb") as fh:
        return read_po(fh, locale=lang)


def po_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=0, omit_header=False, sort_output=False, no_location=True,
             include_previous=False, ignore_obsolete=True)
    return out.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def updated(lang: str) -> Catalog:
    """The ``.po`` of ``lang`` with the code's messages added (empty) and vanished ones dropped."""
    catalog = read(lang)
    catalog.update(template(), no_fuzzy_matching=True, update_header_comment=False, update_creation_date=False)
    catalog.obsolete.clear()
    return catalog


def main() -> int:
    check = "--check" in sys.argv[1:]
    stale = []
    for lang in LANGUAGES:
        catalog = updated(lang)
        po, mo = po_path(lang), po_path(lang).with_suffix(".mo")
        new_po = po_bytes(catalog)
        with io.BytesIO(new_po) as fh:
            new_mo = mo_bytes(read_po(fh, locale=lang))
        if check:
            if not po.exists() or po.read_bytes() != new_po:
                stale.append(str(po.relative_to(ROOT)))
            if not mo.exists() or mo.read_bytes() != new_mo:
                stale.append(str(mo.relative_to(ROOT)))
            continue
        po.parent.mkdir(parents=True, exist_ok=True)
        po.write_bytes(new_po)
        mo.write_bytes(new_mo)
        missing = [m.id for m in catalog if m.id and not all(m.string if isinstance(m.string, tuple) else (m.string,))]
        print(f"{lang}: {len([m for m in catalog if m.id])} messages, {len(missing)} untranslated")
    if stale:
        print("out of date (run python tools/catalogue.py):", ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
