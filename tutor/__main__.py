"""`python -m tutor` runs the command line, like the `rnn-tutor` script."""

from .interface.cli import main

main()
