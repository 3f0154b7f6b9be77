"""The command line: options → library call → render → exit code.

Thin on purpose: every command calls one library function and hands the
result to :mod:`tutor.interface.render`. SymPy and NumPy are imported inside the
commands that need them, so ``--help`` and ``list`` start as fast as Typer.
"""


import sys
from enum import IntEnum
from typing import Optional

import typer
from typer.core import TyperGroup

from ..base.language import N_, _, ngettext  # N_ marks constants for the message catalogue
TOPICS_HELP = ("Topics: rnn, lstm, gru, deriv, backprop, params (drill); basics, gradients, remedies, shapes, lengths, cells, "
               "pytorch, params, training, seq2seq (quiz). "
               "Problem ids: rnn-tutor list.")


class _Root(TyperGroup):
    """The root command: the language is chosen before Click reads the command line, and in a language
    other than English the help texts and Click's own words (usage errors too) follow it."""

    def main(self, args=None, *rest, **extra):
        from ..base.language import DEFAULT, LanguageError, choose

        try:
            lang = choose(_hoist_lang(list(sys.argv[1:] if args is None else args))[1])
        except LanguageError:  # reported in English by _start
            lang = choose(DEFAULT)
        if lang != DEFAULT:
            from .localization import localize

            localize(self)
        return super().main(args, *rest, **extra)


app = typer.Typer(
    name="rnn-tutor",
    cls=_Root,
    help="An offline tutor for the equations of RNN, LSTM and GRU cells.\n\n"
    + TOPICS_HELP + "\n\n"
    "Example: rnn-tutor check lstm.cell 'c_t = f_t ⊙ c_{t-1} + i_t ⊙ g_t'",
    add_completion=True,  # --install-completion / --show-completion (bash, zsh, fish, PowerShell)
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: Typer's Rich help pulls in markdown-it and doubles start-up
    suggest_commands=False,  # Click already suggests one command; Typer's would repeat it
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            typer.echo(f"rnn-tutor {version('rnn-tutor')}")
        except PackageNotFoundError:
            from .. import __version__

            typer.echo(f"rnn-tutor {__version__}")
        raise typer.Exit(0)


GREETING = N_("""rnn-tutor checks the RNN, LSTM and GRU equations you write, and says what is wrong.

Start with:
  rnn-tutor explain lstm    the cell, its gates and a worked example
  rnn-tutor drill lstm      write the equations yourself, with hints
  rnn-tutor quiz            concept questions: gradients, gates, shapes
""")


@app.callback(invoke_without_command=True)
def _start(
    ctx: typer.Context,
    lang: Optional[str] = typer.Option(None, "--lang", metavar="zh|en",
                                       help="Language of the tutor: zh (中文) or en; default: $RNN_TUTOR_LANG, then the locale."),
    show_version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                      help="Print the version and exit."),
) -> None:
    """With no command: a greeting for a first-time user, what is due for a returning one, then the help."""
    from ..base.language import LanguageError, choose

    try:
        choose(lang)
    except LanguageError as exc:
        _fail(str(exc))
    if ctx.invoked_subcommand is not None:
        return
    typer.echo(_due_summary() or _(GREETING))
    typer.echo(ctx.get_help())


def _due_summary() -> str:
    """What is due, for a learner who has progress; empty for a new one."""
    from ..store.progress import FILENAME, home

    if not (home() / FILENAME).exists():
        return ""
    from ..store.progress import Store
    from ..store.schedule import due_problems, now

    try:
        when = now()
        store = Store.open(create=False)
        if not store.cards():
            return ""
        due = due_problems(store, when)
        nxt = _next_due_text(store, when)
    except Exception:  # a damaged store is reported by the commands that use it; here, just greet
        return ""
    if not due:
        return _then(_("Nothing is due."), nxt) + "\n"
    shown = _(", ").join(due[:6]) + (_(", ") + "…" if len(due) > 6 else "")
    return _("{count} due now: {problems}\nReview them: rnn-tutor drill due\n").format(count=len(due), problems=shown)


class Exit(IntEnum):
    CORRECT = 0
    INCORRECT = 1
    INVALID = 2


def _console(stderr: bool = False):
    from .streams import console

    return console(stderr)


def _plain(ascii: bool) -> bool:
    """ASCII output when asked for, or when standard output cannot encode Unicode; it is in English,
    whatever the language chosen (Chinese has no ASCII spelling: it would print as question marks)."""
    from ..base import language
    from .streams import unicode_out

    plain = ascii or not unicode_out()
    if plain and language.current() != language.DEFAULT:
        language.choose(language.DEFAULT)
    return plain


def _then(first: str, second: str) -> str:
    """Two sentences: a space after an English one, none after a Chinese one (after 。)."""
    from ..base.language import wide

    return first + ("" if first and wide(first[-1]) else " ") + second


def _fail(message: str) -> None:
    typer.echo(_("error: {message}").format(message=message), err=True)
    raise typer.Exit(Exit.INVALID)


@app.command("list")
def list_problems(ascii: bool = typer.Option(False, "--ascii", help="Plain ASCII.")) -> None:
    """List the topics and problems with their ids and your progress (new, learning, due, done).

    Example: rnn-tutor list
    """
    ascii = _plain(ascii)  # before any content is read: ASCII output is in English
    from ..bank.problems import load
    from . import streams
    from .render import problem_lines

    states = {}
    from ..store.progress import FILENAME, home

    if (home() / FILENAME).exists():  # no store yet: everything is new, and nothing needs opening
        from ..store.progress import Store
        from ..store.schedule import now, status

        try:
            when = now()
        except ValueError as exc:  # a bad RNN_TUTOR_NOW
            _fail(str(exc))
        cards = Store.open(create=False).cards()
        states = {p.id: status(cards.get(p.id), when) for t in load().values() for p in t.problems}
    width = streams.width()
    colour = streams.colour()
    for line in problem_lines(load(), width, states):
        if ascii:
            from .layout import to_ascii

            line = to_ascii(line)
        if colour and line and not line.startswith(" "):
            line = typer.style(line, bold=True)
        if not streams.emit(line):
            return  # the reader has gone (list | head)


def _read_answer(answer: str) -> str:
    if answer == "-":
        try:
            return sys.stdin.buffer.read().decode("utf-8")
        except UnicodeDecodeError:
            _fail(_("standard input is not UTF-8 text"))
    return answer


def _batch(path: str, jobs: Optional[int], ascii: bool) -> None:
    from . import streams
    from .batch import default_jobs, run

    if jobs is not None and jobs < 1:
        _fail(_("--jobs must be at least 1"))
    if path == "-":
        stream = sys.stdin.buffer
    else:
        try:
            stream = open(path, "rb")
        except OSError as exc:
            from ..base.language import os_reason

            _fail(_("cannot read {path}: {reason}").format(path=path, reason=os_reason(exc)))
    run(stream, streams.emit, jobs or default_jobs(), ascii_only=ascii)


@app.command()
def check(
    problem: Optional[str] = typer.Argument(None, help="Problem id, e.g. lstm.forget (see `rnn-tutor list`)."),
    answer: Optional[str] = typer.Argument(None, help="The answer; '-' reads it from standard input."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object instead of a panel."),
    batch: Optional[str] = typer.Option(None, "--batch", metavar="FILE",
                                        help="Grade JSON lines {problem, answer, ...} from FILE ('-' for stdin)."),
    ascii: bool = typer.Option(False, "--ascii", help="Plain ASCII equations."),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", help="--batch: worker processes (default: the machine's cores)."),
) -> None:
    """Check one answer: exit 0 correct, 1 incorrect, 2 invalid.

    Problems: the ids of rnn-tutor list (rnn, lstm, gru, deriv, backprop topics), e.g. lstm.forget.

    Examples:

      rnn-tutor check lstm.cell 'c_t = f_t ⊙ c_{t-1} + i_t ⊙ g_t'

      printf 'r = σ(W_ir x + W_hr h + b_r)\\n...' | rnn-tutor check gru -

      rnn-tutor check --batch answers.jsonl > graded.jsonl
    """
    ascii = _plain(ascii)  # before any content is read: ASCII output is in English
    if batch is not None:
        if problem is not None or answer is not None:
            _fail(_("--batch takes its problems from the file; give no PROBLEM or ANSWER"))
        _batch(batch, jobs, ascii)
        raise typer.Exit(0)
    if problem is None or answer is None:
        _fail(_("give a PROBLEM id and an ANSWER (or '-' to read it from stdin); see `rnn-tutor check --help`"))
    import json

    from ..grading.checking import check as run_check
    from ..bank.problems import UnknownProblem, get
    from . import streams

    try:
        get(problem)
    except UnknownProblem as exc:
        if as_json:
            streams.emit(json.dumps({"problem": problem, "verdict": "invalid", "convention": None,
                                     "interpreted": None, "feedback": [str(exc)]}, ensure_ascii=ascii))
            raise typer.Exit(Exit.INVALID)
        _fail(str(exc))
    verdict = run_check(problem, _read_answer(answer))
    if as_json:
        streams.emit(json.dumps(verdict.to_json(), ensure_ascii=ascii))
    else:
        from .render import verdict_panel

        _console().print(verdict_panel(verdict, ascii=ascii))
    raise typer.Exit(verdict.exit_code)


@app.command()
def explain(
    topic: Optional[str] = typer.Argument(None, help="rnn, lstm or gru; or a page: pytorch, training, seq2seq."),
    seed: int = typer.Option(0, "--seed", help="Seed of the worked example's numbers."),
    steps: int = typer.Option(1, "--steps", help="Time steps to unroll (1-12)."),
    hidden: int = typer.Option(2, "--hidden", help="Hidden size H (1-8)."),
    inputs: int = typer.Option(3, "--input", help="Input size X (1-8)."),
    convention: Optional[str] = typer.Option(None, "--convention", help="GRU only: pytorch (default), d2l or wikipedia."),
    variant: Optional[str] = typer.Option(None, "--variant", help="LSTM only: peephole or cifg."),
    ascii: bool = typer.Option(False, "--ascii", help="Plain ASCII for terminals without Unicode."),
) -> None:
    """Explain a cell: intuition, gates, equations, parameter count and a worked example.

    Topics: rnn, lstm, gru.

    Example: rnn-tutor explain gru --steps 3 --convention d2l
    """
    ascii = _plain(ascii)  # before any content is read: ASCII output is in English
    from ..teaching.explanation import PAGES, TOPICS, ExplainError
    from ..teaching.explanation import example as make_example
    from ..teaching.explanation import explain as make_explanation

    if topic is None:
        typer.echo(_("Topics: {topics}; pages: {pages}  (e.g. rnn-tutor explain lstm)").format(
            topics=", ".join(TOPICS), pages=", ".join(PAGES)))
        raise typer.Exit(0)
    if topic in PAGES:
        from ..teaching.explanation import page
        from .lessons import page_view

        _console().print(page_view(page(topic), ascii=ascii))
        raise typer.Exit(0)
    try:
        expl = make_explanation(topic, hidden, inputs, convention, variant)
        ex = make_example(topic, hidden, inputs, steps, seed, convention, variant)
    except ExplainError as exc:
        _fail(str(exc))
    from .lessons import explain_view

    _console().print(explain_view(expl, ex, ascii=ascii))


def _terminal(ascii: bool):
    from .terminal import Terminal

    return Terminal(_console())


def _seed(seed: Optional[int]) -> int:
    """The seed given, or a fresh one that the intro prints so the order can be repeated."""
    if seed is not None:
        return seed
    import random

    return random.randrange(10000)


def _finish(io, summary, panel) -> None:
    """The summary on a line of its own; Ctrl-C exits 130 (after the same summary as Ctrl-D)."""
    io.show(panel)
    io.close()
    if summary.interrupted:
        raise typer.Exit(130)


@app.command()
def drill(
    topic: Optional[list[str]] = typer.Argument(
        None, metavar="TOPIC|ID...",
        help="rnn, lstm, gru, deriv, backprop, params, all, due (what is due; with --in-order most overdue first), or problem ids "
             "such as lstm.forget (see rnn-tutor list); several may be given; case does not matter."),
    whole: bool = typer.Option(False, "--whole", help="Write the whole cell at once (ended by an empty line)."),
    seed: Optional[int] = typer.Option(None, "--seed", help="Seed of the shuffled order (printed at the start; "
                                                           "give it again to repeat a session)."),
    in_order: bool = typer.Option(False, "--in-order", help="No shuffling: the order a person writes the cell in (due: most overdue first)."),
    ascii: bool = typer.Option(False, "--ascii", help="Plain ASCII."),
) -> None:
    """Practise: one prompt per item, checked at once, with hints, reveal and relearning.

    Topics: rnn, lstm, gru, deriv, backprop, params, all, due (what is due; --in-order: most overdue first),
    or problem ids such as lstm.forget (rnn-tutor list); case does not matter.

    Items come shuffled; one you failed or revealed comes back later in the
    session until you get it right (or :skip it). A whole cell takes lines
    until an empty line; a pasted block is one answer.

    At the prompt: ? or hint for a hint (chosen for your last mistake), :show
    to reveal (counts as failed), :skip, :quit or Ctrl-D (Ctrl-C too), help.
    Every answer is saved as it is checked.

    Examples:

      rnn-tutor drill lstm

      rnn-tutor drill gru.candidate lstm.cell --seed 7
    """
    ascii = _plain(ascii)  # before any content is read: ASCII output is in English
    from datetime import datetime

    from ..teaching.drill import Drill, DrillError, items_for, shuffled
    from ..store.progress import Store
    from .render import View, drill_summary
    from ..store.schedule import humanize, now

    if not topic:
        _fail(_("give a topic or problem ids: rnn, lstm, gru, deriv, backprop, params, all, due, "
                "or e.g. lstm.forget (rnn-tutor list)"))
    try:
        when = now()
    except ValueError as exc:
        _fail(str(exc))
    store = Store.open()
    try:
        items = items_for(topic, store, whole)
    except DrillError as exc:
        _fail(str(exc))
    io = _terminal(ascii)
    store.on_unsaved = lambda reason: io.show(_("this answer was not saved: {reason}").format(reason=reason))
    if not items:
        io.show(_then(_("Nothing is due now."), _next_due_text(store, when)))
        raise typer.Exit(0)
    order = None if in_order else _seed(seed)
    if order is not None:
        items = shuffled(items, order)
    summary = Drill(items, store, io, whole, seed=order, view=View(ascii)).run()
    upcoming = []
    for row in sorted(store.cards().values(), key=lambda r: r.due)[:6]:
        upcoming.append((row.problem, humanize((datetime.fromisoformat(row.due) - when).total_seconds())))
    store.close()
    _finish(io, summary, drill_summary(summary, upcoming, ascii=ascii))


@app.command()
def quiz(
    topic: Optional[str] = typer.Argument(None, help="basics, gradients, remedies, shapes, lengths, cells, pytorch, params, training, seq2seq, or all (default)."),
    seed: Optional[int] = typer.Option(None, "--seed", help="Seed for the order, the options and drawn sizes "
                                                           "(printed at the start; give it again to repeat a quiz)."),
    count: Optional[int] = typer.Option(None, "--count", "-n", help="How many questions (default: all of the topic)."),
    ascii: bool = typer.Option(False, "--ascii", help="Plain ASCII."),
) -> None:
    """Quiz the concepts: single and multiple choice, matching, ordering, short answers.

    Topics: basics, gradients, remedies, shapes, lengths, cells, pytorch, params, training, seq2seq, all.
    Answers are letters (a, a c, b a c) or, for short answers, a number or an expression.
    :show reveals, :skip, :quit (or Ctrl-D). Every answer is saved and scheduled for review;
    a missed question comes back later in the quiz.

    Example: rnn-tutor quiz gradients --seed 3
    """
    ascii = _plain(ascii)  # before any content is read: ASCII output is in English
    from ..teaching.drill import Drill
    from ..store.progress import Store
    from ..teaching.quiz import QuizError, pick
    from .render import View, drill_summary

    seed = _seed(seed)  # sizes of templated questions are drawn afresh for every attempt
    try:
        items = pick(topic.lower() if topic else topic, count, seed)
    except QuizError as exc:
        _fail(str(exc))
    if count is not None and count < 1:
        _fail(_("--count must be at least 1"))
    store = Store.open()
    io = _terminal(ascii)
    store.on_unsaved = lambda reason: io.show(_("this answer was not saved: {reason}").format(reason=reason))
    summary = Drill(items, store, io, seed=seed, view=View(ascii)).run()
    store.close()
    _finish(io, summary, drill_summary(summary, [], title=N_("Quiz summary"), ascii=ascii))


@app.command()
def interview(
    cell: str = typer.Argument(..., help="lstm, gru or rnn."),
    seed: Optional[int] = typer.Option(None, "--seed", help="Seed of the follow-up questions' options."),
    ascii: bool = typer.Option(False, "--ascii", help="Plain ASCII."),
) -> None:
    """Mock interview: write the whole cell from memory (no hints, timed), then answer the follow-up questions.

    Every line is graded at the end with the diagnosis of its mistake; the
    cell and each follow-up are recorded like any item (stats, drill due).
    Cells: lstm, gru, rnn.

    Example: rnn-tutor interview lstm
    """
    ascii = _plain(ascii)  # before any content is read: ASCII output is in English
    from ..store.progress import Store
    from ..teaching.interview import Interview, InterviewError, script
    from .render import View, interview_summary

    try:
        script(cell)
    except InterviewError as exc:
        _fail(str(exc))
    store = Store.open()
    io = _terminal(ascii)
    outcome = Interview(cell, store, io, _seed(seed), view=View(ascii)).run()
    store.close()
    _finish(io, outcome, interview_summary(outcome, ascii=ascii))


demo_app = typer.Typer(help="Numeric demonstrations: vanishing gradients, gradient clipping.", no_args_is_help=True,
                       rich_markup_mode=None)
app.add_typer(demo_app, name="demo")


@demo_app.command("vanishing")
def demo_vanishing(
    scale: float = typer.Option(0.8, "--scale", help="The RNN's W_hh is scale × an orthogonal matrix: < 1 vanishes, > 1 explodes."),
    length: int = typer.Option(30, "--length", help="Sequence length T (2-200)."),
    hidden: int = typer.Option(8, "--hidden", help="Hidden size (1-64)."),
    inputs: int = typer.Option(4, "--input", help="Input size (1-64)."),
    seed: int = typer.Option(0, "--seed", help="Seed of the random weights and inputs."),
    forget_bias: float = typer.Option(3.0, "--forget-bias", help="The LSTM's forget-gate bias (+3: gates near 0.95)."),
    save: Optional[str] = typer.Option(None, "--save", metavar="FILE.png", help="Also write the plot as an image (needs matplotlib)."),
    ascii: bool = typer.Option(False, "--ascii", help="Plain ASCII."),
) -> None:
    """Plot ‖∂h_T/∂h_t‖ (RNN) and ‖∂c_T/∂c_t‖ (LSTM cell path) on a log scale, t from T back to 0.

    Example: rnn-tutor demo vanishing --scale 1.5
    """
    ascii = _plain(ascii)  # before any content is read: ASCII output is in English
    from ..numeric.gradients import curves, reading
    from .charts import vanishing_view

    try:
        c = curves(hidden, inputs, length, scale, seed, forget_bias)
    except ValueError as exc:
        _fail(str(exc))
    if save:
        from .charts import PlotError, save_vanishing_png

        try:
            save_vanishing_png(c, save)
        except PlotError as exc:
            _fail(str(exc))
    _console().print(vanishing_view(c, reading(c), ascii=ascii))
    if save:
        typer.echo(_("plot written to {path}").format(path=save))


@demo_app.command("clipping")
def demo_clipping(
    theta: float = typer.Option(1.0, "--theta", help="Threshold for clipping by norm."),
    value: float = typer.Option(0.5, "--value", help="Threshold for clipping by value."),
    size: int = typer.Option(6, "--size", help="Number of gradient components (1-20)."),
    seed: int = typer.Option(0, "--seed", help="Seed of the gradient."),
    ascii: bool = typer.Option(False, "--ascii", help="Plain ASCII."),
) -> None:
    """A gradient before and after clipping by norm and by value, with the formula and the numbers.

    Example: rnn-tutor demo clipping --theta 2
    """
    ascii = _plain(ascii)  # before any content is read: ASCII output is in English
    from ..numeric.gradients import clipping_example
    from ..bank.problems import get_from
    from .charts import clipping_view
    from ..notation.typeset import show

    try:
        ex = clipping_example(size, theta, value, seed)
    except ValueError as exc:
        _fail(str(exc))
    problem = get_from("deriv", "clip.norm")
    formula = show(problem.reference, problem.scope, ascii=ascii)
    _console().print(clipping_view(ex, formula, ascii=ascii))


def _next_due_text(store, when) -> str:
    from datetime import datetime

    from ..store.schedule import humanize

    rows = sorted(store.cards().values(), key=lambda r: r.due)
    if not rows:
        return _("Start with: rnn-tutor drill lstm")
    first = rows[0]
    return _("Next: {problem} {when}.").format(
        problem=first.problem, when=humanize((datetime.fromisoformat(first.due) - when).total_seconds()))


@app.command()
def stats(
    as_json: bool = typer.Option(False, "--json", help="Print the figures as JSON (accuracy is null without attempts)."),
    every: bool = typer.Option(False, "--all", help="Also a table of every problem of every topic."),
    where: bool = typer.Option(False, "--where", help="Print where the progress store (and the input history) is kept."),
    ascii: bool = typer.Option(False, "--ascii", help="Plain ASCII."),
) -> None:
    """What you have done: a one-line summary and a table per topic (drill topics and quiz topics); --all per problem.

    Example: rnn-tutor stats --all
    """
    ascii = _plain(ascii)  # before any content is read: ASCII output is in English
    import json

    from ..store.progress import FILENAME, Store, home
    from ..teaching.report import report
    from ..store.schedule import now

    path = home() / FILENAME
    if where:
        typer.echo(str(path))
        typer.echo(str(home() / "history"))
        return
    try:
        when = now()
    except ValueError as exc:
        _fail(str(exc))
    data = report(Store.open(create=False), when)
    if as_json:
        from .streams import emit

        emit(json.dumps({**data, "store": str(path)}, ensure_ascii=ascii, indent=1))
        return
    from .charts import stats_view

    _console().print(stats_view(data, every, str(path) if path.exists() else "", ascii=ascii))


@app.command()
def reset(
    topic: Optional[str] = typer.Argument(None, help="rnn, lstm, gru, deriv, backprop, quiz or interview; all progress when omitted."),
    yes: bool = typer.Option(False, "--yes", "-y", help="Do not ask for confirmation."),
    ascii: bool = typer.Option(False, "--ascii", help="Plain ASCII (the messages of reset are ASCII anyway)."),
) -> None:
    """Forget progress (attempts and review cards), for one topic or all.

    Topics: rnn, lstm, gru, deriv, backprop, quiz, interview (the follow-up questions);
    all progress when none is given.

    Example: rnn-tutor reset lstm --yes
    """
    ascii = _plain(ascii)  # before any content is read: ASCII output is in English
    from ..bank.problems import load
    from ..store.progress import Store, StoreError, home, FILENAME, move_aside

    topics = load()
    if topic is not None:
        topic = topic.lower()
    if topic is not None and topic not in topics and topic not in ("quiz", "interview"):
        _fail(_("unknown topic {topic}; choose one of: {topics}, quiz, interview").format(
            topic=repr(topic), topics=", ".join(topics)))
    what = _("your {topic} progress").format(topic=topic) if topic else _("all your progress")
    if not yes:
        try:
            ok = typer.confirm(_("Forget {what}?").format(what=what), default=False)
        except (typer.Abort, EOFError, KeyboardInterrupt):
            ok = False
        if not ok:
            typer.echo(_("Nothing was changed."))
            raise typer.Exit(1)
    try:
        store = Store.open()
    except StoreError as exc:
        if topic is not None:
            _fail(_("{error} (`rnn-tutor reset` with no topic moves it aside)").format(error=exc))
        aside = move_aside(home() / FILENAME, "old")
        if aside is None:
            _fail(_("the progress store {path} could not be moved aside; nothing was changed").format(
                path=home() / FILENAME))
        typer.echo(_("The old store was moved to {path}; a new one starts with your next answer.").format(path=aside))
        return
    if topic == "interview":
        from ..teaching.interview import followups

        problems = [q.card for q in followups()]
    elif topic == "quiz":
        from ..teaching.quiz import questions

        problems = [q.card for q in questions()]
    else:
        problems = None if topic is None else [p.id for p in topics[topic].problems]
    removed = store.reset(problems)
    typer.echo(ngettext("Forgot {what} ({count} attempt).", "Forgot {what} ({count} attempts).", removed)
               .format(what=what, count=removed))


@app.command()
def glossary(
    word: Optional[str] = typer.Argument(None, help="A word in English or Chinese (part of a term is enough)."),
    ascii: bool = typer.Option(False, "--ascii", help="Plain ASCII: the English terms and definitions only."),
) -> None:
    """Bilingual terms, English ↔ 中文, each with a one-line definition; all of them without WORD.

    Examples: rnn-tutor glossary forget    rnn-tutor glossary 遗忘
    """
    ascii = _plain(ascii)  # before any content is read: ASCII output is in English
    import shutil

    from ..base.language import current
    from ..teaching.glossary import search
    from .render import glossary_lines

    found = search(word)
    if not found:
        typer.echo(_("No term matches {word!r}; rnn-tutor glossary lists them all.").format(word=word))
        raise typer.Exit(1)
    width = shutil.get_terminal_size((80, 24)).columns
    for line in glossary_lines(found, current(), width, ascii=ascii):
        typer.echo(line)


def _hoist_lang(args: list[str]) -> tuple[list[str], Optional[str]]:
    """``--lang X`` (or ``--lang=X``) anywhere before ``--`` moved to the front, where the global option lives."""
    out, lang, i = [], None, 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            out.extend(args[i:])
            break
        if arg == "--lang" and i + 1 < len(args):
            lang, i = args[i + 1], i + 2
            continue
        if arg.startswith("--lang="):
            lang, i = arg.split("=", 1)[1], i + 1
            continue
        out.append(arg)
        i += 1
    return (["--lang", lang] + out if lang is not None else out), lang


def main() -> None:
    """Console-script entry point: streams made safe first, then the language chosen (``--help`` too is
    translated); Ctrl-C ends quietly with exit 130."""
    from . import streams
    from ..base.language import LanguageError, choose

    streams.prepare()
    args, lang = _hoist_lang(sys.argv[1:])
    try:
        choose(lang)
    except LanguageError as exc:
        sys.stderr.write(f"error: {exc}\n")
        sys.exit(Exit.INVALID)
    try:
        app(args=args)  # the root command translates --help and Click's words (_Root.main)
    except KeyboardInterrupt:
        sys.stderr.write(_("interrupted") + "\n")
        sys.exit(130)
    except BrokenPipeError:  # rnn-tutor list | head: the reader left, nothing to report
        streams.silence_stdout()
        sys.exit(0)
    except Exception as exc:
        from ..store.progress import StoreError

        if not isinstance(exc, StoreError):
            raise
        sys.stderr.write(_("error: {message}").format(message=exc) + "\n")  # the one message for a store that must not be touched
        sys.exit(Exit.INVALID)


if __name__ == "__main__":
    main()
