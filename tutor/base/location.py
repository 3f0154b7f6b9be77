"""Where the problem bank is: inside the installed package, or beside it in a checkout.

A module of its own so that commands which read one bank file (``explain``)
can find it without importing the whole bank's loader.
"""

from __future__ import annotations

from pathlib import Path


def bank_dir() -> Path:
    """``tutor/problems`` in a wheel (force-included there), ``problems/`` in a source checkout."""
    packaged = Path(__file__).resolve().parent.parent / "problems"
    if packaged.is_dir():
        return packaged
    return packaged.parent.parent / "problems"
