"""The ground: time budgets for SymPy work, where the problem bank lies, the language and its numerals.

Imports nothing of ``tutor``; every other stage may import it.
"""
