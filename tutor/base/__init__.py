"""The ground: time budgets for SymPy work and where the problem bank lies.

Imports nothing of ``tutor``; every other stage may import it.
"""
