"""`python -m tutor` runs the command line, like the `rnn-tutor` script."""

from .cli import main

main()
