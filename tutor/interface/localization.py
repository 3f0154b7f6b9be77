"""``--help`` in the chosen language: Typer's help texts, looked up in the message catalogue.

The commands keep their English docstrings and ``help=`` strings, which are
the message ids; before Typer builds its Click commands (at ``app()``), the
CLI calls :func:`localize`, which replaces each text by its translation. The
walk is shared with the catalogue's extraction (:func:`help_texts`), so every
help text that ``--help`` can show is a message the catalogue test checks.
Click's own words ("Usage:", "Show this message and exit.") stay as Click
prints them.
"""

from __future__ import annotations

import inspect


def _params(callback):
    """The ArgumentInfo/OptionInfo defaults of a command's parameters."""
    if callback is None:
        return []
    return [p.default for p in inspect.signature(callback).parameters.values() if hasattr(p.default, "help")]


def _walk(app):
    """(object, attribute, text) for every help text of ``app``, its commands, parameters and sub-apps."""
    info = app.info
    text = info.help if isinstance(info.help, str) else None
    yield info, "help", text
    callback = app.registered_callback
    if callback is not None:
        if not text:  # Typer shows the callback's docstring only when the app has no help of its own
            yield callback, "help", callback.help or inspect.getdoc(callback.callback)
        for param in _params(callback.callback):
            yield param, "help", param.help
    for command in app.registered_commands:
        yield command, "help", command.help or inspect.getdoc(command.callback)
        for param in _params(command.callback):
            yield param, "help", param.help
    for group in app.registered_groups:
        yield from _walk(group.typer_instance)


def help_texts(app) -> list[str]:
    """Every help text of ``app``, in order, each once (the catalogue's messages for ``--help``)."""
    return list(dict.fromkeys(text for _, _, text in _walk(app) if isinstance(text, str) and text.strip()))


def localize(app) -> None:
    """Replace every help text of ``app`` by its translation in the chosen language (English: nothing to do)."""
    from ..base.language import DEFAULT, current, gettext

    if current() == DEFAULT:
        return
    for owner, attribute, text in list(_walk(app)):
        if isinstance(text, str) and text.strip():
            setattr(owner, attribute, gettext(text))
