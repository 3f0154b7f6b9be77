"""Stage 7, the interface: the Typer command line and the Rich renderer.

The top: may import every stage; nothing imports it.
"""
