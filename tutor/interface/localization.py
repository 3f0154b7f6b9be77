"""``--help`` and Click's own words in the chosen language, looked up in the message catalogue.

The commands keep their English docstrings and ``help=`` strings, which are
the message ids. Each run, before Click parses the command line, the CLI's
root command calls :func:`localize` on the Click commands Typer built for
this run (nothing at all in English): it replaces each help text by its
translation, and points the ``_`` and ``ngettext`` that Click and Typer
bound from the stdlib's :mod:`gettext` at import at the tutor's
(:func:`translate_click`), so that "Usage:", "Options", "Show this message
and exit." and the usage errors ("No such command …", "Missing argument …")
follow the tutor's language without touching the process's locale; Chinese
help is wrapped by terminal columns (:func:`wrap_text`) and its headings end
with the full-width colon (:func:`_context_class`). The walk
of the Typer app is shared with the catalogue's extraction
(:func:`help_texts`), so every help text that ``--help`` can show is a
message the catalogue test checks; Click's and Typer's own messages are
marked in :func:`_click_messages`. Metavars (``[OPTIONS]``, ``INTEGER``,
``FILE``) and Click's type names stay as Click prints them: they are code.
"""

from __future__ import annotations

import inspect
import re

from ..base.language import N_, ngettext


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


CLICK_PACKAGES = ("click", "typer")


def translate_click() -> None:
    """Point Click's and Typer's message functions at the tutor's, in every module of theirs loaded so far.

    Only a module whose ``_`` (``ngettext``) is the stdlib's ``gettext.gettext``
    (``gettext.ngettext``), as Click 8 binds it at import, is changed: a Click
    that translates some other way is left alone. The tutor's functions give
    the English text back unchanged while English is chosen.
    """
    import gettext as stdlib
    import sys

    from ..base import language

    for name, module in list(sys.modules.items()):
        if module is None or name.partition(".")[0] not in CLICK_PACKAGES:
            continue
        if getattr(module, "_", None) is stdlib.gettext:
            module._ = language.gettext
        if getattr(module, "ngettext", None) is stdlib.ngettext:
            module.ngettext = language.ngettext


def wrap_text(text: str, width: int = 78, initial_indent: str = "", subsequent_indent: str = "",
              preserve_paragraphs: bool = False) -> str:
    """Click's ``wrap_text`` for help texts with Chinese in them: lines joined and broken by terminal
    columns (:func:`~tutor.interface.columns.wrap_columns`), never inside a Latin word; paragraphs,
    their indents and ``\\b`` blocks as Click keeps them. Other text goes to Click's own."""
    from ..base.language import has_wide
    from .columns import columns, wrap_columns

    if not has_wide(text):
        return _click_wrap_text(text, width, initial_indent, subsequent_indent, preserve_paragraphs)
    paragraphs: list[tuple[int, bool, list[str]]] = []  # (indent, raw, lines)
    if not preserve_paragraphs:
        paragraphs.append((0, False, [text.expandtabs()]))
    else:
        for block in re.split(r"\n\s*\n", text.expandtabs().strip("\n")):
            lines = block.split("\n")
            indent = len(lines[0]) - len(lines[0].lstrip())
            if lines[0].strip() == "\b":
                paragraphs.append((indent, True, lines[1:]))
            else:
                paragraphs.append((indent, False, [line.strip() for line in lines]))
    out = []
    for indent, raw, lines in paragraphs:
        first, rest = initial_indent + " " * indent, subsequent_indent + " " * indent
        if not raw:
            room = max(1, width - max(columns(first), columns(rest)))
            lines = wrap_columns(_joined(lines), room)
        out.append("\n".join((first if i == 0 else rest) + line for i, line in enumerate(lines)))
    return "\n\n".join(out)


def _joined(lines: list[str]) -> str:
    """The lines of a paragraph as one: nothing between two Chinese characters or next to Chinese
    punctuation, a space elsewhere (a Latin word or code meeting a Chinese character keeps its space)."""
    from ..base.language import wide

    out = ""
    for line in (line.strip() for line in lines):
        if not line:
            continue
        a, b = (out[-1], line[0]) if out else ("", "")
        if out and not ((wide(a) and wide(b)) or a in _WIDE_PUNCTUATION or b in _WIDE_PUNCTUATION):
            out += " "
        out += line
    return out


_WIDE_PUNCTUATION = "，。、；：！？（）《》「」『』“”‘’"
_click_wrap_text = None
_contexts: dict = {}


def _context_class(base):
    """``base`` (a Click context class) whose help formatter ends a translated heading ("选项") and the
    usage prefix ("用法") with the full-width colon, as Chinese prose does, instead of Click's ``:``."""
    if base not in _contexts:
        import click.formatting

        from ..base.language import wide

        class Formatter(base.formatter_class):
            def write_usage(self, prog, args="", prefix=None):
                if prefix is None:
                    usage = click.formatting._("Usage:")
                    prefix = usage if usage and wide(usage[-1]) else usage + " "
                super().write_usage(prog, args, prefix)

            def write_heading(self, heading):
                if heading and wide(heading[-1]):
                    self.write(f"{'':>{self.current_indent}}{heading}：\n")
                else:
                    super().write_heading(heading)

        _contexts[base] = type(base.__name__, (base,), {"formatter_class": Formatter})
    return _contexts[base]


def localize(command) -> None:
    """Translate the help texts of a Click command Typer built (its parameters and subcommands too),
    and Click's own words; call only when a language other than English is chosen."""
    global _click_wrap_text
    import click.formatting

    from ..base.language import gettext

    translate_click()
    if click.formatting.wrap_text is not wrap_text:  # Chinese help wraps by columns, between characters
        _click_wrap_text = click.formatting.wrap_text
        click.formatting.wrap_text = wrap_text
    todo = [command]
    while todo:
        cmd = todo.pop()
        cmd.context_class = _context_class(cmd.context_class)
        for owner in (cmd, *cmd.params):
            for attribute in ("help", "short_help", "epilog"):
                text = getattr(owner, attribute, None)
                if isinstance(text, str) and text.strip():
                    setattr(owner, attribute, gettext(text))
        todo.extend(getattr(cmd, "commands", {}).values())


def _click_messages(n: int = 1) -> None:  # pragma: no cover - never called: marks the messages for the catalogue
    """Click's and Typer's own messages (the modules :func:`translate_click` changes), for the catalogue.

    Their ids are the English of the installed Click and Typer; ``tests/test_catalogue.py`` checks that
    every message those modules mark is here, so a newer Click's new message is noticed.
    """
    # click.formatting, click.core, typer.core: --help
    N_("Usage:")
    N_("Options")
    N_("Arguments")
    N_("Positional arguments")
    N_("Commands")
    N_("Show this message and exit.")
    N_("Show the version and exit.")
    N_("%(prog)s, version %(version)s")
    N_("default: {default}")
    N_("required")
    N_("env var: {var}")
    N_("(dynamic)")
    N_("deprecated")
    N_("DeprecationWarning: The command {name!r} is deprecated.{extra_message}")
    N_("DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}")
    # typer.completion: the help of --install-completion and --show-completion
    N_("Install completion for the current shell.")
    N_("Show completion for the current shell, to copy it or customize the installation.")
    N_("Install completion for the specified shell.")
    N_("Show completion for the specified shell, to copy it or customize the installation.")
    # click.exceptions: usage errors
    N_("Error: {message}")
    N_("Try '{command} {option}' for help.")
    ngettext("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)", n)
    N_("Invalid value: {message}")
    N_("Invalid value for {param_hint}: {message}")
    N_("Missing argument")
    N_("Missing option")
    N_("Missing parameter")
    N_("Missing {param_type}")
    N_("Missing parameter: {param_name}")
    N_("No such option {name!r}.")
    N_("No such command {name!r}.")
    N_("Missing command.")
    N_("unknown error")
    N_("Could not open file {filename!r}: {message}")
    N_("Aborted!")
    # click.parser, click.core: arguments and values
    N_("Invalid start character for option ({option})")
    N_("Argument {name!r} takes {nargs} values.")
    N_("Option {name!r} does not take a value.")
    ngettext("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments.", n)
    ngettext("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})", n)
    N_("Value must be an iterable.")
    ngettext("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given.", n)
    # click.types: values of a type
    N_("Choose from:\n\t{choices}")
    ngettext("{value!r} is not {choice}.", "{value!r} is not one of {choices}.", n)
    N_("Choice({choices})")
    ngettext("{value!r} does not match the format {format}.", "{value!r} does not match the formats {formats}.", n)
    N_("{value!r} is not a valid {number_type}.")
    N_("{value} is not in the range {range}.")
    N_("{value!r} is not a valid boolean. Recognized values: {states}")
    N_("{value!r} is not a valid UUID.")
    N_("file")
    N_("directory")
    N_("path")
    N_("{name} {filename!r} does not exist.")
    N_("{name} {filename!r} is a file.")
    N_("{name} {filename!r} is a directory.")
    N_("{name} {filename!r} is not readable.")
    N_("{name} {filename!r} is not writable.")
    N_("{name} {filename!r} is not executable.")
    ngettext("{len_type} values are required, but {len_value} was given.",
             "{len_type} values are required, but {len_value} were given.", n)
    # click.termui, click.decorators: prompts
    N_("Repeat for confirmation")
    N_("Error: The two entered values do not match.")
    N_("Error: invalid input")
    N_("Press any key to continue...")
    N_("Do you want to continue?")
    N_("Confirm the action without prompting.")
    N_("Unknown color {colour!r}")
    # click.utils, click.shell_completion
    N_("Unknown standard stream '{name}'")
    N_("Shell completion is not supported for Bash versions older than 4.4.")
    N_("Couldn't detect Bash version, shell completion is not supported.")
    # click.core: mistakes in a program's own declarations
    N_("Name '{name}' defined twice")
    N_("Boolean option {decl!r} cannot use the same flag for true/false.")
    N_("Could not determine name for option with declarations {decls!r}")
    N_("No options defined but a name was passed ({name}). Did you mean to declare an argument instead? "
       "Did you mean to pass '--{name}'?")
    N_("Arguments take exactly one parameter declaration, got {length}: {decls}.")
