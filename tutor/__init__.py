"""rnn-tutor: check, explain and drill the equations of RNN, LSTM and GRU cells."""

__version__ = "0.1.0"
