"""Whole numbers written in Chinese characters, as a learner may type them with an input method.

``三十二`` (32), ``两百五十六`` (256), ``一千零二十四`` (1024), ``一万二千`` (12000),
and digit by digit, ``三二`` (32). Only the characters of whole numbers are read
(零〇一二两三四五六七八九 and the units 十百千万亿); everything else is left as it is.
"""

from __future__ import annotations

import re

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000}
SECTIONS = {"万": 10**4, "亿": 10**8}
RUN = re.compile(f"[{''.join(DIGITS)}{''.join(UNITS)}{''.join(SECTIONS)}]+")


def value(run: str) -> int | None:
    """The number a run of numeral characters writes, or None if it is not a well-formed number.

    >>> value("三十二"), value("十二"), value("两百五十六"), value("一千零二十四"), value("三二"), value("十十")
    (32, 12, 256, 1024, 32, None)
    """
    if not run or not RUN.fullmatch(run):
        return None
    if not any(c in UNITS or c in SECTIONS for c in run):  # digit by digit: 三二 is 32
        return int("".join(str(DIGITS[c]) for c in run))
    total, section, digit, last_unit = 0, 0, None, 10**9
    for c in run:
        if c in DIGITS:
            if digit is not None and DIGITS[c] != 0:
                return None  # two digits without a unit between them (三四十)
            digit = DIGITS[c] if DIGITS[c] else None
        elif c in UNITS:
            unit = UNITS[c]
            if unit >= last_unit:
                return None  # units must fall within a section (十十, 百千)
            section += (1 if digit is None else digit) * unit
            digit, last_unit = None, unit
        else:
            section += digit or 0
            if section == 0:
                return None
            total += section * SECTIONS[c]
            section, digit, last_unit = 0, None, 10**9
    return total + section + (digit or 0)


def as_digits(text: str) -> str:
    """``text`` with every run of Chinese numeral characters that writes a number replaced by its digits."""
    def replace(match: re.Match) -> str:
        number = value(match.group())
        return match.group() if number is None else str(number)

    return RUN.sub(replace, text)
