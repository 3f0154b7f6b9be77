"""The translation overlays of ``problems/``: which entries are stale, and stamping the ones brought up to date.

    python tools/overlays.py                   # list overlay entries whose English changed (exit 1 if any)
    python tools/overlays.py --stamp FILE...   # after updating a translation: record the English it now matches

Each overlay entry (``[problem."id"]``, ``[question."id"]``, or a whole
explanation file) records ``source = "…"``, the fingerprint of the English it
translates (:func:`tutor.base.overlay.fingerprint`). When the English
changes, the fingerprints differ: the tutor shows the English for that entry
until a translator updates the Chinese and stamps it again with this tool.
``tests/test_translation.py`` fails while any entry is stale or unstamped.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tutor.base.overlay import SOURCE, fingerprint  # noqa: E402

PROBLEMS = ROOT / "problems"
LANGUAGES = ("zh",)
HEADER = re.compile(r'^\[(problem|question)\."([^"]+)"\]\s*$')


def overlays() -> list[tuple[Path, Path]]:
    """(overlay file, its English file) for every overlay."""
    out = []
    for lang in LANGUAGES:
        for path in sorted((PROBLEMS / lang).rglob("*.toml")):
            out.append((path, PROBLEMS / path.relative_to(PROBLEMS / lang)))
    return out


def _english_entries(english: Path) -> dict:
    data = tomllib.loads(english.read_text(encoding="utf-8"))
    for key in ("problem", "question"):
        if key in data:
            return {entry["id"]: entry for entry in data[key]}
    return {}


def expected(overlay: Path, english: Path) -> dict:
    """{entry id, or "" for a whole file: the English fingerprint it must record}."""
    entries = _english_entries(english)
    over = tomllib.loads(overlay.read_text(encoding="utf-8"))
    if not entries:  # an explanation file: one fingerprint for the whole file
        return {"": fingerprint(tomllib.loads(english.read_text(encoding="utf-8")))}
    table = over.get("problem") or over.get("question") or {}
    return {pid: fingerprint(entries[pid]) for pid in table if pid in entries}


def stale() -> list[str]:
    """Overlay entries without a fingerprint or with one of an older English."""
    out = []
    for overlay, english in overlays():
        over = tomllib.loads(overlay.read_text(encoding="utf-8"))
        table = over.get("problem") or over.get("question")
        name = overlay.relative_to(PROBLEMS)
        for pid, want in expected(overlay, english).items():
            have = over.get(SOURCE) if pid == "" else table[pid].get(SOURCE)
            if have != want:
                out.append(f"{name}{f' {pid}' if pid else ''}: " + ("not stamped" if have is None else "English changed"))
    return out


def stamp(overlay: Path, english: Path) -> None:
    """Write the current English fingerprints into ``overlay`` (keeping everything else as it is)."""
    want = expected(overlay, english)
    lines = overlay.read_text(encoding="utf-8").split("\n")
    out, i = [], 0
    if "" in want:
        done = False
        for line in lines:
            if line.startswith(f"{SOURCE} = "):
                continue
            out.append(line)
            if not done and line.startswith("format_version"):
                out.append(f'{SOURCE} = "{want[""]}"')
                done = True
        overlay.write_text("\n".join(out), encoding="utf-8")
        return
    while i < len(lines):
        line = lines[i]
        out.append(line)
        i += 1
        m = HEADER.match(line)
        if m and m.group(2) in want:
            out.append(f'{SOURCE} = "{want[m.group(2)]}"')
            while i < len(lines) and not lines[i].startswith("["):
                if not lines[i].startswith(f"{SOURCE} = "):
                    out.append(lines[i])
                i += 1
    overlay.write_text("\n".join(out), encoding="utf-8")


def main() -> int:
    args = sys.argv[1:]
    if args and args[0] == "--stamp":
        chosen = {Path(a).resolve() for a in args[1:]}
        for overlay, english in overlays():
            if not chosen or overlay.resolve() in chosen:
                stamp(overlay, english)
                print(f"stamped {overlay.relative_to(ROOT)}")
        return 0
    found = stale()
    for line in found:
        print(line)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
