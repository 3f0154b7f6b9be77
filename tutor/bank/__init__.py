"""Stage 2, the problem bank: ``problems/*.toml`` loaded into immutable records.

Below grading, since grading looks problems up. May import :mod:`tutor.base`
and :mod:`tutor.notation`.
"""
