"""Stage 5, the store: the learner's attempts in SQLite and the review schedule (FSRS).

May import :mod:`tutor.base`; knows nothing of grading or teaching.
"""
