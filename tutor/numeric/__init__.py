"""Stage 3, numbers: NumPy cells that return every intermediate, backpropagation through time, and the evaluation of lowered expressions at points.

Modules: ``cells`` (RNN/LSTM/GRU steps, cross-checked against PyTorch),
``gradients`` (the demos' Jacobian products and clipping), ``functions`` (σ and
relu as SymPy functions), ``evaluation`` (a lowered expression at numbers).
May import :mod:`tutor.base`.
"""
